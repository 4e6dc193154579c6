use crate::helpers::*;
use axum::http::StatusCode;
use saathi_domain::Role;
use serde_json::{Value, json};
use sqlx::Connection;

/// The rooms a user lists: (kind, name) pairs.
async fn rooms_of(app: &TestApp, token: &str) -> Vec<(String, String)> {
    let r = app.get("/api/v1/rooms", token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body
        .as_array()
        .expect("rooms")
        .iter()
        .map(|x| (x["kind"].as_str().unwrap_or("").to_string(), x["name"].as_str().unwrap_or("").to_string()))
        .collect()
}

/// The id of the room a user lists for a group.
async fn group_room(app: &TestApp, token: &str, group_id: &str) -> Option<String> {
    let r = app.get("/api/v1/rooms", token).await;
    r.body.as_array()?.iter().find(|x| x["group_id"] == group_id).and_then(|x| x["id"].as_str().map(str::to_string))
}

async fn say(app: &TestApp, token: &str, room: &str, body: &str) -> Res {
    app.post(&format!("/api/v1/rooms/{room}/messages"), token, json!({ "body": body })).await
}

/// Posts and returns the new message's id.
async fn said(app: &TestApp, token: &str, room: &str, body: &str) -> String {
    let r = say(app, token, room, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body["id"].as_str().expect("id").to_string()
}

async fn open_room(app: &TestApp, staff: &str, kind: &str, name: &str) -> String {
    let r = app.post("/api/v1/rooms", staff, json!({ "kind": kind, "name": name })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body["id"].as_str().expect("id").to_string()
}

fn bodies(r: &Res) -> Vec<String> {
    r.body.as_array().expect("messages").iter().map(|m| m["body"].as_str().unwrap_or("").to_string()).collect()
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array().expect("list").iter().map(|m| m["id"].as_str().expect("id").to_string()).collect()
}

fn raw(method: &str, path: &str, token: &str, body: &str) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::builder()
        .method(method)
        .uri(path)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body.to_string()))
        .expect("request")
}

both!(a_groups_room_is_its_active_members_and_facilitators, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, other_counselor) = app.user(Role::Counselor, "asha").await;
    let (ravi, ravi_t) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let (sita, sita_t) = member_with(&app, &counselor, "sita", "female", 1990, "detox", "hi").await;
    let (_, outsider_t) = member_with(&app, &counselor, "kabir", "male", 1990, "detox", "hi").await;
    let g = group(&app, &counselor, group_body("Evening circle", 10)).await;
    for m in [&ravi, &sita] {
        assert_eq!(enroll(&app, &counselor, &g, m).await.status, StatusCode::CREATED);
    }
    let room = group_room(&app, &ravi_t, &g).await.expect("ravi has the group's room");
    assert_eq!(group_room(&app, &sita_t, &g).await.as_deref(), Some(room.as_str()), "one room per group");
    assert_eq!(group_room(&app, &counselor, &g).await.as_deref(), Some(room.as_str()), "the facilitator");
    assert_eq!(rooms_of(&app, &ravi_t).await, [("group".to_string(), "Evening circle".to_string())]);

    let hello = said(&app, &ravi_t, &room, "  Namaste sab ko  ").await;
    let r = app.get(&format!("/api/v1/rooms/{room}/messages"), &sita_t).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(bodies(&r), ["Namaste sab ko"], "trimmed");
    let m = &r.body[0];
    assert_eq!(m["id"], hello.as_str());
    assert_eq!(m["author_name"], "ravi", "the display name");
    assert_eq!(m["mine"], false);
    // Display names only: neither the login nor the full name is anywhere in the answer.
    assert!(!r.text.contains("Kumar"), "no full names: {}", r.text);
    assert!(m.get("login").is_none() && m.get("author_login").is_none());
    // Markup is text, stored and returned as written.
    said(&app, &sita_t, &room, "<script>alert(1)</script>").await;
    let r = app.get(&format!("/api/v1/rooms/{room}/messages?limit=1"), &ravi_t).await;
    assert_eq!(bodies(&r), ["<script>alert(1)</script>"]);

    // Not in the group: 403 for reading and writing; another counsellor who does not facilitate neither.
    for t in [&outsider_t, &other_counselor] {
        assert_eq!(app.get(&format!("/api/v1/rooms/{room}/messages"), t).await.status, StatusCode::FORBIDDEN);
        assert_eq!(say(&app, t, &room, "hi").await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.get(&format!("/api/v1/rooms/{room}"), t).await.status, StatusCode::FORBIDDEN);
        assert_eq!(group_room(&app, t, &g).await, None);
    }
    // Another centre: 404.
    let (_, other_admin, far_counselor) = app.other_center().await;
    for t in [&other_admin, &far_counselor] {
        assert_eq!(app.get(&format!("/api/v1/rooms/{room}/messages"), t).await.status, StatusCode::NOT_FOUND);
        assert_eq!(say(&app, t, &room, "hi").await.status, StatusCode::NOT_FOUND);
    }
    assert_eq!(app.get("/api/v1/rooms/no-such-room/messages", &ravi_t).await.status, StatusCode::NOT_FOUND);

    // Leaving the group leaves its room at once.
    let r = app.call("DELETE", &format!("/api/v1/groups/{g}/enrollments/{ravi}"), Some(&ravi_t), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(app.get(&format!("/api/v1/rooms/{room}/messages"), &ravi_t).await.status, StatusCode::FORBIDDEN);
    assert_eq!(say(&app, &ravi_t, &room, "still here?").await.status, StatusCode::FORBIDDEN);
    assert_eq!(group_room(&app, &ravi_t, &g).await, None);
    assert_eq!(app.get(&format!("/api/v1/rooms/{room}/messages"), &sita_t).await.status, StatusCode::OK);
    // Waiting for a place is not being in the group.
    let small = group(&app, &counselor, group_body("Small", 5)).await;
    enroll(&app, &counselor, &small, &sita).await;
    for i in 0..4 {
        let (m, _) = member_with(&app, &counselor, &format!("filler{i}"), "male", 1990, "detox", "hi").await;
        enroll(&app, &counselor, &small, &m).await;
    }
    let r = enroll(&app, &counselor, &small, &ravi).await;
    assert_eq!(r.body["status"], "waitlisted", "{}", r.text);
    let small_room = group_room(&app, &sita_t, &small).await.expect("room");
    assert_eq!(group_room(&app, &ravi_t, &small).await, None);
    assert_eq!(app.get(&format!("/api/v1/rooms/{small_room}/messages"), &ravi_t).await.status, StatusCode::FORBIDDEN);
});

