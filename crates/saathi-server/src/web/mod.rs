//! The server-rendered web app: no SPA, no CDN, every asset embedded and
//! served by Saathi, every page usable without JavaScript, in English and
//! Hindi.
//!
//! Each page handler extracts a [`Ctx`] (who asks, in which language, the
//! CSRF token), calls the same services as the API, and renders an askama
//! template. A handler's [`WebError`] becomes a page here: 401 sends the
//! person to the sign-in page, 403/404 and the rest show a localized error
//! page with the right status; forms re-show themselves on 422/409.

mod assets;
mod charts;
mod checkins;
mod crisis;
mod forms;
mod goals;
mod groups;
mod home;
mod kiosk;
mod members;
mod notes;
mod notifications;
#[cfg(test)]
mod page_tests;
mod progress;
mod rooms;
mod session;
mod sessions;
mod users;
mod webhook;

use crate::auth::{CurrentUser, LANG_COOKIE, MaybeUser, cookie};
use crate::csrf::CsrfToken;
use crate::error::ApiError;
use crate::i18n::{self, Arg, Lang};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use saathi_domain::Role;
use std::sync::{Arc, OnceLock};

/// The largest form a notes page takes: a group note and the parts of a
/// full group's attendees, all at their longest and in Devanagari (a
/// character is 9 bytes percent-encoded), with room to spare. Every other
/// form keeps the application's limit ([`crate::BODY_LIMIT`]).
pub const NOTES_FORM_LIMIT: usize =
    (saathi_domain::notes::BODY_MAX + saathi_domain::group::CAPACITY_MAX as usize * saathi_domain::notes::PART_MAX) * 9
        + 64 * 1024;

fn notes_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(NOTES_FORM_LIMIT)
}

