//! Login lockout: repeated failures for one login lock it for a while. The
//! counts live in the database so the lock holds across instances; this is
//! only the rule.
//!
//! An attempt is counted as a failure *before* its secret is checked, in the
//! same write as the look at the lock ([`attempt`]): attempts checked at the
//! same time then count each other, and those beyond the limit are refused
//! without being checked. A right one gives its failure back (a login's count
//! is cleared; a count it shares with others is [`Failures::after_right`]).

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

/// One attempt counted as a failure before it is checked: the record as it
/// found it and as it left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub before: Failures,
    pub after: Failures,
}

impl Counted {
    /// Whether counting it locked the count (a wrong one is told to wait).
    pub fn is_locked(&self, now: i64) -> bool {
        self.after.is_locked(now)
    }
}

/// What becomes of one attempt counted under `N` counts at once (a login's;
/// a kiosk sign-in's tablet and code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt<const N: usize> {
    /// The `index`th count (in the order given) is locked until `until`: the
    /// attempt is refused, neither checked nor counted under any.
    Refused { index: usize, until: i64 },
    /// Counted as a failure under each, in that order; now it may be checked.
    Counted([Counted; N]),
}

/// The rule for one attempt at `now`, given each count's record as found and
/// its limit: refused while any is locked (the first locked, in the order
/// given), else counted as a failure under each.
pub fn attempt<const N: usize>(records: [(Failures, &Limit); N], now: i64) -> Attempt<N> {
    if let Some((index, (f, _))) = records.iter().enumerate().find(|(_, (f, _))| f.is_locked(now)) {
        return Attempt::Refused { index, until: f.locked_until };
    }
    Attempt::Counted(records.map(|(f, limit)| Counted { before: f, after: f.after_failure(now, limit) }))
}

