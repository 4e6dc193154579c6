//! A member's record: what is valid, checked once for the API and the pages.

use crate::Stage;
use crate::validation::{FieldErrors, check_language, limits};
use chrono::{Datelike, NaiveDate};

pub const GENDERS: [&str; 5] = ["female", "male", "transgender", "other", "undisclosed"];

/// The oldest and youngest plausible ages at admission.
pub const MAX_AGE: i32 = 100;
pub const MIN_AGE: i32 = 10;

/// The fields of a member's record as they arrive, before they are trusted.
#[derive(Debug, Clone, Default)]
pub struct MemberFields<'a> {
    pub display_name: Option<&'a str>,
    pub full_name: Option<&'a str>,
    pub gender: Option<&'a str>,
    pub birth_year: Option<i32>,
    pub language: Option<&'a str>,
    pub substances: Option<&'a [String]>,
    pub stage: Option<&'a str>,
    pub sobriety_start: Option<&'a str>,
}

/// Checks every present field; `required` says whether absent ones are errors
/// (creation) or simply unchanged (an edit). `today` is the centre's local date.
pub fn check(fields: &MemberFields<'_>, required: bool, today: NaiveDate) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::new();
    let need = |e: &mut FieldErrors, field: &'static str, present: bool| {
        if required && !present {
            e.add(field, "required");
        }
    };
    match fields.display_name {
        Some(v) => e.text("display_name", v, limits::NAME),
        None => need(&mut e, "display_name", false),
    }
    match fields.full_name {
        Some(v) => e.text("full_name", v, limits::NAME),
        None => need(&mut e, "full_name", false),
    }
    match fields.gender {
        Some(g) if !GENDERS.contains(&g) => e.add("gender", "unknown"),
        Some(_) => {}
        None => need(&mut e, "gender", false),
    }
    match fields.birth_year {
        Some(y) => {
            let now = today.year();
            if y < now - MAX_AGE || y > now - MIN_AGE {
                e.add("birth_year", "implausible");
            }
        }
        None => need(&mut e, "birth_year", false),
    }
    match fields.language {
        Some(l) => check_language(&mut e, l),
        None => need(&mut e, "language", false),
    }
    if let Some(list) = fields.substances {
        if list.len() > limits::SUBSTANCES {
            e.add("substances", "too_many");
        }
        if list.iter().any(|s| s.trim().is_empty() || s.chars().count() > limits::SUBSTANCE) {
            e.add("substances", "bad_item");
        }
    }
    match fields.stage {
        Some(s) if Stage::parse(s).is_none() => e.add("stage", "unknown"),
        Some(_) => {}
        None => need(&mut e, "stage", false),
    }
    match fields.sobriety_start {
        // Only the canonical `YYYY-MM-DD`: the date is stored as given and
        // compared as text with lapse dates.
        Some(s) => match crate::dates::parse(s) {
            Some(d) if d > today => e.add("sobriety_start", "in_future"),
            Some(d) if d.year() < today.year() - MAX_AGE => e.add("sobriety_start", "implausible"),
            Some(_) => {}
            None => e.add("sobriety_start", "bad_date"),
        },
        None => need(&mut e, "sobriety_start", false),
    }
    e.into_result()
}

/// Age in whole years at `today` given only a birth year (the age the rules use).
pub fn age(birth_year: i32, today: NaiveDate) -> i32 {
    today.year() - birth_year
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 21).expect("date")
    }

    fn valid<'a>(subs: &'a [String]) -> MemberFields<'a> {
        MemberFields {
            display_name: Some("Ravi"),
            full_name: Some("Ravi Kumar"),
            gender: Some("male"),
            birth_year: Some(1990),
            language: Some("hi"),
            substances: Some(subs),
            stage: Some("detox"),
            sobriety_start: Some("2026-11-01"),
        }
    }

    #[test]
    fn a_valid_member_passes() {
        let subs = vec!["alcohol".to_string()];
        assert_eq!(check(&valid(&subs), true, today()), Ok(()));
    }

    #[test]
    fn every_bad_field_is_reported() {
        let subs = vec![String::new()];
        let f = MemberFields {
            display_name: Some(""),
            gender: Some("robot"),
            birth_year: Some(1800),
            language: Some("Hindi"),
            substances: Some(&subs),
            stage: Some("cured"),
            sobriety_start: Some("2027-01-01"),
            full_name: None,
        };
        let errs = check(&f, true, today()).expect_err("invalid");
        let fields: Vec<&str> = errs.0.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["display_name", "full_name", "gender", "birth_year", "language", "substances", "stage", "sobriety_start"]
        );
    }

    #[test]
    fn an_edit_may_leave_fields_out() {
        let f = MemberFields { stage: Some("rehabilitation"), ..Default::default() };
        assert_eq!(check(&f, false, today()), Ok(()));
    }

    #[test]
    fn sobriety_start_today_is_fine_tomorrow_is_not() {
        let subs = vec![];
        let mut f = valid(&subs);
        f.sobriety_start = Some("2026-11-21");
        assert!(check(&f, true, today()).is_ok());
        f.sobriety_start = Some("2026-11-22");
        assert!(check(&f, true, today()).is_err());
        f.sobriety_start = Some("21/11/2026");
        assert_eq!(check(&f, true, today()).expect_err("bad").0[0].code, "bad_date");
    }

    #[test]
    fn sobriety_start_only_in_the_canonical_form() {
        let subs = vec![];
        let mut f = valid(&subs);
        for s in ["2026-1-5", " 2026-01-05", "+2026-01-05", "2026-01-05 ", "+262142-12-01", "२०२६-०१-०५"]
        {
            f.sobriety_start = Some(s);
            let errs = check(&f, true, today()).expect_err(s);
            assert_eq!(errs.0, [crate::FieldError { field: "sobriety_start", code: "bad_date" }], "{s:?}");
        }
        f.sobriety_start = Some("2026-01-05");
        assert_eq!(check(&f, true, today()), Ok(()));
    }
}
