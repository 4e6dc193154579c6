//! A session, for its facilitator on a tablet: the check-in code, the
//! attendance form, the sharing circle (who has not yet shared, the next
//! speaker, a timer, passes, talk time and the participation balance),
//! moving or cancelling it, and after it the confidential group note.
//!
//! The circle's rules (who may speak, what a turn may last, the balance) are
//! the domain's and the service's; this page records what the facilitator
//! did and shows what the service answers.

use super::forms::{Choice, Field, FormData, field_message, normalise_date, urlencode};
use super::groups::{form_errors, local_day, local_instant, normalise_time, session_when, topic_label};
use super::members::Select;
use super::notes::{NoteReader, NoteRights, NoteView, note_view};
use super::{Base, Ctx, WebError, assets, localized, render, see_other};
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::services::{celebrations, centers, group_sessions, groups, notes};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use saathi_domain::attendance::Status;
use saathi_domain::policy::Action;
use saathi_domain::{circle, dates, topics};
use saathi_store::{EnrollmentStatus, GroupSession, now_ms};
use std::collections::HashMap;

pub struct SessionView {
    pub id: String,
    pub group_id: String,
    pub group_name: String,
    pub when: String,
    pub topic: String,
    pub cancelled: bool,
    pub code: String,
}

pub struct AttendanceRow {
    pub id: String,
    pub name: String,
    pub choices: Vec<Choice>,
    /// What is recorded now ("Present, checked in themselves"), or `None`.
    pub recorded: Option<String>,
    pub error: Option<String>,
}

pub struct TalkRow {
    pub name: String,
    /// `m:ss`, shown.
    pub time: String,
    /// "150 seconds", for screen readers.
    pub seconds: String,
    /// The bar's width class (`w-0` … `w-100`, in steps of 5).
    pub width: i64,
    pub passed: bool,
}

pub struct TurnRow {
    pub name: String,
    pub text: String,
}

pub struct CircleView {
    pub not_yet: Vec<(String, String)>,
    pub speaker: Option<(String, String)>,
    pub turns: Vec<TurnRow>,
    pub talk: Vec<TalkRow>,
    pub gini: String,
    pub balance: String,
    pub minutes: Field,
    pub error: Option<String>,
}

/// One attendee's part of the group note, as the form shows it.
pub struct PartField {
    pub member_id: String,
    pub name: String,
    pub body: String,
    pub one_to_one: bool,
    pub error: Option<String>,
}

pub struct NotesForm {
    pub group: Option<Field>,
    pub parts: Vec<PartField>,
}

pub struct NotesBox {
    pub group: Option<NoteView>,
    pub parts: Vec<NoteView>,
    pub form: Option<NotesForm>,
    pub errors: Vec<(String, String)>,
}

pub struct ChangeForm {
    pub date: Field,
    pub time: Field,
    pub topic: Select,
}

#[derive(Template)]
#[template(path = "session.html")]
struct SessionPage {
    base: Base,
    s: SessionView,
    notice: Option<String>,
    attendance: Vec<AttendanceRow>,
    attendance_errors: Vec<(String, String)>,
    circle: Option<CircleView>,
    change: ChangeForm,
    change_errors: Vec<(String, String)>,
    /// The note section: loaded after the session (or on request), as each
    /// load is an audited read.
    notes: Option<NotesBox>,
    notes_link: bool,
    /// Milestones reached since the group's previous session, to celebrate.
    celebrate: Vec<String>,
    celebrate_since: String,
    script: &'static str,
}
localized!(SessionPage);

/// Messages by field (or member id).
type Messages = Vec<(String, String)>;

