//! Saving a form over a record that may have changed since the form was shown.
//!
//! A form is a snapshot: between showing it and saving it, someone else may
//! have changed the record (another counsellor, a member's own lapse check-in
//! resetting their sobriety date). Saving every field as the form holds it
//! would silently undo those changes. Each field is instead judged against
//! three values: what the form showed, what the person asks for now, and what
//! the record holds now.

/// What saving one field of a form should do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit<T> {
    /// The person left the field as shown: whatever the record holds now
    /// stays, even if someone else changed it meanwhile.
    Keep,
    /// The person changed the field and nobody else did (or someone else made
    /// the same change): write it.
    Set(T),
    /// The person and someone else both changed the field, differently:
    /// write nothing and show them the record as it is now.
    Conflict,
}

/// The three-way decision for one field.
pub fn three_way<T: PartialEq>(shown: &T, asked: T, now: &T) -> Edit<T> {
    if asked == *shown {
        Edit::Keep
    } else if now == shown || *now == asked {
        Edit::Set(asked)
    } else {
        Edit::Conflict
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_left_as_shown_keeps_what_someone_else_wrote_meanwhile() {
        // The form showed 1 November; a lapse reset it to 20 November since.
        assert_eq!(three_way(&"2026-11-01", "2026-11-01", &"2026-11-20"), Edit::Keep);
        assert_eq!(three_way(&"a", "a", &"a"), Edit::Keep);
    }

    #[test]
    fn a_field_changed_only_by_the_person_is_written() {
        assert_eq!(three_way(&"detox", "rehabilitation", &"detox"), Edit::Set("rehabilitation"));
        // Both made the same change: no conflict.
        assert_eq!(three_way(&"detox", "rehabilitation", &"rehabilitation"), Edit::Set("rehabilitation"));
    }

    #[test]
    fn a_field_both_changed_differently_is_a_conflict() {
        assert_eq!(three_way(&"detox", "rehabilitation", &"relapse_prevention"), Edit::Conflict);
        assert_eq!(three_way(&Some(1990), None, &Some(1991)), Edit::Conflict);
    }
}
