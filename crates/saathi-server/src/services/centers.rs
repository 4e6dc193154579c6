use crate::api::dto::CenterPatchIn;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use saathi_domain::center::{self, national_helplines};
use saathi_domain::policy::{Action, Actor, Target, decide};
use saathi_domain::{FieldErrors, validation::limits};
use saathi_store::{Center, CenterPatch, now_ms};

pub async fn get(state: &AppState, actor: &Actor, id: &str) -> ApiResult<Center> {
    ApiError::check(decide(actor, Action::ReadCenter, Target::center(id)))?;
    state.store.get_center(id).await?.ok_or_else(ApiError::not_found)
}

/// The actor's own centre, for pages and rules that need its zone. Served
/// from a cache of a few seconds: a change made on another instance shows
/// within that time.
pub async fn own(state: &AppState, actor: &Actor) -> ApiResult<Center> {
    if let Some(c) = state.centers.get(&actor.center_id) {
        return Ok(c);
    }
    let c = state.store.get_center(&actor.center_id).await?.ok_or_else(ApiError::not_found)?;
    state.centers.put(c.id.clone(), c.clone());
    Ok(c)
}

pub async fn update(state: &AppState, actor: &Actor, id: &str, p: CenterPatchIn) -> ApiResult<Center> {
    ApiError::check(decide(actor, Action::UpdateCenter, Target::center(id)))?;
    let cur = state.store.get_center(id).await?.ok_or_else(ApiError::not_found)?;
    let mut e = FieldErrors::new();
    if let Some(n) = &p.name {
        e.text("name", n, limits::NAME);
    }
    if let Some(tz) = &p.timezone {
        center::check_timezone(&mut e, tz);
    }
    let national = national_helplines();
    let own = p.helplines.as_ref().map(|list| {
        list.iter().map(|h| h.to_domain()).filter(|h| !national.iter().any(|n| n.phone == h.phone)).collect::<Vec<_>>()
    });
    if let Some(own) = &own {
        center::check_helplines(&mut e, own);
    }
    let mut settings = cur.settings.clone();
    if let Some(v) = p.crisis_ack_timeout_seconds {
        settings.crisis_ack_timeout_seconds = v;
    }
    if let Some(v) = p.mentor_min_sober_days {
        settings.mentor_min_sober_days = v;
    }
    if let Some(v) = p.mentor_capacity {
        settings.mentor_capacity = v;
    }
    if let Some(v) = p.alumni_nudge_weeks {
        settings.alumni_nudge_weeks = v;
    }
    center::check_settings(&mut e, &settings);
    e.into_result()?;
    let patch = CenterPatch {
        name: p.name.map(|n| n.trim().to_string()),
        timezone: p.timezone,
        helplines: own,
        settings: Some(settings),
    };
    let updated = state.store.update_center(id, &patch, &actor.user_id, now_ms()).await?;
    state.centers.remove(id);
    // A new time zone moves every day's bounds.
    super::group_sessions::forget_lists(state, None);
    Ok(updated)
}
