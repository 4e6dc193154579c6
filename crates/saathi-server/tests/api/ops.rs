use crate::helpers::*;
use axum::http::StatusCode;
use saathi_domain::Role;

both!(health_readiness_metrics_openapi, |app: TestApp| async move {
    assert_eq!(app.call("GET", "/healthz", None, None).await.status, StatusCode::OK);
    assert_eq!(app.call("GET", "/readyz", None, None).await.status, StatusCode::OK);
    let (_, t) = app.user(Role::Member, "ravi").await;
    app.get("/api/v1/me", &t).await;
    let m = app.call("GET", "/metrics", None, None).await;
    assert_eq!(m.status, StatusCode::OK);
    assert!(
        m.text.contains("saathi_http_requests_total{method=\"GET\",route=\"/api/v1/me\",status=\"200\"}"),
        "{}",
        m.text
    );
    assert!(m.text.contains("saathi_http_request_duration_seconds_bucket"));
    assert!(m.text.contains("saathi_db_pool_connections"));
    let o = app.call("GET", "/api/openapi.json", None, None).await;
    assert_eq!(o.status, StatusCode::OK);
    assert!(o.body["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")));
    for path in [
        "/api/v1/auth/login",
        "/api/v1/me",
        "/api/v1/members",
        "/api/v1/members/{id}",
        "/api/v1/users",
        "/api/v1/audit",
        "/api/v1/centers/{id}",
    ] {
        assert!(o.body["paths"][path].is_object(), "{path} documented");
    }
    assert!(o.body["paths"]["/api/v1/members"]["post"].is_object());
    let r = app.call("GET", "/api/v1/nothing-here", None, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.code(), "not_found");
});

both!(readyz_fails_when_the_database_is_gone, |app: TestApp| async move {
    app.store.close().await;
    assert_eq!(app.call("GET", "/readyz", None, None).await.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(app.call("GET", "/healthz", None, None).await.status, StatusCode::OK);
});

#[tokio::test]
async fn sqlite_backup_is_a_consistent_copy() {
    let app = TestApp::new(saathi_store::Backend::Sqlite).await.expect("app");
    let (_, admin) = app.user(Role::Admin, "admin").await;
    app.member(&admin, "ravi", "Ravi").await;
    let dir = tempfile::tempdir().expect("dir");
    let dest = dir.path().join("copy.db");
    app.store.backup(&dest).await.expect("backup");
    let copy = saathi_store::Store::connect(&format!("sqlite://{}", dest.display())).await.expect("open copy");
    let m = copy
        .list_members(&app.center_id, &saathi_store::MemberQuery { limit: 10, ..Default::default() })
        .await
        .expect("list");
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].display_name, "Ravi");
}

#[tokio::test]
async fn postgres_backup_points_to_pg_dump() {
    let Some(app) = TestApp::new(saathi_store::Backend::Postgres).await else { return };
    let dir = tempfile::tempdir().expect("dir");
    let err = app.store.backup(&dir.path().join("x")).await.expect_err("unsupported");
    assert!(err.to_string().contains("pg_dump"));
}

both!(checkpoints_keep_every_write, |app: TestApp| async move {
    // The serving instance checkpoints SQLite's log every second; written
    // rows are all there after it (and it is a no-op on PostgreSQL).
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    for i in 0..20 {
        let r = app
            .post(
                "/api/v1/groups",
                &counselor,
                serde_json::json!({
                    "name": format!("Checkpoint {i}"), "kind": "support", "modality": "online"
                }),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    }
    app.store.checkpoint().await.expect("checkpoint");
    let r = app.get("/api/v1/groups?limit=100", &counselor).await;
    assert_eq!(r.status, StatusCode::OK);
    let names = r.text.matches("Checkpoint ").count();
    assert_eq!(names, 20, "{}", r.text);
    if app.store.backend() == saathi_store::Backend::Sqlite {
        // Nothing is left in the log that the database file lacks.
        sqlx::any::install_default_drivers();
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&app.url).await.expect("connect");
        let row = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").fetch_one(&mut conn).await.expect("pragma");
        let (log, done): (i64, i64) = (sqlx::Row::get(&row, 1), sqlx::Row::get(&row, 2));
        assert_eq!(log, done, "every page of the log is in the database");
    }
});