/// What a handler asks the page to show beyond the session itself.
#[derive(Default)]
struct Extra<'a> {
    notice: Option<String>,
    speaker: Option<String>,
    /// What was typed, the summary's messages, and each member's message.
    attendance: Option<(&'a FormData, Messages, Messages)>,
    turn: Option<(&'a FormData, String)>,
    change: Option<(&'a FormData, Vec<(String, String)>)>,
    notes: Option<(&'a FormData, Vec<(String, String)>)>,
    show_notes: bool,
}

fn status_label(lang: Lang, s: Status) -> String {
    lang.t(&format!("attendance-{}", s.as_str()))
}

/// `m:ss`.
fn mmss(seconds: i64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// A bar's width in steps of 5 %, relative to the longest talker.
fn bar_width(seconds: i64, longest: i64) -> i64 {
    if longest <= 0 || seconds <= 0 {
        return 0;
    }
    let pct = seconds as f64 * 100.0 / longest as f64;
    (((pct / 5.0).round() as i64) * 5).clamp(5, 100)
}

fn balance_label(lang: Lang, gini: f64) -> String {
    let key = match circle::balance(gini) {
        circle::Balance::Even => "circle-balance-even",
        circle::Balance::Uneven => "circle-balance-uneven",
        circle::Balance::Dominated => "circle-balance-dominated",
    };
    lang.t(key)
}

/// The longest talk time the form reads (a turn is then checked against the
/// circle's own limit); anything longer is not a time a turn took.
const TYPED_MAX_SECONDS: i64 = 4 * 60 * 60;

/// A duration as typed: `3` (minutes), `2.5`, `2,5` or `2:30`, in seconds,
/// at most [`TYPED_MAX_SECONDS`]; `Ok(None)` when empty.
fn parse_minutes(s: &str) -> Result<Option<i64>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let seconds = if let Some((m, sec)) = s.split_once(':') {
        let m: i64 = m.trim().parse().map_err(|_| ())?;
        let sec: i64 = sec.trim().parse().map_err(|_| ())?;
        if !(0..60).contains(&sec) || m < 0 {
            return Err(());
        }
        m.checked_mul(60).and_then(|s| s.checked_add(sec)).ok_or(())?
    } else {
        let m: f64 = s.replace(',', ".").parse().map_err(|_| ())?;
        if !m.is_finite() || m < 0.0 || m * 60.0 > TYPED_MAX_SECONDS as f64 {
            return Err(());
        }
        (m * 60.0).round() as i64
    };
    if seconds > TYPED_MAX_SECONDS {
        return Err(());
    }
    Ok(Some(seconds))
}

fn change_form(
    lang: Lang,
    s: &GroupSession,
    tz: chrono_tz::Tz,
    f: Option<&FormData>,
    errors: &[(String, String)],
) -> ChangeForm {
    let (date, time, topic) = match f {
        Some(f) => (f.get("date").to_string(), f.get("time").to_string(), f.get("topic").to_string()),
        None => (
            local_day(s.starts_at, tz).map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
            super::groups::clock(s.starts_at, tz),
            s.topic.clone().unwrap_or_default(),
        ),
    };
    let field =
        |name: &'static str, label: &str, value: String| Field::new(name, lang.t(label), value).error_from(errors);
    let mut choices = vec![Choice::new("", lang.t("topic-none"), topic.is_empty())];
    choices.extend(topics::TOPICS.iter().map(|t| Choice::new(*t, topic_label(lang, Some(t)), topic == *t)));
    ChangeForm {
        date: field("date", "group-session-date", date).required(),
        time: field("time", "group-session-time", time).hint(lang.t("group-start-time-hint")).required(),
        topic: Select { field: field("topic", "group-session-topic", String::new()), choices },
    }
}

async fn session_page(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    extra: Extra<'_>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let lang = ctx.lang;
    let (s, g) = group_sessions::authorize_session(state, &me.actor, id, Action::RunSession).await?;
    let center = centers::own(state, &me.actor).await?;
    let tz = center.tz();
    let enrolments = groups::enrollments(state, &me.actor, &g.id).await?;
    let names: HashMap<String, String> =
        enrolments.iter().map(|e| (e.member_id.clone(), e.display_name.clone())).collect();
    let name_of = |mid: &str| names.get(mid).cloned().unwrap_or_else(|| lang.t("session-someone"));
    let recorded = group_sessions::attendance(state, &me.actor, id).await?;

    // Attendance: every active member, with what is recorded or was just typed.
    let (typed, attendance_errors, member_errors) = match extra.attendance {
        Some((f, errs, per_member)) => (Some(f), errs, per_member),
        None => (None, vec![], vec![]),
    };
    let attendance: Vec<AttendanceRow> = enrolments
        .iter()
        .filter(|e| e.status == EnrollmentStatus::Active)
        .map(|e| {
            let now = recorded.iter().find(|r| r.member_id == e.member_id);
            let chosen = match typed {
                Some(f) => f.get(&format!("status-{}", e.member_id)).to_string(),
                None => now.map(|r| r.status.as_str().to_string()).unwrap_or_default(),
            };
            AttendanceRow {
                id: e.member_id.clone(),
                name: e.display_name.clone(),
                choices: Status::ALL
                    .iter()
                    .map(|st| Choice::new(st.as_str(), status_label(lang, *st), chosen == st.as_str()))
                    .collect(),
                recorded: now.map(|r| {
                    let label = status_label(lang, r.status);
                    if r.via == "self" {
                        lang.t_args("session-attendance-self", &[("status", label.into())])
                    } else {
                        label
                    }
                }),
                error: member_errors.iter().find(|(m, _)| *m == e.member_id).map(|(_, msg)| msg.clone()),
            }
        })
        .collect();

    // Who to celebrate: milestones since the previous session.
    let cel = celebrations::for_session(state, &me.actor, &g, &s).await?;
    let celebrate = cel
        .celebrations
        .iter()
        .map(|c| {
            lang.t_args(
                "celebrate-line",
                &[("name", (&c.display_name).into()), ("days", c.days.into()), ("date", lang.date(c.date).into())],
            )
        })
        .collect();
    let celebrate_since = lang.t_args("celebrate-since", &[("date", lang.date(cel.since).into())]);

    // The circle, for those present or late.
    let c = group_sessions::circle(state, &me.actor, id).await?;
    let circle = if c.attendees.is_empty() {
        None
    } else {
        let longest = c.state.talk_seconds.values().copied().max().unwrap_or(0);
        let talk = c
            .attendees
            .iter()
            .map(|a| {
                let secs = c.state.talk_seconds.get(a).copied().unwrap_or(0);
                let turns: Vec<_> = c.turns.iter().filter(|t| &t.member_id == a).collect();
                TalkRow {
                    name: name_of(a),
                    time: mmss(secs),
                    seconds: lang.t_args("circle-seconds", &[("seconds", secs.into())]),
                    width: bar_width(secs, longest),
                    passed: !turns.is_empty() && turns.iter().all(|t| t.passed),
                }
            })
            .collect();
        let speaker = extra.speaker.filter(|sp| c.attendees.contains(sp)).map(|sp| {
            let n = name_of(&sp);
            (sp, n)
        });
        let (minutes_typed, turn_error) = match extra.turn {
            Some((f, msg)) => (f.get("minutes").to_string(), Some(msg)),
            None => (String::new(), None),
        };
        let mut minutes =
            Field::new("minutes", lang.t("circle-minutes"), minutes_typed).hint(lang.t("circle-minutes-hint"));
        minutes.error = turn_error.clone().filter(|_| speaker.is_some());
        minutes.invalid = minutes.error.is_some();
        let spoken = c.state.talk_seconds.values().any(|v| *v > 0);
        Some(CircleView {
            not_yet: c.state.not_yet_shared.iter().map(|a| (a.clone(), name_of(a))).collect(),
            speaker,
            turns: c
                .turns
                .iter()
                .map(|t| TurnRow {
                    name: name_of(&t.member_id),
                    text: if t.passed {
                        lang.t("circle-turn-passed")
                    } else {
                        format!(
                            "{} ({})",
                            mmss(t.seconds),
                            lang.t_args("circle-seconds", &[("seconds", t.seconds.into())])
                        )
                    },
                })
                .collect(),
            talk,
            gini: format!("{:.2}", c.state.balance_gini),
            balance: if spoken { balance_label(lang, c.state.balance_gini) } else { lang.t("circle-balance-none") },
            minutes,
            error: turn_error,
        })
    };

    // The note: after the session, or when asked for.
    let now = now_ms();
    let rights = NoteRights::of(state, me).await?;
    let ended = now >= s.ends_at;
    let want_notes = rights.read && (ended || extra.show_notes || extra.notes.is_some());
    let next = format!("/sessions/{}?notes=1#notes", urlencode(id));
    let notes = if want_notes {
        let list = notes::session_notes(state, &me.actor, id).await?;
        let reader = NoteReader { state, lang, me, rights, tz };
        let mut group_note = None;
        let mut parts = Vec::new();
        for n in &list {
            match &n.member_id {
                None => group_note = Some(note_view(&reader, n, lang.t("notes-group"), &next).await?),
                Some(m) => parts.push(note_view(&reader, n, name_of(m), &next).await?),
            }
        }
        let (typed, errors) = match extra.notes {
            Some((f, e)) => (Some(f), e),
            None => (None, vec![]),
        };
        let form = (rights.write && s.status != "cancelled").then(|| {
            // A note written meanwhile keeps its field while the text typed
            // for it comes back (see `write_notes`).
            let refused = |key: &str| errors.iter().any(|(k, _)| k == key);
            let group = (group_note.is_none() || refused("group_note")).then(|| {
                Field::new("group_note", lang.t("notes-group"), typed.map(|f| f.get("group_note")).unwrap_or(""))
                    .hint(lang.t("notes-group-hint"))
                    .required()
                    .error_from(&errors)
            });
            let written: Vec<&str> = list.iter().filter_map(|n| n.member_id.as_deref()).collect();
            let parts = c
                .attendees
                .iter()
                .filter(|a| !written.contains(&a.as_str()) || refused(a))
                .map(|a| PartField {
                    member_id: a.clone(),
                    name: name_of(a),
                    body: typed.map(|f| f.get(&format!("part-{a}")).to_string()).unwrap_or_default(),
                    one_to_one: typed.is_some_and(|f| f.get(&format!("one_to_one-{a}")) == "1"),
                    error: errors.iter().find(|(k, _)| k == a).map(|(_, m)| m.clone()),
                })
                .collect::<Vec<_>>();
            NotesForm { group, parts }
        });
        let form = form.filter(|f| f.group.is_some() || !f.parts.is_empty());
        Some(NotesBox { group: group_note, parts, form, errors })
    } else {
        None
    };

    let (change_typed, change_errors) = match extra.change {
        Some((f, e)) => (Some(f), e),
        None => (None, vec![]),
    };
    let view = SessionView {
        id: s.id.clone(),
        group_id: g.id.clone(),
        group_name: g.name.clone(),
        when: session_when(lang, &s, tz),
        topic: topic_label(lang, s.topic.as_deref()),
        cancelled: s.status == "cancelled",
        code: s.checkin_code.clone(),
    };
    let title = ctx.t_args(
        "session-title",
        &[
            ("group", g.name.as_str().into()),
            ("date", local_day(s.starts_at, tz).map(|d| lang.date(d)).unwrap_or_default().into()),
        ],
    );
    let page = SessionPage {
        base: ctx.base(title),
        change: change_form(lang, &s, tz, change_typed, &change_errors),
        change_errors,
        s: view,
        notice: extra.notice,
        attendance,
        attendance_errors,
        circle,
        notes,
        notes_link: rights.read && !want_notes,
        celebrate,
        celebrate_since,
        script: assets::js_url(),
    };
    render(status, &page)
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let q = FormData::from_query(raw.as_deref());
    // "Next speaker": the domain picks, in round order or at random among
    // those who have not yet shared; the page then shows that speaker.
    if let Some(mode) = q.opt("next") {
        let c = group_sessions::circle(&state, &me.actor, &id).await?;
        let random = (mode == "random").then(rand::random::<u64>);
        let to = match circle::next_speaker(&c.state, random) {
            Some(sp) => format!("/sessions/{}?speaker={}#circle", urlencode(&id), urlencode(sp)),
            None => format!("/sessions/{}?done=all-shared#circle", urlencode(&id)),
        };
        return Ok(see_other(&to));
    }
    let notice = match q.get("done") {
        "attendance" => Some(ctx.t("session-attendance-saved")),
        "turn" => Some(ctx.t("circle-turn-saved")),
        "all-shared" => Some(ctx.t("circle-everyone-shared")),
        "changed" => Some(ctx.t("session-changed")),
        "cancelled" => Some(ctx.t("session-cancelled-done")),
        "restored" => Some(ctx.t("session-restored")),
        "notes" => Some(ctx.t("notes-saved")),
        "signed" => Some(ctx.t("note-signed-done")),
        "amended" => Some(ctx.t("note-amended")),
        _ => None,
    };
    let extra = Extra { notice, speaker: q.opt("speaker"), show_notes: q.get("notes") == "1", ..Default::default() };
    session_page(&state, &ctx, &id, extra, StatusCode::OK).await
}

// ---------------------------------------------------------------------------
// Attendance

pub async fn attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let lang = ctx.lang;
    let records: Vec<(String, String)> =
        form.0.iter().filter_map(|(k, v)| k.strip_prefix("status-").map(|m| (m.to_string(), v.clone()))).collect();
    match group_sessions::put_attendance(&state, &me.actor, &id, &records).await {
        Ok(_) => Ok(see_other(&format!("/sessions/{}?done=attendance#attendance", urlencode(&id)))),
        Err(e) if e.code == "agreement_required" => {
            let (_, g) = group_sessions::authorize_session(&state, &me.actor, &id, Action::RunSession).await?;
            let roster = groups::enrollments(&state, &me.actor, &g.id).await?;
            let per_member: Vec<(String, String)> = e
                .member_ids
                .unwrap_or_default()
                .into_iter()
                .map(|m| {
                    let name =
                        roster.iter().find(|r| r.member_id == m).map(|r| r.display_name.clone()).unwrap_or_default();
                    let msg = lang.t_args("session-agreement-required", &[("name", name.into())]);
                    (m, msg)
                })
                .collect();
            let summary = per_member.iter().map(|(m, msg)| (format!("att-{m}"), msg.clone())).collect();
            let extra = Extra { attendance: Some((&form, summary, per_member)), ..Default::default() };
            session_page(&state, &ctx, &id, extra, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) if matches!(e.status, StatusCode::UNPROCESSABLE_ENTITY | StatusCode::CONFLICT) => {
            let msg = match e.code {
                "cancelled" => lang.t("session-is-cancelled"),
                _ => form_errors(lang, &e, &[("records", "records")])
                    .into_iter()
                    .map(|(_, m)| m)
                    .next()
                    .unwrap_or_else(|| lang.t("err-invalid")),
            };
            let extra = Extra { attendance: Some((&form, vec![("_form".into(), msg)], vec![])), ..Default::default() };
            session_page(&state, &ctx, &id, extra, e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// The sharing circle

pub async fn add_turn(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let lang = ctx.lang;
    let member_id = form.get("member_id").to_string();
    let passed = form.get("action") == "pass";
    // The timer's seconds (with JavaScript), else the minutes typed.
    let seconds = if passed {
        Ok(Some(0))
    } else {
        match form.get("seconds").trim().parse::<i64>() {
            Ok(s) => Ok(Some(s)),
            Err(_) => parse_minutes(form.get("minutes")),
        }
    };
    let refused =
        |msg: String| Extra { speaker: Some(member_id.clone()), turn: Some((&form, msg)), ..Default::default() };
    let seconds = match seconds {
        Ok(Some(s)) => s,
        Ok(None) => {
            let extra = refused(field_message(lang, "minutes", "required"));
            return session_page(&state, &ctx, &id, extra, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(()) => {
            let extra = refused(field_message(lang, "minutes", "not_a_number"));
            return session_page(&state, &ctx, &id, extra, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    match group_sessions::add_turn(&state, &me.actor, &id, &member_id, seconds, passed).await {
        Ok(_) => Ok(see_other(&format!("/sessions/{}?done=turn#circle", urlencode(&id)))),
        Err(e) if matches!(e.status, StatusCode::UNPROCESSABLE_ENTITY | StatusCode::CONFLICT) => {
            let msg = if e.code == "cancelled" {
                lang.t("session-is-cancelled")
            } else {
                form_errors(lang, &e, &[("seconds", "minutes"), ("member_id", "member_id")])
                    .into_iter()
                    .map(|(_, m)| m)
                    .next()
                    .unwrap_or_else(|| lang.t("err-invalid"))
            };
            let extra = refused(msg);
            session_page(&state, &ctx, &id, extra, e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// Moving, re-topicking, cancelling and restoring

const CHANGE_FIELDS: [(&str, &str); 3] = [("starts_at", "time"), ("topic", "topic"), ("status", "topic")];

pub async fn change(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let lang = ctx.lang;
    let center = centers::own(&state, &me.actor).await?;
    let date = normalise_date(form.get("date"));
    let time = normalise_time(form.get("time"));
    let mut errors = Vec::new();
    if dates::parse(&date).is_none() {
        errors.push(("date".to_string(), field_message(lang, "date", "bad_date")));
    }
    if chrono::NaiveTime::parse_from_str(&time, "%H:%M").is_err() {
        errors.push(("time".to_string(), field_message(lang, "start_time", "bad_time")));
    }
    let starts_at = local_instant(&center, &date, &time);
    let result = match starts_at.filter(|_| errors.is_empty()) {
        Some(at) => {
            let topic = form.opt("topic");
            group_sessions::update(&state, &me.actor, &id, Some(&at), Some(topic.as_deref()), None).await.map(Some)
        }
        None => Ok(None),
    };
    match result {
        Ok(Some(_)) => Ok(see_other(&format!("/sessions/{}?done=changed", urlencode(&id)))),
        Ok(None) => {
            let extra = Extra { change: Some((&form, errors)), ..Default::default() };
            session_page(&state, &ctx, &id, extra, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => {
            let extra = Extra { change: Some((&form, form_errors(lang, &e, &CHANGE_FIELDS))), ..Default::default() };
            session_page(&state, &ctx, &id, extra, e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "session_cancel.html")]
struct CancelPage {
    base: Base,
    id: String,
    heading: String,
}
localized!(CancelPage);

pub async fn cancel_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let (s, _) = group_sessions::authorize_session(&state, &me.actor, &id, Action::RunSession).await?;
    let center = centers::own(&state, &me.actor).await?;
    let heading = ctx.t_args("session-cancel-title", &[("when", session_when(ctx.lang, &s, center.tz()).into())]);
    let page = CancelPage { base: ctx.base(heading.clone()), id: s.id.clone(), heading };
    render(StatusCode::OK, &page)
}

async fn set_status(state: &AppState, ctx: &Ctx, id: &str, status: &str, done: &str) -> Result<Response, WebError> {
    let me = ctx.user()?;
    group_sessions::update(state, &me.actor, id, None, None, Some(status)).await?;
    Ok(see_other(&format!("/sessions/{}?done={done}", urlencode(id))))
}

pub async fn cancel(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, WebError> {
    set_status(&state, &ctx, &id, "cancelled", "cancelled").await
}

pub async fn restore(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, WebError> {
    set_status(&state, &ctx, &id, "scheduled", "restored").await
}

// ---------------------------------------------------------------------------
// The group note

/// Writes the group note (if not yet written) and each attendee's part typed.
/// The group note comes first: if it is refused, nothing is written. A
/// refused part does not stop the others; the form comes back with only what
/// is still to write. A note someone else wrote meanwhile is never
/// overwritten, and the text typed for it is never dropped: unless it is the
/// very text already written (the form sent twice), it comes back in the
/// form with a message saying so.
pub async fn write_notes(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let lang = ctx.lang;
    let mut errors: Vec<(String, String)> = Vec::new();
    let conflict = |e: &ApiError| e.code == "note_exists";
    // The notes written meanwhile, read once, when a write finds one.
    let mut written: Option<Vec<saathi_store::Note>> = None;
    let mut written_meanwhile = 0;
    let mut meanwhile = async |member_id: Option<&str>, typed: &str| -> Result<Option<String>, WebError> {
        if written.is_none() {
            written = Some(notes::session_notes(&state, &me.actor, &id).await?);
        }
        let same =
            written.iter().flatten().any(|n| n.member_id.as_deref() == member_id && n.body.trim() == typed.trim());
        Ok((!same).then(|| lang.t("notes-written-meanwhile")))
    };
    if form.0.iter().any(|(k, _)| k == "group_note") {
        let typed = form.get("group_note");
        match notes::write_session_note(&state, &me.actor, &id, None, typed, false).await {
            Ok(_) => {}
            Err(e) if conflict(&e) => {
                if let Some(msg) = meanwhile(None, typed).await? {
                    errors.push(("group_note".to_string(), msg));
                    written_meanwhile += 1;
                }
            }
            Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => {
                errors.extend(form_errors(lang, &e, &[("body", "group_note")]));
                let extra = Extra { notes: Some((&form, errors)), ..Default::default() };
                return session_page(&state, &ctx, &id, extra, e.status).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    for (key, body) in &form.0 {
        let Some(member_id) = key.strip_prefix("part-") else { continue };
        if body.trim().is_empty() {
            continue;
        }
        let one_to_one = form.get(&format!("one_to_one-{member_id}")) == "1";
        match notes::write_session_note(&state, &me.actor, &id, Some(member_id), body, one_to_one).await {
            Ok(_) => {}
            Err(e) if conflict(&e) => {
                if let Some(msg) = meanwhile(Some(member_id), body).await? {
                    errors.push((member_id.to_string(), msg));
                    written_meanwhile += 1;
                }
            }
            Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => {
                let msg = form_errors(lang, &e, &[("body", "body"), ("member_id", "member_id")])
                    .into_iter()
                    .map(|(_, m)| m)
                    .next()
                    .unwrap_or_else(|| lang.t("err-invalid"));
                errors.push((member_id.to_string(), msg));
            }
            Err(e) => return Err(e.into()),
        }
    }
    if errors.is_empty() {
        Ok(see_other(&format!("/sessions/{}?notes=1&done=notes#notes", urlencode(&id))))
    } else {
        // Only notes written meanwhile: a conflict; anything else to mend: invalid.
        let status =
            if errors.len() == written_meanwhile { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
        let extra = Extra { notes: Some((&form, errors)), ..Default::default() };
        session_page(&state, &ctx, &id, extra, status).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_as_typed() {
        assert_eq!(parse_minutes(""), Ok(None));
        assert_eq!(parse_minutes("3"), Ok(Some(180)));
        assert_eq!(parse_minutes("2.5"), Ok(Some(150)));
        assert_eq!(parse_minutes("2,5"), Ok(Some(150)));
        assert_eq!(parse_minutes(" 2:30 "), Ok(Some(150)));
        assert_eq!(parse_minutes("2:75"), Err(()));
        assert_eq!(parse_minutes("-1"), Err(()));
        assert_eq!(parse_minutes("lots"), Err(()));
        assert_eq!(parse_minutes("240:00"), Ok(Some(TYPED_MAX_SECONDS)));
        assert_eq!(parse_minutes("240"), Ok(Some(TYPED_MAX_SECONDS)));
        assert_eq!(parse_minutes("240:01"), Err(()), "longer than a turn can be");
        assert_eq!(parse_minutes("241"), Err(()));
        assert_eq!(parse_minutes("307445734561825861:00"), Err(()), "m * 60 overflows");
        assert_eq!(parse_minutes("9223372036854775807:59"), Err(()));
        assert_eq!(parse_minutes("1e300"), Err(()));
    }

    #[test]
    fn bars_and_balance() {
        assert_eq!(bar_width(0, 100), 0);
        assert_eq!(bar_width(100, 100), 100);
        assert_eq!(bar_width(1, 100), 5, "anyone who spoke shows");
        assert_eq!(bar_width(52, 100), 50);
        assert_eq!(mmss(150), "2:30");
        assert_eq!(mmss(5), "0:05");
        assert_eq!(balance_label(Lang::En, 0.1), Lang::En.t("circle-balance-even"));
        assert_eq!(balance_label(Lang::En, 0.3), Lang::En.t("circle-balance-uneven"));
        assert_eq!(balance_label(Lang::En, 0.75), Lang::En.t("circle-balance-dominated"));
    }
}
