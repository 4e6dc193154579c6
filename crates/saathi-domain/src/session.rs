//! How long a sign-in lasts. Staff see many members' records, so their
//! sessions end after a short idle time; members and families stay signed in
//! on their own phones for longer. A sign-in on the centre's shared tablet
//! (a kiosk) is for one check-in: it ends after a very short idle time and
//! never lasts long, whoever is signed in — with a member code and PIN, or
//! with a password (staff helping a resident there).

use crate::Role;

pub const STAFF_IDLE_MS: i64 = 30 * 60 * 1000;
pub const OTHER_IDLE_MS: i64 = 14 * 24 * 60 * 60 * 1000;
/// No session lives longer than this, however active.
pub const MAX_AGE_MS: i64 = 30 * 24 * 60 * 60 * 1000;
/// `last_seen` is written at most this often, so reads stay reads.
pub const TOUCH_EVERY_MS: i64 = 60 * 1000;
/// A kiosk session ends after this idle time unless the server is told otherwise.
pub const KIOSK_IDLE_MS: i64 = 2 * 60 * 1000;
/// No kiosk session lives longer than this, however active.
pub const KIOSK_MAX_AGE_MS: i64 = 15 * 60 * 1000;
/// A kiosk session's `last_seen` is written when it is older than this
/// share of the idle limit (see [`touch_every_ms`]).
const KIOSK_TOUCH_DIVISOR: i64 = 10;

/// How a session was started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// `Authorization: Bearer` from the login API.
    Api,
    /// The web app's cookie, with a CSRF token.
    Web,
    /// The web app's cookie on a centre's shared tablet, signed in with a
    /// member code and PIN.
    Kiosk,
    /// The web app's cookie on a centre's shared tablet, signed in with a
    /// login and password: the ordinary pages, under a kiosk's limits (a
    /// counsellor who walks away from the common room's tablet must not
    /// leave their members' records open on it for half an hour).
    Tablet,
}

impl SessionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Api => "api",
            SessionKind::Web => "web",
            SessionKind::Kiosk => "kiosk",
            SessionKind::Tablet => "tablet",
        }
    }

    /// A password sign-in asked for as `asked` (the API's, the web's): on a
    /// centre's shared tablet it is a [`SessionKind::Tablet`] one whatever
    /// was asked, so the kiosk's limits hold for staff there too.
    pub fn for_password_sign_in(asked: SessionKind, on_shared_tablet: bool) -> SessionKind {
        if on_shared_tablet { SessionKind::Tablet } else { asked }
    }

    /// Started on a centre's shared tablet: a kiosk's short limits apply.
    pub fn on_shared_tablet(self) -> bool {
        matches!(self, SessionKind::Kiosk | SessionKind::Tablet)
    }

    /// A stored kind; anything unknown is read as the strictest, a kiosk.
    pub fn parse(s: &str) -> SessionKind {
        match s {
            "api" => SessionKind::Api,
            "web" => SessionKind::Web,
            "tablet" => SessionKind::Tablet,
            _ => SessionKind::Kiosk,
        }
    }
}

/// The idle limits a server is configured with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub staff_idle_ms: i64,
    pub kiosk_idle_ms: i64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { staff_idle_ms: STAFF_IDLE_MS, kiosk_idle_ms: KIOSK_IDLE_MS }
    }
}

pub fn idle_limit_ms(role: Role, kind: SessionKind, limits: Limits) -> i64 {
    match kind {
        // Never longer than a staff session, even if configured so.
        k if k.on_shared_tablet() => limits.kiosk_idle_ms.min(limits.staff_idle_ms).max(1),
        _ if role.is_staff() => limits.staff_idle_ms,
        _ => OTHER_IDLE_MS,
    }
}

pub fn max_age_ms(kind: SessionKind) -> i64 {
    if kind.on_shared_tablet() { KIOSK_MAX_AGE_MS } else { MAX_AGE_MS }
}

/// Whether a session is still alive at `now`.
pub fn is_alive(role: Role, kind: SessionKind, created_at: i64, last_seen_at: i64, now: i64, limits: Limits) -> bool {
    now - last_seen_at <= idle_limit_ms(role, kind, limits) && now - created_at <= max_age_ms(kind)
}

