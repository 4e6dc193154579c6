//! Confidential notes: written and read by counsellors only, every read
//! audited, signed off by a supervisor, then only amended.

use super::group_sessions::authorize_session;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::http::StatusCode;
use saathi_domain::FieldErrors;
use saathi_domain::notes::{self, SignOff};
use saathi_domain::policy::{Action, Actor, Target, decide};
use saathi_store::{AuditEntry, FollowUp, Member, NewNote, Note, now_ms};

fn check_body(body: &str, max: usize) -> ApiResult<()> {
    let mut e = FieldErrors::new();
    e.text("body", body, max);
    e.into_result().map_err(Into::into)
}

fn may_write(actor: &Actor, center_id: &str) -> ApiResult<()> {
    ApiError::check(decide(actor, Action::WriteNotes, Target::center(center_id)))
}

fn may_read(actor: &Actor, center_id: &str) -> ApiResult<()> {
    ApiError::check(decide(actor, Action::ReadNotes, Target::center(center_id)))
}

async fn audit_read(
    state: &AppState,
    actor: &Actor,
    target_type: &str,
    target_id: &str,
    count: usize,
) -> ApiResult<()> {
    state
        .store
        .audit(
            &AuditEntry::new(now_ms(), Some(&actor.center_id), Some(&actor.user_id), "note.read")
                .on(target_type, Some(target_id))
                .detail(serde_json::json!({ "notes": count })),
        )
        .await?;
    Ok(())
}

async fn member_in_centre(state: &AppState, actor: &Actor, member_id: &str) -> ApiResult<Member> {
    let m = state.store.get_member(member_id).await?.ok_or_else(ApiError::not_found)?;
    if m.center_id != actor.center_id {
        return Err(ApiError::not_found());
    }
    Ok(m)
}

/// The group note of a session (no `member_id`), or an attendee's part.
pub async fn write_session_note(
    state: &AppState,
    actor: &Actor,
    session_id: &str,
    member_id: Option<&str>,
    body: &str,
    needs_one_to_one: bool,
) -> ApiResult<Note> {
    let (s, _) = authorize_session(state, actor, session_id, Action::ReadGroup).await?;
    may_write(actor, &s.center_id)?;
    let mut follow_up = None;
    match member_id {
        None => {
            check_body(body, notes::BODY_MAX)?;
            if needs_one_to_one {
                return Err(ApiError::invalid_field("needs_one_to_one", "needs_member"));
            }
        }
        Some(m) => {
            check_body(body, notes::PART_MAX)?;
            let attended = state
                .store
                .session_attendance(session_id)
                .await?
                .iter()
                .any(|a| a.member_id == m && a.status.attended());
            if !attended {
                return Err(ApiError::invalid_field("member_id", "not_attending"));
            }
            let member = member_in_centre(state, actor, m).await?;
            follow_up = Some(member.counselor_id.unwrap_or_else(|| actor.user_id.clone()));
        }
    }
    let new = NewNote {
        center_id: s.center_id.clone(),
        session_id: Some(session_id.to_string()),
        member_id: member_id.map(str::to_string),
        author_id: actor.user_id.clone(),
        body: body.trim().to_string(),
        needs_one_to_one,
        follow_up_counselor_id: follow_up,
    };
    state.store.create_note(&new, now_ms()).await.map_err(|e| match e {
        saathi_store::StoreError::Conflict(_) => ApiError::new(
            StatusCode::CONFLICT,
            "note_exists",
            if member_id.is_some() {
                "This attendee already has a part in this session's note; add an amendment instead."
            } else {
                "This session already has its group note; add an amendment instead."
            },
        ),
        other => other.into(),
    })
}

pub async fn session_notes(state: &AppState, actor: &Actor, session_id: &str) -> ApiResult<Vec<Note>> {
    may_read(actor, &actor.center_id)?;
    let s = state.store.get_group_session(session_id).await?.ok_or_else(ApiError::not_found)?;
    may_read(actor, &s.center_id)?;
    let notes = state.store.session_notes(session_id).await?;
    audit_read(state, actor, "session", session_id, notes.len()).await?;
    Ok(notes)
}

