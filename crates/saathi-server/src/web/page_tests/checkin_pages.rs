//! The check-in pages through the real router on a fresh SQLite file, as a
//! browser without JavaScript uses them: the form in Hindi and English, the
//! confirmation, a lapse, the history and the centre's triggers. (A child of
//! `page_tests`, for its helpers.)

use super::*;
use crate::i18n::Arg;
use chrono::{Duration, NaiveDate};
use saathi_domain::checkin::DEFAULT_TRIGGERS;

/// Today in the centre's time zone.
fn today() -> NaiveDate {
    saathi_domain::sobriety::local_today(chrono::Utc::now(), chrono_tz::Asia::Kolkata)
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Text as askama escapes it in a page.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('\'', "&#39;").replace('"', "&#34;").replace('<', "&lt;").replace('>', "&gt;")
}

/// How many times `needle` occurs.
fn count(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}

impl App {
    /// A member (as `new_member` makes one) sober for `days` days today.
    async fn sober_member(&self, login: &str, name: &str, language: &str, days: i64) -> String {
        let m =
            NewMember { sobriety_start: iso(today() - Duration::days(days)), ..self.new_member(login, name, language) };
        self.add_member(&m).await
    }
}

#[tokio::test]
async fn the_member_sees_the_form_in_hindi_and_in_english() {
    let app = App::new(true).await;
    app.sober_member("ravi", "Ravi", "hi", 12).await;
    app.sober_member("john", "John", "en", 12).await;
    for (login, lang) in [("ravi", Lang::Hi), ("john", Lang::En)] {
        let mut b = app.sign_in(login).await;
        // Home: the big button, days sober, the next milestone, the links.
        let p = app.get(&mut b, "/home").await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(p.html.contains(&format!("href=\"/checkin\">{}", esc(&lang.t("home-checkin-button")))), "{}", p.html);
        assert!(p.html.contains(&lang.t_args("days-sober", &[("days", Arg::Num(12))])));
        let next = lang.date(today() + Duration::days(2));
        let milestone = lang.t_args("checkin-next-milestone", &[("days", Arg::Num(14)), ("date", next.into())]);
        assert!(p.html.contains(&milestone), "{milestone} in {}", p.html);
        for href in ["/checkins", "/goals", "/progress"] {
            assert!(p.html.contains(&format!("href=\"{href}\"")), "home links {href}");
        }
        // The form: fieldsets with legends, native inputs, nothing chosen yet.
        let p = app.get(&mut b, "/checkin").await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(p.html.contains(&format!("<html lang=\"{}\"", lang.code())));
        let h1 = p.html.split("<h1>").nth(1).and_then(|s| s.split("</h1>").next()).unwrap_or("");
        assert_eq!(h1, esc(&lang.t("checkin-title")));
        for legend in ["checkin-mood", "checkin-craving", "checkin-sober", "checkin-triggers", "checkin-sharing"] {
            assert!(p.html.contains(&format!("<legend>{}", esc(&lang.t(legend)))), "{legend}");
        }
        assert_eq!(count(&p.html, "type=\"radio\" id=\"f-mood-"), 5);
        assert_eq!(count(&p.html, "type=\"radio\" id=\"f-craving-"), 11);
        assert_eq!(count(&p.html, "type=\"radio\" id=\"f-sober-"), 2);
        assert_eq!(count(&p.html, "type=\"checkbox\" id=\"f-triggers-"), DEFAULT_TRIGGERS.len());
        assert!(!p.html.contains(" checked"), "nothing is chosen for the member, the sharing is off");
        for word in [lang.t("mood-1"), lang.t("mood-5"), lang.t("trigger-stress"), lang.t("checkin-share-mentor")] {
            assert!(p.html.contains(&esc(&word)), "{word}");
        }
        assert!(p.html.contains("name=\"note\""));
        assert!(p.html.contains(&esc(&lang.t("checkin-sharing-hint"))), "the counsellor always sees: said plainly");
    }
    assert_eq!(Lang::Hi.t("checkin-title"), "आज का चेक-इन");
}

