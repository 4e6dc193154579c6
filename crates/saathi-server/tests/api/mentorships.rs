use crate::helpers::*;
use axum::http::StatusCode;
use saathi_domain::Role;
use serde_json::json;

/// Today in the test centre's calendar (Asia/Kolkata, no daylight saving), `back` days ago.
fn kolkata_day(back: i64) -> String {
    let now = chrono::Utc::now() + chrono::Duration::minutes(330) - chrono::Duration::days(back);
    now.date_naive().format("%Y-%m-%d").to_string()
}

fn checkin(share_with_mentor: bool, share_with_group: bool) -> serde_json::Value {
    json!({"mood": 2, "craving": 7, "sober": true, "triggers": [], "note": "hard day",
           "share_with_mentor": share_with_mentor, "share_with_group": share_with_group})
}

both!(counsellors_pair_mentors_within_capacity, |app: TestApp| async move {
    let (admin_id, admin) = app.user(Role::Admin, "admin").await;
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (mentor, mentor_t) = app.user(Role::PeerMentor, "arjun").await;
    let (other_mentor, _) = app.user(Role::PeerMentor, "kabir").await;
    let (ravi, ravi_t) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let (sita, _) = member_with(&app, &counselor, "sita", "female", 1990, "detox", "hi").await;
    let r = app.post("/api/v1/mentorships", &counselor, json!({"mentor_id": mentor, "mentee_id": ravi})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["mentee_name"], "ravi");
    let pairing = r.body["id"].as_str().expect("id").to_string();
    // One mentor per member at a time.
    let r = app.post("/api/v1/mentorships", &counselor, json!({"mentor_id": other_mentor, "mentee_id": ravi})).await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "already_mentored"));
    // The centre's capacity (set to 1 here) is a limit.
    let r = app.patch(&format!("/api/v1/centers/{}", app.center_id), &admin, json!({"mentor_capacity": 1})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = app.post("/api/v1/mentorships", &counselor, json!({"mentor_id": mentor, "mentee_id": sita})).await;
    assert_eq!((r.status, r.code()), (StatusCode::UNPROCESSABLE_ENTITY, "mentor_full"));
    // Only peer mentors mentor.
    let r = app.post("/api/v1/mentorships", &counselor, json!({"mentor_id": admin_id, "mentee_id": sita})).await;
    assert_eq!(r.fields(), ["mentor_id"]);
    // Who may pair: not members, not mentors.
    let body = json!({"mentor_id": other_mentor, "mentee_id": sita});
    assert_eq!(app.post("/api/v1/mentorships", &ravi_t, body.clone()).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post("/api/v1/mentorships", &mentor_t, body.clone()).await.status, StatusCode::FORBIDDEN);
    // Lists: staff see the centre's, a mentor their own, members nothing.
    assert_eq!(app.get("/api/v1/mentorships", &counselor).await.body.as_array().map(Vec::len), Some(1));
    assert_eq!(app.get("/api/v1/mentorships", &mentor_t).await.body[0]["mentee_id"], ravi.as_str());
    assert_eq!(app.get("/api/v1/mentorships", &ravi_t).await.status, StatusCode::FORBIDDEN);
    // Ending frees the mentor; ending twice is a conflict; the history is audited.
    let path = format!("/api/v1/mentorships/{pairing}");
    assert_eq!(app.call("DELETE", &path, Some(&ravi_t), None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call("DELETE", &path, Some(&counselor), None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.call("DELETE", &path, Some(&counselor), None).await.status, StatusCode::CONFLICT);
    let r = app.post("/api/v1/mentorships", &counselor, json!({"mentor_id": mentor, "mentee_id": sita})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let audit = app.get("/api/v1/audit?action=mentorship.start", &admin).await;
    assert_eq!(audit.body.as_array().map(Vec::len), Some(2), "{}", audit.text);
    // Malformed and unknown fields.
    let r = app.call("POST", "/api/v1/mentorships", Some(&counselor), Some(json!({"mentor_id": 5}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
});

// An alumnus who became a peer mentor keeps their member record; they can
// mentor others, never themself.
both!(nobody_mentors_themself, |app: TestApp| async move {
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (alum, _) = member_with(&app, &counselor, "alum", "male", 1985, "rehabilitation", "en").await;
    let r = app.patch(&format!("/api/v1/users/{alum}"), &admin, json!({"role": "peer_mentor"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = app.post("/api/v1/mentorships", &counselor, json!({"mentor_id": alum, "mentee_id": alum})).await;
    assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["mentee_id".to_string()]), "{}", r.text);
    assert_eq!(r.body["error"]["fields"][0]["code"], "own_mentor", "{}", r.text);
    assert_eq!(app.get("/api/v1/mentorships", &counselor).await.body.as_array().map(Vec::len), Some(0));
    let (ravi, _) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let r = app.post("/api/v1/mentorships", &counselor, json!({"mentor_id": alum, "mentee_id": ravi})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
});

both!(another_centres_people_cannot_be_paired, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (mentor, _) = app.user(Role::PeerMentor, "arjun").await;
    let (ravi, _) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let (_, _, other_counselor) = app.other_center().await;
    let r = app.post("/api/v1/mentorships", &other_counselor, json!({"mentor_id": mentor, "mentee_id": ravi})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app.post("/api/v1/mentorships", &counselor, json!({"mentor_id": mentor, "mentee_id": ravi})).await;
    let path = format!("/api/v1/mentorships/{}", r.body["id"].as_str().expect("id"));
    assert_eq!(app.call("DELETE", &path, Some(&other_counselor), None).await.status, StatusCode::NOT_FOUND);
});

both!(a_mentor_sees_only_check_ins_shared_with_them, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (mentor, mentor_t) = app.user(Role::PeerMentor, "arjun").await;
    let (_, stranger_t) = app.user(Role::PeerMentor, "kabir").await;
    let (ravi, ravi_t) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let path = format!("/api/v1/members/{ravi}/checkins");
    let sobriety = format!("/api/v1/members/{ravi}/sobriety");
    // Before the pairing a mentor sees nothing of this member.
    assert_eq!(app.get(&path, &mentor_t).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&sobriety, &mentor_t).await.status, StatusCode::FORBIDDEN);
    let r = app.post("/api/v1/mentorships", &counselor, json!({"mentor_id": mentor, "mentee_id": ravi})).await;
    let pairing = r.body["id"].as_str().expect("id").to_string();
    // Shared with the group only: not the mentor's.
    app.post("/api/v1/checkins", &ravi_t, checkin(false, true)).await;
    assert_eq!(app.get(&path, &mentor_t).await.body.as_array().map(Vec::len), Some(0));
    // Shared with the mentor (the same day's check-in updated).
    app.post("/api/v1/checkins", &ravi_t, checkin(true, false)).await;
    let seen = app.get(&path, &mentor_t).await;
    assert_eq!(seen.body.as_array().map(Vec::len), Some(1), "{}", seen.text);
    assert_eq!(seen.body[0]["craving"], 7);
    assert_eq!(app.get(&sobriety, &mentor_t).await.status, StatusCode::OK);
    // Another mentor: nothing.
    assert_eq!(app.get(&path, &stranger_t).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&sobriety, &stranger_t).await.status, StatusCode::FORBIDDEN);
    // When the pairing ends, so does the access.
    app.call("DELETE", &format!("/api/v1/mentorships/{pairing}"), Some(&counselor), None).await;
    assert_eq!(app.get(&path, &mentor_t).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&sobriety, &mentor_t).await.status, StatusCode::FORBIDDEN);
});

both!(only_the_member_decides_whether_groups_see_milestones, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (ravi, ravi_t) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let (_, sita_t) = member_with(&app, &counselor, "sita", "female", 1990, "detox", "hi").await;
    let path = format!("/api/v1/members/{ravi}/sharing");
    assert_eq!(app.get(&format!("/api/v1/members/{ravi}"), &ravi_t).await.body["milestones_to_group"], false);
    let r = app.call("PUT", &path, Some(&ravi_t), Some(json!({"milestones_to_group": true}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(app.get(&format!("/api/v1/members/{ravi}"), &ravi_t).await.body["milestones_to_group"], true);
    for other in [&counselor, &sita_t] {
        let r = app.call("PUT", &path, Some(other), Some(json!({"milestones_to_group": false}))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
    let (_, _, other_counselor) = app.other_center().await;
    let r = app.call("PUT", &path, Some(&other_counselor), Some(json!({"milestones_to_group": false}))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app.call("PUT", &path, Some(&ravi_t), Some(json!({"milestones_to_group": "yes"}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
});

both!(a_group_celebrates_milestones_since_its_last_session, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let g = group(&app, &counselor, group_body("Support", 10)).await;
    let (asha, asha_t) = member_with(&app, &counselor, "asha", "female", 1990, "detox", "hi").await;
    let (bina, bina_t) = member_with(&app, &counselor, "bina", "female", 1990, "detox", "hi").await;
    let (chand, chand_t) = member_with(&app, &counselor, "chand", "male", 1990, "detox", "hi").await;
    let (_, outsider_t) = member_with(&app, &counselor, "dev", "male", 1990, "detox", "hi").await;
    // Asha: day 7 today. Bina: day 30 today but she keeps it private.
    // Chand: day 7 fell three days ago, the day of the previous session.
    for (id, back) in [(&asha, 7), (&bina, 30), (&chand, 10)] {
        let r =
            app.patch(&format!("/api/v1/members/{id}"), &counselor, json!({"sobriety_start": kolkata_day(back)})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        enroll(&app, &counselor, &g, id).await;
    }
    for (id, t) in [(&asha, &asha_t), (&chand, &chand_t)] {
        let r = app
            .call("PUT", &format!("/api/v1/members/{id}/sharing"), Some(t), Some(json!({"milestones_to_group": true})))
            .await;
        assert_eq!(r.status, StatusCode::OK);
    }
    let three_days_ago = (chrono::Utc::now() - chrono::Duration::days(3)).to_rfc3339();
    let r = app
        .post(
            &format!("/api/v1/groups/{g}/sessions"),
            &counselor,
            json!({"starts_at": three_days_ago, "topic": "stress"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let previous = r.body["id"].as_str().expect("id").to_string();
    let path = format!("/api/v1/groups/{g}/celebrations");
    let r = app.get(&path, &counselor).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["previous_session_id"], previous.as_str());
    let list = r.body["celebrations"].as_array().expect("list").clone();
    assert_eq!(list.len(), 1, "only Asha: {}", r.text);
    assert_eq!(list[0]["member_id"], asha.as_str());
    assert_eq!(list[0]["days"], 7);
    assert_eq!(list[0]["date"], kolkata_day(0).as_str());
    // Group members see it too; a member of no group of theirs, and another centre, do not.
    assert_eq!(app.get(&path, &bina_t).await.body["celebrations"].as_array().map(Vec::len), Some(1));
    assert_eq!(app.get(&path, &outsider_t).await.status, StatusCode::FORBIDDEN);
    let (_, _, other_counselor) = app.other_center().await;
    assert_eq!(app.get(&path, &other_counselor).await.status, StatusCode::NOT_FOUND);
    // A member who leaves the group is no longer celebrated there.
    let r = app.call("DELETE", &format!("/api/v1/groups/{g}/enrollments/{asha}"), Some(&asha_t), None).await;
    assert!(r.status.is_success(), "{}", r.text);
    assert_eq!(app.get(&path, &counselor).await.body["celebrations"].as_array().map(Vec::len), Some(0));
});
