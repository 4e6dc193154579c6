//! Progress pictures: `/progress` (a member's own) and
//! `/members/{id}/progress` (staff), each for the last 30 or 90 days, and the
//! same section on the counsellor's view of a member. The pictures are SVG
//! drawn by [`super::charts`]; next to them are the same facts in words and,
//! behind a `<details>`, as tables.

use super::charts::{self, CalendarDay, CalendarText, Frame, LinePoint, LineText, SessionDot};
use super::forms::{FormData, urlencode};
use super::{Base, Ctx, WebError, localized, render, see_other};
use crate::i18n::Lang;
use crate::services::progress::{self, DayState, Progress};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use saathi_domain::attendance::Status;

/// A link of the 30/90-day switch.
pub struct PeriodLink {
    pub href: String,
    pub label: String,
    pub current: bool,
}

/// A row of the day-by-day table.
pub struct DayRow {
    pub date: String,
    pub mood: String,
    pub craving: String,
    pub state: String,
    pub milestone: String,
}

/// A row of the sessions table.
pub struct SessionRow {
    pub when: String,
    pub group_id: String,
    pub group: String,
    pub status: String,
}

/// What `progress_section.html` shows.
pub struct ProgressView {
    /// 30 or 90 (days).
    pub period: i64,
    pub heading: String,
    pub periods: Vec<PeriodLink>,
    /// Days sober now, longest streak, next milestone.
    pub sobriety: Vec<String>,
    /// The period in a few sentences.
    pub summary: Vec<String>,
    /// The milestones reached in the period, in a sentence.
    pub milestones: Option<String>,
    pub mood_svg: String,
    pub calendar_svg: String,
    pub attendance_svg: String,
    pub days: Vec<DayRow>,
    pub sessions: Vec<SessionRow>,
}

fn one_decimal(v: f64) -> String {
    format!("{v:.1}")
}

fn state_key(s: DayState) -> &'static str {
    match s {
        DayState::Sober => "progress-state-sober",
        DayState::NotSober => "progress-state-not-sober",
        DayState::NoCheckIn => "progress-state-no-checkin",
        DayState::BeforeStart => "progress-state-before",
    }
}

/// "21 Mar" / "21 मार्च", for the chart's axis.
fn day_month(lang: Lang, d: NaiveDate) -> String {
    lang.t_args(
        "progress-day-month",
        &[("day", i64::from(d.day()).into()), ("month", lang.t(&format!("progress-mon-{}", d.month())).into())],
    )
}

