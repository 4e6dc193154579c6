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
