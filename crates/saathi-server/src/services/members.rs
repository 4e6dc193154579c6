use crate::api::dto::{MemberIn, MemberPatchIn};
use crate::auth::password;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use saathi_domain::edits::{self, Edit};
use saathi_domain::member::{self, MemberFields};
use saathi_domain::policy::{Action, Actor, Target, decide};
use saathi_domain::stage::StageChangeError;
use saathi_domain::{FieldErrors, Role, Stage, sobriety, validation};
use saathi_store::{
    AuditEntry, Center, Member, MemberPatch, MemberQuery, NewMember, NewUser, StageChange, StoreError, now_ms,
};

pub const PAGE_MAX: i64 = 100;

/// Days sober today in the centre's calendar (`None`: no readable start).
/// A lapse today starts the count tomorrow: today is 0, as `/sobriety` says.
pub fn days_sober(center: &Center, m: &Member) -> Option<i64> {
    let start = chrono::NaiveDate::parse_from_str(&m.sobriety_start, "%Y-%m-%d").ok()?;
    Some(sobriety::days_sober(start, sobriety::local_today(chrono::Utc::now(), center.tz())).unwrap_or(0))
}

fn today(center: &Center) -> chrono::NaiveDate {
    sobriety::local_today(chrono::Utc::now(), center.tz())
}

/// A counsellor given for a member must be a counsellor of the same centre.
async fn check_counselor(state: &AppState, center_id: &str, id: &str, e: &mut FieldErrors) -> ApiResult<()> {
    match state.store.get_user(id).await? {
        Some(u) if u.center_id == center_id && u.role == Role::Counselor => {}
        _ => e.add("counselor_id", "not_a_counselor"),
    }
    Ok(())
}

pub async fn create(state: &AppState, actor: &Actor, input: MemberIn) -> ApiResult<(Member, Center)> {
    ApiError::check(decide(actor, Action::CreateMember, Target::center(&actor.center_id)))?;
    let center = super::centers::own(state, actor).await?;
    let fields = MemberFields {
        display_name: Some(&input.display_name),
        full_name: Some(&input.full_name),
        gender: Some(&input.gender),
        birth_year: Some(input.birth_year),
        language: Some(&input.language),
        substances: Some(&input.substances),
        stage: Some(&input.stage),
        sobriety_start: Some(&input.sobriety_start),
    };
    let mut e = member::check(&fields, true, today(&center)).err().unwrap_or_default();
    validation::check_login(&mut e, &input.login);
    validation::check_password(&mut e, &input.password);
    if let Some(p) = &input.phone {
        validation::check_phone(&mut e, "phone", p);
    }
    if let Some(c) = &input.counselor_id {
        check_counselor(state, &center.id, c, &mut e).await?;
    }
    let stage = Stage::parse(&input.stage);
    let Some(stage) = stage.filter(|_| e.is_empty()) else {
        return Err(ApiError::invalid(e));
    };
    let counselor_id = input.counselor_id.or_else(|| (actor.role == Role::Counselor).then(|| actor.user_id.clone()));
    let new = NewMember {
        user: NewUser {
            center_id: center.id.clone(),
            role: Role::Member,
            login: input.login.trim().to_string(),
            phone: input.phone.map(|p| p.trim().to_string()),
            password_hash: password::hash_async(input.password).await.map_err(ApiError::internal)?,
            display_name: input.display_name.trim().to_string(),
            full_name: Some(input.full_name.trim().to_string()),
            language: input.language,
        },
        gender: input.gender,
        birth_year: Some(i64::from(input.birth_year)),
        substances: input.substances.iter().map(|s| s.trim().to_string()).collect(),
        stage,
        sobriety_start: input.sobriety_start,
        counselor_id,
    };
    let m = state.store.create_member(&new, Some(&actor.user_id), now_ms()).await?;
    Ok((m, center))
}

pub struct MemberList {
    pub items: Vec<Member>,
    pub next_offset: Option<i64>,
    pub center: Center,
}

pub async fn list(state: &AppState, actor: &Actor, mut q: MemberQuery) -> ApiResult<MemberList> {
    ApiError::check(decide(actor, Action::ListMembers, Target::center(&actor.center_id)))?;
    if q.q.as_deref().is_some_and(|s| s.chars().count() > saathi_domain::validation::limits::SEARCH) {
        return Err(ApiError::invalid_field("q", "too_long"));
    }
    let limit = q.limit.clamp(1, PAGE_MAX);
    q.limit = limit + 1;
    q.offset = q.offset.max(0);
    let mut items = state.store.list_members(&actor.center_id, &q).await?;
    let next_offset = (items.len() as i64 > limit).then(|| q.offset + limit);
    items.truncate(limit as usize);
    Ok(MemberList { items, next_offset, center: super::centers::own(state, actor).await? })
}

