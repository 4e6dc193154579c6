//! Relapse risk: the facts the score is computed from (for one member in one
//! query, or for every member of a centre at once with a few set-based
//! queries), each with the member's stored score so only changes need
//! writing; the centre's weights, and each member's latest score.
//!
//! The facts are read relative to "today" in the centre's calendar: check-in
//! and lapse dates are local dates; alerts, admission and discharge are
//! times (whole days before `now`).

use crate::{AuditEntry, Backend, Result, Store, audit};
use chrono::{Duration, NaiveDate};
use saathi_domain::risk::{
    ATTENDANCE_LOOKBACK_DAYS, CHECKIN_LOOKBACK_DAYS, CRAVING_WINDOW_DAYS, LAPSE_DAYS, RiskFacts, SAFETY_FLAG_DAYS,
    Window,
};
use sqlx::Row;
use std::collections::HashMap;

const DAY_MS: i64 = 24 * 3_600_000;
/// Rows per upsert statement on SQLite (8 values each, well under its 32,766 parameters).
const SQLITE_ROWS_PER_STATEMENT: usize = 500;
/// Rows per upsert statement on PostgreSQL (one JSON parameter).
const PG_ROWS_PER_STATEMENT: usize = 10_000;

/// A member's latest risk as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRisk {
    pub member_id: String,
    pub member_name: String,
    pub counselor_id: Option<String>,
    pub score: i64,
    pub level: String,
    /// JSON array of the reasons.
    pub reasons: String,
    pub computed_at: i64,
    pub high_since: Option<i64>,
    pub notified_at: Option<i64>,
}

/// A score to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskWrite {
    pub member_id: String,
    pub center_id: String,
    pub score: i64,
    pub level: String,
    pub reasons: String,
}

/// What is stored of a member's score: (score, level, reasons as JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptRisk {
    pub score: i64,
    pub level: String,
    pub reasons: String,
}

/// An active member's facts, with their centre and their stored score (None
/// before their first).
#[derive(Debug, Clone, PartialEq)]
pub struct MemberFacts {
    pub member_id: String,
    pub center_id: String,
    pub facts: RiskFacts,
    pub kept: Option<KeptRisk>,
}

/// A member who has just moved to high, claimed for one notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewlyHigh {
    pub member_id: String,
    pub center_id: String,
    pub counselor_id: Option<String>,
    pub member_name: String,
    pub score: i64,
    /// The notification made for the counsellor in the claim's own
    /// transaction (none without a counsellor).
    pub notification_id: Option<String>,
}

/// The kind of notification a counsellor gets when one of their members
/// moves to high (made with the claim, see [`Store::save_risks`]).
pub const NOTIFICATION_KIND: &str = "risk_high";

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn days_between(later: NaiveDate, earlier: &str) -> Option<i64> {
    let e = NaiveDate::parse_from_str(earlier, "%Y-%m-%d").ok()?;
    Some((later - e).num_days().max(0))
}

fn days_since_ms(now: i64, at: i64) -> i64 {
    ((now - at) / DAY_MS).max(0)
}

/// The edges of the windows the facts are read from.
struct Bounds {
    /// The first day of the check-in look-back, and of the last 7 days.
    checkins_from: String,
    week_from: String,
    attendance_since: i64,
    lapses_from: String,
    alerts_since: i64,
}

impl Bounds {
    /// Binds the windows as `$2..$6` after the query's key (`$1`).
    fn bind<'q>(
        &'q self,
        q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
        q.bind(&self.checkins_from)
            .bind(&self.week_from)
            .bind(self.attendance_since)
            .bind(&self.lapses_from)
            .bind(self.alerts_since)
    }

    fn new(today: NaiveDate, now: i64) -> Bounds {
        Bounds {
            checkins_from: date(today - Duration::days(CHECKIN_LOOKBACK_DAYS - 1)),
            week_from: date(today - Duration::days(CRAVING_WINDOW_DAYS - 1)),
            attendance_since: now - ATTENDANCE_LOOKBACK_DAYS * DAY_MS,
            lapses_from: date(today - Duration::days(LAPSE_DAYS)),
            alerts_since: now - (SAFETY_FLAG_DAYS + 1) * DAY_MS,
        }
    }
}

