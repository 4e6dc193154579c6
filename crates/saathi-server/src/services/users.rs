use crate::api::dto::UserIn;
use crate::auth::password;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use saathi_domain::policy::{Action, Actor, Target, decide, role_change_allowed};
use saathi_domain::validation::{self, limits};
use saathi_domain::{FieldErrors, Role, Stage};
use saathi_store::{NewMember, NewUser, User, now_ms};

/// Checks the account fields every new user has.
pub fn check_account(
    e: &mut FieldErrors,
    login: &str,
    password: &str,
    display_name: &str,
    full_name: Option<&str>,
    phone: Option<&str>,
    language: Option<&str>,
) {
    validation::check_login(e, login);
    validation::check_password(e, password);
    e.text("display_name", display_name, limits::NAME);
    e.optional_text("full_name", full_name, limits::NAME);
    if let Some(p) = phone {
        validation::check_phone(e, "phone", p);
    }
    if let Some(l) = language {
        validation::check_language(e, l);
    }
}

/// Creates a user of any role the actor may create. A member created here
/// gets a record with defaults (stage detox, sober from today) that a
/// counsellor completes later; `POST /api/v1/members` takes the full record.
pub async fn create(state: &AppState, actor: &Actor, input: UserIn) -> ApiResult<User> {
    let Some(role) = Role::parse(&input.role) else {
        return Err(ApiError::invalid_field("role", "unknown"));
    };
    ApiError::check(decide(actor, Action::CreateUser(role), Target::center(&actor.center_id)))?;
    let mut e = FieldErrors::new();
    check_account(
        &mut e,
        &input.login,
        &input.password,
        &input.display_name,
        input.full_name.as_deref(),
        input.phone.as_deref(),
        input.language.as_deref(),
    );
    e.into_result()?;
    let new = NewUser {
        center_id: actor.center_id.clone(),
        role,
        login: input.login.trim().to_string(),
        phone: input.phone.map(|p| p.trim().to_string()),
        password_hash: password::hash_async(input.password).await.map_err(ApiError::internal)?,
        display_name: input.display_name.trim().to_string(),
        full_name: input.full_name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()),
        language: input.language.unwrap_or_else(|| "en".into()),
    };
    let now = now_ms();
    if role == Role::Member {
        let center = super::centers::own(state, actor).await?;
        let today = saathi_domain::sobriety::local_today(chrono::Utc::now(), center.tz());
        let m = NewMember {
            user: new,
            gender: "undisclosed".into(),
            birth_year: None,
            substances: vec![],
            stage: Stage::Detox,
            sobriety_start: today.format("%Y-%m-%d").to_string(),
            counselor_id: (actor.role == Role::Counselor).then(|| actor.user_id.clone()),
        };
        let member = state.store.create_member(&m, Some(&actor.user_id), now).await?;
        return state.store.get_user(&member.id).await?.ok_or_else(ApiError::not_found);
    }
    Ok(state.store.create_user(&new, Some(&actor.user_id), now).await?)
}

pub async fn list(
    state: &AppState,
    actor: &Actor,
    role: Option<Role>,
    limit: i64,
    offset: i64,
) -> ApiResult<Vec<User>> {
    ApiError::check(decide(actor, Action::ListUsers, Target::center(&actor.center_id)))?;
    Ok(state.store.list_users(&actor.center_id, role, limit, offset).await?)
}

pub async fn change_role(state: &AppState, actor: &Actor, user_id: &str, role: &str) -> ApiResult<User> {
    change(state, actor, user_id, Some(role), None).await
}

