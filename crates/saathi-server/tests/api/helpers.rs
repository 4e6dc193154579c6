//! A `TestApp`: the real router over a real, freshly migrated database.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use saathi_domain::Role;
use saathi_server::Config;
use saathi_server::auth::password;
use saathi_store::{Backend, NewCenter, NewUser, Store, now_ms};
use serde_json::{Value, json};
use sqlx::Connection;
use tower::ServiceExt;

/// Runs a test body once on SQLite and once on PostgreSQL.
macro_rules! both {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let Some(app) = $crate::helpers::TestApp::new(saathi_store::Backend::Sqlite).await else { return };
                ($body)(app).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(app) = $crate::helpers::TestApp::new(saathi_store::Backend::Postgres).await else { return };
                ($body)(app).await
            }
        }
    };
}

pub const PASSWORD: &str = "a-good-password";

pub struct TestApp {
    pub router: Router,
    pub store: Store,
    pub center_id: String,
    pub url: String,
    _db: DbGuard,
}

/// Removes the test database when the test ends, passed or failed.
enum DbGuard {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl Drop for DbGuard {
    fn drop(&mut self) {
        if let DbGuard::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                rt.block_on(async {
                    if let Ok(mut c) = sqlx::PgConnection::connect(&admin_url).await {
                        let _ =
                            sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                                .execute(&mut c)
                                .await;
                    }
                });
            })
            .join();
        }
    }
}

pub fn pg_admin_url() -> String {
    std::env::var("SAATHI_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn pg_required() -> bool {
    std::env::var("SAATHI_REQUIRE_PG").is_ok_and(|v| v == "1")
}

/// A fresh, empty, migrated database; `None` when PostgreSQL is not reachable (and not required).
pub async fn fresh_db(backend: Backend) -> Option<(Store, String, DbGuardHandle)> {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}/saathi.db", dir.path().display());
            let store = Store::connect(&url).await.expect("connect sqlite");
            store.migrate().await.expect("migrate");
            Some((store, url, DbGuardHandle(DbGuard::Sqlite(dir))))
        }
        Backend::Postgres => {
            let admin_url = pg_admin_url();
            let mut admin = match sqlx::PgConnection::connect(&admin_url).await {
                Ok(c) => c,
                Err(e) if !pg_required() => {
                    eprintln!("PostgreSQL not reachable at {admin_url} ({e}): PostgreSQL test SKIPPED");
                    return None;
                }
                Err(e) => panic!("PostgreSQL is required (SAATHI_REQUIRE_PG=1) but not reachable at {admin_url}: {e}"),
            };
            let name = format!("saathi_t_{}", saathi_store::new_id());
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut admin)
                .await
                .expect("create test database");
            let guard = DbGuardHandle(DbGuard::Postgres { admin_url: admin_url.clone(), name: name.clone() });
            let base = admin_url.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap_or(admin_url);
            let url = format!("{base}/{name}");
            let store = Store::connect(&url).await.expect("connect postgres");
            store.migrate().await.expect("migrate");
            Some((store, url, guard))
        }
    }
}

pub struct DbGuardHandle(DbGuard);

pub struct Res {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Res {
    /// The error code of an error answer.
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }

