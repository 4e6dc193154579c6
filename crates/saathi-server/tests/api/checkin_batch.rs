//! Check-ins that arrive together are committed together: every one lands,
//! each answer is its own, and two at once from one member are one
//! check-in with the earlier version kept.

use crate::helpers::*;
use axum::http::StatusCode;
use saathi_domain::Role;
use serde_json::json;

fn body(mood: i64) -> serde_json::Value {
    json!({"mood": mood, "craving": 5 - mood, "sober": true, "triggers": [], "share_with_mentor": false, "share_with_group": false})
}

both!(check_ins_arriving_together_all_land_with_their_own_answers, |app: TestApp| async move {
    let (_, counselor) = app.user(Role::Counselor, "meera").await;
    let mut members = Vec::new();
    for i in 0..12 {
        members.push(member_with(&app, &counselor, &format!("member{i}"), "male", 1990, "detox", "hi").await);
    }
    let answers = futures_util::future::join_all(
        members.iter().enumerate().map(|(i, (_, t))| app.post("/api/v1/checkins", t, body(1 + (i as i64 % 5)))),
    )
    .await;
    for (i, (r, (id, _))) in answers.iter().zip(&members).enumerate() {
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        assert_eq!(r.body["member_id"], id.as_str(), "each answer is the member's own");
        assert_eq!(r.body["mood"], 1 + (i as i64 % 5));
    }
    // The same member twice at once: one check-in, one earlier version, both answered.
    let (me, t) = &members[0];
    let two = futures_util::future::join_all([
        app.post("/api/v1/checkins", t, body(4)),
        app.post("/api/v1/checkins", t, body(5)),
    ])
    .await;
    assert!(two.iter().all(|r| r.status == StatusCode::OK), "{:?}", two.iter().map(|r| &r.text).collect::<Vec<_>>());
    let list = app.get(&format!("/api/v1/members/{me}/checkins"), &counselor).await;
    assert_eq!(list.body.as_array().map(Vec::len), Some(1));
    let id = list.body[0]["id"].as_str().expect("id");
    assert_eq!(app.store.checkin_revision_count(id).await.expect("count"), 2, "the versions the two updates replaced");
});
