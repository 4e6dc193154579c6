//! The chat pages: `/rooms` (the rooms the reader belongs to, with unread
//! counts) and `/rooms/{id}` (the latest messages oldest at the top, paging
//! back with "load earlier", a post form that works without JavaScript,
//! edit/delete of one's own messages, reactions, reports, and the room's
//! moderators' hide/mute/warn). `assets/chat.js` adds live delivery over
//! `/api/v1/ws` (or polling the API without it), and posting, reacting and
//! reporting through the API without a reload (falling back to these forms
//! when the API refuses, so the refusal is told here, in the reader's words).
//!
//! Every rule is in `services::rooms` and the domain; these handlers
//! translate forms and redirect back (post/redirect/get). After a message
//! that hit the safety screening, the writer is sent back with
//! `?support=<message id>`: the page shows the helplines when that message
//! is the reader's own (nobody else's page ever does).

use super::assets;
use super::forms::{Field, FormData, urlencode};
use super::groups::form_errors;
use super::home::{HelplineView, helplines};
use super::{Base, Ctx, WebError, localized, render, see_other};
use crate::error::ApiError;
use crate::i18n::{Arg, Lang};
use crate::services::centers;
use crate::services::rooms::{self as rooms_svc, Order, PageQuery, RoomEntry};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use saathi_domain::rooms::{PAGE_DEFAULT, Reaction, RoomKind};
use saathi_store::{Message, now_ms};

/// The chat page's own policy: the pages' one, and the script may talk to
/// this origin (the API and its WebSocket).
const ROOM_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; \
     connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The post form's field (the API's `body`).
const POST_FIELDS: &[(&str, &str)] = &[("body", "body")];

fn kind_key(k: RoomKind) -> String {
    format!("chat-kind-{}", k.as_str())
}

fn reaction_key(r: Reaction) -> String {
    format!("chat-reaction-{}", r.as_str())
}

// ---------------------------------------------------------------------------
// The rooms list

pub struct RoomRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    /// "3 unread", "100+ unread"; `None` when all is read.
    pub unread: Option<String>,
}

#[derive(Template)]
#[template(path = "rooms.html")]
struct RoomsPage {
    base: Base,
    rooms: Vec<RoomRow>,
}
localized!(RoomsPage);

fn unread_text(lang: Lang, n: i64) -> Option<String> {
    match n {
        0 => None,
        n if n >= 100 => Some(lang.t("chat-unread-many")),
        n => Some(lang.t_args("chat-unread", &[("count", Arg::Num(n))])),
    }
}

fn room_row(lang: Lang, e: &RoomEntry) -> RoomRow {
    let name = if e.view.room.kind == RoomKind::Counselor && e.name == "Counsellors" {
        lang.t("chat-counsellors")
    } else {
        e.name.clone()
    };
    RoomRow {
        id: e.view.room.id.clone(),
        name,
        kind: lang.t(&kind_key(e.view.room.kind)),
        unread: unread_text(lang, e.view.unread),
    }
}

/// `GET /rooms`: the rooms the reader belongs to.
pub async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let list = rooms_svc::list(&state, &me.actor).await?;
    let page = RoomsPage {
        base: ctx.base(ctx.t("chat-rooms-title")),
        rooms: list.iter().map(|e| room_row(ctx.lang, e)).collect(),
    };
    render(StatusCode::OK, &page)
}

// ---------------------------------------------------------------------------
// One room

pub struct ReactionView {
    pub kind: &'static str,
    pub label: String,
    pub count: i64,
    pub mine: bool,
}

/// One message as the reader sees it.
pub struct MessageView {
    pub id: String,
    pub seq: i64,
    pub author: String,
    pub author_id: String,
    pub mine: bool,
    /// The text to show: none once deleted, or hidden from this reader.
    pub body: Option<String>,
    pub deleted: bool,
    pub hidden: bool,
    /// RFC 3339, for `<time datetime>`.
    pub at: String,
    /// "14:05" today, else "16 November 2026, 14:05" (the centre's zone).
    pub time: String,
    pub edited: bool,
    pub reactions: Vec<ReactionView>,
    /// Others' live messages: react and report.
    pub can_react: bool,
    /// The reader reported it already: said instead of the report form.
    pub reported: bool,
    /// One's own live messages, while not muted in the room: edit.
    pub can_edit: bool,
    /// One's own live messages: delete (also while muted).
    pub can_delete: bool,
    /// A moderator: hide (not yet hidden, not deleted).
    pub can_hide: bool,
    /// A moderator, on someone else's message: mute and warn its author.
    pub can_discipline: bool,
}

