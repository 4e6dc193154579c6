//! Days sober, counted in the centre's local calendar: the start date is
//! day 0. Milestones, and what a lapse changes (the count restarts the next
//! day; the longest streak and the total are kept).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

/// The milestones of the first year, in days.
pub const FIRST_YEAR: [i64; 9] = [1, 7, 14, 30, 60, 90, 180, 270, 365];

/// The local calendar date at `now` in `tz`.
pub fn local_today(now: DateTime<Utc>, tz: Tz) -> NaiveDate {
    now.with_timezone(&tz).date_naive()
}

/// Days sober on `today`; `None` before the start date.
pub fn days_sober(start: NaiveDate, today: NaiveDate) -> Option<i64> {
    let d = (today - start).num_days();
    (d >= 0).then_some(d)
}

/// The n-th milestone (0-based): the first year's, then every year after.
fn nth(n: usize) -> i64 {
    match FIRST_YEAR.get(n) {
        Some(d) => *d,
        None => 365 * (n as i64 - FIRST_YEAR.len() as i64 + 2),
    }
}

/// The largest milestone reached at `days`, if any.
pub fn current_milestone(days: i64) -> Option<i64> {
    (0..).map(nth).take_while(|m| *m <= days).last()
}

/// The first milestone after `days`.
pub fn next_milestone(days: i64) -> i64 {
    (0..).map(nth).find(|m| *m > days).unwrap_or(i64::MAX)
}

/// Every milestone reached on a day in `after < day <= upto` (days sober).
pub fn reached_between(after: i64, upto: i64) -> Vec<i64> {
    (0..).map(nth).skip_while(|m| *m <= after).take_while(|m| *m <= upto).collect()
}

/// The date a milestone falls on for a streak that started on `start`.
pub fn milestone_date(start: NaiveDate, milestone: i64) -> NaiveDate {
    start + Duration::days(milestone)
}

/// The milestones of a streak that began on `start` which fall on a date in
/// `after < date <= upto`, with their dates: what a group celebrates when it
/// meets again.
pub fn milestones_between_dates(start: NaiveDate, after: NaiveDate, upto: NaiveDate) -> Vec<(i64, NaiveDate)> {
    let Some(upto_days) = days_sober(start, upto) else { return Vec::new() };
    let after_days = (after - start).num_days();
    reached_between(after_days.max(0), upto_days)
        .into_iter()
        .filter(|m| *m > after_days)
        .map(|m| (m, milestone_date(start, m)))
        .collect()
}

/// Where a meeting's celebrations begin: after the day of the group's
/// previous session; a group meeting for the first time looks back a week.
pub fn celebrations_since(previous_session_day: Option<NaiveDate>, meeting_day: NaiveDate) -> NaiveDate {
    previous_session_day.unwrap_or(meeting_day - Duration::days(7))
}

/// A member's sobriety from their history: the first sober day of all, and
/// the lapses since (dates, any order; a day twice is one lapse day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub first_start: NaiveDate,
    pub lapses: Vec<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The current streak's day 0: the day after the last lapse (or the
    /// start staff set on the member's record since).
    pub current_start: NaiveDate,
    pub days: i64,
    pub longest_streak_days: i64,
    pub total_sober_days: i64,
    pub lapses: usize,
}

/// One streak: its day 0 and the lapse day that ended it (`None`: the
/// current streak, still under way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Streak {
    pub start: NaiveDate,
    pub ended_by: Option<NaiveDate>,
}

/// The day the current streak starts once a lapse on `lapse` is recorded,
/// the current streak having started on `current`: the day after the lapse,
/// or `current` if that is later. A lapse recorded late, on a day before the
/// current streak began, ended an earlier streak: it never moves the start
/// back (and, the summary being made from the first start and every lapse,
/// it splits that earlier streak without erasing anything).
pub fn start_after_lapse(current: NaiveDate, lapse: NaiveDate) -> NaiveDate {
    current.max(lapse + Duration::days(1))
}

