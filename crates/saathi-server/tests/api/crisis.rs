//! Crisis response: the button stores the alert before answering, tier 1 is
//! exactly the mentor and the facilitators, escalation to the on-call
//! counsellors and the admins (driven with a chosen time, no sleeping),
//! acknowledge stops it, resolve needs a note, a second press joins, who
//! may see which alert, the on-call roster, and two workers escalating once.

use crate::helpers::*;
use axum::http::StatusCode;
use saathi_domain::Role;
use saathi_server::Config;
use saathi_server::services::crisis::{live_recipients, run_due};
use saathi_server::state::AppState;
use saathi_store::Store;
use serde_json::{Value, json};

struct World {
    admin: (String, String),
    counselor: (String, String),
    facilitator: (String, String),
    peer_facilitator: (String, String),
    mentor: (String, String),
    other_mentor: (String, String),
    member: (String, String),
    fellow: (String, String),
    loner: (String, String),
}

/// A centre: `member` mentored by `mentor`, in a group run by
/// `facilitator` (a counsellor) and `peer_facilitator` (a peer mentor) with
/// `fellow`; `loner` has no mentor and no group; `counselor` facilitates
/// nothing of theirs.
async fn world(app: &TestApp) -> World {
    let admin = app.user(Role::Admin, "admin").await;
    let counselor = app.user(Role::Counselor, "counselor").await;
    let facilitator = app.user(Role::Counselor, "facilitator").await;
    let peer_facilitator = app.user(Role::PeerMentor, "peerfac").await;
    let mentor = app.user(Role::PeerMentor, "mentor").await;
    let other_mentor = app.user(Role::PeerMentor, "othermentor").await;
    let c = &counselor.1;
    let member = member_with(app, c, "ravi", "male", 1990, "rehabilitation", "en").await;
    let fellow = member_with(app, c, "sunil", "male", 1991, "rehabilitation", "en").await;
    let loner = member_with(app, c, "loner", "male", 1992, "rehabilitation", "en").await;
    let r = app.post("/api/v1/mentorships", c, json!({"mentor_id": mentor.0, "mentee_id": member.0})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let mut g = group_body("Evening circle", 10);
    g["facilitator_ids"] = json!([facilitator.0, peer_facilitator.0]);
    let g = group(app, c, g).await;
    for m in [&member.0, &fellow.0] {
        let r = enroll(app, c, &g, m).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        assert_eq!(r.body["status"], "active");
    }
    World { admin, counselor, facilitator, peer_facilitator, mentor, other_mentor, member, fellow, loner }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn state_of(app: &TestApp) -> AppState {
    AppState::new(app.store.clone(), Config::default())
}

async fn crisis_notifications(app: &TestApp, token: &str) -> Vec<Value> {
    let r = app.get("/api/v1/notifications?limit=100", token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body["items"].as_array().cloned().unwrap_or_default().into_iter().filter(|n| n["kind"] == "crisis").collect()
}

async fn raise(app: &TestApp, token: &str, body: Value) -> String {
    let r = app.post("/api/v1/crisis", token, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body["alert_id"].as_str().expect("alert id").to_string()
}

fn kinds(steps: &Value) -> Vec<String> {
    steps
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| match s["tier"].as_i64() {
                    Some(t) => format!("{}{t}", s["kind"].as_str().unwrap_or("")),
                    None => s["kind"].as_str().unwrap_or("").to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

both!(alert_is_stored_before_the_answer_and_tells_tier_one_exactly, |app: TestApp| async move {
    let w = world(&app).await;
    let r = app.post("/api/v1/crisis", &w.member.1, json!({"message": "I need help now"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["joined"], false);
    let phones: Vec<&str> =
        r.body["helplines"].as_array().expect("helplines").iter().filter_map(|h| h["phone"].as_str()).collect();
    assert_eq!(&phones[..3], ["14416", "14446", "112"]);
    let id = r.body["alert_id"].as_str().expect("id").to_string();

    // Stored (with its escalation state) by the time the answer came.
    let a = app.store.crisis_alert(&id).await.expect("read").expect("stored");
    assert_eq!((a.status.as_str(), a.tier, a.member_id.as_str()), ("open", 1, w.member.0.as_str()));
    assert_eq!(a.next_at, Some(a.created_at + 300_000), "the centre's default timeout");
    let expected = sorted(vec![w.mentor.0.clone(), w.facilitator.0.clone(), w.peer_facilitator.0.clone()]);
    assert_eq!(app.store.crisis_recipients(&id).await.expect("recipients"), expected);

    // Each tier-1 person holds one in-app notification; nobody else does.
    for t in [&w.mentor.1, &w.facilitator.1, &w.peer_facilitator.1] {
        let n = crisis_notifications(&app, t).await;
        assert_eq!(n.len(), 1);
        assert_eq!(n[0]["link"], format!("/crisis/alerts/{id}"));
    }
    for t in [&w.fellow.1, &w.other_mentor.1, &w.counselor.1, &w.admin.1, &w.member.1] {
        assert!(crisis_notifications(&app, t).await.is_empty());
    }

    // The steps, and the member's words, for those who may see them.
    let r = app.get(&format!("/api/v1/crisis/alerts/{id}"), &w.mentor.1).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(kinds(&r.body["steps"]), ["raised", "notified1"]);
    assert_eq!(r.body["steps"][0]["note"], "I need help now");
    assert_eq!(r.body["notified"], true);
    assert_eq!(r.body["may_act"], true);
    let told: Vec<&str> =
        r.body["steps"][1]["recipients"].as_array().expect("r").iter().filter_map(|p| p["id"].as_str()).collect();
    assert_eq!(told, expected.iter().map(String::as_str).collect::<Vec<_>>());

    // A second press joins the open alert: 200, the same id, a step, no new notifications.
    let r = app.call("POST", "/api/v1/crisis", Some(&w.member.1), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!((r.body["alert_id"].as_str(), r.body["joined"].as_bool()), (Some(id.as_str()), Some(true)));
    assert!(r.body["helplines"].as_array().is_some_and(|h| h.len() >= 3));
    let all = app.store.crisis_alerts(&app.center_id, &[], None, None, 10).await.expect("list");
    assert_eq!(all.len(), 1);
    assert_eq!(crisis_notifications(&app, &w.mentor.1).await.len(), 1);
    let r = app.get(&format!("/api/v1/crisis/alerts/{id}"), &w.counselor.1).await;
    assert_eq!(kinds(&r.body["steps"]), ["raised", "notified1", "joined"]);

    // The live hub's list: tier 1, the member and the staff; not the fellow member or another mentor.
    let live = live_recipients(&state_of(&app), &id).await.expect("live");
    for u in [&w.mentor.0, &w.facilitator.0, &w.peer_facilitator.0, &w.member.0, &w.counselor.0, &w.admin.0] {
        assert!(live.contains(u));
    }
    assert!(!live.contains(&w.fellow.0) && !live.contains(&w.other_mentor.0));

    // An empty body is a press too (one tap, nothing typed).
    let r = app.call("POST", "/api/v1/crisis", Some(&w.loner.1), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
});

both!(bad_presses_are_refused, |app: TestApp| async move {
    let w = world(&app).await;
    let r = app.post("/api/v1/crisis", &w.member.1, json!({"message": "x".repeat(1001)})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.fields(), ["message"]);
    let r = app.post("/api/v1/crisis", &w.member.1, json!({"message": 5})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/api/v1/crisis")
        .header("authorization", format!("Bearer {}", w.member.1))
        .header("content-type", "application/json")
        .body(axum::body::Body::from("{not json"))
        .expect("req");
    assert_eq!(app.send(req).await.status, StatusCode::BAD_REQUEST);
    for t in [&w.counselor.1, &w.mentor.1, &w.admin.1] {
        assert_eq!(app.post("/api/v1/crisis", t, json!({})).await.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(app.call("POST", "/api/v1/crisis", None, Some(json!({}))).await.status, StatusCode::UNAUTHORIZED);
    assert!(app.store.crisis_alerts(&app.center_id, &[], None, None, 10).await.expect("list").is_empty());
});

both!(escalates_to_on_call_counsellors_then_admins_then_nothing, |app: TestApp| async move {
    let w = world(&app).await;
    let (on_call, on_call_t) = app.user(Role::Counselor, "oncall").await;
    // On call every hour of the week; `counselor` never.
    let slots: Vec<Value> = (0..7)
        .flat_map(|d| (0..24).map(move |h| (d, h)))
        .map(|(d, h)| json!({"weekday": d, "hour": h, "user_id": on_call}))
        .collect();
    let r = app.call("PUT", "/api/v1/on-call", Some(&w.counselor.1), Some(json!({ "slots": slots }))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["on_call_now"], json!([on_call]));
    // A short timeout (seconds, as a centre sets it).
    let r = app
        .patch(&format!("/api/v1/centers/{}", app.center_id), &w.admin.1, json!({"crisis_ack_timeout_seconds": 10}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);

    let id = raise(&app, &w.member.1, json!({})).await;
    let a = app.store.crisis_alert(&id).await.expect("read").expect("alert");
    let t1 = a.next_at.expect("tier 2 due");
    assert_eq!(t1, a.created_at + 10_000);
    let state = state_of(&app);

    // Not yet due: nothing happens.
    assert_eq!(run_due(&state, Some(t1 - 1)).await.expect("run"), 0);
    assert!(crisis_notifications(&app, &on_call_t).await.is_empty());
    // Due: tier 2, once, however often the worker runs.
    assert_eq!(run_due(&state, Some(t1)).await.expect("run"), 1);
    assert_eq!(run_due(&state, Some(t1 + 50)).await.expect("run"), 0);
    let a = app.store.crisis_alert(&id).await.expect("read").expect("alert");
    assert_eq!((a.tier, a.next_at), (2, Some(t1 + 10_000)));
    assert_eq!(crisis_notifications(&app, &on_call_t).await.len(), 1);
    assert!(crisis_notifications(&app, &w.counselor.1).await.is_empty(), "not on call");
    assert!(crisis_notifications(&app, &w.admin.1).await.is_empty(), "not yet");
    // Tier 3: the admins; then nothing more is due and the alert stays open.
    assert_eq!(run_due(&state, Some(t1 + 10_000)).await.expect("run"), 1);
    let a = app.store.crisis_alert(&id).await.expect("read").expect("alert");
    assert_eq!((a.status.as_str(), a.tier, a.next_at), ("open", 3, None));
    assert_eq!(crisis_notifications(&app, &w.admin.1).await.len(), 1);
    assert_eq!(run_due(&state, Some(t1 + 10_000_000)).await.expect("run"), 0);
    assert_eq!(crisis_notifications(&app, &on_call_t).await.len(), 1);
    assert_eq!(crisis_notifications(&app, &w.mentor.1).await.len(), 1);

    let r = app.get(&format!("/api/v1/crisis/alerts/{id}"), &on_call_t).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(kinds(&r.body["steps"]), ["raised", "notified1", "notified2", "notified3"]);
    assert_eq!(r.body["tier"], 3);
    assert_eq!(r.body["steps"][2]["recipients"][0]["id"], on_call.as_str());
    assert_eq!(r.body["steps"][3]["recipients"][0]["id"], w.admin.0.as_str());
    let at = |i: usize| {
        chrono::DateTime::parse_from_rfc3339(r.body["steps"][i]["at"].as_str().unwrap_or(""))
            .expect("time")
            .timestamp_millis()
    };
    assert_eq!((at(2), at(3)), (t1, t1 + 10_000));
});

both!(empty_tiers_are_skipped_at_once, |app: TestApp| async move {
    let w = world(&app).await;
    // No mentor, no group, nobody on call: the admins are told at once.
    let id = raise(&app, &w.loner.1, json!({})).await;
    let a = app.store.crisis_alert(&id).await.expect("read").expect("alert");
    assert_eq!((a.tier, a.next_at), (3, None));
    assert_eq!(app.store.crisis_recipients(&id).await.expect("r"), [w.admin.0.as_str()]);
    assert_eq!(crisis_notifications(&app, &w.admin.1).await.len(), 1);
    let r = app.get(&format!("/api/v1/crisis/alerts/{id}"), &w.admin.1).await;
    assert_eq!(kinds(&r.body["steps"]), ["raised", "skipped1", "skipped2", "notified3"]);
});

both!(acknowledge_stops_escalation_and_resolve_needs_a_note, |app: TestApp| async move {
    let w = world(&app).await;
    let id = raise(&app, &w.member.1, json!({})).await;
    let due = app.store.crisis_alert(&id).await.expect("read").expect("alert").next_at.expect("due");
    // The member cannot acknowledge or resolve their own alert.
    assert_eq!(
        app.post(&format!("/api/v1/crisis/alerts/{id}/acknowledge"), &w.member.1, json!({})).await.status,
        StatusCode::FORBIDDEN
    );

    let r = app.post(&format!("/api/v1/crisis/alerts/{id}/acknowledge"), &w.mentor.1, json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        (r.body["status"].as_str(), r.body["acknowledged_by"].as_str()),
        (Some("acknowledged"), Some(w.mentor.0.as_str()))
    );
    assert!(r.body["acknowledged_at"].is_string());
    assert!(r.body["next_at"].is_null());
    // The first acknowledgement stands.
    let r = app.post(&format!("/api/v1/crisis/alerts/{id}/acknowledge"), &w.counselor.1, json!({})).await;
    assert_eq!((r.status, r.body["acknowledged_by"].as_str()), (StatusCode::OK, Some(w.mentor.0.as_str())));
    // Nothing escalates any more.
    assert_eq!(run_due(&state_of(&app), Some(due + 1_000_000)).await.expect("run"), 0);
    assert_eq!(app.store.crisis_alert(&id).await.expect("read").expect("alert").tier, 1);
    assert!(crisis_notifications(&app, &w.admin.1).await.is_empty());

    // Resolve: the note is required.
    let path = format!("/api/v1/crisis/alerts/{id}/resolve");
    let r = app.post(&path, &w.mentor.1, json!({})).await;
    assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["note".to_string()]));
    let r = app.post(&path, &w.mentor.1, json!({"note": "   "})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.post(&path, &w.member.1, json!({"note": "fine"})).await.status, StatusCode::FORBIDDEN);
    let r = app.call("POST", &path, Some(&w.mentor.1), None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = app.post(&path, &w.mentor.1, json!({"note": "Called him; he is with his brother, safe."})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        (r.body["status"].as_str(), r.body["resolved_by"].as_str()),
        (Some("resolved"), Some(w.mentor.0.as_str()))
    );
    assert_eq!(app.post(&path, &w.counselor.1, json!({"note": "again"})).await.status, StatusCode::CONFLICT);
    let r = app.get(&format!("/api/v1/crisis/alerts/{id}"), &w.counselor.1).await;
    assert_eq!(kinds(&r.body["steps"]), ["raised", "notified1", "acknowledged", "resolved"]);
    assert_eq!(r.body["steps"][3]["note"], "Called him; he is with his brother, safe.");
    assert_eq!(r.body["steps"][2]["actor"]["id"], w.mentor.0.as_str());

    // Once resolved, a new press raises a new alert.
    let again = raise(&app, &w.member.1, json!({})).await;
    assert_ne!(again, id);
    // An alert resolved without acknowledgement counts as acknowledged by the resolver.
    let r = app
        .post(&format!("/api/v1/crisis/alerts/{again}/resolve"), &w.counselor.1, json!({"note": "seen in person"}))
        .await;
    assert_eq!(r.body["acknowledged_by"], w.counselor.0.as_str());
});

// Someone took the alert on, and hours later the member presses again: the
// alert opens again, the one who took it on and everyone told before are
// told at once, and without a new acknowledgement it escalates on.
both!(a_press_after_an_acknowledgement_reaches_a_human_again, |app: TestApp| async move {
    let w = world(&app).await;
    let id = raise(&app, &w.member.1, json!({})).await;
    let r = app.post(&format!("/api/v1/crisis/alerts/{id}/acknowledge"), &w.counselor.1, json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);

    let r = app.post("/api/v1/crisis", &w.member.1, json!({"message": "I can't hold on"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!((r.body["alert_id"].as_str(), r.body["joined"].as_bool()), (Some(id.as_str()), Some(true)));
    let a = app.store.crisis_alert(&id).await.expect("read").expect("alert");
    assert_eq!((a.status.as_str(), a.tier, a.acknowledged_by.as_deref()), ("open", 1, None));
    let due = a.next_at.expect("escalation resumes");
    for t in [&w.mentor.1, &w.facilitator.1, &w.peer_facilitator.1] {
        assert_eq!(crisis_notifications(&app, t).await.len(), 2, "told again");
    }
    assert_eq!(crisis_notifications(&app, &w.counselor.1).await.len(), 1, "the one who took it on");
    assert!(crisis_notifications(&app, &w.admin.1).await.is_empty(), "not yet");
    let r = app.get(&format!("/api/v1/crisis/alerts/{id}"), &w.counselor.1).await;
    assert_eq!(kinds(&r.body["steps"]), ["raised", "notified1", "acknowledged", "joined"]);
    assert_eq!(r.body["steps"][3]["note"], "I can't hold on");
    let told: Vec<&str> =
        r.body["steps"][3]["recipients"].as_array().expect("r").iter().filter_map(|p| p["id"].as_str()).collect();
    let mut expected = [&w.mentor.0, &w.facilitator.0, &w.peer_facilitator.0, &w.counselor.0];
    expected.sort();
    assert_eq!(told, expected.iter().map(|s| s.as_str()).collect::<Vec<_>>());

    // Nobody takes it on again: nobody is on call, so the admins are told.
    let state = state_of(&app);
    assert_eq!(run_due(&state, Some(due - 1)).await.expect("run"), 0);
    assert_eq!(run_due(&state, Some(due)).await.expect("run"), 1);
    assert_eq!(crisis_notifications(&app, &w.admin.1).await.len(), 1);
    let a = app.store.crisis_alert(&id).await.expect("read").expect("alert");
    assert_eq!((a.status.as_str(), a.tier, a.next_at), ("open", 3, None));
    // A third press while it is open joins it quietly, as before.
    let r = app.call("POST", "/api/v1/crisis", Some(&w.member.1), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(crisis_notifications(&app, &w.mentor.1).await.len(), 2);
});

// A peer mentor's list is narrowed to their alerts before the limit: the
// centre's newer alerts about other members do not crowd theirs out.
both!(a_mentors_alerts_are_not_crowded_out_by_the_centres_newer_ones, |app: TestApp| async move {
    let w = world(&app).await;
    let theirs = raise(&app, &w.member.1, json!({})).await;
    let newer = raise(&app, &w.loner.1, json!({})).await;
    let all = app.store.crisis_alerts(&app.center_id, &[], None, None, 1).await.expect("list");
    assert_eq!(all.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), [newer.as_str()]);
    let mine = app.store.crisis_alerts(&app.center_id, &[], None, Some(&w.mentor.0), 1).await.expect("list");
    assert_eq!(mine.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), [theirs.as_str()]);
    let none = app.store.crisis_alerts(&app.center_id, &[], None, Some(&w.other_mentor.0), 10).await.expect("list");
    assert!(none.is_empty());
    let r = app.get("/api/v1/crisis/alerts", &w.mentor.1).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let ids: Vec<&str> = r.body.as_array().expect("list").iter().filter_map(|a| a["id"].as_str()).collect();
    assert_eq!(ids, [theirs.as_str()]);
});

both!(who_sees_which_alert, |app: TestApp| async move {
    let w = world(&app).await;
    let id = raise(&app, &w.member.1, json!({})).await;
    let fellows = raise(&app, &w.fellow.1, json!({})).await;
    let ids = |r: &Res| -> Vec<String> {
        r.body
            .as_array()
            .map(|a| a.iter().filter_map(|x| x["id"].as_str().map(String::from)).collect())
            .unwrap_or_default()
    };
    // Staff see every alert of the centre.
    for t in [&w.counselor.1, &w.admin.1] {
        let r = app.get("/api/v1/crisis/alerts", t).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(sorted(ids(&r)), sorted(vec![id.clone(), fellows.clone()]));
    }
    // A mentor sees their mentee's only; another mentor none.
    assert_eq!(ids(&app.get("/api/v1/crisis/alerts", &w.mentor.1).await), [id.as_str()]);
    assert_eq!(app.get(&format!("/api/v1/crisis/alerts/{fellows}"), &w.mentor.1).await.status, StatusCode::FORBIDDEN);
    assert!(ids(&app.get("/api/v1/crisis/alerts", &w.other_mentor.1).await).is_empty());
    assert_eq!(app.get(&format!("/api/v1/crisis/alerts/{id}"), &w.other_mentor.1).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.post(&format!("/api/v1/crisis/alerts/{id}/acknowledge"), &w.other_mentor.1, json!({})).await.status,
        StatusCode::FORBIDDEN
    );
    // A member sees their own only.
    assert_eq!(ids(&app.get("/api/v1/crisis/alerts", &w.member.1).await), [id.as_str()]);
    assert_eq!(app.get(&format!("/api/v1/crisis/alerts/{fellows}"), &w.member.1).await.status, StatusCode::FORBIDDEN);
    let r = app.get(&format!("/api/v1/crisis/alerts?member_id={}", w.fellow.0), &w.member.1).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.get(&format!("/api/v1/crisis/alerts/{id}"), &w.member.1).await;
    assert_eq!((r.status, r.body["may_act"].as_bool()), (StatusCode::OK, Some(false)));
    // Family: nothing.
    let (_, family) = app.user(Role::Family, "family").await;
    assert_eq!(app.get("/api/v1/crisis/alerts", &family).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&format!("/api/v1/crisis/alerts/{id}"), &family).await.status, StatusCode::FORBIDDEN);
    // Another centre: absent.
    let (_, other_admin, other_counselor) = app.other_center().await;
    assert_eq!(app.get(&format!("/api/v1/crisis/alerts/{id}"), &other_counselor).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.post(&format!("/api/v1/crisis/alerts/{id}/acknowledge"), &other_admin, json!({})).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post(&format!("/api/v1/crisis/alerts/{id}/resolve"), &other_admin, json!({"note": "x"})).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(ids(&app.get("/api/v1/crisis/alerts", &other_counselor).await).is_empty());
    assert_eq!(app.get("/api/v1/crisis/alerts/nope", &w.counselor.1).await.status, StatusCode::NOT_FOUND);
    // Filters: one member's history; statuses.
    let r = app.get(&format!("/api/v1/crisis/alerts?status=all&member_id={}", w.fellow.0), &w.counselor.1).await;
    assert_eq!(ids(&r), [fellows.as_str()]);
    assert_eq!(
        app.get("/api/v1/crisis/alerts?status=bogus", &w.counselor.1).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    app.post(&format!("/api/v1/crisis/alerts/{fellows}/resolve"), &w.counselor.1, json!({"note": "ok"})).await;
    assert_eq!(ids(&app.get("/api/v1/crisis/alerts", &w.counselor.1).await), [id.as_str()]);
    assert_eq!(ids(&app.get("/api/v1/crisis/alerts?status=resolved", &w.counselor.1).await), [fellows.as_str()]);
    assert_eq!(ids(&app.get("/api/v1/crisis/alerts?status=open", &w.counselor.1).await), [id.as_str()]);
    // The peer co-facilitator was told (tier 1), so sees and may act on the member's alert.
    let r = app.get(&format!("/api/v1/crisis/alerts/{id}"), &w.peer_facilitator.1).await;
    assert_eq!((r.status, r.body["may_act"].as_bool()), (StatusCode::OK, Some(true)));
});

both!(on_call_roster_rules, |app: TestApp| async move {
    let w = world(&app).await;
    let put = |t: String, body: Value| {
        let app = &app;
        async move { app.call("PUT", "/api/v1/on-call", Some(&t), Some(body)).await }
    };
    let ok = json!({"slots": [{"weekday": 0, "hour": 9, "user_id": w.counselor.0}, {"weekday": 6, "hour": 23, "user_id": w.facilitator.0}]});
    assert_eq!(put(w.mentor.1.clone(), ok.clone()).await.status, StatusCode::FORBIDDEN);
    assert_eq!(put(w.member.1.clone(), ok.clone()).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/on-call", &w.mentor.1).await.status, StatusCode::FORBIDDEN);
    let r = put(w.admin.1.clone(), ok.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = app.get("/api/v1/on-call", &w.counselor.1).await;
    assert_eq!(r.body["slots"].as_array().map(Vec::len), Some(2));
    assert_eq!(r.body["slots"][1]["weekday"], 6);
    for (bad, code) in [
        (json!({"weekday": 7, "hour": 1, "user_id": w.counselor.0}), "bad_weekday"),
        (json!({"weekday": 1, "hour": 24, "user_id": w.counselor.0}), "bad_hour"),
        (json!({"weekday": 1, "hour": 1, "user_id": w.mentor.0}), "not_a_counselor"),
        (json!({"weekday": 1, "hour": 1, "user_id": "nobody"}), "unknown_user"),
    ] {
        let r = put(w.counselor.1.clone(), json!({ "slots": [bad] })).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{code}");
        assert_eq!(r.body["error"]["fields"][0]["code"], code);
    }
    let (_, other_admin, _) = app.other_center().await;
    let r = put(other_admin, ok.clone()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "another centre's counsellors are unknown there");
    assert_eq!(put(w.counselor.1.clone(), json!({"slots": "x"})).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Nothing changed by the refusals.
    assert_eq!(app.get("/api/v1/on-call", &w.admin.1).await.body["slots"].as_array().map(Vec::len), Some(2));
});

both!(two_workers_escalate_each_tier_once, |app: TestApp| async move {
    let w = world(&app).await;
    let mut ids = Vec::new();
    for t in [&w.member.1, &w.fellow.1, &w.loner.1] {
        ids.push(raise(&app, t, json!({})).await);
    }
    let (on_call, on_call_t) = app.user(Role::Counselor, "oncall").await;
    let slots: Vec<Value> = (0..7)
        .flat_map(|d| (0..24).map(move |h| (d, h)))
        .map(|(d, h)| json!({"weekday": d, "hour": h, "user_id": on_call}))
        .collect();
    let r = app.call("PUT", "/api/v1/on-call", Some(&w.admin.1), Some(json!({ "slots": slots }))).await;
    assert_eq!(r.status, StatusCode::OK);
    // Two instances, each with its own connections to the same database.
    let other = Store::connect(&app.url).await.expect("second store");
    let (a, b) = (state_of(&app), AppState::new(other, Config::default()));
    let far = saathi_store::now_ms() + 3_600_000;
    let mut escalated = 0;
    for now in [far, far, far + 1_000_000, far + 1_000_000] {
        let (x, y) = tokio::join!(run_due(&a, Some(now)), run_due(&b, Some(now)));
        escalated += x.expect("a") + y.expect("b");
    }
    assert_eq!(escalated, 4, "two alerts, two tiers each, between both workers");
    // Two alerts were due (the loner's went to the admins at once); each
    // reached tier 2 once and tier 3 once.
    assert_eq!(crisis_notifications(&app, &on_call_t).await.len(), 2);
    assert_eq!(crisis_notifications(&app, &w.admin.1).await.len(), 3);
    for id in &ids {
        let r = app.get(&format!("/api/v1/crisis/alerts/{id}"), &w.admin.1).await;
        let k = kinds(&r.body["steps"]);
        for tier in ["1", "2", "3"] {
            assert_eq!(k.iter().filter(|s| s.ends_with(tier)).count(), 1, "{id}: {k:?}");
        }
    }
});

both!(tier_one_sockets_hear_of_the_alert_and_others_do_not, |app: TestApp| async move {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Message as WsMessage;
    let w = world(&app).await;
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = l.local_addr().expect("addr").to_string();
    let router = app.router.clone();
    tokio::spawn(async move {
        let _ = axum::serve(l, router).await;
    });
    let connect = |token: String| {
        let addr = addr.clone();
        async move {
            let (ws, _) =
                tokio_tungstenite::connect_async(format!("ws://{addr}/api/v1/ws?token={token}")).await.expect("ws");
            ws
        }
    };
    // The next crisis_alert frame within `wait`, other frames passed over.
    async fn crisis_frame<S>(ws: &mut S, wait: std::time::Duration) -> Option<Value>
    where
        S: futures_util::Stream<Item = Result<WsMessage, tokio_tungstenite::tungstenite::Error>> + Unpin,
    {
        let until = tokio::time::Instant::now() + wait;
        loop {
            let m = tokio::time::timeout_at(until, ws.next()).await.ok()??.ok()?;
            if let WsMessage::Text(t) = m {
                let f: Value = serde_json::from_str(&t).expect("json");
                if f["type"] == "crisis_alert" {
                    return Some(f);
                }
            }
        }
    }
    let mut mentor = connect(w.mentor.1.clone()).await;
    let mut fellow = connect(w.fellow.1.clone()).await;
    let mut stranger = connect(w.other_mentor.1.clone()).await;
    // Let the sockets register (their hello) before the press.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let id = raise(&app, &w.member.1, json!({"message": "private words"})).await;
    let f = crisis_frame(&mut mentor, std::time::Duration::from_secs(5)).await.expect("the mentor hears of it");
    assert_eq!(f["alert_id"], id.as_str());
    assert!(!f.to_string().contains("private words"), "ids only in frames: {f}");
    let quiet = std::time::Duration::from_millis(400);
    assert!(crisis_frame(&mut fellow, quiet).await.is_none(), "a fellow member is not told");
    assert!(crisis_frame(&mut stranger, quiet).await.is_none(), "another mentor is not told");
});
