//! Weekly goals: set in front of the group, progress entries, the week's
//! status, and the cheers of peers. Who may do what is the domain policy's
//! (`WriteGoal`, `ReadGoal`, `CheerGoal`); this module works out the
//! reader's relation to a goal's group and asks it.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::http::StatusCode;
use chrono::NaiveDate;
use saathi_domain::goals::{self, GoalFields, GroupChoice, WeekStatus};
use saathi_domain::policy::{Action, Actor, Decision, Target, decide};
use saathi_domain::{Role, dates};
use saathi_store::{Center, Goal, GoalWeek, NewGoal, now_ms};

/// A goal as a member sets it.
#[derive(Debug, Clone, Default)]
pub struct GoalInput {
    pub title: String,
    pub target_per_week: i64,
    pub group_id: Option<String>,
    pub visible_to_group: bool,
}

/// A goal of a group's week, with whether the reader may cheer it.
pub struct GroupGoal {
    pub week: GoalWeek,
    pub can_cheer: bool,
}

/// The week's status of a goal.
pub fn status(w: &GoalWeek) -> WeekStatus {
    goals::status(w.done, w.goal.target_per_week)
}

fn fmt(d: NaiveDate) -> String {
    dates::format(d)
}

/// The week under way in the centre's calendar.
pub fn this_week(center: &Center) -> NaiveDate {
    goals::this_week(chrono::Utc::now(), center.tz())
}

/// The week asked for (any day of it, `YYYY-MM-DD`), or the week under way.
fn week_of(center: &Center, week: Option<&str>) -> ApiResult<NaiveDate> {
    match week.map(str::trim).filter(|w| !w.is_empty()) {
        None => Ok(this_week(center)),
        Some(w) => dates::parse(w).map(goals::week_start).ok_or_else(|| ApiError::invalid_field("week", "bad_date")),
    }
}

fn ended() -> ApiError {
    ApiError::new(StatusCode::CONFLICT, "goal_ended", "This goal has been ended.")
}

/// Where the reader stands with the centre's groups.
struct Reader {
    /// Groups the reader is active in (members only, as for group access).
    active: Vec<String>,
    facilitates: Vec<String>,
}

async fn reader(state: &AppState, actor: &Actor) -> ApiResult<Reader> {
    let active =
        if actor.role == Role::Member { state.store.active_group_ids(&actor.user_id).await? } else { Vec::new() };
    Ok(Reader { active, facilitates: state.store.facilitated_group_ids(&actor.user_id).await? })
}

/// The policy's target for a goal: its owner, and the reader's relation to
/// the goal's group, counted only while the owner is active in it too.
fn goal_target<'a>(goal: &'a Goal, reader: &Reader, owner_active: &[String]) -> Target<'a> {
    let (facilitator, peer) = match &goal.group_id {
        Some(g) if owner_active.contains(g) => (reader.facilitates.contains(g), reader.active.contains(g)),
        _ => (false, false),
    };
    Target { subject_id: Some(&goal.member_id), ..Target::group(&goal.center_id, facilitator, peer) }
}

fn shared(goal: &Goal) -> bool {
    goals::shared(goal.visible_to_group, goal.group_id.is_some())
}

async fn load(state: &AppState, id: &str) -> ApiResult<Goal> {
    state.store.get_goal(id).await?.ok_or_else(ApiError::not_found)
}

/// A member sets a goal for themselves, optionally in front of one of their groups.
pub async fn create(state: &AppState, actor: &Actor, input: GoalInput) -> ApiResult<GoalWeek> {
    ApiError::check(decide(actor, Action::WriteGoal, Target::subject(&actor.center_id, &actor.user_id)))?;
    // Only an admitted member (with a record) keeps goals.
    state.store.get_member(&actor.user_id).await?.ok_or_else(ApiError::forbidden)?;
    let group = match &input.group_id {
        None => GroupChoice::None,
        Some(g) if state.store.active_group_ids(&actor.user_id).await?.contains(g) => GroupChoice::Joined,
        Some(_) => GroupChoice::NotJoined,
    };
    goals::check(&GoalFields {
        title: &input.title,
        target_per_week: input.target_per_week,
        group,
        visible_to_group: input.visible_to_group,
    })?;
    let center = super::centers::own(state, actor).await?;
    let goal = state
        .store
        .create_goal(
            &NewGoal {
                member_id: actor.user_id.clone(),
                center_id: center.id.clone(),
                group_id: input.group_id,
                title: input.title.trim().to_string(),
                target_per_week: input.target_per_week,
                visible_to_group: input.visible_to_group,
            },
            &actor.user_id,
            now_ms(),
        )
        .await?;
    Ok(state.store.goal_week(&goal.id, &fmt(this_week(&center)), &actor.user_id).await?)
}

