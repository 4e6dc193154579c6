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
    // Someone else's check-ins: the view is audited once, by `members::read` below.
    let list = tracking::list_unaudited(state, &me.actor, member_id, days).await?;
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
    //! The check-in pages' own parts; the pages themselves are tested
    //! through the router in `page_tests/checkin_pages.rs`.

    use super::*;

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
            ("score", Arg::Num(2)),
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