/// The check-in aggregates of a member's look-back (`$3` is the first day of
/// the last 7): the latest date, the craving windows, and the latest mood of
/// the last 7 days (the largest "date:mood").
const CHECKIN_AGGREGATES: &str = "MAX(c.local_date) AS last_date, \
     MAX(CASE WHEN c.local_date >= $3 THEN c.craving END) AS max_craving, \
     CAST(SUM(CASE WHEN c.local_date >= $3 THEN c.craving ELSE 0 END) AS BIGINT) AS sum_now, \
     CAST(SUM(CASE WHEN c.local_date >= $3 THEN 1 ELSE 0 END) AS BIGINT) AS n_now, \
     CAST(SUM(CASE WHEN c.local_date < $3 THEN c.craving ELSE 0 END) AS BIGINT) AS sum_before, \
     CAST(SUM(CASE WHEN c.local_date < $3 THEN 1 ELSE 0 END) AS BIGINT) AS n_before, \
     MAX(CASE WHEN c.local_date >= $3 THEN c.local_date || ':' || CAST(c.mood AS TEXT) END) AS last_mood";

/// Sets the check-in facts from a row of [`CHECKIN_AGGREGATES`] (its columns NULL when there are none).
fn checkin_facts(f: &mut RiskFacts, r: &sqlx::any::AnyRow, today: NaiveDate) -> Result<()> {
    let last: Option<String> = r.try_get("last_date")?;
    f.days_since_checkin = last.as_deref().and_then(|d| days_between(today, d));
    f.max_craving_7d = r.try_get("max_craving")?;
    let n = |col: &str| -> Result<i64> { Ok(r.try_get::<Option<i64>, _>(col)?.unwrap_or(0)) };
    f.craving_7d = Window { sum: n("sum_now")?, count: n("n_now")? };
    f.craving_prev_7d = Window { sum: n("sum_before")?, count: n("n_before")? };
    let mood: Option<String> = r.try_get("last_mood")?;
    f.latest_mood_7d = mood.as_deref().and_then(|s| s.rsplit(':').next()).and_then(|m| m.parse().ok());
    Ok(())
}

/// The stored score of a row with `kept_score`, `kept_level` and `kept_reasons` (NULL when none).
fn kept(r: &sqlx::any::AnyRow) -> Result<Option<KeptRisk>> {
    let score: Option<i64> = r.try_get("kept_score")?;
    let level: Option<String> = r.try_get("kept_level")?;
    let reasons: Option<String> = r.try_get("kept_reasons")?;
    Ok(match (score, level, reasons) {
        (Some(score), Some(level), Some(reasons)) => Some(KeptRisk { score, level, reasons }),
        _ => None,
    })
}

