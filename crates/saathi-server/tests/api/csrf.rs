use crate::helpers::*;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use saathi_domain::Role;

fn with_cookie(path: &str, cookie: String, csrf_header: Option<&str>, site: Option<&str>) -> Request<Body> {
    let mut b = Request::builder().method("POST").uri(path).header(header::COOKIE, cookie);
    if let Some(t) = csrf_header {
        b = b.header("x-csrf-token", t);
    }
    if let Some(s) = site {
        b = b.header("sec-fetch-site", s);
    }
    b.body(Body::empty()).expect("req")
}

both!(cookie_sessions_need_the_csrf_token, |app: TestApp| async move {
    let (_, token) = app.user(Role::Member, "ravi").await;
    // No token at all.
    let r = app.send(with_cookie("/api/v1/auth/logout", format!("saathi_session={token}"), None, None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.code(), "csrf");
    // A token that does not match the cookie.
    let r = app
        .send(with_cookie("/api/v1/auth/logout", format!("saathi_session={token}; saathi_csrf=abc"), Some("abd"), None))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A cross-site request, even with the token.
    let r = app
        .send(with_cookie(
            "/api/v1/auth/logout",
            format!("saathi_session={token}; saathi_csrf=abc"),
            Some("abc"),
            Some("cross-site"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/me", &token).await.status, StatusCode::OK, "still signed in");
    // The matching token passes.
    let r = app
        .send(with_cookie("/api/v1/auth/logout", format!("saathi_session={token}; saathi_csrf=abc"), Some("abc"), None))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/me", &token).await.status, StatusCode::UNAUTHORIZED);
});

both!(a_page_visit_gets_a_csrf_cookie_api_calls_do_not, |app: TestApp| async move {
    let (_, token) = app.user(Role::Member, "ravi").await;
    let r = app.get("/api/v1/me", &token).await;
    assert!(r.headers.get(header::SET_COOKIE).is_none());
    let r = app.call("GET", "/login", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    let cookies: Vec<String> =
        r.headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok().map(str::to_string)).collect();
    let c = cookies.iter().find(|c| c.starts_with("saathi_csrf=")).expect("csrf cookie");
    assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.contains("Secure"), "{c}");
});