/// The words, pictures and tables for `p`; `href` is the page the 30/90
/// links go to (with `anchor` after the query).
pub fn view(lang: Lang, p: &Progress, href: &str, anchor: &str) -> ProgressView {
    let days = p.period;
    let (from, to) = (lang.date(p.days.first().map(|d| d.date).unwrap_or(p.today)), lang.date(p.today));
    let periods = progress::PERIODS
        .iter()
        .map(|d| PeriodLink {
            href: format!("{href}?days={d}{anchor}"),
            label: lang.t_args("progress-period", &[("days", (*d).into())]),
            current: *d == days,
        })
        .collect();

    let mut sobriety = Vec::new();
    if p.today < p.first_start {
        sobriety.push(lang.t("progress-summary-not-started"));
    } else {
        sobriety.push(lang.t_args("progress-now", &[("days", p.sobriety.days.into())]));
        sobriety.push(lang.t_args("progress-longest", &[("days", p.sobriety.longest_streak_days.into())]));
        let (next, on) = p.next_milestone;
        sobriety.push(lang.t_args("progress-next", &[("days", next.into()), ("date", lang.date(on).into())]));
    }

    let mut summary = Vec::new();
    let checked = p.checked_in_days();
    match p.average_mood() {
        Some(mood) => {
            summary.push(lang.t_args("progress-summary-mood", &[("mood", one_decimal(mood).into())]));
            match (p.craving_trend(), p.average_craving()) {
                (Some((a, b)), _) => summary.push(lang.t_args(
                    "progress-summary-craving-trend",
                    &[("from", one_decimal(a).into()), ("to", one_decimal(b).into())],
                )),
                (None, Some(c)) => {
                    summary.push(lang.t_args("progress-summary-craving", &[("craving", one_decimal(c).into())]))
                }
                (None, None) => {}
            }
            summary
                .push(lang.t_args("progress-summary-checkins", &[("checked", checked.into()), ("days", days.into())]));
        }
        None => summary.push(lang.t_args("progress-summary-no-checkins", &[("days", days.into())])),
    }
    let tracked = p.tracked_days();
    if tracked > 0 {
        summary.push(
            lang.t_args("progress-summary-sober", &[("sober", p.sober_days().into()), ("tracked", tracked.into())]),
        );
    }
    let (attended, total) = p.attendance();
    summary.push(if total > 0 {
        lang.t_args("progress-summary-attendance", &[("attended", attended.into()), ("total", total.into())])
    } else {
        lang.t("progress-summary-no-sessions")
    });
    let reached: Vec<String> = p
        .days
        .iter()
        .filter_map(|d| {
            let m = d.milestone?;
            Some(lang.t_args("progress-milestone-on", &[("days", m.into()), ("date", lang.date(d.date).into())]))
        })
        .collect();
    let milestones =
        (!reached.is_empty()).then(|| lang.t_args("progress-milestones", &[("list", reached.join(", ").into())]));

    // (a) Mood and craving.
    let points: Vec<LinePoint> = p.days.iter().map(|d| LinePoint { mood: d.mood, craving: d.craving }).collect();
    let n = p.days.len();
    let mut ticks: Vec<(usize, String)> = Vec::new();
    if n > 0 {
        for i in [0, n / 3, 2 * n / 3, n - 1] {
            if ticks.last().is_none_or(|(j, _)| *j != i)
                && let Some(d) = p.days.get(i)
            {
                ticks.push((i, day_month(lang, d.date)));
            }
        }
    }
    let dates = |key: &str| lang.t_args(key, &[("from", from.as_str().into()), ("to", to.as_str().into())]);
    let mood_title = lang.t("progress-mood-title");
    let mood_desc = dates("progress-mood-desc");
    let (mood_legend, craving_legend, mood_empty) =
        (lang.t("progress-mood-legend"), lang.t("progress-craving-legend"), lang.t("progress-mood-empty"));
    let mood_svg = charts::mood_craving(
        &points,
        &LineText {
            frame: Frame { id: "pg-mood", title: &mood_title, desc: &mood_desc },
            mood: &mood_legend,
            craving: &craving_legend,
            ticks: &ticks,
            empty: &mood_empty,
        },
    );

    // (b) The calendar.
    let weekdays: [String; 7] = std::array::from_fn(|i| lang.t(&format!("progress-wd-{}", i + 1)));
    let months: [String; 12] = std::array::from_fn(|i| lang.t(&format!("progress-mon-{}", i + 1)));
    let cal_days: Vec<CalendarDay> =
        p.days.iter().map(|d| CalendarDay { date: d.date, state: d.state, milestone: d.milestone }).collect();
    let (cal_title, cal_desc) = (lang.t("progress-calendar-title"), dates("progress-calendar-desc"));
    let labels = [
        lang.t("progress-state-sober"),
        lang.t("progress-state-not-sober"),
        lang.t("progress-state-no-checkin"),
        lang.t("progress-state-before"),
        lang.t("progress-state-milestone"),
    ];
    let calendar_svg = charts::calendar(
        &cal_days,
        &CalendarText {
            frame: Frame { id: "pg-calendar", title: &cal_title, desc: &cal_desc },
            weekdays: &weekdays,
            months: &months,
            sober: &labels[0],
            not_sober: &labels[1],
            no_checkin: &labels[2],
            before_start: &labels[3],
            milestone: &labels[4],
        },
    );

    // (c) Attendance.
    let tz = p.center.tz();
    let statuses: [String; 4] = Status::ALL.map(|s| lang.t(&format!("attendance-{}", s.as_str())));
    let status_label =
        |s: Status| Status::ALL.iter().position(|x| *x == s).and_then(|i| statuses.get(i)).cloned().unwrap_or_default();
    let sessions: Vec<SessionRow> = p
        .sessions
        .iter()
        .map(|s| SessionRow {
            when: lang.datetime(s.starts_at, tz),
            group_id: s.group_id.clone(),
            group: s.group_name.clone(),
            status: status_label(s.status),
        })
        .collect();
    let dot_labels: Vec<String> = sessions
        .iter()
        .map(|s| {
            lang.t_args(
                "progress-session-label",
                &[
                    ("when", s.when.as_str().into()),
                    ("group", s.group.as_str().into()),
                    ("status", s.status.as_str().into()),
                ],
            )
        })
        .collect();
    let dots: Vec<SessionDot> =
        p.sessions.iter().zip(&dot_labels).map(|(s, label)| SessionDot { status: s.status, label }).collect();
    let (att_title, att_desc, att_empty) =
        (lang.t("progress-attendance-title"), dates("progress-attendance-desc"), lang.t("progress-attendance-empty"));
    let attendance_svg = charts::attendance(
        &dots,
        &charts::AttendanceText {
            frame: Frame { id: "pg-attendance", title: &att_title, desc: &att_desc },
            statuses: &statuses,
            empty: &att_empty,
        },
    );

    let dash = || "—".to_string();
    let rows = p
        .days
        .iter()
        .map(|d| DayRow {
            date: lang.date(d.date),
            mood: d.mood.map(|v| v.to_string()).unwrap_or_else(dash),
            craving: d.craving.map(|v| v.to_string()).unwrap_or_else(dash),
            state: lang.t(state_key(d.state)),
            milestone: d.milestone.map(|m| m.to_string()).unwrap_or_default(),
        })
        .collect();

    ProgressView {
        period: days,
        heading: lang.t_args("progress-heading", &[("days", days.into())]),
        periods,
        sobriety,
        summary,
        milestones,
        mood_svg,
        calendar_svg,
        attendance_svg,
        days: rows,
        sessions,
    }
}

