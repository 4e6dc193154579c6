//! iCalendar feeds behind a secret URL: a member's sessions in the groups
//! they are in, a facilitator's in the groups they run.

use crate::auth::{new_token, token_hash};
use crate::error::ApiResult;
use crate::state::AppState;
use saathi_domain::ical::{self, Event};
use saathi_domain::policy::Actor;
use saathi_domain::{Role, sobriety};
use saathi_store::{EnrollmentStatus, now_ms};

const PAST_DAYS: i64 = 30;
const FUTURE_DAYS: i64 = 90;

/// A new secret feed for the actor (an older one stops working); returns the token.
pub async fn new_feed(state: &AppState, actor: &Actor) -> ApiResult<String> {
    let token = new_token();
    state.store.set_calendar_feed(&actor.user_id, &token_hash(&token), now_ms()).await?;
    Ok(token)
}

/// The feed's iCalendar text; `None` for an unknown secret.
pub async fn feed(state: &AppState, token: &str) -> ApiResult<Option<String>> {
    let Some(user) = state.store.calendar_feed_user(&token_hash(token)).await? else { return Ok(None) };
    let actor = Actor { user_id: user.id.clone(), role: user.role, center_id: user.center_id.clone() };
    let center = super::centers::own(state, &actor).await?;
    let today = sobriety::local_today(chrono::Utc::now(), center.tz());
    let from = (today - chrono::Duration::days(PAST_DAYS)).format("%Y-%m-%d").to_string();
    let to = (today + chrono::Duration::days(FUTURE_DAYS)).format("%Y-%m-%d").to_string();
    let mut sessions = vec![];
    for g in state.store.list_groups(&actor.center_id, Some(&actor.user_id)).await? {
        let facilitates = g.facilitator_ids.contains(&actor.user_id);
        let active = actor.role == Role::Member
            && state
                .store
                .enrollment(&g.id, &actor.user_id)
                .await?
                .is_some_and(|e| e.status == EnrollmentStatus::Active);
        if !facilitates && !active {
            continue;
        }
        // Members' phones show a discreet title; facilitators see the group.
        let summary = if facilitates { format!("Saathi: {}", g.name) } else { "Saathi".to_string() };
        for s in super::group_sessions::list(state, &actor, &g.id, &from, &to).await?.sessions {
            sessions.push((s, summary.clone()));
        }
    }
    let events: Vec<Event<'_>> = sessions
        .iter()
        .filter_map(|(s, summary)| {
            Some(Event {
                uid: &s.id,
                starts_at: chrono::DateTime::from_timestamp_millis(s.starts_at)?,
                ends_at: chrono::DateTime::from_timestamp_millis(s.ends_at)?,
                summary,
                cancelled: s.status == "cancelled",
            })
        })
        .collect();
    Ok(Some(ical::calendar("Saathi", &events, chrono::Utc::now())))
}
