use crate::helpers::*;
use axum::http::StatusCode;
use saathi_domain::Role;
use serde_json::json;

fn checkin(mood: i64, craving: i64) -> serde_json::Value {
    json!({"mood": mood, "craving": craving, "sober": true, "triggers": ["stress"], "note": "ok day",
           "share_with_mentor": false, "share_with_group": false})
}

both!(one_checkin_a_day_updated_not_duplicated, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (ravi, me) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let r = app.post("/api/v1/checkins", &me, checkin(3, 4)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = r.body["id"].as_str().expect("id").to_string();
    let r = app.post("/api/v1/checkins", &me, checkin(4, 2)).await;
    assert_eq!(r.status, StatusCode::OK, "the same local day updates");
    assert_eq!(r.body["id"], id.as_str());
    assert_eq!(r.body["mood"], 4);
    let list = app.get(&format!("/api/v1/members/{ravi}/checkins"), &me).await;
    assert_eq!(list.body.as_array().map(Vec::len), Some(1));
    assert_eq!(app.store.checkin_revision_count(&id).await.expect("count"), 1, "what changed is kept");
    let list = app.get(&format!("/api/v1/members/{ravi}/checkins"), &counselor).await;
    assert_eq!(list.body[0]["note"], "ok day", "counsellors always see");
});

both!(bad_checkins_are_refused, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, me) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    for (mood, craving) in [(0, 3), (6, 3), (3, -1), (3, 11)] {
        let r = app.post("/api/v1/checkins", &me, checkin(mood, craving)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "mood {mood} craving {craving}");
    }
    let mut b = checkin(3, 3);
    b["triggers"] = json!(["astrology"]);
    assert_eq!(app.post("/api/v1/checkins", &me, b).await.fields(), ["triggers"]);
    let r = app.call("POST", "/api/v1/checkins", Some(&me), Some(json!({"mood": "happy"}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Only members check in (for themselves).
    assert_eq!(app.post("/api/v1/checkins", &counselor, checkin(3, 3)).await.status, StatusCode::FORBIDDEN);
    let (_, family) = app.user(Role::Family, "family").await;
    assert_eq!(app.post("/api/v1/checkins", &family, checkin(3, 3)).await.status, StatusCode::FORBIDDEN);
});

both!(peers_see_only_what_was_shared_with_the_group_family_nothing, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let g = group(&app, &counselor, group_body("Support", 10)).await;
    let (ravi, ravi_t) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let (sita, sita_t) = member_with(&app, &counselor, "sita", "female", 1990, "detox", "hi").await;
    let (_, stranger_t) = member_with(&app, &counselor, "stranger", "male", 1990, "detox", "hi").await;
    enroll(&app, &counselor, &g, &ravi).await;
    enroll(&app, &counselor, &g, &sita).await;
    let mut shared = checkin(2, 8);
    shared["share_with_group"] = json!(true);
    app.post("/api/v1/checkins", &ravi_t, shared).await;
    let path = format!("/api/v1/members/{ravi}/checkins");
    assert_eq!(app.get(&path, &sita_t).await.body.as_array().map(Vec::len), Some(1), "shared with the group");
    app.post("/api/v1/checkins", &ravi_t, checkin(2, 8)).await;
    assert_eq!(app.get(&path, &sita_t).await.body.as_array().map(Vec::len), Some(0), "no longer shared");
    assert_eq!(app.get(&path, &ravi_t).await.body.as_array().map(Vec::len), Some(1));
    assert_eq!(app.get(&path, &stranger_t).await.status, StatusCode::FORBIDDEN);
    let (_, family) = app.user(Role::Family, "family").await;
    assert_eq!(app.get(&path, &family).await.status, StatusCode::FORBIDDEN);
    let (_, mentor) = app.user(Role::PeerMentor, "mentor").await;
    assert_eq!(app.get(&path, &mentor).await.status, StatusCode::FORBIDDEN, "no mentorship yet");
    let (_, _, other) = app.other_center().await;
    assert_eq!(app.get(&path, &other).await.status, StatusCode::NOT_FOUND);
    let _ = sita;
});

