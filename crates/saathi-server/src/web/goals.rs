//! Weekly goals on the web: the member's `/goals` page (this week's goals
//! with a big "+1 done" button each, the status in words, cheers received,
//! setting a new goal, ending one after a confirmation, stopping or starting
//! again showing one to its group) and the "This week's
//! goals" section of a group's page, where peers cheer. Every rule is in
//! `services::goals` and the domain; these handlers translate forms.

use super::forms::{Choice, Field, FormData};
use super::groups::form_errors;
use super::members::Select;
use super::{Base, Ctx, WebError, localized, render, see_other};
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::i18n::{Arg, Lang};
use crate::services::goals::{self as goals_svc, GoalInput};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use saathi_domain::goals::{TARGET_MAX, WeekStatus};
use saathi_domain::policy::{Action, Decision, Target, decide};
use saathi_store::GoalWeek;

/// The new-goal form's fields: the API's names are the form's.
const FIELDS: &[(&str, &str)] = &[
    ("title", "title"),
    ("target_per_week", "target_per_week"),
    ("group_id", "group_id"),
    ("visible_to_group", "visible_to_group"),
];

/// A progress entry's fields, under names of their own (their messages differ from the check-in's).
const PROGRESS_FIELDS: &[(&str, &str)] = &[("count", "goal_count"), ("note", "goal_note")];

/// The target a new goal starts with.
const DEFAULT_TARGET: i64 = 3;

fn status_key(s: WeekStatus) -> &'static str {
    match s {
        WeekStatus::Met => "goals-status-met",
        WeekStatus::Partly => "goals-status-partly",
        WeekStatus::Not => "goals-status-not",
    }
}

/// "Done 2 of 3 times this week".
fn done_text(lang: Lang, w: &GoalWeek) -> String {
    lang.t_args("goals-done", &[("done", Arg::Num(w.done)), ("target", Arg::Num(w.goal.target_per_week))])
}

// ---------------------------------------------------------------------------
// The member's page

/// One of the member's goals this week.
pub struct GoalCard {
    pub id: String,
    pub title: String,
    /// `met`, `partly` or `not` (a class; the words are in `status_text`).
    pub status: &'static str,
    pub status_text: String,
    pub done_text: String,
    pub target: i64,
    /// The bar's value (the target at most).
    pub bar: i64,
    pub sharing: String,
    /// The button to stop (`Some(false)`) or start again (`Some(true)`)
    /// showing the goal to its group: `Some(v)` posts `visible_to_group=v`;
    /// `None` for a goal without a group, or kept from a group the member left.
    pub share_to: Option<bool>,
    /// A refused change of sharing for this goal.
    pub sharing_error: Option<String>,
    pub cheers: Option<String>,
    /// A progress entry for this goal that was refused, with the note as typed.
    pub error: Option<String>,
    pub note: String,
}

pub struct NewGoalForm {
    pub title: Field,
    pub target: Select,
    /// `None` when the member is in no group.
    pub group: Option<Select>,
    pub visible: bool,
    pub visible_error: Option<String>,
}

#[derive(Template)]
#[template(path = "goals.html")]
struct GoalsPage {
    base: Base,
    week: String,
    notice: Option<String>,
    goals: Vec<GoalCard>,
    errors: Vec<(String, String)>,
    form: NewGoalForm,
}
localized!(GoalsPage);

/// What a handler asks the page to show beyond the goals.
#[derive(Default)]
struct Extra<'a> {
    notice: Option<String>,
    /// The new-goal form as typed, with its messages.
    typed: Option<(&'a FormData, Vec<(String, String)>)>,
    /// A refused progress entry: the goal, the message, the note as typed.
    progress: Option<(String, String, String)>,
    /// A refused change of sharing: the goal, the message.
    sharing: Option<(String, String)>,
}

/// Which sharing button a goal gets: stop while shown; show again only in a
/// group the member is still in (the service would refuse otherwise).
fn share_to(w: &GoalWeek, groups: &[(String, String)]) -> Option<bool> {
    let g = w.goal.group_id.as_ref()?;
    if w.goal.visible_to_group { Some(false) } else { groups.iter().any(|(id, _)| id == g).then_some(true) }
}

fn sharing_text(lang: Lang, w: &GoalWeek, groups: &[(String, String)]) -> String {
    let Some(g) = &w.goal.group_id else { return lang.t("goals-private") };
    let name =
        groups.iter().find(|(id, _)| id == g).map(|(_, n)| n.clone()).unwrap_or_else(|| lang.t("goals-group-left"));
    if w.goal.visible_to_group {
        lang.t_args("goals-shared-with", &[("group", name.into())])
    } else {
        lang.t_args("goals-in-group-private", &[("group", name.into())])
    }
}

