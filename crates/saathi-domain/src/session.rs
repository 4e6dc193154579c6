//! How long a sign-in lasts. Staff see many members' records, so their
//! sessions end after a short idle time; members and families stay signed in
//! on their own phones for longer.

use crate::Role;

pub const STAFF_IDLE_MS: i64 = 30 * 60 * 1000;
pub const OTHER_IDLE_MS: i64 = 14 * 24 * 60 * 60 * 1000;
/// No session lives longer than this, however active.
pub const MAX_AGE_MS: i64 = 30 * 24 * 60 * 60 * 1000;
/// `last_seen` is written at most this often, so reads stay reads.
pub const TOUCH_EVERY_MS: i64 = 60 * 1000;

pub fn idle_limit_ms(role: Role, staff_idle_ms: i64) -> i64 {
    if role.is_staff() { staff_idle_ms } else { OTHER_IDLE_MS }
}

/// Whether a session is still alive at `now`.
pub fn is_alive(role: Role, created_at: i64, last_seen_at: i64, now: i64, staff_idle_ms: i64) -> bool {
    now - last_seen_at <= idle_limit_ms(role, staff_idle_ms) && now - created_at <= MAX_AGE_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_expire_after_idle() {
        assert!(is_alive(Role::Counselor, 0, 0, STAFF_IDLE_MS, STAFF_IDLE_MS));
        assert!(!is_alive(Role::Counselor, 0, 0, STAFF_IDLE_MS + 1, STAFF_IDLE_MS));
        assert!(is_alive(Role::Member, 0, 0, STAFF_IDLE_MS + 1, STAFF_IDLE_MS));
        assert!(!is_alive(Role::Member, 0, MAX_AGE_MS, MAX_AGE_MS + 1, STAFF_IDLE_MS));
    }
}
