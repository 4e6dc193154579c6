//! Who a group celebrates: the milestones its members reached since the
//! group last met, for the members who let their groups see them.

use crate::error::ApiResult;
use crate::state::AppState;
use chrono::NaiveDate;
use saathi_domain::policy::{Action, Actor, Target, decide};
use saathi_domain::sobriety;
use saathi_store::{Group, GroupSession, now_ms};

/// One milestone to celebrate.
#[derive(Debug, Clone)]
pub struct Celebration {
    pub member_id: String,
    pub display_name: String,
    pub days: i64,
    pub date: NaiveDate,
}

/// The celebrations of one meeting: milestones on a day after the previous
/// session's (local) date up to and including `until`.
#[derive(Debug, Clone)]
pub struct Celebrations {
    pub since: NaiveDate,
    pub until: NaiveDate,
    pub previous_session_id: Option<String>,
    pub celebrations: Vec<Celebration>,
}

/// The celebrations for a group's next meeting: since its last session
/// before now, up to today.
pub async fn for_group(state: &AppState, actor: &Actor, group_id: &str) -> ApiResult<Celebrations> {
    let g = super::groups::authorize(state, actor, group_id, Action::ReadGroup).await?;
    let now = now_ms();
    compute(state, actor, &g, now).await
}

/// The celebrations for one session: since the session before it, up to its day.
pub async fn for_session(state: &AppState, actor: &Actor, g: &Group, s: &GroupSession) -> ApiResult<Celebrations> {
    let (facilitator, enrolled) = super::groups::relation(state, actor, g).await?;
    crate::error::ApiError::check(decide(
        actor,
        Action::RunSession,
        Target::group(&g.center_id, facilitator, enrolled),
    ))?;
    compute(state, actor, g, s.starts_at).await
}

async fn compute(state: &AppState, actor: &Actor, g: &Group, at: i64) -> ApiResult<Celebrations> {
    let tz = super::centers::own(state, actor).await?.tz();
    let local =
        |ms: i64| chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default().with_timezone(&tz).date_naive();
    let until = local(at);
    let previous = state.store.previous_session(&g.id, at).await?;
    let since = sobriety::celebrations_since(previous.as_ref().map(|p| local(p.starts_at)), until);
    let mut celebrations = Vec::new();
    for c in state.store.group_celebrants(&g.id).await? {
        let Ok(start) = NaiveDate::parse_from_str(&c.sobriety_start, "%Y-%m-%d") else { continue };
        for (days, date) in sobriety::milestones_between_dates(start, since, until) {
            celebrations.push(Celebration {
                member_id: c.member_id.clone(),
                display_name: c.display_name.clone(),
                days,
                date,
            });
        }
    }
    celebrations.sort_by(|a, b| b.days.cmp(&a.days).then_with(|| a.display_name.cmp(&b.display_name)));
    Ok(Celebrations { since, until, previous_session_id: previous.map(|p| p.id), celebrations })
}
