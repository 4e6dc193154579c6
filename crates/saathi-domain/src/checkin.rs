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
/// A tag as a counsellor types it, as the centre keeps it: lowercase,
/// words (split at spaces, `-` and `_`) joined by `_` ("Wedding season" →
/// `wedding_season`).
pub fn normalise_tag(raw: &str) -> String {
    raw.to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

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
    /// Their peer mentor (`mentor`) and peers in one of their groups
    /// (`group`): only the check-ins the member shared with them.
    Shared { mentor: bool, group: bool },
    /// Everyone else: nothing (403).
    Nothing,
}

impl Visibility {
    /// Whether a check-in with these sharing choices is shown.
    pub fn shows(self, share_with_mentor: bool, share_with_group: bool) -> bool {
        match self {
            Visibility::All => true,
            Visibility::Shared { mentor, group } => (mentor && share_with_mentor) || (group && share_with_group),
            Visibility::Nothing => false,
        }
    }
}

/// The reader's relation to the member whose check-ins are read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Relation {
    /// Both are active in one group (the reader as a member).
    pub shares_a_group: bool,
    /// The reader is the member's active peer mentor.
    pub is_mentor: bool,
}

pub fn visibility(reader: &crate::policy::Actor, subject_center: &str, subject_id: &str, rel: Relation) -> Visibility {
    use crate::Role;
    let mentor = reader.role == Role::PeerMentor && rel.is_mentor;
    let group = reader.role == Role::Member && rel.shares_a_group;
    if reader.center_id != subject_center {
        Visibility::Nothing
    } else if reader.user_id == subject_id || reader.role.is_staff() {
        Visibility::All
    } else if mentor || group {
        Visibility::Shared { mentor, group }
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
        let none = Relation::default();
        let peer = Relation { shares_a_group: true, is_mentor: false };
        let mentor = Relation { shares_a_group: false, is_mentor: true };
        assert_eq!(visibility(&a(Role::Member, "m"), "c", "m", none), Visibility::All);
        assert_eq!(visibility(&a(Role::Counselor, "x"), "c", "m", none), Visibility::All);
        let group_only = visibility(&a(Role::Member, "p"), "c", "m", peer);
        assert_eq!(group_only, Visibility::Shared { mentor: false, group: true });
        assert!(group_only.shows(false, true) && !group_only.shows(true, false));
        let mentor_only = visibility(&a(Role::PeerMentor, "t"), "c", "m", mentor);
        assert_eq!(mentor_only, Visibility::Shared { mentor: true, group: false });
        assert!(mentor_only.shows(true, false) && !mentor_only.shows(false, true));
        assert_eq!(visibility(&a(Role::Member, "p"), "c", "m", none), Visibility::Nothing);
        assert_eq!(visibility(&a(Role::Family, "f"), "c", "m", peer), Visibility::Nothing);
        // A mentor who is not this member's mentor, a member who claims to mentor.
        assert_eq!(visibility(&a(Role::PeerMentor, "t"), "c", "m", peer), Visibility::Nothing);
        assert_eq!(visibility(&a(Role::Member, "p"), "c", "m", mentor), Visibility::Nothing);
        assert_eq!(visibility(&a(Role::Counselor, "x"), "other", "m", none), Visibility::Nothing);
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
        assert_eq!(normalise_tag("  Wedding season "), "wedding_season");
        assert_eq!(normalise_tag("late-night__calls"), "late_night_calls");
        assert_eq!(normalise_tag("   "), "");
        let mut e = FieldErrors::new();
        check_trigger_tag(&mut e, "wedding_season");
        assert!(e.is_empty());
        check_trigger_tag(&mut e, "Wedding Season");
        assert_eq!(e.0.len(), 1);
    }
}
