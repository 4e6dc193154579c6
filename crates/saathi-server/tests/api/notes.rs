use crate::helpers::*;
use axum::http::StatusCode;
use saathi_domain::Role;
use serde_json::json;
use sqlx::Connection;

/// A session with two attendees: (session, [ravi, sita], [tokens]).
async fn attended_session(app: &TestApp, counselor: &str) -> (String, Vec<String>, Vec<String>) {
    let g = group(app, counselor, group_body("Evening support", 10)).await;
    let (mut ids, mut tokens) = (vec![], vec![]);
    for name in ["ravi", "sita"] {
        let (id, t) = member_with(app, counselor, name, "male", 1990, "rehabilitation", "hi").await;
        enroll(app, counselor, &g, &id).await;
        app.call("POST", &format!("/api/v1/groups/{g}/agreement"), Some(&t), None).await;
        ids.push(id);
        tokens.push(t);
    }
    let s = session_now(app, counselor, &g).await;
    let recs =
        json!({"records": [{"member_id": ids[0], "status": "present"}, {"member_id": ids[1], "status": "present"}]});
    let r = app.call("PUT", &format!("/api/v1/sessions/{s}/attendance"), Some(counselor), Some(recs)).await;
    assert_eq!(r.status, StatusCode::OK);
    (s, ids, tokens)
}

const GROUP_NOTE: &str = "Discussion on triggers at family functions; the group was supportive.";
const RAVI_PART: &str = "Ravi spoke about his father's drinking for the first time.";
const SITA_PART: &str = "Sita was quiet; mentioned trouble sleeping.";

