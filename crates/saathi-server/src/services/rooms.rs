//! Rooms and their messages. Every check goes to the domain policy
//! (`UseRoom`, `ModerateRoom`, `ManageRooms`, `OpenPrivateRoom`,
//! `EditMessage`, `DeleteMessage`) with the reader's standing in the room,
//! worked out here from what the store says of their relation to it.

use super::notifications;
use crate::error::{ApiError, ApiResult};
use crate::live::Event;
use crate::state::AppState;
use axum::http::StatusCode;
use saathi_domain::center::{Helpline, all_helplines};
use saathi_domain::policy::{Action, Actor, Decision, Target, decide};
use saathi_domain::rooms::{self, Reaction, RoomKind, Standing};
use saathi_domain::{FieldErrors, Role, Stage};
use saathi_store::{
    Message, MessageReport, ModerationEntry, ModerationStep, ModeratorNote, NewAlert, PrivateRoom, RoomView,
    WriterRoom, now_ms,
};

/// A room as one reader sees it.
#[derive(Debug, Clone)]
pub struct RoomEntry {
    pub view: RoomView,
    /// The name to show this reader: an open room's or group's name, or the
    /// other person of a private room.
    pub name: String,
    /// The reader receives the room's reports.
    pub moderator: bool,
}

/// Which messages of a room: the newest, those before one, or those after one.
#[derive(Debug, Clone, Default)]
pub struct PageQuery {
    pub before: Option<String>,
    pub after: Option<String>,
    pub limit: Option<i64>,
}

/// How a page of messages is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    NewestFirst,
    OldestFirst,
}

fn deleted() -> ApiError {
    ApiError::new(StatusCode::CONFLICT, "message_deleted", "This message has been deleted.")
}

/// The reader's stage, when they have a member record (the alumni room asks).
async fn reader_stage(state: &AppState, actor: &Actor) -> ApiResult<Option<Stage>> {
    if actor.role != Role::Member {
        return Ok(None);
    }
    Ok(state.store.get_member(&actor.user_id).await?.map(|m| m.stage))
}

/// The reader's standing in a room, from the store's facts.
fn standing_of(actor: &Actor, v: &RoomView, stage: Option<Stage>) -> Standing {
    let r = &v.room;
    let me = Some(actor.user_id.as_str());
    let party = match r.kind {
        RoomKind::Mentorship => v.paired && (r.member_id.as_deref() == me || r.mentor_id.as_deref() == me),
        RoomKind::Counselor => r.member_id.as_deref() == me,
        _ => false,
    };
    Standing {
        kind: r.kind,
        facilitator: r.kind == RoomKind::Group && v.facilitator,
        enrolled: r.kind == RoomKind::Group && v.enrolled,
        stage,
        party,
    }
}

async fn standing(state: &AppState, actor: &Actor, v: &RoomView) -> ApiResult<Standing> {
    let stage = if v.room.kind == RoomKind::Alumni { reader_stage(state, actor).await? } else { None };
    Ok(standing_of(actor, v, stage))
}

fn entry(actor: &Actor, view: RoomView, s: &Standing) -> RoomEntry {
    let r = &view.room;
    let me = actor.user_id.as_str();
    let name = match r.kind {
        RoomKind::Mentorship if r.mentor_id.as_deref() == Some(me) => r.member_name.clone(),
        RoomKind::Mentorship => r.mentor_name.clone(),
        RoomKind::Counselor if r.member_id.as_deref() == Some(me) => Some("Counsellors".to_string()),
        RoomKind::Counselor => r.member_name.clone(),
        _ => r.name.clone(),
    }
    .unwrap_or_default();
    let moderator = decide(actor, Action::ModerateRoom(*s), Target::center(&r.center_id)) == Decision::Allow;
    RoomEntry { view, name, moderator }
}

