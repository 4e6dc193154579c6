//! Notifications through the pages: the header's unread count, the
//! `/notifications` list in the reader's language, marking one and all
//! read, and another's notification refused. (A child of `page_tests`.)

use super::*;
use crate::i18n::Arg;
use crate::services::notifications::{self as svc, kind};

#[tokio::test]
async fn the_header_counts_unread_and_the_page_lists_and_marks_them_read() {
    let app = App::new(true).await;
    let c = app.center_id.clone().expect("centre");
    let ravi = app.member("ravi", "Ravi", "male", 1990, "hi", saathi_domain::Stage::Rehabilitation, None).await;
    let sita = app.member("sita", "Sita", "female", 1995, "en", saathi_domain::Stage::Rehabilitation, None).await;
    let state = crate::state::AppState::new(app.store.clone(), Config::default());
    let mut made = Vec::new();
    for k in [kind::MUTED, kind::SESSION_REMINDER] {
        made.extend(svc::notify(&state, &c, std::slice::from_ref(&ravi), k, "/home").await.expect("notify"));
    }
    let sitas = svc::notify(&state, &c, &[sita], kind::MUTED, "/home").await.expect("notify");

    // Ravi reads Hindi: the header says how many, on every page.
    let mut b = app.sign_in("ravi").await;
    let p = app.get(&mut b, "/home").await;
    let header_link = Lang::Hi.t_args("notif-header-link", &[("count", Arg::Num(2))]);
    assert!(p.html.contains(&header_link), "{header_link} in {}", p.html);
    assert!(p.html.contains("href=\"/notifications\""));

    let p = app.get(&mut b, "/notifications").await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(lang_of(&p.html), "hi");
    let reminder = Lang::Hi.t("notif-kind-session_reminder");
    let muted = Lang::Hi.t("notif-kind-muted");
    let (r, m) = (p.html.find(&reminder).expect("reminder listed"), p.html.find(&muted).expect("mute listed"));
    assert!(r < m, "newest first");
    assert!(p.html.contains(&Lang::Hi.t("notif-unread")), "unread said in words");
    assert_eq!(p.html.matches("name=\"_csrf\"").count(), p.html.matches("method=\"post\"").count());
    assert!(!p.html.contains(&Lang::Hi.t("notif-older")), "one page only");

    // Marking one read.
    let p = app.post(&mut b, &format!("/notifications/{}/read", made[0]), &[]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let p = app.get(&mut b, &p.location).await;
    assert!(p.html.contains(&Lang::Hi.t("notif-marked")));
    assert!(p.html.contains(&Lang::Hi.t_args("notif-unread-count", &[("count", Arg::Num(1))])));
    // Someone else's: the not-found page, and it stays unread.
    let p = app.post(&mut b, &format!("/notifications/{}/read", sitas[0]), &[]).await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    assert_eq!(app.store.unread_notifications(&sitas_owner(&app, &sitas[0]).await).await.expect("count"), 1);
    // All read.
    let p = app.post(&mut b, "/notifications/read-all", &[]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let p = app.get(&mut b, "/notifications").await;
    assert!(p.html.contains(&Lang::Hi.t_args("notif-unread-count", &[("count", Arg::Num(0))])));
    assert!(!p.html.contains("/notifications/read-all"), "nothing left to mark");

    // Sita reads English; signed out, the page asks to sign in.
    let mut sb = app.sign_in("sita").await;
    let p = app.get(&mut sb, "/notifications").await;
    assert!(p.html.contains(&Lang::En.t("notif-kind-muted")) && p.html.contains("Notifications (1 unread)"));
    let p = app.get(&mut Browser::default(), "/notifications").await;
    assert_eq!((p.status, p.location.as_str()), (StatusCode::SEE_OTHER, "/login?next=/notifications"));
}

async fn sitas_owner(app: &App, id: &str) -> String {
    let sita = app.store.find_for_login("sita").await.expect("find").expect("sita").user.id;
    assert!(app.store.notification(id, &sita).await.expect("read").is_some());
    sita
}
