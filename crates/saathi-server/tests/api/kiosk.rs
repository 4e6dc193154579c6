//! The centre's shared tablet (kiosk), through the real router and a real
//! database, as a browser uses it: cookies, forms and the CSRF token.

use crate::helpers::*;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use saathi_domain::Role;
use saathi_domain::lockout::MAX_FAILURES;
use saathi_server::Config;
use sqlx::Row;
use std::collections::HashMap;
use tower::ServiceExt;

/// A browser: its cookies, sent back with every request.
#[derive(Default, Clone)]
struct Browser {
    cookies: HashMap<String, String>,
}

struct Page {
    status: StatusCode,
    location: String,
    set_cookies: Vec<String>,
    headers: axum::http::HeaderMap,
    html: String,
}

async fn send(router: &Router, b: &mut Browser, method: &str, uri: &str, form: &[(&str, &str)], csrf: bool) -> Page {
    let mut req = Request::builder().method(method).uri(uri);
    if !b.cookies.is_empty() {
        let c: Vec<String> = b.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
        req = req.header(header::COOKIE, c.join("; "));
    }
    let body = if method == "POST" {
        req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        let mut pairs: Vec<(&str, &str)> = form.to_vec();
        let token = b.cookies.get("saathi_csrf").cloned().unwrap_or_default();
        if csrf {
            pairs.push(("_csrf", &token));
        }
        Body::from(serde_urlencoded::to_string(&pairs).expect("form"))
    } else {
        Body::empty()
    };
    let resp = router.clone().oneshot(req.body(body).expect("request")).await.expect("response");
    let status = resp.status();
    let headers = resp.headers().clone();
    let set_cookies: Vec<String> =
        headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok().map(str::to_string)).collect();
    for c in &set_cookies {
        if let Some((k, v)) = c.split(';').next().unwrap_or("").split_once('=') {
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

async fn get(router: &Router, b: &mut Browser, uri: &str) -> Page {
    send(router, b, "GET", uri, &[], true).await
}

async fn post(router: &Router, b: &mut Browser, uri: &str, form: &[(&str, &str)]) -> Page {
    send(router, b, "POST", uri, form, true).await
}

/// Signs in through the login form.
async fn web_sign_in(router: &Router, login: &str) -> Browser {
    let mut b = Browser::default();
    get(router, &mut b, "/login").await;
    let p = post(router, &mut b, "/login", &[("login", login), ("password", PASSWORD)]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "sign-in of {login}: {}", p.html);
    b
}

/// A counsellor turns a fresh browser into a kiosk; the tablet's browser.
async fn enrol(router: &Router, counselor_login: &str, name: &str) -> Browser {
    let mut b = web_sign_in(router, counselor_login).await;
    let p = get(router, &mut b, "/kiosk/setup").await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.html);
    let p = post(router, &mut b, "/kiosk/setup", &[("name", name)]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    assert_eq!(p.location, "/kiosk?done=enrolled");
    assert!(b.cookies.contains_key("saathi_kiosk"), "the device cookie is set");
    assert!(!b.cookies.contains_key("saathi_session"), "the staff member is signed out");
    b
}

/// Sets a member's PIN as staff; the member code shown.
async fn set_pin(router: &Router, staff: &mut Browser, member_id: &str, pin: &str) -> String {
    let p = post(router, staff, &format!("/members/{member_id}/kiosk"), &[("pin", pin)]).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.html);
    between(&p.html, "id=\"kiosk-issued-code\">", "<")
}

fn between(html: &str, start: &str, end: &str) -> String {
    html.split(start).nth(1).and_then(|s| s.split(end).next()).unwrap_or_else(|| panic!("no {start} in {html}")).into()
}

async fn kiosk_sign_in(router: &Router, tablet: &Browser, code: &str, pin: &str) -> (Browser, Page) {
    let mut b = tablet.clone();
    get(router, &mut b, "/kiosk").await;
    let p = post(router, &mut b, "/kiosk", &[("code", code), ("pin", pin)]).await;
    (b, p)
}

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    db_value(app, "SELECT COUNT(*) FROM audit_log WHERE action = $1", action).await
}

/// The first column of the one row a query (with one argument) finds,
/// read straight from the database.
async fn db_value<T>(app: &TestApp, sql: &'static str, arg: &str) -> T
where
    T: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    sqlx::query(sql)
        .bind(arg.to_string())
        .fetch_one(&sqlx::AnyPool::connect(&app.url).await.expect("pool"))
        .await
        .expect("row")
        .try_get(0)
        .expect("value")
}

/// A counsellor (web and API), a member with a kiosk PIN, an enrolled tablet.
struct Setup {
    counselor: Browser,
    member_id: String,
    code: String,
    tablet: Browser,
}

const PIN: &str = "2580";

async fn setup(app: &TestApp) -> Setup {
    let (_, api) = app.user(Role::Counselor, "meera").await;
    let member_id = app.member(&api, "ravi", "Ravi").await;
    let mut counselor = web_sign_in(&app.router, "meera").await;
    let code = set_pin(&app.router, &mut counselor, &member_id, PIN).await;
    let tablet = enrol(&app.router, "meera", "Common room").await;
    Setup { counselor, member_id, code, tablet }
}