/// A room and the reader's standing, after checking they belong to it
/// (another centre's room: 404; not theirs: 403).
async fn member_of(state: &AppState, actor: &Actor, room_id: &str) -> ApiResult<(RoomView, Standing)> {
    let v = state.store.room_for(room_id, &actor.user_id).await?.ok_or_else(ApiError::not_found)?;
    let s = may_use(state, actor, &v).await?;
    Ok((v, s))
}

/// The reader's standing in a room they may use (403 if they may not).
async fn may_use(state: &AppState, actor: &Actor, v: &RoomView) -> ApiResult<Standing> {
    let s = standing(state, actor, v).await?;
    ApiError::check(decide(actor, Action::UseRoom(s), Target::center(&v.room.center_id)))?;
    Ok(s)
}

/// A message and its room, for someone who belongs to the room (the body
/// of a hidden message only if the reader may read it).
async fn message_for_member(state: &AppState, actor: &Actor, message_id: &str) -> ApiResult<(Message, RoomView)> {
    let mut m = state.store.get_message(message_id, &actor.user_id).await?.ok_or_else(ApiError::not_found)?;
    let (v, s) = member_of(state, actor, &m.room_id).await?;
    redact(actor, moderates_with(actor, &v, &s), &mut m);
    Ok((m, v))
}

fn moderates_with(actor: &Actor, v: &RoomView, s: &Standing) -> bool {
    decide(actor, Action::ModerateRoom(*s), Target::center(&v.room.center_id)) == Decision::Allow
}

/// Whether the reader moderates the room (false for a room of another centre).
pub async fn moderates(state: &AppState, actor: &Actor, v: &RoomView) -> ApiResult<bool> {
    let s = standing(state, actor, v).await?;
    Ok(moderates_with(actor, v, &s))
}

/// Serves a hidden message's body only to those the domain allows (its
/// author, staff moderating the room); for everyone else it is hidden with
/// no body and no reason.
fn redact(actor: &Actor, moderator: bool, m: &mut Message) {
    if m.hidden_at.is_some() && !rooms::may_read_hidden(actor.role, m.author_id == actor.user_id, moderator) {
        m.body = None;
        m.hidden_reason = None;
    }
}

/// A room and the reader's standing, after checking they moderate it
/// (another centre's room: 404; not a moderator: 403).
async fn moderator_of(state: &AppState, actor: &Actor, room_id: &str) -> ApiResult<(RoomView, Standing)> {
    let v = state.store.room_for(room_id, &actor.user_id).await?.ok_or_else(ApiError::not_found)?;
    let s = standing(state, actor, &v).await?;
    ApiError::check(decide(actor, Action::ModerateRoom(s), Target::center(&v.room.center_id)))?;
    Ok((v, s))
}

/// The rooms the reader belongs to (a group's room is made the first time
/// one of its people asks).
pub async fn list(state: &AppState, actor: &Actor) -> ApiResult<Vec<RoomEntry>> {
    state.store.ensure_group_rooms(&actor.user_id, now_ms()).await?;
    let stage = reader_stage(state, actor).await?;
    let all_counselor_rooms = actor.role == Role::Counselor;
    let candidates = state.store.candidate_rooms(&actor.center_id, &actor.user_id, all_counselor_rooms).await?;
    Ok(candidates
        .into_iter()
        .filter_map(|v| {
            let s = standing_of(actor, &v, stage);
            let allowed = decide(actor, Action::UseRoom(s), Target::center(&v.room.center_id)) == Decision::Allow;
            allowed.then(|| entry(actor, v, &s))
        })
        .collect())
}

/// One room the reader belongs to.
pub async fn get(state: &AppState, actor: &Actor, room_id: &str) -> ApiResult<RoomEntry> {
    let (v, s) = member_of(state, actor, room_id).await?;
    Ok(entry(actor, v, &s))
}

