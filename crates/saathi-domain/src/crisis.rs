//! Crisis alerts: who is told, in which order, and when.
//!
//! A member's alert escalates through three tiers until someone acknowledges
//! it:
//!
//! | tier | who | when |
//! |---|---|---|
//! | 1 | the member's active peer mentor and the facilitators of the member's active groups | at once |
//! | 2 | every counsellor on call now (the centre's roster, by its local weekday and hour) | after the centre's timeout |
//! | 3 | the centre's admins | after the timeout again |
//!
//! A tier with nobody in it is skipped at once (as PagerDuty does): the
//! alert never waits out a timeout on an empty tier. After tier 3 nothing
//! more is due; the alert stays open until someone acknowledges and
//! resolves it. The member themself is never among the people told.

use crate::Role;
use crate::validation::FieldErrors;
use chrono::{Datelike, Timelike};

/// The last tier.
pub const LAST_TIER: u8 = 3;

/// Longest optional message a member may add when pressing the button (characters).
pub const MESSAGE_MAX: usize = 1000;
/// Longest resolution note (characters).
pub const NOTE_MAX: usize = 4000;
/// At most this many roster entries per centre (7 days × 24 hours × 20 people).
pub const ROSTER_MAX: usize = 7 * 24 * 20;

/// An alert's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Raised; nobody has acknowledged it yet (it escalates).
    Open,
    /// Someone took it on; escalation stopped.
    Acknowledged,
    /// Closed, with a note.
    Resolved,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Acknowledged => "acknowledged",
            Status::Resolved => "resolved",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [Status::Open, Status::Acknowledged, Status::Resolved].into_iter().find(|x| x.as_str() == s)
    }
}

/// The people of each tier at one moment (whoever computes them: the store).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TierPeople {
    /// The member's active peer mentor(s).
    pub mentors: Vec<String>,
    /// Facilitators of the member's active groups.
    pub facilitators: Vec<String>,
    /// Counsellors on call now.
    pub on_call: Vec<String>,
    /// The centre's admins.
    pub admins: Vec<String>,
}

impl TierPeople {
    /// Who tier `tier` tells: sorted, without duplicates, never the member.
    pub fn of(&self, tier: u8, member_id: &str) -> Vec<String> {
        let mut out: Vec<String> = match tier {
            1 => self.mentors.iter().chain(self.facilitators.iter()).cloned().collect(),
            2 => self.on_call.clone(),
            3 => self.admins.clone(),
            _ => Vec::new(),
        };
        out.retain(|u| u != member_id);
        out.sort();
        out.dedup();
        out
    }
}

/// One step the escalation takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Tier `tier` was told: these people.
    Notified { tier: u8, recipients: Vec<String> },
    /// Tier `tier` had nobody in it.
    Skipped { tier: u8 },
}

impl Step {
    pub fn tier(&self) -> u8 {
        match self {
            Step::Notified { tier, .. } | Step::Skipped { tier } => *tier,
        }
    }
}

/// What to do now for an alert that has reached `from_tier` (0: just raised).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Skipped tiers, then at most one notified tier.
    pub steps: Vec<Step>,
    /// The tier reached after these steps.
    pub tier: u8,
    /// When the next tier is due; `None`: nothing more is due.
    pub next_at: Option<i64>,
}

/// The next escalation: tiers after `from_tier` with nobody in them are
/// skipped, the first with someone is told, and the one after it is due
/// `timeout_ms` later (nothing is due after the last tier, or when every
/// remaining tier was empty).
pub fn plan(from_tier: u8, now: i64, timeout_ms: i64, people: &TierPeople, member_id: &str) -> Plan {
    let mut steps = Vec::new();
    let mut tier = from_tier.min(LAST_TIER);
    while tier < LAST_TIER {
        tier += 1;
        let recipients = people.of(tier, member_id);
        if recipients.is_empty() {
            steps.push(Step::Skipped { tier });
        } else {
            steps.push(Step::Notified { tier, recipients });
            return Plan { steps, tier, next_at: next_due(tier, now, timeout_ms) };
        }
    }
    Plan { steps, tier, next_at: None }
}

/// When the tier after `tier` is due, if any.
pub fn next_due(tier: u8, now: i64, timeout_ms: i64) -> Option<i64> {
    (tier < LAST_TIER).then(|| now.saturating_add(timeout_ms.max(0)))
}