both!(staff_enrol_a_tablet_other_roles_are_refused, |app: TestApp| async move {
    let (_, api) = app.user(Role::Counselor, "meera").await;
    app.user(Role::PeerMentor, "mentor").await;
    app.user(Role::Family, "family").await;
    app.user(Role::Admin, "admin").await;
    app.member(&api, "ravi", "Ravi").await;
    for login in ["ravi", "mentor", "family"] {
        let mut b = web_sign_in(&app.router, login).await;
        assert_eq!(get(&app.router, &mut b, "/kiosk/setup").await.status, StatusCode::FORBIDDEN, "{login}");
        let p = post(&app.router, &mut b, "/kiosk/setup", &[("name", "Mine")]).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{login}");
        assert!(!b.cookies.contains_key("saathi_kiosk"), "{login}");
    }
    // Signed out: to the sign-in page first.
    let p = get(&app.router, &mut Browser::default(), "/kiosk/setup").await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(p.location, "/login?next=/kiosk/setup");
    // A name is needed.
    let mut b = web_sign_in(&app.router, "meera").await;
    let p = post(&app.router, &mut b, "/kiosk/setup", &[("name", "  ")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!b.cookies.contains_key("saathi_kiosk"));

    // A counsellor and an admin may.
    let tablet = enrol(&app.router, "meera", "Common room").await;
    let token = tablet.cookies.get("saathi_kiosk").cloned().expect("device cookie");
    enrol(&app.router, "admin", "Office").await;
    // The cookie is long-lived and HttpOnly; only its hash is stored. The
    // staff member who enrolled it is signed out for good (not only the cookie).
    let mut s = web_sign_in(&app.router, "meera").await;
    let session = s.cookies.get("saathi_session").cloned().expect("session");
    assert_eq!(app.get("/api/v1/me", &session).await.status, StatusCode::OK);
    let p = post(&app.router, &mut s, "/kiosk/setup", &[("name", "Hall")]).await;
    let cookie = p.set_cookies.iter().find(|c| c.starts_with("saathi_kiosk=")).expect("cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("Max-Age=34560000"), "{cookie}");
    assert_eq!(app.get("/api/v1/me", &session).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(audit_count(&app, "kiosk.enrolled").await, 3);
    let pool = sqlx::AnyPool::connect(&app.url).await.expect("pool");
    let hashes: Vec<String> = sqlx::query("SELECT token_hash FROM kiosk_devices")
        .fetch_all(&pool)
        .await
        .expect("rows")
        .iter()
        .map(|r| r.try_get("token_hash").expect("hash"))
        .collect();
    assert_eq!(hashes.len(), 3);
    assert!(hashes.contains(&saathi_server::auth::token_hash(&token)));
    assert!(!hashes.contains(&token), "the token itself is not stored");
    // The list shows all three; another centre sees none of them.
    let mut list = web_sign_in(&app.router, "meera").await;
    let p = get(&app.router, &mut list, "/kiosk/setup").await;
    for name in ["Common room", "Office", "Hall"] {
        assert!(p.html.contains(name), "{name}");
    }
    app.other_center().await;
    let mut other = web_sign_in(&app.router, "other-counselor").await;
    let p = get(&app.router, &mut other, "/kiosk/setup").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(!p.html.contains("Office") && !p.html.contains("/kiosk/devices/"), "{}", p.html);
});

both!(revoking_a_tablet_asks_first_and_then_it_signs_no_one_in, |app: TestApp| async move {
    let s = setup(&app).await;
    let mut counselor = s.counselor.clone();
    // It works before; the member's session there also has a live socket.
    let (signed_in, p) = kiosk_sign_in(&app.router, &s.tablet, &s.code, PIN).await;
    assert_eq!(p.location, "/kiosk/home");
    let addr = crate::live::serve(app.router.clone()).await;
    let session = signed_in.cookies.get("saathi_session").expect("kiosk session");
    let mut socket = crate::live::connect(&addr, session).await;
    crate::live::expect(&mut socket, "hello").await;
    let p = get(&app.router, &mut counselor, "/kiosk/setup").await;
    let id = between(&p.html, "/kiosk/devices/", "/revoke");
    // Another centre's staff: 404, and nothing changes.
    app.other_center().await;
    let mut other = web_sign_in(&app.router, "other-counselor").await;
    assert_eq!(
        get(&app.router, &mut other, &format!("/kiosk/devices/{id}/revoke")).await.status,
        StatusCode::NOT_FOUND
    );
    let p = post(&app.router, &mut other, &format!("/kiosk/devices/{id}/revoke"), &[]).await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    // A member: 403.
    let mut member = web_sign_in(&app.router, "ravi").await;
    let p = post(&app.router, &mut member, &format!("/kiosk/devices/{id}/revoke"), &[]).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let (_, p) = kiosk_sign_in(&app.router, &s.tablet, &s.code, PIN).await;
    assert_eq!(p.location, "/kiosk/home", "still enrolled");
    // The confirmation page, then the revocation.
    let p = get(&app.router, &mut counselor, &format!("/kiosk/devices/{id}/revoke")).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("Revoke this kiosk?") && p.html.contains("Common room"), "{}", p.html);
    assert!(p.html.contains(&format!("action=\"/kiosk/devices/{id}/revoke\"")));
    let p = post(&app.router, &mut counselor, &format!("/kiosk/devices/{id}/revoke"), &[]).await;
    assert_eq!(p.location, "/kiosk/setup?done=revoked");
    assert_eq!(audit_count(&app, "kiosk.revoked").await, 1);
    // Whoever was signed in on it is signed out, their socket closed at once.
    assert!(crate::live::closes(&mut socket).await, "the tablet's socket closes");
    assert_eq!(app.get("/api/v1/me", session).await.status, StatusCode::UNAUTHORIZED);
    // The right code and PIN on the revoked tablet: refused, it is no kiosk.
    let (b, p) = kiosk_sign_in(&app.router, &s.tablet, &s.code, PIN).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert!(p.html.contains("not set up as a kiosk"));
    assert!(!b.cookies.contains_key("saathi_session"));
    let mut t = s.tablet.clone();
    let p = get(&app.router, &mut t, "/kiosk").await;
    assert!(!p.html.contains("name=\"pin\""), "no sign-in form on a revoked tablet");
    assert!(!p.html.contains("class=\"helpline-list\""), "nor the centre's numbers");
});

both!(staff_set_reset_and_remove_a_members_code_and_pin, |app: TestApp| async move {
    let (_, api) = app.user(Role::Counselor, "meera").await;
    let member_id = app.member(&api, "ravi", "Ravi").await;
    let (mentor_id, _) = app.user(Role::PeerMentor, "mentor").await;
    let mut counselor = web_sign_in(&app.router, "meera").await;
    // The member's page offers it.
    let p = get(&app.router, &mut counselor, &format!("/members/{member_id}")).await;
    assert!(p.html.contains(&format!("/members/{member_id}/kiosk")));
    // Guessable PINs are refused, in words.
    for (pin, words) in [("1234", "too easy to guess"), ("12", "4 to 6 digits"), ("12ab", "digits only")] {
        let p = post(&app.router, &mut counselor, &format!("/members/{member_id}/kiosk"), &[("pin", pin)]).await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{pin}");
        assert!(p.html.contains(words), "{pin}: {}", p.html);
    }
    // Typed: the code is shown, the PIN is not echoed.
    let p = post(&app.router, &mut counselor, &format!("/members/{member_id}/kiosk"), &[("pin", "2580")]).await;
    assert_eq!(p.status, StatusCode::OK);
    let code = between(&p.html, "id=\"kiosk-issued-code\">", "<");
    assert!(saathi_domain::kiosk::is_code(&code), "{code}");
    assert!(!p.html.contains("kiosk-issued-pin"));
    assert_eq!(p.headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()), Some("no-store"));
    // Stored as an Argon2id hash, never the PIN.
    let pool = sqlx::AnyPool::connect(&app.url).await.expect("pool");
    let row = sqlx::query("SELECT code, pin_hash FROM kiosk_credentials WHERE user_id = $1")
        .bind(&member_id)
        .fetch_one(&pool)
        .await
        .expect("row");
    let hash: String = row.try_get("pin_hash").expect("hash");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains("2580"));
    assert_eq!(row.try_get::<String, _>("code").expect("code"), code);
    // Made up: shown once; the code stays, the old PIN stops working.
    let p = post(&app.router, &mut counselor, &format!("/members/{member_id}/kiosk"), &[("pin", "")]).await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(between(&p.html, "id=\"kiosk-issued-code\">", "<"), code, "the member keeps their code");
    let new_pin = between(&p.html, "id=\"kiosk-issued-pin\">", "<");
    assert_eq!(saathi_domain::kiosk::check_pin(&new_pin), Ok(()));
    let p = get(&app.router, &mut counselor, &format!("/members/{member_id}/kiosk")).await;
    assert!(!p.html.contains(&new_pin), "the PIN is shown only once");
    let tablet = enrol(&app.router, "meera", "Common room").await;
    let (_, p) = kiosk_sign_in(&app.router, &tablet, &code, "2580").await;
    assert_eq!(p.status, StatusCode::UNAUTHORIZED, "the old PIN");
    let (_, p) = kiosk_sign_in(&app.router, &tablet, &code, &new_pin).await;
    assert_eq!(p.location, "/kiosk/home");
    assert_eq!(audit_count(&app, "kiosk.pin_set").await, 2);

    // Staff of another centre: 404. The member themself and a mentor: 403.
    app.other_center().await;
    let mut other = web_sign_in(&app.router, "other-counselor").await;
    let p = post(&app.router, &mut other, &format!("/members/{member_id}/kiosk"), &[("pin", "9153")]).await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    assert_eq!(
        get(&app.router, &mut other, &format!("/members/{member_id}/kiosk")).await.status,
        StatusCode::NOT_FOUND
    );
    let p = post(&app.router, &mut other, &format!("/members/{member_id}/kiosk/remove"), &[]).await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    for login in ["ravi", "mentor"] {
        let mut b = web_sign_in(&app.router, login).await;
        let p = post(&app.router, &mut b, &format!("/members/{member_id}/kiosk"), &[("pin", "9153")]).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{login}");
        let p = post(&app.router, &mut b, &format!("/members/{member_id}/kiosk/remove"), &[]).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{login}");
    }
    // Only members get codes: a mentor's account has no member record.
    let p = post(&app.router, &mut counselor, &format!("/members/{mentor_id}/kiosk"), &[("pin", "9153")]).await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    let (_, p) = kiosk_sign_in(&app.router, &tablet, &code, &new_pin).await;
    assert_eq!(p.location, "/kiosk/home", "nothing changed by the refusals");

    // Removed: the code no longer signs in, with the same answer as a wrong PIN.
    let p = post(&app.router, &mut counselor, &format!("/members/{member_id}/kiosk/remove"), &[]).await;
    assert_eq!(p.location, format!("/members/{member_id}/kiosk?done=removed"));
    let (_, p) = kiosk_sign_in(&app.router, &tablet, &code, &new_pin).await;
    assert_eq!(p.status, StatusCode::UNAUTHORIZED);
    assert!(p.html.contains("The member code or PIN is not right."));
    assert_eq!(audit_count(&app, "kiosk.pin_removed").await, 1);
});

