//! Who may mentor and be mentored. (The capacity rule is counted in the
//! store, inside the pairing's transaction.)

use crate::validation::FieldErrors;
use crate::{Role, Stage};

/// Whether an account can be chosen as a peer mentor.
pub fn may_mentor(role: Role, disabled: bool) -> bool {
    role.may_mentor() && !disabled
}

/// Checks a pairing: the mentor must be an active peer mentor other than the
/// mentee (an alumnus who became a mentor keeps a member record, and cannot
/// mentor themself), and a member who has left the centre can only be
/// mentored as an alumnus (aftercare).
pub fn check_pairing(
    mentor_role: Role,
    mentor_disabled: bool,
    same_person: bool,
    mentee_discharged: bool,
    mentee_stage: Stage,
) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::new();
    if !may_mentor(mentor_role, mentor_disabled) {
        e.add("mentor_id", "not_a_peer_mentor");
    }
    if same_person {
        e.add("mentee_id", "own_mentor");
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
        assert!(check_pairing(Role::PeerMentor, false, false, false, Stage::Detox).is_ok());
        assert!(check_pairing(Role::PeerMentor, false, false, true, Stage::Aftercare).is_ok());
        let fields = |r: Result<(), FieldErrors>| r.err().map(|e| e.0.iter().map(|f| f.field).collect::<Vec<_>>());
        assert_eq!(fields(check_pairing(Role::Counselor, false, false, false, Stage::Detox)), Some(vec!["mentor_id"]));
        assert_eq!(fields(check_pairing(Role::PeerMentor, true, false, false, Stage::Detox)), Some(vec!["mentor_id"]));
        assert_eq!(
            fields(check_pairing(Role::Member, false, false, true, Stage::Rehabilitation)),
            Some(vec!["mentor_id", "mentee_id"])
        );
        assert_eq!(
            fields(check_pairing(Role::PeerMentor, false, true, false, Stage::Aftercare)),
            Some(vec!["mentee_id"]),
            "nobody mentors themself"
        );
    }
}
