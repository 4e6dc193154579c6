//! CSRF protection for cookie sign-ins. Every browser gets a random
//! `saathi_csrf` cookie; a state-changing request from a page must echo it
//! (form field `_csrf` or header `X-CSRF-Token`). Cross-site requests are
//! refused outright (Sec-Fetch-Site / Origin), and the session cookie is
//! SameSite=Lax. API calls with a bearer token need none of this.

use crate::auth::{CSRF_COOKIE, SESSION_COOKIE, cookie, new_token, set_cookie};
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The browser's CSRF token, for forms to render.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// Forms are read here (for their token) up to the largest any route takes;
/// each route's own limit applies after.
const FORM_LIMIT: usize = crate::web::NOTES_FORM_LIMIT;

fn is_safe(m: &Method) -> bool {
    matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn cross_site(headers: &HeaderMap) -> bool {
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return true;
    }
    match (headers.get(header::ORIGIN), headers.get(header::HOST)) {
        (Some(origin), Some(host)) => {
            let origin = origin.to_str().unwrap_or("");
            let host = host.to_str().unwrap_or("");
            let origin_host = origin.split("://").nth(1).unwrap_or(origin);
            origin != "null" && origin_host != host
        }
        _ => false,
    }
}

fn refuse(api: bool) -> Response {
    if api {
        crate::error::ApiError::new(StatusCode::FORBIDDEN, "csrf", "Missing or wrong CSRF token.").into_response()
    } else {
        (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Saathi</title>\
             <p>This form has expired. Please go back, reload the page and try again.</p>\
             <p lang=\"hi\">यह फ़ॉर्म पुराना हो गया है। कृपया वापस जाएँ, पेज फिर से खोलें और दोबारा कोशिश करें।</p>\
             <p><a href=\"/\">Saathi</a></p></html>",
        )
            .into_response()
    }
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let existing = cookie(req.headers(), CSRF_COOKIE).map(str::to_string);
    let api = req.uri().path().starts_with("/api/");
    let mut req = req;
    if !is_safe(req.method()) {
        let has_bearer = req.headers().contains_key(header::AUTHORIZATION);
        let has_session = cookie(req.headers(), SESSION_COOKIE).is_some();
        let needs = if api { !has_bearer && has_session } else { true };
        if needs {
            if cross_site(req.headers()) {
                return refuse(api);
            }
            let Some(expected) = existing.clone() else {
                return refuse(api);
            };
            let header_token = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_string);
            let submitted = match header_token {
                Some(t) => Some(t),
                None if is_form(req.headers()) => {
                    let (parts, body) = req.into_parts();
                    let Ok(bytes) = axum::body::to_bytes(body, FORM_LIMIT).await else {
                        return (StatusCode::PAYLOAD_TOO_LARGE, "The form is too large.").into_response();
                    };
                    let token = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
                        .ok()
                        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "_csrf").map(|(_, v)| v));
                    req = Request::from_parts(parts, Body::from(bytes));
                    token
                }
                None => None,
            };
            match submitted {
                Some(t) if same(&t, &expected) => {}
                _ => return refuse(api),
            }
        }
    }
    // Pages get a token (and a cookie on the first visit); API calls and
    // machine endpoints have no forms, so they get none.
    if api || !wants_token(req.uri().path()) {
        return next.run(req).await;
    }
    let token = existing.clone().unwrap_or_else(new_token);
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut resp = next.run(req).await;
    if existing.is_none()
        && let Ok(v) = HeaderValue::from_str(&set_cookie(CSRF_COOKIE, &token, None, true, state.config.secure_cookies))
    {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

fn wants_token(path: &str) -> bool {
    !(path.starts_with("/assets/")
        || path.starts_with("/calendar/")
        || matches!(path, "/healthz" | "/readyz" | "/metrics"))
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}