both!(the_right_code_and_pin_land_on_the_kiosk_home, |app: TestApp| async move {
    let s = setup(&app).await;
    // The sign-in page of an enrolled tablet: a numeric form.
    let mut t = s.tablet.clone();
    let p = get(&app.router, &mut t, "/kiosk").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("name=\"code\"") && p.html.contains("name=\"pin\""));
    assert!(p.html.contains("inputmode=\"numeric\""));
    // The helplines are on it too: a resident the idle timer signed out
    // while reading them after pressing the crisis button finds them again.
    // (The footer names two national numbers on every page; this is the whole list.)
    assert!(p.html.contains("class=\"helpline-list\"") && p.html.contains("href=\"tel:14446\""), "{}", p.html);
    // Spaces as the code is read out are fine.
    let spaced = format!("{} {}", &s.code[..3], &s.code[3..]);
    let (mut b, p) = kiosk_sign_in(&app.router, &s.tablet, &spaced, PIN).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    assert_eq!(p.location, "/kiosk/home");
    let session = b.cookies.get("saathi_session").cloned().expect("a session cookie");
    let p = get(&app.router, &mut b, "/kiosk/home").await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.html);
    assert!(p.html.contains("नमस्ते, Ravi"), "in the member's language: {}", p.html);
    assert!(p.html.contains("class=\"crisis-button\""), "the crisis button");
    assert!(p.html.contains("href=\"/checkin\""), "the check-in button");
    assert!(p.html.contains("/assets/kiosk.js?v="), "the idle sign-out script");
    assert!(p.html.contains("data-idle-ms=\"120000\""));
    assert!(p.html.contains("action=\"/logout\""));
    assert_eq!(p.headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()), Some("no-store"));
    // The session is a kiosk session of the member, and it was audited with the tablet.
    let pool = sqlx::AnyPool::connect(&app.url).await.expect("pool");
    let kind: String = sqlx::query("SELECT kind FROM sessions WHERE token_hash = $1")
        .bind(saathi_server::auth::token_hash(&session))
        .fetch_one(&pool)
        .await
        .expect("row")
        .try_get("kind")
        .expect("kind");
    assert_eq!(kind, "kiosk");
    // The member's own pages work (the daily check-in saves).
    let p = get(&app.router, &mut b, "/checkin").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("/assets/kiosk.js?v="), "every page of a kiosk session carries the script");
    // /kiosk itself sends a signed-in resident home; "I am still here" answers 204.
    assert_eq!(get(&app.router, &mut b, "/kiosk").await.location, "/kiosk/home");
    assert_eq!(post(&app.router, &mut b, "/kiosk/stay", &[]).await.status, StatusCode::NO_CONTENT);
    // A kiosk session is never a staff session: staff pages stay refused.
    assert_eq!(get(&app.router, &mut b, "/kiosk/setup").await.status, StatusCode::FORBIDDEN);
    // Nor the member's whole account: a PIN on a shared tablet opens a
    // check-in, a session and the crisis button; anything else leads back
    // to the tablet's home, and the API answers 403 kiosk_only.
    for path in ["/members", "/admin/users", "/rooms", "/checkins", "/goals", "/notifications", "/home", "/progress"] {
        let p = get(&app.router, &mut b, path).await;
        assert_eq!((p.status, p.location.as_str()), (StatusCode::SEE_OTHER, "/kiosk/home"), "{path}");
    }
    let p = get(&app.router, &mut b, &format!("/members/{}/kiosk", s.member_id)).await;
    assert_eq!(p.location, "/kiosk/home", "a member cannot see or set their own PIN");
    for path in ["/api/v1/me", "/api/v1/rooms", &format!("/api/v1/members/{}/checkins", s.member_id)] {
        let r = app.get(path, &session).await;
        assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "kiosk_only"), "{path}: {}", r.text);
    }
    // The crisis button works through the API too (the page's script uses it).
    let r = app.post("/api/v1/crisis", &session, serde_json::json!({})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    // Signing out goes back to the kiosk, never to the password page; the
    // next resident sees nothing of the previous one.
    let p = post(&app.router, &mut b, "/logout", &[]).await;
    assert_eq!(p.location, "/kiosk?done=signed-out");
    let mut stale = b.clone();
    stale.cookies.insert("saathi_session".into(), session);
    let p = get(&app.router, &mut stale, "/kiosk/home").await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(p.location, "/kiosk");
    let p = get(&app.router, &mut stale, "/checkin").await;
    assert_eq!(p.location, "/kiosk");
    assert_eq!(get(&app.router, &mut stale, "/").await.location, "/kiosk", "the logo leads to the kiosk too");
    assert_eq!(post(&app.router, &mut stale, "/kiosk/stay", &[]).await.status, StatusCode::UNAUTHORIZED);
    let _ = s.counselor;
});

