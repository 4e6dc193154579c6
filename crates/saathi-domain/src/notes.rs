//! Confidential notes: who writes, who reads, sign-off and amendments.

use crate::Role;
use crate::policy::Actor;

pub const BODY_MAX: usize = 10_000;
pub const PART_MAX: usize = 2_000;

/// Counsellors (and admins, who supervise) read and write notes; nobody else.
pub fn may_read(role: Role) -> bool {
    matches!(role, Role::Counselor | Role::Admin)
}

pub fn may_write(role: Role) -> bool {
    role == Role::Counselor
}

/// Amendments: counsellors, and admins supervising (whoever may read the note).
pub fn may_amend(role: Role) -> bool {
    may_read(role)
}

/// A supervisor is an admin or a senior counsellor.
pub fn is_supervisor(role: Role, senior: bool) -> bool {
    role == Role::Admin || (role == Role::Counselor && senior)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignOff {
    Allowed,
    NotSupervisor,
    OwnNote,
    AlreadySigned,
}

/// A note is signed off by a supervisor who did not write it, once.
pub fn sign_off(actor: &Actor, senior: bool, author_id: &str, signed: bool) -> SignOff {
    if !is_supervisor(actor.role, senior) {
        SignOff::NotSupervisor
    } else if actor.user_id == author_id {
        SignOff::OwnNote
    } else if signed {
        SignOff::AlreadySigned
    } else {
        SignOff::Allowed
    }
}

/// Before sign-off the author may correct the text; after it, only
/// amendments are appended.
pub fn may_edit(actor: &Actor, author_id: &str, signed: bool) -> bool {
    !signed && actor.user_id == author_id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, id: &str) -> Actor {
        Actor { user_id: id.into(), role, center_id: "c".into() }
    }

    #[test]
    fn readers_and_writers() {
        assert!(may_read(Role::Counselor) && may_read(Role::Admin));
        for r in [Role::Member, Role::PeerMentor, Role::Family] {
            assert!(!may_read(r) && !may_write(r));
        }
        assert!(may_write(Role::Counselor) && !may_write(Role::Admin));
    }

    #[test]
    fn sign_off_rules() {
        assert_eq!(sign_off(&actor(Role::Counselor, "s"), false, "a", false), SignOff::NotSupervisor);
        assert_eq!(sign_off(&actor(Role::Counselor, "s"), true, "a", false), SignOff::Allowed);
        assert_eq!(sign_off(&actor(Role::Admin, "s"), false, "a", false), SignOff::Allowed);
        assert_eq!(sign_off(&actor(Role::Counselor, "a"), true, "a", false), SignOff::OwnNote);
        assert_eq!(sign_off(&actor(Role::Admin, "s"), false, "a", true), SignOff::AlreadySigned);
        assert!(may_edit(&actor(Role::Counselor, "a"), "a", false));
        assert!(!may_edit(&actor(Role::Counselor, "a"), "a", true));
        assert!(!may_edit(&actor(Role::Counselor, "b"), "a", false));
    }
}
