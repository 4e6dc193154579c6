use crate::helpers::*;
use axum::http::StatusCode;
use chrono::Datelike;
use saathi_domain::Role;
use serde_json::{Value, json};

fn goal(title: &str, target: i64) -> Value {
    json!({ "title": title, "target_per_week": target })
}

fn shared_goal(title: &str, target: i64, group: &str, visible: bool) -> Value {
    json!({ "title": title, "target_per_week": target, "group_id": group, "visible_to_group": visible })
}

/// This week's Monday in the test centre's calendar (Asia/Kolkata).
fn this_monday() -> chrono::NaiveDate {
    let today = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Kolkata).date_naive();
    today - chrono::Duration::days(i64::from(today.weekday().num_days_from_monday()))
}

async fn set(app: &TestApp, token: &str, body: Value) -> String {
    let r = app.post("/api/v1/goals", token, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body["id"].as_str().expect("id").to_string()
}

async fn done(app: &TestApp, token: &str, goal: &str, count: i64) -> Res {
    app.post(&format!("/api/v1/goals/{goal}/progress"), token, json!({ "count": count })).await
}

/// Goal titles in a list answer.
fn titles(r: &Res) -> Vec<String> {
    r.body
        .as_array()
        .map(|a| a.iter().filter_map(|g| g["title"].as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

both!(a_goal_is_met_partly_or_not_each_week, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (ravi, me) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let r = app.post("/api/v1/goals", &me, goal("  Walk 30 minutes  ", 3)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let walk = r.body["id"].as_str().expect("id").to_string();
    assert_eq!(r.body["title"], "Walk 30 minutes", "trimmed");
    assert_eq!(r.body["member_id"], ravi.as_str());
    assert_eq!(r.body["target_per_week"], 3);
    assert_eq!(r.body["group_id"], Value::Null);
    assert_eq!(r.body["visible_to_group"], false);
    assert_eq!(r.body["week_start"], this_monday().format("%Y-%m-%d").to_string());
    assert_eq!(
        (r.body["done"].as_i64(), r.body["status"].as_str(), r.body["cheers"].as_i64()),
        (Some(0), Some("not"), Some(0))
    );
    assert!(r.body["created_at"].as_str().is_some_and(|t| chrono::DateTime::parse_from_rfc3339(t).is_ok()));
    let call = set(&app, &me, goal("Call home", 1)).await;

    let r = done(&app, &me, &walk, 1).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!((r.body["done"].as_i64(), r.body["status"].as_str()), (Some(1), Some("partly")));
    let r = app.post(&format!("/api/v1/goals/{walk}/progress"), &me, json!({ "count": 2, "note": "with Sita" })).await;
    assert_eq!((r.body["done"].as_i64(), r.body["status"].as_str()), (Some(3), Some("met")));
    let r = done(&app, &me, &walk, 1).await;
    assert_eq!((r.body["done"].as_i64(), r.body["status"].as_str()), (Some(4), Some("met")), "more is still met");

    let list = app.get(&format!("/api/v1/members/{ravi}/goals"), &me).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert_eq!(titles(&list), ["Walk 30 minutes", "Call home"]);
    assert_eq!(list.body[0]["status"], "met");
    assert_eq!(list.body[1]["status"], "not");
    assert_eq!(list.body[1]["id"], call.as_str());

    // Another week: the goal stands, its progress belongs to this week.
    let monday = this_monday();
    let next = (monday + chrono::Duration::days(9)).format("%Y-%m-%d").to_string();
    let r = app.get(&format!("/api/v1/members/{ravi}/goals?week={next}"), &me).await;
    assert_eq!(r.body[0]["week_start"], (monday + chrono::Duration::days(7)).format("%Y-%m-%d").to_string());
    assert_eq!((r.body[0]["done"].as_i64(), r.body[0]["status"].as_str()), (Some(0), Some("not")));
    let r = app.get(&format!("/api/v1/members/{ravi}/goals?week=2020-01-08"), &me).await;
    assert_eq!(r.body.as_array().map(Vec::len), Some(0), "not yet set then");
    let r = app.get(&format!("/api/v1/members/{ravi}/goals?week=last-week"), &me).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.fields(), ["week"]);
    // Years chrono reads (a week's end would overflow) and dates not written as YYYY-MM-DD.
    for odd in ["%2B262142-12-31", "-262143-01-01", "2101-01-01", "2026-1-5", "%2B2026-01-05"] {
        let r = app.get(&format!("/api/v1/members/{ravi}/goals?week={odd}"), &me).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{odd}: {}", r.text);
        assert_eq!(r.fields(), ["week"], "{odd}");
        assert_eq!(r.body["error"]["fields"][0]["code"], "bad_date");
    }
    assert_eq!(app.get(&format!("/api/v1/members/{ravi}/goals"), &me).await.status, StatusCode::OK);
});

both!(bad_goals_and_progress_are_refused_with_every_field, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, me) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let r = app.post("/api/v1/goals", &me, goal("   ", 0)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.fields(), ["title", "target_per_week"]);
    let r = app.post("/api/v1/goals", &me, goal(&"x".repeat(121), 22)).await;
    assert_eq!(r.fields(), ["title", "target_per_week"]);
    assert_eq!(app.post("/api/v1/goals", &me, goal(&"क".repeat(120), 21)).await.status, StatusCode::CREATED);
    // Visible to the group, without a group.
    let r = app
        .post("/api/v1/goals", &me, json!({ "title": "Walk", "target_per_week": 2, "visible_to_group": true }))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.fields(), ["visible_to_group"]);
    // Malformed JSON, a wrong type, an unknown field.
    let r = app.send(raw("POST", "/api/v1/goals", &me, "{\"title\": ")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.code(), "malformed");
    let r = app.post("/api/v1/goals", &me, json!({ "title": "Walk", "target_per_week": "often" })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.post("/api/v1/goals", &me, json!({ "title": "Walk", "target_per_week": 2, "owner": "x" })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    let walk = set(&app, &me, goal("Walk", 3)).await;
    let path = format!("/api/v1/goals/{walk}/progress");
    for count in [0, -1, 22] {
        let r = done(&app, &me, &walk, count).await;
        assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["count".to_string()]), "{count}");
    }
    let r = app.post(&path, &me, json!({ "count": 0, "note": "n".repeat(501) })).await;
    assert_eq!(r.fields(), ["count", "note"]);
    assert_eq!(app.post(&path, &me, json!({ "count": 1, "note": "n".repeat(500) })).await.status, StatusCode::CREATED);
    assert_eq!(app.send(raw("POST", &path, &me, "count=1")).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(done(&app, &me, "no-such-goal", 1).await.status, StatusCode::NOT_FOUND);
});

/// A raw body with the JSON content type.
fn raw(method: &str, path: &str, token: &str, body: &str) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::builder()
        .method(method)
        .uri(path)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body.to_string()))
        .expect("request")
}

