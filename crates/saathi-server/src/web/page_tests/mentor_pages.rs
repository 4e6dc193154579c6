//! Peer mentors through the pages: a counsellor pairs a member with a mentor
//! from the record and ends the pairing; a full mentor is refused in the
//! counsellor's language; members cannot pair; the mentor's home lists their
//! mentees with days sober. (A child of `page_tests`, for its helpers.)

use super::*;
use crate::i18n::Arg;

/// Text as askama escapes it in a page.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('\'', "&#39;").replace('"', "&#34;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Days sober since 1 January 2025 (the test members' start), today in the centre.
fn days_since_2025() -> i64 {
    let today = saathi_domain::sobriety::local_today(chrono::Utc::now(), chrono_tz::Asia::Kolkata);
    let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("date");
    saathi_domain::sobriety::days_sober(start, today).expect("past")
}

/// Every form that posts carries the CSRF token.
fn every_post_form_has_csrf(html: &str) {
    let posts = html.matches("method=\"post\"").count();
    assert!(posts > 0);
    assert_eq!(html.matches("name=\"_csrf\"").count(), posts, "one _csrf per form");
}

/// The pairing id the "End this pairing" form names.
fn pairing_id(html: &str) -> String {
    html.split("name=\"mentorship_id\" value=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("").to_string()
}

#[tokio::test]
async fn a_counsellor_pairs_a_mentor_the_mentor_sees_the_mentee_then_the_pairing_ends() {
    let app = App::new(true).await;
    let meera = app.user(Role::Counselor, "meera", "Meera", "en").await;
    let vikram = app.user(Role::PeerMentor, "vikram", "Vikram Singh", "en").await;
    app.user(Role::PeerMentor, "anil", "Anil", "en").await;
    let stage = saathi_domain::Stage::Rehabilitation;
    let ravi = app.member("ravi", "Ravi", "male", 1990, "hi", stage, Some(&meera)).await;
    let sita = app.member("sita", "Sita", "female", 1995, "en", stage, Some(&meera)).await;
    let c = app.center_id.clone().expect("centre");
    // Sita already has Vikram: he has 1 of 3.
    app.store.create_mentorship(&c, &vikram, &sita, 3, &meera, now_ms()).await.expect("store").expect("paired");

    // The mentor's home before: Sita only.
    let mut vb = app.sign_in("vikram").await;
    let p = app.get(&mut vb, "/home").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("My mentees"), "{}", p.html);
    let days = Lang::En.t_args("days-sober", &[("days", Arg::Num(days_since_2025()))]);
    assert!(p.html.contains(&format!("<span class=\"member-name\">Sita</span> <span class=\"days\">{days}</span>")));
    assert!(!p.html.contains("Ravi"));

    // Ravi's record: no mentor, a choice of the centre's mentors with their load.
    let mut cb = app.sign_in("meera").await;
    let record = format!("/members/{ravi}");
    let p = app.get(&mut cb, &record).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("id=\"mentor\""));
    assert!(p.html.contains("This member has no peer mentor yet."));
    assert!(p.html.contains(&format!("<option value=\"{vikram}\">Vikram Singh (1 of 3)</option>")), "{}", p.html);
    assert!(p.html.contains(">Anil (0 of 3)</option>"));
    assert!(p.html.contains(&format!("action=\"/members/{ravi}/mentor\"")));
    every_post_form_has_csrf(&p.html);

    // Nobody chosen: the card says so, nothing is paired.
    let p = app.post(&mut cb, &format!("/members/{ravi}/mentor"), &[("mentor_id", "")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Choose a peer mentor."));
    assert!(p.html.contains("aria-invalid=\"true\""));

    // Pair Vikram.
    let p = app.post(&mut cb, &format!("/members/{ravi}/mentor"), &[("mentor_id", vikram.as_str())]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    assert_eq!(p.location, format!("/members/{ravi}?done=mentor-paired#mentor"));
    let p = app.get(&mut cb, &format!("/members/{ravi}?done=mentor-paired")).await;
    assert!(p.html.contains("The peer mentor has been paired with this member."));
    assert!(p.html.contains("Vikram Singh is this member&#39;s peer mentor."), "{}", p.html);
    assert!(p.html.contains("Paired since"));
    assert!(p.html.contains("<summary>End this pairing</summary>"), "ending asks first");
    assert!(!p.html.contains(&format!("action=\"/members/{ravi}/mentor\"")), "no second mentor");
    every_post_form_has_csrf(&p.html);
    let pairing = pairing_id(&p.html);
    assert!(!pairing.is_empty());

    // Pairing again (a stale page) is refused in words: 409 already mentored.
    let p = app.post(&mut cb, &format!("/members/{ravi}/mentor"), &[("mentor_id", vikram.as_str())]).await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    assert!(p.html.contains(&esc(&Lang::En.t("mentor-error-already-mentored"))), "{}", p.html);

    // The mentor's home now lists Ravi too.
    let p = app.get(&mut vb, "/home").await;
    assert!(p.html.contains(&format!("<span class=\"member-name\">Ravi</span> <span class=\"days\">{days}</span>")));

    // End the pairing.
    let end = format!("/members/{ravi}/mentor/end");
    let p = app.post(&mut cb, &end, &[("mentorship_id", pairing.as_str())]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    assert_eq!(p.location, format!("/members/{ravi}?done=mentor-ended#mentor"));
    let p = app.get(&mut cb, &format!("/members/{ravi}?done=mentor-ended")).await;
    assert!(p.html.contains("The pairing has ended."));
    assert!(p.html.contains("This member has no peer mentor yet."));
    assert!(p.html.contains(">Vikram Singh (1 of 3)</option>"), "Sita is still his");
    let p = app.post(&mut cb, &end, &[("mentorship_id", pairing.as_str())]).await;
    assert_eq!(p.status, StatusCode::CONFLICT, "already ended");
    assert!(p.html.contains("This pairing has already ended."));

    // Vikram no longer sees Ravi.
    let p = app.get(&mut vb, "/home").await;
    assert!(p.html.contains(">Sita<"));
    assert!(!p.html.contains("Ravi"));
    // A mentor is not staff: no pairing, no ending.
    let p = app.post(&mut vb, &format!("/members/{ravi}/mentor"), &[("mentor_id", vikram.as_str())]).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_full_mentor_is_refused_in_hindi() {
    let app = App::new(true).await;
    let asha = app.user(Role::Counselor, "asha", "Asha", "hi").await;
    let vikram = app.user(Role::PeerMentor, "vikram", "Vikram Singh", "en").await;
    let stage = saathi_domain::Stage::Rehabilitation;
    let c = app.center_id.clone().expect("centre");
    for (i, login) in ["m1", "m2", "m3"].into_iter().enumerate() {
        let m = app.member(login, &format!("Member {i}"), "male", 1990, "hi", stage, Some(&asha)).await;
        app.store.create_mentorship(&c, &vikram, &m, 3, &asha, now_ms()).await.expect("store").expect("paired");
    }
    let ravi = app.member("ravi", "Ravi", "male", 1990, "hi", stage, Some(&asha)).await;

    let mut b = app.sign_in("asha").await;
    let p = app.get(&mut b, &format!("/members/{ravi}")).await;
    assert_eq!(lang_of(&p.html), "hi");
    assert!(p.html.contains("साथी मार्गदर्शक"));
    assert!(p.html.contains(">Vikram Singh (3 में से 3)</option>"), "{}", p.html);
    assert!(p.html.contains(">जोड़ी बनाएँ<"));

    let p = app.post(&mut b, &format!("/members/{ravi}/mentor"), &[("mentor_id", vikram.as_str())]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(lang_of(&p.html), "hi");
    let msg = Lang::Hi.t_args("mentor-error-full", &[("capacity", Arg::Num(3))]);
    assert!(msg.contains("पहले से 3 सदस्य"), "{msg}");
    assert!(p.html.contains(&esc(&msg)), "{}", p.html);
    assert!(p.html.contains("aria-invalid=\"true\""));
    assert!(p.html.contains("इस सदस्य का अभी कोई साथी मार्गदर्शक नहीं है।"), "still unpaired");
    assert!(!app.store.is_mentor_of(&vikram, &ravi).await.expect("store"));
}

#[tokio::test]
async fn a_member_cannot_pair_or_end_and_does_not_see_the_card() {
    let app = App::new(true).await;
    let meera = app.user(Role::Counselor, "meera", "Meera", "en").await;
    let vikram = app.user(Role::PeerMentor, "vikram", "Vikram", "en").await;
    let stage = saathi_domain::Stage::Rehabilitation;
    let ravi = app.member("ravi", "Ravi", "male", 1990, "en", stage, Some(&meera)).await;
    let sita = app.member("sita", "Sita", "female", 1995, "en", stage, Some(&meera)).await;
    let c = app.center_id.clone().expect("centre");
    let pairing =
        app.store.create_mentorship(&c, &vikram, &sita, 3, &meera, now_ms()).await.expect("store").expect("paired");

    let mut rb = app.sign_in("ravi").await;
    // The member's own record sends them home, where there is no card.
    let p = app.get(&mut rb, &format!("/members/{ravi}")).await;
    assert_eq!(p.location, "/home");
    let p = app.get(&mut rb, "/home").await;
    assert!(!p.html.contains("id=\"mentor\""));
    assert!(!p.html.contains("Peer mentor"));
    for (uri, form) in [
        (format!("/members/{ravi}/mentor"), vec![("mentor_id", vikram.as_str())]),
        (format!("/members/{sita}/mentor/end"), vec![("mentorship_id", pairing.id.as_str())]),
    ] {
        let p = app.post(&mut rb, &uri, &form).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{uri}");
        assert!(p.html.contains("<html"), "the error page");
    }
    assert!(!app.store.is_mentor_of(&vikram, &ravi).await.expect("store"));
    assert!(app.store.is_mentor_of(&vikram, &sita).await.expect("store"), "not ended");
}
