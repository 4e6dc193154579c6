//! Chat rooms: who belongs to which room, who moderates it, who may open a
//! private room with whom, and what a message may say.
//!
//! Membership is never copied: a group's room follows the group's active
//! enrolments and facilitators, an open room the reader's role and stage, a
//! private room the pairing (or counselling) it belongs to. The store supplies
//! the facts ([`Standing`]); the rules are here.

use crate::validation::FieldErrors;
use crate::{Role, Stage};

/// Longest message, in characters (after trimming).
pub const BODY_MAX: usize = 2000;
/// Longest room name.
pub const NAME_MAX: usize = 100;
/// Longest reason given with a report.
pub const REASON_MAX: usize = 500;
/// Messages per page: the default and the most.
pub const PAGE_DEFAULT: i64 = 50;
pub const PAGE_MAX: i64 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoomKind {
    /// A group's room: its active enrolled members and its facilitators.
    Group,
    /// The centre's round-the-clock support room: every member, mentor and staff.
    Support24x7,
    /// The alumni room: members in aftercare (discharged alumni keep it), staff, peer mentors.
    Alumni,
    /// A peer mentor and their mentee, while the pairing lasts.
    Mentorship,
    /// A member with the centre's counsellors.
    Counselor,
}

impl RoomKind {
    pub const ALL: [RoomKind; 5] =
        [RoomKind::Group, RoomKind::Support24x7, RoomKind::Alumni, RoomKind::Mentorship, RoomKind::Counselor];

    pub fn as_str(self) -> &'static str {
        match self {
            RoomKind::Group => "group",
            RoomKind::Support24x7 => "support_24x7",
            RoomKind::Alumni => "alumni",
            RoomKind::Mentorship => "mentorship",
            RoomKind::Counselor => "counselor",
        }
    }

    pub fn parse(s: &str) -> Option<RoomKind> {
        RoomKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Open rooms are the centre's, created and named by staff.
    pub fn is_open(self) -> bool {
        matches!(self, RoomKind::Support24x7 | RoomKind::Alumni)
    }

    pub fn is_private(self) -> bool {
        matches!(self, RoomKind::Mentorship | RoomKind::Counselor)
    }
}

impl std::fmt::Display for RoomKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a reader stands with one room: the facts the rules need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub kind: RoomKind,
    /// Facilitates the room's group.
    pub facilitator: bool,
    /// A member active (not waiting, not left) in the room's group.
    pub enrolled: bool,
    /// The reader's stage, when they have a member record.
    pub stage: Option<Stage>,
    /// One of the two people of a private room: the mentor or mentee of a
    /// pairing still active, or the member of a counsellor room.
    pub party: bool,
}

impl Standing {
    pub fn new(kind: RoomKind) -> Standing {
        Standing { kind, facilitator: false, enrolled: false, stage: None, party: false }
    }
}

/// Whether the reader belongs to the room: reads it, writes in it, reacts, reports.
pub fn is_member(role: Role, s: &Standing) -> bool {
    match s.kind {
        RoomKind::Group => s.facilitator || (role == Role::Member && s.enrolled),
        RoomKind::Support24x7 => matches!(role, Role::Admin | Role::Counselor | Role::PeerMentor | Role::Member),
        RoomKind::Alumni => {
            matches!(role, Role::Admin | Role::Counselor | Role::PeerMentor)
                || (role == Role::Member && s.stage == Some(Stage::Aftercare))
        }
        RoomKind::Mentorship => s.party && matches!(role, Role::PeerMentor | Role::Member),
        RoomKind::Counselor => role == Role::Counselor || (s.party && role == Role::Member),
    }
}

/// Whether the reader moderates the room (receives its reports): the
/// group's facilitators; staff and peer mentors in open rooms; staff for
/// private rooms (a mentee reporting their mentor must reach someone else).
pub fn is_moderator(role: Role, s: &Standing) -> bool {
    match s.kind {
        RoomKind::Group => s.facilitator,
        RoomKind::Support24x7 | RoomKind::Alumni => matches!(role, Role::Admin | Role::Counselor | Role::PeerMentor),
        RoomKind::Mentorship | RoomKind::Counselor => role.is_staff(),
    }
}

