//! Check-ins, sobriety and lapses.

use super::dto::{ErrorBody, rfc3339};
use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::json::ApiJson;
use crate::query::ApiQuery;
use crate::services::tracking::{self, Sobriety};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use saathi_domain::sobriety::{current_milestone, milestone_date, next_milestone};
use saathi_store::{CheckIn, CheckInInput};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckInIn {
    /// 1 (very low) to 5 (very good).
    pub mood: i64,
    /// 0 (none) to 10 (overwhelming).
    pub craving: i64,
    pub sober: bool,
    /// Tags from `GET /api/v1/triggers`.
    #[serde(default)]
    pub triggers: Vec<String>,
    pub note: Option<String>,
    #[serde(default)]
    pub share_with_mentor: bool,
    #[serde(default)]
    pub share_with_group: bool,
}

#[derive(Serialize, ToSchema)]
pub struct CheckInOut {
    pub id: String,
    pub member_id: String,
    /// The centre's local date.
    pub date: String,
    pub mood: i64,
    pub craving: i64,
    pub sober: bool,
    pub triggers: Vec<String>,
    pub note: Option<String>,
    pub share_with_mentor: bool,
    pub share_with_group: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl From<&CheckIn> for CheckInOut {
    fn from(c: &CheckIn) -> Self {
        CheckInOut {
            id: c.id.clone(),
            member_id: c.member_id.clone(),
            date: c.local_date.clone(),
            mood: c.mood,
            craving: c.craving,
            sober: c.sober,
            triggers: c.triggers.clone(),
            note: c.note.clone(),
            share_with_mentor: c.share_with_mentor,
            share_with_group: c.share_with_group,
            created_at: rfc3339(c.created_at),
            updated_at: rfc3339(c.updated_at),
        }
    }
}

/// Today's check-in (members). 201 when new; a second one the same day updates it (200), keeping the earlier version.
#[utoipa::path(post, path = "/api/v1/checkins", tag = "tracking", request_body = CheckInIn,
    responses((status = 201, body = CheckInOut), (status = 200, body = CheckInOut), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_checkin(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<CheckInIn>,
) -> ApiResult<(StatusCode, Json<CheckInOut>)> {
    let input = CheckInInput {
        mood: b.mood,
        craving: b.craving,
        sober: b.sober,
        triggers: b.triggers,
        note: b.note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()),
        share_with_mentor: b.share_with_mentor,
        share_with_group: b.share_with_group,
    };
    let (c, created) = tracking::submit(&state, &user.actor, input).await?;
    Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, Json(CheckInOut::from(&c))))
}

#[derive(Deserialize, IntoParams)]
pub struct DaysQuery {
    /// How many days back (default 90).
    pub days: Option<i64>,
}

/// A member's check-ins, newest first: all for the member and counsellors; for peers in the member's groups only those shared with the group.
#[utoipa::path(get, path = "/api/v1/members/{id}/checkins", tag = "tracking", params(DaysQuery),
    responses((status = 200, body = Vec<CheckInOut>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_checkins(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<DaysQuery>,
) -> ApiResult<Json<Vec<CheckInOut>>> {
    let list = tracking::list(&state, &user.actor, &id, q.days.unwrap_or(90)).await?;
    Ok(Json(list.iter().map(CheckInOut::from).collect()))
}

/// The trigger tags this centre uses.
#[utoipa::path(get, path = "/api/v1/triggers", tag = "tracking", responses((status = 200, body = Vec<String>)))]
pub async fn triggers(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Json<Vec<String>>> {
    Ok(Json(tracking::known_triggers(&state, &user.actor.center_id).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TriggerIn {
    /// 1–40 letters (a–z) or digits; kept in lowercase, words joined by `_` ("Wedding season" → `wedding_season`).
    pub tag: String,
}

#[derive(Serialize, ToSchema)]
pub struct TriggerOut {
    /// The tag as the centre keeps it.
    pub tag: String,
}

/// Add a trigger tag to this centre's list (counsellors, admins). 409 when the centre already has it (its own or a default).
#[utoipa::path(post, path = "/api/v1/triggers", tag = "tracking", request_body = TriggerIn,
    responses((status = 201, body = TriggerOut), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_trigger(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<TriggerIn>,
) -> ApiResult<(StatusCode, Json<TriggerOut>)> {
    let tag = tracking::add_trigger(&state, &user.actor, &b.tag).await?;
    Ok((StatusCode::CREATED, Json(TriggerOut { tag })))
}

#[derive(Serialize, ToSchema)]
pub struct MilestoneOut {
    pub days: i64,
    pub date: String,
}

#[derive(Serialize, ToSchema)]
pub struct SobrietyOut {
    /// Day 0 of the current streak.
    pub sobriety_start: String,
    pub days: i64,
    pub current_milestone: Option<MilestoneOut>,
    pub next_milestone: MilestoneOut,
    pub longest_streak_days: i64,
    pub total_sober_days: i64,
    /// How many lapses and relapses.
    pub lapses: i64,
}

impl From<&Sobriety> for SobrietyOut {
    fn from(s: &Sobriety) -> Self {
        let sum = &s.summary;
        let date = |m: i64| milestone_date(sum.current_start, m).format("%Y-%m-%d").to_string();
        let next = next_milestone(sum.days);
        SobrietyOut {
            sobriety_start: sum.current_start.format("%Y-%m-%d").to_string(),
            days: sum.days,
            current_milestone: current_milestone(sum.days).map(|m| MilestoneOut { days: m, date: date(m) }),
            next_milestone: MilestoneOut { days: next, date: date(next) },
            longest_streak_days: sum.longest_streak_days,
            total_sober_days: sum.total_sober_days,
            lapses: sum.lapses as i64,
        }
    }
}

/// Days sober in the centre's calendar, milestones, longest streak, total (the member, staff).
#[utoipa::path(get, path = "/api/v1/members/{id}/sobriety", tag = "tracking",
    responses((status = 200, body = SobrietyOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn sobriety(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<SobrietyOut>> {
    Ok(Json(SobrietyOut::from(&tracking::sobriety(&state, &user.actor, &id).await?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LapseIn {
    /// `YYYY-MM-DD`, not in the future.
    pub date: String,
    /// `lapse` or `relapse`.
    pub kind: String,
    pub note: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct LapseOut {
    pub id: String,
    pub date: String,
    pub kind: String,
    pub sobriety: SobrietyOut,
    /// Words of support for the member.
    pub message: String,
}

/// Record a lapse or relapse (the member, a counsellor): the count restarts the next day, the past is kept, the counsellor is told.
#[utoipa::path(post, path = "/api/v1/members/{id}/lapses", tag = "tracking", request_body = LapseIn,
    responses((status = 201, body = LapseOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record_lapse(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<LapseIn>,
) -> ApiResult<(StatusCode, Json<LapseOut>)> {
    let (l, s) = tracking::record_lapse(&state, &user.actor, &id, &b.date, &b.kind, b.note.as_deref()).await?;
    let sobriety = SobrietyOut::from(&s);
    let message = format!(
        "A slip does not erase your progress: {} sober days so far, and your longest streak of {} days stays yours. \
         Your counsellor has been told so they can support you. Today is day 0 of a new start.",
        sobriety.total_sober_days, sobriety.longest_streak_days
    );
    Ok((StatusCode::CREATED, Json(LapseOut { id: l.id, date: l.date, kind: l.kind, sobriety, message })))
}
