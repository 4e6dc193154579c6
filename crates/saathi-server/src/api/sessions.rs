//! Sessions, attendance, self check-in and the sharing circle.

use super::dto::{ErrorBody, rfc3339};
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use crate::query::ApiQuery;
use crate::services::group_sessions::{self as sessions, Circle};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use saathi_domain::policy::Action;
use saathi_store::{AttendanceEntry, AttendanceRecord, GroupSession};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct SessionOut {
    pub id: String,
    pub group_id: String,
    pub starts_at: String,
    pub ends_at: String,
    pub topic: Option<String>,
    /// `scheduled` or `cancelled`.
    pub status: String,
    /// From the schedule (`scheduled`) or added by hand (`ad_hoc`).
    pub origin: String,
    /// The self check-in code, for those who run the session.
    pub checkin_code: Option<String>,
}

impl SessionOut {
    pub fn new(s: &GroupSession, show_code: bool) -> Self {
        SessionOut {
            id: s.id.clone(),
            group_id: s.group_id.clone(),
            starts_at: rfc3339(s.starts_at),
            ends_at: rfc3339(s.ends_at),
            topic: s.topic.clone(),
            status: s.status.clone(),
            origin: if s.occurrence_at.is_some() { "scheduled" } else { "ad_hoc" }.into(),
            checkin_code: show_code.then(|| s.checkin_code.clone()),
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct RangeQuery {
    /// First local date, `YYYY-MM-DD`, inclusive.
    pub from: String,
    /// Last local date, inclusive.
    pub to: String,
}

/// Sessions in a date range (scheduled and ad hoc; each has an id).
#[utoipa::path(get, path = "/api/v1/groups/{id}/sessions", tag = "sessions", params(RangeQuery),
    responses((status = 200, body = Vec<SessionOut>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_sessions(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<RangeQuery>,
) -> ApiResult<Json<Vec<SessionOut>>> {
    let l = sessions::list(&state, &user.actor, &id, &q.from, &q.to).await?;
    Ok(Json(l.sessions.iter().map(|s| SessionOut::new(s, l.runs)).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionIn {
    /// RFC 3339.
    pub starts_at: String,
    pub topic: Option<String>,
    /// Default: the schedule's duration, else 90.
    pub duration_minutes: Option<i64>,
}

/// Add an ad-hoc session (facilitators, counsellors).
#[utoipa::path(post, path = "/api/v1/groups/{id}/sessions", tag = "sessions", request_body = SessionIn,
    responses((status = 201, body = SessionOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_session(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<SessionIn>,
) -> ApiResult<(StatusCode, Json<SessionOut>)> {
    let s = sessions::create(&state, &user.actor, &id, &b.starts_at, b.duration_minutes, b.topic.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(SessionOut::new(&s, true))))
}

/// One session (group staff see its check-in code).
#[utoipa::path(get, path = "/api/v1/sessions/{id}", tag = "sessions",
    responses((status = 200, body = SessionOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_session(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<SessionOut>> {
    let (s, g) = sessions::authorize_session(&state, &user.actor, &id, Action::ReadGroup).await?;
    let show = sessions::runs(&state, &user.actor, &g).await?;
    Ok(Json(SessionOut::new(&s, show)))
}

fn double<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionPatchIn {
    /// Move this occurrence (RFC 3339); the length stays.
    pub starts_at: Option<String>,
    /// `null` clears the topic.
    #[serde(default, deserialize_with = "double")]
    #[schema(value_type = Option<String>)]
    pub topic: Option<Option<String>>,
    /// `cancelled` or `scheduled`.
    pub status: Option<String>,
}

/// Move, re-topic, cancel or restore one session.
#[utoipa::path(patch, path = "/api/v1/sessions/{id}", tag = "sessions", request_body = SessionPatchIn,
    responses((status = 200, body = SessionOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn patch_session(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<SessionPatchIn>,
) -> ApiResult<Json<SessionOut>> {
    let topic = b.topic.as_ref().map(|t| t.as_deref());
    let s = sessions::update(&state, &user.actor, &id, b.starts_at.as_deref(), topic, b.status.as_deref()).await?;
    Ok(Json(SessionOut::new(&s, true)))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct AttendanceItem {
    pub member_id: String,
    /// `present`, `late`, `absent` or `excused`.
    pub status: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceIn {
    pub records: Vec<AttendanceItem>,
}

#[derive(Serialize, ToSchema)]
pub struct AttendanceOut {
    pub member_id: String,
    pub status: String,
    /// `facilitator` or `self`.
    pub via: String,
    pub recorded_at: String,
}

impl From<&AttendanceRecord> for AttendanceOut {
    fn from(a: &AttendanceRecord) -> Self {
        AttendanceOut {
            member_id: a.member_id.clone(),
            status: a.status.as_str().into(),
            via: a.via.clone(),
            recorded_at: rfc3339(a.recorded_at),
        }
    }
}

/// Record attendance (members without a record are "not recorded").
#[utoipa::path(put, path = "/api/v1/sessions/{id}/attendance", tag = "sessions", request_body = AttendanceIn,
    responses((status = 200, body = Vec<AttendanceOut>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_attendance(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<AttendanceIn>,
) -> ApiResult<Json<Vec<AttendanceOut>>> {
    let records: Vec<(String, String)> = b.records.into_iter().map(|r| (r.member_id, r.status)).collect();
    let list = sessions::put_attendance(&state, &user.actor, &id, &records).await?;
    Ok(Json(list.iter().map(AttendanceOut::from).collect()))
}

/// A session's attendance.
#[utoipa::path(get, path = "/api/v1/sessions/{id}/attendance", tag = "sessions",
    responses((status = 200, body = Vec<AttendanceOut>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_attendance(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<AttendanceOut>>> {
    let list = sessions::attendance(&state, &user.actor, &id).await?;
    Ok(Json(list.iter().map(AttendanceOut::from).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckInIn {
    /// The six-digit code the facilitator shows.
    pub code: String,
}

#[derive(Serialize, ToSchema)]
pub struct CheckInOut {
    pub status: String,
}

/// A member checks in to a session with the facilitator's code.
#[utoipa::path(post, path = "/api/v1/sessions/{id}/checkin", tag = "sessions", request_body = CheckInIn,
    responses((status = 200, body = CheckInOut), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn check_in(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<CheckInIn>,
) -> ApiResult<Json<CheckInOut>> {
    let status = sessions::check_in(&state, &user.actor, &id, &b.code).await?;
    Ok(Json(CheckInOut { status: status.as_str().into() }))
}

#[derive(Serialize, ToSchema)]
pub struct TurnOut {
    pub member_id: String,
    pub seconds: i64,
    pub passed: bool,
    pub at: String,
}

#[derive(Serialize, ToSchema)]
pub struct CircleOut {
    pub turns: Vec<TurnOut>,
    /// Attendees (present or late) who have not had a turn, in order.
    pub not_yet_shared: Vec<String>,
    pub talk_seconds: BTreeMap<String, i64>,
    /// Gini coefficient of talk time over attendees: 0 is perfectly even.
    pub balance_gini: f64,
}

impl From<&Circle> for CircleOut {
    fn from(c: &Circle) -> Self {
        CircleOut {
            turns: c
                .turns
                .iter()
                .map(|t| TurnOut {
                    member_id: t.member_id.clone(),
                    seconds: t.seconds,
                    passed: t.passed,
                    at: rfc3339(t.created_at),
                })
                .collect(),
            not_yet_shared: c.state.not_yet_shared.clone(),
            talk_seconds: c.state.talk_seconds.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            balance_gini: (c.state.balance_gini * 1000.0).round() / 1000.0,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TurnIn {
    pub member_id: String,
    #[serde(default)]
    pub seconds: i64,
    #[serde(default)]
    pub passed: bool,
}

/// Record one share (or a pass) in the sharing circle.
#[utoipa::path(post, path = "/api/v1/sessions/{id}/circle/turns", tag = "sessions", request_body = TurnIn,
    responses((status = 201, body = CircleOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_turn(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<TurnIn>,
) -> ApiResult<(StatusCode, Json<CircleOut>)> {
    let c = sessions::add_turn(&state, &user.actor, &id, &b.member_id, b.seconds, b.passed).await?;
    Ok((StatusCode::CREATED, Json(CircleOut::from(&c))))
}

/// The sharing circle so far.
#[utoipa::path(get, path = "/api/v1/sessions/{id}/circle", tag = "sessions",
    responses((status = 200, body = CircleOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_circle(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<CircleOut>> {
    let c = sessions::circle(&state, &user.actor, &id).await?;
    Ok(Json(CircleOut::from(&c)))
}

#[derive(Serialize, ToSchema)]
pub struct AttendanceEntryOut {
    pub session_id: String,
    pub group_id: String,
    pub group_name: String,
    pub member_id: String,
    pub starts_at: String,
    pub status: String,
}

impl From<&AttendanceEntry> for AttendanceEntryOut {
    fn from(a: &AttendanceEntry) -> Self {
        AttendanceEntryOut {
            session_id: a.session_id.clone(),
            group_id: a.group_id.clone(),
            group_name: a.group_name.clone(),
            member_id: a.member_id.clone(),
            starts_at: rfc3339(a.starts_at),
            status: a.status.as_str().into(),
        }
    }
}

/// A member's attendance history, newest first (staff, the member).
#[utoipa::path(get, path = "/api/v1/members/{id}/attendance", tag = "sessions",
    responses((status = 200, body = Vec<AttendanceEntryOut>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn member_attendance(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<AttendanceEntryOut>>> {
    let list = sessions::member_history(&state, &user.actor, &id).await?;
    Ok(Json(list.iter().map(AttendanceEntryOut::from).collect()))
}

/// A group's attendance history, newest first (group staff).
#[utoipa::path(get, path = "/api/v1/groups/{id}/attendance", tag = "sessions",
    responses((status = 200, body = Vec<AttendanceEntryOut>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn group_attendance(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<AttendanceEntryOut>>> {
    let list = sessions::group_history(&state, &user.actor, &id).await?;
    Ok(Json(list.iter().map(AttendanceEntryOut::from).collect()))
}

/// The topic library.
#[utoipa::path(get, path = "/api/v1/topics", tag = "sessions", responses((status = 200, body = Vec<String>)))]
pub async fn topics(_user: CurrentUser) -> Json<Vec<&'static str>> {
    Json(saathi_domain::topics::TOPICS.to_vec())
}

#[derive(Serialize, ToSchema)]
pub struct CalendarOut {
    /// The secret feed's path; add it to a phone calendar as `https://<this server><path>`.
    pub path: String,
}

/// A new secret calendar feed of one's sessions (the previous one stops working).
#[utoipa::path(post, path = "/api/v1/me/calendar", tag = "sessions", responses((status = 201, body = CalendarOut), (status = 401, body = ErrorBody)))]
pub async fn new_calendar(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<(StatusCode, Json<CalendarOut>)> {
    let token = crate::services::calendar::new_feed(&state, &user.actor).await?;
    Ok((StatusCode::CREATED, Json(CalendarOut { path: format!("/calendar/{token}.ics") })))
}

/// The iCalendar feed behind a secret URL (no sign-in: the URL is the secret).
pub async fn calendar_feed(State(state): State<AppState>, Path(file): Path<String>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let token = file.strip_suffix(".ics").unwrap_or(&file);
    match crate::services::calendar::feed(&state, token).await {
        Ok(Some(ics)) => (
            [
                (axum::http::header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (axum::http::header::CACHE_CONTROL, "private, max-age=300"),
            ],
            ics,
        )
            .into_response(),
        Ok(None) => ApiError::not_found().into_response(),
        Err(e) => e.into_response(),
    }
}
