//! Relapse early warning: each member's risk score, recomputed when an event
//! arrives (a check-in, attendance, a lapse, a safety alert) and by a
//! periodic sweep for the signals that change with time alone (days without
//! a check-in, a lapse or an alert growing old, the end of early aftercare).
//! The rules are saathi-domain's `risk`; the facts come from the store.
//!
//! A member moving to high is claimed once in the database (`notified_at`),
//! so their counsellor is told once, not on every event, even with several
//! instances.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use chrono::NaiveDate;
use saathi_domain::policy::{Action, Actor, Target, decide};
use saathi_domain::risk::{self, Assessment, Level, Reason, RiskFacts, Signal, Weights};
use saathi_domain::sobriety;
use saathi_store::{Center, KeptRisk, MemberRisk, NewlyHigh, RiskWrite, now_ms};

/// How often the sweep runs (it also runs when the server starts).
pub const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(10 * 60);
/// Most members one list holds.
pub const LIST_MAX: i64 = 1000;

/// A member's stored risk, read back.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskEntry {
    pub member_id: String,
    pub member_name: String,
    pub counselor_id: Option<String>,
    pub score: i64,
    pub level: Level,
    pub reasons: Vec<Reason>,
    pub computed_at: i64,
}

fn entry(r: MemberRisk) -> ApiResult<RiskEntry> {
    let level = Level::parse(&r.level).ok_or_else(|| ApiError::internal(format!("risk level {}", r.level)))?;
    let reasons: Vec<Reason> = serde_json::from_str(&r.reasons).map_err(ApiError::internal)?;
    Ok(RiskEntry {
        member_id: r.member_id,
        member_name: r.member_name,
        counselor_id: r.counselor_id,
        score: r.score,
        level,
        reasons,
        computed_at: r.computed_at,
    })
}

async fn center(state: &AppState, center_id: &str) -> ApiResult<Center> {
    if let Some(c) = state.centers.get(center_id) {
        return Ok(c);
    }
    let c = state.store.get_center(center_id).await?.ok_or_else(ApiError::not_found)?;
    state.centers.put(c.id.clone(), c.clone());
    Ok(c)
}

fn today_in(c: &Center) -> NaiveDate {
    sobriety::local_today(chrono::Utc::now(), c.tz())
}

/// The centre's weights: the documented defaults with its own overrides.
/// Kept for a few seconds (read on every update); setting them here forgets
/// them at once, another instance within that time.
pub async fn center_weights(state: &AppState, center_id: &str) -> ApiResult<Weights> {
    if let Some(w) = state.risk_updates.weights.get(center_id) {
        return Ok(w);
    }
    let own = state.store.risk_weights(center_id).await?;
    let w = Weights::with_overrides(own.iter().map(|(n, v)| (n.as_str(), *v)));
    state.risk_updates.weights.put(center_id.to_string(), w.clone());
    Ok(w)
}

/// The write an assessment needs: None when it is what is stored already
/// (score, level and reasons), so unchanged scores cost no write.
fn changed(member_id: &str, center_id: &str, a: &Assessment, kept: Option<&KeptRisk>) -> ApiResult<Option<RiskWrite>> {
    let reasons = serde_json::to_string(&a.reasons).map_err(ApiError::internal)?;
    let level = a.level.as_str();
    if kept.is_some_and(|k| k.score == a.score && k.level == level && k.reasons == reasons) {
        return Ok(None);
    }
    Ok(Some(RiskWrite {
        member_id: member_id.to_string(),
        center_id: center_id.to_string(),
        score: a.score,
        level: level.into(),
        reasons,
    }))
}

/// Recomputes one member's score now and keeps it; answers it (None when
/// there is no such active member of the centre). A move to high notifies once.
pub async fn recompute(state: &AppState, center_id: &str, member_id: &str) -> ApiResult<Option<Assessment>> {
    Ok(recompute_many(state, center_id, &[member_id.to_string()]).await?.pop().map(|(_, a)| a))
}

