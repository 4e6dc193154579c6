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

/// A form post from a browser with its cookies but the wrong CSRF token
/// (another site's page would have none to send): the status it gets.
async fn post_with_wrong_csrf(app: &App, b: &Browser, uri: &str, form: &[(&str, &str)]) -> StatusCode {
    let cookies: Vec<String> = b.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut pairs = form.to_vec();
    pairs.push(("_csrf", "not-the-token"));
    let req = Request::builder()
        .method("POST")
        .uri(uri)
        .header(header::COOKIE, cookies.join("; "))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(serde_urlencoded::to_string(&pairs).expect("form")))
        .expect("request");
    app.router.clone().oneshot(req).await.expect("response").status()
}

#[tokio::test]
async fn one_sets_ones_own_email_for_notifications_with_mistakes_in_ones_language() {
    let app = App::new(true).await;
    let ravi = app.member("ravi", "Ravi", "male", 1990, "hi", saathi_domain::Stage::Rehabilitation, None).await;
    app.member("sita", "Sita", "female", 1995, "en", saathi_domain::Stage::Rehabilitation, None).await;

    // Ravi reads Hindi: the form, empty, with the privacy promise.
    let mut b = app.sign_in("ravi").await;
    let p = app.get(&mut b, "/notifications").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("action=\"/notifications/email\""), "{}", p.html);
    assert!(p.html.contains(&Lang::Hi.t("notif-email-title")));
    assert!(p.html.contains(&Lang::Hi.t("notif-email-hint")), "the privacy hint");
    assert!(p.html.contains("<label for=\"f-email\">"));
    assert!(p.html.contains("type=\"email\"") && p.html.contains("autocomplete=\"email\""));
    assert!(p.html.contains("aria-describedby=\"f-email-hint\""));
    assert_eq!(p.html.matches("name=\"_csrf\"").count(), p.html.matches("method=\"post\"").count());

    // A bad address: 422, said in Hindi, the text kept, nothing stored.
    let p = app.post(&mut b, "/notifications/email", &[("email", "ravi at gmail")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(lang_of(&p.html), "hi");
    assert!(p.html.contains(&Lang::Hi.t("err-email-bad_email")), "{}", p.html);
    assert!(p.html.contains("value=\"ravi at gmail\"") && p.html.contains("aria-invalid=\"true\""));
    assert!(p.html.contains("class=\"error-summary\""));
    assert_eq!(app.store.user_email(&ravi).await.expect("email"), None);

    // A good one is saved and shown back; empty removes it.
    let p = app.post(&mut b, "/notifications/email", &[("email", " ravi@example.org ")]).await;
    assert_eq!((p.status, p.location.as_str()), (StatusCode::SEE_OTHER, "/notifications?done=email#email-title"));
    assert_eq!(app.store.user_email(&ravi).await.expect("email").as_deref(), Some("ravi@example.org"));
    let p = app.get(&mut b, &p.location).await;
    assert!(p.html.contains(&Lang::Hi.t("notif-email-saved")));
    assert!(p.html.contains("value=\"ravi@example.org\""));
    let p = app.post(&mut b, "/notifications/email", &[("email", "")]).await;
    assert_eq!(p.location, "/notifications?done=email-none#email-title");
    assert_eq!(app.store.user_email(&ravi).await.expect("email"), None);
    let p = app.get(&mut b, &p.location).await;
    assert!(p.html.contains(&Lang::Hi.t("notif-email-removed")));

    // Sita, in English; a post without the right CSRF token changes nothing.
    let mut sb = app.sign_in("sita").await;
    let p = app.post(&mut sb, "/notifications/email", &[("email", "sita@")]).await;
    assert!(p.html.contains("This does not look like an e-mail address."));
    let status = post_with_wrong_csrf(&app, &sb, "/notifications/email", &[("email", "evil@example.org")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let sita = app.store.find_for_login("sita").await.expect("find").expect("sita").user.id;
    assert_eq!(app.store.user_email(&sita).await.expect("email"), None);
    // Signed out: not accepted.
    let p = app.post(&mut Browser::default(), "/notifications/email", &[("email", "x@example.org")]).await;
    assert!(!p.location.starts_with("/notifications") && p.status != StatusCode::OK, "{:?}", p.status);
}

#[tokio::test]
async fn admins_set_and_remove_the_webhook_and_never_see_its_secret_again() {
    let app = App::new(true).await;
    let c = app.center_id.clone().expect("centre");
    app.user(Role::Admin, "anita", "Anita", "en").await;
    app.user(Role::Counselor, "meera", "Meera", "hi").await;
    app.member("ravi", "Ravi", "male", 1990, "hi", saathi_domain::Stage::Rehabilitation, None).await;
    let secret = "a-long-shared-webhook-secret";

    // Found from the admin's home; none set yet.
    let mut b = app.sign_in("anita").await;
    let p = app.get(&mut b, "/home").await;
    assert!(p.html.contains("href=\"/admin/webhook\""), "linked beside /admin/users");
    let p = app.get(&mut b, "/admin/webhook").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains(&Lang::En.t("webhook-none")));
    assert!(p.html.contains("<label for=\"f-url\">") && p.html.contains("<label for=\"f-secret\">"));
    assert!(p.html.contains("type=\"password\"") && p.html.contains("autocomplete=\"new-password\""));
    assert!(!p.html.contains("href=\"/admin/webhook/remove\""), "nothing to remove");
    assert_eq!(p.html.matches("name=\"_csrf\"").count(), p.html.matches("method=\"post\"").count());

    // Mistakes in words; the secret is never put back in the form.
    let p = app.post(&mut b, "/admin/webhook", &[("url", "https://gw.example/sms"), ("secret", secret)]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Saathi cannot call https:// addresses."), "{}", p.html);
    assert!(p.html.contains("value=\"https://gw.example/sms\""));
    assert!(!p.html.contains(secret), "the secret is not shown back");
    let p = app.post(&mut b, "/admin/webhook", &[("url", "gw/sms"), ("secret", "short")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains(&Lang::En.t("err-url-bad_url")));
    assert!(p.html.contains(&Lang::En.t("err-secret-length")));
    assert!(app.store.webhook(&c).await.expect("webhook").is_none());
    // Without the right CSRF token: refused, nothing set.
    let url = "http://192.168.1.20:8080/sms";
    let status = post_with_wrong_csrf(&app, &b, "/admin/webhook", &[("url", url), ("secret", secret)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(app.store.webhook(&c).await.expect("webhook").is_none());

    // Set: the URL and when the secret was set, never the secret.
    let p = app.post(&mut b, "/admin/webhook", &[("url", url), ("secret", secret)]).await;
    assert_eq!((p.status, p.location.as_str()), (StatusCode::SEE_OTHER, "/admin/webhook?done=saved"));
    let hook = app.store.webhook(&c).await.expect("webhook").expect("set");
    assert_eq!(hook.url, url);
    let p = app.get(&mut b, &p.location).await;
    assert!(p.html.contains(&Lang::En.t("webhook-saved")));
    assert!(p.html.contains(url));
    let when = Lang::En.datetime(hook.updated_at, chrono_tz::Asia::Kolkata);
    assert!(p.html.contains(&format!("Set on {when}")), "{}", p.html);
    assert!(!p.html.contains(secret));
    assert!(p.html.contains("href=\"/admin/webhook/remove\""));

    // Others may not: a counsellor gets the refusal in Hindi, a member too.
    let mut cb = app.sign_in("meera").await;
    for uri in ["/admin/webhook", "/admin/webhook/remove"] {
        let p = app.get(&mut cb, uri).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{uri}");
        assert!(p.html.contains("अनुमति नहीं है"));
        assert!(!p.html.contains(url));
    }
    let p = app.post(&mut cb, "/admin/webhook", &[("url", "http://10.0.0.9/x"), ("secret", secret)]).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post(&mut cb, "/admin/webhook/remove", &[]).await.status, StatusCode::FORBIDDEN);
    let mut mb = app.sign_in("ravi").await;
    assert_eq!(app.get(&mut mb, "/admin/webhook").await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post(&mut mb, "/admin/webhook/remove", &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.store.webhook(&c).await.expect("webhook").map(|h| h.url).as_deref(), Some(url));

    // Removing asks first; the wrong CSRF token removes nothing; then it goes.
    let p = app.get(&mut b, "/admin/webhook/remove").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains(&Lang::En.t_args("webhook-remove-explain", &[("url", url.into())])));
    assert!(p.html.contains("action=\"/admin/webhook/remove\"") && p.html.contains("href=\"/admin/webhook\""));
    assert_eq!(post_with_wrong_csrf(&app, &b, "/admin/webhook/remove", &[]).await, StatusCode::FORBIDDEN);
    assert!(app.store.webhook(&c).await.expect("webhook").is_some());
    let p = app.post(&mut b, "/admin/webhook/remove", &[]).await;
    assert_eq!(p.location, "/admin/webhook?done=removed");
    assert!(app.store.webhook(&c).await.expect("webhook").is_none());
    let p = app.get(&mut b, &p.location).await;
    assert!(p.html.contains(&Lang::En.t("webhook-removed")) && p.html.contains(&Lang::En.t("webhook-none")));
    // Nothing left to remove: the confirmation page goes back.
    assert_eq!(app.get(&mut b, "/admin/webhook/remove").await.location, "/admin/webhook");
}