#[tokio::test]
async fn only_members_check_in() {
    let app = App::new(true).await;
    app.user(Role::Counselor, "meera", "Meera", "en").await;
    app.user(Role::PeerMentor, "amit", "Amit", "hi").await;
    let mut b = app.sign_in("meera").await;
    for path in ["/checkin", "/checkin/done", "/checkin/lapse"] {
        let p = app.get(&mut b, path).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{path}");
        assert!(p.html.contains(&Lang::En.t("error-forbidden-title")), "an error page: {}", p.html);
    }
    let p = app.post(&mut b, "/checkin", &[("mood", "3"), ("craving", "2"), ("sober", "yes")]).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let p = app.post(&mut b, "/checkin/lapse", &[("lapse_date", &iso(today())), ("lapse_kind", "lapse")]).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let mut b = app.sign_in("amit").await;
    let p = app.get(&mut b, "/checkin").await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert!(p.html.contains(&Lang::Hi.t("error-forbidden-title")), "in the reader's language");
}

#[tokio::test]
async fn posting_the_form_stores_a_check_in_and_a_second_updates_it() {
    let app = App::new(true).await;
    let ravi = app.sober_member("ravi", "Ravi", "en", 12).await;
    let mut b = app.sign_in("ravi").await;
    let form = [
        ("mood", "4"),
        ("craving", "3"),
        ("sober", "yes"),
        ("triggers", "stress"),
        ("triggers", "work"),
        ("note", "  A long day at the\0 market\0  "),
        ("share_with_group", "1"),
    ];
    let p = app.post(&mut b, "/checkin", &form).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    assert_eq!(p.location, "/checkin/done?done=saved");
    let saved = app.store.checkins(&ravi, &iso(today()), 10).await.expect("db");
    assert_eq!(saved.len(), 1);
    let c = &saved[0];
    assert_eq!((c.mood, c.craving, c.sober), (4, 3, true));
    assert_eq!(c.triggers, ["stress", "work"]);
    assert_eq!(c.note.as_deref(), Some("A long day at the market"), "trimmed, its NUL characters dropped");
    assert_eq!((c.share_with_mentor, c.share_with_group), (false, true));
    assert_eq!(c.local_date, iso(today()));

    // The confirmation: kind words, days sober, the next milestone; no lapse talk.
    let p = app.get(&mut b, &p.location).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("Thank you, Ravi. Your check-in is saved."));
    assert!(p.html.contains("12 days sober"));
    assert!(p.html.contains(&format!("Next milestone: 14 days, on {}", Lang::En.date(today() + Duration::days(2)))));
    assert!(!p.html.contains("/checkin/lapse"), "sober today: no lapse offered");

    // The form again: filled in, and saving updates the same check-in.
    let p = app.get(&mut b, "/checkin").await;
    assert!(p.html.contains("<h1>Update today&#39;s check-in</h1>"));
    for id in ["f-mood-4", "f-craving-3", "f-sober-yes", "f-triggers-stress", "f-triggers-work", "f-share_with_group"] {
        assert!(p.html.contains(&format!("id=\"{id}\" name=")), "{id}");
        let input = p.html.split(&format!("id=\"{id}\"")).nth(1).and_then(|s| s.split('>').next()).unwrap_or("");
        assert!(input.contains("checked"), "{id} is checked: {input}");
    }
    assert!(
        !p.html
            .split("id=\"f-share_with_mentor\"")
            .nth(1)
            .and_then(|s| s.split('>').next())
            .unwrap_or("")
            .contains("checked")
    );
    assert!(p.html.contains("A long day at the market</textarea>"));
    let p = app.post(&mut b, "/checkin", &[("mood", "5"), ("craving", "1"), ("sober", "yes")]).await;
    assert_eq!(p.location, "/checkin/done?done=updated");
    let saved = app.store.checkins(&ravi, &iso(today()), 10).await.expect("db");
    assert_eq!(saved.len(), 1, "one check-in a day");
    assert_eq!((saved[0].mood, saved[0].craving), (5, 1));
    assert!(saved[0].triggers.is_empty() && saved[0].note.is_none() && !saved[0].share_with_group);
    assert_eq!(app.store.checkin_revision_count(&saved[0].id).await.expect("db"), 1, "the earlier one is kept");
    let p = app.get(&mut b, &p.location).await;
    assert!(p.html.contains("Today&#39;s check-in is updated"));
    let p = app.get(&mut b, "/home").await;
    assert!(p.html.contains("Update today&#39;s check-in"));
}

