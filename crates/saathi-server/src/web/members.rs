//! Members for staff: the list with search, admission, the record with its
//! stage history, groups, attendance, confidential notes (counsellors) and
//! edit form, and discharge.

use super::forms::{Choice, Field, FormData, messages, normalise_date, urlencode};
use super::{Base, Ctx, WebError, localized, render, see_other};
use crate::api::dto::{MemberIn, MemberPatchIn};
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::services::{centers, members, mentorships, users};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use saathi_domain::member::{GENDERS, MemberFields};
use saathi_domain::{Role, Stage};
use saathi_store::{Center, Member, MemberQuery};

/// Members per page of the list.
const PAGE: i64 = 20;

/// Substances offered as checkboxes (stored as these codes; anything else
/// typed under "other" is stored as written).
pub const SUBSTANCES: [&str; 7] = ["alcohol", "tobacco", "cannabis", "opioids", "sedatives", "stimulants", "inhalants"];

/// Languages a member may speak, named in their own script.
pub const MEMBER_LANGUAGES: [(&str, &str); 11] = [
    ("hi", "हिन्दी"),
    ("en", "English"),
    ("mr", "मराठी"),
    ("pa", "ਪੰਜਾਬੀ"),
    ("bn", "বাংলা"),
    ("gu", "ગુજરાતી"),
    ("ur", "اردو"),
    ("ta", "தமிழ்"),
    ("te", "తెలుగు"),
    ("kn", "ಕನ್ನಡ"),
    ("ml", "മലയാളം"),
];

/// A member in a list: name, stage, days sober, admission date.
pub struct MemberRow {
    pub id: String,
    pub name: String,
    pub stage: String,
    pub days: Option<i64>,
    pub admitted: String,
}

pub fn member_row(lang: Lang, center: &Center, m: &Member) -> MemberRow {
    MemberRow {
        id: m.id.clone(),
        name: m.display_name.clone(),
        stage: lang.t(&format!("stage-{}", m.stage.as_str())),
        days: members::days_sober(center, m),
        admitted: local_date(m.admitted_at, center).map(|d| lang.date_short(d)).unwrap_or_default(),
    }
}

fn local_date(ms: i64, center: &Center) -> Option<chrono::NaiveDate> {
    chrono::DateTime::from_timestamp_millis(ms).map(|t| t.with_timezone(&center.tz()).date_naive())
}

fn substance_label(lang: Lang, s: &str) -> String {
    lang.try_t(&format!("substance-{s}")).unwrap_or_else(|| s.to_string())
}

fn language_label(code: &str) -> String {
    MEMBER_LANGUAGES.iter().find(|(c, _)| *c == code).map(|(_, n)| n.to_string()).unwrap_or_else(|| code.to_string())
}

// ---------------------------------------------------------------------------
// The list

#[derive(Template)]
#[template(path = "members.html")]
struct ListPage {
    base: Base,
    search: Field,
    stage_filter: Option<String>,
    stage_label: Option<String>,
    rows: Vec<MemberRow>,
    prev: Option<String>,
    next: Option<String>,
    first: i64,
}
localized!(ListPage);

impl ListPage {
    /// The number of the last member on this page.
    fn last(&self) -> i64 {
        self.first + i64::try_from(self.rows.len()).unwrap_or(0) - 1
    }
}

fn page_link(q: &str, stage: Option<&str>, offset: i64) -> String {
    let mut url = format!("/members?offset={offset}");
    if !q.is_empty() {
        url.push_str(&format!("&q={}", urlencode(q)));
    }
    if let Some(s) = stage {
        url.push_str(&format!("&stage={s}"));
    }
    url
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let query = FormData::from_query(raw.as_deref());
    let q = query.get("q").trim().to_string();
    let stage = Stage::parse(query.get("stage"));
    let offset = query.get("offset").parse::<i64>().unwrap_or(0).max(0);
    let mq = MemberQuery { q: (!q.is_empty()).then(|| q.clone()), stage, limit: PAGE, offset, ..Default::default() };
    let mut search = Field::new("q", ctx.t("members-search"), q.clone());
    let (rows, next_offset) = match members::list(&state, &me.actor, mq).await {
        Ok(list) => (list.items.iter().map(|m| member_row(ctx.lang, &list.center, m)).collect(), list.next_offset),
        Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => {
            search = search.error_from(&messages(ctx.lang, &e, &["q"]));
            (vec![], None)
        }
        Err(e) => return Err(e.into()),
    };
    let stage_code = stage.map(|s| s.as_str());
    let page = ListPage {
        base: ctx.base(ctx.t("members-title")),
        search,
        stage_filter: stage_code.map(str::to_string),
        stage_label: stage.map(|s| ctx.t(&format!("stage-{}", s.as_str()))),
        rows,
        prev: (offset > 0).then(|| page_link(&q, stage_code, (offset - PAGE).max(0))),
        next: next_offset.map(|o| page_link(&q, stage_code, o)),
        first: offset + 1,
    };
    render(StatusCode::OK, &page)
}