/// The post form.
pub struct PostForm {
    pub body: Field,
    pub errors: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "room.html")]
struct RoomPage {
    base: Base,
    room_id: String,
    name: String,
    kind: String,
    messages: Vec<MessageView>,
    /// "Load earlier": the page before the oldest shown.
    earlier: Option<String>,
    /// Showing an earlier page: the link back to the latest.
    paged: bool,
    last_id: String,
    last_seq: i64,
    notice: Option<String>,
    /// A moderation or report form that was refused, in words.
    action_error: Option<String>,
    form: PostForm,
    /// "You are muted until …".
    muted: Option<String>,
    /// The helplines, for the writer of a message that hit the screening.
    support: Option<Vec<HelplineView>>,
    /// The centre's helplines as JSON, for the script to show after a hit
    /// it posted itself (the API answer says whether).
    helplines_json: String,
    tz: String,
    script: &'static str,
    reaction_kinds: Vec<(&'static str, String)>,
    /// The reader moderates the room (the script offers a live message's
    /// moderator forms only then).
    moderator: bool,
}
localized!(RoomPage);

fn at(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

fn when(lang: Lang, ms: i64, tz: chrono_tz::Tz, today: Option<chrono::NaiveDate>) -> String {
    let day = super::groups::local_day(ms, tz);
    if day.is_some() && day == today { super::groups::clock(ms, tz) } else { lang.datetime(ms, tz) }
}

fn message_view(
    lang: Lang,
    m: &Message,
    me: &str,
    muted: bool,
    moderator: bool,
    tz: chrono_tz::Tz,
    today: Option<chrono::NaiveDate>,
) -> MessageView {
    let mine = m.author_id == me;
    let deleted = m.deleted_at.is_some();
    let hidden = m.hidden_at.is_some();
    // A hidden message the reader may not read is not reacted to either.
    let readable = m.body.is_some() || !hidden;
    MessageView {
        id: m.id.clone(),
        seq: m.seq,
        author: m.author_name.clone(),
        author_id: m.author_id.clone(),
        mine,
        body: if deleted { None } else { m.body.clone() },
        deleted,
        hidden,
        at: at(m.created_at),
        time: when(lang, m.created_at, tz, today),
        edited: m.edited_at.is_some() && !deleted,
        reactions: Reaction::ALL
            .iter()
            .map(|k| {
                let r = m.reactions.iter().find(|r| r.kind == *k);
                ReactionView {
                    kind: k.as_str(),
                    label: lang.t(&reaction_key(*k)),
                    count: r.map_or(0, |r| r.count),
                    mine: r.is_some_and(|r| r.mine),
                }
            })
            .collect(),
        can_react: !mine && !deleted && readable,
        // Known to the page, not to the message (see `room_page`).
        reported: false,
        // The service refuses an edit while the writer is muted, not a deletion.
        can_edit: mine && !deleted && !muted,
        can_delete: mine && !deleted,
        can_hide: moderator && !deleted && !hidden,
        can_discipline: moderator && !mine,
    }
}

/// What a handler asks the room page to show beyond the messages.
#[derive(Default)]
struct Extra {
    notice: Option<String>,
    /// The post form as typed, with its messages.
    typed: Option<(String, Vec<(String, String)>)>,
    action_error: Option<String>,
    /// `?support=<message id>`: the writer's own message that hit the screening.
    support_for: Option<String>,
    before: Option<String>,
}

async fn room_page(
    state: &AppState,
    ctx: &Ctx,
    room_id: &str,
    extra: Extra,
    status: StatusCode,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let lang = ctx.lang;
    let room = rooms_svc::get(state, &me.actor, room_id).await?;
    let center = centers::own(state, &me.actor).await?;
    let tz = center.tz();
    let q = PageQuery { before: extra.before.clone(), after: None, limit: Some(PAGE_DEFAULT) };
    let mut paged = extra.before.is_some();
    let (order, mut list) = match rooms_svc::history(state, &me.actor, room_id, &q).await {
        Ok(x) => x,
        // A cursor that is not one of the room's messages: the latest page.
        Err(e) if e.is_form_error() => {
            paged = false;
            rooms_svc::history(state, &me.actor, room_id, &PageQuery::default()).await?
        }
        Err(e) => return Err(e.into()),
    };
    if order == Order::NewestFirst {
        list.reverse();
    }
    // Shown: the reader has read the room up to its last message.
    if !paged && let Some(last) = list.last() {
        rooms_svc::mark_read(state, &me.actor, room_id, &last.id).await?;
    }
    let now = now_ms();
    let today = super::groups::local_day(now, tz);
    let muted = state.store.active_mute(room_id, &me.user.id, now).await?.map(|m| {
        let until = lang.datetime(m.until, tz);
        lang.t_args("chat-muted-until", &[("when", until.into())])
    });
    let reported = state.store.reported_in_room(room_id, &me.user.id).await?;
    let messages: Vec<MessageView> = list
        .iter()
        .map(|m| MessageView {
            reported: reported.contains(&m.id),
            ..message_view(lang, m, &me.user.id, muted.is_some(), room.moderator, tz, today)
        })
        .collect();
    let earlier = (list.len() as i64 >= PAGE_DEFAULT)
        .then(|| list.first().map(|m| format!("/rooms/{}?before={}#messages", room_id, urlencode(&m.id))))
        .flatten();
    // The helplines, only for the writer of the message named.
    let mut support = None;
    if let Some(mid) = &extra.support_for {
        let mine = list.iter().any(|m| &m.id == mid && m.author_id == me.user.id)
            || state.store.get_message(mid, &me.user.id).await?.is_some_and(|m| m.author_id == me.user.id);
        if mine {
            support = Some(helplines(lang, &center));
        }
    }
    let helplines_json = serde_json::to_string(
        &helplines(lang, &center)
            .iter()
            .map(|h| serde_json::json!({"name": h.name, "phone": h.phone}))
            .collect::<Vec<_>>(),
    )
    .unwrap_or_else(|_| "[]".into());
    let (typed, errors) = extra.typed.unwrap_or_default();
    let body = Field::new("body", lang.t("chat-body-label"), typed).error_from(&errors);
    let (last_id, last_seq) = list.last().map(|m| (m.id.clone(), m.seq)).unwrap_or_default();
    let name = room_row(lang, &room).name;
    let page = RoomPage {
        base: ctx.base(name.clone()),
        room_id: room_id.to_string(),
        kind: lang.t(&kind_key(room.view.room.kind)),
        name,
        messages,
        earlier,
        paged,
        last_id,
        last_seq,
        notice: extra.notice,
        action_error: extra.action_error,
        form: PostForm { body, errors },
        muted,
        support,
        helplines_json,
        tz: tz.name().to_string(),
        script: assets::chat_js_url(),
        reaction_kinds: Reaction::ALL.iter().map(|k| (k.as_str(), lang.t(&reaction_key(*k)))).collect(),
        moderator: room.moderator,
    };
    let mut resp = render(status, &page)?;
    resp.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(ROOM_CSP));
    Ok(resp)
}

fn notice_for(lang: Lang, done: &str) -> Option<String> {
    let key = match done {
        "edited" => "chat-done-edited",
        "deleted" => "chat-done-deleted",
        "reported" => "chat-done-reported",
        "hidden" => "chat-done-hidden",
        "muted" => "chat-done-muted",
        "warned" => "chat-done-warned",
        _ => return None,
    };
    Some(lang.t(key))
}

/// `GET /rooms/{id}`: the room (`?before=<id>` for an earlier page).
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let q = FormData::from_query(raw.as_deref());
    let extra = Extra {
        notice: notice_for(ctx.lang, q.get("done")),
        support_for: q.opt("support"),
        before: q.opt("before"),
        ..Default::default()
    };
    room_page(&state, &ctx, &id, extra, StatusCode::OK).await
}

