use crate::helpers::*;
use axum::http::StatusCode;
use saathi_domain::Role;
use serde_json::json;

both!(admit_read_and_days_sober, |app: TestApp| async move {
    let (counselor_id, counselor) = app.user(Role::Counselor, "meera").await;
    let r = app.post("/api/v1/members", &counselor, member_body("ravi", "Ravi")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = r.body["id"].as_str().expect("id").to_string();
    assert_eq!(r.body["stage"], "detox");
    assert_eq!(r.body["counselor_id"], counselor_id, "the admitting counsellor by default");
    assert_eq!(r.body["substances"], json!(["alcohol"]));
    assert_eq!(r.body["birth_year"], 1990);
    assert!(r.body["days_sober"].as_i64().is_some_and(|d| d > 300));
    // The member signs in and reads their own record.
    let me = app.login("ravi", PASSWORD).await.body["token"].as_str().expect("token").to_string();
    let r = app.get(&format!("/api/v1/members/{id}"), &me).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["display_name"], "Ravi");
});

both!(invalid_members_are_422_with_every_field, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let mut b = member_body("ravi", "Ravi");
    b["birth_year"] = json!(1800);
    b["stage"] = json!("cured");
    b["sobriety_start"] = json!("2999-01-01");
    b["gender"] = json!("robot");
    b["password"] = json!("short");
    let r = app.post("/api/v1/members", &counselor, b).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.code(), "invalid");
    assert_eq!(r.fields(), ["gender", "birth_year", "stage", "sobriety_start", "password"]);
    let mut b = member_body("ravi", "Ravi");
    b["display_name"] = json!("x".repeat(101));
    b["substances"] = json!(["", "alcohol"]);
    let r = app.post("/api/v1/members", &counselor, b).await;
    assert_eq!(r.fields(), ["display_name", "substances"]);
    let mut b = member_body("ravi", "Ravi");
    b["sobriety_start"] = json!("01/02/2026");
    assert_eq!(app.post("/api/v1/members", &counselor, b).await.fields(), ["sobriety_start"]);
    let mut b = member_body("ravi", "Ravi");
    b["counselor_id"] = json!("nobody");
    assert_eq!(app.post("/api/v1/members", &counselor, b).await.fields(), ["counselor_id"]);
    // Nothing half-written: the login is still free.
    app.member(&counselor, "ravi", "Ravi").await;
    let r = app.post("/api/v1/members", &counselor, member_body("ravi", "Ravi 2")).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.fields(), ["login"]);
});

both!(only_staff_admit_and_list, |app: TestApp| async move {
    let (_, admin) = app.user(Role::Admin, "admin").await;
    app.member(&admin, "ravi", "Ravi").await;
    for (i, role) in [Role::Member, Role::PeerMentor, Role::Family].into_iter().enumerate() {
        let (_, token) = app.user(role, &format!("u{i}")).await;
        let r = app.post("/api/v1/members", &token, member_body(&format!("m{i}"), "M")).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{role} admits");
        assert_eq!(app.get("/api/v1/members", &token).await.status, StatusCode::FORBIDDEN, "{role} lists");
    }
});

