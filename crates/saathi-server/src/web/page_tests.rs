//! The pages through the real router on a fresh SQLite file: what a person
//! with a browser (and no JavaScript) gets.

use crate::Config;
use crate::auth::password;
use crate::i18n::Lang;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use saathi_domain::Role;
use saathi_store::{NewCenter, NewMember, NewUser, NoteKeys, Store, now_ms};
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
        let store = store.with_note_keys(NoteKeys::generate());
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

    /// An account's details: no full name, the test password.
    fn new_user(&self, role: Role, login: &str, name: &str, language: &str) -> NewUser {
        NewUser {
            center_id: self.center_id.clone().expect("a centre"),
            role,
            login: login.into(),
            phone: None,
            password_hash: password::hash(PW).expect("hash"),
            display_name: name.into(),
            full_name: None,
            language: language.into(),
        }
    }

    async fn user(&self, role: Role, login: &str, name: &str, language: &str) -> String {
        self.store.create_user(&self.new_user(role, login, name, language), None, now_ms()).await.expect("user").id
    }

    /// A member's record as admitted: a man born in 1990, in rehabilitation,
    /// sober since 1 January 2025, with no counsellor. Change what a test needs.
    fn new_member(&self, login: &str, name: &str, language: &str) -> NewMember {
        NewMember {
            user: NewUser {
                full_name: Some(format!("{name} Kumar")),
                ..self.new_user(Role::Member, login, name, language)
            },
            gender: "male".into(),
            birth_year: Some(1990),
            substances: vec!["alcohol".into()],
            stage: saathi_domain::Stage::Rehabilitation,
            sobriety_start: "2025-01-01".into(),
            counselor_id: None,
        }
    }

    /// Stores a member's record; the member's id.
    async fn add_member(&self, m: &NewMember) -> String {
        self.store.create_member(m, None, now_ms()).await.expect("member").id
    }

    /// A member in recovery, as admitted (with a record).
    #[allow(clippy::too_many_arguments)]
    async fn member(
        &self,
        login: &str,
        name: &str,
        gender: &str,
        birth_year: i64,
        language: &str,
        stage: saathi_domain::Stage,
        counselor_id: Option<&str>,
    ) -> String {
        let m = NewMember {
            gender: gender.into(),
            birth_year: Some(birth_year),
            stage,
            counselor_id: counselor_id.map(str::to_string),
            ..self.new_member(login, name, language)
        };
        self.add_member(&m).await
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
    // A year chrono reads but Saathi does not work in.
    let far: Vec<(&str, &str)> =
        bad.iter().map(|&(k, v)| if k == "sobriety_start" { (k, "+262142-12-01") } else { (k, v) }).collect();
    let p = app.post(&mut b, "/members/new", &far).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("<p class=\"field-error\" id=\"f-sobriety_start-error\">"));
    assert!(p.html.contains("Please enter a date as DD-MM-YYYY."), "{}", p.html);

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

// ---------------------------------------------------------------------------
// Groups, sessions, the sharing circle and notes

/// A date and time a few minutes ago in the centre's zone, as the forms take them.
fn kolkata_minutes_ago(minutes: i64) -> (String, String) {
    let t = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Kolkata) - chrono::Duration::minutes(minutes);
    (t.format("%d-%m-%Y").to_string(), t.format("%H:%M").to_string())
}

/// The id in a `/prefix/{id}?…` location.
fn id_in(location: &str, prefix: &str) -> String {
    location.trim_start_matches(prefix).split(['?', '#']).next().unwrap_or("").to_string()
}

impl App {
    /// A group for anyone, through the form; returns its id.
    async fn open_group(&self, b: &mut Browser, name: &str, facilitators: &[&str]) -> String {
        let mut form = vec![
            ("name", name),
            ("kind", "support"),
            ("modality", "in_person"),
            ("capacity", "10"),
            ("is_open", "1"),
            ("agreement", ""),
        ];
        for f in facilitators {
            form.push(("facilitators", f));
        }
        let p = self.post(b, "/groups/new", &form).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
        id_in(&p.location, "/groups/")
    }

    /// Enrols through the group page's form.
    async fn enrol(&self, b: &mut Browser, group: &str, member: &str) -> Page {
        self.post(b, &format!("/groups/{group}/enroll"), &[("member_id", member), ("q", "")]).await
    }

    /// A session that started five minutes ago, through the group page; returns its id.
    async fn session_now(&self, b: &mut Browser, group: &str) -> String {
        let (date, time) = kolkata_minutes_ago(5);
        let p = self
            .post(b, &format!("/groups/{group}/sessions"), &[("date", &date), ("time", &time), ("topic", "triggers")])
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
        id_in(&p.location, "/sessions/")
    }
}

