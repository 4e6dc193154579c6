//! Groups and enrolment: policy, the domain's rules, the store.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::http::StatusCode;
use saathi_domain::group::{self, Candidate, Eligibility, GroupKind, Modality, Reason};
use saathi_domain::policy::{Action, Actor, Decision, Target, decide};
use saathi_domain::schedule::{self, Schedule};
use saathi_domain::{FieldErrors, Role, Stage, dates, member, sobriety};
use saathi_store::{EnrollOutcome, Enrollment, Group, GroupFields, Member, StoreError, now_ms};

/// A group as it arrives (create, or the whole group on edit).
#[derive(Debug, Clone, Default)]
pub struct GroupInput {
    pub name: String,
    pub kind: String,
    pub modality: String,
    pub capacity: Option<i64>,
    pub stages: Vec<String>,
    pub genders: Vec<String>,
    pub min_age: Option<i32>,
    pub max_age: Option<i32>,
    pub languages: Vec<String>,
    pub schedule: Option<Schedule>,
    pub schedule_starts_on: Option<String>,
    pub facilitator_ids: Vec<String>,
    pub is_open: Option<bool>,
    pub agreement: Option<String>,
}

impl GroupInput {
    /// The input that leaves a group as it is (the base of an edit).
    pub fn from_group(g: &Group) -> GroupInput {
        GroupInput {
            name: g.name.clone(),
            kind: g.kind.as_str().into(),
            modality: g.modality.as_str().into(),
            capacity: Some(g.capacity),
            stages: g.eligibility.stages.iter().map(|s| s.as_str().to_string()).collect(),
            genders: g.eligibility.genders.clone(),
            min_age: g.eligibility.min_age,
            max_age: g.eligibility.max_age,
            languages: g.eligibility.languages.clone(),
            schedule: g.schedule.clone(),
            schedule_starts_on: g.schedule_starts_on.clone(),
            facilitator_ids: g.facilitator_ids.clone(),
            is_open: Some(g.is_open),
            agreement: Some(g.agreement.clone()),
        }
    }
}

/// The actor's relation to a group: (facilitates it, enrolled and active in it).
pub async fn relation(state: &AppState, actor: &Actor, group: &Group) -> ApiResult<(bool, bool)> {
    let facilitator = group.facilitator_ids.iter().any(|f| f == &actor.user_id);
    let enrolled = actor.role == Role::Member
        && state
            .store
            .enrollment(&group.id, &actor.user_id)
            .await?
            .is_some_and(|e| e.status == saathi_store::EnrollmentStatus::Active);
    Ok((facilitator, enrolled))
}

/// Loads a group and checks the actor may do `action` on it.
pub async fn authorize(state: &AppState, actor: &Actor, group_id: &str, action: Action) -> ApiResult<Group> {
    let g = state.store.get_group(group_id).await?.ok_or_else(ApiError::not_found)?;
    let (facilitator, enrolled) = relation(state, actor, &g).await?;
    ApiError::check(decide(actor, action, Target::group(&g.center_id, facilitator, enrolled)))?;
    Ok(g)
}

async fn check(state: &AppState, actor: &Actor, input: &GroupInput) -> ApiResult<GroupFields> {
    let center = super::centers::own(state, actor).await?;
    let tz = center.tz();
    let mut e = FieldErrors::new();
    let agreement = input.agreement.clone().unwrap_or_else(|| group::DEFAULT_AGREEMENT.to_string());
    group::check_name_and_agreement(&mut e, &input.name, &agreement);
    let kind = GroupKind::parse(&input.kind);
    if kind.is_none() {
        e.add("kind", "unknown");
    }
    let modality = Modality::parse(&input.modality);
    if modality.is_none() {
        e.add("modality", "unknown");
    }
    let capacity = input.capacity.unwrap_or(group::CAPACITY_DEFAULT);
    group::check_capacity(&mut e, capacity);
    let stages: Vec<Stage> = input.stages.iter().filter_map(|s| Stage::parse(s)).collect();
    if stages.len() != input.stages.len() {
        e.add("eligibility.stages", "unknown");
    }
    let eligibility = Eligibility {
        stages,
        genders: input.genders.clone(),
        min_age: input.min_age,
        max_age: input.max_age,
        languages: input.languages.clone(),
    };
    group::check_eligibility_rules(&mut e, &eligibility);
    let today = sobriety::local_today(chrono::Utc::now(), tz);
    let starts_on = match input.schedule_starts_on.as_deref() {
        None => today,
        Some(s) => dates::check(&mut e, "schedule.starts_on", s).unwrap_or(today),
    };
    if let Some(s) = &input.schedule {
        schedule::check(&mut e, s, tz, starts_on);
    }
    if input.facilitator_ids.is_empty() {
        e.add("facilitator_ids", "required");
    }
    for id in &input.facilitator_ids {
        match state.store.get_user(id).await? {
            Some(u) if u.center_id == actor.center_id && u.role.may_facilitate() => {}
            _ => {
                e.add("facilitator_ids", "not_a_facilitator");
                break;
            }
        }
    }
    e.into_result()?;
    let (Some(kind), Some(modality)) = (kind, modality) else {
        return Err(ApiError::internal("checked above"));
    };
    let mut facilitator_ids = input.facilitator_ids.clone();
    facilitator_ids.sort();
    facilitator_ids.dedup();
    Ok(GroupFields {
        name: input.name.trim().to_string(),
        kind,
        modality,
        capacity,
        eligibility,
        is_open: input.is_open.unwrap_or(true),
        agreement: agreement.trim().to_string(),
        schedule: input.schedule.clone().map(|s| Schedule { rrule: s.rrule.trim().to_string(), ..s }),
        schedule_starts_on: input.schedule.as_ref().map(|_| dates::format(starts_on)),
        facilitator_ids,
    })
}

