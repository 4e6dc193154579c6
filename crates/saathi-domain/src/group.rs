//! Groups: kinds, modality, capacity and who may join (eligibility).

use crate::Stage;
use crate::validation::{FieldErrors, limits};
use serde::{Deserialize, Serialize};

pub const CAPACITY_MIN: i64 = 5;
pub const CAPACITY_MAX: i64 = 12;
pub const CAPACITY_DEFAULT: i64 = 10;
pub const AGREEMENT_MAX: usize = 4000;

macro_rules! names {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $ty { $($variant),+ }

        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $name),+ }
            }

            pub fn parse(s: &str) -> Option<$ty> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }
    };
}

names!(GroupKind {
    Psychoeducational => "psychoeducational",
    Skills => "skills",
    Cbt => "cbt",
    Support => "support",
    TwelveStep => "twelve_step",
    SmartRecovery => "smart_recovery",
    TherapeuticCommunity => "therapeutic_community",
    ExpressiveArts => "expressive_arts",
    Activity => "activity",
    Family => "family",
    Alumni => "alumni",
});

names!(Modality { InPerson => "in_person", Online => "online", Hybrid => "hybrid" });

/// Who may join. Empty lists and absent ages mean "anyone".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Eligibility {
    #[serde(default)]
    pub stages: Vec<Stage>,
    /// Genders admitted (a women's group: `["female"]`).
    #[serde(default)]
    pub genders: Vec<String>,
    pub min_age: Option<i32>,
    pub max_age: Option<i32>,
    #[serde(default)]
    pub languages: Vec<String>,
}

/// The member as eligibility sees them.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    pub stage: Stage,
    pub gender: &'a str,
    /// `None` when the birth year is not recorded.
    pub age: Option<i32>,
    pub language: &'a str,
}

/// One reason a member may not join, with a stable code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub code: &'static str,
    pub detail: String,
}

/// Every reason the candidate fails the group's rules; empty means eligible.
pub fn check_eligibility(e: &Eligibility, c: &Candidate<'_>) -> Vec<Reason> {
    let mut reasons = Vec::new();
    if !e.stages.is_empty() && !e.stages.contains(&c.stage) {
        let allowed: Vec<&str> = e.stages.iter().map(|s| s.as_str()).collect();
        reasons
            .push(Reason { code: "stage", detail: format!("stage {} is not one of {}", c.stage, allowed.join(", ")) });
    }
    if !e.genders.is_empty() && !e.genders.iter().any(|g| g == c.gender) {
        reasons.push(Reason { code: "gender", detail: format!("the group is for {}", e.genders.join(", ")) });
    }
    if e.min_age.is_some() || e.max_age.is_some() {
        match c.age {
            None => {
                reasons.push(Reason { code: "age_unknown", detail: "the member's birth year is not recorded".into() })
            }
            Some(age) => {
                if let Some(min) = e.min_age
                    && age < min
                {
                    reasons.push(Reason { code: "too_young", detail: format!("age {age} is below {min}") });
                }
                if let Some(max) = e.max_age
                    && age > max
                {
                    reasons.push(Reason { code: "too_old", detail: format!("age {age} is above {max}") });
                }
            }
        }
    }
    if !e.languages.is_empty() && !e.languages.iter().any(|l| l == c.language) {
        reasons.push(Reason { code: "language", detail: format!("the group speaks {}", e.languages.join(", ")) });
    }
    reasons
}

pub fn check_capacity(errors: &mut FieldErrors, capacity: i64) {
    if !(CAPACITY_MIN..=CAPACITY_MAX).contains(&capacity) {
        errors.add("capacity", "out_of_range");
    }
}

pub fn check_eligibility_rules(errors: &mut FieldErrors, e: &Eligibility) {
    if e.genders.iter().any(|g| !crate::member::GENDERS.contains(&g.as_str())) {
        errors.add("eligibility.gender", "unknown");
    }
    let age_ok = |a: Option<i32>| a.is_none_or(|a| (0..=120).contains(&a));
    if !age_ok(e.min_age) || !age_ok(e.max_age) {
        errors.add("eligibility.age", "out_of_range");
    }
    if let (Some(min), Some(max)) = (e.min_age, e.max_age)
        && min > max
    {
        errors.add("eligibility.age", "min_above_max");
    }
    for l in &e.languages {
        let ok = (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_lowercase());
        if !ok {
            errors.add("eligibility.languages", "unknown");
            break;
        }
    }
}

