//! The member's daily check-in (`/checkin`): big native choices that work
//! without JavaScript on a 360 px phone; the kind confirmation after it
//! (`/checkin/done`) with days sober and the next milestone; recording a
//! lapse from there (`/checkin/lapse`); the history, one row a day
//! (`/checkins`, and `/members/{id}/checkins` for counsellors); and the
//! centre's trigger list (`/triggers`, staff). Everything goes through
//! `services::tracking`, which asks the policy.

use super::forms::{Field, FormData, urlencode};
use super::groups::form_errors;
use super::home::{HelplineView, helplines};
use super::{Base, Ctx, WebError, localized, render, see_other};
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::i18n::{Arg, Lang};
use crate::services::{centers, members, tracking};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use saathi_domain::checkin::{self, CheckInFields, DEFAULT_TRIGGERS};
use saathi_domain::sobriety::{current_milestone, milestone_date, next_milestone};
use saathi_store::{CheckIn, CheckInInput};

/// One big choice: a radio or a checkbox with its label.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub checked: bool,
    /// The label's language when it differs from the page's (a centre's own tags).
    pub lang: Option<&'static str>,
}

/// A trigger tag's name: a default tag in the reader's language, a centre's
/// own tag as it was typed (words apart).
pub fn trigger_label(lang: Lang, tag: &str) -> String {
    if DEFAULT_TRIGGERS.contains(&tag) { lang.t(&format!("trigger-{tag}")) } else { tag.replace('_', " ") }
}

fn weekday_key(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "weekday-mo",
        Weekday::Tue => "weekday-tu",
        Weekday::Wed => "weekday-we",
        Weekday::Thu => "weekday-th",
        Weekday::Fri => "weekday-fr",
        Weekday::Sat => "weekday-sa",
        Weekday::Sun => "weekday-su",
    }
}

/// "Monday, 21 November 2026".
fn long_date(lang: Lang, d: NaiveDate) -> String {
    format!("{}, {}", lang.t(weekday_key(d)), lang.date(d))
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

// ---------------------------------------------------------------------------
// Days sober, as the confirmation and the home page show them

/// A member's days sober and what comes next, in words.
pub struct SoberView {
    /// "12 days sober".
    pub days_text: String,
    /// "Next milestone: 14 days, on 23 November 2026".
    pub next_text: String,
    /// Said on the day a milestone is reached.
    pub milestone_today: Option<String>,
    /// When the count starts after today (a lapse recorded today).
    pub new_start: Option<String>,
    /// A lapse is recorded for today.
    pub lapse_today: bool,
    pub longest: i64,
    pub total: i64,
}

/// The sobriety service's summary for `member_id`, as the reader may see it.
pub async fn sober_view(
    state: &AppState,
    lang: Lang,
    me: &CurrentUser,
    member_id: &str,
) -> Result<SoberView, WebError> {
    let s = tracking::sobriety(state, &me.actor, member_id).await?;
    let sum = &s.summary;
    let next = next_milestone(sum.days);
    let starts_later = sum.current_start > s.today;
    Ok(SoberView {
        days_text: lang.t_args("days-sober", &[("days", Arg::Num(sum.days))]),
        next_text: lang.t_args(
            "checkin-next-milestone",
            &[("days", Arg::Num(next)), ("date", lang.date(milestone_date(sum.current_start, next)).into())],
        ),
        milestone_today: (sum.days > 0 && current_milestone(sum.days) == Some(sum.days))
            .then(|| lang.t_args("checkin-milestone-today", &[("days", Arg::Num(sum.days))])),
        new_start: starts_later
            .then(|| lang.t_args("checkin-new-start", &[("date", lang.date(sum.current_start).into())])),
        lapse_today: starts_later && sum.lapses > 0,
        longest: sum.longest_streak_days,
        total: sum.total_sober_days,
    })
}

// ---------------------------------------------------------------------------
// The check-in form

/// What the form holds: as typed, or today's check-in.
#[derive(Default)]
struct Typed {
    mood: String,
    craving: String,
    sober: String,
    triggers: Vec<String>,
    note: String,
    share_mentor: bool,
    share_group: bool,
}

impl Typed {
    fn of(c: &CheckIn) -> Typed {
        Typed {
            mood: c.mood.to_string(),
            craving: c.craving.to_string(),
            sober: if c.sober { "yes" } else { "no" }.to_string(),
            triggers: c.triggers.clone(),
            note: c.note.clone().unwrap_or_default(),
            share_mentor: c.share_with_mentor,
            share_group: c.share_with_group,
        }
    }

    fn from_form(f: &FormData) -> Typed {
        Typed {
            mood: f.get("mood").trim().to_string(),
            craving: f.get("craving").trim().to_string(),
            sober: f.get("sober").trim().to_string(),
            triggers: f.all("triggers").into_iter().map(str::to_string).collect(),
            note: f.get("note").to_string(),
            share_mentor: f.get("share_with_mentor") == "1",
            share_group: f.get("share_with_group") == "1",
        }
    }

    /// `None` for sober when it was not answered.
    fn input(&self) -> (CheckInInput, Option<bool>) {
        let sober = match self.sober.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        let note = self.note.trim();
        let input = CheckInInput {
            // Not a number: out of range, so the domain says so.
            mood: self.mood.parse().unwrap_or(0),
            craving: self.craving.parse().unwrap_or(-1),
            sober: sober.unwrap_or(false),
            triggers: self.triggers.clone(),
            note: (!note.is_empty()).then(|| note.to_string()),
            share_with_mentor: self.share_mentor,
            share_with_group: self.share_group,
        };
        (input, sober)
    }
}

/// The form's fields: the API's names are the form's.
const FIELDS: &[(&str, &str)] =
    &[("mood", "mood"), ("craving", "craving"), ("sober", "sober"), ("triggers", "triggers"), ("note", "note")];

fn error_of(errors: &[(String, String)], field: &str) -> Option<String> {
    errors.iter().find(|(k, _)| k == field).map(|(_, m)| m.clone())
}

#[derive(Template)]
#[template(path = "checkin.html")]
struct CheckInPage {
    base: Base,
    heading: String,
    intro: String,
    save: String,
    errors: Vec<(String, String)>,
    moods: Vec<Opt>,
    mood_error: Option<String>,
    cravings: Vec<Opt>,
    craving_error: Option<String>,
    sober: Vec<Opt>,
    sober_error: Option<String>,
    triggers: Vec<Opt>,
    triggers_error: Option<String>,
    note: Field,
    share_mentor: bool,
    share_group: bool,
}
localized!(CheckInPage);

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    today: NaiveDate,
    updating: bool,
    typed: &Typed,
    errors: Vec<(String, String)>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let lang = ctx.lang;
    let opt = |value: String, label: String, checked: bool| Opt { value, label, checked, lang: None };
    let known = tracking::known_triggers(state, &me.actor.center_id).await?;
    let date = long_date(lang, today);
    let (heading, intro, save) = if updating {
        ("checkin-title-update", ctx.t_args("checkin-intro-update", &[("date", date.into())]), "checkin-save-update")
    } else {
        ("checkin-title", ctx.t_args("checkin-intro", &[("date", date.into())]), "checkin-save")
    };
    let page = CheckInPage {
        base: ctx.base(ctx.t(heading)),
        heading: ctx.t(heading),
        intro,
        save: ctx.t(save),
        moods: (1..=5).map(|n| opt(n.to_string(), lang.t(&format!("mood-{n}")), typed.mood == n.to_string())).collect(),
        mood_error: error_of(&errors, "mood"),
        cravings: (0..=10).map(|n| opt(n.to_string(), n.to_string(), typed.craving == n.to_string())).collect(),
        craving_error: error_of(&errors, "craving"),
        sober: ["yes", "no"]
            .iter()
            .map(|v| opt(v.to_string(), lang.t(&format!("checkin-{v}")), typed.sober == *v))
            .collect(),
        sober_error: error_of(&errors, "sober"),
        triggers: known
            .iter()
            .map(|tag| Opt {
                value: tag.clone(),
                label: trigger_label(lang, tag),
                checked: typed.triggers.contains(tag),
                lang: (!DEFAULT_TRIGGERS.contains(&tag.as_str()) && lang != Lang::En).then_some("en"),
            })
            .collect(),
        triggers_error: error_of(&errors, "triggers"),
        note: Field::new("note", ctx.t("checkin-note"), typed.note.clone())
            .hint(ctx.t("checkin-note-hint"))
            .error_from(&errors),
        share_mentor: typed.share_mentor,
        share_group: typed.share_group,
        errors,
    };
    render(status, &page)
}