/// What a sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    pub centers: usize,
    pub members: usize,
    /// Scores that changed (only those are written).
    pub changed: usize,
    pub newly_high: usize,
}

/// Recomputes every member of one centre with a few set-based queries, and
/// writes the scores that changed in one transaction.
pub async fn sweep_center(state: &AppState, center_id: &str) -> ApiResult<Swept> {
    let c = center(state, center_id).await?;
    let now = now_ms();
    let facts = state.store.center_risk_facts(&c.id, today_in(&c), now).await?;
    let weights = center_weights(state, &c.id).await?;
    let mut writes = Vec::new();
    for m in &facts {
        if let Some(w) = changed(&m.member_id, &c.id, &risk::assess(&m.facts, &weights), m.kept.as_ref())? {
            writes.push(w);
        }
    }
    let changed = writes.len();
    let newly = state.store.save_risks(&c.id, &writes, state.config.smtp.is_some(), now).await?;
    let newly_high = newly.len();
    notify_high(state, newly);
    Ok(Swept { centers: 1, members: facts.len(), changed, newly_high })
}

/// Centres swept at once (reading one while another's changes are written).
const SWEEP_PARALLEL: usize = 2;

/// Recomputes every member of every centre, a few centres at a time.
pub async fn sweep(state: &AppState) -> ApiResult<Swept> {
    let centers = state.store.list_centers().await?;
    let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let ids: std::sync::Arc<Vec<String>> = std::sync::Arc::new(centers.into_iter().map(|c| c.id).collect());
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..SWEEP_PARALLEL.min(ids.len()) {
        let (state, next, ids) = (state.clone(), next.clone(), ids.clone());
        workers.spawn(async move {
            let mut total = Swept::default();
            while let Some(id) = ids.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                let s = sweep_center(&state, id).await?;
                total.centers += 1;
                total.members += s.members;
                total.changed += s.changed;
                total.newly_high += s.newly_high;
            }
            Ok::<Swept, ApiError>(total)
        });
    }
    let mut total = Swept::default();
    let mut failed = None;
    while let Some(done) = workers.join_next().await {
        match done.map_err(ApiError::internal).and_then(|r| r) {
            Ok(s) => {
                total.centers += s.centers;
                total.members += s.members;
                total.changed += s.changed;
                total.newly_high += s.newly_high;
            }
            Err(e) => failed = failed.or(Some(e)),
        }
    }
    match failed {
        Some(e) => Err(e),
        None => Ok(total),
    }
}

/// Sweeps now and then every [`SWEEP_EVERY`], while the application lives.
pub fn spawn_sweeps(state: &AppState) -> tokio::task::JoinHandle<()> {
    let weak = state.downgrade();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(SWEEP_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let Some(state) = AppState::upgrade(&weak) else { return };
            let started = std::time::Instant::now();
            match sweep(&state).await {
                Ok(s) => tracing::info!(
                    members = s.members,
                    changed = s.changed,
                    newly_high = s.newly_high,
                    ms = started.elapsed().as_millis() as u64,
                    "risk sweep"
                ),
                Err(e) => tracing::warn!(error = %e.message, "risk sweep failed"),
            }
        }
    })
}

/// Members whose events arrived, waiting for their scores to be
/// recomputed. Events arriving together (a burst of check-ins, a session's
/// attendance) are recomputed together and written in one transaction, so
/// the request that caused them never waits for it and the writers are not
/// crowded by one transaction per event.
pub struct Updates {
    queue: std::sync::Mutex<Option<tokio::sync::mpsc::Sender<(String, String)>>>,
    /// Each centre's weights (see [`center_weights`]).
    weights: crate::cache::TtlCache<Weights>,
}

impl Default for Updates {
    fn default() -> Self {
        Updates {
            queue: Default::default(),
            weights: crate::cache::TtlCache::new(std::time::Duration::from_secs(10), 10_000),
        }
    }
}

/// Events waiting at most; past that they are left to the next sweep.
const QUEUE_MAX: usize = 16_384;
/// Members recomputed together at most.
const UPDATE_BATCH: usize = 256;
/// How long events gather before their members are recomputed.
const COALESCE: std::time::Duration = std::time::Duration::from_millis(250);

