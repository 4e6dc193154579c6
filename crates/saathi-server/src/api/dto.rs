//! What the API sends and receives (and documents in OpenAPI).

use saathi_domain::center::{Helpline, all_helplines};
use saathi_store::{AuditRecord, Center, Member, StageChange, User};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// RFC 3339 UTC from milliseconds.
pub fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// RFC 3339 UTC with milliseconds, for what happens many times a second
/// (messages, alerts, notifications).
pub fn rfc3339_ms(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    /// For 422: each failing field with a code.
    pub fields: Option<Vec<FieldErrorOut>>,
    /// For 422 `ineligible`: every rule of the group the member fails.
    pub reasons: Option<Vec<ReasonOut>>,
    /// For 422 `agreement_required`: members who have not accepted the group agreement.
    pub member_ids: Option<Vec<String>>,
}

#[derive(Serialize, ToSchema)]
pub struct ReasonOut {
    /// `stage`, `gender`, `too_young`, `too_old`, `age_unknown`, `language` or `closed`.
    pub code: String,
    pub detail: String,
}

#[derive(Serialize, ToSchema)]
pub struct FieldErrorOut {
    pub field: String,
    pub code: String,
}

#[derive(Deserialize, ToSchema)]
pub struct LoginIn {
    /// Username or phone number.
    pub login: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct LoginOut {
    pub token: String,
    pub user: UserBrief,
}

#[derive(Serialize, ToSchema)]
pub struct UserBrief {
    pub id: String,
    pub role: String,
    pub center_id: String,
    pub display_name: String,
}

impl From<&User> for UserBrief {
    fn from(u: &User) -> Self {
        UserBrief {
            id: u.id.clone(),
            role: u.role.as_str().into(),
            center_id: u.center_id.clone(),
            display_name: u.display_name.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MeOut {
    pub id: String,
    pub role: String,
    pub center_id: String,
    pub display_name: String,
    pub language: String,
}

#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub struct HelplineDto {
    pub name: String,
    pub phone: String,
}

#[derive(Serialize, ToSchema)]
pub struct CenterOut {
    pub id: String,
    pub name: String,
    pub timezone: String,
    /// The national helplines first, then the centre's own.
    pub helplines: Vec<HelplineDto>,
    pub crisis_ack_timeout_seconds: i64,
    pub mentor_min_sober_days: i64,
    pub mentor_capacity: i64,
    pub alumni_nudge_weeks: i64,
}

impl From<&Center> for CenterOut {
    fn from(c: &Center) -> Self {
        CenterOut {
            id: c.id.clone(),
            name: c.name.clone(),
            timezone: c.timezone.clone(),
            helplines: all_helplines(&c.helplines)
                .into_iter()
                .map(|h| HelplineDto { name: h.name, phone: h.phone })
                .collect(),
            crisis_ack_timeout_seconds: c.settings.crisis_ack_timeout_seconds,
            mentor_min_sober_days: c.settings.mentor_min_sober_days,
            mentor_capacity: c.settings.mentor_capacity,
            alumni_nudge_weeks: c.settings.alumni_nudge_weeks,
        }
    }
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct CenterPatchIn {
    pub name: Option<String>,
    pub timezone: Option<String>,
    /// The full list to show; the national helplines are always kept.
    pub helplines: Option<Vec<HelplineDto>>,
    pub crisis_ack_timeout_seconds: Option<i64>,
    pub mentor_min_sober_days: Option<i64>,
    pub mentor_capacity: Option<i64>,
    pub alumni_nudge_weeks: Option<i64>,
}

impl HelplineDto {
    pub fn to_domain(&self) -> Helpline {
        Helpline { name: self.name.trim().to_string(), phone: self.phone.trim().to_string() }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct UserIn {
    pub role: String,
    pub login: String,
    pub password: String,
    pub display_name: String,
    pub full_name: Option<String>,
    pub language: Option<String>,
    pub phone: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct UserOut {
    pub id: String,
    pub center_id: String,
    pub role: String,
    pub login: String,
    pub phone: Option<String>,
    pub display_name: String,
    pub full_name: Option<String>,
    pub language: String,
    pub created_at: String,
}

impl From<&User> for UserOut {
    fn from(u: &User) -> Self {
        UserOut {
            id: u.id.clone(),
            center_id: u.center_id.clone(),
            role: u.role.as_str().into(),
            login: u.login.clone(),
            phone: u.phone.clone(),
            display_name: u.display_name.clone(),
            full_name: u.full_name.clone(),
            language: u.language.clone(),
            created_at: rfc3339(u.created_at),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatchIn {
    pub role: Option<String>,
    /// Senior counsellors supervise: they sign notes off.
    pub senior: Option<bool>,
}

#[derive(Deserialize, ToSchema)]
pub struct MemberIn {
    pub login: String,
    pub password: String,
    pub display_name: String,
    pub full_name: String,
    pub gender: String,
    pub birth_year: i32,
    pub language: String,
    #[serde(default)]
    pub substances: Vec<String>,
    pub stage: String,
    /// `YYYY-MM-DD`, not in the future.
    pub sobriety_start: String,
    pub phone: Option<String>,
    /// The member's counsellor; a counsellor admitting a member is the default.
    pub counselor_id: Option<String>,
}

#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct MemberPatchIn {
    pub display_name: Option<String>,
    pub full_name: Option<String>,
    pub gender: Option<String>,
    pub birth_year: Option<i32>,
    pub language: Option<String>,
    pub substances: Option<Vec<String>>,
    pub stage: Option<String>,
    pub sobriety_start: Option<String>,
    pub counselor_id: Option<String>,
}

impl MemberPatchIn {
    /// Every field as the record holds it: what an edit form shows.
    pub fn shown(m: &Member) -> MemberPatchIn {
        MemberPatchIn {
            display_name: Some(m.display_name.clone()),
            full_name: Some(m.full_name.clone().unwrap_or_default()),
            gender: Some(m.gender.clone()),
            birth_year: m.birth_year.and_then(|y| i32::try_from(y).ok()),
            language: Some(m.language.clone()),
            substances: Some(m.substances.clone()),
            stage: Some(m.stage.as_str().to_string()),
            sobriety_start: Some(m.sobriety_start.clone()),
            counselor_id: Some(m.counselor_id.clone().unwrap_or_default()),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MemberOut {
    pub id: String,
    pub center_id: String,
    pub login: String,
    pub display_name: String,
    pub full_name: Option<String>,
    pub gender: String,
    pub birth_year: Option<i64>,
    pub language: String,
    pub substances: Vec<String>,
    pub stage: String,
    pub sobriety_start: String,
    /// Days since `sobriety_start` in the centre's calendar.
    pub days_sober: Option<i64>,
    pub counselor_id: Option<String>,
    pub admitted_at: String,
    pub discharged_at: Option<String>,
    /// The member lets their groups celebrate their milestones (`PUT .../sharing`).
    pub milestones_to_group: bool,
}

impl MemberOut {
    pub fn new(m: &Member, days_sober: Option<i64>) -> Self {
        MemberOut {
            id: m.id.clone(),
            center_id: m.center_id.clone(),
            login: m.login.clone(),
            display_name: m.display_name.clone(),
            full_name: m.full_name.clone(),
            gender: m.gender.clone(),
            birth_year: m.birth_year,
            language: m.language.clone(),
            substances: m.substances.clone(),
            stage: m.stage.as_str().into(),
            sobriety_start: m.sobriety_start.clone(),
            days_sober,
            counselor_id: m.counselor_id.clone(),
            admitted_at: rfc3339(m.admitted_at),
            discharged_at: m.discharged_at.map(rfc3339),
            milestones_to_group: m.milestones_to_group,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MemberPage {
    pub items: Vec<MemberOut>,
    /// Pass as `offset` for the next page; absent on the last page.
    pub next_offset: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct StageChangeOut {
    pub from_stage: Option<String>,
    pub to_stage: String,
    pub changed_by: Option<String>,
    pub changed_by_name: Option<String>,
    pub changed_at: String,
}

impl From<&StageChange> for StageChangeOut {
    fn from(s: &StageChange) -> Self {
        StageChangeOut {
            from_stage: s.from_stage.map(|x| x.as_str().to_string()),
            to_stage: s.to_stage.as_str().into(),
            changed_by: s.changed_by.clone(),
            changed_by_name: s.changed_by_name.clone(),
            changed_at: rfc3339(s.changed_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AuditOut {
    pub id: String,
    pub at: String,
    pub actor_id: Option<String>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

impl From<&AuditRecord> for AuditOut {
    fn from(a: &AuditRecord) -> Self {
        AuditOut {
            id: a.id.clone(),
            at: rfc3339(a.at),
            actor_id: a.actor_id.clone(),
            action: a.action.clone(),
            target_type: a.target_type.clone(),
            target_id: a.target_id.clone(),
            detail: a.detail.clone(),
        }
    }
}
