//! Weekly goals, set in front of the group: a title and how many times a
//! week. A goal stands until it is ended; each week (Monday to Sunday in the
//! centre's calendar) it is met, partly met or not met. A goal may be shared
//! with one of the member's groups, whose peers can then cheer it.

use crate::validation::FieldErrors;
use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

pub const TITLE_MAX: usize = 120;
/// At most three times a day, every day.
pub const TARGET_MAX: i64 = 21;
/// How many times one progress entry may count.
pub const COUNT_MAX: i64 = 21;
pub const NOTE_MAX: usize = 500;

/// The group a goal is set in front of, as the member chose it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupChoice {
    /// No group: the goal is the member's own.
    None,
    /// A group the member is active in.
    Joined,
    /// A group the member is not (or no longer) active in, or no such group.
    NotJoined,
}

/// What a member sends to set a goal.
#[derive(Debug, Clone, Copy)]
pub struct GoalFields<'a> {
    pub title: &'a str,
    pub target_per_week: i64,
    pub group: GroupChoice,
    pub visible_to_group: bool,
}

/// Checks a new goal; every failing field is reported.
pub fn check(g: &GoalFields<'_>) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::new();
    e.text("title", g.title, TITLE_MAX);
    if !(1..=TARGET_MAX).contains(&g.target_per_week) {
        e.add("target_per_week", "out_of_range");
    }
    match g.group {
        GroupChoice::NotJoined => e.add("group_id", "not_in_group"),
        GroupChoice::None if g.visible_to_group => e.add("visible_to_group", "needs_group"),
        _ => {}
    }
    e.into_result()
}

/// Checks the owner's change of whether a goal is shown to its group.
/// Withdrawing is always allowed (consent is revocable, whatever became of
/// the group); showing it again needs the goal's group to be one the owner
/// is still active in.
pub fn check_sharing(visible_to_group: bool, group: GroupChoice) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::new();
    if visible_to_group {
        match group {
            GroupChoice::None => e.add("visible_to_group", "needs_group"),
            GroupChoice::NotJoined => e.add("visible_to_group", "not_in_group"),
            GroupChoice::Joined => {}
        }
    }
    e.into_result()
}

/// Checks a progress entry: done `count` times (1–21), with an optional note.
pub fn check_progress(count: i64, note: Option<&str>) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::new();
    if !(1..=COUNT_MAX).contains(&count) {
        e.add("count", "out_of_range");
    }
    e.optional_text("note", note, NOTE_MAX);
    e.into_result()
}

/// Whether a goal is shared with a group: the member asked for it to be
/// visible, and it has a group. Only a shared goal is seen and cheered by peers.
/// The choice is the goal's as it stands now, not as it was in a week: a goal
/// whose owner stopped sharing it is seen by peers in no week, past ones
/// included, and its cheers with it.
pub fn shared(visible_to_group: bool, has_group: bool) -> bool {
    visible_to_group && has_group
}

/// The Monday of the week `d` falls in (the first day of the calendar, should
/// that Monday lie before it).
pub fn week_start(d: NaiveDate) -> NaiveDate {
    d.checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday()))).unwrap_or(NaiveDate::MIN)
}

/// The week under way at `now` in the centre's calendar (its Monday).
pub fn this_week(now: DateTime<Utc>, tz: Tz) -> NaiveDate {
    week_start(crate::sobriety::local_today(now, tz))
}

/// The first moment of a local date in `tz` (the earliest, should the zone
/// skip or repeat midnight).
fn local_midnight(d: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    match midnight.and_local_timezone(tz).earliest() {
        Some(t) => t.with_timezone(&Utc),
        // A zone that skips midnight starts the day an hour later.
        None => (midnight + Duration::hours(1))
            .and_local_timezone(tz)
            .earliest()
            .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc)),
    }
}

/// When the week that starts on `monday` ends: the next Monday's first
/// moment in the centre's calendar. A goal set before then counts in the
/// week; a goal ended before then does not.
/// A week at the very end of the calendar never ends.
pub fn week_end(monday: NaiveDate, tz: Tz) -> DateTime<Utc> {
    monday.checked_add_days(Days::new(7)).map_or(DateTime::<Utc>::MAX_UTC, |next| local_midnight(next, tz))
}

