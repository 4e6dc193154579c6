//! Rooms and messages: the rooms one belongs to, open rooms (staff), private
//! rooms (a mentor and mentee, a member and the counsellors), messages with
//! paging and catch-up, edits, deletion, reactions and reports.
//!
//! Bodies are plain text, stored and returned as written (trimmed): whoever
//! shows them escapes them. People appear by display name only.

use super::dto::ErrorBody;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use crate::services::rooms::{self, PageQuery, RoomEntry};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use saathi_store::{Message, MessageReport};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// RFC 3339 UTC with milliseconds (messages arrive many a second).
fn at(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

#[derive(Serialize, ToSchema)]
pub struct RoomOut {
    pub id: String,
    /// `group`, `support_24x7`, `alumni`, `mentorship` or `counselor`.
    pub kind: String,
    /// The group's or open room's name; for a private room, the other
    /// person's display name (for the member of a counsellor room, "Counsellors").
    pub name: String,
    /// A group's room: the group.
    pub group_id: Option<String>,
    /// The reader receives this room's reports.
    pub moderator: bool,
    /// Messages of others since the reader's last `read` mark (at most 100, meaning "100 or more").
    pub unread: i64,
}

impl From<&RoomEntry> for RoomOut {
    fn from(e: &RoomEntry) -> Self {
        RoomOut {
            id: e.view.room.id.clone(),
            kind: e.view.room.kind.as_str().into(),
            name: e.name.clone(),
            group_id: e.view.room.group_id.clone(),
            moderator: e.moderator,
            unread: e.view.unread,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ReactionOut {
    /// `me_too`, `support` or `heart`.
    pub kind: String,
    pub count: i64,
    /// The reader gave it.
    pub mine: bool,
}

#[derive(Serialize, ToSchema)]
pub struct MessageOut {
    pub id: String,
    pub room_id: String,
    pub author_id: String,
    /// The author's display name (never a login or full name).
    pub author_name: String,
    /// Plain text; `null` once deleted.
    pub body: Option<String>,
    pub created_at: String,
    pub edited_at: Option<String>,
    pub deleted: bool,
    /// The reader wrote it.
    pub mine: bool,
    pub reactions: Vec<ReactionOut>,
}

impl MessageOut {
    fn new(m: &Message, reader_id: &str) -> Self {
        MessageOut {
            id: m.id.clone(),
            room_id: m.room_id.clone(),
            author_id: m.author_id.clone(),
            author_name: m.author_name.clone(),
            body: m.body.clone(),
            created_at: at(m.created_at),
            edited_at: m.edited_at.map(at),
            deleted: m.deleted_at.is_some(),
            mine: m.author_id == reader_id,
            reactions: m
                .reactions
                .iter()
                .map(|r| ReactionOut { kind: r.kind.as_str().into(), count: r.count, mine: r.mine })
                .collect(),
        }
    }
}

/// The rooms the reader belongs to: their groups' rooms, the centre's open
/// rooms they may use, their private rooms.
#[utoipa::path(get, path = "/api/v1/rooms", tag = "rooms",
    responses((status = 200, body = Vec<RoomOut>), (status = 401, body = ErrorBody)))]
pub async fn list_rooms(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Json<Vec<RoomOut>>> {
    Ok(Json(rooms::list(&state, &user.actor).await?.iter().map(RoomOut::from).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoomIn {
    /// `support_24x7` (every member, mentor and staff) or `alumni` (members in aftercare, mentors, staff).
    pub kind: String,
    /// 1–100 characters.
    pub name: String,
}

/// Open a room of the centre (admins and counsellors).
#[utoipa::path(post, path = "/api/v1/rooms", tag = "rooms", request_body = RoomIn,
    responses((status = 201, body = RoomOut), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, description = "Invalid `kind` (not an open room's) or `name`", body = ErrorBody)))]
pub async fn create_room(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<RoomIn>,
) -> ApiResult<(StatusCode, Json<RoomOut>)> {
    let e = rooms::create_open(&state, &user.actor, &b.kind, &b.name).await?;
    Ok((StatusCode::CREATED, Json(RoomOut::from(&e))))
}

/// A room the reader belongs to.
#[utoipa::path(get, path = "/api/v1/rooms/{id}", tag = "rooms",
    responses((status = 200, body = RoomOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_room(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<RoomOut>> {
    Ok(Json(RoomOut::from(&rooms::get(&state, &user.actor, &id).await?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoomPatchIn {
    /// 1–100 characters.
    pub name: String,
}

/// Rename an open room (admins and counsellors).
#[utoipa::path(patch, path = "/api/v1/rooms/{id}", tag = "rooms", request_body = RoomPatchIn,
    responses((status = 200, body = RoomOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn patch_room(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<RoomPatchIn>,
) -> ApiResult<Json<RoomOut>> {
    Ok(Json(RoomOut::from(&rooms::rename(&state, &user.actor, &id, &b.name).await?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PrivateIn {
    /// The other person's user id: one's peer mentor or mentee, or (between a
    /// member and counsellors) a counsellor or a member.
    pub with: String,
}

/// Open the private room with one's mentor or mentee, or a member's room
/// with the counsellors; 201 when made now, 200 when it existed. Members
/// cannot open private rooms with other members (403).
#[utoipa::path(post, path = "/api/v1/rooms/private", tag = "rooms", request_body = PrivateIn,
    responses((status = 201, body = RoomOut), (status = 200, body = RoomOut), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn open_private(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<PrivateIn>,
) -> ApiResult<(StatusCode, Json<RoomOut>)> {
    let (e, made) = rooms::open_private(&state, &user.actor, &b.with).await?;
    Ok((if made { StatusCode::CREATED } else { StatusCode::OK }, Json(RoomOut::from(&e))))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadIn {
    /// The last message the reader has seen.
    pub message_id: String,
}

/// Mark a room read up to a message (never backwards): the rooms list counts
/// only later messages of others as unread.
#[utoipa::path(post, path = "/api/v1/rooms/{id}/read", tag = "rooms", request_body = ReadIn,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "`message_id` not a message of the room", body = ErrorBody)))]
pub async fn mark_read(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ReadIn>,
) -> ApiResult<StatusCode> {
    rooms::mark_read(&state, &user.actor, &id, &b.message_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
pub struct MessagesQuery {
    /// A message id: the page holds the messages before it, newest first.
    pub before: Option<String>,
    /// A message id: the page holds the messages after it, oldest first (catch-up after a reconnect).
    pub after: Option<String>,
    /// 1–100, default 50 (more is taken as 100).
    pub limit: Option<i64>,
}

/// A room's messages: newest first (with `before`, older pages); with
/// `after`, the messages since, oldest first. Pages never skip or repeat a message.
#[utoipa::path(get, path = "/api/v1/rooms/{id}/messages", tag = "rooms", params(MessagesQuery),
    responses((status = 200, body = Vec<MessageOut>), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, description = "`before`/`after` not a message of the room, both given, or `limit` below 1", body = ErrorBody)))]
pub async fn list_messages(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<MessagesQuery>,
) -> ApiResult<Json<Vec<MessageOut>>> {
    let q = PageQuery { before: q.before, after: q.after, limit: q.limit };
    let (_, list) = rooms::history(&state, &user.actor, &id, &q).await?;
    Ok(Json(list.iter().map(|m| MessageOut::new(m, &user.actor.user_id)).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageIn {
    /// Plain text, 1–2000 characters after trimming.
    pub body: String,
}

/// Write in a room one belongs to.
#[utoipa::path(post, path = "/api/v1/rooms/{id}/messages", tag = "rooms", request_body = MessageIn,
    responses((status = 201, body = MessageOut), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, description = "`body` empty or too long", body = ErrorBody)))]
pub async fn post_message(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<MessageIn>,
) -> ApiResult<(StatusCode, Json<MessageOut>)> {
    let m = rooms::post(&state, &user.actor, &id, &b.body).await?;
    Ok((StatusCode::CREATED, Json(MessageOut::new(&m, &user.actor.user_id))))
}

/// Edit one's own message (in a room one still belongs to).
#[utoipa::path(patch, path = "/api/v1/messages/{id}", tag = "rooms", request_body = MessageIn,
    responses((status = 200, body = MessageOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The message has been deleted", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn patch_message(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<MessageIn>,
) -> ApiResult<Json<MessageOut>> {
    let m = rooms::edit(&state, &user.actor, &id, &b.body).await?;
    Ok(Json(MessageOut::new(&m, &user.actor.user_id)))
}

/// Delete one's own message: its content is erased from the database.
#[utoipa::path(delete, path = "/api/v1/messages/{id}", tag = "rooms",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_message(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    rooms::delete(&state, &user.actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// React to a message (`me_too`, `support`, `heart`), once per kind: 201 when
/// new, 200 when already given.
#[utoipa::path(post, path = "/api/v1/messages/{id}/reactions/{kind}", tag = "rooms",
    responses((status = 201, body = MessageOut), (status = 200, body = MessageOut), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_reaction(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, kind)): Path<(String, String)>,
) -> ApiResult<(StatusCode, Json<MessageOut>)> {
    let (made, m) = rooms::react(&state, &user.actor, &id, &kind, true).await?;
    Ok((if made { StatusCode::CREATED } else { StatusCode::OK }, Json(MessageOut::new(&m, &user.actor.user_id))))
}

/// Take back one's reaction (200 whether or not it was there).
#[utoipa::path(delete, path = "/api/v1/messages/{id}/reactions/{kind}", tag = "rooms",
    responses((status = 200, body = MessageOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn remove_reaction(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, kind)): Path<(String, String)>,
) -> ApiResult<Json<MessageOut>> {
    let (_, m) = rooms::react(&state, &user.actor, &id, &kind, false).await?;
    Ok(Json(MessageOut::new(&m, &user.actor.user_id)))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ReportIn {
    /// At most 500 characters.
    pub reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ReportedOut {
    pub report_id: String,
}

/// Report a message to the room's moderators (members of the room; once per
/// person: 201 when new, 200 when already reported). The body may be left out.
#[utoipa::path(post, path = "/api/v1/messages/{id}/report", tag = "rooms", request_body = ReportIn,
    responses((status = 201, body = ReportedOut), (status = 200, body = ReportedOut), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn report_message(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<ReportedOut>)> {
    // The body is optional: none at all is a report without a reason.
    let b: ReportIn = if body.iter().all(u8::is_ascii_whitespace) {
        ReportIn::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| match e.classify() {
            serde_json::error::Category::Data => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                format!("The request body has a wrong field: {e}"),
            ),
            _ => ApiError::malformed("The request body is not valid JSON."),
        })?
    };
    let (report_id, made) = rooms::report(&state, &user.actor, &id, b.reason.as_deref()).await?;
    Ok((if made { StatusCode::CREATED } else { StatusCode::OK }, Json(ReportedOut { report_id })))
}

#[derive(Serialize, ToSchema)]
pub struct ReportOut {
    pub id: String,
    pub reporter_id: String,
    pub reporter_name: String,
    pub reason: Option<String>,
    pub created_at: String,
    /// The message as it is now (no body if its author deleted it).
    pub message: MessageOut,
}

impl ReportOut {
    fn new(r: &MessageReport, reader_id: &str) -> Self {
        ReportOut {
            id: r.id.clone(),
            reporter_id: r.reporter_id.clone(),
            reporter_name: r.reporter_name.clone(),
            reason: r.reason.clone(),
            created_at: at(r.created_at),
            message: MessageOut::new(&r.message, reader_id),
        }
    }
}

/// A room's reports, newest first: for its moderators only (a group's
/// facilitators; staff and peer mentors for open rooms; staff for private rooms).
#[utoipa::path(get, path = "/api/v1/rooms/{id}/reports", tag = "rooms",
    responses((status = 200, body = Vec<ReportOut>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn room_reports(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<ReportOut>>> {
    let list = rooms::reports(&state, &user.actor, &id).await?;
    Ok(Json(list.iter().map(|r| ReportOut::new(r, &user.actor.user_id)).collect()))
}