fn back_to(room_id: &str, query: &str, anchor: &str) -> Response {
    let q = if query.is_empty() { String::new() } else { format!("?{query}") };
    let a = if anchor.is_empty() { String::new() } else { format!("#{anchor}") };
    see_other(&format!("/rooms/{}{q}{a}", urlencode(room_id)))
}

/// `POST /rooms/{id}/messages`: writes in the room, then back to it (with
/// the helplines for the writer after a screening hit). Mistakes come back
/// on the page with the text as typed; a mute is told with until when.
pub async fn post(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let body = form.get("body").to_string();
    match rooms_svc::post(&state, &me.actor, &id, &body).await {
        Ok(p) if p.support => Ok(back_to(&id, &format!("support={}", urlencode(&p.message.id)), "support")),
        Ok(p) => Ok(back_to(&id, "", &format!("m-{}", p.message.id))),
        Err(e) if e.is_form_error() => {
            let errors = body_errors(ctx.lang, &e);
            let extra = Extra { typed: Some((body, errors)), ..Default::default() };
            room_page(&state, &ctx, &id, extra, e.status).await
        }
        Err(e) if e.code == "muted" => {
            // The page says until when; the text is kept.
            let extra = Extra { typed: Some((body, vec![])), ..Default::default() };
            room_page(&state, &ctx, &id, extra, e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A body's mistakes in words of the chat's own (empty, too long).
fn body_errors(lang: Lang, e: &ApiError) -> Vec<(String, String)> {
    let mut out = form_errors(lang, e, POST_FIELDS);
    if let Some(fields) = &e.fields {
        for (k, msg) in out.iter_mut() {
            if let Some(f) = fields.0.iter().find(|f| f.field == k.as_str())
                && let Some(own) = lang.try_t(&format!("chat-err-body-{}", f.code))
            {
                *msg = own;
            }
        }
    }
    out
}

/// The first message of a refused action, in words.
fn action_message(lang: Lang, e: &ApiError) -> String {
    let first = e.fields.as_ref().and_then(|f| f.0.first());
    match first {
        Some(f) => lang
            .try_t(&format!("chat-err-{}-{}", f.field, f.code))
            .unwrap_or_else(|| super::forms::field_message(lang, f.field, f.code)),
        None => lang.t("err-invalid"),
    }
}

/// The room a message is in, for coming back to it: the form says which,
/// and the message must be one of that room's for the reader.
fn room_of(form: &FormData) -> Result<String, WebError> {
    form.opt("room_id").ok_or_else(|| WebError(ApiError::malformed("The form names no room.")))
}

/// Runs a message action; a refusal for a form reason comes back on the room page.
async fn after_action<T>(
    state: &AppState,
    ctx: &Ctx,
    room_id: &str,
    result: Result<T, ApiError>,
    done: &str,
    anchor: &str,
) -> Result<Response, WebError> {
    match result {
        Ok(_) => Ok(back_to(room_id, &format!("done={done}"), anchor)),
        Err(e) if e.is_form_error() => {
            let extra = Extra { action_error: Some(action_message(ctx.lang, &e)), ..Default::default() };
            room_page(state, ctx, room_id, extra, e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /messages/{id}/edit`: the author changes their message.
pub async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let room = room_of(&form)?;
    match rooms_svc::edit(&state, &me.actor, &id, form.get("body")).await {
        Ok(p) if p.support => {
            Ok(back_to(&p.message.room_id, &format!("support={}", urlencode(&p.message.id)), "support"))
        }
        Ok(p) => Ok(back_to(&p.message.room_id, "done=edited", &format!("m-{}", p.message.id))),
        Err(e) => after_action(&state, &ctx, &room, Err::<(), _>(e), "edited", "").await,
    }
}

/// `POST /messages/{id}/delete`: the author deletes their message (the page asks first).
pub async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let room = room_of(&form)?;
    let r = rooms_svc::delete(&state, &me.actor, &id).await;
    after_action(&state, &ctx, &room, r, "deleted", &format!("m-{id}")).await
}

/// `POST /messages/{id}/react`: gives a reaction (`kind`), or takes it back (`on=0`).
pub async fn react(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let room = room_of(&form)?;
    let add = form.get("on") != "0";
    match rooms_svc::react(&state, &me.actor, &id, form.get("kind"), add).await {
        Ok((_, m)) => Ok(back_to(&m.room_id, "", &format!("m-{}", m.id))),
        Err(e) => after_action(&state, &ctx, &room, Err::<(), _>(e), "", "").await,
    }
}

/// `POST /messages/{id}/report`: reports a message to the room's moderators.
pub async fn report(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let room = room_of(&form)?;
    let reason = form.opt("reason");
    let r = rooms_svc::report(&state, &me.actor, &id, reason.as_deref()).await;
    after_action(&state, &ctx, &room, r, "reported", &format!("m-{id}")).await
}

/// `POST /messages/{id}/hide`: a moderator hides a message, with a reason.
pub async fn hide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let room = room_of(&form)?;
    let r = rooms_svc::hide(&state, &me.actor, &id, form.get("reason")).await;
    after_action(&state, &ctx, &room, r, "hidden", &format!("m-{id}")).await
}

/// `POST /rooms/{id}/mute`: a moderator mutes someone for some minutes, with a reason.
pub async fn mute(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    // Not a number: out of range, so the domain says so.
    let minutes = form.get("minutes").trim().parse().unwrap_or(0);
    let r = rooms_svc::mute(&state, &me.actor, &id, form.get("member_id"), minutes, form.get("reason")).await;
    after_action(&state, &ctx, &id, r, "muted", "").await
}

/// `POST /rooms/{id}/warn`: a moderator warns someone, with a reason.
pub async fn warn(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let r = rooms_svc::warn(&state, &me.actor, &id, form.get("member_id"), form.get("reason")).await;
    after_action(&state, &ctx, &id, r, "warned", "").await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message the chat pages ask for exists in both languages.
    #[test]
    fn every_chat_message_exists_in_both_languages() {
        let templates = [
            include_str!("../../templates/rooms.html"),
            include_str!("../../templates/room.html"),
            include_str!("../../templates/chat_macros.html"),
        ];
        let code = include_str!("rooms.rs").split("#[cfg(test)]").next().unwrap_or("");
        let mut keys = Vec::new();
        for t in templates {
            for call in ["t(\"", "ta(\"", "ta2(\""] {
                for part in t.split(call).skip(1) {
                    if let Some(key) = part.split('"').next() {
                        keys.push(key.to_string());
                    }
                }
            }
        }
        for (i, lit) in code.split('"').enumerate() {
            if i % 2 == 1 && lit.starts_with("chat-") && !lit.ends_with('-') && !lit.contains('{') {
                keys.push(lit.to_string());
            }
        }
        for k in RoomKind::ALL {
            keys.push(kind_key(k));
        }
        for r in Reaction::ALL {
            keys.push(reaction_key(r));
        }
        for code in ["required", "too_long"] {
            keys.push(format!("chat-err-body-{code}"));
        }
        assert!(keys.len() > 40, "found only {} keys", keys.len());
        let args = [("count", Arg::Num(3)), ("when", Arg::from("x")), ("name", Arg::from("Ravi"))];
        for lang in Lang::ALL {
            for k in &keys {
                assert!(lang.try_t(k).is_some() || lang.t_args(k, &args) != *k, "{k} in {}", lang.code());
            }
        }
    }

    /// The chat script sets message text as text only, and talks to this origin only.
    #[test]
    fn the_chat_script_never_writes_markup_and_loads_nothing_from_elsewhere() {
        let js = std::str::from_utf8(include_bytes!("../../assets/chat.js")).expect("utf-8");
        for banned in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
            "import(",
            "://",
        ] {
            assert!(!js.contains(banned), "{banned}");
        }
        // Every request goes to the room's or the messages' API: fetched
        // from `base`, or from a `url` built on one of the two.
        for call in js.split("fetch(").skip(1) {
            assert!(call.starts_with("base + ") || call.starts_with("url,"), "fetch only the room's API: {call:.40}");
        }
        for call in js.split("apiSend(").skip(2) {
            let url = call.split(',').nth(1).unwrap_or("").trim();
            assert!(
                url.starts_with("base + ") || url == "url" || url.starts_with("url)"),
                "send only to the API: {call:.60}"
            );
        }
        for built in js.split("var url = ").skip(1) {
            assert!(built.starts_with("base + ") || built.starts_with("messagesApi + "), "an API address: {built:.40}");
        }
        assert!(js.contains("'/api/v1/rooms/'") && js.contains("'/api/v1/messages/'") && js.contains("'/api/v1/ws'"));
        assert!(assets::chat_js_url().starts_with("/assets/chat.js?v="));
    }

    #[test]
    fn unread_counts_read_naturally() {
        assert_eq!(unread_text(Lang::En, 0), None);
        assert_eq!(unread_text(Lang::En, 1).as_deref(), Some("1 unread message"));
        assert_eq!(unread_text(Lang::En, 3).as_deref(), Some("3 unread messages"));
        assert_eq!(unread_text(Lang::En, 100).as_deref(), Some("100+ unread messages"));
        assert!(unread_text(Lang::Hi, 3).is_some_and(|t| t.contains('3') && t.contains("संदेश")));
    }
}
