//! Confidential notes as the pages show them (session notes and member
//! notes share one look), sign-off, amendments, and marking a follow-up done.
//! Every read and write goes through `services::notes`, which checks who may
//! and records each read.

use super::forms::{Field, FormData, urlencode};
use super::groups::form_errors;
use super::{Base, Ctx, WebError, localized, render, safe_next, see_other};
use crate::auth::CurrentUser;
use crate::i18n::Lang;
use crate::services::{centers, notes};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use saathi_domain::notes::SignOff;
use saathi_store::Note;

pub struct AmendmentView {
    pub by: String,
    pub body: String,
}

/// A note ready for `note_macros.html`.
pub struct NoteView {
    pub id: String,
    pub heading: String,
    pub body: String,
    pub by: String,
    pub one_to_one: bool,
    pub signed: Option<String>,
    pub can_sign: bool,
    pub can_amend: bool,
    pub amendments: Vec<AmendmentView>,
    /// Where sign-off and amendment forms come back to.
    pub next: String,
    /// The amendment page for this note.
    pub amend_href: String,
}

/// What the viewer may do with notes: read them, write them, sign them off.
#[derive(Clone, Copy)]
pub struct NoteRights {
    pub read: bool,
    pub write: bool,
    /// A senior counsellor (a supervisor, with admins).
    pub senior: bool,
}

impl NoteRights {
    /// The domain's rules for the viewer's role.
    ///
    /// Whether a counsellor is senior is a direct store read: the services
    /// have no call for it, and the page needs it only to offer sign-off.
    pub async fn of(state: &AppState, me: &CurrentUser) -> Result<NoteRights, WebError> {
        let read = saathi_domain::notes::may_read(me.user.role);
        let senior = read && state.store.is_senior(&me.user.id).await?;
        Ok(NoteRights { read, write: saathi_domain::notes::may_write(me.user.role), senior })
    }
}

/// Who reads notes, in which language and zone: turns notes into views.
pub struct NoteReader<'a> {
    pub state: &'a AppState,
    pub lang: Lang,
    pub me: &'a CurrentUser,
    pub rights: NoteRights,
    pub tz: chrono_tz::Tz,
}

pub async fn note_view(r: &NoteReader<'_>, n: &Note, heading: String, next: &str) -> Result<NoteView, WebError> {
    let (state, lang, me, rights, tz) = (r.state, r.lang, r.me, r.rights, r.tz);
    let signed = match (&n.signed_off_by, n.signed_off_at) {
        (Some(by), Some(at)) => {
            let name = state.store.get_user(by).await?.map(|u| u.display_name).unwrap_or_default();
            Some(lang.t_args("note-signed", &[("name", name.into()), ("date", lang.datetime(at, tz).into())]))
        }
        _ => None,
    };
    let by =
        |name: &str, at: i64| lang.t_args("note-by", &[("name", name.into()), ("date", lang.datetime(at, tz).into())]);
    Ok(NoteView {
        id: n.id.clone(),
        heading,
        body: n.body.clone(),
        by: by(&n.author_name, n.created_at),
        one_to_one: n.needs_one_to_one,
        can_sign: saathi_domain::notes::sign_off(&me.actor, rights.senior, &n.author_id, n.signed_off_at.is_some())
            == SignOff::Allowed,
        signed,
        can_amend: rights.read,
        amendments: n
            .amendments
            .iter()
            .map(|a| AmendmentView { by: by(&a.author_name, a.created_at), body: a.body.clone() })
            .collect(),
        next: next.to_string(),
        amend_href: format!("/notes/{}/amend?next={}", urlencode(&n.id), urlencode(next)),
    })
}

fn back_to(form: &FormData, fallback: &str) -> String {
    safe_next(Some(form.get("next"))).unwrap_or_else(|| fallback.to_string())
}

/// `path?done=x#anchor`, keeping the path's own query.
fn with_done(next: &str, done: &str) -> String {
    let (path, anchor) = match next.split_once('#') {
        Some((p, a)) => (p, format!("#{a}")),
        None => (next, String::new()),
    };
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}done={done}{anchor}")
}

pub async fn sign_off(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    notes::sign_off(&state, &me.actor, &id).await?;
    Ok(see_other(&with_done(&back_to(&form, "/home"), "signed")))
}

#[derive(Template)]
#[template(path = "note_amend.html")]
struct AmendPage {
    base: Base,
    note: NoteView,
    body: Field,
    next: String,
}
localized!(AmendPage);

async fn amend_page(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    typed: &str,
    errors: &[(String, String)],
    next: &str,
    status: StatusCode,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let n = notes::read_note(state, &me.actor, id).await?;
    let center = centers::own(state, &me.actor).await?;
    let rights = NoteRights::of(state, me).await?;
    let reader = NoteReader { state, lang: ctx.lang, me, rights, tz: center.tz() };
    let mut note = note_view(&reader, &n, ctx.t("note-title"), next).await?;
    note.can_amend = false;
    let page = AmendPage {
        base: ctx.base(ctx.t("note-amend-title")),
        note,
        body: Field::new("body", ctx.t("note-amend"), typed).required().error_from(errors),
        next: next.to_string(),
    };
    render(status, &page)
}

/// A page of its own for an amendment (where a refused one comes back to).
pub async fn amend_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Result<Response, WebError> {
    let q = FormData::from_query(raw.as_deref());
    let next = safe_next(Some(q.get("next"))).unwrap_or_else(|| "/home".to_string());
    amend_page(&state, &ctx, &id, "", &[], &next, StatusCode::OK).await
}

pub async fn amend(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let next = back_to(&form, "/home");
    match notes::amend(&state, &me.actor, &id, form.get("body")).await {
        Ok(_) => Ok(see_other(&with_done(&next, "amended"))),
        Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => {
            let errors = form_errors(ctx.lang, &e, &[("body", "body")]);
            amend_page(&state, &ctx, &id, form.get("body"), &errors, &next, e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn follow_up_done(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    notes::complete_follow_up(&state, &me.actor, &id).await?;
    Ok(see_other("/home?done=followup#followups"))
}

/// A member's record: a counsellor adds a note.
pub async fn add_member_note(
    state: &AppState,
    ctx: &Ctx,
    member_id: &str,
    form: &FormData,
) -> Result<Result<(), (Vec<(String, String)>, StatusCode)>, WebError> {
    let me = ctx.user()?;
    let one_to_one = form.get("needs_one_to_one") == "1";
    match notes::write_member_note(state, &me.actor, member_id, form.get("body"), one_to_one).await {
        Ok(_) => Ok(Ok(())),
        Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => {
            Ok(Err((form_errors(ctx.lang, &e, &[("body", "body")]), e.status)))
        }
        Err(e) => Err(WebError(e)),
    }
}

/// The redirect after a member note is saved.
pub fn member_note_saved(member_id: &str) -> String {
    format!("/members/{}?done=note#notes", urlencode(member_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_keep_the_query_and_the_anchor() {
        assert_eq!(with_done("/sessions/1?notes=1#notes", "signed"), "/sessions/1?notes=1&done=signed#notes");
        assert_eq!(with_done("/members/2", "amended"), "/members/2?done=amended");
    }
}
