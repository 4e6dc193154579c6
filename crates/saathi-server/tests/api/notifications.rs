//! Notifications: one's own list, unread count and marking read; texts
//! that never carry content; the signed webhook and e-mail over SMTP sent
//! by the outbox worker (once, even with two workers); session reminders
//! made once; the webhook's configuration (admins only).

use crate::helpers::*;
use axum::http::StatusCode;
use base64::Engine;
use hmac::{KeyInit, Mac};
use saathi_domain::Role;
use saathi_server::Config;
use saathi_server::jobs;
use saathi_server::jobs::email::SmtpConfig;
use saathi_server::services::notifications as svc;
use saathi_server::state::AppState;
use saathi_store::now_ms;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A state of its own over the test's database, to run the jobs with.
fn state(app: &TestApp, smtp: Option<SmtpConfig>) -> AppState {
    AppState::new(app.store.clone(), Config { smtp, ..Config::default() })
}

async fn list(app: &TestApp, token: &str, query: &str) -> Res {
    let r = app.get(&format!("/api/v1/notifications{query}"), token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r
}

fn kinds(r: &Res) -> Vec<String> {
    r.body["items"].as_array().expect("items").iter().map(|n| n["kind"].as_str().unwrap_or("").to_string()).collect()
}

fn ids(r: &Res) -> Vec<String> {
    r.body["items"].as_array().expect("items").iter().map(|n| n["id"].as_str().unwrap_or("").to_string()).collect()
}

/// Writes a centre's webhook secret in plain text, as rows were before migration 0017.
async fn store_plain(conn: &mut sqlx::AnyConnection, center_id: &str, secret: &str) {
    sqlx::query(
        "UPDATE center_webhooks SET secret = $1, secret_sealed = NULL, secret_key_version = NULL WHERE center_id = $2",
    )
    .bind(secret)
    .bind(center_id)
    .execute(conn)
    .await
    .expect("plain row");
}

/// One POST a test webhook received.
#[derive(Debug, Clone)]
struct Received {
    timestamp: String,
    signature: String,
    body: String,
}

/// A real HTTP listener on a free port that records every request and
/// answers 200. Returns its URL and what it received.
async fn webhook_listener() -> (String, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    let got: Arc<Mutex<Vec<Received>>> = Arc::default();
    let sink = got.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let sink = sink.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut read = BufReader::new(read);
                let mut headers = Vec::new();
                loop {
                    let mut line = String::new();
                    if read.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    if line == "\r\n" {
                        break;
                    }
                    headers.push(line.trim_end().to_string());
                }
                let header = |name: &str| {
                    headers
                        .iter()
                        .find_map(|h| {
                            let (k, v) = h.split_once(':')?;
                            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
                        })
                        .unwrap_or_default()
                };
                assert!(headers[0].starts_with("POST /hook "), "{headers:?}");
                let len: usize = header("content-length").parse().expect("content length");
                let mut body = vec![0; len];
                read.read_exact(&mut body).await.expect("body");
                sink.lock().expect("lock").push(Received {
                    timestamp: header("x-saathi-timestamp"),
                    signature: header("x-saathi-signature"),
                    body: String::from_utf8(body).expect("utf-8"),
                });
                let _ = write.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").await;
            });
        }
    });
    (url, got)
}

/// Whether `signature` is `sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`.
fn verifies(secret: &str, r: &Received) -> bool {
    let Some(hex) = r.signature.strip_prefix("sha256=") else { return false };
    let Ok(tag) = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("zz"), 16))
        .collect::<Result<Vec<u8>, _>>()
    else {
        return false;
    };
    let mut mac = hmac::Hmac::<sha2_11::Sha256>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(format!("{}.{}", r.timestamp, r.body).as_bytes());
    mac.verify_slice(&tag).is_ok()
}

const SECRET: &str = "a-long-shared-webhook-secret";

