//! The risk panel on a counsellor's home: the members most at risk, highest
//! first, with their level and reasons in the reader's language; none when
//! nobody shows warning signs. (A child of `page_tests`, for its helpers.)

use super::*;
use saathi_store::CheckInInput;

async fn checkin(app: &App, member: &str, mood: i64, craving: i64) {
    let today = saathi_domain::sobriety::local_today(chrono::Utc::now(), chrono_tz::Asia::Kolkata);
    let input = CheckInInput {
        mood,
        craving,
        sober: true,
        triggers: vec![],
        note: None,
        share_with_mentor: false,
        share_with_group: false,
    };
    let c = app.center_id.clone().expect("centre");
    let date = today.format("%Y-%m-%d").to_string();
    app.store.upsert_checkin(member, &c, &date, &input, now_ms()).await.expect("check-in");
}

#[tokio::test]
async fn the_counsellor_home_lists_who_may_be_drifting_and_why() {
    let app = App::new(true).await;
    let meera = app.user(Role::Counselor, "meera", "Meera", "en").await;
    app.user(Role::Counselor, "asha", "Asha", "hi").await;
    let stage = saathi_domain::Stage::Rehabilitation;
    let ravi = app.member("ravi", "Ravi", "male", 1990, "hi", stage, Some(&meera)).await;
    let sita = app.member("sita", "Sita", "female", 1995, "en", stage, Some(&meera)).await;
    let kabir = app.member("kabir", "Kabir", "male", 1992, "en", stage, Some(&meera)).await;

    // Before any score: the panel says so.
    let mut b = app.sign_in("meera").await;
    let p = app.get(&mut b, "/home").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("Who may be drifting") && p.html.contains("No member shows warning signs"), "{}", p.html);

    checkin(&app, &ravi, 2, 9).await;
    checkin(&app, &sita, 4, 9).await;
    checkin(&app, &kabir, 4, 1).await;
    let state = crate::state::AppState::new(app.store.clone(), Config::default());
    crate::services::risk::sweep(&state).await.expect("sweep");

    let p = app.get(&mut b, "/home").await;
    let panel = p.html.split("id=\"risk\"").nth(1).and_then(|s| s.split("</section>").next()).expect("panel");
    // Ravi (craving and mood: 35, medium) above Sita (craving: 20); Kabir (0) is not listed.
    let (r, s) = (panel.find(&format!("/members/{ravi}")), panel.find(&format!("/members/{sita}")));
    assert!(matches!((r, s), (Some(r), Some(s)) if r < s), "{panel}");
    assert!(!panel.contains(&kabir));
    assert!(panel.contains("Medium risk") && panel.contains("score 35 of 100"), "{panel}");
    assert!(panel.contains("craving 9 of 10 this week") && panel.contains("low mood (2 of 5)"), "{panel}");

    // In Hindi for a Hindi-reading counsellor.
    let mut hb = app.sign_in("asha").await;
    let p = app.get(&mut hb, "/home").await;
    let panel = p.html.split("id=\"risk\"").nth(1).and_then(|s| s.split("</section>").next()).expect("panel");
    assert!(panel.contains("मध्यम जोखिम") && panel.contains("इस हफ़्ते तलब 10 में से 9"), "{panel}");
    assert!(p.html.contains("कौन भटक रहा हो सकता है"));
}
