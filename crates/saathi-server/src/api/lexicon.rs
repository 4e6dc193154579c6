//! A centre's own lines for the safety screening lexicon.

use crate::api::dto::ErrorBody;
use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::json::ApiJson;
use crate::services::screening;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct LexiconOut {
    /// The centre's lines, in the built-in lexicon's format (see
    /// `crates/saathi-domain/data/screening_lexicon.txt`); empty if none.
    pub lines: String,
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct LexiconIn {
    pub lines: String,
}

fn out(l: Option<saathi_store::CenterLexicon>) -> LexiconOut {
    match l {
        Some(l) => LexiconOut {
            lines: l.lines,
            updated_at: Some(crate::api::dto::rfc3339(l.updated_at)),
            updated_by: Some(l.updated_by),
        },
        None => LexiconOut { lines: String::new(), updated_at: None, updated_by: None },
    }
}

/// The centre's own screening lines (staff).
#[utoipa::path(get, path = "/api/v1/centers/{id}/lexicon", tag = "safety",
    responses((status = 200, body = LexiconOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_lexicon(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<LexiconOut>> {
    Ok(Json(out(screening::lines(&state, &user.actor, &id).await?)))
}

/// Replaces the centre's own screening lines (admin). Every line is checked;
/// a bad one is a 422 naming its line number, and nothing changes.
#[utoipa::path(put, path = "/api/v1/centers/{id}/lexicon", tag = "safety", request_body = LexiconIn,
    responses((status = 200, body = LexiconOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_lexicon(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<LexiconIn>,
) -> ApiResult<Json<LexiconOut>> {
    Ok(Json(out(Some(screening::set_lines(&state, &user.actor, &id, &body.lines).await?))))
}