/// The pages' routes and the embedded assets.
pub fn router() -> Router<AppState> {
    let pages = Router::new()
        .route("/", get(session::root))
        .route("/login", get(session::login_page).post(session::login_submit))
        .route("/logout", post(session::logout))
        .route("/language", post(session::language))
        .route("/home", get(home::home))
        .route("/sharing", post(home::sharing))
        .route("/goals", get(goals::page).post(goals::create))
        .route("/goals/{id}/progress", post(goals::progress))
        .route("/goals/{id}/end", post(goals::end))
        .route("/goals/{id}/sharing", post(goals::sharing))
        .route("/goals/{id}/cheer", post(goals::cheer))
        .route("/checkin", get(checkins::form).post(checkins::submit))
        .route("/checkin/done", get(checkins::done))
        .route("/checkin/lapse", get(checkins::lapse_page).post(checkins::lapse))
        .route("/checkins", get(checkins::history))
        .route("/members/{id}/checkins", get(checkins::member_history))
        .route("/triggers", get(checkins::triggers).post(checkins::add_trigger))
        .route("/progress", get(progress::own))
        .route("/members", get(members::list))
        .route("/members/new", get(members::new_page).post(members::create))
        .route("/members/{id}", get(members::show).post(members::update))
        .route("/members/{id}/progress", get(progress::of_member))
        .route("/members/{id}/discharge", get(members::discharge_page).post(members::discharge))
        .route("/members/{id}/notes", post(members::add_note).layer(notes_limit()))
        .route("/members/{id}/mentor", post(members::pair_mentor))
        .route("/members/{id}/mentor/end", post(members::end_mentor))
        .route("/groups", get(groups::list))
        .route("/groups/new", get(groups::new_page).post(groups::create))
        .route("/groups/{id}", get(groups::show))
        .route("/groups/{id}/edit", get(groups::edit_page).post(groups::update))
        .route("/groups/{id}/enroll", post(groups::enroll))
        .route("/groups/{id}/members/{member_id}/remove", get(groups::remove_page).post(groups::remove))
        .route("/groups/{id}/agreement", post(groups::accept_agreement))
        .route("/groups/{id}/sessions", post(groups::create_session))
        .route("/sessions/{id}", get(sessions::show))
        .route("/sessions/{id}/attendance", post(sessions::attendance))
        .route("/sessions/{id}/turns", post(sessions::add_turn))
        .route("/sessions/{id}/edit", post(sessions::change))
        .route("/sessions/{id}/cancel", get(sessions::cancel_page).post(sessions::cancel))
        .route("/sessions/{id}/restore", post(sessions::restore))
        .route("/sessions/{id}/notes", post(sessions::write_notes).layer(notes_limit()))
        .route("/sessions/{id}/checkin", post(groups::check_in))
        .route("/notes/{id}/sign-off", post(notes::sign_off))
        .route("/notes/{id}/amend", get(notes::amend_form).post(notes::amend).layer(notes_limit()))
        .route("/follow-ups/{id}/done", post(notes::follow_up_done))
        .route("/rooms", get(rooms::list))
        .route("/rooms/{id}", get(rooms::show))
        .route("/rooms/{id}/messages", post(rooms::post))
        .route("/rooms/{id}/mute", post(rooms::mute))
        .route("/rooms/{id}/warn", post(rooms::warn))
        .route("/messages/{id}/edit", post(rooms::edit))
        .route("/messages/{id}/delete", post(rooms::delete))
        .route("/messages/{id}/react", post(rooms::react))
        .route("/messages/{id}/report", post(rooms::report))
        .route("/messages/{id}/hide", post(rooms::hide))
        .route("/crisis", get(crisis::page).post(crisis::press))
        .route("/crisis/alerts", get(crisis::alerts))
        .route("/crisis/alerts/{id}", get(crisis::alert))
        .route("/crisis/alerts/{id}/acknowledge", post(crisis::acknowledge))
        .route("/crisis/alerts/{id}/resolve", post(crisis::resolve))
        .route("/on-call/{op}", post(crisis::roster_change))
        .route("/notifications", get(notifications::page))
        .route("/notifications/read-all", post(notifications::read_all))
        .route("/notifications/email", post(notifications::set_email))
        .route("/notifications/{id}/read", post(notifications::read))
        .route("/admin/users", get(users::list).post(users::create))
        .route("/admin/users/{id}/role", post(users::change_role))
        .route("/admin/webhook", get(webhook::page).post(webhook::save))
        .route("/admin/webhook/remove", get(webhook::remove_page).post(webhook::remove))
        .route("/kiosk", get(kiosk::page).post(kiosk::submit))
        .route("/kiosk/home", get(kiosk::home))
        .route("/kiosk/stay", post(kiosk::stay))
        .route("/kiosk/setup", get(kiosk::setup).post(kiosk::enrol))
        .route("/kiosk/devices/{id}/revoke", get(kiosk::revoke_page).post(kiosk::revoke))
        .route("/members/{id}/kiosk", get(kiosk::member).post(kiosk::member_set))
        .route("/members/{id}/kiosk/remove", post(kiosk::member_remove))
        .layer(axum::middleware::from_fn(page_layer));
    pages.merge(assets::router())
}

/// A page for requests nothing else answers: a localized 404 page for a
/// person, the API's JSON 404 under `/api/`. (For the app's fallback.)
pub async fn fallback(req: Request) -> Response {
    if req.uri().path().starts_with("/api/") {
        return ApiError::not_found().into_response();
    }
    let ctx = Ctx::visitor(req.headers(), req.extensions().get::<CsrfToken>(), req.uri().path());
    let mut resp = error_page(&ctx, StatusCode::NOT_FOUND, "not_found");
    secure_headers(resp.headers_mut());
    resp
}

// ---------------------------------------------------------------------------
// The request context

/// Who is asking, in which language, with which CSRF token.
#[derive(Clone)]
pub struct Ctx {
    pub user: Option<CurrentUser>,
    pub lang: Lang,
    pub csrf: String,
    /// The path (and query) of this page, for the language switch to come back to.
    pub path: String,
    /// The signed-in user's unread notifications (the header shows how many).
    pub unread: i64,
    /// The server's kiosk idle limit, for the kiosk pages' sign-out script.
    pub kiosk_idle_ms: i64,
}

/// Where a handler leaves its [`Ctx`] for [`page_layer`] to render errors with.
#[derive(Clone, Default)]
struct CtxSlot(Arc<OnceLock<Ctx>>);