both!(search_and_pages, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    for (login, name) in
        [("amit", "Amit"), ("anjali", "Anjali"), ("arjun", "Arjun"), ("bhanu", "Bhanu"), ("priya", "50%_Priya")]
    {
        app.member(&counselor, login, name).await;
    }
    let r = app.get("/api/v1/members?q=AN", &counselor).await;
    let names: Vec<&str> =
        r.body["items"].as_array().expect("items").iter().filter_map(|m| m["display_name"].as_str()).collect();
    assert_eq!(names, ["Anjali", "Bhanu"]);
    // Wildcards are searched literally.
    let r = app.get("/api/v1/members?q=50%25_", &counselor).await;
    assert_eq!(r.body["items"].as_array().map(Vec::len), Some(1));
    let r = app.get("/api/v1/members?q=_", &counselor).await;
    assert_eq!(r.body["items"].as_array().map(Vec::len), Some(1));
    // Pages of two.
    let p1 = app.get("/api/v1/members?limit=2", &counselor).await;
    assert_eq!(p1.body["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(p1.body["next_offset"], 2);
    let p3 = app.get("/api/v1/members?limit=2&offset=4", &counselor).await;
    assert_eq!(p3.body["items"].as_array().map(Vec::len), Some(1));
    assert!(p3.body["next_offset"].is_null());
    let all: Vec<String> = [p1, app.get("/api/v1/members?limit=2&offset=2", &counselor).await, p3]
        .iter()
        .flat_map(|p| p.body["items"].as_array().cloned().unwrap_or_default())
        .filter_map(|m| m["id"].as_str().map(str::to_string))
        .collect();
    let mut dedup = all.clone();
    dedup.sort();
    dedup.dedup();
    assert_eq!(dedup.len(), 5, "no member twice, none missing");
    let r = app.get("/api/v1/members?stage=aftercare", &counselor).await;
    assert_eq!(r.body["items"].as_array().map(Vec::len), Some(0));
    let r = app.get("/api/v1/members?stage=cured", &counselor).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.get(&format!("/api/v1/members?q={}", "x".repeat(101)), &counselor).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
});

both!(members_read_only_themselves_and_other_centres_are_404, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let ravi = app.member(&counselor, "ravi", "Ravi").await;
    let sita = app.member(&counselor, "sita", "Sita").await;
    let ravi_token = app.login("ravi", PASSWORD).await.body["token"].as_str().expect("token").to_string();
    assert_eq!(app.get(&format!("/api/v1/members/{sita}"), &ravi_token).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.patch(&format!("/api/v1/members/{ravi}"), &ravi_token, json!({"stage":"rehabilitation"})).await.status,
        StatusCode::FORBIDDEN
    );
    let (_, other_admin, other_counselor) = app.other_center().await;
    for token in [&other_admin, &other_counselor] {
        assert_eq!(app.get(&format!("/api/v1/members/{ravi}"), token).await.status, StatusCode::NOT_FOUND);
        let r = app.patch(&format!("/api/v1/members/{ravi}"), token, json!({"stage":"rehabilitation"})).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get(&format!("/api/v1/members/{ravi}/stages"), token).await.status, StatusCode::NOT_FOUND);
        let listed = app.get("/api/v1/members", token).await;
        assert_eq!(listed.body["items"].as_array().map(Vec::len), Some(0));
    }
    assert_eq!(
        app.call("POST", &format!("/api/v1/members/{ravi}/discharge"), Some(&other_counselor), None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get("/api/v1/members/does-not-exist", &counselor).await.status, StatusCode::NOT_FOUND);
});