/// On PostgreSQL, the facts of the active members chosen by `{filter}` (on
/// `m`, with `$1`), one row each, every part read through the member's own
/// indexes (`LATERAL` and the `OFFSET 0` fence keep the planner from
/// scanning whole tables to hash-join a centre's 2,000 members). `$2`..`$6`
/// are the window edges as in [`Store::risk_facts`].
fn pg_facts_sql(filter: &str) -> String {
    format!(
        "SELECT m.user_id AS member_id, m.center_id, m.admitted_at, m.discharged_at, r.kept_score, r.kept_level, \
         r.kept_reasons, cc.last_date, cc.max_craving, cc.sum_now, cc.n_now, cc.sum_before, cc.n_before, \
         cc.last_mood, ab.absences, lp.lapse, sa.alert_at, cr.crises FROM members m \
         LEFT JOIN LATERAL (SELECT x.score AS kept_score, x.level AS kept_level, x.reasons AS kept_reasons \
         FROM member_risk x WHERE x.member_id = m.user_id OFFSET 0) r ON true \
         CROSS JOIN LATERAL (SELECT {CHECKIN_AGGREGATES} FROM checkins c \
         WHERE c.member_id = m.user_id AND c.local_date >= $2) cc \
         CROSS JOIN LATERAL (SELECT CAST(COALESCE(SUM(CASE WHEN status = 'absent' \
         AND starts_at > COALESCE(last_in, -1) THEN 1 ELSE 0 END), 0) AS BIGINT) AS absences \
         FROM (SELECT a.status, s.starts_at, MAX(CASE WHEN a.status IN ('present', 'late') THEN s.starts_at END) \
         OVER () AS last_in FROM attendance a JOIN group_sessions s ON s.id = a.session_id \
         WHERE a.member_id = m.user_id AND a.recorded_at >= $4 AND a.status <> 'excused') rec) ab \
         CROSS JOIN LATERAL (SELECT MAX(l.date) AS lapse FROM lapses l \
         WHERE l.member_id = m.user_id AND l.date >= $5) lp \
         CROSS JOIN LATERAL (SELECT MAX(x.created_at) AS alert_at FROM safety_alerts x \
         WHERE x.member_id = m.user_id AND x.created_at >= $6) sa \
         CROSS JOIN LATERAL (SELECT COUNT(*) AS crises FROM crisis_alerts x \
         WHERE x.member_id = m.user_id AND x.status <> 'resolved') cr \
         WHERE {filter} AND (SELECT u.disabled FROM users u WHERE u.id = m.user_id) = 0"
    )
}

/// A member's facts from a row of the single-member query or of [`pg_facts_sql`].
fn member_facts(r: &sqlx::any::AnyRow, member_id: String, today: NaiveDate, now: i64) -> Result<MemberFacts> {
    let admitted_at: i64 = r.try_get("admitted_at")?;
    let discharged_at: Option<i64> = r.try_get("discharged_at")?;
    let lapse: Option<String> = r.try_get("lapse")?;
    let alert_at: Option<i64> = r.try_get("alert_at")?;
    let count = |col: &str| -> Result<i64> { Ok(r.try_get::<Option<i64>, _>(col)?.unwrap_or(0)) };
    let mut f = RiskFacts {
        consecutive_absences: count("absences")?,
        days_since_admission: days_since_ms(now, admitted_at),
        days_since_lapse: lapse.as_deref().and_then(|d| days_between(today, d)),
        days_since_safety_flag: alert_at.map(|at| days_since_ms(now, at)),
        open_crisis: count("crises")? > 0,
        days_since_discharge: discharged_at.map(|d| days_since_ms(now, d)),
        ..RiskFacts::default()
    };
    checkin_facts(&mut f, r, today)?;
    Ok(MemberFacts { member_id, center_id: r.try_get("center_id")?, facts: f, kept: kept(r)? })
}

