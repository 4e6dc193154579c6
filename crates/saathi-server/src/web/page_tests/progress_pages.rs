//! The progress pages through the real router on a fresh SQLite file with a
//! member's history: a member's own page in English and Hindi, a counsellor's
//! view of a member, who may not see it, and how quick it is. (A child of
//! `page_tests`, for its helpers.)

use super::*;
use chrono::{Duration, NaiveDate};
use saathi_domain::attendance::Status;
use saathi_domain::group::{GroupKind, Modality};
use saathi_store::{AuditFilter, CheckInInput, GroupFields, SessionSlot};

/// Today in the centre's time zone.
fn today() -> NaiveDate {
    saathi_domain::sobriety::local_today(chrono::Utc::now(), chrono_tz::Asia::Kolkata)
}

impl App {
    fn center(&self) -> &str {
        self.center_id.as_deref().expect("a centre")
    }

    /// A member (as `new_member` makes one) sober since `start`.
    async fn member_since(&self, login: &str, name: &str, language: &str, start: NaiveDate) -> String {
        let m = NewMember {
            sobriety_start: start.format("%Y-%m-%d").to_string(),
            ..self.new_member(login, name, language)
        };
        self.add_member(&m).await
    }

    /// An account in another centre (as `new_user` makes one).
    async fn user_in(&self, center: &str, role: Role, login: &str, name: &str, language: &str) -> String {
        let u = NewUser { center_id: center.into(), ..self.new_user(role, login, name, language) };
        self.store.create_user(&u, None, now_ms()).await.expect("user").id
    }

    async fn checkin(&self, member: &str, date: NaiveDate, mood: i64, craving: i64, sober: bool) {
        let input = CheckInInput {
            mood,
            craving,
            sober,
            triggers: vec![],
            note: None,
            share_with_mentor: false,
            share_with_group: false,
        };
        let day = date.format("%Y-%m-%d").to_string();
        self.store.upsert_checkin(member, self.center(), &day, &input, now_ms()).await.expect("check-in");
    }

    /// A member with 100 days of history: check-ins on most days
    /// (craving falling), a lapse 40 days ago, and some sessions.
    async fn history(&self, member: &str, counselor: &str) {
        for back in 0..100 {
            if back % 9 == 4 {
                continue; // a missed day now and then
            }
            let date = today() - Duration::days(back);
            self.checkin(member, date, 2 + (100 - back) % 4, (back / 12).min(10), back != 40).await;
        }
        let lapse = today() - Duration::days(40);
        let day = lapse.format("%Y-%m-%d").to_string();
        let next = (lapse + Duration::days(1)).format("%Y-%m-%d").to_string();
        self.store
            .record_lapse(member, &day, &next, "lapse", None, counselor, &Default::default(), now_ms())
            .await
            .expect("lapse");
        let fields = GroupFields {
            name: "Men's <b>Evening</b> group".into(),
            kind: GroupKind::Support,
            modality: Modality::InPerson,
            capacity: 12,
            eligibility: Default::default(),
            is_open: true,
            agreement: "We listen.".into(),
            schedule: None,
            schedule_starts_on: None,
            facilitator_ids: vec![counselor.to_string()],
        };
        let g = self.store.create_group(self.center(), &fields, counselor, now_ms()).await.expect("group");
        let statuses = [Status::Present, Status::Present, Status::Late, Status::Absent, Status::Excused];
        for (i, status) in statuses.iter().enumerate() {
            let at = now_ms() - (i as i64 + 1) * 3 * 86_400_000;
            let slot = SessionSlot { starts_at: at, ends_at: at + 90 * 60_000, topic: None };
            let s = self
                .store
                .create_group_session(&g.id, self.center(), slot, counselor, now_ms())
                .await
                .expect("session");
            self.store
                .put_attendance(&s.id, &[(member.to_string(), *status)], "facilitator", counselor, now_ms())
                .await
                .expect("attendance");
        }
    }
}

/// The three pictures, each an image with a title and a description.
fn has_pictures(html: &str) {
    assert_eq!(html.matches("role=\"img\"").count(), 3, "{html}");
    for id in ["pg-mood", "pg-calendar", "pg-attendance"] {
        assert!(html.contains(&format!("aria-labelledby=\"{id}-title {id}-desc\"")), "{id}");
    }
    assert!(!html.contains("&lt;svg"), "the pictures are not escaped twice");
    // The crisis button's script (on every member page) is the only one.
    let crisis_js = format!("<script src=\"{}\" defer></script>", crate::web::assets::crisis_js_url());
    assert!(!html.replace(&crisis_js, "").contains("<script"), "no script");
    let svg_ns = html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count();
    assert_eq!(html.matches("http").count(), svg_ns, "nothing fetched from anywhere");
}

