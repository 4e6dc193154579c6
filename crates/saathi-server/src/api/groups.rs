//! Groups and enrolment.

use super::dto::{ErrorBody, rfc3339};
use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::json::ApiJson;
use crate::services::groups::{self, Enrolled, GroupInput};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use saathi_domain::schedule::Schedule;
use saathi_store::{Enrollment, Group};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

/// A gender or a list of genders (`"female"` or `["female", "transgender"]`).
#[derive(Deserialize, ToSchema, Clone)]
#[serde(untagged)]
pub enum GenderIn {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize, ToSchema, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct EligibilityIn {
    #[serde(default)]
    pub stages: Vec<String>,
    pub gender: Option<GenderIn>,
    pub min_age: Option<i32>,
    pub max_age: Option<i32>,
    #[serde(default)]
    pub languages: Vec<String>,
}

#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub struct ScheduleDto {
    /// RFC 5545 rule, e.g. `FREQ=WEEKLY;BYDAY=MO,TH`.
    pub rrule: String,
    /// Local `HH:MM` in the centre's time zone.
    pub start_time: String,
    pub duration_minutes: i64,
    /// Local date the schedule starts (default: today).
    pub starts_on: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupIn {
    pub name: String,
    pub kind: String,
    pub modality: String,
    /// 5–12, default 10.
    pub capacity: Option<i64>,
    #[serde(default)]
    pub eligibility: EligibilityIn,
    pub schedule: Option<ScheduleDto>,
    /// Counsellors and peer mentors; a counsellor creating a group facilitates it by default.
    #[serde(default)]
    pub facilitator_ids: Vec<String>,
    pub is_open: Option<bool>,
    pub agreement: Option<String>,
}

fn double<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct GroupPatchIn {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub modality: Option<String>,
    pub capacity: Option<i64>,
    pub eligibility: Option<EligibilityIn>,
    /// `null` removes the schedule.
    #[serde(default, deserialize_with = "double")]
    #[schema(value_type = Option<ScheduleDto>)]
    pub schedule: Option<Option<ScheduleDto>>,
    pub facilitator_ids: Option<Vec<String>>,
    pub is_open: Option<bool>,
    pub agreement: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct EligibilityOut {
    pub stages: Vec<String>,
    pub gender: Vec<String>,
    pub min_age: Option<i32>,
    pub max_age: Option<i32>,
    pub languages: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct GroupOut {
    pub id: String,
    pub center_id: String,
    pub name: String,
    pub kind: String,
    pub modality: String,
    pub capacity: i64,
    pub eligibility: EligibilityOut,
    pub schedule: Option<ScheduleDto>,
    pub facilitator_ids: Vec<String>,
    pub is_open: bool,
    pub agreement: String,
    pub active_count: i64,
    pub waitlist_count: i64,
    pub created_at: String,
}

impl From<&Group> for GroupOut {
    fn from(g: &Group) -> Self {
        GroupOut {
            id: g.id.clone(),
            center_id: g.center_id.clone(),
            name: g.name.clone(),
            kind: g.kind.as_str().into(),
            modality: g.modality.as_str().into(),
            capacity: g.capacity,
            eligibility: EligibilityOut {
                stages: g.eligibility.stages.iter().map(|s| s.as_str().to_string()).collect(),
                gender: g.eligibility.genders.clone(),
                min_age: g.eligibility.min_age,
                max_age: g.eligibility.max_age,
                languages: g.eligibility.languages.clone(),
            },
            schedule: g.schedule.as_ref().map(|s| ScheduleDto {
                rrule: s.rrule.clone(),
                start_time: s.start_time.clone(),
                duration_minutes: s.duration_minutes,
                starts_on: g.schedule_starts_on.clone(),
            }),
            facilitator_ids: g.facilitator_ids.clone(),
            is_open: g.is_open,
            agreement: g.agreement.clone(),
            active_count: g.active_count,
            waitlist_count: g.waitlist_count,
            created_at: rfc3339(g.created_at),
        }
    }
}

fn apply_eligibility(input: &mut GroupInput, e: EligibilityIn) {
    input.stages = e.stages;
    input.genders = match e.gender {
        None => vec![],
        Some(GenderIn::One(g)) => vec![g],
        Some(GenderIn::Many(g)) => g,
    };
    input.min_age = e.min_age;
    input.max_age = e.max_age;
    input.languages = e.languages;
}

fn apply_schedule(input: &mut GroupInput, s: Option<ScheduleDto>) {
    input.schedule_starts_on = s.as_ref().and_then(|s| s.starts_on.clone());
    input.schedule =
        s.map(|s| Schedule { rrule: s.rrule, start_time: s.start_time, duration_minutes: s.duration_minutes });
}

/// Create a group (counsellor, admin).
#[utoipa::path(post, path = "/api/v1/groups", tag = "groups", request_body = GroupIn,
    responses((status = 201, body = GroupOut), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_group(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<GroupIn>,
) -> ApiResult<(StatusCode, Json<GroupOut>)> {
    let mut input = GroupInput {
        name: b.name,
        kind: b.kind,
        modality: b.modality,
        capacity: b.capacity,
        facilitator_ids: b.facilitator_ids,
        is_open: b.is_open,
        agreement: b.agreement,
        ..GroupInput::default()
    };
    apply_eligibility(&mut input, b.eligibility);
    apply_schedule(&mut input, b.schedule);
    let g = groups::create(&state, &user.actor, input).await?;
    Ok((StatusCode::CREATED, Json(GroupOut::from(&g))))
}

/// Groups: all of the centre for staff; one's own for members and facilitators.
#[utoipa::path(get, path = "/api/v1/groups", tag = "groups", responses((status = 200, body = Vec<GroupOut>)))]
pub async fn list_groups(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Json<Vec<GroupOut>>> {
    let list = groups::list(&state, &user.actor).await?;
    Ok(Json(list.iter().map(GroupOut::from).collect()))
}

/// A group (staff, its facilitators and members).
#[utoipa::path(get, path = "/api/v1/groups/{id}", tag = "groups",
    responses((status = 200, body = GroupOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_group(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<GroupOut>> {
    let g = groups::read(&state, &user.actor, &id).await?;
    Ok(Json(GroupOut::from(&g)))
}

/// Change a group (counsellor, admin). A larger capacity promotes from the waitlist.
/// Made on the group as it is when written, so two edits of different
/// settings at once both stay; 409 `changed_meanwhile` only if it kept
/// changing under the request.
#[utoipa::path(patch, path = "/api/v1/groups/{id}", tag = "groups", request_body = GroupPatchIn,
    responses((status = 200, body = GroupOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn patch_group(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(p): ApiJson<GroupPatchIn>,
) -> ApiResult<Json<GroupOut>> {
    // Made on the group as it is when written (again, if someone changed it
    // meanwhile), so that two edits of different settings both stay.
    let g = groups::patch(&state, &user.actor, &id, |current| {
        let mut input = GroupInput::from_group(current);
        let p = &p;
        if let Some(v) = p.name.clone() {
            input.name = v;
        }
        if let Some(v) = p.kind.clone() {
            input.kind = v;
        }
        if let Some(v) = p.modality.clone() {
            input.modality = v;
        }
        if let Some(v) = p.capacity {
            input.capacity = Some(v);
        }
        if let Some(e) = p.eligibility.clone() {
            apply_eligibility(&mut input, e);
        }
        if let Some(s) = p.schedule.clone() {
            let keep_start =
                s.as_ref().is_some_and(|s| s.starts_on.is_none()).then(|| input.schedule_starts_on.clone()).flatten();
            apply_schedule(&mut input, s);
            if input.schedule_starts_on.is_none() {
                input.schedule_starts_on = keep_start;
            }
        }
        if let Some(v) = p.facilitator_ids.clone() {
            input.facilitator_ids = v;
        }
        if let Some(v) = p.is_open {
            input.is_open = Some(v);
        }
        if let Some(v) = p.agreement.clone() {
            input.agreement = Some(v);
        }
        input
    })
    .await?;
    Ok(Json(GroupOut::from(&g)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrollIn {
    pub member_id: String,
    /// A facilitator enrols a member who fails the rules, saying why (audited).
    pub override_reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct EnrollOut {
    /// `active` or `waitlisted`.
    pub status: String,
    pub waitlist_position: Option<i64>,
}

/// Enrol a member: a place, or the waitlist when full; 422 `ineligible` with `reasons`; 409 already in.
#[utoipa::path(post, path = "/api/v1/groups/{id}/enrollments", tag = "groups", request_body = EnrollIn,
    responses((status = 201, body = EnrollOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn enroll(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<EnrollIn>,
) -> ApiResult<(StatusCode, Json<EnrollOut>)> {
    let out = match groups::enroll(&state, &user.actor, &id, &b.member_id, b.override_reason.as_deref()).await? {
        Enrolled::Active => EnrollOut { status: "active".into(), waitlist_position: None },
        Enrolled::Waitlisted(p) => EnrollOut { status: "waitlisted".into(), waitlist_position: Some(p) },
    };
    Ok((StatusCode::CREATED, Json(out)))
}

#[derive(Serialize, ToSchema)]
pub struct UnenrollOut {
    /// Who moved up from the waitlist into the freed place.
    pub promoted_member_id: Option<String>,
}

/// Leave a group (the member) or remove a member (staff); the first waiting member takes the place.
#[utoipa::path(delete, path = "/api/v1/groups/{id}/enrollments/{member_id}", tag = "groups",
    responses((status = 200, body = UnenrollOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn unenroll(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, member_id)): Path<(String, String)>,
) -> ApiResult<Json<UnenrollOut>> {
    let promoted = groups::unenroll(&state, &user.actor, &id, &member_id).await?;
    Ok(Json(UnenrollOut { promoted_member_id: promoted }))
}

#[derive(Serialize, ToSchema)]
pub struct EnrollmentOut {
    pub member_id: String,
    pub display_name: String,
    pub status: String,
    pub waitlist_position: Option<i64>,
    pub agreement_accepted: bool,
    pub enrolled_at: String,
}

impl From<&Enrollment> for EnrollmentOut {
    fn from(e: &Enrollment) -> Self {
        EnrollmentOut {
            member_id: e.member_id.clone(),
            display_name: e.display_name.clone(),
            status: e.status.as_str().into(),
            waitlist_position: e.waitlist_position,
            agreement_accepted: e.agreement_accepted_at.is_some(),
            enrolled_at: rfc3339(e.enrolled_at),
        }
    }
}

/// Who is in the group and who waits, in order (group staff).
#[utoipa::path(get, path = "/api/v1/groups/{id}/enrollments", tag = "groups",
    responses((status = 200, body = Vec<EnrollmentOut>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_enrollments(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<EnrollmentOut>>> {
    let list = groups::enrollments(&state, &user.actor, &id).await?;
    Ok(Json(list.iter().map(EnrollmentOut::from).collect()))
}

/// The member accepts the group agreement (needed before their first session).
#[utoipa::path(post, path = "/api/v1/groups/{id}/agreement", tag = "groups",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn accept_agreement(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    groups::accept_agreement(&state, &user.actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
