//! Relapse early warning: the centre's members by risk, and the centre's
//! weights. See saathi-domain's `risk` for the signals and their default points.

use super::dto::ErrorBody;
use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::json::ApiJson;
use crate::query::ApiQuery;
use crate::services::risk::{self, RiskEntry};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use saathi_domain::risk::{Reason, Signal, Weights};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct RiskReasonOut {
    /// `missed_sessions`, `no_checkin`, `high_craving`, `craving_rising`,
    /// `low_mood`, `recent_lapse`, `safety_flag`, `open_crisis` or `early_aftercare`.
    pub signal: String,
    pub points: i64,
    /// Short and machine-friendly, such as "3 consecutive absences".
    pub detail: String,
}

#[derive(Serialize, ToSchema)]
pub struct RiskOut {
    pub member_id: String,
    /// 0–100.
    pub score: i64,
    /// `low`, `medium` or `high`.
    pub level: String,
    /// Highest points first.
    pub reasons: Vec<RiskReasonOut>,
}

fn reason(r: &Reason) -> RiskReasonOut {
    RiskReasonOut { signal: r.signal.as_str().into(), points: r.points, detail: r.detail.clone() }
}

impl From<&RiskEntry> for RiskOut {
    fn from(e: &RiskEntry) -> Self {
        RiskOut {
            member_id: e.member_id.clone(),
            score: e.score,
            level: e.level.as_str().into(),
            reasons: e.reasons.iter().map(reason).collect(),
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct RiskQuery {
    /// At most this many members (1–1000, default 100).
    pub limit: Option<i64>,
}

/// The centre's members by relapse risk, highest first, each with the
/// reasons (counsellors and admins; others 403). Scores are kept up to date
/// as check-ins, attendance, lapses and safety alerts arrive, and by a sweep
/// every 10 minutes.
#[utoipa::path(get, path = "/api/v1/risk", tag = "risk", params(RiskQuery),
    responses((status = 200, body = Vec<RiskOut>), (status = 403, body = ErrorBody),
        (status = 422, description = "`limit` out of range", body = ErrorBody)))]
pub async fn list_risk(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<RiskQuery>,
) -> ApiResult<Json<Vec<RiskOut>>> {
    let list = risk::list(&state, &user.actor, q.limit).await?;
    Ok(Json(list.iter().map(RiskOut::from).collect()))
}

#[derive(Serialize, ToSchema)]
pub struct SignalWeightOut {
    pub signal: String,
    /// The centre's points (per absence for `missed_sessions`, per day past
    /// a grace of 2 days for `no_checkin`).
    pub points: i64,
    pub default_points: i64,
}

#[derive(Serialize, ToSchema)]
pub struct RiskWeightsOut {
    pub signals: Vec<SignalWeightOut>,
    /// Scores from this are `medium` (default 20)…
    pub medium_at: i64,
    /// …and from this `high` (default 50).
    pub high_at: i64,
}

fn weights_out(w: &Weights) -> RiskWeightsOut {
    RiskWeightsOut {
        signals: Signal::ALL
            .into_iter()
            .map(|s| SignalWeightOut {
                signal: s.as_str().into(),
                points: w.points(s),
                default_points: s.default_points(),
            })
            .collect(),
        medium_at: w.medium_at,
        high_at: w.high_at,
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskWeightsIn {
    /// Points by signal name (0–100); signals left out keep theirs.
    #[serde(default)]
    pub points: BTreeMap<String, i64>,
    /// 1–100, below `high_at`.
    pub medium_at: Option<i64>,
    /// 1–100, above `medium_at`.
    pub high_at: Option<i64>,
}

/// The centre's risk weights: each signal's points (its own or the default) and the level thresholds.
#[utoipa::path(get, path = "/api/v1/risk/weights", tag = "risk",
    responses((status = 200, body = RiskWeightsOut), (status = 403, body = ErrorBody)))]
pub async fn get_weights(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Json<RiskWeightsOut>> {
    Ok(Json(weights_out(&risk::weights(&state, &user.actor).await?)))
}

/// Admins set the centre's own points and thresholds; every score of the centre is recomputed at once.
#[utoipa::path(put, path = "/api/v1/risk/weights", tag = "risk", request_body = RiskWeightsIn,
    responses((status = 200, body = RiskWeightsOut), (status = 403, body = ErrorBody),
        (status = 422, description = "Unknown signal, or a value out of range", body = ErrorBody)))]
pub async fn put_weights(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<RiskWeightsIn>,
) -> ApiResult<Json<RiskWeightsOut>> {
    let points: Vec<(String, i64)> = b.points.into_iter().collect();
    let w = risk::set_weights(&state, &user.actor, &points, b.medium_at, b.high_at).await?;
    Ok(Json(weights_out(&w)))
}
