//! Crisis pages: the member's button (on every member page, through the
//! base layout) and its answer with tap-to-call helplines; the alerts list
//! with the on-call roster; one alert with every step, acknowledge and
//! resolve. Every page works without JavaScript; `crisis.js` shows the
//! helplines at once (kept from the last answer, so they show even when
//! the server cannot be reached) and rings for staff.

use super::forms::FormData;
use super::home::{HelplineView, helplines};
use super::{Base, Ctx, WebError, localized, render, see_other};
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::services::{centers, crisis};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use saathi_domain::Role;
use saathi_domain::policy::Actor;
use saathi_store::CrisisAlert;

/// An alert in a list (staff home, the alerts page, a member's history).
pub struct AlertRow {
    pub id: String,
    pub member_id: String,
    pub member_name: String,
    /// `open`, `acknowledged`, `resolved`.
    pub status: String,
    pub status_label: String,
    pub tier_label: String,
    pub since: String,
    /// The reader was told of it.
    pub notified: bool,
}

fn row(lang: Lang, tz: chrono_tz::Tz, a: &CrisisAlert, notified: bool) -> AlertRow {
    AlertRow {
        id: a.id.clone(),
        member_id: a.member_id.clone(),
        member_name: a.member_name.clone(),
        status: a.status.clone(),
        status_label: lang.t(&format!("crisis-status-{}", a.status)),
        tier_label: lang.t(&format!("crisis-tier-{}", a.tier.clamp(0, 3))),
        since: lang.datetime(a.created_at, tz),
        notified,
    }
}

/// The alerts not yet resolved the reader may see (the staff and mentor
/// home pages show them at the top); empty for members and family.
pub async fn home_panel(state: &AppState, actor: &Actor, lang: Lang) -> Result<Vec<AlertRow>, WebError> {
    if matches!(actor.role, Role::Member | Role::Family) {
        return Ok(Vec::new());
    }
    let tz = centers::own(state, actor).await?.tz();
    let list = crisis::list(state, actor, None, None).await?;
    Ok(list.iter().map(|v| row(lang, tz, &v.alert, v.notified)).collect())
}

/// A member's crisis history, for their record page (staff).
pub async fn member_history(
    state: &AppState,
    actor: &Actor,
    lang: Lang,
    member_id: &str,
) -> Result<Vec<AlertRow>, WebError> {
    let tz = centers::own(state, actor).await?.tz();
    let list = crisis::list(state, actor, Some("all"), Some(member_id)).await?;
    Ok(list.iter().map(|v| row(lang, tz, &v.alert, v.notified)).collect())
}

// ---------------------------------------------------------------------------
// The member's button

#[derive(Template)]
#[template(path = "crisis.html")]
struct CrisisPage {
    base: Base,
    helplines: Vec<HelplineView>,
    /// After a press: what happened, in words.
    outcome: Option<String>,
    /// The press could not be stored: call a helpline.
    failed: bool,
    /// The member's alert not yet resolved, if any.
    current: Option<AlertRow>,
    error: Option<String>,
}
localized!(CrisisPage);

/// `GET /crisis`: the button and the helplines (members); staff go to the alerts.
pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let me = ctx.user()?;
    if me.user.role != Role::Member {
        return Ok(see_other("/crisis/alerts"));
    }
    let center = centers::own(&state, &me.actor).await?;
    let current =
        crisis::list(&state, &me.actor, None, None).await?.first().map(|v| row(ctx.lang, center.tz(), &v.alert, false));
    let page = CrisisPage {
        base: ctx.base(ctx.t("crisis-title")),
        helplines: helplines(ctx.lang, &center),
        outcome: None,
        failed: false,
        current,
        error: None,
    };
    render(StatusCode::OK, &page)
}

