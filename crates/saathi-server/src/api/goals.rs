//! Weekly goals: set, progress, sharing, end, a member's week, a group's week, cheers.

use super::dto::{ErrorBody, rfc3339};
use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::json::ApiJson;
use crate::query::ApiQuery;
use crate::services::goals::{self, GoalInput, GroupGoal};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use saathi_store::GoalWeek;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalIn {
    /// 1–120 characters.
    pub title: String,
    /// How many times a week: 1–21.
    pub target_per_week: i64,
    /// A group the member is active in, to set the goal in front of.
    pub group_id: Option<String>,
    /// Let the group see (and cheer) the goal; needs `group_id`.
    #[serde(default)]
    pub visible_to_group: bool,
}

#[derive(Serialize, ToSchema)]
pub struct GoalOut {
    pub id: String,
    pub member_id: String,
    pub title: String,
    pub target_per_week: i64,
    pub group_id: Option<String>,
    pub visible_to_group: bool,
    /// The Monday (centre's calendar) of the week the figures are for.
    pub week_start: String,
    /// How many times it was done that week.
    pub done: i64,
    /// `met` (done ≥ target), `partly` (done, less than the target) or `not`.
    pub status: String,
    /// Peers who cheered it that week.
    pub cheers: i64,
    pub created_at: String,
    pub ended_at: Option<String>,
}

impl From<&GoalWeek> for GoalOut {
    fn from(w: &GoalWeek) -> Self {
        let g = &w.goal;
        GoalOut {
            id: g.id.clone(),
            member_id: g.member_id.clone(),
            title: g.title.clone(),
            target_per_week: g.target_per_week,
            group_id: g.group_id.clone(),
            visible_to_group: g.visible_to_group,
            week_start: w.week_start.clone(),
            done: w.done,
            status: goals::status(w).as_str().into(),
            cheers: w.cheers,
            created_at: rfc3339(g.created_at),
            ended_at: g.ended_at.map(rfc3339),
        }
    }
}

/// Set a weekly goal (members, for themselves).
#[utoipa::path(post, path = "/api/v1/goals", tag = "goals", request_body = GoalIn,
    responses((status = 201, body = GoalOut), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, description = "Invalid fields (`title`, `target_per_week`, `group_id` not a group of the member's, `visible_to_group` without a group)", body = ErrorBody)))]