/// The first sober day of all, from the current streak's start and the start
/// each lapse saw when it was recorded (a lapse keeps the start as it stood):
/// the earliest of them. Recording a lapse never moves the start back
/// ([`start_after_lapse`]), so this is the start before the first lapse,
/// whatever order the lapses were recorded in; a start staff moved to an
/// earlier day since is the first one.
pub fn first_start(current: NaiveDate, starts_seen: impl IntoIterator<Item = NaiveDate>) -> NaiveDate {
    starts_seen.into_iter().fold(current, NaiveDate::min)
}

/// A member's streaks up to `today`, oldest first, the current one last,
/// beginning on `current` (the member's record: the start a lapse moved it
/// to, or the one staff set since). The streaks before it run from the first
/// start, each ended by a lapse day before `current`. The member's record
/// has the last word on the current streak: a lapse on or after `current`
/// (only when staff moved the start back over it) ends nothing, and the days
/// between the last streak's end (or the first start) and a start staff set
/// later are in no streak, as the days before a start corrected before any
/// lapse are.
pub fn streaks(r: &Record, current: NaiveDate, today: NaiveDate) -> Vec<Streak> {
    let first = r.first_start.min(current);
    let mut ends: Vec<NaiveDate> =
        r.lapses.iter().copied().filter(|l| *l >= first && *l < current && *l <= today).collect();
    ends.sort();
    ends.dedup();
    let mut out = Vec::with_capacity(ends.len() + 1);
    let mut start = first;
    for l in ends {
        out.push(Streak { start, ended_by: Some(l) });
        start = l + Duration::days(1);
    }
    out.push(Streak { start: current, ended_by: None });
    out
}

/// The summary on `today`, the current streak beginning the day after the
/// last lapse. Each lapse day ends a streak of the days before it; the next
/// day starts a new one. (For a member's record, whose current start is
/// kept on it: [`summarize_from`].)
pub fn summarize(r: &Record, today: NaiveDate) -> Summary {
    let ended = r.lapses.iter().copied().filter(|l| *l >= r.first_start && *l <= today);
    summarize_from(r, ended.fold(r.first_start, start_after_lapse), today)
}