#[derive(Template)]
#[template(path = "progress.html")]
struct ProgressPage {
    base: Base,
    title: String,
    /// Staff: back to the member's record.
    back: Option<(String, String)>,
    progress: ProgressView,
}
localized!(ProgressPage);

fn period_of(raw: Option<&str>) -> i64 {
    progress::period(Some(FormData::from_query(raw).get("days")))
}

/// `/progress`: the signed-in member's own progress.
pub async fn own(State(state): State<AppState>, ctx: Ctx, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let period = period_of(raw.as_deref());
    let p = progress::progress(&state, &me.actor, &me.user.id, period).await?;
    let page = ProgressPage {
        base: ctx.base(ctx.t("progress-title")),
        title: ctx.t("progress-title"),
        back: None,
        progress: view(ctx.lang, &p, "/progress", ""),
    };
    render(StatusCode::OK, &page)
}

/// `/members/{id}/progress`: a member's progress, for the centre's staff.
pub async fn of_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let period = period_of(raw.as_deref());
    if me.user.id == id {
        return Ok(see_other(&format!("/progress?days={period}")));
    }
    let p = progress::progress_audited(&state, &me.actor, &id, period).await?;
    let title = ctx.t_args("progress-title-of", &[("name", p.member.display_name.as_str().into())]);
    let record = format!("/members/{}", urlencode(&p.member.id));
    let page = ProgressPage {
        base: ctx.base(title.clone()),
        title,
        back: Some((
            record.clone(),
            ctx.t_args("progress-back-to-member", &[("name", p.member.display_name.as_str().into())]),
        )),
        progress: view(ctx.lang, &p, &format!("{record}/progress"), ""),
    };
    render(StatusCode::OK, &page)
}

#[cfg(test)]
mod tests {
    //! The pages through the real router, on a fresh SQLite file with a
    //! member's history.

    use crate::Config;
    use crate::auth::password;
    use axum::Router;
    use axum::body::Body;
    use axum::http::{Request, StatusCode, header};
    use chrono::{Duration, NaiveDate};
    use http_body_util::BodyExt;
    use saathi_domain::attendance::Status;
    use saathi_domain::group::{GroupKind, Modality};
    use saathi_domain::{Role, Stage, sobriety};
    use saathi_store::{
        AuditFilter, CheckInInput, GroupFields, NewCenter, NewMember, NewUser, SessionSlot, Store, now_ms,
    };
    use std::collections::HashMap;
    use tower::ServiceExt;