both!(only_members_set_goals_and_only_the_owner_logs_and_ends_them, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, me) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let (_, sita) = member_with(&app, &counselor, "sita", "female", 1990, "detox", "hi").await;
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (_, family) = app.user(Role::Family, "family").await;
    let (_, mentor) = app.user(Role::PeerMentor, "mentor").await;
    for t in [&counselor, &admin, &family, &mentor] {
        assert_eq!(app.post("/api/v1/goals", t, goal("Walk", 3)).await.status, StatusCode::FORBIDDEN);
    }
    let walk = set(&app, &me, goal("Walk", 3)).await;
    for t in [&sita, &counselor, &admin, &family] {
        assert_eq!(done(&app, t, &walk, 1).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.post(&format!("/api/v1/goals/{walk}/end"), t, json!({})).await.status, StatusCode::FORBIDDEN);
    }
    let (_, _, other) = app.other_center().await;
    assert_eq!(done(&app, &other, &walk, 1).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&format!("/api/v1/goals/{walk}/end"), &other, json!({})).await.status, StatusCode::NOT_FOUND);
    // Nothing was recorded by the refusals.
    let r = done(&app, &me, &walk, 1).await;
    assert_eq!(r.body["done"], 1);
    // Setting a goal is audited (without the member's words); progress is not.
    let audit = app.get("/api/v1/audit?action=goal.create", &admin).await;
    assert_eq!(audit.body.as_array().map(Vec::len), Some(1), "{}", audit.text);
    assert_eq!(audit.body[0]["target_id"], walk.as_str());
    assert!(!audit.text.contains("Walk"), "the title stays out of the audit log");
});

