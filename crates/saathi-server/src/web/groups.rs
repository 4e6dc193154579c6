//! Groups: the list, the form (new and edit), and a group's page: its
//! members and waitlist, enrolment (with every reason a member may not join,
//! and the facilitator's override), sessions, and for a member the group
//! agreement and self check-in.
//!
//! Every rule lives in `services::groups` and `services::group_sessions`;
//! these handlers translate forms to service calls and errors to messages.

use super::forms::{Choice, Field, FormData, field_message, normalise_date, urlencode};
use super::members::{MEMBER_LANGUAGES, Select};
use super::{Base, Ctx, WebError, localized, render, see_other};
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::services::groups::{self as groups_svc, Enrolled, GroupInput};
use crate::services::{centers, group_sessions, members};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{NaiveDate, NaiveTime, TimeZone};
use saathi_domain::attendance::{self, CheckIn};
use saathi_domain::dates;
use saathi_domain::group::{DEFAULT_AGREEMENT, GroupKind, Modality};
use saathi_domain::member::GENDERS;
use saathi_domain::policy::{Action, Decision, Target, decide};
use saathi_domain::schedule::Schedule;
use saathi_domain::{Role, Stage, sobriety, topics};
use saathi_store::{Center, EnrollmentStatus, Group, GroupFields, GroupSession, MemberQuery, now_ms};

/// Weekdays as RFC 5545 writes them, Monday first.
pub const WEEKDAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// How many members the enrolment search offers.
const SEARCH_RESULTS: i64 = 20;

/// Days of sessions the group page shows before and after today.
const SESSION_DAYS: u64 = 30;

// ---------------------------------------------------------------------------
// Labels and formatting shared by the group and session pages

pub fn kind_label(lang: Lang, k: GroupKind) -> String {
    lang.t(&format!("group-kind-{}", k.as_str()))
}

pub fn modality_label(lang: Lang, m: Modality) -> String {
    lang.t(&format!("group-modality-{}", m.as_str()))
}

pub fn topic_label(lang: Lang, topic: Option<&str>) -> String {
    match topic {
        Some(t) => lang.try_t(&format!("topic-{t}")).unwrap_or_else(|| t.to_string()),
        None => lang.t("topic-none"),
    }
}

fn weekday_label(lang: Lang, code: &str) -> String {
    lang.t(&format!("weekday-{}", code.to_ascii_lowercase()))
}

fn language_name(code: &str) -> String {
    MEMBER_LANGUAGES.iter().find(|(c, _)| *c == code).map(|(_, n)| n.to_string()).unwrap_or_else(|| code.to_string())
}

/// A moment (UTC millis) as local `HH:MM`.
pub fn clock(ms: i64, tz: chrono_tz::Tz) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&tz).format("%H:%M").to_string())
        .unwrap_or_default()
}

/// A moment's local date.
pub fn local_day(ms: i64, tz: chrono_tz::Tz) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp_millis(ms).map(|t| t.with_timezone(&tz).date_naive())
}

/// "21 November 2026, 18:00–19:30".
pub fn session_when(lang: Lang, s: &GroupSession, tz: chrono_tz::Tz) -> String {
    let day = local_day(s.starts_at, tz).map(|d| lang.date(d)).unwrap_or_default();
    format!("{day}, {}–{}", clock(s.starts_at, tz), clock(s.ends_at, tz))
}

/// The days of a plain weekly rule (`FREQ=WEEKLY;BYDAY=MO,TH`), or `None`
/// for any other rule (shown and edited as the advanced text).
pub fn weekly_days(rrule: &str) -> Option<Vec<&'static str>> {
    let r = rrule.trim();
    let r = r.strip_prefix("RRULE:").unwrap_or(r).to_ascii_uppercase();
    let mut freq_weekly = false;
    let mut days = Vec::new();
    for part in r.split(';').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=')?;
        match k {
            "FREQ" if v == "WEEKLY" => freq_weekly = true,
            "INTERVAL" if v == "1" => {}
            "BYDAY" => {
                for d in v.split(',') {
                    days.push(*WEEKDAYS.iter().find(|w| **w == d)?);
                }
            }
            _ => return None,
        }
    }
    let ordered: Vec<&'static str> = WEEKDAYS.iter().copied().filter(|w| days.contains(w)).collect();
    (freq_weekly && !ordered.is_empty()).then_some(ordered)
}

/// The weekly rule for ticked days, in the week's order (empty: none).
pub fn weekly_rule(days: &[&str]) -> String {
    let ticked: Vec<&str> = WEEKDAYS.iter().copied().filter(|w| days.contains(w)).collect();
    if ticked.is_empty() { String::new() } else { format!("FREQ=WEEKLY;BYDAY={}", ticked.join(",")) }
}

/// A time as people type it (`6:30`, `18.30`, `18:30:00`) as `HH:MM`;
/// anything else unchanged, for the schedule's rules to refuse.
pub fn normalise_time(s: &str) -> String {
    let s = s.trim();
    for f in ["%H:%M", "%H:%M:%S", "%H.%M"] {
        if let Ok(t) = NaiveTime::parse_from_str(s, f) {
            return t.format("%H:%M").to_string();
        }
    }
    s.to_string()
}

/// A number field: `Ok(None)` when empty, `Err` when not a whole number.
fn parse_num(s: &str) -> Result<Option<i64>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<i64>().map(Some).map_err(|_| ())
}

fn schedule_text(lang: Lang, s: &Schedule) -> String {
    match weekly_days(&s.rrule) {
        Some(days) => {
            let names: Vec<String> = days.iter().map(|d| weekday_label(lang, d)).collect();
            lang.t_args(
                "group-schedule-weekly",
                &[
                    ("days", names.join(", ").into()),
                    ("time", s.start_time.as_str().into()),
                    ("minutes", s.duration_minutes.into()),
                ],
            )
        }
        None => lang.t_args(
            "group-schedule-rule",
            &[
                ("rule", s.rrule.as_str().into()),
                ("time", s.start_time.as_str().into()),
                ("minutes", s.duration_minutes.into()),
            ],
        ),
    }
}

/// The agreement as shown: the default one in the reader's language.
pub fn agreement_text(lang: Lang, text: &str) -> String {
    if text.trim() == DEFAULT_AGREEMENT { lang.t("group-agreement-default") } else { text.to_string() }
}

/// The agreement as stored: the default in any of our languages is the default.
fn agreement_input(typed: &str) -> Option<String> {
    let clean = |s: &str| s.replace("\r\n", "\n").split_whitespace().collect::<Vec<_>>().join(" ");
    let typed_clean = clean(typed);
    if typed_clean.is_empty() {
        return None;
    }
    let is_default = typed_clean == clean(DEFAULT_AGREEMENT)
        || Lang::ALL.iter().any(|l| clean(&l.t("group-agreement-default")) == typed_clean);
    Some(if is_default { DEFAULT_AGREEMENT.to_string() } else { typed.replace("\r\n", "\n") })
}

