//! The `saathi` command as an operator uses it: real processes on real databases.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn saathi(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_saathi"))
        .arg("--database-url")
        .arg(db)
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run saathi")
}

fn saathi_stdin(db: &str, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_saathi"))
        .arg("--database-url")
        .arg(db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write");
    child.wait_with_output().expect("wait")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn sqlite_db() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}/saathi.db", dir.path().display());
    (dir, url)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// A minimal HTTP/1.1 exchange, enough to prove the server answers.
fn http(port: u16, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let body = body.unwrap_or("");
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).expect("write");
    let mut resp = String::new();
    s.read_to_string(&mut resp).expect("read");
    let status = resp.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = resp.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

fn serve(db: &str, port: u16, extra: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_saathi"))
        .arg("--database-url")
        .arg(db)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .args(extra)
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn serve")
}

fn wait_ready(port: u16, child: &mut Child) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("server exited early: {status}");
        }
        if TcpStream::connect(("127.0.0.1", port)).is_ok() && http(port, "GET", "/readyz", None).0 == 200 {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("server not ready");
}

fn stop(mut child: Child) -> (std::process::ExitStatus, String) {
    let pid = child.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().expect("kill");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut e = String::new();
            if let Some(mut s) = child.stderr.take() {
                let _ = s.read_to_string(&mut e);
            }
            return (status, e);
        }
        assert!(start.elapsed() < Duration::from_secs(10), "no graceful stop within 10 s");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn center_and_user_add_print_ids_alone_and_the_admin_can_sign_in() {
    let (_dir, db) = sqlite_db();
    let o = saathi(&db, &["center", "add", "--name", "Navjeevan Kendra"]);
    assert!(o.status.success(), "{}", err(&o));
    let center = out(&o);
    assert_eq!(center.trim().len(), 32, "only the id on stdout: {center:?}");
    assert_eq!(center.lines().count(), 1);
    let center = center.trim();

    let o = saathi(&db, &["user", "add", "--role", "admin", "--login", "asha", "--name", "Asha", "--center", center]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(out(&o).trim().len(), 32);
    let stderr = err(&o);
    let password = stderr
        .lines()
        .find_map(|l| l.strip_prefix("one-time password: "))
        .expect("generated password on stderr")
        .trim()
        .to_string();

    let o = saathi_stdin(
        &db,
        &[
            "user",
            "add",
            "--role",
            "counselor",
            "--login",
            "meera",
            "--name",
            "Meera",
            "--center",
            center,
            "--password-stdin",
        ],
        "meera-secret-1\n",
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(!err(&o).contains("one-time password"));

    let port = free_port();
    let mut child = serve(&db, port, &[]);
    wait_ready(port, &mut child);
    let (status, body) =
        http(port, "POST", "/api/v1/auth/login", Some(&format!("{{\"login\":\"asha\",\"password\":\"{password}\"}}")));
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"role\":\"admin\""));
    let (status, _) =
        http(port, "POST", "/api/v1/auth/login", Some("{\"login\":\"meera\",\"password\":\"meera-secret-1\"}"));
    assert_eq!(status, 200);
    let (status, e) = stop(child);
    assert!(status.success(), "graceful shutdown exits 0: {status}");
    assert!(e.contains("shutting down"), "{e}");
}

#[test]
fn bad_input_is_refused_clearly() {
    let (_dir, db) = sqlite_db();
    let o = saathi(&db, &["center", "add", "--name", "X", "--timezone", "Mars/Base"]);
    assert!(!o.status.success());
    assert!(err(&o).contains("timezone"), "{}", err(&o));
    assert!(out(&o).is_empty());
    let o = saathi(&db, &["user", "add", "--role", "wizard", "--login", "x1x", "--name", "X", "--center", "nope"]);
    assert!(!o.status.success());
    assert!(err(&o).contains("unknown role"));
    let o = saathi(&db, &["user", "add", "--role", "admin", "--login", "x1x", "--name", "X", "--center", "nope"]);
    assert!(err(&o).contains("no centre"), "{}", err(&o));
    let center = out(&saathi(&db, &["center", "add", "--name", "K"])).trim().to_string();
    let o = saathi_stdin(
        &db,
        &["user", "add", "--role", "admin", "--login", "x1x", "--name", "X", "--center", &center, "--password-stdin"],
        "short\n",
    );
    assert!(!o.status.success());
    assert!(err(&o).contains("password"), "{}", err(&o));
    let o = saathi(&db, &["user", "add", "--role", "admin", "--login", "x1x", "--name", "X", "--center", &center]);
    assert!(o.status.success());
    let o = saathi(&db, &["user", "add", "--role", "admin", "--login", "X1X", "--name", "X", "--center", &center]);
    assert!(!o.status.success(), "duplicate login");
    assert!(err(&o).contains("login"), "{}", err(&o));
    let o = saathi("mysql://nowhere", &["migrate"]);
    assert!(!o.status.success());
    assert!(err(&o).contains("sqlite://"), "{}", err(&o));
}

