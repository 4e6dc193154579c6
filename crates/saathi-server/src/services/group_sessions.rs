//! Sessions of a group: the listing (materialised from the schedule),
//! ad-hoc sessions, moving and cancelling, attendance, self check-in and the
//! sharing circle.

use super::groups::{authorize, relation};
use crate::error::{ApiError, ApiResult};
use crate::state::{AppState, SessionList};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use saathi_domain::attendance::{self, CheckIn, Status};
use saathi_domain::circle::{self, CircleState, Turn};
use saathi_domain::policy::{Action, Actor, Target, decide};
use saathi_domain::{FieldErrors, Role, dates, schedule, topics};
use saathi_store::{AttendanceRecord, AttendanceWrite, Group, GroupSession, SessionSlot, TurnRecord, now_ms};
use std::sync::Arc;
use std::sync::atomic::Ordering;

const DEFAULT_MINUTES: i64 = 90;

fn parse_day(field: &'static str, s: &str) -> ApiResult<NaiveDate> {
    dates::parse(s).ok_or_else(|| ApiError::invalid_field(field, "bad_date"))
}

/// An RFC 3339 instant whose date lies in the years Saathi works in.
fn parse_instant(field: &'static str, s: &str) -> ApiResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
        .filter(|t| dates::in_range(t.date_naive()))
        .ok_or_else(|| ApiError::invalid_field(field, "bad_time"))
}

fn check_topic(e: &mut FieldErrors, topic: Option<&str>) {
    if let Some(t) = topic
        && !topics::is_topic(t)
    {
        e.add("topic", "unknown");
    }
}

/// Sessions whose start falls on a local date in `from..=to`, scheduled ones
/// materialised first so that each has an id.
///
/// Listings are kept for two seconds: phones and pages ask for the same
/// weeks again and again. This instance forgets a group's listings as soon
/// as it changes one of its sessions, the group or the centre; another
/// instance on the same database sees the change within the two seconds.
/// Who may read is decided on every request (a member's enrolment is read
/// fresh; the group's facilitators are those of the cached read).
pub async fn list(state: &AppState, actor: &Actor, group_id: &str, from: &str, to: &str) -> ApiResult<Listing> {
    let key = format!("{group_id}|{from}|{to}");
    let cached = match state.session_lists.get(&key) {
        Some(hit) => hit,
        None => {
            let generation = state.session_lists_generation.load(Ordering::Acquire);
            let (sessions, group) = list_with_group(state, actor, group_id, from, to).await?;
            let fresh = Arc::new(SessionList { group, sessions });
            if state.session_lists_generation.load(Ordering::Acquire) == generation {
                state.session_lists.put(key, fresh.clone());
            }
            fresh
        }
    };
    let g = &cached.group;
    let (facilitator, enrolled) = relation(state, actor, g).await?;
    ApiError::check(decide(actor, Action::ReadGroup, Target::group(&g.center_id, facilitator, enrolled)))?;
    let runs = decide(actor, Action::RunSession, Target::group(&g.center_id, facilitator, enrolled))
        == saathi_domain::policy::Decision::Allow;
    Ok(Listing { sessions: cached.sessions.clone(), runs })
}

/// A listing, and whether the reader runs the group's sessions (and so sees
/// their check-in codes).
pub struct Listing {
    pub sessions: Vec<GroupSession>,
    pub runs: bool,
}

/// Forgets cached listings: of one group, or (`None`) of every group.
pub fn forget_lists(state: &AppState, group_id: Option<&str>) {
    state.session_lists_generation.fetch_add(1, Ordering::AcqRel);
    state.session_lists.remove_where(|l| group_id.is_none_or(|g| l.group.id == g));
}