pub async fn create(state: &AppState, actor: &Actor, mut input: GroupInput) -> ApiResult<Group> {
    ApiError::check(decide(actor, Action::CreateGroup, Target::center(&actor.center_id)))?;
    if input.facilitator_ids.is_empty() && actor.role == Role::Counselor {
        input.facilitator_ids.push(actor.user_id.clone());
    }
    let fields = check(state, actor, &input).await?;
    Ok(state.store.create_group(&actor.center_id, &fields, &actor.user_id, now_ms()).await?)
}

/// Replaces a group's settings from its edit form. `shown`: the tag of the
/// settings the form showed ([`GroupFields::tag`]); if someone changed them
/// since, nothing is written: 409 `changed_meanwhile`.
pub async fn update(
    state: &AppState,
    actor: &Actor,
    id: &str,
    input: GroupInput,
    shown: Option<&str>,
) -> ApiResult<Group> {
    let before = authorize(state, actor, id, Action::UpdateGroup).await?;
    if shown.is_some_and(|t| t != GroupFields::of(&before).tag()) {
        return Err(changed_meanwhile());
    }
    let fields = check(state, actor, &input).await?;
    save(state, actor, id, before, &fields).await
}

/// Changes some of a group's settings (the API's PATCH): `apply` makes the
/// new settings from the group as it is. When someone else changes the group
/// between the read and the write, the change is made again on theirs (a
/// few times), so that neither change is lost.
pub async fn patch(
    state: &AppState,
    actor: &Actor,
    id: &str,
    apply: impl Fn(&Group) -> GroupInput,
) -> ApiResult<Group> {
    for _ in 0..PATCH_TRIES {
        let before = authorize(state, actor, id, Action::UpdateGroup).await?;
        let fields = check(state, actor, &apply(&before)).await?;
        match save(state, actor, id, before, &fields).await {
            Err(e) if e.code == ApiError::CHANGED_MEANWHILE => continue,
            r => return r,
        }
    }
    Err(changed_meanwhile())
}

/// How often a PATCH is made again on a group changed under it.
const PATCH_TRIES: usize = 3;

/// 409 `changed_meanwhile`: someone else changed the group's settings since
/// they were read; nothing was written.
fn changed_meanwhile() -> ApiError {
    let mut f = FieldErrors::new();
    f.add("settings", ApiError::CHANGED_MEANWHILE);
    ApiError::changed_meanwhile(
        f,
        "Someone else changed this group's settings just now; nothing was saved. Reload and try again.",
    )
}

/// Writes checked settings decided on `before` (409 `changed_meanwhile`,
/// nothing written, if the group changed since), then tells everyone of the
/// group to re-read their rooms.
async fn save(state: &AppState, actor: &Actor, id: &str, before: Group, fields: &GroupFields) -> ApiResult<Group> {
    let decided_on = GroupFields::of(&before);
    let g = match state.store.update_group(id, fields, Some(&decided_on), &actor.user_id, now_ms()).await {
        Err(StoreError::Conflict("group")) => return Err(changed_meanwhile()),
        r => r?,
    };
    // Facilitators may have changed and members moved up from the waitlist:
    // everyone of the group re-reads their rooms.
    let mut user_ids: Vec<String> = before.facilitator_ids.iter().chain(&g.facilitator_ids).cloned().collect();
    user_ids.extend(
        state
            .store
            .list_enrollments(id)
            .await?
            .into_iter()
            .filter(|e| e.status == saathi_store::EnrollmentStatus::Active)
            .map(|e| e.member_id),
    );
    user_ids.sort();
    user_ids.dedup();
    state.live.publish(crate::live::Event::RoomsChanged { user_ids });
    super::group_sessions::forget_lists(state, Some(id));
    Ok(g)
}

pub async fn read(state: &AppState, actor: &Actor, id: &str) -> ApiResult<Group> {
    authorize(state, actor, id, Action::ReadGroup).await
}

/// Staff see every group of the centre; others the groups they facilitate or are in.
pub async fn list(state: &AppState, actor: &Actor) -> ApiResult<Vec<Group>> {
    let only = (!actor.role.is_staff()).then_some(actor.user_id.as_str());
    Ok(state.store.list_groups(&actor.center_id, only).await?)
}