/// Staff open a room of the centre: `support_24x7` or `alumni`.
pub async fn create_open(state: &AppState, actor: &Actor, kind: &str, name: &str) -> ApiResult<RoomEntry> {
    ApiError::check(decide(actor, Action::ManageRooms, Target::center(&actor.center_id)))?;
    let mut e = FieldErrors::new();
    let kind = match RoomKind::parse(kind) {
        Some(k) if k.is_open() => Some(k),
        Some(_) => {
            e.add("kind", "not_open");
            None
        }
        None => {
            e.add("kind", "unknown");
            None
        }
    };
    let name = rooms::check_name(name).map_err(|f| e.0.extend(f.0)).ok();
    let (Some(kind), Some(name)) = (kind, name) else { return Err(ApiError::invalid(e)) };
    let id = state.store.create_open_room(&actor.center_id, kind, &name, &actor.user_id, now_ms()).await?;
    state.live.publish(Event::CenterRoomsChanged { center_id: actor.center_id.clone() });
    get(state, actor, &id).await
}

/// Staff rename an open room (a group's room carries the group's name).
pub async fn rename(state: &AppState, actor: &Actor, room_id: &str, name: &str) -> ApiResult<RoomEntry> {
    let v = state.store.room_for(room_id, &actor.user_id).await?.ok_or_else(ApiError::not_found)?;
    ApiError::check(decide(actor, Action::ManageRooms, Target::center(&v.room.center_id)))?;
    if !v.room.kind.is_open() {
        return Err(ApiError::invalid_field("name", "not_open"));
    }
    let name = rooms::check_name(name)?;
    state.store.rename_room(&v.room.id, &name, &actor.user_id, now_ms()).await?;
    get(state, actor, room_id).await
}

/// Opens (or finds) the private room of the reader and `with`: a peer
/// mentor and their mentee, or a member and the centre's counsellors. Two
/// members never. Returns the room and whether it was made now.
pub async fn open_private(state: &AppState, actor: &Actor, with: &str) -> ApiResult<(RoomEntry, bool)> {
    let other = state.store.get_user(with).await?.ok_or_else(ApiError::not_found)?;
    let paired = match (actor.role, other.role) {
        (Role::Member, Role::PeerMentor) => state.store.is_mentor_of(&other.id, &actor.user_id).await?,
        (Role::PeerMentor, Role::Member) => state.store.is_mentor_of(&actor.user_id, &other.id).await?,
        _ => false,
    };
    let action = Action::OpenPrivateRoom { other: other.role, paired };
    ApiError::check(decide(actor, action, Target::subject(&other.center_id, &other.id)))?;
    if other.disabled {
        return Err(ApiError::invalid_field("with", "disabled"));
    }
    let kind = rooms::private_kind(actor.role, other.role, paired).ok_or_else(ApiError::forbidden)?;
    let (member_id, mentor_id) = match (kind, actor.role) {
        (RoomKind::Mentorship, Role::PeerMentor) => (other.id.as_str(), Some(actor.user_id.as_str())),
        (RoomKind::Mentorship, _) => (actor.user_id.as_str(), Some(other.id.as_str())),
        (_, Role::Member) => (actor.user_id.as_str(), None),
        _ => (other.id.as_str(), None),
    };
    let p = PrivateRoom { center_id: &actor.center_id, kind, member_id, mentor_id };
    let (id, made) = state.store.private_room(&p, &actor.user_id, now_ms()).await?;
    if made {
        // A mentoring room is the pair's; a member's room with the counsellors
        // is every counsellor's of the centre.
        let event = match mentor_id {
            Some(mentor) => Event::RoomsChanged { user_ids: vec![member_id.to_string(), mentor.to_string()] },
            None => Event::CenterRoomsChanged { center_id: actor.center_id.clone() },
        };
        state.live.publish(event);
    }
    Ok((get(state, actor, &id).await?, made))
}

/// A message just written, and what its writer alone is told.
#[derive(Debug, Clone)]
pub struct Posted {
    pub message: Message,
    /// The screening found crisis language: the writer is shown the helplines.
    pub support: bool,
    /// The centre's helplines (national first), when `support`.
    pub helplines: Vec<Helpline>,
}