/// `POST /crisis`: the press. The helplines are shown whatever happens.
pub async fn press(State(state): State<AppState>, ctx: Ctx, form: FormData) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let center = centers::own(&state, &me.actor).await?;
    let message = form.opt("message");
    let mut page = CrisisPage {
        base: ctx.base(ctx.t("crisis-title")),
        helplines: helplines(ctx.lang, &center),
        outcome: None,
        failed: false,
        current: None,
        error: None,
    };
    let status = match crisis::raise(&state, &me.actor, message.as_deref()).await {
        Ok(r) => {
            page.outcome = Some(ctx.t(if r.joined { "crisis-joined" } else { "crisis-sent" }));
            page.current = Some(row(ctx.lang, center.tz(), &r.alert, false));
            if r.joined { StatusCode::OK } else { StatusCode::CREATED }
        }
        Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => {
            page.error = Some(ctx.t("crisis-message-too-long"));
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(e) if e.status == StatusCode::FORBIDDEN => return Err(e.into()),
        Err(e) => {
            tracing::error!(error = %e.message, "a crisis press could not be stored");
            page.failed = true;
            StatusCode::SERVICE_UNAVAILABLE
        }
    };
    render(status, &page)
}

// ---------------------------------------------------------------------------
// Staff and mentors: the alerts and the roster

pub struct RosterRow {
    pub weekday: u8,
    pub weekday_label: String,
    pub hour: u8,
    pub user_id: String,
    pub name: String,
}

pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "crisis_alerts.html")]
struct AlertsPage {
    base: Base,
    alerts: Vec<AlertRow>,
    resolved: Vec<AlertRow>,
    /// The roster (staff only).
    roster: Option<Vec<RosterRow>>,
    on_call_now: Vec<String>,
    may_edit_roster: bool,
    weekdays: Vec<Choice>,
    counselors: Vec<Choice>,
    notice: Option<String>,
    error: Option<String>,
}
localized!(AlertsPage);

fn weekday_label(lang: Lang, d: u8) -> String {
    lang.t(&format!("crisis-weekday-{d}"))
}

async fn alerts_page(
    state: &AppState,
    ctx: &Ctx,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let lang = ctx.lang;
    let tz = centers::own(state, &me.actor).await?.tz();
    let active = crisis::list(state, &me.actor, None, None).await?;
    let resolved = crisis::list(state, &me.actor, Some("resolved"), None).await?;
    let (roster, on_call_now, counselors) = if me.user.role.is_staff() {
        let r = crisis::roster(state, &me.actor).await?;
        let counselors = state.store.list_users(&me.actor.center_id, Some(Role::Counselor), 1000, 0).await?;
        let name =
            |id: &str| counselors.iter().find(|c| c.id == id).map(|c| c.display_name.clone()).unwrap_or_default();
        let rows = r
            .entries
            .iter()
            .map(|(s, u)| RosterRow {
                weekday: s.weekday,
                weekday_label: weekday_label(lang, s.weekday),
                hour: s.hour,
                user_id: u.clone(),
                name: name(u),
            })
            .collect();
        let now = r.now.iter().map(|u| name(u)).collect();
        let choices = counselors
            .iter()
            .filter(|c| !c.disabled)
            .map(|c| Choice { value: c.id.clone(), label: c.display_name.clone() })
            .collect();
        (Some(rows), now, choices)
    } else {
        (None, Vec::new(), Vec::new())
    };
    let page = AlertsPage {
        base: ctx.base(ctx.t("crisis-alerts-title")),
        alerts: active.iter().map(|v| row(lang, tz, &v.alert, v.notified)).collect(),
        resolved: resolved.iter().take(20).map(|v| row(lang, tz, &v.alert, v.notified)).collect(),
        roster,
        on_call_now,
        may_edit_roster: saathi_domain::crisis::may_edit_roster(me.user.role),
        weekdays: (0..7u8).map(|d| Choice { value: d.to_string(), label: weekday_label(lang, d) }).collect(),
        counselors,
        notice,
        error,
    };
    let status = if page.error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    render(status, &page)
}

/// `GET /crisis/alerts`: the alerts the reader may see, and (staff) the on-call roster.
pub async fn alerts(State(state): State<AppState>, ctx: Ctx, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    let me = ctx.user()?;
    if me.user.role == Role::Member {
        return Ok(see_other("/crisis"));
    }
    let notice = match FormData::from_query(raw.as_deref()).get("done") {
        "roster" => Some(ctx.t("crisis-roster-saved")),
        _ => None,
    };
    alerts_page(&state, &ctx, notice, None).await
}