/// Why a member may not join (the domain's reasons, plus a closed group).
pub fn reasons(g: &Group, m: &Member, today: chrono::NaiveDate) -> Vec<Reason> {
    let candidate = Candidate {
        stage: m.stage,
        gender: &m.gender,
        age: m.birth_year.and_then(|y| i32::try_from(y).ok()).map(|y| member::age(y, today)),
        language: &m.language,
    };
    let mut reasons = group::check_eligibility(&g.eligibility, &candidate);
    if !g.is_open {
        reasons.push(Reason { code: "closed", detail: "the group is closed to new members".into() });
    }
    reasons
}

pub enum Enrolled {
    Active,
    Waitlisted(i64),
}

pub async fn enroll(
    state: &AppState,
    actor: &Actor,
    group_id: &str,
    member_id: &str,
    override_reason: Option<&str>,
) -> ApiResult<Enrolled> {
    let override_reason = override_reason.map(str::trim).filter(|r| !r.is_empty());
    let action = if override_reason.is_some() { Action::EnrollOverride } else { Action::Enroll };
    let g = authorize(state, actor, group_id, action).await?;
    let m = state.store.get_member(member_id).await?.ok_or_else(ApiError::not_found)?;
    ApiError::check(decide(actor, Action::ReadMember, saathi_domain::policy::Target::subject(&m.center_id, &m.id)))?;
    if let Some(r) = override_reason
        && r.chars().count() > 500
    {
        return Err(ApiError::invalid_field("override_reason", "too_long"));
    }
    if state.store.enrollment(group_id, member_id).await?.is_some() {
        return Err(already_enrolled());
    }
    let center = super::centers::own(state, actor).await?;
    let reasons = reasons(&g, &m, sobriety::local_today(chrono::Utc::now(), center.tz()));
    if !reasons.is_empty() && override_reason.is_none() {
        return Err(ApiError::ineligible(reasons));
    }
    // An override is recorded only when it overrode something.
    let recorded = override_reason.filter(|_| !reasons.is_empty());
    match state.store.enroll(group_id, member_id, &actor.user_id, recorded, now_ms()).await? {
        EnrollOutcome::Active => {
            state.live.publish(crate::live::Event::RoomsChanged { user_ids: vec![member_id.to_string()] });
            Ok(Enrolled::Active)
        }
        EnrollOutcome::Waitlisted { position } => Ok(Enrolled::Waitlisted(position)),
        EnrollOutcome::AlreadyIn => Err(already_enrolled()),
    }
}

fn already_enrolled() -> ApiError {
    ApiError::new(StatusCode::CONFLICT, "already_enrolled", "This member is already in the group or on its waitlist.")
}

/// The member leaves, or staff remove them. Returns who moved up from the waitlist.
pub async fn unenroll(state: &AppState, actor: &Actor, group_id: &str, member_id: &str) -> ApiResult<Option<String>> {
    let g = state.store.get_group(group_id).await?.ok_or_else(ApiError::not_found)?;
    let (facilitator, enrolled) = relation(state, actor, &g).await?;
    let target = Target { center_id: &g.center_id, subject_id: Some(member_id), facilitator, enrolled, mentor: false };
    ApiError::check(decide(actor, Action::Unenroll, target))?;
    let removed = actor.user_id != member_id;
    let promoted = state.store.unenroll(group_id, member_id, &actor.user_id, removed, now_ms()).await?;
    // The one who left, and whoever moved up from the waitlist.
    let user_ids = std::iter::once(member_id.to_string()).chain(promoted.clone()).collect();
    state.live.publish(crate::live::Event::RoomsChanged { user_ids });
    Ok(promoted)
}

/// Who is in the group and who waits (group staff); the override reasons
/// only for those who may read them (staff), never a peer-mentor facilitator.
pub async fn enrollments(state: &AppState, actor: &Actor, group_id: &str) -> ApiResult<Vec<Enrollment>> {
    let g = authorize(state, actor, group_id, Action::ListEnrollments).await?;
    let mut list = state.store.list_enrollments(group_id).await?;
    if decide(actor, Action::ReadOverrideReason, Target::center(&g.center_id)) != Decision::Allow {
        for e in &mut list {
            e.override_reason = None;
        }
    }
    Ok(list)
}

pub async fn accept_agreement(state: &AppState, actor: &Actor, group_id: &str) -> ApiResult<()> {
    authorize(state, actor, group_id, Action::ParticipateInGroup).await?;
    Ok(state.store.accept_agreement(group_id, &actor.user_id, now_ms()).await?)
}

impl ApiError {
    pub fn ineligible(reasons: Vec<Reason>) -> ApiError {
        let mut e = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "ineligible",
            format!(
                "The member cannot join this group: {}.",
                reasons.iter().map(|r| r.detail.as_str()).collect::<Vec<_>>().join("; ")
            ),
        );
        e.reasons = Some(reasons);
        e
    }
}