/// A member of the room writes in it (unless a moderator muted them there).
/// The body is screened before it is stored: a hit is still stored and
/// delivered, but raises a private safety alert in the same transaction,
/// and the writer (only) is answered with the helplines.
///
/// Whether they may write is decided (saathi-domain) on the room as they
/// last wrote in it when this instance remembers it, so a message is
/// usually one statement; the insert writes only if that is still so, and
/// otherwise the room is read again and the decision made again. A refusal
/// is always decided on a fresh read.
pub async fn post(state: &AppState, actor: &Actor, room_id: &str, body: &str) -> ApiResult<Posted> {
    let key = format!("{room_id}:{}", actor.user_id);
    let mut remembered = state.writers.get(&key);
    for _ in 0..POST_ATTEMPTS {
        let now = now_ms();
        let (w, fresh) = match remembered.take() {
            Some(w) => (w, false),
            // The room, the writer's relation to it and any mute, in one read.
            None => {
                let w = state.store.room_for_writer(room_id, &actor.user_id, now).await?;
                (w.ok_or_else(ApiError::not_found)?, true)
            }
        };
        let body = match may_write(state, actor, &w, body).await {
            Ok(body) => body,
            Err(_) if !fresh => {
                state.writers.remove(&key);
                continue;
            }
            Err(e) => return Err(e),
        };
        let v = &w.view;
        let hit = screen(state, v, &actor.user_id, &body).await?;
        let alert = hit.as_ref().map(|h| h.alert(state, &v.room.center_id));
        let Some((message, raised)) =
            state.store.post_screened_message(&w, &actor.user_id, &body, alert.as_ref(), now).await?
        else {
            // Changed since it was read: read it again.
            state.writers.remove(&key);
            continue;
        };
        // An alumni room's decision also rests on the writer's stage, which
        // the insert does not check: read afresh each time.
        if fresh && v.room.kind != RoomKind::Alumni {
            state.writers.put(key, w.clone());
        }
        // Delivered to this instance's sockets now, from the row just written.
        state.live.publish_posted(&message);
        if let Some(a) = &raised {
            super::risk::after_event(state, &v.room.center_id, &actor.user_id);
            state.live.publish(Event::SafetyAlert { alert_id: a.id.clone() });
            notifications::publish_made(state, &a.told);
        }
        return posted(state, v, message, raised.is_some()).await;
    }
    Err(ApiError::internal("the room changed under every attempt to write in it"))
}

/// How many times a post reads the room and tries again when it changed
/// between the read and the write (once after a remembered read, then
/// for a change racing a fresh read).
const POST_ATTEMPTS: usize = 3;

/// The body to write, if the room as read lets the writer write in it:
/// 403 (or 404 for another centre's room) if they do not belong there, 422
/// for a bad body, 403 `muted` while a moderator's mute runs.
async fn may_write(state: &AppState, actor: &Actor, w: &WriterRoom, body: &str) -> ApiResult<String> {
    may_use(state, actor, &w.view).await?;
    let body = rooms::check_body(body)?;
    match w.muted_until {
        Some(until) => Err(ApiError::muted(until)),
        None => Ok(body),
    }
}

/// 403 `muted` (with until when) if a moderator muted the reader in the room.
async fn not_muted(state: &AppState, actor: &Actor, v: &RoomView, now: i64) -> ApiResult<()> {
    match state.store.active_mute(&v.room.id, &actor.user_id, now).await? {
        Some(mute) => Err(ApiError::muted(mute.until)),
        None => Ok(()),
    }
}

/// What screening found in a message: the alert's words, and whom it tells.
struct Hit {
    categories: Vec<String>,
    phrases: Vec<String>,
    to: Vec<String>,
    link: String,
}

impl Hit {
    /// The alert to raise with the message, with its notifications.
    fn alert<'a>(&'a self, state: &AppState, center_id: &'a str) -> NewAlert<'a> {
        let tell = notifications::tell(state, center_id, &self.to, notifications::kind::SAFETY_ALERT, &self.link);
        NewAlert { center_id, categories: &self.categories, phrases: &self.phrases, tell }
    }
}

