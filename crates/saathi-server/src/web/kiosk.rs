//! The centre's shared tablet (kiosk): staff turn a tablet into a kiosk at
//! `/kiosk/setup`; a resident with no phone signs in at `/kiosk` with their
//! member code and PIN, checks in (or presses the crisis button) from
//! `/kiosk/home`, and is signed out by the server after a short idle time
//! (and, with JavaScript, by the page a moment before, with a warning).
//! Staff give members their code and PIN at `/members/{id}/kiosk`.

use super::forms::{Field, FormData, field_message, urlencode};
use super::{Base, Ctx, WebError, add_cookie, localized, lock_wait, render, render_locked, see_other};
use crate::auth::kiosk::{self as kiosk_auth, KIOSK_COOKIE, KIOSK_COOKIE_SECS};
use crate::auth::{SESSION_COOKIE, set_cookie, sign_out};
use crate::error::ApiError;
use crate::services::{kiosk, tracking};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use saathi_domain::center::{Helpline, all_helplines};
use saathi_store::KioskDevice;

fn clear_session_cookie(state: &AppState, resp: &mut Response) {
    add_cookie(resp, &set_cookie(SESSION_COOKIE, "", Some(0), true, state.config.secure_cookies));
}

// ---------------------------------------------------------------------------
// Signing in on the tablet

#[derive(Template)]
#[template(path = "kiosk.html")]
struct KioskPage {
    base: Base,
    /// The tablet is enrolled: show the sign-in form (else how to set it up).
    enrolled: bool,
    code: Field,
    pin: Field,
    error: Option<String>,
    notice: Option<String>,
    /// The centre's helplines: a resident the idle timer signed out while
    /// reading them (after pressing the crisis button) finds them here again.
    helplines: Vec<Helpline>,
}
localized!(KioskPage);

/// The helplines of the tablet's centre (none on a tablet not enrolled).
async fn helplines_of(state: &AppState, device: Option<&KioskDevice>) -> Result<Vec<Helpline>, WebError> {
    let Some(d) = device else { return Ok(Vec::new()) };
    Ok(state.store.get_center(&d.center_id).await?.map(|c| all_helplines(&c.helplines)).unwrap_or_default())
}

fn kiosk_page(
    ctx: &Ctx,
    helplines: Vec<Helpline>,
    code: &str,
    error: Option<String>,
    notice: Option<String>,
) -> KioskPage {
    let enrolled = !helplines.is_empty();
    let mut code_f = Field::new("code", ctx.t("kiosk-code"), code).hint(ctx.t("kiosk-code-hint")).required();
    let mut pin = Field::new("pin", ctx.t("kiosk-pin"), "").hint(ctx.t("kiosk-pin-hint")).required();
    if error.is_some() {
        // One message above the form: we never say which of the two was wrong.
        code_f.invalid = true;
        pin.invalid = true;
    }
    let title = if enrolled { ctx.t("kiosk-title") } else { ctx.t("kiosk-not-set-up-title") };
    KioskPage { base: ctx.base(title), enrolled, code: code_f, pin, error, notice, helplines }
}

/// `/kiosk`: the sign-in form on an enrolled tablet; elsewhere, what staff must do.
pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    if ctx.user.as_ref().is_some_and(|u| u.is_kiosk()) {
        return Ok(see_other("/kiosk/home"));
    }
    let device = kiosk_auth::device(&state, &headers).await?;
    let notice = match FormData::from_query(raw.as_deref()).get("done") {
        "enrolled" if device.is_some() => Some(ctx.t("kiosk-enrolled")),
        "signed-out" => Some(ctx.t("kiosk-signed-out")),
        _ => None,
    };
    let helplines = helplines_of(&state, device.as_ref()).await?;
    render(StatusCode::OK, &kiosk_page(&ctx, helplines, "", None, notice))
}