both!(a_goal_set_in_front_of_a_group_must_be_one_of_the_members_groups, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let mine = group(&app, &counselor, group_body("Mine", 10)).await;
    let other = group(&app, &counselor, group_body("Other", 10)).await;
    let (ravi, me) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    enroll(&app, &counselor, &mine, &ravi).await;
    let r = app.post("/api/v1/goals", &me, shared_goal("Walk", 3, &other, true)).await;
    assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["group_id".to_string()]));
    let r = app.post("/api/v1/goals", &me, shared_goal("Walk", 3, "no-such-group", false)).await;
    assert_eq!(r.fields(), ["group_id"]);
    let r = app.post("/api/v1/goals", &me, shared_goal("", 3, &other, true)).await;
    assert_eq!(r.fields(), ["title", "group_id"], "every failing field at once");
    let r = app.post("/api/v1/goals", &me, shared_goal("Walk", 3, &mine, true)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["group_id"], mine.as_str());
    assert_eq!(r.body["visible_to_group"], true);
    // A waitlisted member is not in the group yet.
    let full =
        group(&app, &counselor, json!({ "name": "Full", "kind": "support", "modality": "in_person", "capacity": 5 }))
            .await;
    for i in 0..5 {
        let (id, _) = member_with(&app, &counselor, &format!("member{i}"), "male", 1990, "detox", "hi").await;
        enroll(&app, &counselor, &full, &id).await;
    }
    let r = enroll(&app, &counselor, &full, &ravi).await;
    assert_eq!(r.body["status"], "waitlisted", "{}", r.text);
    assert_eq!(app.post("/api/v1/goals", &me, shared_goal("Walk", 3, &full, true)).await.fields(), ["group_id"]);
});

/// Ravi shares a goal with Support, keeps one in Support to himself, shares
/// one with Evening, and has a private one. Sita is in Support, Amit in
/// Evening, Kiran in no group with Ravi; Meera facilitates Support.
struct World {
    counselor: String,
    ravi: String,
    me: String,
    sita: String,
    amit: String,
    kiran: String,
    support: String,
    evening: String,
    shared: String,
    hidden: String,
    evening_goal: String,
}

