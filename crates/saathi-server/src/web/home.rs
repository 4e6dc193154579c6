//! `/home`: a page per role. A member sees their groups and next sessions;
//! a counsellor their open follow-ups (one-to-one talks a note asked for).

use super::checkins::{SoberView, sober_view};
use super::forms::FormData;
use super::groups::{HomeGroup, home_groups};
use super::members::{MemberRow, member_row};
use super::{Base, Ctx, WebError, localized, render};
use crate::i18n::Lang;
use crate::services::{centers, members, mentorships, notes, risk, tracking};
use crate::state::AppState;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use saathi_domain::center::all_helplines;
use saathi_domain::{Role, Stage};
use saathi_store::{Center, MemberQuery};

/// A helpline to call; the national ones have names in both languages.
pub struct HelplineView {
    pub name: String,
    pub phone: String,
}

pub fn helplines(lang: Lang, center: &Center) -> Vec<HelplineView> {
    all_helplines(&center.helplines)
        .into_iter()
        .map(|h| HelplineView { name: lang.try_t(&format!("helpline-{}", h.phone)).unwrap_or(h.name), phone: h.phone })
        .collect()
}

/// An open follow-up on a counsellor's home.
pub struct FollowUpRow {
    pub id: String,
    pub member_id: String,
    pub member_name: String,
    pub since: String,
}

/// A mentee on a peer mentor's home.
pub struct MenteeRow {
    pub name: String,
    /// "12 days sober", through the sobriety service (which lets mentors read it).
    pub days: String,
}

/// A member on the counsellor's risk panel, in the reader's language.
pub struct RiskRow {
    pub member_id: String,
    pub name: String,
    /// `low`, `medium` or `high`.
    pub level: &'static str,
    pub level_label: String,
    pub score: i64,
    pub reasons: Vec<String>,
}

/// The centre's members most at risk (score above 0), highest first.
async fn risk_rows(
    state: &AppState,
    actor: &saathi_domain::policy::Actor,
    lang: Lang,
) -> Result<Vec<RiskRow>, WebError> {
    let list = risk::list(state, actor, Some(RISK_PANEL)).await?;
    Ok(list
        .into_iter()
        .filter(|e| e.score > 0)
        .map(|e| RiskRow {
            level: e.level.as_str(),
            level_label: lang.t(&format!("risk-level-{}", e.level.as_str())),
            reasons: e
                .reasons
                .iter()
                .map(|r| lang.t_args(&format!("risk-reason-{}", r.signal.as_str()), &[("n", r.value.into())]))
                .collect(),
            member_id: e.member_id,
            name: e.member_name,
            score: e.score,
        })
        .collect())
}

/// Members on the risk panel at most.
const RISK_PANEL: i64 = 5;

pub struct StageCount {
    pub stage: Stage,
    pub label: String,
    /// "12", or "100+" when there are more than a page.
    pub count: String,
}

pub enum HomeKind {
    Member {
        name: String,
        stage: String,
        stage_about: String,
        days: Option<i64>,
        since: String,
        /// Days sober and the next milestone, from the sobriety service.
        sober: Box<SoberView>,
        /// Today's check-in is done.
        checked_in: bool,
        /// The member lets their groups celebrate their milestones.
        milestones_to_group: bool,
        helplines: Vec<HelplineView>,
        groups: Vec<HomeGroup>,
    },
    Counselor {
        members: Vec<MemberRow>,
        more: bool,
        follow_ups: Vec<FollowUpRow>,
        risk: Vec<RiskRow>,
    },
    Admin {
        center_name: String,
        timezone: String,
        counts: Vec<StageCount>,
    },
    /// A peer mentor: their mentees, each with days sober.
    Mentor {
        mentees: Vec<MenteeRow>,
        helplines: Vec<HelplineView>,
    },
    Other {
        role: String,
        helplines: Vec<HelplineView>,
    },
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    base: Base,
    greeting: String,
    kind: HomeKind,
    notice: Option<String>,
    /// Open crisis alerts at the top (staff and mentors; `None` for others).
    crisis_alerts: Option<Vec<super::crisis::AlertRow>>,
}
localized!(HomePage);

