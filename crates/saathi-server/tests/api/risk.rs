//! Relapse risk: each signal on its own and combined, levels, ranking, the
//! updates that follow events, the weights a centre sets, refusals, and the
//! move to high recorded once.

use crate::helpers::*;
use axum::http::StatusCode;
use chrono::{Duration, NaiveDate};
use saathi_domain::Role;
use saathi_domain::Stage;
use saathi_server::Config;
use saathi_server::auth::password;
use saathi_server::services::risk;
use saathi_server::state::AppState;
use saathi_store::{CheckInInput, NewMember, NewUser, RiskWrite, now_ms};
use serde_json::{Value, json};

const DAY: i64 = 24 * 3_600_000;

fn state(app: &TestApp) -> AppState {
    AppState::new(app.store.clone(), Config::default())
}

fn today() -> NaiveDate {
    saathi_domain::sobriety::local_today(chrono::Utc::now(), chrono_tz::Asia::Kolkata)
}

fn day(days_ago: i64) -> String {
    (today() - Duration::days(days_ago)).format("%Y-%m-%d").to_string()
}

async fn checkin(app: &TestApp, member: &str, days_ago: i64, mood: i64, craving: i64) {
    let input = CheckInInput {
        mood,
        craving,
        sober: true,
        triggers: vec![],
        note: None,
        share_with_mentor: false,
        share_with_group: false,
    };
    app.store.upsert_checkin(member, &app.center_id, &day(days_ago), &input, now_ms()).await.expect("check-in");
}

/// The risk list as `token` reads it.
async fn list(app: &TestApp, token: &str) -> Vec<Value> {
    let r = app.get("/api/v1/risk", token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body.as_array().expect("list").clone()
}

fn find<'a>(list: &'a [Value], member: &str) -> &'a Value {
    list.iter().find(|x| x["member_id"] == member).unwrap_or_else(|| panic!("{member} not listed: {list:?}"))
}

/// (signal, points, detail) of a listed member.
fn reasons(v: &Value) -> Vec<(String, i64, String)> {
    v["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .map(|r| {
            (
                r["signal"].as_str().expect("signal").to_string(),
                r["points"].as_i64().expect("points"),
                r["detail"].as_str().expect("detail").to_string(),
            )
        })
        .collect()
}

