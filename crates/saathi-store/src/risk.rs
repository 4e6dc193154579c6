//! Relapse risk: the facts the score is computed from (for one member, or
//! for every member of a centre at once with a few set-based queries), the
//! centre's weights, and each member's latest score.
//!
//! The facts are read relative to "today" in the centre's calendar: check-in
//! and lapse dates are local dates; alerts, admission and discharge are
//! times (whole days before `now`).

use crate::{AuditEntry, Result, Store, StoreError, audit};
use chrono::{Duration, NaiveDate};
use saathi_domain::risk::{
    ATTENDANCE_LOOKBACK_DAYS, CHECKIN_LOOKBACK_DAYS, CRAVING_WINDOW_DAYS, LAPSE_DAYS, RiskFacts, SAFETY_FLAG_DAYS,
    Window,
};
use sqlx::Row;
use std::collections::HashMap;

const DAY_MS: i64 = 24 * 3_600_000;
/// Rows per upsert statement (7 values each).
const ROWS_PER_STATEMENT: usize = 200;

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

/// A member who has just moved to high, claimed for one notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewlyHigh {
    pub member_id: String,
    pub center_id: String,
    pub counselor_id: Option<String>,
    pub member_name: String,
    pub score: i64,
}

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

impl Store {
    /// One member's facts (and centre), or None when there is no such member.
    pub async fn risk_facts(&self, member_id: &str, today: NaiveDate, now: i64) -> Result<Option<(String, RiskFacts)>> {
        let week = date(today - Duration::days(CRAVING_WINDOW_DAYS - 1));
        let row = sqlx::query(
            "WITH c AS (SELECT local_date, craving, mood FROM checkins WHERE member_id = $1 AND local_date >= $2), \
             cc AS (SELECT MAX(local_date) AS last_date, \
             MAX(CASE WHEN local_date >= $3 THEN craving END) AS max_craving, \
             CAST(SUM(CASE WHEN local_date >= $3 THEN craving ELSE 0 END) AS BIGINT) AS sum_now, \
             CAST(SUM(CASE WHEN local_date >= $3 THEN 1 ELSE 0 END) AS BIGINT) AS n_now, \
             CAST(SUM(CASE WHEN local_date < $3 THEN craving ELSE 0 END) AS BIGINT) AS sum_before, \
             CAST(SUM(CASE WHEN local_date < $3 THEN 1 ELSE 0 END) AS BIGINT) AS n_before, \
             MAX(CASE WHEN local_date >= $3 THEN local_date || ':' || CAST(mood AS TEXT) END) AS last_mood FROM c), \
             rec AS (SELECT a.status, s.starts_at FROM attendance a JOIN group_sessions s ON s.id = a.session_id \
             WHERE a.member_id = $1 AND a.recorded_at >= $4 AND a.status <> 'excused'), \
             ab AS (SELECT COUNT(*) AS absences FROM rec WHERE status = 'absent' AND starts_at > \
             COALESCE((SELECT MAX(starts_at) FROM rec WHERE status IN ('present', 'late')), -1)), \
             lp AS (SELECT MAX(date) AS lapse FROM lapses WHERE member_id = $1 AND date >= $5), \
             sa AS (SELECT MAX(created_at) AS alert_at FROM safety_alerts WHERE member_id = $1 AND created_at >= $6), \
             cr AS (SELECT COUNT(*) AS crises FROM crisis_alerts WHERE member_id = $1 AND status <> 'resolved') \
             SELECT m.center_id, m.admitted_at, m.discharged_at, cc.last_date, cc.max_craving, cc.sum_now, cc.n_now, \
             cc.sum_before, cc.n_before, cc.last_mood, ab.absences, lp.lapse, sa.alert_at, cr.crises \
             FROM members m JOIN users u ON u.id = m.user_id CROSS JOIN cc CROSS JOIN ab CROSS JOIN lp \
             CROSS JOIN sa CROSS JOIN cr WHERE m.user_id = $1 AND u.disabled = 0",
        )
        .bind(member_id)
        .bind(date(today - Duration::days(CHECKIN_LOOKBACK_DAYS - 1)))
        .bind(&week)
        .bind(now - ATTENDANCE_LOOKBACK_DAYS * DAY_MS)
        .bind(date(today - Duration::days(LAPSE_DAYS)))
        .bind(now - (SAFETY_FLAG_DAYS + 1) * DAY_MS)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let admitted_at: i64 = r.try_get("admitted_at")?;
        let discharged_at: Option<i64> = r.try_get("discharged_at")?;
        let last: Option<String> = r.try_get("last_date")?;
        let mood: Option<String> = r.try_get("last_mood")?;
        let lapse: Option<String> = r.try_get("lapse")?;
        let alert_at: Option<i64> = r.try_get("alert_at")?;
        let count = |col: &str| -> Result<i64> { Ok(r.try_get::<Option<i64>, _>(col)?.unwrap_or(0)) };
        let f = RiskFacts {
            consecutive_absences: count("absences")?,
            days_since_checkin: last.as_deref().and_then(|d| days_between(today, d)),
            days_since_admission: days_since_ms(now, admitted_at),
            max_craving_7d: r.try_get("max_craving")?,
            craving_7d: Window { sum: count("sum_now")?, count: count("n_now")? },
            craving_prev_7d: Window { sum: count("sum_before")?, count: count("n_before")? },
            latest_mood_7d: mood.as_deref().and_then(|s| s.rsplit(':').next()).and_then(|m| m.parse().ok()),
            days_since_lapse: lapse.as_deref().and_then(|d| days_between(today, d)),
            days_since_safety_flag: alert_at.map(|at| days_since_ms(now, at)),
            open_crisis: count("crises")? > 0,
            days_since_discharge: discharged_at.map(|d| days_since_ms(now, d)),
        };
        Ok(Some((r.try_get("center_id")?, f)))
    }

