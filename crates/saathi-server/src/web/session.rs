//! Signing in and out, and the language switch.

use super::forms::{Field, FormData};
use super::{Base, Ctx, WebError, add_cookie, localized, lock_wait, render, render_locked, safe_next, see_other};
use crate::auth::{LANG_COOKIE, SESSION_COOKIE, cookie, set_cookie, sign_in, sign_out};
use crate::i18n::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use saathi_store::SessionKind;
use serde::Deserialize;

/// How long the language cookie lasts: a year.
const LANG_COOKIE_SECS: i64 = 365 * 24 * 3600;

/// `/`: home for a signed-in person, else the sign-in page (the kiosk's on
/// the centre's shared tablet).
pub async fn root(ctx: Ctx, headers: HeaderMap) -> Response {
    see_other(match &ctx.user {
        Some(u) if u.is_kiosk() => "/kiosk/home",
        Some(_) => "/home",
        None if on_kiosk_tablet(&headers) => "/kiosk",
        None => "/login",
    })
}

/// The browser carries a kiosk device cookie (whether still enrolled or not).
fn on_kiosk_tablet(headers: &HeaderMap) -> bool {
    cookie(headers, crate::auth::kiosk::KIOSK_COOKIE).is_some_and(|c| !c.is_empty())
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    base: Base,
    login: Field,
    password: Field,
    next: String,
    error: Option<String>,
    /// A fresh installation: show how to create the first centre and admin.
    setup: bool,
}
localized!(LoginPage);

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

fn login_page_for(ctx: &Ctx, login: &str, next: &str, error: Option<String>, setup: bool) -> LoginPage {
    let invalid = error.is_some();
    let mut login_field = Field::new("login", ctx.t("login-login"), login).hint(ctx.t("login-login-hint")).required();
    let mut password = Field::new("password", ctx.t("login-password"), "").required();
    if invalid {
        // The message above the form names both: we never say which was wrong.
        login_field.invalid = true;
        password.invalid = true;
    }
    LoginPage {
        base: ctx.base(ctx.t("login-title")),
        login: login_field,
        password,
        next: next.to_string(),
        error,
        setup,
    }
}

pub async fn login_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NextQuery>,
) -> Result<Response, WebError> {
    let next = safe_next(q.next.as_deref()).unwrap_or_default();
    if ctx.user.is_some() {
        return Ok(see_other(if next.is_empty() { "/home" } else { &next }));
    }
    let setup = state.store.is_empty().await?;
    render(StatusCode::OK, &login_page_for(&ctx, "", &next, None, setup))
}

/// `POST /login`. On the centre's shared tablet the sign-in keeps a kiosk's
/// short limits (see `SessionKind::Tablet`).
pub async fn login_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    form: FormData,
) -> Result<Response, WebError> {
    let login = form.get("login").trim().to_string();
    let next = safe_next(Some(form.get("next"))).unwrap_or_default();
    let tablet = crate::auth::kiosk::device(&state, &headers).await?;
    match sign_in(&state, &login, form.get("password"), SessionKind::Web, tablet.as_ref()).await {
        Ok(signed) => {
            let mut resp = see_other(if next.is_empty() { "/home" } else { &next });
            add_cookie(&mut resp, &set_cookie(SESSION_COOKIE, &signed.token, None, true, state.config.secure_cookies));
            Ok(resp)
        }
        Err(e) if e.status == StatusCode::UNAUTHORIZED => {
            let setup = state.store.is_empty().await?;
            let page = login_page_for(&ctx, &login, &next, Some(ctx.t("login-wrong")), setup);
            render(StatusCode::UNAUTHORIZED, &page)
        }
        Err(e) if e.status == StatusCode::TOO_MANY_REQUESTS => {
            let (secs, minutes) = lock_wait(&e);
            let msg = ctx.t_args("login-locked", &[("minutes", minutes.into())]);
            render_locked(&login_page_for(&ctx, &login, &next, Some(msg), false), secs)
        }
        Err(e) => Err(e.into()),
    }
}

/// Signs out. On the centre's shared tablet (a kiosk session, or a tablet
/// whose kiosk session has ended already) the next resident signs in at `/kiosk`.
pub async fn logout(State(state): State<AppState>, ctx: Ctx, headers: HeaderMap) -> Result<Response, WebError> {
    let on_kiosk = ctx.user.as_ref().is_some_and(|u| u.on_shared_tablet()) || on_kiosk_tablet(&headers);
    if let Some(u) = &ctx.user {
        sign_out(&state, u).await?;
    }
    let mut resp = see_other(if on_kiosk { "/kiosk?done=signed-out" } else { "/login" });
    add_cookie(&mut resp, &set_cookie(SESSION_COOKIE, "", Some(0), true, state.config.secure_cookies));
    Ok(resp)
}

/// The language switch: remembered in a cookie, and for a signed-in person
/// in their account (so it follows them to another device).
pub async fn language(State(state): State<AppState>, ctx: Ctx, form: FormData) -> Result<Response, WebError> {
    let lang = Lang::from_code(form.get("lang")).unwrap_or(ctx.lang);
    if let Some(u) = &ctx.user {
        crate::services::users::set_language(&state, &u.actor, lang.code()).await?;
    }
    let next = safe_next(Some(form.get("next"))).unwrap_or_else(|| "/".to_string());
    let mut resp = see_other(&next);
    if ctx.user.as_ref().is_some_and(|u| u.on_shared_tablet()) {
        // A choice on the shared tablet stays with the account, not with the
        // tablet the next person uses.
        return Ok(resp);
    }
    add_cookie(
        &mut resp,
        &set_cookie(LANG_COOKIE, lang.code(), Some(LANG_COOKIE_SECS), true, state.config.secure_cookies),
    );
    Ok(resp)
}