    const PW: &str = "a-good-password";

    struct App {
        router: Router,
        store: Store,
        center: String,
        today: NaiveDate,
        _dir: tempfile::TempDir,
    }

    struct Page {
        status: StatusCode,
        location: String,
        html: String,
    }

    impl App {
        async fn new() -> App {
            let dir = tempfile::tempdir().expect("temp dir");
            let store = Store::connect(&format!("sqlite://{}/web.db", dir.path().display())).await.expect("connect");
            store.migrate().await.expect("migrate");
            let c = store
                .create_center(&NewCenter { name: "Test Kendra".into(), timezone: "Asia/Kolkata".into() }, now_ms())
                .await
                .expect("centre");
            let router = crate::app(store.clone(), Config { secure_cookies: false, ..Config::default() });
            let today = sobriety::local_today(chrono::Utc::now(), chrono_tz::Asia::Kolkata);
            App { router, store, center: c.id, today, _dir: dir }
        }

        fn new_user(center: &str, role: Role, login: &str, name: &str, language: &str) -> NewUser {
            NewUser {
                center_id: center.into(),
                role,
                login: login.into(),
                phone: None,
                password_hash: password::hash(PW).expect("hash"),
                display_name: name.into(),
                full_name: Some(format!("{name} Kumar")),
                language: language.into(),
            }
        }

        async fn user(&self, center: &str, role: Role, login: &str, language: &str) -> String {
            let u = Self::new_user(center, role, login, login, language);
            self.store.create_user(&u, None, now_ms()).await.expect("user").id
        }

        async fn member(&self, login: &str, name: &str, language: &str, start: NaiveDate) -> String {
            let m = NewMember {
                user: Self::new_user(&self.center, Role::Member, login, name, language),
                gender: "male".into(),
                birth_year: Some(1990),
                substances: vec!["alcohol".into()],
                stage: Stage::Rehabilitation,
                sobriety_start: start.format("%Y-%m-%d").to_string(),
                counselor_id: None,
            };
            self.store.create_member(&m, None, now_ms()).await.expect("member").id
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
            self.store.upsert_checkin(member, &self.center, &day, &input, now_ms()).await.expect("check-in");
        }

        /// A member with 100 days of history: check-ins on most days
        /// (craving falling), a lapse 40 days ago, and some sessions.
        async fn history(&self, member: &str, counselor: &str) {
            for back in 0..100 {
                if back % 9 == 4 {
                    continue; // a missed day now and then
                }
                let date = self.today - Duration::days(back);
                self.checkin(member, date, 2 + (100 - back) % 4, (back / 12).min(10), back != 40).await;
            }
            let lapse = self.today - Duration::days(40);
            let day = lapse.format("%Y-%m-%d").to_string();
            let next = (lapse + Duration::days(1)).format("%Y-%m-%d").to_string();
            self.store.record_lapse(member, &day, &next, "lapse", None, counselor, now_ms()).await.expect("lapse");
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
            let g = self.store.create_group(&self.center, &fields, counselor, now_ms()).await.expect("group");
            let statuses = [Status::Present, Status::Present, Status::Late, Status::Absent, Status::Excused];
            for (i, status) in statuses.iter().enumerate() {
                let at = now_ms() - (i as i64 + 1) * 3 * 86_400_000;
                let slot = SessionSlot { starts_at: at, ends_at: at + 90 * 60_000, topic: None };
                let s = self
                    .store
                    .create_group_session(&g.id, &self.center, slot, counselor, now_ms())
                    .await
                    .expect("session");
                self.store
                    .put_attendance(&s.id, &[(member.to_string(), *status)], "facilitator", counselor, now_ms())
                    .await
                    .expect("attendance");
            }
        }

