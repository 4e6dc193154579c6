//! Thin handlers: HTTP in, a service call, JSON out.

use super::dto::*;
use crate::auth::{CurrentUser, sign_in, sign_out};
use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use crate::query::ApiQuery;
use crate::services::{centers, members, users};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use saathi_domain::{Role, Stage};
use saathi_store::{AuditFilter, MemberQuery, SessionKind};
use serde::Deserialize;
use utoipa::IntoParams;

/// Sign in with a login (or phone) and password; returns a bearer token.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginIn, security(()),
    responses((status = 200, body = LoginOut), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn login(State(state): State<AppState>, ApiJson(body): ApiJson<LoginIn>) -> ApiResult<Json<LoginOut>> {
    let s = sign_in(&state, &body.login, &body.password, SessionKind::Api, None).await?;
    Ok(Json(LoginOut { token: s.token, user: UserBrief::from(&s.user) }))
}

/// End this session (the token stops working at once).
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn logout(State(state): State<AppState>, user: CurrentUser) -> ApiResult<StatusCode> {
    sign_out(&state, &user).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who is signed in.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", responses((status = 200, body = MeOut), (status = 401, body = ErrorBody)))]
pub async fn me(user: CurrentUser) -> Json<MeOut> {
    let u = user.user;
    Json(MeOut {
        id: u.id,
        role: u.role.as_str().into(),
        center_id: u.center_id,
        display_name: u.display_name,
        language: u.language,
    })
}

/// A centre with its helplines and settings (staff).
#[utoipa::path(get, path = "/api/v1/centers/{id}", tag = "centers",
    responses((status = 200, body = CenterOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_center(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<CenterOut>> {
    let c = centers::get(&state, &user.actor, &id).await?;
    Ok(Json(CenterOut::from(&c)))
}

/// Change a centre's name, zone, helplines or settings (admin).
#[utoipa::path(patch, path = "/api/v1/centers/{id}", tag = "centers", request_body = CenterPatchIn,
    responses((status = 200, body = CenterOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn patch_center(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CenterPatchIn>,
) -> ApiResult<Json<CenterOut>> {
    let c = centers::update(&state, &user.actor, &id, body).await?;
    Ok(Json(CenterOut::from(&c)))
}

/// Create a user: admins any role; counsellors members, families and peer mentors.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = UserIn,
    responses((status = 201, body = UserOut), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_user(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<UserIn>,
) -> ApiResult<(StatusCode, Json<UserOut>)> {
    let u = users::create(&state, &user.actor, body).await?;
    Ok((StatusCode::CREATED, Json(UserOut::from(&u))))
}

#[derive(Deserialize, IntoParams)]
pub struct UserListQuery {
    pub role: Option<String>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// The centre's users (admin).
#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(UserListQuery),
    responses((status = 200, body = Vec<UserOut>), (status = 403, body = ErrorBody)))]
pub async fn list_users(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<UserListQuery>,
) -> ApiResult<Json<Vec<UserOut>>> {
    let role = match q.role.as_deref() {
        None | Some("") => None,
        Some(r) => Some(Role::parse(r).ok_or_else(|| ApiError::invalid_field("role", "unknown"))?),
    };
    let list =
        users::list(&state, &user.actor, role, q.limit.unwrap_or(100).clamp(1, 500), q.offset.unwrap_or(0).max(0))
            .await?;
    Ok(Json(list.iter().map(UserOut::from).collect()))
}

/// Change a user's role (admin; audited; ends the user's sessions) or mark a counsellor senior.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", request_body = UserPatchIn,
    responses((status = 200, body = UserOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn patch_user(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<UserPatchIn>,
) -> ApiResult<Json<UserOut>> {
    let u = match (&body.role, body.senior) {
        (None, None) => users::read(&state, &user.actor, &id).await?,
        (role, senior) => users::change(&state, &user.actor, &id, role.as_deref(), senior).await?,
    };
    Ok(Json(UserOut::from(&u)))
}

/// Admit a member (counsellor, admin).
#[utoipa::path(post, path = "/api/v1/members", tag = "members", request_body = MemberIn,
    responses((status = 201, body = MemberOut), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_member(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<MemberIn>,
) -> ApiResult<(StatusCode, Json<MemberOut>)> {
    let (m, c) = members::create(&state, &user.actor, body).await?;
    Ok((StatusCode::CREATED, Json(MemberOut::new(&m, members::days_sober(&c, &m)))))
}

#[derive(Deserialize, IntoParams)]
pub struct MemberListQuery {
    /// Part of a name, any case.
    pub q: Option<String>,
    pub stage: Option<String>,
    pub counselor_id: Option<String>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// The centre's members, by name, a page at a time (staff).
#[utoipa::path(get, path = "/api/v1/members", tag = "members", params(MemberListQuery),
    responses((status = 200, body = MemberPage), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_members(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<MemberListQuery>,
) -> ApiResult<Json<MemberPage>> {
    let stage = match q.stage.as_deref() {
        None | Some("") => None,
        Some(s) => Some(Stage::parse(s).ok_or_else(|| ApiError::invalid_field("stage", "unknown"))?),
    };
    let query = MemberQuery {
        q: q.q,
        counselor_id: q.counselor_id.filter(|s| !s.is_empty()),
        stage,
        limit: q.limit.unwrap_or(50),
        offset: q.offset.unwrap_or(0),
    };
    let page = members::list(&state, &user.actor, query).await?;
    Ok(Json(MemberPage {
        items: page.items.iter().map(|m| MemberOut::new(m, members::days_sober(&page.center, m))).collect(),
        next_offset: page.next_offset,
    }))
}

/// A member's record (staff; a member reads their own). Staff reads are audited.
#[utoipa::path(get, path = "/api/v1/members/{id}", tag = "members",
    responses((status = 200, body = MemberOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_member(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<MemberOut>> {
    let (m, c) = members::read(&state, &user.actor, &id).await?;
    Ok(Json(MemberOut::new(&m, members::days_sober(&c, &m))))
}

/// Change a member's record or stage (staff). Aftercare comes only by discharge.
#[utoipa::path(patch, path = "/api/v1/members/{id}", tag = "members", request_body = MemberPatchIn,
    responses((status = 200, body = MemberOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "`stage_changed`: someone else changed the stage meanwhile; nothing was written", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn patch_member(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MemberPatchIn>,
) -> ApiResult<Json<MemberOut>> {
    let (m, c) = members::update(&state, &user.actor, &id, body, None).await?;
    Ok(Json(MemberOut::new(&m, members::days_sober(&c, &m))))
}

/// Discharge a member to aftercare (counsellor). The account stays.
#[utoipa::path(post, path = "/api/v1/members/{id}/discharge", tag = "members",
    responses((status = 200, body = MemberOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn discharge_member(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<MemberOut>> {
    let (m, c) = members::discharge(&state, &user.actor, &id).await?;
    Ok(Json(MemberOut::new(&m, members::days_sober(&c, &m))))
}

/// A member's stage history, oldest first, with who changed it and when.
#[utoipa::path(get, path = "/api/v1/members/{id}/stages", tag = "members",
    responses((status = 200, body = Vec<StageChangeOut>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn member_stages(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<StageChangeOut>>> {
    let h = members::history(&state, &user.actor, &id).await?;
    Ok(Json(h.iter().map(StageChangeOut::from).collect()))
}

#[derive(Deserialize, IntoParams)]
pub struct AuditQuery {
    pub action: Option<String>,
    pub actor_id: Option<String>,
    pub target_id: Option<String>,
    /// RFC 3339.
    pub since: Option<String>,
    /// RFC 3339.
    pub until: Option<String>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

fn parse_time(field: &'static str, v: Option<&str>) -> ApiResult<Option<i64>> {
    match v.filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => chrono::DateTime::parse_from_rfc3339(s)
            .map(|t| Some(t.timestamp_millis()))
            .map_err(|_| ApiError::invalid_field(field, "bad_time")),
    }
}

/// The centre's audit log, newest first (admin).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = Vec<AuditOut>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_audit(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> ApiResult<Json<Vec<AuditOut>>> {
    let f = AuditFilter {
        action: q.action.filter(|s| !s.is_empty()),
        actor_id: q.actor_id.filter(|s| !s.is_empty()),
        target_id: q.target_id.filter(|s| !s.is_empty()),
        since: parse_time("since", q.since.as_deref())?,
        until: parse_time("until", q.until.as_deref())?,
        limit: q.limit.unwrap_or(100).clamp(1, 1000),
        offset: q.offset.unwrap_or(0).max(0),
    };
    let list = crate::services::audit::list(&state, &user.actor, &f).await?;
    Ok(Json(list.iter().map(AuditOut::from).collect()))
}