/// How stale `last_seen` may get before a request writes it again.
///
/// Writing it at most once a minute keeps reads cheap, but the session then
/// ends up to that minute early: a person active just before the write was
/// due counts as idle since the previous write. For a 30-minute staff limit
/// that does not matter; for a kiosk's 2 minutes it would cut the idle time
/// in half, so a kiosk session is written once a tenth of its limit has
/// passed (every 12 s by default): it ends between 90% and 100% of the
/// configured idle time after the last request.
pub fn touch_every_ms(role: Role, kind: SessionKind, limits: Limits) -> i64 {
    if kind.on_shared_tablet() {
        (idle_limit_ms(role, kind, limits) / KIOSK_TOUCH_DIVISOR).min(TOUCH_EVERY_MS)
    } else {
        TOUCH_EVERY_MS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: Limits = Limits { staff_idle_ms: STAFF_IDLE_MS, kiosk_idle_ms: KIOSK_IDLE_MS };

    #[test]
    fn staff_expire_after_idle() {
        let web = SessionKind::Web;
        assert!(is_alive(Role::Counselor, web, 0, 0, STAFF_IDLE_MS, L));
        assert!(!is_alive(Role::Counselor, web, 0, 0, STAFF_IDLE_MS + 1, L));
        assert!(is_alive(Role::Member, web, 0, 0, STAFF_IDLE_MS + 1, L));
        assert!(!is_alive(Role::Member, web, 0, MAX_AGE_MS, MAX_AGE_MS + 1, L));
    }

    #[test]
    fn kiosk_sessions_end_after_a_short_idle_time() {
        let k = SessionKind::Kiosk;
        assert!(is_alive(Role::Member, k, 0, 0, KIOSK_IDLE_MS, L));
        assert!(!is_alive(Role::Member, k, 0, 0, KIOSK_IDLE_MS + 1, L));
        // The same member on their own phone stays signed in.
        assert!(is_alive(Role::Member, SessionKind::Web, 0, 0, KIOSK_IDLE_MS + 1, L));
        // A configured limit is followed (tests use about a second).
        let short = Limits { kiosk_idle_ms: 1_500, ..L };
        assert!(is_alive(Role::Member, k, 0, 0, 1_500, short));
        assert!(!is_alive(Role::Member, k, 0, 0, 1_501, short));
        // Never longer than a staff session, even if configured so.
        let long = Limits { kiosk_idle_ms: STAFF_IDLE_MS * 10, ..L };
        assert_eq!(idle_limit_ms(Role::Member, k, long), STAFF_IDLE_MS);
        assert_eq!(idle_limit_ms(Role::Member, k, Limits { kiosk_idle_ms: 0, ..L }), 1);
    }

    #[test]
    fn kiosk_sessions_have_a_hard_maximum_however_active() {
        let k = SessionKind::Kiosk;
        let now = KIOSK_MAX_AGE_MS + 1;
        // Active a moment ago, but started more than 15 minutes back.
        assert!(!is_alive(Role::Member, k, 0, now - 10, now, L));
        assert!(is_alive(Role::Member, k, 0, KIOSK_MAX_AGE_MS - 10, KIOSK_MAX_AGE_MS, L));
        assert!(is_alive(Role::Member, SessionKind::Web, 0, now - 10, now, L));
    }

    #[test]
    fn kiosk_sessions_are_touched_often_enough_for_their_limit() {
        let k = SessionKind::Kiosk;
        assert_eq!(touch_every_ms(Role::Member, k, L), KIOSK_IDLE_MS / 10);
        assert_eq!(touch_every_ms(Role::Member, k, Limits { kiosk_idle_ms: 1_000, ..L }), 100);
        assert_eq!(touch_every_ms(Role::Member, SessionKind::Web, L), TOUCH_EVERY_MS);
        assert_eq!(touch_every_ms(Role::Counselor, SessionKind::Api, L), TOUCH_EVERY_MS);
        // The write is never rarer than for other sessions.
        let long = Limits { kiosk_idle_ms: STAFF_IDLE_MS, ..L };
        assert_eq!(touch_every_ms(Role::Member, k, long), TOUCH_EVERY_MS);
    }

    #[test]
    fn kinds_round_trip_and_unknown_is_strictest() {
        for k in [SessionKind::Api, SessionKind::Web, SessionKind::Kiosk, SessionKind::Tablet] {
            assert_eq!(SessionKind::parse(k.as_str()), k);
        }
        assert_eq!(SessionKind::parse("???"), SessionKind::Kiosk);
    }

    #[test]
    fn a_password_sign_in_on_the_shared_tablet_keeps_a_kiosks_limits() {
        let t = SessionKind::Tablet;
        assert!(t.on_shared_tablet() && SessionKind::Kiosk.on_shared_tablet());
        assert!(!SessionKind::Web.on_shared_tablet() && !SessionKind::Api.on_shared_tablet());
        assert_eq!(SessionKind::for_password_sign_in(SessionKind::Web, true), t);
        assert_eq!(SessionKind::for_password_sign_in(SessionKind::Web, false), SessionKind::Web);
        // A counsellor there: the kiosk's idle time, not the staff's half hour.
        assert!(is_alive(Role::Counselor, t, 0, 0, KIOSK_IDLE_MS, L));
        assert!(!is_alive(Role::Counselor, t, 0, 0, KIOSK_IDLE_MS + 1, L));
        assert!(is_alive(Role::Counselor, SessionKind::Web, 0, 0, KIOSK_IDLE_MS + 1, L));
        // And the kiosk's hard maximum, and its frequent touch.
        let now = KIOSK_MAX_AGE_MS + 1;
        assert!(!is_alive(Role::Admin, t, 0, now - 10, now, L));
        assert_eq!(touch_every_ms(Role::Counselor, t, L), KIOSK_IDLE_MS / 10);
    }
}
