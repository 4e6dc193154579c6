//! Safety screening of messages: alerts raised privately, helplines shown to
//! the writer only, who sees the alerts, acknowledgement.

use crate::helpers::*;
use axum::http::StatusCode;
use saathi_domain::Role;
use serde_json::{Value, json};

async fn group_room(app: &TestApp, token: &str, group_id: &str) -> String {
    let r = app.get("/api/v1/rooms", token).await;
    r.body
        .as_array()
        .and_then(|l| l.iter().find(|x| x["group_id"] == group_id))
        .and_then(|x| x["id"].as_str().map(str::to_string))
        .expect("the group's room")
}

async fn say(app: &TestApp, token: &str, room: &str, body: &str) -> Res {
    let r = app.post(&format!("/api/v1/rooms/{room}/messages"), token, json!({ "body": body })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r
}

/// The alerts a user lists: (message id, categories).
async fn alerts(app: &TestApp, token: &str, query: &str) -> Vec<(String, Vec<String>)> {
    let r = app.get(&format!("/api/v1/safety-alerts{query}"), token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body
        .as_array()
        .expect("alerts")
        .iter()
        .map(|a| {
            let cats = a["categories"].as_array().expect("categories");
            (
                a["message_id"].as_str().expect("message_id").to_string(),
                cats.iter().map(|c| c.as_str().unwrap_or("").to_string()).collect(),
            )
        })
        .collect()
}

async fn alert_messages(app: &TestApp, token: &str) -> Vec<String> {
    alerts(app, token, "").await.into_iter().map(|(m, _)| m).collect()
}

struct World {
    meera: String,
    meera_id: String,
    asha: String,
    admin: String,
    arjun: String,
    other_mentor: String,
    ravi: String,
    sita: String,
    kabir: String,
    room: String,
}

/// A group with two facilitators (counsellor meera, peer mentor arjun) and
/// three members: ravi and sita (meera's) and kabir (asha's).
async fn world(app: &TestApp) -> World {
    let (meera_id, meera) = app.user(Role::Counselor, "meera").await;
    let (_, asha) = app.user(Role::Counselor, "asha").await;
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (arjun_id, arjun) = app.user(Role::PeerMentor, "arjun").await;
    let (_, other_mentor) = app.user(Role::PeerMentor, "vikram").await;
    let (ravi_id, ravi) = member_with(app, &meera, "ravi", "male", 1990, "detox", "hi").await;
    let (sita_id, sita) = member_with(app, &meera, "sita", "female", 1990, "detox", "hi").await;
    let (kabir_id, kabir) = member_with(app, &asha, "kabir", "male", 1990, "detox", "hi").await;
    let mut body = group_body("Circle", 10);
    body["facilitator_ids"] = json!([meera_id, arjun_id]);
    let g = group(app, &meera, body).await;
    for m in [&ravi_id, &sita_id, &kabir_id] {
        assert_eq!(enroll(app, &meera, &g, m).await.status, StatusCode::CREATED);
    }
    let room = group_room(app, &ravi, &g).await;
    World { meera, meera_id, asha, admin, arjun, other_mentor, ravi, sita, kabir, room }
}

fn no_flag(m: &Value) {
    assert!(m.get("support").is_none() && m.get("helplines").is_none(), "flag shown to a reader: {m}");
}

both!(crisis_messages_are_delivered_and_raise_private_alerts_in_three_scripts, |app: TestApp| async move {
    let w = world(&app).await;
    let cases = [
        (&w.ravi, "ab aur nahi jeena"),
        (&w.sita, "मैं मर जाना चाहता हूँ"),
        (&w.ravi, "Sach mein... I want to kill myself"),
    ];
    let mut flagged = Vec::new();
    for (token, text) in cases {
        let r = say(&app, token, &w.room, text).await;
        assert_eq!(r.body["support"], true, "{text}: {}", r.text);
        let phones: Vec<&str> =
            r.body["helplines"].as_array().expect("helplines").iter().filter_map(|h| h["phone"].as_str()).collect();
        assert!(phones.contains(&"14416"), "Tele-MANAS for the writer: {phones:?}");
        flagged.push(r.body["id"].as_str().expect("id").to_string());
    }
    // A near miss raises nothing, and the writer is not shown the helplines.
    let r = say(&app, &w.ravi, &w.room, "I killed it in the interview").await;
    assert_eq!(r.body["support"], false);
    assert!(r.body.get("helplines").is_none());
    let fine = r.body["id"].as_str().expect("id").to_string();

    // Every message is delivered, and no reader sees that any was flagged.
    let r = app.get(&format!("/api/v1/rooms/{}/messages", w.room), &w.kabir).await;
    assert_eq!(r.status, StatusCode::OK);
    let list = r.body.as_array().expect("messages");
    assert_eq!(list.len(), 4);
    assert_eq!(list[3]["body"], "ab aur nahi jeena");
    assert_eq!(list[2]["body"], "मैं मर जाना चाहता हूँ");
    list.iter().for_each(no_flag);
    assert!(!r.text.contains("14416") && !r.text.contains("self_harm"), "{}", r.text);
    // Not even the writer, reading the room later.
    let r = app.get(&format!("/api/v1/rooms/{}/messages", w.room), &w.ravi).await;
    r.body.as_array().expect("messages").iter().for_each(no_flag);

    // The facilitating counsellor gets one alert per flagged message, self-harm, newest first.
    let got = alerts(&app, &w.meera, "?status=open").await;
    let expected: Vec<(String, Vec<String>)> =
        flagged.iter().rev().map(|m| (m.clone(), vec!["self_harm".to_string()])).collect();
    assert_eq!(got, expected);
    assert!(!got.iter().any(|(m, _)| *m == fine), "the near miss raised nothing");
    // An edit is screened like a new message.
    let r = app.patch(&format!("/api/v1/messages/{fine}"), &w.ravi, json!({ "body": "I want to kill myself" })).await;
    assert_eq!((r.body["support"].clone(), r.body["helplines"].is_array()), (json!(true), true));
    let got = alerts(&app, &w.meera, "").await;
    assert_eq!((got.len(), got[0].clone()), (4, (fine.clone(), vec!["self_harm".to_string()])));
    let r = app.patch(&format!("/api/v1/messages/{fine}"), &w.ravi, json!({ "body": "all good now" })).await;
    assert_eq!(r.body["support"], false);

    let r = app.get("/api/v1/safety-alerts?status=all", &w.meera).await;
    let first = &r.body[r.body.as_array().map_or(0, |l| l.len() - 1)];
    assert_eq!(first["room_id"], w.room.as_str());
    assert_eq!(first["message_id"], flagged[0].as_str());
    assert_eq!(first["member_name"], "ravi");
    assert!(first["phrases"].as_array().is_some_and(|p| !p.is_empty()));
    assert!(first.get("body").is_none(), "an alert carries no message");
});

both!(who_sees_safety_alerts_and_who_acknowledges_them, |app: TestApp| async move {
    let w = world(&app).await;
    let ravis = say(&app, &w.ravi, &w.room, "ab aur nahi jeena").await.body["id"].as_str().expect("id").to_string();
    let kabirs =
        say(&app, &w.kabir, &w.room, "I want to end my life").await.body["id"].as_str().expect("id").to_string();
    // An open room, moderated by staff and every peer mentor.
    let r = app.post("/api/v1/rooms", &w.admin, json!({ "kind": "support_24x7", "name": "Raat ka saath" })).await;
    let support = r.body["id"].as_str().expect("id").to_string();
    let open = say(&app, &w.sita, &support, "I want to kill myself").await.body["id"].as_str().expect("id").to_string();

    // Admins: all of the centre's.
    assert_eq!(alert_messages(&app, &w.admin).await, [open.clone(), kabirs.clone(), ravis.clone()]);
    // Facilitating counsellor: the group's; moderating the open room: its too.
    assert_eq!(alert_messages(&app, &w.meera).await, [open.clone(), kabirs.clone(), ravis.clone()]);
    // Asha facilitates nothing: her own member kabir's, and the open room she moderates as staff.
    assert_eq!(alert_messages(&app, &w.asha).await, [open.clone(), kabirs.clone()]);
    // Peer mentors: the rooms they moderate (arjun facilitates the group; vikram only the open room).
    assert_eq!(alert_messages(&app, &w.arjun).await, [open.clone(), kabirs.clone(), ravis.clone()]);
    assert_eq!(alert_messages(&app, &w.other_mentor).await, std::slice::from_ref(&open));
    // Members: never.
    for t in [&w.ravi, &w.sita, &w.kabir] {
        assert_eq!(app.get("/api/v1/safety-alerts", t).await.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(app.get("/api/v1/safety-alerts?status=later", &w.meera).await.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Acknowledging.
    let r = app.get("/api/v1/safety-alerts", &w.meera).await;
    let alert_of = |m: &str| {
        let list = r.body.as_array().expect("alerts");
        list.iter().find(|a| a["message_id"] == m).expect("alert")["id"].as_str().expect("id").to_string()
    };
    let (ravi_alert, open_alert) = (alert_of(&ravis), alert_of(&open));
    let ack = |id: &str| format!("/api/v1/safety-alerts/{id}/acknowledge");
    assert_eq!(app.post(&ack(&ravi_alert), &w.ravi, json!({})).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post(&ack(&ravi_alert), &w.asha, json!({})).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post(&ack(&ravi_alert), &w.other_mentor, json!({})).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post(&ack("no-such-alert"), &w.meera, json!({})).await.status, StatusCode::NOT_FOUND);
    let r = app.post(&ack(&ravi_alert), &w.meera, json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["acknowledged_by"], w.meera_id.as_str());
    assert!(r.body["acknowledged_at"].is_string());
    // The first acknowledgement stands.
    let r = app.post(&ack(&ravi_alert), &w.arjun, json!({})).await;
    assert_eq!((r.status, r.body["acknowledged_by"].clone()), (StatusCode::OK, json!(w.meera_id)));
    assert_eq!(app.post(&ack(&open_alert), &w.other_mentor, json!({})).await.status, StatusCode::OK);
    assert_eq!(alert_messages(&app, &w.admin).await, std::slice::from_ref(&kabirs), "open ones by default");
    let done: Vec<String> = alerts(&app, &w.admin, "?status=acknowledged").await.into_iter().map(|(m, _)| m).collect();
    assert_eq!(done, [open.clone(), ravis.clone()]);
    assert_eq!(alerts(&app, &w.admin, "?status=all").await.len(), 3);

    // Another centre: sees none, and the alerts are not found.
    let (_, other_admin, other_counselor) = app.other_center().await;
    assert!(alert_messages(&app, &other_admin).await.is_empty());
    assert!(alert_messages(&app, &other_counselor).await.is_empty());
    let r = app.post(&ack(&alert_of(&kabirs)), &other_admin, json!({})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Audited, without the message.
    let r = app.get("/api/v1/audit?action=safety_alert.raise", &w.admin).await;
    assert_eq!(r.body.as_array().map(Vec::len), Some(3));
    assert!(!r.text.contains("jeena") && !r.text.contains("kill"), "{}", r.text);
    let r = app.get("/api/v1/audit?action=safety_alert.acknowledge", &w.admin).await;
    assert_eq!(r.body.as_array().map(Vec::len), Some(2));
});

both!(a_centre_extends_the_lexicon_with_its_own_lines, |app: TestApp| async move {
    let w = world(&app).await;
    let path = format!("/api/v1/centers/{}/lexicon", app.center_id);
    // Nothing of its own at first; staff may read, only admins change.
    let r = app.get(&path, &w.meera).await;
    assert_eq!((r.status, r.body["lines"].clone()), (StatusCode::OK, json!("")));
    assert_eq!(app.get(&path, &w.ravi).await.status, StatusCode::FORBIDDEN);
    let line = json!({ "lines": "# our words\nself_harm\tpul se kood jaunga\n" });
    assert_eq!(app.call("PUT", &path, Some(&w.meera), Some(line.clone())).await.status, StatusCode::FORBIDDEN);
    let (_, _, other_admin) = app.other_center().await;
    assert_eq!(app.call("PUT", &path, Some(&other_admin), Some(line.clone())).await.status, StatusCode::NOT_FOUND);
    // Before: the centre's phrase is everyday talk to the built-in lexicon.
    let r = say(&app, &w.ravi, &w.room, "kal main pul se kood jaunga").await;
    assert_eq!(r.body["support"], false);
    // A bad line is refused with its number, and nothing changes.
    let bad = json!({ "lines": "self_harm\tpul se kood jaunga\nnot_a_category\twords\n" });
    let r = app.call("PUT", &path, Some(&w.admin), Some(bad)).await;
    assert_eq!(r.fields(), ["lines"]);
    assert!(r.body["error"]["message"].as_str().unwrap_or("").contains("line 2"), "{}", r.text);
    assert_eq!(app.get(&path, &w.admin).await.body["lines"], "");
    let r = app.call("PUT", &path, Some(&w.admin), Some(json!({ "lines": "x".repeat(60 * 1024) }))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY || r.status == StatusCode::PAYLOAD_TOO_LARGE, "{}", r.status);
    // Saved: the phrase now raises an alert, in any spelling the lexicon folds.
    let r = app.call("PUT", &path, Some(&w.admin), Some(line)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.body["lines"].as_str().unwrap_or("").contains("pul se kood"));
    let r = say(&app, &w.sita, &w.room, "Kal main PUL se kooood jaunga!!").await;
    assert_eq!(r.body["support"], true, "{}", r.text);
    let flagged = r.body["id"].as_str().expect("id").to_string();
    assert!(alert_messages(&app, &w.meera).await.contains(&flagged));
    // The built-in lexicon still applies, and emptying the lines undoes it.
    assert_eq!(say(&app, &w.ravi, &w.room, "ab aur nahi jeena").await.body["support"], true);
    let r = app.call("PUT", &path, Some(&w.admin), Some(json!({ "lines": "" }))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(say(&app, &w.ravi, &w.room, "kal main pul se kood jaunga").await.body["support"], false);
});