pub fn check_name_and_agreement(errors: &mut FieldErrors, name: &str, agreement: &str) {
    errors.text("name", name, limits::NAME);
    if agreement.chars().count() > AGREEMENT_MAX {
        errors.add("agreement", "too_long");
    }
}

/// What joining a group gives: a place, or a place in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    Active,
    Waitlisted,
}

/// The capacity rule: a place while fewer than `capacity` are active.
pub fn place(active: i64, capacity: i64) -> Placement {
    if active < capacity { Placement::Active } else { Placement::Waitlisted }
}

/// The default group agreement members accept before their first session.
pub const DEFAULT_AGREEMENT: &str = "What is shared in the group stays in the group. \
We listen without interrupting, speak from our own experience, and treat each other with respect. \
We come sober, on time, and say so when we cannot come.";

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate() -> Candidate<'static> {
        Candidate { stage: Stage::Rehabilitation, gender: "female", age: Some(24), language: "hi" }
    }

    #[test]
    fn anyone_may_join_an_open_group() {
        assert!(check_eligibility(&Eligibility::default(), &candidate()).is_empty());
    }

    #[test]
    fn every_failing_rule_is_a_reason() {
        let e = Eligibility {
            stages: vec![Stage::Aftercare],
            genders: vec!["male".into()],
            min_age: Some(30),
            max_age: Some(60),
            languages: vec!["en".into()],
        };
        let codes: Vec<&str> = check_eligibility(&e, &candidate()).iter().map(|r| r.code).collect();
        assert_eq!(codes, ["stage", "gender", "too_young", "language"]);
        let old = Candidate { age: Some(70), ..candidate() };
        let codes: Vec<&str> = check_eligibility(&e, &old).iter().map(|r| r.code).collect();
        assert!(codes.contains(&"too_old"));
        let unknown = Candidate { age: None, ..candidate() };
        assert!(check_eligibility(&e, &unknown).iter().any(|r| r.code == "age_unknown"));
    }

    #[test]
    fn a_womens_youth_group() {
        let e =
            Eligibility { genders: vec!["female".into()], min_age: Some(18), max_age: Some(25), ..Default::default() };
        assert!(check_eligibility(&e, &candidate()).is_empty());
        let boundary = Candidate { age: Some(25), ..candidate() };
        assert!(check_eligibility(&e, &boundary).is_empty());
        let man = Candidate { gender: "male", ..candidate() };
        assert_eq!(check_eligibility(&e, &man)[0].code, "gender");
    }

    #[test]
    fn capacity_rule() {
        assert_eq!(place(0, 5), Placement::Active);
        assert_eq!(place(4, 5), Placement::Active);
        assert_eq!(place(5, 5), Placement::Waitlisted);
        let mut e = FieldErrors::new();
        check_capacity(&mut e, 4);
        check_capacity(&mut e, 13);
        check_capacity(&mut e, 12);
        assert_eq!(e.0.len(), 2);
    }

    #[test]
    fn kinds_round_trip() {
        assert_eq!(GroupKind::ALL.len(), 11);
        for k in GroupKind::ALL {
            assert_eq!(GroupKind::parse(k.as_str()), Some(*k));
        }
        assert_eq!(Modality::parse("hybrid"), Some(Modality::Hybrid));
        assert_eq!(Modality::parse("zoom"), None);
    }

    #[test]
    fn rules_are_checked() {
        let mut e = FieldErrors::new();
        check_eligibility_rules(
            &mut e,
            &Eligibility {
                genders: vec!["robot".into()],
                min_age: Some(40),
                max_age: Some(20),
                languages: vec!["Hindi".into()],
                ..Default::default()
            },
        );
        let fields: Vec<&str> = e.0.iter().map(|f| f.field).collect();
        assert_eq!(fields, ["eligibility.gender", "eligibility.age", "eligibility.languages"]);
    }
}