/// Waits (up to 5 s) until the member's listed reasons satisfy `ok`: event
/// updates run just after the request that caused them.
async fn eventually(app: &TestApp, token: &str, member: &str, ok: impl Fn(&[(String, i64, String)]) -> bool) -> Value {
    for _ in 0..100 {
        let l = list(app, token).await;
        if let Some(v) = l.iter().find(|x| x["member_id"] == member)
            && ok(&reasons(v))
        {
            return v.clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("risk of {member} never matched: {:?}", list(app, token).await);
}

/// A member admitted `days_ago` (through the store, which takes the time given).
async fn admitted(app: &TestApp, login: &str, days_ago: i64) -> String {
    let m = NewMember {
        user: NewUser {
            center_id: app.center_id.clone(),
            role: Role::Member,
            login: login.into(),
            phone: None,
            password_hash: password::hash(PASSWORD).expect("hash"),
            display_name: login.into(),
            full_name: None,
            language: "en".into(),
        },
        gender: "male".into(),
        birth_year: Some(1990),
        substances: vec!["alcohol".into()],
        stage: Stage::Rehabilitation,
        sobriety_start: "2026-01-01".into(),
        counselor_id: None,
    };
    app.store.create_member(&m, None, now_ms() - days_ago * DAY).await.expect("member").id
}

/// A group with the members enrolled; `n` sessions, each member marked as `statuses` says (oldest first).
async fn sessions_with(app: &TestApp, staff: &str, name: &str, member: &str, statuses: &[&str]) {
    sessions_as(app, staff, name, (member, None), statuses).await
}

/// As [`sessions_with`]; with the member's token, they accept the group agreement first (to be marked present).
async fn sessions_as(app: &TestApp, staff: &str, name: &str, who: (&str, Option<&str>), statuses: &[&str]) {
    let (member, token) = who;
    let g = group(app, staff, group_body(name, 10)).await;
    assert_eq!(enroll(app, staff, &g, member).await.status, StatusCode::CREATED);
    if let Some(t) = token {
        let r = app.post(&format!("/api/v1/groups/{g}/agreement"), t, json!({})).await;
        assert!(r.status.is_success(), "agreement: {}", r.text);
    }
    let n = statuses.len() as i64;
    for (i, status) in statuses.iter().enumerate() {
        let starts = chrono::Utc::now() - Duration::hours(2 * (n - i as i64));
        let r = app
            .post(
                &format!("/api/v1/groups/{g}/sessions"),
                staff,
                json!({ "starts_at": starts.to_rfc3339(), "topic": "triggers" }),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "session: {}", r.text);
        let s = r.body["id"].as_str().expect("id").to_string();
        let body = json!({ "records": [{ "member_id": member, "status": status }] });
        let r = app.call("PUT", &format!("/api/v1/sessions/{s}/attendance"), Some(staff), Some(body)).await;
        assert_eq!(r.status, StatusCode::OK, "attendance: {}", r.text);
    }
}

both!(each_signal_on_its_own, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (absent, absent_token) = member_with(&app, &counselor, "absent", "male", 1990, "detox", "en").await;
    let statuses = ["absent", "present", "absent", "excused", "absent"];
    sessions_as(&app, &counselor, "Circle", (&absent, Some(&absent_token)), &statuses).await;
    let quiet = admitted(&app, "quiet", 30).await;
    checkin(&app, &quiet, 6, 4, 2).await;
    let never = admitted(&app, "never", 30).await;
    let craving = app.member(&counselor, "craving", "Craving").await;
    checkin(&app, &craving, 3, 4, 9).await;
    let rising = app.member(&counselor, "rising", "Rising").await;
    for d in 7..14 {
        checkin(&app, &rising, d, 4, 2).await;
    }
    for d in 0..7 {
        checkin(&app, &rising, d, 4, 5).await;
    }
    let low = app.member(&counselor, "low", "Low").await;
    checkin(&app, &low, 1, 4, 1).await;
    checkin(&app, &low, 0, 2, 1).await;
    let lapsed = app.member(&counselor, "lapsed", "Lapsed").await;
    let r = app
        .post(&format!("/api/v1/members/{lapsed}/lapses"), &counselor, json!({ "date": day(5), "kind": "lapse" }))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let discharged = app.member(&counselor, "discharged", "Discharged").await;
    let r = app.call("POST", &format!("/api/v1/members/{discharged}/discharge"), Some(&counselor), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let engaged = app.member(&counselor, "engaged", "Engaged").await;
    checkin(&app, &engaged, 0, 4, 2).await;

    let s = risk::sweep(&state(&app)).await.expect("sweep");
    assert_eq!(s.members, 9);
    let l = list(&app, &counselor).await;
    let one = |m: &str| reasons(find(&l, m));
    let r = |s: &str, p: i64, d: &str| vec![(s.to_string(), p, d.to_string())];
    assert_eq!(one(&absent), r("missed_sessions", 20, "2 consecutive absences"));
    assert_eq!(one(&quiet), r("no_checkin", 12, "6 days since last check-in"));
    assert_eq!(one(&never), r("no_checkin", 30, "no check-in in 14 days"));
    assert_eq!(one(&craving), r("high_craving", 20, "craving 9 in the last 7 days"));
    assert_eq!(one(&rising), r("craving_rising", 20, "craving mean 2.0 to 5.0"));
    assert_eq!(one(&low), r("low_mood", 15, "mood 2"));
    assert_eq!(one(&lapsed), r("recent_lapse", 25, "lapse 5 days ago"));
    assert_eq!(one(&discharged), r("early_aftercare", 10, "day 0 after discharge"));
    assert_eq!(one(&engaged), vec![]);
    let e = find(&l, &engaged);
    assert_eq!((e["score"].as_i64(), e["level"].as_str()), (Some(0), Some("low")));
    // Highest first.
    let scores: Vec<i64> = l.iter().map(|x| x["score"].as_i64().expect("score")).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert_eq!(l[0]["member_id"], never);
});

both!(a_safety_alert_raises_the_score_at_once, |app: TestApp| async move {
    let (meera_id, meera) = app.user(Role::Counselor, "meera").await;
    let (ravi, ravi_token) = member_with(&app, &meera, "ravi", "male", 1990, "detox", "hi").await;
    let mut body = group_body("Circle", 10);
    body["facilitator_ids"] = json!([meera_id]);
    let g = group(&app, &meera, body).await;
    assert_eq!(enroll(&app, &meera, &g, &ravi).await.status, StatusCode::CREATED);
    let rooms = app.get("/api/v1/rooms", &ravi_token).await;
    let room = rooms.body.as_array().and_then(|l| l.iter().find(|x| x["group_id"] == g)).expect("room")["id"]
        .as_str()
        .expect("id")
        .to_string();
    let r =
        app.post(&format!("/api/v1/rooms/{room}/messages"), &ravi_token, json!({ "body": "ab aur nahi jeena" })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let v = eventually(&app, &meera, &ravi, |r| r.iter().any(|x| x.0 == "safety_flag")).await;
    assert_eq!(reasons(&v), vec![("safety_flag".to_string(), 25, "safety alert 0 days ago".to_string())]);
});

both!(events_update_the_score_and_drifting_ranks_above_engaged, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (drifting, drifting_token) = member_with(&app, &counselor, "drifting", "male", 1990, "detox", "en").await;
    let (engaged, engaged_token) = member_with(&app, &counselor, "engaged", "male", 1990, "detox", "en").await;
    // A check-in through the API updates the score just after it is answered.
    let c = |craving: i64| json!({ "mood": 3, "craving": craving, "sober": true });
    assert_eq!(app.post("/api/v1/checkins", &drifting_token, c(9)).await.status, StatusCode::CREATED);
    assert_eq!(app.post("/api/v1/checkins", &engaged_token, c(1)).await.status, StatusCode::CREATED);
    eventually(&app, &counselor, &drifting, |r| r.iter().any(|x| x.0 == "high_craving")).await;
    // So does attendance: three absences in a row.
    sessions_with(&app, &counselor, "Circle", &drifting, &["absent", "absent", "absent"]).await;
    let v = eventually(&app, &counselor, &drifting, |r| r.iter().any(|x| x.0 == "missed_sessions" && x.1 == 30)).await;
    assert_eq!(
        reasons(&v),
        vec![
            ("missed_sessions".to_string(), 30, "3 consecutive absences".to_string()),
            ("high_craving".to_string(), 20, "craving 9 in the last 7 days".to_string())
        ]
    );
    assert_eq!((v["score"].as_i64(), v["level"].as_str()), (Some(50), Some("high")));
    let e = eventually(&app, &counselor, &engaged, |r| r.is_empty()).await;
    assert_eq!(e["score"], 0);
    let l = list(&app, &counselor).await;
    let at = |m: &str| l.iter().position(|x| x["member_id"] == m).expect("listed");
    assert!(at(&drifting) < at(&engaged));
    // A lapse (recorded by the member) takes them to high: 75.
    let r = app
        .post(
            &format!("/api/v1/members/{drifting}/lapses"),
            &drifting_token,
            json!({ "date": day(0), "kind": "lapse" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let v = eventually(&app, &counselor, &drifting, |r| r.iter().any(|x| x.0 == "recent_lapse")).await;
    assert_eq!((v["score"].as_i64(), v["level"].as_str()), (Some(75), Some("high")));
    assert_eq!(l.len(), 2);
});

both!(levels_follow_the_thresholds_and_weights_change_the_score, |app: TestApp| async move {
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let m = app.member(&counselor, "ravi", "Ravi").await;
    checkin(&app, &m, 0, 4, 8).await;
    risk::sweep(&state(&app)).await.expect("sweep");
    let v = list(&app, &counselor).await;
    assert_eq!((v[0]["score"].as_i64(), v[0]["level"].as_str()), (Some(20), Some("medium")));

    let r = app.get("/api/v1/risk/weights", &counselor).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!((r.body["medium_at"].as_i64(), r.body["high_at"].as_i64()), (Some(20), Some(50)));
    let hc = r.body["signals"].as_array().expect("signals").iter().find(|s| s["signal"] == "high_craving").cloned();
    assert_eq!(hc, Some(json!({ "signal": "high_craving", "points": 20, "default_points": 20 })));

    // The admin raises the medium threshold: the same 20 points are low at once.
    let r = app.call("PUT", "/api/v1/risk/weights", Some(&admin), Some(json!({ "medium_at": 25 }))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let v = list(&app, &counselor).await;
    assert_eq!((v[0]["score"].as_i64(), v[0]["level"].as_str()), (Some(20), Some("low")));
    // And raises high_craving's points to 70: high.
    let r =
        app.call("PUT", "/api/v1/risk/weights", Some(&admin), Some(json!({ "points": { "high_craving": 70 } }))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let hc = r.body["signals"].as_array().expect("signals").iter().find(|s| s["signal"] == "high_craving").cloned();
    assert_eq!(hc, Some(json!({ "signal": "high_craving", "points": 70, "default_points": 20 })));
    assert_eq!(r.body["medium_at"], 25);
    let v = list(&app, &counselor).await;
    assert_eq!((v[0]["score"].as_i64(), v[0]["level"].as_str()), (Some(70), Some("high")));
    assert_eq!(reasons(&v[0]), vec![("high_craving".to_string(), 70, "craving 8 in the last 7 days".to_string())]);
    // Switched off: nothing.
    let r =
        app.call("PUT", "/api/v1/risk/weights", Some(&admin), Some(json!({ "points": { "high_craving": 0 } }))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(list(&app, &counselor).await[0]["score"], 0);
});

both!(refusals, |app: TestApp| async move {
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, mentor) = app.user(Role::PeerMentor, "arjun").await;
    let (_, family) = app.user(Role::Family, "mother").await;
    let (ravi, ravi_token) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "en").await;
    checkin(&app, &ravi, 0, 1, 9).await;
    let (other_center, _, other_counselor) = app.other_center().await;
    let other = app.member(&other_counselor, "other-member", "Other").await;
    app.store
        .upsert_checkin(
            &other,
            &other_center,
            &day(0),
            &CheckInInput {
                mood: 1,
                craving: 10,
                sober: true,
                triggers: vec![],
                note: None,
                share_with_mentor: false,
                share_with_group: false,
            },
            now_ms(),
        )
        .await
        .expect("check-in");
    risk::sweep(&state(&app)).await.expect("sweep");

    for token in [&ravi_token, &mentor, &family] {
        assert_eq!(app.get("/api/v1/risk", token).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.get("/api/v1/risk/weights", token).await.status, StatusCode::FORBIDDEN);
    }
    let put = |token: String, body: Value| {
        let app = &app;
        async move { app.call("PUT", "/api/v1/risk/weights", Some(&token), Some(body)).await }
    };
    assert_eq!(put(counselor.clone(), json!({ "medium_at": 20 })).await.status, StatusCode::FORBIDDEN);
    assert_eq!(put(ravi_token.clone(), json!({ "medium_at": 20 })).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call("GET", "/api/v1/risk", None, None).await.status, StatusCode::UNAUTHORIZED);

    // Each centre lists only its own members; admins read the list too.
    let mine: Vec<String> =
        list(&app, &admin).await.iter().map(|v| v["member_id"].as_str().unwrap_or("").into()).collect();
    assert_eq!(mine, vec![ravi.clone()]);
    let theirs: Vec<String> =
        list(&app, &other_counselor).await.iter().map(|v| v["member_id"].as_str().unwrap_or("").into()).collect();
    assert_eq!(theirs, vec![other.clone()]);

    // Bad input.
    assert_eq!(app.get("/api/v1/risk?limit=0", &counselor).await.fields(), ["limit"]);
    assert_eq!(app.get("/api/v1/risk?limit=1", &counselor).await.body.as_array().map(Vec::len), Some(1));
    assert_eq!(put(admin.clone(), json!({ "points": { "bogus": 5 } })).await.fields(), ["points"]);
    assert_eq!(put(admin.clone(), json!({ "points": { "low_mood": 101 } })).await.fields(), ["weights"]);
    assert_eq!(put(admin.clone(), json!({ "medium_at": 70 })).await.fields(), ["high_at"]);
    assert_eq!(put(admin.clone(), json!({ "high_at": 0 })).await.fields(), ["high_at"]);
    assert_eq!(put(admin.clone(), json!({ "colour": "red" })).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .send(
            axum::http::Request::builder()
                .method("PUT")
                .uri("/api/v1/risk/weights")
                .header("authorization", format!("Bearer {admin}"))
                .header("content-type", "application/json")
                .body(axum::body::Body::from("{not json"))
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // Nothing was kept by the refused changes.
    let w = app.get("/api/v1/risk/weights", &admin).await;
    assert_eq!((w.body["medium_at"].as_i64(), w.body["high_at"].as_i64()), (Some(20), Some(50)));
});

both!(a_move_to_high_is_claimed_once, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let ravi = app.member(&counselor, "ravi", "Ravi").await;
    let w = |score: i64, level: &str| RiskWrite {
        member_id: ravi.clone(),
        center_id: app.center_id.clone(),
        score,
        level: level.into(),
        reasons: "[]".into(),
    };
    let store = &app.store;
    assert!(store.save_risks(&app.center_id, &[w(40, "medium")], false, 1_000).await.expect("save").is_empty());
    let first = store.save_risks(&app.center_id, &[w(70, "high")], false, 2_000).await.expect("save");
    assert_eq!(first.iter().map(|n| n.member_id.as_str()).collect::<Vec<_>>(), [ravi.as_str()]);
    // The counsellor's notification is made in the claim's own transaction.
    let told = || async {
        let r = app.get("/api/v1/notifications?limit=100", &counselor).await;
        let items = r.body["items"].as_array().cloned().unwrap_or_default();
        items
            .into_iter()
            .filter(|n| n["kind"] == "risk_high")
            .map(|n| n["id"].as_str().map(String::from))
            .collect::<Vec<_>>()
    };
    assert_eq!(told().await, [first[0].notification_id.clone()], "one notification, the one claimed");
    // Still high, higher still, and from another writer at the same time: nobody is told again.
    assert!(store.save_risks(&app.center_id, &[w(80, "high")], false, 3_000).await.expect("save").is_empty());
    let (w90, w95) = ([w(90, "high")], [w(95, "high")]);
    let (a, b) = tokio::join!(
        store.save_risks(&app.center_id, &w90, false, 4_000),
        store.save_risks(&app.center_id, &w95, false, 4_000)
    );
    assert!(a.expect("save").is_empty() && b.expect("save").is_empty());
    let r = store.member_risk(&ravi).await.expect("read").expect("row");
    assert_eq!((r.high_since, r.notified_at), (Some(2_000), Some(2_000)));
    // Down and up again is a new move to high.
    assert!(store.save_risks(&app.center_id, &[w(20, "low")], false, 5_000).await.expect("save").is_empty());
    let r = store.member_risk(&ravi).await.expect("read").expect("row");
    assert_eq!((r.high_since, r.notified_at), (None, None));
    assert_eq!(store.save_risks(&app.center_id, &[w(65, "high")], false, 6_000).await.expect("save").len(), 1);
    assert_eq!(told().await.len(), 2, "told of each move to high, once");

    // Through the service: a real move to high once, then recomputing again claims nothing.
    let st = state(&app);
    let other = app.member(&counselor, "sita", "Sita").await;
    checkin(&app, &other, 0, 1, 9).await;
    let r = app
        .post(&format!("/api/v1/members/{other}/lapses"), &counselor, json!({ "date": day(1), "kind": "relapse" }))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let a = risk::recompute(&st, &app.center_id, &other).await.expect("recompute").expect("member");
    assert_eq!((a.score, a.level.as_str()), (60, "high"));
    let first = store.member_risk(&other).await.expect("read").expect("row").notified_at.expect("claimed");
    risk::recompute(&st, &app.center_id, &other).await.expect("recompute");
    let s = risk::sweep(&st).await.expect("sweep");
    assert_eq!(s.newly_high, 0);
    assert_eq!(store.member_risk(&other).await.expect("read").expect("row").notified_at, Some(first));
    // Their counsellor was told once, with a link to the member and no detail.
    let n = app.get("/api/v1/notifications", &counselor).await;
    assert_eq!(n.status, StatusCode::OK, "{}", n.text);
    // (Ravi's two moves above were told too, with their claims.)
    let link = format!("/members/{other}");
    let told: Vec<&Value> = n.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|x| x["kind"] == "risk_high" && x["link"] == link.as_str())
        .collect();
    assert_eq!(told.len(), 1, "{}", n.text);
    assert!(told[0]["text"].as_str().expect("text").contains("high relapse risk"));
});

both!(an_open_crisis_counts_until_resolved, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (ravi, ravi_token) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "en").await;
    let r = app.call("POST", "/api/v1/crisis", Some(&ravi_token), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let v = eventually(&app, &counselor, &ravi, |r| r.iter().any(|x| x.0 == "open_crisis")).await;
    assert_eq!(reasons(&v), vec![("open_crisis".to_string(), 50, "open crisis alert".to_string())]);
    assert_eq!(v["level"], "high");
    // Resolved: it no longer counts.
    let id = r.body["alert_id"].as_str().expect("alert id");
    let done = app
        .post(&format!("/api/v1/crisis/alerts/{id}/resolve"), &counselor, json!({ "note": "Talked; safe at home." }))
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    let v = eventually(&app, &counselor, &ravi, |r| r.is_empty()).await;
    assert_eq!(v["score"], 0);
});

both!(scores_are_written_only_when_they_change_and_reasons_round_trip, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let ravi = app.member(&counselor, "ravi", "Ravi").await;
    let sita = app.member(&counselor, "sita", "Sita").await;
    checkin(&app, &ravi, 0, 4, 9).await;
    let st = state(&app);
    let s = risk::sweep(&st).await.expect("sweep");
    assert_eq!((s.members, s.changed), (2, 2));
    let before = app.store.member_risk(&ravi).await.expect("read").expect("row");
    // Nothing changed: neither the sweep nor an update writes again.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    assert_eq!(risk::sweep(&st).await.expect("sweep").changed, 0);
    risk::recompute(&st, &app.center_id, &ravi).await.expect("recompute").expect("member");
    assert_eq!(app.store.member_risk(&ravi).await.expect("read").expect("row"), before);
    // A stored score out of date is put right by the next update.
    let stale = RiskWrite {
        member_id: ravi.clone(),
        center_id: app.center_id.clone(),
        score: 3,
        level: "low".into(),
        reasons: "[]".into(),
    };
    app.store.save_risks(&app.center_id, &[stale], false, 1_000).await.expect("save");
    risk::recompute(&st, &app.center_id, &ravi).await.expect("recompute").expect("member");
    let after = app.store.member_risk(&ravi).await.expect("read").expect("row");
    assert_eq!((after.score, after.level.as_str(), after.reasons.as_str()), (20, "medium", before.reasons.as_str()));
    assert!(after.computed_at > 1_000);

    // Several rows at once keep any text exactly (quotes, backslashes, new lines, Devanagari).
    let odd = r#"[{"detail":"a \"quoted\" \\ back\nslash — मन"}]"#;
    let w = |member: &str, score: i64, level: &str, reasons: &str| RiskWrite {
        member_id: member.to_string(),
        center_id: app.center_id.clone(),
        score,
        level: level.into(),
        reasons: reasons.into(),
    };
    let newly = app
        .store
        .save_risks(&app.center_id, &[w(&ravi, 55, "high", odd), w(&sita, 7, "low", "[\"x\"]")], false, 2_000)
        .await
        .expect("save");
    let claimed: Vec<(&str, i64)> = newly.iter().map(|n| (n.member_id.as_str(), n.score)).collect();
    assert_eq!(claimed, [(ravi.as_str(), 55)]);
    let r = app.store.member_risk(&ravi).await.expect("read").expect("row");
    assert_eq!((r.score, r.reasons.as_str(), r.high_since, r.notified_at), (55, odd, Some(2_000), Some(2_000)));
    let s2 = app.store.member_risk(&sita).await.expect("read").expect("row");
    assert_eq!((s2.score, s2.level.as_str(), s2.reasons.as_str(), s2.high_since), (7, "low", "[\"x\"]", None));
});

both!(a_sweep_covers_every_centre_and_tells_each_counsellor_once, |app: TestApp| async move {
    let (admin_id, _) = app.user(Role::Admin, "admin").await;
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, _, other_counselor) = app.other_center().await;
    let mut mine = Vec::new();
    for i in 0..3 {
        let m = app.member(&counselor, &format!("member{i}"), &format!("Member {i}")).await;
        checkin(&app, &m, 0, 1, 9).await;
        mine.push(m);
    }
    let theirs = app.member(&other_counselor, "other-member", "Other").await;
    let s = risk::sweep(&state(&app)).await.expect("sweep");
    assert_eq!((s.centers, s.members, s.changed), (2, 4, 4));
    // Each of mine is at 35 (craving 9 and mood 1): medium, nobody told.
    assert_eq!(s.newly_high, 0);
    let l = list(&app, &counselor).await;
    assert_eq!(l.len(), 3);
    assert!(l.iter().all(|v| v["score"] == 35), "{l:?}");
    let t = list(&app, &other_counselor).await;
    assert_eq!(t.iter().map(|v| v["member_id"].as_str().unwrap_or("")).collect::<Vec<_>>(), [theirs.as_str()]);
    // All three move to high in one sweep (the centre lowers its threshold): one notification each.
    let st = state(&app);
    let high_at = [("high_at".to_string(), 30)];
    app.store.set_risk_weights(&app.center_id, &high_at, &admin_id, now_ms()).await.expect("weights");
    let s = risk::sweep(&st).await.expect("sweep");
    assert_eq!((s.changed, s.newly_high), (3, 3));
    assert_eq!(risk::sweep(&st).await.expect("sweep").newly_high, 0);
    let n = app.get("/api/v1/notifications", &counselor).await;
    let mut links: Vec<String> = n.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|x| x["kind"] == "risk_high")
        .map(|x| x["link"].as_str().unwrap_or("").to_string())
        .collect();
    links.sort();
    let mut want: Vec<String> = mine.iter().map(|m| format!("/members/{m}")).collect();
    want.sort();
    assert_eq!(links, want);
});
