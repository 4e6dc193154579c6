//! Crisis response: the member's button, the alerts' escalation, who sees
//! and acts on them, and the on-call roster.
//!
//! Raising stores the alert, its escalation state and tier 1's
//! notifications (in-app rows and their e-mail/webhook deliveries) in one
//! transaction before answering; each later tier is written the same way by
//! [`run_due`], which the escalation job calls every few hundred
//! milliseconds (see `jobs::escalation`). Live pushes follow each commit and
//! are best effort: everything is in the database first.
//!
//! A second press while the member's alert is not yet resolved joins it (a
//! `joined` step, the same alert id) instead of raising a new one.

use crate::error::{ApiError, ApiResult};
use crate::live::Event;
use crate::services::{centers, mentorships};
use crate::state::AppState;
use saathi_domain::center::{Helpline, all_helplines};
use saathi_domain::crisis::{self, Slot};
use saathi_domain::policy::{Action, Actor, Decision, Target, decide};
use saathi_domain::{FieldErrors, Role};
use saathi_store::{CrisisAlert, CrisisChange, CrisisClock, CrisisStep, now_ms};

/// Most alerts one list holds (newest first).
pub const LIST_MAX: i64 = 200;
/// Most alerts escalated in one run of [`run_due`] (the job runs again at once when it was full).
pub const RUN_MAX: usize = 64;

/// What the member's press did.
pub struct Raised {
    pub alert: CrisisAlert,
    /// The press joined an alert of theirs already open.
    pub joined: bool,
    /// The helplines to show: the national ones, then the centre's own.
    pub helplines: Vec<Helpline>,
}

/// One alert and what the reader may do with it.
pub struct AlertView {
    pub alert: CrisisAlert,
    /// The reader was told of it (a tier they belong to reached them).
    pub notified: bool,
    /// The reader may acknowledge and resolve it.
    pub may_act: bool,
}

fn clock(state: &AppState, now: Option<i64>) -> CrisisClock {
    CrisisClock {
        now,
        timeout_override_ms: state.config.crisis_timeout_seconds.map(|s| s.saturating_mul(1000)),
        email: state.config.smtp.is_some(),
    }
}

/// The helplines of the actor's centre (shown even when raising failed).
pub async fn helplines(state: &AppState, actor: &Actor) -> ApiResult<Vec<Helpline>> {
    Ok(all_helplines(&centers::own(state, actor).await?.helplines))
}

/// The member presses the crisis button (with optional words).
pub async fn raise(state: &AppState, actor: &Actor, message: Option<&str>) -> ApiResult<Raised> {
    ApiError::check(decide(actor, Action::RaiseCrisis, Target::subject(&actor.center_id, &actor.user_id)))?;
    let mut e = FieldErrors::new();
    let message = crisis::check_message(&mut e, message);
    e.into_result()?;
    let change =
        state.store.raise_crisis(&actor.center_id, &actor.user_id, message.as_deref(), clock(state, None)).await?;
    publish(state, &change);
    if !change.joined {
        crate::services::risk::after_event(state, &actor.center_id, &actor.user_id);
    }
    let helplines = helplines(state, actor).await?;
    Ok(Raised { alert: change.alert, joined: change.joined, helplines })
}

/// After a commit: the alert live to whoever may follow it, each new
/// notification to its owner.
fn publish(state: &AppState, change: &CrisisChange) {
    state.live.publish(Event::CrisisAlert { alert_id: change.alert.id.clone() });
    for (user_id, notification_id) in &change.told {
        state.live.publish(Event::Notification { user_id: user_id.clone(), notification_id: notification_id.clone() });
    }
}

/// Escalates every alert due at `now` (`None`: the database's clock), each
/// in its own transaction; returns how many were escalated. The job calls
/// this; tests call it with a chosen time to fast-forward.
pub async fn run_due(state: &AppState, now: Option<i64>) -> ApiResult<usize> {
    let mut n = 0;
    while n < RUN_MAX {
        let Some(change) = state.store.escalate_due_crisis(clock(state, now)).await? else { break };
        publish(state, &change);
        n += 1;
    }
    Ok(n)
}

/// The reader's relation to an alert: (mentors its member, was told of it).
async fn relation(state: &AppState, actor: &Actor, a: &CrisisAlert) -> ApiResult<(bool, bool)> {
    if actor.center_id != a.center_id {
        return Ok((false, false));
    }
    let mentor = mentorships::is_mentor(state, actor, &a.member_id).await?;
    let notified = state.store.crisis_recipients(&a.id).await?.contains(&actor.user_id);
    Ok((mentor, notified))
}

