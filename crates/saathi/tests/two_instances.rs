//! Two real `saathi serve` processes on one PostgreSQL database behave as
//! one: a message posted through the first arrives on a socket of the
//! second (LISTEN/NOTIFY fan-out). Skipped, loudly, when PostgreSQL is not
//! reachable, unless SAATHI_REQUIRE_PG=1.

use futures_util::StreamExt;
use serde_json::{Value, json};
use sqlx::Connection;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;

fn admin_url() -> String {
    std::env::var("SAATHI_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A fresh database, dropped when this goes.
struct Db {
    admin_url: String,
    name: String,
    url: String,
}

impl Db {
    async fn create() -> Option<Db> {
        let admin_url = admin_url();
        let mut c = match sqlx::PgConnection::connect(&admin_url).await {
            Ok(c) => c,
            Err(e) if std::env::var("SAATHI_REQUIRE_PG").is_ok_and(|v| v == "1") => {
                panic!("PostgreSQL is required (SAATHI_REQUIRE_PG=1) but not reachable at {admin_url}: {e}")
            }
            Err(e) => {
                eprintln!("PostgreSQL not reachable at {admin_url} ({e}): two-instance test SKIPPED");
                return None;
            }
        };
        let name = format!("saathi_two_{}", std::process::id());
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
            .execute(&mut c)
            .await
            .expect("drop old");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut c).await.expect("create");
        let base = admin_url.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap_or(admin_url.clone());
        Some(Db { url: format!("{base}/{name}"), admin_url, name })
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(async {
                if let Ok(mut c) = sqlx::PgConnection::connect(&admin_url).await {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                        .execute(&mut c)
                        .await;
                }
            });
        })
        .join();
    }
}

/// A running `saathi serve`, stopped when this goes.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

fn serve(db: &str, key: &std::path::Path, port: u16, extra: &[&str]) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_saathi"))
        .arg("--database-url")
        .arg(db)
        .args(["serve", "--insecure-cookies", "--addr", &format!("127.0.0.1:{port}")])
        .args(extra)
        .env("SAATHI_SECRET_KEY_FILE", key)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn serve");
    Server(child)
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
    let body = resp.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn wait_ready(port: u16, server: &mut Server) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(120) {
        if let Ok(Some(status)) = server.0.try_wait() {
            panic!("server exited early: {status}");
        }
        if TcpStream::connect(("127.0.0.1", port)).is_ok() && http(port, "GET", "/readyz", None, None).0 == 200 {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("server on {port} not ready");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_posted_to_one_instance_arrives_on_a_socket_of_the_other() {
    let Some(db) = Db::create().await else { return };
    let dir = tempfile::tempdir().expect("dir");
    let key = dir.path().join("notes.key");
    let (p1, p2) = (free_port(), free_port());
    // The first loads the demo centre (and migrates); the second joins it.
    let mut one = serve(&db.url, &key, p1, &["--demo"]);
    wait_ready(p1, &mut one);
    let mut two = serve(&db.url, &key, p2, &[]);
    wait_ready(p2, &mut two);

    let (status, login) =
        http(p1, "POST", "/api/v1/auth/login", None, Some(json!({ "login": "member", "password": "saathi-demo" })));
    assert_eq!(status, 200, "{login}");
    let token = login["token"].as_str().expect("token").to_string();
    let (_, rooms) = http(p1, "GET", "/api/v1/rooms", Some(&token), None);
    let room = rooms[0]["id"].as_str().expect("the demo member has a room").to_string();

    let (mut ws, _) =
        tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{p2}/api/v1/ws?token={token}")).await.expect("ws");
    let mut next = async || loop {
        let m = tokio::time::timeout(Duration::from_secs(2), ws.next()).await.ok()?.expect("open").expect("frame");
        if let Message::Text(t) = m {
            return Some(serde_json::from_str::<Value>(&t).expect("json"));
        }
    };
    let hello = next().await.expect("hello");
    assert_eq!(hello["type"], "hello");
    assert!(hello["rooms"].as_array().is_some_and(|r| r.iter().any(|x| x["id"] == room.as_str())), "{hello}");

    // The second instance listens from its start; a few tries allow for it
    // still connecting on a slow machine.
    let mut got = None;
    'tries: for i in 0..10 {
        let text = format!("across instances {i}");
        let (status, posted) =
            http(p1, "POST", &format!("/api/v1/rooms/{room}/messages"), Some(&token), Some(json!({ "body": text })));
        assert_eq!(status, 201, "{posted}");
        while let Some(f) = next().await {
            if f["type"] == "message" && f["message"]["id"] == posted["id"] {
                got = Some(f);
                break 'tries;
            }
        }
    }
    let f = got.expect("the message reached the other instance's socket");
    assert_eq!(f["message"]["room_id"], room.as_str());
    assert_eq!(f["message"]["mine"], true);
    assert!(f["message"]["seq"].as_i64().is_some_and(|s| s > 0));
    drop((one, two));
}
