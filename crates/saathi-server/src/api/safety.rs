//! Safety alerts: raised when a message's screening finds crisis language,
//! read and acknowledged by the centre's admins, the writer's counsellor and
//! the room's moderators. An alert carries the lexicon phrases and
//! categories found, never the message.

use super::dto::ErrorBody;
use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::query::ApiQuery;
use crate::services::safety;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use saathi_store::SafetyAlert;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::dto::rfc3339_ms as at;

#[derive(Serialize, ToSchema)]
pub struct SafetyAlertOut {
    pub id: String,
    pub room_id: String,
    /// The room's kind: `group`, `support_24x7`, `alumni`, `mentorship` or `counselor`.
    pub room_kind: String,
    pub message_id: String,
    /// The writer.
    pub member_id: String,
    pub member_name: String,
    /// `self_harm`, `overdose`, `intent_to_use`, `violence`.
    pub categories: Vec<String>,
    /// The lexicon phrases that matched.
    pub phrases: Vec<String>,
    pub created_at: String,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<String>,
}

impl From<&SafetyAlert> for SafetyAlertOut {
    fn from(a: &SafetyAlert) -> Self {
        SafetyAlertOut {
            id: a.id.clone(),
            room_id: a.room_id.clone(),
            room_kind: a.room_kind.as_str().into(),
            message_id: a.message_id.clone(),
            member_id: a.member_id.clone(),
            member_name: a.member_name.clone(),
            categories: a.categories.clone(),
            phrases: a.phrases.clone(),
            created_at: at(a.created_at),
            acknowledged_by: a.acknowledged_by.clone(),
            acknowledged_at: a.acknowledged_at.map(at),
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct AlertsQuery {
    /// `open` (the default), `acknowledged` or `all`.
    pub status: Option<String>,
}

/// The safety alerts the reader may see, newest first (at most 200): admins
/// all of the centre's; counsellors their own members' and those of rooms
/// they moderate; peer mentors those of rooms they moderate. Members: 403.
#[utoipa::path(get, path = "/api/v1/safety-alerts", tag = "safety", params(AlertsQuery),
    responses((status = 200, body = Vec<SafetyAlertOut>), (status = 403, body = ErrorBody),
        (status = 422, description = "Unknown `status`", body = ErrorBody)))]
pub async fn list_alerts(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<AlertsQuery>,
) -> ApiResult<Json<Vec<SafetyAlertOut>>> {
    let list = safety::list(&state, &user.actor, q.status.as_deref()).await?;
    Ok(Json(list.iter().map(SafetyAlertOut::from).collect()))
}

/// Acknowledge an alert one may see (the first acknowledgement stands).
#[utoipa::path(post, path = "/api/v1/safety-alerts/{id}/acknowledge", tag = "safety",
    responses((status = 200, body = SafetyAlertOut), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn acknowledge_alert(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<SafetyAlertOut>> {
    Ok(Json(SafetyAlertOut::from(&safety::acknowledge(&state, &user.actor, &id).await?)))
}
