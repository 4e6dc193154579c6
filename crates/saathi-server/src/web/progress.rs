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
