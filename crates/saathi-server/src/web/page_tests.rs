//! The pages through the real router on a fresh SQLite file: what a person
//! with a browser (and no JavaScript) gets.

use crate::Config;
use crate::auth::password;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use saathi_domain::Role;
use saathi_store::{NewCenter, NewUser, Store, now_ms};
use std::collections::HashMap;
use tower::ServiceExt;

const PW: &str = "a-good-password";

struct App {
    router: Router,
    store: Store,
    center_id: Option<String>,
    _dir: tempfile::TempDir,
}

struct Page {
    status: StatusCode,
    location: String,
    set_cookies: Vec<String>,
    headers: axum::http::HeaderMap,
    html: String,
}

/// A browser: its cookies, sent back with every request.
#[derive(Default, Clone)]
struct Browser {
    cookies: HashMap<String, String>,
    accept_language: Option<String>,
}

impl App {
    async fn new(with_center: bool) -> App {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::connect(&format!("sqlite://{}/web.db", dir.path().display())).await.expect("connect");
        store.migrate().await.expect("migrate");
        let center_id = if with_center {
            let c = store
                .create_center(&NewCenter { name: "Test Kendra".into(), timezone: "Asia/Kolkata".into() }, now_ms())
                .await
                .expect("centre");
            Some(c.id)
        } else {
            None
        };
        let router = crate::app(store.clone(), Config { secure_cookies: false, ..Config::default() });
        App { router, store, center_id, _dir: dir }
    }

    async fn user(&self, role: Role, login: &str, name: &str, language: &str) -> String {
        let center_id = self.center_id.clone().expect("a centre");
        let u = NewUser {
            center_id,
            role,
            login: login.into(),
            phone: None,
            password_hash: password::hash(PW).expect("hash"),
            display_name: name.into(),
            full_name: None,
            language: language.into(),
        };
        self.store.create_user(&u, None, now_ms()).await.expect("user").id
    }

    async fn send(&self, b: &mut Browser, method: &str, uri: &str, form: &[(&str, &str)]) -> Page {
        let mut req = Request::builder().method(method).uri(uri);
        if !b.cookies.is_empty() {
            let c: Vec<String> = b.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            req = req.header(header::COOKIE, c.join("; "));
        }
        if let Some(al) = &b.accept_language {
            req = req.header(header::ACCEPT_LANGUAGE, al);
        }
        let body = if method == "POST" {
            req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            let mut pairs: Vec<(&str, &str)> = form.to_vec();
            let csrf = b.cookies.get("saathi_csrf").cloned().unwrap_or_default();
            pairs.push(("_csrf", &csrf));
            Body::from(serde_urlencoded::to_string(&pairs).expect("form"))
        } else {
            Body::empty()
        };
        let resp = self.router.clone().oneshot(req.body(body).expect("request")).await.expect("response");
        let status = resp.status();
        let headers = resp.headers().clone();
        let set_cookies: Vec<String> =
            headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok().map(str::to_string)).collect();
        for c in &set_cookies {
            let first = c.split(';').next().unwrap_or("");
            if let Some((k, v)) = first.split_once('=') {
                if c.contains("Max-Age=0") {
                    b.cookies.remove(k);
                } else {
                    b.cookies.insert(k.to_string(), v.to_string());
                }
            }
        }
        let location = headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        Page { status, location, set_cookies, headers, html: String::from_utf8_lossy(&bytes).into_owned() }
    }

    async fn get(&self, b: &mut Browser, uri: &str) -> Page {
        self.send(b, "GET", uri, &[]).await
    }

    async fn post(&self, b: &mut Browser, uri: &str, form: &[(&str, &str)]) -> Page {
        self.send(b, "POST", uri, form).await
    }

    /// Signs in through the login form.
    async fn sign_in(&self, login: &str) -> Browser {
        let mut b = Browser::default();
        self.get(&mut b, "/login").await;
        let p = self.post(&mut b, "/login", &[("login", login), ("password", PW)]).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
        assert_eq!(p.location, "/home");
        b
    }
}