fn new_goal_form(
    lang: Lang,
    f: Option<&FormData>,
    errors: &[(String, String)],
    groups: &[(String, String)],
) -> NewGoalForm {
    let get = |name: &str| f.map(|f| f.get(name).trim().to_string()).unwrap_or_default();
    let field =
        |name: &'static str, label: &str, value: String| Field::new(name, lang.t(label), value).error_from(errors);
    let target = if f.is_some() { get("target_per_week") } else { DEFAULT_TARGET.to_string() };
    let group = get("group_id");
    let mut group_choices = vec![Choice::new("", lang.t("goals-group-none"), group.is_empty())];
    group_choices.extend(groups.iter().map(|(id, name)| Choice::new(id.clone(), name.clone(), *id == group)));
    NewGoalForm {
        title: field("title", "goals-field-title", get("title")).hint(lang.t("goals-field-title-hint")).required(),
        target: Select {
            field: field("target_per_week", "goals-field-target", String::new()).required(),
            choices: (1..=TARGET_MAX)
                .map(|n| {
                    let label = lang.t_args("goals-times-a-week", &[("count", Arg::Num(n))]);
                    Choice::new(n.to_string(), label, target == n.to_string())
                })
                .collect(),
        },
        group: (!groups.is_empty()).then(|| Select {
            field: field("group_id", "goals-field-group", String::new()).hint(lang.t("goals-field-group-hint")),
            choices: group_choices,
        }),
        visible: f.is_some_and(|f| f.get("visible_to_group") == "1"),
        visible_error: errors.iter().find(|(k, _)| k == "visible_to_group").map(|(_, m)| m.clone()),
    }
}

fn card(lang: Lang, w: &GoalWeek, groups: &[(String, String)], extra: &Extra<'_>) -> GoalCard {
    let status = goals_svc::status(w);
    let refused = extra.progress.as_ref().filter(|(id, _, _)| *id == w.goal.id);
    GoalCard {
        id: w.goal.id.clone(),
        title: w.goal.title.clone(),
        status: status.as_str(),
        status_text: lang.t(status_key(status)),
        done_text: done_text(lang, w),
        target: w.goal.target_per_week,
        bar: w.done.min(w.goal.target_per_week),
        sharing: sharing_text(lang, w, groups),
        share_to: share_to(w, groups),
        sharing_error: extra.sharing.as_ref().filter(|(id, _)| *id == w.goal.id).map(|(_, m)| m.clone()),
        cheers: (w.goal.visible_to_group && w.goal.group_id.is_some()).then(|| {
            if w.cheers == 0 {
                lang.t("goals-cheers-none")
            } else {
                lang.t_args("goals-cheers", &[("count", Arg::Num(w.cheers))])
            }
        }),
        error: refused.map(|(_, m, _)| m.clone()),
        note: refused.map(|(_, _, n)| n.clone()).unwrap_or_default(),
    }
}

async fn goals_page(state: &AppState, ctx: &Ctx, extra: Extra<'_>, status: StatusCode) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let lang = ctx.lang;
    ApiError::check(decide(&me.actor, Action::WriteGoal, Target::subject(&me.actor.center_id, &me.user.id)))?;
    let groups = goals_svc::goal_groups(state, &me.actor).await?;
    let (monday, list) = goals_svc::of_member(state, &me.actor, &me.user.id, None).await?;
    let goals = list.iter().map(|w| card(lang, w, &groups, &extra)).collect();
    let (typed, errors) = match extra.typed {
        Some((f, errors)) => (Some(f), errors),
        None => (None, vec![]),
    };
    let page = GoalsPage {
        base: ctx.base(ctx.t("goals-title")),
        week: lang.t_args("goals-week-of", &[("date", lang.date(monday).into())]),
        goals,
        notice: extra.notice,
        form: new_goal_form(lang, typed, &errors, &groups),
        errors,
    };
    render(status, &page)
}

/// `GET /goals`: the member's goals this week and the form for a new one.
pub async fn page(State(state): State<AppState>, ctx: Ctx, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    let q = FormData::from_query(raw.as_deref());
    let notice = match q.get("done") {
        "created" => Some(ctx.t("goals-created")),
        "progress" => Some(ctx.t("goals-progress-saved")),
        "met" => Some(ctx.t("goals-met-now")),
        "ended" => Some(ctx.t("goals-ended")),
        "unshared" => Some(ctx.t("goals-sharing-stopped")),
        "shared" => Some(ctx.t("goals-sharing-started")),
        _ => None,
    };
    goals_page(&state, &ctx, Extra { notice, ..Default::default() }, StatusCode::OK).await
}