/// After an event about a member (already stored): their score is
/// recomputed shortly, off the request. A failure is logged; the next sweep
/// puts the score right.
pub fn after_event(state: &AppState, center_id: &str, member_id: &str) {
    let mut queue = state.risk_updates.queue.lock().unwrap_or_else(|e| e.into_inner());
    let tx = queue.get_or_insert_with(|| {
        let (tx, rx) = tokio::sync::mpsc::channel(QUEUE_MAX);
        tokio::spawn(run_updates(state.downgrade(), rx));
        tx
    });
    if tx.try_send((center_id.to_string(), member_id.to_string())).is_err() {
        metrics::counter!("saathi_risk_updates_dropped").increment(1);
    }
}

async fn run_updates(
    weak: std::sync::Weak<crate::state::Inner>,
    mut rx: tokio::sync::mpsc::Receiver<(String, String)>,
) {
    let mut waiting = Vec::with_capacity(UPDATE_BATCH);
    while rx.recv_many(&mut waiting, UPDATE_BATCH).await > 0 {
        // Let the events of the next moments gather first: a member named
        // by many events at once (a session's attendance saved again and
        // again, a burst of check-ins) is recomputed once for all of them.
        tokio::time::sleep(COALESCE).await;
        let mut by_center: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        let mut seen = std::collections::HashSet::new();
        for (c, m) in waiting.drain(..).chain(std::iter::from_fn(|| rx.try_recv().ok())) {
            if seen.insert((c.clone(), m.clone())) {
                by_center.entry(c).or_default().push(m);
            }
        }
        let Some(state) = AppState::upgrade(&weak) else { return };
        for (center_id, members) in by_center {
            for chunk in members.chunks(UPDATE_BATCH) {
                if let Err(e) = recompute_many(&state, &center_id, chunk).await {
                    tracing::warn!(center_id, error = %e.message, "risk update failed");
                }
            }
        }
    }
}

/// Recomputes some members of one centre now and keeps the scores that
/// changed in one transaction; a move to high notifies once. Answers the
/// members found (active members of the centre) with their assessments.
pub async fn recompute_many(
    state: &AppState,
    center_id: &str,
    member_ids: &[String],
) -> ApiResult<Vec<(String, Assessment)>> {
    let c = center(state, center_id).await?;
    let today = today_in(&c);
    let weights = center_weights(state, &c.id).await?;
    let now = now_ms();
    let mut out = Vec::with_capacity(member_ids.len());
    let mut writes = Vec::with_capacity(member_ids.len());
    for id in member_ids {
        if let Some(m) = state.store.risk_facts(id, today, now).await?
            && m.center_id == c.id
        {
            let a = risk::assess(&m.facts, &weights);
            if let Some(w) = changed(id, &c.id, &a, m.kept.as_ref())? {
                writes.push(w);
            }
            out.push((id.clone(), a));
        }
    }
    if !writes.is_empty() {
        let newly = state.store.save_risks(&c.id, &writes, state.config.smtp.is_some(), now).await?;
        notify_high(state, newly);
    }
    Ok(out)
}

/// The kind of notification a counsellor gets when one of their members moves to high.
pub const NOTIFY_KIND: &str = saathi_store::RISK_NOTIFICATION_KIND;

/// After the claims committed: each newly-high member is logged and their
/// counsellor's notification (made by the store in the claim's own
/// transaction, with a link to the member's page and no detail: the words
/// come from the kind) is published live. A member without a counsellor is
/// only logged.
fn notify_high(state: &AppState, newly: Vec<NewlyHigh>) {
    for n in newly {
        metrics::counter!("saathi_risk_newly_high").increment(1);
        tracing::info!(member_id = %n.member_id, score = n.score, "member moved to high risk");
        if let (Some(user_id), Some(notification_id)) = (n.counselor_id, n.notification_id) {
            state.live.publish(crate::live::Event::Notification { user_id, notification_id });
        }
    }
}

