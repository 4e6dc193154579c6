//! The live hub over real sockets: the router served on a port, clients
//! speaking WebSocket (tokio-tungstenite).

use crate::helpers::*;
use axum::http::StatusCode;
use futures_util::{SinkExt, StreamExt};
use saathi_domain::Role;
use serde_json::{Value, json};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub(crate) type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Serves the app's router on a free port; returns `host:port`.
pub(crate) async fn serve(router: axum::Router) -> String {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = l.local_addr().expect("addr").to_string();
    tokio::spawn(async move {
        let _ = axum::serve(l, router).await;
    });
    addr
}

pub(crate) async fn connect(addr: &str, token: &str) -> Ws {
    let (ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/api/v1/ws?token={token}")).await.expect("ws");
    ws
}

/// The HTTP status a refused handshake got.
async fn refused(req: axum::http::Request<()>) -> u16 {
    match tokio_tungstenite::connect_async(req).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(r)) => r.status().as_u16(),
        Err(e) => panic!("handshake failed otherwise: {e}"),
        Ok(_) => 101,
    }
}

/// The next text frame (pings skipped); panics after 5 s.
async fn next(ws: &mut Ws) -> Value {
    loop {
        let m = tokio::time::timeout(Duration::from_secs(5), ws.next())
            .await
            .expect("a frame within 5 s")
            .expect("open")
            .expect("frame");
        if let WsMessage::Text(t) = m {
            assert!(!t.contains("helplines") && !t.contains("\"support\""), "never helplines in a frame: {t}");
            return serde_json::from_str(&t).expect("json frame");
        }
    }
}

/// The next frame, which must be of this type (in-app notifications, which
/// other features raise alongside, are passed over unless asked for).
pub(crate) async fn expect(ws: &mut Ws, kind: &str) -> Value {
    loop {
        let f = next(ws).await;
        if f["type"] == "notification" && kind != "notification" {
            assert!(f["notification_id"].is_string() && f.as_object().is_some_and(|o| o.len() == 2), "{f}");
            continue;
        }
        assert_eq!(f["type"], kind, "{f}");
        return f;
    }
}

async fn send(ws: &mut Ws, v: Value) {
    ws.send(WsMessage::Text(v.to_string().into())).await.expect("send");
}

async fn group_room(app: &TestApp, token: &str, group_id: &str) -> String {
    let r = app.get("/api/v1/rooms", token).await;
    r.body
        .as_array()
        .and_then(|l| l.iter().find(|x| x["group_id"] == group_id))
        .and_then(|x| x["id"].as_str())
        .expect("the group's room")
        .to_string()
}

