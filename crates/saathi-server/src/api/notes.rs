//! Confidential notes and follow-ups (counsellors).

use super::dto::{ErrorBody, rfc3339};
use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::json::ApiJson;
use crate::services::notes;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use saathi_store::{FollowUp, Note};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct AmendmentOut {
    pub id: String,
    pub author_id: String,
    pub author_name: String,
    pub body: String,
    pub created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct NoteOut {
    pub id: String,
    pub session_id: Option<String>,
    /// The attendee a part is about; absent on a session's group note.
    pub member_id: Option<String>,
    pub author_id: String,
    pub author_name: String,
    pub body: String,
    pub needs_one_to_one: bool,
    pub created_at: String,
    pub updated_at: String,
    pub signed_off_by: Option<String>,
    pub signed_off_at: Option<String>,
    pub amendments: Vec<AmendmentOut>,
}

impl From<&Note> for NoteOut {
    fn from(n: &Note) -> Self {
        NoteOut {
            id: n.id.clone(),
            session_id: n.session_id.clone(),
            member_id: n.member_id.clone(),
            author_id: n.author_id.clone(),
            author_name: n.author_name.clone(),
            body: n.body.clone(),
            needs_one_to_one: n.needs_one_to_one,
            created_at: rfc3339(n.created_at),
            updated_at: rfc3339(n.updated_at),
            signed_off_by: n.signed_off_by.clone(),
            signed_off_at: n.signed_off_at.map(rfc3339),
            amendments: n
                .amendments
                .iter()
                .map(|a| AmendmentOut {
                    id: a.id.clone(),
                    author_id: a.author_id.clone(),
                    author_name: a.author_name.clone(),
                    body: a.body.clone(),
                    created_at: rfc3339(a.created_at),
                })
                .collect(),
        }
    }
}

fn list(notes: &[Note]) -> Json<Vec<NoteOut>> {
    Json(notes.iter().map(NoteOut::from).collect())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionNoteIn {
    /// Absent: the session's group note (one per session). Present: that attendee's part.
    pub member_id: Option<String>,
    pub body: String,
    /// On an attendee's part: a follow-up task for their counsellor.
    #[serde(default)]
    pub needs_one_to_one: bool,
}

/// Write a session's group note or an attendee's part (counsellors). Written once; 409 when it exists.
#[utoipa::path(post, path = "/api/v1/sessions/{id}/notes", tag = "notes", request_body = SessionNoteIn,
    responses((status = 201, body = NoteOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_session_note(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<SessionNoteIn>,
) -> ApiResult<(StatusCode, Json<NoteOut>)> {
    let n = notes::write_session_note(&state, &user.actor, &id, b.member_id.as_deref(), &b.body, b.needs_one_to_one)
        .await?;
    Ok((StatusCode::CREATED, Json(NoteOut::from(&n))))
}

/// A session's group note and attendee parts (counsellors; audited).
#[utoipa::path(get, path = "/api/v1/sessions/{id}/notes", tag = "notes",
    responses((status = 200, body = Vec<NoteOut>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn session_notes(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<NoteOut>>> {
    Ok(list(&notes::session_notes(&state, &user.actor, &id).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberNoteIn {
    pub body: String,
    #[serde(default)]
    pub needs_one_to_one: bool,
}

/// Write a note in a member's record (counsellors).
#[utoipa::path(post, path = "/api/v1/members/{id}/notes", tag = "notes", request_body = MemberNoteIn,
    responses((status = 201, body = NoteOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_member_note(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<MemberNoteIn>,
) -> ApiResult<(StatusCode, Json<NoteOut>)> {
    let n = notes::write_member_note(&state, &user.actor, &id, &b.body, b.needs_one_to_one).await?;
    Ok((StatusCode::CREATED, Json(NoteOut::from(&n))))
}

/// A member's record of notes: their own parts of session notes and their notes, nobody else's (counsellors; audited).
#[utoipa::path(get, path = "/api/v1/members/{id}/notes", tag = "notes",
    responses((status = 200, body = Vec<NoteOut>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn member_notes(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<NoteOut>>> {
    Ok(list(&notes::member_notes(&state, &user.actor, &id).await?))
}

/// One note (counsellors; audited).
#[utoipa::path(get, path = "/api/v1/notes/{id}", tag = "notes",
    responses((status = 200, body = NoteOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_note(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<NoteOut>> {
    Ok(Json(NoteOut::from(&notes::read_note(&state, &user.actor, &id).await?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteBodyIn {
    pub body: String,
}

/// Correct a note before sign-off (its author). After sign-off: 409, amend instead.
#[utoipa::path(patch, path = "/api/v1/notes/{id}", tag = "notes", request_body = NoteBodyIn,
    responses((status = 200, body = NoteOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn edit_note(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NoteBodyIn>,
) -> ApiResult<Json<NoteOut>> {
    Ok(Json(NoteOut::from(&notes::edit(&state, &user.actor, &id, &b.body).await?)))
}

/// Sign a note off (an admin or a senior counsellor, not its author); it becomes read-only.
#[utoipa::path(post, path = "/api/v1/notes/{id}/sign-off", tag = "notes",
    responses((status = 200, body = NoteOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn sign_off(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<NoteOut>> {
    Ok(Json(NoteOut::from(&notes::sign_off(&state, &user.actor, &id).await?)))
}

/// Append an amendment (never overwrites).
#[utoipa::path(post, path = "/api/v1/notes/{id}/amendments", tag = "notes", request_body = NoteBodyIn,
    responses((status = 201, body = NoteOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn amend(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NoteBodyIn>,
) -> ApiResult<(StatusCode, Json<NoteOut>)> {
    Ok((StatusCode::CREATED, Json(NoteOut::from(&notes::amend(&state, &user.actor, &id, &b.body).await?))))
}

#[derive(Serialize, ToSchema)]
pub struct FollowUpOut {
    pub id: String,
    pub member_id: String,
    pub member_name: String,
    pub note_id: Option<String>,
    pub created_at: String,
}

impl From<&FollowUp> for FollowUpOut {
    fn from(f: &FollowUp) -> Self {
        FollowUpOut {
            id: f.id.clone(),
            member_id: f.member_id.clone(),
            member_name: f.member_name.clone(),
            note_id: f.note_id.clone(),
            created_at: rfc3339(f.created_at),
        }
    }
}

/// The counsellor's open follow-ups ("needs one-to-one").
#[utoipa::path(get, path = "/api/v1/follow-ups", tag = "notes", responses((status = 200, body = Vec<FollowUpOut>), (status = 403, body = ErrorBody)))]
pub async fn follow_ups(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Json<Vec<FollowUpOut>>> {
    let list = notes::follow_ups(&state, &user.actor).await?;
    Ok(Json(list.iter().map(FollowUpOut::from).collect()))
}

/// Mark a follow-up done.
#[utoipa::path(post, path = "/api/v1/follow-ups/{id}/done", tag = "notes",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn follow_up_done(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    notes::complete_follow_up(&state, &user.actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