async fn view(state: &AppState, actor: &Actor, alert: CrisisAlert) -> ApiResult<(AlertView, Decision)> {
    let (mentor, notified) = relation(state, actor, &alert).await?;
    let target = Target::mentee(&alert.center_id, &alert.member_id, mentor);
    let see = decide(actor, Action::SeeCrisisAlert { mentor, notified }, target);
    let act = decide(actor, Action::ActOnCrisisAlert { mentor, notified }, target) == Decision::Allow;
    Ok((AlertView { alert, notified, may_act: act }, see))
}

/// One alert the reader may see, with its steps (another centre's: 404;
/// one the reader may not see: 403).
pub async fn get(state: &AppState, actor: &Actor, id: &str) -> ApiResult<(AlertView, Vec<CrisisStep>)> {
    let a = state.store.crisis_alert(id).await?.ok_or_else(ApiError::not_found)?;
    let (v, see) = view(state, actor, a).await?;
    ApiError::check(see)?;
    let steps = state.store.crisis_steps(&v.alert.id).await?;
    Ok((v, steps))
}

/// Which statuses a `status` filter means: `active` (the default: open or
/// acknowledged), `open`, `acknowledged`, `resolved` or `all`.
pub fn parse_status(status: Option<&str>) -> ApiResult<Vec<&'static str>> {
    match status.map(str::trim).filter(|s| !s.is_empty()) {
        None | Some("active") => Ok(vec!["open", "acknowledged"]),
        Some("all") => Ok(Vec::new()),
        Some(s) => match crisis::Status::parse(s) {
            Some(st) => Ok(vec![st.as_str()]),
            None => Err(ApiError::invalid_field("status", "unknown")),
        },
    }
}

/// The alerts the reader may see, newest first (at most 200): staff all of
/// the centre's; peer mentors their mentees' and those they were told of;
/// members their own; family 403. `member_id` narrows to one member (a
/// member asking for someone else: 403).
pub async fn list(
    state: &AppState,
    actor: &Actor,
    status: Option<&str>,
    member_id: Option<&str>,
) -> ApiResult<Vec<AlertView>> {
    let statuses = parse_status(status)?;
    let member_id = member_id.map(str::trim).filter(|s| !s.is_empty());
    let member_id = match actor.role {
        Role::Family => return Err(ApiError::forbidden()),
        Role::Member => match member_id {
            Some(m) if m != actor.user_id => return Err(ApiError::forbidden()),
            _ => Some(actor.user_id.as_str()),
        },
        _ => member_id,
    };
    // Staff see every alert of the centre, a member their own; anyone else
    // (a peer mentor) those they were told of or mentor the member of.
    let concerning = (!actor.role.is_staff() && actor.role != Role::Member).then_some(actor.user_id.as_str());
    let all = state.store.crisis_alerts(&actor.center_id, &statuses, member_id, concerning, LIST_MAX).await?;
    let mut out = Vec::with_capacity(all.len());
    for a in all {
        let (v, see) = view(state, actor, a).await?;
        if see == Decision::Allow {
            out.push(v);
        }
    }
    Ok(out)
}

/// Whether the reader may see the alert (the live hub and pages ask).
pub async fn may_see(state: &AppState, actor: &Actor, a: &CrisisAlert) -> ApiResult<bool> {
    Ok(view(state, actor, a.clone()).await?.1 == Decision::Allow)
}

async fn for_action(state: &AppState, actor: &Actor, id: &str) -> ApiResult<CrisisAlert> {
    let a = state.store.crisis_alert(id).await?.ok_or_else(ApiError::not_found)?;
    let (mentor, notified) = relation(state, actor, &a).await?;
    let target = Target::mentee(&a.center_id, &a.member_id, mentor);
    // Someone who may not even see it is refused as for reading it.
    ApiError::check(decide(actor, Action::SeeCrisisAlert { mentor, notified }, target))?;
    ApiError::check(decide(actor, Action::ActOnCrisisAlert { mentor, notified }, target))?;
    Ok(a)
}