#[tokio::test]
async fn a_member_sees_their_own_progress_in_english() {
    let app = App::new(true).await;
    let counselor = app.user(Role::Counselor, "meera", "Meera", "en").await;
    let ravi = app.member_since("ravi", "Ravi", "en", today() - Duration::days(100)).await;
    app.history(&ravi, &counselor).await;
    let mut b = app.sign_in("ravi").await;

    let p = app.get(&mut b, "/progress").await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.html);
    assert_eq!(lang_of(&p.html), "en");
    has_pictures(&p.html);
    assert!(p.html.contains("<h1>My progress</h1>"));
    assert!(p.html.contains("The last 30 days"));
    assert!(p.html.contains("href=\"/progress?days=30\" aria-current=\"page\""), "30 days by default");
    assert!(p.html.contains("href=\"/progress?days=90\">Last 90 days</a>"));
    // The summary in words: the lapse was 40 days ago, so the last 30 days are all sober.
    assert!(p.html.contains("Mood averaged "), "{}", p.html);
    assert!(p.html.contains("Craving went from "));
    assert!(p.html.contains("Sober on 30 of 30 days."));
    assert!(p.html.contains("Attended 3 of 5 sessions."));
    assert!(p.html.contains("Now 39 days sober."), "the count restarted the day after the lapse");
    assert!(p.html.contains("Longest streak: 60 days."), "the 60 days before the lapse");
    assert!(p.html.contains("Next milestone: 60 days, on "));
    // The day after the lapse started a new streak: its 14th and 30th days fall in these 30 days.
    assert!(p.html.contains("Milestones reached in these days: 14 days on "), "{}", p.html);
    assert!(p.html.contains(", 30 days on "));
    // Missed days break the line: more than one run of mood.
    assert!(p.html.matches("<polyline").count() > 2);
    // The table of values, and the group's name escaped everywhere.
    assert!(p.html.contains("<details"));
    assert_eq!(p.html.matches("<tr class=\"day\">").count(), 30);
    assert!(p.html.contains("Men&#39;s &lt;b&gt;Evening&lt;/b&gt; group"));
    assert!(!p.html.contains("<b>Evening</b>"));

    let p = app.get(&mut b, "/progress?days=90").await;
    assert_eq!(p.status, StatusCode::OK);
    has_pictures(&p.html);
    assert!(p.html.contains("The last 90 days"));
    assert!(p.html.contains("href=\"/progress?days=90\" aria-current=\"page\""));
    assert_eq!(p.html.matches("<tr class=\"day\">").count(), 90);
    assert!(p.html.contains("Sober on 89 of 90 days."), "one lapse in 90 days");
    assert!(p.html.contains("class=\"day-not-sober\""));
    // Any other period is the shorter one.
    let p = app.get(&mut b, "/progress?days=3650").await;
    assert!(p.html.contains("The last 30 days"));

    // Their own record's progress page is this one.
    let p = app.get(&mut b, &format!("/members/{ravi}/progress?days=90")).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(p.location, "/progress?days=90");
}

#[tokio::test]
async fn a_member_sees_their_own_progress_in_hindi() {
    let app = App::new(true).await;
    let counselor = app.user(Role::Counselor, "meera", "Meera", "en").await;
    let sunita = app.member_since("sunita", "सुनीता", "hi", today() - Duration::days(100)).await;
    app.history(&sunita, &counselor).await;
    let mut b = app.sign_in("sunita").await;
    let p = app.get(&mut b, "/progress?days=90").await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(lang_of(&p.html), "hi");
    has_pictures(&p.html);
    assert!(p.html.contains("<h1>मेरी प्रगति</h1>"));
    assert!(p.html.contains("पिछले 90 दिन"));
    assert!(p.html.contains("मूड का औसत 5 में से "), "{}", p.html);
    assert!(p.html.contains("90 में से 89 दिन नशा-मुक्त।"));
    assert!(p.html.contains("5 में से 3 सेशन में आए।"));
    assert!(p.html.contains("<title id=\"pg-calendar-title\">नशा-मुक्त दिन</title>"));
    assert!(p.html.contains(">नशा / फिसलन</text>"), "the legend in Hindi");
    assert!(p.html.contains(">हाज़िर</text>"));
    assert!(!p.html.contains(">progress-"), "no message id shows instead of its text");
}

