//! Saving a member's record from a form opened before someone else changed
//! it: only what the person changed is written, and a field both changed is
//! shown again as it is now. (A child of `page_tests`, for its helpers.)

use super::*;

/// The record as the edit form showed it (the hidden `shown` field), unescaped.
fn shown_of(html: &str) -> String {
    let v = html.split("name=\"shown\" value=\"").nth(1).and_then(|s| s.split('"').next()).expect("shown field");
    v.replace("&#34;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// The edit form as the record shows it, with `shown` and any changes.
fn edit_form<'a>(shown: &'a str, changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("shown", shown),
        ("display_name", "Ravi"),
        ("full_name", "Ravi Kumar"),
        ("gender", "male"),
        ("birth_year", "1990"),
        ("language", "hi"),
        ("substances", "alcohol"),
        ("stage", "rehabilitation"),
        ("sobriety_start", "2025-01-01"),
    ];
    for (k, v) in changes {
        f.retain(|(name, _)| name != k);
        f.push((k, v));
    }
    f
}

#[tokio::test]
async fn a_stale_edit_form_keeps_what_others_changed_meanwhile_and_shows_a_clash() {
    let app = App::new(true).await;
    let meera = app.user(Role::Counselor, "meera", "Meera", "en").await;
    let asha = app.user(Role::Counselor, "asha", "Asha", "en").await;
    let stage = saathi_domain::Stage::Rehabilitation;
    let ravi = app.member("ravi", "Ravi", "male", 1990, "hi", stage, Some(&meera)).await;
    let url = format!("/members/{ravi}");
    let mut b = app.sign_in("meera").await;
    let p = app.get(&mut b, &url).await;
    let shown = shown_of(&p.html);
    assert!(shown.contains("\"sobriety_start\":\"2025-01-01\""), "{shown}");

    // While Meera's form is open, Asha moves Ravi on and a lapse resets his date.
    let meanwhile = saathi_store::MemberPatch {
        stage: Some(saathi_domain::Stage::RelapsePrevention),
        sobriety_start: Some("2026-11-01".into()),
        ..Default::default()
    };
    app.store.update_member(&ravi, &meanwhile, &asha, now_ms()).await.expect("meanwhile");

    // Meera changes only the name: the stage and the date stay as Asha left them.
    let p = app.post(&mut b, &url, &edit_form(&shown, &[("display_name", "Ravi K")])).await;
    assert_eq!((p.status, p.location.as_str()), (StatusCode::SEE_OTHER, format!("{url}?done=saved").as_str()));
    let m = app.store.get_member(&ravi).await.expect("db").expect("member");
    assert_eq!(m.display_name, "Ravi K");
    assert_eq!(m.stage, saathi_domain::Stage::RelapsePrevention, "the stage change is not undone");
    assert_eq!(m.sobriety_start, "2026-11-01", "the reset is not undone");
    let history = app.store.stage_history(&ravi).await.expect("history");
    assert_eq!(history.len(), 2, "no stage change back: {history:?}");

    // From the same stale form, Meera also changes the date: it clashes with
    // the reset. Nothing is written; the field shows the date as it is now,
    // with a message; her other change is kept in the form.
    let form = edit_form(&shown, &[("full_name", "Ravi Kumar Singh"), ("sobriety_start", "15-10-2026")]);
    let p = app.post(&mut b, &url, &form).await;
    assert_eq!(p.status, StatusCode::CONFLICT, "{}", p.html);
    assert!(p.html.contains(&Lang::En.t("err-changed_meanwhile")), "{}", p.html);
    assert!(p.html.contains("<p class=\"field-error\" id=\"f-sobriety_start-error\">"), "{}", p.html);
    assert!(p.html.contains("value=\"2026-11-01\""), "the date as it is now");
    assert!(p.html.contains("value=\"Ravi Kumar Singh\""), "the typed full name is kept");
    assert!(p.html.contains("<details open>"));
    let m = app.store.get_member(&ravi).await.expect("db").expect("member");
    assert_eq!(m.full_name.as_deref(), Some("Ravi Kumar"), "nothing written");
    assert_eq!(m.sobriety_start, "2026-11-01");

    // The form now judges against the record as it is: saving it again, with
    // the date changed once more, is her decision to make.
    let shown = shown_of(&p.html);
    let form = edit_form(
        &shown,
        &[
            ("display_name", "Ravi K"),
            ("full_name", "Ravi Kumar Singh"),
            ("stage", "relapse_prevention"),
            ("sobriety_start", "15-10-2026"),
        ],
    );
    let p = app.post(&mut b, &url, &form).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let m = app.store.get_member(&ravi).await.expect("db").expect("member");
    assert_eq!((m.full_name.as_deref(), m.sobriety_start.as_str()), (Some("Ravi Kumar Singh"), "2026-10-15"));

    // A shown stage that is stale and a different stage asked for: a clash too.
    let p = app.get(&mut b, &url).await;
    let shown = shown_of(&p.html);
    let back = saathi_store::MemberPatch { stage: Some(saathi_domain::Stage::Rehabilitation), ..Default::default() };
    app.store.update_member(&ravi, &back, &asha, now_ms()).await.expect("meanwhile");
    let stale = [
        ("display_name", "Ravi K"),
        ("full_name", "Ravi Kumar Singh"),
        ("stage", "detox"),
        ("sobriety_start", "2026-10-15"),
    ];
    let p = app.post(&mut b, &url, &edit_form(&shown, &stale)).await;
    assert_eq!(p.status, StatusCode::CONFLICT, "{}", p.html);
    assert!(p.html.contains("<p class=\"field-error\" id=\"f-stage-error\">"), "{}", p.html);
    let m = app.store.get_member(&ravi).await.expect("db").expect("member");
    assert_eq!(m.stage, saathi_domain::Stage::Rehabilitation);
}