// ---------------------------------------------------------------------------
// The on-call roster

/// One hour of the week a counsellor is on call, in the centre's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot {
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u8,
    /// 0–23.
    pub hour: u8,
}

/// The centre-local weekday and hour at `now` (UTC ms).
pub fn slot_at(now: i64, tz: chrono_tz::Tz) -> Slot {
    let t = chrono::DateTime::from_timestamp_millis(now).unwrap_or_default().with_timezone(&tz);
    Slot { weekday: t.weekday().num_days_from_monday() as u8, hour: t.hour() as u8 }
}

/// Who of a roster is on call at `now` in the centre's zone.
pub fn on_call_at(roster: &[(Slot, String)], now: i64, tz: chrono_tz::Tz) -> Vec<String> {
    let s = slot_at(now, tz);
    let mut out: Vec<String> = roster.iter().filter(|(slot, _)| *slot == s).map(|(_, u)| u.clone()).collect();
    out.sort();
    out.dedup();
    out
}

/// Checks a roster: weekdays 0–6, hours 0–23, at most [`ROSTER_MAX`]
/// entries, only counsellors (`role_of` gives each person's role in the
/// centre, `None` when unknown there). Returns it sorted without duplicates.
pub fn check_roster(
    errors: &mut FieldErrors,
    entries: &[(i64, i64, String)],
    role_of: impl Fn(&str) -> Option<Role>,
) -> Vec<(Slot, String)> {
    if entries.len() > ROSTER_MAX {
        errors.add("slots", "too_many");
        return Vec::new();
    }
    let mut out = Vec::with_capacity(entries.len());
    for (weekday, hour, user) in entries {
        if !(0..=6).contains(weekday) {
            errors.add("slots", "bad_weekday");
            continue;
        }
        if !(0..=23).contains(hour) {
            errors.add("slots", "bad_hour");
            continue;
        }
        match role_of(user) {
            Some(Role::Counselor) => out.push((Slot { weekday: *weekday as u8, hour: *hour as u8 }, user.clone())),
            Some(_) => errors.add("slots", "not_a_counselor"),
            None => errors.add("slots", "unknown_user"),
        }
    }
    out.sort();
    out.dedup();
    out
}

// ---------------------------------------------------------------------------
// Who may do what (the policy asks here)

/// Pressing the crisis button: members, for themselves.
pub fn may_raise(role: Role) -> bool {
    role == Role::Member
}

/// Seeing an alert: staff all of their centre's; a peer mentor those of
/// their mentees and those they were told of; a member their own; family
/// nothing.
pub fn may_see(role: Role, own: bool, mentor: bool, notified: bool) -> bool {
    match role {
        Role::Admin | Role::Counselor => true,
        Role::PeerMentor => mentor || notified,
        Role::Member => own,
        Role::Family => false,
    }
}

/// Acknowledging or resolving an alert: whoever may see it, except the
/// member themself.
pub fn may_act(role: Role, mentor: bool, notified: bool) -> bool {
    role != Role::Member && may_see(role, false, mentor, notified)
}

/// Reading the on-call roster: staff. Changing it: admins and counsellors.
pub fn may_read_roster(role: Role) -> bool {
    role.is_staff()
}

pub fn may_edit_roster(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Counselor)
}

/// The member's optional words: trimmed, at most [`MESSAGE_MAX`] characters
/// (an empty message is no message).
pub fn check_message(errors: &mut FieldErrors, message: Option<&str>) -> Option<String> {
    let m = message.map(str::trim).filter(|m| !m.is_empty())?;
    if m.chars().count() > MESSAGE_MAX {
        errors.add("message", "too_long");
        return None;
    }
    Some(m.to_string())
}