impl Ctx {
    /// A context without a signed-in user (from cookies and headers only).
    fn visitor(headers: &HeaderMap, csrf: Option<&CsrfToken>, path: &str) -> Ctx {
        let lang = i18n::negotiate(None, cookie(headers, LANG_COOKIE), accept_language(headers));
        Ctx {
            user: None,
            lang,
            csrf: csrf.map(|c| c.0.clone()).unwrap_or_default(),
            path: path.to_string(),
            unread: 0,
            kiosk_idle_ms: 0,
        }
    }

    /// The signed-in user, or a 401 (which sends them to the sign-in page).
    pub fn user(&self) -> Result<&CurrentUser, WebError> {
        self.user.as_ref().ok_or_else(|| WebError(ApiError::unauthorized()))
    }

    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    pub fn t_args(&self, key: &str, args: &[(&str, Arg)]) -> String {
        self.lang.t_args(key, args)
    }

    /// What every page's layout needs.
    pub fn base(&self, title: String) -> Base {
        let path_only = self.path.split('?').next().unwrap_or("/");
        let nav = match &self.user {
            None => vec![],
            Some(u) => (if u.is_kiosk() { KIOSK_NAV } else { nav_for(u.user.role) })
                .iter()
                .map(|(href, key)| NavLink {
                    href,
                    label: self.t(key),
                    current: path_only == *href || (*href != "/home" && path_only.starts_with(&format!("{href}/"))),
                })
                .collect(),
        };
        Base {
            lang: self.lang,
            title,
            csrf: self.csrf.clone(),
            next: without_notice(&self.path),
            user_name: self.user.as_ref().map(|u| u.user.display_name.clone()),
            role_label: self.user.as_ref().map(|u| self.t(&format!("role-{}", u.user.role.as_str()))),
            nav,
            langs: Lang::ALL
                .iter()
                .map(|l| LangChoice { code: l.code(), label: l.endonym(), current: *l == self.lang })
                .collect(),
            css: assets::css_url(),
            icon: assets::icon_url(),
            unread: self.user.as_ref().map(|_| self.unread),
            crisis_button: self.user.as_ref().is_some_and(|u| u.user.role == Role::Member),
            crisis_js: assets::crisis_js_url(),
            kiosk: self
                .user
                .as_ref()
                .filter(|u| u.on_shared_tablet())
                .map(|_| KioskBase { js: assets::kiosk_js_url(), idle_ms: self.kiosk_idle_ms }),
        }
    }
}

/// A kiosk session's only link: its home page with the big buttons.
const KIOSK_NAV: &[(&str, &str)] = &[("/kiosk/home", "nav-home")];

/// What a kiosk session's pages carry: the idle sign-out script and its time.
pub struct KioskBase {
    pub js: &'static str,
    pub idle_ms: i64,
}

/// The path without its one-time `done=` notice (so switching the language
/// does not show "saved" again).
fn without_notice(path: &str) -> String {
    let Some((p, q)) = path.split_once('?') else {
        return path.to_string();
    };
    let rest: Vec<&str> = q.split('&').filter(|kv| !kv.starts_with("done=") && !kv.is_empty()).collect();
    if rest.is_empty() { p.to_string() } else { format!("{p}?{}", rest.join("&")) }
}

fn accept_language(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok())
}

