//! Crisis response: the member's button (`POST /api/v1/crisis`), the
//! alerts for staff and mentors, and the centre's on-call roster.

use super::dto::ErrorBody;
use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::json::{ApiJson, OptionalJson};
use crate::query::ApiQuery;
use crate::services::crisis::{self, AlertView};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use saathi_store::CrisisStep;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::dto::rfc3339_ms as at;

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct CrisisIn {
    /// Optional words (at most 1000 characters); nothing needs typing.
    pub message: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct HelplineOut {
    pub name: String,
    pub phone: String,
}

#[derive(Serialize, ToSchema)]
pub struct CrisisRaisedOut {
    pub alert_id: String,
    /// The national helplines (Tele-MANAS 14416, 14446, 112), then the centre's own.
    pub helplines: Vec<HelplineOut>,
    /// True when the press joined the member's alert already open (answer 200, same id).
    pub joined: bool,
}

#[derive(Serialize, ToSchema)]
pub struct CrisisAlertOut {
    pub id: String,
    pub member_id: String,
    pub member_name: String,
    /// `open` (escalating), `acknowledged` or `resolved`.
    pub status: String,
    /// The last escalation tier reached: 1 mentor and facilitators, 2 on-call counsellors, 3 admins.
    pub tier: i64,
    pub created_at: String,
    pub acknowledged_at: Option<String>,
    pub acknowledged_by: Option<String>,
    pub resolved_at: Option<String>,
    pub resolved_by: Option<String>,
    /// When the next tier is due if nobody acknowledges (absent: nothing is due).
    pub next_at: Option<String>,
    /// The reader was told of this alert (a tier they belong to reached them).
    pub notified: bool,
    /// The reader may acknowledge and resolve it.
    pub may_act: bool,
}

impl From<&AlertView> for CrisisAlertOut {
    fn from(v: &AlertView) -> Self {
        let a = &v.alert;
        CrisisAlertOut {
            id: a.id.clone(),
            member_id: a.member_id.clone(),
            member_name: a.member_name.clone(),
            status: a.status.clone(),
            tier: a.tier,
            created_at: at(a.created_at),
            acknowledged_at: a.acknowledged_at.map(at),
            acknowledged_by: a.acknowledged_by.clone(),
            resolved_at: a.resolved_at.map(at),
            resolved_by: a.resolved_by.clone(),
            next_at: a.next_at.map(at),
            notified: v.notified,
            may_act: v.may_act,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PersonOut {
    pub id: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct CrisisStepOut {
    pub at: String,
    /// `raised`, `joined`, `notified`, `skipped` (a tier with nobody), `acknowledged`, `resolved`.
    pub kind: String,
    pub tier: Option<i64>,
    pub actor: Option<PersonOut>,
    /// Who was told (for `notified`).
    pub recipients: Vec<PersonOut>,
    /// The member's words (`raised`, `joined`) or the resolution note.
    pub note: Option<String>,
}

impl From<&CrisisStep> for CrisisStepOut {
    fn from(s: &CrisisStep) -> Self {
        CrisisStepOut {
            at: at(s.at),
            kind: s.kind.clone(),
            tier: s.tier,
            actor: s
                .actor_id
                .as_ref()
                .map(|id| PersonOut { id: id.clone(), name: s.actor_name.clone().unwrap_or_default() }),
            recipients: s
                .recipients
                .iter()
                .map(|(id, name)| PersonOut { id: id.clone(), name: name.clone() })
                .collect(),
            note: s.note.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CrisisAlertDetailOut {
    #[serde(flatten)]
    pub alert: CrisisAlertOut,
    pub steps: Vec<CrisisStepOut>,
}

/// Press the crisis button (members). The alert, its escalation state and
/// tier 1's notifications are stored before the answer, which carries the
/// helplines to show. A second press while the member's alert is not yet
/// resolved joins it: 200 with the same `alert_id` and `joined: true`. The
/// body may be empty.
#[utoipa::path(post, path = "/api/v1/crisis", tag = "crisis", request_body(content = CrisisIn, content_type = "application/json"),
    responses((status = 201, body = CrisisRaisedOut), (status = 200, description = "Joined the open alert", body = CrisisRaisedOut),
        (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn raise(
    State(state): State<AppState>,
    user: CurrentUser,
    OptionalJson(input): OptionalJson<CrisisIn>,
) -> ApiResult<(StatusCode, Json<CrisisRaisedOut>)> {
    let r = crisis::raise(&state, &user.actor, input.message.as_deref()).await?;
    let status = if r.joined { StatusCode::OK } else { StatusCode::CREATED };
    Ok((
        status,
        Json(CrisisRaisedOut {
            alert_id: r.alert.id,
            helplines: r.helplines.into_iter().map(|h| HelplineOut { name: h.name, phone: h.phone }).collect(),
            joined: r.joined,
        }),
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct AlertsQuery {
    /// `active` (the default: open or acknowledged), `open`, `acknowledged`, `resolved` or `all`.
    pub status: Option<String>,
    /// Only this member's alerts.
    pub member_id: Option<String>,
}

/// The crisis alerts the reader may see, newest first (at most 200): staff
/// all of the centre's; peer mentors their mentees' (and those they were
/// told of as a facilitator); members their own; family 403.
#[utoipa::path(get, path = "/api/v1/crisis/alerts", tag = "crisis", params(AlertsQuery),
    responses((status = 200, body = Vec<CrisisAlertOut>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_alerts(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<AlertsQuery>,
) -> ApiResult<Json<Vec<CrisisAlertOut>>> {
    let list = crisis::list(&state, &user.actor, q.status.as_deref(), q.member_id.as_deref()).await?;
    Ok(Json(list.iter().map(CrisisAlertOut::from).collect()))
}

/// One alert with every step (raised, who was told at each tier and when,
/// acknowledged, resolved).
#[utoipa::path(get, path = "/api/v1/crisis/alerts/{id}", tag = "crisis",
    responses((status = 200, body = CrisisAlertDetailOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_alert(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<CrisisAlertDetailOut>> {
    let (v, steps) = crisis::get(&state, &user.actor, &id).await?;
    Ok(Json(CrisisAlertDetailOut {
        alert: CrisisAlertOut::from(&v),
        steps: steps.iter().map(CrisisStepOut::from).collect(),
    }))
}

/// Acknowledge an alert: escalation stops (the first acknowledgement stands).
#[utoipa::path(post, path = "/api/v1/crisis/alerts/{id}/acknowledge", tag = "crisis",
    responses((status = 200, body = CrisisAlertOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn acknowledge_alert(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<CrisisAlertOut>> {
    Ok(Json(CrisisAlertOut::from(&crisis::acknowledge(&state, &user.actor, &id).await?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveIn {
    /// What was done (required).
    pub note: Option<String>,
}

/// Resolve an alert with a note (422 without; 409 when resolved already).
#[utoipa::path(post, path = "/api/v1/crisis/alerts/{id}/resolve", tag = "crisis", request_body = ResolveIn,
    responses((status = 200, body = CrisisAlertOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn resolve_alert(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ResolveIn>,
) -> ApiResult<Json<CrisisAlertOut>> {
    Ok(Json(CrisisAlertOut::from(&crisis::resolve(&state, &user.actor, &id, input.note.as_deref()).await?)))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct OnCallSlot {
    /// 0 Monday … 6 Sunday, in the centre's zone.
    pub weekday: i64,
    /// 0–23, in the centre's zone.
    pub hour: i64,
    /// A counsellor of the centre.
    pub user_id: String,
}

#[derive(Serialize, ToSchema)]
pub struct OnCallOut {
    pub slots: Vec<OnCallSlot>,
    /// The counsellors on call now.
    pub on_call_now: Vec<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OnCallIn {
    pub slots: Vec<OnCallSlot>,
}

fn roster_out(r: crisis::Roster) -> OnCallOut {
    OnCallOut {
        slots: r
            .entries
            .into_iter()
            .map(|(s, user_id)| OnCallSlot { weekday: i64::from(s.weekday), hour: i64::from(s.hour), user_id })
            .collect(),
        on_call_now: r.now,
    }
}

/// The centre's on-call roster (staff): which counsellor is on call each
/// weekday and hour, and who is now.
#[utoipa::path(get, path = "/api/v1/on-call", tag = "crisis",
    responses((status = 200, body = OnCallOut), (status = 403, body = ErrorBody)))]
pub async fn get_on_call(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Json<OnCallOut>> {
    Ok(Json(roster_out(crisis::roster(&state, &user.actor).await?)))
}

/// Replace the centre's on-call roster (admins, counsellors). Each slot
/// names one of the centre's counsellors (422 otherwise).
#[utoipa::path(put, path = "/api/v1/on-call", tag = "crisis", request_body = OnCallIn,
    responses((status = 200, body = OnCallOut), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_on_call(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<OnCallIn>,
) -> ApiResult<Json<OnCallOut>> {
    let entries: Vec<(i64, i64, String)> = input.slots.into_iter().map(|s| (s.weekday, s.hour, s.user_id)).collect();
    Ok(Json(roster_out(crisis::set_roster(&state, &user.actor, &entries).await?)))
}