/// Screens `writer_id`'s message with the centre's lexicon (the built-in one
/// and the centre's own lines): what it found, if anything, with whom the
/// alert tells (read only then).
async fn screen(state: &AppState, v: &RoomView, writer_id: &str, body: &str) -> ApiResult<Option<Hit>> {
    let screener = super::screening::screener(state, &v.room.center_id).await?;
    let Some((categories, phrases)) = rooms::alert_of(&screener.screen(body)) else { return Ok(None) };
    let to = notifications::safety_alert_recipients(state, &v.room, writer_id).await?;
    Ok(Some(Hit { categories, phrases, to, link: notifications::room_link(&v.room.id) }))
}

/// Tells connected people of a message written or edited (and of the
/// safety alert it raised), once it is committed.
fn published(state: &AppState, m: &Message, alert_id: Option<&str>) {
    state.live.publish(Event::Message { room_id: m.room_id.clone(), message_id: m.id.clone() });
    if let Some(alert_id) = alert_id {
        state.live.publish(Event::SafetyAlert { alert_id: alert_id.to_string() });
    }
}

/// What the writer is answered: the message and, after a hit, the helplines.
async fn posted(state: &AppState, v: &RoomView, message: Message, support: bool) -> ApiResult<Posted> {
    let helplines = if support {
        let own = state.store.get_center(&v.room.center_id).await?.map(|c| c.helplines).unwrap_or_default();
        all_helplines(&own)
    } else {
        Vec::new()
    };
    Ok(Posted { message, support, helplines })
}

/// A page of a room's messages: the newest (or those before `before`),
/// newest first; or with `after`, those after it, oldest first (to catch up).
pub async fn history(
    state: &AppState,
    actor: &Actor,
    room_id: &str,
    q: &PageQuery,
) -> ApiResult<(Order, Vec<Message>)> {
    let (v, s) = member_of(state, actor, room_id).await?;
    let moderator = moderates_with(actor, &v, &s);
    let blank = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let (before, after) = (blank(&q.before), blank(&q.after));
    let mut e = FieldErrors::new();
    let limit = rooms::page_size(q.limit).map_err(|f| e.0.extend(f.0)).ok();
    if before.is_some() && after.is_some() {
        e.add("after", "with_before");
    }
    let before_seq = cursor(state, &v, "before", before.as_deref(), &mut e).await?;
    let after_seq = cursor(state, &v, "after", after.as_deref(), &mut e).await?;
    e.into_result()?;
    let limit = limit.unwrap_or(rooms::PAGE_DEFAULT);
    if after.is_some() {
        let mut list = state.store.messages_after(&v.room.id, after_seq.unwrap_or(0), limit, &actor.user_id).await?;
        list.iter_mut().for_each(|m| redact(actor, moderator, m));
        return Ok((Order::OldestFirst, list));
    }
    let mut list = state.store.messages_before(&v.room.id, before_seq, limit, &actor.user_id).await?;
    list.iter_mut().for_each(|m| redact(actor, moderator, m));
    Ok((Order::NewestFirst, list))
}

/// A message id given as a cursor, as its number in the room; an id that
/// is not one of the room's messages is a field error.
async fn cursor(
    state: &AppState,
    v: &RoomView,
    field: &'static str,
    id: Option<&str>,
    e: &mut FieldErrors,
) -> ApiResult<Option<i64>> {
    let Some(id) = id else { return Ok(None) };
    let seq = state.store.message_seq(&v.room.id, id).await?;
    if seq.is_none() {
        e.add(field, "unknown");
    }
    Ok(seq)
}