/// Localized messages by form field from an API error. `map` renames the
/// API's fields (`eligibility.stages`) to the form's (`stages`) and gives the
/// form's order; a message for anything else goes under `_form`.
pub fn form_errors(lang: Lang, err: &ApiError, map: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    if let Some(fields) = &err.fields {
        for f in &fields.0 {
            let form = map.iter().find(|(api, _)| *api == f.field).map(|(_, form)| *form);
            let key = form.unwrap_or("_form").to_string();
            if out.iter().any(|(k, _)| *k == key) {
                continue;
            }
            out.push((key, field_message(lang, form.unwrap_or(f.field), f.code)));
        }
    }
    out.sort_by_key(|(k, _)| map.iter().position(|(_, f)| f == k).map_or(0, |i| i + 1));
    out
}

/// Puts `message` under `field` (replacing what was there).
fn set_error(errors: &mut Vec<(String, String)>, field: &str, message: String) {
    errors.retain(|(k, _)| k != field);
    errors.push((field.to_string(), message));
}

fn is_allowed(d: Decision) -> bool {
    d == Decision::Allow
}

/// Today in the centre's calendar.
fn today(center: &Center) -> NaiveDate {
    sobriety::local_today(chrono::Utc::now(), center.tz())
}

/// A local date and `HH:MM` in the centre's zone as RFC 3339 UTC, or `None`.
pub fn local_instant(center: &Center, date: &str, time: &str) -> Option<String> {
    let d = dates::parse(&normalise_date(date))?;
    let t = NaiveTime::parse_from_str(&normalise_time(time), "%H:%M").ok()?;
    let local = center.tz().from_local_datetime(&d.and_time(t)).earliest()?;
    Some(local.with_timezone(&chrono::Utc).to_rfc3339())
}

/// The signed-in member's own place in a group (active with the agreement
/// date, or waiting with a position).
///
/// A direct store read of the caller's own enrolment: the services offer no
/// "my enrolment" call yet, and a member may not list the group's roster.
pub async fn own_enrollment(
    state: &AppState,
    me: &CurrentUser,
    group_id: &str,
) -> Result<Option<saathi_store::Enrollment>, WebError> {
    if me.user.role != Role::Member {
        return Ok(None);
    }
    Ok(state
        .store
        .enrollment(group_id, &me.user.id)
        .await?
        .filter(|e| matches!(e.status, EnrollmentStatus::Active | EnrollmentStatus::Waitlisted)))
}

/// The group's sessions from `back` days ago to `ahead` days on.
pub async fn sessions_around(
    state: &AppState,
    me: &CurrentUser,
    center: &Center,
    group_id: &str,
    back: u64,
    ahead: u64,
) -> Result<Vec<GroupSession>, WebError> {
    let t = today(center);
    let from = t.checked_sub_days(chrono::Days::new(back)).unwrap_or(t);
    let to = t.checked_add_days(chrono::Days::new(ahead)).unwrap_or(t);
    let fmt = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    Ok(group_sessions::list(state, &me.actor, group_id, &fmt(from), &fmt(to)).await?.sessions)
}

/// The groups a member is in or waiting for, for staff reading the record:
/// the centre's groups and each roster, through the services.
pub async fn member_groups(
    state: &AppState,
    me: &CurrentUser,
    member_id: &str,
) -> Result<Vec<(Group, saathi_store::Enrollment)>, WebError> {
    let mut out = Vec::new();
    for g in groups_svc::list(state, &me.actor).await? {
        let found = groups_svc::enrollments(state, &me.actor, &g.id).await?.into_iter().find(|e| {
            e.member_id == member_id && matches!(e.status, EnrollmentStatus::Active | EnrollmentStatus::Waitlisted)
        });
        if let Some(e) = found {
            out.push((g, e));
        }
    }
    Ok(out)
}

/// A member's group on their home page: the next session, or their place
/// on the waitlist.
pub struct HomeGroup {
    pub id: String,
    pub name: String,
    pub kind: String,
    /// The group's page opens (an active member).
    pub link: bool,
    pub status: String,
    pub next: Option<String>,
    pub needs_agreement: bool,
}

/// The signed-in member's groups, each with their (active or waitlisted) enrolment.
async fn own_groups(
    state: &AppState,
    me: &CurrentUser,
) -> Result<Vec<(saathi_store::Group, saathi_store::Enrollment)>, WebError> {
    let mut out = Vec::new();
    for g in groups_svc::list(state, &me.actor).await? {
        if let Some(e) = own_enrollment(state, me, &g.id).await? {
            out.push((g, e));
        }
    }
    Ok(out)
}

/// The signed-in member's groups with the next session of each.
pub async fn home_groups(state: &AppState, me: &CurrentUser, lang: Lang) -> Result<Vec<HomeGroup>, WebError> {
    let center = centers::own(state, &me.actor).await?;
    let tz = center.tz();
    let now = now_ms();
    let mut out = Vec::new();
    for (g, e) in own_groups(state, me).await? {
        let active = e.status == EnrollmentStatus::Active;
        let next = if active {
            sessions_around(state, me, &center, &g.id, 0, SESSION_DAYS)
                .await?
                .into_iter()
                .find(|s| s.status != "cancelled" && s.ends_at > now)
                .map(|s| {
                    let when = session_when(lang, &s, tz);
                    match &s.topic {
                        Some(t) => format!("{when} · {}", topic_label(lang, Some(t))),
                        None => when,
                    }
                })
        } else {
            None
        };
        out.push(HomeGroup {
            id: g.id.clone(),
            name: g.name.clone(),
            kind: kind_label(lang, g.kind),
            link: active,
            status: match e.waitlist_position.filter(|_| !active) {
                Some(p) => lang.t_args("groups-waitlisted", &[("position", p.into())]),
                None => lang.t("groups-member"),
            },
            next,
            needs_agreement: active && e.agreement_accepted_at.is_none(),
        });
    }
    Ok(out)
}

/// A session whose self check-in is open now, in one of the member's groups
/// (the kiosk's home page offers the code form for it).
pub struct OpenCheckIn {
    pub session_id: String,
    pub group_name: String,
    pub when: String,
}