        async fn send(
            &self,
            cookies: &mut HashMap<String, String>,
            method: &str,
            uri: &str,
            form: &[(&str, &str)],
        ) -> Page {
            let mut req = Request::builder().method(method).uri(uri);
            if !cookies.is_empty() {
                let c: Vec<String> = cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
                req = req.header(header::COOKIE, c.join("; "));
            }
            let body = if method == "POST" {
                req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                let csrf = cookies.get("saathi_csrf").cloned().unwrap_or_default();
                let mut pairs = form.to_vec();
                pairs.push(("_csrf", &csrf));
                Body::from(serde_urlencoded::to_string(&pairs).expect("form"))
            } else {
                Body::empty()
            };
            let resp = self.router.clone().oneshot(req.body(body).expect("request")).await.expect("response");
            let status = resp.status();
            for c in resp.headers().get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()) {
                if let Some((k, v)) = c.split(';').next().and_then(|kv| kv.split_once('=')) {
                    cookies.insert(k.to_string(), v.to_string());
                }
            }
            let location = resp.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
            let bytes = resp.into_body().collect().await.expect("body").to_bytes();
            Page { status, location, html: String::from_utf8_lossy(&bytes).into_owned() }
        }

        async fn sign_in(&self, login: &str) -> HashMap<String, String> {
            let mut cookies = HashMap::new();
            self.send(&mut cookies, "GET", "/login", &[]).await;
            let p = self.send(&mut cookies, "POST", "/login", &[("login", login), ("password", PW)]).await;
            assert_eq!(p.location, "/home", "{}", p.html);
            cookies
        }

        async fn get(&self, cookies: &mut HashMap<String, String>, uri: &str) -> Page {
            self.send(cookies, "GET", uri, &[]).await
        }
    }

    fn lang_of(html: &str) -> &str {
        html.split("<html lang=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("")
    }

    /// The three pictures, each an image with a title and a description.
    fn has_pictures(html: &str) {
        assert_eq!(html.matches("role=\"img\"").count(), 3, "{html}");
        for id in ["pg-mood", "pg-calendar", "pg-attendance"] {
            assert!(html.contains(&format!("aria-labelledby=\"{id}-title {id}-desc\"")), "{id}");
        }
        assert!(!html.contains("&lt;svg"), "the pictures are not escaped twice");
        assert!(!html.contains("<script"), "no script");
        let svg_ns = html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count();
        assert_eq!(html.matches("http").count(), svg_ns, "nothing fetched from anywhere");
    }

    #[tokio::test]
    async fn a_member_sees_their_own_progress_in_english() {
        let app = App::new().await;
        let counselor = app.user(&app.center, Role::Counselor, "meera", "en").await;
        let ravi = app.member("ravi", "Ravi", "en", app.today - Duration::days(100)).await;
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
        let app = App::new().await;
        let counselor = app.user(&app.center, Role::Counselor, "meera", "en").await;
        let sunita = app.member("sunita", "सुनीता", "hi", app.today - Duration::days(100)).await;
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
        let app = App::new().await;
        let counselor = app.user(&app.center, Role::Counselor, "meera", "en").await;
        app.user(&app.center, Role::Counselor, "asha", "hi").await;
        app.user(&app.center, Role::Family, "kin", "en").await;
        app.user(&app.center, Role::PeerMentor, "guide", "en").await;
        let ravi = app.member("ravi", "Ravi", "en", app.today - Duration::days(100)).await;
        app.member("sunil", "Sunil", "en", app.today - Duration::days(10)).await;
        app.history(&ravi, &counselor).await;
        let other = app
            .store
            .create_center(&NewCenter { name: "Other Kendra".into(), timezone: "Asia/Kolkata".into() }, now_ms())
            .await
            .expect("centre");
        app.user(&other.id, Role::Counselor, "outsider", "en").await;

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
        let reads = app.store.list_audit(&app.center, &filter).await.expect("audit");
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
        let p = app.get(&mut HashMap::new(), "/progress").await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        assert!(p.location.starts_with("/login?next="));
    }

    #[tokio::test]
    async fn a_new_member_without_check_ins_sees_empty_pictures() {
        let app = App::new().await;
        app.member("new", "Naya", "en", app.today + Duration::days(3)).await;
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
        let app = App::new().await;
        let counselor = app.user(&app.center, Role::Counselor, "meera", "en").await;
        let ravi = app.member("ravi", "Ravi", "en", app.today - Duration::days(400)).await;
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
}
