use crate::helpers::*;
use axum::http::StatusCode;
use saathi_domain::Role;
use serde_json::json;

both!(staff_read_the_centre_with_national_helplines, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let r = app.get(&format!("/api/v1/centers/{}", app.center_id), &counselor).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["timezone"], "Asia/Kolkata");
    let phones: Vec<&str> =
        r.body["helplines"].as_array().expect("list").iter().filter_map(|h| h["phone"].as_str()).collect();
    assert_eq!(phones, ["14416", "14446", "112"]);
    assert_eq!(r.body["crisis_ack_timeout_seconds"], 300);
    assert_eq!(r.body["mentor_min_sober_days"], 180);
    assert_eq!(r.body["mentor_capacity"], 3);
    assert!(r.body["alumni_nudge_weeks"].is_i64());
    for (i, role) in [Role::Member, Role::Family].into_iter().enumerate() {
        let (_, t) = app.user(role, &format!("u{i}")).await;
        assert_eq!(app.get(&format!("/api/v1/centers/{}", app.center_id), &t).await.status, StatusCode::FORBIDDEN);
    }
    let (other, other_admin, _) = app.other_center().await;
    assert_eq!(app.get(&format!("/api/v1/centers/{other}"), &counselor).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!("/api/v1/centers/{}", app.center_id), &other_admin).await.status,
        StatusCode::NOT_FOUND
    );
});

both!(admins_change_settings_and_helplines, |app: TestApp| async move {
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let path = format!("/api/v1/centers/{}", app.center_id);
    let patch = json!({
        "name": "Navjeevan Kendra",
        "timezone": "Asia/Kathmandu",
        "helplines": [{"name":"Tele-MANAS","phone":"14416"}, {"name":"Front desk","phone":"+912024567890"}],
        "crisis_ack_timeout_seconds": 120
    });
    assert_eq!(app.patch(&path, &counselor, patch.clone()).await.status, StatusCode::FORBIDDEN);
    let r = app.patch(&path, &admin, patch).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["name"], "Navjeevan Kendra");
    assert_eq!(r.body["timezone"], "Asia/Kathmandu");
    assert_eq!(r.body["crisis_ack_timeout_seconds"], 120);
    let phones: Vec<&str> =
        r.body["helplines"].as_array().expect("list").iter().filter_map(|h| h["phone"].as_str()).collect();
    assert_eq!(phones, ["14416", "14446", "112", "+912024567890"], "national numbers cannot be removed");
    let r = app
        .patch(
            &path,
            &admin,
            json!({"timezone":"Mars/Base","crisis_ack_timeout_seconds":0,"helplines":[{"name":"","phone":"abc"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.fields(), ["timezone", "helplines", "helplines", "crisis_ack_timeout_seconds"]);
    let r = app.patch(&path, &admin, json!({"colour":"blue"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let (other, other_admin, _) = app.other_center().await;
    assert_eq!(app.patch(&path, &other_admin, json!({"name":"Mine"})).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.patch(&format!("/api/v1/centers/{other}"), &admin, json!({"name":"Mine"})).await.status,
        StatusCode::NOT_FOUND
    );
    let a = app.get("/api/v1/audit?action=center.update", &admin).await;
    assert_eq!(a.body.as_array().map(Vec::len), Some(1));
});