/// `POST /kiosk`: a member code and PIN typed on an enrolled tablet.
pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    form: FormData,
) -> Result<Response, WebError> {
    let Some(device) = kiosk_auth::device(&state, &headers).await? else {
        return render(StatusCode::FORBIDDEN, &kiosk_page(&ctx, Vec::new(), "", None, None));
    };
    let code = form.get("code").trim().to_string();
    let helplines = helplines_of(&state, Some(&device)).await?;
    match kiosk_auth::sign_in(&state, &device, &code, form.get("pin")).await {
        Ok(signed) => {
            // Whoever was signed in on this browser before is signed out.
            if let Some(u) = &ctx.user {
                sign_out(&state, u).await?;
            }
            let mut resp = see_other("/kiosk/home");
            add_cookie(&mut resp, &set_cookie(SESSION_COOKIE, &signed.token, None, true, state.config.secure_cookies));
            Ok(resp)
        }
        Err(e) if e.status == StatusCode::UNAUTHORIZED => {
            render(StatusCode::UNAUTHORIZED, &kiosk_page(&ctx, helplines, &code, Some(ctx.t("kiosk-wrong")), None))
        }
        Err(e) if e.status == StatusCode::TOO_MANY_REQUESTS => {
            let (secs, minutes) = lock_wait(&e);
            let key = if e.code == "device_locked" { "kiosk-device-locked" } else { "kiosk-locked" };
            let msg = ctx.t_args(key, &[("minutes", minutes.into())]);
            render_locked(&kiosk_page(&ctx, helplines, &code, Some(msg), None), secs)
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /kiosk/stay`: "I am still here" from the idle warning; the request
/// itself keeps the session alive. 401 (no page) once it has ended.
pub async fn stay(ctx: Ctx) -> Response {
    match &ctx.user {
        Some(u) if u.on_shared_tablet() => StatusCode::NO_CONTENT.into_response(),
        _ => StatusCode::UNAUTHORIZED.into_response(),
    }
}

// ---------------------------------------------------------------------------
// The kiosk's home page

#[derive(Template)]
#[template(path = "kiosk_home.html")]
struct KioskHomePage {
    base: Base,
    name: String,
    checked_in: bool,
    sessions: Vec<SessionBox>,
}
localized!(KioskHomePage);

struct SessionBox {
    session_id: String,
    group_name: String,
    when: String,
}

/// `/kiosk/home`: big buttons for what a resident does at the tablet.
pub async fn home(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let me = ctx.user()?;
    if !me.is_kiosk() {
        return Ok(see_other("/home"));
    }
    let (_, today) = tracking::today(&state, &me.actor).await?;
    let sessions = super::groups::open_check_ins(&state, me, ctx.lang)
        .await?
        .into_iter()
        .map(|s| SessionBox { session_id: s.session_id, group_name: s.group_name, when: s.when })
        .collect();
    let page = KioskHomePage {
        base: ctx.base(ctx.t("kiosk-home-title")),
        name: me.user.display_name.clone(),
        checked_in: today.is_some(),
        sessions,
    };
    render(StatusCode::OK, &page)
}

// ---------------------------------------------------------------------------
// Enrolling and revoking tablets (staff)

#[derive(Template)]
#[template(path = "kiosk_setup.html")]
struct SetupPage {
    base: Base,
    name: Field,
    errors: Vec<(String, String)>,
    /// This browser is an enrolled tablet of the centre already.
    this_device: Option<String>,
    devices: Vec<DeviceRow>,
    notice: Option<String>,
}
localized!(SetupPage);

struct DeviceRow {
    id: String,
    name: String,
    created: String,
    by: String,
    last_used: Option<String>,
    revoked: Option<String>,
}

fn device_row(ctx: &Ctx, tz: chrono_tz::Tz, d: &KioskDevice) -> DeviceRow {
    DeviceRow {
        id: d.id.clone(),
        name: d.name.clone(),
        created: ctx.lang.datetime(d.created_at, tz),
        by: d.created_by_name.clone().unwrap_or_default(),
        last_used: d.last_used_at.map(|t| ctx.lang.datetime(t, tz)),
        revoked: d.revoked_at.map(|t| ctx.lang.datetime(t, tz)),
    }
}

async fn setup_page(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    typed: &str,
    errors: Vec<(String, String)>,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let devices = kiosk::list(state, &me.actor).await?;
    let center = crate::services::centers::own(state, &me.actor).await?;
    let this_device =
        kiosk_auth::device(state, headers).await?.filter(|d| d.center_id == me.user.center_id).map(|d| d.name);
    let name = Field::new("name", ctx.t("kiosk-setup-name"), typed)
        .hint(ctx.t("kiosk-setup-name-hint"))
        .required()
        .error_from(&errors);
    let page = SetupPage {
        base: ctx.base(ctx.t("kiosk-setup-title")),
        name,
        errors,
        this_device,
        devices: devices.iter().map(|d| device_row(ctx, center.tz(), d)).collect(),
        notice,
    };
    render(status, &page)
}

/// `/kiosk/setup`: turn this tablet into a kiosk; the centre's kiosks.
pub async fn setup(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let notice = match FormData::from_query(raw.as_deref()).get("done") {
        "revoked" => Some(ctx.t("kiosk-revoked")),
        _ => None,
    };
    setup_page(&state, &ctx, &headers, "", vec![], notice, StatusCode::OK).await
}

/// `POST /kiosk/setup`: enrols this tablet, gives it the device cookie and
/// signs the staff member out (the tablet is for residents from now on).
pub async fn enrol(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    match kiosk::enrol(&state, &me.actor, form.get("name")).await {
        Ok((_, token)) => {
            sign_out(&state, me).await?;
            let mut resp = see_other("/kiosk?done=enrolled");
            let secure = state.config.secure_cookies;
            add_cookie(&mut resp, &set_cookie(KIOSK_COOKIE, &token, Some(KIOSK_COOKIE_SECS), true, secure));
            clear_session_cookie(&state, &mut resp);
            Ok(resp)
        }
        Err(e) if e.is_form_error() => {
            let errors = super::forms::messages(ctx.lang, &e, &["name"]);
            setup_page(&state, &ctx, &headers, form.get("name"), errors, None, e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "kiosk_revoke.html")]
struct RevokePage {
    base: Base,
    device: DeviceRow,
}
localized!(RevokePage);

/// `/kiosk/devices/{id}/revoke`: are you sure?
pub async fn revoke_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let d = kiosk::get(&state, &me.actor, &id).await?;
    if d.revoked_at.is_some() {
        return Ok(see_other("/kiosk/setup"));
    }
    let center = crate::services::centers::own(&state, &me.actor).await?;
    let page = RevokePage { base: ctx.base(ctx.t("kiosk-revoke-title")), device: device_row(&ctx, center.tz(), &d) };
    render(StatusCode::OK, &page)
}

pub async fn revoke(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, WebError> {
    let me = ctx.user()?;
    kiosk::revoke(&state, &me.actor, &id).await?;
    Ok(see_other("/kiosk/setup?done=revoked"))
}

// ---------------------------------------------------------------------------
// A member's code and PIN (staff)

#[derive(Template)]
#[template(path = "kiosk_member.html")]
struct MemberKioskPage {
    base: Base,
    member_id: String,
    member_name: String,
    /// The member's code, when they have a kiosk sign-in.
    code: Option<String>,
    set: Option<String>,
    /// Just set: the code and (when made up) the PIN, shown this once.
    issued: Option<(String, Option<String>)>,
    pin: Field,
    errors: Vec<(String, String)>,
    notice: Option<String>,
}
localized!(MemberKioskPage);

#[allow(clippy::too_many_arguments)]
async fn member_page(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    issued: Option<(String, Option<String>)>,
    errors: Vec<(String, String)>,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let cred = kiosk::credential(state, &me.actor, id).await?;
    let m = state.store.get_member(id).await?.ok_or_else(ApiError::not_found)?;
    let center = crate::services::centers::own(state, &me.actor).await?;
    let pin = Field::new("pin", ctx.t("kiosk-member-pin"), "").hint(ctx.t("kiosk-member-pin-hint")).error_from(&errors);
    let page = MemberKioskPage {
        base: ctx.base(ctx.t_args("kiosk-member-title", &[("name", m.display_name.clone().into())])),
        member_id: m.id.clone(),
        member_name: m.display_name.clone(),
        code: cred.as_ref().map(|c| c.code.clone()),
        set: cred.as_ref().map(|c| {
            ctx.t_args(
                "kiosk-member-set",
                &[
                    ("when", ctx.lang.datetime(c.set_at, center.tz()).into()),
                    ("name", c.set_by_name.clone().unwrap_or_default().into()),
                ],
            )
        }),
        issued,
        pin,
        errors,
        notice,
    };
    let mut resp = render(status, &page)?;
    // Not even the browser's history may keep a page with a PIN on it.
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}

/// `/members/{id}/kiosk`: the member's kiosk sign-in, to set, reset or remove.
pub async fn member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let notice = match FormData::from_query(raw.as_deref()).get("done") {
        "removed" => Some(ctx.t("kiosk-member-removed")),
        _ => None,
    };
    member_page(&state, &ctx, &id, None, vec![], notice, StatusCode::OK).await
}

/// `POST /members/{id}/kiosk`: sets or resets the PIN (typed, or made up and
/// shown once, on this answer: never in a URL).
pub async fn member_set(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    match kiosk::set(&state, &me.actor, &id, form.get("pin")).await {
        Ok(issued) => {
            let notice = Some(ctx.t("kiosk-member-saved"));
            member_page(&state, &ctx, &id, Some((issued.code, issued.generated_pin)), vec![], notice, StatusCode::OK)
                .await
        }
        Err(e) if e.is_form_error() => {
            let errors = vec![(
                "pin".to_string(),
                e.fields
                    .as_ref()
                    .and_then(|f| f.0.first())
                    .map(|f| field_message(ctx.lang, f.field, f.code))
                    .unwrap_or_else(|| ctx.t("err-invalid")),
            )];
            member_page(&state, &ctx, &id, None, errors, None, e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /members/{id}/kiosk/remove`: the member can no longer sign in on a tablet.
pub async fn member_remove(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    kiosk::remove(&state, &me.actor, &id).await?;
    Ok(see_other(&format!("/members/{}/kiosk?done=removed", urlencode(&id))))
}
