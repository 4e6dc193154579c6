//! Check-ins, sobriety and lapses.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use chrono::{Duration, NaiveDate};
use saathi_domain::checkin::{self, CheckInFields, Relation, Visibility};
use saathi_domain::policy::{Action, Actor, Target, decide};
use saathi_domain::sobriety::{self, Record, Summary};
use saathi_domain::{FieldErrors, Role, dates};
use saathi_store::{CheckIn, CheckInInput, CheckInWrite, Lapse, Member, SobrietyHistory, now_ms};

/// The trigger tags a centre accepts: the defaults and its own. Read on
/// every check-in, so kept for a few seconds like the centre itself; adding
/// a tag here forgets it at once.
pub async fn known_triggers(state: &AppState, center_id: &str) -> ApiResult<Vec<String>> {
    if let Some(tags) = state.center_triggers.get(center_id) {
        return Ok(tags.as_ref().clone());
    }
    let mut tags: Vec<String> = checkin::DEFAULT_TRIGGERS.iter().map(|s| s.to_string()).collect();
    tags.extend(state.store.center_triggers(center_id).await?);
    state.center_triggers.put(center_id.to_string(), std::sync::Arc::new(tags.clone()));
    Ok(tags)
}

/// Adds a tag to the centre's list (counsellors, admins); returns it as kept.
/// A tag the centre already has, its own or a default, is a conflict.
pub async fn add_trigger(state: &AppState, actor: &Actor, raw: &str) -> ApiResult<String> {
    ApiError::check(decide(actor, Action::ManageTriggers, Target::center(&actor.center_id)))?;
    let tag = checkin::normalise_tag(raw);
    let mut e = FieldErrors::new();
    checkin::check_trigger_tag(&mut e, &tag);
    e.into_result()?;
    if known_triggers(state, &actor.center_id).await?.contains(&tag) {
        return Err(ApiError::conflict("tag"));
    }
    let created = state.store.create_center_trigger(&actor.center_id, &tag, &actor.user_id, now_ms()).await?;
    state.center_triggers.remove(&actor.center_id);
    if !created {
        return Err(ApiError::conflict("tag"));
    }
    Ok(tag)
}

/// The centre's own tags, for the staff who keep the list.
pub async fn own_triggers(state: &AppState, actor: &Actor) -> ApiResult<Vec<String>> {
    ApiError::check(decide(actor, Action::ManageTriggers, Target::center(&actor.center_id)))?;
    Ok(state.store.center_triggers(&actor.center_id).await?)
}

/// The centre's calendar date today.
pub async fn local_today(state: &AppState, actor: &Actor) -> ApiResult<NaiveDate> {
    let center = super::centers::own(state, actor).await?;
    Ok(sobriety::local_today(chrono::Utc::now(), center.tz()))
}

/// For the member checking in: the centre's date today and today's check-in, if any.
pub async fn today(state: &AppState, actor: &Actor) -> ApiResult<(NaiveDate, Option<CheckIn>)> {
    ApiError::check(decide(actor, Action::SubmitCheckIn, Target::subject(&actor.center_id, &actor.user_id)))?;
    let today = local_today(state, actor).await?;
    let date = today.format("%Y-%m-%d").to_string();
    let found = state.store.checkins(&actor.user_id, &date, 1).await?.into_iter().find(|c| c.local_date == date);
    Ok((today, found))
}

/// A member's check-in for today (in the centre's calendar); a second one
/// the same day updates it. Returns it and whether it is new.
pub async fn submit(state: &AppState, actor: &Actor, input: CheckInInput) -> ApiResult<(CheckIn, bool)> {
    ApiError::check(decide(actor, Action::SubmitCheckIn, Target::subject(&actor.center_id, &actor.user_id)))?;
    let known = known_triggers(state, &actor.center_id).await?;
    checkin::check(
        &CheckInFields {
            mood: input.mood,
            craving: input.craving,
            triggers: &input.triggers,
            note: input.note.as_deref(),
        },
        &known,
    )?;
    let center = super::centers::own(state, actor).await?;
    let today = sobriety::local_today(chrono::Utc::now(), center.tz()).format("%Y-%m-%d").to_string();
    let write =
        CheckInWrite { member_id: actor.user_id.clone(), center_id: center.id, local_date: today, input, at: now_ms() };
    let saved = state.checkins.write(write).await.map_err(ApiError::internal)?;
    super::risk::after_event(state, &actor.center_id, &actor.user_id);
    Ok(saved)
}