/// Writes a staff read of (part of) a member's record to the audit log, as
/// `action` (`member.read`, `member.checkins.read`, ...) on the member; the
/// reads of anyone else (the member's own, a mentor's) are not written.
pub(crate) async fn audit_read(
    state: &AppState,
    actor: &Actor,
    center_id: &str,
    member_id: &str,
    action: &str,
    detail: serde_json::Value,
) -> ApiResult<()> {
    if actor.role.is_staff() {
        state
            .store
            .audit(
                &AuditEntry::new(now_ms(), Some(center_id), Some(&actor.user_id), action)
                    .on("member", Some(member_id))
                    .detail(detail),
            )
            .await?;
    }
    Ok(())
}

/// Reads a member's record; a staff read is written to the audit log.
pub async fn read(state: &AppState, actor: &Actor, id: &str) -> ApiResult<(Member, Center)> {
    let m = readable(state, actor, id).await?;
    audit_read(state, actor, &m.center_id, &m.id, "member.read", serde_json::Value::Null).await?;
    let center = super::centers::own(state, actor).await?;
    Ok((m, center))
}

/// A member's stage history; a staff read is written to the audit log
/// (`member.stages.read`), as reading the record is.
pub async fn history(state: &AppState, actor: &Actor, id: &str) -> ApiResult<Vec<StageChange>> {
    let m = readable(state, actor, id).await?;
    audit_read(state, actor, &m.center_id, &m.id, "member.stages.read", serde_json::Value::Null).await?;
    Ok(state.store.stage_history(id).await?)
}

/// [`history`] for the member's page, whose view is audited once, through
/// [`read`]: not written a second time.
pub(crate) async fn history_unaudited(state: &AppState, actor: &Actor, id: &str) -> ApiResult<Vec<StageChange>> {
    readable(state, actor, id).await?;
    Ok(state.store.stage_history(id).await?)
}

/// The member, if the actor may read their record.
pub(crate) async fn readable(state: &AppState, actor: &Actor, id: &str) -> ApiResult<Member> {
    let m = state.store.get_member(id).await?.ok_or_else(ApiError::not_found)?;
    ApiError::check(decide(actor, Action::ReadMember, Target::subject(&m.center_id, &m.id)))?;
    Ok(m)
}

/// Changes a member's record. `shown`: the record as the form being saved
/// showed it (the web's edit form); a field left as shown is then not written,
/// so that a change someone else made meanwhile (a stage change, a lapse
/// resetting the sobriety date) stays, and a field both changed differently
/// is refused: 409 `changed_meanwhile` naming each such field, nothing
/// written. Without `shown` (the API), every field given is written.
pub async fn update(
    state: &AppState,
    actor: &Actor,
    id: &str,
    p: MemberPatchIn,
    shown: Option<&MemberPatchIn>,
) -> ApiResult<(Member, Center)> {
    let m = state.store.get_member(id).await?.ok_or_else(ApiError::not_found)?;
    ApiError::check(decide(actor, Action::UpdateMember, Target::subject(&m.center_id, &m.id)))?;
    let center = super::centers::own(state, actor).await?;
    let p = match shown {
        Some(shown) => only_edited(p, shown, &m)?,
        None => p,
    };
    let fields = MemberFields {
        display_name: p.display_name.as_deref(),
        full_name: p.full_name.as_deref(),
        gender: p.gender.as_deref(),
        birth_year: p.birth_year,
        language: p.language.as_deref(),
        substances: p.substances.as_deref(),
        stage: p.stage.as_deref(),
        sobriety_start: p.sobriety_start.as_deref(),
    };
    let mut e = member::check(&fields, false, today(&center)).err().unwrap_or_default();
    if let Some(c) = &p.counselor_id {
        check_counselor(state, &center.id, c, &mut e).await?;
    }
    e.into_result()?;
    let stage = match p.stage.as_deref().and_then(Stage::parse) {
        None => None,
        Some(to) if to == m.stage => None,
        Some(to) => match m.stage.change_to(to) {
            Ok(s) => Some(s),
            Err(StageChangeError::AftercareNeedsDischarge) => {
                return Err(ApiError::invalid_field("stage", "use_discharge"));
            }
            Err(StageChangeError::Unchanged) => None,
        },
    };
    let patch = MemberPatch {
        display_name: p.display_name.map(|s| s.trim().to_string()),
        full_name: p.full_name.map(|s| s.trim().to_string()),
        language: p.language,
        gender: p.gender,
        birth_year: p.birth_year.map(i64::from),
        substances: p.substances.map(|l| l.iter().map(|s| s.trim().to_string()).collect()),
        stage,
        // Decided on the record read above: refused if it changed meanwhile.
        stage_from: Some(m.stage),
        sobriety_from: p.sobriety_start.is_some().then(|| m.sobriety_start.clone()),
        sobriety_start: p.sobriety_start,
        counselor_id: p.counselor_id,
    };
    let stage_changed = patch.stage.is_some();
    let m = match state.store.update_member(id, &patch, &actor.user_id, now_ms()).await {
        Err(StoreError::Conflict("stage")) => return Err(stage_changed_meanwhile()),
        Err(StoreError::Conflict("sobriety_start")) => {
            let mut e = FieldErrors::new();
            e.add("sobriety_start", ApiError::CHANGED_MEANWHILE);
            return Err(changed_meanwhile(e));
        }
        r => r?,
    };
    if stage_changed {
        // The alumni rooms follow the stage (re-admitted from aftercare:
        // out of them at once).
        state.live.publish(crate::live::Event::RoomsChanged { user_ids: vec![m.id.clone()] });
    }
    Ok((m, center))
}

