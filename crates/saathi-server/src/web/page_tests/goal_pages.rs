//! Weekly goals through the pages: a member sets a goal in Hindi in front of
//! the group and marks it done; a peer sees it on the group page in English
//! and cheers; the member ends it. (A child of `page_tests`, for its helpers.)

use super::*;

/// The id of the first goal on a `/goals` page (from its "+1 done" form).
fn first_goal(html: &str) -> String {
    html.split("action=\"/goals/").nth(1).and_then(|s| s.split('/').next()).unwrap_or("").to_string()
}

/// Every form that posts carries the CSRF token.
fn every_post_form_has_csrf(html: &str) {
    let posts = html.matches("method=\"post\"").count();
    assert!(posts > 0);
    assert_eq!(html.matches("name=\"_csrf\"").count(), posts, "one _csrf per form");
}

#[tokio::test]
async fn a_member_sets_a_goal_in_hindi_a_peer_cheers_in_english() {
    let app = App::new(true).await;
    let meera = app.user(Role::Counselor, "meera", "Meera", "en").await;
    let stage = saathi_domain::Stage::Rehabilitation;
    let ravi = app.member("ravi", "Ravi", "male", 1990, "hi", stage, Some(&meera)).await;
    let sita = app.member("sita", "Sita", "female", 1995, "en", stage, Some(&meera)).await;
    app.member("kiran", "Kiran", "male", 1992, "en", stage, Some(&meera)).await;
    let mut cb = app.sign_in("meera").await;
    let group = app.open_group(&mut cb, "Saathi Circle", &[&meera]).await;
    for m in [&ravi, &sita] {
        assert_eq!(app.enrol(&mut cb, &group, m).await.location, format!("/groups/{group}?done=enrolled"));
    }

    // Ravi's page, in Hindi: no goals yet, a form with his group.
    let mut rb = app.sign_in("ravi").await;
    let p = app.get(&mut rb, "/goals").await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.html);
    assert_eq!(lang_of(&p.html), "hi");
    assert!(p.html.contains("मेरे लक्ष्य"));
    assert!(p.html.contains(&Lang::Hi.t("goals-none")));
    assert!(p.html.contains(&format!("<option value=\"{group}\">Saathi Circle</option>")));
    assert!(p.html.contains("हफ़्ते में 3 बार"));
    every_post_form_has_csrf(&p.html);

    // Mistakes come back with every message, in Hindi, the typed values kept.
    let p = app.post(&mut rb, "/goals", &[("title", "  "), ("target_per_week", "0"), ("visible_to_group", "1")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    for id in ["f-title", "f-target_per_week", "f-visible_to_group"] {
        assert!(p.html.contains(&format!("href=\"#{id}\"")), "summary links to {id}");
    }
    assert!(p.html.contains(&Lang::Hi.t("err-title-required")));
    assert!(p.html.contains(&Lang::Hi.t("err-visible_to_group-needs_group")));
    assert!(p.html.contains("aria-invalid=\"true\""));

    let form = [
        ("title", "रोज़ 20 मिनट टहलना"),
        ("target_per_week", "2"),
        ("group_id", group.as_str()),
        ("visible_to_group", "1"),
    ];
    let p = app.post(&mut rb, "/goals", &form).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    assert_eq!(p.location, "/goals?done=created");
    let p = app.get(&mut rb, &p.location).await;
    assert!(p.html.contains("role=\"status\""));
    assert!(p.html.contains("रोज़ 20 मिनट टहलना"));
    assert!(p.html.contains("अभी नहीं"), "the status in words");
    assert!(p.html.contains("इस हफ़्ते 2 में से 0 बार किया"));
    assert!(p.html.contains("Saathi Circle के साथ साझा"));
    assert!(p.html.contains("+1 हो गया"));
    assert!(p.html.contains(&Lang::Hi.t("goals-end")), "ending asks first");
    every_post_form_has_csrf(&p.html);
    let goal = first_goal(&p.html);
    assert!(!goal.is_empty());

    // +1, then a note that is too long, then +1 again: met.
    let done = format!("/goals/{goal}/progress");
    let p = app.post(&mut rb, &done, &[("count", "1"), ("note", "")]).await;
    assert_eq!(p.location, format!("/goals?done=progress#goal-{goal}"));
    let long = "न".repeat(501);
    let p = app.post(&mut rb, &done, &[("count", "1"), ("note", &long)]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains(&Lang::Hi.t("err-goal_note-too_long")), "{}", p.html);
    assert!(p.html.contains(&format!("id=\"note-{goal}-error\"")));
    let p = app.post(&mut rb, &done, &[("count", "1"), ("note", "सीता के साथ")]).await;
    assert_eq!(p.location, format!("/goals?done=met#goal-{goal}"));
    let p = app.get(&mut rb, "/goals?done=met").await;
    assert!(p.html.contains(&Lang::Hi.t("goals-met-now")));
    assert!(p.html.contains("पूरा हुआ"));
    assert!(p.html.contains("इस हफ़्ते 2 में से 2 बार किया"));

    // Sita sees it on the group page, in English, and cheers.
    let mut sb = app.sign_in("sita").await;
    let page = format!("/groups/{group}");
    let p = app.get(&mut sb, &page).await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(lang_of(&p.html), "en");
    assert!(p.html.contains("This week&#39;s goals"), "{}", p.html);
    assert!(p.html.contains("Ravi</span>: रोज़ 20 मिनट टहलना"));
    assert!(p.html.contains(">Met<"));
    assert!(p.html.contains("Done 2 of 2 times this week"));
    assert!(p.html.contains("No cheers yet this week."));
    assert!(p.html.contains(&format!("action=\"/goals/{goal}/cheer\"")));
    assert!(p.html.contains("href=\"/goals\""), "a member may set a goal too");
    every_post_form_has_csrf(&p.html);
    let p = app.post(&mut sb, &format!("/goals/{goal}/cheer"), &[]).await;
    assert_eq!(p.location, format!("/groups/{group}?done=cheered#goals"));
    let p = app.get(&mut sb, &format!("/groups/{group}?done=cheered")).await;
    assert!(p.html.contains("You cheered them on."));
    assert!(p.html.contains("You cheered"));
    assert!(p.html.contains("1 cheer from the group this week"));
    assert!(!p.html.contains(&format!("action=\"/goals/{goal}/cheer\"")), "once a week");

    // Ravi cannot cheer himself; his page counts the cheer, in Hindi.
    let p = app.get(&mut rb, &page).await;
    assert!(p.html.contains("इस हफ़्ते के लक्ष्य"));
    assert!(!p.html.contains(&format!("action=\"/goals/{goal}/cheer\"")));
    assert_eq!(app.post(&mut rb, &format!("/goals/{goal}/cheer"), &[]).await.status, StatusCode::FORBIDDEN);
    let p = app.get(&mut rb, "/goals").await;
    assert!(p.html.contains("इस हफ़्ते ग्रुप से 1 बार शाबाशी मिली"));

    // Kiran is in no group with Ravi; the counsellor sees the section but sets no goals.
    let mut kb = app.sign_in("kiran").await;
    assert_eq!(app.get(&mut kb, &page).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post(&mut kb, &format!("/goals/{goal}/cheer"), &[]).await.status, StatusCode::FORBIDDEN);
    let p = app.get(&mut cb, &page).await;
    assert!(p.html.contains("रोज़ 20 मिनट टहलना"));
    assert!(!p.html.contains("href=\"/goals\""));
    assert_eq!(app.get(&mut cb, "/goals").await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post(&mut cb, &done, &[("count", "1")]).await.status, StatusCode::FORBIDDEN);

    // Ravi ends the goal: it leaves this week's page and the group's.
    let p = app.post(&mut rb, &format!("/goals/{goal}/end"), &[]).await;
    assert_eq!(p.location, "/goals?done=ended");
    let p = app.get(&mut rb, &p.location).await;
    assert!(p.html.contains(&Lang::Hi.t("goals-ended")));
    assert!(p.html.contains(&Lang::Hi.t("goals-none")));
    let p = app.get(&mut sb, &page).await;
    assert!(p.html.contains("Nobody has shared a goal with this group this week yet."));
    assert_eq!(app.post(&mut rb, &done, &[("count", "1")]).await.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_member_in_no_group_keeps_goals_to_themselves_in_english() {
    let app = App::new(true).await;
    let meera = app.user(Role::Counselor, "meera", "Meera", "en").await;
    app.member("asha", "Asha", "female", 1998, "en", saathi_domain::Stage::Detox, Some(&meera)).await;
    let mut b = app.sign_in("asha").await;
    let p = app.get(&mut b, "/goals").await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(lang_of(&p.html), "en");
    assert!(p.html.contains("You are not in a group yet"));
    assert!(!p.html.contains("name=\"group_id\""), "no group to choose");
    let p = app.post(&mut b, "/goals", &[("title", "Call my mother"), ("target_per_week", "1")]).await;
    assert_eq!(p.location, "/goals?done=created");
    let p = app.get(&mut b, "/goals").await;
    assert!(p.html.contains("Call my mother"));
    assert!(p.html.contains("Not yet"));
    assert!(p.html.contains("Done 0 of 1 time this week"));
    assert!(p.html.contains("Only you (and your counsellor) can see this goal."));
    assert!(!p.html.contains("cheers"), "a private goal has no cheers line");
    // A group one is not in is refused in words, not by a status page.
    let p =
        app.post(&mut b, "/goals", &[("title", "Walk"), ("target_per_week", "2"), ("group_id", "not-my-group")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Choose one of the groups you are in."));
}

/// The part of a `/goals` page about one goal (its card).
fn goal_card<'a>(html: &'a str, goal: &str) -> &'a str {
    html.split(&format!("id=\"goal-{goal}\"")).nth(1).and_then(|s| s.split("</li>").next()).unwrap_or("")
}

#[tokio::test]
async fn a_member_stops_and_starts_again_showing_a_goal_to_the_group() {
    let app = App::new(true).await;
    let meera = app.user(Role::Counselor, "meera", "Meera", "en").await;
    let stage = saathi_domain::Stage::Rehabilitation;
    let ravi = app.member("ravi", "Ravi", "male", 1990, "hi", stage, Some(&meera)).await;
    let sita = app.member("sita", "Sita", "female", 1995, "en", stage, Some(&meera)).await;
    let mut cb = app.sign_in("meera").await;
    let group = app.open_group(&mut cb, "Saathi Circle", &[&meera]).await;
    for m in [&ravi, &sita] {
        app.enrol(&mut cb, &group, m).await;
    }
    let shown = |title: &'static str| {
        [("title", title), ("target_per_week", "2"), ("group_id", group.as_str()), ("visible_to_group", "1")]
    };

    // Ravi, in Hindi: a goal shown to the group has a button to stop showing it.
    let mut rb = app.sign_in("ravi").await;
    assert_eq!(app.post(&mut rb, "/goals", &shown("रोज़ टहलना")).await.location, "/goals?done=created");
    let p = app.get(&mut rb, "/goals").await;
    let goal = first_goal(&p.html);
    let card = goal_card(&p.html, &goal);
    assert!(card.contains(&format!("action=\"/goals/{goal}/sharing\"")), "{card}");
    assert!(card.contains("name=\"visible_to_group\" value=\"0\""));
    assert!(card.contains(&Lang::Hi.t("goals-sharing-stop")));
    assert!(card.contains(&Lang::Hi.t("goals-sharing-stop-explain")));
    assert!(card.contains(&format!("aria-describedby=\"goal-{goal}-sharing goal-{goal}-unshare-hint\"")));
    assert!(card.contains(&format!("id=\"goal-{goal}-sharing\"")), "the button is described by the goal's sharing");
    assert!(!card.contains(&Lang::Hi.t("goals-sharing-start")));
    every_post_form_has_csrf(&p.html);

    // Sita sees it; she cannot change Ravi's choice, nor can the counsellor.
    let mut sb = app.sign_in("sita").await;
    let page = format!("/groups/{group}");
    assert!(app.get(&mut sb, &page).await.html.contains("रोज़ टहलना"));
    let path = format!("/goals/{goal}/sharing");
    assert_eq!(app.post(&mut sb, &path, &[("visible_to_group", "0")]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post(&mut cb, &path, &[("visible_to_group", "0")]).await.status, StatusCode::FORBIDDEN);
    assert!(app.get(&mut sb, &page).await.html.contains("रोज़ टहलना"));

    // Ravi stops showing it: the group page no longer has it; his card offers to show it again.
    let p = app.post(&mut rb, &path, &[("visible_to_group", "0")]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    assert_eq!(p.location, format!("/goals?done=unshared#goal-{goal}"));
    let p = app.get(&mut rb, "/goals?done=unshared").await;
    assert!(p.html.contains(&Lang::Hi.t("goals-sharing-stopped")));
    let card = goal_card(&p.html, &goal);
    assert!(card.contains("Saathi Circle में बनाया, पर ग्रुप को नहीं दिखता।"), "{card}");
    assert!(card.contains("name=\"visible_to_group\" value=\"1\""));
    assert!(card.contains(&Lang::Hi.t("goals-sharing-start")));
    assert!(!card.contains(&Lang::Hi.t("goals-sharing-stop")));
    assert!(!card.contains("शाबाशी"), "no cheers line for a goal the group does not see");
    every_post_form_has_csrf(&p.html);
    let p = app.get(&mut sb, &page).await;
    assert!(!p.html.contains("रोज़ टहलना"));
    assert!(p.html.contains("Nobody has shared a goal with this group this week yet."));
    assert_eq!(app.post(&mut sb, &format!("/goals/{goal}/cheer"), &[]).await.status, StatusCode::FORBIDDEN);

    // And shows it again.
    let p = app.post(&mut rb, &path, &[("visible_to_group", "1")]).await;
    assert_eq!(p.location, format!("/goals?done=shared#goal-{goal}"));
    assert!(app.get(&mut rb, "/goals?done=shared").await.html.contains(&Lang::Hi.t("goals-sharing-started")));
    assert!(app.get(&mut sb, &page).await.html.contains("रोज़ टहलना"));

    // Sita's own goal, in English.
    assert_eq!(app.post(&mut sb, "/goals", &shown("Call home")).await.location, "/goals?done=created");
    let p = app.get(&mut sb, "/goals").await;
    assert_eq!(lang_of(&p.html), "en");
    assert!(p.html.contains("Stop showing this goal to the group<span class=\"visually-hidden\"> — Call home</span>"));
    let mine = first_goal(&p.html);
    let p = app.post(&mut sb, &format!("/goals/{mine}/sharing"), &[("visible_to_group", "0")]).await;
    let p = app.get(&mut sb, &p.location).await;
    assert!(p.html.contains("Your group no longer sees this goal, this week or in any past week."));
    assert!(p.html.contains("Show this goal to the group<span class=\"visually-hidden\"> — Call home</span>"));

    // A goal kept to oneself has no sharing button.
    app.post(&mut sb, "/goals", &[("title", "Sleep early"), ("target_per_week", "3")]).await;
    let p = app.get(&mut sb, "/goals").await;
    assert_eq!(p.html.matches("/sharing\"").count(), 1, "only the goal set in the group");
}
