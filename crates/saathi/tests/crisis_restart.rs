//! Crisis escalation survives a crash: real `saathi serve` processes, a
//! 2-second acknowledgement timeout, SIGKILL right after the alert is
//! raised, a restart, and tier 2 still fires on time (checked through the
//! API's steps). On PostgreSQL, two instances run together: one is killed,
//! the other escalates on time, the killed one comes back, and every tier
//! is told exactly once.

use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "a-good-password";
const TIMEOUT_S: i64 = 2;

fn saathi_stdin(db: &str, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_saathi"))
        .arg("--database-url")
        .arg(db)
        .args(args)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write");
    child.wait_with_output().expect("wait")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// One HTTP/1.1 exchange: (status, JSON body).
fn http(port: u16, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> (u16, Value) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).expect("write");
    let mut resp = String::new();
    s.read_to_string(&mut resp).expect("read");
    let status = resp.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = resp.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

/// A serving process, killed (SIGKILL) when dropped, so none outlives a failed test.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(db: &str, port: u16) -> Server {
    Server(
        Command::new(env!("CARGO_BIN_EXE_saathi"))
            .arg("--database-url")
            .arg(db)
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .args(["--crisis-timeout-seconds", &TIMEOUT_S.to_string()])
            .env("RUST_LOG", "warn")
            .env_remove("SAATHI_SMTP")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn serve"),
    )
}

fn wait_ready(port: u16, server: &mut Server) {
    let child = &mut server.0;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("server exited early: {status}");
        }
        if TcpStream::connect(("127.0.0.1", port)).is_ok() && http(port, "GET", "/readyz", None, None).0 == 200 {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("server not ready");
}

/// Kills the process outright (SIGKILL: no graceful shutdown).
fn kill(server: Server) {
    drop(server);
}

