use crate::helpers::*;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use saathi_domain::Role;
use saathi_domain::lockout::MAX_FAILURES;
use serde_json::json;

both!(login_returns_token_and_user, |app: TestApp| async move {
    let (id, _) = app.user(Role::Counselor, "meera").await;
    let r = app.login("MEERA", PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body["token"].as_str().is_some_and(|t| t.len() >= 40));
    assert_eq!(r.body["user"]["id"], id);
    assert_eq!(r.body["user"]["role"], "counselor");
    assert_eq!(r.body["user"]["center_id"], app.center_id);
    assert_eq!(r.body["user"]["display_name"], "meera name");
    let me = app.get("/api/v1/me", r.body["token"].as_str().expect("token")).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["id"], id);
    assert_eq!(me.body["language"], "en");
    assert_eq!(me.body["role"], "counselor");
});

both!(login_by_phone, |app: TestApp| async move {
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let r = app
        .post(
            "/api/v1/users",
            &admin,
            json!({"role":"counselor","login":"anita","password":PASSWORD,"display_name":"Anita","phone":"+919812345678"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let r = app.login("+919812345678", PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["user"]["display_name"], "Anita");
});

both!(wrong_password_and_unknown_login_are_401, |app: TestApp| async move {
    app.user(Role::Member, "ravi").await;
    let r = app.login("ravi", "wrong-password").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.code(), "unauthorized");
    let r = app.login("nobody", PASSWORD).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = app.login("", "").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
});

both!(repeated_failures_lock_the_login_across_instances, |app: TestApp| async move {
    app.user(Role::Counselor, "meera").await;
    for i in 1..MAX_FAILURES {
        let r = app.login("meera", "wrong").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "failure {i}");
    }
    let r = app.login("meera", "wrong").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.code(), "rate_limited");
    assert!(r.headers.contains_key(header::RETRY_AFTER));
    // The right password is refused while locked, here and on another instance.
    let r = app.login("meera", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let other = app.second_instance();
    let r =
        send_to(&other, build("POST", "/api/v1/auth/login", None, Some(json!({"login":"meera","password":PASSWORD}))))
            .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    // Another login is not affected.
    app.user(Role::Counselor, "anita").await;
    // Failed logins are in the audit log.
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let a = app.get("/api/v1/audit?action=auth.login_failed", &admin).await;
    assert_eq!(a.body.as_array().map(Vec::len), Some(MAX_FAILURES as usize));
});

both!(a_burst_of_wrong_passwords_is_checked_no_more_often_than_the_limit_allows, |app: TestApp| async move {
    app.user(Role::Counselor, "meera").await;
    // Thirty wrong passwords at once, half of them to another instance.
    let other = app.second_instance();
    let wrong = json!({"login":"meera","password":"wrong"});
    let tries = (0..30).map(|i| {
        let router = if i % 2 == 0 { app.router.clone() } else { other.clone() };
        let body = wrong.clone();
        async move { send_to(&router, build("POST", "/api/v1/auth/login", None, Some(body))).await }
    });
    let answers = futures_util::future::join_all(tries).await;
    let status = |s: StatusCode| answers.iter().filter(|r| r.status == s).count() as i64;
    assert_eq!(status(StatusCode::UNAUTHORIZED), MAX_FAILURES - 1);
    assert_eq!(status(StatusCode::TOO_MANY_REQUESTS), 30 - (MAX_FAILURES - 1));
    assert!(answers.iter().filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS).all(|r| r.code() == "rate_limited"));
    // Only the limit's worth were checked: each one checked and wrong is
    // audited, the others were refused before their password was.
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let a = app.get("/api/v1/audit?action=auth.login_failed", &admin).await;
    let mut counts: Vec<i64> =
        a.body.as_array().expect("entries").iter().filter_map(|e| e["detail"]["count"].as_i64()).collect();
    counts.sort_unstable();
    assert_eq!(counts, (1..=MAX_FAILURES).collect::<Vec<_>>(), "{}", a.text);
    // The right password is refused while locked, here and on the other instance.
    let r = app.login("meera", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.code(), "rate_limited");
    let right = json!({"login":"meera","password":PASSWORD});
    let r = send_to(&other, build("POST", "/api/v1/auth/login", None, Some(right))).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    // A right password that is not the last to be counted still gets in, and
    // clears the count (as one after a few mistakes always did).
    app.user(Role::Counselor, "anita").await;
    for _ in 1..MAX_FAILURES {
        assert_eq!(app.login("anita", "wrong").await.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(app.login("anita", PASSWORD).await.status, StatusCode::OK, "the fifth attempt, and right");
    assert_eq!(app.login("anita", "wrong").await.status, StatusCode::UNAUTHORIZED, "counted from one again");
});

both!(logout_revokes_the_token, |app: TestApp| async move {
    let (_, token) = app.user(Role::Member, "ravi").await;
    assert_eq!(app.get("/api/v1/me", &token).await.status, StatusCode::OK);
    let r = app.call("POST", "/api/v1/auth/logout", Some(&token), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = app.get("/api/v1/me", &token).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.code(), "unauthorized");
    // Logged out twice: 401.
    let r = app.call("POST", "/api/v1/auth/logout", Some(&token), None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
});

both!(no_or_bad_token_is_401, |app: TestApp| async move {
    let r = app.call("GET", "/api/v1/me", None, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = app.get("/api/v1/me", "not-a-token").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = app.call("GET", "/api/v1/members", None, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
});

both!(staff_sessions_expire_when_idle_members_do_not, |app: TestApp| async move {
    // The same database served with a 1 ms staff idle limit.
    let config = saathi_server::Config { staff_idle_ms: 1, ..saathi_server::Config::default() };
    let strict = saathi_server::app(app.store.clone(), config);
    let (_, staff) = app.user(Role::Counselor, "meera").await;
    let (_, member) = app.user(Role::Member, "ravi").await;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let r = send_to(&strict, build("GET", "/api/v1/me", Some(&staff), None)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = send_to(&strict, build("GET", "/api/v1/me", Some(&member), None)).await;
    assert_eq!(r.status, StatusCode::OK);
    // Expired means revoked, for every instance.
    assert_eq!(app.get("/api/v1/me", &staff).await.status, StatusCode::UNAUTHORIZED);
});

both!(malformed_json_is_400_wrong_fields_422_too_large_413, |app: TestApp| async move {
    let req = Request::builder()
        .method("POST")
        .uri("/api/v1/auth/login")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"login\": "))
        .expect("req");
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.code(), "malformed");
    let r = app.call("POST", "/api/v1/auth/login", None, Some(json!({"login": 5}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let big = "x".repeat(saathi_server::BODY_LIMIT + 10);
    let r = app.call("POST", "/api/v1/auth/login", None, Some(json!({"login": big, "password": "x"}))).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.code(), "too_large");
    let req = Request::builder().method("POST").uri("/api/v1/auth/login").body(Body::from("login=x")).expect("req");
    assert_eq!(app.send(req).await.status, StatusCode::BAD_REQUEST);
});

both!(a_role_change_ends_the_users_sessions, |app: TestApp| async move {
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (id, token) = app.user(Role::Counselor, "meera").await;
    let r = app.patch(&format!("/api/v1/users/{id}"), &admin, json!({"role":"peer_mentor"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(app.get("/api/v1/me", &token).await.status, StatusCode::UNAUTHORIZED);
    let r = app.login("meera", PASSWORD).await;
    assert_eq!(r.body["user"]["role"], "peer_mentor");
});

both!(logout_on_one_instance_reaches_the_others_within_the_cache_ttl, |app: TestApp| async move {
    let (_, token) = app.user(Role::Member, "ravi").await;
    let other = app.second_instance();
    // The other instance has seen (and cached) the session.
    assert_eq!(send_to(&other, build("GET", "/api/v1/me", Some(&token), None)).await.status, StatusCode::OK);
    assert_eq!(app.call("POST", "/api/v1/auth/logout", Some(&token), None).await.status, StatusCode::NO_CONTENT);
    // At once on this instance; on the other one within the cache's lifetime.
    assert_eq!(app.get("/api/v1/me", &token).await.status, StatusCode::UNAUTHORIZED);
    tokio::time::sleep(saathi_server::auth::cache::TTL + std::time::Duration::from_millis(100)).await;
    assert_eq!(send_to(&other, build("GET", "/api/v1/me", Some(&token), None)).await.status, StatusCode::UNAUTHORIZED);
});