both!(staff_reads_of_checkins_and_sobriety_are_audited_own_and_mentor_reads_not, |app: TestApp| async move {
    let (admin_id, admin) = app.user(Role::Admin, "admin").await;
    let (counselor_id, counselor) = app.user(Role::Counselor, "meera").await;
    let (mentor_id, mentor) = app.user(Role::PeerMentor, "arjun").await;
    let (ravi, me) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let r = app.post("/api/v1/mentorships", &counselor, json!({"mentor_id": mentor_id, "mentee_id": ravi})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let mut shared = checkin(2, 8);
    shared["share_with_mentor"] = json!(true);
    assert_eq!(app.post("/api/v1/checkins", &me, shared).await.status, StatusCode::CREATED);
    let (checkins, sobriety) = (format!("/api/v1/members/{ravi}/checkins"), format!("/api/v1/members/{ravi}/sobriety"));
    // The member's own reads, and the mentor's of what was shared with him:
    // not audited.
    for token in [&me, &mentor] {
        let r = app.get(&checkins, token).await;
        assert_eq!(r.body.as_array().map(Vec::len), Some(1), "{}", r.text);
        assert_eq!(app.get(&sobriety, token).await.status, StatusCode::OK);
    }
    assert!(member_reads(&app, &admin, "member.checkins.read", &ravi).await.is_empty());
    assert!(member_reads(&app, &admin, "member.sobriety.read", &ravi).await.is_empty());
    // A counsellor's read: one row each, with the period read.
    let r = app.get(&format!("{checkins}?days=30"), &counselor).await;
    assert_eq!(r.body[0]["note"], "ok day", "{}", r.text);
    assert_eq!(app.get(&sobriety, &counselor).await.status, StatusCode::OK);
    let a = member_reads(&app, &admin, "member.checkins.read", &ravi).await;
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0]["actor_id"], counselor_id.as_str());
    assert_eq!(a[0]["detail"]["days"], 30);
    let a = member_reads(&app, &admin, "member.sobriety.read", &ravi).await;
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0]["actor_id"], counselor_id.as_str());
    // An admin's too.
    assert_eq!(app.get(&checkins, &admin).await.status, StatusCode::OK);
    let a = member_reads(&app, &admin, "member.checkins.read", &ravi).await;
    assert_eq!(a.len(), 2, "{a:?}");
    assert!(a.iter().any(|e| e["actor_id"] == admin_id.as_str()));
    // A read refused writes nothing.
    let (_, other) = app.user(Role::PeerMentor, "kabir").await;
    assert_eq!(app.get(&checkins, &other).await.status, StatusCode::FORBIDDEN);
    assert_eq!(member_reads(&app, &admin, "member.checkins.read", &ravi).await.len(), 2);
});