fn nav_for(role: Role) -> &'static [(&'static str, &'static str)] {
    match role {
        Role::Admin => &[
            ("/home", "nav-home"),
            ("/members", "nav-members"),
            ("/groups", "nav-groups"),
            ("/admin/users", "nav-users"),
        ],
        Role::Counselor => &[("/home", "nav-home"), ("/members", "nav-members"), ("/groups", "nav-groups")],
        Role::PeerMentor | Role::Member => &[("/home", "nav-home"), ("/groups", "nav-groups")],
        Role::Family => &[("/home", "nav-home")],
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let slot = parts.extensions.get::<CtxSlot>().cloned();
        if let Some(ctx) = slot.as_ref().and_then(|s| s.0.get()) {
            return Ok(ctx.clone());
        }
        let MaybeUser(user) = MaybeUser::from_request_parts(parts, state).await?;
        let path = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let mut ctx = Ctx::visitor(&parts.headers, parts.extensions.get::<CsrfToken>(), path);
        if let Some(u) = &user {
            ctx.lang = i18n::negotiate(
                Some(&u.user.language),
                cookie(&parts.headers, LANG_COOKIE),
                accept_language(&parts.headers),
            );
        }
        if let Some(u) = &user {
            ctx.unread = crate::services::notifications::unread(state, &u.user.id).await.unwrap_or(0);
        }
        if let Some(u) = user.as_ref().filter(|u| u.on_shared_tablet()) {
            let limits = state.config.session_limits();
            ctx.kiosk_idle_ms = saathi_domain::session::idle_limit_ms(u.user.role, u.kind, limits);
        }
        ctx.user = user;
        if let Some(slot) = slot {
            let _ = slot.0.set(ctx.clone());
        }
        Ok(ctx)
    }
}

// ---------------------------------------------------------------------------
// Layout data shared by every template

pub struct NavLink {
    pub href: &'static str,
    pub label: String,
    pub current: bool,
}

pub struct LangChoice {
    pub code: &'static str,
    pub label: &'static str,
    pub current: bool,
}

/// What the base layout renders around every page.
pub struct Base {
    pub lang: Lang,
    pub title: String,
    pub csrf: String,
    /// Where the language switch comes back to.
    pub next: String,
    pub user_name: Option<String>,
    pub role_label: Option<String>,
    pub nav: Vec<NavLink>,
    pub langs: Vec<LangChoice>,
    pub css: &'static str,
    pub icon: &'static str,
    /// Unread notifications, for a signed-in user.
    pub unread: Option<i64>,
    /// The crisis button (members, on every page).
    pub crisis_button: bool,
    pub crisis_js: &'static str,
    /// On the centre's shared tablet: the idle sign-out script.
    pub kiosk: Option<KioskBase>,
}

/// Gives a template `t("key")`, `ta("key", "name", value)` and
/// `ta2(...)` for its own language (askama calls them on the template).
macro_rules! localized {
    ($($ty:ty),+ $(,)?) => {$(
        impl $ty {
            #[allow(dead_code)]
            fn t(&self, key: &str) -> String {
                self.base.lang.t(key)
            }
            #[allow(dead_code)]
            fn ta(&self, key: &str, name: &str, value: impl $crate::i18n::IntoArg) -> String {
                self.base.lang.t_args(key, &[(name, value.into_arg())])
            }
            #[allow(dead_code)]
            fn ta2(
                &self,
                key: &str,
                n1: &str,
                v1: impl $crate::i18n::IntoArg,
                n2: &str,
                v2: impl $crate::i18n::IntoArg,
            ) -> String {
                self.base.lang.t_args(key, &[(n1, v1.into_arg()), (n2, v2.into_arg())])
            }
        }
    )+};
}
pub(crate) use localized;

/// A rendered page with the given status.
pub fn render<T: Template>(status: StatusCode, page: &T) -> Result<Response, WebError> {
    let html = page.render().map_err(|e| WebError(ApiError::internal(e)))?;
    Ok((status, Html(html)).into_response())
}

/// A sign-in page answered while sign-in is locked: 429, with `Retry-After`.
pub fn render_locked<T: Template>(page: &T, secs: i64) -> Result<Response, WebError> {
    let mut resp = render(StatusCode::TOO_MANY_REQUESTS, page)?;
    if let Ok(v) = axum::http::HeaderValue::from_str(&secs.to_string()) {
        resp.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
    }
    Ok(resp)
}

/// How long a locked sign-in waits: (seconds, for `Retry-After`; whole
/// minutes, to tell the person).
pub fn lock_wait(e: &ApiError) -> (i64, i64) {
    let secs = e.retry_after_secs.unwrap_or(60).max(1);
    (secs, (secs + 59) / 60)
}

/// Adds a `Set-Cookie` header, keeping any the response has already.
pub fn add_cookie(resp: &mut Response, c: &str) {
    if let Ok(v) = axum::http::HeaderValue::from_str(c) {
        resp.headers_mut().append(axum::http::header::SET_COOKIE, v);
    }
}