both!(open_rooms_are_made_by_staff_and_joined_by_role_and_stage, |app: TestApp| async move {
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, mentor_t) = app.user(Role::PeerMentor, "arjun").await;
    let (_, family_t) = app.user(Role::Family, "family").await;
    let (_, ravi_t) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let (alum, alum_t) = member_with(&app, &counselor, "sita", "female", 1990, "relapse_prevention", "hi").await;

    // Only staff make open rooms, and only of the open kinds.
    for t in [&ravi_t, &mentor_t, &family_t] {
        let r = app.post("/api/v1/rooms", t, json!({ "kind": "support_24x7", "name": "Help" })).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
    let r = app.post("/api/v1/rooms", &counselor, json!({ "kind": "mentorship", "name": " " })).await;
    assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["kind".into(), "name".into()]));
    let r = app.post("/api/v1/rooms", &counselor, json!({ "kind": "party", "name": "x".repeat(101) })).await;
    assert_eq!(r.fields(), ["kind", "name"]);
    let support = open_room(&app, &admin, "support_24x7", "Raat ka saath").await;
    let alumni = open_room(&app, &counselor, "alumni", "Alumni").await;

    // 24x7: every member, mentor and staff; not families.
    for t in [&admin, &counselor, &mentor_t, &ravi_t, &alum_t] {
        assert_eq!(say(&app, t, &support, "hello").await.status, StatusCode::CREATED);
    }
    assert_eq!(say(&app, &family_t, &support, "hello").await.status, StatusCode::FORBIDDEN);
    assert_eq!(rooms_of(&app, &family_t).await, []);

    // Alumni: only members in aftercare, plus staff and mentors.
    for t in [&ravi_t, &alum_t] {
        assert_eq!(app.get(&format!("/api/v1/rooms/{alumni}/messages"), t).await.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(rooms_of(&app, &alum_t).await, [("support_24x7".into(), "Raat ka saath".into())]);
    for t in [&admin, &counselor, &mentor_t] {
        assert_eq!(say(&app, t, &alumni, "welcome").await.status, StatusCode::CREATED);
    }
    let r = app.call("POST", &format!("/api/v1/members/{alum}/discharge"), Some(&counselor), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // Discharged alumni keep the room (and keep signing in).
    let alum_t = app.login("sita", PASSWORD).await.body["token"].as_str().expect("token").to_string();
    assert_eq!(say(&app, &alum_t, &alumni, "I made it home").await.status, StatusCode::CREATED);
    assert_eq!(
        rooms_of(&app, &alum_t).await,
        [("support_24x7".to_string(), "Raat ka saath".to_string()), ("alumni".to_string(), "Alumni".to_string())]
    );
    assert_eq!(say(&app, &ravi_t, &alumni, "me too").await.status, StatusCode::FORBIDDEN);

    // Staff rename open rooms; nobody else; a group's room keeps its group's name.
    let path = format!("/api/v1/rooms/{support}");
    assert_eq!(app.patch(&path, &ravi_t, json!({ "name": "x" })).await.status, StatusCode::FORBIDDEN);
    let r = app.patch(&path, &counselor, json!({ "name": "Saathi 24x7" })).await;
    assert_eq!((r.status, r.body["name"].as_str()), (StatusCode::OK, Some("Saathi 24x7")));
    let g = group(&app, &counselor, group_body("Circle", 5)).await;
    let g_room = group_room(&app, &counselor, &g).await.expect("room");
    let r = app.patch(&format!("/api/v1/rooms/{g_room}"), &counselor, json!({ "name": "x" })).await;
    assert_eq!(r.fields(), ["name"]);

    // Another centre sees none of them.
    let (_, other_admin, _) = app.other_center().await;
    assert_eq!(rooms_of(&app, &other_admin).await, []);
    assert_eq!(say(&app, &other_admin, &support, "hi").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.patch(&path, &other_admin, json!({ "name": "x" })).await.status, StatusCode::NOT_FOUND);
});

both!(private_rooms_only_with_ones_mentor_or_the_counsellors, |app: TestApp| async move {
    let (counselor_id, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, other_counselor) = app.user(Role::Counselor, "asha").await;
    let (admin_id, admin) = app.user(Role::Admin, "admin").await;
    let (mentor, mentor_t) = app.user(Role::PeerMentor, "arjun").await;
    let (other_mentor, other_mentor_t) = app.user(Role::PeerMentor, "kabir").await;
    let (ravi, ravi_t) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let (sita, sita_t) = member_with(&app, &counselor, "sita", "female", 1990, "detox", "hi").await;
    let open = |t: &str, with: &str| {
        let (t, with) = (t.to_string(), with.to_string());
        let app = &app;
        async move { app.post("/api/v1/rooms/private", &t, json!({ "with": with })).await }
    };

    // A member cannot open a private room with another member, either way round.
    assert_eq!(open(&ravi_t, &sita).await.status, StatusCode::FORBIDDEN);
    assert_eq!(open(&sita_t, &ravi).await.status, StatusCode::FORBIDDEN);
    // Nor with a mentor who is not theirs, nor with an admin; nor with oneself.
    assert_eq!(open(&ravi_t, &mentor).await.status, StatusCode::FORBIDDEN);
    assert_eq!(open(&mentor_t, &ravi).await.status, StatusCode::FORBIDDEN);
    assert_eq!(open(&ravi_t, &admin_id).await.status, StatusCode::FORBIDDEN);
    assert_eq!(open(&ravi_t, &ravi).await.status, StatusCode::FORBIDDEN);
    assert_eq!(open(&mentor_t, &other_mentor).await.status, StatusCode::FORBIDDEN);
    assert_eq!(open(&ravi_t, "nobody").await.status, StatusCode::NOT_FOUND);

    // With their mentor, once paired: one room, whoever opens it.
    let r = app.post("/api/v1/mentorships", &counselor, json!({ "mentor_id": mentor, "mentee_id": ravi })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let pairing = r.body["id"].as_str().expect("id").to_string();
    let r = open(&ravi_t, &mentor).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!((r.body["kind"].as_str(), r.body["name"].as_str()), (Some("mentorship"), Some("arjun name")));
    let pair_room = r.body["id"].as_str().expect("id").to_string();
    let r = open(&mentor_t, &ravi).await;
    assert_eq!((r.status, r.body["id"].as_str()), (StatusCode::OK, Some(pair_room.as_str())), "idempotent");
    assert_eq!(r.body["name"], "ravi", "the mentee's display name, for the mentor");
    assert_eq!(open(&ravi_t, &mentor).await.status, StatusCode::OK);
    said(&app, &ravi_t, &pair_room, "Aaj mushkil din tha").await;
    let r = app.get(&format!("/api/v1/rooms/{pair_room}/messages"), &mentor_t).await;
    assert_eq!(bodies(&r), ["Aaj mushkil din tha"]);
    // Nobody else reads it: not another member, another mentor, nor staff.
    for t in [&sita_t, &other_mentor_t, &counselor, &admin] {
        assert_eq!(app.get(&format!("/api/v1/rooms/{pair_room}/messages"), t).await.status, StatusCode::FORBIDDEN);
    }
    assert!(rooms_of(&app, &mentor_t).await.contains(&("mentorship".into(), "ravi".into())));
    // The pairing ends: the room closes for both.
    let r = app.call("DELETE", &format!("/api/v1/mentorships/{pairing}"), Some(&counselor), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    for t in [&ravi_t, &mentor_t] {
        assert_eq!(app.get(&format!("/api/v1/rooms/{pair_room}/messages"), t).await.status, StatusCode::FORBIDDEN);
        assert!(rooms_of(&app, t).await.iter().all(|(k, _)| k != "mentorship"));
    }
    assert_eq!(open(&ravi_t, &mentor).await.status, StatusCode::FORBIDDEN);

    // The member's counsellor room: the member and every counsellor of the centre.
    let r = open(&ravi_t, &counselor_id).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!((r.body["kind"].as_str(), r.body["name"].as_str()), (Some("counselor"), Some("Counsellors")));
    let c_room = r.body["id"].as_str().expect("id").to_string();
    let r = open(&other_counselor, &ravi).await;
    assert_eq!((r.status, r.body["id"].as_str()), (StatusCode::OK, Some(c_room.as_str())), "one per member");
    said(&app, &ravi_t, &c_room, "Can we talk tomorrow?").await;
    for t in [&counselor, &other_counselor] {
        let r = app.get(&format!("/api/v1/rooms/{c_room}/messages"), t).await;
        assert_eq!(bodies(&r), ["Can we talk tomorrow?"]);
    }
    assert!(rooms_of(&app, &other_counselor).await.contains(&("counselor".into(), "ravi".into())));
    for t in [&sita_t, &mentor_t, &admin] {
        assert_eq!(app.get(&format!("/api/v1/rooms/{c_room}/messages"), t).await.status, StatusCode::FORBIDDEN);
    }
    // A counsellor opens a room with a member; not with a mentor.
    assert_eq!(open(&counselor, &sita).await.status, StatusCode::CREATED);
    assert_eq!(open(&counselor, &mentor).await.status, StatusCode::FORBIDDEN);
    // Another centre's people are not found.
    let (_, _, far_counselor) = app.other_center().await;
    assert_eq!(open(&far_counselor, &ravi).await.status, StatusCode::NOT_FOUND);
    assert_eq!(open(&ravi_t, "").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!("/api/v1/rooms/{c_room}/messages"), &far_counselor).await.status,
        StatusCode::NOT_FOUND
    );
});

both!(paging_has_no_gaps_or_duplicates_and_catch_up_follows, |app: TestApp| async move {
    let (counselor_id, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, ravi_t) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let room = open_room(&app, &counselor, "support_24x7", "24x7").await;
    // 120 messages: 50 one after another, 30 stamped with the very same
    // millisecond, 40 sent all at once.
    let mut sent = Vec::new();
    for i in 0..50 {
        let t = if i % 3 == 0 { &counselor } else { &ravi_t };
        sent.push(said(&app, t, &room, &format!("message {i}")).await);
    }
    let same_ms = saathi_store::now_ms();
    for i in 50..80 {
        let m = app.store.post_message(&room, &counselor_id, &format!("message {i}"), same_ms).await.expect("post");
        sent.push(m.id);
    }
    let together = (80..120).map(|i| {
        let (app, t, room) = (&app, if i % 2 == 0 { &counselor } else { &ravi_t }, &room);
        async move { said(app, t, room, &format!("message {i}")).await }
    });
    sent.extend(futures_util::future::join_all(together).await);
    // The full list, oldest first, as the database holds it.
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&app.url).await.expect("connect");
    let oldest_first: Vec<String> = sqlx::query_scalar("SELECT id FROM messages WHERE room_id = $1 ORDER BY seq")
        .bind(&room)
        .fetch_all(&mut conn)
        .await
        .expect("messages");
    assert_eq!(oldest_first.len(), 120);
    assert_eq!(oldest_first[..80], sent[..80], "in the order sent");
    let mut sorted_sent = sent.clone();
    sorted_sent.sort();
    let mut sorted_all = oldest_first.clone();
    sorted_all.sort();
    assert_eq!(sorted_all, sorted_sent);
    let stamps: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT created_at) FROM messages WHERE room_id = $1")
        .bind(&room)
        .fetch_one(&mut conn)
        .await
        .expect("stamps");
    assert!(stamps <= 91, "30 messages share one millisecond");
    // Numbered 1 to 120 without a gap, and the room's number follows.
    let seqs: Vec<i64> = sqlx::query_scalar("SELECT seq FROM messages WHERE room_id = $1 ORDER BY seq")
        .bind(&room)
        .fetch_all(&mut conn)
        .await
        .expect("seqs");
    assert_eq!(seqs, (1..=120).collect::<Vec<i64>>());
    let last: i64 = sqlx::query_scalar("SELECT last_seq FROM rooms WHERE id = $1")
        .bind(&room)
        .fetch_one(&mut conn)
        .await
        .expect("last_seq");
    assert_eq!(last, 120);
    let newest_first: Vec<String> = oldest_first.iter().rev().cloned().collect();
    let base = format!("/api/v1/rooms/{room}/messages");

    // The default page is the newest 50, newest first.
    let r = app.get(&base, &ravi_t).await;
    assert_eq!(ids(&r.body), newest_first[..50]);
    // Pages of 7 (not a divisor of 120) walked back with `before`.
    let mut all = Vec::new();
    let mut before: Option<String> = None;
    loop {
        let path = match &before {
            Some(b) => format!("{base}?limit=7&before={b}"),
            None => format!("{base}?limit=7"),
        };
        let r = app.get(&path, &ravi_t).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let page = ids(&r.body);
        assert!(page.len() <= 7);
        if page.is_empty() {
            break;
        }
        before = page.last().cloned();
        all.extend(page);
    }
    assert_eq!(all, newest_first, "the pages, end to end, are every message once, in order");
    // At most 100 a page.
    assert_eq!(ids(&app.get(&format!("{base}?limit=500"), &ravi_t).await.body).len(), 100);

    // Catch-up after a reconnect: everything after the last one seen, oldest first.
    let r = app.get(&format!("{base}?after={}", oldest_first[99]), &ravi_t).await;
    assert_eq!(ids(&r.body), oldest_first[100..]);
    let r = app.get(&format!("{base}?after={}&limit=5", oldest_first[0]), &ravi_t).await;
    assert_eq!(ids(&r.body), oldest_first[1..6]);
    let mut caught = Vec::new();
    let mut after = oldest_first[10].clone();
    loop {
        let page = ids(&app.get(&format!("{base}?after={after}&limit=13"), &ravi_t).await.body);
        let Some(last) = page.last().cloned() else { break };
        after = last;
        caught.extend(page);
    }
    assert_eq!(caught, oldest_first[11..]);
    assert_eq!(ids(&app.get(&format!("{base}?after={}", oldest_first[119]), &ravi_t).await.body).len(), 0);
    let sent = oldest_first;

    // Bad cursors and limits are clear 422s.
    let r = app.get(&format!("{base}?before=not-a-message"), &ravi_t).await;
    assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["before".to_string()]));
    let r = app.get(&format!("{base}?limit=0"), &ravi_t).await;
    assert_eq!(r.fields(), ["limit"]);
    let r = app.get(&format!("{base}?before={}&after={}", sent[5], sent[1]), &ravi_t).await;
    assert_eq!(r.fields(), ["after"]);
    let r = app.get(&format!("{base}?limit=many"), &ravi_t).await;
    assert_eq!(
        (r.status, r.body["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("malformed")),
        "{}",
        r.text
    );
    // A message of another room is not a cursor here.
    let other = open_room(&app, &counselor, "support_24x7", "Other").await;
    let elsewhere = said(&app, &ravi_t, &other, "elsewhere").await;
    let r = app.get(&format!("{base}?after={elsewhere}"), &ravi_t).await;
    assert_eq!(r.fields(), ["after"]);
});