/// `GET /checkin`: today's check-in, filled in when there is one (members only).
pub async fn form(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let (today, existing) = tracking::today(&state, &me.actor).await?;
    let typed = existing.as_ref().map(Typed::of).unwrap_or_default();
    form_page(&state, &ctx, today, existing.is_some(), &typed, vec![], StatusCode::OK).await
}

/// `POST /checkin`: saves today's check-in (or updates it) and shows the confirmation.
pub async fn submit(State(state): State<AppState>, ctx: Ctx, form: FormData) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let (today, existing) = tracking::today(&state, &me.actor).await?;
    let typed = Typed::from_form(&form);
    let (input, sober) = typed.input();
    let result = match sober {
        Some(_) => tracking::submit(&state, &me.actor, input).await.map(|(_, created)| created),
        None => {
            // Yes or no is the form's own question; the domain checks the rest,
            // so that every mistake shows at once.
            let known = tracking::known_triggers(&state, &me.actor.center_id).await?;
            let fields = CheckInFields {
                mood: input.mood,
                craving: input.craving,
                triggers: &input.triggers,
                note: input.note.as_deref(),
            };
            let mut e = checkin::check(&fields, &known).err().unwrap_or_default();
            e.add("sober", "required");
            Err(ApiError::invalid(e))
        }
    };
    match result {
        Ok(true) => Ok(see_other("/checkin/done?done=saved")),
        Ok(false) => Ok(see_other("/checkin/done?done=updated")),
        Err(e) if e.is_form_error() => {
            let errors = form_errors(ctx.lang, &e, FIELDS);
            form_page(&state, &ctx, today, existing.is_some(), &typed, errors, e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// After saving

#[derive(Template)]
#[template(path = "checkin_done.html")]
struct DonePage {
    base: Base,
    heading: String,
    notice: Option<String>,
    /// Not sober today: supportive words and the way to record a lapse.
    hard: bool,
    sober: SoberView,
    helplines: Vec<HelplineView>,
}
localized!(DonePage);

/// `GET /checkin/done`: thanks, days sober and the next milestone; after
/// "not sober today", support and an optional way to record a lapse.
pub async fn done(State(state): State<AppState>, ctx: Ctx, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let lang = ctx.lang;
    let (_, checkin) = tracking::today(&state, &me.actor).await?;
    let sober = sober_view(&state, lang, me, &me.user.id).await?;
    let name = me.user.display_name.as_str();
    let notice = match FormData::from_query(raw.as_deref()).get("done") {
        "saved" => Some(ctx.t_args("checkin-saved", &[("name", name.into())])),
        "updated" => Some(ctx.t_args("checkin-updated", &[("name", name.into())])),
        "lapse" => {
            Some(ctx.t_args("lapse-done", &[("total", Arg::Num(sober.total)), ("longest", Arg::Num(sober.longest))]))
        }
        _ => None,
    };
    if checkin.is_none() && notice.is_none() {
        return Ok(see_other("/checkin"));
    }
    let heading = if checkin.is_some() { ctx.t("checkin-done-title") } else { ctx.t("lapse-title") };
    let center = centers::own(&state, &me.actor).await?;
    let page = DonePage {
        base: ctx.base(heading.clone()),
        heading,
        notice,
        hard: checkin.as_ref().is_some_and(|c| !c.sober),
        sober,
        helplines: helplines(lang, &center),
    };
    render(StatusCode::OK, &page)
}

// ---------------------------------------------------------------------------
// Recording a lapse

#[derive(Template)]
#[template(path = "checkin_lapse.html")]
struct LapsePage {
    base: Base,
    keeps: String,
    errors: Vec<(String, String)>,
    dates: Vec<Opt>,
    date_error: Option<String>,
    kinds: Vec<Opt>,
    kind_error: Option<String>,
    note: Field,
}
localized!(LapsePage);

const LAPSE_FIELDS: &[(&str, &str)] = &[("date", "lapse_date"), ("kind", "lapse_kind"), ("note", "note")];

async fn lapse_form(
    state: &AppState,
    ctx: &Ctx,
    today: NaiveDate,
    typed: (&str, &str, &str),
    errors: Vec<(String, String)>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let lang = ctx.lang;
    let (date, kind, note) = typed;
    let sober = sober_view(state, lang, me, &me.user.id).await?;
    let yesterday = today - Duration::days(1);
    let opt = |value: String, label: String, checked: bool| Opt { value, label, checked, lang: None };
    let page = LapsePage {
        base: ctx.base(ctx.t("lapse-title")),
        keeps: ctx.t_args("lapse-keeps", &[("longest", Arg::Num(sober.longest)), ("total", Arg::Num(sober.total))]),
        dates: vec![
            opt(iso(today), ctx.t_args("lapse-today", &[("date", lang.date(today).into())]), date == iso(today)),
            opt(
                iso(yesterday),
                ctx.t_args("lapse-yesterday", &[("date", lang.date(yesterday).into())]),
                date == iso(yesterday),
            ),
        ],
        date_error: error_of(&errors, "lapse_date"),
        kinds: checkin::LAPSE_KINDS
            .iter()
            .map(|k| opt(k.to_string(), ctx.t(&format!("lapse-kind-{k}")), kind == *k))
            .collect(),
        kind_error: error_of(&errors, "lapse_kind"),
        note: Field::new("note", ctx.t("lapse-note"), note).error_from(&errors),
        errors,
    };
    render(status, &page)
}

/// `GET /checkin/lapse`: what recording a lapse changes and keeps, and the form (members, for themselves).
pub async fn lapse_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let (today, _) = tracking::today(&state, &me.actor).await?;
    lapse_form(&state, &ctx, today, (&iso(today), "lapse", ""), vec![], StatusCode::OK).await
}

/// `POST /checkin/lapse`: records it through the lapse service (the counsellor is told).
pub async fn lapse(State(state): State<AppState>, ctx: Ctx, form: FormData) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let (today, _) = tracking::today(&state, &me.actor).await?;
    let (date, kind, note) = (form.get("lapse_date").trim(), form.get("lapse_kind").trim(), form.opt("note"));
    match tracking::record_lapse(&state, &me.actor, &me.user.id, date, kind, note.as_deref()).await {
        Ok(_) => Ok(see_other("/checkin/done?done=lapse")),
        Err(e) if e.is_form_error() => {
            let errors = form_errors(ctx.lang, &e, LAPSE_FIELDS);
            lapse_form(&state, &ctx, today, (date, kind, form.get("note")), errors, e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// History

/// One check-in as the history shows it.
pub struct EntryView {
    pub mood: String,
    pub craving: String,
    pub sober: String,
    pub triggers: String,
    pub note: Option<String>,
    pub shared: String,
}

/// One day of the history, with or without a check-in.
pub struct DayRow {
    pub iso: String,
    pub date: String,
    /// "Today", "Yesterday".
    pub relative: Option<String>,
    pub entry: Option<EntryView>,
}

fn entry_view(lang: Lang, c: &CheckIn) -> EntryView {
    let shared = match (c.share_with_mentor, c.share_with_group) {
        (false, false) => "checkins-shared-counselor",
        (true, false) => "checkins-shared-mentor",
        (false, true) => "checkins-shared-group",
        (true, true) => "checkins-shared-both",
    };
    EntryView {
        mood: lang.t_args(
            "checkins-mood-value",
            &[("name", lang.t(&format!("mood-{}", c.mood)).into()), ("count", Arg::Num(c.mood))],
        ),
        craving: lang.t_args("checkins-craving-value", &[("count", Arg::Num(c.craving))]),
        sober: lang.t(if c.sober { "checkin-yes" } else { "checkin-no" }),
        triggers: if c.triggers.is_empty() {
            lang.t("checkins-triggers-none")
        } else {
            c.triggers.iter().map(|t| trigger_label(lang, t)).collect::<Vec<_>>().join(", ")
        },
        note: c.note.clone(),
        shared: lang.t(shared),
    }
}

/// Every day from `today` back, `days` of them, newest first.
fn day_rows(lang: Lang, today: NaiveDate, days: i64, list: &[CheckIn]) -> Vec<DayRow> {
    (0..days)
        .map(|i| {
            let d = today - Duration::days(i);
            let iso = iso(d);
            DayRow {
                entry: list.iter().find(|c| c.local_date == iso).map(|c| entry_view(lang, c)),
                iso,
                date: long_date(lang, d),
                relative: match i {
                    0 => Some(lang.t("checkins-today")),
                    1 => Some(lang.t("checkins-yesterday")),
                    _ => None,
                },
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "checkins.html")]
struct HistoryPage {
    base: Base,
    heading: String,
    back: Option<(String, String)>,
    /// The member's own: the button to check in.
    checkin_label: Option<String>,
    path: String,
    days: i64,
    summary: String,
    rows: Vec<DayRow>,
}
localized!(HistoryPage);

fn period(raw: Option<&str>) -> i64 {
    if FormData::from_query(raw).get("days") == "90" { 90 } else { 30 }
}

async fn history_page(
    state: &AppState,
    ctx: &Ctx,
    member_id: &str,
    days: i64,
    own: bool,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let lang = ctx.lang;
    let list = tracking::list(state, &me.actor, member_id, days).await?;
    let today = tracking::local_today(state, &me.actor).await?;
    let rows = day_rows(lang, today, days, &list);
    let checked = rows.iter().filter(|r| r.entry.is_some()).count();
    let (heading, back, path, checkin_label) = if own {
        let done_today = rows.first().is_some_and(|r| r.entry.is_some());
        let label = ctx.t(if done_today { "home-checkin-update" } else { "home-checkin-button" });
        (
            ctx.t("checkins-title"),
            Some(("/home".to_string(), ctx.t("checkins-back-home"))),
            "/checkins".into(),
            Some(label),
        )
    } else {
        let (m, _) = members::read(state, &me.actor, member_id).await?;
        let href = format!("/members/{}", urlencode(member_id));
        (
            ctx.t_args("checkins-title-of", &[("name", m.display_name.as_str().into())]),
            Some((href.clone(), ctx.t_args("back-to-member", &[("name", m.display_name.as_str().into())]))),
            format!("{href}/checkins"),
            None,
        )
    };
    let page = HistoryPage {
        base: ctx.base(heading.clone()),
        heading,
        back,
        checkin_label,
        path,
        days,
        summary: ctx.t_args("checkins-summary", &[("count", Arg::from(checked)), ("total", Arg::Num(days))]),
        rows,
    };
    render(StatusCode::OK, &page)
}

/// `GET /checkins`: the member's own check-ins, a row a day (`?days=90` for three months).
pub async fn history(State(state): State<AppState>, ctx: Ctx, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let id = me.user.id.clone();
    history_page(&state, &ctx, &id, period(raw.as_deref()), true).await
}

/// `GET /members/{id}/checkins`: a member's check-ins for their counsellors.
pub async fn member_history(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let own = id == me.user.id;
    history_page(&state, &ctx, &id, period(raw.as_deref()), own).await
}

// ---------------------------------------------------------------------------
// The centre's trigger list (staff)

#[derive(Template)]
#[template(path = "triggers.html")]
struct TriggersPage {
    base: Base,
    notice: Option<String>,
    errors: Vec<(String, String)>,
    tag: Field,
    own: Vec<String>,
    /// (name in the page's language, tag).
    standard: Vec<(String, String)>,
}
localized!(TriggersPage);

async fn triggers_page(
    state: &AppState,
    ctx: &Ctx,
    typed: &str,
    notice: Option<String>,
    errors: Vec<(String, String)>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let own = tracking::own_triggers(state, &me.actor).await?;
    let page = TriggersPage {
        base: ctx.base(ctx.t("triggers-title")),
        notice,
        tag: Field::new("tag", ctx.t("triggers-tag"), typed)
            .hint(ctx.t("triggers-tag-hint"))
            .required()
            .error_from(&errors),
        errors,
        own: own.iter().map(|t| t.replace('_', " ")).collect(),
        standard: DEFAULT_TRIGGERS.iter().map(|t| (trigger_label(ctx.lang, t), t.to_string())).collect(),
    };
    render(status, &page)
}

/// `GET /triggers`: the standard tags, the centre's own, and a form to add one (staff).
pub async fn triggers(State(state): State<AppState>, ctx: Ctx, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    let notice = (FormData::from_query(raw.as_deref()).get("done") == "added").then(|| ctx.t("triggers-added"));
    triggers_page(&state, &ctx, "", notice, vec![], StatusCode::OK).await
}

/// `POST /triggers`: adds a tag; a bad or known one comes back with the reason.
pub async fn add_trigger(State(state): State<AppState>, ctx: Ctx, form: FormData) -> Result<Response, WebError> {
    let me = ctx.user()?;
    match tracking::add_trigger(&state, &me.actor, form.get("tag")).await {
        Ok(_) => Ok(see_other("/triggers?done=added")),
        Err(e) if e.is_form_error() => {
            let errors = form_errors(ctx.lang, &e, &[("tag", "tag")]);
            triggers_page(&state, &ctx, form.get("tag"), None, errors, e.status).await
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    //! The check-in pages through the real router on a fresh SQLite file, as
    //! a browser without JavaScript uses them.

    use super::*;
    use crate::Config;
    use crate::auth::password;
    use axum::Router;
    use axum::body::Body;
    use axum::http::{Request, header};
    use http_body_util::BodyExt;
    use saathi_domain::{Role, Stage};
    use saathi_store::{NewCenter, NewMember, NewUser, NoteKeys, Store, now_ms};
    use std::collections::HashMap;
    use tower::ServiceExt;

    const PW: &str = "a-good-password";

    struct App {
        router: Router,
        store: Store,
        center_id: String,
        _dir: tempfile::TempDir,
    }

    struct Page {
        status: StatusCode,
        location: String,
        html: String,
    }

    /// A browser's cookies.
    #[derive(Default)]
    struct Browser(HashMap<String, String>);

    fn today() -> NaiveDate {
        saathi_domain::sobriety::local_today(chrono::Utc::now(), chrono_tz::Asia::Kolkata)
    }

    impl App {
        async fn new() -> App {
            let dir = tempfile::tempdir().expect("temp dir");
            let store = Store::connect(&format!("sqlite://{}/web.db", dir.path().display())).await.expect("connect");
            store.migrate().await.expect("migrate");
            let store = store.with_note_keys(NoteKeys::generate());
            let c = store
                .create_center(&NewCenter { name: "Test Kendra".into(), timezone: "Asia/Kolkata".into() }, now_ms())
                .await
                .expect("centre");
            let router = crate::app(store.clone(), Config { secure_cookies: false, ..Config::default() });
            App { router, store, center_id: c.id, _dir: dir }
        }

        fn new_user(&self, role: Role, login: &str, name: &str, language: &str) -> NewUser {
            NewUser {
                center_id: self.center_id.clone(),
                role,
                login: login.into(),
                phone: None,
                password_hash: password::hash(PW).expect("hash"),
                display_name: name.into(),
                full_name: None,
                language: language.into(),
            }
        }

        async fn user(&self, role: Role, login: &str, language: &str) -> String {
            self.store.create_user(&self.new_user(role, login, login, language), None, now_ms()).await.expect("user").id
        }

        /// A member sober for `days` days today.
        async fn member(&self, login: &str, name: &str, language: &str, days: i64) -> String {
            let m = NewMember {
                user: self.new_user(Role::Member, login, name, language),
                gender: "male".into(),
                birth_year: Some(1990),
                substances: vec!["alcohol".into()],
                stage: Stage::Rehabilitation,
                sobriety_start: iso(today() - Duration::days(days)),
                counselor_id: None,
            };
            self.store.create_member(&m, None, now_ms()).await.expect("member").id
        }

        async fn send(&self, b: &mut Browser, method: &str, uri: &str, form: &[(&str, &str)]) -> Page {
            let mut req = Request::builder().method(method).uri(uri);
            if !b.0.is_empty() {
                let c: Vec<String> = b.0.iter().map(|(k, v)| format!("{k}={v}")).collect();
                req = req.header(header::COOKIE, c.join("; "));
            }
            let body = if method == "POST" {
                req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                let csrf = b.0.get("saathi_csrf").cloned().unwrap_or_default();
                let mut pairs = form.to_vec();
                pairs.push(("_csrf", &csrf));
                Body::from(serde_urlencoded::to_string(&pairs).expect("form"))
            } else {
                Body::empty()
            };
            let resp = self.router.clone().oneshot(req.body(body).expect("request")).await.expect("response");
            let status = resp.status();
            for c in resp.headers().get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()) {
                if let Some((k, v)) = c.split(';').next().and_then(|kv| kv.split_once('=')) {
                    if c.contains("Max-Age=0") {
                        b.0.remove(k);
                    } else {
                        b.0.insert(k.to_string(), v.to_string());
                    }
                }
            }
            let location = resp.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
            let bytes = resp.into_body().collect().await.expect("body").to_bytes();
            Page { status, location, html: String::from_utf8_lossy(&bytes).into_owned() }
        }

        async fn get(&self, b: &mut Browser, uri: &str) -> Page {
            self.send(b, "GET", uri, &[]).await
        }

        async fn post(&self, b: &mut Browser, uri: &str, form: &[(&str, &str)]) -> Page {
            self.send(b, "POST", uri, form).await
        }

        async fn sign_in(&self, login: &str) -> Browser {
            let mut b = Browser::default();
            self.get(&mut b, "/login").await;
            let p = self.post(&mut b, "/login", &[("login", login), ("password", PW)]).await;
            assert_eq!(p.location, "/home", "{login} signs in: {}", p.html);
            b
        }
    }

    /// Text as askama escapes it in a page.
    fn esc(s: &str) -> String {
        s.replace('&', "&amp;").replace('\'', "&#39;").replace('"', "&#34;").replace('<', "&lt;").replace('>', "&gt;")
    }

    /// How many times `needle` occurs.
    fn count(html: &str, needle: &str) -> usize {
        html.matches(needle).count()
    }

    #[tokio::test]
    async fn the_member_sees_the_form_in_hindi_and_in_english() {
        let app = App::new().await;
        app.member("ravi", "Ravi", "hi", 12).await;
        app.member("john", "John", "en", 12).await;
        for (login, lang) in [("ravi", Lang::Hi), ("john", Lang::En)] {
            let mut b = app.sign_in(login).await;
            // Home: the big button, days sober, the next milestone, the links.
            let p = app.get(&mut b, "/home").await;
            assert_eq!(p.status, StatusCode::OK);
            assert!(
                p.html.contains(&format!("href=\"/checkin\">{}", esc(&lang.t("home-checkin-button")))),
                "{}",
                p.html
            );
            assert!(p.html.contains(&lang.t_args("days-sober", &[("days", Arg::Num(12))])));
            let next = lang.date(today() + Duration::days(2));
            let milestone = lang.t_args("checkin-next-milestone", &[("days", Arg::Num(14)), ("date", next.into())]);
            assert!(p.html.contains(&milestone), "{milestone} in {}", p.html);
            for href in ["/checkins", "/goals", "/progress"] {
                assert!(p.html.contains(&format!("href=\"{href}\"")), "home links {href}");
            }
            // The form: fieldsets with legends, native inputs, nothing chosen yet.
            let p = app.get(&mut b, "/checkin").await;
            assert_eq!(p.status, StatusCode::OK);
            assert!(p.html.contains(&format!("<html lang=\"{}\"", lang.code())));
            let h1 = p.html.split("<h1>").nth(1).and_then(|s| s.split("</h1>").next()).unwrap_or("");
            assert_eq!(h1, esc(&lang.t("checkin-title")));
            for legend in ["checkin-mood", "checkin-craving", "checkin-sober", "checkin-triggers", "checkin-sharing"] {
                assert!(p.html.contains(&format!("<legend>{}", esc(&lang.t(legend)))), "{legend}");
            }
            assert_eq!(count(&p.html, "type=\"radio\" id=\"f-mood-"), 5);
            assert_eq!(count(&p.html, "type=\"radio\" id=\"f-craving-"), 11);
            assert_eq!(count(&p.html, "type=\"radio\" id=\"f-sober-"), 2);
            assert_eq!(count(&p.html, "type=\"checkbox\" id=\"f-triggers-"), DEFAULT_TRIGGERS.len());
            assert!(!p.html.contains(" checked"), "nothing is chosen for the member, the sharing is off");
            for word in [lang.t("mood-1"), lang.t("mood-5"), lang.t("trigger-stress"), lang.t("checkin-share-mentor")] {
                assert!(p.html.contains(&esc(&word)), "{word}");
            }
            assert!(p.html.contains("name=\"note\""));
            assert!(p.html.contains(&esc(&lang.t("checkin-sharing-hint"))), "the counsellor always sees: said plainly");
        }
        assert_eq!(Lang::Hi.t("checkin-title"), "आज का चेक-इन");
    }

    #[tokio::test]
    async fn only_members_check_in() {
        let app = App::new().await;
        app.user(Role::Counselor, "meera", "en").await;
        app.user(Role::PeerMentor, "amit", "hi").await;
        let mut b = app.sign_in("meera").await;
        for path in ["/checkin", "/checkin/done", "/checkin/lapse"] {
            let p = app.get(&mut b, path).await;
            assert_eq!(p.status, StatusCode::FORBIDDEN, "{path}");
            assert!(p.html.contains(&Lang::En.t("error-forbidden-title")), "an error page: {}", p.html);
        }
        let p = app.post(&mut b, "/checkin", &[("mood", "3"), ("craving", "2"), ("sober", "yes")]).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
        let p = app.post(&mut b, "/checkin/lapse", &[("lapse_date", &iso(today())), ("lapse_kind", "lapse")]).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
        let mut b = app.sign_in("amit").await;
        let p = app.get(&mut b, "/checkin").await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
        assert!(p.html.contains(&Lang::Hi.t("error-forbidden-title")), "in the reader's language");
    }

    #[tokio::test]
    async fn posting_the_form_stores_a_check_in_and_a_second_updates_it() {
        let app = App::new().await;
        let ravi = app.member("ravi", "Ravi", "en", 12).await;
        let mut b = app.sign_in("ravi").await;
        let form = [
            ("mood", "4"),
            ("craving", "3"),
            ("sober", "yes"),
            ("triggers", "stress"),
            ("triggers", "work"),
            ("note", "  A long day at the market  "),
            ("share_with_group", "1"),
        ];
        let p = app.post(&mut b, "/checkin", &form).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
        assert_eq!(p.location, "/checkin/done?done=saved");
        let saved = app.store.checkins(&ravi, &iso(today()), 10).await.expect("db");
        assert_eq!(saved.len(), 1);
        let c = &saved[0];
        assert_eq!((c.mood, c.craving, c.sober), (4, 3, true));
        assert_eq!(c.triggers, ["stress", "work"]);
        assert_eq!(c.note.as_deref(), Some("A long day at the market"));
        assert_eq!((c.share_with_mentor, c.share_with_group), (false, true));
        assert_eq!(c.local_date, iso(today()));

        // The confirmation: kind words, days sober, the next milestone; no lapse talk.
        let p = app.get(&mut b, &p.location).await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(p.html.contains("Thank you, Ravi. Your check-in is saved."));
        assert!(p.html.contains("12 days sober"));
        assert!(
            p.html.contains(&format!("Next milestone: 14 days, on {}", Lang::En.date(today() + Duration::days(2))))
        );
        assert!(!p.html.contains("/checkin/lapse"), "sober today: no lapse offered");

        // The form again: filled in, and saving updates the same check-in.
        let p = app.get(&mut b, "/checkin").await;
        assert!(p.html.contains("<h1>Update today&#39;s check-in</h1>"));
        for id in
            ["f-mood-4", "f-craving-3", "f-sober-yes", "f-triggers-stress", "f-triggers-work", "f-share_with_group"]
        {
            assert!(p.html.contains(&format!("id=\"{id}\" name=")), "{id}");
            let input = p.html.split(&format!("id=\"{id}\"")).nth(1).and_then(|s| s.split('>').next()).unwrap_or("");
            assert!(input.contains("checked"), "{id} is checked: {input}");
        }
        assert!(
            !p.html
                .split("id=\"f-share_with_mentor\"")
                .nth(1)
                .and_then(|s| s.split('>').next())
                .unwrap_or("")
                .contains("checked")
        );
        assert!(p.html.contains("A long day at the market</textarea>"));
        let p = app.post(&mut b, "/checkin", &[("mood", "5"), ("craving", "1"), ("sober", "yes")]).await;
        assert_eq!(p.location, "/checkin/done?done=updated");
        let saved = app.store.checkins(&ravi, &iso(today()), 10).await.expect("db");
        assert_eq!(saved.len(), 1, "one check-in a day");
        assert_eq!((saved[0].mood, saved[0].craving), (5, 1));
        assert!(saved[0].triggers.is_empty() && saved[0].note.is_none() && !saved[0].share_with_group);
        assert_eq!(app.store.checkin_revision_count(&saved[0].id).await.expect("db"), 1, "the earlier one is kept");
        let p = app.get(&mut b, &p.location).await;
        assert!(p.html.contains("Today&#39;s check-in is updated"));
        let p = app.get(&mut b, "/home").await;
        assert!(p.html.contains("Update today&#39;s check-in"));
    }

    #[tokio::test]
    async fn mistakes_come_back_in_the_page_language_and_nothing_is_stored() {
        let app = App::new().await;
        let ravi = app.member("ravi", "Ravi", "hi", 3).await;
        let john = app.member("john", "John", "en", 3).await;
        let mut b = app.sign_in("ravi").await;
        let p = app
            .post(&mut b, "/checkin", &[("mood", "9"), ("craving", "3"), ("triggers", "astrology"), ("note", "x")])
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(p.html.contains("<html lang=\"hi\""));
        for key in ["err-mood-out_of_range", "err-sober-required", "err-triggers-unknown"] {
            assert!(p.html.contains(&Lang::Hi.t(key)), "{key} in Hindi");
        }
        assert!(
            p.html.contains("href=\"#f-mood\"") && p.html.contains("id=\"f-mood\""),
            "the summary links to the question"
        );
        assert!(p.html.contains("id=\"f-craving-3\" name=\"craving\" value=\"3\" checked"), "what was chosen is kept");
        assert!(!p.html.contains(&Lang::En.t("err-mood-out_of_range")));

        let mut b = app.sign_in("john").await;
        let p = app.post(&mut b, "/checkin", &[("mood", "0"), ("craving", "11"), ("sober", "yes")]).await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(p.html.contains("Please choose how you feel: one of the five answers."));
        assert!(p.html.contains("Please choose a number from 0 to 10."));
        let p = app.post(&mut b, "/checkin", &[("mood", "happy"), ("craving", "2"), ("sober", "maybe")]).await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(p.html.contains("Please choose how you feel") && p.html.contains("Please answer yes or no."));
        for id in [&ravi, &john] {
            assert!(app.store.checkins(id, "2000-01-01", 10).await.expect("db").is_empty(), "nothing stored");
        }
    }

    #[tokio::test]
    async fn not_sober_today_brings_support_and_an_optional_lapse() {
        let app = App::new().await;
        let ravi = app.member("ravi", "Ravi", "en", 40).await;
        let mut b = app.sign_in("ravi").await;
        let p = app.post(&mut b, "/checkin", &[("mood", "2"), ("craving", "8"), ("sober", "no")]).await;
        let p = app.get(&mut b, &p.location).await;
        assert!(p.html.contains("Thank you for being honest"));
        assert!(p.html.contains("href=\"/checkin/lapse\""), "a clear way to record a lapse");
        assert!(p.html.contains("It is your choice"));
        assert!(p.html.contains("href=\"tel:14416\""), "someone to call");
        for blame in ["fail", "relapsed", "broke", "shame"] {
            assert!(!p.html.to_lowercase().contains(blame), "no blaming words: {blame}");
        }
        assert!(app.store.lapses(&ravi).await.expect("db").is_empty(), "nothing recorded without asking");

        let p = app.get(&mut b, "/checkin/lapse").await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(p.html.contains("Your longest streak (40 days) and all your sober days (40 in all) stay yours."));
        assert!(p.html.contains(&format!(
            "id=\"f-lapse_date-{}\" name=\"lapse_date\" value=\"{}\" checked",
            iso(today()),
            iso(today())
        )));
        // A date that is not offered is refused with the reason.
        let future = iso(today() + Duration::days(3));
        let p = app.post(&mut b, "/checkin/lapse", &[("lapse_date", &future), ("lapse_kind", "lapse")]).await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(p.html.contains(&Lang::En.t("err-in_future")));
        let p = app
            .post(
                &mut b,
                "/checkin/lapse",
                &[("lapse_date", &iso(today())), ("lapse_kind", "lapse"), ("note", "a wedding")],
            )
            .await;
        assert_eq!(p.location, "/checkin/done?done=lapse");
        let lapses = app.store.lapses(&ravi).await.expect("db");
        assert_eq!(lapses.len(), 1);
        assert_eq!((lapses[0].date.as_str(), lapses[0].kind.as_str()), (iso(today()).as_str(), "lapse"));
        let p = app.get(&mut b, &p.location).await;
        assert!(
            p.html.contains("It is recorded. A slip does not erase your progress: your 40 sober days"),
            "{}",
            p.html
        );
        assert!(p.html.contains("longest streak of 40 days stay yours"));
        assert!(p.html.contains("A lapse is recorded for today."));
        assert!(!p.html.contains("href=\"/checkin/lapse\""), "not offered twice");
        assert!(p.html.contains("0 days sober"));
        assert!(p.html.contains(&format!("Your new count starts on {}", Lang::En.date(today() + Duration::days(1)))));
        let p = app.get(&mut b, "/home").await;
        assert!(p.html.contains("0 days sober"));
    }

    #[tokio::test]
    async fn the_history_has_a_row_for_every_day() {
        let app = App::new().await;
        app.user(Role::Counselor, "meera", "en").await;
        let ravi = app.member("ravi", "Ravi", "hi", 50).await;
        app.member("sita", "Sita", "en", 5).await;
        let mut b = app.sign_in("ravi").await;
        let p = app.get(&mut b, "/checkins").await;
        assert_eq!(p.status, StatusCode::OK);
        assert_eq!(count(&p.html, "<li class=\"day"), 30);
        assert_eq!(count(&p.html, &Lang::Hi.t("checkins-none")), 30, "no check-ins yet");
        assert!(
            p.html.contains(&Lang::Hi.t_args("checkins-summary", &[("count", Arg::Num(0)), ("total", Arg::Num(30))]))
        );
        app.post(&mut b, "/checkin", &[("mood", "4"), ("craving", "2"), ("sober", "yes"), ("triggers", "poor_sleep")])
            .await;
        let p = app.get(&mut b, "/checkins").await;
        assert_eq!(count(&p.html, "<li class=\"day day-empty\""), 29);
        let row = p.html.split(&format!("id=\"d-{}\"", iso(today()))).nth(1).expect("today's row");
        let row = row.split("</li>").next().unwrap_or("");
        assert!(row.contains(&Lang::Hi.t("checkins-today")));
        assert!(row.contains(
            &Lang::Hi.t_args("checkins-mood-value", &[("name", Lang::Hi.t("mood-4").into()), ("count", Arg::Num(4))])
        ));
        assert!(row.contains(&Lang::Hi.t("trigger-poor_sleep")));
        assert!(row.contains(&Lang::Hi.t("checkins-shared-counselor")));
        let p = app.get(&mut b, "/checkins?days=90").await;
        assert_eq!(count(&p.html, "<li class=\"day"), 90);
        assert!(p.html.contains("href=\"/checkins?days=90\" aria-current=\"page\""));
        // A counsellor reads a member's history; another member may not.
        let mut c = app.sign_in("meera").await;
        let p = app.get(&mut c, &format!("/members/{ravi}/checkins")).await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(p.html.contains("Check-ins: Ravi"));
        assert!(p.html.contains("Very good") || p.html.contains("Good (4 of 5)"));
        assert_eq!(count(&p.html, "<li class=\"day"), 30);
        let mut s = app.sign_in("sita").await;
        assert_eq!(app.get(&mut s, &format!("/members/{ravi}/checkins")).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.get(&mut s, "/members/no-such-member/checkins").await.status, StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn staff_extend_the_trigger_list_members_use_it() {
        let app = App::new().await;
        app.user(Role::Counselor, "meera", "en").await;
        app.member("ravi", "Ravi", "hi", 5).await;
        let mut c = app.sign_in("meera").await;
        let p = app.get(&mut c, "/triggers").await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(p.html.contains("Trouble at home") && p.html.contains(">family_conflict</code>"));
        assert!(p.html.contains("Nothing added yet."));
        let p = app.post(&mut c, "/triggers", &[("tag", "Wedding Season")]).await;
        assert_eq!(p.location, "/triggers?done=added");
        let p = app.get(&mut c, &p.location).await;
        assert!(p.html.contains("The trigger is added."));
        assert!(p.html.contains("<li lang=\"en\">wedding season</li>"));
        let p = app.post(&mut c, "/triggers", &[("tag", "stress")]).await;
        assert_eq!(p.status, StatusCode::CONFLICT);
        assert!(p.html.contains("This trigger is already on the list."));
        assert!(p.html.contains("value=\"stress\""), "what was typed is kept");
        let p = app.post(&mut c, "/triggers", &[("tag", "शादी")]).await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(p.html.contains("Use 1 to 40 English letters"));
        // The member sees the new tag on the form and may choose it; the page is not theirs.
        let mut m = app.sign_in("ravi").await;
        assert_eq!(app.get(&mut m, "/triggers").await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.post(&mut m, "/triggers", &[("tag", "exams")]).await.status, StatusCode::FORBIDDEN);
        let p = app.get(&mut m, "/checkin").await;
        assert!(p.html.contains("value=\"wedding_season\""));
        assert!(p.html.contains("<span class=\"opt-text\" lang=\"en\">wedding season</span>"));
        let p = app
            .post(
                &mut m,
                "/checkin",
                &[("mood", "3"), ("craving", "6"), ("sober", "yes"), ("triggers", "wedding_season")],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    }

    /// Every message the check-in pages ask for exists in both languages.
    #[test]
    fn every_message_the_pages_use_exists() {
        let templates = [
            include_str!("../../templates/checkin.html"),
            include_str!("../../templates/checkin_done.html"),
            include_str!("../../templates/checkin_lapse.html"),
            include_str!("../../templates/checkin_macros.html"),
            include_str!("../../templates/checkins.html"),
            include_str!("../../templates/triggers.html"),
            include_str!("../../templates/home.html"),
        ];
        let code = include_str!("checkins.rs");
        let code = code.split("#[cfg(test)]").next().unwrap_or(code);
        let mut keys: Vec<String> = Vec::new();
        for t in templates {
            for call in ["t(\"", "ta(\"", "ta2(\""] {
                keys.extend(t.split(call).skip(1).filter_map(|p| p.split('"').next()).map(str::to_string));
            }
        }
        let prefixes = ["checkin-", "checkins-", "lapse-", "triggers-", "home-", "days-", "back-", "weekday-"];
        for (i, lit) in code.split('"').enumerate() {
            if i % 2 == 1
                && prefixes.iter().any(|p| lit.starts_with(p))
                && !lit.ends_with('-')
                && !lit.contains([' ', '{'])
            {
                keys.push(lit.to_string());
            }
        }
        keys.extend((1..=5).map(|n| format!("mood-{n}")));
        keys.extend(["checkin-yes", "checkin-no"].map(String::from));
        keys.extend(checkin::LAPSE_KINDS.iter().map(|k| format!("lapse-kind-{k}")));
        keys.extend(DEFAULT_TRIGGERS.iter().map(|t| format!("trigger-{t}")));
        assert!(keys.len() > 60, "found only {} keys", keys.len());
        let args = [
            ("name", Arg::from("x")),
            ("date", "x".into()),
            ("days", Arg::Num(2)),
            ("count", Arg::Num(2)),
            ("total", Arg::Num(2)),
            ("longest", Arg::Num(2)),
            ("role", "x".into()),
            ("zone", "x".into()),
            ("when", "x".into()),
        ];
        for lang in Lang::ALL {
            let missing: Vec<&String> =
                keys.iter().filter(|k| lang.try_t(k).is_none() && lang.t_args(k, &args) == **k).collect();
            assert!(missing.is_empty(), "missing in {}: {missing:?}", lang.code());
        }
    }

    #[test]
    fn days_without_a_check_in_are_rows_too() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        let c = CheckIn {
            id: "c".into(),
            member_id: "m".into(),
            local_date: "2026-11-22".into(),
            mood: 2,
            craving: 7,
            sober: false,
            triggers: vec!["stress".into(), "wedding_season".into()],
            note: None,
            share_with_mentor: true,
            share_with_group: true,
            created_at: 0,
            updated_at: 0,
        };
        let rows = day_rows(Lang::En, d, 3, &[c]);
        assert_eq!(rows.iter().map(|r| r.iso.as_str()).collect::<Vec<_>>(), ["2026-11-23", "2026-11-22", "2026-11-21"]);
        assert_eq!(rows[0].date, "Monday, 23 November 2026");
        assert_eq!(rows[0].relative.as_deref(), Some("Today"));
        assert!(rows[0].entry.is_none() && rows[2].entry.is_none());
        let e = rows[1].entry.as_ref().expect("the 22nd");
        assert_eq!(e.mood, "Low (2 of 5)");
        assert_eq!(e.craving, "7 of 10");
        assert_eq!(e.sober, "No");
        assert_eq!(e.triggers, "Stress, wedding season");
        assert_eq!(e.shared, "Counsellor, mentor and group");
        assert_eq!(trigger_label(Lang::Hi, "stress"), "तनाव");
    }
}
