use crate::helpers::*;
use axum::http::StatusCode;
use saathi_domain::Role;

both!(audit_is_for_admins_of_the_centre_and_filterable, |app: TestApp| async move {
    let (admin_id, admin) = app.user(Role::Admin, "admin").await;
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    app.member(&counselor, "ravi", "Ravi").await;
    assert_eq!(app.get("/api/v1/audit", &counselor).await.status, StatusCode::FORBIDDEN);
    let all = app.get("/api/v1/audit", &admin).await;
    assert_eq!(all.status, StatusCode::OK);
    let actions: Vec<&str> = all.body.as_array().expect("list").iter().filter_map(|e| e["action"].as_str()).collect();
    assert!(actions.contains(&"member.admit") && actions.contains(&"auth.login"), "{actions:?}");
    let mine = app.get(&format!("/api/v1/audit?actor_id={admin_id}&action=auth.login"), &admin).await;
    assert_eq!(mine.body.as_array().map(Vec::len), Some(1));
    let r = app.get("/api/v1/audit?since=yesterday", &admin).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.get("/api/v1/audit?since=2999-01-01T00:00:00Z", &admin).await;
    assert_eq!(r.body.as_array().map(Vec::len), Some(0));
    let page = app.get("/api/v1/audit?limit=1", &admin).await;
    assert_eq!(page.body.as_array().map(Vec::len), Some(1));
    // Another centre's admin sees none of it.
    let (_, other_admin, _) = app.other_center().await;
    let theirs = app.get("/api/v1/audit?action=member.admit", &other_admin).await;
    assert_eq!(theirs.body.as_array().map(Vec::len), Some(0));
});

both!(the_audit_log_cannot_be_changed, |app: TestApp| async move {
    app.user(Role::Admin, "admin").await;
    // The store has no way to change entries; even raw SQL is refused by the database.
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&app.url).await.expect("connect");
    for sql in ["UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"] {
        let r = sqlx::query(sql).execute(&mut conn).await;
        assert!(r.is_err(), "{sql} must fail");
    }
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(&mut conn).await.expect("count");
    assert!(n >= 2);
});
