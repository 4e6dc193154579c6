//! Crisis alerts, their escalation state and steps, and the on-call roster.
//!
//! Escalation is data: an open alert holds the tier it reached and when the
//! next is due (`next_at`). Raising an alert, and each escalation, write in
//! ONE transaction the alert's state, its steps, who was told, and their
//! in-app notifications with the outgoing deliveries (the outbox): a crash
//! rolls all of it back and the alert is simply still due. On PostgreSQL
//! due rows are claimed with `FOR UPDATE SKIP LOCKED` (several instances
//! escalate each alert once) and times come from the database's clock.
//! Who each tier holds and what is skipped is decided in
//! `saathi_domain::crisis`.

use crate::{AuditEntry, Backend, Result, Store, StoreError, WriteTx, audit, new_id, now_ms};
use saathi_domain::crisis::{self, Slot, Step, TierPeople};
use sqlx::Row;
use sqlx::any::AnyRow;

/// The kind of the in-app notification each told person gets.
pub const NOTIFICATION_KIND: &str = "crisis";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrisisAlert {
    pub id: String,
    pub center_id: String,
    pub member_id: String,
    pub member_name: String,
    /// `open`, `acknowledged` or `resolved`.
    pub status: String,
    /// The last tier reached (0 only if none was processed).
    pub tier: i64,
    /// When the next tier is due; `None`: nothing is due.
    pub next_at: Option<i64>,
    pub created_at: i64,
    pub acknowledged_at: Option<i64>,
    pub acknowledged_by: Option<String>,
    pub resolved_at: Option<i64>,
    pub resolved_by: Option<String>,
}

/// One step of an alert's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrisisStep {
    pub id: String,
    pub alert_id: String,
    pub at: i64,
    /// `raised`, `joined`, `notified`, `skipped`, `acknowledged`, `resolved`.
    pub kind: String,
    pub tier: Option<i64>,
    pub actor_id: Option<String>,
    pub actor_name: Option<String>,
    /// Who was told (for `notified`), with their names.
    pub recipients: Vec<(String, String)>,
    /// The member's words (raised, joined) or the resolution note.
    pub note: Option<String>,
}

/// What raising (or escalating) did: the alert as it is now, whether a
/// press joined an alert already open, and the notifications made
/// (user id, notification id), to publish live after the commit.
#[derive(Debug, Clone)]
pub struct CrisisChange {
    pub alert: CrisisAlert,
    pub joined: bool,
    pub told: Vec<(String, String)>,
}

/// How escalation reads the time and the timeout.
#[derive(Debug, Clone, Copy, Default)]
pub struct Clock {
    /// The moment to act at; `None`: now (the database's clock on PostgreSQL).
    pub now: Option<i64>,
    /// Replaces every centre's acknowledgement timeout (drills and tests).
    pub timeout_override_ms: Option<i64>,
    /// Also queue an e-mail for each told person with an address.
    pub email: bool,
}

const ALERT_COLUMNS: &str = "a.id, a.center_id, a.member_id, u.display_name AS member_name, a.status, a.tier, \
    a.next_at, a.created_at, a.acknowledged_at, a.acknowledged_by, a.resolved_at, a.resolved_by";

fn alert_from_row(r: &AnyRow) -> Result<CrisisAlert> {
    Ok(CrisisAlert {
        id: r.try_get("id")?,
        center_id: r.try_get("center_id")?,
        member_id: r.try_get("member_id")?,
        member_name: r.try_get("member_name")?,
        status: r.try_get("status")?,
        tier: r.try_get("tier")?,
        next_at: r.try_get("next_at")?,
        created_at: r.try_get("created_at")?,
        acknowledged_at: r.try_get("acknowledged_at")?,
        acknowledged_by: r.try_get("acknowledged_by")?,
        resolved_at: r.try_get("resolved_at")?,
        resolved_by: r.try_get("resolved_by")?,
    })
}

