//! Daily check-ins: mood, craving, sober today, triggers and a note. One per
//! member per local day; a second that day updates the first.

use crate::validation::FieldErrors;

pub const NOTE_MAX: usize = 1000;
pub const TRIGGER_MAX: usize = 40;
pub const TRIGGERS_MAX: usize = 12;

/// The trigger tags every centre starts with (a centre can add its own).
pub const DEFAULT_TRIGGERS: &[&str] = &[
    "stress",
    "loneliness",
    "boredom",
    "anger",
    "family_conflict",
    "peer_pressure",
    "celebration",
    "money_worries",
    "work",
    "pain",
    "poor_sleep",
    "seeing_old_friends",
    "places_linked_to_use",
    "cravings_at_night",
];

/// What a member sends.
#[derive(Debug, Clone, Default)]
pub struct CheckInFields<'a> {
    pub mood: i64,
    pub craving: i64,
    pub triggers: &'a [String],
    pub note: Option<&'a str>,
}

/// Checks a check-in; `known_triggers` are the centre's tags (free text goes in the note).
pub fn check(c: &CheckInFields<'_>, known_triggers: &[String]) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::new();
    if !(1..=5).contains(&c.mood) {
        e.add("mood", "out_of_range");
    }
    if !(0..=10).contains(&c.craving) {
        e.add("craving", "out_of_range");
    }
    if c.triggers.len() > TRIGGERS_MAX {
        e.add("triggers", "too_many");
    } else if c.triggers.iter().any(|t| !known_triggers.iter().any(|k| k == t)) {
        e.add("triggers", "unknown");
    }
    e.optional_text("note", c.note, NOTE_MAX);
    e.into_result()
}

/// A centre's own trigger tag: lowercase words joined by `_`.
pub fn check_trigger_tag(e: &mut FieldErrors, tag: &str) {
    let ok = !tag.is_empty()
        && tag.len() <= TRIGGER_MAX
        && tag.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !ok {
        e.add("tag", "bad_tag");
    }
}

/// What of a member's check-ins a reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// The member and counsellors (staff): everything.
    All,
    /// A peer in one of the member's groups: only check-ins shared with the group.
    SharedWithGroup,
    /// Everyone else: nothing (403).
    Nothing,
}

pub fn visibility(
    reader: &crate::policy::Actor,
    subject_center: &str,
    subject_id: &str,
    shares_a_group: bool,
) -> Visibility {
    use crate::Role;
    if reader.center_id != subject_center {
        Visibility::Nothing
    } else if reader.user_id == subject_id || reader.role.is_staff() {
        Visibility::All
    } else if reader.role == Role::Member && shares_a_group {
        Visibility::SharedWithGroup
    } else {
        Visibility::Nothing
    }
}

/// The lapse kinds.
pub const LAPSE_KINDS: [&str; 2] = ["lapse", "relapse"];

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<String> {
        DEFAULT_TRIGGERS.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn who_sees_what() {
        use crate::Role;
        use crate::policy::Actor;
        let a = |role, id: &str| Actor { user_id: id.into(), role, center_id: "c".into() };
        assert_eq!(visibility(&a(Role::Member, "m"), "c", "m", false), Visibility::All);
        assert_eq!(visibility(&a(Role::Counselor, "x"), "c", "m", false), Visibility::All);
        assert_eq!(visibility(&a(Role::Member, "p"), "c", "m", true), Visibility::SharedWithGroup);
        assert_eq!(visibility(&a(Role::Member, "p"), "c", "m", false), Visibility::Nothing);
        assert_eq!(visibility(&a(Role::Family, "f"), "c", "m", true), Visibility::Nothing);
        assert_eq!(visibility(&a(Role::PeerMentor, "t"), "c", "m", true), Visibility::Nothing);
        assert_eq!(visibility(&a(Role::Counselor, "x"), "other", "m", false), Visibility::Nothing);
    }

    #[test]
    fn ranges_and_tags() {
        let t = vec!["stress".to_string()];
        assert!(check(&CheckInFields { mood: 3, craving: 0, triggers: &t, note: Some("ok") }, &known()).is_ok());
        for (mood, craving) in [(0, 5), (6, 5), (3, -1), (3, 11)] {
            assert!(check(&CheckInFields { mood, craving, triggers: &[], note: None }, &known()).is_err());
        }
        let bad = vec!["astrology".to_string()];
        let e = check(&CheckInFields { mood: 3, craving: 3, triggers: &bad, note: Some(&"x".repeat(1001)) }, &known())
            .expect_err("invalid");
        let fields: Vec<&str> = e.0.iter().map(|f| f.field).collect();
        assert_eq!(fields, ["triggers", "note"]);
        let mut e = FieldErrors::new();
        check_trigger_tag(&mut e, "wedding_season");
        assert!(e.is_empty());
        check_trigger_tag(&mut e, "Wedding Season");
        assert_eq!(e.0.len(), 1);
    }
}
