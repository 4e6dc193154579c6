//! The `/notifications` page: one's notifications, newest first, with what
//! is unread marked in words (not colour alone), marking one or all read,
//! and paging to older ones. The words come from each notification's kind,
//! in the reader's language; the header's link shows the unread count.
//! Below them, the reader's own e-mail address for notifications (empty:
//! none), with the promise that e-mails never carry what anyone wrote.

use super::forms::{Field, FormData, messages};
use super::{Base, Ctx, WebError, localized, render, safe_next, see_other};
use crate::services::notifications as svc;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

/// Notifications per page.
const PAGE: i64 = 30;

pub struct Item {
    pub id: String,
    pub text: String,
    pub link: String,
    /// Local date and time, `DD-MM-YYYY HH:MM`.
    pub when: String,
    /// RFC 3339, for `<time datetime>`.
    pub when_iso: String,
    pub unread: bool,
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    base: Base,
    items: Vec<Item>,
    unread: i64,
    notice: Option<String>,
    /// The next (older) page's link.
    older: Option<String>,
    /// Showing an older page.
    paged: bool,
    /// The reader's e-mail address for notifications.
    email: Field,
    errors: Vec<(String, String)>,
}
localized!(NotificationsPage);

/// `GET /notifications[?before=ID]`.
pub async fn page(State(state): State<AppState>, ctx: Ctx, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    let q = FormData::from_query(raw.as_deref());
    show(&state, &ctx, &q, None, StatusCode::OK).await
}

/// The page; `typed`: the e-mail form as sent, with its mistakes.
async fn show(
    state: &AppState,
    ctx: &Ctx,
    q: &FormData,
    typed: Option<(String, Vec<(String, String)>)>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let before = q.opt("before");
    let page = svc::list(state, &me.actor, before.as_deref(), Some(PAGE)).await?;
    let tz = crate::services::centers::own(state, &me.actor).await?.tz();
    let items: Vec<Item> = page
        .items
        .iter()
        .map(|n| {
            let t = chrono::DateTime::from_timestamp_millis(n.created_at).unwrap_or_default();
            let local = t.with_timezone(&tz);
            Item {
                id: n.id.clone(),
                text: svc::text(ctx.lang, &n.kind),
                // Links are made by Saathi; still, only a local path is followed.
                link: safe_next(Some(&n.link)).unwrap_or_else(|| "/home".into()),
                when: format!("{} {}", ctx.lang.date_short(local.date_naive()), local.format("%H:%M")),
                when_iso: t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                unread: n.read_at.is_none(),
            }
        })
        .collect();
    let older = (items.len() as i64 == PAGE).then(|| items.last().map(|i| format!("/notifications?before={}", i.id)));
    let notice = match q.get("done") {
        "read" | "all" => Some(ctx.t("notif-marked")),
        "email" => Some(ctx.t("notif-email-saved")),
        "email-none" => Some(ctx.t("notif-email-removed")),
        _ => None,
    };
    let (value, errors) = match typed {
        Some(t) => t,
        None => (svc::email(state, &me.actor).await?.unwrap_or_default(), Vec::new()),
    };
    let email =
        Field::new("email", ctx.t("notif-email-label"), value).hint(ctx.t("notif-email-hint")).error_from(&errors);
    let p = NotificationsPage {
        base: ctx.base(ctx.t("notif-title")),
        items,
        unread: page.unread,
        notice,
        older: older.flatten(),
        paged: before.is_some(),
        email,
        errors,
    };
    render(status, &p)
}

/// `POST /notifications/email`: sets one's e-mail address for
/// notifications (empty: none); a mistake comes back on the page, in words.
pub async fn set_email(State(state): State<AppState>, ctx: Ctx, form: FormData) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let typed = form.get("email").to_string();
    match svc::set_email(&state, &me.actor, Some(&typed)).await {
        Ok(Some(_)) => Ok(see_other("/notifications?done=email#email-title")),
        Ok(None) => Ok(see_other("/notifications?done=email-none#email-title")),
        Err(e) if e.is_form_error() => {
            let errors = messages(ctx.lang, &e, &["email"]);
            show(&state, &ctx, &FormData(Vec::new()), Some((typed, errors)), e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /notifications/{id}/read` (another's: the 404 page).
pub async fn read(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, WebError> {
    let me = ctx.user()?;
    svc::mark_read(&state, &me.actor, &id).await?;
    Ok(see_other(&format!("/notifications?done=read#n-{id}")))
}

/// `POST /notifications/read-all`.
pub async fn read_all(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let me = ctx.user()?;
    svc::mark_all_read(&state, &me.actor).await?;
    Ok(see_other("/notifications?done=all"))
}
