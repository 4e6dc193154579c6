//! Who may mentor and be mentored. (The capacity rule is counted in the
//! store, inside the pairing's transaction.)

use crate::validation::FieldErrors;
use crate::{Role, Stage};

/// Whether an account can be chosen as a peer mentor.
pub fn may_mentor(role: Role, disabled: bool) -> bool {
    role.may_mentor() && !disabled
}

/// Checks a pairing: the mentor must be an active peer mentor, and a member
/// who has left the centre can only be mentored as an alumnus (aftercare).
pub fn check_pairing(
    mentor_role: Role,
    mentor_disabled: bool,
    mentee_discharged: bool,
    mentee_stage: Stage,
) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::new();
    if !may_mentor(mentor_role, mentor_disabled) {
        e.add("mentor_id", "not_a_peer_mentor");
    }
    if mentee_discharged && mentee_stage != Stage::Aftercare {
        e.add("mentee_id", "discharged");
    }
    e.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_active_peer_mentors_mentor_and_discharged_members_only_as_alumni() {
        assert!(check_pairing(Role::PeerMentor, false, false, Stage::Detox).is_ok());
        assert!(check_pairing(Role::PeerMentor, false, true, Stage::Aftercare).is_ok());
        let fields = |r: Result<(), FieldErrors>| r.err().map(|e| e.0.iter().map(|f| f.field).collect::<Vec<_>>());
        assert_eq!(fields(check_pairing(Role::Counselor, false, false, Stage::Detox)), Some(vec!["mentor_id"]));
        assert_eq!(fields(check_pairing(Role::PeerMentor, true, false, Stage::Detox)), Some(vec!["mentor_id"]));
        assert_eq!(
            fields(check_pairing(Role::Member, false, true, Stage::Rehabilitation)),
            Some(vec!["mentor_id", "mentee_id"])
        );
    }
}