both!(wrong_pin_and_unknown_code_get_the_same_answer, |app: TestApp| async move {
    let s = setup(&app).await;
    let unknown = if s.code == "999999" { "999998" } else { "999999" };
    let (b1, wrong_pin) = kiosk_sign_in(&app.router, &s.tablet, &s.code, "9153").await;
    let (b2, wrong_code) = kiosk_sign_in(&app.router, &s.tablet, unknown, PIN).await;
    let (_, malformed) = kiosk_sign_in(&app.router, &s.tablet, "12", PIN).await;
    for (p, b) in [(&wrong_pin, Some(&b1)), (&wrong_code, Some(&b2)), (&malformed, None)] {
        assert_eq!(p.status, StatusCode::UNAUTHORIZED);
        assert!(p.html.contains("The member code or PIN is not right."));
        if let Some(b) = b {
            assert!(!b.cookies.contains_key("saathi_session"));
        }
    }
    // The pages differ only in the code typed back into the form.
    assert_eq!(wrong_pin.html.replace(&s.code, "CODE"), wrong_code.html.replace(unknown, "CODE"));
    // Both failures were counted and audited in the tablet's centre (the
    // unknown code too), where its admin reads them.
    assert_eq!(audit_count(&app, "auth.login_failed").await, 2);
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let a = app.get("/api/v1/audit?action=auth.login_failed", &admin).await;
    assert_eq!(a.body.as_array().map(Vec::len), Some(2), "{}", a.text);
});

