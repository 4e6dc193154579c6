//! Notifications: made by [`notify`] (in-app rows and their outgoing
//! deliveries in one transaction, then published live), read and marked
//! read by their owner only, and sent by e-mail and to the centre's webhook
//! by the worker in [`crate::jobs`].
//!
//! A notification never carries content: it is a kind and a link (ids
//! only); its words are made from the kind in the reader's language when it
//! is shown or sent ("New message in Saathi"), never from a message, another
//! member's name or a clinical detail.

use crate::error::{ApiError, ApiResult};
use crate::i18n::Lang;
use crate::live::Event;
use crate::state::AppState;
use saathi_domain::FieldErrors;
use saathi_domain::policy::{Action, Actor, Decision, Target, decide};
use saathi_domain::rooms::{RoomKind, Standing};
use saathi_store::{NewNotification, Notification, Room, Tell, Webhook, now_ms};

/// The kinds of notification (each has its words in `notifications.ftl`).
pub mod kind {
    /// Screening raised a safety alert the reader should look at.
    pub const SAFETY_ALERT: &str = "safety_alert";
    /// A message was reported in a room the reader moderates.
    pub const MESSAGE_REPORT: &str = "message_report";
    /// A moderator muted the reader in a room.
    pub const MUTED: &str = "muted";
    /// The reader's mentee recorded a lapse.
    pub const MENTEE_LAPSE: &str = "mentee_lapse";
    /// A session the reader is enrolled in starts soon.
    pub const SESSION_REMINDER: &str = "session_reminder";
    /// A new message (for the live hub's use).
    pub const NEW_MESSAGE: &str = "new_message";
    /// A member pressed for help (made by the crisis escalation, see `saathi_store::CRISIS_NOTIFICATION_KIND`).
    pub const CRISIS: &str = "crisis";
}

/// The dedupe key of a session's reminder is this and the session's id.
pub const REMINDER_KEY: &str = "session_reminder:";

/// Notifications listed at once: the default and the most.
pub const PAGE_DEFAULT: i64 = 20;
pub const PAGE_MAX: i64 = 100;

/// A webhook secret's length bounds (characters).
pub const SECRET_MIN: usize = 16;
pub const SECRET_MAX: usize = 256;

/// The words of a notification of `kind`, in `lang`; an unknown kind gets
/// the general "You have a new notification in Saathi".
pub fn text(lang: Lang, kind: &str) -> String {
    lang.try_t(&format!("notif-kind-{kind}")).unwrap_or_else(|| lang.t("notif-kind-other"))
}

/// The language a user reads in.
pub fn lang_of(code: &str) -> Lang {
    Lang::from_code(code).unwrap_or_default()
}

/// Notifies users of a centre: stores the in-app notifications and their
/// outgoing deliveries (e-mail to those with an address when SMTP is set
/// up, the centre's webhook when it has one) in one transaction, then
/// publishes each live. Users of another centre or disabled get nothing.
/// Returns the ids of the notifications made.
pub async fn notify(
    state: &AppState,
    center_id: &str,
    user_ids: &[String],
    kind: &str,
    link: &str,
) -> ApiResult<Vec<String>> {
    let list: Vec<NewNotification> = dedup(user_ids)
        .into_iter()
        .map(|user_id| NewNotification { center_id, user_id, kind, link, dedupe_key: None })
        .collect();
    make(state, &list).await
}

/// As [`notify`], but each (user, key) pair is notified once ever: a
/// notification already made with the key is not made again.
pub async fn notify_once(
    state: &AppState,
    center_id: &str,
    recipients: &[(String, String)],
    kind: &str,
    link: &str,
) -> ApiResult<Vec<String>> {
    let list: Vec<NewNotification> = recipients
        .iter()
        .map(|(user_id, key)| NewNotification { center_id, user_id, kind, link, dedupe_key: Some(key) })
        .collect();
    make(state, &list).await
}

fn dedup(ids: &[String]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::with_capacity(ids.len());
    for id in ids {
        if !out.contains(&id.as_str()) {
            out.push(id);
        }
    }
    out
}