both!(stage_changes_are_kept_with_who_and_when, |app: TestApp| async move {
    let (counselor_id, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let id = app.member(&counselor, "ravi", "Ravi").await;
    let r = app.patch(&format!("/api/v1/members/{id}"), &counselor, json!({"stage":"rehabilitation"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["stage"], "rehabilitation");
    let r = app
        .patch(&format!("/api/v1/members/{id}"), &admin, json!({"stage":"relapse_prevention", "display_name":"Ravi K"}))
        .await;
    assert_eq!(r.body["display_name"], "Ravi K");
    let r = app.patch(&format!("/api/v1/members/{id}"), &counselor, json!({"stage":"aftercare"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["error"]["fields"][0]["code"], "use_discharge");
    let r = app.patch(&format!("/api/v1/members/{id}"), &counselor, json!({"stage":"cured"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.patch(&format!("/api/v1/members/{id}"), &counselor, json!({"birth_year": 2030})).await;
    assert_eq!(r.fields(), ["birth_year"]);
    let r = app.patch(&format!("/api/v1/members/{id}"), &counselor, json!({"shoe_size": 9})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "unknown fields are refused");
    let h = app.get(&format!("/api/v1/members/{id}/stages"), &counselor).await;
    let h = h.body.as_array().expect("history").clone();
    let stages: Vec<&str> = h.iter().filter_map(|s| s["to_stage"].as_str()).collect();
    assert_eq!(stages, ["detox", "rehabilitation", "relapse_prevention"]);
    assert_eq!(h[1]["from_stage"], "detox");
    assert_eq!(h[1]["changed_by"], counselor_id);
    assert_eq!(h[1]["changed_by_name"], "meera name");
    assert!(h[1]["changed_at"].as_str().is_some_and(|t| t.ends_with('Z')));
    let a = app.get(&format!("/api/v1/audit?action=member.stage_change&target_id={id}"), &admin).await;
    assert_eq!(a.body.as_array().map(Vec::len), Some(2));
});

both!(discharge_moves_to_aftercare_counsellors_only, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let id = app.member(&counselor, "ravi", "Ravi").await;
    let path = format!("/api/v1/members/{id}/discharge");
    assert_eq!(app.call("POST", &path, Some(&admin), None).await.status, StatusCode::FORBIDDEN);
    let me = app.login("ravi", PASSWORD).await.body["token"].as_str().expect("token").to_string();
    assert_eq!(app.call("POST", &path, Some(&me), None).await.status, StatusCode::FORBIDDEN);
    let r = app.call("POST", &path, Some(&counselor), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["stage"], "aftercare");
    assert!(r.body["discharged_at"].is_string());
    let r = app.call("POST", &path, Some(&counselor), None).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // The account stays: the alumnus still signs in.
    assert_eq!(app.get("/api/v1/me", &me).await.status, StatusCode::OK);
    let h = app.get(&format!("/api/v1/members/{id}/stages"), &me).await;
    assert_eq!(h.body.as_array().and_then(|a| a.last()).map(|s| s["to_stage"].clone()), Some(json!("aftercare")));
});

// Two discharges at once (a double click, two counsellors): one is made,
// the other is told it was; one history row, one audit entry. A stage
// change decided on a stage that has changed since writes nothing.
both!(a_member_is_discharged_once_and_a_stale_stage_change_writes_nothing, |app: TestApp| async move {
    let (counselor_id, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, asha) = app.user(Role::Counselor, "asha").await;
    let id = app.member(&counselor, "ravi", "Ravi").await;
    let path = format!("/api/v1/members/{id}/discharge");
    let (a, b) =
        tokio::join!(app.call("POST", &path, Some(&counselor), None), app.call("POST", &path, Some(&asha), None));
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "{} / {}", a.text, b.text);
    let refused = if a.status == StatusCode::CONFLICT { &a } else { &b };
    assert_eq!(refused.body["error"]["code"], "already_discharged", "{}", refused.text);
    let h = app.get(&format!("/api/v1/members/{id}/stages"), &counselor).await;
    let to_aftercare = h.body.as_array().expect("history").iter().filter(|s| s["to_stage"] == "aftercare").count();
    assert_eq!(to_aftercare, 1, "{}", h.text);
    let audit = app.get("/api/v1/audit?action=member.discharge", &app.user(Role::Admin, "admin").await.1).await;
    assert_eq!(audit.body.as_array().map(Vec::len), Some(1), "{}", audit.text);

    // However the requests interleave, the write itself refuses a second discharge.
    let again = app.store.discharge_member(&id, &counselor_id, saathi_store::now_ms()).await;
    assert!(matches!(again, Err(saathi_store::StoreError::Conflict("stage"))), "{again:?}");

    // Decided from "rehabilitation", but the member is in aftercare now.
    let stale = saathi_store::MemberPatch {
        stage: Some(saathi_domain::Stage::Rehabilitation),
        stage_from: Some(saathi_domain::Stage::Rehabilitation),
        display_name: Some("Changed".into()),
        ..Default::default()
    };
    let r = app.store.update_member(&id, &stale, &counselor_id, saathi_store::now_ms()).await;
    assert!(matches!(r, Err(saathi_store::StoreError::Conflict("stage"))), "{r:?}");
    let m = app.get(&format!("/api/v1/members/{id}"), &counselor).await;
    assert_eq!((m.body["stage"].clone(), m.body["display_name"].clone()), (json!("aftercare"), json!("Ravi")));
    let h2 = app.get(&format!("/api/v1/members/{id}/stages"), &counselor).await;
    assert_eq!(h2.body, h.body, "no history row");
});

both!(staff_reads_are_audited_member_self_reads_not, |app: TestApp| async move {
    let (counselor_id, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let id = app.member(&counselor, "ravi", "Ravi").await;
    app.get(&format!("/api/v1/members/{id}"), &counselor).await;
    app.get(&format!("/api/v1/members/{id}"), &counselor).await;
    let me = app.login("ravi", PASSWORD).await.body["token"].as_str().expect("token").to_string();
    app.get(&format!("/api/v1/members/{id}"), &me).await;
    let a = app.get(&format!("/api/v1/audit?action=member.read&target_id={id}"), &admin).await;
    let a = a.body.as_array().expect("list").clone();
    assert_eq!(a.len(), 2);
    assert!(a.iter().all(|e| e["actor_id"] == counselor_id));
});

both!(staff_reads_of_the_stage_history_are_audited_member_self_reads_not, |app: TestApp| async move {
    let (counselor_id, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let id = app.member(&counselor, "ravi", "Ravi").await;
    let path = format!("/api/v1/members/{id}/stages");
    let me = app.login("ravi", PASSWORD).await.body["token"].as_str().expect("token").to_string();
    let r = app.get(&path, &me).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body.as_array().map(Vec::len), Some(1), "admitted to detox");
    assert!(member_reads(&app, &admin, "member.stages.read", &id).await.is_empty(), "the member's own read");
    let r = app.get(&path, &counselor).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let a = member_reads(&app, &admin, "member.stages.read", &id).await;
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0]["actor_id"], counselor_id.as_str());
    // Reading the history is not reading the whole record.
    assert!(member_reads(&app, &admin, "member.read", &id).await.is_empty());
});

both!(sobriety_start_is_taken_only_as_yyyy_mm_dd, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    // chrono reads each of these as a date; stored as typed they would sort
    // wrongly against lapse dates.
    for odd in ["2026-1-5", "2026-01-5", " 2026-01-05", "2026-01-05 ", "+2026-01-05", "+262142-12-01", "२०२६-०१-०५"]
    {
        let mut b = member_body("ravi", "Ravi");
        b["sobriety_start"] = json!(odd);
        let r = app.post("/api/v1/members", &counselor, b).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{odd:?}: {}", r.text);
        assert_eq!(r.fields(), ["sobriety_start"], "{odd:?}");
        assert_eq!(r.body["error"]["fields"][0]["code"], "bad_date", "{odd:?}");
    }
    let id = app.member(&counselor, "ravi", "Ravi").await;
    for odd in ["2026-1-5", "+2026-01-05"] {
        let r = app.patch(&format!("/api/v1/members/{id}"), &counselor, json!({"sobriety_start": odd})).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{odd:?}: {}", r.text);
        assert_eq!(r.fields(), ["sobriety_start"]);
    }
    let r = app.patch(&format!("/api/v1/members/{id}"), &counselor, json!({"sobriety_start": "2026-01-05"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let m = app.store.get_member(&id).await.expect("db").expect("member");
    assert_eq!(m.sobriety_start, "2026-01-05");
});

// A sobriety date decided on a date that has changed since (a lapse reset
// it) writes nothing: the reset is not undone.
both!(a_stale_sobriety_date_writes_nothing, |app: TestApp| async move {
    let (counselor_id, counselor) = app.user(Role::Counselor, "meera").await;
    let id = app.member(&counselor, "ravi", "Ravi").await;
    let before = app.store.get_member(&id).await.expect("db").expect("member").sobriety_start;
    let reset = saathi_store::MemberPatch { sobriety_start: Some("2026-11-01".into()), ..Default::default() };
    app.store.update_member(&id, &reset, &counselor_id, saathi_store::now_ms()).await.expect("reset");
    let stale = saathi_store::MemberPatch {
        sobriety_start: Some("2026-10-01".into()),
        sobriety_from: Some(before),
        display_name: Some("Changed".into()),
        ..Default::default()
    };
    let r = app.store.update_member(&id, &stale, &counselor_id, saathi_store::now_ms()).await;
    assert!(matches!(r, Err(saathi_store::StoreError::Conflict("sobriety_start"))), "{r:?}");
    let m = app.get(&format!("/api/v1/members/{id}"), &counselor).await;
    assert_eq!(
        (m.body["sobriety_start"].clone(), m.body["display_name"].clone()),
        (json!("2026-11-01"), json!("Ravi"))
    );
    // Decided on the date as it is: written.
    let fresh = saathi_store::MemberPatch {
        sobriety_start: Some("2026-10-01".into()),
        sobriety_from: Some("2026-11-01".into()),
        ..Default::default()
    };
    app.store.update_member(&id, &fresh, &counselor_id, saathi_store::now_ms()).await.expect("fresh");
    let m = app.get(&format!("/api/v1/members/{id}"), &counselor).await;
    assert_eq!(m.body["sobriety_start"], "2026-10-01");
});
