//! Text as it arrives: the NUL character, which PostgreSQL's text cannot
//! hold, is dropped wherever a request carries text, on both databases alike
//! (before, it failed the write with a 500 on PostgreSQL only).

use crate::helpers::*;
use axum::http::StatusCode;
use saathi_domain::Role;
use serde_json::json;

both!(nul_characters_are_dropped_never_a_server_error, |app: TestApp| async move {
    let (_, staff) = app.user(Role::Counselor, "meera").await;
    let ravi = app.member(&staff, "ravi", "Ravi").await;
    let me = app.login("ravi", PASSWORD).await.body["token"].as_str().expect("token").to_string();

    // In JSON strings: a check-in's note.
    let checkin = json!({ "mood": 3, "craving": 2, "sober": true, "note": "thak\u{0}a hoon\u{0}" });
    let r = app.post("/api/v1/checkins", &me, checkin).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let list = app.get(&format!("/api/v1/members/{ravi}/checkins"), &staff).await;
    assert_eq!(list.body[0]["note"], "thaka hoon", "{}", list.text);

    // The crisis button is never refused for one: the alert is raised.
    let r = app.post("/api/v1/crisis", &me, json!({ "message": "\u{0}madad\u{0}" })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = r.body["alert_id"].as_str().expect("alert id");
    let alert = app.get(&format!("/api/v1/crisis/alerts/{id}"), &staff).await;
    assert_eq!(alert.body["steps"][0]["note"], "madad", "{}", alert.text);

    // In a sign-in: the same login, not a 500.
    assert_eq!(app.login("ra\u{0}vi", PASSWORD).await.status, StatusCode::OK);

    // In the path and the query.
    assert_eq!(app.get("/api/v1/members/%00", &staff).await.status, StatusCode::NOT_FOUND);
    let r = app.get(&format!("/api/v1/members/{ravi}%00"), &staff).await;
    assert_eq!((r.status, r.body["id"].as_str()), (StatusCode::OK, Some(ravi.as_str())), "{}", r.text);
    let r = app.get("/api/v1/members?q=Ra%00vi", &staff).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // An escaped `%` before `00` is text, left alone.
    let r = app.get("/api/v1/members?q=%2500", &staff).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
});

both!(an_unreadable_query_is_400_in_the_apis_error_shape, |app: TestApp| async move {
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (_, staff) = app.user(Role::Counselor, "meera").await;
    let g = group(&app, &staff, group_body("Circle", 8)).await;
    for (path, token) in [
        ("/api/v1/users?limit=abc".to_string(), &admin),
        ("/api/v1/members?limit=-x".to_string(), &staff),
        (format!("/api/v1/groups/{g}/sessions"), &staff),
        ("/api/v1/notifications?limit=1.5".to_string(), &staff),
    ] {
        let r = app.get(&path, token).await;
        assert_eq!(
            (r.status, r.body["error"]["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("malformed")),
            "{path}: {}",
            r.text
        );
        assert!(r.body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{path}");
    }
});
