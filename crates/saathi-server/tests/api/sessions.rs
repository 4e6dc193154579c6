use crate::helpers::*;
use axum::http::StatusCode;
use saathi_domain::Role;
use serde_json::json;

/// A group of three accepted, active members and a session now: (group, session, member ids, member tokens).
async fn running_group(app: &TestApp, counselor: &str) -> (String, String, Vec<String>, Vec<String>) {
    let g = group(app, counselor, group_body("Evening support", 10)).await;
    let (mut ids, mut tokens) = (vec![], vec![]);
    for name in ["ravi", "sita", "arjun"] {
        let (id, t) = member_with(app, counselor, name, "male", 1990, "rehabilitation", "hi").await;
        assert_eq!(enroll(app, counselor, &g, &id).await.status, StatusCode::CREATED);
        let r = app.call("POST", &format!("/api/v1/groups/{g}/agreement"), Some(&t), None).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        ids.push(id);
        tokens.push(t);
    }
    let s = session_now(app, counselor, &g).await;
    (g, s, ids, tokens)
}

/// A CBT group meeting on Mondays and Thursdays at 18:00 from 1 January 2026.
async fn weekly_cbt(app: &TestApp, counselor: &str) -> String {
    let schedule =
        json!({"rrule":"FREQ=WEEKLY;BYDAY=MO,TH","start_time":"18:00","duration_minutes":90,"starts_on":"2026-01-01"});
    group(app, counselor, json!({"name":"CBT","kind":"cbt","modality":"in_person","schedule":schedule})).await
}

