//! Peer mentors paired with members by counsellors, and the one check every
//! mentor's read goes through: is this reader the member's active mentor?

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::http::StatusCode;
use saathi_domain::policy::{Action, Actor, Target, decide};
use saathi_domain::{Role, mentorship};
use saathi_store::{Mentorship, PairingRefused, User, now_ms};

/// Pairs a peer mentor with a member of the centre.
pub async fn pair(state: &AppState, actor: &Actor, mentor_id: &str, mentee_id: &str) -> ApiResult<Mentorship> {
    ApiError::check(decide(actor, Action::ManageMentorships, Target::center(&actor.center_id)))?;
    let mentee = state.store.get_member(mentee_id).await?.filter(|m| m.center_id == actor.center_id);
    let mentor = state.store.get_user(mentor_id).await?.filter(|u| u.center_id == actor.center_id);
    let (Some(mentee), Some(mentor)) = (mentee, mentor) else { return Err(ApiError::not_found()) };
    let same_person = mentor.id == mentee.id;
    mentorship::check_pairing(mentor.role, mentor.disabled, same_person, mentee.discharged_at.is_some(), mentee.stage)?;
    let center = super::centers::own(state, actor).await?;
    let made = state
        .store
        .create_mentorship(
            &center.id,
            &mentor.id,
            &mentee.id,
            center.settings.mentor_capacity,
            &actor.user_id,
            now_ms(),
        )
        .await?;
    match made {
        Ok(m) => {
            let user_ids = vec![m.mentor_id.clone(), m.mentee_id.clone()];
            state.live.publish(crate::live::Event::RoomsChanged { user_ids });
            Ok(m)
        }
        Err(PairingRefused::MentorFull { capacity }) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "mentor_full",
            format!("This mentor already has {capacity} mentees, the centre's limit."),
        )),
        Err(PairingRefused::AlreadyMentored) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "already_mentored",
            "This member already has a mentor; end that pairing first.",
        )),
    }
}

/// Ends a pairing of the centre.
pub async fn end(state: &AppState, actor: &Actor, id: &str) -> ApiResult<()> {
    let m = state.store.get_mentorship(id).await?.ok_or_else(ApiError::not_found)?;
    ApiError::check(decide(actor, Action::ManageMentorships, Target::center(&m.center_id)))?;
    if !state.store.end_mentorship(id, &actor.user_id, now_ms()).await? {
        return Err(ApiError::new(StatusCode::CONFLICT, "already_ended", "This pairing has already ended."));
    }
    state.live.publish(crate::live::Event::RoomsChanged { user_ids: vec![m.mentor_id, m.mentee_id] });
    Ok(())
}

/// The active pairings a reader may see: staff all of the centre's, a
/// mentor their own.
pub async fn list(state: &AppState, actor: &Actor) -> ApiResult<Vec<Mentorship>> {
    let only = match actor.role {
        r if r.is_staff() => None,
        Role::PeerMentor => Some(actor.user_id.as_str()),
        _ => return Err(ApiError::forbidden()),
    };
    Ok(state.store.active_mentorships(&actor.center_id, only).await?)
}

/// Whether the actor is this member's active peer mentor.
pub async fn is_mentor(state: &AppState, actor: &Actor, member_id: &str) -> ApiResult<bool> {
    Ok(actor.role == Role::PeerMentor && state.store.is_mentor_of(&actor.user_id, member_id).await?)
}

/// The centre's peer mentors who can take a mentee, each with how many they
/// mentor now (for counsellors choosing one).
pub async fn mentors(state: &AppState, actor: &Actor) -> ApiResult<Vec<(User, usize)>> {
    ApiError::check(decide(actor, Action::ManageMentorships, Target::center(&actor.center_id)))?;
    let active = state.store.active_mentorships(&actor.center_id, None).await?;
    Ok(state
        .store
        .list_users(&actor.center_id, Some(Role::PeerMentor), 500, 0)
        .await?
        .into_iter()
        .filter(|u| mentorship::may_mentor(u.role, u.disabled))
        .map(|u| {
            let count = active.iter().filter(|p| p.mentor_id == u.id).count();
            (u, count)
        })
        .collect())
}