/// Makes a list of notifications (each its own centre, user and link) in
/// one transaction, then tells each recipient live; answers their ids.
pub async fn make(state: &AppState, list: &[NewNotification<'_>]) -> ApiResult<Vec<String>> {
    let made = state.store.create_notifications(list, state.config.smtp.is_some(), now_ms()).await?;
    let mut ids = Vec::with_capacity(made.len());
    for (user_id, notification_id) in made {
        ids.push(notification_id.clone());
        state.live.publish(Event::Notification { user_id, notification_id });
    }
    Ok(ids)
}

// ---------------------------------------------------------------------------
// Reading one's own

/// A page of the reader's notifications, newest first, and how many are unread.
pub struct Page {
    pub unread: i64,
    pub items: Vec<Notification>,
}

/// The reader's notifications: the newest `limit` (default 20, at most
/// 100), or those older than `before` (one of theirs; else 422).
pub async fn list(state: &AppState, actor: &Actor, before: Option<&str>, limit: Option<i64>) -> ApiResult<Page> {
    let mut e = FieldErrors::new();
    let limit = limit.unwrap_or(PAGE_DEFAULT);
    if !(1..=PAGE_MAX).contains(&limit) {
        e.add("limit", "out_of_range");
    }
    let before = match before.map(str::trim).filter(|s| !s.is_empty()) {
        Some(id) => {
            let b = state.store.notification(id, &actor.user_id).await?;
            if b.is_none() {
                e.add("before", "unknown");
            }
            b
        }
        None => None,
    };
    e.into_result()?;
    let items = state.store.notifications_page(&actor.user_id, before.as_ref(), limit).await?;
    Ok(Page { unread: unread(state, &actor.user_id).await?, items })
}

/// How many of the user's notifications are unread.
pub async fn unread(state: &AppState, user_id: &str) -> ApiResult<i64> {
    Ok(state.store.unread_notifications(user_id).await?)
}

/// Marks one of the reader's notifications read (someone else's: 404).
pub async fn mark_read(state: &AppState, actor: &Actor, id: &str) -> ApiResult<Notification> {
    if !state.store.mark_notification_read(id, &actor.user_id, now_ms()).await? {
        return Err(ApiError::not_found());
    }
    state.store.notification(id, &actor.user_id).await?.ok_or_else(ApiError::not_found)
}

/// Marks all the reader's notifications read; returns how many were unread.
pub async fn mark_all_read(state: &AppState, actor: &Actor) -> ApiResult<u64> {
    Ok(state.store.mark_all_notifications_read(&actor.user_id, now_ms()).await?)
}

// ---------------------------------------------------------------------------
// One's e-mail address

/// The reader's e-mail address for notifications.
pub async fn email(state: &AppState, actor: &Actor) -> ApiResult<Option<String>> {
    Ok(state.store.user_email(&actor.user_id).await?)
}

/// Sets (or with an empty or absent value removes) the reader's e-mail
/// address for notifications: `local@domain`, at most 254 characters.
pub async fn set_email(state: &AppState, actor: &Actor, email: Option<&str>) -> ApiResult<Option<String>> {
    let email = email.map(str::trim).filter(|s| !s.is_empty());
    if let Some(a) = email
        && !saathi_domain::validation::plausible_email(a)
    {
        return Err(ApiError::invalid_field("email", "bad_email"));
    }
    state.store.set_user_email(&actor.user_id, email).await?;
    Ok(email.map(str::to_string))
}

// ---------------------------------------------------------------------------
// The centre's webhook (admins)

/// The centre's webhook, for its admins (counsellors 403, another centre 404).
pub async fn webhook(state: &AppState, actor: &Actor, center_id: &str) -> ApiResult<Option<Webhook>> {
    ApiError::check(decide(actor, Action::UpdateCenter, Target::center(center_id)))?;
    Ok(state.store.webhook(center_id).await?)
}

/// Sets the centre's webhook: an `http://` URL (TLS is not built in: point
/// it at a gateway on the centre's machine or network) and a secret of
/// 16–256 characters to sign with.
pub async fn set_webhook(
    state: &AppState,
    actor: &Actor,
    center_id: &str,
    url: &str,
    secret: &str,
) -> ApiResult<Webhook> {
    ApiError::check(decide(actor, Action::UpdateCenter, Target::center(center_id)))?;
    let mut e = FieldErrors::new();
    let url = url.trim();
    if let Err(code) = crate::jobs::webhook::check_url(url) {
        e.add("url", code);
    }
    let n = secret.chars().count();
    if !(SECRET_MIN..=SECRET_MAX).contains(&n) {
        e.add("secret", "length");
    } else if secret.chars().any(char::is_control) {
        e.add("secret", "bad_characters");
    }
    e.into_result()?;
    state.store.set_webhook(center_id, url, secret, &actor.user_id, now_ms()).await?;
    state.store.webhook(center_id).await?.ok_or_else(ApiError::not_found)
}

/// Removes the centre's webhook; false when it had none.
pub async fn delete_webhook(state: &AppState, actor: &Actor, center_id: &str) -> ApiResult<bool> {
    ApiError::check(decide(actor, Action::UpdateCenter, Target::center(center_id)))?;
    Ok(state.store.delete_webhook(center_id, &actor.user_id, now_ms()).await?)
}

// ---------------------------------------------------------------------------
// What other services tell: each runs after their write committed, and
// never fails the request that caused it (the failure is logged).

/// The people who moderate a room, by the domain's rule.
async fn room_moderators(state: &AppState, room: &Room) -> ApiResult<Vec<String>> {
    let candidates = state.store.moderator_candidates(&room.center_id, room.group_id.as_deref()).await?;
    Ok(candidates
        .into_iter()
        .filter(|(id, role, facilitator)| {
            let actor = Actor { user_id: id.clone(), role: *role, center_id: room.center_id.clone() };
            let s = Standing {
                kind: room.kind,
                facilitator: room.kind == RoomKind::Group && *facilitator,
                enrolled: false,
                stage: None,
                party: false,
            };
            decide(&actor, Action::ModerateRoom(s), Target::center(&room.center_id)) == Decision::Allow
        })
        .map(|(id, _, _)| id)
        .collect())
}

/// Whom a safety alert raised by `writer_id`'s message in `room` tells: the
/// writer's counsellor and the room's moderators, not the writer, none twice.
/// (The store makes the notifications with the alert, in one transaction.)
pub async fn safety_alert_recipients(state: &AppState, room: &Room, writer_id: &str) -> ApiResult<Vec<String>> {
    let mut to: Vec<String> =
        state.store.get_member(writer_id).await?.and_then(|m| m.counselor_id).into_iter().collect();
    to.extend(room_moderators(state, room).await?);
    to.retain(|u| u != writer_id);
    Ok(dedup(&to).into_iter().map(str::to_string).collect())
}

/// Publishes live the notifications a change made in its own transaction
/// (user, notification), once it committed.
pub fn publish_made(state: &AppState, told: &[(String, String)]) {
    for (user_id, notification_id) in told {
        state.live.publish(Event::Notification { user_id: user_id.clone(), notification_id: notification_id.clone() });
    }
}

/// The notifications of `kind` for `to` (none twice) about a change in a
/// centre, for the store to make in the change's own transaction.
pub fn tell<'a>(state: &AppState, center_id: &'a str, to: &'a [String], kind: &'a str, link: &'a str) -> Tell<'a> {
    Tell {
        list: dedup(to)
            .into_iter()
            .map(|user_id| NewNotification { center_id, user_id, kind, link, dedupe_key: None })
            .collect(),
        email: state.config.smtp.is_some(),
    }
}

/// Whom a report of a message in `room` tells: the room's moderators, not the reporter.
pub async fn report_recipients(state: &AppState, room: &Room, reporter_id: &str) -> ApiResult<Vec<String>> {
    let mut to = room_moderators(state, room).await?;
    to.retain(|u| u != reporter_id);
    Ok(to)
}

/// The link of a room's notifications.
pub fn room_link(room_id: &str) -> String {
    format!("/rooms/{room_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_words_in_both_languages_and_no_placeholders() {
        use kind::*;
        for k in [SAFETY_ALERT, MESSAGE_REPORT, MUTED, MENTEE_LAPSE, SESSION_REMINDER, NEW_MESSAGE, CRISIS] {
            for lang in Lang::ALL {
                let key = format!("notif-kind-{k}");
                let t = lang.try_t(&key).unwrap_or_else(|| panic!("{key} in {}", lang.code()));
                assert!(!t.contains('{') && !t.is_empty(), "{t}");
            }
        }
        assert_eq!(text(Lang::En, "something_new"), Lang::En.t("notif-kind-other"));
        assert_eq!(kind::CRISIS, saathi_store::CRISIS_NOTIFICATION_KIND);
        assert_ne!(text(Lang::Hi, SAFETY_ALERT), text(Lang::En, SAFETY_ALERT));
    }
}