/// The signed-in member's sessions open for self check-in now (the domain's
/// window), in the groups they are active in and whose agreement they accepted.
pub async fn open_check_ins(state: &AppState, me: &CurrentUser, lang: Lang) -> Result<Vec<OpenCheckIn>, WebError> {
    let center = centers::own(state, &me.actor).await?;
    let tz = center.tz();
    let now = now_ms();
    let mut out = Vec::new();
    for (g, e) in own_groups(state, me).await? {
        if e.status != EnrollmentStatus::Active || e.agreement_accepted_at.is_none() {
            continue;
        }
        for s in sessions_around(state, me, &center, &g.id, 1, 1).await? {
            if s.status != "cancelled" && attendance::check_in_open(now, s.starts_at, s.ends_at) {
                out.push(OpenCheckIn {
                    session_id: s.id.clone(),
                    group_name: g.name.clone(),
                    when: session_when(lang, &s, tz),
                });
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// The list

pub struct GroupRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub modality: String,
    pub places: String,
    pub waitlist: i64,
    pub is_open: bool,
    /// For a member: "member", or their place on the waitlist.
    pub status: Option<String>,
    /// Whether the group's page opens for this person.
    pub link: bool,
    /// A member waiting for a place may leave the waitlist.
    pub waiting: bool,
}

#[derive(Template)]
#[template(path = "groups.html")]
struct ListPage {
    base: Base,
    staff: bool,
    can_create: bool,
    rows: Vec<GroupRow>,
    notice: Option<String>,
    me_id: String,
}
localized!(ListPage);

pub async fn list(State(state): State<AppState>, ctx: Ctx, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let lang = ctx.lang;
    let q = FormData::from_query(raw.as_deref());
    let groups = groups_svc::list(&state, &me.actor).await?;
    let mut rows = Vec::with_capacity(groups.len());
    for g in &groups {
        let mut status = None;
        let mut link = true;
        let mut waiting = false;
        if let Some(e) = own_enrollment(&state, me, &g.id).await? {
            match e.waitlist_position.filter(|_| e.status == EnrollmentStatus::Waitlisted) {
                Some(p) => {
                    status = Some(lang.t_args("groups-waitlisted", &[("position", p.into())]));
                    link = false;
                    waiting = true;
                }
                None => status = Some(lang.t("groups-member")),
            }
        } else if g.facilitator_ids.contains(&me.user.id) {
            status = Some(lang.t("groups-facilitator"));
        }
        rows.push(GroupRow {
            id: g.id.clone(),
            name: g.name.clone(),
            kind: kind_label(lang, g.kind),
            modality: modality_label(lang, g.modality),
            places: lang.t_args("groups-places", &[("taken", g.active_count.into()), ("capacity", g.capacity.into())]),
            waitlist: g.waitlist_count,
            is_open: g.is_open,
            status,
            link,
            waiting,
        });
    }
    let staff = me.user.role.is_staff();
    let page = ListPage {
        base: ctx.base(ctx.t(if staff { "groups-title" } else { "groups-title-own" })),
        staff,
        can_create: is_allowed(decide(&me.actor, Action::CreateGroup, Target::center(&me.actor.center_id))),
        rows,
        notice: match q.get("done") {
            "left" => Some(ctx.t("groups-left")),
            _ => None,
        },
        me_id: me.user.id.clone(),
    };
    render(StatusCode::OK, &page)
}

// ---------------------------------------------------------------------------
// The group form

/// The form's fields as the API names them, with the form's names, in the
/// form's order.
const GROUP_FIELDS: [(&str, &str); 15] = [
    ("name", "name"),
    ("kind", "kind"),
    ("modality", "modality"),
    ("capacity", "capacity"),
    ("eligibility.stages", "stages"),
    ("eligibility.gender", "genders"),
    ("eligibility.age", "min_age"),
    ("max_age", "max_age"),
    ("eligibility.languages", "languages"),
    ("schedule.start_time", "start_time"),
    ("schedule.duration_minutes", "duration"),
    ("schedule.starts_on", "starts_on"),
    ("schedule.rrule", "rrule"),
    ("facilitator_ids", "facilitators"),
    ("agreement", "agreement"),
];

/// What the form shows: the group's values, or what was typed.
struct GroupValues {
    name: String,
    kind: String,
    modality: String,
    capacity: String,
    stages: Vec<String>,
    genders: Vec<String>,
    min_age: String,
    max_age: String,
    languages: Vec<String>,
    weekdays: Vec<String>,
    start_time: String,
    duration: String,
    starts_on: String,
    rrule: String,
    facilitators: Vec<String>,
    is_open: bool,
    agreement: String,
}

impl GroupValues {
    fn new_group(lang: Lang, me: &CurrentUser, center: &Center) -> GroupValues {
        GroupValues {
            name: String::new(),
            kind: String::new(),
            modality: Modality::InPerson.as_str().into(),
            capacity: saathi_domain::group::CAPACITY_DEFAULT.to_string(),
            stages: vec![],
            genders: vec![],
            min_age: String::new(),
            max_age: String::new(),
            languages: vec![],
            weekdays: vec![],
            start_time: String::new(),
            duration: "90".into(),
            starts_on: today(center).format("%Y-%m-%d").to_string(),
            rrule: String::new(),
            facilitators: if me.user.role == Role::Counselor { vec![me.user.id.clone()] } else { vec![] },
            is_open: true,
            agreement: lang.t("group-agreement-default"),
        }
    }

    fn from_group(lang: Lang, g: &Group, center: &Center) -> GroupValues {
        let (weekdays, rrule) = match &g.schedule {
            Some(s) => match weekly_days(&s.rrule) {
                Some(days) => (days.iter().map(|d| d.to_string()).collect(), String::new()),
                None => (vec![], s.rrule.clone()),
            },
            None => (vec![], String::new()),
        };
        GroupValues {
            name: g.name.clone(),
            kind: g.kind.as_str().into(),
            modality: g.modality.as_str().into(),
            capacity: g.capacity.to_string(),
            stages: g.eligibility.stages.iter().map(|s| s.as_str().to_string()).collect(),
            genders: g.eligibility.genders.clone(),
            min_age: g.eligibility.min_age.map(|a| a.to_string()).unwrap_or_default(),
            max_age: g.eligibility.max_age.map(|a| a.to_string()).unwrap_or_default(),
            languages: g.eligibility.languages.clone(),
            weekdays,
            start_time: g.schedule.as_ref().map(|s| s.start_time.clone()).unwrap_or_default(),
            duration: g.schedule.as_ref().map(|s| s.duration_minutes).unwrap_or(90).to_string(),
            starts_on: g.schedule_starts_on.clone().unwrap_or_else(|| today(center).format("%Y-%m-%d").to_string()),
            rrule,
            facilitators: g.facilitator_ids.clone(),
            is_open: g.is_open,
            agreement: agreement_text(lang, &g.agreement),
        }
    }

    fn from_form(f: &FormData) -> GroupValues {
        let all = |name: &str| f.all(name).into_iter().map(str::to_string).collect::<Vec<_>>();
        GroupValues {
            name: f.get("name").to_string(),
            kind: f.get("kind").to_string(),
            modality: f.get("modality").to_string(),
            capacity: f.get("capacity").to_string(),
            stages: all("stages"),
            genders: all("genders"),
            min_age: f.get("min_age").to_string(),
            max_age: f.get("max_age").to_string(),
            languages: all("languages"),
            weekdays: all("weekdays"),
            start_time: f.get("start_time").to_string(),
            duration: f.get("duration").to_string(),
            starts_on: f.get("starts_on").to_string(),
            rrule: f.get("rrule").to_string(),
            facilitators: all("facilitators"),
            is_open: f.get("is_open") == "1",
            agreement: f.get("agreement").to_string(),
        }
    }

    /// The service's input, and the number fields that could not be read
    /// (sent as values the rules refuse, so nothing is written and every
    /// mistake is reported at once).
    fn to_input(&self) -> (GroupInput, Vec<(&'static str, &'static str)>) {
        let mut unreadable = Vec::new();
        let mut num = |field: &'static str, s: &str, refused: i64| match parse_num(s) {
            Ok(v) => v,
            Err(()) => {
                unreadable.push((field, "not_a_number"));
                Some(refused)
            }
        };
        let capacity = num("capacity", &self.capacity, 0);
        let age = |v: Option<i64>| v.map(|a| i32::try_from(a).unwrap_or(-1));
        let min_age = age(num("min_age", &self.min_age, -1));
        let max_age = age(num("max_age", &self.max_age, -1));
        let rule = if self.rrule.trim().is_empty() {
            let days: Vec<&str> = self.weekdays.iter().map(String::as_str).collect();
            weekly_rule(&days)
        } else {
            self.rrule.trim().to_string()
        };
        let schedule = if rule.is_empty() {
            None
        } else {
            let duration = num("duration", &self.duration, 0).unwrap_or(90);
            Some(Schedule { rrule: rule, start_time: normalise_time(&self.start_time), duration_minutes: duration })
        };
        let starts_on =
            (schedule.is_some() && !self.starts_on.trim().is_empty()).then(|| normalise_date(&self.starts_on));
        let input = GroupInput {
            name: self.name.clone(),
            kind: self.kind.clone(),
            modality: self.modality.clone(),
            capacity,
            stages: self.stages.clone(),
            genders: self.genders.clone(),
            min_age,
            max_age,
            languages: self.languages.clone(),
            schedule,
            schedule_starts_on: starts_on,
            facilitator_ids: self.facilitators.clone(),
            is_open: Some(self.is_open),
            agreement: agreement_input(&self.agreement),
        };
        (input, unreadable)
    }
}

pub struct GroupForm {
    pub name: Field,
    pub kind: Select,
    pub modality: Select,
    pub capacity: Field,
    pub stages: Select,
    pub genders: Select,
    pub min_age: Field,
    pub max_age: Field,
    pub languages: Select,
    pub weekdays: Select,
    pub start_time: Field,
    pub duration: Field,
    pub starts_on: Field,
    pub rrule: Field,
    pub facilitators: Select,
    pub is_open: bool,
    pub agreement: Field,
}

fn group_form(lang: Lang, v: &GroupValues, errors: &[(String, String)], people: &[(String, String)]) -> GroupForm {
    let t = |k: &str| lang.t(k);
    let field = |name: &'static str, label: &str, value: &str| Field::new(name, t(label), value).error_from(errors);
    let ticked = |list: &[String], value: &str| list.iter().any(|x| x == value);
    let mut kinds = vec![Choice::new("", t("form-choose"), v.kind.is_empty())];
    kinds.extend(GroupKind::ALL.iter().map(|k| Choice::new(k.as_str(), kind_label(lang, *k), v.kind == k.as_str())));
    let modalities = Modality::ALL
        .iter()
        .map(|m| Choice::new(m.as_str(), modality_label(lang, *m), v.modality == m.as_str()))
        .collect();
    let stages = Stage::ALL
        .iter()
        .map(|s| Choice::new(s.as_str(), t(&format!("stage-{}", s.as_str())), ticked(&v.stages, s.as_str())))
        .collect();
    let genders = GENDERS.iter().map(|g| Choice::new(*g, t(&format!("gender-{g}")), ticked(&v.genders, g))).collect();
    let languages = MEMBER_LANGUAGES
        .iter()
        .map(|(code, name)| Choice {
            value: code.to_string(),
            label: name.to_string(),
            selected: ticked(&v.languages, code),
            lang: Some(code),
        })
        .collect();
    let weekdays = WEEKDAYS.iter().map(|d| Choice::new(*d, weekday_label(lang, d), ticked(&v.weekdays, d))).collect();
    let mut facilitators: Vec<Choice> =
        people.iter().map(|(id, label)| Choice::new(id.clone(), label.clone(), ticked(&v.facilitators, id))).collect();
    // Someone ticked before who is no longer listed stays visible (and refused by the rules).
    for id in &v.facilitators {
        if !people.iter().any(|(p, _)| p == id) {
            facilitators.push(Choice::new(id.clone(), id.clone(), true));
        }
    }
    GroupForm {
        name: field("name", "group-name", &v.name).hint(t("group-name-hint")).required(),
        kind: Select { field: field("kind", "group-kind", "").required(), choices: kinds },
        modality: Select { field: field("modality", "group-modality", "").required(), choices: modalities },
        capacity: field("capacity", "group-capacity", &v.capacity).hint(t("group-capacity-hint")).required(),
        stages: Select { field: field("stages", "group-stages", ""), choices: stages },
        genders: Select { field: field("genders", "group-genders", ""), choices: genders },
        min_age: field("min_age", "group-min-age", &v.min_age),
        max_age: field("max_age", "group-max-age", &v.max_age),
        languages: Select { field: field("languages", "group-languages", ""), choices: languages },
        weekdays: Select { field: field("weekdays", "group-weekdays", ""), choices: weekdays },
        start_time: field("start_time", "group-start-time", &v.start_time).hint(t("group-start-time-hint")),
        duration: field("duration", "group-duration", &v.duration).hint(t("group-duration-hint")),
        starts_on: field("starts_on", "group-starts-on", &v.starts_on).hint(t("group-starts-on-hint")),
        rrule: field("rrule", "group-rrule", &v.rrule).hint(t("group-rrule-hint")),
        facilitators: Select {
            field: field("facilitators", "group-facilitators", "").hint(t("group-facilitators-hint")).required(),
            choices: facilitators,
        },
        is_open: v.is_open,
        agreement: field("agreement", "group-agreement", &v.agreement).hint(t("group-agreement-hint")),
    }
}

/// The centre's counsellors and peer mentors, for the facilitator picker.
///
/// A direct store read: `services::users::list` is for admins only, and a
/// counsellor building a group must see who can facilitate it. Only names
/// and roles reach the page.
async fn facilitator_choices(state: &AppState, ctx: &Ctx) -> Result<Vec<(String, String)>, WebError> {
    let me = ctx.user()?;
    let mut out = Vec::new();
    for role in [Role::Counselor, Role::PeerMentor] {
        for u in state.store.list_users(&me.actor.center_id, Some(role), 200, 0).await? {
            if !u.disabled {
                out.push((u.id, format!("{} ({})", u.display_name, ctx.t(&format!("role-{}", role.as_str())))));
            }
        }
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "group_form.html")]
struct FormPage {
    base: Base,
    heading: String,
    action: String,
    back: Option<(String, String)>,
    submit: String,
    form: GroupForm,
    errors: Vec<(String, String)>,
    /// Editing: the tag of the settings the form shows, sent back with it
    /// (saving over settings someone changed since is refused).
    shown: Option<String>,
}
localized!(FormPage);

/// The group form; editing `group`, the form is judged on saving against
/// `shown` (the tag of the settings first shown), or else the group's now.
async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    group: Option<&Group>,
    shown: Option<&str>,
    values: &GroupValues,
    errors: Vec<(String, String)>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let shown = group.map(|g| shown.map_or_else(|| GroupFields::of(g).tag(), str::to_string));
    let people = facilitator_choices(state, ctx).await?;
    let (heading, action, back, submit) = match group {
        Some(g) => (
            ctx.t_args("group-edit-title", &[("name", g.name.as_str().into())]),
            format!("/groups/{}/edit", urlencode(&g.id)),
            Some((
                format!("/groups/{}", urlencode(&g.id)),
                ctx.t_args("back-to-group", &[("name", g.name.as_str().into())]),
            )),
            ctx.t("group-save"),
        ),
        None => (ctx.t("group-new-title"), "/groups/new".to_string(), None, ctx.t("group-create")),
    };
    let page = FormPage {
        base: ctx.base(heading.clone()),
        heading,
        action,
        back,
        submit,
        form: group_form(ctx.lang, values, &errors, &people),
        errors,
        shown,
    };
    render(status, &page)
}

pub async fn new_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let me = ctx.user()?;
    ApiError::check(decide(&me.actor, Action::CreateGroup, Target::center(&me.actor.center_id)))?;
    let center = centers::own(&state, &me.actor).await?;
    let values = GroupValues::new_group(ctx.lang, me, &center);
    form_page(&state, &ctx, None, None, &values, vec![], StatusCode::OK).await
}