/// The reader has read the room up to a message (the rooms list counts
/// what came after it as unread).
pub async fn mark_read(state: &AppState, actor: &Actor, room_id: &str, message_id: &str) -> ApiResult<()> {
    let (v, _) = member_of(state, actor, room_id).await?;
    let mut e = FieldErrors::new();
    let seq = cursor(state, &v, "message_id", Some(message_id), &mut e).await?;
    e.into_result()?;
    state.store.mark_read(&v.room.id, &actor.user_id, seq.unwrap_or(0)).await?;
    Ok(())
}

/// The author edits their message, while they still belong to its room and
/// are not muted in it. The new body is screened like a new message.
pub async fn edit(state: &AppState, actor: &Actor, message_id: &str, body: &str) -> ApiResult<Posted> {
    let m = state.store.get_message(message_id, &actor.user_id).await?.ok_or_else(ApiError::not_found)?;
    let v = state.store.room_for(&m.room_id, &actor.user_id).await?.ok_or_else(ApiError::not_found)?;
    let s = standing(state, actor, &v).await?;
    let in_room = decide(actor, Action::UseRoom(s), Target::center(&v.room.center_id)) == Decision::Allow;
    let target = Target::subject(&v.room.center_id, &m.author_id);
    ApiError::check(decide(actor, Action::EditMessage { in_room }, target))?;
    if m.deleted_at.is_some() {
        return Err(deleted());
    }
    let body = rooms::check_body(body)?;
    let now = now_ms();
    not_muted(state, actor, &v, now).await?;
    let hit = screen(state, &v, &actor.user_id, &body).await?;
    let alert = hit.as_ref().map(|h| h.alert(state, &v.room.center_id));
    let (edited, raised) = state.store.edit_screened_message(&m.id, &body, alert.as_ref(), now).await?;
    if raised.is_some() {
        super::risk::after_event(state, &v.room.center_id, &actor.user_id);
    }
    if !edited {
        return Err(deleted());
    }
    published(state, &m, raised.as_ref().map(|a| a.id.as_str()));
    if let Some(a) = &raised {
        notifications::publish_made(state, &a.told);
    }
    let mut m = state.store.get_message(&m.id, &actor.user_id).await?.ok_or_else(ApiError::not_found)?;
    redact(actor, moderates_with(actor, &v, &s), &mut m);
    posted(state, &v, m, raised.is_some()).await
}

/// The author deletes their message: its content is erased for good. Doing
/// it again changes nothing.
pub async fn delete(state: &AppState, actor: &Actor, message_id: &str) -> ApiResult<()> {
    let m = state.store.get_message(message_id, &actor.user_id).await?.ok_or_else(ApiError::not_found)?;
    let v = state.store.room_for(&m.room_id, &actor.user_id).await?.ok_or_else(ApiError::not_found)?;
    ApiError::check(decide(actor, Action::DeleteMessage, Target::subject(&v.room.center_id, &m.author_id)))?;
    if state.store.delete_message(&m.id, &v.room.center_id, &actor.user_id, now_ms()).await? {
        published(state, &m, None);
    }
    Ok(())
}

fn reaction(kind: &str) -> ApiResult<Reaction> {
    Reaction::parse(kind).ok_or_else(|| ApiError::invalid_field("kind", "unknown"))
}

/// A member of the room reacts to a message (once per kind), or takes the
/// reaction back. Returns whether anything changed and the message.
pub async fn react(
    state: &AppState,
    actor: &Actor,
    message_id: &str,
    kind: &str,
    add: bool,
) -> ApiResult<(bool, Message)> {
    let (m, v) = message_for_member(state, actor, message_id).await?;
    let kind = reaction(kind)?;
    if m.deleted_at.is_some() {
        return Err(deleted());
    }
    let changed = if add {
        state.store.add_reaction(&m.id, &actor.user_id, kind, now_ms()).await?
    } else {
        state.store.remove_reaction(&m.id, &actor.user_id, kind).await?
    };
    if changed {
        published(state, &m, None);
    }
    let mut m = state.store.get_message(&m.id, &actor.user_id).await?.ok_or_else(ApiError::not_found)?;
    let moderator = moderates(state, actor, &v).await?;
    redact(actor, moderator, &mut m);
    Ok((changed, m))
}

