//! Login lockout: repeated failures for one login lock it for a while. The
//! counts live in the database so the lock holds across instances; this is
//! only the rule.

/// Failures allowed within the window before the login is locked.
pub const MAX_FAILURES: i64 = 5;
/// The window in which failures are counted, and how long a lock lasts.
pub const WINDOW_MS: i64 = 15 * 60 * 1000;
pub const LOCK_MS: i64 = 15 * 60 * 1000;

/// How many failures, counted over how long, lock what they are counted
/// under, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max_failures: i64,
    pub window_ms: i64,
    pub lock_ms: i64,
}

/// A login's (and a kiosk member code's) limit.
pub const LOGIN: Limit = Limit { max_failures: MAX_FAILURES, window_ms: WINDOW_MS, lock_ms: LOCK_MS };

/// The failure record for one login as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Failures {
    pub count: i64,
    pub first_at: i64,
    pub locked_until: i64,
}

impl Failures {
    pub fn is_locked(&self, now: i64) -> bool {
        self.locked_until > now
    }

    /// The record after one more failure at `now`, under `limit`.
    pub fn after_failure(self, now: i64, limit: &Limit) -> Failures {
        let (count, first_at) = if now - self.first_at > limit.window_ms || self.count == 0 {
            (1, now)
        } else {
            (self.count + 1, self.first_at)
        };
        let locked_until = if count >= limit.max_failures { now + limit.lock_ms } else { self.locked_until };
        Failures { count, first_at, locked_until }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_max_failures_and_unlocks_later() {
        let mut f = Failures::default();
        let t0 = 1_000_000;
        for i in 0..MAX_FAILURES {
            assert!(!f.is_locked(t0 + i));
            f = f.after_failure(t0 + i, &LOGIN);
        }
        assert!(f.is_locked(t0 + MAX_FAILURES));
        assert!(!f.is_locked(t0 + MAX_FAILURES + LOCK_MS + 1));
    }

    #[test]
    fn a_limit_of_its_own_counts_and_locks_by_its_own_numbers() {
        let limit = Limit { max_failures: 3, window_ms: 1_000, lock_ms: 500 };
        let f = Failures::default().after_failure(0, &limit).after_failure(10, &limit);
        assert!(!f.is_locked(10));
        let f = f.after_failure(20, &limit);
        assert!(f.is_locked(20) && f.is_locked(519));
        assert!(!f.is_locked(520));
        // Outside its window, counting starts again.
        let f = Failures::default().after_failure(0, &limit).after_failure(1_001, &limit);
        assert_eq!(f.count, 1);
    }

    #[test]
    fn old_failures_are_forgotten() {
        let f = Failures::default().after_failure(0, &LOGIN).after_failure(1, &LOGIN);
        let later = f.after_failure(WINDOW_MS + 10, &LOGIN);
        assert_eq!(later.count, 1);
    }
}