both!(repeated_failures_lock_the_code, |app: TestApp| async move {
    let s = setup(&app).await;
    for i in 1..MAX_FAILURES {
        let (_, p) = kiosk_sign_in(&app.router, &s.tablet, &s.code, "9153").await;
        assert_eq!(p.status, StatusCode::UNAUTHORIZED, "failure {i}");
    }
    let (_, p) = kiosk_sign_in(&app.router, &s.tablet, &s.code, "9153").await;
    assert_eq!(p.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(p.headers.contains_key(header::RETRY_AFTER));
    assert!(p.html.contains("Too many wrong tries"));
    // The right PIN is refused while locked, on another instance too.
    let (_, p) = kiosk_sign_in(&app.router, &s.tablet, &s.code, PIN).await;
    assert_eq!(p.status, StatusCode::TOO_MANY_REQUESTS);
    let (_, p) = kiosk_sign_in(&app.second_instance(), &s.tablet, &s.code, PIN).await;
    assert_eq!(p.status, StatusCode::TOO_MANY_REQUESTS);
    // The member's password sign-in is not locked by it; another code is not either.
    let r = app.login("ravi", PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK);
    let (_, api) = (0, app.login("meera", PASSWORD).await.body["token"].as_str().expect("token").to_string());
    let other = app.member(&api, "suresh", "Suresh").await;
    let mut counselor = s.counselor.clone();
    let code2 = set_pin(&app.router, &mut counselor, &other, "4826").await;
    let (_, p) = kiosk_sign_in(&app.router, &s.tablet, &code2, "4826").await;
    assert_eq!(p.location, "/kiosk/home");
});

both!(a_code_of_another_centre_is_just_wrong, |app: TestApp| async move {
    let s = setup(&app).await;
    // Centre B: its own member, code and tablet.
    let (_, _, b_counselor_api) = app.other_center().await;
    let b_member = app.member(&b_counselor_api, "bina", "Bina").await;
    let mut b_counselor = web_sign_in(&app.router, "other-counselor").await;
    let b_code = set_pin(&app.router, &mut b_counselor, &b_member, "9153").await;
    let b_tablet = enrol(&app.router, "other-counselor", "B tablet").await;
    // B's code on A's tablet, and A's code on B's tablet: not right.
    let (_, p) = kiosk_sign_in(&app.router, &s.tablet, &b_code, "9153").await;
    assert_eq!(p.status, StatusCode::UNAUTHORIZED);
    assert!(p.html.contains("The member code or PIN is not right."));
    let (_, p) = kiosk_sign_in(&app.router, &b_tablet, &s.code, PIN).await;
    assert_eq!(p.status, StatusCode::UNAUTHORIZED);
    // Each at home: fine.
    let (_, p) = kiosk_sign_in(&app.router, &b_tablet, &b_code, "9153").await;
    assert_eq!(p.location, "/kiosk/home");
    let (_, p) = kiosk_sign_in(&app.router, &s.tablet, &s.code, PIN).await;
    assert_eq!(p.location, "/kiosk/home");
});

both!(without_the_device_cookie_no_one_signs_in, |app: TestApp| async move {
    let s = setup(&app).await;
    let mut b = Browser::default();
    let p = get(&app.router, &mut b, "/kiosk").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("not set up as a kiosk"));
    assert!(p.html.contains("href=\"/kiosk/setup\""));
    assert!(!p.html.contains("name=\"pin\""));
    let p = post(&app.router, &mut b, "/kiosk", &[("code", &s.code), ("pin", PIN)]).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert!(!b.cookies.contains_key("saathi_session"));
    // A made-up device cookie is no better.
    b.cookies.insert("saathi_kiosk".into(), "made-up-token".into());
    let p = post(&app.router, &mut b, "/kiosk", &[("code", &s.code), ("pin", PIN)]).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert!(!b.cookies.contains_key("saathi_session"));
    // A failure here counts nothing against the code.
    assert_eq!(audit_count(&app, "auth.login_failed").await, 0);
});

both!(a_kiosk_session_ends_after_the_short_idle_time, |app: TestApp| async move {
    // The same database served with a one-second kiosk idle limit.
    let strict = saathi_server::app(app.store.clone(), Config { kiosk_idle_ms: 1_000, ..Config::default() });
    let s = setup(&app).await;
    let (mut b, p) = kiosk_sign_in(&strict, &s.tablet, &s.code, PIN).await;
    assert_eq!(p.location, "/kiosk/home");
    let session = b.cookies.get("saathi_session").cloned().expect("session");
    let p = get(&strict, &mut b, "/kiosk/home").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("data-idle-ms=\"1000\""), "the page's script knows the limit");
    // Activity keeps it alive past the limit.
    for _ in 0..4 {
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        assert_eq!(post(&strict, &mut b, "/kiosk/stay", &[]).await.status, StatusCode::NO_CONTENT);
    }
    // The same member's ordinary web session is not cut short.
    let mut phone = web_sign_in(&strict, "ravi").await;
    tokio::time::sleep(std::time::Duration::from_millis(1_300)).await;
    let p = get(&strict, &mut b, "/kiosk/home").await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(p.location, "/kiosk", "back to the kiosk sign-in by itself");
    assert_eq!(get(&strict, &mut phone, "/home").await.status, StatusCode::OK);
    // Ended means revoked in the database, for every instance.
    let pool = sqlx::AnyPool::connect(&app.url).await.expect("pool");
    let revoked: Option<i64> = sqlx::query("SELECT revoked_at FROM sessions WHERE token_hash = $1")
        .bind(saathi_server::auth::token_hash(&session))
        .fetch_one(&pool)
        .await
        .expect("row")
        .try_get("revoked_at")
        .expect("revoked_at");
    assert!(revoked.is_some());
    let mut again = b.clone();
    again.cookies.insert("saathi_session".into(), session);
    assert_eq!(get(&app.router, &mut again, "/kiosk/home").await.location, "/kiosk");
    assert_eq!(audit_count(&app, "auth.expired").await, 1);
});