both!(authors_edit_and_delete_their_own_and_deleted_content_is_gone, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (ravi, ravi_t) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let (sita, sita_t) = member_with(&app, &counselor, "sita", "female", 1990, "detox", "hi").await;
    let g = group(&app, &counselor, group_body("Circle", 5)).await;
    enroll(&app, &counselor, &g, &ravi).await;
    enroll(&app, &counselor, &g, &sita).await;
    let room = group_room(&app, &ravi_t, &g).await.expect("room");
    let m = said(&app, &ravi_t, &room, "I drank last night").await;
    let path = format!("/api/v1/messages/{m}");

    // Only the author edits; the edit is marked.
    for t in [&sita_t, &counselor] {
        assert_eq!(app.patch(&path, t, json!({ "body": "changed" })).await.status, StatusCode::FORBIDDEN);
    }
    let r = app.patch(&path, &ravi_t, json!({ "body": "I had a hard night" })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["body"], "I had a hard night");
    assert!(r.body["edited_at"].is_string());
    let r = app.patch(&path, &ravi_t, json!({ "body": "x".repeat(2001) })).await;
    assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["body".to_string()]));

    // Only the author deletes (a facilitator neither: hiding is moderation's job).
    for t in [&sita_t, &counselor] {
        assert_eq!(app.call("DELETE", &path, Some(t), None).await.status, StatusCode::FORBIDDEN);
    }
    sita_reacts(&app, &sita_t, &m).await;
    assert_eq!(app.call("DELETE", &path, Some(&ravi_t), None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.call("DELETE", &path, Some(&ravi_t), None).await.status, StatusCode::NO_CONTENT, "again");
    let r = app.get(&format!("/api/v1/rooms/{room}/messages"), &sita_t).await;
    assert_eq!(r.body[0]["id"], m.as_str());
    assert_eq!((r.body[0]["deleted"].as_bool(), r.body[0]["body"].is_null()), (Some(true), true));
    assert_eq!(r.body[0]["reactions"], json!([]));
    assert!(!r.text.contains("hard night") && !r.text.contains("drank"));
    assert_eq!(app.patch(&path, &ravi_t, json!({ "body": "back" })).await.status, StatusCode::CONFLICT);
    // Gone from the database itself, not just hidden.
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&app.url).await.expect("connect");
    let body: Option<String> =
        sqlx::query_scalar("SELECT body FROM messages WHERE id = $1").bind(&m).fetch_one(&mut conn).await.expect("row");
    assert_eq!(body, None);
    let hits: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE body LIKE '%night%' OR body LIKE '%drank%'")
            .fetch_one(&mut conn)
            .await
            .expect("count");
    assert_eq!(hits, 0);
    let reactions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM message_reactions WHERE message_id = $1")
        .bind(&m)
        .fetch_one(&mut conn)
        .await
        .expect("count");
    assert_eq!(reactions, 0);
    let audit: String = sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'message.delete'")
        .fetch_one(&mut conn)
        .await
        .expect("audit");
    assert!(!audit.contains("night"), "the audit keeps no content: {audit}");

    // Once out of the group, one's messages cannot be edited, but can still be deleted.
    let m2 = said(&app, &ravi_t, &room, "bye").await;
    app.call("DELETE", &format!("/api/v1/groups/{g}/enrollments/{ravi}"), Some(&ravi_t), None).await;
    let p2 = format!("/api/v1/messages/{m2}");
    assert_eq!(app.patch(&p2, &ravi_t, json!({ "body": "x" })).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call("DELETE", &p2, Some(&ravi_t), None).await.status, StatusCode::NO_CONTENT);
    // Another centre: 404.
    let (_, other_admin, _) = app.other_center().await;
    assert_eq!(app.call("DELETE", &p2, Some(&other_admin), None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.call("DELETE", "/api/v1/messages/nope", Some(&ravi_t), None).await.status, StatusCode::NOT_FOUND);
});