both!(a_lapse_restarts_the_count_kindly_and_keeps_the_longest_streak, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (ravi, me) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let start = "2026-01-01";
    app.patch(&format!("/api/v1/members/{ravi}"), &counselor, json!({"sobriety_start": start})).await;
    let s = app.get(&format!("/api/v1/members/{ravi}/sobriety"), &me).await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.text);
    let today = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Kolkata).date_naive();
    let days = (today - chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date")).num_days();
    assert_eq!(s.body["days"], days);
    assert_eq!(s.body["sobriety_start"], start);
    assert_eq!(s.body["lapses"], 0);
    assert_eq!(s.body["longest_streak_days"], days);
    assert!(s.body["next_milestone"]["days"].as_i64().is_some_and(|n| n > days));
    // A lapse ten days ago.
    let lapse_day = today - chrono::Duration::days(10);
    let r = app
        .post(
            &format!("/api/v1/members/{ravi}/lapses"),
            &me,
            json!({"date": lapse_day.format("%Y-%m-%d").to_string(), "kind": "lapse", "note": "a wedding"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert!(r.body["message"].as_str().is_some_and(|m| m.contains("does not erase")));
    let s = app.get(&format!("/api/v1/members/{ravi}/sobriety"), &counselor).await;
    assert_eq!(s.body["days"], 9, "restarted the day after the lapse");
    assert_eq!(s.body["sobriety_start"], (lapse_day + chrono::Duration::days(1)).format("%Y-%m-%d").to_string());
    assert_eq!(s.body["longest_streak_days"], days - 10);
    assert_eq!(s.body["total_sober_days"], days - 1);
    assert_eq!(s.body["lapses"], 1);
    assert_eq!(s.body["current_milestone"]["days"], 7);
    assert_eq!(s.body["next_milestone"]["days"], 14);
    // The member's record shows the new start too; the counsellor has a follow-up.
    assert_eq!(app.get(&format!("/api/v1/members/{ravi}"), &counselor).await.body["days_sober"], 9);
    assert_eq!(app.get("/api/v1/follow-ups", &counselor).await.body.as_array().map(Vec::len), Some(1));
    // Refusals.
    let lapses = format!("/api/v1/members/{ravi}/lapses");
    assert_eq!(app.post(&lapses, &me, json!({"date": "2999-01-01", "kind": "lapse"})).await.fields(), ["date"]);
    assert_eq!(app.post(&lapses, &me, json!({"date": "2026-02-01", "kind": "oops"})).await.fields(), ["kind"]);
    // Only YYYY-MM-DD, in range: a lapse date is compared as text with the sobriety start.
    for odd in ["2026-2-1", " 2026-02-01", "+2026-02-01", "+262142-12-31", "-262143-01-01", "२०२६-०२-०१"]
    {
        let r = app.post(&lapses, &me, json!({"date": odd, "kind": "lapse"})).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{odd:?}: {}", r.text);
        assert_eq!(r.fields(), ["date"], "{odd:?}");
        assert_eq!(r.body["error"]["fields"][0]["code"], "bad_date", "{odd:?}");
    }
    let s = app.get(&format!("/api/v1/members/{ravi}/sobriety"), &me).await;
    assert_eq!((s.body["lapses"].as_i64(), s.body["days"].as_i64()), (Some(1), Some(9)), "nothing recorded");
    let (_, peer) = member_with(&app, &counselor, "sita", "female", 1990, "detox", "hi").await;
    assert_eq!(
        app.post(&lapses, &peer, json!({"date": "2026-02-01", "kind": "lapse"})).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get(&format!("/api/v1/members/{ravi}/sobriety"), &peer).await.status, StatusCode::FORBIDDEN);
    let (_, admin) = app.user(Role::Admin, "admin").await;
    assert_eq!(
        app.post(&lapses, &admin, json!({"date": "2026-02-01", "kind": "lapse"})).await.status,
        StatusCode::FORBIDDEN
    );
    let (_, _, other) = app.other_center().await;
    assert_eq!(app.get(&format!("/api/v1/members/{ravi}/sobriety"), &other).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.post(&lapses, &other, json!({"date": "2026-02-01", "kind": "lapse"})).await.status,
        StatusCode::NOT_FOUND
    );
});

both!(staff_extend_the_trigger_list_members_cannot, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (_, me) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    // Typed any way, kept in lowercase with words joined by `_`.
    let r = app.post("/api/v1/triggers", &counselor, json!({"tag": "  Wedding  Season "})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["tag"], "wedding_season");
    let r = app.post("/api/v1/triggers", &admin, json!({"tag": "night-shift"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["tag"], "night_shift");
    let list = app.get("/api/v1/triggers", &me).await.body;
    let tags: Vec<&str> = list.as_array().expect("list").iter().filter_map(|t| t.as_str()).collect();
    assert!(tags.contains(&"wedding_season") && tags.contains(&"night_shift") && tags.contains(&"stress"), "{tags:?}");
    // A member may now use the centre's own tag in a check-in.
    let mut b = checkin(3, 2);
    b["triggers"] = json!(["wedding_season", "stress"]);
    let r = app.post("/api/v1/checkins", &me, b).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["triggers"], json!(["wedding_season", "stress"]));
    // The same tag again, however it is typed, and a default tag: 409.
    for tag in ["wedding season", "WEDDING_SEASON", "stress", "Poor sleep"] {
        let r = app.post("/api/v1/triggers", &counselor, json!({"tag": tag})).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{tag}: {}", r.text);
        assert_eq!(r.fields(), ["tag"], "{tag}");
    }
    // 1–40 characters of a–z, digits and word breaks.
    let forty = "a".repeat(40);
    assert_eq!(app.post("/api/v1/triggers", &counselor, json!({"tag": forty})).await.status, StatusCode::CREATED);
    for tag in ["", "   ", "-_-", &"a".repeat(41), "शादी", "exams!", "café"] {
        let r = app.post("/api/v1/triggers", &counselor, json!({"tag": tag})).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{tag:?}: {}", r.text);
        assert_eq!(r.fields(), ["tag"], "{tag:?}");
    }
    let r = app.call("POST", "/api/v1/triggers", Some(&counselor), Some(json!({"tag": "x", "colour": "red"}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "unknown fields are refused");
    // Members, mentors and family may not; nobody signed out may.
    assert_eq!(app.post("/api/v1/triggers", &me, json!({"tag": "exams"})).await.status, StatusCode::FORBIDDEN);
    let (_, mentor) = app.user(Role::PeerMentor, "mentor").await;
    assert_eq!(app.post("/api/v1/triggers", &mentor, json!({"tag": "exams"})).await.status, StatusCode::FORBIDDEN);
    let (_, family) = app.user(Role::Family, "family").await;
    assert_eq!(app.post("/api/v1/triggers", &family, json!({"tag": "exams"})).await.status, StatusCode::FORBIDDEN);
    let r = app.call("POST", "/api/v1/triggers", None, Some(json!({"tag": "exams"}))).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let list = app.get("/api/v1/triggers", &me).await.body;
    assert!(!list.as_array().expect("list").iter().any(|t| t == "exams"), "refused tags are not added");
    // Each centre has its own list: another centre may add the same tag, and does not see ours.
    let (_, _, other) = app.other_center().await;
    let r = app.post("/api/v1/triggers", &other, json!({"tag": "wedding season"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let theirs = app.get("/api/v1/triggers", &other).await.body;
    assert!(!theirs.as_array().expect("list").iter().any(|t| t == "night_shift"));
    // The addition is audited.
    let audit = app.get("/api/v1/audit?action=trigger.add", &admin).await;
    assert_eq!(audit.status, StatusCode::OK, "{}", audit.text);
    assert_eq!(audit.body.as_array().map(Vec::len), Some(3), "three tags added here: {}", audit.text);
});

/// The centre's date (Asia/Kolkata) `n` days ago, as the API writes dates.
fn days_ago(n: i64) -> String {
    let today = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Kolkata).date_naive();
    (today - chrono::Duration::days(n)).format("%Y-%m-%d").to_string()
}

async fn lapse(app: &TestApp, token: &str, member: &str, date: &str, kind: &str) -> Res {
    let r = app.post(&format!("/api/v1/members/{member}/lapses"), token, json!({"date": date, "kind": kind})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{date} {kind}: {}", r.text);
    r
}

both!(a_lapse_recorded_late_splits_an_earlier_streak_and_erases_nothing, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (ravi, me) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let r = app.patch(&format!("/api/v1/members/{ravi}"), &counselor, json!({"sobriety_start": days_ago(120)})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let sobriety = format!("/api/v1/members/{ravi}/sobriety");
    // A lapse 40 days ago: 80 days, then 39 since.
    lapse(&app, &me, &ravi, &days_ago(40), "lapse").await;
    let s = app.get(&sobriety, &me).await.body;
    assert_eq!((s["days"].as_i64(), s["longest_streak_days"].as_i64()), (Some(39), Some(80)), "{s}");
    assert_eq!((s["total_sober_days"].as_i64(), s["lapses"].as_i64()), (Some(80 + 39), Some(1)), "{s}");
    // Then one 60 days ago, recorded late (as the member's form lets one
    // record today's and then yesterday's): it splits the first streak; the
    // current one and everything before stay.
    let r = lapse(&app, &me, &ravi, &days_ago(60), "lapse").await;
    assert_eq!(r.body["sobriety"]["lapses"], 2, "{}", r.text);
    let s = app.get(&sobriety, &counselor).await.body;
    assert_eq!(s["sobriety_start"], days_ago(39), "not moved back: {s}");
    assert_eq!(s["days"], 39, "{s}");
    assert_eq!(s["longest_streak_days"], 60, "{s}");
    assert_eq!(s["total_sober_days"], 60 + 19 + 39, "{s}");
    assert_eq!(s["lapses"], 2, "{s}");
    assert_eq!(app.get(&format!("/api/v1/members/{ravi}"), &counselor).await.body["days_sober"], 39);
    // One before the first start ends no streak and moves nothing.
    lapse(&app, &me, &ravi, &days_ago(150), "relapse").await;
    let again = app.get(&sobriety, &me).await.body;
    assert_eq!(again, s, "nothing changes");
    assert_eq!(app.store.lapses(&ravi).await.expect("db").len(), 3, "but it is kept");
});

both!(a_start_staff_set_after_a_lapse_is_the_current_streaks, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (ravi, me) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let member = format!("/api/v1/members/{ravi}");
    let sobriety = format!("/api/v1/members/{ravi}/sobriety");
    app.patch(&member, &counselor, json!({"sobriety_start": days_ago(100)})).await;
    lapse(&app, &me, &ravi, &days_ago(30), "lapse").await;
    // The counsellor corrects the current streak's start (a relapse told in session).
    let r = app.patch(&member, &counselor, json!({"sobriety_start": days_ago(20)})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["days_sober"], 20);
    let s = app.get(&sobriety, &me).await.body;
    assert_eq!(s["sobriety_start"], days_ago(20), "{s}");
    assert_eq!(s["days"], 20, "as the member's record says: {s}");
    assert_eq!(s["longest_streak_days"], 70, "the streak the lapse ended is kept: {s}");
    assert_eq!(s["total_sober_days"], 70 + 20, "{s}");
    assert_eq!(s["lapses"], 1, "{s}");
    assert_eq!(app.get(&member, &counselor).await.body["days_sober"], s["days"]);
    // A lapse before the corrected start does not move it back either.
    lapse(&app, &me, &ravi, &days_ago(25), "lapse").await;
    let s = app.get(&sobriety, &me).await.body;
    assert_eq!((s["sobriety_start"].as_str(), s["days"].as_i64()), (Some(days_ago(20).as_str()), Some(20)), "{s}");
    assert_eq!((s["lapses"].as_i64(), s["longest_streak_days"].as_i64()), (Some(2), Some(70)), "{s}");
    assert_eq!(app.get(&member, &counselor).await.body["days_sober"], 20);
});

/// Lapses posted at once, each from its own task; each is recorded (201).
async fn at_once(app: &TestApp, token: &str, path: &str, bodies: [serde_json::Value; 2]) -> [Res; 2] {
    let tasks = bodies.map(|body| {
        let (router, req) = (app.router.clone(), build("POST", path, Some(token), Some(body)));
        tokio::spawn(async move { send_to(&router, req).await })
    });
    let [a, b] = tasks;
    let (a, b) = (a.await.expect("task"), b.await.expect("task"));
    assert_eq!((a.status, b.status), (StatusCode::CREATED, StatusCode::CREATED), "{} {}", a.text, b.text);
    [a, b]
}

/// How many `mentee_lapse` notifications the mentor has.
async fn told(app: &TestApp, mentor: &str) -> usize {
    let r = app.get("/api/v1/notifications", mentor).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body["items"].as_array().expect("items").iter().filter(|n| n["kind"] == "mentee_lapse").count()
}

async fn follow_ups(app: &TestApp, counselor: &str) -> Option<usize> {
    app.get("/api/v1/follow-ups", counselor).await.body.as_array().map(Vec::len)
}

both!(the_same_lapse_twice_is_one_lapse_told_once, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (mentor_id, mentor) = app.user(Role::PeerMentor, "arjun").await;
    let (ravi, me) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let r = app.post("/api/v1/mentorships", &counselor, json!({"mentor_id": mentor_id, "mentee_id": ravi})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    // A double click: the second is the first.
    let first = lapse(&app, &me, &ravi, &days_ago(3), "lapse").await;
    let second = lapse(&app, &me, &ravi, &days_ago(3), "lapse").await;
    assert_eq!(second.body["id"], first.body["id"], "{}", second.text);
    assert_eq!(second.body["sobriety"], first.body["sobriety"]);
    assert_eq!(app.store.lapses(&ravi).await.expect("db").len(), 1);
    assert_eq!(told(&app, &mentor).await, 1, "the mentor is told once");
    assert_eq!(follow_ups(&app, &counselor).await, Some(1), "one follow-up");
    // A form sent twice at once: the same (tried on two days).
    let path = format!("/api/v1/members/{ravi}/lapses");
    for (n, ago) in [2, 1].into_iter().enumerate() {
        let body = json!({"date": days_ago(ago), "kind": "relapse"});
        let [a, b] = at_once(&app, &me, &path, [body.clone(), body]).await;
        assert_eq!(a.body["id"], b.body["id"], "{} {}", a.text, b.text);
        assert_eq!(app.store.lapses(&ravi).await.expect("db").len(), n + 2);
        assert_eq!(told(&app, &mentor).await, n + 2);
        assert_eq!(follow_ups(&app, &counselor).await, Some(n + 2));
    }
    // A relapse the same day as a lapse is another record (one lapse day).
    lapse(&app, &me, &ravi, &days_ago(3), "relapse").await;
    assert_eq!(app.store.lapses(&ravi).await.expect("db").len(), 4);
    let s = app.get(&format!("/api/v1/members/{ravi}/sobriety"), &me).await.body;
    assert_eq!((s["lapses"].as_i64(), s["sobriety_start"].as_str()), (Some(3), Some(days_ago(0).as_str())), "{s}");
});

both!(lapses_recorded_at_once_leave_the_start_after_the_later_one, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    for n in 0..10 {
        let (id, me) = member_with(&app, &counselor, &format!("ravi{n}"), "male", 1990, "detox", "hi").await;
        app.patch(&format!("/api/v1/members/{id}"), &counselor, json!({"sobriety_start": days_ago(90)})).await;
        let (early, late) =
            (json!({"date": days_ago(30), "kind": "lapse"}), json!({"date": days_ago(10), "kind": "lapse"}));
        // The later one sent first and second in turn.
        let bodies = if n % 2 == 0 { [late, early] } else { [early, late] };
        at_once(&app, &me, &format!("/api/v1/members/{id}/lapses"), bodies).await;
        let m = app.get(&format!("/api/v1/members/{id}"), &counselor).await.body;
        assert_eq!(m["sobriety_start"], days_ago(9), "round {n}: {m}");
        let s = app.get(&format!("/api/v1/members/{id}/sobriety"), &me).await.body;
        assert_eq!((s["days"].as_i64(), s["lapses"].as_i64()), (Some(9), Some(2)), "round {n}: {s}");
        assert_eq!(s["total_sober_days"], 60 + 19 + 9, "round {n}: {s}");
    }
});

// A lapse today: the count starts again tomorrow, and today is 0 on the
// member's record as on /sobriety (not "no count").
both!(a_lapse_today_is_day_zero_on_the_record_too, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (ravi, me) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let today = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Kolkata).date_naive();
    let r = app
        .post(
            &format!("/api/v1/members/{ravi}/lapses"),
            &me,
            json!({"date": today.format("%Y-%m-%d").to_string(), "kind": "lapse"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(app.get(&format!("/api/v1/members/{ravi}/sobriety"), &counselor).await.body["days"], 0);
    assert_eq!(app.get(&format!("/api/v1/members/{ravi}"), &counselor).await.body["days_sober"], 0);
});