// ---------------------------------------------------------------------------
// The member form (admission and edit)

/// A `<select>` (or a group of checkboxes) with its label and error.
pub struct Select {
    pub field: Field,
    pub choices: Vec<Choice>,
}

/// The fields of the admission form; the edit form uses a subset.
pub struct MemberForm {
    pub login: Option<Field>,
    pub password: Option<Field>,
    pub phone: Option<Field>,
    pub display_name: Field,
    pub full_name: Field,
    pub gender: Select,
    pub birth_year: Field,
    pub language: Select,
    pub substances: Select,
    pub substances_other: Field,
    pub stage: Select,
    pub sobriety_start: Field,
    pub counselor: Option<Select>,
}

/// What the form shows: the record's values, or what was typed.
struct Values {
    login: String,
    phone: String,
    display_name: String,
    full_name: String,
    gender: String,
    birth_year: String,
    language: String,
    substances: Vec<String>,
    stage: String,
    sobriety_start: String,
    counselor_id: String,
}

impl Values {
    fn from_form(f: &FormData) -> Values {
        let (known, other) = split_substances(&substances_of(f));
        let mut substances = known;
        substances.extend(other);
        Values {
            login: f.get("login").to_string(),
            phone: f.get("phone").to_string(),
            display_name: f.get("display_name").to_string(),
            full_name: f.get("full_name").to_string(),
            gender: f.get("gender").to_string(),
            birth_year: f.get("birth_year").to_string(),
            language: f.get("language").to_string(),
            substances,
            stage: f.get("stage").to_string(),
            sobriety_start: f.get("sobriety_start").to_string(),
            counselor_id: f.get("counselor_id").to_string(),
        }
    }

    /// Shows the record's value in `field` instead of what was typed (a
    /// field someone else changed while the form was open).
    fn take(&mut self, now: &Values, field: &str) {
        match field {
            "display_name" => self.display_name = now.display_name.clone(),
            "full_name" => self.full_name = now.full_name.clone(),
            "gender" => self.gender = now.gender.clone(),
            "birth_year" => self.birth_year = now.birth_year.clone(),
            "language" => self.language = now.language.clone(),
            "substances" => self.substances = now.substances.clone(),
            "stage" => self.stage = now.stage.clone(),
            "sobriety_start" => self.sobriety_start = now.sobriety_start.clone(),
            "counselor_id" => self.counselor_id = now.counselor_id.clone(),
            _ => {}
        }
    }

    fn from_member(m: &Member) -> Values {
        Values {
            login: m.login.clone(),
            phone: String::new(),
            display_name: m.display_name.clone(),
            full_name: m.full_name.clone().unwrap_or_default(),
            gender: m.gender.clone(),
            birth_year: m.birth_year.map(|y| y.to_string()).unwrap_or_default(),
            language: m.language.clone(),
            substances: m.substances.clone(),
            stage: m.stage.as_str().to_string(),
            sobriety_start: m.sobriety_start.clone(),
            counselor_id: m.counselor_id.clone().unwrap_or_default(),
        }
    }
}

/// The substances ticked and typed under "other", without duplicates.
fn substances_of(f: &FormData) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let typed = f.get("substances_other");
    for s in f.all("substances").into_iter().chain(typed.split([',', '،'])) {
        let s = s.trim();
        if !s.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(s)) {
            out.push(s.to_string());
        }
    }
    out
}

/// Known codes (for the checkboxes) and the rest (for the "other" field).
fn split_substances(list: &[String]) -> (Vec<String>, Vec<String>) {
    list.iter().cloned().partition(|s| SUBSTANCES.contains(&s.as_str()))
}

/// The member form's fields, in the order the form shows them.
const MEMBER_FIELDS: [&str; 12] = [
    "login",
    "password",
    "display_name",
    "full_name",
    "phone",
    "gender",
    "birth_year",
    "language",
    "substances",
    "stage",
    "sobriety_start",
    "counselor_id",
];