both!(kiosk_forms_need_the_csrf_token, |app: TestApp| async move {
    let s = setup(&app).await;
    // The sign-in form itself.
    let mut t = s.tablet.clone();
    get(&app.router, &mut t, "/kiosk").await;
    let p = send(&app.router, &mut t, "POST", "/kiosk", &[("code", &s.code), ("pin", PIN)], false).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert!(!t.cookies.contains_key("saathi_session"));
    // Signed in: "stay", sign-out and the check-in need it too.
    let (mut b, _) = kiosk_sign_in(&app.router, &s.tablet, &s.code, PIN).await;
    assert_eq!(send(&app.router, &mut b, "POST", "/kiosk/stay", &[], false).await.status, StatusCode::FORBIDDEN);
    assert_eq!(send(&app.router, &mut b, "POST", "/logout", &[], false).await.status, StatusCode::FORBIDDEN);
    let p = send(&app.router, &mut b, "POST", "/checkin", &[("mood", "4"), ("craving", "2")], false).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert_eq!(get(&app.router, &mut b, "/kiosk/home").await.status, StatusCode::OK, "still signed in");
    // Enrolling and setting a PIN too.
    let mut c = s.counselor.clone();
    let p = send(&app.router, &mut c, "POST", "/kiosk/setup", &[("name", "X")], false).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let p =
        send(&app.router, &mut c, "POST", &format!("/members/{}/kiosk", s.member_id), &[("pin", "9153")], false).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let (_, p) = kiosk_sign_in(&app.router, &s.tablet, &s.code, PIN).await;
    assert_eq!(p.location, "/kiosk/home", "the PIN did not change");
});