pub async fn create_goal(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<GoalIn>,
) -> ApiResult<(StatusCode, Json<GoalOut>)> {
    let input = GoalInput {
        title: b.title,
        target_per_week: b.target_per_week,
        group_id: b.group_id,
        visible_to_group: b.visible_to_group,
    };
    let w = goals::create(&state, &user.actor, input).await?;
    Ok((StatusCode::CREATED, Json(GoalOut::from(&w))))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressIn {
    /// Times done (today): 1–21.
    pub count: i64,
    /// At most 500 characters.
    pub note: Option<String>,
}

/// Record progress on one's own goal (today, in the centre's calendar); returns the goal's week.
#[utoipa::path(post, path = "/api/v1/goals/{id}/progress", tag = "goals", request_body = ProgressIn,
    responses((status = 201, body = GoalOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The goal has been ended", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn log_progress(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ProgressIn>,
) -> ApiResult<(StatusCode, Json<GoalOut>)> {
    let w = goals::progress(&state, &user.actor, &id, b.count, b.note.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(GoalOut::from(&w))))
}

/// End one's own goal: it no longer counts from this week on; past weeks are kept.
#[utoipa::path(post, path = "/api/v1/goals/{id}/end", tag = "goals",
    responses((status = 200, body = GoalOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn end_goal(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<GoalOut>> {
    Ok(Json(GoalOut::from(&goals::end(&state, &user.actor, &id).await?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalPatchIn {
    /// Show the goal (and its cheers) to its group, or stop: once stopped,
    /// the group sees it in no week, past weeks included. Showing it needs
    /// the goal's group to be one the member is still in.
    pub visible_to_group: bool,
}

/// Stop (or start again) showing one's own goal to its group; returns this week's figures.
#[utoipa::path(patch, path = "/api/v1/goals/{id}", tag = "goals", request_body = GoalPatchIn,
    responses((status = 200, body = GoalOut), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, description = "Invalid fields (`visible_to_group` for a goal without a group, or in a group the member has left)", body = ErrorBody)))]
pub async fn patch_goal(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<GoalPatchIn>,
) -> ApiResult<Json<GoalOut>> {
    Ok(Json(GoalOut::from(&goals::set_sharing(&state, &user.actor, &id, b.visible_to_group).await?)))
}

#[derive(Deserialize, IntoParams)]
pub struct WeekQuery {
    /// Any day of the week (`YYYY-MM-DD`); default: this week.
    pub week: Option<String>,
}

/// A member's goals of a week: all for the member and staff; for peers and facilitators of the member's groups only the goals shared with their group; family nothing yet.
#[utoipa::path(get, path = "/api/v1/members/{id}/goals", tag = "goals", params(WeekQuery),
    responses((status = 200, body = Vec<GoalOut>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn member_goals(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<WeekQuery>,
) -> ApiResult<Json<Vec<GoalOut>>> {
    let (_, list) = goals::of_member(&state, &user.actor, &id, q.week.as_deref()).await?;
    Ok(Json(list.iter().map(GoalOut::from).collect()))
}

#[derive(Serialize, ToSchema)]
pub struct CheerOut {
    pub goal_id: String,
    pub week_start: String,
    /// Cheers this week, counting each person once.
    pub cheers: i64,
}

/// Cheer a goal shared with one's group (peers and facilitators; not one's own). 201 for a new cheer; 200 when already cheered this week (counted once).
#[utoipa::path(post, path = "/api/v1/goals/{id}/cheers", tag = "goals",
    responses((status = 201, body = CheerOut), (status = 200, body = CheerOut), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn cheer(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<CheerOut>)> {
    let c = goals::cheer(&state, &user.actor, &id).await?;
    let status = if c.created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(CheerOut { goal_id: id, week_start: c.week_start, cheers: c.cheers })))
}

#[derive(Serialize, ToSchema)]
pub struct GroupGoalOut {
    pub id: String,
    pub member_id: String,
    /// The owner's display name.
    pub owner_name: String,
    pub title: String,
    pub target_per_week: i64,
    pub week_start: String,
    pub done: i64,
    /// `met`, `partly` or `not`.
    pub status: String,
    pub cheers: i64,
    /// The reader cheered it this week.
    pub cheered: bool,
    /// The reader may cheer it (this week, a peer or facilitator, not their own).
    pub can_cheer: bool,
    pub created_at: String,
}

impl From<&GroupGoal> for GroupGoalOut {
    fn from(x: &GroupGoal) -> Self {
        let w = &x.week;
        GroupGoalOut {
            id: w.goal.id.clone(),
            member_id: w.goal.member_id.clone(),
            owner_name: w.owner_name.clone(),
            title: w.goal.title.clone(),
            target_per_week: w.goal.target_per_week,
            week_start: w.week_start.clone(),
            done: w.done,
            status: goals::status(w).as_str().into(),
            cheers: w.cheers,
            cheered: w.cheered_by_me,
            can_cheer: x.can_cheer,
            created_at: rfc3339(w.goal.created_at),
        }
    }
}

/// The goals the group's members share with it, for a week (the group's members, facilitators and staff).
#[utoipa::path(get, path = "/api/v1/groups/{id}/goals", tag = "goals", params(WeekQuery),
    responses((status = 200, body = Vec<GroupGoalOut>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn group_goals(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<WeekQuery>,
) -> ApiResult<Json<Vec<GroupGoalOut>>> {
    let (_, list) = goals::of_group(&state, &user.actor, &id, q.week.as_deref()).await?;
    Ok(Json(list.iter().map(GroupGoalOut::from).collect()))
}