async fn world(app: &TestApp) -> World {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let support = group(app, &counselor, group_body("Support", 10)).await;
    let evening = group(app, &counselor, group_body("Evening", 10)).await;
    let (ravi, me) = member_with(app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let (sita_id, sita) = member_with(app, &counselor, "sita", "female", 1990, "detox", "hi").await;
    let (amit_id, amit) = member_with(app, &counselor, "amit", "male", 1990, "detox", "hi").await;
    let (kiran_id, kiran) = member_with(app, &counselor, "kiran", "male", 1990, "detox", "hi").await;
    let lonely = group(app, &counselor, group_body("Elsewhere", 10)).await;
    for (g, m) in
        [(&support, &ravi), (&support, &sita_id), (&evening, &ravi), (&evening, &amit_id), (&lonely, &kiran_id)]
    {
        assert_eq!(enroll(app, &counselor, g, m).await.status, StatusCode::CREATED);
    }
    let shared = set(app, &me, shared_goal("Walk every morning", 5, &support, true)).await;
    let hidden = set(app, &me, shared_goal("Write to my brother", 1, &support, false)).await;
    let evening_goal = set(app, &me, shared_goal("Evening prayer", 7, &evening, true)).await;
    set(app, &me, goal("Save 500 rupees", 1)).await;
    World { counselor, ravi, me, sita, amit, kiran, support, evening, shared, hidden, evening_goal }
}

both!(group_peers_see_only_the_goals_shared_with_their_group, |app: TestApp| async move {
    let w = world(&app).await;
    let path = format!("/api/v1/members/{}/goals", w.ravi);
    let all = ["Walk every morning", "Write to my brother", "Evening prayer", "Save 500 rupees"];
    assert_eq!(titles(&app.get(&path, &w.me).await), all);
    assert_eq!(titles(&app.get(&path, &w.counselor).await), all, "counsellors see all");
    let (_, admin) = app.user(Role::Admin, "admin").await;
    assert_eq!(titles(&app.get(&path, &admin).await), all);
    let r = app.get(&path, &w.sita).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(titles(&r), ["Walk every morning"], "not the hidden one, not another group's");
    assert_eq!(titles(&app.get(&path, &w.amit).await), ["Evening prayer"]);
    assert_eq!(app.get(&path, &w.kiran).await.status, StatusCode::FORBIDDEN, "no group in common");
    let (_, family) = app.user(Role::Family, "family").await;
    assert_eq!(app.get(&path, &family).await.status, StatusCode::FORBIDDEN, "family sees nothing yet");
    let (_, mentor) = app.user(Role::PeerMentor, "mentor").await;
    assert_eq!(app.get(&path, &mentor).await.status, StatusCode::FORBIDDEN);
    let (_, other_admin, other) = app.other_center().await;
    assert_eq!(app.get(&path, &other).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&path, &other_admin).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/v1/members/nobody/goals", &w.counselor).await.status, StatusCode::NOT_FOUND);

    // The group's week: the shared goals of its active members.
    let r = app.get(&format!("/api/v1/groups/{}/goals", w.support), &w.sita).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(titles(&r), ["Walk every morning"]);
    let g = &r.body[0];
    assert_eq!(g["id"], w.shared.as_str());
    assert_eq!(g["owner_name"], "ravi");
    assert_eq!(g["member_id"], w.ravi.as_str());
    assert_eq!(
        (g["done"].as_i64(), g["target_per_week"].as_i64(), g["status"].as_str()),
        (Some(0), Some(5), Some("not"))
    );
    assert_eq!(
        (g["cheers"].as_i64(), g["cheered"].as_bool(), g["can_cheer"].as_bool()),
        (Some(0), Some(false), Some(true))
    );
    assert_eq!(titles(&app.get(&format!("/api/v1/groups/{}/goals", w.evening), &w.amit).await), ["Evening prayer"]);
    assert_eq!(
        titles(&app.get(&format!("/api/v1/groups/{}/goals", w.support), &w.counselor).await),
        ["Walk every morning"]
    );
    let mine = app.get(&format!("/api/v1/groups/{}/goals", w.support), &w.me).await;
    assert_eq!(mine.body[0]["can_cheer"], false, "not one's own");
    assert_eq!(app.get(&format!("/api/v1/groups/{}/goals", w.support), &w.amit).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&format!("/api/v1/groups/{}/goals", w.support), &family).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&format!("/api/v1/groups/{}/goals", w.support), &other).await.status, StatusCode::NOT_FOUND);
    let r = app.get(&format!("/api/v1/groups/{}/goals?week=soon", w.support), &w.sita).await;
    assert_eq!(r.fields(), ["week"]);
    let r = app.get(&format!("/api/v1/groups/{}/goals?week=%2B262142-12-31", w.support), &w.sita).await;
    assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["week".to_string()]));

    // A peer mentor who facilitates Support sees (and may cheer) what is shared with Support only.
    let (mentor_id, facilitator) = app.user(Role::PeerMentor, "facilitator").await;
    let r = app
        .patch(&format!("/api/v1/groups/{}", w.support), &w.counselor, json!({ "facilitator_ids": [mentor_id] }))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(titles(&app.get(&path, &facilitator).await), ["Walk every morning"]);
    assert_eq!(
        titles(&app.get(&format!("/api/v1/groups/{}/goals", w.support), &facilitator).await),
        ["Walk every morning"]
    );
    let cheer = |goal: &str| format!("/api/v1/goals/{goal}/cheers");
    assert_eq!(app.post(&cheer(&w.shared), &facilitator, json!({})).await.status, StatusCode::CREATED);
    assert_eq!(app.post(&cheer(&w.evening_goal), &facilitator, json!({})).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&format!("/api/v1/groups/{}/goals", w.evening), &facilitator).await.status,
        StatusCode::FORBIDDEN
    );

    // Progress shows to the group; a member who leaves takes their goal with them.
    done(&app, &w.me, &w.shared, 2).await;
    let r = app.get(&format!("/api/v1/groups/{}/goals", w.support), &w.sita).await;
    assert_eq!((r.body[0]["done"].as_i64(), r.body[0]["status"].as_str()), (Some(2), Some("partly")));
    let r =
        app.call("DELETE", &format!("/api/v1/groups/{}/enrollments/{}", w.support, w.ravi), Some(&w.me), None).await;
    assert!(r.status.is_success(), "{}", r.text);
    assert_eq!(titles(&app.get(&format!("/api/v1/groups/{}/goals", w.support), &w.sita).await), Vec::<String>::new());
    assert_eq!(app.get(&path, &w.sita).await.status, StatusCode::FORBIDDEN, "no longer in a group together");
    let _ = (&w.hidden, &w.evening_goal, &w.kiran);
});