/// Builds the form. `new`: the admission form (with the account fields);
/// `counselors`: the choice of counsellor (admins only).
fn member_form(
    lang: Lang,
    v: &Values,
    errors: &[(String, String)],
    new: bool,
    current_stage: Option<Stage>,
    counselors: Option<Vec<(String, String)>>,
) -> MemberForm {
    let t = |k: &str| lang.t(k);
    let field = |name: &'static str, label: &str, value: &str| Field::new(name, t(label), value).error_from(errors);
    let mut gender_choices = vec![Choice::new("", t("form-choose"), v.gender.is_empty())];
    gender_choices.extend(GENDERS.iter().map(|g| Choice::new(*g, t(&format!("gender-{g}")), v.gender == *g)));
    let mut language_choices: Vec<Choice> = MEMBER_LANGUAGES
        .iter()
        .map(|(code, name)| Choice {
            value: code.to_string(),
            label: name.to_string(),
            selected: v.language == *code,
            lang: Some(code),
        })
        .collect();
    if !v.language.is_empty() && !MEMBER_LANGUAGES.iter().any(|(c, _)| *c == v.language) {
        language_choices.push(Choice::new(v.language.clone(), v.language.clone(), true));
    }
    let (known, other) = split_substances(&v.substances);
    let substance_choices =
        SUBSTANCES.iter().map(|s| Choice::new(*s, substance_label(lang, s), known.iter().any(|k| k == s))).collect();
    let stages: Vec<Stage> =
        Stage::ALL.into_iter().filter(|s| *s != Stage::Aftercare || current_stage == Some(Stage::Aftercare)).collect();
    let stage_choices = stages
        .iter()
        .map(|s| Choice::new(s.as_str(), t(&format!("stage-{}", s.as_str())), v.stage == s.as_str()))
        .collect();
    let counselor = counselors.map(|list| {
        let mut choices = vec![Choice::new("", t("form-choose"), v.counselor_id.is_empty())];
        choices.extend(list.into_iter().map(|(id, name)| {
            let selected = v.counselor_id == id;
            Choice::new(id, name, selected)
        }));
        Select { field: field("counselor_id", "member-counselor", ""), choices }
    });
    let mut stage_field = field("stage", "member-stage", "");
    if !new && current_stage != Some(Stage::Aftercare) {
        stage_field = stage_field.hint(t("member-stage-hint"));
    }
    MemberForm {
        login: new.then(|| field("login", "member-login", &v.login).hint(t("member-login-hint")).required()),
        password: new.then(|| field("password", "member-password", "").hint(t("member-password-hint")).required()),
        phone: new.then(|| field("phone", "member-phone", &v.phone).hint(t("member-phone-hint"))),
        display_name: field("display_name", "member-display-name", &v.display_name)
            .hint(t("member-display-name-hint"))
            .required(),
        full_name: field("full_name", "member-full-name", &v.full_name).required(),
        gender: Select { field: field("gender", "member-gender", "").required(), choices: gender_choices },
        birth_year: field("birth_year", "member-birth-year", &v.birth_year)
            .hint(t("member-birth-year-hint"))
            .required(),
        language: Select { field: field("language", "member-language", "").required(), choices: language_choices },
        substances: Select { field: field("substances", "member-substances", ""), choices: substance_choices },
        substances_other: field("substances_other", "member-substances-other", &other.join(", "))
            .hint(t("member-substances-other-hint")),
        stage: Select { field: stage_field.required(), choices: stage_choices },
        sobriety_start: field("sobriety_start", "member-sobriety-start", &v.sobriety_start)
            .hint(t("member-sobriety-start-hint"))
            .required(),
        counselor,
    }
}

/// The centre's counsellors, for an admin choosing one (counsellors admit
/// members to themselves and do not see the staff list).
async fn counselor_choices(state: &AppState, ctx: &Ctx) -> Result<Option<Vec<(String, String)>>, WebError> {
    let me = ctx.user()?;
    if me.user.role != Role::Admin {
        return Ok(None);
    }
    let list = users::list(state, &me.actor, Some(Role::Counselor), 200, 0).await?;
    Ok(Some(list.into_iter().map(|u| (u.id, u.display_name)).collect()))
}

/// A birth year as typed: `Ok(None)` when empty, `Err(code)` when not a number.
fn parse_year(s: &str) -> Result<Option<i32>, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<i32>().map(Some).map_err(|_| "not_a_number")
}

// ---------------------------------------------------------------------------
// Admission

#[derive(Template)]
#[template(path = "member_new.html")]
struct NewPage {
    base: Base,
    form: MemberForm,
    errors: Vec<(String, String)>,
}
localized!(NewPage);