#[tokio::test]
async fn counsellors_see_a_members_progress_others_do_not() {
    let app = App::new(true).await;
    let counselor = app.user(Role::Counselor, "meera", "Meera", "en").await;
    app.user(Role::Counselor, "asha", "Asha", "hi").await;
    app.user(Role::Family, "kin", "Kin", "en").await;
    app.user(Role::PeerMentor, "guide", "Guide", "en").await;
    let ravi = app.member_since("ravi", "Ravi", "en", today() - Duration::days(100)).await;
    app.member_since("sunil", "Sunil", "en", today() - Duration::days(10)).await;
    app.history(&ravi, &counselor).await;
    let other = app
        .store
        .create_center(&NewCenter { name: "Other Kendra".into(), timezone: "Asia/Kolkata".into() }, now_ms())
        .await
        .expect("centre");
    app.user_in(&other.id, Role::Counselor, "outsider", "Outsider", "en").await;

    let mut c = app.sign_in("meera").await;
    let p = app.get(&mut c, &format!("/members/{ravi}/progress?days=90")).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.html);
    has_pictures(&p.html);
    assert!(p.html.contains("<h1>Progress: Ravi</h1>"));
    assert!(p.html.contains(&format!("href=\"/members/{ravi}\">Back to Ravi")));
    assert!(p.html.contains(&format!("href=\"/members/{ravi}/progress?days=30\">Last 30 days</a>")));
    assert!(p.html.contains("Sober on 89 of 90 days."));
    // The read is in the audit log, like reading the record.
    let filter = AuditFilter { action: Some("member.progress.read".into()), limit: 10, ..Default::default() };
    let reads = app.store.list_audit(app.center(), &filter).await.expect("audit");
    assert_eq!(reads.len(), 1);
    assert_eq!(reads[0].target_id.as_deref(), Some(ravi.as_str()));

    // The counsellor's view of the member carries the same pictures, with its own 30/90 switch.
    let p = app.get(&mut c, &format!("/members/{ravi}?days=90")).await;
    assert_eq!(p.status, StatusCode::OK);
    has_pictures(&p.html);
    assert!(p.html.contains("id=\"progress\""));
    assert!(p.html.contains(&format!("href=\"/members/{ravi}?days=90#progress\" aria-current=\"page\"")));
    assert!(p.html.contains("Sober on 89 of 90 days."));
    let p = app.get(&mut c, &format!("/members/{ravi}")).await;
    assert!(p.html.contains("Sober on 30 of 30 days."), "30 days by default");

    // In Hindi for a Hindi-speaking counsellor.
    let mut h = app.sign_in("asha").await;
    let p = app.get(&mut h, &format!("/members/{ravi}/progress")).await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(lang_of(&p.html), "hi");
    assert!(p.html.contains("<h1>प्रगति: Ravi</h1>"));
    assert!(p.html.contains("30 में से 30 दिन नशा-मुक्त।"));

    // Another member, family and a peer mentor may not; another centre does not know the member.
    for login in ["sunil", "kin", "guide"] {
        let mut b = app.sign_in(login).await;
        let p = app.get(&mut b, &format!("/members/{ravi}/progress")).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{login}");
        assert!(!p.html.contains("role=\"img\""));
    }
    let mut o = app.sign_in("outsider").await;
    let p = app.get(&mut o, &format!("/members/{ravi}/progress?days=90")).await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    assert!(!p.html.contains("Ravi"));
    // Staff have no progress of their own.
    assert_eq!(app.get(&mut c, "/progress").await.status, StatusCode::NOT_FOUND);
    // Signed out: to the sign-in page.
    let p = app.get(&mut Browser::default(), "/progress").await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert!(p.location.starts_with("/login?next="));
}

#[tokio::test]
async fn a_new_member_without_check_ins_sees_empty_pictures() {
    let app = App::new(true).await;
    app.member_since("new", "Naya", "en", today() + Duration::days(3)).await;
    let mut b = app.sign_in("new").await;
    let p = app.get(&mut b, "/progress").await;
    assert_eq!(p.status, StatusCode::OK);
    has_pictures(&p.html);
    assert!(p.html.contains("No check-ins in these 30 days."));
    assert!(p.html.contains(">No check-ins in these days</text>"));
    assert!(p.html.contains("No sessions recorded in these days."));
    assert!(p.html.contains("The sober date has not started yet."));
    assert!(!p.html.contains("<polyline"));
    assert_eq!(p.html.matches("class=\"day-before\"").count(), 31, "every day and the legend's sample");
}

/// The 90-day page of a member with a full history, timed through the
/// router (a debug build: the release build is far faster).
#[tokio::test]
async fn the_ninety_day_page_is_quick() {
    let app = App::new(true).await;
    let counselor = app.user(Role::Counselor, "meera", "Meera", "en").await;
    let ravi = app.member_since("ravi", "Ravi", "en", today() - Duration::days(400)).await;
    app.history(&ravi, &counselor).await;
    let mut b = app.sign_in("ravi").await;
    app.get(&mut b, "/progress?days=90").await;
    let started = std::time::Instant::now();
    for _ in 0..10 {
        assert_eq!(app.get(&mut b, "/progress?days=90").await.status, StatusCode::OK);
    }
    let each = started.elapsed() / 10;
    eprintln!("90-day progress page: {each:?} per request (debug build)");
    assert!(each < std::time::Duration::from_millis(200), "{each:?}");
}
