//! Group schedules: an RFC 5545 RRULE, a local start time and a duration, in
//! the centre's time zone. Occurrences keep their local time across daylight
//! saving changes (an 18:00 group stays at 18:00 on the clock).

use crate::validation::FieldErrors;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

pub const DURATION_MIN: i64 = 15;
pub const DURATION_MAX: i64 = 8 * 60;
/// The most occurrences one expansion returns (a year of daily sessions).
pub const MAX_OCCURRENCES: u16 = 400;
/// The longest range one listing may ask for.
pub const MAX_RANGE_DAYS: i64 = 400;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// The rule, e.g. `FREQ=WEEKLY;BYDAY=MO,TH` (an `RRULE:` prefix is accepted).
    pub rrule: String,
    /// Local start time, `HH:MM`.
    pub start_time: String,
    pub duration_minutes: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

fn rule_text(rrule: &str) -> String {
    let r = rrule.trim();
    r.strip_prefix("RRULE:").unwrap_or(r).to_ascii_uppercase()
}

pub fn parse_time(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M").ok()
}

/// Checks a schedule; the rule is parsed as the expansion will parse it.
pub fn check(errors: &mut FieldErrors, s: &Schedule, tz: Tz, starts_on: NaiveDate) {
    if parse_time(&s.start_time).is_none() {
        errors.add("schedule.start_time", "bad_time");
    }
    if !(DURATION_MIN..=DURATION_MAX).contains(&s.duration_minutes) {
        errors.add("schedule.duration_minutes", "out_of_range");
    }
    let rule = rule_text(&s.rrule);
    let too_often = ["SECONDLY", "MINUTELY", "HOURLY"].iter().any(|f| rule.contains(&format!("FREQ={f}")));
    if rule.len() > 300 || rule.contains('\n') || too_often {
        errors.add("schedule.rrule", "invalid");
    } else {
        // The rule alone, at a valid time if the given one is not.
        let probe = Schedule { start_time: "00:00".into(), ..s.clone() };
        if rule_set(&probe, tz, starts_on).is_none() {
            errors.add("schedule.rrule", "invalid");
        }
    }
}

fn rule_set(s: &Schedule, tz: Tz, starts_on: NaiveDate) -> Option<rrule::RRuleSet> {
    let t = parse_time(&s.start_time)?;
    let start = NaiveDateTime::new(starts_on, t);
    let text = format!("DTSTART;TZID={}:{}\nRRULE:{}", tz.name(), start.format("%Y%m%dT%H%M%S"), rule_text(&s.rrule));
    text.parse::<rrule::RRuleSet>().ok()
}

/// The local midnight that starts `day` in `tz` (or the first instant of the day).
pub fn day_start(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let midnight = day.and_time(NaiveTime::MIN);
    match tz.from_local_datetime(&midnight) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        chrono::LocalResult::None => {
            // Midnight skipped by a DST change: the day starts an hour later.
            midnight
                .checked_add_signed(Duration::hours(1))
                .and_then(|later| tz.from_local_datetime(&later).earliest())
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
        }
    }
}

/// Occurrences whose start falls on a local date in `from..=to`; none when a
/// date lies outside the years Saathi works in ([`crate::dates::in_range`]).
pub fn occurrences(s: &Schedule, tz: Tz, starts_on: NaiveDate, from: NaiveDate, to: NaiveDate) -> Vec<Occurrence> {
    if ![starts_on, from, to].into_iter().all(crate::dates::in_range) {
        return vec![];
    }
    let Some(set) = rule_set(s, tz, starts_on) else { return vec![] };
    let Some(next_day) = to.succ_opt() else { return vec![] };
    let rtz: rrule::Tz = tz.into();
    let Some(after) = day_start(from, tz).with_timezone(&rtz).checked_sub_signed(Duration::seconds(1)) else {
        return vec![];
    };
    let before = day_start(next_day, tz).with_timezone(&rtz);
    let result = set.after(after).before(before).all(MAX_OCCURRENCES);
    let len = Duration::minutes(s.duration_minutes);
    result
        .dates
        .into_iter()
        .map(|d| d.with_timezone(&Utc))
        .filter(|d| *d < day_start(next_day, tz))
        .filter_map(|d| Some(Occurrence { starts_at: d, ends_at: d.checked_add_signed(len)? }))
        .collect()
}

/// Local dates whose scheduled sessions already exist as rows.
pub type Span = (NaiveDate, NaiveDate);