async fn sita_reacts(app: &TestApp, token: &str, message: &str) {
    let r = app.call("POST", &format!("/api/v1/messages/{message}/reactions/heart"), Some(token), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
}

both!(reactions_are_one_of_each_kind_per_person, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, ravi_t) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let (_, sita_t) = member_with(&app, &counselor, "sita", "female", 1990, "detox", "hi").await;
    let (_, alum_only) = member_with(&app, &counselor, "kabir", "male", 1990, "detox", "hi").await;
    let room = open_room(&app, &counselor, "support_24x7", "24x7").await;
    let m = said(&app, &ravi_t, &room, "30 days today").await;
    let r_path = |kind: &str| format!("/api/v1/messages/{m}/reactions/{kind}");

    let r = app.call("POST", &r_path("me_too"), Some(&sita_t), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let r = app.call("POST", &r_path("me_too"), Some(&sita_t), None).await;
    assert_eq!(r.status, StatusCode::OK, "the same reaction again counts once");
    assert_eq!(r.body["reactions"], json!([{ "kind": "me_too", "count": 1, "mine": true }]));
    app.call("POST", &r_path("heart"), Some(&sita_t), None).await;
    app.call("POST", &r_path("heart"), Some(&counselor), None).await;
    let r = app.get(&format!("/api/v1/rooms/{room}/messages"), &ravi_t).await;
    assert_eq!(
        r.body[0]["reactions"],
        json!([{ "kind": "me_too", "count": 1, "mine": false }, { "kind": "heart", "count": 2, "mine": false }])
    );
    // Taken back, twice: still fine, and gone.
    assert_eq!(app.call("DELETE", &r_path("heart"), Some(&sita_t), None).await.status, StatusCode::OK);
    let r = app.call("DELETE", &r_path("heart"), Some(&sita_t), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["reactions"][1], json!({ "kind": "heart", "count": 1, "mine": false }));
    // Unknown kinds; people outside the room; another centre.
    let r = app.call("POST", &r_path("angry"), Some(&sita_t), None).await;
    assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["kind".to_string()]));
    let alumni = open_room(&app, &counselor, "alumni", "Alumni").await;
    let a = said(&app, &counselor, &alumni, "welcome home").await;
    let r = app.call("POST", &format!("/api/v1/messages/{a}/reactions/heart"), Some(&alum_only), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let (_, other_admin, _) = app.other_center().await;
    assert_eq!(app.call("POST", &r_path("heart"), Some(&other_admin), None).await.status, StatusCode::NOT_FOUND);
});