both!(a_discharged_member_still_signs_in_as_with_a_password, |app: TestApp| async move {
    let s = setup(&app).await;
    let mut c = s.counselor.clone();
    let p = post(&app.router, &mut c, &format!("/members/{}/discharge", s.member_id), &[]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    assert_eq!(app.login("ravi", PASSWORD).await.status, StatusCode::OK);
    let (_, p) = kiosk_sign_in(&app.router, &s.tablet, &s.code, PIN).await;
    assert_eq!(p.location, "/kiosk/home");
});

/// The id of the centre's tablet with this name.
async fn device_named(app: &TestApp, name: &str) -> String {
    db_value(app, "SELECT id FROM kiosk_devices WHERE name = $1", name).await
}

/// The `revoked_at` of a session, by its token.
async fn session_revoked_at(app: &TestApp, token: &str) -> Option<i64> {
    let hash = saathi_server::auth::token_hash(token);
    db_value(app, "SELECT revoked_at FROM sessions WHERE token_hash = $1", &hash).await
}

both!(revoking_a_tablet_signs_out_whoever_is_signed_in_on_it, |app: TestApp| async move {
    let s = setup(&app).await;
    let mut counselor = s.counselor.clone();
    let hall = enrol(&app.router, "meera", "Hall").await;
    // Ravi is signed in on the common-room tablet, Suresh on the hall's,
    // and Ravi on his phone too.
    let (_, api) = (0, app.login("meera", PASSWORD).await.body["token"].as_str().expect("token").to_string());
    let suresh = app.member(&api, "suresh", "Suresh").await;
    let suresh_code = set_pin(&app.router, &mut counselor, &suresh, "4826").await;
    let (mut on_tablet, p) = kiosk_sign_in(&app.router, &s.tablet, &s.code, PIN).await;
    assert_eq!(p.location, "/kiosk/home");
    let (mut in_hall, p) = kiosk_sign_in(&app.router, &hall, &suresh_code, "4826").await;
    assert_eq!(p.location, "/kiosk/home");
    let mut phone = web_sign_in(&app.router, "ravi").await;
    assert_eq!(get(&app.router, &mut on_tablet, "/kiosk/home").await.status, StatusCode::OK, "cached now");
    let session = on_tablet.cookies.get("saathi_session").cloned().expect("session");

    let id = device_named(&app, "Common room").await;
    let p = post(&app.router, &mut counselor, &format!("/kiosk/devices/{id}/revoke"), &[]).await;
    assert_eq!(p.location, "/kiosk/setup?done=revoked");

    // Signed out on the revoked tablet at once (on this instance, which had
    // the session cached), and in the database for every other.
    let p = get(&app.router, &mut on_tablet, "/kiosk/home").await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_ne!(p.location, "/kiosk/home");
    assert!(session_revoked_at(&app, &session).await.is_some());
    let mut elsewhere = s.tablet.clone();
    elsewhere.cookies.insert("saathi_session".into(), session.clone());
    assert_eq!(get(&app.second_instance(), &mut elsewhere, "/kiosk/home").await.status, StatusCode::SEE_OTHER);
    // The other tablet's session and Ravi's phone are untouched.
    assert_eq!(get(&app.router, &mut in_hall, "/kiosk/home").await.status, StatusCode::OK);
    assert_eq!(get(&app.router, &mut phone, "/home").await.status, StatusCode::OK);
    // The audit says how many sessions it ended.
    let (_, admin) = app.user(Role::Admin, "admin").await;
    let a = app.get("/api/v1/audit?action=kiosk.revoked", &admin).await;
    assert_eq!(a.body[0]["detail"]["sessions_ended"], 1, "{}", a.text);
});

both!(a_new_pin_or_none_signs_the_member_out_of_the_tablet, |app: TestApp| async move {
    let s = setup(&app).await;
    let mut counselor = s.counselor.clone();
    let (mut on_tablet, _) = kiosk_sign_in(&app.router, &s.tablet, &s.code, PIN).await;
    let mut phone = web_sign_in(&app.router, "ravi").await;
    assert_eq!(get(&app.router, &mut on_tablet, "/kiosk/home").await.status, StatusCode::OK);
    // A new PIN: the session opened with the old one ends, the phone's does not.
    let p = post(&app.router, &mut counselor, &format!("/members/{}/kiosk", s.member_id), &[("pin", "4826")]).await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(get(&app.router, &mut on_tablet, "/kiosk/home").await.status, StatusCode::SEE_OTHER);
    assert_eq!(get(&app.router, &mut phone, "/home").await.status, StatusCode::OK);
    // Signed in again with the new PIN; then the sign-in is removed.
    let (mut again, p) = kiosk_sign_in(&app.router, &s.tablet, &s.code, "4826").await;
    assert_eq!(p.location, "/kiosk/home");
    let session = again.cookies.get("saathi_session").cloned().expect("session");
    let p = post(&app.router, &mut counselor, &format!("/members/{}/kiosk/remove", s.member_id), &[]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    assert_eq!(get(&app.router, &mut again, "/kiosk/home").await.status, StatusCode::SEE_OTHER);
    assert!(session_revoked_at(&app, &session).await.is_some());
    assert_eq!(get(&app.router, &mut phone, "/home").await.status, StatusCode::OK);
});

both!(many_failures_on_one_tablet_lock_the_tablet_whatever_the_codes, |app: TestApp| async move {
    let s = setup(&app).await;
    let other_tablet = enrol(&app.router, "meera", "Hall").await;
    let limit = saathi_domain::kiosk::DEVICE_LIMIT.max_failures;
    // One guessable PIN against many codes: no code reaches its own limit.
    let codes: Vec<String> =
        (0..=limit).map(|i| format!("{}", 700_000 + i)).filter(|c| c != &s.code).take(limit as usize).collect();
    for (i, code) in codes.iter().take(limit as usize - 1).enumerate() {
        let (_, p) = kiosk_sign_in(&app.router, &s.tablet, code, "9153").await;
        assert_eq!(p.status, StatusCode::UNAUTHORIZED, "failure {i}");
    }
    let (_, p) = kiosk_sign_in(&app.router, &s.tablet, &codes[limit as usize - 1], "9153").await;
    assert_eq!(p.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(p.html.contains("Too many wrong tries on this tablet"), "{}", p.html);
    assert!(p.headers.contains_key(header::RETRY_AFTER));
    // Locked for everyone on this tablet, even with the right code and PIN,
    // and on another instance too; nobody is signed in.
    let (b, p) = kiosk_sign_in(&app.router, &s.tablet, &s.code, PIN).await;
    assert_eq!(p.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(!b.cookies.contains_key("saathi_session"));
    let (_, p) = kiosk_sign_in(&app.second_instance(), &s.tablet, &s.code, PIN).await;
    assert_eq!(p.status, StatusCode::TOO_MANY_REQUESTS);
    // In Hindi, in words.
    let mut hindi = s.tablet.clone();
    hindi.cookies.insert("saathi_lang".into(), "hi".into());
    let (_, p) = kiosk_sign_in(&app.router, &hindi, &s.code, PIN).await;
    assert!(p.html.contains("इस टैबलेट पर बहुत बार गलत कोशिश हुई"), "{}", p.html);
    // Another tablet, and the member's own code there, are not locked.
    let (_, p) = kiosk_sign_in(&app.router, &other_tablet, &s.code, PIN).await;
    assert_eq!(p.location, "/kiosk/home");
    // Each failure was audited once, naming the tablet.
    assert_eq!(audit_count(&app, "auth.login_failed").await, limit);
});

both!(a_password_sign_in_on_the_tablet_keeps_the_kiosks_short_limits, |app: TestApp| async move {
    // The same database served with a one-second kiosk idle limit.
    let strict = saathi_server::app(app.store.clone(), Config { kiosk_idle_ms: 1_000, ..Config::default() });
    let s = setup(&app).await;
    // Meera signs in with her password on the enrolled tablet, and on her own laptop.
    let mut on_tablet = s.tablet.clone();
    get(&strict, &mut on_tablet, "/login").await;
    let p = post(&strict, &mut on_tablet, "/login", &[("login", "meera"), ("password", PASSWORD)]).await;
    assert_eq!(p.location, "/home", "{}", p.html);
    let mut laptop = web_sign_in(&strict, "meera").await;
    // Her ordinary pages, with the tablet's idle sign-out script.
    let p = get(&strict, &mut on_tablet, "/home").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("data-idle-ms=\"1000\""), "the page signs itself out: {}", p.html);
    assert!(p.html.contains("href=\"/members\""), "a counsellor's navigation, not the kiosk's: {}", p.html);
    assert!(!get(&strict, &mut laptop, "/home").await.html.contains("data-idle-ms"), "not on her laptop");
    let session = on_tablet.cookies.get("saathi_session").cloned().expect("session");
    let hash = saathi_server::auth::token_hash(&session);
    let kind: String = db_value(&app, "SELECT kind FROM sessions WHERE token_hash = $1", &hash).await;
    assert_eq!(kind, "tablet");
    // "Still here" keeps it alive; idle past the limit it ends, the laptop's does not.
    for _ in 0..3 {
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        assert_eq!(post(&strict, &mut on_tablet, "/kiosk/stay", &[]).await.status, StatusCode::NO_CONTENT);
    }
    tokio::time::sleep(std::time::Duration::from_millis(1_300)).await;
    let p = get(&strict, &mut on_tablet, "/home").await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "signed out on the tablet");
    assert!(session_revoked_at(&app, &session).await.is_some());
    assert_eq!(get(&strict, &mut laptop, "/home").await.status, StatusCode::OK);
    // Signing out on the tablet leads to the kiosk's sign-in, for the next resident.
    let mut again = s.tablet.clone();
    get(&app.router, &mut again, "/login").await;
    post(&app.router, &mut again, "/login", &[("login", "meera"), ("password", PASSWORD)]).await;
    assert_eq!(post(&app.router, &mut again, "/logout", &[]).await.location, "/kiosk?done=signed-out");
    // Revoking the tablet ends a password sign-in on it too.
    let mut last = s.tablet.clone();
    get(&app.router, &mut last, "/login").await;
    post(&app.router, &mut last, "/login", &[("login", "meera"), ("password", PASSWORD)]).await;
    assert_eq!(get(&app.router, &mut last, "/home").await.status, StatusCode::OK);
    let mut counselor = s.counselor.clone();
    let id = device_named(&app, "Common room").await;
    let p = post(&app.router, &mut counselor, &format!("/kiosk/devices/{id}/revoke"), &[]).await;
    assert_eq!(p.location, "/kiosk/setup?done=revoked");
    assert_eq!(get(&app.router, &mut last, "/home").await.status, StatusCode::SEE_OTHER);
    // The API's sign-in is never a tablet one.
    let r = app.login("meera", PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK);
});

/// The failures counted under a lockout key, read straight from the database.
async fn counted_under(app: &TestApp, key: &str) -> i64 {
    db_value(app, "SELECT count FROM login_failures WHERE login = $1", key).await
}

/// Sign-ins with each of `codes` and `pin` on `tablet`, all at once; their answers.
async fn burst(router: &Router, tablet: &Browser, codes: &[String], pin: &str) -> Vec<Page> {
    let tries = codes.iter().map(|code| kiosk_sign_in(router, tablet, code, pin));
    futures_util::future::join_all(tries).await.into_iter().map(|(_, p)| p).collect()
}

fn answered(pages: &[Page], status: StatusCode) -> i64 {
    pages.iter().filter(|p| p.status == status).count() as i64
}

both!(a_burst_of_wrong_pins_is_checked_no_more_often_than_the_code_allows, |app: TestApp| async move {
    let s = setup(&app).await;
    // Thirty wrong PINs for one code at once.
    let pages = burst(&app.router, &s.tablet, &vec![s.code.clone(); 30], "9153").await;
    assert_eq!(answered(&pages, StatusCode::UNAUTHORIZED), MAX_FAILURES - 1);
    assert_eq!(answered(&pages, StatusCode::TOO_MANY_REQUESTS), 30 - (MAX_FAILURES - 1));
    assert!(pages.iter().all(|p| !p.set_cookies.iter().any(|c| c.starts_with("saathi_session="))));
    // Only the limit's worth were checked (each one checked is audited), and
    // only they count, under the code and under the tablet.
    assert_eq!(audit_count(&app, "auth.login_failed").await, MAX_FAILURES);
    let key = saathi_domain::kiosk::lockout_key(&app.center_id, &s.code);
    assert_eq!(counted_under(&app, &key).await, MAX_FAILURES);
    let device = device_named(&app, "Common room").await;
    assert_eq!(counted_under(&app, &saathi_domain::kiosk::device_lockout_key(&device)).await, MAX_FAILURES);
    // The right PIN is refused while locked, on another instance too.
    let (b, p) = kiosk_sign_in(&app.router, &s.tablet, &s.code, PIN).await;
    assert_eq!(p.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(p.html.contains("Too many wrong tries"));
    assert!(!b.cookies.contains_key("saathi_session"));
    let (_, p) = kiosk_sign_in(&app.second_instance(), &s.tablet, &s.code, PIN).await;
    assert_eq!(p.status, StatusCode::TOO_MANY_REQUESTS);
    // The refused ones did not lock the tablet: another member signs in on it.
    let api = app.login("meera", PASSWORD).await.body["token"].as_str().expect("token").to_string();
    let other = app.member(&api, "suresh", "Suresh").await;
    let mut counselor = s.counselor.clone();
    let code2 = set_pin(&app.router, &mut counselor, &other, "4826").await;
    let (_, p) = kiosk_sign_in(&app.router, &s.tablet, &code2, "4826").await;
    assert_eq!(p.location, "/kiosk/home");
    // That sign-in took back what it counted on the tablet; the failures stand.
    assert_eq!(counted_under(&app, &saathi_domain::kiosk::device_lockout_key(&device)).await, MAX_FAILURES);
});

both!(the_right_pin_in_a_burst_of_wrong_ones_does_not_let_them_all_be_checked, |app: TestApp| async move {
    let s = setup(&app).await;
    // Thirty wrong PINs for one code and the right one, all at once.
    let tries = (0..31).map(|i| kiosk_sign_in(&app.router, &s.tablet, &s.code, if i == 30 { PIN } else { "9153" }));
    let pages: Vec<Page> = futures_util::future::join_all(tries).await.into_iter().map(|(_, p)| p).collect();
    let right = &pages[30];
    let checked_wrong = audit_count(&app, "auth.login_failed").await;
    if right.status == StatusCode::SEE_OTHER {
        // It was counted before the limit and got in; it cleared the code's
        // count when it did, so at most the limit's worth more were checked.
        assert_eq!(right.location, "/kiosk/home");
        assert!(checked_wrong < 2 * MAX_FAILURES, "{checked_wrong} wrong PINs checked");
    } else {
        // Counted past the limit: refused, and no more than the limit checked.
        assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(checked_wrong, MAX_FAILURES);
    }
    assert_eq!(answered(&pages[..30], StatusCode::SEE_OTHER), 0);
});

both!(a_burst_on_one_tablet_is_checked_no_more_often_than_the_tablet_allows, |app: TestApp| async move {
    let s = setup(&app).await;
    let limit = saathi_domain::kiosk::DEVICE_LIMIT.max_failures;
    // One guessable PIN against thirty codes at once: no code reaches its own
    // limit, the tablet does.
    let codes: Vec<String> = (0..31).map(|i| format!("{}", 700_000 + i)).filter(|c| c != &s.code).take(30).collect();
    let pages = burst(&app.router, &s.tablet, &codes, "9153").await;
    assert_eq!(answered(&pages, StatusCode::UNAUTHORIZED), limit - 1);
    assert_eq!(answered(&pages, StatusCode::TOO_MANY_REQUESTS), 30 - (limit - 1));
    let locked = pages.iter().filter(|p| p.status == StatusCode::TOO_MANY_REQUESTS);
    assert!(locked.clone().all(|p| p.html.contains("Too many wrong tries on this tablet")));
    // Only the tablet's limit's worth were checked and counted.
    assert_eq!(audit_count(&app, "auth.login_failed").await, limit);
    let device = device_named(&app, "Common room").await;
    assert_eq!(counted_under(&app, &saathi_domain::kiosk::device_lockout_key(&device)).await, limit);
    // The right code and PIN are refused while the tablet is locked.
    let (b, p) = kiosk_sign_in(&app.router, &s.tablet, &s.code, PIN).await;
    assert_eq!(p.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(p.html.contains("Too many wrong tries on this tablet"), "{}", p.html);
    assert!(!b.cookies.contains_key("saathi_session"));
});