pub async fn new_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let me = ctx.user()?;
    if !me.user.role.is_staff() {
        return Err(ApiError::forbidden().into());
    }
    let center = centers::own(&state, &me.actor).await?;
    let today = saathi_domain::sobriety::local_today(chrono::Utc::now(), center.tz());
    let v = Values {
        login: String::new(),
        phone: String::new(),
        display_name: String::new(),
        full_name: String::new(),
        gender: String::new(),
        birth_year: String::new(),
        language: "hi".into(),
        substances: vec![],
        stage: Stage::Detox.as_str().into(),
        sobriety_start: today.format("%Y-%m-%d").to_string(),
        counselor_id: String::new(),
    };
    let counselors = counselor_choices(&state, &ctx).await?;
    let page = NewPage {
        base: ctx.base(ctx.t("member-new-title")),
        form: member_form(ctx.lang, &v, &[], true, None, counselors),
        errors: vec![],
    };
    render(StatusCode::OK, &page)
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, form: FormData) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let year = parse_year(form.get("birth_year"));
    let input = MemberIn {
        login: form.get("login").trim().to_string(),
        password: form.get("password").to_string(),
        display_name: form.get("display_name").to_string(),
        full_name: form.get("full_name").to_string(),
        gender: form.get("gender").to_string(),
        // 0 is never a plausible year, so a missing one is always refused.
        birth_year: year.ok().flatten().unwrap_or(0),
        language: form.get("language").to_string(),
        substances: substances_of(&form),
        stage: form.get("stage").to_string(),
        sobriety_start: normalise_date(form.get("sobriety_start")),
        phone: form.opt("phone"),
        counselor_id: form.opt("counselor_id"),
    };
    match members::create(&state, &me.actor, input).await {
        Ok((m, _)) => Ok(see_other(&format!("/members/{}?done=created", urlencode(&m.id)))),
        Err(e) if e.is_form_error() => {
            let mut errors = messages(ctx.lang, &e, &MEMBER_FIELDS);
            fix_year_message(ctx.lang, &mut errors, year);
            let counselors = counselor_choices(&state, &ctx).await?;
            let mut v = Values::from_form(&form);
            v.sobriety_start = form.get("sobriety_start").to_string();
            let page = NewPage {
                base: ctx.base(ctx.t("member-new-title")),
                form: member_form(ctx.lang, &v, &errors, true, None, counselors),
                errors,
            };
            render(e.status, &page)
        }
        Err(e) => Err(e.into()),
    }
}

/// The domain calls a missing or unreadable year implausible; say what it was.
fn fix_year_message(lang: Lang, errors: &mut [(String, String)], year: Result<Option<i32>, &'static str>) {
    let code = match year {
        Ok(None) => "required",
        Err(code) => code,
        Ok(Some(_)) => return,
    };
    for (field, msg) in errors.iter_mut() {
        if field == "birth_year" {
            *msg = super::forms::field_message(lang, "birth_year", code);
        }
    }
}

// ---------------------------------------------------------------------------
// The record

pub struct MemberView {
    pub id: String,
    pub display_name: String,
    pub full_name: String,
    pub login: String,
    pub stage: String,
    pub days: Option<i64>,
    pub since: String,
    pub gender: String,
    pub birth_year: Option<i64>,
    pub language: String,
    pub language_code: String,
    pub substances: String,
    pub counselor: Option<String>,
    pub admitted: String,
    pub discharged: Option<String>,
}

/// A group the member is in (or waiting for).
pub struct MemberGroupRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub status: String,
}

/// One session of the member's attendance history.
pub struct AttendanceRow {
    pub when: String,
    pub group_id: String,
    pub group: String,
    pub status: String,
}

/// The "add a note" form of the record (counsellors).
pub struct NoteForm {
    pub body: Field,
    pub one_to_one: bool,
}

pub struct HistoryRow {
    pub when: String,
    pub from: Option<String>,
    pub to: String,
    pub by: Option<String>,
}

#[derive(Template)]
#[template(path = "member.html")]
struct MemberPage {
    base: Base,
    member: MemberView,
    history: Vec<HistoryRow>,
    form: MemberForm,
    /// The record as the edit form shows it (JSON, sent back with the form).
    shown: String,
    errors: Vec<(String, String)>,
    can_discharge: bool,
    notice: Option<String>,
    groups: Vec<MemberGroupRow>,
    attendance: Vec<AttendanceRow>,
    attendance_rate: Option<String>,
    /// The member's notes, for those who may read them (each view is audited).
    notes: Option<Vec<super::notes::NoteView>>,
    note_form: Option<NoteForm>,
    note_errors: Vec<(String, String)>,
    /// Mood, craving, sober days and attendance over the chosen period.
    progress: super::progress::ProgressView,
    /// The "Peer mentor" card (staff only, as is the whole record).
    mentor: MentorCard,
    /// The member's crisis alerts, newest first.
    crisis_history: Vec<super::crisis::AlertRow>,
    /// The member's kiosk code (`Some(None)`: none yet; `None`: not offered).
    kiosk_code: Option<Option<String>>,
}
localized!(MemberPage);

/// The member's current peer mentor on the record.
pub struct CurrentMentor {
    /// The pairing's id (the end form names it, so a stale page cannot end a newer pairing).
    pub id: String,
    pub name: String,
    pub since: String,
}

