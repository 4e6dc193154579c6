//! A centre's settings and helplines.

use crate::validation::{FieldErrors, check_phone, limits};
use serde::{Deserialize, Serialize};

pub const DEFAULT_TIMEZONE: &str = "Asia/Kolkata";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Helpline {
    pub name: String,
    pub phone: String,
}

/// The national helplines every centre shows, before its own numbers.
pub fn national_helplines() -> Vec<Helpline> {
    [("Tele-MANAS", "14416"), ("National de-addiction helpline", "14446"), ("Emergency", "112")]
        .into_iter()
        .map(|(name, phone)| Helpline { name: name.into(), phone: phone.into() })
        .collect()
}

/// The helplines a centre shows: the national ones, then the centre's own.
pub fn all_helplines(own: &[Helpline]) -> Vec<Helpline> {
    let mut all = national_helplines();
    for h in own {
        if !all.iter().any(|n| n.phone == h.phone) {
            all.push(h.clone());
        }
    }
    all
}

/// Settings a centre can tune; defaults as PRODUCT.md says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CenterSettings {
    pub crisis_ack_timeout_seconds: i64,
    pub mentor_min_sober_days: i64,
    pub mentor_capacity: i64,
    pub alumni_nudge_weeks: i64,
}

impl Default for CenterSettings {
    fn default() -> Self {
        Self { crisis_ack_timeout_seconds: 300, mentor_min_sober_days: 180, mentor_capacity: 3, alumni_nudge_weeks: 4 }
    }
}

pub fn check_timezone(errors: &mut FieldErrors, tz: &str) {
    if tz.parse::<chrono_tz::Tz>().is_err() {
        errors.add("timezone", "unknown");
    }
}

pub fn check_settings(errors: &mut FieldErrors, s: &CenterSettings) {
    if !(10..=86_400).contains(&s.crisis_ack_timeout_seconds) {
        errors.add("crisis_ack_timeout_seconds", "out_of_range");
    }
    if !(0..=3650).contains(&s.mentor_min_sober_days) {
        errors.add("mentor_min_sober_days", "out_of_range");
    }
    if !(1..=20).contains(&s.mentor_capacity) {
        errors.add("mentor_capacity", "out_of_range");
    }
    if !(1..=104).contains(&s.alumni_nudge_weeks) {
        errors.add("alumni_nudge_weeks", "out_of_range");
    }
}

/// The centre's own helplines (the national ones are always added, never stored).
pub fn check_helplines(errors: &mut FieldErrors, own: &[Helpline]) {
    if own.len() > limits::HELPLINES {
        errors.add("helplines", "too_many");
    }
    for h in own {
        if h.name.trim().is_empty() || h.name.chars().count() > limits::NAME {
            errors.add("helplines", "bad_name");
        }
        check_phone(errors, "helplines", &h.phone);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_first_then_own_without_duplicates() {
        let own = vec![
            Helpline { name: "Kendra office".into(), phone: "+911234567890".into() },
            Helpline { name: "Dup".into(), phone: "112".into() },
        ];
        let all = all_helplines(&own);
        let phones: Vec<&str> = all.iter().map(|h| h.phone.as_str()).collect();
        assert_eq!(phones, ["14416", "14446", "112", "+911234567890"]);
    }

    #[test]
    fn zones() {
        let mut e = FieldErrors::new();
        check_timezone(&mut e, "Asia/Kolkata");
        check_timezone(&mut e, "Europe/London");
        assert!(e.is_empty());
        check_timezone(&mut e, "Mars/Olympus");
        assert_eq!(e.0.len(), 1);
    }

    #[test]
    fn default_settings_are_valid() {
        let mut e = FieldErrors::new();
        check_settings(&mut e, &CenterSettings::default());
        assert!(e.is_empty());
        check_settings(&mut e, &CenterSettings { crisis_ack_timeout_seconds: 0, ..Default::default() });
        assert_eq!(e.0[0].field, "crisis_ack_timeout_seconds");
    }
}