/// [`list`] without the cache, with the group it read on the way.
async fn list_with_group(
    state: &AppState,
    actor: &Actor,
    group_id: &str,
    from: &str,
    to: &str,
) -> ApiResult<(Vec<GroupSession>, Group)> {
    let g = authorize(state, actor, group_id, Action::ReadGroup).await?;
    let (from, to) = (parse_day("from", from)?, parse_day("to", to)?);
    if to < from || (to - from).num_days() > schedule::MAX_RANGE_DAYS {
        return Err(ApiError::invalid_field("to", "bad_range"));
    }
    let center = super::centers::own(state, actor).await?;
    let tz = center.tz();
    // A stored span out of range (once written from a listing of year
    // +262142) counts as nothing made, and is replaced by this listing's.
    let made = g.materialised.as_ref().and_then(|(a, b)| schedule::made_span(a, b));
    // A start that cannot be read (or lies out of range) makes nothing: the
    // sessions already made are still listed.
    let starts_on = g.schedule_starts_on.as_deref().and_then(dates::parse);
    if let (Some(s), Some(starts_on)) = (&g.schedule, starts_on)
        && !schedule::covered(made, from, to)
    {
        let occ: Vec<(i64, i64)> = schedule::occurrences(s, tz, starts_on, from, to)
            .iter()
            .map(|o| (o.starts_at.timestamp_millis(), o.ends_at.timestamp_millis()))
            .collect();
        state.store.materialise_sessions(&g.id, &g.center_id, &occ, now_ms()).await?;
        let (a, b) = schedule::extend(made, from, to);
        state.store.set_materialised(&g.id, &dates::format(a), &dates::format(b)).await?;
    }
    let start = schedule::day_start(from, tz).timestamp_millis();
    let end = to.succ_opt().map(|d| schedule::day_start(d, tz).timestamp_millis()).unwrap_or(i64::MAX);
    let sessions = state.store.list_sessions(&g.id, start, end).await?;
    Ok((sessions, g))
}

pub async fn create(
    state: &AppState,
    actor: &Actor,
    group_id: &str,
    starts_at: &str,
    duration_minutes: Option<i64>,
    topic: Option<&str>,
) -> ApiResult<GroupSession> {
    let g = authorize(state, actor, group_id, Action::RunSession).await?;
    let start = parse_instant("starts_at", starts_at)?;
    let minutes = duration_minutes.or(g.schedule.as_ref().map(|s| s.duration_minutes)).unwrap_or(DEFAULT_MINUTES);
    let mut e = FieldErrors::new();
    if !(schedule::DURATION_MIN..=schedule::DURATION_MAX).contains(&minutes) {
        e.add("duration_minutes", "out_of_range");
    }
    check_topic(&mut e, topic);
    e.into_result()?;
    let starts = start.timestamp_millis();
    let made = state
        .store
        .create_group_session(
            &g.id,
            &g.center_id,
            SessionSlot { starts_at: starts, ends_at: starts + minutes * 60_000, topic },
            &actor.user_id,
            now_ms(),
        )
        .await?;
    forget_lists(state, Some(&g.id));
    Ok(made)
}

/// A session with its group, after checking the actor may do `action` on the group.
pub async fn authorize_session(
    state: &AppState,
    actor: &Actor,
    session_id: &str,
    action: Action,
) -> ApiResult<(GroupSession, Group)> {
    let s = state.store.get_group_session(session_id).await?.ok_or_else(ApiError::not_found)?;
    let g = authorize(state, actor, &s.group_id, action).await?;
    Ok((s, g))
}

/// Whether the actor runs this group's sessions (and so sees the check-in code).
pub async fn runs(state: &AppState, actor: &Actor, g: &Group) -> ApiResult<bool> {
    let (facilitator, enrolled) = relation(state, actor, g).await?;
    Ok(decide(actor, Action::RunSession, Target::group(&g.center_id, facilitator, enrolled))
        == saathi_domain::policy::Decision::Allow)
}

/// Moves, re-topics, cancels or restores one session.
pub async fn update(
    state: &AppState,
    actor: &Actor,
    session_id: &str,
    starts_at: Option<&str>,
    topic: Option<Option<&str>>,
    status: Option<&str>,
) -> ApiResult<GroupSession> {
    let (s, _) = authorize_session(state, actor, session_id, Action::RunSession).await?;
    let mut e = FieldErrors::new();
    if let Some(Some(t)) = topic {
        check_topic(&mut e, Some(t));
    }
    if let Some(st) = status
        && !matches!(st, "scheduled" | "cancelled")
    {
        e.add("status", "unknown");
    }
    e.into_result()?;
    let (starts, ends) = match starts_at {
        Some(t) => {
            let start = parse_instant("starts_at", t)?.timestamp_millis();
            (start, start + (s.ends_at - s.starts_at))
        }
        None => (s.starts_at, s.ends_at),
    };
    let topic = match topic {
        Some(t) => t.map(str::to_string),
        None => s.topic.clone(),
    };
    let changed = state
        .store
        .update_group_session(
            session_id,
            SessionSlot { starts_at: starts, ends_at: ends, topic: topic.as_deref() },
            status.unwrap_or(&s.status),
            &actor.user_id,
            now_ms(),
        )
        .await?;
    // After the write: a listing read before it is then never cached.
    forget_lists(state, Some(&s.group_id));
    Ok(changed)
}