both!(peers_cheer_shared_goals_once_a_week, |app: TestApp| async move {
    let w = world(&app).await;
    let cheer = |goal: &str| format!("/api/v1/goals/{goal}/cheers");
    let r = app.post(&cheer(&w.shared), &w.sita, json!({})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["cheers"], 1);
    assert_eq!(r.body["week_start"], this_monday().format("%Y-%m-%d").to_string());
    let r = app.post(&cheer(&w.shared), &w.sita, json!({})).await;
    assert_eq!((r.status, r.body["cheers"].as_i64()), (StatusCode::OK, Some(1)), "a second cheer is not counted twice");
    // The facilitator may cheer too.
    let r = app.post(&cheer(&w.shared), &w.counselor, json!({})).await;
    assert_eq!((r.status, r.body["cheers"].as_i64()), (StatusCode::CREATED, Some(2)));
    // Refusals: one's own goal, a goal kept from the group, another group's peer, no group in common.
    assert_eq!(app.post(&cheer(&w.shared), &w.me, json!({})).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post(&cheer(&w.hidden), &w.sita, json!({})).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post(&cheer(&w.shared), &w.amit, json!({})).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post(&cheer(&w.evening_goal), &w.sita, json!({})).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post(&cheer(&w.shared), &w.kiran, json!({})).await.status, StatusCode::FORBIDDEN);
    let (_, admin) = app.user(Role::Admin, "admin").await;
    assert_eq!(app.post(&cheer(&w.shared), &admin, json!({})).await.status, StatusCode::FORBIDDEN, "not a facilitator");
    let (_, family) = app.user(Role::Family, "family").await;
    assert_eq!(app.post(&cheer(&w.shared), &family, json!({})).await.status, StatusCode::FORBIDDEN);
    let (_, _, other) = app.other_center().await;
    assert_eq!(app.post(&cheer(&w.shared), &other, json!({})).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&cheer("no-such-goal"), &w.sita, json!({})).await.status, StatusCode::NOT_FOUND);
    // Amit cheers the goal shared with his group.
    assert_eq!(app.post(&cheer(&w.evening_goal), &w.amit, json!({})).await.status, StatusCode::CREATED);

    // What the owner and the group see.
    let list = app.get(&format!("/api/v1/members/{}/goals", w.ravi), &w.me).await;
    assert_eq!(list.body[0]["cheers"], 2);
    assert_eq!(list.body[1]["cheers"], 0);
    assert_eq!(list.body[2]["cheers"], 1);
    let r = app.get(&format!("/api/v1/groups/{}/goals", w.support), &w.sita).await;
    assert_eq!((r.body[0]["cheers"].as_i64(), r.body[0]["cheered"].as_bool()), (Some(2), Some(true)));
    let r = app.get(&format!("/api/v1/groups/{}/goals", w.support), &w.me).await;
    assert_eq!(r.body[0]["cheered"], false);
    // Last week's figures are last week's.
    let last = (this_monday() - chrono::Duration::days(7)).format("%Y-%m-%d").to_string();
    let r = app.get(&format!("/api/v1/groups/{}/goals?week={last}", w.support), &w.sita).await;
    assert_eq!(r.body.as_array().map(Vec::len), Some(0), "set this week");
    let _ = (&w.support, &w.evening);
});