    /// The facts of every active member of a centre, in a handful of queries.
    pub async fn center_risk_facts(
        &self,
        center_id: &str,
        today: NaiveDate,
        now: i64,
    ) -> Result<Vec<(String, RiskFacts)>> {
        Ok(self.facts(center_id, today, now).await?.into_iter().map(|(m, _, f)| (m, f)).collect())
    }

    async fn facts(&self, center_id: &str, today: NaiveDate, now: i64) -> Result<Vec<(String, String, RiskFacts)>> {
        let filter = "m.center_id = $1";
        let id = center_id;
        let rows = sqlx::query(safe!(
            "SELECT m.user_id, m.center_id, m.admitted_at, m.discharged_at FROM members m JOIN users u ON u.id = m.user_id \
             WHERE {filter} AND u.disabled = 0"
        ))
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut index: HashMap<String, usize> = HashMap::with_capacity(rows.len());
        let mut out: Vec<(String, String, RiskFacts)> = Vec::with_capacity(rows.len());
        for r in &rows {
            let member_id: String = r.try_get("user_id")?;
            let admitted_at: i64 = r.try_get("admitted_at")?;
            let discharged_at: Option<i64> = r.try_get("discharged_at")?;
            let f = RiskFacts {
                days_since_admission: days_since_ms(now, admitted_at),
                days_since_discharge: discharged_at.map(|d| days_since_ms(now, d)),
                ..RiskFacts::default()
            };
            index.insert(member_id.clone(), out.len());
            out.push((member_id, r.try_get("center_id")?, f));
        }
        if out.is_empty() {
            return Ok(out);
        }

        // Check-ins of the look-back: the latest date, the craving windows
        // and the latest mood of the last 7 days (the largest "date:mood").
        let from = date(today - Duration::days(CHECKIN_LOOKBACK_DAYS - 1));
        let week = date(today - Duration::days(CRAVING_WINDOW_DAYS - 1));
        let rows = sqlx::query(safe!(
            "SELECT c.member_id, MAX(c.local_date) AS last_date, \
             MAX(CASE WHEN c.local_date >= $3 THEN c.craving END) AS max_craving, \
             CAST(SUM(CASE WHEN c.local_date >= $3 THEN c.craving ELSE 0 END) AS BIGINT) AS sum_now, \
             CAST(SUM(CASE WHEN c.local_date >= $3 THEN 1 ELSE 0 END) AS BIGINT) AS n_now, \
             CAST(SUM(CASE WHEN c.local_date < $3 THEN c.craving ELSE 0 END) AS BIGINT) AS sum_before, \
             CAST(SUM(CASE WHEN c.local_date < $3 THEN 1 ELSE 0 END) AS BIGINT) AS n_before, \
             MAX(CASE WHEN c.local_date >= $3 THEN c.local_date || ':' || CAST(c.mood AS TEXT) END) AS last_mood \
             FROM members m JOIN checkins c ON c.member_id = m.user_id AND c.local_date >= $2 \
             WHERE {filter} GROUP BY c.member_id"
        ))
        .bind(id)
        .bind(&from)
        .bind(&week)
        .fetch_all(&self.pool)
        .await?;
        for r in &rows {
            let member_id: String = r.try_get("member_id")?;
            let Some(i) = index.get(&member_id) else { continue };
            let f = &mut out[*i].2;
            let last: Option<String> = r.try_get("last_date")?;
            f.days_since_checkin = last.as_deref().and_then(|d| days_between(today, d));
            f.max_craving_7d = r.try_get("max_craving")?;
            f.craving_7d = Window { sum: r.try_get("sum_now")?, count: r.try_get("n_now")? };
            f.craving_prev_7d = Window { sum: r.try_get("sum_before")?, count: r.try_get("n_before")? };
            let mood: Option<String> = r.try_get("last_mood")?;
            f.latest_mood_7d = mood.as_deref().and_then(|s| s.rsplit(':').next()).and_then(|m| m.parse().ok());
        }

        // Absences since the latest attended session (excused ones skipped).
        let since = now - ATTENDANCE_LOOKBACK_DAYS * DAY_MS;
        let rows = sqlx::query(safe!(
            "WITH rec AS (SELECT a.member_id, a.status, s.starts_at FROM members m \
             JOIN attendance a ON a.member_id = m.user_id AND a.recorded_at >= $2 \
             JOIN group_sessions s ON s.id = a.session_id WHERE {filter} AND a.status <> 'excused'), \
             last_in AS (SELECT member_id, MAX(starts_at) AS at FROM rec WHERE status IN ('present', 'late') \
             GROUP BY member_id) \
             SELECT r.member_id, COUNT(*) AS n FROM rec r LEFT JOIN last_in l ON l.member_id = r.member_id \
             WHERE r.status = 'absent' AND (l.at IS NULL OR r.starts_at > l.at) GROUP BY r.member_id"
        ))
        .bind(id)
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        for r in &rows {
            let member_id: String = r.try_get("member_id")?;
            if let Some(i) = index.get(&member_id) {
                out[*i].2.consecutive_absences = r.try_get("n")?;
            }
        }

        // The latest lapse within the window.
        let rows = sqlx::query(safe!(
            "SELECT l.member_id, MAX(l.date) AS d FROM members m JOIN lapses l ON l.member_id = m.user_id \
             AND l.date >= $2 WHERE {filter} GROUP BY l.member_id"
        ))
        .bind(id)
        .bind(date(today - Duration::days(LAPSE_DAYS)))
        .fetch_all(&self.pool)
        .await?;
        for r in &rows {
            let member_id: String = r.try_get("member_id")?;
            let d: String = r.try_get("d")?;
            if let Some(i) = index.get(&member_id) {
                out[*i].2.days_since_lapse = days_between(today, &d);
            }
        }

        // The latest safety alert raised by the member's messages.
        let (alert_filter, alert_id) = ("a.center_id = $1", center_id);
        let rows = sqlx::query(safe!(
            "SELECT a.member_id, MAX(a.created_at) AS at FROM safety_alerts a WHERE {alert_filter} \
             AND a.created_at >= $2 GROUP BY a.member_id"
        ))
        .bind(alert_id)
        .bind(now - (SAFETY_FLAG_DAYS + 1) * DAY_MS)
        .fetch_all(&self.pool)
        .await?;
        for r in &rows {
            let member_id: String = r.try_get("member_id")?;
            let at: i64 = r.try_get("at")?;
            if let Some(i) = index.get(&member_id) {
                out[*i].2.days_since_safety_flag = Some(days_since_ms(now, at));
            }
        }

        // An open crisis alert (raised, acknowledged or not, and not yet resolved).
        let rows = sqlx::query(safe!(
            "SELECT DISTINCT a.member_id FROM crisis_alerts a WHERE {alert_filter} AND a.status <> 'resolved'"
        ))
        .bind(alert_id)
        .fetch_all(&self.pool)
        .await?;
        for r in &rows {
            let member_id: String = r.try_get("member_id")?;
            if let Some(i) = index.get(&member_id) {
                out[*i].2.open_crisis = true;
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

    /// The stored (score, level, reasons) of a centre's members, to skip unchanged rows.
    pub async fn center_risk_keys(&self, center_id: &str) -> Result<HashMap<String, (i64, String, String)>> {
        let rows = sqlx::query("SELECT member_id, score, level, reasons FROM member_risk WHERE center_id = $1")
            .bind(center_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("member_id")?, (r.try_get("score")?, r.try_get("level")?, r.try_get("reasons")?))))
            .collect()
    }

    /// Keeps scores (a move to high records `high_since`; leaving high clears
    /// it) and claims, in the same transaction, the members of `center_id`
    /// whose move to high nobody has been told of yet: each is answered once.
    pub async fn save_risks(&self, center_id: &str, writes: &[RiskWrite], now: i64) -> Result<Vec<NewlyHigh>> {
        let mut tx = self.begin_write().await?;
        for chunk in writes.chunks(ROWS_PER_STATEMENT) {
            let sql = safe!(
                "INSERT INTO member_risk (member_id, center_id, score, level, reasons, computed_at, high_since, \
                 notified_at) VALUES {} ON CONFLICT (member_id) DO UPDATE SET score = excluded.score, \
                 level = excluded.level, reasons = excluded.reasons, computed_at = excluded.computed_at, \
                 high_since = CASE WHEN excluded.level = 'high' \
                 THEN COALESCE(member_risk.high_since, excluded.computed_at) ELSE NULL END, \
                 notified_at = CASE WHEN excluded.level = 'high' THEN member_risk.notified_at ELSE NULL END",
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
        // Only a write at high can make a move to high to claim.
        let claimed: Vec<String> = if !writes.iter().any(|w| w.level == "high") {
            Vec::new()
        } else {
            sqlx::query_scalar(
                "UPDATE member_risk SET notified_at = $2 WHERE center_id = $1 AND level = 'high' \
             AND notified_at IS NULL RETURNING member_id",
            )
            .bind(center_id)
            .bind(now)
            .fetch_all(&mut *tx)
            .await?
        };
        let mut newly = Vec::with_capacity(claimed.len());
        for member_id in claimed {
            let r = sqlx::query(
                "SELECT m.counselor_id, u.display_name, r.score FROM member_risk r \
                 JOIN members m ON m.user_id = r.member_id JOIN users u ON u.id = r.member_id WHERE r.member_id = $1",
            )
            .bind(&member_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::Corrupt("a claimed risk row has no member".into()))?;
            newly.push(NewlyHigh {
                center_id: center_id.to_string(),
                counselor_id: r.try_get("counselor_id")?,
                member_name: r.try_get("display_name")?,
                score: r.try_get("score")?,
                member_id,
            });
        }
        tx.commit().await?;
        Ok(newly)
    }
}

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
