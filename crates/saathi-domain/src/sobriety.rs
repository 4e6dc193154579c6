//! Days sober, counted in the centre's local calendar: the start date is day 0.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// The local calendar date at `now` in `tz`.
pub fn local_today(now: DateTime<Utc>, tz: Tz) -> NaiveDate {
    now.with_timezone(&tz).date_naive()
}

/// Days sober on `today`; `None` before the start date.
pub fn days_sober(start: NaiveDate, today: NaiveDate) -> Option<i64> {
    let d = (today - start).num_days();
    (d >= 0).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn start_is_day_zero_in_local_calendar() {
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
        // 19:00 UTC on 1 Jan is 00:30 on 2 Jan in Kolkata: day 1 there, day 0 in UTC.
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 19, 0, 0).single().expect("time");
        assert_eq!(days_sober(start, local_today(now, chrono_tz::Asia::Kolkata)), Some(1));
        assert_eq!(days_sober(start, local_today(now, chrono_tz::UTC)), Some(0));
        assert_eq!(days_sober(start, start.pred_opt().expect("date")), None);
    }
}