/// A member of the room reports a message to the room's moderators (once
/// per person). Returns the report's id and whether it is new.
pub async fn report(
    state: &AppState,
    actor: &Actor,
    message_id: &str,
    reason: Option<&str>,
) -> ApiResult<(String, bool)> {
    let (m, v) = message_for_member(state, actor, message_id).await?;
    let reason = rooms::check_reason(reason)?;
    if m.deleted_at.is_some() {
        return Err(deleted());
    }
    // The room's moderators (not the reporter) are told, with the report.
    let to = notifications::report_recipients(state, &v.room, &actor.user_id).await?;
    let link = notifications::room_link(&v.room.id);
    let tell = notifications::tell(state, &v.room.center_id, &to, notifications::kind::MESSAGE_REPORT, &link);
    let (id, new, told) =
        state.store.report_message(&m, &v.room.center_id, &actor.user_id, reason.as_deref(), &tell, now_ms()).await?;
    notifications::publish_made(state, &told);
    Ok((id, new))
}

/// A room's reports, for its moderators only (a hidden message's body only
/// for staff moderators and its author).
pub async fn reports(state: &AppState, actor: &Actor, room_id: &str) -> ApiResult<Vec<MessageReport>> {
    let (v, _) = moderator_of(state, actor, room_id).await?;
    let mut list = state.store.room_reports(&v.room.id).await?;
    list.iter_mut().for_each(|r| redact(actor, true, &mut r.message));
    Ok(list)
}

fn step<'a>(v: &'a RoomView, actor: &'a Actor, action: &'a str) -> ModerationStep<'a> {
    ModerationStep {
        center_id: &v.room.center_id,
        room_id: &v.room.id,
        actor_id: &actor.user_id,
        action,
        member_id: None,
        message_id: None,
        reason: None,
        until: None,
    }
}

/// A moderator of the message's room hides it, with a reason: it stays,
/// but only its author and staff moderators are served its body. Hiding it
/// again changes nothing. Returns the message as the moderator sees it.
pub async fn hide(state: &AppState, actor: &Actor, message_id: &str, reason: &str) -> ApiResult<Message> {
    let m = state.store.get_message(message_id, &actor.user_id).await?.ok_or_else(ApiError::not_found)?;
    let (v, _) = moderator_of(state, actor, &m.room_id).await?;
    let reason = rooms::check_moderation_reason(reason)?;
    if m.deleted_at.is_some() {
        return Err(deleted());
    }
    let st = ModerationStep {
        message_id: Some(&m.id),
        member_id: Some(&m.author_id),
        reason: Some(&reason),
        ..step(&v, actor, "hide")
    };
    if state.store.hide_message(&m.id, &reason, &st, now_ms()).await? {
        state.live.publish(Event::MessageHidden { room_id: m.room_id.clone(), message_id: m.id.clone() });
    }
    let mut m = state.store.get_message(&m.id, &actor.user_id).await?.ok_or_else(ApiError::not_found)?;
    redact(actor, true, &mut m);
    Ok(m)
}

/// The person a moderator mutes or warns: a user of the room's centre (else
/// a field error on `member_id`), not the moderator themself (422), and not
/// staff when the moderator is a peer mentor (403).
async fn moderated_person(state: &AppState, actor: &Actor, v: &RoomView, member_id: &str) -> ApiResult<String> {
    let user = state.store.get_user(member_id).await?.filter(|u| u.center_id == v.room.center_id);
    let Some(u) = user else { return Err(ApiError::invalid_field("member_id", "unknown")) };
    if u.id == actor.user_id {
        return Err(ApiError::invalid_field("member_id", "self"));
    }
    ApiError::check(decide(actor, Action::DisciplinePerson(u.role), Target::subject(&v.room.center_id, &u.id)))?;
    Ok(u.id)
}