async fn member(state: &AppState, id: &str) -> ApiResult<Member> {
    state.store.get_member(id).await?.ok_or_else(ApiError::not_found)
}

/// A member's check-ins of the last `days` days, as far as the reader may
/// see them; a staff read is written to the audit log
/// (`member.checkins.read`), as reading the record is. (What a member lets
/// their mentor or group see is theirs to share: those reads are not.)
pub async fn list(state: &AppState, actor: &Actor, member_id: &str, days: i64) -> ApiResult<Vec<CheckIn>> {
    let (m, days, list) = visible_checkins(state, actor, member_id, days).await?;
    let detail = serde_json::json!({ "days": days });
    super::members::audit_read(state, actor, &m.center_id, &m.id, "member.checkins.read", detail).await?;
    Ok(list)
}

/// [`list`] for the check-ins page, whose view is audited once, through
/// [`super::members::read`]: not written a second time.
pub(crate) async fn list_unaudited(
    state: &AppState,
    actor: &Actor,
    member_id: &str,
    days: i64,
) -> ApiResult<Vec<CheckIn>> {
    Ok(visible_checkins(state, actor, member_id, days).await?.2)
}

/// The member, the days read (1 to 400) and their check-ins the actor may see.
async fn visible_checkins(
    state: &AppState,
    actor: &Actor,
    member_id: &str,
    days: i64,
) -> ApiResult<(Member, i64, Vec<CheckIn>)> {
    let m = member(state, member_id).await?;
    if m.center_id != actor.center_id {
        return Err(ApiError::not_found());
    }
    let rel = Relation {
        shares_a_group: actor.role == Role::Member && state.store.share_a_group(&actor.user_id, member_id).await?,
        is_mentor: super::mentorships::is_mentor(state, actor, member_id).await?,
    };
    let visibility = checkin::visibility(actor, &m.center_id, &m.id, rel);
    if visibility == Visibility::Nothing {
        return Err(ApiError::forbidden());
    }
    let center = super::centers::own(state, actor).await?;
    let days = days.clamp(1, 400);
    let since = sobriety::local_today(chrono::Utc::now(), center.tz()) - Duration::days(days);
    let all = state.store.checkins(member_id, &since.format("%Y-%m-%d").to_string(), 400).await?;
    let list = all.into_iter().filter(|c| visibility.shows(c.share_with_mentor, c.share_with_group)).collect();
    Ok((m, days, list))
}

fn parse(field: &'static str, s: &str) -> ApiResult<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| ApiError::invalid_field(field, "bad_date"))
}

pub struct Sobriety {
    pub summary: Summary,
    pub today: NaiveDate,
}

/// The first start and the record of a member's history (see
/// [`sobriety::first_start`]), and the current streak's start.
///
/// The member's record holds the current streak's start: a lapse moves it to
/// the day after (never back), and staff may correct it (PATCH
/// `sobriety_start`). The summary counts the current streak from it, as the
/// member's `days_sober` does, so the two always agree; the streaks before it
/// are counted from the first start and the lapses before it
/// ([`sobriety::streaks`]).
pub(crate) fn record_of(sobriety_start: &str, lapses: &[(String, String)]) -> ApiResult<(Record, NaiveDate)> {
    let current = parse("sobriety_start", sobriety_start)?;
    let seen = lapses.iter().map(|(_, seen)| parse("sobriety_start", seen)).collect::<ApiResult<Vec<_>>>()?;
    let dates = lapses.iter().map(|(d, _)| parse("date", d)).collect::<ApiResult<Vec<_>>>()?;
    Ok((Record { first_start: sobriety::first_start(current, seen), lapses: dates }, current))
}

