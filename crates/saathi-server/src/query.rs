//! A query-string extractor whose refusal uses the API's error format: a
//! query that cannot be read (`?limit=abc`, a required `from` left out) is
//! 400 `malformed` in JSON with the reason, not axum's plain text. (A value
//! that reads but breaks a rule is the service's 422.)

use crate::error::ApiError;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(v)) => Ok(ApiQuery(v)),
            Err(e) => {
                Err(ApiError::malformed(format!("A query parameter is missing or unreadable: {}", e.body_text())))
            }
        }
    }
}