/// Changes a user's role and/or marks a counsellor senior (a supervisor who
/// signs notes off); admins only. Everything asked is checked before
/// anything is written, and written in one transaction: all or nothing.
pub async fn change(
    state: &AppState,
    actor: &Actor,
    user_id: &str,
    role: Option<&str>,
    senior: Option<bool>,
) -> ApiResult<User> {
    let target = state.store.get_user(user_id).await?.ok_or_else(ApiError::not_found)?;
    ApiError::check(decide(actor, Action::ChangeRole, Target::subject(&target.center_id, &target.id)))?;
    let role = match role {
        None => None,
        Some(r) => Some(Role::parse(r).ok_or_else(|| ApiError::invalid_field("role", "unknown"))?),
    };
    if let Some(role) = role.filter(|r| *r != target.role) {
        if !role_change_allowed(actor, user_id) {
            return Err(ApiError::new(
                axum::http::StatusCode::CONFLICT,
                "own_role",
                "You cannot change your own role; ask another admin.",
            ));
        }
        let has_record = state.store.get_member(user_id).await?.is_some();
        if !saathi_domain::policy::role_transition_allowed(target.role, role, has_record) {
            return Err(ApiError::invalid_field("role", "not_possible"));
        }
        let held = responsibilities(state, &target, role).await?;
        if !held.is_empty() {
            return Err(ApiError::new(
                axum::http::StatusCode::CONFLICT,
                "still_responsible",
                format!(
                    "{} still {}. Hand these over first, then change the role.",
                    target.display_name,
                    held.describe_en()
                ),
            ));
        }
    }
    // Seniority is a counsellor's (as they will be after this change).
    if senior.is_some() && role.unwrap_or(target.role) != Role::Counselor {
        return Err(ApiError::invalid_field("senior", "counselors_only"));
    }
    let role_changes = role.is_some_and(|r| r != target.role);
    if !role_changes && senior.is_none() {
        return Ok(target);
    }
    let user = state.store.change_user(user_id, role, senior, &actor.user_id, now_ms()).await?;
    if role_changes {
        crate::auth::user_sessions_ended(state, user_id);
    }
    Ok(user)
}

/// What a user holds that their new role could not: the groups they
/// facilitate and the members they mentor. A role change waits until these
/// are handed over, so that no group, mentee or crisis alert is left with
/// someone who can no longer act on it.
#[derive(Debug, Default)]
pub struct Held {
    pub groups: Vec<String>,
    pub mentees: Vec<String>,
}

impl Held {
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.mentees.is_empty()
    }

    fn describe_en(&self) -> String {
        let mut parts = Vec::new();
        if !self.groups.is_empty() {
            parts.push(format!("facilitates {}", self.groups.join(", ")));
        }
        if !self.mentees.is_empty() {
            parts.push(format!("mentors {}", self.mentees.join(", ")));
        }
        parts.join(" and ")
    }
}

/// [`Held`] by `user` that `role` could not hold (group names, mentee names).
pub async fn responsibilities(state: &AppState, user: &User, role: Role) -> ApiResult<Held> {
    let mut held = Held::default();
    if !role.may_facilitate() {
        held.groups = state.store.facilitated_group_names(&user.id).await?;
    }
    if !role.may_mentor() {
        held.mentees = state
            .store
            .active_mentorships(&user.center_id, Some(&user.id))
            .await?
            .into_iter()
            .map(|m| m.mentee_name)
            .collect();
    }
    Ok(held)
}

/// Remembers a user's language; their cached sessions are refreshed so the
/// next page already speaks it.
pub async fn set_language(state: &AppState, actor: &Actor, code: &str) -> ApiResult<()> {
    let mut e = FieldErrors::new();
    validation::check_language(&mut e, code);
    e.into_result()?;
    state.store.set_language(&actor.user_id, code).await?;
    state.sessions.remove_user(&actor.user_id);
    Ok(())
}

/// A user of the actor's centre (admins manage users).
pub async fn read(state: &AppState, actor: &Actor, user_id: &str) -> ApiResult<User> {
    let u = state.store.get_user(user_id).await?.ok_or_else(ApiError::not_found)?;
    ApiError::check(decide(actor, Action::ListUsers, Target::subject(&u.center_id, &u.id)))?;
    Ok(u)
}