impl Failures {
    /// The record (as it is now) once an attempt `counted` under `limit`
    /// proved right: its failure is taken back, the others' stand. A lock it
    /// brought on is lifted, and so is one brought on while it was being
    /// checked that does not stand without it (the count is below the limit
    /// again). When counting has started again since, the attempt is no
    /// longer counted and nothing changes.
    pub fn after_right(self, counted: &Counted, limit: &Limit) -> Failures {
        let Counted { before, after } = *counted;
        if self.count == 0 || self.first_at != after.first_at {
            return self;
        }
        let count = self.count - 1;
        let locked_since = self.locked_until != before.locked_until;
        let lifted = locked_since && (self.locked_until == after.locked_until || count < limit.max_failures);
        let locked_until = if lifted { before.locked_until } else { self.locked_until };
        Failures { count, first_at: self.first_at, locked_until }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` attempts one after another, none of them answered yet.
    fn burst(mut f: Failures, n: usize, now: i64, limit: &Limit) -> (Failures, Vec<Attempt<1>>) {
        let mut seen = Vec::new();
        for _ in 0..n {
            let a = attempt([(f, limit)], now);
            if let Attempt::Counted([c]) = a {
                f = c.after;
            }
            seen.push(a);
        }
        (f, seen)
    }

    #[test]
    fn a_burst_is_counted_up_to_the_limit_and_the_rest_refused_unchecked() {
        let now = 1_000_000;
        let (f, seen) = burst(Failures::default(), 30, now, &LOGIN);
        let counted = seen.iter().filter(|a| matches!(a, Attempt::Counted(_))).count();
        assert_eq!(counted as i64, MAX_FAILURES);
        assert_eq!(f.count, MAX_FAILURES);
        assert!(f.is_locked(now));
        assert!(
            seen[MAX_FAILURES as usize..].iter().all(|a| *a == Attempt::Refused { index: 0, until: now + LOCK_MS })
        );
        // The last one counted is the one that locked (a wrong one is told to wait).
        let Attempt::Counted([last]) = seen[MAX_FAILURES as usize - 1] else { panic!("counted") };
        assert!(last.is_locked(now));
    }

    #[test]
    fn an_attempt_under_several_counts_is_refused_by_any_lock_and_counted_under_all() {
        let loose = Limit { max_failures: 20, window_ms: WINDOW_MS, lock_ms: 60_000 };
        let now = 5_000;
        let free = Failures::default();
        let locked = Failures { count: 20, first_at: 0, locked_until: now + 10 };
        assert_eq!(attempt([(locked, &loose), (locked, &LOGIN)], now), Attempt::Refused { index: 0, until: now + 10 });
        assert_eq!(attempt([(free, &loose), (locked, &LOGIN)], now), Attempt::Refused { index: 1, until: now + 10 });
        let Attempt::Counted([a, b]) = attempt([(free, &loose), (free, &LOGIN)], now) else { panic!("counted") };
        assert_eq!((a.before, a.after.count, b.after.count), (free, 1, 1));
        // Each by its own limit.
        let four = Failures { count: MAX_FAILURES - 1, first_at: now, locked_until: 0 };
        let Attempt::Counted([a, b]) = attempt([(four, &loose), (four, &LOGIN)], now) else { panic!("counted") };
        assert!(!a.is_locked(now) && b.is_locked(now));
    }

    #[test]
    fn a_right_attempt_takes_back_its_failure_and_any_lock_that_needed_it() {
        let limit = Limit { max_failures: 3, window_ms: 10_000, lock_ms: 1_000 };
        let two = Failures::default().after_failure(0, &limit).after_failure(1, &limit);
        // The attempt that reached the limit proves right: as if never counted.
        let Attempt::Counted([c]) = attempt([(two, &limit)], 2) else { panic!("counted") };
        assert!(c.is_locked(2));
        assert_eq!(c.after.after_right(&c, &limit), Failures { count: 2, ..two });
        // Counted first, then a wrong one reached the limit: without the right
        // one it would not have, so that lock goes too; the failure stays.
        let one = Failures::default().after_failure(0, &limit);
        let Attempt::Counted([right]) = attempt([(one, &limit)], 1) else { panic!("counted") };
        let Attempt::Counted([wrong]) = attempt([(right.after, &limit)], 2) else { panic!("counted") };
        assert!(wrong.after.is_locked(2));
        let back = wrong.after.after_right(&right, &limit);
        assert_eq!(back.count, 2);
        assert!(!back.is_locked(3));
        // A lock that stands without it stays.
        let full = Failures { count: 5, first_at: 0, locked_until: 900 };
        let pending = Counted { before: Failures { count: 4, first_at: 0, locked_until: 0 }, after: full };
        let other_lock = Failures { count: 5, first_at: 0, locked_until: 950 };
        assert_eq!(other_lock.after_right(&pending, &limit).locked_until, 950);
    }

    #[test]
    fn a_right_attempt_after_a_lock_ran_out_does_not_lock_again() {
        // A tablet's lock ran out, its window did not: one more failure would
        // lock it again; a right sign-in must not.
        let limit = Limit { max_failures: 3, window_ms: 10_000, lock_ms: 1_000 };
        let spent = Failures { count: 3, first_at: 0, locked_until: 1_000 };
        let Attempt::Counted([c]) = attempt([(spent, &limit)], 2_000) else { panic!("counted") };
        assert!(c.is_locked(2_000));
        let back = c.after.after_right(&c, &limit);
        assert_eq!(back, spent);
        assert!(!back.is_locked(2_000));
    }

    #[test]
    fn a_right_attempt_counted_in_a_window_since_gone_changes_nothing() {
        let limit = Limit { max_failures: 3, window_ms: 1_000, lock_ms: 500 };
        let Attempt::Counted([c]) = attempt([(Failures::default(), &limit)], 0) else { panic!("counted") };
        // Another window started since (or the count was cleared).
        let now = Failures::default().after_failure(5_000, &limit);
        assert_eq!(now.after_right(&c, &limit), now);
        assert_eq!(Failures::default().after_right(&c, &limit), Failures::default());
    }

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
