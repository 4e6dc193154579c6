//! Notifications: one's own list (unread count, paging), marking read, the
//! e-mail address they may also go to, and the centre's signed webhook
//! (admins). A notification's `text` is made from its kind in the reader's
//! language: it never carries what anyone wrote.

use super::dto::ErrorBody;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use crate::query::ApiQuery;
use crate::services::notifications as svc;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use saathi_store::{Notification, Webhook};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::dto::rfc3339_ms as at;

#[derive(Serialize, ToSchema)]
pub struct NotificationOut {
    pub id: String,
    /// `safety_alert`, `message_report`, `muted`, `mentee_lapse`, `session_reminder`, …
    pub kind: String,
    /// The words, in the reader's language (never content).
    pub text: String,
    /// Where it leads in the web app (a path).
    pub link: String,
    pub created_at: String,
    pub read: bool,
}

fn out(user: &CurrentUser, n: &Notification) -> NotificationOut {
    NotificationOut {
        id: n.id.clone(),
        kind: n.kind.clone(),
        text: svc::text(svc::lang_of(&user.user.language), &n.kind),
        link: n.link.clone(),
        created_at: at(n.created_at),
        read: n.read_at.is_some(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct NotificationsOut {
    /// How many of the reader's notifications are unread (all, not only this page's).
    pub unread: i64,
    /// Newest first.
    pub items: Vec<NotificationOut>,
}

#[derive(Deserialize, IntoParams)]
pub struct NotificationsQuery {
    /// A notification id: those older than it (the next page).
    pub before: Option<String>,
    /// 1–100, default 20.
    pub limit: Option<i64>,
}

/// The reader's notifications, newest first, and the unread count.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", params(NotificationsQuery),
    responses((status = 200, body = NotificationsOut), (status = 401, body = ErrorBody),
        (status = 422, description = "`limit` out of range or `before` unknown", body = ErrorBody)))]
pub async fn list_notifications(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<NotificationsQuery>,
) -> ApiResult<Json<NotificationsOut>> {
    let page = svc::list(&state, &user.actor, q.before.as_deref(), q.limit).await?;
    Ok(Json(NotificationsOut { unread: page.unread, items: page.items.iter().map(|n| out(&user, n)).collect() }))
}

/// Mark one of one's notifications read (another's: 404).
#[utoipa::path(post, path = "/api/v1/notifications/{id}/read", tag = "notifications",
    responses((status = 200, body = NotificationOut), (status = 404, body = ErrorBody)))]
pub async fn read_notification(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<NotificationOut>> {
    let n = svc::mark_read(&state, &user.actor, &id).await?;
    Ok(Json(out(&user, &n)))
}

#[derive(Serialize, ToSchema)]
pub struct ReadAllOut {
    /// How many were unread before.
    pub marked: u64,
    pub unread: i64,
}

/// Mark all one's notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read-all", tag = "notifications",
    responses((status = 200, body = ReadAllOut), (status = 401, body = ErrorBody)))]
pub async fn read_all_notifications(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Json<ReadAllOut>> {
    let marked = svc::mark_all_read(&state, &user.actor).await?;
    Ok(Json(ReadAllOut { marked, unread: svc::unread(&state, &user.actor.user_id).await? }))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct EmailIo {
    /// Notifications also go here by e-mail (when the server has a mail
    /// relay); `null` or empty to stop.
    pub email: Option<String>,
}

/// One's e-mail address for notifications.
#[utoipa::path(get, path = "/api/v1/me/email", tag = "notifications",
    responses((status = 200, body = EmailIo), (status = 401, body = ErrorBody)))]
pub async fn get_email(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Json<EmailIo>> {
    Ok(Json(EmailIo { email: svc::email(&state, &user.actor).await? }))
}

/// Set or remove one's e-mail address for notifications.
#[utoipa::path(put, path = "/api/v1/me/email", tag = "notifications", request_body = EmailIo,
    responses((status = 200, body = EmailIo), (status = 400, body = ErrorBody),
        (status = 422, description = "Not an e-mail address", body = ErrorBody)))]
pub async fn put_email(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<EmailIo>,
) -> ApiResult<Json<EmailIo>> {
    Ok(Json(EmailIo { email: svc::set_email(&state, &user.actor, body.email.as_deref()).await? }))
}

#[derive(Deserialize, ToSchema)]
pub struct WebhookIn {
    /// `http://host[:port]/path` of the centre's gateway (https is not
    /// supported: TLS is not built in; use a gateway on the local network).
    pub url: String,
    /// 16–256 characters; signs every call, never shown again.
    pub secret: String,
}

#[derive(Serialize, ToSchema)]
pub struct WebhookOut {
    pub configured: bool,
    pub url: Option<String>,
    pub updated_at: Option<String>,
}

impl From<Option<Webhook>> for WebhookOut {
    fn from(w: Option<Webhook>) -> Self {
        WebhookOut {
            configured: w.is_some(),
            url: w.as_ref().map(|w| w.url.clone()),
            updated_at: w.as_ref().map(|w| at(w.updated_at)),
        }
    }
}

/// The centre's webhook (admins; the secret is never returned).
#[utoipa::path(get, path = "/api/v1/centers/{id}/webhook", tag = "notifications",
    responses((status = 200, body = WebhookOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_webhook(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<WebhookOut>> {
    Ok(Json(svc::webhook(&state, &user.actor, &id).await?.into()))
}

/// Set the centre's webhook: every notification is POSTed there as JSON
/// `{id,kind,center_id,user_id,language,text,text_en,link,created_at}` (the
/// words in the recipient's language and in English, never content) with headers
/// `X-Saathi-Timestamp` and `X-Saathi-Signature: sha256=<hex
/// HMAC-SHA256(secret, timestamp + "." + body)>`; retried with backoff
/// until a 2xx answer (receivers should ignore an `id` seen before).
#[utoipa::path(put, path = "/api/v1/centers/{id}/webhook", tag = "notifications", request_body = WebhookIn,
    responses((status = 200, body = WebhookOut), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_webhook(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<WebhookIn>,
) -> ApiResult<Json<WebhookOut>> {
    let w = svc::set_webhook(&state, &user.actor, &id, &body.url, &body.secret).await?;
    Ok(Json(Some(w).into()))
}

/// Remove the centre's webhook.
#[utoipa::path(delete, path = "/api/v1/centers/{id}/webhook", tag = "notifications",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_webhook(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    if svc::delete_webhook(&state, &user.actor, &id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found())
    }
}
