//! `/admin/users`: the centre's accounts for admins: the list, a form to
//! add a staff account, and a role change per account.

use super::forms::{Choice, Field, FormData, messages};
use super::members::Select;
use super::{Base, Ctx, WebError, localized, render, see_other};
use crate::api::dto::UserIn;
use crate::error::ApiError;
use crate::i18n::{Arg, Lang};
use crate::services::users;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use saathi_domain::Role;
use saathi_domain::policy::role_transition_allowed;

const PAGE: i64 = 50;

/// Roles this form creates; members are admitted through `/members/new`.
const NEW_ROLES: [Role; 4] = [Role::Counselor, Role::Admin, Role::PeerMentor, Role::Family];

/// The account form's fields, in the order the form shows them.
const USER_FIELDS: [&str; 7] = ["role", "display_name", "full_name", "login", "password", "phone", "language"];

pub struct UserRow {
    pub id: String,
    pub name: String,
    pub login: String,
    pub role: String,
    pub is_self: bool,
    pub roles: Vec<Choice>,
    pub error: Option<String>,
}

/// Which accounts the list shows: a role (or all) and a page.
#[derive(Clone, Copy, Default)]
struct View {
    role: Option<Role>,
    offset: i64,
}

impl View {
    fn from_pairs(f: &FormData) -> View {
        View { role: Role::parse(f.get("role_filter")), offset: f.get("offset").parse::<i64>().unwrap_or(0).max(0) }
    }

    fn url(&self, offset: i64, done: Option<&str>) -> String {
        let mut u = format!("/admin/users?offset={offset}");
        if let Some(r) = self.role {
            u.push_str(&format!("&role_filter={}", r.as_str()));
        }
        if let Some(d) = done {
            u.push_str(&format!("&done={d}"));
        }
        u
    }
}

/// A link of the role filter.
pub struct FilterLink {
    pub href: String,
    pub label: String,
    pub current: bool,
}

pub struct UserForm {
    pub role: Select,
    pub login: Field,
    pub password: Field,
    pub display_name: Field,
    pub full_name: Field,
    pub phone: Field,
    pub language: Select,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    base: Base,
    rows: Vec<UserRow>,
    form: UserForm,
    errors: Vec<(String, String)>,
    notice: Option<String>,
    offset: i64,
    role_filter: String,
    filters: Vec<FilterLink>,
    prev: Option<String>,
    next: Option<String>,
}
localized!(UsersPage);

fn role_label(lang: Lang, r: Role) -> String {
    lang.t(&format!("role-{}", r.as_str()))
}

fn user_form(lang: Lang, f: Option<&FormData>, errors: &[(String, String)]) -> UserForm {
    let get = |name: &str| f.map(|f| f.get(name).to_string()).unwrap_or_default();
    let field =
        |name: &'static str, label: &str, value: String| Field::new(name, lang.t(label), value).error_from(errors);
    let role = if f.is_some() { get("role") } else { Role::Counselor.as_str().to_string() };
    let language = if f.is_some() { get("language") } else { lang.code().to_string() };
    UserForm {
        role: Select {
            field: field("role", "users-role", String::new()).required(),
            choices: NEW_ROLES
                .iter()
                .map(|r| Choice::new(r.as_str(), role_label(lang, *r), role == r.as_str()))
                .collect(),
        },
        login: field("login", "users-login", get("login")).hint(lang.t("member-login-hint")).required(),
        password: field("password", "users-password", String::new()).hint(lang.t("users-password-hint")).required(),
        display_name: field("display_name", "users-display-name", get("display_name")).required(),
        full_name: field("full_name", "users-full-name", get("full_name")),
        phone: field("phone", "users-phone", get("phone")).hint(lang.t("member-phone-hint")),
        language: Select {
            field: field("language", "users-language", String::new()),
            choices: Lang::ALL
                .iter()
                .map(|l| Choice {
                    value: l.code().into(),
                    label: l.endonym().into(),
                    selected: language == l.code(),
                    lang: Some(l.code()),
                })
                .collect(),
        },
    }
}