fn lang_of(html: &str) -> &str {
    html.split("<html lang=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("")
}

#[tokio::test]
async fn a_fresh_installation_explains_how_to_start() {
    let app = App::new(false).await;
    let mut b = Browser::default();
    let p = app.get(&mut b, "/login").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("saathi center add --name"), "{}", p.html);
    assert!(p.html.contains("saathi user add --role admin --login admin"));
    assert!(p.headers.get(header::CONTENT_SECURITY_POLICY).is_some());
}

#[tokio::test]
async fn the_first_visit_follows_the_browser_then_the_choice_is_remembered() {
    let app = App::new(true).await;
    let mut b = Browser { accept_language: Some("hi-IN,hi;q=0.9,en;q=0.8".into()), ..Default::default() };
    let p = app.get(&mut b, "/login").await;
    assert_eq!(lang_of(&p.html), "hi");
    assert!(p.html.contains("साइन इन करें"));
    assert!(!p.html.contains("saathi center add"), "a centre exists: no setup help");

    let p = app.post(&mut b, "/language", &[("lang", "en"), ("next", "/login")]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(p.location, "/login");
    assert!(p.set_cookies.iter().any(|c| c.starts_with("saathi_lang=en;") && c.contains("Max-Age=31536000")));
    let p = app.get(&mut b, "/login").await;
    assert_eq!(lang_of(&p.html), "en", "the cookie beats Accept-Language");

    // Only local paths are followed after a switch.
    let p = app.post(&mut b, "/language", &[("lang", "hi"), ("next", "//evil.example/")]).await;
    assert_eq!(p.location, "/");
}

#[tokio::test]
async fn signed_out_visitors_are_sent_to_sign_in_and_come_back() {
    let app = App::new(true).await;
    app.user(Role::Counselor, "meera", "Meera", "en").await;
    let mut b = Browser::default();
    let p = app.get(&mut b, "/members?q=ravi").await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(p.location, "/login?next=/members%3Fq%3Dravi");
    assert_eq!(app.get(&mut b, "/").await.location, "/login");

    app.get(&mut b, "/login?next=/members%3Fq%3Dravi").await;
    let p = app.post(&mut b, "/login", &[("login", "meera"), ("password", PW), ("next", "/members?q=ravi")]).await;
    assert_eq!(p.location, "/members?q=ravi");
    assert!(p.set_cookies.iter().any(|c| c.starts_with("saathi_session=") && c.contains("HttpOnly")));
    assert_eq!(app.get(&mut b, "/").await.location, "/home");

    let p = app.post(&mut b, "/logout", &[]).await;
    assert_eq!(p.location, "/login");
    assert!(p.set_cookies.iter().any(|c| c.starts_with("saathi_session=;") && c.contains("Max-Age=0")));
    assert_eq!(app.get(&mut b, "/home").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn wrong_passwords_get_a_message_then_a_wait() {
    let app = App::new(true).await;
    app.user(Role::Counselor, "meera", "Meera", "en").await;
    let mut b = Browser::default();
    app.get(&mut b, "/login").await;
    let p = app.post(&mut b, "/login", &[("login", "meera"), ("password", "nope-nope")]).await;
    assert_eq!(p.status, StatusCode::UNAUTHORIZED);
    assert!(p.html.contains("role=\"alert\""));
    assert!(p.html.contains("username or password is not right"));
    assert!(p.html.contains("value=\"meera\""), "the login is kept");
    let mut last = p;
    for _ in 0..6 {
        last = app.post(&mut b, "/login", &[("login", "meera"), ("password", "nope-nope")]).await;
    }
    assert_eq!(last.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(last.html.contains("Please wait 15 minutes"), "{}", last.html);
    assert!(last.headers.get(header::RETRY_AFTER).is_some());
}

#[tokio::test]
async fn a_counsellor_admits_edits_and_discharges_a_member() {
    let app = App::new(true).await;
    app.user(Role::Counselor, "meera", "Meera", "en").await;
    let mut b = app.sign_in("meera").await;

    let p = app.get(&mut b, "/home").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("Namaste, Meera"));
    assert!(p.html.contains("No members are assigned to you yet."));

    // A form with mistakes comes back with every message, values kept, password not.
    let bad = [
        ("login", "ravi kumar"),
        ("password", "secret-pass"),
        ("display_name", "Ravi"),
        ("full_name", ""),
        ("gender", "male"),
        ("birth_year", "nineteen"),
        ("language", "hi"),
        ("stage", "detox"),
        ("sobriety_start", "01-01-2099"),
    ];
    let p = app.post(&mut b, "/members/new", &bad).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    for id in ["f-login", "f-full_name", "f-birth_year", "f-sobriety_start"] {
        assert!(p.html.contains(&format!("href=\"#{id}\"")), "summary links to {id}");
        // The message has an id, and the input points at it.
        assert!(p.html.contains(&format!("<p class=\"field-error\" id=\"{id}-error\">")), "{id} has a message");
        assert!(p.html.matches(&format!("{id}-error\"")).count() >= 2, "{id} is described by its message");
    }
    assert!(p.html.contains("aria-invalid=\"true\""));
    assert!(p.html.contains("Please enter a number, for example 1990."));
    assert!(p.html.contains("The sober date cannot be in the future."));
    assert!(p.html.contains("value=\"Ravi\""), "typed values are kept");
    assert!(!p.html.contains("secret-pass"), "the password is not sent back");

    let good = [
        ("login", "ravi.kumar"),
        ("password", PW),
        ("display_name", "Ravi"),
        ("full_name", "Ravi Kumar"),
        ("gender", "male"),
        ("birth_year", "1990"),
        ("language", "hi"),
        ("substances", "alcohol"),
        ("substances_other", "gutkha"),
        ("stage", "detox"),
        ("sobriety_start", "01-11-2026"),
    ];
    let p = app.post(&mut b, "/members/new", &good).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let url = p.location.clone();
    assert!(url.ends_with("?done=created"));
    let member_url = url.trim_end_matches("?done=created").to_string();
    let id = member_url.trim_start_matches("/members/").to_string();
    let m = app.store.get_member(&id).await.expect("db").expect("member");
    assert_eq!(m.sobriety_start, "2026-11-01", "DD-MM-YYYY is understood");
    assert_eq!(m.substances, ["alcohol", "gutkha"]);

    let p = app.get(&mut b, &url).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("role=\"status\""));
    assert!(p.html.contains("1 November 2026"));
    assert!(p.html.contains("Admitted to Detox"));
    assert!(p.html.contains(&format!("href=\"{member_url}/discharge\"")), "a counsellor may discharge");

    // Aftercare is refused in the edit form: use the discharge.
    let mut edit = good.to_vec();
    edit.retain(|(k, _)| !matches!(*k, "login" | "password" | "stage"));
    edit.push(("stage", "aftercare"));
    let p = app.post(&mut b, &member_url, &edit).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Aftercare starts with a discharge"));
    assert!(p.html.contains("<details open>"), "the form is open on an error");

    let mut edit = edit.clone();
    edit.retain(|(k, _)| *k != "stage");
    edit.push(("stage", "rehabilitation"));
    let p = app.post(&mut b, &member_url, &edit).await;
    assert_eq!(p.location, format!("{member_url}?done=saved"));
    let p = app.get(&mut b, &member_url).await;
    assert!(p.html.contains("Detox → Rehabilitation"));

    let p = app.get(&mut b, &format!("{member_url}/discharge")).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("Discharge Ravi?"));
    let p = app.post(&mut b, &format!("{member_url}/discharge"), &[]).await;
    assert_eq!(p.location, format!("{member_url}?done=discharged"));
    let p = app.post(&mut b, &format!("{member_url}/discharge"), &[]).await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    assert!(p.html.contains("already been discharged"), "an error page, not JSON: {}", p.html);

    let p = app.get(&mut b, "/home").await;
    assert!(p.html.contains(&format!("href=\"{member_url}\"")), "Ravi is on the counsellor's home");
    let p = app.get(&mut b, "/members?q=rav").await;
    assert!(p.html.contains("<table>") && p.html.contains("Ravi"));
    let p = app.get(&mut b, "/members?q=nobody").await;
    assert!(p.html.contains("No member matches"));

    // The member signs in and sees their own journey.
    let mut mb = app.sign_in("ravi.kumar").await;
    let p = app.get(&mut mb, "/home").await;
    assert_eq!(lang_of(&p.html), "hi", "the member's saved language");
    assert!(p.html.contains("आफ़्टरकेयर"));
    assert!(p.html.contains("href=\"tel:14416\""));
    assert_eq!(app.get(&mut mb, "/members").await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&mut mb, &member_url).await.location, "/home");
}