/// The private room two people may share, if any: a peer mentor and their
/// active mentee, or a member and a counsellor (the member's counsellor
/// room, shared by all the centre's counsellors). Two members never: private
/// rooms between peers are a known harm in recovery communities.
pub fn private_kind(actor: Role, other: Role, paired: bool) -> Option<RoomKind> {
    match (actor, other) {
        (Role::Member, Role::PeerMentor) | (Role::PeerMentor, Role::Member) if paired => Some(RoomKind::Mentorship),
        (Role::Member, Role::Counselor) | (Role::Counselor, Role::Member) => Some(RoomKind::Counselor),
        _ => None,
    }
}

/// A message body: trimmed, 1–2000 characters, plain text (never
/// interpreted as HTML here; whoever shows it escapes it).
pub fn check_body(body: &str) -> Result<String, FieldErrors> {
    let mut e = FieldErrors::new();
    e.text("body", body, BODY_MAX);
    if body.contains('\0') {
        e.add("body", "bad_characters");
    }
    e.into_result()?;
    Ok(body.trim().to_string())
}

/// An open room's name: trimmed, 1–100 characters.
pub fn check_name(name: &str) -> Result<String, FieldErrors> {
    let mut e = FieldErrors::new();
    e.text("name", name, NAME_MAX);
    e.into_result()?;
    Ok(name.trim().to_string())
}

/// A report's optional reason: trimmed, at most 500 characters; blank is none.
pub fn check_reason(reason: Option<&str>) -> Result<Option<String>, FieldErrors> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    let mut e = FieldErrors::new();
    e.optional_text("reason", reason, REASON_MAX);
    if reason.is_some_and(|r| r.contains('\0')) {
        e.add("reason", "bad_characters");
    }
    e.into_result()?;
    Ok(reason.map(str::to_string))
}

/// How many messages a page holds: the default when not given, at most
/// [`PAGE_MAX`]; below one is an error.
pub fn page_size(limit: Option<i64>) -> Result<i64, FieldErrors> {
    match limit {
        None => Ok(PAGE_DEFAULT),
        Some(n) if n < 1 => {
            let mut e = FieldErrors::new();
            e.add("limit", "too_small");
            Err(e)
        }
        Some(n) => Ok(n.min(PAGE_MAX)),
    }
}

/// Shortest and longest mute, in minutes (one week at most).
pub const MUTE_MIN_MINUTES: i64 = 1;
pub const MUTE_MAX_MINUTES: i64 = 10_080;
/// Longest moderator note.
pub const NOTE_MAX: usize = 2000;

/// A moderator's reason (for hiding, muting, warning): trimmed, 1–500 characters.
pub fn check_moderation_reason(reason: &str) -> Result<String, FieldErrors> {
    let mut e = FieldErrors::new();
    e.text("reason", reason, REASON_MAX);
    if reason.contains('\0') {
        e.add("reason", "bad_characters");
    }
    e.into_result()?;
    Ok(reason.trim().to_string())
}

/// A mute's length: 1–10080 minutes.
pub fn check_mute_minutes(minutes: i64) -> Result<i64, FieldErrors> {
    let mut e = FieldErrors::new();
    if minutes < MUTE_MIN_MINUTES {
        e.add("minutes", "too_small");
    } else if minutes > MUTE_MAX_MINUTES {
        e.add("minutes", "too_large");
    }
    e.into_result()?;
    Ok(minutes)
}

/// A moderator note: trimmed, 1–2000 characters.
pub fn check_note(body: &str) -> Result<String, FieldErrors> {
    let mut e = FieldErrors::new();
    e.text("body", body, NOTE_MAX);
    if body.contains('\0') {
        e.add("body", "bad_characters");
    }
    e.into_result()?;
    Ok(body.trim().to_string())
}

/// Whether a reader is served the body of a message a moderator hid: its
/// author (it is theirs), and staff who moderate the room. Everyone else —
/// members, peer mentors, even peer mentors moderating the room — sees only
/// that it was hidden.
pub fn may_read_hidden(role: Role, author: bool, moderator: bool) -> bool {
    author || (moderator && role.is_staff())
}