/// The span as stored (`YYYY-MM-DD` twice). A span that cannot be read, is
/// reversed or lies outside the years Saathi works in counts as nothing made:
/// the next listing makes its own range (sessions already made are not made
/// twice) and stores that span in its place.
pub fn made_span(from: &str, to: &str) -> Option<Span> {
    let (a, b) = (crate::dates::parse(from)?, crate::dates::parse(to)?);
    (a <= b).then_some((a, b))
}

/// Whether `from..=to` lies inside what was already made.
pub fn covered(made: Option<Span>, from: NaiveDate, to: NaiveDate) -> bool {
    made.is_some_and(|(a, b)| a <= from && to <= b)
}

/// What is made after making `from..=to`: one span, the union when the two
/// overlap or touch, else the newer one.
pub fn extend(made: Option<Span>, from: NaiveDate, to: NaiveDate) -> Span {
    // The day after, or the last day there is: never an overflow.
    let next = |d: NaiveDate| d.succ_opt().unwrap_or(NaiveDate::MAX);
    match made {
        Some((a, b)) if from <= next(b) && a <= next(to) => (a.min(from), b.max(to)),
        _ => (from, to),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Timelike, Weekday};
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn weekly(byday: &str, at: &str) -> Schedule {
        Schedule { rrule: format!("FREQ=WEEKLY;BYDAY={byday}"), start_time: at.into(), duration_minutes: 90 }
    }

    #[test]
    fn weekly_in_kolkata_has_no_dst() {
        let s = weekly("MO,TH", "18:00");
        let occ = occurrences(&s, chrono_tz::Asia::Kolkata, d(2026, 1, 1), d(2026, 3, 1), d(2026, 3, 31));
        assert_eq!(occ.len(), 9);
        for o in &occ {
            assert_eq!((o.starts_at.hour(), o.starts_at.minute()), (12, 30), "18:00 IST is 12:30 UTC");
            assert_eq!(o.ends_at - o.starts_at, Duration::minutes(90));
        }
    }

    #[test]
    fn weekly_in_london_keeps_local_time_across_dst() {
        // Summer time starts on Sunday 29 March 2026 and ends on 25 October 2026.
        let s = weekly("SU", "18:00");
        let tz = chrono_tz::Europe::London;
        let occ = occurrences(&s, tz, d(2026, 1, 4), d(2026, 3, 15), d(2026, 4, 12));
        let utc_hours: Vec<u32> = occ.iter().map(|o| o.starts_at.hour()).collect();
        assert_eq!(utc_hours, [18, 18, 17, 17, 17]);
        let autumn = occurrences(&s, tz, d(2026, 1, 4), d(2026, 10, 18), d(2026, 11, 1));
        let utc_hours: Vec<u32> = autumn.iter().map(|o| o.starts_at.hour()).collect();
        assert_eq!(utc_hours, [17, 18, 18]);
    }

    #[test]
    fn range_is_inclusive_in_local_dates() {
        // 23:30 in Kolkata on Monday is still Monday there, though Monday 18:00 UTC.
        let s = weekly("MO", "23:30");
        let occ = occurrences(&s, chrono_tz::Asia::Kolkata, d(2026, 1, 1), d(2026, 2, 2), d(2026, 2, 2));
        assert_eq!(occ.len(), 1);
        assert_eq!(occ[0].starts_at.with_timezone(&chrono_tz::Asia::Kolkata).date_naive(), d(2026, 2, 2));
        let none = occurrences(&s, chrono_tz::Asia::Kolkata, d(2026, 1, 1), d(2026, 2, 3), d(2026, 2, 8));
        assert!(none.is_empty());
    }

    #[test]
    fn nothing_before_the_schedule_starts() {
        let s = weekly("MO", "10:00");
        let occ = occurrences(&s, chrono_tz::Asia::Kolkata, d(2026, 3, 1), d(2026, 2, 1), d(2026, 3, 10));
        assert!(occ.iter().all(|o| o.starts_at.date_naive() >= d(2026, 3, 1)));
        assert_eq!(occ.len(), 2);
    }

    #[test]
    fn checks() {
        let tz = chrono_tz::Asia::Kolkata;
        let mut e = FieldErrors::new();
        check(&mut e, &weekly("MO", "18:00"), tz, d(2026, 1, 1));
        check(
            &mut e,
            &Schedule { rrule: "RRULE:FREQ=DAILY;INTERVAL=2".into(), start_time: "07:30".into(), duration_minutes: 60 },
            tz,
            d(2026, 1, 1),
        );
        assert!(e.is_empty(), "{e}");
        check(
            &mut e,
            &Schedule { rrule: "FREQ=SOMETIMES".into(), start_time: "25:00".into(), duration_minutes: 5 },
            tz,
            d(2026, 1, 1),
        );
        let fields: Vec<&str> = e.0.iter().map(|f| f.field).collect();
        assert_eq!(fields, ["schedule.start_time", "schedule.duration_minutes", "schedule.rrule"]);
        let mut e = FieldErrors::new();
        check(
            &mut e,
            &Schedule { rrule: "FREQ=MINUTELY".into(), start_time: "07:30".into(), duration_minutes: 60 },
            tz,
            d(2026, 1, 1),
        );
        assert_eq!(e.0.len(), 1);
    }

    #[test]
    fn spans_of_made_sessions() {
        let span = (d(2026, 1, 1), d(2026, 3, 31));
        assert!(covered(Some(span), d(2026, 2, 1), d(2026, 2, 28)));
        assert!(!covered(Some(span), d(2026, 3, 1), d(2026, 4, 1)));
        assert!(!covered(None, d(2026, 2, 1), d(2026, 2, 2)));
        assert_eq!(extend(Some(span), d(2026, 3, 1), d(2026, 4, 30)), (d(2026, 1, 1), d(2026, 4, 30)));
        assert_eq!(extend(Some(span), d(2026, 4, 1), d(2026, 4, 30)), (d(2026, 1, 1), d(2026, 4, 30)), "touching");
        assert_eq!(extend(Some(span), d(2026, 6, 1), d(2026, 6, 30)), (d(2026, 6, 1), d(2026, 6, 30)), "a gap");
        assert_eq!(extend(None, d(2026, 6, 1), d(2026, 6, 30)), (d(2026, 6, 1), d(2026, 6, 30)));
    }

    #[test]
    fn the_last_days_of_the_calendar_do_not_overflow() {
        // Such a span was once stored from a listing of year +262142.
        let end = (NaiveDate::MAX - Duration::days(30), NaiveDate::MAX);
        assert_eq!(extend(Some(end), d(2026, 1, 1), d(2026, 1, 31)), (d(2026, 1, 1), d(2026, 1, 31)));
        assert_eq!(extend(Some(end), NaiveDate::MAX, NaiveDate::MAX), end);
        assert_eq!(extend(Some((d(2026, 1, 1), d(2026, 1, 31))), NaiveDate::MAX, NaiveDate::MAX).1, NaiveDate::MAX);
        assert!(!covered(Some(end), d(2026, 1, 1), d(2026, 1, 31)));
        let s = weekly("MO", "18:00");
        let tz = chrono_tz::Asia::Kolkata;
        assert!(occurrences(&s, tz, d(2026, 1, 1), end.0, end.1).is_empty());
        assert!(occurrences(&s, tz, NaiveDate::MAX, d(2026, 1, 1), d(2026, 1, 31)).is_empty());
        assert!(occurrences(&s, tz, NaiveDate::MIN, NaiveDate::MIN, NaiveDate::MIN).is_empty());
        let _ = day_start(NaiveDate::MAX, chrono_tz::America::Sao_Paulo);
        let _ = day_start(NaiveDate::MIN, tz);
    }

    #[test]
    fn stored_spans_out_of_range_count_as_nothing_made() {
        assert_eq!(made_span("2026-01-01", "2026-03-31"), Some((d(2026, 1, 1), d(2026, 3, 31))));
        assert_eq!(made_span("+262142-12-01", "+262142-12-31"), None);
        assert_eq!(made_span("2026-01-01", "+262142-12-31"), None);
        assert_eq!(made_span("2026-03-31", "2026-01-01"), None, "reversed");
        assert_eq!(made_span("2026-1-1", "2026-03-31"), None);
    }

    proptest! {
        #[test]
        fn weekly_sessions_keep_their_weekday_and_clock_time_in_any_zone(
            zone in prop::sample::select(vec!["Asia/Kolkata", "Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kathmandu", "UTC"]),
            hour in 6u32..22, minute in prop::sample::select(vec![0u32, 15, 30, 45]),
            day_offset in 0i64..730,
        ) {
            let tz: Tz = zone.parse().expect("zone");
            let start = d(2025, 1, 1) + Duration::days(day_offset);
            let s = weekly("WE", &format!("{hour:02}:{minute:02}"));
            let occ = occurrences(&s, tz, start, start, start + Duration::days(120));
            prop_assert!(occ.len() >= 16 && occ.len() <= 18);
            for pair in occ.windows(2) {
                prop_assert!(pair[0].starts_at < pair[1].starts_at);
            }
            for o in occ {
                let local = o.starts_at.with_timezone(&tz);
                prop_assert_eq!(local.weekday(), Weekday::Wed);
                prop_assert_eq!((local.hour(), local.minute()), (hour, minute));
            }
        }
    }
}
