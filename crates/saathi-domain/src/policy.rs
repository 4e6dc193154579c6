//! Who may read or change what. The API and the web pages both ask here and
//! nowhere else. A record of another centre is reported as absent (404), so
//! that nobody can learn which records exist elsewhere.

use crate::Role;

/// The signed-in person making a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: String,
    pub role: Role,
    pub center_id: String,
}

/// What is being done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ReadCenter,
    UpdateCenter,
    ListUsers,
    /// Create a user of the given role.
    CreateUser(Role),
    ChangeRole,
    ListMembers,
    CreateMember,
    ReadMember,
    UpdateMember,
    DischargeMember,
    ReadAudit,
    /// Groups (the target's `facilitator`/`enrolled` say the actor's relation).
    CreateGroup,
    UpdateGroup,
    ReadGroup,
    Enroll,
    /// Enrol despite failed eligibility, with a written reason.
    EnrollOverride,
    /// Read why an ineligible member was let into a group (the override
    /// reason: their age, gender, stage...): staff only, never a peer
    /// mentor, even one who facilitates the group.
    ReadOverrideReason,
    /// Leave (the member) or remove (staff).
    Unenroll,
    ListEnrollments,
    /// Sessions: schedule, cancel, move, attendance, the sharing circle.
    RunSession,
    /// Accept a group's agreement, check in to its sessions.
    ParticipateInGroup,
    ReadNotes,
    WriteNotes,
    /// Append an amendment to a note (signed or not).
    AmendNote,
    /// One's own open follow-up tasks.
    ReadFollowUps,
    /// Today's check-in, for oneself.
    SubmitCheckIn,
    /// Progress pictures: mood, craving, sober days, attendance (the subject is the member).
    ReadProgress,
    /// Days sober, milestones, streaks (the subject is the member).
    ReadSobriety,
    /// A lapse or relapse (the subject is the member).
    RecordLapse,
    /// Add to the centre's list of check-in trigger tags.
    ManageTriggers,
    /// Set a goal, log progress on it, end it: one's own (the subject is the goal's owner).
    WriteGoal,
    /// Read a goal (the subject is its owner; `facilitator`/`enrolled` say the
    /// actor's relation to the goal's group, `enrolled` meaning both are active in it).
    ReadGoal {
        shared: bool,
    },
    /// Cheer a goal shared with a group (the target as for `ReadGoal`).
    CheerGoal {
        shared: bool,
    },
    /// Pair a peer mentor with a member, or end the pairing.
    ManageMentorships,
    /// What a member lets others see (the subject is the member).
    ChangeSharing,
    /// Create or rename the centre's open rooms.
    ManageRooms,
    /// Read a room, write, react and report in it (the reader's standing in the room).
    UseRoom(crate::rooms::Standing),
    /// Receive a room's reports.
    ModerateRoom(crate::rooms::Standing),
    /// Open a private room with the subject, of role `other` (`paired`: one mentors the other).
    OpenPrivateRoom {
        other: Role,
        paired: bool,
    },
    /// Edit a message (the subject is its author) in a room the actor still belongs to.
    EditMessage {
        in_room: bool,
    },
    /// Delete a message (the subject is its author).
    DeleteMessage,
    /// List safety alerts (those one may see).
    ListSafetyAlerts,
    /// See or acknowledge one safety alert (`counselor`: the actor is the writer's counsellor; `moderator`: moderates its room).
    SeeSafetyAlert {
        counselor: bool,
        moderator: bool,
    },
    /// Read a room's moderation log.
    ReadModerationLog,
    /// Mute or warn the subject, of role `target`, in a room the actor moderates.
    DisciplinePerson(Role),
    /// The centre's relapse-risk list and its weights.
    ReadRisk,
    /// Set the centre's risk weights.
    TuneRisk,
    /// Press the crisis button (for oneself).
    RaiseCrisis,
    /// See a crisis alert (the subject is the member; `mentor`: the actor
    /// mentors them; `notified`: the actor was told of this alert).
    SeeCrisisAlert {
        mentor: bool,
        notified: bool,
    },
    /// Acknowledge or resolve a crisis alert (the target as for `SeeCrisisAlert`).
    ActOnCrisisAlert {
        mentor: bool,
        notified: bool,
    },
    /// Read the centre's on-call roster.
    ReadOnCall,
    /// Change the centre's on-call roster.
    EditOnCall,
    /// Turn a device into the centre's shared tablet (kiosk), list and revoke them.
    ManageKiosks,
    /// Give a member (the subject) a kiosk code and PIN, reset or remove them.
    ManageKioskSignIn,
}