both!(an_ended_goal_keeps_its_past_and_takes_no_more_progress_or_cheers, |app: TestApp| async move {
    let w = world(&app).await;
    done(&app, &w.me, &w.shared, 1).await;
    let r = app.post(&format!("/api/v1/goals/{}/end", w.shared), &w.sita, json!({})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.call("POST", &format!("/api/v1/goals/{}/end", w.shared), Some(&w.me), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.body["ended_at"].as_str().is_some());
    let again = app.call("POST", &format!("/api/v1/goals/{}/end", w.shared), Some(&w.me), None).await;
    assert_eq!(
        (again.status, &again.body["ended_at"]),
        (StatusCode::OK, &r.body["ended_at"]),
        "ending twice changes nothing"
    );
    let r = done(&app, &w.me, &w.shared, 1).await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "goal_ended"));
    let r = app.post(&format!("/api/v1/goals/{}/cheers", w.shared), &w.sita, json!({})).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let list = app.get(&format!("/api/v1/members/{}/goals", w.ravi), &w.me).await;
    assert!(!titles(&list).contains(&"Walk every morning".to_string()), "no longer this week's");
    assert_eq!(titles(&app.get(&format!("/api/v1/groups/{}/goals", w.support), &w.sita).await), Vec::<String>::new());
    let stored = app.store.get_goal(&w.shared).await.expect("db").expect("kept");
    assert!(stored.ended_at.is_some());
    let audit = app
        .store
        .list_audit(
            &app.center_id,
            &saathi_store::AuditFilter { action: Some("goal.end".into()), limit: 10, ..Default::default() },
        )
        .await
        .expect("audit");
    assert_eq!(audit.len(), 1, "ended once, audited once");
});

both!(the_goal_endpoints_are_documented, |app: TestApp| async move {
    let o = app.call("GET", "/api/openapi.json", None, None).await;
    for (path, method) in [
        ("/api/v1/goals", "post"),
        ("/api/v1/goals/{id}/progress", "post"),
        ("/api/v1/goals/{id}/end", "post"),
        ("/api/v1/goals/{id}", "patch"),
        ("/api/v1/goals/{id}/cheers", "post"),
        ("/api/v1/members/{id}/goals", "get"),
        ("/api/v1/groups/{id}/goals", "get"),
    ] {
        assert!(o.body["paths"][path][method].is_object(), "{method} {path} documented");
    }
    let schema = &o.body["components"]["schemas"]["GoalOut"]["properties"];
    for field in [
        "id",
        "member_id",
        "title",
        "target_per_week",
        "group_id",
        "visible_to_group",
        "week_start",
        "done",
        "status",
        "cheers",
        "created_at",
    ] {
        assert!(schema[field].is_object(), "GoalOut.{field}");
    }
});

/// Moves a goal's start back two weeks, and its cheers of this week to last
/// week, so that last week's view has it (with a cheer).
async fn set_two_weeks_ago(app: &TestApp, goal: &str) {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&app.url).await.expect("connect");
    let then = saathi_store::now_ms() - 14 * 86_400_000;
    sqlx::query("UPDATE goals SET created_at = $1 WHERE id = $2")
        .bind(then)
        .bind(goal)
        .execute(&mut conn)
        .await
        .expect("backdate goal");
    let last = (this_monday() - chrono::Duration::days(7)).format("%Y-%m-%d").to_string();
    sqlx::query("UPDATE goal_cheers SET week_start = $1 WHERE goal_id = $2")
        .bind(last)
        .bind(goal)
        .execute(&mut conn)
        .await
        .expect("move cheers");
}

fn sharing(visible: bool) -> Value {
    json!({ "visible_to_group": visible })
}