both!(reports_reach_the_rooms_moderators_only, |app: TestApp| async move {
    let (counselor_id, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, other_counselor) = app.user(Role::Counselor, "asha").await;
    let (mentor_id, mentor_t) = app.user(Role::PeerMentor, "arjun").await;
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (ravi, ravi_t) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let (sita, sita_t) = member_with(&app, &counselor, "sita", "female", 1990, "detox", "hi").await;
    let (_, kabir_t) = member_with(&app, &counselor, "kabir", "male", 1990, "detox", "hi").await;
    let mut body = group_body("Circle", 5);
    body["facilitator_ids"] = json!([counselor_id, mentor_id]);
    let g = group(&app, &counselor, body).await;
    enroll(&app, &counselor, &g, &ravi).await;
    enroll(&app, &counselor, &g, &sita).await;
    let room = group_room(&app, &ravi_t, &g).await.expect("room");
    let m = said(&app, &ravi_t, &room, "Meet me outside, I have some stuff").await;
    let report = format!("/api/v1/messages/{m}/report");
    let reports = format!("/api/v1/rooms/{room}/reports");

    // Only members of the room report.
    assert_eq!(app.post(&report, &kabir_t, json!({})).await.status, StatusCode::FORBIDDEN);
    let r = app.post(&report, &sita_t, json!({ "reason": "offering drugs" })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let r = app.post(&report, &sita_t, json!({ "reason": "again" })).await;
    assert_eq!(r.status, StatusCode::OK, "one report per person");
    let r = app.post(&report, &sita_t, json!({ "reason": "x".repeat(501) })).await;
    assert_eq!(r.fields(), ["reason"]);
    // No body at all is a report without a reason; a malformed one is 400.
    let r = app.send(build("POST", &report, Some(&counselor), None)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(app.send(raw("POST", &report, &counselor, "{\"reason\": ")).await.status, StatusCode::BAD_REQUEST);

    // The group's facilitators read them; nobody else (not the writer, a peer,
    // a counsellor or admin who does not facilitate).
    for t in [&counselor, &mentor_t] {
        let r = app.get(&reports, t).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let list = r.body.as_array().expect("reports");
        assert_eq!(list.len(), 2);
        let sitas = list.iter().find(|x| x["reporter_name"] == "sita").expect("sita's report");
        assert_eq!(sitas["reason"], "offering drugs");
        assert_eq!(sitas["message"]["body"], "Meet me outside, I have some stuff");
        assert_eq!(sitas["message"]["author_name"], "ravi");
    }
    for t in [&ravi_t, &sita_t, &other_counselor, &admin, &kabir_t] {
        assert_eq!(app.get(&reports, t).await.status, StatusCode::FORBIDDEN);
    }
    let (_, other_admin, _) = app.other_center().await;
    assert_eq!(app.get(&reports, &other_admin).await.status, StatusCode::NOT_FOUND);

    // In an open room: staff and peer mentors; not members.
    let support = open_room(&app, &counselor, "support_24x7", "24x7").await;
    let s = said(&app, &ravi_t, &support, "anyone awake?").await;
    let r = app.post(&format!("/api/v1/messages/{s}/report"), &sita_t, json!({ "reason": "spam" })).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let support_reports = format!("/api/v1/rooms/{support}/reports");
    for t in [&admin, &other_counselor, &mentor_t] {
        assert_eq!(app.get(&support_reports, t).await.body.as_array().map(Vec::len), Some(1));
    }
    for t in [&ravi_t, &sita_t] {
        assert_eq!(app.get(&support_reports, t).await.status, StatusCode::FORBIDDEN);
    }
    // The rooms list says who moderates.
    let r = app.get("/api/v1/rooms", &mentor_t).await;
    assert!(r.body.as_array().expect("rooms").iter().all(|x| x["moderator"] == true), "{}", r.text);
    let r = app.get("/api/v1/rooms", &sita_t).await;
    assert!(r.body.as_array().expect("rooms").iter().all(|x| x["moderator"] == false), "{}", r.text);
    // Reported, audited; the audit does not carry the message.
    let audit = app.get("/api/v1/audit?action=message.report", &admin).await;
    assert_eq!(audit.body.as_array().map(Vec::len), Some(3), "{}", audit.text);
    assert!(!audit.text.contains("stuff"));
});

both!(bodies_are_checked_and_malformed_json_refused, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, ravi_t) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let room = open_room(&app, &counselor, "support_24x7", "24x7").await;
    let path = format!("/api/v1/rooms/{room}/messages");
    for body in ["x".repeat(2001), "   \n ".to_string(), String::new()] {
        let r = say(&app, &ravi_t, &room, &body).await;
        assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["body".to_string()]));
    }
    // 2000 characters of Devanagari (more bytes than characters) are fine.
    let long = "न".repeat(2000);
    let r = say(&app, &ravi_t, &room, &long).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["body"].as_str().map(|b| b.chars().count()), Some(2000));
    let r = app.send(raw("POST", &path, &ravi_t, "{\"body\": ")).await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "malformed"));
    let r = app.post(&path, &ravi_t, json!({ "body": 5 })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.post(&path, &ravi_t, json!({ "body": "hi", "author_id": "someone" })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "unknown fields are refused");
    let r = app.send(raw("POST", "/api/v1/rooms/private", &ravi_t, "{")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = app.send(raw("POST", "/api/v1/rooms", &counselor, "nonsense")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // Documented.
    let o = app.call("GET", "/api/openapi.json", None, None).await;
    for (path, method) in [
        ("/api/v1/rooms", "get"),
        ("/api/v1/rooms", "post"),
        ("/api/v1/rooms/private", "post"),
        ("/api/v1/rooms/{id}/messages", "get"),
        ("/api/v1/rooms/{id}/messages", "post"),
        ("/api/v1/rooms/{id}/reports", "get"),
        ("/api/v1/rooms/{id}/read", "post"),
        ("/api/v1/messages/{id}", "patch"),
        ("/api/v1/messages/{id}", "delete"),
        ("/api/v1/messages/{id}/reactions/{kind}", "post"),
        ("/api/v1/messages/{id}/report", "post"),
        ("/api/v1/messages/{id}/hide", "post"),
        ("/api/v1/rooms/{id}/mutes", "post"),
        ("/api/v1/rooms/{id}/mutes/{member_id}", "delete"),
        ("/api/v1/rooms/{id}/warnings", "post"),
        ("/api/v1/rooms/{id}/moderator-notes", "get"),
        ("/api/v1/rooms/{id}/moderator-notes", "post"),
        ("/api/v1/rooms/{id}/moderation-log", "get"),
        ("/api/v1/safety-alerts", "get"),
        ("/api/v1/safety-alerts/{id}/acknowledge", "post"),
    ] {
        assert!(o.body["paths"][path][method].is_object(), "{method} {path} documented");
    }
    // Not signed in.
    assert_eq!(app.call("GET", "/api/v1/rooms", None, None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.call("GET", &path, None, None).await.status, StatusCode::UNAUTHORIZED);
});

both!(unread_counts_what_others_wrote_since_the_read_mark, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, ravi_t) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let (_, sita_t) = member_with(&app, &counselor, "sita", "female", 1990, "detox", "hi").await;
    let room = open_room(&app, &counselor, "support_24x7", "24x7").await;
    let unread = |t: &str| {
        let t = t.to_string();
        let app = &app;
        async move { app.get("/api/v1/rooms", &t).await.body[0]["unread"].as_i64() }
    };
    assert_eq!(unread(&ravi_t).await, Some(0));
    let first = said(&app, &sita_t, &room, "one").await;
    let second = said(&app, &sita_t, &room, "two").await;
    let third = said(&app, &sita_t, &room, "three").await;
    said(&app, &ravi_t, &room, "mine").await;
    assert_eq!(unread(&ravi_t).await, Some(3), "one's own messages are not unread");
    assert_eq!(unread(&sita_t).await, Some(1));
    let read = format!("/api/v1/rooms/{room}/read");
    let r = app.post(&read, &ravi_t, json!({ "message_id": second })).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
    assert_eq!(unread(&ravi_t).await, Some(1));
    app.post(&read, &ravi_t, json!({ "message_id": first })).await;
    assert_eq!(unread(&ravi_t).await, Some(1), "never backwards");
    app.call("DELETE", &format!("/api/v1/messages/{third}"), Some(&sita_t), None).await;
    assert_eq!(unread(&ravi_t).await, Some(0), "a deleted message is not waiting to be read");
    let r = app.post(&read, &ravi_t, json!({ "message_id": "nope" })).await;
    assert_eq!(r.fields(), ["message_id"]);
    let (_, family) = app.user(Role::Family, "family").await;
    assert_eq!(app.post(&read, &family, json!({ "message_id": first })).await.status, StatusCode::FORBIDDEN);
});

/// A group facilitated by counsellor meera and peer mentor arjun, with
/// members ravi and sita; asha is a counsellor outside it, kabir a member
/// outside it. Returns the tokens, ids and the room.
struct Circle {
    meera: String,
    asha: String,
    admin: String,
    arjun: String,
    arjun_id: String,
    ravi_id: String,
    ravi: String,
    sita_id: String,
    sita: String,
    kabir: String,
    group: String,
    room: String,
}

async fn circle(app: &TestApp) -> Circle {
    let (meera_id, meera) = app.user(Role::Counselor, "meera").await;
    let (_, asha) = app.user(Role::Counselor, "asha").await;
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (arjun_id, arjun) = app.user(Role::PeerMentor, "arjun").await;
    let (ravi_id, ravi) = member_with(app, &meera, "ravi", "male", 1990, "detox", "hi").await;
    let (sita_id, sita) = member_with(app, &meera, "sita", "female", 1990, "detox", "hi").await;
    let (_, kabir) = member_with(app, &meera, "kabir", "male", 1990, "detox", "hi").await;
    let mut body = group_body("Circle", 5);
    body["facilitator_ids"] = json!([meera_id, arjun_id]);
    let g = group(app, &meera, body).await;
    enroll(app, &meera, &g, &ravi_id).await;
    enroll(app, &meera, &g, &sita_id).await;
    let room = group_room(app, &ravi, &g).await.expect("room");
    Circle { meera, asha, admin, arjun, arjun_id, ravi_id, ravi, sita_id, sita, kabir, group: g, room }
}

/// The message with this id in a page.
fn find<'a>(r: &'a Res, id: &str) -> &'a Value {
    r.body.as_array().expect("messages").iter().find(|m| m["id"] == id).expect("message in page")
}

