//! `/admin/webhook`: the centre's outbound webhook for its admins (to an SMS
//! or WhatsApp gateway): where it goes and when its secret was set (the
//! secret itself is never shown back), a form to set both, and removing it
//! after a confirmation page. Who may is the service's rule (others: 403,
//! as the other admin pages).

use super::forms::{Field, FormData, messages};
use super::{Base, Ctx, WebError, localized, render, see_other};
use crate::services::{centers, notifications as svc};
use crate::state::AppState;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

const FIELDS: [&str; 2] = ["url", "secret"];

#[derive(Template)]
#[template(path = "webhook.html")]
struct WebhookPage {
    base: Base,
    /// Where it goes now, if set.
    current: Option<String>,
    /// "set on 21 November 2026, 14:05", if set.
    set_on: Option<String>,
    notice: Option<String>,
    url: Field,
    secret: Field,
    errors: Vec<(String, String)>,
}
localized!(WebhookPage);

#[derive(Template)]
#[template(path = "webhook_remove.html")]
struct RemovePage {
    base: Base,
    url: String,
}
localized!(RemovePage);

async fn show(
    state: &AppState,
    ctx: &Ctx,
    done: &str,
    typed: Option<(String, Vec<(String, String)>)>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let hook = svc::webhook(state, &me.actor, &me.actor.center_id).await?;
    let tz = centers::own(state, &me.actor).await?.tz();
    let notice = match done {
        "saved" => Some(ctx.t("webhook-saved")),
        "removed" => Some(ctx.t("webhook-removed")),
        _ => None,
    };
    let (url, errors) = typed.unwrap_or_else(|| (hook.as_ref().map(|h| h.url.clone()).unwrap_or_default(), vec![]));
    let page = WebhookPage {
        base: ctx.base(ctx.t("webhook-title")),
        current: hook.as_ref().map(|h| h.url.clone()),
        set_on: hook
            .as_ref()
            .map(|h| ctx.lang.t_args("webhook-set-on", &[("when", ctx.lang.datetime(h.updated_at, tz).into())])),
        notice,
        url: Field::new("url", ctx.t("webhook-url"), url)
            .hint(ctx.t("webhook-url-hint"))
            .required()
            .error_from(&errors),
        // Never filled in: the secret is not shown back, not even after a mistake.
        secret: Field::new("secret", ctx.t("webhook-secret"), String::new())
            .hint(ctx.t("webhook-secret-hint"))
            .required()
            .error_from(&errors),
        errors,
    };
    render(status, &page)
}

/// `GET /admin/webhook`.
pub async fn page(State(state): State<AppState>, ctx: Ctx, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    let q = FormData::from_query(raw.as_deref());
    show(&state, &ctx, q.get("done"), None, StatusCode::OK).await
}

/// `POST /admin/webhook`: sets (or replaces) the URL and the secret.
pub async fn save(State(state): State<AppState>, ctx: Ctx, form: FormData) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let url = form.get("url").to_string();
    match svc::set_webhook(&state, &me.actor, &me.actor.center_id, &url, form.get("secret")).await {
        Ok(_) => Ok(see_other("/admin/webhook?done=saved")),
        Err(e) if e.is_form_error() => {
            let errors = messages(ctx.lang, &e, &FIELDS);
            show(&state, &ctx, "", Some((url, errors)), e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /admin/webhook/remove`: asks first.
pub async fn remove_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let Some(hook) = svc::webhook(&state, &me.actor, &me.actor.center_id).await? else {
        return Ok(see_other("/admin/webhook"));
    };
    render(StatusCode::OK, &RemovePage { base: ctx.base(ctx.t("webhook-remove-title")), url: hook.url })
}

/// `POST /admin/webhook/remove`: removes it (already gone: back to the page).
pub async fn remove(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let me = ctx.user()?;
    svc::delete_webhook(&state, &me.actor, &me.actor.center_id).await?;
    Ok(see_other("/admin/webhook?done=removed"))
}
