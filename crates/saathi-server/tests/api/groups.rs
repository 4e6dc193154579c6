use crate::helpers::*;
use axum::http::StatusCode;
use saathi_domain::Role;
use serde_json::json;

both!(a_womens_group_with_a_weekly_schedule, |app: TestApp| async move {
    let (counselor_id, counselor) = app.user(Role::Counselor, "meera").await;
    let (mentor_id, mentor) = app.user(Role::PeerMentor, "mentor").await;
    let body = json!({
        "name": "Women's circle", "kind": "support", "modality": "hybrid", "capacity": 8,
        "eligibility": { "gender": ["female", "transgender"], "min_age": 18, "stages": ["rehabilitation", "relapse_prevention"], "languages": ["hi", "en"] },
        "schedule": { "rrule": "FREQ=WEEKLY;BYDAY=WE", "start_time": "17:30", "duration_minutes": 90, "starts_on": "2026-01-07" },
        "facilitator_ids": [counselor_id, mentor_id]
    });
    let r = app.post("/api/v1/groups", &counselor, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = r.body["id"].as_str().expect("id").to_string();
    assert_eq!(r.body["capacity"], 8);
    assert_eq!(r.body["eligibility"]["gender"], json!(["female", "transgender"]));
    assert_eq!(r.body["schedule"]["rrule"], "FREQ=WEEKLY;BYDAY=WE");
    assert_eq!(r.body["schedule"]["starts_on"], "2026-01-07");
    assert!(r.body["agreement"].as_str().is_some_and(|a| a.contains("stays in the group")));
    // The co-facilitating mentor sees it; a mentor who does not, does not.
    assert_eq!(app.get(&format!("/api/v1/groups/{id}"), &mentor).await.status, StatusCode::OK);
    let (_, other_mentor) = app.user(Role::PeerMentor, "mentor2").await;
    assert_eq!(app.get(&format!("/api/v1/groups/{id}"), &other_mentor).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/groups", &other_mentor).await.body.as_array().map(Vec::len), Some(0));
    assert_eq!(app.get("/api/v1/groups", &mentor).await.body.as_array().map(Vec::len), Some(1));
    // Defaults: capacity 10, the creating counsellor facilitates.
    let r = app
        .post("/api/v1/groups", &counselor, json!({"name":"Open support","kind":"twelve_step","modality":"online"}))
        .await;
    assert_eq!(r.body["capacity"], 10);
    assert_eq!(r.body["facilitator_ids"], json!([counselor_id]));
    // Edit.
    let r = app
        .patch(&format!("/api/v1/groups/{id}"), &counselor, json!({"name":"Women's circle (evening)","schedule":null}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.body["schedule"].is_null());
    assert_eq!(r.body["eligibility"]["min_age"], 18, "untouched fields stay");
    // Refusals.
    let (_, member) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    assert_eq!(app.post("/api/v1/groups", &member, group_body("x", 5)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post("/api/v1/groups", &mentor, group_body("x", 5)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&format!("/api/v1/groups/{id}"), &member).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.patch(&format!("/api/v1/groups/{id}"), &mentor, json!({"name":"x"})).await.status,
        StatusCode::FORBIDDEN
    );
    let (_, other_admin, other_counselor) = app.other_center().await;
    for t in [&other_admin, &other_counselor] {
        assert_eq!(app.get(&format!("/api/v1/groups/{id}"), t).await.status, StatusCode::NOT_FOUND);
        assert_eq!(
            app.patch(&format!("/api/v1/groups/{id}"), t, json!({"name":"x"})).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(app.get("/api/v1/groups", t).await.body.as_array().map(Vec::len), Some(0));
    }
});

both!(invalid_groups_are_422_with_every_field, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let (member_id, _) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    let r = app
        .post(
            "/api/v1/groups",
            &counselor,
            json!({
                "name": "", "kind": "chess", "modality": "zoom", "capacity": 13,
                "eligibility": { "gender": "robot", "min_age": 40, "max_age": 20, "stages": ["cured"] },
                "schedule": { "rrule": "FREQ=SOMETIMES", "start_time": "25:00", "duration_minutes": 5 },
                "facilitator_ids": [member_id],
                "agreement": "x".repeat(5000)
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.fields(),
        [
            "name",
            "agreement",
            "kind",
            "modality",
            "capacity",
            "eligibility.stages",
            "eligibility.gender",
            "eligibility.age",
            "schedule.start_time",
            "schedule.duration_minutes",
            "schedule.rrule",
            "facilitator_ids"
        ]
    );
    assert_eq!(app.post("/api/v1/groups", &counselor, group_body("small", 4)).await.fields(), ["capacity"]);
    assert_eq!(
        app.post("/api/v1/groups", &counselor, json!({"name":"x"})).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
});

both!(ineligible_members_get_every_reason_and_facilitators_may_override, |app: TestApp| async move {
    let (counselor_id, counselor) = app.user(Role::Counselor, "meera").await;
    let (_, other_counselor) = app.user(Role::Counselor, "anita").await;
    let (admin_id, admin) = app.user(Role::Admin, "admin").await;
    let g = group(
        &app,
        &counselor,
        json!({"name":"Young women","kind":"skills","modality":"in_person","facilitator_ids":[counselor_id],
               "eligibility":{"gender":"female","min_age":18,"max_age":25,"stages":["rehabilitation"],"languages":["en"]}}),
    )
    .await;
    let (ravi, _) = member_with(&app, &counselor, "ravi", "male", 1970, "detox", "hi").await;
    let r = enroll(&app, &other_counselor, &g, &ravi).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.code(), "ineligible");
    let codes: Vec<&str> =
        r.body["error"]["reasons"].as_array().expect("reasons").iter().filter_map(|x| x["code"].as_str()).collect();
    assert_eq!(codes, ["stage", "gender", "too_old", "language"]);
    let (priya, _) = member_with(&app, &counselor, "priya", "female", 2004, "rehabilitation", "en").await;
    let r = enroll(&app, &other_counselor, &g, &priya).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["status"], "active");
    // An override needs a facilitator and a reason.
    let body = json!({"member_id": ravi, "override_reason": "Only Hindi-speaking group this month; counsellor will translate"});
    let r = app.post(&format!("/api/v1/groups/{g}/enrollments"), &other_counselor, body.clone()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "not a facilitator");
    let r = app
        .post(
            &format!("/api/v1/groups/{g}/enrollments"),
            &counselor,
            json!({"member_id": ravi, "override_reason": "  "}),
        )
        .await;
    assert_eq!(r.code(), "ineligible", "a blank reason is no reason");
    let r = app.post(&format!("/api/v1/groups/{g}/enrollments"), &counselor, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let a = app.get("/api/v1/audit?action=group.enroll_override", &admin).await;
    let a = a.body.as_array().expect("audit").clone();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0]["actor_id"], counselor_id);
    assert!(a[0]["detail"]["override_reason"].as_str().is_some_and(|r| r.contains("translate")));
    let _ = admin_id;
    // Members, mentors and other centres cannot enrol.
    let (_, member) = member_with(&app, &counselor, "sita", "female", 2003, "rehabilitation", "en").await;
    assert_eq!(enroll(&app, &member, &g, &priya).await.status, StatusCode::FORBIDDEN);
    let (_, other_admin, other_c) = app.other_center().await;
    assert_eq!(enroll(&app, &other_c, &g, &priya).await.status, StatusCode::NOT_FOUND);
    assert_eq!(enroll(&app, &counselor, &g, "nobody").await.status, StatusCode::NOT_FOUND);
    let _ = other_admin;
});

both!(a_full_group_queues_in_order_and_promotes_on_leaving, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let g = group(&app, &counselor, group_body("Small group", 5)).await;
    let mut ids = vec![];
    let mut tokens = vec![];
    for i in 0..8 {
        let (id, t) = member_with(&app, &counselor, &format!("member{i}"), "male", 1990, "rehabilitation", "hi").await;
        let r = enroll(&app, &counselor, &g, &id).await;
        assert_eq!(r.status, StatusCode::CREATED);
        if i < 5 {
            assert_eq!(r.body["status"], "active");
        } else {
            assert_eq!(r.body["status"], "waitlisted");
            assert_eq!(r.body["waitlist_position"], i - 4);
        }
        ids.push(id);
        tokens.push(t);
    }
    let r = enroll(&app, &counselor, &g, &ids[6]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // Staff remove an active member: the first in the queue moves up.
    let r = app.call("DELETE", &format!("/api/v1/groups/{g}/enrollments/{}", ids[1]), Some(&counselor), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["promoted_member_id"], ids[5]);
    let list = app.get(&format!("/api/v1/groups/{g}/enrollments"), &counselor).await;
    let rows = list.body.as_array().expect("list").clone();
    let waiting: Vec<(String, i64)> = rows
        .iter()
        .filter(|r| r["status"] == "waitlisted")
        .map(|r| (r["member_id"].as_str().unwrap_or("").to_string(), r["waitlist_position"].as_i64().unwrap_or(0)))
        .collect();
    assert_eq!(waiting, [(ids[6].clone(), 1), (ids[7].clone(), 2)]);
    assert_eq!(rows.iter().filter(|r| r["status"] == "active").count(), 5);
    // A member leaves by themself; a member cannot remove another.
    assert_eq!(
        app.call("DELETE", &format!("/api/v1/groups/{g}/enrollments/{}", ids[2]), Some(&tokens[3]), None).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app.call("DELETE", &format!("/api/v1/groups/{g}/enrollments/{}", ids[2]), Some(&tokens[2]), None).await;
    assert_eq!(r.body["promoted_member_id"], ids[6]);
    // A waiting member leaving promotes nobody and closes the gap.
    let r = app.call("DELETE", &format!("/api/v1/groups/{g}/enrollments/{}", ids[7]), Some(&tokens[7]), None).await;
    assert!(r.body["promoted_member_id"].is_null());
    let r = app.call("DELETE", &format!("/api/v1/groups/{g}/enrollments/{}", ids[7]), Some(&tokens[7]), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "already gone");
    // A larger capacity promotes from the queue at once.
    let (late, _) = member_with(&app, &counselor, "late", "male", 1990, "rehabilitation", "hi").await;
    assert_eq!(enroll(&app, &counselor, &g, &late).await.body["status"], "waitlisted");
    let r = app.patch(&format!("/api/v1/groups/{g}"), &counselor, json!({"capacity": 6})).await;
    assert_eq!(r.body["active_count"], 6);
    assert_eq!(r.body["waitlist_count"], 0);
    // Rejoining after leaving goes to the end of the queue.
    assert_eq!(enroll(&app, &counselor, &g, &ids[2]).await.body["waitlist_position"], 1);
});

both!(two_counsellors_racing_for_the_last_place_never_exceed_capacity, |app: TestApp| async move {
    let (_, c1) = app.user(Role::Counselor, "meera").await;
    let (_, c2) = app.user(Role::Counselor, "anita").await;
    for round in 0..3 {
        let g = group(&app, &c1, group_body(&format!("Race {round}"), 5)).await;
        for i in 0..4 {
            let (id, _) = member_with(&app, &c1, &format!("r{round}m{i}"), "male", 1990, "detox", "hi").await;
            assert_eq!(enroll(&app, &c1, &g, &id).await.body["status"], "active");
        }
        let mut racers = vec![];
        for i in 0..6 {
            racers.push(member_with(&app, &c1, &format!("r{round}x{i}"), "male", 1990, "detox", "hi").await.0);
        }
        let futures = racers.iter().enumerate().map(|(i, id)| {
            let token = if i % 2 == 0 { c1.clone() } else { c2.clone() };
            let req =
                build("POST", &format!("/api/v1/groups/{g}/enrollments"), Some(&token), Some(json!({"member_id": id})));
            let router = app.router.clone();
            tokio::spawn(async move { send_to(&router, req).await })
        });
        let mut statuses = vec![];
        for f in futures.collect::<Vec<_>>() {
            let r = f.await.expect("join");
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
            statuses.push(r.body["status"].as_str().unwrap_or("").to_string());
        }
        assert_eq!(
            statuses.iter().filter(|s| *s == "active").count(),
            1,
            "exactly one gets the last place: {statuses:?}"
        );
        let g = app.get(&format!("/api/v1/groups/{g}"), &c1).await;
        assert_eq!(g.body["active_count"], 5);
        assert_eq!(g.body["waitlist_count"], 5);
        let list = app.get(&format!("/api/v1/groups/{}/enrollments", g.body["id"].as_str().unwrap_or("")), &c1).await;
        let mut positions: Vec<i64> =
            list.body.as_array().expect("list").iter().filter_map(|r| r["waitlist_position"].as_i64()).collect();
        positions.sort();
        assert_eq!(positions, [1, 2, 3, 4, 5]);
    }
});

both!(random_joins_and_leaves_keep_the_queue_first_in_first_out, |app: TestApp| async move {
    // A model of the rule (capacity, FIFO queue, promotion on a freed place)
    // checked against the real system after every step of seeded random runs.
    use rand::{Rng, SeedableRng};
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let mut members = vec![];
    for i in 0..9 {
        members.push(member_with(&app, &counselor, &format!("model{i}"), "female", 1990, "detox", "hi").await.0);
    }
    for seed in 0..3u64 {
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        let capacity = 5;
        let g = group(&app, &counselor, group_body(&format!("Model {seed}"), capacity)).await;
        let (mut active, mut queue): (Vec<String>, Vec<String>) = (vec![], vec![]);
        for _ in 0..30 {
            let m = members[rng.gen_range(0..members.len())].clone();
            if active.contains(&m) || queue.contains(&m) {
                let r =
                    app.call("DELETE", &format!("/api/v1/groups/{g}/enrollments/{m}"), Some(&counselor), None).await;
                assert_eq!(r.status, StatusCode::OK);
                if let Some(i) = active.iter().position(|x| *x == m) {
                    active.remove(i);
                    if !queue.is_empty() {
                        let first = queue.remove(0);
                        assert_eq!(r.body["promoted_member_id"], first.as_str());
                        active.push(first);
                    }
                } else {
                    queue.retain(|x| *x != m);
                    assert!(r.body["promoted_member_id"].is_null());
                }
            } else {
                let r = enroll(&app, &counselor, &g, &m).await;
                if (active.len() as i64) < capacity {
                    assert_eq!(r.body["status"], "active");
                    active.push(m);
                } else {
                    queue.push(m);
                    assert_eq!(r.body["waitlist_position"], queue.len());
                }
            }
            let list = app.get(&format!("/api/v1/groups/{g}/enrollments"), &counselor).await;
            let rows = list.body.as_array().expect("list").clone();
            let real_queue: Vec<String> = rows
                .iter()
                .filter(|r| r["status"] == "waitlisted")
                .filter_map(|r| r["member_id"].as_str().map(str::to_string))
                .collect();
            let mut real_active: Vec<String> = rows
                .iter()
                .filter(|r| r["status"] == "active")
                .filter_map(|r| r["member_id"].as_str().map(str::to_string))
                .collect();
            let mut model_active = active.clone();
            real_active.sort();
            model_active.sort();
            assert_eq!(real_queue, queue, "queue order (seed {seed})");
            assert_eq!(real_active, model_active, "active members (seed {seed})");
        }
    }
});

both!(enrolling_someone_already_in_is_409_even_when_now_ineligible, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let g = group(
        &app,
        &counselor,
        json!({"name":"Detox group","kind":"support","modality":"in_person","eligibility":{"stages":["detox"]}}),
    )
    .await;
    let (ravi, _) = member_with(&app, &counselor, "ravi", "male", 1990, "detox", "hi").await;
    assert_eq!(enroll(&app, &counselor, &g, &ravi).await.status, StatusCode::CREATED);
    app.patch(&format!("/api/v1/members/{ravi}"), &counselor, json!({"stage":"rehabilitation"})).await;
    let r = enroll(&app, &counselor, &g, &ravi).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.code(), "already_enrolled");
});

// Two counsellors change different settings of one group at the same
// moment: both changes stay (a PATCH is made again on a group changed under
// it). A change decided on settings that have changed since writes nothing.
both!(two_patches_of_different_settings_at_once_both_stay, |app: TestApp| async move {
    let (counselor_id, meera) = app.user(Role::Counselor, "meera").await;
    let (_, asha) = app.user(Role::Counselor, "asha").await;
    let mut body = group_body("Evening circle", 8);
    body["facilitator_ids"] = json!([counselor_id]);
    let g = group(&app, &meera, body).await;
    let path = format!("/api/v1/groups/{g}");
    for round in 0..5i64 {
        let name = format!("Evening circle {round}");
        let (a, b) = tokio::join!(
            app.patch(&path, &meera, json!({ "name": name })),
            app.patch(&path, &asha, json!({ "capacity": 9 + (round % 3) })),
        );
        assert_eq!((a.status, b.status), (StatusCode::OK, StatusCode::OK), "{} / {}", a.text, b.text);
        let now = app.get(&path, &meera).await;
        assert_eq!(
            (now.body["name"].as_str(), now.body["capacity"].as_i64()),
            (Some(name.as_str()), Some(9 + round % 3))
        );
    }

    // Decided on settings someone has changed since: nothing is written.
    let before = app.store.get_group(&g).await.expect("db").expect("group");
    let decided_on = saathi_store::GroupFields::of(&before);
    let r = app.patch(&path, &asha, json!({ "is_open": false })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let mut stale = decided_on.clone();
    stale.name = "Stale".into();
    let r = app.store.update_group(&g, &stale, Some(&decided_on), &counselor_id, saathi_store::now_ms()).await;
    assert!(matches!(r, Err(saathi_store::StoreError::Conflict("group"))), "{r:?}");
    let now = app.get(&path, &meera).await;
    assert_eq!((now.body["name"].clone(), now.body["is_open"].clone()), (json!("Evening circle 4"), json!(false)));
});