async fn alert_in(conn: &mut sqlx::AnyConnection, id: &str) -> Result<Option<CrisisAlert>> {
    let row = sqlx::query(safe!(
        "SELECT {ALERT_COLUMNS} FROM crisis_alerts a JOIN users u ON u.id = a.member_id WHERE a.id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(alert_from_row).transpose()
}

fn is_unique_violation(e: &StoreError) -> bool {
    matches!(e, StoreError::Db(sqlx::Error::Database(db)) if db.is_unique_violation())
}

impl Store {
    /// The time now by the database's clock on PostgreSQL (so that several
    /// instances agree), by this machine's on SQLite (one process owns it).
    async fn clock_now(&self, conn: &mut sqlx::AnyConnection) -> Result<i64> {
        Ok(match self.backend {
            Backend::Postgres => {
                sqlx::query_scalar("SELECT CAST(floor(extract(epoch FROM clock_timestamp()) * 1000) AS BIGINT)")
                    .fetch_one(conn)
                    .await?
            }
            Backend::Sqlite => now_ms(),
        })
    }

    /// The database's time now (ms), as escalation reads it.
    pub async fn crisis_clock(&self) -> Result<i64> {
        let mut conn = self.pool.acquire().await?;
        self.clock_now(&mut conn).await
    }

    /// A member presses the crisis button. With no alert of theirs open,
    /// stores a new one, its `raised` step, and tier 1's notifications
    /// (empty tiers skipped), all in one transaction; with one still
    /// escalating, adds a `joined` step to it instead (`joined` is true);
    /// with one acknowledged but not resolved, opens it again and tells
    /// people at once (see `reopen_in`; `joined` is true).
    pub async fn raise_crisis(
        &self,
        center_id: &str,
        member_id: &str,
        message: Option<&str>,
        clock: Clock,
    ) -> Result<CrisisChange> {
        // Two presses at the same moment on PostgreSQL: the second insert
        // meets the one-open-alert index, and the retry joins.
        match self.try_raise(center_id, member_id, message, clock).await {
            Err(e) if is_unique_violation(&e) => self.try_raise(center_id, member_id, message, clock).await,
            other => other,
        }
    }

    async fn try_raise(
        &self,
        center_id: &str,
        member_id: &str,
        message: Option<&str>,
        clock: Clock,
    ) -> Result<CrisisChange> {
        let mut tx = self.begin_write().await?;
        let now = match clock.now {
            Some(n) => n,
            None => self.clock_now(&mut tx).await?,
        };
        let lock = match self.backend {
            Backend::Postgres => " FOR UPDATE",
            Backend::Sqlite => "",
        };
        let open: Option<(String, String)> = sqlx::query_as(safe!(
            "SELECT id, status FROM crisis_alerts WHERE member_id = $1 AND center_id = $2 AND status <> 'resolved'{lock}"
        ))
        .bind(member_id)
        .bind(center_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((id, status)) = open {
            let told = if status == "acknowledged" {
                self.reopen_in(&mut tx, &id, center_id, member_id, message, now, clock).await?
            } else {
                // Still escalating: the press joins it.
                insert_step(&mut tx, &id, now, "joined", None, Some(member_id), &[], message).await?;
                Vec::new()
            };
            let alert = alert_in(&mut tx, &id).await?.ok_or(StoreError::NotFound)?;
            tx.commit().await?;
            return Ok(CrisisChange { alert, joined: true, told });
        }
        let id = new_id();
        sqlx::query(
            "INSERT INTO crisis_alerts (id, center_id, member_id, status, tier, next_at, created_at) \
             VALUES ($1, $2, $3, 'open', 0, NULL, $4)",
        )
        .bind(&id)
        .bind(center_id)
        .bind(member_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        insert_step(&mut tx, &id, now, "raised", None, Some(member_id), &[], message).await?;
        let told = self.escalate_in(&mut tx, &id, center_id, member_id, 0, now, clock).await?;
        let alert = alert_in(&mut tx, &id).await?.ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(CrisisChange { alert, joined: false, told })
    }

    /// A press on an alert someone has acknowledged (taken on) but not yet
    /// resolved: the member is in crisis again, so it must reach a human
    /// again. The alert opens again; the person who took it on and everyone
    /// told of it so far are told at once (a `joined` step naming them); and
    /// unless acknowledged again it escalates from the tier it had reached
    /// after the centre's timeout, as a new alert would.
    #[allow(clippy::too_many_arguments)]
    async fn reopen_in(
        &self,
        tx: &mut WriteTx,
        alert_id: &str,
        center_id: &str,
        member_id: &str,
        message: Option<&str>,
        now: i64,
        clock: Clock,
    ) -> Result<Vec<(String, String)>> {
        let tier: i64 = sqlx::query_scalar("SELECT tier FROM crisis_alerts WHERE id = $1")
            .bind(alert_id)
            .fetch_one(&mut **tx)
            .await?;
        let tier = stored_tier(tier);
        // Those told before, and the one who took it on, if they still may act.
        let mut recipients: Vec<String> = sqlx::query_scalar(
            "SELECT u.id FROM users u WHERE u.center_id = $2 AND u.disabled = 0 AND u.id <> $3 \
             AND (u.id IN (SELECT r.user_id FROM crisis_recipients r WHERE r.alert_id = $1) \
                  OR u.id = (SELECT a.acknowledged_by FROM crisis_alerts a WHERE a.id = $1))",
        )
        .bind(alert_id)
        .bind(center_id)
        .bind(member_id)
        .fetch_all(&mut **tx)
        .await?;
        recipients.sort();
        let (_, timeout_ms) = center_timing(tx, center_id, clock).await?;
        sqlx::query(
            "UPDATE crisis_alerts SET status = 'open', acknowledged_at = NULL, acknowledged_by = NULL, next_at = $2 \
             WHERE id = $1",
        )
        .bind(alert_id)
        .bind(crisis::next_due(tier, now, timeout_ms))
        .execute(&mut **tx)
        .await?;
        let step_id = insert_step(tx, alert_id, now, "joined", None, Some(member_id), &recipients, message).await?;
        let link = format!("/crisis/alerts/{alert_id}");
        // One notification per person per press.
        let key = format!("crisis:{alert_id}:again:{step_id}");
        let mut told = Vec::new();
        for user_id in &recipients {
            if let Some(n) = notify_in(tx, center_id, user_id, &link, &key, clock.email, now).await? {
                told.push((user_id.clone(), n));
            }
        }
        Ok(told)
    }

    /// Escalates one alert that is due (open, `next_at` reached), if any,
    /// in one transaction: skipped tiers, the next tier told (steps,
    /// recipients, notifications and their deliveries), the next due time.
    /// On PostgreSQL a row another instance is escalating is skipped, not
    /// waited for. Returns what was done, or `None` when nothing is due.
    pub async fn escalate_due_crisis(&self, clock: Clock) -> Result<Option<CrisisChange>> {
        let now = match clock.now {
            Some(n) => n,
            None => self.crisis_clock().await?,
        };
        // A cheap read first: an idle server polls often and must not take
        // the write lock (SQLite) or open a transaction for nothing.
        let due: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM crisis_alerts WHERE next_at IS NOT NULL AND next_at <= $1 AND status = 'open' LIMIT 1",
        )
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        if due.is_none() {
            return Ok(None);
        }
        let mut tx = self.begin_write().await?;
        let lock = match self.backend {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let row = sqlx::query(safe!(
            "SELECT id, center_id, member_id, tier FROM crisis_alerts \
             WHERE next_at IS NOT NULL AND next_at <= $1 AND status = 'open' ORDER BY next_at, id LIMIT 1{lock}"
        ))
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            // Another instance took it (PostgreSQL) meanwhile.
            tx.commit().await?;
            return Ok(None);
        };
        let (id, center_id, member_id, tier): (String, String, String, i64) =
            (row.try_get("id")?, row.try_get("center_id")?, row.try_get("member_id")?, row.try_get("tier")?);
        let tier = stored_tier(tier);
        let told = self.escalate_in(&mut tx, &id, &center_id, &member_id, tier, now, clock).await?;
        let alert = alert_in(&mut tx, &id).await?.ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(Some(CrisisChange { alert, joined: false, told }))
    }

    /// The escalation from `from_tier` at `now`, inside the caller's
    /// transaction: the domain's plan applied to the people of each tier now.
    #[allow(clippy::too_many_arguments)]
    async fn escalate_in(
        &self,
        tx: &mut WriteTx,
        alert_id: &str,
        center_id: &str,
        member_id: &str,
        from_tier: u8,
        now: i64,
        clock: Clock,
    ) -> Result<Vec<(String, String)>> {
        let (tz, timeout_ms) = center_timing(tx, center_id, clock).await?;
        let people = tier_people(tx, center_id, member_id, now, tz).await?;
        let plan = crisis::plan(from_tier, now, timeout_ms, &people, member_id);
        let mut told = Vec::new();
        for step in &plan.steps {
            match step {
                Step::Skipped { tier } => {
                    insert_step(tx, alert_id, now, "skipped", Some(*tier), None, &[], None).await?;
                }
                Step::Notified { tier, recipients } => {
                    insert_step(tx, alert_id, now, "notified", Some(*tier), None, recipients, None).await?;
                    let link = format!("/crisis/alerts/{alert_id}");
                    let key = format!("crisis:{alert_id}:{tier}");
                    for user_id in recipients {
                        sqlx::query(
                            "INSERT INTO crisis_recipients (alert_id, user_id, tier, notified_at) VALUES ($1, $2, $3, $4)",
                        )
                        .bind(alert_id)
                        .bind(user_id)
                        .bind(i64::from(*tier))
                        .bind(now)
                        .execute(&mut **tx)
                        .await?;
                        if let Some(n) = notify_in(tx, center_id, user_id, &link, &key, clock.email, now).await? {
                            told.push((user_id.clone(), n));
                        }
                    }
                }
            }
        }
        sqlx::query("UPDATE crisis_alerts SET tier = $2, next_at = $3 WHERE id = $1")
            .bind(alert_id)
            .bind(i64::from(plan.tier))
            .bind(plan.next_at)
            .execute(&mut **tx)
            .await?;
        Ok(told)
    }

    /// Acknowledges an open alert: escalation stops. False when it was
    /// acknowledged or resolved already (the first acknowledgement stands).
    pub async fn acknowledge_crisis(&self, id: &str, actor_id: &str, now: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE crisis_alerts SET status = 'acknowledged', acknowledged_at = $2, acknowledged_by = $3, \
             next_at = NULL WHERE id = $1 AND status = 'open'",
        )
        .bind(id)
        .bind(now)
        .bind(actor_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n > 0 {
            insert_step(&mut tx, id, now, "acknowledged", None, Some(actor_id), &[], None).await?;
        }
        tx.commit().await?;
        Ok(n > 0)
    }

    /// Resolves an alert not yet resolved, with a note (an alert resolved
    /// without acknowledgement counts as acknowledged by the resolver).
    /// False when it was resolved already.
    pub async fn resolve_crisis(&self, id: &str, actor_id: &str, note: &str, now: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE crisis_alerts SET status = 'resolved', resolved_at = $2, resolved_by = $3, next_at = NULL, \
             acknowledged_at = COALESCE(acknowledged_at, $2), acknowledged_by = COALESCE(acknowledged_by, $3) \
             WHERE id = $1 AND status <> 'resolved'",
        )
        .bind(id)
        .bind(now)
        .bind(actor_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n > 0 {
            insert_step(&mut tx, id, now, "resolved", None, Some(actor_id), &[], Some(note)).await?;
        }
        tx.commit().await?;
        Ok(n > 0)
    }

    pub async fn crisis_alert(&self, id: &str) -> Result<Option<CrisisAlert>> {
        let mut conn = self.pool.acquire().await?;
        alert_in(&mut conn, id).await
    }

    /// A centre's alerts, newest first: those of `statuses` (all when
    /// empty), of one member when `member_id` is given, at most `limit`.
    ///
    /// `concerning`: only the alerts that user was told of or whose member
    /// they mentor now (a peer mentor's list, narrowed before the limit so
    /// that the centre's other alerts do not crowd theirs out).
    pub async fn crisis_alerts(
        &self,
        center_id: &str,
        statuses: &[&str],
        member_id: Option<&str>,
        concerning: Option<&str>,
        limit: i64,
    ) -> Result<Vec<CrisisAlert>> {
        let all = statuses.is_empty();
        let s = |i: usize| statuses.get(i).copied().unwrap_or("");
        let rows = sqlx::query(safe!(
            "SELECT {ALERT_COLUMNS} FROM crisis_alerts a JOIN users u ON u.id = a.member_id \
             WHERE a.center_id = $1 AND ($2 = 1 OR a.status IN ($3, $4, $5)) AND ($6 = '' OR a.member_id = $6) \
             AND ($8 = '' OR a.id IN (SELECT r.alert_id FROM crisis_recipients r WHERE r.user_id = $8) \
                  OR a.member_id IN (SELECT p.mentee_id FROM mentorships p WHERE p.mentor_id = $8 AND p.ended_at IS NULL)) \
             ORDER BY a.created_at DESC, a.id DESC LIMIT $7"
        ))
        .bind(center_id)
        .bind(i64::from(all))
        .bind(s(0))
        .bind(s(1))
        .bind(s(2))
        .bind(member_id.unwrap_or(""))
        .bind(limit)
        .bind(concerning.unwrap_or(""))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(alert_from_row).collect()
    }

    /// An alert's steps, oldest first, with the names of who acted and who was told.
    pub async fn crisis_steps(&self, alert_id: &str) -> Result<Vec<CrisisStep>> {
        let rows = sqlx::query(
            "SELECT s.id, s.alert_id, s.at, s.kind, s.tier, s.actor_id, u.display_name AS actor_name, \
             s.recipients, s.note FROM crisis_steps s LEFT JOIN users u ON u.id = s.actor_id \
             WHERE s.alert_id = $1 ORDER BY s.at, COALESCE(s.tier, 0), s.id",
        )
        .bind(alert_id)
        .fetch_all(&self.pool)
        .await?;
        let names: Vec<(String, String)> = sqlx::query(
            "SELECT DISTINCT r.user_id, u.display_name FROM crisis_recipients r JOIN users u ON u.id = r.user_id \
             WHERE r.alert_id = $1",
        )
        .bind(alert_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("user_id")?, r.try_get("display_name")?)))
        .collect::<Result<_>>()?;
        rows.iter()
            .map(|r| {
                let ids: String = r.try_get("recipients")?;
                let ids: Vec<String> = serde_json::from_str(&ids).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                let recipients = ids
                    .into_iter()
                    .map(|id| {
                        let name = names.iter().find(|(u, _)| *u == id).map(|(_, n)| n.clone()).unwrap_or_default();
                        (id, name)
                    })
                    .collect();
                Ok(CrisisStep {
                    id: r.try_get("id")?,
                    alert_id: r.try_get("alert_id")?,
                    at: r.try_get("at")?,
                    kind: r.try_get("kind")?,
                    tier: r.try_get("tier")?,
                    actor_id: r.try_get("actor_id")?,
                    actor_name: r.try_get("actor_name")?,
                    recipients,
                    note: r.try_get("note")?,
                })
            })
            .collect()
    }

    /// Everyone told of an alert so far (any tier).
    pub async fn crisis_recipients(&self, alert_id: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT DISTINCT user_id FROM crisis_recipients WHERE alert_id = $1 ORDER BY user_id")
            .bind(alert_id)
            .fetch_all(&self.pool)
            .await?)
    }

    /// The alerts of a centre `user_id` was told of.
    pub async fn crisis_alerts_told_to(&self, user_id: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT DISTINCT alert_id FROM crisis_recipients WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?)
    }

    /// The centre's admins and counsellors (not disabled): they may see
    /// every alert, and their open pages follow alerts live.
    pub async fn crisis_staff(&self, center_id: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM users WHERE center_id = $1 AND role IN ('admin', 'counselor') AND disabled = 0",
        )
        .bind(center_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Whether the member has a crisis alert not yet resolved (the risk
    /// score's `open_crisis`).
    pub async fn has_open_crisis(&self, member_id: &str) -> Result<bool> {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM crisis_alerts WHERE member_id = $1 AND status <> 'resolved'")
                .bind(member_id)
                .fetch_one(&self.pool)
                .await?;
        Ok(n > 0)
    }

    // -----------------------------------------------------------------------
    // The on-call roster

    /// A centre's roster: (weekday 0 Monday…6 Sunday, hour, counsellor id), in order.
    pub async fn on_call_roster(&self, center_id: &str) -> Result<Vec<(Slot, String)>> {
        let rows = sqlx::query(
            "SELECT weekday, hour, user_id FROM on_call WHERE center_id = $1 ORDER BY weekday, hour, user_id",
        )
        .bind(center_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let (w, h): (i64, i64) = (r.try_get("weekday")?, r.try_get("hour")?);
                let slot = Slot {
                    weekday: u8::try_from(w).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    hour: u8::try_from(h).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                };
                Ok((slot, r.try_get("user_id")?))
            })
            .collect()
    }

    /// Replaces a centre's roster (checked by the domain first); audited.
    pub async fn set_on_call_roster(
        &self,
        center_id: &str,
        roster: &[(Slot, String)],
        actor_id: &str,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM on_call WHERE center_id = $1").bind(center_id).execute(&mut *tx).await?;
        for (slot, user) in roster {
            sqlx::query("INSERT INTO on_call (center_id, weekday, hour, user_id) VALUES ($1, $2, $3, $4)")
                .bind(center_id)
                .bind(i64::from(slot.weekday))
                .bind(i64::from(slot.hour))
                .bind(user)
                .execute(&mut *tx)
                .await?;
        }
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(center_id), Some(actor_id), "center.on_call_set")
                .on("center", Some(center_id))
                .detail(serde_json::json!({ "entries": roster.len() })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[allow(clippy::too_many_arguments)]
async fn insert_step(
    tx: &mut WriteTx,
    alert_id: &str,
    at: i64,
    kind: &str,
    tier: Option<u8>,
    actor_id: Option<&str>,
    recipients: &[String],
    note: Option<&str>,
) -> Result<String> {
    let recipients = serde_json::to_string(recipients).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let id = new_id();
    sqlx::query(
        "INSERT INTO crisis_steps (id, alert_id, at, kind, tier, actor_id, recipients, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(alert_id)
    .bind(at)
    .bind(kind)
    .bind(tier.map(i64::from))
    .bind(actor_id)
    .bind(recipients)
    .bind(note)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// A tier as stored (a number), within the tiers there are.
fn stored_tier(tier: i64) -> u8 {
    u8::try_from(tier.clamp(0, i64::from(crisis::LAST_TIER))).unwrap_or(crisis::LAST_TIER)
}

/// The centre's time zone and acknowledgement timeout (ms; a test's clock
/// may override it).
async fn center_timing(tx: &mut WriteTx, center_id: &str, clock: Clock) -> Result<(chrono_tz::Tz, i64)> {
    let center = sqlx::query("SELECT timezone, crisis_ack_timeout_seconds FROM centers WHERE id = $1")
        .bind(center_id)
        .fetch_one(&mut **tx)
        .await?;
    let tz: String = center.try_get("timezone")?;
    let tz: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::Asia::Kolkata);
    let timeout_s: i64 = center.try_get("crisis_ack_timeout_seconds")?;
    Ok((tz, clock.timeout_override_ms.unwrap_or(timeout_s.saturating_mul(1000))))
}

/// The people of each tier now, as the store knows them (disabled users
/// left out). The domain picks from these.
async fn tier_people(
    tx: &mut WriteTx,
    center_id: &str,
    member_id: &str,
    now: i64,
    tz: chrono_tz::Tz,
) -> Result<TierPeople> {
    // Only those whose role may hold the duty (`Role::may_mentor`,
    // `Role::may_facilitate`, written here in SQL): a row an older role
    // change left behind gives nobody a tier.
    let mentors: Vec<String> = sqlx::query_scalar(
        "SELECT m.mentor_id FROM mentorships m JOIN users u ON u.id = m.mentor_id \
         WHERE m.mentee_id = $1 AND m.ended_at IS NULL AND u.disabled = 0 AND u.center_id = $2 \
         AND u.role = 'peer_mentor'",
    )
    .bind(member_id)
    .bind(center_id)
    .fetch_all(&mut **tx)
    .await?;
    let facilitators: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT f.user_id FROM enrollments e JOIN group_facilitators f ON f.group_id = e.group_id \
         JOIN users u ON u.id = f.user_id \
         WHERE e.member_id = $1 AND e.status = 'active' AND u.disabled = 0 AND u.center_id = $2 \
         AND u.role IN ('counselor', 'peer_mentor')",
    )
    .bind(member_id)
    .bind(center_id)
    .fetch_all(&mut **tx)
    .await?;
    let slot = crisis::slot_at(now, tz);
    let on_call: Vec<String> = sqlx::query_scalar(
        "SELECT o.user_id FROM on_call o JOIN users u ON u.id = o.user_id \
         WHERE o.center_id = $1 AND o.weekday = $2 AND o.hour = $3 AND u.disabled = 0 AND u.role = 'counselor' \
         AND u.center_id = $1",
    )
    .bind(center_id)
    .bind(i64::from(slot.weekday))
    .bind(i64::from(slot.hour))
    .fetch_all(&mut **tx)
    .await?;
    let admins: Vec<String> =
        sqlx::query_scalar("SELECT id FROM users WHERE center_id = $1 AND role = 'admin' AND disabled = 0")
            .bind(center_id)
            .fetch_all(&mut **tx)
            .await?;
    Ok(TierPeople { mentors, facilitators, on_call, admins })
}

/// One in-app notification of kind `crisis` and its outgoing deliveries
/// (e-mail when on and the user has an address; the centre's webhook when
/// it has one), inside the caller's transaction. The same as the
/// notifications module makes, keyed so that one tier of one alert tells
/// each person once. Returns the notification's id, if one was made.
async fn notify_in(
    tx: &mut WriteTx,
    center_id: &str,
    user_id: &str,
    link: &str,
    dedupe_key: &str,
    email: bool,
    now: i64,
) -> Result<Option<String>> {
    let n = crate::notifications::NewNotification {
        center_id,
        user_id,
        kind: NOTIFICATION_KIND,
        link,
        dedupe_key: Some(dedupe_key),
    };
    crate::notifications::insert_notification(tx, &n, email, now).await
}