pub async fn attendance(state: &AppState, actor: &Actor, session_id: &str) -> ApiResult<Vec<AttendanceRecord>> {
    authorize_session(state, actor, session_id, Action::RunSession).await?;
    Ok(state.store.session_attendance(session_id).await?)
}

/// Records attendance. Only active members of the group; present or late
/// only for members who accepted the group agreement. Answers with the
/// session's whole attendance: the rows just saved as stored, the others as
/// read just before. Everything it checks comes from one read (the session's
/// sheet), and both the read and the write are shared with the saves that
/// arrive at the same moment: the sheets of every session being saved are
/// read in one query (`state.attendance_sheets`), and the sheets are written
/// in one statement (`state.attendance`). The two run side by side, so one
/// moment's reads do not wait for the previous moment's write.
pub async fn put_attendance(
    state: &AppState,
    actor: &Actor,
    session_id: &str,
    records: &[(String, String)],
) -> ApiResult<Vec<AttendanceRecord>> {
    let sheet = state
        .attendance_sheets
        .write(session_id.to_string())
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(ApiError::not_found)?;
    let parsed = check_sheet_save(&sheet, actor, records)?;
    let write = AttendanceWrite {
        session_id: sheet.session.id.clone(),
        records: parsed,
        via: "facilitator",
        recorded_by: actor.user_id.clone(),
        at: now_ms(),
    };
    let (given, at) = (write.records.clone(), write.at);
    // Only the rows whose status changed are written, and only their members' risk moves.
    let saved = state.attendance.write(write).await.map_err(ApiError::internal)?;
    saved.iter().for_each(|r| super::risk::after_event(state, &sheet.session.center_id, &r.member_id));
    let mut all = sheet.recorded;
    all.retain(|r| !saved.iter().any(|n| n.member_id == r.member_id));
    // A row given but not written already held that status when written. The
    // sheet read before says so too, unless another save came in between:
    // then the status given is what the row holds.
    for (member_id, status) in given.into_iter().filter(|(m, _)| !saved.iter().any(|n| &n.member_id == m)) {
        match all.iter_mut().find(|r| r.member_id == member_id) {
            Some(r) => r.status = status,
            None => all.push(AttendanceRecord {
                session_id: sheet.session.id.clone(),
                member_id,
                status,
                via: "facilitator".into(),
                recorded_at: at,
            }),
        }
    }
    all.extend(saved);
    all.sort_by(|a, b| a.member_id.cmp(&b.member_id));
    Ok(all)
}

/// Checks one save against its session's sheet; answers with the records to write.
fn check_sheet_save(
    sheet: &saathi_store::AttendanceSheet,
    actor: &Actor,
    records: &[(String, String)],
) -> ApiResult<Vec<(String, Status)>> {
    let s = &sheet.session;
    let facilitator = sheet.facilitator_ids.iter().any(|f| f == &actor.user_id);
    let enrolled = actor.role == Role::Member && sheet.roster.iter().any(|(m, _)| m == &actor.user_id);
    ApiError::check(decide(actor, Action::RunSession, Target::group(&s.center_id, facilitator, enrolled)))?;
    if s.status == "cancelled" {
        return Err(ApiError::new(StatusCode::CONFLICT, "cancelled", "This session was cancelled."));
    }
    if records.is_empty() || records.len() > 50 {
        return Err(ApiError::invalid_field("records", "bad_count"));
    }
    let mut e = FieldErrors::new();
    let mut parsed = Vec::with_capacity(records.len());
    let mut need_agreement = vec![];
    for (member_id, status) in records {
        let Some(status) = Status::parse(status) else {
            e.add("records.status", "unknown");
            continue;
        };
        match sheet.roster.iter().find(|(m, _)| m == member_id) {
            None => e.add("records.member_id", "not_enrolled"),
            Some((_, accepted)) if status.attended() && !accepted => need_agreement.push(member_id.clone()),
            Some(_) => parsed.push((member_id.clone(), status)),
        }
    }
    e.into_result()?;
    if !need_agreement.is_empty() {
        let mut err = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "agreement_required",
            "These members have not yet accepted the group agreement.",
        );
        err.member_ids = Some(need_agreement);
        return Err(err);
    }
    Ok(parsed)
}