#[test]
fn empty_database_explains_first_steps_and_demo_refuses_non_empty() {
    let (_dir, db) = sqlite_db();
    let port = free_port();
    let mut child = serve(&db, port, &[]);
    wait_ready(port, &mut child);
    let (_, e) = stop(child);
    assert!(
        e.contains("saathi --database-url") && e.contains("center add") && e.contains("user add --role admin"),
        "{e}"
    );

    saathi(&db, &["center", "add", "--name", "K"]);
    let o = saathi(&db, &["serve", "--demo", "--addr", &format!("127.0.0.1:{}", free_port())]);
    assert!(!o.status.success());
    assert!(err(&o).contains("already holds data"), "{}", err(&o));
}

#[test]
fn demo_prints_logins_that_work() {
    let (_dir, db) = sqlite_db();
    let port = free_port();
    let mut child = serve(&db, port, &["--demo"]);
    wait_ready(port, &mut child);
    let (status, body) =
        http(port, "POST", "/api/v1/auth/login", Some("{\"login\":\"counselor\",\"password\":\"saathi-demo\"}"));
    assert_eq!(status, 200, "{body}");
    let (_, e) = stop(child);
    for login in ["admin", "counselor", "member"] {
        assert!(e.contains(&format!("login: {login} ")), "{login} printed: {e}");
    }
    // The kiosk codes and PINs of a few members, for the centre's tablet.
    assert!(e.contains("member code: 482913") && e.contains("PIN: 2580"), "kiosk codes printed: {e}");
}

#[test]
fn backup_copies_and_never_overwrites() {
    let (dir, db) = sqlite_db();
    let center = out(&saathi(&db, &["center", "add", "--name", "K"])).trim().to_string();
    let dest = dir.path().join("backup.db");
    let o = saathi(&db, &["backup", dest.to_str().expect("path")]);
    assert!(o.status.success(), "{}", err(&o));
    // The copy is a working database with the centre in it.
    let copy = format!("sqlite://{}", dest.display());
    let o = saathi(&copy, &["user", "add", "--role", "admin", "--login", "asha", "--name", "A", "--center", &center]);
    assert!(o.status.success(), "{}", err(&o));
    let o = saathi(&db, &["backup", dest.to_str().expect("path")]);
    assert!(!o.status.success());
    assert!(err(&o).contains("already exists"));
}

#[test]
fn migrate_and_center_add_on_postgres() {
    use sqlx::Connection;
    let admin =
        std::env::var("SAATHI_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("rt");
    let name = format!("saathi_cli_{}", std::process::id());
    let created = rt.block_on(async {
        let mut c = sqlx::PgConnection::connect(&admin).await.ok()?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut c).await.ok()?;
        Some(())
    });
    if created.is_none() {
        assert_ne!(std::env::var("SAATHI_REQUIRE_PG").as_deref(), Ok("1"), "PostgreSQL is required but not reachable");
        eprintln!("PostgreSQL not reachable: SKIPPED");
        return;
    }
    let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap_or(admin.clone());
    let db = format!("{base}/{name}");
    let o = saathi(&db, &["migrate"]);
    let o2 = saathi(&db, &["center", "add", "--name", "PG Kendra"]);
    let o3 = saathi(&db, &["backup", "/tmp/never"]);
    rt.block_on(async {
        if let Ok(mut c) = sqlx::PgConnection::connect(&admin).await {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                .execute(&mut c)
                .await;
        }
    });
    assert!(o.status.success(), "{}", err(&o));
    assert!(o2.status.success(), "{}", err(&o2));
    assert_eq!(out(&o2).trim().len(), 32);
    assert!(!o3.status.success());
    assert!(err(&o3).contains("pg_dump"), "{}", err(&o3));
}

/// Each sign-in hashes with 19 MiB of working memory. With glibc's malloc
/// left to itself, later copies came from the heap, where small allocations
/// then pinned each freed one: a dozen sign-ins left the server 200 MB
/// larger. The binary's allocator (jemalloc, see `main.rs`) reuses and
/// gives the memory back. (A bound far above the server's normal size, far
/// below what the growth reached: not a timing, a leak guard.)
#[test]
fn sign_ins_give_their_hashing_memory_back() {
    let (_dir, db) = sqlite_db();
    let o = saathi(&db, &["center", "add", "--name", "Navjeevan Kendra"]);
    assert!(o.status.success(), "{}", err(&o));
    let center = out(&o).trim().to_string();
    let o = saathi_stdin(
        &db,
        &[
            "user",
            "add",
            "--role",
            "admin",
            "--login",
            "asha",
            "--name",
            "Asha",
            "--center",
            &center,
            "--password-stdin",
        ],
        "asha-secret-1\n",
    );
    assert!(o.status.success(), "{}", err(&o));
    let port = free_port();
    let mut child = serve(&db, port, &[]);
    wait_ready(port, &mut child);
    for _ in 0..16 {
        let (status, body) =
            http(port, "POST", "/api/v1/auth/login", Some("{\"login\":\"asha\",\"password\":\"asha-secret-1\"}"));
        assert_eq!(status, 200, "{body}");
    }
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).expect("status");
    let rss_kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("VmRSS");
    stop(child);
    assert!(rss_kib < 150 * 1024, "server RSS {} MB after 16 sign-ins", rss_kib / 1024);
}