#[tokio::test]
async fn a_counsellor_creates_and_edits_a_group_through_the_form() {
    let app = App::new(true).await;
    let meera = app.user(Role::Counselor, "meera", "Meera", "en").await;
    let vikram = app.user(Role::PeerMentor, "vikram", "Vikram", "en").await;
    let mut b = app.sign_in("meera").await;

    let p = app.get(&mut b, "/groups").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("No groups yet"), "{}", p.html);
    assert!(p.html.contains("href=\"/groups\" aria-current=\"page\""), "the menu shows where we are");

    let p = app.get(&mut b, "/groups/new").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("Twelve-step group") && p.html.contains("SMART Recovery"), "kinds are named");
    assert!(p.html.contains(&format!("id=\"f-facilitators-{meera}\" name=\"facilitators\" value=\"{meera}\" checked")));
    assert!(p.html.contains("Vikram (Peer mentor)"), "peer mentors may facilitate");
    assert!(p.html.contains("id=\"f-weekdays-MO\""));
    assert!(p.html.contains("lang=\"mr\">मराठी"), "language names in their own script and language");
    assert!(p.html.contains(&Lang::En.t("group-agreement-default")), "the default agreement, in English");

    // Mistakes come back together, with the typed values kept; nothing is written.
    let bad = [
        ("name", ""),
        ("kind", "support"),
        ("modality", "in_person"),
        ("capacity", "20"),
        ("min_age", "40"),
        ("max_age", "20"),
        ("weekdays", "MO"),
        ("start_time", "25:00"),
        ("duration", "90"),
        ("facilitators", meera.as_str()),
    ];
    let p = app.post(&mut b, "/groups/new", &bad).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    for msg in [
        "Please give the group a name.",
        "A group has from 5 to 12 places.",
        "The youngest age is above the oldest age.",
        "Please enter the start time as HH:MM",
    ] {
        assert!(p.html.contains(msg), "{msg}: {}", p.html);
    }
    for id in ["f-name", "f-capacity", "f-min_age", "f-start_time"] {
        assert!(p.html.contains(&format!("href=\"#{id}\"")), "the summary links to {id}");
    }
    assert!(p.html.contains("value=\"20\""), "typed values are kept");
    assert!(p.html.contains("id=\"f-weekdays-MO\" name=\"weekdays\" value=\"MO\" checked"));
    let center = app.center_id.clone().expect("centre");
    assert!(app.store.list_groups(&center, None).await.expect("groups").is_empty());

    let (today, _) = kolkata_minutes_ago(0);
    let good = [
        ("name", "Women's evening circle"),
        ("kind", "support"),
        ("modality", "hybrid"),
        ("capacity", "8"),
        ("genders", "female"),
        ("stages", "rehabilitation"),
        ("stages", "relapse_prevention"),
        ("languages", "hi"),
        ("weekdays", "TH"),
        ("weekdays", "MO"),
        ("start_time", "18:00"),
        ("duration", "90"),
        ("starts_on", today.as_str()),
        ("facilitators", meera.as_str()),
        ("facilitators", vikram.as_str()),
        ("is_open", "1"),
        ("agreement", &Lang::En.t("group-agreement-default")),
    ];
    let p = app.post(&mut b, "/groups/new", &good).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    assert!(p.location.ends_with("?done=created"));
    let id = id_in(&p.location, "/groups/");
    let g = app.store.get_group(&id).await.expect("db").expect("group");
    let s = g.schedule.clone().expect("a schedule");
    assert_eq!(s.rrule, "FREQ=WEEKLY;BYDAY=MO,TH", "ticked days make a weekly rule, in the week's order");
    assert_eq!((s.start_time.as_str(), s.duration_minutes), ("18:00", 90));
    assert_eq!(g.capacity, 8);
    assert_eq!(g.eligibility.genders, ["female"]);
    assert_eq!(g.eligibility.languages, ["hi"]);
    assert_eq!(g.agreement, saathi_domain::group::DEFAULT_AGREEMENT, "the default is stored as the default");
    let mut want = vec![meera.clone(), vikram.clone()];
    want.sort();
    assert_eq!(g.facilitator_ids, want);

    let p = app.get(&mut b, &p.location).await;
    assert!(p.html.contains("The group is created."));
    assert!(p.html.contains("Every Monday, Thursday at 18:00, 90 minutes"), "{}", p.html);
    assert!(p.html.contains("Hybrid (in person and online)"));
    assert!(p.html.contains("Meera, Vikram") || p.html.contains("Vikram, Meera"));
    assert!(p.html.contains("Sessions") && p.html.contains("Add a session"));

    let p = app.get(&mut b, "/groups").await;
    assert!(p.html.contains("Women&#39;s evening circle") || p.html.contains("Women&#x27;s evening circle"));
    assert!(p.html.contains("0 of 8"));

    let p = app.get(&mut b, &format!("/groups/{id}/edit")).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(
        p.html.contains("id=\"f-weekdays-TH\" name=\"weekdays\" value=\"TH\" checked"),
        "the rule comes back as days"
    );
    assert!(p.html.contains("value=\"18:00\""));
    let mut edit = good.to_vec();
    edit.retain(|(k, _)| *k != "capacity");
    edit.push(("capacity", "12"));
    let p = app.post(&mut b, &format!("/groups/{id}/edit"), &edit).await;
    assert_eq!(p.location, format!("/groups/{id}?done=saved"));
    assert_eq!(app.store.get_group(&id).await.expect("db").expect("group").capacity, 12);

    // A member may not create groups.
    app.member("ravi", "Ravi", "male", 1990, "en", saathi_domain::Stage::Rehabilitation, Some(&meera)).await;
    let mut mb = app.sign_in("ravi").await;
    assert_eq!(app.get(&mut mb, "/groups/new").await.status, StatusCode::FORBIDDEN);
    let p = app.get(&mut mb, "/groups").await;
    assert!(p.html.contains("You are not in a group yet."));
}