/// How a goal's week went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekStatus {
    /// Done at least as often as the target.
    Met,
    /// Done, but less often than the target.
    Partly,
    /// Not done this week (yet).
    Not,
}

impl WeekStatus {
    pub const ALL: [WeekStatus; 3] = [WeekStatus::Met, WeekStatus::Partly, WeekStatus::Not];

    pub fn as_str(self) -> &'static str {
        match self {
            WeekStatus::Met => "met",
            WeekStatus::Partly => "partly",
            WeekStatus::Not => "not",
        }
    }
}

/// The week's status from how often the goal was done and its target.
pub fn status(done: i64, target: i64) -> WeekStatus {
    if done >= target && done > 0 {
        WeekStatus::Met
    } else if done > 0 {
        WeekStatus::Partly
    } else {
        WeekStatus::Not
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;
    use crate::policy::{Action, Actor, Decision, Target, decide};
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn fields(title: &str, target: i64) -> GoalFields<'_> {
        GoalFields { title, target_per_week: target, group: GroupChoice::None, visible_to_group: false }
    }

    fn failing(r: Result<(), FieldErrors>) -> Vec<(&'static str, &'static str)> {
        r.err().map(|e| e.0.iter().map(|f| (f.field, f.code)).collect()).unwrap_or_default()
    }

    #[test]
    fn goals_are_checked_all_at_once() {
        assert!(check(&fields("Walk 30 minutes", 5)).is_ok());
        assert!(check(&fields(&"क".repeat(TITLE_MAX), TARGET_MAX)).is_ok(), "characters, not bytes");
        assert_eq!(failing(check(&fields("  ", 0))), [("title", "required"), ("target_per_week", "out_of_range")]);
        assert_eq!(
            failing(check(&fields(&"x".repeat(121), 22))),
            [("title", "too_long"), ("target_per_week", "out_of_range")]
        );
        let mut g = fields("Call home", 2);
        g.visible_to_group = true;
        assert_eq!(failing(check(&g)), [("visible_to_group", "needs_group")]);
        g.group = GroupChoice::Joined;
        assert!(check(&g).is_ok());
        g.group = GroupChoice::NotJoined;
        assert_eq!(failing(check(&g)), [("group_id", "not_in_group")]);
        g.visible_to_group = false;
        assert_eq!(failing(check(&g)), [("group_id", "not_in_group")], "a group one is not in, shared or not");
    }

    #[test]
    fn sharing_can_always_be_withdrawn_and_given_again_only_in_a_group_of_ones_own() {
        for group in [GroupChoice::None, GroupChoice::Joined, GroupChoice::NotJoined] {
            assert!(check_sharing(false, group).is_ok(), "{group:?}");
        }
        assert!(check_sharing(true, GroupChoice::Joined).is_ok());
        assert_eq!(failing(check_sharing(true, GroupChoice::None)), [("visible_to_group", "needs_group")]);
        assert_eq!(failing(check_sharing(true, GroupChoice::NotJoined)), [("visible_to_group", "not_in_group")]);
        assert!(!shared(false, true), "withdrawn");
        assert!(shared(true, true));
    }

    #[test]
    fn progress_entries() {
        assert!(check_progress(1, None).is_ok());
        assert!(check_progress(21, Some(&"n".repeat(500))).is_ok());
        assert_eq!(
            failing(check_progress(0, Some(&"n".repeat(501)))),
            [("count", "out_of_range"), ("note", "too_long")]
        );
        assert_eq!(failing(check_progress(22, None)), [("count", "out_of_range")]);
        assert_eq!(failing(check_progress(-1, None)), [("count", "out_of_range")]);
    }

    #[test]
    fn weeks_start_on_monday() {
        // 21 November 2026 is a Saturday.
        assert_eq!(week_start(d(2026, 11, 21)), d(2026, 11, 16));
        assert_eq!(week_start(d(2026, 11, 16)), d(2026, 11, 16));
        assert_eq!(week_start(d(2026, 11, 22)), d(2026, 11, 16), "Sunday ends the week");
        assert_eq!(week_start(d(2026, 11, 23)), d(2026, 11, 23));
        assert_eq!(week_start(d(2027, 1, 1)), d(2026, 12, 28), "across a year");
    }

    #[test]
    fn the_week_turns_at_local_midnight() {
        use chrono::TimeZone;
        let kolkata = chrono_tz::Asia::Kolkata;
        // 18:29:59 UTC on Sunday 22 Nov is 23:59:59 in Kolkata: still the week of the 16th.
        let sunday_night = Utc.with_ymd_and_hms(2026, 11, 22, 18, 29, 59).single().expect("t");
        assert_eq!(this_week(sunday_night, kolkata), d(2026, 11, 16));
        assert_eq!(this_week(sunday_night, chrono_tz::UTC), d(2026, 11, 16));
        // 18:30 UTC is Monday 00:00 in Kolkata: a new week there, still Sunday in UTC.
        let monday = Utc.with_ymd_and_hms(2026, 11, 22, 18, 30, 0).single().expect("t");
        assert_eq!(this_week(monday, kolkata), d(2026, 11, 23));
        assert_eq!(this_week(monday, chrono_tz::UTC), d(2026, 11, 16));
        assert_eq!(week_end(d(2026, 11, 16), kolkata), monday);
    }

    #[test]
    fn week_status() {
        assert_eq!(status(0, 3), WeekStatus::Not);
        assert_eq!(status(1, 3), WeekStatus::Partly);
        assert_eq!(status(3, 3), WeekStatus::Met);
        assert_eq!(status(5, 3), WeekStatus::Met, "more than the target is met");
        assert_eq!(WeekStatus::ALL.map(WeekStatus::as_str), ["met", "partly", "not"]);
    }

    fn actor(role: Role, id: &str) -> Actor {
        Actor { user_id: id.into(), role, center_id: "c".into() }
    }

    /// A goal of member `m`, with the reader's relation to the goal's group.
    fn goal(facilitator: bool, peer: bool) -> Target<'static> {
        Target { subject_id: Some("m"), ..Target::group("c", facilitator, peer) }
    }

    #[test]
    fn only_the_owner_sets_logs_and_ends_a_goal() {
        let own = Target::subject("c", "m");
        assert_eq!(decide(&actor(Role::Member, "m"), Action::WriteGoal, own), Decision::Allow);
        for (role, id) in [(Role::Member, "p"), (Role::Counselor, "x"), (Role::Admin, "x"), (Role::Family, "f")] {
            assert_eq!(decide(&actor(role, id), Action::WriteGoal, own), Decision::Forbidden, "{role}");
        }
        // A peer mentor with a member record is not a member setting goals.
        assert_eq!(decide(&actor(Role::PeerMentor, "m"), Action::WriteGoal, own), Decision::Forbidden);
        assert_eq!(
            decide(&actor(Role::Member, "m"), Action::WriteGoal, Target::subject("c2", "m")),
            Decision::NotFound
        );
    }

    #[test]
    fn who_reads_a_goal() {
        let read = |shared| Action::ReadGoal { shared };
        for shared in [true, false] {
            assert_eq!(decide(&actor(Role::Member, "m"), read(shared), goal(false, false)), Decision::Allow, "own");
            assert_eq!(decide(&actor(Role::Counselor, "x"), read(shared), goal(false, false)), Decision::Allow);
            assert_eq!(decide(&actor(Role::Admin, "x"), read(shared), goal(false, false)), Decision::Allow);
            assert_eq!(decide(&actor(Role::Family, "f"), read(shared), goal(false, true)), Decision::Forbidden);
            assert_eq!(decide(&actor(Role::Member, "p"), read(shared), goal(false, false)), Decision::Forbidden);
        }
        assert_eq!(decide(&actor(Role::Member, "p"), read(true), goal(false, true)), Decision::Allow, "a peer");
        assert_eq!(
            decide(&actor(Role::Member, "p"), read(false), goal(false, true)),
            Decision::Forbidden,
            "not shared"
        );
        assert_eq!(
            decide(&actor(Role::PeerMentor, "t"), read(true), goal(true, false)),
            Decision::Allow,
            "facilitator"
        );
        assert_eq!(decide(&actor(Role::PeerMentor, "t"), read(false), goal(true, false)), Decision::Forbidden);
        assert_eq!(decide(&actor(Role::PeerMentor, "t"), read(true), goal(false, true)), Decision::Forbidden);
        let elsewhere = Target { subject_id: Some("m"), ..Target::group("c2", true, true) };
        assert_eq!(decide(&actor(Role::Counselor, "x"), read(true), elsewhere), Decision::NotFound);
    }

    #[test]
    fn who_cheers_a_goal() {
        let cheer = |shared| Action::CheerGoal { shared };
        assert_eq!(decide(&actor(Role::Member, "p"), cheer(true), goal(false, true)), Decision::Allow);
        assert_eq!(decide(&actor(Role::Member, "p"), cheer(false), goal(false, true)), Decision::Forbidden);
        assert_eq!(decide(&actor(Role::Member, "p"), cheer(true), goal(false, false)), Decision::Forbidden);
        assert_eq!(decide(&actor(Role::Member, "m"), cheer(true), goal(false, true)), Decision::Forbidden, "own");
        assert_eq!(decide(&actor(Role::Counselor, "x"), cheer(true), goal(true, false)), Decision::Allow);
        assert_eq!(decide(&actor(Role::Counselor, "x"), cheer(true), goal(false, false)), Decision::Forbidden);
        assert_eq!(decide(&actor(Role::Family, "f"), cheer(true), goal(false, true)), Decision::Forbidden);
    }

    #[test]
    fn weeks_at_the_ends_of_the_calendar_do_not_overflow() {
        let tz = chrono_tz::Asia::Kolkata;
        let last = week_start(NaiveDate::MAX);
        assert_eq!(week_end(last, tz), DateTime::<Utc>::MAX_UTC);
        assert_eq!(week_end(NaiveDate::MAX, tz), DateTime::<Utc>::MAX_UTC);
        assert!(week_start(NaiveDate::MIN) <= NaiveDate::MIN + Duration::days(6));
        assert_eq!(week_end(d(2026, 11, 16), tz), local_midnight(d(2026, 11, 23), tz));
    }

    proptest! {
        #[test]
        fn week_start_is_the_monday_before(offset in 0i64..20_000) {
            let day = d(2000, 1, 1) + Duration::days(offset);
            let ws = week_start(day);
            prop_assert_eq!(ws.weekday(), chrono::Weekday::Mon);
            prop_assert!(ws <= day);
            prop_assert!((day - ws).num_days() < 7);
            prop_assert_eq!(week_start(ws), ws);
            prop_assert_eq!(week_start(ws + Duration::days(6)), ws);
        }

        #[test]
        fn the_week_holds_every_moment_of_its_seven_days(offset in 0i64..5_000, secs in 0i64..86_400 * 7,
            zone in prop::sample::select(vec!["Asia/Kolkata", "Asia/Kathmandu", "Pacific/Kiritimati", "America/Los_Angeles", "America/Santiago", "UTC"])) {
            let tz: Tz = zone.parse().expect("zone");
            let now = DateTime::<Utc>::from_timestamp(1_600_000_000 + offset * 86_400 + secs, 0).expect("t");
            let monday = this_week(now, tz);
            let local = now.with_timezone(&tz).date_naive();
            prop_assert!(monday <= local && (local - monday).num_days() < 7);
            prop_assert!(now < week_end(monday, tz), "the week has not ended yet");
            prop_assert!(week_end(monday - Duration::days(7), tz) <= now, "the week before has");
            prop_assert_eq!(this_week(week_end(monday, tz), tz), monday + Duration::days(7));
        }

        #[test]
        fn status_follows_done_and_target(done in 0i64..50, target in 1i64..=TARGET_MAX) {
            let s = status(done, target);
            prop_assert_eq!(s == WeekStatus::Met, done >= target);
            prop_assert_eq!(s == WeekStatus::Not, done == 0);
            prop_assert_eq!(s == WeekStatus::Partly, done > 0 && done < target);
        }

        #[test]
        fn any_title_of_1_to_120_characters_is_accepted(title in "\\PC{1,120}", target in 1i64..=TARGET_MAX) {
            let ok = !title.trim().is_empty();
            prop_assert_eq!(check(&fields(&title, target)).is_ok(), ok);
        }
    }
}