/// A member checks themself in with the code the facilitator shows.
pub async fn check_in(state: &AppState, actor: &Actor, session_id: &str, code: &str) -> ApiResult<Status> {
    let (s, g) = authorize_session(state, actor, session_id, Action::ParticipateInGroup).await?;
    if s.status == "cancelled" {
        return Err(ApiError::new(StatusCode::CONFLICT, "cancelled", "This session was cancelled."));
    }
    let accepted = state.store.enrollment(&g.id, &actor.user_id).await?.and_then(|e| e.agreement_accepted_at).is_some();
    if !accepted {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "agreement_required",
            "Please accept the group agreement first.",
        ));
    }
    let now = now_ms();
    match attendance::self_check_in(code.trim() == s.checkin_code, now, s.starts_at, s.ends_at) {
        CheckIn::Accepted(status) => {
            state
                .store
                .put_attendance(session_id, &[(actor.user_id.clone(), status)], "self", &actor.user_id, now)
                .await?;
            super::risk::after_event(state, &s.center_id, &actor.user_id);
            Ok(status)
        }
        CheckIn::WrongCode => Err(ApiError::invalid_field("code", "wrong_code")),
        CheckIn::TooEarly => {
            Err(ApiError::new(StatusCode::CONFLICT, "not_open", "Check-in opens 15 minutes before the session."))
        }
        CheckIn::Closed => Err(ApiError::new(StatusCode::CONFLICT, "closed", "This session has ended.")),
    }
}

pub struct Circle {
    pub turns: Vec<TurnRecord>,
    pub attendees: Vec<String>,
    pub state: CircleState,
}

async fn circle_of(state: &AppState, session_id: &str) -> ApiResult<Circle> {
    let attendees: Vec<String> = state
        .store
        .session_attendance(session_id)
        .await?
        .into_iter()
        .filter(|a| a.status.attended())
        .map(|a| a.member_id)
        .collect();
    let turns = state.store.turns(session_id).await?;
    let domain_turns: Vec<Turn> =
        turns.iter().map(|t| Turn { member_id: t.member_id.clone(), seconds: t.seconds, passed: t.passed }).collect();
    let st = circle::state(&attendees, &domain_turns);
    Ok(Circle { turns, attendees, state: st })
}

pub async fn circle(state: &AppState, actor: &Actor, session_id: &str) -> ApiResult<Circle> {
    authorize_session(state, actor, session_id, Action::RunSession).await?;
    circle_of(state, session_id).await
}

pub async fn add_turn(
    state: &AppState,
    actor: &Actor,
    session_id: &str,
    member_id: &str,
    seconds: i64,
    passed: bool,
) -> ApiResult<Circle> {
    let (s, _) = authorize_session(state, actor, session_id, Action::RunSession).await?;
    if s.status == "cancelled" {
        return Err(ApiError::new(StatusCode::CONFLICT, "cancelled", "This session was cancelled."));
    }
    let mut e = FieldErrors::new();
    if !circle::check_turn(seconds) {
        e.add("seconds", "out_of_range");
    }
    let current = circle_of(state, session_id).await?;
    if !current.attendees.iter().any(|a| a == member_id) {
        e.add("member_id", "not_attending");
    }
    e.into_result()?;
    state
        .store
        .add_turn(session_id, member_id, if passed { 0 } else { seconds }, passed, &actor.user_id, now_ms())
        .await?;
    circle_of(state, session_id).await
}

/// A member's attendance in every group (staff, the member themself); a
/// staff read is written to the audit log (`member.attendance.read`), as
/// reading the record is.
pub async fn member_history(
    state: &AppState,
    actor: &Actor,
    member_id: &str,
) -> ApiResult<Vec<saathi_store::AttendanceEntry>> {
    let m = super::members::readable(state, actor, member_id).await?;
    super::members::audit_read(state, actor, &m.center_id, &m.id, "member.attendance.read", serde_json::Value::Null)
        .await?;
    Ok(state.store.attendance_history(Some(member_id), None, 500).await?)
}

/// [`member_history`] for the member's page, whose view is audited once,
/// through [`super::members::read`]: not written a second time.
pub(crate) async fn member_history_unaudited(
    state: &AppState,
    actor: &Actor,
    member_id: &str,
) -> ApiResult<Vec<saathi_store::AttendanceEntry>> {
    super::members::readable(state, actor, member_id).await?;
    Ok(state.store.attendance_history(Some(member_id), None, 500).await?)
}

pub async fn group_history(
    state: &AppState,
    actor: &Actor,
    group_id: &str,
) -> ApiResult<Vec<saathi_store::AttendanceEntry>> {
    authorize(state, actor, group_id, Action::ListEnrollments).await?;
    Ok(state.store.attendance_history(None, Some(group_id), 2000).await?)
}