/// The centre's members by risk, highest first (counsellors and admins).
pub async fn list(state: &AppState, actor: &Actor, limit: Option<i64>) -> ApiResult<Vec<RiskEntry>> {
    ApiError::check(decide(actor, Action::ReadRisk, Target::center(&actor.center_id)))?;
    let limit = match limit {
        None => 100,
        Some(n) if (1..=LIST_MAX).contains(&n) => n,
        Some(_) => return Err(ApiError::invalid_field("limit", "out_of_range")),
    };
    state.store.center_risks(&actor.center_id, limit).await?.into_iter().map(entry).collect()
}

/// One member's stored risk, if computed (staff who may read the list).
pub async fn of_member(state: &AppState, actor: &Actor, member_id: &str) -> ApiResult<Option<RiskEntry>> {
    ApiError::check(decide(actor, Action::ReadRisk, Target::center(&actor.center_id)))?;
    match state.store.member_risk(member_id).await? {
        Some(r) => {
            let m = state.store.get_member(member_id).await?.ok_or_else(ApiError::not_found)?;
            if m.center_id != actor.center_id {
                return Err(ApiError::not_found());
            }
            entry(r).map(Some)
        }
        None => Ok(None),
    }
}

/// The centre's weights (counsellors and admins read them).
pub async fn weights(state: &AppState, actor: &Actor) -> ApiResult<Weights> {
    ApiError::check(decide(actor, Action::ReadRisk, Target::center(&actor.center_id)))?;
    center_weights(state, &actor.center_id).await
}

/// An admin sets some of the centre's points (by signal name) and
/// thresholds; the centre's scores are recomputed at once.
pub async fn set_weights(
    state: &AppState,
    actor: &Actor,
    points: &[(String, i64)],
    medium_at: Option<i64>,
    high_at: Option<i64>,
) -> ApiResult<Weights> {
    ApiError::check(decide(actor, Action::TuneRisk, Target::center(&actor.center_id)))?;
    let mut w = center_weights(state, &actor.center_id).await?;
    let mut values = Vec::new();
    for (name, value) in points {
        let Some(s) = Signal::parse(name) else { return Err(ApiError::invalid_field("points", "unknown_signal")) };
        w.set_points(s, *value);
        values.push((s.as_str().to_string(), *value));
    }
    if let Some(v) = medium_at {
        w.medium_at = v;
        values.push((risk::MEDIUM_KEY.into(), v));
    }
    if let Some(v) = high_at {
        w.high_at = v;
        values.push((risk::HIGH_KEY.into(), v));
    }
    w.check()?;
    if !values.is_empty() {
        state.store.set_risk_weights(&actor.center_id, &values, &actor.user_id, now_ms()).await?;
        state.risk_updates.weights.remove(&actor.center_id);
        sweep_center(state, &actor.center_id).await?;
    }
    Ok(w)
}

/// The facts of one member as the score sees them (for tools and benchmarks).
pub async fn facts(state: &AppState, center_id: &str, member_id: &str) -> ApiResult<Option<RiskFacts>> {
    let c = center(state, center_id).await?;
    Ok(state.store.risk_facts(member_id, today_in(&c), now_ms()).await?.map(|m| m.facts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Arg, Lang};

    #[test]
    fn every_signal_level_and_the_notification_have_words_in_both_languages() {
        for lang in Lang::ALL {
            for s in Signal::ALL {
                let key = format!("risk-reason-{}", s.as_str());
                let t = lang.t_args(&key, &[("n", Arg::Num(3))]);
                assert!(t != key && !t.contains('{'), "{key} in {}: {t}", lang.code());
            }
            for l in [Level::Low, Level::Medium, Level::High] {
                assert!(lang.try_t(&format!("risk-level-{}", l.as_str())).is_some());
            }
            let words = super::super::notifications::text(lang, NOTIFY_KIND);
            assert_ne!(words, lang.t("notif-kind-other"));
        }
        assert_ne!(Lang::Hi.t("risk-reason-craving_rising"), Lang::En.t("risk-reason-craving_rising"));
    }
}
