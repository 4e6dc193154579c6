//! The five roles of PRODUCT.md.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Counselor,
    PeerMentor,
    Member,
    Family,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Admin, Role::Counselor, Role::PeerMentor, Role::Member, Role::Family];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Counselor => "counselor",
            Role::PeerMentor => "peer_mentor",
            Role::Member => "member",
            Role::Family => "family",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Admins and counsellors: the people who run the centre and see member records.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Admin | Role::Counselor)
    }

    /// Counsellors run groups; peer mentors co-facilitate peer-led ones.
    pub fn may_facilitate(self) -> bool {
        matches!(self, Role::Counselor | Role::PeerMentor)
    }

    /// Only peer mentors have mentees.
    pub fn may_mentor(self) -> bool {
        self == Role::PeerMentor
    }

    /// Only counsellors are on the crisis on-call roster.
    pub fn may_be_on_call(self) -> bool {
        self == Role::Counselor
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
