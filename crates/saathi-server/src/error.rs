//! One error type for the API: it renders as
//! `{"error":{"code","message"}}` (plus `fields` for invalid input) with the
//! status API.md fixes.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use saathi_domain::FieldErrors;
use saathi_domain::policy::Decision;
use saathi_store::StoreError;
use serde_json::json;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub fields: Option<FieldErrors>,
    pub retry_after_secs: Option<i64>,
    /// For 422 `ineligible`: every rule the member fails.
    pub reasons: Option<Vec<saathi_domain::group::Reason>>,
    /// For 422 `agreement_required`: who has not accepted.
    pub member_ids: Option<Vec<String>>,
    /// For 403 `muted`: until when (RFC 3339) the member cannot write in the room.
    pub muted_until: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            fields: None,
            retry_after_secs: None,
            reasons: None,
            member_ids: None,
            muted_until: None,
        }
    }

    pub fn malformed(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "malformed", message)
    }

    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", "Please sign in.")
    }

    pub fn forbidden() -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", "You are not allowed to do this.")
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "Not found.")
    }

    pub fn conflict(field: &'static str) -> Self {
        let mut e = Self::new(StatusCode::CONFLICT, "conflict", format!("{field} is already taken."));
        let mut f = FieldErrors::new();
        f.add(field, "taken");
        e.fields = Some(f);
        e
    }

    pub fn invalid(fields: FieldErrors) -> Self {
        let mut e =
            Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", format!("Some fields are not valid: {fields}."));
        e.fields = Some(fields);
        e
    }

    pub fn invalid_field(field: &'static str, code: &'static str) -> Self {
        let mut f = FieldErrors::new();
        f.add(field, code);
        Self::invalid(f)
    }

    pub fn rate_limited(retry_after_secs: i64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "Too many failed sign-ins. Please wait and try again.",
        );
        e.retry_after_secs = Some(retry_after_secs.max(1));
        e
    }

    /// 403 `muted`: a moderator muted the member in this room until `until_ms`.
    pub fn muted(until_ms: i64) -> Self {
        let until = chrono::DateTime::from_timestamp_millis(until_ms)
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .unwrap_or_default();
        let mut e =
            Self::new(StatusCode::FORBIDDEN, "muted", format!("A moderator has muted you in this room until {until}."));
        e.muted_until = Some(until);
        e
    }

    pub fn internal(err: impl std::fmt::Display) -> Self {
        tracing::error!(error = %err, "internal error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Something went wrong on the server.")
    }

    /// Invalid or conflicting fields: a form shows them beside the fields.
    pub fn is_form_error(&self) -> bool {
        matches!(self.status, StatusCode::UNPROCESSABLE_ENTITY | StatusCode::CONFLICT) && self.fields.is_some()
    }

    /// The code (of the refusal and of each field in it) when someone else
    /// changed a record since it was read: see [`ApiError::changed_meanwhile`].
    pub const CHANGED_MEANWHILE: &'static str = "changed_meanwhile";

    /// 409 `changed_meanwhile`: someone else changed the record since it was
    /// read (`fields`: what changed); nothing was written.
    pub fn changed_meanwhile(fields: FieldErrors, message: impl Into<String>) -> Self {
        let mut e = Self::new(StatusCode::CONFLICT, Self::CHANGED_MEANWHILE, message);
        e.fields = Some(fields);
        e
    }

    /// The fields refused with `code`.
    pub fn fields_with(&self, code: &str) -> Vec<&'static str> {
        self.fields.iter().flat_map(|f| &f.0).filter(|f| f.code == code).map(|f| f.field).collect()
    }

    /// Turns a policy decision into `Ok` or the matching refusal.
    pub fn check(decision: Decision) -> Result<(), ApiError> {
        match decision {
            Decision::Allow => Ok(()),
            Decision::Forbidden => Err(Self::forbidden()),
            Decision::NotFound => Err(Self::not_found()),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(field) => ApiError::conflict(field),
            StoreError::NotFound => ApiError::not_found(),
            other => ApiError::internal(other),
        }
    }
}

impl From<FieldErrors> for ApiError {
    fn from(f: FieldErrors) -> Self {
        ApiError::invalid(f)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": { "code": self.code, "message": self.message } });
        if let Some(fields) = &self.fields {
            body["error"]["fields"] = json!(fields);
        }
        if let Some(ids) = &self.member_ids {
            body["error"]["member_ids"] = json!(ids);
        }
        if let Some(until) = &self.muted_until {
            body["error"]["muted_until"] = json!(until);
        }
        if let Some(reasons) = &self.reasons {
            body["error"]["reasons"] = json!(reasons);
        }
        let mut resp = (self.status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after_secs
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
        resp
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
