//! Rooms and messages: the rooms one belongs to, open rooms (staff), private
//! rooms (a mentor and mentee, a member and the counsellors), messages with
//! paging and catch-up, edits, deletion, reactions and reports.
//!
//! Bodies are plain text, stored and returned as written (trimmed): whoever
//! shows them escapes them. People appear by display name only.

use super::dto::{ErrorBody, HelplineDto};
use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::json::{ApiJson, OptionalJson};
use crate::query::ApiQuery;
use crate::services::rooms::{self, PageQuery, RoomEntry};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use saathi_store::{Message, MessageReport, ModerationEntry, ModeratorNote};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::dto::rfc3339_ms as at;

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

#[derive(Serialize, ToSchema, Clone)]
pub struct ReactionOut {
    /// `me_too`, `support` or `heart`.
    pub kind: String,
    pub count: i64,
    /// The reader gave it.
    pub mine: bool,
}

#[derive(Serialize, ToSchema, Clone)]
pub struct MessageOut {
    pub id: String,
    pub room_id: String,
    /// The message's number in its room (1, 2, …, in the order they were
    /// sent): live clients drop a frame whose `seq` they have already shown.
    pub seq: i64,
    pub author_id: String,
    /// The author's display name (never a login or full name).
    pub author_name: String,
    /// Plain text; `null` once deleted, and when hidden by a moderator (except
    /// for its author and staff moderating the room).
    pub body: Option<String>,
    pub created_at: String,
    pub edited_at: Option<String>,
    pub deleted: bool,
    /// A moderator hid it: show "hidden by a moderator".
    pub hidden: bool,
    /// Why it was hidden: only for those served its body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hidden_reason: Option<String>,
    /// Only in the answer to its writer's POST: the screening found crisis
    /// language, so show the helplines (nobody else is ever told).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support: Option<bool>,
    /// With `support`: the centre's helplines, national first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub helplines: Option<Vec<HelplineDto>>,
    /// The reader wrote it.
    pub mine: bool,
    pub reactions: Vec<ReactionOut>,
}

impl MessageOut {
    /// The answer to the writer: with `support` and, after a screening hit, the helplines.
    fn posted(p: rooms::Posted, reader_id: &str) -> Self {
        let mut out = MessageOut::new(&p.message, reader_id);
        out.support = Some(p.support);
        if p.support {
            out.helplines =
                Some(p.helplines.into_iter().map(|h| HelplineDto { name: h.name, phone: h.phone }).collect());
        }
        out
    }