both!(one_group_note_with_parts_each_member_record_shows_only_its_own, |app: TestApp| async move {
    let (counselor_id, counselor) = app.user(Role::Counselor, "meera").await;
    let (admin_id, admin) = app.user(Role::Admin, "admin").await;
    let (s, ids, tokens) = attended_session(&app, &counselor).await;
    let path = format!("/api/v1/sessions/{s}/notes");
    let r = app.post(&path, &counselor, json!({"body": GROUP_NOTE})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert!(r.body["member_id"].is_null());
    assert_eq!(r.body["author_id"], counselor_id);
    let r = app.post(&path, &counselor, json!({"body": "a second group note"})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "written once");
    assert_eq!(r.code(), "note_exists");
    assert_eq!(
        app.post(&path, &counselor, json!({"member_id": ids[0], "body": RAVI_PART})).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        app.post(&path, &counselor, json!({"member_id": ids[1], "body": SITA_PART, "needs_one_to_one": true}))
            .await
            .status,
        StatusCode::CREATED
    );
    assert_eq!(
        app.post(&path, &counselor, json!({"member_id": ids[0], "body": "again"})).await.status,
        StatusCode::CONFLICT
    );
    let (outsider, _) = member_with(&app, &counselor, "outsider", "male", 1990, "detox", "hi").await;
    assert_eq!(app.post(&path, &counselor, json!({"member_id": outsider, "body": "x"})).await.fields(), ["member_id"]);
    assert_eq!(app.post(&path, &counselor, json!({"body": ""})).await.fields(), ["body"]);
    assert_eq!(app.post(&path, &counselor, json!({"body": "x".repeat(10_001)})).await.fields(), ["body"]);
    // The session shows everything to counsellors.
    let all = app.get(&path, &counselor).await;
    let bodies: Vec<&str> = all.body.as_array().expect("list").iter().filter_map(|n| n["body"].as_str()).collect();
    assert_eq!(bodies, [GROUP_NOTE, RAVI_PART, SITA_PART]);
    // Ravi's record: only his part. Sita's: only hers.
    let ravi = app.get(&format!("/api/v1/members/{}/notes", ids[0]), &counselor).await;
    assert_eq!(ravi.status, StatusCode::OK);
    assert_eq!(ravi.body.as_array().map(Vec::len), Some(1));
    assert_eq!(ravi.body[0]["body"], RAVI_PART);
    assert!(!ravi.text.contains("Sita was quiet") && !ravi.text.contains("family functions"));
    let sita = app.get(&format!("/api/v1/members/{}/notes", ids[1]), &counselor).await;
    assert_eq!(sita.body[0]["body"], SITA_PART);
    // A note straight in a member's record.
    let r = app
        .post(
            &format!("/api/v1/members/{}/notes", ids[0]),
            &counselor,
            json!({"body": "One-to-one: agreed to call mentor daily."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(
        app.get(&format!("/api/v1/members/{}/notes", ids[0]), &counselor).await.body.as_array().map(Vec::len),
        Some(2)
    );
    // Nobody but counsellors (and supervising admins) reads notes.
    let (_, mentor) = app.user(Role::PeerMentor, "mentor").await;
    let (_, family) = app.user(Role::Family, "family").await;
    for t in [&tokens[0], &tokens[1], &mentor, &family] {
        assert_eq!(app.get(&path, t).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.get(&format!("/api/v1/members/{}/notes", ids[0]), t).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.post(&path, t, json!({"body":"x"})).await.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(app.get(&path, &admin).await.status, StatusCode::OK);
    let (_, other_admin, other_counselor) = app.other_center().await;
    for t in [&other_admin, &other_counselor] {
        assert_eq!(app.get(&path, t).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get(&format!("/api/v1/members/{}/notes", ids[0]), t).await.status, StatusCode::NOT_FOUND);
        let id = all.body[0]["id"].as_str().expect("id");
        assert_eq!(app.get(&format!("/api/v1/notes/{id}"), t).await.status, StatusCode::NOT_FOUND);
    }
    // Every read is audited.
    let reads = app.get("/api/v1/audit?action=note.read", &admin).await;
    let reads = reads.body.as_array().expect("audit").clone();
    assert_eq!(
        reads.len(),
        5,
        "the session and ravi ×2 and sita by the counsellor, the session by the admin; refusals read nothing"
    );
    assert!(reads.iter().any(|r| r["actor_id"] == admin_id));
    // The flagged part made a follow-up for Sita's counsellor.
    let f = app.get("/api/v1/follow-ups", &counselor).await;
    assert_eq!(f.body.as_array().map(Vec::len), Some(1));
    assert_eq!(f.body[0]["member_id"], ids[1]);
    let fid = f.body[0]["id"].as_str().expect("id");
    let (_, other) = app.user(Role::Counselor, "anita").await;
    assert_eq!(
        app.call("POST", &format!("/api/v1/follow-ups/{fid}/done"), Some(&other), None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call("POST", &format!("/api/v1/follow-ups/{fid}/done"), Some(&counselor), None).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(app.get("/api/v1/follow-ups", &counselor).await.body.as_array().map(Vec::len), Some(0));
});

both!(the_notes_table_holds_no_plaintext, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (s, ids, _) = attended_session(&app, &counselor).await;
    let path = format!("/api/v1/sessions/{s}/notes");
    app.post(&path, &counselor, json!({"body": GROUP_NOTE})).await;
    let part = app.post(&path, &counselor, json!({"member_id": ids[0], "body": RAVI_PART})).await;
    let pid = part.body["id"].as_str().expect("id").to_string();
    app.post(
        &format!("/api/v1/notes/{pid}/amendments"),
        &counselor,
        json!({"body": "Amended: his father has since stopped drinking."}),
    )
    .await;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&app.url).await.expect("connect");
    let mut blobs: Vec<Vec<u8>> =
        sqlx::query_scalar("SELECT body FROM notes").fetch_all(&mut conn).await.expect("notes");
    blobs.extend(
        sqlx::query_scalar::<_, Vec<u8>>("SELECT body FROM note_amendments")
            .fetch_all(&mut conn)
            .await
            .expect("amendments"),
    );
    assert_eq!(blobs.len(), 3);
    for b in &blobs {
        let lossy = String::from_utf8_lossy(b).to_lowercase();
        for word in ["ravi", "father", "triggers", "drinking", "amended"] {
            assert!(!lossy.contains(word), "plaintext {word:?} in the database");
        }
        assert!(b.len() > 24 + 16, "nonce and tag present");
    }
    let versions: Vec<i64> =
        sqlx::query_scalar("SELECT key_version FROM notes").fetch_all(&mut conn).await.expect("versions");
    assert!(versions.iter().all(|v| *v == 1));
    // And the API still reads them.
    let n = app.get(&format!("/api/v1/notes/{pid}"), &counselor).await;
    assert_eq!(n.body["body"], RAVI_PART);
    assert_eq!(n.body["amendments"][0]["body"], "Amended: his father has since stopped drinking.");
});

both!(a_signed_note_is_read_only_and_only_amended, |app: TestApp| async move {
    let (author_id, author) = app.user(Role::Counselor, "meera").await;
    let (_, plain) = app.user(Role::Counselor, "anita").await;
    let (senior_id, senior) = app.user(Role::Counselor, "senior").await;
    let (_, admin) = app.user(Role::Admin, "admin").await;
    // Only an admin marks a counsellor senior.
    assert_eq!(
        app.patch(&format!("/api/v1/users/{senior_id}"), &plain, json!({"senior": true})).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.patch(&format!("/api/v1/users/{author_id}"), &admin, json!({"senior": true})).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.patch(&format!("/api/v1/users/{senior_id}"), &admin, json!({"senior": true})).await.status,
        StatusCode::OK
    );
    let (s, _, _) = attended_session(&app, &author).await;
    let n = app.post(&format!("/api/v1/sessions/{s}/notes"), &author, json!({"body": GROUP_NOTE})).await;
    let id = n.body["id"].as_str().expect("id").to_string();
    // Before sign-off, the author may correct it; nobody else.
    assert_eq!(
        app.patch(&format!("/api/v1/notes/{id}"), &plain, json!({"body": "changed"})).await.status,
        StatusCode::FORBIDDEN
    );
    let r =
        app.patch(&format!("/api/v1/notes/{id}"), &author, json!({"body": "Corrected: triggers at weddings."})).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["body"], "Corrected: triggers at weddings.");
    // Sign-off: not a plain counsellor, not the author even if senior.
    assert_eq!(
        app.call("POST", &format!("/api/v1/notes/{id}/sign-off"), Some(&plain), None).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app.call("POST", &format!("/api/v1/notes/{id}/sign-off"), Some(&author), None).await;
    assert_eq!(r.code(), "own_note");
    let r = app.call("POST", &format!("/api/v1/notes/{id}/sign-off"), Some(&senior), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["signed_off_by"], senior_id);
    assert_eq!(
        app.call("POST", &format!("/api/v1/notes/{id}/sign-off"), Some(&admin), None).await.code(),
        "signed_off"
    );
    // Now read-only: edits refused, amendments appended.
    let r = app.patch(&format!("/api/v1/notes/{id}"), &author, json!({"body": "rewritten"})).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.code(), "signed_off");
    let r = app
        .post(
            &format!("/api/v1/notes/{id}/amendments"),
            &plain,
            json!({"body": "Addendum: the weddings are next month."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let n = app.get(&format!("/api/v1/notes/{id}"), &author).await;
    assert_eq!(n.body["body"], "Corrected: triggers at weddings.", "never overwritten");
    assert_eq!(n.body["amendments"].as_array().map(Vec::len), Some(1));
    let (_, member) = member_with(&app, &author, "ravi2", "male", 1990, "detox", "hi").await;
    assert_eq!(
        app.post(&format!("/api/v1/notes/{id}/amendments"), &member, json!({"body": "x"})).await.status,
        StatusCode::FORBIDDEN
    );
    let a = app.get("/api/v1/audit?action=note.sign_off", &admin).await;
    assert_eq!(a.body.as_array().map(Vec::len), Some(1));
});
