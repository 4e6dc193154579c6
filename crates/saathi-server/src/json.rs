//! A JSON body extractor whose refusals use the API's error format:
//! malformed JSON → 400, well-formed but wrong fields/types → 422,
//! too large → 413.

use crate::error::ApiError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rej) => Err(match rej {
                JsonRejection::JsonDataError(e) => ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid",
                    format!("The request body has a missing or wrong field: {}", e.body_text()),
                ),
                JsonRejection::JsonSyntaxError(_) => ApiError::malformed("The request body is not valid JSON."),
                JsonRejection::MissingJsonContentType(_) => {
                    ApiError::malformed("Send the body as JSON with Content-Type: application/json.")
                }
                JsonRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "The request body is too large.")
                }
                other => ApiError::malformed(other.body_text()),
            }),
        }
    }
}