/// A moderator mutes someone in the room for 1–10080 minutes (replacing a
/// running mute). Returns until when (ms).
pub async fn mute(
    state: &AppState,
    actor: &Actor,
    room_id: &str,
    member_id: &str,
    minutes: i64,
    reason: &str,
) -> ApiResult<i64> {
    let (v, _) = moderator_of(state, actor, room_id).await?;
    let mut e = FieldErrors::new();
    let minutes = rooms::check_mute_minutes(minutes).map_err(|f| e.0.extend(f.0)).ok();
    let reason = rooms::check_moderation_reason(reason).map_err(|f| e.0.extend(f.0)).ok();
    let (Some(minutes), Some(reason)) = (minutes, reason) else { return Err(ApiError::invalid(e)) };
    let member = moderated_person(state, actor, &v, member_id).await?;
    let now = now_ms();
    let until = now + minutes * 60_000;
    let st = ModerationStep {
        member_id: Some(&member),
        reason: Some(&reason),
        until: Some(until),
        ..step(&v, actor, "mute")
    };
    // The muted member is told (the page says until when), with the mute.
    let to = [member.clone()];
    let link = notifications::room_link(&v.room.id);
    let tell = notifications::tell(state, &v.room.center_id, &to, notifications::kind::MUTED, &link);
    let told = state.store.mute_member(&st, until, &tell, now).await?;
    notifications::publish_made(state, &told);
    Ok(until)
}

/// A moderator ends someone's mute in the room (nothing happens if none runs).
pub async fn unmute(state: &AppState, actor: &Actor, room_id: &str, member_id: &str) -> ApiResult<()> {
    let (v, _) = moderator_of(state, actor, room_id).await?;
    // Only whom the moderator could have muted (never themselves; a peer
    // mentor never lifts a mute staff put on them or on other staff).
    let member = moderated_person(state, actor, &v, member_id).await?;
    let st = ModerationStep { member_id: Some(&member), ..step(&v, actor, "unmute") };
    state.store.unmute_member(&st, now_ms()).await?;
    Ok(())
}

/// A moderator warns someone in the room; the warning goes in the room's
/// moderation log. Returns its id.
pub async fn warn(state: &AppState, actor: &Actor, room_id: &str, member_id: &str, reason: &str) -> ApiResult<String> {
    let (v, _) = moderator_of(state, actor, room_id).await?;
    let reason = rooms::check_moderation_reason(reason)?;
    let member = moderated_person(state, actor, &v, member_id).await?;
    let st = ModerationStep { member_id: Some(&member), reason: Some(&reason), ..step(&v, actor, "warn") };
    Ok(state.store.warn_member(&st, now_ms()).await?)
}

/// A moderator adds a private note on the room (read by its moderators only).
pub async fn add_note(state: &AppState, actor: &Actor, room_id: &str, body: &str) -> ApiResult<ModeratorNote> {
    let (v, _) = moderator_of(state, actor, room_id).await?;
    let body = rooms::check_note(body)?;
    let id = state.store.add_moderator_note(&v.room.center_id, &v.room.id, &actor.user_id, &body, now_ms()).await?;
    let notes = state.store.moderator_notes(&v.room.id).await?;
    notes.into_iter().find(|n| n.id == id).ok_or_else(ApiError::not_found)
}

/// The room's moderator notes, for its moderators only.
pub async fn notes(state: &AppState, actor: &Actor, room_id: &str) -> ApiResult<Vec<ModeratorNote>> {
    let (v, _) = moderator_of(state, actor, room_id).await?;
    Ok(state.store.moderator_notes(&v.room.id).await?)
}

/// The room's moderation log, for staff only.
pub async fn moderation_log(state: &AppState, actor: &Actor, room_id: &str) -> ApiResult<Vec<ModerationEntry>> {
    let v = state.store.room_for(room_id, &actor.user_id).await?.ok_or_else(ApiError::not_found)?;
    ApiError::check(decide(actor, Action::ReadModerationLog, Target::center(&v.room.center_id)))?;
    Ok(state.store.moderation_log(&v.room.id).await?)
}