/// Whether someone sees a safety alert: the centre's admins, the writer's
/// counsellor, and whoever moderates the room it was raised in.
pub fn may_see_alert(role: Role, writers_counselor: bool, moderator: bool) -> bool {
    match role {
        Role::Admin => true,
        Role::Counselor => writers_counselor || moderator,
        Role::PeerMentor => moderator,
        Role::Member | Role::Family => false,
    }
}

/// Whom a room's moderator may mute or warn: anyone but themself, except
/// that peer mentors do not discipline staff.
pub fn may_discipline(moderator: Role, target: Role, is_self: bool) -> bool {
    !is_self && (moderator.is_staff() || !target.is_staff())
}

/// Who may ask for the list of safety alerts at all: staff, and peer
/// mentors (who moderate open rooms and the groups they facilitate).
pub fn may_list_alerts(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Counselor | Role::PeerMentor)
}

/// The moderation log of a room is for staff only.
pub fn may_read_moderation_log(role: Role) -> bool {
    role.is_staff()
}

/// What a message's screening hits raise: `None` when nothing matched,
/// else the categories and the lexicon phrases found (each once, in order).
pub fn alert_of(hits: &[crate::screening::Hit]) -> Option<(Vec<String>, Vec<String>)> {
    if hits.is_empty() {
        return None;
    }
    let mut categories: Vec<crate::screening::Category> = hits.iter().map(|h| h.category).collect();
    categories.sort();
    categories.dedup();
    let mut phrases: Vec<String> = Vec::new();
    for h in hits {
        if !phrases.contains(&h.phrase) {
            phrases.push(h.phrase.clone());
        }
    }
    Some((categories.iter().map(|c| c.as_str().to_string()).collect(), phrases))
}

/// The reactions a message may receive, one of each kind per person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reaction {
    MeToo,
    Support,
    Heart,
}

impl Reaction {
    pub const ALL: [Reaction; 3] = [Reaction::MeToo, Reaction::Support, Reaction::Heart];