/// `POST /on-call/add` and `/on-call/remove`: one slot more or less.
pub async fn roster_change(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(op): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let current = crisis::roster(&state, &me.actor).await?;
    let mut entries: Vec<(i64, i64, String)> =
        current.entries.iter().map(|(s, u)| (i64::from(s.weekday), i64::from(s.hour), u.clone())).collect();
    let parse = |k: &str| form.get(k).trim().parse::<i64>().unwrap_or(-1);
    let slot = (parse("weekday"), parse("hour"), form.get("user_id").to_string());
    match op.as_str() {
        "add" => {
            // Every day at that hour when asked ("all" days).
            if form.get("weekday") == "all" {
                entries.extend((0..7).map(|d| (d, slot.1, slot.2.clone())));
            } else {
                entries.push(slot);
            }
        }
        "remove" => entries.retain(|e| *e != slot),
        _ => return Err(ApiError::not_found().into()),
    }
    match crisis::set_roster(&state, &me.actor, &entries).await {
        Ok(_) => Ok(see_other("/crisis/alerts?done=roster#on-call")),
        Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => {
            alerts_page(&state, &ctx, None, Some(ctx.t("crisis-roster-invalid"))).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// One alert

pub struct StepRow {
    pub at: String,
    pub text: String,
    pub note: Option<String>,
}

#[derive(Template)]
#[template(path = "crisis_alert.html")]
struct AlertPage {
    base: Base,
    alert: AlertRow,
    steps: Vec<StepRow>,
    may_act: bool,
    open: bool,
    resolved: bool,
    notice: Option<String>,
    note_error: Option<String>,
    note: String,
}
localized!(AlertPage);

async fn alert_page(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    notice: Option<String>,
    note: Option<(String, String)>,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let lang = ctx.lang;
    let (v, steps) = crisis::get(state, &me.actor, id).await?;
    let tz = centers::own(state, &me.actor).await?.tz();
    let steps = steps
        .iter()
        .map(|s| {
            let who = s.actor_name.clone().unwrap_or_default();
            let names: Vec<String> = s.recipients.iter().map(|(_, n)| n.clone()).collect();
            let tier = s.tier.unwrap_or(0);
            let text = match s.kind.as_str() {
                "notified" => lang.t_args(
                    "crisis-step-notified",
                    &[("tier", tier.into()), ("names", names.join(", ").as_str().into())],
                ),
                "skipped" => lang.t_args("crisis-step-skipped", &[("tier", tier.into())]),
                k => lang.t_args(&format!("crisis-step-{k}"), &[("name", who.as_str().into())]),
            };
            StepRow { at: lang.datetime(s.at, tz), text, note: s.note.clone() }
        })
        .collect();
    let status = if note.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let (note, note_error) = note.map(|(n, e)| (n, Some(e))).unwrap_or_default();
    let page = AlertPage {
        base: ctx.base(ctx.t_args("crisis-alert-title", &[("name", v.alert.member_name.as_str().into())])),
        open: v.alert.status == "open",
        resolved: v.alert.status == "resolved",
        alert: row(lang, tz, &v.alert, v.notified),
        steps,
        may_act: v.may_act,
        notice,
        note_error,
        note,
    };
    render(status, &page)
}

/// `GET /crisis/alerts/{id}`.
pub async fn alert(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let notice = match FormData::from_query(raw.as_deref()).get("done") {
        "acknowledged" => Some(ctx.t("crisis-acknowledged-done")),
        "resolved" => Some(ctx.t("crisis-resolved-done")),
        _ => None,
    };
    alert_page(&state, &ctx, &id, notice, None).await
}

/// `POST /crisis/alerts/{id}/acknowledge`.
pub async fn acknowledge(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    crisis::acknowledge(&state, &me.actor, &id).await?;
    Ok(see_other(&format!("/crisis/alerts/{id}?done=acknowledged")))
}

/// `POST /crisis/alerts/{id}/resolve` (the note is required: the form comes back without it).
pub async fn resolve(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let note = form.get("note").to_string();
    match crisis::resolve(&state, &me.actor, &id, Some(&note)).await {
        Ok(_) => Ok(see_other(&format!("/crisis/alerts/{id}?done=resolved"))),
        Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => {
            alert_page(&state, &ctx, &id, None, Some((note, ctx.t("crisis-note-required")))).await
        }
        Err(e) => Err(e.into()),
    }
}