/// `POST /goals`: sets a goal.
pub async fn create(State(state): State<AppState>, ctx: Ctx, form: FormData) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let input = GoalInput {
        title: form.get("title").to_string(),
        // Not a number: out of range, so the domain says so.
        target_per_week: form.get("target_per_week").trim().parse().unwrap_or(0),
        group_id: form.opt("group_id"),
        visible_to_group: form.get("visible_to_group") == "1",
    };
    match goals_svc::create(&state, &me.actor, input).await {
        Ok(_) => Ok(see_other("/goals?done=created")),
        Err(e) if e.is_form_error() => {
            let errors = form_errors(ctx.lang, &e, FIELDS);
            let extra = Extra { typed: Some((&form, errors)), ..Default::default() };
            goals_page(&state, &ctx, extra, e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /goals/{id}/progress`: "+1 done", with an optional note.
pub async fn progress(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let count = form.get("count").trim().parse().unwrap_or(0);
    let note = form.opt("note");
    match goals_svc::progress(&state, &me.actor, &id, count, note.as_deref()).await {
        Ok(w) => {
            let done = if goals_svc::status(&w) == WeekStatus::Met && w.done - count < w.goal.target_per_week {
                "met"
            } else {
                "progress"
            };
            Ok(see_other(&format!("/goals?done={done}#goal-{id}")))
        }
        Err(e) if e.is_form_error() => {
            let message = first_message(ctx.lang, &e, PROGRESS_FIELDS);
            let extra = Extra { progress: Some((id, message, form.get("note").to_string())), ..Default::default() };
            goals_page(&state, &ctx, extra, e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /goals/{id}/end`: ends a goal (the page asks first, in a disclosure).
pub async fn end(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, WebError> {
    let me = ctx.user()?;
    goals_svc::end(&state, &me.actor, &id).await?;
    Ok(see_other("/goals?done=ended"))
}

/// `POST /goals/{id}/sharing`: the owner stops showing a goal to its group
/// (`visible_to_group=0`) or shows it again (`=1`).
pub async fn sharing(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let visible = match form.get("visible_to_group") {
        "1" => true,
        "0" => false,
        _ => return Err(ApiError::invalid_field("visible_to_group", "invalid").into()),
    };
    match goals_svc::set_sharing(&state, &me.actor, &id, visible).await {
        Ok(_) => {
            let done = if visible { "shared" } else { "unshared" };
            Ok(see_other(&format!("/goals?done={done}#goal-{id}")))
        }
        Err(e) if e.is_form_error() => {
            let message = first_message(ctx.lang, &e, FIELDS);
            let extra = Extra { sharing: Some((id, message)), ..Default::default() };
            goals_page(&state, &ctx, extra, e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /goals/{id}/cheer`: a peer cheers from the group page, and comes back to it.
pub async fn cheer(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let c = goals_svc::cheer(&state, &me.actor, &id).await?;
    Ok(see_other(&match c.group_id {
        Some(g) => format!("/groups/{g}?done=cheered#goals"),
        None => "/home".to_string(),
    }))
}

// ---------------------------------------------------------------------------
// The group page's section

pub struct GroupGoalRow {
    pub id: String,
    pub owner: String,
    pub title: String,
    pub status: &'static str,
    pub status_text: String,
    pub done_text: String,
    pub target: i64,
    pub bar: i64,
    pub cheers: String,
    pub can_cheer: bool,
    pub cheered: bool,
}

/// "This week's goals" on a group's page.
pub struct GroupGoals {
    pub week: String,
    pub rows: Vec<GroupGoalRow>,
    /// The reader sets goals (a member): the section links to `/goals`.
    pub can_set: bool,
}

/// The goals the group's members share with it this week, as the reader may see and cheer them.
pub async fn group_section(
    state: &AppState,
    me: &CurrentUser,
    lang: Lang,
    group_id: &str,
) -> Result<GroupGoals, WebError> {
    let (monday, list) = goals_svc::of_group(state, &me.actor, group_id, None).await?;
    let rows = list
        .iter()
        .map(|x| {
            let w = &x.week;
            let status = goals_svc::status(w);
            GroupGoalRow {
                id: w.goal.id.clone(),
                owner: w.owner_name.clone(),
                title: w.goal.title.clone(),
                status: status.as_str(),
                status_text: lang.t(status_key(status)),
                done_text: done_text(lang, w),
                target: w.goal.target_per_week,
                bar: w.done.min(w.goal.target_per_week),
                cheers: if w.cheers == 0 {
                    lang.t("goals-cheers-none")
                } else {
                    lang.t_args("goals-cheers", &[("count", Arg::Num(w.cheers))])
                },
                can_cheer: x.can_cheer,
                cheered: w.cheered_by_me,
            }
        })
        .collect();
    let can_set =
        decide(&me.actor, Action::WriteGoal, Target::subject(&me.actor.center_id, &me.user.id)) == Decision::Allow;
    Ok(GroupGoals { week: lang.t_args("goals-week-of", &[("date", lang.date(monday).into())]), rows, can_set })
}

/// The first of a refusal's messages (a goal's card shows one).
fn first_message(lang: Lang, e: &ApiError, fields: &[(&str, &str)]) -> String {
    form_errors(lang, e, fields).into_iter().map(|(_, m)| m).next().unwrap_or_else(|| lang.t("err-invalid"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message the goal pages ask for exists in both languages: the
    /// `t("…")` keys of the templates (and the goals section of the group
    /// page) and the message ids in this file's code.
    #[test]
    fn every_goal_message_exists_in_both_languages() {
        let group_page = include_str!("../../templates/group.html");
        let section = group_page.split("id=\"goals\"").nth(1).and_then(|s| s.split("</section>").next()).unwrap_or("");
        assert!(section.contains("goals-group-title"), "the group page has its goals section");
        let templates = [include_str!("../../templates/goals.html"), section];
        let code = include_str!("goals.rs").split("#[cfg(test)]").next().unwrap_or("");
        let mut keys = Vec::new();
        for t in templates {
            for call in ["t(\"", "ta(\"", "ta2(\""] {
                for part in t.split(call).skip(1) {
                    if let Some(key) = part.split('"').next() {
                        keys.push(key.to_string());
                    }
                }
            }
        }
        for (i, lit) in code.split('"').enumerate() {
            if i % 2 == 1 && (lit.starts_with("goals-") || lit.starts_with("err-")) && !lit.ends_with('-') {
                keys.push(lit.to_string());
            }
        }
        assert!(keys.len() > 30, "found only {} keys", keys.len());
        let args = [
            ("done", Arg::Num(1)),
            ("target", Arg::Num(2)),
            ("count", Arg::Num(3)),
            ("group", Arg::from("Support")),
            ("date", Arg::from("16 November 2026")),
            ("title", Arg::from("Walk")),
        ];
        for lang in Lang::ALL {
            for k in &keys {
                assert!(lang.try_t(k).is_some() || lang.t_args(k, &args) != *k, "{k} in {}", lang.code());
            }
        }
        for s in WeekStatus::ALL {
            assert!(Lang::Hi.try_t(status_key(s)).is_some());
        }
        // Every error a goal form can show has words of its own.
        for (field, code) in [
            ("title", "required"),
            ("title", "too_long"),
            ("target_per_week", "out_of_range"),
            ("group_id", "not_in_group"),
            ("visible_to_group", "needs_group"),
            ("visible_to_group", "not_in_group"),
            ("goal_count", "out_of_range"),
            ("goal_note", "too_long"),
        ] {
            for lang in Lang::ALL {
                let msg = super::super::forms::field_message(lang, field, code);
                assert_ne!(msg, lang.t("err-invalid"), "{field}/{code} in {}", lang.code());
            }
        }
        for specific in ["err-title-too_long", "err-target_per_week-out_of_range", "err-goal_note-too_long"] {
            assert!(Lang::En.try_t(specific).is_some(), "{specific}");
        }
    }

    #[test]
    fn the_week_reads_naturally_in_both_languages() {
        let en = Lang::En.t_args("goals-done", &[("done", Arg::Num(1)), ("target", Arg::Num(1))]);
        assert_eq!(en, "Done 1 of 1 time this week");
        let en = Lang::En.t_args("goals-done", &[("done", Arg::Num(2)), ("target", Arg::Num(5))]);
        assert_eq!(en, "Done 2 of 5 times this week");
        let hi = Lang::Hi.t_args("goals-done", &[("done", Arg::Num(2)), ("target", Arg::Num(5))]);
        assert!(hi.contains('2') && hi.contains('5') && hi.contains("बार"), "{hi}");
        assert_eq!(Lang::En.t_args("goals-cheers", &[("count", Arg::Num(1))]), "1 cheer from the group this week");
        assert_eq!(Lang::En.t_args("goals-times-a-week", &[("count", Arg::Num(1))]), "Once a week");
        assert_eq!(Lang::En.t_args("goals-times-a-week", &[("count", Arg::Num(3))]), "3 times a week");
    }
}