/// 303 See Other: after a form, the browser GETs the next page.
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// A local path to go back to: must start with one `/` (never `//` or
/// `/\`, which browsers read as another host) and hold no control characters.
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let n = next?.trim();
    let ok = n.starts_with('/')
        && !n.starts_with("//")
        && !n.starts_with("/\\")
        && !n.chars().any(|c| c.is_control() || c == '\\')
        && n.len() <= 512;
    ok.then(|| n.to_string())
}

// ---------------------------------------------------------------------------
// Errors as pages

/// An error a page handler returns; [`page_layer`] turns it into a page.
#[derive(Debug)]
pub struct WebError(pub ApiError);

impl From<ApiError> for WebError {
    fn from(e: ApiError) -> Self {
        WebError(e)
    }
}

impl From<saathi_store::StoreError> for WebError {
    fn from(e: saathi_store::StoreError) -> Self {
        WebError(e.into())
    }
}

/// The marker [`page_layer`] looks for on a response.
#[derive(Clone, Copy)]
struct Failure {
    status: StatusCode,
    code: &'static str,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let mut resp = self.0.status.into_response();
        resp.extensions_mut().insert(Failure { status: self.0.status, code: self.0.code });
        resp
    }
}

/// Renders handler errors as pages and adds the pages' security headers.
async fn page_layer(mut req: Request, next: Next) -> Response {
    let slot = CtxSlot::default();
    req.extensions_mut().insert(slot.clone());
    let is_get = req.method() == Method::GET;
    let on_kiosk = cookie(req.headers(), crate::auth::kiosk::KIOSK_COOKIE).is_some_and(|c| !c.is_empty());
    let path = req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into());
    let visitor = Ctx::visitor(req.headers(), req.extensions().get::<CsrfToken>(), &path);
    let mut resp = next.run(req).await;
    if let Some(f) = resp.extensions().get::<Failure>().copied() {
        resp = if f.status == StatusCode::UNAUTHORIZED {
            let to = if on_kiosk && !path.starts_with("/kiosk/setup") {
                // A kiosk session ended: the next resident signs in at the kiosk.
                "/kiosk".to_string()
            } else if is_get && path != "/" {
                format!("/login?next={}", forms::urlencode(&path))
            } else {
                "/login".to_string()
            };
            see_other(&to)
        } else {
            let ctx = slot.0.get().cloned().unwrap_or(visitor);
            error_page(&ctx, f.status, f.code)
        };
    }
    secure_headers(resp.headers_mut());
    resp
}

fn secure_headers(h: &mut HeaderMap) {
    let set = |h: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    };
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; \
         form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "same-origin");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::CACHE_CONTROL, "no-store");
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    base: Base,
    heading: String,
    message: String,
    signed_in: bool,
}
localized!(ErrorPage);