both!(the_owner_stops_sharing_a_goal_and_the_group_sees_it_in_no_week, |app: TestApp| async move {
    let w = world(&app).await;
    let this = this_monday().format("%Y-%m-%d").to_string();
    let last = (this_monday() - chrono::Duration::days(7)).format("%Y-%m-%d").to_string();
    let group_week = |week: &str| format!("/api/v1/groups/{}/goals?week={week}", w.support);
    let member_week = |week: &str| format!("/api/v1/members/{}/goals?week={week}", w.ravi);
    let goal_path = format!("/api/v1/goals/{}", w.shared);
    let cheer = format!("/api/v1/goals/{}/cheers", w.shared);
    // Set two weeks ago, cheered last week and this week.
    assert_eq!(app.post(&cheer, &w.sita, json!({})).await.status, StatusCode::CREATED);
    set_two_weeks_ago(&app, &w.shared).await;
    assert_eq!(app.post(&cheer, &w.sita, json!({})).await.status, StatusCode::CREATED);
    for week in [&this, &last] {
        let r = app.get(&group_week(week), &w.sita).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(titles(&r), ["Walk every morning"], "{week}");
        assert_eq!(r.body[0]["cheers"], 1, "{week}");
        assert_eq!(titles(&app.get(&member_week(week), &w.sita).await), ["Walk every morning"], "{week}");
    }

    // Ravi withdraws it: gone from every week, with its cheers.
    let r = app.patch(&goal_path, &w.me, sharing(false)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["visible_to_group"], false);
    assert_eq!(r.body["group_id"], w.support.as_str(), "still set in the group, just not shown");
    assert_eq!(r.body["week_start"], this.as_str());
    let week_before = (this_monday() - chrono::Duration::days(14)).format("%Y-%m-%d").to_string();
    for week in [&this, &last, &week_before] {
        for reader in [&w.sita, &w.counselor] {
            let r = app.get(&group_week(week), reader).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            assert_eq!(titles(&r), Vec::<String>::new(), "{week}");
            assert!(!r.text.contains(&w.shared), "{week}: not a trace of it");
        }
        assert_eq!(titles(&app.get(&member_week(week), &w.sita).await), Vec::<String>::new(), "{week}");
    }
    let r = app.get(&format!("/api/v1/groups/{}/goals", w.support), &w.sita).await;
    assert_eq!(titles(&r), Vec::<String>::new(), "this week, no week given");
    assert_eq!(app.post(&cheer, &w.sita, json!({})).await.status, StatusCode::FORBIDDEN, "no more cheers");
    // The owner (and staff) still have it, cheers included.
    let mine = app.get(&member_week(&last), &w.me).await;
    assert_eq!(mine.body[0]["id"], w.shared.as_str());
    assert_eq!((mine.body[0]["visible_to_group"].as_bool(), mine.body[0]["cheers"].as_i64()), (Some(false), Some(1)));
    assert!(titles(&app.get(&member_week(&last), &w.counselor).await).contains(&"Walk every morning".to_string()));
    // Withdrawing again changes nothing.
    assert_eq!(app.patch(&goal_path, &w.me, sharing(false)).await.status, StatusCode::OK);

    // Shared again: back in every week it counted in, with its cheers.
    let r = app.patch(&goal_path, &w.me, sharing(true)).await;
    assert_eq!((r.status, r.body["visible_to_group"].as_bool()), (StatusCode::OK, Some(true)), "{}", r.text);
    for week in [&this, &last] {
        let r = app.get(&group_week(week), &w.sita).await;
        assert_eq!(titles(&r), ["Walk every morning"], "{week}");
        assert_eq!(r.body[0]["cheers"], 1);
    }
    assert_eq!(titles(&app.get(&member_week(&last), &w.sita).await), ["Walk every morning"]);

    // An ended goal keeps its past weeks while shared; withdrawing takes those too.
    let r = app.call("POST", &format!("/api/v1/goals/{}/end", w.shared), Some(&w.me), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(titles(&app.get(&group_week(&last), &w.sita).await), ["Walk every morning"]);
    let r = app.patch(&goal_path, &w.me, sharing(false)).await;
    assert_eq!((r.status, r.body["visible_to_group"].as_bool()), (StatusCode::OK, Some(false)), "{}", r.text);
    assert!(r.body["ended_at"].as_str().is_some());
    assert_eq!(titles(&app.get(&group_week(&last), &w.sita).await), Vec::<String>::new());
    assert_eq!(titles(&app.get(&member_week(&last), &w.sita).await), Vec::<String>::new());

    // Each change is audited, without the goal's words; a choice already in force is not.
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let audit = app.get("/api/v1/audit?action=goal.sharing", &admin).await;
    assert_eq!(audit.status, StatusCode::OK, "{}", audit.text);
    assert_eq!(audit.body.as_array().map(Vec::len), Some(3), "{}", audit.text);
    assert!(audit.body.as_array().into_iter().flatten().all(|e| e["target_id"] == w.shared.as_str()));
    assert!(!audit.text.contains("Walk"), "the title stays out of the audit log");
    let _ = (&w.amit, &w.kiran, &w.hidden, &w.evening, &w.evening_goal);
});

both!(only_the_owner_changes_whether_a_goal_is_shared, |app: TestApp| async move {
    let w = world(&app).await;
    let goal_path = format!("/api/v1/goals/{}", w.shared);
    // A peer mentor who facilitates Support.
    let (mentor_id, facilitator) = app.user(Role::PeerMentor, "facilitator").await;
    let r = app
        .patch(&format!("/api/v1/groups/{}", w.support), &w.counselor, json!({ "facilitator_ids": [mentor_id] }))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (_, family) = app.user(Role::Family, "family").await;
    for (who, t) in [
        ("peer", &w.sita),
        ("facilitator", &facilitator),
        ("counsellor", &w.counselor),
        ("admin", &admin),
        ("family", &family),
        ("no group in common", &w.kiran),
    ] {
        for visible in [false, true] {
            let r = app.patch(&goal_path, t, sharing(visible)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.text);
        }
    }
    let (_, other_admin, other) = app.other_center().await;
    for t in [&other, &other_admin] {
        assert_eq!(app.patch(&goal_path, t, sharing(false)).await.status, StatusCode::NOT_FOUND);
    }
    assert_eq!(app.patch("/api/v1/goals/no-such-goal", &w.me, sharing(false)).await.status, StatusCode::NOT_FOUND);
    // Nothing changed, nothing audited.
    assert_eq!(titles(&app.get(&format!("/api/v1/groups/{}/goals", w.support), &w.sita).await), ["Walk every morning"]);
    let audit = app.get("/api/v1/audit?action=goal.sharing", &admin).await;
    assert_eq!(audit.body.as_array().map(Vec::len), Some(0), "{}", audit.text);

    // Malformed JSON, a wrong type, a missing or an unknown field.
    let r = app.send(raw("PATCH", &goal_path, &w.me, "{\"visible_to_group\": ")).await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "malformed"));
    let r = app.patch(&goal_path, &w.me, json!({ "visible_to_group": "no" })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let r = app.patch(&goal_path, &w.me, json!({})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let r = app.patch(&goal_path, &w.me, json!({ "visible_to_group": false, "title": "Run" })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(titles(&app.get(&format!("/api/v1/groups/{}/goals", w.support), &w.sita).await), ["Walk every morning"]);

    // A goal without a group cannot be shown; one in a group the owner left can be hidden, not shown again.
    let private = set(&app, &w.me, goal("Read", 2)).await;
    let r = app.patch(&format!("/api/v1/goals/{private}"), &w.me, sharing(true)).await;
    assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["visible_to_group".to_string()]));
    assert_eq!(r.body["error"]["fields"][0]["code"], "needs_group");
    assert_eq!(app.patch(&format!("/api/v1/goals/{private}"), &w.me, sharing(false)).await.status, StatusCode::OK);
    let r =
        app.call("DELETE", &format!("/api/v1/groups/{}/enrollments/{}", w.evening, w.ravi), Some(&w.me), None).await;
    assert!(r.status.is_success(), "{}", r.text);
    let evening = format!("/api/v1/goals/{}", w.evening_goal);
    assert_eq!(app.patch(&evening, &w.me, sharing(false)).await.status, StatusCode::OK);
    let r = app.patch(&evening, &w.me, sharing(true)).await;
    assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["visible_to_group".to_string()]));
    assert_eq!(r.body["error"]["fields"][0]["code"], "not_in_group");
    // The goal kept from Support may be shown to it.
    let r = app.patch(&format!("/api/v1/goals/{}", w.hidden), &w.me, sharing(true)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        titles(&app.get(&format!("/api/v1/groups/{}/goals", w.support), &w.sita).await),
        ["Walk every morning", "Write to my brother"]
    );
    let _ = (&w.amit,);
});
