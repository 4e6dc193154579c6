//! Mentor pairings, what a member shares, and a group's celebrations.

use super::dto::{ErrorBody, rfc3339};
use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::json::ApiJson;
use crate::services::celebrations::{self, Celebrations};
use crate::services::members::{self, Sharing};
use crate::services::mentorships;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use saathi_store::Mentorship;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MentorshipIn {
    /// A user of the centre with the role peer_mentor.
    pub mentor_id: String,
    /// A member of the centre without an active mentor.
    pub mentee_id: String,
}

#[derive(Serialize, ToSchema)]
pub struct MentorshipOut {
    pub id: String,
    pub mentor_id: String,
    pub mentor_name: String,
    pub mentee_id: String,
    pub mentee_name: String,
    pub started_at: String,
    pub ended_at: Option<String>,
}

impl From<&Mentorship> for MentorshipOut {
    fn from(m: &Mentorship) -> Self {
        MentorshipOut {
            id: m.id.clone(),
            mentor_id: m.mentor_id.clone(),
            mentor_name: m.mentor_name.clone(),
            mentee_id: m.mentee_id.clone(),
            mentee_name: m.mentee_name.clone(),
            started_at: rfc3339(m.started_at),
            ended_at: m.ended_at.map(rfc3339),
        }
    }
}

/// Pair a peer mentor with a member (counsellors, admins). 422 `mentor_full` at the centre's mentor capacity; 409 `already_mentored`.
#[utoipa::path(post, path = "/api/v1/mentorships", tag = "mentorship", request_body = MentorshipIn,
    responses((status = 201, body = MentorshipOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_mentorship(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<MentorshipIn>,
) -> ApiResult<(StatusCode, Json<MentorshipOut>)> {
    let m = mentorships::pair(&state, &user.actor, &b.mentor_id, &b.mentee_id).await?;
    Ok((StatusCode::CREATED, Json(MentorshipOut::from(&m))))
}

/// Active pairings: all of the centre's for staff, a mentor's own for a peer mentor.
#[utoipa::path(get, path = "/api/v1/mentorships", tag = "mentorship",
    responses((status = 200, body = Vec<MentorshipOut>), (status = 403, body = ErrorBody)))]
pub async fn list_mentorships(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Json<Vec<MentorshipOut>>> {
    Ok(Json(mentorships::list(&state, &user.actor).await?.iter().map(MentorshipOut::from).collect()))
}

/// End a pairing (counsellors, admins); it stays in the history.
#[utoipa::path(delete, path = "/api/v1/mentorships/{id}", tag = "mentorship",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn end_mentorship(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    mentorships::end(&state, &user.actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What the member lets others see (the member only; counsellors cannot change it).
#[utoipa::path(put, path = "/api/v1/members/{id}/sharing", tag = "tracking", request_body = Sharing,
    responses((status = 200, body = Sharing), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn put_sharing(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<Sharing>,
) -> ApiResult<Json<Sharing>> {
    Ok(Json(members::set_sharing(&state, &user.actor, &id, b).await?))
}

#[derive(Serialize, ToSchema)]
pub struct CelebrationOut {
    pub member_id: String,
    pub display_name: String,
    /// The milestone, in days sober.
    pub days: i64,
    /// The day it was reached (the centre's calendar).
    pub date: String,
}

#[derive(Serialize, ToSchema)]
pub struct CelebrationsOut {
    /// Milestones after this date (the previous session's day)…
    pub since: String,
    /// …up to and including this one (today).
    pub until: String,
    pub previous_session_id: Option<String>,
    pub celebrations: Vec<CelebrationOut>,
}

impl From<&Celebrations> for CelebrationsOut {
    fn from(c: &Celebrations) -> Self {
        CelebrationsOut {
            since: c.since.to_string(),
            until: c.until.to_string(),
            previous_session_id: c.previous_session_id.clone(),
            celebrations: c
                .celebrations
                .iter()
                .map(|x| CelebrationOut {
                    member_id: x.member_id.clone(),
                    display_name: x.display_name.clone(),
                    days: x.days,
                    date: x.date.to_string(),
                })
                .collect(),
        }
    }
}

/// Milestones the group's members reached since its previous session (only members who let their groups see them). For the group's members, facilitators and staff.
#[utoipa::path(get, path = "/api/v1/groups/{id}/celebrations", tag = "tracking",
    responses((status = 200, body = CelebrationsOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn celebrations(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<CelebrationsOut>> {
    Ok(Json(CelebrationsOut::from(&celebrations::for_group(&state, &user.actor, &id).await?)))
}