#[tokio::test]
async fn an_ineligible_enrolment_shows_every_reason_in_the_chosen_language() {
    let app = App::new(true).await;
    let asha = app.user(Role::Counselor, "asha", "Asha", "hi").await;
    let ravi = app.member("ravi", "Ravi", "male", 1980, "en", saathi_domain::Stage::Detox, Some(&asha)).await;
    let mut b = app.sign_in("asha").await;
    let form = [
        ("name", "Yuva Mahila"),
        ("kind", "support"),
        ("modality", "in_person"),
        ("capacity", "6"),
        ("genders", "female"),
        ("stages", "rehabilitation"),
        ("min_age", "18"),
        ("max_age", "25"),
        ("languages", "hi"),
        ("facilitators", asha.as_str()),
        ("is_open", "1"),
    ];
    let p = app.post(&mut b, "/groups/new", &form).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let group = id_in(&p.location, "/groups/");

    // The search offers Ravi.
    let p = app.get(&mut b, &format!("/groups/{group}?q=rav")).await;
    assert_eq!(lang_of(&p.html), "hi");
    assert!(p.html.contains(&format!("name=\"member_id\" value=\"{ravi}\"")), "{}", p.html);

    let p = app.post(&mut b, &format!("/groups/{group}/enroll"), &[("member_id", &ravi), ("q", "rav")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(lang_of(&p.html), "hi");
    assert!(p.html.contains("Ravi इस ग्रुप में नहीं जुड़ सकते:"), "{}", p.html);
    for reason in [
        "Ravi डिटॉक्स चरण में हैं; यह ग्रुप पुनर्वास (रिहैब) के लिए है।",
        "यह ग्रुप इनके लिए है: महिला।",
        "Ravi की उम्र 25 साल से ज़्यादा है",
        "यह ग्रुप हिन्दी में चलता है; Ravi English बोलते हैं।",
    ] {
        assert!(p.html.contains(reason), "{reason}: {}", p.html);
    }
    assert!(!p.html.contains("stage detox is not one of"), "no English detail in a Hindi page");
    // Asha facilitates: she may add Ravi anyway, with a written reason.
    assert!(p.html.contains("name=\"override_reason\""));
    let p = app
        .post(
            &mut b,
            &format!("/groups/{group}/enroll"),
            &[("member_id", &ravi), ("override", "1"), ("override_reason", " ")],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("कृपया लिखें कि यह सदस्य फिर भी क्यों जुड़ें।"), "an empty reason is refused");
    assert!(app.store.list_enrollments(&group).await.expect("db").is_empty(), "nothing written");

    let p = app
        .post(
            &mut b,
            &format!("/groups/{group}/enroll"),
            &[("member_id", &ravi), ("override", "1"), ("override_reason", "Family request; the team agreed")],
        )
        .await;
    assert_eq!(p.location, format!("/groups/{group}?done=enrolled"));
    let p = app.get(&mut b, &p.location).await;
    assert!(p.html.contains("सदस्य ग्रुप में जुड़ गए।"));
    assert!(p.html.contains("नियमों के बावजूद जोड़ा गया: Family request; the team agreed"));

    // The same refusal in English for an English-speaking counsellor.
    app.user(Role::Counselor, "meera", "Meera", "en").await;
    let sunil = app.member("sunil", "Sunil", "male", 1985, "hi", saathi_domain::Stage::Detox, None).await;
    let mut eb = app.sign_in("meera").await;
    let p = app.post(&mut eb, &format!("/groups/{group}/enroll"), &[("member_id", &sunil)]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Sunil cannot join this group:"));
    assert!(p.html.contains("This group is for: Female."));
    assert!(!p.html.contains("name=\"override_reason\""), "only facilitators and admins may override");

    // Removal asks first, then frees the place.
    let p = app.get(&mut b, &format!("/groups/{group}/members/{ravi}/remove")).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("Ravi को Yuva Mahila से हटाएँ?"));
    let p = app.post(&mut b, &format!("/groups/{group}/members/{ravi}/remove"), &[]).await;
    assert_eq!(p.location, format!("/groups/{group}?done=removed"));
}

#[tokio::test]
async fn override_reasons_are_shown_to_staff_not_to_a_peer_mentor_facilitator() {
    let app = App::new(true).await;
    let meera = app.user(Role::Counselor, "meera", "Meera", "en").await;
    let vikram = app.user(Role::PeerMentor, "vikram", "Vikram", "en").await;
    app.user(Role::Admin, "anita", "Anita", "en").await;
    let ravi = app.member("ravi", "Ravi", "male", 1990, "en", saathi_domain::Stage::Rehabilitation, Some(&meera)).await;
    let mut b = app.sign_in("meera").await;
    let form = [
        ("name", "Women's circle"),
        ("kind", "support"),
        ("modality", "in_person"),
        ("capacity", "8"),
        ("genders", "female"),
        ("facilitators", meera.as_str()),
        ("facilitators", vikram.as_str()),
        ("is_open", "1"),
        ("agreement", ""),
    ];
    let p = app.post(&mut b, "/groups/new", &form).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let group = id_in(&p.location, "/groups/");
    let why = "Transgender woman; the team agreed";
    let p = app
        .post(
            &mut b,
            &format!("/groups/{group}/enroll"),
            &[("member_id", &ravi), ("override", "1"), ("override_reason", why)],
        )
        .await;
    assert_eq!(p.location, format!("/groups/{group}?done=enrolled"), "{}", p.html);

    // The counsellor and the admin see why Ravi was let in.
    let url = format!("/groups/{group}");
    for (login, mut browser) in [("meera", b), ("anita", app.sign_in("anita").await)] {
        let p = app.get(&mut browser, &url).await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(p.html.contains(&format!("added despite the rules: {why}")), "{login}: {}", p.html);
    }
    // The peer mentor who co-facilitates sees the roster, not the reason.
    let mut pb = app.sign_in("vikram").await;
    let p = app.get(&mut pb, &url).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("id=\"roster-title\"") && p.html.contains("Ravi"), "{}", p.html);
    assert!(!p.html.contains(why), "{}", p.html);
    assert!(!p.html.contains("added despite the rules"), "{}", p.html);
}

#[tokio::test]
async fn a_staff_view_of_a_member_page_is_audited_once() {
    let app = App::new(true).await;
    let meera = app.user(Role::Counselor, "meera", "Meera", "en").await;
    let ravi = app.member("ravi", "Ravi", "male", 1990, "en", saathi_domain::Stage::Rehabilitation, Some(&meera)).await;
    let mut b = app.sign_in("meera").await;
    let center = app.center_id.clone().expect("centre");
    let actions = |actor: &str| saathi_store::AuditFilter {
        actor_id: Some(actor.to_string()),
        target_id: Some(ravi.clone()),
        limit: 50,
        ..Default::default()
    };
    let read = async |f: saathi_store::AuditFilter| {
        let mut a: Vec<String> =
            app.store.list_audit(&center, &f).await.expect("audit").into_iter().map(|r| r.action).collect();
        a.sort();
        a
    };
    // The record (its stage history and attendance with it), and the notes:
    // one row each, not one per part of the page.
    assert_eq!(app.get(&mut b, &format!("/members/{ravi}")).await.status, StatusCode::OK);
    assert_eq!(read(actions(&meera)).await, ["member.read", "note.read"]);
    let p = app.get(&mut b, &format!("/members/{ravi}/checkins")).await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(read(actions(&meera)).await, ["member.read", "member.read", "note.read"]);
    // The member's own pages are not audited.
    let mut m = app.sign_in("ravi").await;
    assert_eq!(app.get(&mut m, "/checkins").await.status, StatusCode::OK);
    let own = read(actions(&ravi)).await;
    assert!(!own.iter().any(|a| a.ends_with(".read")), "{own:?}");
}

#[tokio::test]
async fn attendance_and_a_circle_turn_through_the_session_page() {
    let app = App::new(true).await;
    let meera = app.user(Role::Counselor, "meera", "Meera", "en").await;
    let ravi = app.member("ravi", "Ravi", "male", 1990, "en", saathi_domain::Stage::Rehabilitation, Some(&meera)).await;
    let sita =
        app.member("sita", "Sita", "female", 1995, "en", saathi_domain::Stage::Rehabilitation, Some(&meera)).await;
    let mut b = app.sign_in("meera").await;
    let group = app.open_group(&mut b, "Evening circle", &[&meera]).await;
    for m in [&ravi, &sita] {
        assert_eq!(app.enrol(&mut b, &group, m).await.location, format!("/groups/{group}?done=enrolled"));
    }
    let p = app.enrol(&mut b, &group, &ravi).await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    assert!(p.html.contains("This member is already in the group or on its waitlist."));
    // A date in a year Saathi does not work in, or not as people write one: the form says so.
    for date in ["01-12-+262142", "+262142-12-01", "01-12-2101", "2026-01-05-01"] {
        let p = app
            .post(&mut b, &format!("/groups/{group}/sessions"), &[("date", date), ("time", "18:00"), ("topic", "")])
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{date}");
        assert!(p.html.contains("Please enter a date as DD-MM-YYYY."), "{date}");
    }
    let session = app.session_now(&mut b, &group).await;
    let code = app.store.get_group_session(&session).await.expect("db").expect("session").checkin_code;

    // Ravi: his home shows the group and the next session; he accepts the agreement and checks in.
    let mut rb = app.sign_in("ravi").await;
    let p = app.get(&mut rb, "/home").await;
    assert!(p.html.contains("Evening circle") && p.html.contains("Next session:"), "{}", p.html);
    assert!(p.html.contains("Please accept the group agreement"));
    let p = app.get(&mut rb, &format!("/groups/{group}")).await;
    assert!(p.html.contains(&Lang::En.t("group-agreement-default")));
    assert!(!p.html.contains("Check in to the session"), "check-in waits for the agreement");
    let p = app.post(&mut rb, &format!("/groups/{group}/agreement"), &[]).await;
    assert_eq!(p.location, format!("/groups/{group}?done=accepted"));
    let p = app.get(&mut rb, &p.location).await;
    assert!(p.html.contains("You accepted the agreement on"));
    assert!(p.html.contains("Check in to the session"));
    assert!(!p.html.contains(&code), "a member never sees the code");
    let p = app.post(&mut rb, &format!("/sessions/{session}/checkin"), &[("code", "000000x")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("This code is not right."));
    let p = app.post(&mut rb, &format!("/sessions/{session}/checkin"), &[("code", &code)]).await;
    assert_eq!(p.location, format!("/groups/{group}?done=present"));
    assert_eq!(app.get(&mut rb, &format!("/sessions/{session}")).await.status, StatusCode::FORBIDDEN);

    // The facilitator's page: the code, and who is recorded how.
    let p = app.get(&mut b, &format!("/sessions/{session}")).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains(&format!("<p class=\"checkin-code\" id=\"checkin-code\">{code}</p>")));
    assert!(p.html.contains("(Present, checked in themselves)"), "{}", p.html);
    assert!(p.html.contains("(not recorded)"));
    assert!(p.html.contains("<script src=\"/assets/saathi.js?v="), "the timer script, same origin");

    // Sita has not accepted the agreement: she is named, nothing is written.
    let ravi_status = format!("status-{ravi}");
    let sita_status = format!("status-{sita}");
    let p = app
        .post(&mut b, &format!("/sessions/{session}/attendance"), &[(&ravi_status, "late"), (&sita_status, "present")])
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Sita has not accepted the group agreement yet"), "{}", p.html);
    assert!(p.html.contains(&format!("id=\"att-{sita}-error\"")));
    assert!(p.html.contains(&format!("href=\"#att-{sita}\"")));
    assert!(
        p.html.contains(&format!("id=\"att-{ravi}-late\" name=\"{ravi_status}\" value=\"late\" checked")),
        "typed values kept"
    );
    let p = app.post(&mut b, &format!("/sessions/{session}/attendance"), &[]).await;
    assert!(p.html.contains("Please choose a status for at least one member."));

    let mut sb = app.sign_in("sita").await;
    app.post(&mut sb, &format!("/groups/{group}/agreement"), &[]).await;
    let p = app
        .post(
            &mut b,
            &format!("/sessions/{session}/attendance"),
            &[(&ravi_status, "present"), (&sita_status, "present")],
        )
        .await;
    assert_eq!(p.location, format!("/sessions/{session}?done=attendance#attendance"));
    let p = app.get(&mut b, &format!("/sessions/{session}?done=attendance")).await;
    assert!(p.html.contains("Attendance is saved."));
    assert!(p.html.contains("nobody has spoken yet"));

    // The circle: next speaker in round order, a timed share, a pass.
    let p = app.get(&mut b, &format!("/sessions/{session}?next=round")).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let first = p.location.split("speaker=").nth(1).and_then(|s| s.split('#').next()).unwrap_or("").to_string();
    assert!(first == ravi || first == sita, "{}", p.location);
    let (speaker, other) = if first == ravi { ("Ravi", sita.clone()) } else { ("Sita", ravi.clone()) };
    let p = app.get(&mut b, &p.location).await;
    assert!(p.html.contains(&format!("Now speaking: {speaker}")));
    assert!(
        p.html.contains("data-timer=") && p.html.contains("name=\"minutes\""),
        "a timer, and minutes without JavaScript"
    );

    let turns = format!("/sessions/{session}/turns");
    let p = app.post(&mut b, &turns, &[("member_id", &first), ("minutes", "lots"), ("action", "share")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Please enter minutes, for example 3 or 2:30."));
    for huge in ["307445734561825861:00", "240:01", "100000"] {
        let p = app.post(&mut b, &turns, &[("member_id", &first), ("minutes", huge), ("action", "share")]).await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{huge}");
        assert!(p.html.contains("Please enter minutes, for example 3 or 2:30."), "{huge}");
    }
    let p = app.post(&mut b, &turns, &[("member_id", &first), ("minutes", "2:30"), ("action", "share")]).await;
    assert_eq!(p.location, format!("/sessions/{session}?done=turn#circle"));
    let p = app.post(&mut b, &turns, &[("member_id", &other), ("seconds", ""), ("action", "pass")]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);

    let p = app.get(&mut b, &format!("/sessions/{session}?done=turn")).await;
    assert!(p.html.contains("The turn is recorded."));
    assert!(p.html.contains("Everyone has had a turn."));
    assert!(p.html.contains("<span class=\"talk-fill w-100\"></span>"), "the talker's bar is full");
    assert!(p.html.contains("<span class=\"talk-fill w-0\"></span>"), "the pass has no bar");
    assert!(p.html.contains("150 seconds"), "seconds as text for screen readers");
    assert!(p.html.contains("<span class=\"balance-number\">0.50</span>"), "{}", p.html);
    assert!(p.html.contains("dominated by a few voices"));
    let c = app.store.turns(&session).await.expect("turns");
    assert_eq!(c.len(), 2);
    assert_eq!(c.iter().map(|t| t.seconds).sum::<i64>(), 150);
    assert_eq!(
        app.get(&mut b, &format!("/sessions/{session}?next=random")).await.location,
        format!("/sessions/{session}?done=all-shared#circle")
    );

    // The member's record shows the group and the attendance.
    let p = app.get(&mut b, &format!("/members/{ravi}")).await;
    assert!(p.html.contains("Evening circle"));
    assert!(p.html.contains("Attended 1 of 1 sessions recorded (100%)."), "{}", p.html);

    // Moving and cancelling.
    let p = app.get(&mut b, &format!("/sessions/{session}/cancel")).await;
    assert!(p.html.contains("Cancel the session of"));
    app.post(&mut b, &format!("/sessions/{session}/cancel"), &[]).await;
    let p = app.get(&mut b, &format!("/sessions/{session}")).await;
    assert!(p.html.contains("This session is cancelled."));
    let p = app.post(&mut b, &turns, &[("member_id", &first), ("minutes", "1"), ("action", "share")]).await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    assert!(p.html.contains("restore it first"));
    let p = app.post(&mut b, &format!("/sessions/{session}/restore"), &[]).await;
    assert_eq!(p.location, format!("/sessions/{session}?done=restored"));
    let p = app
        .post(&mut b, &format!("/sessions/{session}/edit"), &[("date", "31-02-2026"), ("time", "18:00"), ("topic", "")])
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Please enter a date as DD-MM-YYYY."));
}

#[tokio::test]
async fn notes_are_for_counsellors_only() {
    let app = App::new(true).await;
    let meera = app.user(Role::Counselor, "meera", "Meera", "en").await;
    let vikram = app.user(Role::PeerMentor, "vikram", "Vikram", "en").await;
    app.user(Role::Admin, "anita", "Anita", "en").await;
    let ravi = app.member("ravi", "Ravi", "male", 1990, "en", saathi_domain::Stage::Rehabilitation, Some(&meera)).await;
    let sita =
        app.member("sita", "Sita", "female", 1995, "en", saathi_domain::Stage::Rehabilitation, Some(&meera)).await;
    let mut b = app.sign_in("meera").await;
    let group = app.open_group(&mut b, "Evening circle", &[&meera, &vikram]).await;
    for m in [&ravi, &sita] {
        app.enrol(&mut b, &group, m).await;
        app.store.accept_agreement(&group, m, now_ms()).await.expect("agreement");
    }
    let session = app.session_now(&mut b, &group).await;
    let (rs, ss) = (format!("status-{ravi}"), format!("status-{sita}"));
    let p = app.post(&mut b, &format!("/sessions/{session}/attendance"), &[(&rs, "present"), (&ss, "present")]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);

    // During the session the note waits (each read is audited); it opens on request.
    let url = format!("/sessions/{session}");
    let p = app.get(&mut b, &url).await;
    assert!(p.html.contains("Write or read the note now") && !p.html.contains("name=\"group_note\""));
    let p = app.get(&mut b, &format!("{url}?notes=1")).await;
    assert!(p.html.contains("name=\"group_note\""));
    assert!(p.html.contains(&format!("name=\"part-{ravi}\"")) && p.html.contains(&format!("name=\"part-{sita}\"")));

    // No group note: nothing is written.
    let part_r = format!("part-{ravi}");
    let part_s = format!("part-{sita}");
    let one_r = format!("one_to_one-{ravi}");
    let p =
        app.post(&mut b, &format!("{url}/notes"), &[("group_note", " "), (&part_r, "Ravi: cravings at night.")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Please write the group note."));
    assert!(p.html.contains("Ravi: cravings at night."), "typed parts are kept");
    assert!(app.store.session_notes(&session).await.expect("notes").is_empty());

    let p = app
        .post(
            &mut b,
            &format!("{url}/notes"),
            &[
                ("group_note", "Topic: triggers. Sita shared about her brother's arrest."),
                (&part_r, "Ravi spoke about cravings at night."),
                (&one_r, "1"),
                (&part_s, ""),
            ],
        )
        .await;
    assert_eq!(p.location, format!("{url}?notes=1&done=notes#notes"));
    let p = app.get(&mut b, &format!("{url}?notes=1&done=notes")).await;
    assert!(p.html.contains("The note is saved."));
    assert!(p.html.contains("Sita shared about her brother") && p.html.contains("Ravi spoke about cravings"));
    assert!(!p.html.contains("name=\"group_note\""), "the group note is written once");
    assert!(
        !p.html.contains(&format!("name=\"{part_r}\"")) && p.html.contains(&format!("name=\"{part_s}\"")),
        "only what is missing"
    );
    assert!(!p.html.contains("/sign-off\""), "a counsellor who is not senior does not sign off");

    // A note at its longest in Hindi (9 bytes a character in the form) is
    // taken; any other form that long gets the too-long page, in words.
    let long: String = "नशा".chars().cycle().take(saathi_domain::notes::BODY_MAX).collect();
    let p = app.post(&mut b, &format!("/members/{sita}/notes"), &[("body", long.as_str())]).await;
    assert_eq!(p.location, format!("/members/{sita}?done=note#notes"), "{}", p.html);
    assert!(app.get(&mut b, &format!("/members/{sita}")).await.html.contains(&long));
    let p =
        app.post(&mut b, &format!("{url}/turns"), &[("member_id", ravi.as_str()), ("minutes", long.as_str())]).await;
    assert_eq!(p.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(p.html.contains(&Lang::En.t("error-too-large-title")), "{}", p.html);

    // The same form sent again (the back button): nothing new, no complaint.
    let again = [
        ("group_note", "Topic: triggers. Sita shared about her brother's arrest."),
        (part_r.as_str(), "Ravi spoke about cravings at night."),
    ];
    let p = app.post(&mut b, &format!("{url}/notes"), &again).await;
    assert_eq!(p.location, format!("{url}?notes=1&done=notes#notes"));
    // A form opened before someone else wrote: nothing is overwritten and the
    // text typed is not dropped: it comes back, said why, in both languages.
    let stale = [
        ("group_note", "Topic: family visits."),
        (part_r.as_str(), "Ravi was quiet today."),
        (part_s.as_str(), "Sita helped a newcomer."),
    ];
    let p = app.post(&mut b, &format!("{url}/notes"), &stale).await;
    assert_eq!(p.status, StatusCode::CONFLICT, "{}", p.html);
    let said = Lang::En.t("notes-written-meanwhile");
    assert_eq!(p.html.matches(&said).count(), 4, "summary and field, for the group note and Ravi's part: {}", p.html);
    for typed in ["Topic: family visits.", "Ravi was quiet today."] {
        assert!(p.html.contains(&format!(">{typed}</textarea>")), "{typed} is kept in its field");
    }
    let written = app.store.session_notes(&session).await.expect("notes");
    assert_eq!(written.len(), 3, "Sita's part, which nobody had written, is saved");
    assert!(written.iter().any(|n| n.body == "Topic: triggers. Sita shared about her brother's arrest."));
    assert!(written.iter().any(|n| n.body == "Ravi spoke about cravings at night."));
    assert!(written.iter().all(|n| !n.body.contains("family visits") && !n.body.contains("quiet today")));
    assert_ne!(Lang::Hi.t("notes-written-meanwhile"), Lang::En.t("notes-written-meanwhile"));

    // Ravi's record carries his part only, never what others shared.
    let p = app.get(&mut b, &format!("/members/{ravi}")).await;
    assert!(p.html.contains("Ravi spoke about cravings at night."));
    assert!(!p.html.contains("brother"), "another member's disclosure stays in the group note");
    let p = app.post(&mut b, &format!("/members/{ravi}/notes"), &[("body", "")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Please write the note."));
    let p = app.post(&mut b, &format!("/members/{ravi}/notes"), &[("body", "Call the family on Friday.")]).await;
    assert_eq!(p.location, format!("/members/{ravi}?done=note#notes"));
    assert!(app.get(&mut b, &format!("/members/{ravi}")).await.html.contains("Call the family on Friday."));

    // The one-to-one is a follow-up on Ravi's counsellor's home, until done.
    let p = app.get(&mut b, "/home").await;
    assert!(p.html.contains("One-to-one talks to have"));
    let followups = app.store.open_follow_ups(&meera).await.expect("follow-ups");
    assert_eq!(followups.len(), 1);
    assert!(p.html.contains(&format!("action=\"/follow-ups/{}/done\"", followups[0].id)));
    let p = app.post(&mut b, &format!("/follow-ups/{}/done", followups[0].id), &[]).await;
    assert_eq!(p.location, "/home?done=followup#followups");
    let p = app.get(&mut b, "/home?done=followup").await;
    assert!(p.html.contains("The follow-up is marked done.") && p.html.contains("No open follow-ups."));

    // A peer mentor runs the session but never sees a note.
    let mut vb = app.sign_in("vikram").await;
    let p = app.get(&mut vb, &format!("{url}?notes=1")).await;
    assert_eq!(p.status, StatusCode::OK);
    for secret in ["cravings at night", "brother", "name=\"group_note\""] {
        assert!(!p.html.contains(secret), "{secret}: {}", p.html);
    }
    assert!(!p.html.contains("Confidential session note"));
    assert_ne!(app.get(&mut vb, &format!("/members/{ravi}")).await.status, StatusCode::OK);
    // A member neither.
    let mut rb = app.sign_in("ravi").await;
    assert_eq!(app.get(&mut rb, &url).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post(&mut rb, &format!("{url}/notes"), &[("group_note", "x")]).await.status, StatusCode::FORBIDDEN);

    // An admin supervises: reads, signs off; an amendment follows.
    let mut ab = app.sign_in("anita").await;
    let p = app.get(&mut ab, &format!("{url}?notes=1")).await;
    assert!(p.html.contains("Sita shared about her brother"));
    assert!(!p.html.contains("name=\"group_note\""), "admins read and sign off; counsellors write");
    let group_note = app
        .store
        .session_notes(&session)
        .await
        .expect("notes")
        .into_iter()
        .find(|n| n.member_id.is_none())
        .expect("group note");
    let p = app
        .post(&mut ab, &format!("/notes/{}/sign-off", group_note.id), &[("next", &format!("{url}?notes=1#notes"))])
        .await;
    assert_eq!(p.location, format!("{url}?notes=1&done=signed#notes"));
    let p = app.get(&mut b, &format!("{url}?notes=1")).await;
    assert!(p.html.contains("Signed off by Anita"));
    let p = app.get(&mut b, &format!("/notes/{}/amend?next=/sessions/{session}", group_note.id)).await;
    assert_eq!(p.status, StatusCode::OK);
    let p = app
        .post(
            &mut b,
            &format!("/notes/{}/amend", group_note.id),
            &[
                ("body", "Sita asked that this stays out of her family's hearing."),
                ("next", &format!("/sessions/{session}?notes=1")),
            ],
        )
        .await;
    assert_eq!(p.location, format!("/sessions/{session}?notes=1&done=amended"));
    let p = app.get(&mut b, &p.location).await;
    assert!(p.html.contains("The amendment is added.") && p.html.contains("Sita asked that this stays"));
}

#[tokio::test]
async fn a_full_group_keeps_a_waitlist_that_moves_up() {
    let app = App::new(true).await;
    let meera = app.user(Role::Counselor, "meera", "Meera", "en").await;
    let mut ids = Vec::new();
    for i in 1..=7 {
        let login = format!("member{i}");
        let name = format!("Member{i}");
        ids.push(
            app.member(&login, &name, "male", 1990, "hi", saathi_domain::Stage::Rehabilitation, Some(&meera)).await,
        );
    }
    let mut b = app.sign_in("meera").await;
    let group = app.open_group(&mut b, "Small circle", &[&meera]).await;
    let mut edit = vec![
        ("name", "Small circle"),
        ("kind", "support"),
        ("modality", "in_person"),
        ("capacity", "5"),
        ("is_open", "1"),
    ];
    edit.push(("facilitators", &meera));
    assert_eq!(app.post(&mut b, &format!("/groups/{group}/edit"), &edit).await.status, StatusCode::SEE_OTHER);
    for id in &ids[..5] {
        assert_eq!(app.enrol(&mut b, &group, id).await.location, format!("/groups/{group}?done=enrolled"));
    }
    let p = app.enrol(&mut b, &group, &ids[5]).await;
    assert_eq!(p.location, format!("/groups/{group}?done=waitlisted&position=1"));
    let p = app.enrol(&mut b, &group, &ids[6]).await;
    assert_eq!(p.location, format!("/groups/{group}?done=waitlisted&position=2"));
    let p = app.get(&mut b, &p.location).await;
    assert!(p.html.contains("The group is full: the member is on the waitlist, place 2."));
    assert!(p.html.contains("Place 1") && p.html.contains("Place 2"));
    assert!(p.html.contains("The group is full: a new member goes on the waitlist."));

    // The waiting member sees their place, and may leave the waitlist.
    let mut wb = app.sign_in("member7").await;
    let p = app.get(&mut wb, "/groups").await;
    assert!(p.html.contains("प्रतीक्षा सूची में, 2वाँ स्थान"), "{}", p.html);
    assert!(!p.html.contains(&format!("href=\"/groups/{group}\"")), "the group opens once there is a place");
    let leave = format!("/groups/{group}/members/{}/remove", ids[6]);
    assert!(p.html.contains(&leave));
    assert_eq!(app.get(&mut wb, &leave).await.status, StatusCode::OK);
    assert_eq!(app.post(&mut wb, &leave, &[]).await.location, "/groups?done=left");

    // A place frees: the first on the waitlist moves up, and is named.
    let p = app.post(&mut b, &format!("/groups/{group}/members/{}/remove", ids[0]), &[]).await;
    assert_eq!(p.location, format!("/groups/{group}?done=removed&promoted={}", ids[5]));
    let p = app.get(&mut b, &p.location).await;
    assert!(p.html.contains("Member6 moved up from the waitlist and has a place now."));
    assert!(p.html.contains("Nobody is waiting."));
    let mut pb = app.sign_in("member6").await;
    let p = app.get(&mut pb, "/home").await;
    assert!(p.html.contains(&format!("href=\"/groups/{group}\"")), "the promoted member's home links the group");
}

#[tokio::test]
async fn the_session_page_shows_who_to_celebrate_in_the_facilitators_language() {
    let app = App::new(true).await;
    let meera = app.user(Role::Counselor, "meera", "Meera", "hi").await;
    let stage = saathi_domain::Stage::Rehabilitation;
    let ravi = app.member("ravi", "Ravi", "male", 1990, "hi", stage, Some(&meera)).await;
    let sita = app.member("sita", "Sita", "female", 1995, "en", stage, Some(&meera)).await;
    // Both reached 7 days today; only Ravi lets his groups see his milestones.
    let week_ago = (chrono::Utc::now().with_timezone(&chrono_tz::Asia::Kolkata) - chrono::Duration::days(7))
        .format("%Y-%m-%d")
        .to_string();
    for m in [&ravi, &sita] {
        let patch = saathi_store::MemberPatch { sobriety_start: Some(week_ago.clone()), ..Default::default() };
        app.store.update_member(m, &patch, &meera, now_ms()).await.expect("start");
    }
    app.store.set_milestones_to_group(&ravi, true, now_ms()).await.expect("sharing");
    let mut b = app.sign_in("meera").await;
    let group = app.open_group(&mut b, "Evening circle", &[&meera]).await;
    for m in [&ravi, &sita] {
        app.enrol(&mut b, &group, m).await;
    }
    let session = app.session_now(&mut b, &group).await;
    let p = app.get(&mut b, &format!("/sessions/{session}")).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains(&Lang::Hi.t("celebrate-title")), "{}", p.html);
    assert!(p.html.contains("Ravi: 7 दिन नशा-मुक्त"), "{}", p.html);
    assert!(!p.html.contains("Sita: 7"), "Sita keeps her milestones private");
}

#[tokio::test]
async fn a_role_change_names_what_must_be_handed_over_first_in_the_admins_language() {
    let app = App::new(true).await;
    app.user(Role::Admin, "admin", "Admin", "hi").await;
    let meera = app.user(Role::Counselor, "meera", "Meera", "en").await;
    let mut cb = app.sign_in("meera").await;
    app.open_group(&mut cb, "Evening circle", &[&meera]).await;
    let mut b = app.sign_in("admin").await;
    let p = app.post(&mut b, &format!("/admin/users/{meera}/role"), &[("role", "admin")]).await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    assert!(p.html.contains("Meera अभी भी इन ग्रुप को चलाते हैं: Evening circle"), "{}", p.html);
    assert!(p.html.contains(&Lang::Hi.t("users-hand-over")));
    assert!(p.html.contains(&format!("aria-describedby=\"role-{meera}-error\"")));
    let u = app.store.get_user(&meera).await.expect("db").expect("user");
    assert_eq!(u.role, Role::Counselor);
}

mod chat_pages;
mod checkin_pages;
mod crisis_pages;
mod goal_pages;
mod group_pages;
mod member_pages;
mod mentor_pages;
mod notification_pages;
mod progress_pages;
mod risk_pages;

#[tokio::test]
async fn a_member_chooses_on_their_home_whether_groups_celebrate_their_milestones() {
    let app = App::new(true).await;
    let meera = app.user(Role::Counselor, "meera", "Meera", "en").await;
    let ravi = app.member("ravi", "Ravi", "male", 1990, "hi", saathi_domain::Stage::Rehabilitation, Some(&meera)).await;
    let mut b = app.sign_in("ravi").await;
    let p = app.get(&mut b, "/home").await;
    assert!(p.html.contains(&Lang::Hi.t("sharing-milestones-off")), "private until the member chooses");
    let p = app.post(&mut b, "/sharing", &[("milestones_to_group", "1")]).await;
    assert_eq!((p.status, p.location.as_str()), (StatusCode::SEE_OTHER, "/home?done=sharing"));
    assert!(app.store.get_member(&ravi).await.expect("db").expect("member").milestones_to_group);
    let p = app.get(&mut b, "/home?done=sharing").await;
    assert!(p.html.contains(&Lang::Hi.t("sharing-saved")) && p.html.contains(&Lang::Hi.t("sharing-milestones-on")));
    app.post(&mut b, "/sharing", &[("milestones_to_group", "0")]).await;
    assert!(!app.store.get_member(&ravi).await.expect("db").expect("member").milestones_to_group);
    // A counsellor has no such choice to make for anyone.
    let mut cb = app.sign_in("meera").await;
    let p = app.post(&mut cb, "/sharing", &[("milestones_to_group", "1")]).await;
    assert!(p.status.is_client_error(), "{}", p.status);
}