/// The summary on `today` of a member whose current streak began on
/// `current` (see [`streaks`]): the days of the current streak, the longest
/// streak and the total of all, and the lapses that ended a streak.
pub fn summarize_from(r: &Record, current: NaiveDate, today: NaiveDate) -> Summary {
    let streaks = streaks(r, current, today);
    let lengths = streaks.iter().map(|s| (s.ended_by.unwrap_or(today) - s.start).num_days().max(0));
    let (longest, total) = lengths.fold((0, 0), |(longest, total), n| (longest.max(n), total + n));
    Summary {
        current_start: current,
        days: (today - current).num_days().max(0),
        longest_streak_days: longest,
        total_sober_days: total,
        lapses: streaks.len() - 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn start_is_day_zero_in_local_calendar() {
        let start = d(2026, 1, 1);
        // 19:00 UTC on 1 Jan is 00:30 on 2 Jan in Kolkata: day 1 there, day 0 in UTC.
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 19, 0, 0).single().expect("time");
        assert_eq!(days_sober(start, local_today(now, chrono_tz::Asia::Kolkata)), Some(1));
        assert_eq!(days_sober(start, local_today(now, chrono_tz::UTC)), Some(0));
        // 18:29 UTC is still 23:59 on 1 Jan in Kolkata.
        let before = Utc.with_ymd_and_hms(2026, 1, 1, 18, 29, 59).single().expect("time");
        assert_eq!(days_sober(start, local_today(before, chrono_tz::Asia::Kolkata)), Some(0));
        assert_eq!(days_sober(start, start.pred_opt().expect("date")), None);
    }

    #[test]
    fn milestones() {
        assert_eq!(current_milestone(0), None);
        assert_eq!(next_milestone(0), 1);
        assert_eq!(current_milestone(1), Some(1));
        assert_eq!(current_milestone(29), Some(14));
        assert_eq!(next_milestone(29), 30);
        assert_eq!(next_milestone(365), 730);
        assert_eq!(current_milestone(800), Some(730));
        assert_eq!(next_milestone(800), 1095);
        assert_eq!(reached_between(5, 31), [7, 14, 30]);
        assert_eq!(reached_between(364, 1100), [365, 730, 1095]);
        assert!(reached_between(7, 7).is_empty());
        assert_eq!(milestone_date(d(2026, 1, 1), 30), d(2026, 1, 31));
    }

    #[test]
    fn a_lapse_restarts_the_count_and_keeps_the_past() {
        let r = Record { first_start: d(2026, 1, 1), lapses: vec![d(2026, 3, 2)] };
        let s = summarize(&r, d(2026, 3, 12));
        assert_eq!(s.current_start, d(2026, 3, 3));
        assert_eq!(s.days, 9);
        assert_eq!(s.longest_streak_days, 60, "1 Jan .. 1 Mar");
        assert_eq!(s.total_sober_days, 69);
        assert_eq!(s.lapses, 1);
        let lapse_today = summarize(&r, d(2026, 3, 2));
        assert_eq!(lapse_today.days, 0);
        assert_eq!(lapse_today.current_start, d(2026, 3, 3), "the count restarts tomorrow");
        assert_eq!(lapse_today.total_sober_days, 60);
        let lapse_on_second_day =
            summarize(&Record { first_start: d(2026, 1, 1), lapses: vec![d(2026, 1, 2)] }, d(2026, 1, 2));
        assert_eq!((lapse_on_second_day.days, lapse_on_second_day.total_sober_days), (0, 1));
        let no_lapse = summarize(&Record { first_start: d(2026, 1, 1), lapses: vec![] }, d(2026, 1, 11));
        assert_eq!((no_lapse.days, no_lapse.longest_streak_days, no_lapse.total_sober_days), (10, 10, 10));
    }

    #[test]
    fn a_lapse_recorded_late_splits_an_earlier_streak_and_keeps_the_current_one() {
        // Sober since 1 Jan; a lapse on 2 Mar is recorded, then one on 15 Feb.
        let first = d(2026, 1, 1);
        let after_march = start_after_lapse(first, d(2026, 3, 2));
        assert_eq!(after_march, d(2026, 3, 3));
        let after_feb = start_after_lapse(after_march, d(2026, 2, 15));
        assert_eq!(after_feb, d(2026, 3, 3), "an earlier lapse never moves the start back");
        // The starts each lapse saw: 1 Jan, then 3 Mar.
        assert_eq!(first_start(after_feb, [d(2026, 3, 3), first]), first);
        let r = Record { first_start: first, lapses: vec![d(2026, 3, 2), d(2026, 2, 15)] };
        let s = summarize_from(&r, after_feb, d(2026, 11, 22));
        assert_eq!(s.current_start, d(2026, 3, 3));
        assert_eq!(s.days, 264);
        assert_eq!(s.longest_streak_days, 264);
        assert_eq!(s.total_sober_days, 45 + 14 + 264, "1 Jan .. 14 Feb, 16 Feb .. 1 Mar, and since");
        assert_eq!(s.lapses, 2);
        assert_eq!(s, summarize(&r, d(2026, 11, 22)));
        assert_eq!(
            streaks(&r, after_feb, d(2026, 11, 22)),
            [
                Streak { start: first, ended_by: Some(d(2026, 2, 15)) },
                Streak { start: d(2026, 2, 16), ended_by: Some(d(2026, 3, 2)) },
                Streak { start: d(2026, 3, 3), ended_by: None },
            ]
        );
        // A lapse before the first start changes nothing.
        assert_eq!(start_after_lapse(first, d(2025, 12, 20)), first);
        let before = Record { first_start: first, lapses: vec![d(2025, 12, 20)] };
        assert_eq!(summarize_from(&before, first, d(2026, 1, 11)).lapses, 0);
    }

    #[test]
    fn the_current_streak_is_the_members_record() {
        let r = Record { first_start: d(2026, 1, 1), lapses: vec![d(2026, 3, 2)] };
        // Staff moved the start forward: the current streak is counted from it,
        // the streak the lapse ended is kept, the days between are in none.
        let s = summarize_from(&r, d(2026, 3, 10), d(2026, 3, 20));
        assert_eq!((s.current_start, s.days), (d(2026, 3, 10), 10));
        assert_eq!((s.longest_streak_days, s.total_sober_days, s.lapses), (60, 70, 1));
        // Staff moved it back over the lapse: their date stands, the lapse ends
        // nothing (and, as when a start is corrected before any lapse, the days
        // before the corrected start are in no streak).
        let s = summarize_from(&r, d(2026, 2, 1), d(2026, 3, 20));
        assert_eq!((s.current_start, s.days, s.lapses), (d(2026, 2, 1), 47, 0));
        assert_eq!((s.longest_streak_days, s.total_sober_days), (47, 47));
        // Or before the first start: the first start is theirs.
        let s = summarize_from(&r, d(2025, 12, 1), d(2025, 12, 11));
        assert_eq!((s.days, s.longest_streak_days, s.total_sober_days, s.lapses), (10, 10, 10, 0));
        assert_eq!(first_start(d(2025, 12, 1), [d(2026, 1, 1)]), d(2025, 12, 1));
    }

    #[test]
    fn milestones_between_dates_of_a_streak() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        let start = d("2026-10-01");
        // The group met on 7 Nov and meets again on 21 Nov: day 37 → day 51, nothing;
        // a week earlier (31 Oct → 7 Nov: day 30 → 37) the 30-day milestone.
        assert!(milestones_between_dates(start, d("2026-11-07"), d("2026-11-21")).is_empty());
        assert_eq!(milestones_between_dates(start, d("2026-10-30"), d("2026-11-07")), vec![(30, d("2026-10-31"))]);
        // The day of the previous session is excluded, the day of this one included.
        assert!(milestones_between_dates(start, d("2026-10-31"), d("2026-11-07")).is_empty());
        assert_eq!(milestones_between_dates(start, d("2026-10-30"), d("2026-10-31")), vec![(30, d("2026-10-31"))]);
        // A window that begins before the streak: day 1 and day 7.
        assert_eq!(
            milestones_between_dates(start, d("2026-09-01"), d("2026-10-08")),
            vec![(1, d("2026-10-02")), (7, d("2026-10-08"))]
        );
        assert_eq!(celebrations_since(Some(d("2026-11-07")), d("2026-11-21")), d("2026-11-07"));
        assert_eq!(celebrations_since(None, d("2026-11-21")), d("2026-11-14"), "a first meeting looks back a week");
        // A streak that starts after the window: nothing.
        assert!(milestones_between_dates(d("2026-12-01"), d("2026-11-01"), d("2026-11-21")).is_empty());
    }

    proptest! {
        #[test]
        fn milestones_between_dates_are_the_milestones_whose_dates_fall_inside(
            start_off in 0i64..3000, after_off in 0i64..3000, len in 0i64..800
        ) {
            let base = NaiveDate::from_ymd_opt(2020, 1, 1).expect("date");
            let start = base + Duration::days(start_off);
            let after = base + Duration::days(after_off);
            let upto = after + Duration::days(len);
            let got = milestones_between_dates(start, after, upto);
            // Every listed milestone falls inside, in order, with its own date.
            for w in got.windows(2) {
                prop_assert!(w[0].0 < w[1].0);
            }
            for (m, date) in &got {
                prop_assert_eq!(*date, milestone_date(start, *m));
                prop_assert!(*date > after && *date <= upto);
            }
            // And none is missing: every milestone up to 5 years is either listed or outside.
            for m in (0..).map(nth).take_while(|m| *m <= 5 * 365) {
                let date = milestone_date(start, m);
                let inside = date > after && date <= upto;
                prop_assert_eq!(inside, got.iter().any(|(g, _)| *g == m));
            }
        }
    }

    proptest! {
        #[test]
        fn milestone_sequence_is_sound(days in 0i64..20_000) {
            let next = next_milestone(days);
            prop_assert!(next > days);
            if let Some(c) = current_milestone(days) {
                prop_assert!(c <= days && c >= 1);
                prop_assert_eq!(next_milestone(c), next);
            }
            prop_assert!(reached_between(days, next - 1).is_empty());
            prop_assert_eq!(reached_between(days, next), vec![next]);
            if days >= 365 {
                prop_assert_eq!(next % 365, 0, "yearly after the first year");
            }
        }

        #[test]
        fn day_counting_in_any_zone(offset in 0i64..3_000, secs in 0i64..86_400 * 3,
            zone in prop::sample::select(vec!["Asia/Kolkata", "Asia/Kathmandu", "Pacific/Kiritimati", "America/Los_Angeles", "UTC"])) {
            let tz: Tz = zone.parse().expect("zone");
            let start = d(2020, 1, 1) + Duration::days(offset);
            let now = tz.from_local_datetime(&start.and_hms_opt(12, 0, 0).expect("t")).earliest().expect("t").with_timezone(&Utc)
                + Duration::seconds(secs);
            let days = days_sober(start, local_today(now, tz)).expect("not before start");
            let local = now.with_timezone(&tz);
            prop_assert_eq!(days, (local.date_naive() - start).num_days());
            prop_assert!(days <= 3);
        }

        #[test]
        fn lapses_recorded_in_any_order_give_the_same_summary(
            first in 0i64..400, offsets in proptest::collection::vec(-30i64..400, 0..8), tail in 0i64..100,
            seed in any::<u64>()
        ) {
            let start = d(2022, 1, 1) + Duration::days(first);
            let lapses: Vec<NaiveDate> = offsets.iter().map(|o| start + Duration::days(*o)).collect();
            let today = lapses.iter().copied().fold(start, NaiveDate::max) + Duration::days(tail);
            // Recorded in some order, as the store does: each keeps the start it
            // saw, and moves the member's start by the rule.
            let mut order = lapses.clone();
            let n = order.len();
            for i in 0..n {
                let j = usize::try_from(seed.rotate_left(i as u32 * 7) % n as u64).expect("index");
                order.swap(i, j);
            }
            let (mut current, mut seen) = (start, vec![]);
            for l in &order {
                seen.push(current);
                current = start_after_lapse(current, *l);
            }
            let first_start = first_start(current, seen);
            prop_assert_eq!(first_start, start);
            let r = Record { first_start, lapses: lapses.clone() };
            let s = summarize_from(&r, current, today);
            prop_assert_eq!(&s, &summarize(&Record { first_start: start, lapses }, today));
            let days: i64 = streaks(&r, current, today)
                .iter()
                .map(|s| (s.ended_by.unwrap_or(today) - s.start).num_days().max(0))
                .sum();
            prop_assert_eq!(days, s.total_sober_days);
        }

        #[test]
        fn lapses_never_lose_days(first in 0i64..1000, gaps in proptest::collection::vec(1i64..200, 0..8), tail in 0i64..300) {
            let start = d(2022, 1, 1) + Duration::days(first);
            let mut lapses = vec![];
            let mut t = start;
            for g in &gaps {
                t += Duration::days(*g);
                lapses.push(t);
            }
            let today = t + Duration::days(tail);
            let s = summarize(&Record { first_start: start, lapses: lapses.clone() }, today);
            prop_assert_eq!(s.lapses, lapses.len());
            prop_assert!(s.longest_streak_days >= s.days);
            // Every day from the first start to today is a completed sober
            // day, a lapse day, or today still under way (unless today is a lapse day).
            let under_way = i64::from(lapses.last() != Some(&today));
            prop_assert_eq!(s.total_sober_days + s.lapses as i64 + under_way, (today - start).num_days() + 1);
        }
    }
}