fn user(db: &str, center: &str, role: &str, login: &str) -> String {
    let o = saathi_stdin(
        db,
        &["user", "add", "--role", role, "--login", login, "--name", login, "--center", center, "--password-stdin"],
        PASSWORD,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

fn login(port: u16, login: &str) -> String {
    let (s, b) = http(port, "POST", "/api/v1/auth/login", None, Some(json!({"login": login, "password": PASSWORD})));
    assert_eq!(s, 200, "{b}");
    b["token"].as_str().expect("token").to_string()
}

struct Setup {
    counselor: String,
    member: String,
    admin: String,
}

/// A centre with an admin, an on-call counsellor (every hour), a peer
/// mentor and their mentee, through the CLI and the API of a server on `port`.
fn setup(db: &str, port: u16) -> Setup {
    let o = Command::new(env!("CARGO_BIN_EXE_saathi"))
        .args(["--database-url", db, "center", "add", "--name", "Crash Kendra"])
        .output()
        .expect("center add");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let center = String::from_utf8_lossy(&o.stdout).trim().to_string();
    user(db, &center, "admin", "admin");
    let counselor_id = user(db, &center, "counselor", "oncall");
    let mentor_id = user(db, &center, "peer_mentor", "mentor");
    let mut child = serve(db, port);
    wait_ready(port, &mut child);
    let counselor = login(port, "oncall");
    let admin = login(port, "admin");
    let (s, b) = http(
        port,
        "POST",
        "/api/v1/members",
        Some(&counselor),
        Some(json!({
            "login": "ravi", "password": PASSWORD, "display_name": "Ravi", "full_name": "Ravi Kumar",
            "gender": "male", "birth_year": 1990, "language": "en", "substances": ["alcohol"],
            "stage": "rehabilitation", "sobriety_start": "2026-01-01"
        })),
    );
    assert_eq!(s, 201, "{b}");
    let member_id = b["id"].as_str().expect("id").to_string();
    let (s, b) = http(
        port,
        "POST",
        "/api/v1/mentorships",
        Some(&counselor),
        Some(json!({"mentor_id": mentor_id, "mentee_id": member_id})),
    );
    assert_eq!(s, 201, "{b}");
    let slots: Vec<Value> = (0..7)
        .flat_map(|d| (0..24).map(move |h| (d, h)))
        .map(|(d, h)| json!({"weekday": d, "hour": h, "user_id": counselor_id}))
        .collect();
    let (s, b) = http(port, "PUT", "/api/v1/on-call", Some(&counselor), Some(json!({ "slots": slots })));
    assert_eq!(s, 200, "{b}");
    let member = login(port, "ravi");
    kill(child);
    Setup { counselor, member, admin }
}

fn ms(v: &Value) -> i64 {
    chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap_or("")).map(|t| t.timestamp_millis()).unwrap_or(i64::MIN)
}

fn steps(port: u16, token: &str, id: &str) -> Value {
    let (s, b) = http(port, "GET", &format!("/api/v1/crisis/alerts/{id}"), Some(token), None);
    assert_eq!(s, 200, "{b}");
    b
}

fn count(alert: &Value, kind: &str, tier: i64) -> usize {
    alert["steps"].as_array().map_or(0, |a| a.iter().filter(|s| s["kind"] == kind && s["tier"] == tier).count())
}

/// Waits until the alert's step `kind`/`tier` exists; returns the alert.
fn wait_step(port: u16, token: &str, id: &str, tier: i64, within: Duration) -> Value {
    let start = Instant::now();
    loop {
        let a = steps(port, token, id);
        if count(&a, "notified", tier) > 0 {
            return a;
        }
        assert!(start.elapsed() < within, "tier {tier} not notified within {within:?}: {a}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn step_at(alert: &Value, tier: i64) -> i64 {
    alert["steps"]
        .as_array()
        .and_then(|a| a.iter().find(|s| s["kind"] == "notified" && s["tier"] == tier))
        .map_or(i64::MIN, |s| ms(&s["at"]))
}

fn crisis_notifications(port: u16, token: &str) -> usize {
    let (s, b) = http(port, "GET", "/api/v1/notifications?limit=100", Some(token), None);
    assert_eq!(s, 200, "{b}");
    b["items"].as_array().map_or(0, |a| a.iter().filter(|n| n["kind"] == "crisis").count())
}

#[test]
fn escalation_fires_on_time_after_a_sigkill_and_restart_sqlite() {
    let dir = tempfile::tempdir().expect("dir");
    let db = format!("sqlite://{}/saathi.db", dir.path().display());
    let port = free_port();
    let s = setup(&db, port);

    let mut first = serve(&db, port);
    wait_ready(port, &mut first);
    let (st, b) = http(port, "POST", "/api/v1/crisis", Some(&s.member), Some(json!({})));
    assert_eq!(st, 201, "{b}");
    let id = b["alert_id"].as_str().expect("id").to_string();
    // Killed at once: tier 2 is due in 2 s and only the database knows it.
    kill(first);

    let mut second = serve(&db, port);
    wait_ready(port, &mut second);
    let a = wait_step(port, &s.counselor, &id, 2, Duration::from_secs(10));
    let due = ms(&a["created_at"]) + TIMEOUT_S * 1000;
    let late = step_at(&a, 2) - due;
    assert!((0..1000).contains(&late), "tier 2 fired {late} ms after its due time");
    assert_eq!(count(&a, "notified", 1), 1);
    assert_eq!(count(&a, "notified", 2), 1);
    assert_eq!(crisis_notifications(port, &s.counselor), 1);
    // Tier 3 follows after another timeout; then nothing more.
    let a = wait_step(port, &s.admin, &id, 3, Duration::from_secs(10));
    assert!((0..1000).contains(&(step_at(&a, 3) - step_at(&a, 2) - TIMEOUT_S * 1000)));
    std::thread::sleep(Duration::from_millis(600));
    let a = steps(port, &s.admin, &id);
    assert_eq!((count(&a, "notified", 2), count(&a, "notified", 3)), (1, 1));
    assert_eq!(a["next_at"], Value::Null);
    kill(second);
}

#[test]
fn two_instances_on_postgres_escalate_once_even_when_one_is_killed() {
    use sqlx::Connection;
    let admin_url =
        std::env::var("SAATHI_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("rt");
    let name = format!("saathi_crisis_{}", std::process::id());
    let created = rt.block_on(async {
        let mut c = sqlx::PgConnection::connect(&admin_url).await.ok()?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut c).await.ok()?;
        Some(())
    });
    if created.is_none() {
        assert_ne!(std::env::var("SAATHI_REQUIRE_PG").as_deref(), Ok("1"), "PostgreSQL is required but not reachable");
        eprintln!("PostgreSQL not reachable: SKIPPED");
        return;
    }
    let base = admin_url.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap_or(admin_url.clone());
    let db = format!("{base}/{name}");
    let result = std::panic::catch_unwind(|| {
        let (pa, pb) = (free_port(), free_port());
        let s = setup(&db, pa);
        let mut a = serve(&db, pa);
        let mut b = serve(&db, pb);
        wait_ready(pa, &mut a);
        wait_ready(pb, &mut b);
        let (st, body) = http(pa, "POST", "/api/v1/crisis", Some(&s.member), Some(json!({})));
        assert_eq!(st, 201, "{body}");
        let id = body["alert_id"].as_str().expect("id").to_string();
        kill(a);
        // The survivor escalates on time.
        let al = wait_step(pb, &s.counselor, &id, 2, Duration::from_secs(10));
        let late = step_at(&al, 2) - (ms(&al["created_at"]) + TIMEOUT_S * 1000);
        assert!((0..1000).contains(&late), "tier 2 fired {late} ms after its due time");
        // The killed one comes back; both run; tier 3 is still told once.
        let mut a = serve(&db, pa);
        wait_ready(pa, &mut a);
        wait_step(pa, &s.admin, &id, 3, Duration::from_secs(10));
        std::thread::sleep(Duration::from_millis(800));
        let al = steps(pb, &s.admin, &id);
        assert_eq!((count(&al, "notified", 1), count(&al, "notified", 2), count(&al, "notified", 3)), (1, 1, 1));
        assert_eq!(crisis_notifications(pa, &s.counselor), 1);
        assert_eq!(crisis_notifications(pb, &s.admin), 1);
        kill(a);
        kill(b);
    });
    rt.block_on(async {
        if let Ok(mut c) = sqlx::PgConnection::connect(&admin_url).await {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                .execute(&mut c)
                .await;
        }
    });
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}