/// The goal's owner records that they did it `count` times today; returns this week's figures.
pub async fn progress(
    state: &AppState,
    actor: &Actor,
    goal_id: &str,
    count: i64,
    note: Option<&str>,
) -> ApiResult<GoalWeek> {
    let goal = load(state, goal_id).await?;
    ApiError::check(decide(actor, Action::WriteGoal, Target::subject(&goal.center_id, &goal.member_id)))?;
    if goal.ended_at.is_some() {
        return Err(ended());
    }
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    goals::check_progress(count, note)?;
    let center = super::centers::own(state, actor).await?;
    let today = saathi_domain::sobriety::local_today(chrono::Utc::now(), center.tz());
    let week = fmt(goals::week_start(today));
    state.store.add_goal_progress(&goal.id, &fmt(today), &week, count, note, now_ms()).await?;
    Ok(state.store.goal_week(&goal.id, &week, &actor.user_id).await?)
}

/// The owner ends a goal: it no longer counts from this week on (its past
/// weeks are kept). Ending it again changes nothing.
pub async fn end(state: &AppState, actor: &Actor, goal_id: &str) -> ApiResult<GoalWeek> {
    let goal = load(state, goal_id).await?;
    ApiError::check(decide(actor, Action::WriteGoal, Target::subject(&goal.center_id, &goal.member_id)))?;
    state.store.end_goal(&goal.id, &actor.user_id, now_ms()).await?;
    let center = super::centers::own(state, actor).await?;
    Ok(state.store.goal_week(&goal.id, &fmt(this_week(&center)), &actor.user_id).await?)
}

/// The owner stops (or starts again) showing a goal to its group. Once
/// hidden, the group sees it in no week, past weeks included, nor its
/// cheers. Works on an ended goal too; setting the choice in force changes nothing.
pub async fn set_sharing(state: &AppState, actor: &Actor, goal_id: &str, visible: bool) -> ApiResult<GoalWeek> {
    let goal = load(state, goal_id).await?;
    ApiError::check(decide(actor, Action::WriteGoal, Target::subject(&goal.center_id, &goal.member_id)))?;
    let group = match &goal.group_id {
        None => GroupChoice::None,
        Some(g) if state.store.active_group_ids(&goal.member_id).await?.contains(g) => GroupChoice::Joined,
        Some(_) => GroupChoice::NotJoined,
    };
    goals::check_sharing(visible, group)?;
    state.store.set_goal_visibility(&goal.id, visible, &actor.user_id, now_ms()).await?;
    let center = super::centers::own(state, actor).await?;
    Ok(state.store.goal_week(&goal.id, &fmt(this_week(&center)), &actor.user_id).await?)
}