async fn said(app: &TestApp, token: &str, room: &str, body: &str) -> Value {
    let r = app.post(&format!("/api/v1/rooms/{room}/messages"), token, json!({ "body": body })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body
}

fn hello_rooms(f: &Value) -> Vec<String> {
    assert_eq!(f["type"], "hello", "{f}");
    f["rooms"].as_array().expect("rooms").iter().map(|r| r["id"].as_str().expect("id").to_string()).collect()
}

/// A counsellor facilitating group `g` (ravi and sita in it) and group `h`
/// (kabir in it), with both rooms made.
struct World {
    meera: String,
    meera_id: String,
    ravi: String,
    ravi_id: String,
    sita: String,
    kabir: String,
    g: String,
    room: String,
    other_room: String,
}

async fn world(app: &TestApp) -> World {
    let (meera_id, meera) = app.user(Role::Counselor, "meera").await;
    let (ravi_id, ravi) = member_with(app, &meera, "ravi", "male", 1990, "detox", "hi").await;
    let (sita_id, sita) = member_with(app, &meera, "sita", "female", 1990, "detox", "hi").await;
    let (kabir_id, kabir) = member_with(app, &meera, "kabir", "male", 1990, "detox", "hi").await;
    let mut b = group_body("Evening circle", 10);
    b["facilitator_ids"] = json!([meera_id]);
    let g = group(app, &meera, b).await;
    let h = group(app, &meera, group_body("Morning circle", 10)).await;
    for m in [&ravi_id, &sita_id] {
        assert_eq!(enroll(app, &meera, &g, m).await.status, StatusCode::CREATED);
    }
    assert_eq!(enroll(app, &meera, &h, &kabir_id).await.status, StatusCode::CREATED);
    let room = group_room(app, &ravi, &g).await;
    let other_room = group_room(app, &kabir, &h).await;
    World { meera, meera_id, ravi, ravi_id, sita, kabir, g, room, other_room }
}

both!(members_receive_their_rooms_messages_live_and_nothing_else, |app: TestApp| async move {
    let w = world(&app).await;
    let addr = serve(app.router.clone()).await;
    let mut ravi = connect(&addr, &w.ravi).await;
    let mut kabir = connect(&addr, &w.kabir).await;
    let hello = expect(&mut ravi, "hello").await;
    assert_eq!(hello["user_id"], w.ravi_id.as_str());
    assert_eq!(hello_rooms(&hello), std::slice::from_ref(&w.room));
    assert_eq!(hello["rooms"][0]["last_seq"], 0);
    assert_eq!(hello_rooms(&expect(&mut kabir, "hello").await), std::slice::from_ref(&w.other_room));

    let posted = said(&app, &w.sita, &w.room, "Namaste sab ko").await;
    let f = expect(&mut ravi, "message").await;
    let m = &f["message"];
    assert_eq!(m["id"], posted["id"]);
    assert_eq!(
        (m["body"].clone(), m["seq"].clone(), m["mine"].clone()),
        (json!("Namaste sab ko"), json!(1), json!(false))
    );
    assert_eq!((m["author_name"].clone(), m["room_id"].clone()), (json!("sita"), json!(w.room)));
    assert_eq!(m["deleted"], false);
    // Kabir is not in that room: the first frame he gets is of his own room.
    said(&app, &w.kabir, &w.other_room, "Koi hai?").await;
    let f = expect(&mut kabir, "message").await;
    assert_eq!((f["message"]["body"].clone(), f["message"]["mine"].clone()), (json!("Koi hai?"), json!(true)));

    // Edits, reactions and deletion arrive as the message again.
    let id = posted["id"].as_str().expect("id");
    let r = app.patch(&format!("/api/v1/messages/{id}"), &w.sita, json!({ "body": "Namaste!" })).await;
    assert_eq!(r.status, StatusCode::OK);
    let f = expect(&mut ravi, "message").await;
    assert_eq!((f["message"]["body"].clone(), f["message"]["seq"].clone()), (json!("Namaste!"), json!(1)));
    assert!(f["message"]["edited_at"].is_string());
    let r = app.call("POST", &format!("/api/v1/messages/{id}/reactions/heart"), Some(&w.ravi), None).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let f = expect(&mut ravi, "message").await;
    assert_eq!(f["message"]["reactions"], json!([{ "kind": "heart", "count": 1, "mine": true }]), "Ravi's own");
    let r = app.call("DELETE", &format!("/api/v1/messages/{id}"), Some(&w.sita), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let f = expect(&mut ravi, "message").await;
    assert_eq!((f["message"]["body"].clone(), f["message"]["deleted"].clone()), (json!(null), json!(true)));
    assert!(!f.to_string().contains("Namaste"), "deleted content is gone: {f}");

    // Ping and a frame the server does not know.
    send(&mut ravi, json!({ "type": "ping" })).await;
    expect(&mut ravi, "pong").await;
    send(&mut ravi, json!({ "type": "shout" })).await;
    assert_eq!(expect(&mut ravi, "error").await["code"], "bad_frame");
    ravi.send(WsMessage::Text("not json".into())).await.expect("send");
    assert_eq!(expect(&mut ravi, "error").await["code"], "bad_frame");
    // Kabir got nothing of the other room all along.
    said(&app, &w.kabir, &w.other_room, "Still here").await;
    assert_eq!(expect(&mut kabir, "message").await["message"]["body"], "Still here");
});

both!(reactions_in_frames_say_mine_to_each_recipient, |app: TestApp| async move {
    let w = world(&app).await;
    let addr = serve(app.router.clone()).await;
    let mut ravi = connect(&addr, &w.ravi).await;
    let mut sita = connect(&addr, &w.sita).await;
    let mut meera = connect(&addr, &w.meera).await;
    for ws in [&mut ravi, &mut sita, &mut meera] {
        expect(ws, "hello").await;
    }
    let posted = said(&app, &w.sita, &w.room, "Aaj accha din tha").await;
    let id = posted["id"].as_str().expect("id");
    for ws in [&mut ravi, &mut sita, &mut meera] {
        expect(ws, "message").await;
    }
    let react = |who: &str, kind: &str| {
        let (who, path) = (who.to_string(), format!("/api/v1/messages/{id}/reactions/{kind}"));
        let app = &app;
        async move { app.call("POST", &path, Some(&who), None).await.status }
    };
    assert_eq!(react(&w.ravi, "heart").await, StatusCode::CREATED);
    let heart = |mine: bool| json!({ "kind": "heart", "count": 1, "mine": mine });
    let f = expect(&mut ravi, "message").await;
    assert_eq!(f["message"]["reactions"], json!([heart(true)]), "the reactor's socket: {f}");
    assert_eq!(f["message"]["mine"], false);
    let f = expect(&mut meera, "message").await;
    assert_eq!(f["message"]["reactions"], json!([heart(false)]), "another member's socket: {f}");
    let f = expect(&mut sita, "message").await;
    assert_eq!((f["message"]["reactions"].clone(), f["message"]["mine"].clone()), (json!([heart(false)]), json!(true)));

    // Two kinds by two people: each socket says its own, and only its own.
    assert_eq!(react(&w.meera, "me_too").await, StatusCode::CREATED);
    let kinds = |f: &Value| -> Vec<(String, i64, bool)> {
        f["message"]["reactions"]
            .as_array()
            .expect("reactions")
            .iter()
            .map(|r| {
                (r["kind"].as_str().unwrap_or("").to_string(), r["count"].as_i64().unwrap_or(0), r["mine"] == true)
            })
            .collect()
    };
    let mut got = std::collections::BTreeMap::new();
    for (who, ws) in [("ravi", &mut ravi), ("meera", &mut meera), ("sita", &mut sita)] {
        let mut k = kinds(&expect(ws, "message").await);
        k.sort();
        got.insert(who, k);
    }
    let row = |kind: &str, mine: bool| (kind.to_string(), 1, mine);
    assert_eq!(got["ravi"], vec![row("heart", true), row("me_too", false)]);
    assert_eq!(got["meera"], vec![row("heart", false), row("me_too", true)]);
    assert_eq!(got["sita"], vec![row("heart", false), row("me_too", false)]);
    // The frames never name who reacted.
    let r = app.call("DELETE", &format!("/api/v1/messages/{id}/reactions/heart"), Some(&w.ravi), None).await;
    assert!(r.status.is_success(), "{}", r.text);
    let f = expect(&mut ravi, "message").await;
    assert_eq!(kinds(&f), vec![row("me_too", false)]);
    assert!(!f.to_string().contains(&w.meera_id) && !f.to_string().contains(&w.ravi_id), "{f}");
});

both!(hidden_messages_go_out_without_their_content, |app: TestApp| async move {
    let w = world(&app).await;
    let addr = serve(app.router.clone()).await;
    let mut ravi = connect(&addr, &w.ravi).await;
    let mut meera = connect(&addr, &w.meera).await;
    expect(&mut ravi, "hello").await;
    expect(&mut meera, "hello").await;
    let before = said(&app, &w.ravi, &w.room, "hello all").await;
    let m = said(&app, &w.sita, &w.room, "something rude and private").await;
    let id = m["id"].as_str().expect("id");
    for ws in [&mut ravi, &mut meera] {
        expect(ws, "message").await;
        expect(ws, "message").await;
    }
    let r = app.post(&format!("/api/v1/messages/{id}/hide"), &w.meera, json!({ "reason": "unkind words" })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    for ws in [&mut ravi, &mut meera] {
        let f = expect(ws, "message_hidden").await;
        assert_eq!(f, json!({ "type": "message_hidden", "room_id": w.room, "message_id": id, "seq": 2 }));
    }
    // A reaction to it later still carries nothing of it.
    let r = app.call("POST", &format!("/api/v1/messages/{id}/reactions/heart"), Some(&w.ravi), None).await;
    assert!(r.status.is_success(), "{}", r.text);
    let f = expect(&mut ravi, "message_hidden").await;
    assert!(!f.to_string().contains("rude") && !f.to_string().contains("unkind"), "{f}");
    expect(&mut meera, "message_hidden").await;
    // Catching up: the member gets it hidden; the staff moderator reads it, as through the API.
    let after = json!({ "type": "catch_up", "room_id": w.room, "after_id": before["id"] });
    send(&mut ravi, after.clone()).await;
    let f = expect(&mut ravi, "message_hidden").await;
    assert!(!f.to_string().contains("rude"), "{f}");
    expect(&mut ravi, "caught_up").await;
    send(&mut meera, after).await;
    let f = expect(&mut meera, "message").await;
    assert_eq!(
        (f["message"]["body"].clone(), f["message"]["hidden"].clone()),
        (json!("something rude and private"), json!(true))
    );
    expect(&mut meera, "caught_up").await;
});

both!(screened_messages_alert_the_facilitator_not_the_members, |app: TestApp| async move {
    let w = world(&app).await;
    let addr = serve(app.router.clone()).await;
    let mut ravi = connect(&addr, &w.ravi).await;
    let mut meera = connect(&addr, &w.meera).await;
    let mut sita = connect(&addr, &w.sita).await;
    for ws in [&mut ravi, &mut meera, &mut sita] {
        expect(ws, "hello").await;
    }
    let r =
        app.post(&format!("/api/v1/rooms/{}/messages", w.room), &w.sita, json!({ "body": "ab aur nahi jeena" })).await;
    assert_eq!(r.body["support"], true, "the writer's answer has the helplines: {}", r.text);
    // Delivered to all, with no helplines (checked by `next` on every frame).
    for ws in [&mut ravi, &mut sita] {
        let f = expect(ws, "message").await;
        assert_eq!(f["message"]["body"], "ab aur nahi jeena");
    }
    assert_eq!(expect(&mut meera, "message").await["message"]["body"], "ab aur nahi jeena");
    let f = expect(&mut meera, "safety_alert").await;
    let alert = &f["alert"];
    assert_eq!((alert["room_id"].clone(), alert["message_id"].clone()), (json!(w.room), r.body["id"].clone()));
    assert_eq!(alert["categories"], json!(["self_harm"]));
    assert!(alert["acknowledged_at"].is_null());
    // Members never get the alert: their next frame is the next message.
    said(&app, &w.meera, &w.room, "Sita, main yahin hoon").await;
    for ws in [&mut ravi, &mut sita] {
        assert_eq!(expect(ws, "message").await["message"]["body"], "Sita, main yahin hoon");
    }
    expect(&mut meera, "message").await;
    // Acknowledging goes out to those who see the alert.
    let id = alert["id"].as_str().expect("id");
    let r = app.post(&format!("/api/v1/safety-alerts/{id}/acknowledge"), &w.meera, json!({})).await;
    assert_eq!(r.status, StatusCode::OK);
    let f = expect(&mut meera, "safety_alert").await;
    assert_eq!(f["alert"]["acknowledged_by"], w.meera_id.as_str());
    said(&app, &w.meera, &w.room, "next").await;
    assert_eq!(expect(&mut ravi, "message").await["message"]["body"], "next");
});

both!(catch_up_after_a_reconnect_gives_exactly_the_missed_messages, |app: TestApp| async move {
    let w = world(&app).await;
    let addr = serve(app.router.clone()).await;
    let mut ravi = connect(&addr, &w.ravi).await;
    expect(&mut ravi, "hello").await;
    let mut seen = Vec::new();
    for i in 0..3 {
        said(&app, &w.sita, &w.room, &format!("before {i}")).await;
        let f = expect(&mut ravi, "message").await;
        seen.push((f["message"]["seq"].as_i64().expect("seq"), f["message"]["id"].as_str().expect("id").to_string()));
    }
    assert_eq!(seen.iter().map(|s| s.0).collect::<Vec<_>>(), [1, 2, 3]);
    ravi.close(None).await.expect("close");
    drop(ravi);
    // Missed while away: more than a catch-up page holds.
    let mut missed = Vec::new();
    for i in 0..105 {
        missed.push(
            said(&app, &w.sita, &w.room, &format!("while away {i}")).await["id"].as_str().expect("id").to_string(),
        );
    }
    let mut ravi = connect(&addr, &w.ravi).await;
    let hello = expect(&mut ravi, "hello").await;
    assert_eq!(hello["rooms"][0]["last_seq"], 108);
    let last_seen = seen.last().expect("seen").1.clone();
    send(&mut ravi, json!({ "type": "catch_up", "room_id": w.room, "after_id": last_seen })).await;
    let mut got = Vec::new();
    loop {
        let f = next(&mut ravi).await;
        match f["type"].as_str() {
            Some("message") => got.push((
                f["message"]["seq"].as_i64().expect("seq"),
                f["message"]["id"].as_str().expect("id").to_string(),
            )),
            Some("caught_up") => {
                assert_eq!((f["room_id"].clone(), f["complete"].clone()), (json!(w.room), json!(true)));
                break;
            }
            _ => panic!("unexpected {f}"),
        }
    }
    assert_eq!(got.iter().map(|g| g.1.clone()).collect::<Vec<_>>(), missed, "exactly the missed ones, in order");
    assert_eq!(got.iter().map(|g| g.0).collect::<Vec<_>>(), (4..=108).collect::<Vec<_>>(), "no gap, no duplicate");
    // Live again afterwards.
    said(&app, &w.sita, &w.room, "welcome back").await;
    assert_eq!(expect(&mut ravi, "message").await["message"]["seq"], 109);
    // Catching up on a room one is not in, or from an unknown message: refused.
    send(&mut ravi, json!({ "type": "catch_up", "room_id": w.other_room, "after_id": last_seen })).await;
    let f = expect(&mut ravi, "error").await;
    assert_eq!((f["code"].clone(), f["room_id"].clone()), (json!("forbidden"), json!(w.other_room)));
    send(&mut ravi, json!({ "type": "catch_up", "room_id": w.room, "after_id": "nope" })).await;
    assert_eq!(expect(&mut ravi, "error").await["code"], "invalid");
});

both!(sockets_need_a_session_and_cookie_sockets_our_own_origin, |app: TestApp| async move {
    let w = world(&app).await;
    let addr = serve(app.router.clone()).await;
    let url = format!("ws://{addr}/api/v1/ws");
    // No session; a wrong token.
    assert_eq!(refused(url.clone().into_client_request().expect("req")).await, 401);
    assert_eq!(refused(format!("{url}?token=wrong").into_client_request().expect("req")).await, 401);
    // A bearer header works, from anywhere (it is not ambient).
    let mut req = url.clone().into_client_request().expect("req");
    req.headers_mut().insert("authorization", format!("Bearer {}", w.ravi).parse().expect("h"));
    req.headers_mut().insert("origin", "https://evil.example".parse().expect("h"));
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.expect("bearer");
    expect(&mut ws, "hello").await;
    // The cookie: only from this host's own pages.
    let cookie = |origin: Option<&str>| {
        let mut req = url.clone().into_client_request().expect("req");
        req.headers_mut().insert("cookie", format!("saathi_session={}", w.ravi).parse().expect("h"));
        if let Some(o) = origin {
            req.headers_mut().insert("origin", o.parse().expect("h"));
        }
        req
    };
    assert_eq!(refused(cookie(Some("https://evil.example"))).await, 403, "cross-site WebSocket hijacking");
    assert_eq!(refused(cookie(Some(&format!("http://{addr}.evil.example")))).await, 403);
    assert_eq!(refused(cookie(None)).await, 403, "no Origin, no cookie socket");
    let (mut ws, _) =
        tokio_tungstenite::connect_async(cookie(Some(&format!("http://{addr}")))).await.expect("same origin");
    let hello = expect(&mut ws, "hello").await;
    assert_eq!(hello_rooms(&hello), std::slice::from_ref(&w.room));
    // Signed out: the token opens nothing any more.
    let r = app.call("POST", "/api/v1/auth/logout", Some(&w.ravi), None).await;
    assert!(r.status.is_success(), "{}", r.text);
    assert_eq!(refused(format!("{url}?token={}", w.ravi).into_client_request().expect("req")).await, 401);
});

both!(enrolment_changes_the_rooms_a_socket_receives, |app: TestApp| async move {
    let w = world(&app).await;
    let addr = serve(app.router.clone()).await;
    let (ziya_id, ziya_t) = member_with(&app, &w.meera, "ziya", "female", 1990, "detox", "hi").await;
    let mut ziya = connect(&addr, &ziya_t).await;
    assert!(hello_rooms(&expect(&mut ziya, "hello").await).is_empty());
    assert_eq!(enroll(&app, &w.meera, &w.g, &ziya_id).await.status, StatusCode::CREATED);
    let hello = expect(&mut ziya, "hello").await;
    assert_eq!(hello_rooms(&hello), std::slice::from_ref(&w.room));
    said(&app, &w.ravi, &w.room, "Welcome ziya").await;
    assert_eq!(expect(&mut ziya, "message").await["message"]["body"], "Welcome ziya");
    // Leaving: a new hello without the room, and nothing more of it.
    let r = app.call("DELETE", &format!("/api/v1/groups/{}/enrollments/{ziya_id}", w.g), Some(&w.meera), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(hello_rooms(&expect(&mut ziya, "hello").await).is_empty());
    said(&app, &w.ravi, &w.room, "Bye ziya").await;
    // An open room opened by staff reaches her at once.
    let r = app.post("/api/v1/rooms", &w.meera, json!({ "kind": "support_24x7", "name": "Raat ka saath" })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let open = r.body["id"].as_str().expect("id").to_string();
    let hello = expect(&mut ziya, "hello").await;
    assert_eq!(hello_rooms(&hello), std::slice::from_ref(&open), "the open room, not the group's");
    said(&app, &w.ravi, &open, "Anyone up?").await;
    assert_eq!(expect(&mut ziya, "message").await["message"]["body"], "Anyone up?");
    let _ = w.meera_id;
});

/// Whether the server closes the socket within 5 s (frames before the close
/// are passed over).
pub(crate) async fn closes(ws: &mut Ws) -> bool {
    let end = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        match tokio::time::timeout_at(end, ws.next()).await {
            Err(_) => return false,
            Ok(None | Some(Err(_)) | Some(Ok(WsMessage::Close(_)))) => return true,
            Ok(Some(Ok(_))) => {}
        }
    }
}

both!(a_socket_closes_at_once_when_its_session_ends, |app: TestApp| async move {
    let w = world(&app).await;
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let addr = serve(app.router.clone()).await;
    // Ravi on two devices (two sessions); signing out of one closes only its socket.
    let phone = app.login("ravi", PASSWORD).await.body["token"].as_str().expect("token").to_string();
    let mut tablet = connect(&addr, &w.ravi).await;
    let mut on_phone = connect(&addr, &phone).await;
    expect(&mut tablet, "hello").await;
    expect(&mut on_phone, "hello").await;
    let r = app.call("POST", "/api/v1/auth/logout", Some(&w.ravi), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
    assert!(closes(&mut tablet).await, "the signed-out session's socket closes at once");
    said(&app, &w.sita, &w.room, "still here?").await;
    assert_eq!(expect(&mut on_phone, "message").await["message"]["body"], "still here?");

    // A changed role ends every session of the user: their sockets close
    // (they were judged on the old role).
    let mut meera = connect(&addr, &w.meera).await;
    expect(&mut meera, "hello").await;
    let r = app.patch(&format!("/api/v1/users/{}", w.meera_id), &admin, json!({ "role": "peer_mentor" })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(closes(&mut meera).await, "a changed role closes the socket");
    // Nobody else's socket was closed.
    said(&app, &w.sita, &w.room, "and now?").await;
    assert_eq!(expect(&mut on_phone, "message").await["message"]["body"], "and now?");
});

both!(a_readmitted_alumnus_leaves_the_alumni_rooms_at_once, |app: TestApp| async move {
    let w = world(&app).await;
    let addr = serve(app.router.clone()).await;
    let r = app.post("/api/v1/rooms", &w.meera, json!({ "kind": "alumni", "name": "Alumni" })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let alumni = r.body["id"].as_str().expect("id").to_string();
    let (zara_id, zara_t) = member_with(&app, &w.meera, "zara", "female", 1990, "relapse_prevention", "hi").await;
    let r = app.call("POST", &format!("/api/v1/members/{zara_id}/discharge"), Some(&w.meera), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let mut zara = connect(&addr, &zara_t).await;
    assert_eq!(hello_rooms(&expect(&mut zara, "hello").await), std::slice::from_ref(&alumni));
    // Back in treatment: out of the alumni room on her open socket too.
    let r = app.patch(&format!("/api/v1/members/{zara_id}"), &w.meera, json!({ "stage": "rehabilitation" })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(hello_rooms(&expect(&mut zara, "hello").await).is_empty());
    said(&app, &w.meera, &alumni, "welcome home, alumni").await;
    let r = app.post("/api/v1/rooms", &w.meera, json!({ "kind": "support_24x7", "name": "Raat" })).await;
    let open = r.body["id"].as_str().expect("id").to_string();
    assert_eq!(hello_rooms(&expect(&mut zara, "hello").await), std::slice::from_ref(&open));
    said(&app, &w.meera, &open, "anyone?").await;
    // The next message she receives is the open room's, not the alumni room's.
    assert_eq!(expect(&mut zara, "message").await["message"]["body"], "anyone?");
});

/// Two applications on one PostgreSQL database (two instances in one
/// process): a message posted through one reaches a socket of the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_instances_deliver_each_others_messages() {
    let Some(app) = TestApp::new(saathi_store::Backend::Postgres).await else { return };
    let w = world(&app).await;
    let other = serve(app.second_instance()).await;
    let mut ravi = connect(&other, &w.ravi).await;
    let mut meera = connect(&other, &w.meera).await;
    expect(&mut ravi, "hello").await;
    expect(&mut meera, "hello").await;
    // The other instance's listener may still be connecting: try a few times.
    let mut body = Value::Null;
    for i in 0..10 {
        said(&app, &w.sita, &w.room, &format!("across {i}")).await;
        match tokio::time::timeout(Duration::from_secs(1), next(&mut ravi)).await {
            Ok(f) => {
                body = f["message"]["body"].clone();
                break;
            }
            Err(_) => continue,
        }
    }
    assert!(body.as_str().is_some_and(|b| b.starts_with("across")), "delivered across instances: {body}");
    // And an alert to the facilitator on the other instance.
    said(&app, &w.sita, &w.room, "ab aur nahi jeena").await;
    loop {
        let f = next(&mut meera).await;
        if f["type"] == "safety_alert" {
            assert_eq!(f["alert"]["room_id"], w.room.as_str());
            break;
        }
        assert_eq!(f["type"], "message", "{f}");
    }
}