/// The errors of a refused group form, with unreadable numbers named as such.
fn group_form_errors(lang: Lang, e: &ApiError, unreadable: &[(&'static str, &'static str)]) -> Vec<(String, String)> {
    let mut errors = form_errors(lang, e, &GROUP_FIELDS);
    if unreadable.iter().any(|(f, _)| matches!(*f, "min_age" | "max_age")) {
        // The age range was refused because a number could not be read.
        errors.retain(|(k, _)| k != "min_age");
    }
    for (field, code) in unreadable {
        set_error(&mut errors, field, field_message(lang, field, code));
    }
    errors.sort_by_key(|(k, _)| GROUP_FIELDS.iter().position(|(_, f)| f == k).map_or(0, |i| i + 1));
    errors
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, form: FormData) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let values = GroupValues::from_form(&form);
    let (input, unreadable) = values.to_input();
    match groups_svc::create(&state, &me.actor, input).await {
        Ok(g) => Ok(see_other(&format!("/groups/{}?done=created", urlencode(&g.id)))),
        Err(e) if e.is_form_error() => {
            let errors = group_form_errors(ctx.lang, &e, &unreadable);
            form_page(&state, &ctx, None, None, &values, errors, e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn edit_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let g = groups_svc::authorize(&state, &me.actor, &id, Action::UpdateGroup).await?;
    let center = centers::own(&state, &me.actor).await?;
    let values = GroupValues::from_group(ctx.lang, &g, &center);
    form_page(&state, &ctx, Some(&g), None, &values, vec![], StatusCode::OK).await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let values = GroupValues::from_form(&form);
    let (input, unreadable) = values.to_input();
    let shown = form.opt("shown");
    match groups_svc::update(&state, &me.actor, &id, input, shown.as_deref()).await {
        Ok(g) => Ok(see_other(&format!("/groups/{}?done=saved", urlencode(&g.id)))),
        Err(e) if e.is_form_error() => {
            let g = groups_svc::authorize(&state, &me.actor, &id, Action::UpdateGroup).await?;
            let errors = group_form_errors(ctx.lang, &e, &unreadable);
            // Changed meanwhile: the typed settings stay in the form, which
            // is now judged against the group as it is.
            let clash = e.code == ApiError::CHANGED_MEANWHILE;
            let shown = if clash { None } else { shown.as_deref() };
            form_page(&state, &ctx, Some(&g), shown, &values, errors, e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// A group's page

pub struct GroupView {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub modality: String,
    pub places: String,
    pub waitlist: i64,
    pub schedule: String,
    pub stages: String,
    pub genders: String,
    pub ages: String,
    pub languages: String,
    pub facilitators: String,
    pub is_open: bool,
    pub agreement: String,
}

pub struct RosterRow {
    pub id: String,
    pub name: String,
    pub since: String,
    pub accepted: bool,
    pub position: Option<i64>,
    pub override_reason: Option<String>,
}

pub struct Roster {
    pub active: Vec<RosterRow>,
    pub waiting: Vec<RosterRow>,
    /// Staff open member records and remove members.
    pub manage: bool,
}

/// An enrolment that was refused: who, and why.
pub struct EnrolProblem {
    pub member_id: String,
    pub title: String,
    pub reasons: Vec<String>,
    /// The override form (facilitators and admins).
    pub override_field: Option<Field>,
}

pub struct EnrolBox {
    pub search: Field,
    pub searched: bool,
    pub results: Vec<Choice>,
    pub full: bool,
    pub problem: Option<EnrolProblem>,
    pub error: Option<String>,
}

pub struct SessionRow {
    pub id: String,
    pub when: String,
    pub topic: String,
    pub cancelled: bool,
}

pub struct SessionForm {
    pub date: Field,
    pub time: Field,
    pub topic: Select,
    pub duration: Field,
}

pub struct CheckinBox {
    pub session_id: String,
    pub when: String,
    pub code: Field,
}

/// What a member sees of their own place in the group.
pub struct MemberBox {
    pub id: String,
    pub accepted: Option<String>,
    pub checkin: Option<CheckinBox>,
}

#[derive(Template)]
#[template(path = "group.html")]
struct GroupPage {
    base: Base,
    g: GroupView,
    notice: Option<String>,
    problem: Option<String>,
    can_edit: bool,
    can_run: bool,
    roster: Option<Roster>,
    enrol: Option<EnrolBox>,
    upcoming: Vec<SessionRow>,
    recent: Vec<SessionRow>,
    session_form: Option<SessionForm>,
    session_errors: Vec<(String, String)>,
    member: Option<MemberBox>,
    goals: super::goals::GroupGoals,
}
localized!(GroupPage);

/// What a handler asks the group page to show beyond the group itself.
#[derive(Default)]
struct Extra<'a> {
    notice: Option<String>,
    problem: Option<String>,
    enrol_problem: Option<EnrolProblem>,
    enrol_error: Option<String>,
    session: Option<(&'a FormData, Vec<(String, String)>)>,
    checkin_error: Option<String>,
}

fn list_text(items: Vec<String>, lang: Lang) -> String {
    if items.is_empty() { lang.t("group-anyone") } else { items.join(", ") }
}

fn ages_text(lang: Lang, min: Option<i32>, max: Option<i32>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => lang.t_args("group-ages", &[("min", i64::from(a).into()), ("max", i64::from(b).into())]),
        (Some(a), None) => lang.t_args("group-ages-min", &[("min", i64::from(a).into())]),
        (None, Some(b)) => lang.t_args("group-ages-max", &[("max", i64::from(b).into())]),
        (None, None) => lang.t("group-anyone"),
    }
}

async fn group_view(state: &AppState, lang: Lang, g: &Group) -> Result<GroupView, WebError> {
    let mut names = Vec::new();
    for id in &g.facilitator_ids {
        // Display names only (as the member record shows its counsellor's).
        if let Some(u) = state.store.get_user(id).await? {
            names.push(u.display_name);
        }
    }
    let e = &g.eligibility;
    Ok(GroupView {
        id: g.id.clone(),
        name: g.name.clone(),
        kind: kind_label(lang, g.kind),
        modality: modality_label(lang, g.modality),
        places: lang.t_args("groups-places", &[("taken", g.active_count.into()), ("capacity", g.capacity.into())]),
        waitlist: g.waitlist_count,
        schedule: g.schedule.as_ref().map(|s| schedule_text(lang, s)).unwrap_or_else(|| lang.t("group-schedule-none")),
        stages: list_text(e.stages.iter().map(|s| lang.t(&format!("stage-{}", s.as_str()))).collect(), lang),
        genders: list_text(
            e.genders.iter().map(|x| lang.try_t(&format!("gender-{x}")).unwrap_or_else(|| x.clone())).collect(),
            lang,
        ),
        ages: ages_text(lang, e.min_age, e.max_age),
        languages: list_text(e.languages.iter().map(|l| language_name(l)).collect(), lang),
        facilitators: names.join(", "),
        is_open: g.is_open,
        agreement: agreement_text(lang, &g.agreement),
    })
}

fn session_form(lang: Lang, f: Option<&FormData>, errors: &[(String, String)], center: &Center) -> SessionForm {
    let get = |name: &str| f.map(|f| f.get(name).to_string()).unwrap_or_default();
    let field =
        |name: &'static str, label: &str, value: String| Field::new(name, lang.t(label), value).error_from(errors);
    let date = if f.is_some() { get("date") } else { today(center).format("%Y-%m-%d").to_string() };
    let topic = get("topic");
    let mut topics_list = vec![Choice::new("", lang.t("topic-none"), topic.is_empty())];
    topics_list.extend(topics::TOPICS.iter().map(|t| Choice::new(*t, topic_label(lang, Some(t)), topic == *t)));
    SessionForm {
        date: field("date", "group-session-date", date).required(),
        time: field("time", "group-session-time", get("time")).hint(lang.t("group-start-time-hint")).required(),
        topic: Select { field: field("topic", "group-session-topic", String::new()), choices: topics_list },
        duration: field("duration", "group-session-duration", get("duration"))
            .hint(lang.t("group-session-duration-hint")),
    }
}

async fn group_page(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    q: &str,
    extra: Extra<'_>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let lang = ctx.lang;
    let g = groups_svc::read(state, &me.actor, id).await?;
    let center = centers::own(state, &me.actor).await?;
    let tz = center.tz();
    let (facilitator, enrolled) = groups_svc::relation(state, &me.actor, &g).await?;
    let target = Target::group(&g.center_id, facilitator, enrolled);
    let allowed = |a: Action| is_allowed(decide(&me.actor, a, target));
    let can_run = allowed(Action::RunSession);

    let roster = if allowed(Action::ListEnrollments) {
        let list = groups_svc::enrollments(state, &me.actor, &g.id).await?;
        let row = |e: &saathi_store::Enrollment| RosterRow {
            id: e.member_id.clone(),
            name: e.display_name.clone(),
            since: local_day(e.enrolled_at, tz).map(|d| lang.date_short(d)).unwrap_or_default(),
            accepted: e.agreement_accepted_at.is_some(),
            position: e.waitlist_position,
            override_reason: e.override_reason.clone(),
        };
        let mut waiting: Vec<RosterRow> =
            list.iter().filter(|e| e.status == EnrollmentStatus::Waitlisted).map(row).collect();
        waiting.sort_by_key(|r| r.position.unwrap_or(i64::MAX));
        Some(Roster {
            active: list.iter().filter(|e| e.status == EnrollmentStatus::Active).map(row).collect(),
            waiting,
            manage: is_allowed(decide(&me.actor, Action::ListMembers, Target::center(&me.actor.center_id))),
        })
    } else {
        None
    };

    let enrol = if allowed(Action::Enroll) {
        let searched = !q.trim().is_empty();
        let mut search = Field::new("q", lang.t("group-enrol-search"), q);
        let mut results = Vec::new();
        if searched {
            let mq = MemberQuery { q: Some(q.trim().to_string()), limit: SEARCH_RESULTS, ..Default::default() };
            match members::list(state, &me.actor, mq).await {
                Ok(list) => {
                    let inside: Vec<&str> = roster
                        .as_ref()
                        .map(|r| r.active.iter().chain(&r.waiting).map(|x| x.id.as_str()).collect())
                        .unwrap_or_default();
                    results = list
                        .items
                        .iter()
                        .filter(|m| !inside.contains(&m.id.as_str()))
                        .map(|m| {
                            let stage = lang.t(&format!("stage-{}", m.stage.as_str()));
                            Choice::new(m.id.clone(), format!("{} ({stage})", m.display_name), false)
                        })
                        .collect();
                }
                Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => {
                    search = search.error_from(&form_errors(lang, &e, &[("q", "q")]));
                }
                Err(e) => return Err(e.into()),
            }
        }
        Some(EnrolBox {
            search,
            searched,
            results,
            full: g.active_count >= g.capacity,
            problem: extra.enrol_problem,
            error: extra.enrol_error,
        })
    } else {
        None
    };

    let now = now_ms();
    let sessions = sessions_around(state, me, &center, &g.id, SESSION_DAYS, SESSION_DAYS).await?;
    let row = |s: &GroupSession| SessionRow {
        id: s.id.clone(),
        when: session_when(lang, s, tz),
        topic: topic_label(lang, s.topic.as_deref()),
        cancelled: s.status == "cancelled",
    };
    let upcoming: Vec<SessionRow> = sessions.iter().filter(|s| s.ends_at > now).map(row).collect();
    let recent: Vec<SessionRow> = sessions.iter().rev().filter(|s| s.ends_at <= now).map(row).collect();

    let member = match own_enrollment(state, me, &g.id).await? {
        Some(e) if e.status == EnrollmentStatus::Active => {
            let accepted = e.agreement_accepted_at.and_then(|t| local_day(t, tz)).map(|d| lang.date(d));
            // The session whose check-in is open now (the domain's window).
            let current = sessions.iter().find(|s| {
                s.status != "cancelled"
                    && matches!(attendance::self_check_in(true, now, s.starts_at, s.ends_at), CheckIn::Accepted(_))
            });
            let checkin = current.filter(|_| accepted.is_some()).map(|s| CheckinBox {
                session_id: s.id.clone(),
                when: session_when(lang, s, tz),
                code: {
                    let mut f = Field::new("code", lang.t("group-checkin-code"), "")
                        .hint(lang.t("group-checkin-code-hint"))
                        .required();
                    f.error = extra.checkin_error.clone();
                    f.invalid = f.error.is_some();
                    f
                },
            });
            Some(MemberBox { id: me.user.id.clone(), accepted, checkin })
        }
        _ => None,
    };

    let (session_form, session_errors) = if can_run {
        match extra.session {
            Some((f, errors)) => (Some(session_form(lang, Some(f), &errors, &center)), errors),
            None => (Some(session_form(lang, None, &[], &center)), vec![]),
        }
    } else {
        (None, vec![])
    };

    let page = GroupPage {
        base: ctx.base(g.name.clone()),
        g: group_view(state, lang, &g).await?,
        notice: extra.notice,
        problem: extra.problem,
        can_edit: allowed(Action::UpdateGroup),
        can_run,
        roster,
        enrol,
        upcoming,
        recent,
        session_form,
        session_errors,
        member,
        goals: super::goals::group_section(state, me, lang, &g.id).await?,
    };
    render(status, &page)
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let q = FormData::from_query(raw.as_deref());
    let notice = match q.get("done") {
        "created" => Some(ctx.t("group-created")),
        "saved" => Some(ctx.t("group-saved")),
        "enrolled" => Some(ctx.t("group-enrolled")),
        "waitlisted" => {
            Some(ctx.t_args("group-waitlisted", &[("position", q.get("position").parse::<i64>().unwrap_or(0).into())]))
        }
        "removed" => Some(ctx.t("group-removed")),
        "accepted" => Some(ctx.t("group-agreement-thanks")),
        "present" => Some(ctx.t("group-checked-in-present")),
        "late" => Some(ctx.t("group-checked-in-late")),
        "cheered" => Some(ctx.t("goals-cheered")),
        _ => None,
    };
    let mut extra = Extra { notice, ..Default::default() };
    if let Some(p) = q.opt("promoted") {
        // Who moved up from the waitlist, named from the roster (if visible).
        let me = ctx.user()?;
        if let Ok(list) = groups_svc::enrollments(&state, &me.actor, &id).await
            && let Some(e) = list.iter().find(|e| e.member_id == p)
        {
            let moved = ctx.t_args("group-promoted", &[("name", e.display_name.as_str().into())]);
            extra.notice = Some(match extra.notice {
                Some(n) => format!("{n} {moved}"),
                None => moved,
            });
        }
    }
    group_page(&state, &ctx, &id, q.get("q"), extra, StatusCode::OK).await
}

// ---------------------------------------------------------------------------
// Enrolment

/// An ineligibility reason in words, from its code and the group's rules.
fn reason_text(lang: Lang, code: &str, detail: &str, g: &Group, m: &saathi_store::Member) -> String {
    let e = &g.eligibility;
    let name = m.display_name.as_str();
    let joined = |v: Vec<String>| v.join(", ");
    let args: Vec<(&str, crate::i18n::Arg)> = match code {
        "stage" => vec![
            ("name", name.into()),
            ("stage", lang.t(&format!("stage-{}", m.stage.as_str())).into()),
            ("stages", joined(e.stages.iter().map(|s| lang.t(&format!("stage-{}", s.as_str()))).collect()).into()),
        ],
        "gender" => vec![(
            "genders",
            joined(e.genders.iter().map(|x| lang.try_t(&format!("gender-{x}")).unwrap_or_else(|| x.clone())).collect())
                .into(),
        )],
        "too_young" => vec![("name", name.into()), ("min", i64::from(e.min_age.unwrap_or(0)).into())],
        "too_old" => vec![("name", name.into()), ("max", i64::from(e.max_age.unwrap_or(0)).into())],
        "language" => vec![
            ("name", name.into()),
            ("languages", joined(e.languages.iter().map(|l| language_name(l)).collect()).into()),
            ("language", language_name(&m.language).into()),
        ],
        _ => vec![("name", name.into())],
    };
    let key = format!("group-reason-{code}");
    let text = lang.t_args(&key, &args);
    // A reason these pages do not know yet: the service's own words.
    if text == key { detail.to_string() } else { text }
}

pub async fn enroll(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let lang = ctx.lang;
    let member_id = form.get("member_id").trim().to_string();
    let q = form.get("q").to_string();
    let overriding = form.get("override") == "1";
    let reason = form.get("override_reason");
    if member_id.is_empty() {
        let extra = Extra { enrol_error: Some(ctx.t("group-enrol-pick")), ..Default::default() };
        return group_page(&state, &ctx, &id, &q, extra, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let result = groups_svc::enroll(&state, &me.actor, &id, &member_id, overriding.then_some(reason)).await;
    match result {
        Ok(Enrolled::Active) => Ok(see_other(&format!("/groups/{}?done=enrolled", urlencode(&id)))),
        Ok(Enrolled::Waitlisted(p)) => {
            Ok(see_other(&format!("/groups/{}?done=waitlisted&position={p}", urlencode(&id))))
        }
        Err(e) if e.code == "ineligible" => {
            let g = groups_svc::read(&state, &me.actor, &id).await?;
            let (m, _) = members::read(&state, &me.actor, &member_id).await?;
            let reasons = e
                .reasons
                .as_deref()
                .unwrap_or_default()
                .iter()
                .map(|r| reason_text(lang, r.code, &r.detail, &g, &m))
                .collect();
            let (facilitator, enrolled) = groups_svc::relation(&state, &me.actor, &g).await?;
            let may_override = is_allowed(decide(
                &me.actor,
                Action::EnrollOverride,
                Target::group(&g.center_id, facilitator, enrolled),
            ));
            let override_field = may_override.then(|| {
                let mut f = Field::new("override_reason", lang.t("group-override"), reason)
                    .hint(lang.t("group-override-hint"))
                    .required();
                if overriding {
                    // An empty reason overrides nothing: say what is missing.
                    f.error = Some(lang.t("err-override_reason-required"));
                    f.invalid = true;
                }
                f
            });
            let problem = EnrolProblem {
                member_id: m.id.clone(),
                title: lang.t_args("group-ineligible-title", &[("name", m.display_name.as_str().into())]),
                reasons,
                override_field,
            };
            let extra = Extra { enrol_problem: Some(problem), ..Default::default() };
            group_page(&state, &ctx, &id, &q, extra, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) if e.code == "already_enrolled" => {
            let extra = Extra { enrol_error: Some(ctx.t("group-already-in")), ..Default::default() };
            group_page(&state, &ctx, &id, &q, extra, StatusCode::CONFLICT).await
        }
        Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => {
            let msg = form_errors(lang, &e, &[("override_reason", "override_reason")])
                .into_iter()
                .map(|(_, m)| m)
                .next()
                .unwrap_or_else(|| lang.t("err-invalid"));
            let extra = Extra { enrol_error: Some(msg), ..Default::default() };
            group_page(&state, &ctx, &id, &q, extra, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// Leaving and removal

#[derive(Template)]
#[template(path = "group_remove.html")]
struct RemovePage {
    base: Base,
    heading: String,
    explain: String,
    confirm: String,
    action: String,
    back: String,
}
localized!(RemovePage);

pub async fn remove_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, member_id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let own = member_id == me.user.id;
    // A member still waiting for a place may not open the group, but may leave its waitlist.
    let waiting =
        own && own_enrollment(&state, me, &id).await?.is_some_and(|e| e.status == EnrollmentStatus::Waitlisted);
    let g = if waiting {
        groups_svc::list(&state, &me.actor).await?.into_iter().find(|g| g.id == id).ok_or_else(ApiError::not_found)?
    } else {
        groups_svc::read(&state, &me.actor, &id).await?
    };
    let target = Target {
        center_id: &g.center_id,
        subject_id: Some(&member_id),
        facilitator: false,
        enrolled: false,
        mentor: false,
    };
    ApiError::check(decide(&me.actor, Action::Unenroll, target))?;
    let group = g.name.as_str();
    let (heading, explain, confirm) = if own {
        (
            ctx.t_args("group-leave-title", &[("group", group.into())]),
            ctx.t("group-leave-explain"),
            ctx.t("group-leave-confirm"),
        )
    } else {
        let (m, _) = members::read(&state, &me.actor, &member_id).await?;
        let name = m.display_name.as_str();
        (
            ctx.t_args("group-remove-title", &[("name", name.into()), ("group", group.into())]),
            ctx.t_args("group-remove-explain", &[("name", name.into())]),
            ctx.t("group-remove-confirm"),
        )
    };
    let page = RemovePage {
        base: ctx.base(heading.clone()),
        heading,
        explain,
        confirm,
        action: format!("/groups/{}/members/{}/remove", urlencode(&g.id), urlencode(&member_id)),
        back: if waiting { "/groups".to_string() } else { format!("/groups/{}", urlencode(&g.id)) },
    };
    render(StatusCode::OK, &page)
}

pub async fn remove(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, member_id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let promoted = groups_svc::unenroll(&state, &me.actor, &id, &member_id).await?;
    if member_id == me.user.id {
        return Ok(see_other("/groups?done=left"));
    }
    let mut to = format!("/groups/{}?done=removed", urlencode(&id));
    if let Some(p) = promoted {
        to.push_str(&format!("&promoted={}", urlencode(&p)));
    }
    Ok(see_other(&to))
}

// ---------------------------------------------------------------------------
// The member's part: the agreement and self check-in

pub async fn accept_agreement(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    groups_svc::accept_agreement(&state, &me.actor, &id).await?;
    Ok(see_other(&format!("/groups/{}?done=accepted", urlencode(&id))))
}

pub async fn check_in(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(session_id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let (_, g) = group_sessions::authorize_session(&state, &me.actor, &session_id, Action::ParticipateInGroup).await?;
    match group_sessions::check_in(&state, &me.actor, &session_id, form.get("code")).await {
        Ok(status) => Ok(see_other(&format!("/groups/{}?done={}", urlencode(&g.id), status.as_str()))),
        Err(e) if matches!(e.status, StatusCode::UNPROCESSABLE_ENTITY | StatusCode::CONFLICT) => {
            let (code_error, problem) = match e.code {
                "invalid" => (Some(field_message(ctx.lang, "code", "wrong_code")), None),
                "not_open" => (None, Some(ctx.t("group-checkin-not-open"))),
                "closed" => (None, Some(ctx.t("group-checkin-closed"))),
                "cancelled" => (None, Some(ctx.t("group-checkin-cancelled"))),
                "agreement_required" => (None, Some(ctx.t("group-checkin-agreement"))),
                _ => (None, Some(ctx.t("err-invalid"))),
            };
            let extra = Extra { checkin_error: code_error, problem, ..Default::default() };
            group_page(&state, &ctx, &g.id, "", extra, e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// A new session

const SESSION_FIELDS: [(&str, &str); 4] =
    [("date", "date"), ("starts_at", "time"), ("topic", "topic"), ("duration_minutes", "duration")];

pub async fn create_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let lang = ctx.lang;
    let center = centers::own(&state, &me.actor).await?;
    let mut errors: Vec<(String, String)> = Vec::new();
    let date = normalise_date(form.get("date"));
    if dates::parse(&date).is_none() {
        errors.push(("date".into(), field_message(lang, "date", "bad_date")));
    }
    let time = normalise_time(form.get("time"));
    if NaiveTime::parse_from_str(&time, "%H:%M").is_err() {
        errors.push(("time".into(), field_message(lang, "start_time", "bad_time")));
    }
    let duration = match parse_num(form.get("duration")) {
        Ok(d) => d,
        Err(()) => {
            errors.push(("duration".into(), field_message(lang, "duration", "not_a_number")));
            None
        }
    };
    let topic = form.opt("topic");
    let result = match local_instant(&center, &date, &time).filter(|_| errors.is_empty()) {
        Some(starts_at) => {
            group_sessions::create(&state, &me.actor, &id, &starts_at, duration, topic.as_deref()).await.map(Some)
        }
        None => Ok(None),
    };
    match result {
        Ok(Some(s)) => Ok(see_other(&format!("/sessions/{}", urlencode(&s.id)))),
        Ok(None) => {
            let extra = Extra { session: Some((&form, errors)), ..Default::default() };
            group_page(&state, &ctx, &id, "", extra, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) if e.is_form_error() => {
            let errors = form_errors(lang, &e, &SESSION_FIELDS);
            let extra = Extra { session: Some((&form, errors)), ..Default::default() };
            group_page(&state, &ctx, &id, "", extra, e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_rules_round_trip_through_ticked_days() {
        assert_eq!(weekly_rule(&["TH", "MO"]), "FREQ=WEEKLY;BYDAY=MO,TH");
        assert_eq!(weekly_rule(&[]), "");
        assert_eq!(weekly_days("FREQ=WEEKLY;BYDAY=MO,TH"), Some(vec!["MO", "TH"]));
        assert_eq!(weekly_days("RRULE:freq=weekly;byday=su"), Some(vec!["SU"]));
        assert_eq!(weekly_days("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA"), None);
        assert_eq!(weekly_days("FREQ=DAILY"), None);
        assert_eq!(weekly_days("FREQ=WEEKLY;BYDAY=XX"), None);
    }

    #[test]
    fn times_as_people_type_them() {
        assert_eq!(normalise_time("6:30"), "06:30");
        assert_eq!(normalise_time("18.05"), "18:05");
        assert_eq!(normalise_time("18:30:00"), "18:30");
        assert_eq!(normalise_time("evening"), "evening");
    }

    #[test]
    fn the_default_agreement_in_any_language_is_the_default() {
        for lang in Lang::ALL {
            assert_eq!(agreement_input(&lang.t("group-agreement-default")).as_deref(), Some(DEFAULT_AGREEMENT));
            assert_eq!(agreement_text(lang, DEFAULT_AGREEMENT), lang.t("group-agreement-default"));
        }
        assert_eq!(agreement_input("  "), None);
        assert_eq!(agreement_input("Our own words\r\nhere").as_deref(), Some("Our own words\nhere"));
    }

    #[test]
    fn unreadable_numbers_are_refused_not_defaulted() {
        let f = FormData(vec![
            ("capacity".into(), "ten".into()),
            ("min_age".into(), "x".into()),
            ("weekdays".into(), "MO".into()),
            ("start_time".into(), "18:00".into()),
            ("duration".into(), "long".into()),
        ]);
        let (input, unreadable) = GroupValues::from_form(&f).to_input();
        assert_eq!(input.capacity, Some(0));
        assert_eq!(input.min_age, Some(-1));
        assert_eq!(input.schedule.map(|s| (s.rrule, s.duration_minutes)), Some(("FREQ=WEEKLY;BYDAY=MO".into(), 0)));
        let fields: Vec<&str> = unreadable.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["capacity", "min_age", "duration"]);
    }
}
