//! The centre's shared tablet (kiosk): a member with no phone signs in with a
//! member code and a PIN. The rules for both, free of I/O.
//!
//! The code says who the member is (like a login, it may be read out and is
//! shown to staff); the PIN proves it and is stored only as a hash. Codes are
//! unique within a centre, so a code of another centre simply does not exist
//! on this centre's kiosks.

/// Digits in a member code: short enough to remember, enough for a centre.
pub const CODE_LEN: usize = 6;
pub const PIN_MIN: usize = 4;
pub const PIN_MAX: usize = 6;
/// Digits in a PIN Saathi makes up.
pub const GENERATED_PIN_LEN: usize = 6;

/// Whether a made-up code may be given out: a well-formed code that does
/// not start with 0 (so it survives a spreadsheet) and is not one digit
/// repeated.
pub fn is_good_generated_code(code: &str) -> bool {
    is_code(code) && !code.starts_with('0') && !all_same(code)
}

/// What a person typed, with spaces and dashes (as a code is read out,
/// "482 913") taken out.
pub fn normalise(typed: &str) -> String {
    typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect()
}

/// Whether `code` (normalised) is a well-formed member code.
pub fn is_code(code: &str) -> bool {
    code.len() == CODE_LEN && code.bytes().all(|b| b.is_ascii_digit())
}

fn all_same(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().all(|c| Some(c) == b.first())
}

/// Each digit one more (or one less) than the one before: 1234, 9876.
fn is_run(s: &str) -> bool {
    let b = s.as_bytes();
    let up = b.windows(2).all(|w| w[1] == w[0] + 1);
    let down = b.windows(2).all(|w| w[0] == w[1] + 1);
    up || down
}

/// Why a PIN is refused (a field error code), or `Ok`.
pub fn check_pin(pin: &str) -> Result<(), &'static str> {
    if pin.is_empty() {
        return Err("required");
    }
    if !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err("pin_digits");
    }
    if pin.len() < PIN_MIN || pin.len() > PIN_MAX {
        return Err("pin_length");
    }
    if all_same(pin) || is_run(pin) {
        return Err("pin_guessable");
    }
    Ok(())
}

/// The key failed kiosk sign-ins are counted under (the login lockout's
/// table): per centre and code, so a code tried on one centre's tablets
/// does not lock a member of another centre with the same code. Logins
/// cannot hold `:`, so no password login shares the count.
pub fn lockout_key(center_id: &str, code: &str) -> String {
    format!("kiosk:{center_id}:{code}")
}

/// The key a tablet's failed sign-ins are counted under, whatever code was
/// typed: one person trying one guessable PIN against many codes locks no
/// single code, but does lock the tablet.
pub fn device_lockout_key(device_id: &str) -> String {
    format!("kiosk-device:{device_id}")
}

/// A tablet's limit: far more failures than one code's (a room full of
/// residents mistypes), and a shorter lock, since it stops everyone on that
/// tablet. Staff can still sign members in elsewhere, and the lock is audited.
pub const DEVICE_LIMIT: crate::lockout::Limit =
    crate::lockout::Limit { max_failures: 20, window_ms: 15 * 60 * 1000, lock_ms: 10 * 60 * 1000 };
// Looser than one code's count, and never a longer lock.
const _: () = assert!(
    DEVICE_LIMIT.max_failures > crate::lockout::LOGIN.max_failures
        && DEVICE_LIMIT.lock_ms <= crate::lockout::LOGIN.lock_ms
);