/// A resolution note is required: non-empty, at most [`NOTE_MAX`] characters.
pub fn check_note(errors: &mut FieldErrors, note: Option<&str>) -> String {
    let n = note.map(str::trim).unwrap_or("");
    if n.is_empty() {
        errors.add("note", "required");
    } else if n.chars().count() > NOTE_MAX {
        errors.add("note", "too_long");
    }
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn people(m: &[&str], f: &[&str], o: &[&str], a: &[&str]) -> TierPeople {
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect();
        TierPeople { mentors: v(m), facilitators: v(f), on_call: v(o), admins: v(a) }
    }

    #[test]
    fn tier_one_is_mentor_and_facilitators_without_the_member_or_duplicates() {
        let p = people(&["mentor"], &["fac2", "fac1", "mentor", "member"], &["oc"], &["adm"]);
        assert_eq!(p.of(1, "member"), ["fac1", "fac2", "mentor"]);
        assert_eq!(p.of(2, "member"), ["oc"]);
        assert_eq!(p.of(3, "member"), ["adm"]);
        assert!(p.of(4, "member").is_empty());
    }

    #[test]
    fn raising_tells_tier_one_and_schedules_tier_two() {
        let p = people(&["mentor"], &[], &["oc"], &["adm"]);
        let plan = plan(0, 1_000, 300_000, &p, "m");
        assert_eq!(plan.steps, [Step::Notified { tier: 1, recipients: vec!["mentor".into()] }]);
        assert_eq!((plan.tier, plan.next_at), (1, Some(301_000)));
    }

    #[test]
    fn empty_tiers_are_skipped_at_once() {
        let p = people(&[], &[], &[], &["adm"]);
        let plan = plan(0, 1_000, 300_000, &p, "m");
        assert_eq!(
            plan.steps,
            [
                Step::Skipped { tier: 1 },
                Step::Skipped { tier: 2 },
                Step::Notified { tier: 3, recipients: vec!["adm".into()] }
            ]
        );
        assert_eq!((plan.tier, plan.next_at), (3, None));
    }

    #[test]
    fn nothing_is_due_after_the_last_tier() {
        let p = people(&["x"], &[], &["oc"], &["adm"]);
        let two = plan(1, 5_000, 1_000, &p, "m");
        assert_eq!((two.tier, two.next_at), (2, Some(6_000)));
        let three = plan(2, 6_000, 1_000, &p, "m");
        assert_eq!((three.tier, three.next_at), (3, None));
        let after = plan(3, 7_000, 1_000, &p, "m");
        assert!(after.steps.is_empty());
        assert_eq!((after.tier, after.next_at), (3, None));
        let nobody = plan(1, 5_000, 1_000, &TierPeople::default(), "m");
        assert_eq!(nobody.steps, [Step::Skipped { tier: 2 }, Step::Skipped { tier: 3 }]);
        assert_eq!(nobody.next_at, None);
    }

    #[test]
    fn on_call_by_centre_local_weekday_and_hour() {
        let tz: chrono_tz::Tz = "Asia/Kolkata".parse().expect("tz");
        // 2026-11-23 is a Monday. 20:00 UTC on Sunday the 22nd is 01:30 Monday in Kolkata.
        let sunday_2000_utc =
            chrono::Utc.with_ymd_and_hms(2026, 11, 22, 20, 0, 0).single().expect("t").timestamp_millis();
        assert_eq!(slot_at(sunday_2000_utc, tz), Slot { weekday: 0, hour: 1 });
        assert_eq!(slot_at(sunday_2000_utc, chrono_tz::UTC), Slot { weekday: 6, hour: 20 });
        let roster = vec![
            (Slot { weekday: 0, hour: 1 }, "night".to_string()),
            (Slot { weekday: 6, hour: 20 }, "sunday".to_string()),
            (Slot { weekday: 0, hour: 1 }, "night".to_string()),
        ];
        assert_eq!(on_call_at(&roster, sunday_2000_utc, tz), ["night"]);
        assert_eq!(on_call_at(&roster, sunday_2000_utc, chrono_tz::UTC), ["sunday"]);
    }

    #[test]
    fn roster_checks() {
        let role = |u: &str| match u {
            "c" => Some(Role::Counselor),
            "m" => Some(Role::Member),
            _ => None,
        };
        let mut e = FieldErrors::new();
        let r = check_roster(&mut e, &[(0, 9, "c".into()), (0, 9, "c".into()), (6, 23, "c".into())], role);
        assert!(e.is_empty());
        assert_eq!(r.len(), 2);
        for (bad, code) in [
            ((7, 1, "c"), "bad_weekday"),
            ((0, 24, "c"), "bad_hour"),
            ((0, 1, "m"), "not_a_counselor"),
            ((0, 1, "z"), "unknown_user"),
        ] {
            let mut e = FieldErrors::new();
            check_roster(&mut e, &[(bad.0, bad.1, bad.2.to_string())], role);
            assert_eq!(e.0[0].code, code);
        }
    }

    #[test]
    fn who_sees_and_acts() {
        assert!(may_raise(Role::Member));
        assert!(!may_raise(Role::PeerMentor));
        assert!(may_see(Role::Counselor, false, false, false) && may_see(Role::Admin, false, false, false));
        assert!(may_see(Role::PeerMentor, false, true, false));
        assert!(may_see(Role::PeerMentor, false, false, true));
        assert!(!may_see(Role::PeerMentor, false, false, false));
        assert!(may_see(Role::Member, true, false, false));
        assert!(!may_see(Role::Member, false, true, true));
        assert!(!may_see(Role::Family, true, true, true));
        assert!(!may_act(Role::Member, true, true));
        assert!(may_act(Role::PeerMentor, true, false));
        assert!(!may_act(Role::PeerMentor, false, false));
        assert!(may_edit_roster(Role::Counselor) && !may_edit_roster(Role::PeerMentor));
    }

    #[test]
    fn message_and_note() {
        let mut e = FieldErrors::new();
        assert_eq!(check_message(&mut e, Some("  ")), None);
        assert_eq!(check_message(&mut e, Some(" help ")), Some("help".into()));
        assert!(e.is_empty());
        check_message(&mut e, Some(&"x".repeat(MESSAGE_MAX + 1)));
        assert_eq!(e.0[0].code, "too_long");
        let mut e = FieldErrors::new();
        check_note(&mut e, None);
        check_note(&mut e, Some("   "));
        assert_eq!(e.0.len(), 2);
        let mut e = FieldErrors::new();
        assert_eq!(check_note(&mut e, Some(" called, safe now ")), "called, safe now");
        assert!(e.is_empty());
    }

    fn names() -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec(prop_oneof![Just("m"), Just("a"), Just("b"), Just("c")], 0..4)
            .prop_map(|v| v.into_iter().map(String::from).collect())
    }

    proptest! {
        #[test]
        fn plans_are_sound(
            from in 0u8..=3, now in 0i64..1_000_000_000, timeout in 1i64..100_000_000,
            m in names(), f in names(), o in names(), a in names()
        ) {
            let p = TierPeople { mentors: m, facilitators: f, on_call: o, admins: a };
            let plan = plan(from, now, timeout, &p, "m");
            // Tiers only move forward, one at a time, from where the alert was.
            let mut expected = from;
            for s in &plan.steps {
                expected += 1;
                prop_assert_eq!(s.tier(), expected);
            }
            prop_assert_eq!(plan.tier, if plan.steps.is_empty() { from.min(LAST_TIER) } else { expected });
            // Only the last step tells anyone; every skipped tier was empty.
            for (i, s) in plan.steps.iter().enumerate() {
                match s {
                    Step::Skipped { tier } => prop_assert!(p.of(*tier, "m").is_empty()),
                    Step::Notified { tier, recipients } => {
                        prop_assert_eq!(i, plan.steps.len() - 1);
                        prop_assert!(!recipients.is_empty());
                        prop_assert!(!recipients.iter().any(|r| r == "m"));
                        prop_assert_eq!(recipients, &p.of(*tier, "m"));
                    }
                }
            }
            // Something is due exactly when a tier before the last was told.
            let told = matches!(plan.steps.last(), Some(Step::Notified { .. }));
            prop_assert_eq!(plan.next_at.is_some(), told && plan.tier < LAST_TIER);
            if let Some(due) = plan.next_at {
                prop_assert_eq!(due, now + timeout);
            }
        }

        #[test]
        fn on_call_is_exactly_the_slot_of_the_moment(now in 0i64..4_000_000_000_000, hour in 0u8..24, weekday in 0u8..7) {
            let tz: chrono_tz::Tz = "Asia/Kolkata".parse().expect("tz");
            let roster = vec![(Slot { weekday, hour }, "c".to_string())];
            let s = slot_at(now, tz);
            prop_assert!(s.weekday < 7 && s.hour < 24);
            prop_assert_eq!(on_call_at(&roster, now, tz).len() == 1, s == Slot { weekday, hour });
        }
    }
}
