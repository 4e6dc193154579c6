//! Attendance at a session, and self check-in with the code the facilitator shows.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Present,
    Late,
    Absent,
    Excused,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Present, Status::Late, Status::Absent, Status::Excused];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Present => "present",
            Status::Late => "late",
            Status::Absent => "absent",
            Status::Excused => "excused",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Present or late: in the room, so in the sharing circle.
    pub fn attended(self) -> bool {
        matches!(self, Status::Present | Status::Late)
    }
}

/// Self check-in opens this long before the start…
pub const CHECKIN_OPENS_BEFORE_MS: i64 = 15 * 60 * 1000;
/// …and counts as late this long after it.
pub const LATE_AFTER_MS: i64 = 10 * 60 * 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckIn {
    Accepted(Status),
    TooEarly,
    Closed,
    WrongCode,
}

/// Whether self check-in is open at `now`: from shortly before the start to the end.
pub fn check_in_open(now: i64, starts_at: i64, ends_at: i64) -> bool {
    now >= starts_at - CHECKIN_OPENS_BEFORE_MS && now <= ends_at
}

/// The self check-in rule: the right code, between shortly before the start
/// and the end; late after the first minutes.
pub fn self_check_in(code_ok: bool, now: i64, starts_at: i64, ends_at: i64) -> CheckIn {
    if now < starts_at - CHECKIN_OPENS_BEFORE_MS {
        CheckIn::TooEarly
    } else if now > ends_at {
        CheckIn::Closed
    } else if !code_ok {
        CheckIn::WrongCode
    } else if now > starts_at + LATE_AFTER_MS {
        CheckIn::Accepted(Status::Late)
    } else {
        CheckIn::Accepted(Status::Present)
    }
}

/// Share of sessions attended (present or late) among those recorded.
pub fn rate(statuses: &[Status]) -> Option<f64> {
    if statuses.is_empty() {
        return None;
    }
    Some(statuses.iter().filter(|s| s.attended()).count() as f64 / statuses.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_in_is_open_exactly_when_the_right_code_is_accepted() {
        let (starts, ends) = (100 * 60_000, 190 * 60_000);
        for minute in 0..250 {
            let now = minute * 60_000;
            let accepted = matches!(self_check_in(true, now, starts, ends), CheckIn::Accepted(_));
            assert_eq!(check_in_open(now, starts, ends), accepted, "minute {minute}");
        }
    }

    #[test]
    fn check_in_window() {
        let (start, end) = (1_000_000_000, 1_000_000_000 + 90 * 60_000);
        assert_eq!(self_check_in(true, start - CHECKIN_OPENS_BEFORE_MS - 1, start, end), CheckIn::TooEarly);
        assert_eq!(self_check_in(true, start - 60_000, start, end), CheckIn::Accepted(Status::Present));
        assert_eq!(self_check_in(true, start + LATE_AFTER_MS + 1, start, end), CheckIn::Accepted(Status::Late));
        assert_eq!(self_check_in(false, start, start, end), CheckIn::WrongCode);
        assert_eq!(self_check_in(true, end + 1, start, end), CheckIn::Closed);
    }

    #[test]
    fn rates() {
        assert_eq!(rate(&[]), None);
        assert_eq!(rate(&[Status::Present, Status::Late, Status::Absent, Status::Excused]), Some(0.5));
        assert_eq!(Status::parse("late"), Some(Status::Late));
        assert_eq!(Status::parse("not_recorded"), None);
    }
}