async fn set_webhook(app: &TestApp, admin: &str, url: &str) {
    let r = app
        .call(
            "PUT",
            &format!("/api/v1/centers/{}/webhook", app.center_id),
            Some(admin),
            Some(json!({ "url": url, "secret": SECRET })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

/// Runs the delivery worker until nothing is due.
async fn drain(state: &AppState) {
    while jobs::deliver_due(state, now_ms()).await.expect("deliver") > 0 {}
}

both!(one_sees_and_marks_only_ones_own_notifications, |app: TestApp| async move {
    let st = state(&app, None);
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (ravi, ravi_t) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let (sita, sita_t) = member_with(&app, &counselor, "sita", "female", 1990, "detox", "en").await;
    for k in [svc::kind::MUTED, svc::kind::SESSION_REMINDER, svc::kind::NEW_MESSAGE] {
        let made = svc::notify(&st, &app.center_id, std::slice::from_ref(&ravi), k, "/home").await.expect("notify");
        assert_eq!(made.len(), 1);
    }
    svc::notify(&st, &app.center_id, std::slice::from_ref(&sita), svc::kind::NEW_MESSAGE, "/home")
        .await
        .expect("notify");
    // Someone of another centre is never notified through this one.
    let (other_center, _, _) = app.other_center().await;
    let (far, _) = app.user_in(&other_center, Role::Member, "far").await;
    assert!(svc::notify(&st, &app.center_id, &[far], svc::kind::MUTED, "/home").await.expect("notify").is_empty());

    // Newest first, in the reader's language, with the unread count.
    let r = list(&app, &ravi_t, "").await;
    assert_eq!(r.body["unread"], 3);
    assert_eq!(kinds(&r), ["new_message", "session_reminder", "muted"]);
    assert_eq!(r.body["items"][0]["text"], "साथी में नया संदेश");
    assert_eq!(r.body["items"][0]["read"], false);
    assert_eq!(r.body["items"][0]["link"], "/home");
    let all = ids(&r);
    // Paging.
    let r = list(&app, &ravi_t, "?limit=2").await;
    assert_eq!(ids(&r), all[..2]);
    let r = list(&app, &ravi_t, &format!("?limit=2&before={}", all[1])).await;
    assert_eq!(ids(&r), all[2..]);
    for bad in ["?limit=0", "?limit=101", "?before=nope"] {
        let r = app.get(&format!("/api/v1/notifications{bad}"), &ravi_t).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    // Another's notification: absent, for reading as a cursor and for marking.
    let r = list(&app, &sita_t, "").await;
    assert_eq!((r.body["unread"].clone(), kinds(&r)), (json!(1), vec!["new_message".to_string()]));
    assert_eq!(r.body["items"][0]["text"], "New message in Saathi");
    let sitas = ids(&r)[0].clone();
    assert_eq!(
        app.post(&format!("/api/v1/notifications/{sitas}/read"), &ravi_t, json!({})).await.status,
        StatusCode::NOT_FOUND
    );
    let r = app.get(&format!("/api/v1/notifications?before={sitas}"), &ravi_t).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(list(&app, &sita_t, "").await.body["unread"], 1, "untouched");

    // Marking one, then all.
    let r = app.post(&format!("/api/v1/notifications/{}/read", all[1]), &ravi_t, json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["read"], true);
    assert_eq!(list(&app, &ravi_t, "").await.body["unread"], 2);
    let r = app.post("/api/v1/notifications/read-all", &ravi_t, json!({})).await;
    assert_eq!((r.status, r.body["marked"].clone(), r.body["unread"].clone()), (StatusCode::OK, json!(2), json!(0)));
    let r = list(&app, &ravi_t, "").await;
    assert!(r.body["items"].as_array().expect("items").iter().all(|n| n["read"] == true));
    assert_eq!(list(&app, &sita_t, "").await.body["unread"], 1);
    // Signed out: 401.
    assert_eq!(app.call("GET", "/api/v1/notifications", None, None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.call("POST", "/api/v1/notifications/read-all", None, None).await.status, StatusCode::UNAUTHORIZED);
});

both!(notifications_and_webhook_calls_never_carry_what_was_written, |app: TestApp| async move {
    let st = state(&app, None);
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (meera_id, meera) = app.user(Role::Counselor, "meera").await;
    let (arjun_id, arjun) = app.user(Role::PeerMentor, "arjun").await;
    let (ravi, ravi_t) = member_with(&app, &meera, "ravi", "male", 1990, "detox", "hi").await;
    let (sita, sita_t) = member_with(&app, &meera, "sita", "female", 1990, "detox", "en").await;
    let mut body = group_body("Circle", 10);
    body["facilitator_ids"] = json!([meera_id, arjun_id]);
    let g = group(&app, &meera, body).await;
    for m in [&ravi, &sita] {
        assert_eq!(enroll(&app, &meera, &g, m).await.status, StatusCode::CREATED);
    }
    let rooms = app.get("/api/v1/rooms", &ravi_t).await;
    let room = rooms.body.as_array().and_then(|l| l.iter().find(|x| x["group_id"] == g.as_str())).expect("room")["id"]
        .as_str()
        .expect("id")
        .to_string();
    let (url, received) = webhook_listener().await;
    set_webhook(&app, &admin, &url).await;

    // A crisis message with a distinctive word raises an alert: the
    // counsellor and the other facilitator are told, the writer is not.
    const WORD: &str = "Zebracornflower";
    let r = app
        .post(
            &format!("/api/v1/rooms/{room}/messages"),
            &ravi_t,
            json!({ "body": format!("{WORD} ab aur nahi jeena") }),
        )
        .await;
    assert_eq!((r.status, r.body["support"].clone()), (StatusCode::CREATED, json!(true)), "{}", r.text);
    let message = r.body["id"].as_str().expect("id").to_string();
    for t in [&meera, &arjun] {
        assert_eq!(kinds(&list(&app, t, "").await), ["safety_alert"]);
    }
    assert!(kinds(&list(&app, &ravi_t, "").await).is_empty(), "the writer gets no alert");
    assert_eq!(list(&app, &meera, "").await.body["items"][0]["link"], format!("/rooms/{room}"));
    // A report reaches the room's moderators (not the reporter), a mute the muted.
    let r = app
        .post(&format!("/api/v1/messages/{message}/report"), &sita_t, json!({ "reason": format!("{WORD} spam") }))
        .await;
    assert!(r.status.is_success(), "{}", r.text);
    let r = app.post(&format!("/api/v1/messages/{message}/report"), &sita_t, json!({ "reason": "again" })).await;
    assert!(r.status.is_success(), "{}", r.text);
    assert_eq!(
        kinds(&list(&app, &meera, "").await),
        ["message_report", "safety_alert"],
        "one report, one notification"
    );
    assert!(kinds(&list(&app, &sita_t, "").await).is_empty());
    let r = app
        .post(
            &format!("/api/v1/rooms/{room}/mutes"),
            &arjun,
            json!({ "member_id": ravi, "minutes": 30, "reason": format!("{WORD} calm down") }),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.text);
    assert_eq!(kinds(&list(&app, &ravi_t, "").await), ["muted"]);
    // A lapse reaches the member's peer mentor.
    let r = app.post("/api/v1/mentorships", &meera, json!({ "mentor_id": arjun_id, "mentee_id": sita })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let r = app
        .post(
            &format!("/api/v1/members/{sita}/lapses"),
            &sita_t,
            json!({ "date": today, "kind": "lapse", "note": WORD }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(kinds(&list(&app, &arjun, "").await), ["mentee_lapse", "message_report", "safety_alert"]);

    // The word is in no notification anyone lists, in either language.
    for t in [&admin, &meera, &arjun, &ravi_t, &sita_t] {
        let r = list(&app, t, "").await;
        assert!(!r.text.contains(WORD) && !r.text.contains("jeena") && !r.text.contains("ravi"), "{}", r.text);
    }
    // Every notification went to the webhook, signed, without the word.
    drain(&st).await;
    let got = received.lock().expect("lock").clone();
    assert_eq!(got.len(), 6, "2 alerts, 2 reports, 1 mute, 1 lapse: {got:?}");
    for r in &got {
        assert!(!r.body.contains(WORD) && !r.body.contains("jeena") && !r.body.contains("Kumar"), "{}", r.body);
        assert!(verifies(SECRET, r), "signature: {r:?}");
        assert!(!verifies("another-secret-entirely", r), "a wrong secret must not verify");
        let mut tampered = r.clone();
        tampered.body = tampered.body.replace("safety_alert", "muted");
        tampered.timestamp = format!("{}1", tampered.timestamp);
        assert!(!verifies(SECRET, &tampered));
        let v: Value = serde_json::from_str(&r.body).expect("json");
        for f in ["id", "kind", "center_id", "user_id", "language", "text", "text_en", "link", "created_at"] {
            assert!(v.get(f).is_some(), "{f} in {v}");
        }
        // The words in the recipient's language, for a gateway to send as they are.
        let lang = saathi_server::services::notifications::lang_of(v["language"].as_str().expect("language"));
        let kind = v["kind"].as_str().expect("kind");
        assert_eq!(v["text"], saathi_server::services::notifications::text(lang, kind), "{v}");
        assert_eq!(v["center_id"], app.center_id.as_str());
        let ts: i64 = r.timestamp.parse().expect("timestamp");
        assert!((chrono::Utc::now().timestamp() - ts).abs() < 120);
    }
    let hindi = got
        .iter()
        .map(|r| serde_json::from_str::<Value>(&r.body).expect("json"))
        .find(|v| v["language"] == "hi")
        .expect("one of them to a Hindi reader");
    assert_ne!(hindi["text"], hindi["text_en"], "{hindi}");
    let alerts: Vec<Value> = got
        .iter()
        .map(|r| serde_json::from_str::<Value>(&r.body).expect("json"))
        .filter(|v| v["kind"] == "safety_alert")
        .collect();
    assert_eq!(alerts.len(), 2);
    assert_eq!(alerts[0]["text_en"], "A safety alert needs your attention.");
    // All sent, each once.
    let states = app.store.deliveries(&app.center_id, 100).await.expect("deliveries");
    assert!(states.iter().all(|d| d.status == "sent" && d.attempts == 1 && d.channel == "webhook"), "{states:?}");
    drain(&st).await;
    assert_eq!(received.lock().expect("lock").len(), 6, "nothing sent twice");
});

both!(a_failing_webhook_is_retried_with_backoff_then_given_up, |app: TestApp| async move {
    let st = state(&app, None);
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (ravi, _) = app.user(Role::Member, "ravi").await;
    // A port nobody listens on.
    let closed = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/hook", closed.local_addr().expect("addr"));
    drop(closed);
    set_webhook(&app, &admin, &url).await;
    svc::notify(&st, &app.center_id, &[ravi], svc::kind::MUTED, "/home").await.expect("notify");
    let mut now = now_ms();
    for attempt in 1..=jobs::MAX_ATTEMPTS {
        assert_eq!(jobs::deliver_due(&st, now).await.expect("deliver"), 1, "attempt {attempt}");
        let d = &app.store.deliveries(&app.center_id, 10).await.expect("deliveries")[0];
        assert_eq!(d.attempts, attempt);
        assert!(d.last_error.is_some());
        if attempt < jobs::MAX_ATTEMPTS {
            assert_eq!(d.status, "pending");
            // Not due again before the backoff.
            assert_eq!(jobs::deliver_due(&st, now + 1_000).await.expect("deliver"), 0);
            now = now_ms().max(now) + jobs::backoff_ms(attempt) + 1;
        } else {
            assert_eq!(d.status, "failed");
        }
    }
    assert_eq!(jobs::deliver_due(&st, now + 10 * 3_600_000).await.expect("deliver"), 0, "given up");
});

both!(two_workers_send_each_delivery_once, |app: TestApp| async move {
    let st = state(&app, None);
    let other = state(&app, None);
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (url, received) = webhook_listener().await;
    set_webhook(&app, &admin, &url).await;
    let mut users = Vec::new();
    for i in 0..5 {
        users.push(app.user(Role::Member, &format!("m{i}")).await.0);
    }
    let mut made = Vec::new();
    for _ in 0..16 {
        made.extend(svc::notify(&st, &app.center_id, &users, svc::kind::NEW_MESSAGE, "/home").await.expect("notify"));
    }
    assert_eq!(made.len(), 80);
    // Two workers at once, each draining (80 rows: several batches each).
    let a = tokio::spawn({
        let st = st.clone();
        async move { drain(&st).await }
    });
    let b = tokio::spawn({
        let other = other.clone();
        async move { drain(&other).await }
    });
    a.await.expect("worker a");
    b.await.expect("worker b");
    let got = received.lock().expect("lock").clone();
    let mut sent: Vec<String> = got
        .iter()
        .map(|r| serde_json::from_str::<Value>(&r.body).expect("json")["id"].as_str().expect("id").to_string())
        .collect();
    sent.sort();
    made.sort();
    assert_eq!(sent, made, "every notification sent exactly once");
    let states = app.store.deliveries(&app.center_id, 200).await.expect("deliveries");
    assert!(states.iter().all(|d| d.status == "sent" && d.attempts == 1));
});

/// A one-connection SMTP server that records the message's data.
async fn smtp_listener() -> (String, tokio::task::JoinHandle<(Vec<String>, String)>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    let task = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.expect("accept");
        let (read, mut write) = stream.into_split();
        let mut read = BufReader::new(read);
        let mut commands = Vec::new();
        let mut data = String::new();
        write.write_all(b"220 test.local ESMTP\r\n").await.expect("greet");
        loop {
            let mut line = String::new();
            if read.read_line(&mut line).await.expect("read") == 0 {
                break;
            }
            let cmd = line.trim_end().to_string();
            commands.push(cmd.clone());
            let answer: &[u8] = match cmd.split(' ').next().unwrap_or("").to_ascii_uppercase().as_str() {
                "EHLO" => b"250-test.local\r\n250 8BITMIME\r\n",
                "MAIL" | "RCPT" => b"250 OK\r\n",
                "DATA" => {
                    write.write_all(b"354 go on\r\n").await.expect("354");
                    loop {
                        let mut l = String::new();
                        read.read_line(&mut l).await.expect("data");
                        if l == ".\r\n" {
                            break;
                        }
                        data.push_str(&l);
                    }
                    b"250 queued\r\n"
                }
                "QUIT" => {
                    write.write_all(b"221 bye\r\n").await.expect("221");
                    break;
                }
                _ => b"500 what\r\n",
            };
            write.write_all(answer).await.expect("answer");
        }
        (commands, data)
    });
    (addr, task)
}

both!(email_goes_over_smtp_to_those_with_an_address, |app: TestApp| async move {
    let (addr, mail) = smtp_listener().await;
    let st = state(&app, Some(SmtpConfig { addr, from: "saathi@kendra.example".into() }));
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (ravi, ravi_t) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let (sita, _) = member_with(&app, &counselor, "sita", "female", 1990, "detox", "en").await;
    // Setting one's address: checked, readable, removable.
    assert_eq!(app.get("/api/v1/me/email", &ravi_t).await.body["email"], Value::Null);
    for bad in ["ravi", "ravi@localhost", "a@b.org\r\nRCPT TO:<x@y.org>", "<ravi@x.org>", "राम@उदाहरण.भारत"]
    {
        let r = app.call("PUT", "/api/v1/me/email", Some(&ravi_t), Some(json!({ "email": bad }))).await;
        assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["email".to_string()]), "{bad}");
    }
    let r = app.send(raw_put("/api/v1/me/email", &ravi_t, "{\"email\":")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = app.call("PUT", "/api/v1/me/email", Some(&ravi_t), Some(json!({ "email": " ravi@kendra.example " }))).await;
    assert_eq!((r.status, r.body["email"].clone()), (StatusCode::OK, json!("ravi@kendra.example")), "{}", r.text);
    assert_eq!(app.get("/api/v1/me/email", &ravi_t).await.body["email"], "ravi@kendra.example");

    // Ravi has an address, Sita none: one e-mail, in Ravi's language, no webhook (none set).
    svc::notify(&st, &app.center_id, &[ravi.clone(), sita], svc::kind::SESSION_REMINDER, "/home")
        .await
        .expect("notify");
    let states = app.store.deliveries(&app.center_id, 10).await.expect("deliveries");
    assert_eq!(states.len(), 1, "{states:?}");
    assert_eq!(states[0].channel, "email");
    drain(&st).await;
    let (commands, data) = mail.await.expect("smtp");
    assert!(commands.contains(&"MAIL FROM:<saathi@kendra.example>".to_string()), "{commands:?}");
    assert!(commands.contains(&"RCPT TO:<ravi@kendra.example>".to_string()), "{commands:?}");
    let (head, body) = data.split_once("\r\n\r\n").expect("headers and body");
    assert!(head.contains("Content-Type: text/plain; charset=utf-8"), "{head}");
    let text = base64::engine::general_purpose::STANDARD
        .decode(body.replace("\r\n", ""))
        .map(|b| String::from_utf8(b).expect("utf-8"))
        .expect("base64 body");
    assert!(text.contains("आपका एक समूह सत्र एक घंटे के भीतर शुरू होने वाला है।"), "{text}");
    assert_eq!(app.store.deliveries(&app.center_id, 10).await.expect("deliveries")[0].status, "sent");

    // Removing the address: no more e-mail deliveries.
    let r = app.call("PUT", "/api/v1/me/email", Some(&ravi_t), Some(json!({ "email": null }))).await;
    assert_eq!((r.status, r.body["email"].clone()), (StatusCode::OK, Value::Null));
    svc::notify(&st, &app.center_id, std::slice::from_ref(&ravi), svc::kind::MUTED, "/home").await.expect("notify");
    assert_eq!(app.store.deliveries(&app.center_id, 10).await.expect("deliveries").len(), 1);
    // Without SMTP configured, an address alone sends nothing.
    app.call("PUT", "/api/v1/me/email", Some(&ravi_t), Some(json!({ "email": "ravi@kendra.example" }))).await;
    svc::notify(&state(&app, None), &app.center_id, &[ravi], svc::kind::MUTED, "/home").await.expect("notify");
    assert_eq!(app.store.deliveries(&app.center_id, 10).await.expect("deliveries").len(), 1);
});

fn raw_put(path: &str, token: &str, body: &str) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::builder()
        .method("PUT")
        .uri(path)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body.to_string()))
        .expect("request")
}

both!(members_are_reminded_of_a_session_once, |app: TestApp| async move {
    let st = state(&app, None);
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (ravi, ravi_t) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let (sita, sita_t) = member_with(&app, &counselor, "sita", "female", 1990, "detox", "en").await;
    let (_, kabir_t) = member_with(&app, &counselor, "kabir", "male", 1990, "detox", "en").await;
    let g = group(&app, &counselor, group_body("Evening", 10)).await;
    for m in [&ravi, &sita] {
        assert_eq!(enroll(&app, &counselor, &g, m).await.status, StatusCode::CREATED);
    }
    let session = |minutes: i64| {
        let starts = (chrono::Utc::now() + chrono::Duration::minutes(minutes)).to_rfc3339();
        json!({ "starts_at": starts })
    };
    let mk = |body: Value| {
        let (app, counselor, g) = (&app, &counselor, &g);
        async move {
            let r = app.post(&format!("/api/v1/groups/{g}/sessions"), counselor, body).await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
            r.body["id"].as_str().expect("id").to_string()
        }
    };
    let soon = mk(session(30)).await;
    let _later = mk(session(180)).await;
    let cancelled = mk(session(40)).await;
    let r = app.patch(&format!("/api/v1/sessions/{cancelled}"), &counselor, json!({ "status": "cancelled" })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);

    let now = now_ms();
    assert_eq!(jobs::send_reminders(&st, now).await.expect("reminders"), 2);
    // Again, and again a minute later: nothing new.
    assert_eq!(jobs::send_reminders(&st, now).await.expect("reminders"), 0);
    assert_eq!(jobs::send_reminders(&st, now + 60_000).await.expect("reminders"), 0);
    for t in [&ravi_t, &sita_t] {
        let r = list(&app, t, "").await;
        assert_eq!(kinds(&r), ["session_reminder"]);
        assert_eq!(r.body["items"][0]["link"], format!("/sessions/{soon}"));
    }
    assert_eq!(list(&app, &ravi_t, "").await.body["items"][0]["text"], "आपका एक समूह सत्र एक घंटे के भीतर शुरू होने वाला है।");
    assert!(kinds(&list(&app, &kabir_t, "").await).is_empty(), "not in the group");
    // Two workers at once still make one each.
    let later = now + 150 * 60_000;
    let (a, b) = tokio::join!(jobs::send_reminders(&st, later), jobs::send_reminders(&st, later));
    assert_eq!(a.expect("a") + b.expect("b"), 2, "the 3-hour session, once per member");
    assert_eq!(list(&app, &ravi_t, "").await.body["unread"], 2);
});

both!(only_admins_configure_the_webhook_and_never_read_its_secret, |app: TestApp| async move {
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, member) = app.user(Role::Member, "ravi").await;
    let (other_center, other_admin, _) = app.other_center().await;
    let path = format!("/api/v1/centers/{}/webhook", app.center_id);
    let good = json!({ "url": "http://127.0.0.1:9/sms", "secret": SECRET });

    let r = app.get(&path, &admin).await;
    assert_eq!((r.status, r.body["configured"].clone()), (StatusCode::OK, json!(false)));
    for t in [&counselor, &member] {
        assert_eq!(app.call("PUT", &path, Some(t), Some(good.clone())).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.get(&path, t).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.call("DELETE", &path, Some(t), None).await.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(app.call("PUT", &path, Some(&other_admin), Some(good.clone())).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&path, &other_admin).await.status, StatusCode::NOT_FOUND);
    let other_path = format!("/api/v1/centers/{other_center}/webhook");
    assert_eq!(app.get(&other_path, &admin).await.status, StatusCode::NOT_FOUND);

    let r = app.call("PUT", &path, Some(&admin), Some(good.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!((r.body["configured"].clone(), r.body["url"].clone()), (json!(true), json!("http://127.0.0.1:9/sms")));
    assert!(!r.text.contains(SECRET), "{}", r.text);
    let r = app.get(&path, &admin).await;
    assert_eq!(r.body["configured"], true);
    assert!(!r.text.contains(SECRET) && r.body.get("secret").is_none(), "{}", r.text);
    let audit = app.get("/api/v1/audit?action=center.webhook_set", &admin).await;
    assert_eq!(audit.body.as_array().map(Vec::len), Some(1), "{}", audit.text);
    assert!(!audit.text.contains(SECRET), "{}", audit.text);

    for (body, field, code) in [
        (json!({ "url": "https://gw.example/sms", "secret": SECRET }), "url", "https_unsupported"),
        (json!({ "url": "gw/sms", "secret": SECRET }), "url", "bad_url"),
        (json!({ "url": "http://gw.local/sms", "secret": "short" }), "secret", "length"),
    ] {
        let r = app.call("PUT", &path, Some(&admin), Some(body)).await;
        assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec![field.to_string()]), "{}", r.text);
        assert!(r.text.contains(code), "{}", r.text);
    }
    let r = app.call("PUT", &path, Some(&admin), Some(json!({ "url": "http://gw.local/sms" }))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "missing secret");
    let r = app.send(raw_put(&path, &admin, "{\"url\":")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    assert_eq!(app.call("DELETE", &path, Some(&admin), None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.call("DELETE", &path, Some(&admin), None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&path, &admin).await.body["configured"], false);
});

/// A `center_webhooks` row as stored: (plain `secret`, sealed bytes, key version).
type WebhookRow = (String, Option<Vec<u8>>, Option<i64>);

async fn webhook_rows(app: &TestApp) -> Vec<WebhookRow> {
    use sqlx::{Connection, Row};
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&app.url).await.expect("connect");
    sqlx::query("SELECT secret, secret_sealed, secret_key_version FROM center_webhooks")
        .fetch_all(&mut conn)
        .await
        .expect("rows")
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

fn assert_sealed(rows: &[WebhookRow], secret: &str) {
    assert!(!rows.is_empty());
    for (plain, sealed, version) in rows {
        assert_eq!(plain, "", "no plaintext secret stays");
        let sealed = sealed.as_ref().expect("sealed");
        assert!(sealed.len() > 24 + 16, "nonce and tag present");
        assert!(!String::from_utf8_lossy(sealed).contains(secret), "plaintext in the sealed column");
        assert_eq!(*version, Some(1));
    }
}

both!(the_webhook_secret_is_encrypted_at_rest_and_still_signs, |app: TestApp| async move {
    let st = state(&app, None);
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (ravi, _) = app.user(Role::Member, "ravi").await;
    let (url, received) = webhook_listener().await;
    set_webhook(&app, &admin, &url).await;
    assert_sealed(&webhook_rows(&app).await, SECRET);

    // The job opens it to sign: the gateway verifies with the secret.
    svc::notify(&st, &app.center_id, std::slice::from_ref(&ravi), svc::kind::MUTED, "/home").await.expect("notify");
    drain(&st).await;
    {
        let got = received.lock().expect("lock");
        assert_eq!(got.len(), 1);
        assert!(verifies(SECRET, &got[0]), "signed with the secret");
    }

    // A row written before the secret was encrypted (plain, as before migration 0017)…
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&app.url).await.expect("connect");
    let legacy = "an-old-plaintext-webhook-secret";
    store_plain(&mut conn, &app.center_id, legacy).await;
    // …still signs, and is sealed on that first use…
    svc::notify(&st, &app.center_id, std::slice::from_ref(&ravi), svc::kind::MUTED, "/home").await.expect("notify");
    drain(&st).await;
    {
        let got = received.lock().expect("lock");
        assert_eq!(got.len(), 2);
        assert!(verifies(legacy, &got[1]), "a legacy secret signs");
    }
    assert_sealed(&webhook_rows(&app).await, legacy);
    // …and sealed at start when not used before.
    store_plain(&mut conn, &app.center_id, legacy).await;
    assert_eq!(app.store.seal_webhook_secrets().await.expect("seal"), 1);
    assert_eq!(app.store.seal_webhook_secrets().await.expect("seal"), 0, "nothing plain is left");
    assert_sealed(&webhook_rows(&app).await, legacy);
    svc::notify(&st, &app.center_id, &[ravi], svc::kind::MUTED, "/home").await.expect("notify");
    drain(&st).await;
    let got = received.lock().expect("lock");
    assert_eq!(got.len(), 3);
    assert!(verifies(legacy, &got[2]), "opened after sealing at start");
});
