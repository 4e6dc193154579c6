//! Crisis pages without JavaScript: the button on a member's pages posts
//! and the answer lists the helplines with tap-to-call links in the
//! member's language; a second press joins; the staff home lists the open
//! alert; the alert page shows the steps, acknowledges, and will not
//! resolve without a note; the member's record lists their alerts; the
//! on-call roster is edited from its page. (A child of `page_tests`.)

use super::*;

#[tokio::test]
async fn a_member_presses_and_sees_the_helplines_staff_respond() {
    let app = App::new(true).await;
    let meera = app.user(Role::Counselor, "meera", "Meera", "en").await;
    app.user(Role::PeerMentor, "stranger", "Stranger", "en").await;
    let stage = saathi_domain::Stage::Rehabilitation;
    let ravi = app.member("ravi", "Ravi", "male", 1990, "hi", stage, Some(&meera)).await;

    // The button is on the member's pages (home, check-in), in Hindi.
    let mut rb = app.sign_in("ravi").await;
    for path in ["/home", "/checkin"] {
        let p = app.get(&mut rb, path).await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(p.html.contains("action=\"/crisis\"") && p.html.contains("मुझे अभी मदद चाहिए"), "{path}");
    }
    // Pressed: the helplines, tap-to-call, and what happened.
    let p = app.post(&mut rb, "/crisis", &[]).await;
    assert_eq!(p.status, StatusCode::CREATED, "{}", p.html);
    for phone in ["14416", "14446", "112"] {
        assert!(p.html.contains(&format!("href=\"tel:{phone}\"")), "{phone}");
    }
    assert!(p.html.contains("बता दिया गया है"), "{}", p.html);
    let alerts =
        app.store.crisis_alerts(app.center_id.as_deref().unwrap_or(""), &[], None, None, 10).await.expect("list");
    assert_eq!(alerts.len(), 1);
    let id = alerts[0].id.clone();
    // Again, with words: it joins the open alert.
    let p = app.post(&mut rb, "/crisis", &[("message", "please call")]).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("पहले से पता"));
    // The crisis page shows his open alert.
    let p = app.get(&mut rb, "/crisis").await;
    assert!(p.html.contains("जवाब का इंतज़ार"), "{}", p.html);
    // A member may not see the staff pages of it.
    assert_eq!(app.get(&mut rb, &format!("/crisis/alerts/{id}/resolve")).await.status, StatusCode::METHOD_NOT_ALLOWED);

    // Staff: the home page lists the open alert at the top.
    let mut mb = app.sign_in("meera").await;
    let p = app.get(&mut mb, "/home").await;
    let panel = p.html.split("id=\"crisis-panel\"").nth(1).and_then(|s| s.split("</section>").next()).expect("panel");
    assert!(panel.contains(&format!("/crisis/alerts/{id}")) && panel.contains("Ravi"), "{panel}");
    assert!(panel.contains("Waiting for a response"));
    // The alert page: the steps, with the member's words.
    let p = app.get(&mut mb, &format!("/crisis/alerts/{id}")).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("Ravi pressed the crisis button") && p.html.contains("Ravi pressed again"));
    assert!(p.html.contains("please call"));
    // Resolve needs a note: the form comes back with the message.
    let p = app.post(&mut mb, &format!("/crisis/alerts/{id}/resolve"), &[("note", "  ")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Please write what was done"));
    let p = app.post(&mut mb, &format!("/crisis/alerts/{id}/acknowledge"), &[]).await;
    assert_eq!(
        (p.status, p.location.as_str()),
        (StatusCode::SEE_OTHER, format!("/crisis/alerts/{id}?done=acknowledged").as_str())
    );
    let p = app.post(&mut mb, &format!("/crisis/alerts/{id}/resolve"), &[("note", "Talked with him; safe.")]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let p = app.get(&mut mb, &format!("/crisis/alerts/{id}?done=resolved")).await;
    assert!(p.html.contains("Acknowledged by Meera") && p.html.contains("Resolved by Meera"));
    assert!(p.html.contains("Talked with him; safe."));
    // The member's record lists it.
    let p = app.get(&mut mb, &format!("/members/{ravi}")).await;
    let history = p.html.split("id=\"crisis-history\"").nth(1).expect("history");
    assert!(history.contains(&format!("/crisis/alerts/{id}")) && history.contains("Resolved"));

    // A peer mentor who neither mentors Ravi nor was told: refused.
    let mut sb = app.sign_in("stranger").await;
    assert_eq!(app.get(&mut sb, &format!("/crisis/alerts/{id}")).await.status, StatusCode::FORBIDDEN);
    let p = app.get(&mut sb, "/home").await;
    assert!(p.html.contains("No open crisis alerts."));
}

#[tokio::test]
async fn the_on_call_roster_is_edited_on_its_page() {
    let app = App::new(true).await;
    let meera = app.user(Role::Counselor, "meera", "Meera", "en").await;
    app.user(Role::PeerMentor, "mentor", "Mentor", "en").await;
    let mut mb = app.sign_in("meera").await;
    let p = app.get(&mut mb, "/crisis/alerts").await;
    assert!(p.html.contains("No one is on the roster yet.") && p.html.contains("Nobody is on call now"));
    let p = app.post(&mut mb, "/on-call/add", &[("weekday", "all"), ("hour", "3"), ("user_id", &meera)]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let p = app.get(&mut mb, "/crisis/alerts?done=roster").await;
    assert_eq!(p.html.matches("<td>03:00</td>").count(), 7, "{}", p.html);
    assert!(p.html.contains("Roster saved."));
    let p = app.post(&mut mb, "/on-call/remove", &[("weekday", "0"), ("hour", "3"), ("user_id", &meera)]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get(&mut mb, "/crisis/alerts").await.html.matches("<td>03:00</td>").count(), 6);
    let p = app.post(&mut mb, "/on-call/add", &[("weekday", "9"), ("hour", "3"), ("user_id", &meera)]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A peer mentor sees alerts but not the roster, and cannot change it.
    let mut pb = app.sign_in("mentor").await;
    let p = app.get(&mut pb, "/crisis/alerts").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(!p.html.contains("id=\"on-call\""));
    let p = app.post(&mut pb, "/on-call/add", &[("weekday", "1"), ("hour", "3"), ("user_id", &meera)]).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
}
