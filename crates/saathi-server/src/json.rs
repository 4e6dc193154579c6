//! A JSON body extractor whose refusals use the API's error format:
//! malformed JSON → 400, well-formed but wrong fields/types → 422,
//! too large → 413. NUL characters are dropped from its strings (see
//! [`crate::input`]).

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;

/// `application/json`, or a `+json` type, as axum's own extractor accepts.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(v) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let essence = v.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(ApiError::malformed("Send the body as JSON with Content-Type: application/json."));
        }
        parse(body(req, state).await?).map(ApiJson)
    }
}

/// A JSON body that may be left out: no body (or only white space) is
/// `T::default()`; any `Content-Type` is taken (a crisis button must not
/// fail on a header). Otherwise refused as [`ApiJson`] refuses.
pub struct OptionalJson<T>(pub T);

impl<S, T> FromRequest<S> for OptionalJson<T>
where
    T: DeserializeOwned + Default,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let body = body(req, state).await?;
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(T::default()));
        }
        parse(body).map(OptionalJson)
    }
}

/// The body's bytes (413 `too_large` past the limit).
async fn body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(req, state).await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "The request body is too large.")
        } else {
            ApiError::malformed(e.body_text())
        }
    })
}

/// The body as `T`: 400 when it is not JSON, 422 for a missing or wrong field.
fn parse<T: DeserializeOwned>(body: Bytes) -> Result<T, ApiError> {
    match axum::Json::<T>::from_bytes(&crate::input::json_without_nul(body)) {
        Ok(axum::Json(v)) => Ok(v),
        Err(JsonRejection::JsonDataError(e)) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            format!("The request body has a missing or wrong field: {}", e.body_text()),
        )),
        Err(JsonRejection::JsonSyntaxError(_)) => Err(ApiError::malformed("The request body is not valid JSON.")),
        Err(other) => Err(ApiError::malformed(other.body_text())),
    }
}