    /// The fields named in a 422 answer.
    pub fn fields(&self) -> Vec<String> {
        self.body["error"]["fields"]
            .as_array()
            .map(|a| a.iter().filter_map(|f| f["field"].as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    }
}

impl TestApp {
    pub async fn new(backend: Backend) -> Option<TestApp> {
        Self::with_config(backend, Config::default()).await
    }

    pub async fn with_config(backend: Backend, config: Config) -> Option<TestApp> {
        let (store, url, guard) = fresh_db(backend).await?;
        let store = store.with_note_keys(saathi_store::NoteKeys::generate());
        let center = store
            .create_center(&NewCenter { name: "Test Kendra".into(), timezone: "Asia/Kolkata".into() }, now_ms())
            .await
            .expect("center");
        let router = saathi_server::app(store.clone(), config);
        Some(TestApp { router, store, center_id: center.id, url, _db: guard.0 })
    }

    /// Another app (another instance) on the same database.
    pub fn second_instance(&self) -> Router {
        saathi_server::app(self.store.clone(), Config::default())
    }

    pub async fn send(&self, req: Request<Body>) -> Res {
        send_to(&self.router, req).await
    }

    pub async fn call(&self, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> Res {
        self.send(build(method, path, token, body)).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Res {
        self.call("GET", path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Res {
        self.call("POST", path, Some(token), Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Res {
        self.call("PATCH", path, Some(token), Some(body)).await
    }

    pub async fn login(&self, login: &str, password: &str) -> Res {
        self.call("POST", "/api/v1/auth/login", None, Some(json!({ "login": login, "password": password }))).await
    }

    /// A new user of `role` in `center_id`, signed in: (id, token).
    pub async fn user_in(&self, center_id: &str, role: Role, login: &str) -> (String, String) {
        let u = self
            .store
            .create_user(
                &NewUser {
                    center_id: center_id.into(),
                    role,
                    login: login.into(),
                    phone: None,
                    password_hash: password::hash(PASSWORD).expect("hash"),
                    display_name: format!("{login} name"),
                    full_name: None,
                    language: "en".into(),
                },
                None,
                now_ms(),
            )
            .await
            .expect("user");
        let r = self.login(login, PASSWORD).await;
        assert_eq!(r.status, StatusCode::OK, "login {login}: {}", r.text);
        (u.id, r.body["token"].as_str().expect("token").to_string())
    }

    pub async fn user(&self, role: Role, login: &str) -> (String, String) {
        let c = self.center_id.clone();
        self.user_in(&c, role, login).await
    }

    /// A second centre with its own admin and counsellor: (center id, admin token, counsellor token).
    pub async fn other_center(&self) -> (String, String, String) {
        let c = self
            .store
            .create_center(&NewCenter { name: "Other Kendra".into(), timezone: "Asia/Kolkata".into() }, now_ms())
            .await
            .expect("center");
        let (_, admin) = self.user_in(&c.id, Role::Admin, "other-admin").await;
        let (_, counselor) = self.user_in(&c.id, Role::Counselor, "other-counselor").await;
        (c.id, admin, counselor)
    }

    /// Admits a member through the API as `token`; returns the member's id.
    pub async fn member(&self, token: &str, login: &str, name: &str) -> String {
        let r = self.post("/api/v1/members", token, member_body(login, name)).await;
        assert_eq!(r.status, StatusCode::CREATED, "admit {login}: {}", r.text);
        r.body["id"].as_str().expect("id").to_string()
    }
}

pub fn member_body(login: &str, name: &str) -> Value {
    json!({
        "login": login,
        "password": PASSWORD,
        "display_name": name,
        "full_name": format!("{name} Kumar"),
        "gender": "male",
        "birth_year": 1990,
        "language": "hi",
        "substances": ["alcohol"],
        "stage": "detox",
        "sobriety_start": "2026-01-01"
    })
}

pub fn build(method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    match body {
        Some(v) => b.header(header::CONTENT_TYPE, "application/json").body(Body::from(v.to_string())),
        None => b.body(Body::empty()),
    }
    .expect("request")
}

pub async fn send_to(router: &Router, req: Request<Body>) -> Res {
    let resp = router.clone().oneshot(req).await.expect("response");
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp.into_body().collect().await.expect("body").to_bytes();
    let text = String::from_utf8_lossy(&bytes).to_string();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Res { status, headers, body, text }
}

/// A member with a chosen gender, birth year, stage and language; returns (id, token).
pub async fn member_with(
    app: &TestApp,
    staff: &str,
    login: &str,
    gender: &str,
    birth_year: i32,
    stage: &str,
    language: &str,
) -> (String, String) {
    let mut b = member_body(login, login);
    b["gender"] = json!(gender);
    b["birth_year"] = json!(birth_year);
    b["stage"] = json!(stage);
    b["language"] = json!(language);
    let r = app.post("/api/v1/members", staff, b).await;
    assert_eq!(r.status, StatusCode::CREATED, "admit {login}: {}", r.text);
    let id = r.body["id"].as_str().expect("id").to_string();
    let t = app.login(login, PASSWORD).await.body["token"].as_str().expect("token").to_string();
    (id, t)
}

/// A group created by `staff`; returns its id.
pub async fn group(app: &TestApp, staff: &str, body: Value) -> String {
    let r = app.post("/api/v1/groups", staff, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "group: {}", r.text);
    r.body["id"].as_str().expect("id").to_string()
}

pub fn group_body(name: &str, capacity: i64) -> Value {
    json!({ "name": name, "kind": "support", "modality": "in_person", "capacity": capacity })
}

pub async fn enroll(app: &TestApp, staff: &str, group: &str, member: &str) -> Res {
    app.post(&format!("/api/v1/groups/{group}/enrollments"), staff, json!({ "member_id": member })).await
}

/// An ad-hoc session starting now, in a group; returns its id.
pub async fn session_now(app: &TestApp, staff: &str, group: &str) -> String {
    let starts = chrono::Utc::now().to_rfc3339();
    let r = app
        .post(&format!("/api/v1/groups/{group}/sessions"), staff, json!({ "starts_at": starts, "topic": "triggers" }))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "session: {}", r.text);
    r.body["id"].as_str().expect("id").to_string()
}

/// The audit log's reads of a member's record written as `action`, as an
/// admin (`admin`'s token) lists them; each is checked to be on the member.
pub async fn member_reads(app: &TestApp, admin: &str, action: &str, member_id: &str) -> Vec<Value> {
    let r = app.get(&format!("/api/v1/audit?action={action}&target_id={member_id}"), admin).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let rows = r.body.as_array().expect("list").clone();
    for e in &rows {
        assert_eq!((e["target_type"].as_str(), e["target_id"].as_str()), (Some("member"), Some(member_id)), "{e}");
    }
    rows
}