pub async fn home(State(state): State<AppState>, ctx: Ctx, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let lang = ctx.lang;
    let notice = match FormData::from_query(raw.as_deref()).get("done") {
        "followup" => Some(ctx.t("home-followup-completed")),
        "sharing" => Some(ctx.t("sharing-saved")),
        _ => None,
    };
    let kind = match me.user.role {
        Role::Member => {
            let (m, center) = members::read(&state, &me.actor, &me.user.id).await?;
            let (_, today) = tracking::today(&state, &me.actor).await?;
            HomeKind::Member {
                name: m.display_name.clone(),
                stage: lang.t(&format!("stage-{}", m.stage.as_str())),
                stage_about: lang.t(&format!("stage-{}-about", m.stage.as_str())),
                days: members::days_sober(&center, &m),
                since: lang.iso_date(&m.sobriety_start),
                sober: Box::new(sober_view(&state, lang, me, &me.user.id).await?),
                checked_in: today.is_some(),
                milestones_to_group: m.milestones_to_group,
                helplines: helplines(lang, &center),
                groups: home_groups(&state, me, lang).await?,
            }
        }
        Role::Counselor => {
            let q = MemberQuery { counselor_id: Some(me.user.id.clone()), limit: 100, ..Default::default() };
            let list = members::list(&state, &me.actor, q).await?;
            let tz = list.center.tz();
            let follow_ups = notes::follow_ups(&state, &me.actor)
                .await?
                .into_iter()
                .map(|f| FollowUpRow {
                    id: f.id,
                    member_id: f.member_id,
                    member_name: f.member_name,
                    since: lang.datetime(f.created_at, tz),
                })
                .collect();
            HomeKind::Counselor {
                members: list.items.iter().map(|m| member_row(lang, &list.center, m)).collect(),
                more: list.next_offset.is_some(),
                follow_ups,
                risk: risk_rows(&state, &me.actor, lang).await?,
            }
        }
        Role::Admin => {
            let center = centers::own(&state, &me.actor).await?;
            let mut counts = Vec::new();
            for stage in Stage::ALL {
                let q = MemberQuery { stage: Some(stage), limit: members::PAGE_MAX, ..Default::default() };
                let list = members::list(&state, &me.actor, q).await?;
                let count = match list.next_offset {
                    Some(_) => format!("{}+", list.items.len()),
                    None => list.items.len().to_string(),
                };
                counts.push(StageCount { stage, label: lang.t(&format!("stage-{}", stage.as_str())), count });
            }
            HomeKind::Admin { center_name: center.name.clone(), timezone: center.timezone.clone(), counts }
        }
        Role::PeerMentor => {
            let center = centers::own(&state, &me.actor).await?;
            let mut mentees = Vec::new();
            for p in mentorships::list(&state, &me.actor).await? {
                let s = tracking::sobriety(&state, &me.actor, &p.mentee_id).await?;
                let days = match s.today < s.summary.current_start {
                    true => lang.t("days-sober-none"),
                    false => lang.t_args("days-sober", &[("days", s.summary.days.into())]),
                };
                mentees.push(MenteeRow { name: p.mentee_name, days });
            }
            HomeKind::Mentor { mentees, helplines: helplines(lang, &center) }
        }
        Role::Family => {
            let center = centers::own(&state, &me.actor).await?;
            HomeKind::Other {
                role: lang.t(&format!("role-{}", me.user.role.as_str())),
                helplines: helplines(lang, &center),
            }
        }
    };
    let page = HomePage {
        base: ctx.base(ctx.t("home-title")),
        greeting: ctx.t_args("home-greeting", &[("name", me.user.display_name.as_str().into())]),
        kind,
        notice,
        crisis_alerts: match me.user.role {
            Role::Admin | Role::Counselor | Role::PeerMentor => {
                Some(super::crisis::home_panel(&state, &me.actor, lang).await?)
            }
            Role::Member | Role::Family => None,
        },
    };
    render(StatusCode::OK, &page)
}

/// A member turns on or off their groups celebrating their milestones.
pub async fn sharing(State(state): State<AppState>, ctx: Ctx, form: FormData) -> Result<Response, WebError> {
    let me = ctx.user()?;
    let on = form.get("milestones_to_group") == "1";
    members::set_sharing(&state, &me.actor, &me.user.id, members::Sharing { milestones_to_group: on }).await?;
    Ok(super::see_other("/home?done=sharing"))
}