/// Acknowledges an alert: escalation stops (the first acknowledgement stands).
pub async fn acknowledge(state: &AppState, actor: &Actor, id: &str) -> ApiResult<AlertView> {
    let a = for_action(state, actor, id).await?;
    // The database's clock, as raising and escalating use: every step of an
    // alert is timed by one clock, whichever instance writes it.
    let now = state.store.crisis_clock().await?;
    if state.store.acknowledge_crisis(&a.id, &actor.user_id, now).await? {
        state.live.publish(Event::CrisisAlert { alert_id: a.id.clone() });
    }
    let a = state.store.crisis_alert(&a.id).await?.ok_or_else(ApiError::not_found)?;
    Ok(view(state, actor, a).await?.0)
}

/// Resolves an alert with a note (required: 422 without); an alert
/// resolved already: 409.
pub async fn resolve(state: &AppState, actor: &Actor, id: &str, note: Option<&str>) -> ApiResult<AlertView> {
    let a = for_action(state, actor, id).await?;
    let mut e = FieldErrors::new();
    let note = crisis::check_note(&mut e, note);
    e.into_result()?;
    let now = state.store.crisis_clock().await?;
    if !state.store.resolve_crisis(&a.id, &actor.user_id, &note, now).await? {
        return Err(ApiError::conflict("status"));
    }
    state.live.publish(Event::CrisisAlert { alert_id: a.id.clone() });
    crate::services::risk::after_event(state, &a.center_id, &a.member_id);
    let a = state.store.crisis_alert(&a.id).await?.ok_or_else(ApiError::not_found)?;
    Ok(view(state, actor, a).await?.0)
}

/// Who the live hub tells of an alert now: everyone told of it so far (the
/// tiers reached), the member, whoever acknowledged or resolved it, and the
/// centre's staff (who may see every alert; their pages follow alerts, and
/// ring only for alerts they were told of — see `notified` in the API).
pub async fn live_recipients(state: &AppState, alert_id: &str) -> ApiResult<Vec<String>> {
    let Some(a) = state.store.crisis_alert(alert_id).await? else { return Ok(Vec::new()) };
    let mut out = state.store.crisis_recipients(alert_id).await?;
    out.push(a.member_id.clone());
    out.extend(a.acknowledged_by.iter().cloned());
    out.extend(a.resolved_by.iter().cloned());
    out.extend(state.store.crisis_staff(&a.center_id).await?);
    out.sort();
    out.dedup();
    Ok(out)
}

// ---------------------------------------------------------------------------
// The on-call roster

/// The centre's roster and who is on call now.
pub struct Roster {
    pub entries: Vec<(Slot, String)>,
    pub now: Vec<String>,
}

/// The centre's on-call roster (staff).
pub async fn roster(state: &AppState, actor: &Actor) -> ApiResult<Roster> {
    ApiError::check(decide(actor, Action::ReadOnCall, Target::center(&actor.center_id)))?;
    let center = centers::own(state, actor).await?;
    let entries = state.store.on_call_roster(&actor.center_id).await?;
    let now = crisis::on_call_at(&entries, now_ms(), center.tz());
    Ok(Roster { entries, now })
}

/// Replaces the centre's on-call roster (admins and counsellors): each
/// entry a weekday (0 Monday … 6 Sunday), an hour (0–23, the centre's
/// zone) and one of the centre's counsellors.
pub async fn set_roster(state: &AppState, actor: &Actor, entries: &[(i64, i64, String)]) -> ApiResult<Roster> {
    ApiError::check(decide(actor, Action::EditOnCall, Target::center(&actor.center_id)))?;
    let counselors = state.store.list_users(&actor.center_id, Some(Role::Counselor), 10_000, 0).await?;
    let mut others = Vec::new();
    for (_, _, u) in entries {
        if !counselors.iter().any(|c| &c.id == u) && !others.iter().any(|(id, _): &(String, Role)| id == u) {
            // Someone of this centre who is not a counsellor, or nobody here.
            if let Some(x) = state.store.get_user(u).await?.filter(|x| x.center_id == actor.center_id) {
                others.push((x.id.clone(), x.role));
            }
        }
    }
    let role_of = |u: &str| {
        if counselors.iter().any(|c| c.id == u && !c.disabled) {
            Some(Role::Counselor)
        } else {
            others.iter().find(|(id, _)| id == u).map(|(_, r)| *r)
        }
    };
    let mut e = FieldErrors::new();
    let checked = crisis::check_roster(&mut e, entries, role_of);
    e.into_result()?;
    state.store.set_on_call_roster(&actor.center_id, &checked, &actor.user_id, now_ms()).await?;
    roster(state, actor).await
}