fn error_page(ctx: &Ctx, status: StatusCode, code: &str) -> Response {
    let key = match (status.as_u16(), code) {
        (409, "already_discharged") => "error-already-discharged",
        (409, "stage_changed") => "error-stage-changed",
        (403, _) => "error-forbidden",
        (404, _) => "error-not-found",
        (400, _) => "error-bad-request",
        (409, _) => "error-conflict",
        (413, _) => "error-too-large",
        (422, _) => "error-invalid",
        (429, _) => "error-rate-limited",
        _ => "error-internal",
    };
    let page = ErrorPage {
        base: ctx.base(ctx.t(&format!("{key}-title"))),
        heading: ctx.t(&format!("{key}-title")),
        message: ctx.t(key),
        signed_in: ctx.user.is_some(),
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "error page did not render");
            (status, "Saathi: something went wrong. / कुछ गड़बड़ हो गई।").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next(Some("/members?q=ravi")), Some("/members?q=ravi".into()));
        assert_eq!(safe_next(Some("/")), Some("/".into()));
        assert_eq!(safe_next(Some("//evil.example/x")), None);
        assert_eq!(safe_next(Some("/\\evil.example")), None);
        assert_eq!(safe_next(Some("https://evil.example/")), None);
        assert_eq!(safe_next(Some("javascript:alert(1)")), None);
        assert_eq!(safe_next(Some("/a\r\nSet-Cookie: x=1")), None);
        assert_eq!(safe_next(Some("/a\\b")), None);
        assert_eq!(safe_next(Some("")), None);
        assert_eq!(safe_next(None), None);
    }

    #[test]
    fn the_language_switch_drops_one_time_notices() {
        assert_eq!(without_notice("/members/1?done=saved"), "/members/1");
        assert_eq!(without_notice("/admin/users?offset=50&done=role"), "/admin/users?offset=50");
        assert_eq!(without_notice("/members?q=ravi"), "/members?q=ravi");
        assert_eq!(without_notice("/home"), "/home");
    }

    #[test]
    fn staff_see_more_links() {
        assert_eq!(nav_for(Role::Admin).len(), 4);
        assert_eq!(nav_for(Role::Counselor).len(), 3);
        assert_eq!(nav_for(Role::Member).len(), 2);
        assert_eq!(nav_for(Role::Family).len(), 1);
    }

    #[test]
    fn the_error_page_renders_in_both_languages() {
        for lang in Lang::ALL {
            let ctx = Ctx { user: None, lang, csrf: "tok".into(), path: "/x".into(), unread: 0, kiosk_idle_ms: 0 };
            let resp = error_page(&ctx, StatusCode::NOT_FOUND, "not_found");
            assert_eq!(resp.status(), StatusCode::NOT_FOUND);
        }
    }

    /// Every message a page asks for exists in English (and so, by the
    /// i18n tests, in Hindi): keys in `t("…")` calls of the templates, and
    /// key-shaped string literals of the web module's code.
    #[test]
    fn every_key_the_pages_use_exists() {
        let templates = [
            include_str!("../../templates/base.html"),
            include_str!("../../templates/macros.html"),
            include_str!("../../templates/login.html"),
            include_str!("../../templates/error.html"),
            include_str!("../../templates/home.html"),
            include_str!("../../templates/members.html"),
            include_str!("../../templates/member_form.html"),
            include_str!("../../templates/member_new.html"),
            include_str!("../../templates/member.html"),
            include_str!("../../templates/discharge.html"),
            include_str!("../../templates/users.html"),
            include_str!("../../templates/groups.html"),
            include_str!("../../templates/group_form.html"),
            include_str!("../../templates/group.html"),
            include_str!("../../templates/group_remove.html"),
            include_str!("../../templates/session.html"),
            include_str!("../../templates/session_cancel.html"),
            include_str!("../../templates/note_macros.html"),
            include_str!("../../templates/form_macros.html"),
            include_str!("../../templates/note_amend.html"),
            include_str!("../../templates/kiosk.html"),
            include_str!("../../templates/kiosk_home.html"),
            include_str!("../../templates/kiosk_setup.html"),
            include_str!("../../templates/kiosk_revoke.html"),
            include_str!("../../templates/kiosk_member.html"),
        ];
        let code = [
            include_str!("mod.rs"),
            include_str!("session.rs"),
            include_str!("home.rs"),
            include_str!("members.rs"),
            include_str!("users.rs"),
            include_str!("forms.rs"),
            include_str!("groups.rs"),
            include_str!("sessions.rs"),
            include_str!("notes.rs"),
            include_str!("kiosk.rs"),
        ];
        let namespaces = [
            "nav",
            "role",
            "stage",
            "login",
            "setup",
            "home",
            "members",
            "member",
            "users",
            "discharge",
            "error",
            "err",
            "form",
            "days",
            "helpline",
            "helplines",
            "pager",
            "back",
            "gender",
            "substance",
            "footer",
            "groups",
            "group",
            "session",
            "circle",
            "attendance",
            "notes",
            "note",
            "topic",
            "weekday",
            "mentor",
            "mentees",
            "celebrate",
            "sharing",
            "kiosk",
        ];
        let is_key = |s: &str| {
            s.split_once('-').is_some_and(|(ns, rest)| namespaces.contains(&ns) && !rest.is_empty())
                && !s.ends_with('-')
                && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        };
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
        for c in code {
            let c = c.split("#[cfg(test)]").next().unwrap_or(c);
            for (i, lit) in c.split('"').enumerate() {
                if i % 2 == 1 && is_key(lit) {
                    keys.push(lit.to_string());
                }
            }
        }
        assert!(keys.len() > 100, "found only {} keys", keys.len());
        let missing: Vec<&String> = keys
            .iter()
            .filter(|k| {
                Lang::En.try_t(k).is_none()
                    && Lang::En.t_args(
                        k,
                        &[
                            ("name", "x".into()),
                            ("days", Arg::Num(1)),
                            ("date", "x".into()),
                            ("minutes", Arg::Num(1)),
                            ("q", "x".into()),
                            ("stage", "x".into()),
                            ("role", "x".into()),
                            ("zone", "x".into()),
                            ("first", Arg::Num(1)),
                            ("last", Arg::Num(2)),
                            ("from", "x".into()),
                            ("to", "x".into()),
                            ("position", Arg::Num(1)),
                            ("taken", Arg::Num(1)),
                            ("capacity", Arg::Num(1)),
                            ("group", "x".into()),
                            ("stages", "x".into()),
                            ("genders", "x".into()),
                            ("languages", "x".into()),
                            ("language", "x".into()),
                            ("min", Arg::Num(1)),
                            ("max", Arg::Num(1)),
                            ("time", "x".into()),
                            ("rule", "x".into()),
                            ("seconds", Arg::Num(1)),
                            ("when", "x".into()),
                            ("status", "x".into()),
                            ("attended", Arg::Num(1)),
                            ("total", Arg::Num(1)),
                            ("percent", Arg::Num(1)),
                            ("count", Arg::Num(1)),
                            ("reason", "x".into()),
                            ("score", Arg::Num(1)),
                            ("code", "x".into()),
                            ("groups", "x".into()),
                            ("mentees", "x".into()),
                        ],
                    ) == **k
            })
            .collect();
        assert!(missing.is_empty(), "messages missing from locales/en/main.ftl: {missing:?}");
        for stage in saathi_domain::Stage::ALL {
            for suffix in ["", "-about"] {
                assert!(Lang::En.try_t(&format!("stage-{}{suffix}", stage.as_str())).is_some());
            }
        }
        for role in Role::ALL {
            assert!(Lang::En.try_t(&format!("role-{}", role.as_str())).is_some());
        }
        for g in saathi_domain::member::GENDERS {
            assert!(Lang::En.try_t(&format!("gender-{g}")).is_some());
        }
        for s in members::SUBSTANCES {
            assert!(Lang::En.try_t(&format!("substance-{s}")).is_some());
        }
        for k in saathi_domain::group::GroupKind::ALL {
            assert!(Lang::En.try_t(&format!("group-kind-{}", k.as_str())).is_some());
        }
        for m in saathi_domain::group::Modality::ALL {
            assert!(Lang::En.try_t(&format!("group-modality-{}", m.as_str())).is_some());
        }
        for t in saathi_domain::topics::TOPICS {
            assert!(Lang::En.try_t(&format!("topic-{t}")).is_some(), "topic-{t}");
        }
        for s in saathi_domain::attendance::Status::ALL {
            assert!(Lang::En.try_t(&format!("attendance-{}", s.as_str())).is_some());
        }
        for d in groups::WEEKDAYS {
            assert!(Lang::En.try_t(&format!("weekday-{}", d.to_ascii_lowercase())).is_some());
        }
        for code in ["stage", "gender", "age_unknown", "too_young", "too_old", "language", "closed"] {
            let args = [
                ("name", Arg::from("x")),
                ("stage", "x".into()),
                ("stages", "x".into()),
                ("genders", "x".into()),
                ("min", Arg::Num(1)),
                ("max", Arg::Num(1)),
                ("languages", "x".into()),
                ("language", "x".into()),
            ];
            for lang in Lang::ALL {
                let key = format!("group-reason-{code}");
                assert_ne!(lang.t_args(&key, &args), key, "{key} in {}", lang.code());
            }
        }
    }
}
