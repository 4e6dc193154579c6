//! Saving a group's edit form opened before someone else changed the group:
//! nothing is written, the typed settings stay in the form with a message in
//! the reader's language, and saving again replaces the settings. (A child
//! of `page_tests`, for its helpers.)

use super::*;

/// The settings tag the edit form carries (the hidden `shown` field).
fn shown_of(html: &str) -> String {
    html.split("name=\"shown\" value=\"").nth(1).and_then(|s| s.split('"').next()).expect("shown field").to_string()
}

#[tokio::test]
async fn a_stale_group_form_is_refused_with_the_typed_settings_kept() {
    let app = App::new(true).await;
    let meera = app.user(Role::Counselor, "meera", "Meera", "hi").await;
    app.user(Role::Counselor, "asha", "Asha", "en").await;
    let mut b = app.sign_in("meera").await;
    let g = app.open_group(&mut b, "Evening circle", &[&meera]).await;
    let edit = format!("/groups/{g}/edit");
    let p = app.get(&mut b, &edit).await;
    let shown = shown_of(&p.html);

    // Meanwhile Asha closes the group to new members.
    let mut ab = app.sign_in("asha").await;
    let r = app
        .post(
            &mut ab,
            &edit,
            &[
                ("name", "Evening circle"),
                ("kind", "support"),
                ("modality", "in_person"),
                ("capacity", "10"),
                ("agreement", ""),
                ("facilitators", &meera),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);

    // Meera's form, still showing it open, renames it.
    let form = [
        ("shown", shown.as_str()),
        ("name", "Evening circle (Hindi)"),
        ("kind", "support"),
        ("modality", "in_person"),
        ("capacity", "10"),
        ("is_open", "1"),
        ("agreement", ""),
        ("facilitators", meera.as_str()),
    ];
    let p = app.post(&mut b, &edit, &form).await;
    assert_eq!(p.status, StatusCode::CONFLICT, "{}", p.html);
    assert!(p.html.contains(&Lang::Hi.t("err-settings-changed_meanwhile")), "{}", p.html);
    assert!(p.html.contains("value=\"Evening circle (Hindi)\""), "the typed name is kept");
    let now = app.store.get_group(&g).await.expect("db").expect("group");
    assert_eq!((now.name.as_str(), now.is_open), ("Evening circle", false), "nothing written");

    // The form now carries the group's settings as they are: saving it again is her choice.
    let fresh = shown_of(&p.html);
    assert_ne!(fresh, shown);
    let mut again = form;
    again[0] = ("shown", fresh.as_str());
    let p = app.post(&mut b, &edit, &again).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let now = app.store.get_group(&g).await.expect("db").expect("group");
    assert_eq!((now.name.as_str(), now.is_open), ("Evening circle (Hindi)", true));

    // A mistake in a form that is not stale keeps the tag it was shown with.
    let p = app.get(&mut b, &edit).await;
    let tag = shown_of(&p.html);
    let mut bad = again;
    bad[0] = ("shown", tag.as_str());
    bad[4] = ("capacity", "99");
    let p = app.post(&mut b, &edit, &bad).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", p.html);
    assert_eq!(shown_of(&p.html), tag);
}