#[tokio::test]
async fn mistakes_come_back_in_the_page_language_and_nothing_is_stored() {
    let app = App::new(true).await;
    let ravi = app.sober_member("ravi", "Ravi", "hi", 3).await;
    let john = app.sober_member("john", "John", "en", 3).await;
    let mut b = app.sign_in("ravi").await;
    let p = app
        .post(&mut b, "/checkin", &[("mood", "9"), ("craving", "3"), ("triggers", "astrology"), ("note", "x")])
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("<html lang=\"hi\""));
    for key in ["err-mood-out_of_range", "err-sober-required", "err-triggers-unknown"] {
        assert!(p.html.contains(&Lang::Hi.t(key)), "{key} in Hindi");
    }
    assert!(
        p.html.contains("href=\"#f-mood\"") && p.html.contains("id=\"f-mood\""),
        "the summary links to the question"
    );
    assert!(p.html.contains("id=\"f-craving-3\" name=\"craving\" value=\"3\" checked"), "what was chosen is kept");
    assert!(!p.html.contains(&Lang::En.t("err-mood-out_of_range")));

    let mut b = app.sign_in("john").await;
    let p = app.post(&mut b, "/checkin", &[("mood", "0"), ("craving", "11"), ("sober", "yes")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Please choose how you feel: one of the five answers."));
    assert!(p.html.contains("Please choose a number from 0 to 10."));
    let p = app.post(&mut b, "/checkin", &[("mood", "happy"), ("craving", "2"), ("sober", "maybe")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Please choose how you feel") && p.html.contains("Please answer yes or no."));
    for id in [&ravi, &john] {
        assert!(app.store.checkins(id, "2000-01-01", 10).await.expect("db").is_empty(), "nothing stored");
    }
}

#[tokio::test]
async fn not_sober_today_brings_support_and_an_optional_lapse() {
    let app = App::new(true).await;
    let ravi = app.sober_member("ravi", "Ravi", "en", 40).await;
    let mut b = app.sign_in("ravi").await;
    let p = app.post(&mut b, "/checkin", &[("mood", "2"), ("craving", "8"), ("sober", "no")]).await;
    let p = app.get(&mut b, &p.location).await;
    assert!(p.html.contains("Thank you for being honest"));
    assert!(p.html.contains("href=\"/checkin/lapse\""), "a clear way to record a lapse");
    assert!(p.html.contains("It is your choice"));
    assert!(p.html.contains("href=\"tel:14416\""), "someone to call");
    for blame in ["fail", "relapsed", "broke", "shame"] {
        assert!(!p.html.to_lowercase().contains(blame), "no blaming words: {blame}");
    }
    assert!(app.store.lapses(&ravi).await.expect("db").is_empty(), "nothing recorded without asking");

    let p = app.get(&mut b, "/checkin/lapse").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("Your longest streak (40 days) and all your sober days (40 in all) stay yours."));
    assert!(p.html.contains(&format!(
        "id=\"f-lapse_date-{}\" name=\"lapse_date\" value=\"{}\" checked",
        iso(today()),
        iso(today())
    )));
    // A date that is not offered is refused with the reason.
    let future = iso(today() + Duration::days(3));
    let p = app.post(&mut b, "/checkin/lapse", &[("lapse_date", &future), ("lapse_kind", "lapse")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains(&Lang::En.t("err-in_future")));
    let p = app
        .post(
            &mut b,
            "/checkin/lapse",
            &[("lapse_date", &iso(today())), ("lapse_kind", "lapse"), ("note", "a wedding")],
        )
        .await;
    assert_eq!(p.location, "/checkin/done?done=lapse");
    let lapses = app.store.lapses(&ravi).await.expect("db");
    assert_eq!(lapses.len(), 1);
    assert_eq!((lapses[0].date.as_str(), lapses[0].kind.as_str()), (iso(today()).as_str(), "lapse"));
    let p = app.get(&mut b, &p.location).await;
    assert!(p.html.contains("It is recorded. A slip does not erase your progress: your 40 sober days"), "{}", p.html);
    assert!(p.html.contains("longest streak of 40 days stay yours"));
    assert!(p.html.contains("A lapse is recorded for today."));
    assert!(!p.html.contains("href=\"/checkin/lapse\""), "not offered twice");
    assert!(p.html.contains("0 days sober"));
    assert!(p.html.contains(&format!("Your new count starts on {}", Lang::En.date(today() + Duration::days(1)))));
    let p = app.get(&mut b, "/home").await;
    assert!(p.html.contains("0 days sober"));
}

#[tokio::test]
async fn the_history_has_a_row_for_every_day() {
    let app = App::new(true).await;
    app.user(Role::Counselor, "meera", "Meera", "en").await;
    let ravi = app.sober_member("ravi", "Ravi", "hi", 50).await;
    app.sober_member("sita", "Sita", "en", 5).await;
    let mut b = app.sign_in("ravi").await;
    let p = app.get(&mut b, "/checkins").await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(count(&p.html, "<li class=\"day"), 30);
    assert_eq!(count(&p.html, &Lang::Hi.t("checkins-none")), 30, "no check-ins yet");
    assert!(p.html.contains(&Lang::Hi.t_args("checkins-summary", &[("count", Arg::Num(0)), ("total", Arg::Num(30))])));
    app.post(&mut b, "/checkin", &[("mood", "4"), ("craving", "2"), ("sober", "yes"), ("triggers", "poor_sleep")])
        .await;
    let p = app.get(&mut b, "/checkins").await;
    assert_eq!(count(&p.html, "<li class=\"day day-empty\""), 29);
    let row = p.html.split(&format!("id=\"d-{}\"", iso(today()))).nth(1).expect("today's row");
    let row = row.split("</li>").next().unwrap_or("");
    assert!(row.contains(&Lang::Hi.t("checkins-today")));
    assert!(row.contains(
        &Lang::Hi.t_args("checkins-mood-value", &[("name", Lang::Hi.t("mood-4").into()), ("count", Arg::Num(4))])
    ));
    assert!(row.contains(&Lang::Hi.t("trigger-poor_sleep")));
    assert!(row.contains(&Lang::Hi.t("checkins-shared-counselor")));
    let p = app.get(&mut b, "/checkins?days=90").await;
    assert_eq!(count(&p.html, "<li class=\"day"), 90);
    assert!(p.html.contains("href=\"/checkins?days=90\" aria-current=\"page\""));
    // A counsellor reads a member's history; another member may not.
    let mut c = app.sign_in("meera").await;
    let p = app.get(&mut c, &format!("/members/{ravi}/checkins")).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("Check-ins: Ravi"));
    assert!(p.html.contains("Very good") || p.html.contains("Good (4 of 5)"));
    assert_eq!(count(&p.html, "<li class=\"day"), 30);
    let mut s = app.sign_in("sita").await;
    assert_eq!(app.get(&mut s, &format!("/members/{ravi}/checkins")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&mut s, "/members/no-such-member/checkins").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn staff_extend_the_trigger_list_members_use_it() {
    let app = App::new(true).await;
    app.user(Role::Counselor, "meera", "Meera", "en").await;
    app.sober_member("ravi", "Ravi", "hi", 5).await;
    let mut c = app.sign_in("meera").await;
    let p = app.get(&mut c, "/triggers").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("Trouble at home") && p.html.contains(">family_conflict</code>"));
    assert!(p.html.contains("Nothing added yet."));
    let p = app.post(&mut c, "/triggers", &[("tag", "Wedding Season")]).await;
    assert_eq!(p.location, "/triggers?done=added");
    let p = app.get(&mut c, &p.location).await;
    assert!(p.html.contains("The trigger is added."));
    assert!(p.html.contains("<li lang=\"en\">wedding season</li>"));
    let p = app.post(&mut c, "/triggers", &[("tag", "stress")]).await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    assert!(p.html.contains("This trigger is already on the list."));
    assert!(p.html.contains("value=\"stress\""), "what was typed is kept");
    let p = app.post(&mut c, "/triggers", &[("tag", "शादी")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Use 1 to 40 English letters"));
    // The member sees the new tag on the form and may choose it; the page is not theirs.
    let mut m = app.sign_in("ravi").await;
    assert_eq!(app.get(&mut m, "/triggers").await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post(&mut m, "/triggers", &[("tag", "exams")]).await.status, StatusCode::FORBIDDEN);
    let p = app.get(&mut m, "/checkin").await;
    assert!(p.html.contains("value=\"wedding_season\""));
    assert!(p.html.contains("<span class=\"opt-text\" lang=\"en\">wedding season</span>"));
    let p = app
        .post(&mut m, "/checkin", &[("mood", "3"), ("craving", "6"), ("sober", "yes"), ("triggers", "wedding_season")])
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
}