/// Days sober, streaks and milestones from a member's history.
async fn summary_of(state: &AppState, actor: &Actor, h: &SobrietyHistory) -> ApiResult<Sobriety> {
    let (record, current) = record_of(&h.sobriety_start, &h.lapses)?;
    let center = super::centers::own(state, actor).await?;
    let today = sobriety::local_today(chrono::Utc::now(), center.tz());
    Ok(Sobriety { summary: sobriety::summarize_from(&record, current, today), today })
}

async fn history(state: &AppState, member_id: &str) -> ApiResult<SobrietyHistory> {
    state.store.sobriety_history(member_id).await?.ok_or_else(ApiError::not_found)
}

/// A member's days sober, streaks and milestones (the member, the centre's
/// staff, their peer mentor); a staff read is written to the audit log
/// (`member.sobriety.read`), as reading the record is.
pub async fn sobriety(state: &AppState, actor: &Actor, member_id: &str) -> ApiResult<Sobriety> {
    let h = history(state, member_id).await?;
    let mentor = super::mentorships::is_mentor(state, actor, member_id).await?;
    ApiError::check(decide(actor, Action::ReadSobriety, Target::mentee(&h.center_id, member_id, mentor)))?;
    super::members::audit_read(state, actor, &h.center_id, member_id, "member.sobriety.read", serde_json::Value::Null)
        .await?;
    summary_of(state, actor, &h).await
}

/// A lapse or relapse, by the member or a counsellor: the count restarts the
/// next day (a lapse on a day before the current streak began ends an
/// earlier streak and leaves the count as it is); the longest streak and the
/// total are kept; the counsellor and the peer mentor are told. The same
/// lapse again (day and kind) is the one recorded, told once.
pub async fn record_lapse(
    state: &AppState,
    actor: &Actor,
    member_id: &str,
    date: &str,
    kind: &str,
    note: Option<&str>,
) -> ApiResult<(Lapse, Sobriety)> {
    let m = member(state, member_id).await?;
    ApiError::check(decide(actor, Action::RecordLapse, Target::subject(&m.center_id, &m.id)))?;
    let center = super::centers::own(state, actor).await?;
    let today = sobriety::local_today(chrono::Utc::now(), center.tz());
    let mut e = FieldErrors::new();
    // Only the canonical `YYYY-MM-DD`: lapse dates are compared as text with
    // the member's sobriety start.
    let day = dates::check(&mut e, "date", date);
    match day {
        None => {}
        Some(d) if d > today => e.add("date", "in_future"),
        Some(d) if (today - d).num_days() > 366 => e.add("date", "implausible"),
        Some(_) => {}
    }
    if !checkin::LAPSE_KINDS.contains(&kind) {
        e.add("kind", "unknown");
    }
    e.optional_text("note", note, checkin::NOTE_MAX);
    e.into_result()?;
    let Some((day, next)) = day.and_then(|d| Some((d, d.succ_opt()?))) else {
        return Err(ApiError::invalid_field("date", "bad_date"));
    };
    let (date, next) = (dates::format(day), dates::format(next));
    // Their active peer mentor is told (nothing about the lapse itself), with the lapse.
    let to = state.store.active_mentors_of(&m.id).await?;
    let kind_told = super::notifications::kind::MENTEE_LAPSE;
    let tell = super::notifications::tell(state, &m.center_id, &to, kind_told, "/home");
    let (lapse, told) =
        state.store.record_lapse(&m.id, &date, &next, kind, note, &actor.user_id, &tell, now_ms()).await?;
    super::notifications::publish_made(state, &told);
    super::risk::after_event(state, &m.center_id, &m.id);
    Ok((lapse, summary_of(state, actor, &history(state, &m.id).await?).await?))
}