#[tokio::test]
async fn admins_manage_accounts_and_see_errors_in_place() {
    let app = App::new(true).await;
    let admin = app.user(Role::Admin, "anita", "Anita", "en").await;
    let meera = app.user(Role::Counselor, "meera", "Meera", "hi").await;
    let mut b = app.sign_in("anita").await;

    let p = app.get(&mut b, "/home").await;
    assert!(p.html.contains("Test Kendra") && p.html.contains("Members by stage"));
    let p = app.get(&mut b, "/admin/users").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("Meera") && p.html.contains("You cannot change your own role"));

    let p = app
        .post(
            &mut b,
            "/admin/users",
            &[("role", "counselor"), ("login", "meera"), ("password", "long-enough"), ("display_name", "Dup")],
        )
        .await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    assert!(p.html.contains("This username is already taken"));
    let p = app
        .post(
            &mut b,
            "/admin/users",
            &[("role", "peer_mentor"), ("login", "vikram"), ("password", "long-enough"), ("display_name", "Vikram")],
        )
        .await;
    assert_eq!(p.location, "/admin/users?done=created");

    let p = app.post(&mut b, &format!("/admin/users/{admin}/role"), &[("role", "counselor")]).await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    assert!(p.html.contains("You cannot change your own role"));
    let p = app.post(&mut b, &format!("/admin/users/{meera}/role"), &[("role", "member")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("This change is not possible for this account."));
    assert!(p.html.contains(&format!("aria-describedby=\"role-{meera}-error\"")));
    let p = app.post(&mut b, &format!("/admin/users/{meera}/role"), &[("role", "admin")]).await;
    assert_eq!(p.location, "/admin/users?offset=0&done=role");

    app.store.set_role(&meera, Role::Counselor, &admin, now_ms()).await.expect("back to counsellor");
    let mut cb = app.sign_in("meera").await;
    let p = app.get(&mut cb, "/admin/users").await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert_eq!(lang_of(&p.html), "hi");
    assert!(p.html.contains("अनुमति नहीं है"));
    let p = app.get(&mut cb, "/members/not-a-member").await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    assert!(p.html.contains("<h1>पेज नहीं मिला</h1>"));
}

#[tokio::test]
async fn assets_are_embedded_and_cached() {
    let app = App::new(true).await;
    let mut b = Browser::default();
    let p = app.get(&mut b, super::assets::css_url()).await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(p.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()), Some("text/css; charset=utf-8"));
    assert!(
        p.headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("immutable"))
    );
    assert!(p.html.contains("prefers-reduced-motion"));
    assert_eq!(app.get(&mut b, "/assets/nope.js").await.status, StatusCode::NOT_FOUND);
}