impl Store {
    /// One active member's facts, centre and stored score, in one query;
    /// None when there is no such active member.
    pub async fn risk_facts(&self, member_id: &str, today: NaiveDate, now: i64) -> Result<Option<MemberFacts>> {
        let b = Bounds::new(today, now);
        // Every part is read through the member's own indexes; the absences
        // are those after the latest attended session (excused ones skipped).
        let sql = match self.backend {
            Backend::Postgres => safe!("{}", pg_facts_sql("m.user_id = $1")),
            Backend::Sqlite => safe!(
                "WITH cc AS (SELECT {CHECKIN_AGGREGATES} FROM checkins c WHERE c.member_id = $1 AND c.local_date >= $2), \
             rec AS (SELECT a.status, s.starts_at FROM attendance a JOIN group_sessions s ON s.id = a.session_id \
             WHERE a.member_id = $1 AND a.recorded_at >= $4 AND a.status <> 'excused'), \
             ab AS (SELECT COUNT(*) AS absences FROM rec WHERE status = 'absent' AND starts_at > \
             COALESCE((SELECT MAX(starts_at) FROM rec WHERE status IN ('present', 'late')), -1)), \
             lp AS (SELECT MAX(date) AS lapse FROM lapses WHERE member_id = $1 AND date >= $5), \
             sa AS (SELECT MAX(created_at) AS alert_at FROM safety_alerts WHERE member_id = $1 AND created_at >= $6), \
             cr AS (SELECT COUNT(*) AS crises FROM crisis_alerts WHERE member_id = $1 AND status <> 'resolved') \
             SELECT m.center_id, m.admitted_at, m.discharged_at, cc.last_date, cc.max_craving, cc.sum_now, cc.n_now, \
             cc.sum_before, cc.n_before, cc.last_mood, ab.absences, lp.lapse, sa.alert_at, cr.crises, \
             r.score AS kept_score, r.level AS kept_level, r.reasons AS kept_reasons \
             FROM members m JOIN users u ON u.id = m.user_id LEFT JOIN member_risk r ON r.member_id = m.user_id \
             CROSS JOIN cc CROSS JOIN ab CROSS JOIN lp CROSS JOIN sa CROSS JOIN cr \
             WHERE m.user_id = $1 AND u.disabled = 0"
            ),
        };
        let row = b.bind(sqlx::query(sql).bind(member_id)).fetch_optional(&self.pool).await?;
        let Some(r) = row else { return Ok(None) };
        member_facts(&r, member_id.to_string(), today, now).map(Some)
    }

