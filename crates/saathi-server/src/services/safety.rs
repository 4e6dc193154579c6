//! Safety alerts raised by the screening of messages: who sees them (the
//! centre's admins, the writer's counsellor, the room's moderators — see
//! saathi-domain's `rooms::may_see_alert`) and their acknowledgement.

use crate::error::{ApiError, ApiResult};
use crate::services::rooms::moderates;
use crate::state::AppState;
use saathi_domain::policy::{Action, Actor, Decision, Target, decide};
use saathi_store::{SafetyAlert, now_ms};
use std::collections::HashMap;

/// Most alerts one list holds (newest first).
const LIST_MAX: i64 = 200;

/// Which alerts: `open` (not acknowledged), `acknowledged` or `all`.
pub fn parse_status(status: Option<&str>) -> ApiResult<Option<bool>> {
    match status.map(str::trim).filter(|s| !s.is_empty()) {
        None | Some("open") => Ok(Some(false)),
        Some("acknowledged") => Ok(Some(true)),
        Some("all") => Ok(None),
        Some(_) => Err(ApiError::invalid_field("status", "unknown")),
    }
}

/// The policy's facts for one alert and one reader.
async fn may_see(
    state: &AppState,
    actor: &Actor,
    a: &SafetyAlert,
    rooms: &mut HashMap<String, bool>,
) -> ApiResult<Decision> {
    let counselor = a.counselor_id.as_deref() == Some(actor.user_id.as_str());
    let moderator = match rooms.get(&a.room_id) {
        Some(m) => *m,
        None => {
            let m = match state.store.room_for(&a.room_id, &actor.user_id).await? {
                Some(v) => moderates(state, actor, &v).await?,
                None => false,
            };
            rooms.insert(a.room_id.clone(), m);
            m
        }
    };
    Ok(decide(actor, Action::SeeSafetyAlert { counselor, moderator }, Target::center(&a.center_id)))
}

/// Whether the reader may see one alert (the live hub asks before pushing it).
pub async fn may_see_alert(state: &AppState, actor: &Actor, a: &SafetyAlert) -> ApiResult<bool> {
    if decide(actor, Action::ListSafetyAlerts, Target::center(&a.center_id)) != Decision::Allow {
        return Ok(false);
    }
    Ok(may_see(state, actor, a, &mut HashMap::new()).await? == Decision::Allow)
}

/// The alerts the reader may see, newest first: admins all of the centre's,
/// counsellors their own members' and those of rooms they moderate, peer
/// mentors those of rooms they moderate. Members and families: 403.
pub async fn list(state: &AppState, actor: &Actor, status: Option<&str>) -> ApiResult<Vec<SafetyAlert>> {
    ApiError::check(decide(actor, Action::ListSafetyAlerts, Target::center(&actor.center_id)))?;
    let acknowledged = parse_status(status)?;
    let all = state.store.safety_alerts(&actor.center_id, acknowledged, LIST_MAX).await?;
    let mut rooms = HashMap::new();
    let mut out = Vec::new();
    for a in all {
        if may_see(state, actor, &a, &mut rooms).await? == Decision::Allow {
            out.push(a);
        }
    }
    Ok(out)
}

/// Acknowledges an alert one may see (the first acknowledgement stands).
pub async fn acknowledge(state: &AppState, actor: &Actor, id: &str) -> ApiResult<SafetyAlert> {
    let a = state.store.get_safety_alert(id).await?.ok_or_else(ApiError::not_found)?;
    ApiError::check(decide(actor, Action::ListSafetyAlerts, Target::center(&a.center_id)))?;
    ApiError::check(may_see(state, actor, &a, &mut HashMap::new()).await?)?;
    if state.store.acknowledge_safety_alert(&a.id, &a.center_id, &actor.user_id, now_ms()).await? {
        state.live.publish(crate::live::Event::SafetyAlert { alert_id: a.id.clone() });
    }
    state.store.get_safety_alert(&a.id).await?.ok_or_else(ApiError::not_found)
}