    pub fn as_str(self) -> &'static str {
        match self {
            Reaction::MeToo => "me_too",
            Reaction::Support => "support",
            Reaction::Heart => "heart",
        }
    }

    pub fn parse(s: &str) -> Option<Reaction> {
        Reaction::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(kind: RoomKind) -> Standing {
        Standing::new(kind)
    }

    #[test]
    fn group_rooms_follow_the_group() {
        let g = standing(RoomKind::Group);
        for role in Role::ALL {
            assert!(!is_member(role, &g), "{role} outside the group");
        }
        assert!(is_member(Role::Member, &Standing { enrolled: true, ..g }));
        // Enrolment counts for members only; facilitators by facilitating.
        assert!(!is_member(Role::PeerMentor, &Standing { enrolled: true, ..g }));
        assert!(is_member(Role::PeerMentor, &Standing { facilitator: true, ..g }));
        assert!(is_moderator(Role::Counselor, &Standing { facilitator: true, ..g }));
        assert!(!is_moderator(Role::Counselor, &g), "staff not facilitating do not moderate a group's room");
        assert!(!is_moderator(Role::Member, &Standing { enrolled: true, ..g }));
    }

    #[test]
    fn open_rooms() {
        let s = standing(RoomKind::Support24x7);
        for role in [Role::Admin, Role::Counselor, Role::PeerMentor, Role::Member] {
            assert!(is_member(role, &s), "{role}");
        }
        assert!(!is_member(Role::Family, &s));
        let a = standing(RoomKind::Alumni);
        assert!(!is_member(Role::Member, &a));
        assert!(!is_member(Role::Member, &Standing { stage: Some(Stage::RelapsePrevention), ..a }));
        assert!(is_member(Role::Member, &Standing { stage: Some(Stage::Aftercare), ..a }));
        assert!(is_member(Role::PeerMentor, &a));
        assert!(is_member(Role::Counselor, &a));
        assert!(!is_member(Role::Family, &Standing { stage: Some(Stage::Aftercare), ..a }));
        assert!(is_moderator(Role::PeerMentor, &a));
        assert!(!is_moderator(Role::Member, &Standing { stage: Some(Stage::Aftercare), ..a }));
    }

    #[test]
    fn private_rooms() {
        let m = standing(RoomKind::Mentorship);
        assert!(is_member(Role::PeerMentor, &Standing { party: true, ..m }));
        assert!(is_member(Role::Member, &Standing { party: true, ..m }));
        assert!(!is_member(Role::Counselor, &m), "staff do not read a mentoring conversation");
        assert!(!is_member(Role::PeerMentor, &m));
        assert!(is_moderator(Role::Counselor, &m));
        assert!(!is_moderator(Role::PeerMentor, &Standing { party: true, ..m }));
        let c = standing(RoomKind::Counselor);
        assert!(is_member(Role::Counselor, &c));
        assert!(!is_member(Role::Admin, &c));
        assert!(is_member(Role::Member, &Standing { party: true, ..c }));
        assert!(!is_member(Role::Member, &c), "another member's counsellor room");
    }

    #[test]
    fn who_may_open_a_private_room_with_whom() {
        assert_eq!(private_kind(Role::Member, Role::Member, false), None);
        assert_eq!(private_kind(Role::Member, Role::Member, true), None);
        assert_eq!(private_kind(Role::Member, Role::PeerMentor, false), None);
        assert_eq!(private_kind(Role::Member, Role::PeerMentor, true), Some(RoomKind::Mentorship));
        assert_eq!(private_kind(Role::PeerMentor, Role::Member, true), Some(RoomKind::Mentorship));
        assert_eq!(private_kind(Role::Member, Role::Counselor, false), Some(RoomKind::Counselor));
        assert_eq!(private_kind(Role::Counselor, Role::Member, false), Some(RoomKind::Counselor));
        assert_eq!(private_kind(Role::Member, Role::Admin, false), None);
        assert_eq!(private_kind(Role::Family, Role::Member, false), None);
        assert_eq!(private_kind(Role::PeerMentor, Role::PeerMentor, true), None);
        assert_eq!(private_kind(Role::Counselor, Role::PeerMentor, false), None);
    }

    #[test]
    fn the_policy_asks_these_rules() {
        use crate::policy::{Action, Actor, Decision, Target, decide};
        let actor = |role| Actor { user_id: "u1".into(), role, center_id: "c1".into() };
        let support = standing(RoomKind::Support24x7);
        let member = actor(Role::Member);
        assert_eq!(decide(&member, Action::UseRoom(support), Target::center("c1")), Decision::Allow);
        assert_eq!(decide(&member, Action::UseRoom(support), Target::center("c2")), Decision::NotFound);
        assert_eq!(decide(&member, Action::ModerateRoom(support), Target::center("c1")), Decision::Forbidden);
        assert_eq!(decide(&actor(Role::Family), Action::UseRoom(support), Target::center("c1")), Decision::Forbidden);
        let open = |other| Action::OpenPrivateRoom { other, paired: true };
        assert_eq!(decide(&member, open(Role::Member), Target::subject("c1", "u2")), Decision::Forbidden);
        assert_eq!(decide(&member, open(Role::PeerMentor), Target::subject("c1", "u2")), Decision::Allow);
        assert_eq!(decide(&member, open(Role::PeerMentor), Target::subject("c2", "u2")), Decision::NotFound);
        let counselor = actor(Role::Counselor);
        assert_eq!(decide(&counselor, open(Role::Counselor), Target::subject("c1", "u1")), Decision::Forbidden);
        assert_eq!(decide(&counselor, open(Role::Member), Target::subject("c1", "u1")), Decision::Forbidden, "self");
        assert_eq!(decide(&counselor, Action::ManageRooms, Target::center("c1")), Decision::Allow);
        assert_eq!(decide(&actor(Role::PeerMentor), Action::ManageRooms, Target::center("c1")), Decision::Forbidden);
        let own = Target::subject("c1", "u1");
        let theirs = Target::subject("c1", "u2");
        assert_eq!(decide(&member, Action::EditMessage { in_room: true }, own), Decision::Allow);
        assert_eq!(decide(&member, Action::EditMessage { in_room: false }, own), Decision::Forbidden);
        assert_eq!(decide(&counselor, Action::EditMessage { in_room: true }, theirs), Decision::Forbidden);
        assert_eq!(decide(&member, Action::DeleteMessage, own), Decision::Allow);
        assert_eq!(decide(&counselor, Action::DeleteMessage, theirs), Decision::Forbidden);
    }

    #[test]
    fn moderation_rules() {
        assert_eq!(check_mute_minutes(1), Ok(1));
        assert_eq!(check_mute_minutes(MUTE_MAX_MINUTES), Ok(MUTE_MAX_MINUTES));
        assert!(check_mute_minutes(0).is_err());
        assert!(check_mute_minutes(MUTE_MAX_MINUTES + 1).is_err());
        assert_eq!(check_moderation_reason("  rude "), Ok("rude".to_string()));
        assert!(check_moderation_reason(" ").is_err());
        assert!(check_moderation_reason(&"x".repeat(REASON_MAX + 1)).is_err());
        assert!(check_note("").is_err());
        // Hidden content: the author and staff moderators only.
        assert!(may_read_hidden(Role::Member, true, false));
        assert!(!may_read_hidden(Role::Member, false, false));
        assert!(!may_read_hidden(Role::PeerMentor, false, true), "peer moderators see it hidden too");
        assert!(may_read_hidden(Role::Counselor, false, true));
        assert!(!may_read_hidden(Role::Counselor, false, false));
        // Alerts.
        assert!(may_see_alert(Role::Admin, false, false));
        assert!(may_see_alert(Role::Counselor, true, false));
        assert!(may_see_alert(Role::Counselor, false, true));
        assert!(!may_see_alert(Role::Counselor, false, false));
        assert!(may_see_alert(Role::PeerMentor, false, true));
        assert!(!may_see_alert(Role::PeerMentor, true, false));
        assert!(!may_see_alert(Role::Member, true, true));
        assert!(!may_list_alerts(Role::Member) && !may_list_alerts(Role::Family));
        assert!(may_read_moderation_log(Role::Counselor) && !may_read_moderation_log(Role::PeerMentor));
        assert!(may_discipline(Role::PeerMentor, Role::Member, false));
        assert!(may_discipline(Role::PeerMentor, Role::PeerMentor, false));
        assert!(!may_discipline(Role::PeerMentor, Role::Counselor, false));
        assert!(may_discipline(Role::Counselor, Role::Admin, false));
        assert!(!may_discipline(Role::Counselor, Role::Counselor, true));
    }

    #[test]
    fn screening_raises_alerts_in_three_scripts() {
        use crate::screening::Screener;
        let alert = |text: &str| alert_of(&Screener::builtin().screen(text)).map(|(c, _)| c);
        assert_eq!(alert("ab aur nahi jeena"), Some(vec!["self_harm".to_string()]));
        assert_eq!(alert("मैं मर जाना चाहता हूँ"), Some(vec!["self_harm".to_string()]));
        assert_eq!(alert("I want to kill myself"), Some(vec!["self_harm".to_string()]));
        assert_eq!(alert("I killed it in the interview"), None);
        assert_eq!(alert_of(&[]), None);
    }

    #[test]
    fn bodies() {
        assert_eq!(check_body("  namaste \n"), Ok("namaste".to_string()));
        assert_eq!(check_body(&"क".repeat(BODY_MAX)).map(|b| b.chars().count()), Ok(BODY_MAX));
        let code = |r: Result<String, FieldErrors>| r.err().map(|e| e.0[0].code);
        assert_eq!(code(check_body(&"a".repeat(BODY_MAX + 1))), Some("too_long"));
        assert_eq!(code(check_body("   ")), Some("required"));
        assert_eq!(code(check_body("a\0b")), Some("bad_characters"));
        // Markup is text like any other.
        assert_eq!(check_body("<b>hi</b>"), Ok("<b>hi</b>".to_string()));
    }

    #[test]
    fn pages_and_reasons() {
        assert_eq!(page_size(None), Ok(PAGE_DEFAULT));
        assert_eq!(page_size(Some(500)), Ok(PAGE_MAX));
        assert_eq!(page_size(Some(7)), Ok(7));
        assert!(page_size(Some(0)).is_err());
        assert_eq!(check_reason(Some("  ")), Ok(None));
        assert!(check_reason(Some(&"x".repeat(REASON_MAX + 1))).is_err());
        assert_eq!(Reaction::parse("me_too"), Some(Reaction::MeToo));
        assert_eq!(Reaction::parse("angry"), None);
        for k in RoomKind::ALL {
            assert_eq!(RoomKind::parse(k.as_str()), Some(k));
        }
    }
}