    pub(crate) fn new(m: &Message, reader_id: &str) -> Self {
        MessageOut {
            id: m.id.clone(),
            room_id: m.room_id.clone(),
            seq: m.seq,
            author_id: m.author_id.clone(),
            author_name: m.author_name.clone(),
            body: m.body.clone(),
            created_at: at(m.created_at),
            edited_at: m.edited_at.map(at),
            deleted: m.deleted_at.is_some(),
            hidden: m.hidden_at.is_some(),
            hidden_reason: m.body.as_ref().and(m.hidden_reason.clone()),
            support: None,
            helplines: None,
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
    ApiQuery(q): ApiQuery<MessagesQuery>,
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

/// Write in a room one belongs to. The body is screened for crisis language
/// before it is stored: a match is still delivered, raises a private safety
/// alert, and this answer (to the writer only) carries `support: true` and
/// the helplines. A member a moderator muted gets 403 `muted` with `muted_until`.
#[utoipa::path(post, path = "/api/v1/rooms/{id}/messages", tag = "rooms", request_body = MessageIn,
    responses((status = 201, body = MessageOut), (status = 400, body = ErrorBody),
        (status = 403, description = "Not in the room, or `muted` (with `muted_until`)", body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, description = "`body` empty or too long", body = ErrorBody)))]
pub async fn post_message(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<MessageIn>,
) -> ApiResult<(StatusCode, Json<MessageOut>)> {
    let p = rooms::post(&state, &user.actor, &id, &b.body).await?;
    Ok((StatusCode::CREATED, Json(MessageOut::posted(p, &user.actor.user_id))))
}

/// Edit one's own message (in a room one still belongs to, not while muted
/// there: 403 `muted`). The new text is screened like a new message; the
/// answer carries `support` and, after a hit, the helplines.
#[utoipa::path(patch, path = "/api/v1/messages/{id}", tag = "rooms", request_body = MessageIn,
    responses((status = 200, body = MessageOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The message has been deleted", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn patch_message(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<MessageIn>,
) -> ApiResult<Json<MessageOut>> {
    let p = rooms::edit(&state, &user.actor, &id, &b.body).await?;
    Ok(Json(MessageOut::posted(p, &user.actor.user_id)))
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
    OptionalJson(b): OptionalJson<ReportIn>,
) -> ApiResult<(StatusCode, Json<ReportedOut>)> {
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

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HideIn {
    /// 1–500 characters (kept in the moderation log; never shown to members).
    pub reason: String,
}

/// Hide a message (the room's moderators): it stays, but members and peer
/// mentors see `hidden: true` with no body; its author and staff moderators
/// still read it. Hiding again changes nothing.
#[utoipa::path(post, path = "/api/v1/messages/{id}/hide", tag = "moderation", request_body = HideIn,
    responses((status = 200, body = MessageOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The message has been deleted", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn hide_message(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<HideIn>,
) -> ApiResult<Json<MessageOut>> {
    let m = rooms::hide(&state, &user.actor, &id, &b.reason).await?;
    Ok(Json(MessageOut::new(&m, &user.actor.user_id)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MuteIn {
    /// The user to mute (of the room's centre).
    pub member_id: String,
    /// 1–10080 (one week).
    pub minutes: i64,
    /// 1–500 characters.
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct MuteOut {
    pub room_id: String,
    pub member_id: String,
    /// RFC 3339: until when they cannot write in the room.
    pub muted_until: String,
}

/// Mute someone in the room for a while (the room's moderators); a running
/// mute is replaced. While muted, their messages to the room get 403 `muted`.
#[utoipa::path(post, path = "/api/v1/rooms/{id}/mutes", tag = "moderation", request_body = MuteIn,
    responses((status = 201, body = MuteOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "`minutes` out of 1–10080, `reason` missing, `member_id` unknown or oneself", body = ErrorBody)))]
pub async fn mute_member(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<MuteIn>,
) -> ApiResult<(StatusCode, Json<MuteOut>)> {
    let until = rooms::mute(&state, &user.actor, &id, &b.member_id, b.minutes, &b.reason).await?;
    let muted_until = chrono::DateTime::from_timestamp_millis(until)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default();
    Ok((StatusCode::CREATED, Json(MuteOut { room_id: id, member_id: b.member_id, muted_until })))
}

/// End someone's mute in the room (the room's moderators); 204 whether or not one was running.
#[utoipa::path(delete, path = "/api/v1/rooms/{id}/mutes/{member_id}", tag = "moderation",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn unmute_member(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, member_id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    rooms::unmute(&state, &user.actor, &id, &member_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WarnIn {
    pub member_id: String,
    /// 1–500 characters.
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct WarnedOut {
    /// The warning's entry in the room's moderation log.
    pub id: String,
}

/// Warn someone in the room (the room's moderators); recorded in the moderation log.
#[utoipa::path(post, path = "/api/v1/rooms/{id}/warnings", tag = "moderation", request_body = WarnIn,
    responses((status = 201, body = WarnedOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn warn_member(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<WarnIn>,
) -> ApiResult<(StatusCode, Json<WarnedOut>)> {
    let id = rooms::warn(&state, &user.actor, &id, &b.member_id, &b.reason).await?;
    Ok((StatusCode::CREATED, Json(WarnedOut { id })))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteIn {
    /// 1–2000 characters.
    pub body: String,
}

#[derive(Serialize, ToSchema)]
pub struct ModeratorNoteOut {
    pub id: String,
    pub author_id: String,
    pub author_name: String,
    pub body: String,
    pub created_at: String,
}

impl From<&ModeratorNote> for ModeratorNoteOut {
    fn from(n: &ModeratorNote) -> Self {
        ModeratorNoteOut {
            id: n.id.clone(),
            author_id: n.author_id.clone(),
            author_name: n.author_name.clone(),
            body: n.body.clone(),
            created_at: at(n.created_at),
        }
    }
}

/// Add a private note on the room (the room's moderators only).
#[utoipa::path(post, path = "/api/v1/rooms/{id}/moderator-notes", tag = "moderation", request_body = NoteIn,
    responses((status = 201, body = ModeratorNoteOut), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_moderator_note(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NoteIn>,
) -> ApiResult<(StatusCode, Json<ModeratorNoteOut>)> {
    let n = rooms::add_note(&state, &user.actor, &id, &b.body).await?;
    Ok((StatusCode::CREATED, Json(ModeratorNoteOut::from(&n))))
}

/// The room's private moderator notes, newest first (the room's moderators only).
#[utoipa::path(get, path = "/api/v1/rooms/{id}/moderator-notes", tag = "moderation",
    responses((status = 200, body = Vec<ModeratorNoteOut>), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn list_moderator_notes(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<ModeratorNoteOut>>> {
    Ok(Json(rooms::notes(&state, &user.actor, &id).await?.iter().map(ModeratorNoteOut::from).collect()))
}

#[derive(Serialize, ToSchema)]
pub struct ModerationOut {
    pub id: String,
    /// `hide`, `mute`, `unmute` or `warn`.
    pub action: String,
    pub actor_id: String,
    pub actor_name: String,
    pub member_id: Option<String>,
    pub member_name: Option<String>,
    pub message_id: Option<String>,
    pub reason: Option<String>,
    /// A mute's end.
    pub until: Option<String>,
    pub created_at: String,
}

impl From<&ModerationEntry> for ModerationOut {
    fn from(e: &ModerationEntry) -> Self {
        ModerationOut {
            id: e.id.clone(),
            action: e.action.clone(),
            actor_id: e.actor_id.clone(),
            actor_name: e.actor_name.clone(),
            member_id: e.member_id.clone(),
            member_name: e.member_name.clone(),
            message_id: e.message_id.clone(),
            reason: e.reason.clone(),
            until: e.until.map(at),
            created_at: at(e.created_at),
        }
    }
}

/// The room's moderation log, newest first: staff only (admins and
/// counsellors; not peer mentors, not members). Never a message's content.
#[utoipa::path(get, path = "/api/v1/rooms/{id}/moderation-log", tag = "moderation",
    responses((status = 200, body = Vec<ModerationOut>), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn moderation_log(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<ModerationOut>>> {
    Ok(Json(rooms::moderation_log(&state, &user.actor, &id).await?.iter().map(ModerationOut::from).collect()))
}