both!(moderators_hide_messages_and_members_never_receive_hidden_content, |app: TestApp| async move {
    let c = circle(&app).await;
    let m = said(&app, &c.ravi, &c.room, "Meet me outside, I have some stuff").await;
    let hide = format!("/api/v1/messages/{m}/hide");
    let page = format!("/api/v1/rooms/{}/messages", c.room);
    let r = app.post(&format!("/api/v1/messages/{m}/report"), &c.sita, json!({ "reason": "drugs" })).await;
    assert_eq!(r.status, StatusCode::CREATED);

    // Only the room's moderators hide: not members, not its author, not staff outside the group.
    for t in [&c.sita, &c.ravi, &c.kabir, &c.asha] {
        assert_eq!(app.post(&hide, t, json!({ "reason": "drugs" })).await.status, StatusCode::FORBIDDEN);
    }
    let (_, other_admin, _) = app.other_center().await;
    assert_eq!(app.post(&hide, &other_admin, json!({ "reason": "x" })).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.post("/api/v1/messages/nope/hide", &c.arjun, json!({ "reason": "x" })).await.status,
        StatusCode::NOT_FOUND
    );
    let r = app.post(&hide, &c.arjun, json!({ "reason": "  " })).await;
    assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["reason".to_string()]));
    assert_eq!(app.post(&hide, &c.arjun, json!({})).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Still visible to all before it is hidden.
    assert_eq!(find(&app.get(&page, &c.sita).await, &m)["hidden"], false);

    let r = app.post(&hide, &c.arjun, json!({ "reason": "offering drugs" })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["hidden"], true);
    assert_eq!(r.body["body"], Value::Null, "a peer mentor moderator is not served hidden content");
    assert_eq!(app.post(&hide, &c.meera, json!({ "reason": "again" })).await.status, StatusCode::OK, "idempotent");

    // Other members: hidden, no body, no reason — in pages, catch-up, and reaction answers.
    let r = app.get(&page, &c.sita).await;
    let seen = find(&r, &m);
    assert_eq!((seen["hidden"].clone(), seen["body"].clone()), (json!(true), Value::Null));
    assert!(seen.get("hidden_reason").is_none());
    assert!(!r.text.contains("stuff") && !r.text.contains("offering"), "{}", r.text);
    let first = said(&app, &c.sita, &c.room, "later").await;
    let r = app.get(&format!("{page}?after={m}"), &c.sita).await;
    assert_eq!(ids(&r.body), std::slice::from_ref(&first));
    let r = app.get(&format!("{page}?before={first}"), &c.sita).await;
    assert!(!r.text.contains("stuff"), "{}", r.text);
    let r = app.post(&format!("/api/v1/messages/{m}/reactions/support"), &c.sita, json!({})).await;
    assert_eq!(
        (r.status, r.body["body"].clone(), r.body["hidden"].clone()),
        (StatusCode::CREATED, Value::Null, json!(true))
    );
    // Reports read by a peer mentor moderator: hidden too.
    let r = app.get(&format!("/api/v1/rooms/{}/reports", c.room), &c.arjun).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.text.contains("stuff"), "{}", r.text);

    // The author sees their own message, marked hidden.
    let mine = app.get(&page, &c.ravi).await;
    let own = find(&mine, &m);
    assert_eq!(
        (own["hidden"].clone(), own["body"].clone()),
        (json!(true), json!("Meet me outside, I have some stuff"))
    );
    // Staff moderating the room still read it, with the reason.
    let r = app.get(&page, &c.meera).await;
    let staff = find(&r, &m);
    assert_eq!(staff["body"], "Meet me outside, I have some stuff");
    assert_eq!(staff["hidden_reason"], "offering drugs");
    let r = app.get(&format!("/api/v1/rooms/{}/reports", c.room), &c.meera).await;
    assert!(r.text.contains("I have some stuff"), "{}", r.text);

    // A deleted message cannot be hidden.
    let gone = said(&app, &c.sita, &c.room, "oops").await;
    assert_eq!(
        app.call("DELETE", &format!("/api/v1/messages/{gone}"), Some(&c.sita), None).await.status,
        StatusCode::NO_CONTENT
    );
    let r = app.post(&format!("/api/v1/messages/{gone}/hide"), &c.meera, json!({ "reason": "x" })).await;
    assert_eq!(r.status, StatusCode::CONFLICT);

    // Audited, without the content.
    let r = app.get("/api/v1/audit?action=room.hide", &c.admin).await;
    assert_eq!(r.body.as_array().map(Vec::len), Some(1), "{}", r.text);
    assert!(!r.text.contains("stuff"), "{}", r.text);
});