/// The "Peer mentor" card: the current mentor, or a form to pair one.
pub struct MentorCard {
    pub current: Option<CurrentMentor>,
    /// The centre's peer mentors, each with their mentees and the capacity.
    pub select: Select,
    /// Whether there is any mentor to choose.
    pub any: bool,
    /// A refusal in words (full mentor, already mentored, already ended).
    pub error: Option<String>,
}

/// Builds the card: the pairings and the peer mentors to choose from, through the service.
async fn mentor_card(
    state: &AppState,
    lang: Lang,
    me: &crate::auth::CurrentUser,
    center: &Center,
    member_id: &str,
    error: Option<String>,
) -> Result<MentorCard, WebError> {
    let active = mentorships::list(state, &me.actor).await?;
    let current = active.iter().find(|p| p.mentee_id == member_id).map(|p| CurrentMentor {
        id: p.id.clone(),
        name: p.mentor_name.clone(),
        since: local_date(p.started_at, center).map(|d| lang.date(d)).unwrap_or_default(),
    });
    let capacity = center.settings.mentor_capacity;
    // Nobody mentors themself (an alumnus who became a peer mentor).
    let mentors: Vec<_> =
        mentorships::mentors(state, &me.actor).await?.into_iter().filter(|(u, _)| u.id != member_id).collect();
    let mut choices = vec![Choice::new("", lang.t("form-choose"), true)];
    choices.extend(mentors.iter().map(|(u, count)| {
        let label = lang.t_args(
            "mentor-option",
            &[("name", u.display_name.as_str().into()), ("count", (*count).into()), ("capacity", capacity.into())],
        );
        Choice::new(u.id.clone(), label, false)
    }));
    let errors: Vec<(String, String)> = error.iter().map(|e| ("mentor_id".to_string(), e.clone())).collect();
    let field = Field::new("mentor_id", lang.t("mentor-choose"), "")
        .hint(lang.t_args("mentor-choose-hint", &[("capacity", capacity.into())]))
        .required()
        .error_from(&errors);
    Ok(MentorCard { current, select: Select { field, choices }, any: !mentors.is_empty(), error })
}

/// Rows of attendance history the record shows.
const ATTENDANCE_ROWS: usize = 50;

/// The progress pictures' period when the page is shown again after a form.
const PROGRESS_DAYS: i64 = crate::services::progress::PERIODS[0];

/// A refused edit of the record: the form as sent, its messages, and the
/// fields someone else changed while it was open (shown as they are now).
struct RefusedEdit<'a> {
    form: &'a FormData,
    errors: Vec<(String, String)>,
    changed: Vec<&'static str>,
}

/// The record as the edit form shows it, sent back with the form so that
/// saving writes only what the person changed (see `members::update`).
fn shown_json(m: &Member) -> String {
    serde_json::to_string(&MemberPatchIn::shown(m)).unwrap_or_default()
}