both!(a_quarter_of_weekly_sessions_each_with_an_id, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let g = weekly_cbt(&app, &counselor).await;
    let path = format!("/api/v1/groups/{g}/sessions?from=2026-01-01&to=2026-03-31");
    let r = app.get(&path, &counselor).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let list = r.body.as_array().expect("list").clone();
    assert_eq!(list.len(), 26, "13 weeks, Mondays and Thursdays");
    assert!(list.iter().all(|s| s["id"].is_string() && s["status"] == "scheduled"));
    assert_eq!(list[0]["starts_at"], "2026-01-01T12:30:00Z", "18:00 in Kolkata");
    assert_eq!(list[0]["ends_at"], "2026-01-01T14:00:00Z");
    // The same ids the second time: materialised once.
    let again = app.get(&path, &counselor).await;
    assert_eq!(again.body, r.body);
    // Cancel one occurrence, move another, add one ad hoc.
    let first = list[0]["id"].as_str().expect("id").to_string();
    let second = list[1]["id"].as_str().expect("id").to_string();
    let r = app.patch(&format!("/api/v1/sessions/{first}"), &counselor, json!({"status":"cancelled"})).await;
    assert_eq!(r.body["status"], "cancelled");
    let r = app
        .patch(
            &format!("/api/v1/sessions/{second}"),
            &counselor,
            json!({"starts_at":"2026-01-06T11:00:00Z","topic":"stress"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["ends_at"], "2026-01-06T12:30:00Z");
    let r = app
        .post(
            &format!("/api/v1/groups/{g}/sessions"),
            &counselor,
            json!({"starts_at":"2026-01-10T05:00:00Z","topic":"family","duration_minutes":60}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.body["origin"], "ad_hoc");
    let week = app.get(&format!("/api/v1/groups/{g}/sessions?from=2026-01-01&to=2026-01-11"), &counselor).await;
    let week: Vec<(String, String)> = week
        .body
        .as_array()
        .expect("list")
        .iter()
        .map(|s| (s["starts_at"].as_str().unwrap_or("").to_string(), s["status"].as_str().unwrap_or("").to_string()))
        .collect();
    assert_eq!(
        week,
        [
            ("2026-01-01T12:30:00Z".into(), "cancelled".into()),
            // Monday 5 January moved to Tuesday 6 January, and not made again from the rule.
            ("2026-01-06T11:00:00Z".into(), "scheduled".into()),
            ("2026-01-08T12:30:00Z".into(), "scheduled".into()),
            ("2026-01-10T05:00:00Z".into(), "scheduled".into()),
        ]
    );
    // Bad ranges and topics.
    assert_eq!(
        app.get(&format!("/api/v1/groups/{g}/sessions?from=2026-03-01&to=2026-01-01"), &counselor).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.get(&format!("/api/v1/groups/{g}/sessions?from=2026-01-01&to=2028-01-01"), &counselor).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.get(&format!("/api/v1/groups/{g}/sessions?from=1-1-2026&to=2026-01-01"), &counselor).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let r = app
        .post(
            &format!("/api/v1/groups/{g}/sessions"),
            &counselor,
            json!({"starts_at":"2026-01-10T05:00:00Z","topic":"astrology"}),
        )
        .await;
    assert_eq!(r.fields(), ["topic"]);
    // Who may see and run them.
    let (_, member) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    assert_eq!(app.get(&path, &member).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.patch(&format!("/api/v1/sessions/{first}"), &member, json!({"status":"scheduled"})).await.status,
        StatusCode::FORBIDDEN
    );
    let (_, _, other) = app.other_center().await;
    assert_eq!(app.get(&path, &other).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/api/v1/sessions/{first}"), &other).await.status, StatusCode::NOT_FOUND);
});

both!(attendance_by_the_facilitator_needs_enrolment_and_the_agreement, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (g, s, ids, tokens) = running_group(&app, &counselor).await;
    let (newcomer, newcomer_token) = member_with(&app, &counselor, "newcomer", "male", 1990, "detox", "hi").await;
    assert_eq!(enroll(&app, &counselor, &g, &newcomer).await.status, StatusCode::CREATED);
    let (outsider, _) = member_with(&app, &counselor, "outsider", "male", 1990, "detox", "hi").await;
    let att_path = format!("/api/v1/sessions/{s}/attendance");
    let put =
        |records: serde_json::Value| app.call("PUT", &att_path, Some(&counselor), Some(json!({ "records": records })));
    // The newcomer has not accepted the agreement: present is refused, absent is fine.
    let r =
        put(json!([{"member_id": ids[0], "status": "present"}, {"member_id": newcomer, "status": "present"}])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.code(), "agreement_required");
    assert_eq!(r.body["error"]["member_ids"], json!([newcomer]));
    assert_eq!(
        app.get(&format!("/api/v1/sessions/{s}/attendance"), &counselor).await.body,
        json!([]),
        "nothing half-written"
    );
    let r = put(json!([{"member_id": outsider, "status": "absent"}])).await;
    assert_eq!(r.fields(), ["records.member_id"]);
    let r = put(json!([{"member_id": ids[0], "status": "asleep"}])).await;
    assert_eq!(r.fields(), ["records.status"]);
    let r = app.call("POST", &format!("/api/v1/groups/{g}/agreement"), Some(&newcomer_token), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = put(json!([
        {"member_id": ids[0], "status": "present"}, {"member_id": ids[1], "status": "late"},
        {"member_id": ids[2], "status": "excused"}, {"member_id": newcomer, "status": "absent"}
    ]))
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body.as_array().map(Vec::len), Some(4));
    // Correcting one record keeps the rest.
    put(json!([{"member_id": newcomer, "status": "present"}])).await;
    let a = app.get(&format!("/api/v1/sessions/{s}/attendance"), &counselor).await;
    let statuses: Vec<&str> = a.body.as_array().expect("list").iter().filter_map(|x| x["status"].as_str()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == "present").count(), 2);
    // Histories.
    let h = app.get(&format!("/api/v1/members/{}/attendance", ids[1]), &tokens[1]).await;
    assert_eq!(h.status, StatusCode::OK);
    assert_eq!(h.body[0]["status"], "late");
    assert_eq!(h.body[0]["group_name"], "Evening support");
    assert_eq!(
        app.get(&format!("/api/v1/members/{}/attendance", ids[1]), &tokens[0]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&format!("/api/v1/groups/{g}/attendance"), &counselor).await.body.as_array().map(Vec::len),
        Some(4)
    );
    assert_eq!(app.get(&format!("/api/v1/groups/{g}/attendance"), &tokens[0]).await.status, StatusCode::FORBIDDEN);
    // Who may not record it.
    let r = app
        .call(
            "PUT",
            &format!("/api/v1/sessions/{s}/attendance"),
            Some(&tokens[0]),
            Some(json!({"records":[{"member_id": ids[0], "status":"present"}]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let (_, mentor) = app.user(Role::PeerMentor, "mentor").await;
    let r = app
        .call(
            "PUT",
            &format!("/api/v1/sessions/{s}/attendance"),
            Some(&mentor),
            Some(json!({"records":[{"member_id": ids[0], "status":"present"}]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let (_, _, other) = app.other_center().await;
    let r = app
        .call(
            "PUT",
            &format!("/api/v1/sessions/{s}/attendance"),
            Some(&other),
            Some(json!({"records":[{"member_id": ids[0], "status":"present"}]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // A cancelled session takes no attendance.
    app.patch(&format!("/api/v1/sessions/{s}"), &counselor, json!({"status":"cancelled"})).await;
    assert_eq!(put(json!([{"member_id": ids[0], "status": "present"}])).await.status, StatusCode::CONFLICT);
});

both!(staff_reads_of_a_members_attendance_are_audited_own_reads_not, |app: TestApp| async move {
    let (counselor_id, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (_, s, ids, tokens) = running_group(&app, &counselor).await;
    let r = app
        .call(
            "PUT",
            &format!("/api/v1/sessions/{s}/attendance"),
            Some(&counselor),
            Some(json!({"records": [{"member_id": ids[0], "status": "present"}]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let path = format!("/api/v1/members/{}/attendance", ids[0]);
    let r = app.get(&path, &tokens[0]).await;
    assert_eq!(r.body[0]["status"], "present", "{}", r.text);
    assert!(member_reads(&app, &admin, "member.attendance.read", &ids[0]).await.is_empty(), "the member's own read");
    let r = app.get(&path, &counselor).await;
    assert_eq!(r.body.as_array().map(Vec::len), Some(1), "{}", r.text);
    let a = member_reads(&app, &admin, "member.attendance.read", &ids[0]).await;
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0]["actor_id"], counselor_id.as_str());
});

both!(attendance_saved_together_all_lands_and_each_answer_is_the_whole_sheet, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (g, first, ids, _) = running_group(&app, &counselor).await;
    let second = session_now(&app, &counselor, &g).await;
    let put = |s: String, records: serde_json::Value| {
        let app = &app;
        let counselor = counselor.clone();
        async move {
            app.call(
                "PUT",
                &format!("/api/v1/sessions/{s}/attendance"),
                Some(&counselor),
                Some(json!({ "records": records })),
            )
            .await
        }
    };
    // A first sheet, then many at once: two sessions, some members in several
    // writes, one member twice in one write (the later record counts).
    let r = put(
        first.clone(),
        json!([{"member_id": ids[0], "status": "present"}, {"member_id": ids[1], "status": "present"}]),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let together = vec![
        put(first.clone(), json!([{"member_id": ids[2], "status": "absent"}])),
        put(
            second.clone(),
            json!([{"member_id": ids[0], "status": "late"}, {"member_id": ids[0], "status": "excused"}]),
        ),
        put(second.clone(), json!([{"member_id": ids[1], "status": "present"}])),
        put(first.clone(), json!([{"member_id": ids[1], "status": "late"}])),
    ];
    let answers = futures_util::future::join_all(together).await;
    assert!(
        answers.iter().all(|a| a.status == StatusCode::OK),
        "{:?}",
        answers.iter().map(|a| &a.text).collect::<Vec<_>>()
    );
    let status_of = |body: &serde_json::Value, member: &str| {
        body.as_array()
            .and_then(|l| l.iter().find(|x| x["member_id"] == member))
            .and_then(|x| x["status"].as_str())
            .map(str::to_string)
    };
    // Each answer holds the whole sheet, with its own rows as saved.
    assert_eq!(status_of(&answers[0].body, &ids[2]).as_deref(), Some("absent"));
    assert_eq!(status_of(&answers[0].body, &ids[0]).as_deref(), Some("present"), "rows saved before are kept");
    assert_eq!(
        status_of(&answers[1].body, &ids[0]).as_deref(),
        Some("excused"),
        "the later record of one write counts"
    );
    assert_eq!(status_of(&answers[3].body, &ids[1]).as_deref(), Some("late"));
    let a = app.get(&format!("/api/v1/sessions/{first}/attendance"), &counselor).await.body;
    assert_eq!(a.as_array().map(Vec::len), Some(3));
    assert_eq!(status_of(&a, &ids[0]).as_deref(), Some("present"));
    assert_eq!(status_of(&a, &ids[1]).as_deref(), Some("late"));
    assert_eq!(status_of(&a, &ids[2]).as_deref(), Some("absent"));
    let b = app.get(&format!("/api/v1/sessions/{second}/attendance"), &counselor).await.body;
    assert_eq!(b.as_array().map(Vec::len), Some(2));
    assert_eq!(status_of(&b, &ids[0]).as_deref(), Some("excused"));
    assert_eq!(status_of(&b, &ids[1]).as_deref(), Some("present"));
    // An unknown session is 404.
    let r = put("nope".into(), json!([{"member_id": ids[0], "status": "present"}])).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
});

both!(sheets_of_several_sessions_are_read_in_one_query, |app: TestApp| async move {
    // What the batch reader of attendance sheets answers: each session's own
    // facts, in the order asked, `None` for an unknown id, a repeated id twice.
    let (counselor_id, counselor) = app.user(Role::Counselor, "meera").await;
    let (g, first, ids, _) = running_group(&app, &counselor).await;
    let second = session_now(&app, &counselor, &g).await;
    let (newcomer, _) = member_with(&app, &counselor, "newcomer", "male", 1990, "detox", "hi").await;
    assert_eq!(enroll(&app, &counselor, &g, &newcomer).await.status, StatusCode::CREATED);
    let other_group = group(&app, &counselor, group_body("Morning support", 10)).await;
    let other = session_now(&app, &counselor, &other_group).await;
    app.patch(&format!("/api/v1/sessions/{other}"), &counselor, json!({"status":"cancelled"})).await;
    let r = app
        .call(
            "PUT",
            &format!("/api/v1/sessions/{first}/attendance"),
            Some(&counselor),
            Some(
                json!({"records":[{"member_id": ids[0], "status":"present"}, {"member_id": ids[1], "status":"late"}]}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let sheets = app
        .store
        .attendance_sheets(&[second.as_str(), "nope", first.as_str(), other.as_str(), first.as_str()])
        .await
        .expect("read");
    assert_eq!(sheets.len(), 5);
    assert!(sheets[1].is_none());
    let (second_sheet, first_sheet, other_sheet) =
        (sheets[0].as_ref().expect("second"), sheets[2].as_ref().expect("first"), sheets[3].as_ref().expect("other"));
    assert_eq!(first_sheet.session.id, first);
    assert_eq!(second_sheet.session.id, second);
    assert_eq!(other_sheet.session.status, "cancelled");
    assert_eq!(sheets[4].as_ref().map(|s| s.session.id.clone()), Some(first.clone()));
    assert_eq!(first_sheet.facilitator_ids, vec![counselor_id.clone()]);
    let mut roster = first_sheet.roster.clone();
    roster.sort();
    let mut expected: Vec<(String, bool)> = ids.iter().map(|m| (m.clone(), true)).collect();
    expected.push((newcomer.clone(), false));
    expected.sort();
    assert_eq!(roster, expected, "the active roster with who accepted the agreement");
    assert!(other_sheet.roster.is_empty());
    let recorded = |s: &saathi_store::AttendanceSheet| {
        s.recorded.iter().map(|r| (r.member_id.clone(), r.status.as_str())).collect::<Vec<_>>()
    };
    let mut saved = vec![(ids[0].clone(), "present"), (ids[1].clone(), "late")];
    saved.sort();
    assert_eq!(recorded(first_sheet), saved);
    assert!(recorded(second_sheet).is_empty(), "each session has only its own records");
    // One session alone reads the same.
    let alone = app.store.attendance_sheet(&first).await.expect("read").expect("sheet");
    assert_eq!(recorded(&alone), saved);
    assert_eq!(alone.roster.len(), 4);
    assert!(app.store.attendance_sheet("nope").await.expect("read").is_none());
});

both!(saves_at_the_same_moment_are_each_checked_on_their_own, |app: TestApp| async move {
    // Saves that share the batched read and write: refused ones write
    // nothing and do not stop the others.
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (g, first, ids, tokens) = running_group(&app, &counselor).await;
    let second = session_now(&app, &counselor, &g).await;
    let (outsider, _) = member_with(&app, &counselor, "outsider", "male", 1990, "detox", "hi").await;
    let put = |token: String, s: String, records: serde_json::Value| {
        let app = &app;
        async move {
            app.call(
                "PUT",
                &format!("/api/v1/sessions/{s}/attendance"),
                Some(&token),
                Some(json!({ "records": records })),
            )
            .await
        }
    };
    let together = vec![
        put(counselor.clone(), first.clone(), json!([{"member_id": ids[0], "status": "present"}])),
        put(tokens[0].clone(), first.clone(), json!([{"member_id": ids[1], "status": "present"}])),
        put(counselor.clone(), second.clone(), json!([{"member_id": outsider, "status": "absent"}])),
        put(counselor.clone(), "nope".into(), json!([{"member_id": ids[0], "status": "present"}])),
        put(counselor.clone(), second.clone(), json!([{"member_id": ids[2], "status": "late"}])),
    ];
    let answers = futures_util::future::join_all(together).await;
    let statuses: Vec<StatusCode> = answers.iter().map(|a| a.status).collect();
    assert_eq!(
        statuses,
        vec![
            StatusCode::OK,
            StatusCode::FORBIDDEN,
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::NOT_FOUND,
            StatusCode::OK
        ]
    );
    let a = app.get(&format!("/api/v1/sessions/{first}/attendance"), &counselor).await.body;
    assert_eq!(a, json!([answers[0].body[0].clone()]), "only the facilitator's save landed");
    let b = app.get(&format!("/api/v1/sessions/{second}/attendance"), &counselor).await.body;
    assert_eq!(b.as_array().map(Vec::len), Some(1));
    assert_eq!(b[0]["member_id"], ids[2]);
    assert_eq!(b[0]["status"], "late");
});

both!(saving_the_whole_sheet_again_writes_only_what_changed, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, s, ids, tokens) = running_group(&app, &counselor).await;
    let code = app.get(&format!("/api/v1/sessions/{s}"), &counselor).await.body["checkin_code"]
        .as_str()
        .expect("code")
        .to_string();
    let r = app.post(&format!("/api/v1/sessions/{s}/checkin"), &tokens[0], json!({"code": code})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let path = format!("/api/v1/sessions/{s}/attendance");
    let put = |a: &str, b: &str| {
        let records = json!([{"member_id": ids[0], "status": a}, {"member_id": ids[1], "status": b}]);
        app.call("PUT", &path, Some(&counselor), Some(json!({ "records": records })))
    };
    let by_member = |body: &serde_json::Value, id: &str| {
        body.as_array().expect("sheet").iter().find(|r| r["member_id"] == id).cloned().expect("record")
    };
    // The tablet sends the whole sheet: the member who checked in stays as they did.
    let first = put("present", "late").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!(by_member(&first.body, &ids[0])["via"], "self");
    assert_eq!(by_member(&first.body, &ids[1])["status"], "late");
    assert_eq!(by_member(&first.body, &ids[1])["via"], "facilitator");
    assert_eq!(app.get(&path, &counselor).await.body, first.body, "the answer is the sheet as stored");
    let stored = || async { app.store.attendance_sheet(&s).await.expect("read").expect("sheet").recorded };
    let before = stored().await;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    // The same sheet again changes nothing, not even when it was recorded (to the millisecond).
    let again = put("present", "late").await;
    assert_eq!(again.body, first.body);
    assert_eq!(stored().await, before);
    // One change is the only row written.
    let changed = put("absent", "late").await;
    assert_eq!(by_member(&changed.body, &ids[0])["status"], "absent");
    assert_eq!(by_member(&changed.body, &ids[0])["via"], "facilitator");
    assert_eq!(by_member(&changed.body, &ids[1]), by_member(&first.body, &ids[1]));
    assert_eq!(app.get(&path, &counselor).await.body, changed.body);
});

both!(members_check_themselves_in_with_the_code, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (g, s, ids, tokens) = running_group(&app, &counselor).await;
    let code = app.get(&format!("/api/v1/sessions/{s}"), &counselor).await.body["checkin_code"]
        .as_str()
        .expect("code")
        .to_string();
    let seen = app.get(&format!("/api/v1/sessions/{s}"), &tokens[0]).await;
    assert!(seen.body["checkin_code"].is_null(), "members do not see the code");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let r = app.post(&format!("/api/v1/sessions/{s}/checkin"), &tokens[0], json!({"code": wrong})).await;
    assert_eq!(r.fields(), ["code"]);
    let r = app.post(&format!("/api/v1/sessions/{s}/checkin"), &tokens[0], json!({"code": code})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["status"], "present");
    let a = app.get(&format!("/api/v1/sessions/{s}/attendance"), &counselor).await;
    assert_eq!(a.body[0]["via"], "self");
    assert_eq!(a.body[0]["member_id"], ids[0]);
    let (_, outsider) = member_with(&app, &counselor, "outsider", "male", 1990, "detox", "hi").await;
    assert_eq!(
        app.post(&format!("/api/v1/sessions/{s}/checkin"), &outsider, json!({"code": code})).await.status,
        StatusCode::FORBIDDEN
    );
    // Not before the agreement.
    let (late, late_token) = member_with(&app, &counselor, "late", "male", 1990, "detox", "hi").await;
    enroll(&app, &counselor, &g, &late).await;
    let r = app.post(&format!("/api/v1/sessions/{s}/checkin"), &late_token, json!({"code": code})).await;
    assert_eq!(r.code(), "agreement_required");
    // Not long before the start.
    let future = app
        .post(
            &format!("/api/v1/groups/{g}/sessions"),
            &counselor,
            json!({"starts_at": (chrono::Utc::now() + chrono::Duration::hours(3)).to_rfc3339()}),
        )
        .await;
    let fid = future.body["id"].as_str().expect("id");
    let fcode = future.body["checkin_code"].as_str().expect("code");
    let r = app.post(&format!("/api/v1/sessions/{fid}/checkin"), &tokens[1], json!({"code": fcode})).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.code(), "not_open");
});

both!(the_sharing_circle_counts_talk_time_and_balance, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, s, ids, tokens) = running_group(&app, &counselor).await;
    let recs = json!({"records": [
        {"member_id": ids[0], "status": "present"}, {"member_id": ids[1], "status": "late"}, {"member_id": ids[2], "status": "absent"}
    ]});
    app.call("PUT", &format!("/api/v1/sessions/{s}/attendance"), Some(&counselor), Some(recs)).await;
    let c = app.get(&format!("/api/v1/sessions/{s}/circle"), &counselor).await;
    assert_eq!(c.status, StatusCode::OK);
    let mut attendees = vec![ids[0].clone(), ids[1].clone()];
    attendees.sort();
    assert_eq!(c.body["not_yet_shared"], json!(attendees), "present and late, not absent");
    assert_eq!(c.body["balance_gini"], 0.0);
    let turn_path = format!("/api/v1/sessions/{s}/circle/turns");
    let turn = |member: &str, seconds: i64, passed: bool| {
        app.post(&turn_path, &counselor, json!({"member_id": member, "seconds": seconds, "passed": passed}))
    };
    let r = turn(&ids[0], 300, false).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["not_yet_shared"], json!([ids[1]]));
    assert_eq!(r.body["balance_gini"], 0.5, "one of two has spoken");
    let r = turn(&ids[1], 100, false).await;
    assert_eq!(r.body["not_yet_shared"], json!([]));
    assert_eq!(r.body["talk_seconds"][&ids[0]], 300);
    assert_eq!(r.body["talk_seconds"][&ids[1]], 100);
    assert_eq!(r.body["balance_gini"], 0.25);
    let r = turn(&ids[1], 999, true).await;
    assert_eq!(r.body["talk_seconds"][&ids[1]], 100, "a pass adds no time");
    assert_eq!(r.body["turns"].as_array().map(Vec::len), Some(3));
    assert_eq!(r.body["turns"][2]["passed"], true);
    // Refusals: an absent member, a runaway timer, a member reading the circle.
    assert_eq!(turn(&ids[2], 60, false).await.fields(), ["member_id"]);
    assert_eq!(turn(&ids[0], -5, false).await.fields(), ["seconds"]);
    assert_eq!(turn(&ids[0], 4000, false).await.fields(), ["seconds"]);
    assert_eq!(app.get(&format!("/api/v1/sessions/{s}/circle"), &tokens[0]).await.status, StatusCode::FORBIDDEN);
    let (_, _, other) = app.other_center().await;
    assert_eq!(app.get(&format!("/api/v1/sessions/{s}/circle"), &other).await.status, StatusCode::NOT_FOUND);
});

both!(calendar_feeds_for_members_and_facilitators_behind_a_secret, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let today = chrono::Utc::now().date_naive();
    let g = group(
        &app,
        &counselor,
        json!({"name":"Men's CBT","kind":"cbt","modality":"in_person",
               "schedule":{"rrule":"FREQ=WEEKLY;BYDAY=MO","start_time":"18:00","duration_minutes":90,"starts_on": (today - chrono::Duration::days(10)).format("%Y-%m-%d").to_string()}}),
    )
    .await;
    let (ravi, ravi_token) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    enroll(&app, &counselor, &g, &ravi).await;
    let (_, outsider) = member_with(&app, &counselor, "outsider", "male", 1990, "detox", "hi").await;
    let staff_path = new_feed(&app, &counselor).await;
    let r = app.call("GET", &staff_path, None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers.get("content-type").and_then(|v| v.to_str().ok()), Some("text/calendar; charset=utf-8"));
    let events = r.text.matches("BEGIN:VEVENT").count();
    assert!((14..=15).contains(&events), "the schedule began 10 days ago: 100 days of Mondays, not 120: {events}");
    assert!(r.text.contains("SUMMARY:Saathi: Men's CBT"));
    let member_path = new_feed(&app, &ravi_token).await;
    let r = app.call("GET", &member_path, None, None).await;
    assert_eq!(r.text.matches("BEGIN:VEVENT").count(), events);
    assert!(r.text.contains("SUMMARY:Saathi\r\n") && !r.text.contains("CBT"), "a discreet title on a member's phone");
    let r = app.call("GET", &new_feed(&app, &outsider).await, None, None).await;
    assert_eq!(r.text.matches("BEGIN:VEVENT").count(), 0);
    // A new secret replaces the old one; a wrong one is 404.
    let newer = new_feed(&app, &ravi_token).await;
    assert_ne!(newer, member_path);
    assert_eq!(app.call("GET", &member_path, None, None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.call("GET", "/calendar/not-a-secret.ics", None, None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.call("POST", "/api/v1/me/calendar", None, None).await.status, StatusCode::UNAUTHORIZED);
});

async fn new_feed(app: &TestApp, token: &str) -> String {
    let r = app.call("POST", "/api/v1/me/calendar", Some(token), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body["path"].as_str().expect("path").to_string()
}

both!(a_listing_shows_this_instances_changes_at_once, |app: TestApp| async move {
    // Listings are cached briefly; every change made here must show at once,
    // and who may read is decided on every request.
    let (meera, counselor) = app.user(Role::Counselor, "meera").await;
    let (mentor, mentor_t) = app.user(Role::PeerMentor, "vikram").await;
    let body = json!({"name":"CBT","kind":"cbt","modality":"in_person","facilitator_ids":[mentor],
               "schedule":{"rrule":"FREQ=WEEKLY;BYDAY=MO","start_time":"18:00","duration_minutes":90,"starts_on":"2026-01-01"}});
    let g = group(&app, &counselor, body.clone()).await;
    let (ravi, ravi_t) = member_with(&app, &counselor, "ravi", "male", 1990, "rehabilitation", "hi").await;
    enroll(&app, &counselor, &g, &ravi).await;
    let path = format!("/api/v1/groups/{g}/sessions?from=2026-01-01&to=2026-01-31");
    let statuses = |r: &Res| -> Vec<String> {
        r.body.as_array().expect("list").iter().map(|s| s["status"].as_str().unwrap_or("").to_string()).collect()
    };
    let first = app.get(&path, &counselor).await;
    assert_eq!(statuses(&first), ["scheduled"; 4]);
    let mine = app.get(&path, &ravi_t).await;
    assert_eq!(statuses(&mine), ["scheduled"; 4], "an enrolled member reads the listing");
    assert!(mine.body[0]["checkin_code"].is_null() && first.body[0]["checkin_code"].is_string(), "codes only to staff");
    let id = first.body[0]["id"].as_str().expect("id").to_string();
    app.patch(&format!("/api/v1/sessions/{id}"), &counselor, json!({"status":"cancelled"})).await;
    assert_eq!(statuses(&app.get(&path, &mentor_t).await), ["cancelled", "scheduled", "scheduled", "scheduled"]);
    let r = app
        .post(&format!("/api/v1/groups/{g}/sessions"), &counselor, json!({"starts_at":"2026-01-10T05:00:00Z"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(app.get(&path, &counselor).await.body.as_array().map(Vec::len), Some(5));
    // Leaving the group, or no longer facilitating it, ends access at once.
    let r = app.call("DELETE", &format!("/api/v1/groups/{g}/enrollments/{ravi}"), Some(&ravi_t), None).await;
    assert!(r.status.is_success(), "{}", r.text);
    assert_eq!(app.get(&path, &ravi_t).await.status, StatusCode::FORBIDDEN);
    let mut without = body.clone();
    without["facilitator_ids"] = json!([meera]);
    let r = app.patch(&format!("/api/v1/groups/{g}"), &counselor, without).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(app.get(&path, &mentor_t).await.status, StatusCode::FORBIDDEN);
});

both!(extreme_and_odd_dates_are_422_and_the_listing_lives_on, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let g = weekly_cbt(&app, &counselor).await;
    let (ravi, me) = member_with(&app, &counselor, "ravi", "male", 1990, "rehabilitation", "hi").await;
    assert_eq!(enroll(&app, &counselor, &g, &ravi).await.status, StatusCode::CREATED);
    let list = |from: &str, to: &str| format!("/api/v1/groups/{g}/sessions?from={from}&to={to}");
    // Years chrono reads but Saathi does not work in, and dates not written as YYYY-MM-DD.
    for (from, to, field) in [
        ("%2B262142-12-01", "%2B262142-12-31", "from"),
        ("2026-01-01", "%2B262142-12-31", "to"),
        ("-262143-01-01", "-262143-01-31", "from"),
        ("2100-12-01", "2101-01-01", "to"),
        ("2026-1-5", "2026-01-31", "from"),
        ("2026-01-05", "%202026-01-31", "to"),
        ("%2B2026-01-05", "2026-01-31", "from"),
    ] {
        for token in [&me, &counselor] {
            let r = app.get(&list(from, to), token).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{from}..{to}: {}", r.text);
            assert_eq!(r.fields(), [field], "{from}..{to}");
            assert_eq!(r.body["error"]["fields"][0]["code"], "bad_date");
        }
    }
    // The group's sessions are listed as before.
    let r = app.get(&list("2026-01-01", "2026-03-31"), &me).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body.as_array().map(Vec::len), Some(26));
    let stored = app.store.get_group(&g).await.expect("db").expect("group").materialised;
    assert_eq!(stored, Some(("2026-01-01".into(), "2026-03-31".into())));

    // A span stored out of range before dates were checked: the reminders
    // job and the listings carry on, and the next listing replaces it.
    app.store.set_materialised(&g, "+262142-12-01", "+262142-12-31").await.expect("poison");
    let st = saathi_server::state::AppState::new(app.store.clone(), saathi_server::Config::default());
    saathi_server::jobs::send_reminders(&st, saathi_store::now_ms()).await.expect("reminders");
    app.store.set_materialised(&g, "+262142-12-01", "+262142-12-31").await.expect("poison");
    let r = app.get(&list("2026-04-01", "2026-04-30"), &me).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body.as_array().map(Vec::len), Some(9), "April: 4 Mondays, 5 Thursdays");
    let stored = app.store.get_group(&g).await.expect("db").expect("group").materialised;
    assert_eq!(stored, Some(("2026-04-01".into(), "2026-04-30".into())));
    let r = app.get(&list("2026-01-01", "2026-03-29"), &counselor).await;
    assert_eq!(r.body.as_array().map(Vec::len), Some(25), "made once, not twice");

    // A session's instant and a schedule's start in those years are refused too.
    let sessions = format!("/api/v1/groups/{g}/sessions");
    let r = app.post(&sessions, &counselor, json!({"starts_at": "9999-12-31T05:00:00Z"})).await;
    assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["starts_at".to_string()]));
    let r = app
        .post(
            "/api/v1/groups",
            &counselor,
            json!({"name":"Far","kind":"cbt","modality":"in_person",
                   "schedule":{"rrule":"FREQ=DAILY","start_time":"18:00","duration_minutes":90,"starts_on":"+262142-01-01"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(r.fields(), ["schedule.starts_on"]);
});
