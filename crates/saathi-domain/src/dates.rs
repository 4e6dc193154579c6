//! Calendar dates as given to Saathi: `YYYY-MM-DD` and only that, inside the
//! years Saathi works in.
//!
//! Dates are stored as that text and compared and sorted as text by the
//! database, so a date is accepted only in the one form that sorts like the
//! date itself (`2026-01-05`, never `2026-1-5`, ` 2026-01-05` or
//! `+2026-01-05`). Every date a person or a program gives (a query, a JSON
//! body, a form once the page has read it) is read by [`parse`].

use crate::validation::FieldErrors;
use chrono::{Datelike, NaiveDate};

/// The first year a given date may fall in: old enough for any sobriety date
/// a member brings (the member rules narrow it to a lifetime).
pub const MIN_YEAR: i32 = 1900;
/// The last year a given date may fall in. Far enough for any schedule, and
/// far enough inside chrono's calendar that a day, a week or a listing's
/// range added to a date never leaves it.
pub const MAX_YEAR: i32 = 2100;

/// Whether `d` lies in the years Saathi works in ([`MIN_YEAR`]..=[`MAX_YEAR`]).
pub fn in_range(d: NaiveDate) -> bool {
    (MIN_YEAR..=MAX_YEAR).contains(&d.year())
}

/// A date given as exactly `YYYY-MM-DD` (ten ASCII characters, two-digit
/// month and day), a real day, in range; anything else is `None`. Nothing is
/// trimmed and no other digits are read (Devanagari digits are the pages'
/// to turn into these).
pub fn parse(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |part: &[u8]| -> Option<u32> {
        part.iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let (y, m, d) = (number(&b[0..4])?, number(&b[5..7])?, number(&b[8..10])?);
    let y = i32::try_from(y).ok()?;
    NaiveDate::from_ymd_opt(y, m, d).filter(|d| in_range(*d))
}

/// Reads `s` as [`parse`] does; adds `bad_date` for `field` when it is not a date.
pub fn check(errors: &mut FieldErrors, field: &'static str, s: &str) -> Option<NaiveDate> {
    let d = parse(s);
    if d.is_none() {
        errors.add(field, "bad_date");
    }
    d
}

/// A date as Saathi writes it: `YYYY-MM-DD`.
pub fn format(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn canonical_dates_in_range() {
        assert_eq!(parse("2026-01-05"), Some(d(2026, 1, 5)));
        assert_eq!(parse("2028-02-29"), Some(d(2028, 2, 29)));
        assert_eq!(parse("1900-01-01"), Some(d(1900, 1, 1)));
        assert_eq!(parse("2100-12-31"), Some(d(2100, 12, 31)));
    }

    #[test]
    fn out_of_range_or_not_a_day() {
        for s in ["1899-12-31", "2101-01-01", "9999-12-31", "0000-01-01", "2026-02-29", "2026-13-01", "2026-00-10"] {
            assert_eq!(parse(s), None, "{s}");
        }
        // The extreme years chrono reads: refused, not carried into arithmetic.
        for s in ["+262142-12-01", "+262142-12-31", "-262143-01-01", "+2026-01-05"] {
            assert_eq!(parse(s), None, "{s}");
        }
    }

    #[test]
    fn only_the_canonical_form() {
        for s in [
            "2026-1-5",
            "2026-01-5",
            "2026-1-05",
            " 2026-01-05",
            "2026-01-05 ",
            "2026-01-05\n",
            "2026/01/05",
            "05-01-2026",
            "20260105",
            "2026-01-05T00:00:00",
            "2026-+1-05",
            "2026--1-05",
            "",
        ] {
            assert_eq!(parse(s), None, "{s:?}");
        }
    }

    #[test]
    fn devanagari_and_other_digits_are_refused() {
        assert_eq!(parse("२०२६-०१-०५"), None);
        assert_eq!(parse("２０２６-０１-０５"), None, "full-width digits");
        // Ten bytes, but not ten ASCII characters.
        assert_eq!(parse("2026-01-٥"), None);
    }

    #[test]
    fn check_names_the_field() {
        let mut e = FieldErrors::new();
        assert_eq!(check(&mut e, "from", "2026-01-05"), Some(d(2026, 1, 5)));
        assert!(e.is_empty());
        assert_eq!(check(&mut e, "to", "+262142-12-31"), None);
        assert_eq!(e.0, [crate::FieldError { field: "to", code: "bad_date" }]);
    }

    proptest! {
        #[test]
        fn what_is_written_is_read_back(offset in 0i64..73_000) {
            let day = d(1900, 1, 1) + chrono::Duration::days(offset);
            prop_assume!(in_range(day));
            prop_assert_eq!(parse(&format(day)), Some(day));
        }

        #[test]
        fn what_is_read_is_written_the_same(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}|\\PC{0,12}") {
            if let Some(day) = parse(&s) {
                prop_assert_eq!(format(day), s);
            }
        }
    }
}