/// Renders the record; `edit` carries the typed values and errors of a
/// refused edit, `note` those of a refused note, `mentor_error` a refused
/// pairing; `days` is the period of the progress pictures.
#[allow(clippy::too_many_arguments)]
async fn member_page(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    edit: Option<RefusedEdit<'_>>,
    note: Option<(&FormData, Vec<(String, String)>)>,
    mentor_error: Option<String>,
    notice: Option<String>,
    status: StatusCode,
    days: i64,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    if !me.user.role.is_staff() {
        // A member sees their own journey on their home page.
        return if me.user.id == id { Ok(see_other("/home")) } else { Err(ApiError::not_found().into()) };
    }
    let lang = ctx.lang;
    let (m, center) = members::read(state, &me.actor, id).await?;
    // The page's view is audited once, by `read` above.
    let history = members::history_unaudited(state, &me.actor, id).await?;
    let counselor = match &m.counselor_id {
        Some(cid) => state.store.get_user(cid).await?.map(|u| u.display_name),
        None => None,
    };
    let view = MemberView {
        id: m.id.clone(),
        display_name: m.display_name.clone(),
        full_name: m.full_name.clone().unwrap_or_default(),
        login: m.login.clone(),
        stage: lang.t(&format!("stage-{}", m.stage.as_str())),
        days: members::days_sober(&center, &m),
        since: lang.iso_date(&m.sobriety_start),
        gender: lang.try_t(&format!("gender-{}", m.gender)).unwrap_or_else(|| m.gender.clone()),
        birth_year: m.birth_year,
        language: language_label(&m.language),
        language_code: m.language.clone(),
        substances: m.substances.iter().map(|s| substance_label(lang, s)).collect::<Vec<_>>().join(", "),
        counselor,
        admitted: local_date(m.admitted_at, &center).map(|d| lang.date(d)).unwrap_or_default(),
        discharged: m.discharged_at.and_then(|t| local_date(t, &center)).map(|d| lang.date(d)),
    };
    let rows = history
        .iter()
        .rev()
        .map(|h| HistoryRow {
            when: lang.datetime(h.changed_at, center.tz()),
            from: h.from_stage.map(|s| lang.t(&format!("stage-{}", s.as_str()))),
            to: lang.t(&format!("stage-{}", h.to_stage.as_str())),
            by: h.changed_by_name.clone(),
        })
        .collect();
    let counselors = counselor_choices(state, ctx).await?;
    let (values, errors, shown) = match edit {
        Some(RefusedEdit { form, errors, changed }) => {
            let mut v = Values::from_form(form);
            v.login = m.login.clone();
            // The fields changed meanwhile show the record as it is now, and
            // the form is now judged against it; otherwise against what the
            // form first showed.
            let now = Values::from_member(&m);
            for field in &changed {
                v.take(&now, field);
            }
            let shown = match form.opt("shown") {
                Some(s) if changed.is_empty() => s.to_string(),
                _ => shown_json(&m),
            };
            (v, errors, shown)
        }
        None => (Values::from_member(&m), vec![], shown_json(&m)),
    };
    let form = member_form(lang, &values, &errors, false, Some(m.stage), counselors);

    // Groups, attendance and notes, each through its service.
    let tz = center.tz();
    let groups = super::groups::member_groups(state, me, &m.id)
        .await?
        .into_iter()
        .map(|(g, e)| MemberGroupRow {
            id: g.id.clone(),
            name: g.name.clone(),
            kind: super::groups::kind_label(lang, g.kind),
            status: match e.waitlist_position.filter(|_| e.status == saathi_store::EnrollmentStatus::Waitlisted) {
                Some(p) => lang.t_args("groups-waitlisted", &[("position", p.into())]),
                None => lang.t("groups-member"),
            },
        })
        .collect();
    let sessions = crate::services::group_sessions::member_history_unaudited(state, &me.actor, &m.id).await?;
    let statuses: Vec<saathi_domain::attendance::Status> = sessions.iter().map(|a| a.status).collect();
    let attendance_rate = saathi_domain::attendance::rate(&statuses).map(|r| {
        let attended = statuses.iter().filter(|s| s.attended()).count();
        lang.t_args(
            "member-attendance-rate",
            &[
                ("attended", attended.into()),
                ("total", statuses.len().into()),
                ("percent", ((r * 100.0).round() as i64).into()),
            ],
        )
    });
    let attendance = sessions
        .iter()
        .take(ATTENDANCE_ROWS)
        .map(|a| AttendanceRow {
            when: lang.datetime(a.starts_at, tz),
            group_id: a.group_id.clone(),
            group: a.group_name.clone(),
            status: lang.t(&format!("attendance-{}", a.status.as_str())),
        })
        .collect();
    let rights = super::notes::NoteRights::of(state, me).await?;
    let notes = if rights.read {
        let next = format!("/members/{}#notes", urlencode(&m.id));
        let reader = super::notes::NoteReader { state, lang, me, rights, tz };
        let mut out = Vec::new();
        for n in crate::services::notes::member_notes(state, &me.actor, &m.id).await? {
            let heading = lang.t(if n.session_id.is_some() { "member-note-session" } else { "member-note-own" });
            out.push(super::notes::note_view(&reader, &n, heading, &next).await?);
        }
        Some(out)
    } else {
        None
    };
    let (note_form, note_errors) = if rights.write {
        let (typed, errs) = match note {
            Some((f, e)) => (Some(f), e),
            None => (None, vec![]),
        };
        let body = Field::new("body", lang.t("member-note-body"), typed.map(|f| f.get("body")).unwrap_or(""))
            .hint(lang.t("member-note-hint"))
            .required()
            .error_from(&errs);
        (Some(NoteForm { body, one_to_one: typed.is_some_and(|f| f.get("needs_one_to_one") == "1") }), errs)
    } else {
        (None, vec![])
    };

    let p = crate::services::progress::progress(state, &me.actor, &m.id, days).await?;
    let progress = super::progress::view(lang, &p, &format!("/members/{}", urlencode(&m.id)), "#progress");

    let mentor = mentor_card(state, lang, me, &center, &m.id, mentor_error).await?;

    let page = MemberPage {
        base: ctx.base(m.display_name.clone()),
        member: view,
        history: rows,
        form,
        errors,
        can_discharge: me.user.role == Role::Counselor && m.stage != Stage::Aftercare,
        notice,
        groups,
        attendance,
        attendance_rate,
        notes,
        note_form,
        note_errors,
        progress,
        mentor,
        crisis_history: super::crisis::member_history(state, &me.actor, ctx.lang, id).await?,
        shown,
        kiosk_code: if state.store.get_user(&m.id).await?.is_some_and(|u| u.role == Role::Member) {
            Some(crate::services::kiosk::credential(state, &me.actor, &m.id).await?.map(|c| c.code))
        } else {
            None
        },
    };
    render(status, &page)
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let query = FormData::from_query(raw.as_deref());
    let notice = match query.get("done") {
        "created" => Some(ctx.t("member-created")),
        "saved" => Some(ctx.t("member-saved")),
        "discharged" => Some(ctx.t("member-discharged")),
        "note" => Some(ctx.t("member-note-saved")),
        "signed" => Some(ctx.t("note-signed-done")),
        "amended" => Some(ctx.t("note-amended")),
        "mentor-paired" => Some(ctx.t("mentor-paired")),
        "mentor-ended" => Some(ctx.t("mentor-ended")),
        _ => None,
    };
    let days = crate::services::progress::period(Some(query.get("days")));
    member_page(&state, &ctx, &id, None, None, None, notice, StatusCode::OK, days).await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let year = parse_year(form.get("birth_year"));
    let counselor_id = form.opt("counselor_id").filter(|_| me.user.role == Role::Admin);
    let patch = MemberPatchIn {
        display_name: Some(form.get("display_name").to_string()),
        full_name: Some(form.get("full_name").to_string()),
        gender: Some(form.get("gender").to_string()),
        birth_year: year.ok().flatten(),
        language: Some(form.get("language").to_string()),
        substances: Some(substances_of(&form)),
        stage: Some(form.get("stage").to_string()),
        sobriety_start: Some(normalise_date(form.get("sobriety_start"))),
        counselor_id,
    };
    // The record as the form showed it (absent from an older page: every
    // field is then written as sent).
    let shown: Option<MemberPatchIn> = form.opt("shown").and_then(|s| serde_json::from_str(&s).ok());
    let result = match year {
        // An unreadable year: report it with every other mistake, change nothing.
        Err(code) => {
            let center = centers::own(&state, &me.actor).await?;
            let today = saathi_domain::sobriety::local_today(chrono::Utc::now(), center.tz());
            let fields = MemberFields {
                display_name: patch.display_name.as_deref(),
                full_name: patch.full_name.as_deref(),
                gender: patch.gender.as_deref(),
                birth_year: None,
                language: patch.language.as_deref(),
                substances: patch.substances.as_deref(),
                stage: patch.stage.as_deref(),
                sobriety_start: patch.sobriety_start.as_deref(),
            };
            let mut e = saathi_domain::member::check(&fields, false, today).err().unwrap_or_default();
            e.add("birth_year", code);
            let current = state.store.get_member(&id).await?.map(|m| m.stage);
            if let (Some(from), Some(to)) = (current, patch.stage.as_deref().and_then(Stage::parse))
                && from != to
                && from.change_to(to).is_err()
            {
                e.add("stage", "use_discharge");
            }
            Err(ApiError::invalid(e))
        }
        Ok(_) => members::update(&state, &me.actor, &id, patch, shown.as_ref()).await.map(|_| ()),
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/members/{}?done=saved", urlencode(&id)))),
        Err(e) if e.is_form_error() => {
            let errors = messages(ctx.lang, &e, &MEMBER_FIELDS);
            let changed = e.fields_with(ApiError::CHANGED_MEANWHILE);
            let edit = RefusedEdit { form: &form, errors, changed };
            member_page(&state, &ctx, &id, Some(edit), None, None, None, e.status, PROGRESS_DAYS).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A counsellor adds a note to the record.
pub async fn add_note(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    match super::notes::add_member_note(&state, &ctx, &id, &form).await? {
        Ok(()) => Ok(see_other(&super::notes::member_note_saved(&id))),
        Err((errors, status)) => {
            member_page(&state, &ctx, &id, None, Some((&form, errors)), None, None, status, PROGRESS_DAYS).await
        }
    }
}

// ---------------------------------------------------------------------------
// Peer mentor

/// A refused pairing in the page's language; `None` when it is not one the
/// card explains (those become the error page).
fn pairing_message(lang: Lang, e: &ApiError, capacity: i64) -> Option<String> {
    let field = |name: &str| e.fields.as_ref().is_some_and(|f| f.0.iter().any(|x| x.field == name));
    match e.code {
        "mentor_full" => Some(lang.t_args("mentor-error-full", &[("capacity", capacity.into())])),
        "already_mentored" => Some(lang.t("mentor-error-already-mentored")),
        _ if e.status == StatusCode::UNPROCESSABLE_ENTITY && field("mentor_id") => {
            Some(lang.t("mentor-error-not-a-mentor"))
        }
        _ if e.fields_with("own_mentor").contains(&"mentee_id") => Some(lang.t("err-own_mentor")),
        _ if e.status == StatusCode::UNPROCESSABLE_ENTITY && field("mentee_id") => {
            Some(lang.t("mentor-error-discharged"))
        }
        _ => None,
    }
}

fn mentor_done(id: &str, done: &str) -> String {
    format!("/members/{}?done={done}#mentor", urlencode(id))
}

/// `POST /members/{id}/mentor`: a counsellor pairs a peer mentor with the member.
pub async fn pair_mentor(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    if !me.user.role.is_staff() {
        return Err(ApiError::forbidden().into());
    }
    let mentor_id = form.get("mentor_id").trim();
    let refused = if mentor_id.is_empty() {
        (StatusCode::UNPROCESSABLE_ENTITY, ctx.t("mentor-error-choose"))
    } else {
        match mentorships::pair(&state, &me.actor, mentor_id, &id).await {
            Ok(_) => return Ok(see_other(&mentor_done(&id, "mentor-paired"))),
            Err(e) => {
                let capacity = centers::own(&state, &me.actor).await?.settings.mentor_capacity;
                match pairing_message(ctx.lang, &e, capacity) {
                    Some(msg) => (e.status, msg),
                    None => return Err(e.into()),
                }
            }
        }
    };
    member_page(&state, &ctx, &id, None, None, Some(refused.1), None, refused.0, PROGRESS_DAYS).await
}

/// `POST /members/{id}/mentor/end`: ends the member's pairing (the page asks
/// first, in a disclosure). The form names the pairing it showed.
pub async fn end_mentor(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    if !me.user.role.is_staff() {
        return Err(ApiError::forbidden().into());
    }
    let active = mentorships::list(&state, &me.actor).await?;
    let shown = form.get("mentorship_id");
    let pairing = active.iter().find(|p| p.mentee_id == id && (shown.is_empty() || p.id == shown));
    let result = match pairing {
        Some(p) => mentorships::end(&state, &me.actor, &p.id).await,
        None => Err(ApiError::new(StatusCode::CONFLICT, "already_ended", "This pairing has already ended.")),
    };
    match result {
        Ok(()) => Ok(see_other(&mentor_done(&id, "mentor-ended"))),
        Err(e) if e.code == "already_ended" => {
            // The member must exist (and be of the centre) for the page to say so.
            members::read(&state, &me.actor, &id).await?;
            let msg = ctx.t("mentor-error-already-ended");
            member_page(&state, &ctx, &id, None, None, Some(msg), None, e.status, PROGRESS_DAYS).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// Discharge

#[derive(Template)]
#[template(path = "discharge.html")]
struct DischargePage {
    base: Base,
    id: String,
    name: String,
}
localized!(DischargePage);

pub async fn discharge_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let me = ctx.user()?;
    if me.user.role != Role::Counselor {
        return Err(ApiError::forbidden().into());
    }
    let (m, _) = members::read(&state, &me.actor, &id).await?;
    if m.stage == Stage::Aftercare {
        return Ok(see_other(&format!("/members/{}", urlencode(&m.id))));
    }
    let page = DischargePage {
        base: ctx.base(ctx.t_args("discharge-title", &[("name", m.display_name.as_str().into())])),
        id: m.id.clone(),
        name: m.display_name.clone(),
    };
    render(StatusCode::OK, &page)
}

pub async fn discharge(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, WebError> {
    let me = ctx.user()?;
    members::discharge(&state, &me.actor, &id).await?;
    Ok(see_other(&format!("/members/{}?done=discharged", urlencode(&id))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substances_from_ticks_and_typing() {
        let f = FormData(vec![
            ("substances".into(), "alcohol".into()),
            ("substances".into(), "opioids".into()),
            ("substances_other".into(), "gutkha, Alcohol , ,bhang".into()),
        ]);
        assert_eq!(substances_of(&f), ["alcohol", "opioids", "gutkha", "bhang"]);
        let (known, other) = split_substances(&substances_of(&f));
        assert_eq!(known, ["alcohol", "opioids"]);
        assert_eq!(other, ["gutkha", "bhang"]);
    }

    #[test]
    fn years() {
        assert_eq!(parse_year(""), Ok(None));
        assert_eq!(parse_year(" 1990 "), Ok(Some(1990)));
        assert_eq!(parse_year("nineteen"), Err("not_a_number"));
    }

    #[test]
    fn the_list_keeps_its_search_across_pages() {
        assert_eq!(page_link("ravi kumar", Some("detox"), 20), "/members?offset=20&q=ravi%20kumar&stage=detox");
        assert_eq!(page_link("", None, 0), "/members?offset=0");
    }
}