/// A member's goals of a week: every one for the member and staff; for a
/// peer or facilitator of one of the member's groups, those shared with it.
pub async fn of_member(
    state: &AppState,
    actor: &Actor,
    member_id: &str,
    week: Option<&str>,
) -> ApiResult<(NaiveDate, Vec<GoalWeek>)> {
    let m = state.store.get_member(member_id).await?.ok_or_else(ApiError::not_found)?;
    let owner_active = state.store.active_group_ids(&m.id).await?;
    let r = reader(state, actor).await?;
    // May the reader see anything of this member's goals (a goal shared with a group they share)?
    let facilitates = owner_active.iter().any(|g| r.facilitates.contains(g));
    let peer = owner_active.iter().any(|g| r.active.contains(g));
    let any = Target { subject_id: Some(&m.id), ..Target::group(&m.center_id, facilitates, peer) };
    ApiError::check(decide(actor, Action::ReadGoal { shared: true }, any))?;
    let center = super::centers::own(state, actor).await?;
    let monday = week_of(&center, week)?;
    let end = goals::week_end(monday, center.tz()).timestamp_millis();
    let list = state.store.member_goals(&m.id, &fmt(monday), end, &actor.user_id).await?;
    let visible = list
        .into_iter()
        .filter(|w| {
            let action = Action::ReadGoal { shared: shared(&w.goal) };
            decide(actor, action, goal_target(&w.goal, &r, &owner_active)) == Decision::Allow
        })
        .collect();
    Ok((monday, visible))
}

pub struct Cheered {
    /// A new cheer (not one given before this week).
    pub created: bool,
    pub week_start: String,
    pub cheers: i64,
    /// The group the goal is shared with.
    pub group_id: Option<String>,
}

/// A peer (or a facilitator) cheers a goal shared with their group, once a week.
pub async fn cheer(state: &AppState, actor: &Actor, goal_id: &str) -> ApiResult<Cheered> {
    let goal = load(state, goal_id).await?;
    let owner_active = state.store.active_group_ids(&goal.member_id).await?;
    let r = reader(state, actor).await?;
    ApiError::check(decide(actor, Action::CheerGoal { shared: shared(&goal) }, goal_target(&goal, &r, &owner_active)))?;
    if goal.ended_at.is_some() {
        return Err(ended());
    }
    let center = super::centers::own(state, actor).await?;
    let week = fmt(this_week(&center));
    let (created, cheers) = state.store.cheer_goal(&goal.id, &week, &actor.user_id, now_ms()).await?;
    Ok(Cheered { created, week_start: week, cheers, group_id: goal.group_id })
}

/// The goals a group's active members share with it, for a week: for the
/// group's members, its facilitators and staff.
pub async fn of_group(
    state: &AppState,
    actor: &Actor,
    group_id: &str,
    week: Option<&str>,
) -> ApiResult<(NaiveDate, Vec<GroupGoal>)> {
    let g = state.store.get_group(group_id).await?.ok_or_else(ApiError::not_found)?;
    let (facilitator, enrolled) = super::groups::relation(state, actor, &g).await?;
    ApiError::check(decide(actor, Action::ReadGroup, Target::group(&g.center_id, facilitator, enrolled)))?;
    let center = super::centers::own(state, actor).await?;
    let monday = week_of(&center, week)?;
    let current = monday == this_week(&center);
    let end = goals::week_end(monday, center.tz()).timestamp_millis();
    let list = state.store.group_goals(&g.id, &fmt(monday), end, &actor.user_id).await?;
    Ok((
        monday,
        list.into_iter()
            .filter_map(|w| {
                // Every owner here is active in the group (the store's query).
                let target = Target {
                    subject_id: Some(&w.goal.member_id),
                    ..Target::group(&g.center_id, facilitator, enrolled)
                };
                let s = shared(&w.goal);
                let read = decide(actor, Action::ReadGoal { shared: s }, target) == Decision::Allow;
                let can_cheer = current
                    && w.goal.ended_at.is_none()
                    && decide(actor, Action::CheerGoal { shared: s }, target) == Decision::Allow;
                read.then_some(GroupGoal { week: w, can_cheer })
            })
            .collect(),
    ))
}

/// The active groups a member may set a goal in front of: (id, name).
pub async fn goal_groups(state: &AppState, actor: &Actor) -> ApiResult<Vec<(String, String)>> {
    if decide(actor, Action::WriteGoal, Target::subject(&actor.center_id, &actor.user_id)) != Decision::Allow {
        return Ok(vec![]);
    }
    let active = state.store.active_group_ids(&actor.user_id).await?;
    let mut out = Vec::new();
    for g in super::groups::list(state, actor).await? {
        if active.contains(&g.id) {
            out.push((g.id, g.name));
        }
    }
    Ok(out)
}