both!(muted_members_cannot_write_and_are_told_until_when, |app: TestApp| async move {
    let c = circle(&app).await;
    let mutes = format!("/api/v1/rooms/{}/mutes", c.room);
    let mute = |minutes: Value| json!({ "member_id": c.ravi_id, "minutes": minutes, "reason": "abusive" });

    // Moderators only.
    for t in [&c.sita, &c.ravi, &c.kabir, &c.asha] {
        assert_eq!(app.post(&mutes, t, mute(json!(30))).await.status, StatusCode::FORBIDDEN);
    }
    let (_, other_admin, _) = app.other_center().await;
    assert_eq!(app.post(&mutes, &other_admin, mute(json!(30))).await.status, StatusCode::NOT_FOUND);
    // 1–10080 minutes, a reason, a person of the centre other than oneself.
    for bad in [json!(0), json!(10_081), json!(-5)] {
        let r = app.post(&mutes, &c.arjun, mute(bad)).await;
        assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["minutes".to_string()]));
    }
    let r = app.post(&mutes, &c.arjun, json!({ "member_id": c.ravi_id, "minutes": 30, "reason": "" })).await;
    assert_eq!(r.fields(), ["reason"]);
    let r = app.post(&mutes, &c.arjun, json!({ "member_id": "nobody", "minutes": 30, "reason": "x" })).await;
    assert_eq!(r.fields(), ["member_id"]);
    let r = app.post(&mutes, &c.arjun, json!({ "member_id": c.arjun_id, "minutes": 30, "reason": "x" })).await;
    assert_eq!(r.fields(), ["member_id"], "not oneself");
    // Peer mentors do not mute staff.
    let meera_id = app.get("/api/v1/me", &c.meera).await.body["id"].as_str().expect("id").to_string();
    let r = app.post(&mutes, &c.arjun, json!({ "member_id": meera_id, "minutes": 30, "reason": "x" })).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(say(&app, &c.ravi, &c.room, "before").await.status, StatusCode::CREATED);

    let r = app.post(&mutes, &c.arjun, mute(json!(30))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let until = r.body["muted_until"].as_str().expect("muted_until").to_string();
    let r = say(&app, &c.ravi, &c.room, "let me talk").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.body["error"]["code"], "muted");
    assert_eq!(r.body["error"]["muted_until"], until.as_str());
    let when = chrono::DateTime::parse_from_rfc3339(&until).expect("rfc3339");
    let minutes = (when.timestamp_millis() - saathi_store::now_ms()) / 60_000;
    assert!((28..=30).contains(&minutes), "{minutes}");
    // Nor edit what they wrote there.
    let before = app.get(&format!("/api/v1/rooms/{}/messages?limit=1", c.room), &c.ravi).await;
    let before = before.body[0]["id"].as_str().expect("id").to_string();
    let r = app.patch(&format!("/api/v1/messages/{before}"), &c.ravi, json!({ "body": "changed" })).await;
    assert_eq!((r.status, r.body["error"]["code"].clone()), (StatusCode::FORBIDDEN, json!("muted")));
    // Others still write; the mute is for this room only.
    assert_eq!(say(&app, &c.sita, &c.room, "hi").await.status, StatusCode::CREATED);
    let r = app.post("/api/v1/rooms", &c.admin, json!({ "kind": "support_24x7", "name": "Raat" })).await;
    let support = r.body["id"].as_str().expect("id").to_string();
    assert_eq!(say(&app, &c.ravi, &support, "here I can").await.status, StatusCode::CREATED);
    // It ends by itself.
    let later = saathi_store::now_ms() + 31 * 60_000;
    assert!(app.store.active_mute(&c.room, &c.ravi_id, later).await.expect("mute").is_none());
    assert!(app.store.active_mute(&c.room, &c.ravi_id, saathi_store::now_ms()).await.expect("mute").is_some());

    // Ending it: moderators only.
    let end = format!("{mutes}/{}", c.ravi_id);
    assert_eq!(app.call("DELETE", &end, Some(&c.sita), None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call("DELETE", &end, Some(&c.ravi), None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call("DELETE", &end, Some(&other_admin), None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.call("DELETE", &end, Some(&c.meera), None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(say(&app, &c.ravi, &c.room, "thank you").await.status, StatusCode::CREATED);
    assert_eq!(app.call("DELETE", &end, Some(&c.meera), None).await.status, StatusCode::NO_CONTENT, "again");
    // Nobody lifts a mute they could not have put: not their own, and a
    // peer mentor not one on staff.
    let mute_of = |id: &str| json!({ "member_id": id, "minutes": 30, "reason": "cool off" });
    assert_eq!(app.post(&mutes, &c.meera, mute_of(&c.arjun_id)).await.status, StatusCode::CREATED);
    let r = app.call("DELETE", &format!("{mutes}/{}", c.arjun_id), Some(&c.arjun), None).await;
    assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["member_id".to_string()]), "{}", r.text);
    // (In the 24x7 room, which staff and peer mentors moderate.)
    let open_mutes = format!("/api/v1/rooms/{support}/mutes");
    assert_eq!(app.post(&open_mutes, &c.admin, mute_of(&meera_id)).await.status, StatusCode::CREATED);
    let r = app.call("DELETE", &format!("{open_mutes}/{meera_id}"), Some(&c.arjun), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    for (room, id) in [(&c.room, &c.arjun_id), (&support, &meera_id)] {
        let still = app.store.active_mute(room, id, saathi_store::now_ms()).await.expect("mute");
        assert!(still.is_some(), "the refused unmute changed nothing");
    }

    let r = app.get("/api/v1/audit?action=room.mute", &c.admin).await;
    assert_eq!(r.body.as_array().map(Vec::len), Some(3), "{}", r.text);
    let r = app.get("/api/v1/audit?action=room.unmute", &c.admin).await;
    assert_eq!(r.body.as_array().map(Vec::len), Some(1), "{}", r.text);
});

// A post is usually decided on the room as its writer last wrote in it;
// the write itself checks that still holds. A change made on another
// instance (which this one cannot have forgotten) is honoured at once.
both!(a_writers_change_of_standing_made_elsewhere_holds_for_their_next_message, |app: TestApp| async move {
    let c = circle(&app).await;
    let other = app.second_instance();
    let on_other = |method: &str, path: String, token: &str, body: Option<Value>| {
        send_to(&other, build(method, &path, Some(token), body))
    };
    said(&app, &c.ravi, &c.room, "first").await;

    // Muted on the other instance: refused here, and told until when.
    let mute = json!({ "member_id": c.ravi_id, "minutes": 30, "reason": "cool off" });
    let r = on_other("POST", format!("/api/v1/rooms/{}/mutes", c.room), &c.arjun, Some(mute)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let r = say(&app, &c.ravi, &c.room, "still here?").await;
    assert_eq!((r.status, r.body["error"]["code"].clone()), (StatusCode::FORBIDDEN, json!("muted")));
    assert!(r.body["error"]["muted_until"].is_string(), "{}", r.text);
    // The mute ended there: writing again here.
    let end = format!("/api/v1/rooms/{}/mutes/{}", c.room, c.ravi_id);
    assert_eq!(on_other("DELETE", end, &c.arjun, None).await.status, StatusCode::NO_CONTENT);
    said(&app, &c.ravi, &c.room, "back").await;

    // Renamed there: the next message carries the new name, live and stored.
    let r = on_other(
        "PATCH",
        format!("/api/v1/members/{}", c.ravi_id),
        &c.meera,
        Some(json!({ "display_name": "Ravi K" })),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = say(&app, &c.ravi, &c.room, "new name").await;
    assert_eq!((r.status, r.body["author_name"].clone()), (StatusCode::CREATED, json!("Ravi K")), "{}", r.text);

    // Left the group there: no longer writes in its room here.
    let leave = format!("/api/v1/groups/{}/enrollments/{}", c.group, c.ravi_id);
    let r = on_other("DELETE", leave, &c.ravi, None).await;
    assert!(r.status.is_success(), "{}", r.text);
    assert_eq!(say(&app, &c.ravi, &c.room, "am I out?").await.status, StatusCode::FORBIDDEN);

    // Nothing refused was written: the room holds what was let through.
    let page = app.get(&format!("/api/v1/rooms/{}/messages", c.room), &c.meera).await;
    assert_eq!(bodies(&page), ["new name", "back", "first"]);
});

both!(warnings_notes_and_the_moderation_log_reach_the_right_people, |app: TestApp| async move {
    let c = circle(&app).await;
    let warnings = format!("/api/v1/rooms/{}/warnings", c.room);
    let notes = format!("/api/v1/rooms/{}/moderator-notes", c.room);
    let log = format!("/api/v1/rooms/{}/moderation-log", c.room);
    let (_, other_admin, other_counselor) = app.other_center().await;

    // Warnings: moderators only, with a reason.
    let warn = json!({ "member_id": c.sita_id, "reason": "Please keep it kind" });
    for t in [&c.ravi, &c.kabir, &c.asha] {
        assert_eq!(app.post(&warnings, t, warn.clone()).await.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(app.post(&warnings, &other_admin, warn.clone()).await.status, StatusCode::NOT_FOUND);
    let r = app.post(&warnings, &c.arjun, json!({ "member_id": c.sita_id, "reason": "" })).await;
    assert_eq!(r.fields(), ["reason"]);
    let r = app.post(&warnings, &c.arjun, warn.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);

    // Moderator notes: the room's moderators only, both ways.
    let r = app.post(&notes, &c.meera, json!({ "body": "Sita had a hard week; go gently." })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["author_name"], "meera name");
    assert_eq!(app.post(&notes, &c.arjun, json!({ "body": " " })).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.post(&notes, &c.arjun, json!({ "body": "Noted." })).await.status, StatusCode::CREATED);
    let r = app.get(&notes, &c.arjun).await;
    assert_eq!(r.status, StatusCode::OK);
    let texts: Vec<&str> = r.body.as_array().expect("notes").iter().filter_map(|n| n["body"].as_str()).collect();
    assert_eq!(texts, ["Noted.", "Sita had a hard week; go gently."]);
    for t in [&c.ravi, &c.sita, &c.kabir, &c.asha] {
        assert_eq!(app.get(&notes, t).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.post(&notes, t, json!({ "body": "hi" })).await.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(app.get(&notes, &other_counselor).await.status, StatusCode::NOT_FOUND);

    // Hide and mute too, then the log.
    let m = said(&app, &c.ravi, &c.room, "secret words here").await;
    app.post(&format!("/api/v1/messages/{m}/hide"), &c.meera, json!({ "reason": "off topic" })).await;
    let mutes = format!("/api/v1/rooms/{}/mutes", c.room);
    let r = app.post(&mutes, &c.meera, json!({ "member_id": c.ravi_id, "minutes": 60, "reason": "cool off" })).await;
    assert_eq!(r.status, StatusCode::CREATED);
    app.call("DELETE", &format!("{mutes}/{}", c.ravi_id), Some(&c.meera), None).await;

    // Staff only: admins and counsellors (even one not in the group); not peer mentors, not members.
    for t in [&c.meera, &c.asha, &c.admin] {
        let r = app.get(&log, t).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let actions: Vec<&str> = r.body.as_array().expect("log").iter().filter_map(|e| e["action"].as_str()).collect();
        assert_eq!(actions, ["unmute", "mute", "hide", "warn"]);
        assert!(!r.text.contains("secret words"), "no message content: {}", r.text);
        assert_eq!(r.body[1]["member_name"], "ravi");
        assert!(r.body[1]["until"].is_string());
        assert_eq!(r.body[3]["reason"], "Please keep it kind");
    }
    for t in [&c.arjun, &c.ravi, &c.sita] {
        assert_eq!(app.get(&log, t).await.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(app.get(&log, &other_admin).await.status, StatusCode::NOT_FOUND);

    let r = app.get("/api/v1/audit?action=room.warn", &c.admin).await;
    assert_eq!(r.body.as_array().map(Vec::len), Some(1));
    let r = app.get("/api/v1/audit?action=room.moderator_note", &c.admin).await;
    assert_eq!(r.body.as_array().map(Vec::len), Some(2));
    assert!(!r.text.contains("hard week"), "notes audited without their text: {}", r.text);
});

/// A request from the room page's script: the session cookie, and the CSRF
/// token as a header when given (as `assets/chat.js` sends it).
fn from_page(
    method: &str,
    path: &str,
    session: &str,
    csrf: Option<&str>,
    body: Option<Value>,
) -> axum::http::Request<axum::body::Body> {
    let mut b = axum::http::Request::builder()
        .method(method)
        .uri(path)
        .header("cookie", format!("saathi_session={session}; saathi_csrf=tok-123"))
        .header("accept", "application/json");
    if let Some(t) = csrf {
        b = b.header("x-csrf-token", t);
    }
    let body = match body {
        Some(v) => {
            b = b.header("content-type", "application/json");
            axum::body::Body::from(v.to_string())
        }
        None => axum::body::Body::empty(),
    };
    b.body(body).expect("request")
}

// The room page reacts and reports without a reload through these API
// calls, signed in by cookie: what it relies on, and what sends it back to
// the ordinary form.
both!(the_room_page_reacts_and_reports_through_the_api_with_its_csrf_token, |app: TestApp| async move {
    let c = circle(&app).await;
    let m = said(&app, &c.ravi, &c.room, "one week today").await;
    let heart = format!("/api/v1/messages/{m}/reactions/heart");
    let report = format!("/api/v1/messages/{m}/report");
    let ok = Some("tok-123");

    // With the token: the answer is the message as the reader sees it.
    let r = app.send(from_page("POST", &heart, &c.sita, ok, None)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!((r.body["id"].clone(), r.body["mine"].clone()), (json!(m), json!(false)));
    assert_eq!(r.body["reactions"], json!([{ "kind": "heart", "count": 1, "mine": true }]));
    let r = app.send(from_page("POST", &heart, &c.meera, ok, None)).await;
    assert_eq!(r.body["reactions"], json!([{ "kind": "heart", "count": 2, "mine": true }]));
    let r = app.send(from_page("DELETE", &heart, &c.sita, ok, None)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["reactions"], json!([{ "kind": "heart", "count": 1, "mine": false }]));
    let r = app.send(from_page("POST", &report, &c.sita, ok, Some(json!({})))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let r = app.send(from_page("POST", &report, &c.sita, ok, Some(json!({ "reason": "again" })))).await;
    assert_eq!(r.status, StatusCode::OK, "once per person");
    let r = app.send(from_page("POST", &report, &c.sita, ok, Some(json!({ "reason": "x".repeat(501) })))).await;
    assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["reason".to_string()]));

    // Without the token, or with another one: refused, and nothing changes.
    for csrf in [None, Some("tok-999")] {
        let r = app.send(from_page("POST", &heart, &c.sita, csrf, None)).await;
        assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "csrf"));
        let r = app.send(from_page("POST", &report, &c.ravi, csrf, Some(json!({})))).await;
        assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "csrf"));
    }
    let r = app.get(&format!("/api/v1/rooms/{}/messages?limit=1", c.room), &c.ravi).await;
    assert_eq!(r.body[0]["reactions"], json!([{ "kind": "heart", "count": 1, "mine": false }]));
    let r = app.get(&format!("/api/v1/rooms/{}/reports", c.room), &c.meera).await;
    assert_eq!(r.body.as_array().map(Vec::len), Some(1), "{}", r.text);

    // Not in the room: 403; another centre: 404; an unknown message: 404.
    let (_, other_admin, _) = app.other_center().await;
    for (who, status) in [(&c.kabir, StatusCode::FORBIDDEN), (&other_admin, StatusCode::NOT_FOUND)] {
        assert_eq!(app.send(from_page("POST", &heart, who, ok, None)).await.status, status);
        assert_eq!(app.send(from_page("POST", &report, who, ok, Some(json!({})))).await.status, status);
    }
    let r = app.send(from_page("POST", "/api/v1/messages/nope/reactions/heart", &c.sita, ok, None)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // A muted member is still offered reactions and the report on the page,
    // and the API takes them (the mute is about writing). On the message she
    // reported already, the page says so instead of offering the form again.
    let m2 = said(&app, &c.ravi, &c.room, "two weeks tomorrow").await;
    let r = app
        .post(
            &format!("/api/v1/rooms/{}/mutes", c.room),
            &c.arjun,
            json!({ "member_id": c.sita_id, "minutes": 30, "reason": "x" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let page = app.send(from_page("GET", &format!("/rooms/{}", c.room), &c.sita, None, None)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains(&format!("action=\"/messages/{m}/react\"")), "{}", page.text);
    assert!(page.text.contains(&format!("action=\"/messages/{m2}/report\"")));
    assert!(!page.text.contains(&format!("action=\"/messages/{m}/report\"")), "reported already");
    assert!(page.text.contains("data-t-reported=\""), "the page gives the script its thank-you");
    let r = app.send(from_page("POST", &format!("/api/v1/messages/{m}/reactions/support"), &c.sita, ok, None)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);

    // A deleted message: refused (the script then sends the ordinary form).
    let r = app.call("DELETE", &format!("/api/v1/messages/{m}"), Some(&c.ravi), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = app.send(from_page("POST", &heart, &c.meera, ok, None)).await;
    assert!(r.status.is_client_error(), "{}", r.status);
    let r = app.send(from_page("POST", &report, &c.meera, ok, Some(json!({})))).await;
    assert!(r.status.is_client_error(), "{}", r.status);
});

// Reporting is once per person and message: the room page tells the reader
// which messages they reported (also after a reload, and without the
// script), and only them.
both!(the_room_page_remembers_what_the_reader_reported, |app: TestApp| async move {
    let c = circle(&app).await;
    let a = said(&app, &c.ravi, &c.room, "a rough night").await;
    let b = said(&app, &c.ravi, &c.room, "better today").await;
    let r = app.post(&format!("/api/v1/messages/{a}/report"), &c.sita, json!({ "reason": "worrying" })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let page = |who: String| {
        let app = &app;
        let room = c.room.clone();
        async move { app.send(from_page("GET", &format!("/rooms/{room}"), &who, None, None)).await.text }
    };
    let sita = page(c.sita.clone()).await;
    let li = |html: &str, id: &str| -> String {
        let start = html.find(&format!("id=\"m-{id}\"")).expect("message shown");
        html[start..].split("</li>").next().unwrap_or("").to_string()
    };
    let (sa, sb) = (li(&sita, &a), li(&sita, &b));
    assert!(sa.contains("data-reported=\"1\"") && sa.contains("msg-reported"), "{sa}");
    assert!(sa.contains("मॉडरेटर इसे देखेंगे"), "in Sita's Hindi: {sa}");
    assert!(!sa.contains("/report\""), "no second report form: {sa}");
    assert!(sb.contains(&format!("action=\"/messages/{b}/report\"")) && !sb.contains("data-reported"), "{sb}");
    // Another reader of the same message still has the form.
    let meera = page(c.meera.clone()).await;
    let ma = li(&meera, &a);
    assert!(ma.contains(&format!("action=\"/messages/{a}/report\"")) && !ma.contains("data-reported"), "{ma}");
});