    /// The facts and stored scores of every active member of a centre, in a handful of set-based queries.
    pub async fn center_risk_facts(&self, center_id: &str, today: NaiveDate, now: i64) -> Result<Vec<MemberFacts>> {
        let b = Bounds::new(today, now);
        if self.backend == Backend::Postgres {
            let rows = b
                .bind(sqlx::query(safe!("{}", pg_facts_sql("m.center_id = $1"))).bind(center_id))
                .fetch_all(&self.pool)
                .await?;
            return rows.iter().map(|r| member_facts(r, r.try_get("member_id")?, today, now)).collect();
        }
        // SQLite: a query for each part, grouped by member.
        let rows = sqlx::query(
            "SELECT m.user_id, m.admitted_at, m.discharged_at, r.score AS kept_score, r.level AS kept_level, \
             r.reasons AS kept_reasons FROM members m JOIN users u ON u.id = m.user_id \
             LEFT JOIN member_risk r ON r.member_id = m.user_id WHERE m.center_id = $1 AND u.disabled = 0",
        )
        .bind(center_id)
        .fetch_all(&self.pool)
        .await?;
        let mut index: HashMap<String, usize> = HashMap::with_capacity(rows.len());
        let mut out: Vec<MemberFacts> = Vec::with_capacity(rows.len());
        for r in &rows {
            let member_id: String = r.try_get("user_id")?;
            let admitted_at: i64 = r.try_get("admitted_at")?;
            let discharged_at: Option<i64> = r.try_get("discharged_at")?;
            let facts = RiskFacts {
                days_since_admission: days_since_ms(now, admitted_at),
                days_since_discharge: discharged_at.map(|d| days_since_ms(now, d)),
                ..RiskFacts::default()
            };
            index.insert(member_id.clone(), out.len());
            out.push(MemberFacts { member_id, center_id: center_id.to_string(), facts, kept: kept(r)? });
        }
        drop(rows);
        if out.is_empty() {
            return Ok(out);
        }
        // Where a row's member is in `out` (None for one not active).
        let at = |r: &sqlx::any::AnyRow| -> Result<Option<usize>> {
            let member_id: String = r.try_get("member_id")?;
            Ok(index.get(&member_id).copied())
        };

        // Check-ins of the look-back.
        let rows = sqlx::query(safe!(
            "SELECT c.member_id, {CHECKIN_AGGREGATES} FROM members m \
             JOIN checkins c ON c.member_id = m.user_id AND c.local_date >= $2 \
             WHERE m.center_id = $1 GROUP BY c.member_id"
        ))
        .bind(center_id)
        .bind(&b.checkins_from)
        .bind(&b.week_from)
        .fetch_all(&self.pool)
        .await?;
        for r in &rows {
            if let Some(i) = at(r)? {
                checkin_facts(&mut out[i].facts, r, today)?;
            }
        }

        // Absences since the latest attended session (excused ones skipped):
        // each record beside its member's latest attended start, in one pass.
        let rows = sqlx::query(
            "SELECT member_id, CAST(SUM(CASE WHEN status = 'absent' AND starts_at > COALESCE(last_in, -1) \
             THEN 1 ELSE 0 END) AS BIGINT) AS n FROM (SELECT a.member_id, a.status, s.starts_at, \
             MAX(CASE WHEN a.status IN ('present', 'late') THEN s.starts_at END) \
             OVER (PARTITION BY a.member_id) AS last_in FROM members m \
             JOIN attendance a ON a.member_id = m.user_id AND a.recorded_at >= $2 \
             JOIN group_sessions s ON s.id = a.session_id WHERE m.center_id = $1 AND a.status <> 'excused') rec \
             GROUP BY member_id",
        )
        .bind(center_id)
        .bind(b.attendance_since)
        .fetch_all(&self.pool)
        .await?;
        for r in &rows {
            if let Some(i) = at(r)? {
                out[i].facts.consecutive_absences = r.try_get("n")?;
            }
        }

        // The latest lapse within the window.
        let rows = sqlx::query(
            "SELECT l.member_id, MAX(l.date) AS d FROM members m JOIN lapses l ON l.member_id = m.user_id \
             AND l.date >= $2 WHERE m.center_id = $1 GROUP BY l.member_id",
        )
        .bind(center_id)
        .bind(&b.lapses_from)
        .fetch_all(&self.pool)
        .await?;
        for r in &rows {
            let d: String = r.try_get("d")?;
            if let Some(i) = at(r)? {
                out[i].facts.days_since_lapse = days_between(today, &d);
            }
        }

        // The latest safety alert raised by the member's messages.
        let rows = sqlx::query(
            "SELECT a.member_id, MAX(a.created_at) AS at FROM safety_alerts a WHERE a.center_id = $1 \
             AND a.created_at >= $2 GROUP BY a.member_id",
        )
        .bind(center_id)
        .bind(b.alerts_since)
        .fetch_all(&self.pool)
        .await?;
        for r in &rows {
            let alert_at: i64 = r.try_get("at")?;
            if let Some(i) = at(r)? {
                out[i].facts.days_since_safety_flag = Some(days_since_ms(now, alert_at));
            }
        }

        // An open crisis alert (raised, acknowledged or not, and not yet resolved).
        let rows = sqlx::query(
            "SELECT DISTINCT a.member_id FROM crisis_alerts a WHERE a.center_id = $1 AND a.status <> 'resolved'",
        )
        .bind(center_id)
        .fetch_all(&self.pool)
        .await?;
        for r in &rows {
            if let Some(i) = at(r)? {
                out[i].facts.open_crisis = true;
            }
        }
        Ok(out)
    }

    /// A centre's own weights: (name, value) — signal names and `medium_at`/`high_at`.
    pub async fn risk_weights(&self, center_id: &str) -> Result<Vec<(String, i64)>> {
        let rows = sqlx::query("SELECT name, value FROM risk_weights WHERE center_id = $1 ORDER BY name")
            .bind(center_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok((r.try_get("name")?, r.try_get("value")?))).collect()
    }