pub async fn discharge(state: &AppState, actor: &Actor, id: &str) -> ApiResult<(Member, Center)> {
    let m = state.store.get_member(id).await?.ok_or_else(ApiError::not_found)?;
    ApiError::check(decide(actor, Action::DischargeMember, Target::subject(&m.center_id, &m.id)))?;
    if m.stage.discharge().is_err() {
        return Err(already_discharged());
    }
    let center = super::centers::own(state, actor).await?;
    let m = match state.store.discharge_member(id, &actor.user_id, now_ms()).await {
        // Discharged meanwhile (a second click, another counsellor).
        Err(StoreError::Conflict("stage")) => return Err(already_discharged()),
        r => r?,
    };
    state.live.publish(crate::live::Event::RoomsChanged { user_ids: vec![m.id.clone()] });
    Ok((m, center))
}

fn already_discharged() -> ApiError {
    ApiError::new(axum::http::StatusCode::CONFLICT, "already_discharged", "This member has already been discharged.")
}

/// `p` without the fields the form left as it showed them (`shown`), judged
/// field by field against the record as it is now ([`edits::three_way`]).
fn only_edited(mut p: MemberPatchIn, shown: &MemberPatchIn, now: &Member) -> ApiResult<MemberPatchIn> {
    let now_shown = MemberPatchIn::shown(now);
    let mut e = FieldErrors::new();
    fn judge<T: Clone, K: PartialEq>(
        e: &mut FieldErrors,
        field: &'static str,
        asked: &mut Option<T>,
        shown: &Option<T>,
        now: &Option<T>,
        key: impl Fn(&Option<T>) -> K,
    ) {
        if asked.is_none() || shown.is_none() {
            return;
        }
        match edits::three_way(&key(shown), key(asked), &key(now)) {
            Edit::Keep => *asked = None,
            Edit::Set(_) => {}
            Edit::Conflict => e.add(field, ApiError::CHANGED_MEANWHILE),
        }
    }
    let text = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or_default().to_string();
    judge(&mut e, "display_name", &mut p.display_name, &shown.display_name, &now_shown.display_name, text);
    judge(&mut e, "full_name", &mut p.full_name, &shown.full_name, &now_shown.full_name, text);
    judge(&mut e, "gender", &mut p.gender, &shown.gender, &now_shown.gender, text);
    judge(&mut e, "birth_year", &mut p.birth_year, &shown.birth_year, &now_shown.birth_year, |v| *v);
    judge(&mut e, "language", &mut p.language, &shown.language, &now_shown.language, text);
    let set = |v: &Option<Vec<String>>| {
        let mut l: Vec<String> = v.iter().flatten().map(|s| s.trim().to_lowercase()).collect();
        l.sort();
        l.dedup();
        l
    };
    judge(&mut e, "substances", &mut p.substances, &shown.substances, &now_shown.substances, set);
    judge(&mut e, "stage", &mut p.stage, &shown.stage, &now_shown.stage, text);
    judge(&mut e, "sobriety_start", &mut p.sobriety_start, &shown.sobriety_start, &now_shown.sobriety_start, text);
    judge(&mut e, "counselor_id", &mut p.counselor_id, &shown.counselor_id, &now_shown.counselor_id, text);
    if e.is_empty() { Ok(p) } else { Err(changed_meanwhile(e)) }
}

/// 409 `changed_meanwhile`, naming the fields someone else changed while the
/// form was open; nothing was written.
fn changed_meanwhile(fields: FieldErrors) -> ApiError {
    let message =
        format!("Someone else changed this member's record while it was being edited: {fields}. Nothing was saved.");
    ApiError::changed_meanwhile(fields, message)
}

/// 409 `stage_changed`: someone else changed the member's stage since it was
/// read; nothing was written.
fn stage_changed_meanwhile() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::CONFLICT,
        "stage_changed",
        "Someone else changed this member's stage just now. Reload and try again.",
    )
}

/// What a member lets others see; only the member decides.
#[derive(Debug, Clone, Copy, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct Sharing {
    /// Their groups may celebrate their sobriety milestones.
    pub milestones_to_group: bool,
}

pub async fn set_sharing(state: &AppState, actor: &Actor, id: &str, sharing: Sharing) -> ApiResult<Sharing> {
    let m = state.store.get_member(id).await?.ok_or_else(ApiError::not_found)?;
    ApiError::check(decide(actor, Action::ChangeSharing, Target::subject(&m.center_id, &m.id)))?;
    state.store.set_milestones_to_group(&m.id, sharing.milestones_to_group, now_ms()).await?;
    Ok(sharing)
}
