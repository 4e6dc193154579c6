use crate::helpers::*;
use axum::http::StatusCode;
use saathi_domain::Role;
use serde_json::json;

fn user_body(role: &str, login: &str) -> serde_json::Value {
    json!({"role": role, "login": login, "password": PASSWORD, "display_name": format!("{login} name")})
}

both!(admins_create_any_role_counsellors_only_members_families_mentors, |app: TestApp| async move {
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let r = app.post("/api/v1/users", &admin, user_body("counselor", "meera")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["role"], "counselor");
    assert_eq!(r.body["center_id"], app.center_id);
    let counselor = app.login("meera", PASSWORD).await.body["token"].as_str().expect("token").to_string();
    for (i, role) in ["member", "family", "peer_mentor"].iter().enumerate() {
        let r = app.post("/api/v1/users", &counselor, user_body(role, &format!("new{i}"))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{role}: {}", r.text);
        assert_eq!(r.body["role"], *role);
    }
    for role in ["admin", "counselor"] {
        let r = app.post("/api/v1/users", &counselor, user_body(role, &format!("x-{role}"))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{role}");
        assert_eq!(r.code(), "forbidden");
    }
    // A member created here has a record a counsellor can open.
    let r = app.post("/api/v1/users", &counselor, user_body("member", "plain-member")).await;
    let id = r.body["id"].as_str().expect("id");
    let m = app.get(&format!("/api/v1/members/{id}"), &counselor).await;
    assert_eq!(m.status, StatusCode::OK);
    assert_eq!(m.body["stage"], "detox");
});

both!(members_mentors_and_families_create_nobody, |app: TestApp| async move {
    for (i, role) in [Role::Member, Role::PeerMentor, Role::Family].into_iter().enumerate() {
        let (_, token) = app.user(role, &format!("u{i}")).await;
        let r = app.post("/api/v1/users", &token, user_body("member", &format!("n{i}"))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{role}");
    }
});

both!(duplicate_login_is_409_and_bad_fields_422, |app: TestApp| async move {
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let r = app.post("/api/v1/users", &admin, user_body("counselor", "Admin")).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "logins ignore case");
    assert_eq!(r.code(), "conflict");
    assert_eq!(r.fields(), ["login"]);
    let r = app
        .post(
            "/api/v1/users",
            &admin,
            json!({"role":"counselor","login":"a b","password":"short","display_name":"", "phone":"12ab"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.fields(), ["login", "password", "display_name", "phone"]);
    let r = app.post("/api/v1/users", &admin, user_body("wizard", "w")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.fields(), ["role"]);
    let r = app.post("/api/v1/users", &admin, json!({"role":"counselor"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let long = "x".repeat(101);
    let r = app
        .post(
            "/api/v1/users",
            &admin,
            json!({"role":"counselor","login":"okay","password":PASSWORD,"display_name":long}),
        )
        .await;
    assert_eq!(r.fields(), ["display_name"]);
});

both!(role_changes_are_admin_only_audited_and_sane, |app: TestApp| async move {
    let (admin_id, admin) = app.user(Role::Admin, "admin").await;
    let (counselor_id, counselor) = app.user(Role::Counselor, "meera").await;
    let (mentor_id, _) = app.user(Role::PeerMentor, "mentor").await;
    let r = app.patch(&format!("/api/v1/users/{mentor_id}"), &counselor, json!({"role":"counselor"})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.patch(&format!("/api/v1/users/{admin_id}"), &admin, json!({"role":"counselor"})).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.code(), "own_role");
    let r = app.patch(&format!("/api/v1/users/{counselor_id}"), &admin, json!({"role":"admin"})).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["role"], "admin");
    let member = app.member(&admin, "ravi", "Ravi").await;
    let r = app.patch(&format!("/api/v1/users/{member}"), &admin, json!({"role":"admin"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.patch(&format!("/api/v1/users/{member}"), &admin, json!({"role":"peer_mentor"})).await;
    assert_eq!(r.status, StatusCode::OK, "an alumnus may become a mentor");
    let r = app.patch(&format!("/api/v1/users/{mentor_id}"), &admin, json!({"role":"member"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "no member record");
    let r = app.patch("/api/v1/users/nope", &admin, json!({"role":"member"})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let a = app.get("/api/v1/audit?action=user.role_change", &admin).await;
    let entries = a.body.as_array().expect("list");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1]["target_id"], counselor_id);
    assert_eq!(entries[1]["detail"]["from"], "counselor");
    assert_eq!(entries[1]["detail"]["to"], "admin");
    assert_eq!(entries[1]["actor_id"], admin_id);
});

both!(another_centres_users_are_404, |app: TestApp| async move {
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (other_center, other_admin, _) = app.other_center().await;
    let (other_user, _) = app.user_in(&other_center, Role::Counselor, "faraway").await;
    let r = app.patch(&format!("/api/v1/users/{other_user}"), &admin, json!({"role":"admin"})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Each admin lists only their centre.
    let mine = app.get("/api/v1/users", &admin).await;
    let logins: Vec<&str> = mine.body.as_array().expect("list").iter().filter_map(|u| u["login"].as_str()).collect();
    assert_eq!(logins, ["admin"]);
    let theirs = app.get("/api/v1/users?role=counselor", &other_admin).await;
    assert_eq!(theirs.body.as_array().map(Vec::len), Some(2));
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    assert_eq!(app.get("/api/v1/users", &counselor).await.status, StatusCode::FORBIDDEN);
});

// A PATCH is all or nothing: everything it asks is checked before anything
// is written, and written (with its audit entries) in one transaction.
both!(a_user_patch_is_all_or_nothing, |app: TestApp| async move {
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (meera_id, _) = app.user(Role::Counselor, "meera").await;
    let (arjun_id, _) = app.user(Role::PeerMentor, "arjun").await;
    let path = |id: &str| format!("/api/v1/users/{id}");
    let senior_changes = || async {
        app.get("/api/v1/audit?action=user.senior_change", &admin).await.body.as_array().map_or(0, Vec::len)
    };
    // A bad role refuses the whole request: the senior flag is not set either.
    let r = app.patch(&path(&meera_id), &admin, json!({ "senior": true, "role": "bogus" })).await;
    assert_eq!((r.status, r.fields()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["role".to_string()]), "{}", r.text);
    assert!(!app.store.is_senior(&meera_id).await.expect("db"));
    assert_eq!(senior_changes().await, 0);
    // Seniority is for counsellors, as they are after the change.
    let r = app.patch(&path(&arjun_id), &admin, json!({ "senior": true })).await;
    assert_eq!(r.fields(), ["senior"], "{}", r.text);
    let r = app.patch(&path(&meera_id), &admin, json!({ "senior": true, "role": "peer_mentor" })).await;
    assert_eq!(r.fields(), ["senior"], "{}", r.text);
    let me = app.get("/api/v1/users?role=counselor", &admin).await;
    assert!(me.text.contains(&meera_id), "meera is still a counsellor: {}", me.text);
    // Both at once: a peer mentor becomes a senior counsellor, two audit entries.
    let r = app.patch(&path(&arjun_id), &admin, json!({ "senior": true, "role": "counselor" })).await;
    assert_eq!((r.status, r.body["role"].clone()), (StatusCode::OK, json!("counselor")), "{}", r.text);
    assert!(app.store.is_senior(&arjun_id).await.expect("db"));
    assert_eq!(senior_changes().await, 1);
    let roles = app.get("/api/v1/audit?action=user.role_change", &admin).await;
    assert_eq!(roles.body.as_array().map(Vec::len), Some(1), "{}", roles.text);
});

// A role change waits until what the user holds is handed over: a group
// they facilitate, a member they mentor. Leaving the counsellors takes them
// off the on-call roster. Nothing is written when refused.
both!(a_role_change_waits_for_groups_and_mentees_to_be_handed_over, |app: TestApp| async move {
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let (counselor_id, counselor) = app.user(Role::Counselor, "meera").await;
    let (mentor_id, _) = app.user(Role::PeerMentor, "mentor").await;
    let ravi = member_with(&app, &counselor, "ravi", "male", 1990, "rehabilitation", "en").await;
    let r = app.post("/api/v1/mentorships", &counselor, json!({"mentor_id": mentor_id, "mentee_id": ravi.0})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let pairing = r.body["id"].as_str().expect("id").to_string();
    let mut g = group_body("Evening circle", 10);
    g["facilitator_ids"] = json!([counselor_id, mentor_id]);
    let g = group(&app, &counselor, g).await;

    // The peer mentor to family: refused, naming the group and the mentee.
    let r = app.patch(&format!("/api/v1/users/{mentor_id}"), &admin, json!({"role":"family"})).await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "still_responsible"), "{}", r.text);
    let message = r.body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("Evening circle") && message.contains("ravi"), "{message}");
    let u = app.store.get_user(&mentor_id).await.expect("db").expect("user");
    assert_eq!(u.role, Role::PeerMentor, "nothing written");
    // To counsellor: they may still run the group, but not mentor.
    let r = app.patch(&format!("/api/v1/users/{mentor_id}"), &admin, json!({"role":"counselor"})).await;
    assert_eq!(r.code(), "still_responsible", "{}", r.text);
    let r = app.call("DELETE", &format!("/api/v1/mentorships/{pairing}"), Some(&counselor), None).await;
    assert!(r.status.is_success(), "{}", r.text);
    let r = app.patch(&format!("/api/v1/users/{mentor_id}"), &admin, json!({"role":"family"})).await;
    assert_eq!(r.code(), "still_responsible", "the group still");
    let r = app.patch(&format!("/api/v1/groups/{g}"), &counselor, json!({"facilitator_ids": [counselor_id]})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = app.patch(&format!("/api/v1/users/{mentor_id}"), &admin, json!({"role":"family"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);

    // A counsellor on call who becomes an admin leaves the roster (and their group first).
    let slots = json!({"slots": [{"weekday": 0, "hour": 9, "user_id": counselor_id}]});
    let r = app.call("PUT", "/api/v1/on-call", Some(&counselor), Some(slots)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = app.patch(&format!("/api/v1/users/{counselor_id}"), &admin, json!({"role":"admin"})).await;
    assert_eq!(r.code(), "still_responsible", "{}", r.text);
    let (other_id, _) = app.user(Role::Counselor, "asha").await;
    let r = app.patch(&format!("/api/v1/groups/{g}"), &counselor, json!({"facilitator_ids": [other_id]})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = app.patch(&format!("/api/v1/users/{counselor_id}"), &admin, json!({"role":"admin"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let roster = app.store.on_call_roster(&app.center_id).await.expect("roster");
    assert!(roster.is_empty(), "{roster:?}");
});

// A pairing or a group seat left behind by an older role change (made
// before the check above) does not make someone who can no longer act on
// an alert its only first responder.
both!(crisis_tier_one_leaves_out_people_whose_role_no_longer_fits, |app: TestApp| async move {
    let (admin_id, admin) = app.user(Role::Admin, "admin").await;
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (mentor_id, _) = app.user(Role::PeerMentor, "mentor").await;
    let ravi = member_with(&app, &counselor, "ravi", "male", 1990, "rehabilitation", "en").await;
    let r = app.post("/api/v1/mentorships", &counselor, json!({"mentor_id": mentor_id, "mentee_id": ravi.0})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let mut g = group_body("Evening circle", 10);
    g["facilitator_ids"] = json!([mentor_id]);
    let g = group(&app, &counselor, g).await;
    assert_eq!(enroll(&app, &counselor, &g, &ravi.0).await.status, StatusCode::CREATED);
    // Straight in the store, as an older version would have done.
    app.store.change_user(&mentor_id, Some(Role::Family), None, &admin_id, saathi_store::now_ms()).await.expect("old");
    let r = app.post("/api/v1/crisis", &ravi.1, json!({})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = r.body["alert_id"].as_str().expect("id");
    assert_eq!(
        app.store.crisis_recipients(id).await.expect("r"),
        [admin_id.as_str()],
        "straight to someone who can act"
    );
    let _ = admin;
});