/// Renders the page; `refused` is a refused creation (its form and errors)
/// or a refused role change (the user's id and the message).
async fn users_page(
    state: &AppState,
    ctx: &Ctx,
    view: View,
    create: Option<(&FormData, Vec<(String, String)>)>,
    role_error: Option<(&str, String)>,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let lang = ctx.lang;
    let offset = view.offset;
    let mut list = users::list(state, &me.actor, view.role, PAGE + 1, offset).await?;
    let more = list.len() as i64 > PAGE;
    list.truncate(PAGE as usize);
    let rows = list
        .iter()
        .map(|u| {
            let has_record = matches!(u.role, Role::Member | Role::PeerMentor);
            UserRow {
                id: u.id.clone(),
                name: u.display_name.clone(),
                login: u.login.clone(),
                role: role_label(lang, u.role),
                is_self: u.id == me.user.id,
                roles: Role::ALL
                    .iter()
                    .filter(|r| role_transition_allowed(u.role, **r, has_record))
                    .map(|r| Choice::new(r.as_str(), role_label(lang, *r), *r == u.role))
                    .collect(),
                error: role_error.as_ref().filter(|(id, _)| *id == u.id).map(|(_, m)| m.clone()),
            }
        })
        .collect();
    let (form, errors) = match create {
        Some((f, errors)) => (user_form(lang, Some(f), &errors), errors),
        None => (user_form(lang, None, &[]), vec![]),
    };
    let mut base = ctx.base(ctx.t("users-title"));
    base.next = view.url(offset, None);
    let mut filters = vec![FilterLink {
        href: View { role: None, offset: 0 }.url(0, None),
        label: lang.t("users-filter-all"),
        current: view.role.is_none(),
    }];
    filters.extend(Role::ALL.iter().map(|r| FilterLink {
        href: View { role: Some(*r), offset: 0 }.url(0, None),
        label: lang.t(&format!("users-filter-{}", r.as_str())),
        current: view.role == Some(*r),
    }));
    let page = UsersPage {
        base,
        rows,
        form,
        errors,
        notice,
        offset,
        role_filter: view.role.map(|r| r.as_str().to_string()).unwrap_or_default(),
        filters,
        prev: (offset > 0).then(|| view.url((offset - PAGE).max(0), None)),
        next: more.then(|| view.url(offset + PAGE, None)),
    };
    render(status, &page)
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    let q = FormData::from_query(raw.as_deref());
    let view = View::from_pairs(&q);
    let notice = match q.get("done") {
        "created" => Some(ctx.t("users-created")),
        "role" => Some(ctx.t("users-role-changed")),
        _ => None,
    };
    users_page(&state, &ctx, view, None, None, notice, StatusCode::OK).await
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, form: FormData) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let role = form.get("role");
    if Role::parse(role) == Some(Role::Member) {
        return Ok(see_other("/members/new"));
    }
    let input = UserIn {
        role: role.to_string(),
        login: form.get("login").trim().to_string(),
        password: form.get("password").to_string(),
        display_name: form.get("display_name").to_string(),
        full_name: form.opt("full_name"),
        language: form.opt("language"),
        phone: form.opt("phone"),
    };
    match users::create(&state, &me.actor, input).await {
        Ok(_) => Ok(see_other("/admin/users?done=created")),
        Err(e) if e.is_form_error() => {
            let errors = messages(ctx.lang, &e, &USER_FIELDS);
            users_page(&state, &ctx, View::default(), Some((&form, errors)), None, None, e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn change_role(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let view = View::from_pairs(&form);
    match users::change_role(&state, &me.actor, &id, form.get("role")).await {
        Ok(_) => Ok(see_other(&view.url(view.offset, Some("role")))),
        Err(e) if e.code == "still_responsible" => {
            let msg = still_responsible_message(&state, ctx.lang, &id, form.get("role")).await?;
            users_page(&state, &ctx, view, None, Some((&id, msg)), None, e.status).await
        }
        Err(e) if matches!(e.status, StatusCode::UNPROCESSABLE_ENTITY | StatusCode::CONFLICT) => {
            let msg = role_error_message(ctx.lang, &e);
            users_page(&state, &ctx, view, None, Some((&id, msg)), None, e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

/// What the user still holds that the new role could not, in the reader's
/// language (the groups by name, the mentees by display name).
async fn still_responsible_message(state: &AppState, lang: Lang, id: &str, role: &str) -> Result<String, WebError> {
    let (Some(user), Some(role)) = (state.store.get_user(id).await?, Role::parse(role)) else {
        return Ok(lang.t("err-invalid"));
    };
    let held = users::responsibilities(state, &user, role).await?;
    let mut parts = Vec::new();
    if !held.groups.is_empty() {
        parts.push(lang.t_args(
            "users-still-facilitates",
            &[("name", Arg::from(user.display_name.as_str())), ("groups", Arg::from(held.groups.join(", ").as_str()))],
        ));
    }
    if !held.mentees.is_empty() {
        parts.push(lang.t_args(
            "users-still-mentors",
            &[
                ("name", Arg::from(user.display_name.as_str())),
                ("mentees", Arg::from(held.mentees.join(", ").as_str())),
            ],
        ));
    }
    parts.push(lang.t("users-hand-over"));
    Ok(parts.join(" "))
}

fn role_error_message(lang: Lang, e: &ApiError) -> String {
    if e.code == "own_role" {
        return lang.t("users-own-role");
    }
    messages(lang, e, &["role"]).into_iter().next().map(|(_, m)| m).unwrap_or_else(|| lang.t("err-invalid"))
}