pub async fn write_member_note(
    state: &AppState,
    actor: &Actor,
    member_id: &str,
    body: &str,
    needs_one_to_one: bool,
) -> ApiResult<Note> {
    let m = member_in_centre(state, actor, member_id).await?;
    may_write(actor, &m.center_id)?;
    check_body(body, notes::BODY_MAX)?;
    let new = NewNote {
        center_id: m.center_id.clone(),
        session_id: None,
        member_id: Some(m.id.clone()),
        author_id: actor.user_id.clone(),
        body: body.trim().to_string(),
        needs_one_to_one,
        follow_up_counselor_id: Some(m.counselor_id.clone().unwrap_or_else(|| actor.user_id.clone())),
    };
    Ok(state.store.create_note(&new, now_ms()).await?)
}

/// A member's record: their own parts and notes only.
pub async fn member_notes(state: &AppState, actor: &Actor, member_id: &str) -> ApiResult<Vec<Note>> {
    may_read(actor, &actor.center_id)?;
    member_in_centre(state, actor, member_id).await?;
    let notes = state.store.member_notes(member_id).await?;
    audit_read(state, actor, "member", member_id, notes.len()).await?;
    Ok(notes)
}

async fn note_in_centre(state: &AppState, actor: &Actor, id: &str) -> ApiResult<Note> {
    // The role first: nothing is decrypted for someone who may not read notes.
    may_read(actor, &actor.center_id)?;
    let n = state.store.get_note(id).await?.ok_or_else(ApiError::not_found)?;
    if n.center_id != actor.center_id {
        return Err(ApiError::not_found());
    }
    Ok(n)
}

pub async fn read_note(state: &AppState, actor: &Actor, id: &str) -> ApiResult<Note> {
    let n = note_in_centre(state, actor, id).await?;
    audit_read(state, actor, "note", id, 1).await?;
    Ok(n)
}

pub async fn edit(state: &AppState, actor: &Actor, id: &str, body: &str) -> ApiResult<Note> {
    let n = note_in_centre(state, actor, id).await?;
    let signed = n.signed_off_at.is_some();
    if signed {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "signed_off",
            "This note is signed off; add an amendment instead.",
        ));
    }
    if !notes::may_edit(actor, &n.author_id, signed) {
        return Err(ApiError::forbidden());
    }
    check_body(body, if n.member_id.is_some() && n.session_id.is_some() { notes::PART_MAX } else { notes::BODY_MAX })?;
    state.store.edit_note(id, body.trim(), &actor.user_id, now_ms()).await.map_err(|e| match e {
        saathi_store::StoreError::Conflict(_) => {
            ApiError::new(StatusCode::CONFLICT, "signed_off", "This note is signed off; add an amendment instead.")
        }
        other => other.into(),
    })
}

pub async fn sign_off(state: &AppState, actor: &Actor, id: &str) -> ApiResult<Note> {
    let n = note_in_centre(state, actor, id).await?;
    let senior = state.store.is_senior(&actor.user_id).await?;
    match notes::sign_off(actor, senior, &n.author_id, n.signed_off_at.is_some()) {
        SignOff::Allowed => Ok(state.store.sign_off_note(id, &actor.user_id, now_ms()).await?),
        SignOff::NotSupervisor => Err(ApiError::forbidden()),
        SignOff::OwnNote => {
            Err(ApiError::new(StatusCode::CONFLICT, "own_note", "Another supervisor signs off your own notes."))
        }
        SignOff::AlreadySigned => {
            Err(ApiError::new(StatusCode::CONFLICT, "signed_off", "This note is already signed off."))
        }
    }
}

pub async fn amend(state: &AppState, actor: &Actor, id: &str, body: &str) -> ApiResult<Note> {
    let n = note_in_centre(state, actor, id).await?;
    ApiError::check(decide(actor, Action::AmendNote, Target::center(&n.center_id)))?;
    check_body(body, notes::BODY_MAX)?;
    Ok(state.store.amend_note(&n.id, &actor.user_id, body.trim(), now_ms()).await?)
}

pub async fn follow_ups(state: &AppState, actor: &Actor) -> ApiResult<Vec<FollowUp>> {
    ApiError::check(decide(actor, Action::ReadFollowUps, Target::center(&actor.center_id)))?;
    Ok(state.store.open_follow_ups(&actor.user_id).await?)
}

pub async fn complete_follow_up(state: &AppState, actor: &Actor, id: &str) -> ApiResult<()> {
    ApiError::check(decide(actor, Action::ReadFollowUps, Target::center(&actor.center_id)))?;
    Ok(state.store.complete_follow_up(id, &actor.user_id, now_ms()).await?)
}