/// What a member signed in with a code and PIN on the shared tablet may
/// open. Such a sign-in is for a check-in, a session's check-in and the
/// crisis button (PRODUCT 17), not the member's whole account: a four-digit
/// PIN on a tablet others pick up next should not open their chats, their
/// check-in history or the API. (`method` upper-case, `path` without query.)
pub fn tablet_session_may_open(method: &str, path: &str) -> bool {
    let get_or_post = matches!(method, "GET" | "HEAD" | "POST");
    let under = |prefix: &str| path == prefix || path.strip_prefix(prefix).is_some_and(|r| r.starts_with('/'));
    match path {
        // The tablet's own pages, signing out and in, the language, assets.
        "/" | "/login" | "/logout" | "/language" | "/healthz" => get_or_post,
        _ if under("/kiosk") || under("/assets") => get_or_post,
        // A check-in (and, when it was not a sober day, the lapse it records).
        "/checkin" | "/checkin/done" | "/checkin/lapse" => get_or_post,
        // The crisis button, with and without JavaScript.
        "/crisis" => get_or_post,
        "/api/v1/crisis" => method == "POST",
        // A session's self check-in with its code, and its group's page
        // (where the check-in answers, and the agreement is accepted before
        // a first session).
        _ => {
            let one = |id: Option<&str>| id.is_some_and(|id| !id.is_empty() && !id.contains('/'));
            let session = path.strip_prefix("/sessions/");
            let group = path.strip_prefix("/groups/");
            (method == "POST" && one(session.and_then(|r| r.strip_suffix("/checkin"))))
                || (get_or_post && method != "POST" && one(group))
                || (method == "POST" && one(group.and_then(|r| r.strip_suffix("/agreement"))))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_readable_digits() {
        assert!(is_good_generated_code("482913"));
        assert!(!is_good_generated_code("082913"));
        assert!(!is_good_generated_code("777777"));
        assert!(!is_code("12345"));
        assert!(!is_code("1234567"));
        assert!(!is_code("12a456"));
        assert_eq!(normalise(" 482 913 "), "482913");
        assert_eq!(normalise("482-913"), "482913");
        assert!(is_code(&normalise("482 913")));
    }

    #[test]
    fn pins_are_four_to_six_digits_and_not_guessable() {
        assert_eq!(check_pin("2580"), Ok(()));
        assert_eq!(check_pin("902417"), Ok(()));
        assert_eq!(check_pin(""), Err("required"));
        assert_eq!(check_pin("12a4"), Err("pin_digits"));
        assert_eq!(check_pin("१२३४"), Err("pin_digits"));
        assert_eq!(check_pin("123"), Err("pin_length"));
        assert_eq!(check_pin("1234567"), Err("pin_length"));
        assert_eq!(check_pin("0000"), Err("pin_guessable"));
        assert_eq!(check_pin("1234"), Err("pin_guessable"));
        assert_eq!(check_pin("987654"), Err("pin_guessable"));
    }

    #[test]
    fn lockouts_are_per_centre_and_code() {
        assert_ne!(lockout_key("c1", "482913"), lockout_key("c2", "482913"));
        assert_ne!(lockout_key("c1", "482913"), lockout_key("c1", "482914"));
        assert!(lockout_key("c1", "482913").contains(':'));
    }

    #[test]
    fn a_tablet_counts_apart_from_codes_and_tolerates_more_than_one_code() {
        assert_ne!(device_lockout_key("d1"), device_lockout_key("d2"));
        // A device id cannot pass for a centre and code, nor for a login.
        assert_ne!(device_lockout_key("c1:482913"), lockout_key("c1", "482913"));
        assert!(device_lockout_key("d1").contains(':'));
    }

    #[test]
    fn a_tablet_session_opens_a_check_in_a_session_and_the_crisis_button_only() {
        for (m, p) in [
            ("GET", "/kiosk/home"),
            ("POST", "/kiosk/stay"),
            ("GET", "/checkin"),
            ("POST", "/checkin"),
            ("POST", "/checkin/lapse"),
            ("GET", "/crisis"),
            ("POST", "/crisis"),
            ("POST", "/api/v1/crisis"),
            ("POST", "/sessions/abc123/checkin"),
            ("GET", "/groups/g1"),
            ("POST", "/groups/g1/agreement"),
            ("POST", "/logout"),
            ("GET", "/assets/saathi.css"),
            ("GET", "/"),
        ] {
            assert!(tablet_session_may_open(m, p), "{m} {p}");
        }
        for (m, p) in [
            ("GET", "/rooms"),
            ("GET", "/rooms/r1"),
            ("GET", "/checkins"),
            ("GET", "/home"),
            ("GET", "/goals"),
            ("GET", "/notifications"),
            ("GET", "/api/v1/me"),
            ("GET", "/api/v1/ws"),
            ("GET", "/api/v1/crisis/alerts"),
            ("GET", "/api/v1/members/m1/checkins"),
            ("GET", "/sessions/abc123/checkin"),
            ("GET", "/sessions/abc123"),
            ("GET", "/groups"),
            ("POST", "/groups/g1"),
            ("GET", "/groups/g1/edit"),
            ("POST", "/groups/g1/enroll"),
            ("POST", "/sessions//checkin"),
            ("POST", "/sessions/a/b/checkin"),
            ("GET", "/kioskx"),
            ("DELETE", "/kiosk/home"),
        ] {
            assert!(!tablet_session_may_open(m, p), "{m} {p}");
        }
    }
}