/// The record acted on: its centre, and whose it is (a member's user id).
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub center_id: &'a str,
    pub subject_id: Option<&'a str>,
    /// The actor facilitates the group concerned.
    pub facilitator: bool,
    /// The actor is enrolled (active) in the group concerned.
    pub enrolled: bool,
    /// The actor is the subject's active peer mentor.
    pub mentor: bool,
}

impl<'a> Target<'a> {
    pub fn center(center_id: &'a str) -> Self {
        Target { center_id, subject_id: None, facilitator: false, enrolled: false, mentor: false }
    }

    pub fn subject(center_id: &'a str, subject_id: &'a str) -> Self {
        Target { center_id, subject_id: Some(subject_id), facilitator: false, enrolled: false, mentor: false }
    }

    /// A member's record, read by someone who may be their mentor.
    pub fn mentee(center_id: &'a str, subject_id: &'a str, mentor: bool) -> Self {
        Target { mentor, ..Target::subject(center_id, subject_id) }
    }

    /// A group, with the actor's relation to it.
    pub fn group(center_id: &'a str, facilitator: bool, enrolled: bool) -> Self {
        Target { center_id, subject_id: None, facilitator, enrolled, mentor: false }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// 403: the record is visible to the actor's centre but not to this actor.
    Forbidden,
    /// 404: another centre's record.
    NotFound,
}

pub fn decide(actor: &Actor, action: Action, target: Target<'_>) -> Decision {
    use Role::*;
    if actor.center_id != target.center_id {
        return Decision::NotFound;
    }
    let is_self = target.subject_id == Some(actor.user_id.as_str());
    let allowed = match action {
        Action::ReadCenter => actor.role.is_staff(),
        Action::UpdateCenter | Action::ListUsers | Action::ChangeRole | Action::ReadAudit => actor.role == Admin,
        Action::CreateUser(role) => match actor.role {
            Admin => true,
            Counselor => matches!(role, Member | Family | PeerMentor),
            _ => false,
        },
        Action::ListMembers | Action::CreateMember | Action::UpdateMember => actor.role.is_staff(),
        Action::ReadMember => actor.role.is_staff() || (actor.role == Member && is_self),
        Action::DischargeMember => actor.role == Counselor,
        Action::CreateGroup | Action::UpdateGroup | Action::Enroll => actor.role.is_staff(),
        Action::ReadGroup => actor.role.is_staff() || target.facilitator || target.enrolled,
        Action::EnrollOverride => target.facilitator || actor.role == Admin,
        Action::ReadOverrideReason => actor.role.is_staff(),
        Action::Unenroll => actor.role.is_staff() || (actor.role == Member && is_self),
        Action::ListEnrollments | Action::RunSession => actor.role.is_staff() || target.facilitator,
        Action::ParticipateInGroup => target.enrolled,
        Action::ReadNotes => crate::notes::may_read(actor.role),
        Action::WriteNotes => crate::notes::may_write(actor.role),
        Action::AmendNote => crate::notes::may_amend(actor.role),
        Action::ReadFollowUps => actor.role == Counselor,
        Action::SubmitCheckIn => actor.role == Member,
        Action::ReadProgress => is_self || actor.role.is_staff(),
        Action::ReadSobriety => is_self || actor.role.is_staff() || (actor.role == PeerMentor && target.mentor),
        Action::RecordLapse => (actor.role == Member && is_self) || actor.role == Counselor,
        Action::ManageTriggers => actor.role.is_staff(),
        Action::WriteGoal => actor.role == Member && is_self,
        Action::ReadGoal { shared } => {
            is_self
                || actor.role.is_staff()
                || (shared && (target.facilitator || (actor.role == Member && target.enrolled)))
        }
        Action::CheerGoal { shared } => {
            shared && !is_self && (target.facilitator || (actor.role == Member && target.enrolled))
        }
        Action::ManageMentorships => actor.role.is_staff(),
        Action::ChangeSharing => actor.role == Member && is_self,
        Action::ManageRooms => actor.role.is_staff(),
        Action::UseRoom(s) => crate::rooms::is_member(actor.role, &s),
        Action::ModerateRoom(s) => crate::rooms::is_moderator(actor.role, &s),
        Action::OpenPrivateRoom { other, paired } => {
            !is_self && crate::rooms::private_kind(actor.role, other, paired).is_some()
        }
        Action::EditMessage { in_room } => is_self && in_room,
        Action::DeleteMessage => is_self,
        Action::ListSafetyAlerts => crate::rooms::may_list_alerts(actor.role),
        Action::SeeSafetyAlert { counselor, moderator } => {
            crate::rooms::may_see_alert(actor.role, counselor, moderator)
        }
        Action::ReadModerationLog => crate::rooms::may_read_moderation_log(actor.role),
        Action::DisciplinePerson(target) => crate::rooms::may_discipline(actor.role, target, is_self),
        Action::ReadRisk => crate::risk::may_read(actor.role),
        Action::TuneRisk => crate::risk::may_tune(actor.role),
        Action::RaiseCrisis => crate::crisis::may_raise(actor.role),
        Action::SeeCrisisAlert { mentor, notified } => crate::crisis::may_see(actor.role, is_self, mentor, notified),
        Action::ActOnCrisisAlert { mentor, notified } => crate::crisis::may_act(actor.role, mentor, notified),
        Action::ReadOnCall => crate::crisis::may_read_roster(actor.role),
        Action::EditOnCall => crate::crisis::may_edit_roster(actor.role),
        Action::ManageKiosks | Action::ManageKioskSignIn => actor.role.is_staff(),
    };
    if allowed { Decision::Allow } else { Decision::Forbidden }
}

/// A role change an admin may make: never their own (so a centre cannot
/// lose its last admin by accident).
pub fn role_change_allowed(actor: &Actor, target_user_id: &str) -> bool {
    actor.role == Role::Admin && actor.user_id != target_user_id
}

/// Which role changes make sense. A member's account carries their record,
/// so it may become a peer mentor (alumni do) and back, but never staff or
/// family; and only an account with a member record can be a member.
pub fn role_transition_allowed(from: Role, to: Role, has_member_record: bool) -> bool {
    match (from, to) {
        _ if from == to => true,
        (Role::Member, Role::PeerMentor) => true,
        (Role::Member, _) => false,
        (_, Role::Member) => has_member_record,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role) -> Actor {
        Actor { user_id: "u1".into(), role, center_id: "c1".into() }
    }

    #[test]
    fn other_centre_is_not_found_for_everyone() {
        for role in Role::ALL {
            for action in [Action::ReadMember, Action::ReadCenter, Action::ReadAudit] {
                assert_eq!(decide(&actor(role), action, Target::subject("c2", "u1")), Decision::NotFound);
            }
        }
    }

    #[test]
    fn member_reads_only_self() {
        let m = actor(Role::Member);
        assert_eq!(decide(&m, Action::ReadMember, Target::subject("c1", "u1")), Decision::Allow);
        assert_eq!(decide(&m, Action::ReadMember, Target::subject("c1", "u2")), Decision::Forbidden);
        assert_eq!(decide(&m, Action::UpdateMember, Target::subject("c1", "u1")), Decision::Forbidden);
        assert_eq!(decide(&m, Action::ListMembers, Target::center("c1")), Decision::Forbidden);
    }

    #[test]
    fn who_creates_whom() {
        let c = actor(Role::Counselor);
        assert_eq!(decide(&c, Action::CreateUser(Role::Member), Target::center("c1")), Decision::Allow);
        assert_eq!(decide(&c, Action::CreateUser(Role::PeerMentor), Target::center("c1")), Decision::Allow);
        assert_eq!(decide(&c, Action::CreateUser(Role::Admin), Target::center("c1")), Decision::Forbidden);
        assert_eq!(decide(&c, Action::CreateUser(Role::Counselor), Target::center("c1")), Decision::Forbidden);
        let a = actor(Role::Admin);
        assert_eq!(decide(&a, Action::CreateUser(Role::Counselor), Target::center("c1")), Decision::Allow);
        for r in [Role::PeerMentor, Role::Member, Role::Family] {
            assert_eq!(decide(&actor(r), Action::CreateUser(Role::Member), Target::center("c1")), Decision::Forbidden);
        }
    }

    #[test]
    fn only_counsellors_discharge_only_admins_audit() {
        assert_eq!(
            decide(&actor(Role::Counselor), Action::DischargeMember, Target::subject("c1", "m")),
            Decision::Allow
        );
        assert_eq!(
            decide(&actor(Role::Admin), Action::DischargeMember, Target::subject("c1", "m")),
            Decision::Forbidden
        );
        assert_eq!(decide(&actor(Role::Admin), Action::ReadAudit, Target::center("c1")), Decision::Allow);
        assert_eq!(decide(&actor(Role::Counselor), Action::ReadAudit, Target::center("c1")), Decision::Forbidden);
    }

    #[test]
    fn only_staff_manage_kiosks_and_kiosk_sign_in() {
        for role in Role::ALL {
            let want = if role.is_staff() { Decision::Allow } else { Decision::Forbidden };
            assert_eq!(decide(&actor(role), Action::ManageKiosks, Target::center("c1")), want, "{role}");
            // Not even for oneself: a member cannot set their own PIN.
            assert_eq!(decide(&actor(role), Action::ManageKioskSignIn, Target::subject("c1", "u1")), want, "{role}");
            assert_eq!(decide(&actor(role), Action::ManageKioskSignIn, Target::subject("c2", "m")), Decision::NotFound);
        }
    }

    #[test]
    fn groups() {
        let g = |f, e| Target::group("c1", f, e);
        let mentor = actor(Role::PeerMentor);
        assert_eq!(decide(&mentor, Action::ReadGroup, g(false, false)), Decision::Forbidden);
        assert_eq!(decide(&mentor, Action::RunSession, g(true, false)), Decision::Allow);
        assert_eq!(decide(&mentor, Action::EnrollOverride, g(true, false)), Decision::Allow);
        assert_eq!(decide(&mentor, Action::Enroll, g(true, false)), Decision::Forbidden);
        let counselor = actor(Role::Counselor);
        assert_eq!(decide(&counselor, Action::EnrollOverride, g(false, false)), Decision::Forbidden);
        assert_eq!(decide(&counselor, Action::RunSession, g(false, false)), Decision::Allow);
        // Why a member was let in despite the rules is for staff alone.
        assert_eq!(decide(&mentor, Action::ReadOverrideReason, g(true, false)), Decision::Forbidden);
        assert_eq!(decide(&counselor, Action::ReadOverrideReason, g(false, false)), Decision::Allow);
        assert_eq!(decide(&actor(Role::Admin), Action::ReadOverrideReason, g(false, false)), Decision::Allow);
        let member = actor(Role::Member);
        assert_eq!(decide(&member, Action::ReadOverrideReason, g(false, true)), Decision::Forbidden);
        assert_eq!(decide(&member, Action::ReadGroup, g(false, true)), Decision::Allow);
        assert_eq!(decide(&member, Action::RunSession, g(false, true)), Decision::Forbidden);
        assert_eq!(decide(&member, Action::ParticipateInGroup, g(false, false)), Decision::Forbidden);
        assert_eq!(decide(&member, Action::ReadNotes, g(false, true)), Decision::Forbidden);
        assert_eq!(decide(&mentor, Action::ReadNotes, g(true, false)), Decision::Forbidden);
        assert_eq!(decide(&counselor, Action::ReadNotes, Target::group("c2", true, false)), Decision::NotFound);
    }

    #[test]
    fn tracking() {
        let m = actor(Role::Member);
        assert_eq!(decide(&m, Action::SubmitCheckIn, Target::subject("c1", "u1")), Decision::Allow);
        assert_eq!(decide(&m, Action::ReadSobriety, Target::subject("c1", "u2")), Decision::Forbidden);
        assert_eq!(decide(&m, Action::RecordLapse, Target::subject("c1", "u1")), Decision::Allow);
        assert_eq!(decide(&actor(Role::Admin), Action::RecordLapse, Target::subject("c1", "m")), Decision::Forbidden);
        assert_eq!(decide(&actor(Role::Admin), Action::ReadSobriety, Target::subject("c1", "m")), Decision::Allow);
        assert_eq!(decide(&actor(Role::Counselor), Action::SubmitCheckIn, Target::center("c1")), Decision::Forbidden);
        assert_eq!(decide(&actor(Role::PeerMentor), Action::AmendNote, Target::center("c1")), Decision::Forbidden);
        assert_eq!(decide(&actor(Role::Admin), Action::ReadFollowUps, Target::center("c1")), Decision::Forbidden);
    }

    #[test]
    fn role_transitions() {
        assert!(role_transition_allowed(Role::Member, Role::PeerMentor, true));
        assert!(role_transition_allowed(Role::PeerMentor, Role::Member, true));
        assert!(!role_transition_allowed(Role::PeerMentor, Role::Member, false));
        assert!(!role_transition_allowed(Role::Member, Role::Admin, true));
        assert!(role_transition_allowed(Role::Counselor, Role::Admin, false));
    }

    #[test]
    fn admins_cannot_change_their_own_role() {
        let a = actor(Role::Admin);
        assert!(!role_change_allowed(&a, "u1"));
        assert!(role_change_allowed(&a, "u2"));
        assert!(!role_change_allowed(&actor(Role::Counselor), "u2"));
    }
}