    /// Sets some of a centre's weights (the others stay), audited.
    pub async fn set_risk_weights(
        &self,
        center_id: &str,
        values: &[(String, i64)],
        actor_id: &str,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for (name, value) in values {
            sqlx::query(
                "INSERT INTO risk_weights (center_id, name, value, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (center_id, name) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, \
                 updated_at = excluded.updated_at",
            )
            .bind(center_id)
            .bind(name)
            .bind(*value)
            .bind(actor_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        let detail: serde_json::Map<String, serde_json::Value> =
            values.iter().map(|(n, v)| (n.clone(), serde_json::Value::from(*v))).collect();
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(center_id), Some(actor_id), "risk.weights")
                .on("center", Some(center_id))
                .detail(serde_json::Value::Object(detail)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The stored scores of a centre's members, highest first (equal scores by member id).
    pub async fn center_risks(&self, center_id: &str, limit: i64) -> Result<Vec<MemberRisk>> {
        let rows = sqlx::query(
            "SELECT r.member_id, u.display_name, m.counselor_id, r.score, r.level, r.reasons, r.computed_at, \
             r.high_since, r.notified_at FROM member_risk r JOIN members m ON m.user_id = r.member_id \
             JOIN users u ON u.id = r.member_id WHERE r.center_id = $1 AND u.disabled = 0 \
             ORDER BY r.score DESC, r.member_id LIMIT $2",
        )
        .bind(center_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(member_risk).collect()
    }

    /// One member's stored score.
    pub async fn member_risk(&self, member_id: &str) -> Result<Option<MemberRisk>> {
        let row = sqlx::query(
            "SELECT r.member_id, u.display_name, m.counselor_id, r.score, r.level, r.reasons, r.computed_at, \
             r.high_since, r.notified_at FROM member_risk r JOIN members m ON m.user_id = r.member_id \
             JOIN users u ON u.id = r.member_id WHERE r.member_id = $1",
        )
        .bind(member_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(member_risk).transpose()
    }

    /// Keeps scores (a move to high records `high_since`; leaving high clears
    /// it) and claims, in the same transaction, the members of `center_id`
    /// whose move to high nobody has been told of yet: each is answered once.
    /// One score that is not high is one statement (atomic by itself); more
    /// go in one transaction, in as few statements as the backend allows.
    pub async fn save_risks(
        &self,
        center_id: &str,
        writes: &[RiskWrite],
        email: bool,
        now: i64,
    ) -> Result<Vec<NewlyHigh>> {
        if writes.is_empty() {
            return Ok(Vec::new());
        }
        let any_high = writes.iter().any(|w| w.level == "high");
        if let [w] = writes
            && !any_high
        {
            // On PostgreSQL this one statement is its own transaction, and
            // its commit does not wait for the WAL flush: a score is derived
            // data that the next update or sweep recomputes, so like SQLite's
            // `synchronous=NORMAL` it survives the process crashing, not the
            // machine. (Writes at high, which claim notifications, stay
            // synchronous.)
            let sql = match self.backend {
                Backend::Postgres => safe!(
                    "{UPSERT} SELECT $1, $2, $3, $4, $5, $6, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT) \
                     FROM (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed{ON_CONFLICT}"
                ),
                Backend::Sqlite => safe!("{UPSERT} VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL){ON_CONFLICT}"),
            };
            let q = sqlx::query(sql).bind(&w.member_id).bind(&w.center_id).bind(w.score).bind(&w.level);
            self.execute_write(q.bind(&w.reasons).bind(now)).await?;
            return Ok(Vec::new());
        }
        let mut tx = self.begin_write().await?;
        match self.backend {
            Backend::Sqlite => {
                for chunk in writes.chunks(SQLITE_ROWS_PER_STATEMENT) {
                    let sql = safe!(
                        "{UPSERT} VALUES {}{ON_CONFLICT}",
                        crate::attendance::values_list(self.backend, chunk.len(), 8)
                    );
                    let mut q = sqlx::query(sql);
                    for w in chunk {
                        let high_since = (w.level == "high").then_some(now);
                        q = q
                            .bind(&w.member_id)
                            .bind(&w.center_id)
                            .bind(w.score)
                            .bind(&w.level)
                            .bind(&w.reasons)
                            .bind(now)
                            .bind(high_since)
                            .bind(None::<i64>);
                    }
                    q.execute(&mut *tx).await?;
                }
            }
            Backend::Postgres => {
                // The rows as one JSON parameter (the Any driver binds no
                // arrays): one statement for thousands of rows.
                #[derive(serde::Serialize)]
                struct Row<'a> {
                    m: &'a str,
                    c: &'a str,
                    s: i64,
                    l: &'a str,
                    r: &'a str,
                }
                for chunk in writes.chunks(PG_ROWS_PER_STATEMENT) {
                    let rows: Vec<Row<'_>> = chunk
                        .iter()
                        .map(|w| Row { m: &w.member_id, c: &w.center_id, s: w.score, l: &w.level, r: &w.reasons })
                        .collect();
                    let json = serde_json::to_string(&rows).map_err(|e| crate::StoreError::Corrupt(e.to_string()))?;
                    sqlx::query(safe!(
                        "{UPSERT} SELECT x.m, x.c, x.s, x.l, x.r, $1, CASE WHEN x.l = 'high' THEN $1 END, \
                         CAST(NULL AS BIGINT) FROM json_to_recordset(CAST($2 AS JSON)) \
                         AS x(m TEXT, c TEXT, s BIGINT, l TEXT, r TEXT){ON_CONFLICT}"
                    ))
                    .bind(now)
                    .bind(json)
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
        // Only a write at high can make a move to high to claim; the partial
        // index finds the unclaimed rows without reading the centre's others.
        let newly = if !any_high {
            Vec::new()
        } else {
            let rows = sqlx::query(
                "UPDATE member_risk SET notified_at = $2 WHERE center_id = $1 AND level = 'high' \
                 AND notified_at IS NULL RETURNING member_id, score, \
                 (SELECT m.counselor_id FROM members m WHERE m.user_id = member_risk.member_id) AS counselor_id, \
                 (SELECT u.display_name FROM users u WHERE u.id = member_risk.member_id) AS display_name",
            )
            .bind(center_id)
            .bind(now)
            .fetch_all(&mut *tx)
            .await?;
            let mut newly = rows
                .iter()
                .map(|r| {
                    Ok(NewlyHigh {
                        member_id: r.try_get("member_id")?,
                        center_id: center_id.to_string(),
                        counselor_id: r.try_get("counselor_id")?,
                        member_name: r.try_get::<Option<String>, _>("display_name")?.unwrap_or_default(),
                        score: r.try_get("score")?,
                        notification_id: None,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            // The counsellor is told in the claim's own transaction: a claim
            // is never committed without its notification (which would then
            // never be made), nor a notification without its claim.
            for n in &mut newly {
                if let Some(counselor) = &n.counselor_id {
                    let link = format!("/members/{}", n.member_id);
                    let new = crate::notifications::NewNotification {
                        center_id,
                        user_id: counselor,
                        kind: NOTIFICATION_KIND,
                        link: &link,
                        dedupe_key: None,
                    };
                    n.notification_id = crate::notifications::insert_notification(&mut tx, &new, email, now).await?;
                }
            }
            newly
        };
        tx.commit().await?;
        Ok(newly)
    }
}

const UPSERT: &str =
    "INSERT INTO member_risk (member_id, center_id, score, level, reasons, computed_at, high_since, notified_at)";
/// A move to high keeps the first `high_since` while high; leaving high clears it and the claim.
const ON_CONFLICT: &str = " ON CONFLICT (member_id) DO UPDATE SET score = excluded.score, \
     level = excluded.level, reasons = excluded.reasons, computed_at = excluded.computed_at, \
     high_since = CASE WHEN excluded.level = 'high' THEN COALESCE(member_risk.high_since, excluded.computed_at) \
     ELSE NULL END, \
     notified_at = CASE WHEN excluded.level = 'high' THEN member_risk.notified_at ELSE NULL END";

fn member_risk(r: &sqlx::any::AnyRow) -> Result<MemberRisk> {
    Ok(MemberRisk {
        member_id: r.try_get("member_id")?,
        member_name: r.try_get("display_name")?,
        counselor_id: r.try_get("counselor_id")?,
        score: r.try_get("score")?,
        level: r.try_get("level")?,
        reasons: r.try_get("reasons")?,
        computed_at: r.try_get("computed_at")?,
        high_since: r.try_get("high_since")?,
        notified_at: r.try_get("notified_at")?,
    })
}
