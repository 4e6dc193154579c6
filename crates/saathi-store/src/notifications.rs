//! Notifications: the in-app rows, the outbox of what is sent outside
//! Saathi (e-mail, the centre's webhook), the centre's webhook and users'
//! e-mail addresses.
//!
//! A notification holds a kind and a link (ids only). Its words are made
//! from the kind when it is shown or sent, in the reader's language: no
//! message content, other person's name or clinical detail is stored here.

use crate::{AuditEntry, Backend, Result, Store, StoreError, audit, new_id};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: String,
    pub center_id: String,
    pub user_id: String,
    pub kind: String,
    pub link: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// A notification to make for one user.
#[derive(Debug, Clone)]
pub struct NewNotification<'a> {
    pub center_id: &'a str,
    pub user_id: &'a str,
    pub kind: &'a str,
    pub link: &'a str,
    /// A key the user may hold once (a second notification with it is not made).
    pub dedupe_key: Option<&'a str>,
}

/// The notifications a change makes, in its own transaction: whom it tells
/// (the caller decides who) and whether those also go by e-mail. A change
/// is never committed without them, nor they without it.
#[derive(Debug, Clone, Default)]
pub struct Tell<'a> {
    pub list: Vec<NewNotification<'a>>,
    pub email: bool,
}

impl Tell<'_> {
    /// Makes them inside the caller's transaction: (user, notification)
    /// for each made, to publish live once committed.
    pub(crate) async fn make(&self, conn: &mut AnyConnection, now: i64) -> Result<Vec<(String, String)>> {
        let mut made = Vec::with_capacity(self.list.len());
        for n in &self.list {
            if let Some(id) = insert_notification(conn, n, self.email, now).await? {
                made.push((n.user_id.to_string(), id));
            }
        }
        Ok(made)
    }
}

/// A centre's outbound webhook (its secret stays sealed in the database:
/// only [`Store::open_webhook_secret`] reads it, for signing a call).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    pub center_id: String,
    pub url: String,
    pub updated_at: i64,
}

/// A webhook secret as stored: encrypted with the note keys, or (a row
/// written before they were, until sealed at start) plain.
#[derive(Clone, PartialEq, Eq)]
pub enum StoredSecret {
    Sealed { data: Vec<u8>, key_version: i64 },
    Plain(String),
}

impl std::fmt::Debug for StoredSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoredSecret::Sealed { key_version, .. } => write!(f, "Sealed {{ key_version: {key_version} }}"),
            StoredSecret::Plain(_) => f.write_str("Plain(…)"),
        }
    }
}

/// The associated data a centre's webhook secret is sealed with: a sealed
/// secret moved to another centre's row does not open.
fn secret_aad(center_id: &str) -> String {
    format!("center_webhooks.secret:{center_id}")
}

impl StoredSecret {
    fn from_row(r: &AnyRow, sealed: &str, version: &str, plain: &str) -> Result<Option<StoredSecret>> {
        let data: Option<Vec<u8>> = r.try_get(sealed)?;
        let v: Option<i64> = r.try_get(version)?;
        let p: Option<String> = r.try_get(plain)?;
        Ok(match (data, v, p) {
            (Some(data), Some(key_version), _) => Some(StoredSecret::Sealed { data, key_version }),
            (_, _, Some(p)) if !p.is_empty() => Some(StoredSecret::Plain(p)),
            _ => None,
        })
    }
}

/// A delivery claimed by a worker, with what it needs to send it.
#[derive(Debug, Clone)]
pub struct DueDelivery {
    pub id: String,
    /// `email` or `webhook`.
    pub channel: String,
    /// Attempts made, counting this one.
    pub attempts: i64,
    pub notification: Notification,
    /// The recipient's address now (for e-mail) and language.
    pub email: Option<String>,
    pub language: String,
    /// The centre's webhook now (for a webhook delivery): its URL and its
    /// secret as stored (opened with [`Store::open_webhook_secret`]).
    pub webhook: Option<(String, StoredSecret)>,
}

/// A delivery's state (for the status of the outbox).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryState {
    pub id: String,
    pub notification_id: String,
    pub channel: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// What became of an attempt.
#[derive(Debug, Clone)]
pub enum DeliveryOutcome {
    Sent,
    /// Try again at `next_at`.
    Retry {
        next_at: i64,
        error: String,
    },
    /// The last attempt failed: give up.
    Failed {
        error: String,
    },
}

/// A member enrolled in a session starting soon who has not been reminded of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderDue {
    pub session_id: String,
    pub center_id: String,
    pub member_id: String,
    pub starts_at: i64,
}

const COLUMNS: &str = "id, center_id, user_id, kind, link, created_at, read_at";

fn from_row(r: &AnyRow) -> Result<Notification> {
    Ok(Notification {
        id: r.try_get("id")?,
        center_id: r.try_get("center_id")?,
        user_id: r.try_get("user_id")?,
        kind: r.try_get("kind")?,
        link: r.try_get("link")?,
        created_at: r.try_get("created_at")?,
        read_at: r.try_get("read_at")?,
    })
}

/// One notification and its deliveries inside the caller's transaction
/// (see [`Store::create_notifications`]): for other modules that notify in
/// the same transaction as their own write. Returns the new notification's
/// id, or `None` when nothing was made (another centre's or a disabled
/// user, or the dedupe key already held).
pub(crate) async fn insert_notification(
    conn: &mut AnyConnection,
    n: &NewNotification<'_>,
    email: bool,
    now: i64,
) -> Result<Option<String>> {
    let id = new_id();
    let inserted = sqlx::query(
        "INSERT INTO notifications (id, center_id, user_id, kind, link, dedupe_key, created_at, read_at) \
         SELECT $1, u.center_id, u.id, $4, $5, $6, $7, NULL FROM users u \
         WHERE u.id = $3 AND u.center_id = $2 AND u.disabled = 0 \
         ON CONFLICT (user_id, dedupe_key) DO NOTHING",
    )
    .bind(&id)
    .bind(n.center_id)
    .bind(n.user_id)
    .bind(n.kind)
    .bind(n.link)
    .bind(n.dedupe_key)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(None);
    }
    if email {
        sqlx::query(
            "INSERT INTO notification_deliveries (id, notification_id, channel, status, attempts, next_at, \
             created_at) SELECT $1, $2, 'email', 'pending', 0, $3, $3 FROM users WHERE id = $4 AND email IS NOT NULL",
        )
        .bind(new_id())
        .bind(&id)
        .bind(now)
        .bind(n.user_id)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "INSERT INTO notification_deliveries (id, notification_id, channel, status, attempts, next_at, \
         created_at) SELECT $1, $2, 'webhook', 'pending', 0, $3, $3 FROM center_webhooks WHERE center_id = $4",
    )
    .bind(new_id())
    .bind(&id)
    .bind(now)
    .bind(n.center_id)
    .execute(&mut *conn)
    .await?;
    Ok(Some(id))
}

impl Store {
    /// Makes notifications and their deliveries in one transaction: an
    /// e-mail for each recipient with an address (when `email` is on), a
    /// webhook call when the centre has a webhook. A recipient outside the
    /// centre, disabled, or already holding the dedupe key gets nothing.
    /// Returns the notifications made: (user id, notification id).
    pub async fn create_notifications(
        &self,
        list: &[NewNotification<'_>],
        email: bool,
        now: i64,
    ) -> Result<Vec<(String, String)>> {
        if list.is_empty() {
            return Ok(Vec::new());
        }
        let mut tx = self.begin_write().await?;
        let mut made = Vec::new();
        for n in list {
            if let Some(id) = insert_notification(&mut tx, n, email, now).await? {
                made.push((n.user_id.to_string(), id));
            }
        }
        tx.commit().await?;
        Ok(made)
    }

    /// One of the user's notifications.
    pub async fn notification(&self, id: &str, user_id: &str) -> Result<Option<Notification>> {
        let row = sqlx::query(safe!("SELECT {COLUMNS} FROM notifications WHERE id = $1 AND user_id = $2"))
            .bind(id)
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// The user's notifications, newest first: the newest `limit`, or those
    /// older than `before` (a notification of theirs).
    pub async fn notifications_page(
        &self,
        user_id: &str,
        before: Option<&Notification>,
        limit: i64,
    ) -> Result<Vec<Notification>> {
        let rows =
            match before {
                None => sqlx::query(safe!(
                    "SELECT {COLUMNS} FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2"
                ))
                .bind(user_id)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?,
                Some(b) => {
                    sqlx::query(safe!(
                        "SELECT {COLUMNS} FROM notifications WHERE user_id = $1 \
                     AND (created_at < $2 OR (created_at = $2 AND id < $3)) \
                     ORDER BY created_at DESC, id DESC LIMIT $4"
                    ))
                    .bind(user_id)
                    .bind(b.created_at)
                    .bind(&b.id)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?
                }
            };
        rows.iter().map(from_row).collect()
    }

    /// How many of the user's notifications are unread.
    pub async fn unread_notifications(&self, user_id: &str) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
            .bind(user_id)
            .fetch_one(&self.pool)
            .await?)
    }

    /// Marks one of the user's notifications read (the first time stands);
    /// false when the user has no such notification.
    pub async fn mark_notification_read(&self, id: &str, user_id: &str, now: i64) -> Result<bool> {
        let q = sqlx::query("UPDATE notifications SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .bind(now);
        Ok(self.execute_write(q).await?.rows_affected() > 0)
    }

    /// Marks all the user's notifications read; returns how many were unread.
    pub async fn mark_all_notifications_read(&self, user_id: &str, now: i64) -> Result<u64> {
        let q = sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
            .bind(user_id)
            .bind(now);
        Ok(self.execute_write(q).await?.rows_affected())
    }

    // -----------------------------------------------------------------------
    // The outbox

    /// Claims up to `limit` due deliveries for this worker: each gets one
    /// more attempt and is not due again before `lease_until`, so another
    /// worker does not take it while this one sends (on PostgreSQL, rows
    /// another worker is claiming are skipped, not waited for). A worker
    /// that dies while sending leaves the row due again after the lease.
    pub async fn claim_deliveries(&self, now: i64, lease_until: i64, limit: i64) -> Result<Vec<DueDelivery>> {
        let lock = match self.backend {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let mut tx = self.begin_write().await?;
        let ids: Vec<String> = sqlx::query_scalar(safe!(
            "SELECT id FROM notification_deliveries WHERE status = 'pending' AND next_at <= $1 \
             ORDER BY next_at, id LIMIT $2{lock}"
        ))
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in &ids {
            sqlx::query("UPDATE notification_deliveries SET attempts = attempts + 1, next_at = $2 WHERE id = $1")
                .bind(id)
                .bind(lease_until)
                .execute(&mut *tx)
                .await?;
            let r = sqlx::query(
                "SELECT d.id AS delivery_id, d.channel, d.attempts, n.id, n.center_id, n.user_id, n.kind, n.link, \
                 n.created_at, n.read_at, u.email, u.language, w.url AS webhook_url, w.secret AS webhook_secret, \
                 w.secret_sealed AS webhook_sealed, w.secret_key_version AS webhook_key_version \
                 FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id \
                 JOIN users u ON u.id = n.user_id LEFT JOIN center_webhooks w ON w.center_id = n.center_id \
                 WHERE d.id = $1",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            let url: Option<String> = r.try_get("webhook_url")?;
            let secret = StoredSecret::from_row(&r, "webhook_sealed", "webhook_key_version", "webhook_secret")?;
            out.push(DueDelivery {
                id: r.try_get("delivery_id")?,
                channel: r.try_get("channel")?,
                attempts: r.try_get("attempts")?,
                notification: from_row(&r)?,
                email: r.try_get("email")?,
                language: r.try_get("language")?,
                webhook: url.zip(secret),
            });
        }
        tx.commit().await?;
        Ok(out)
    }

    /// Records what became of a claimed delivery's attempt.
    pub async fn finish_delivery(&self, id: &str, outcome: &DeliveryOutcome, now: i64) -> Result<()> {
        let q = match outcome {
            DeliveryOutcome::Sent => sqlx::query(
                "UPDATE notification_deliveries SET status = 'sent', sent_at = $2, last_error = NULL \
                 WHERE id = $1 AND status = 'pending'",
            )
            .bind(id)
            .bind(now),
            DeliveryOutcome::Retry { next_at, error } => sqlx::query(
                "UPDATE notification_deliveries SET next_at = $2, last_error = $3 WHERE id = $1 AND status = 'pending'",
            )
            .bind(id)
            .bind(*next_at)
            .bind(error.clone()),
            DeliveryOutcome::Failed { error } => sqlx::query(
                "UPDATE notification_deliveries SET status = 'failed', last_error = $2 \
                 WHERE id = $1 AND status = 'pending'",
            )
            .bind(id)
            .bind(error.clone()),
        };
        self.execute_write(q).await?;
        Ok(())
    }

    /// The deliveries of a centre's notifications, newest first (at most `limit`).
    pub async fn deliveries(&self, center_id: &str, limit: i64) -> Result<Vec<DeliveryState>> {
        let rows = sqlx::query(
            "SELECT d.id, d.notification_id, d.channel, d.status, d.attempts, d.last_error \
             FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id \
             WHERE n.center_id = $1 ORDER BY d.created_at DESC, d.id DESC LIMIT $2",
        )
        .bind(center_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(DeliveryState {
                    id: r.try_get("id")?,
                    notification_id: r.try_get("notification_id")?,
                    channel: r.try_get("channel")?,
                    status: r.try_get("status")?,
                    attempts: r.try_get("attempts")?,
                    last_error: r.try_get("last_error")?,
                })
            })
            .collect()
    }

    // -----------------------------------------------------------------------
    // Session reminders

    /// Members active in a group whose session (not cancelled) starts in
    /// `[from, to)` and who hold no reminder of it yet (`key_prefix` + the
    /// session's id is the reminder's dedupe key).
    pub async fn reminders_due(&self, from: i64, to: i64, key_prefix: &str) -> Result<Vec<ReminderDue>> {
        let rows = sqlx::query(
            "SELECT s.id, s.center_id, e.member_id, s.starts_at FROM group_sessions s \
             JOIN enrollments e ON e.group_id = s.group_id AND e.status = 'active' \
             JOIN users u ON u.id = e.member_id \
             WHERE s.status = 'scheduled' AND s.starts_at >= $1 AND s.starts_at < $2 AND u.disabled = 0 \
             AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = e.member_id \
                 AND n.dedupe_key = ($3 || s.id)) \
             ORDER BY s.starts_at, s.id, e.member_id",
        )
        .bind(from)
        .bind(to)
        .bind(key_prefix)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ReminderDue {
                    session_id: r.try_get("id")?,
                    center_id: r.try_get("center_id")?,
                    member_id: r.try_get("member_id")?,
                    starts_at: r.try_get("starts_at")?,
                })
            })
            .collect()
    }

    // -----------------------------------------------------------------------
    // Webhooks and e-mail addresses

    /// A centre's webhook, if it has one.
    pub async fn webhook(&self, center_id: &str) -> Result<Option<Webhook>> {
        let row = sqlx::query("SELECT center_id, url, updated_at FROM center_webhooks WHERE center_id = $1")
            .bind(center_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(Webhook {
                center_id: r.try_get("center_id")?,
                url: r.try_get("url")?,
                updated_at: r.try_get("updated_at")?,
            })
        })
        .transpose()
    }

    /// Sets (or replaces) a centre's webhook, its secret sealed with the note
    /// keys; audited without the secret.
    pub async fn set_webhook(&self, center_id: &str, url: &str, secret: &str, actor_id: &str, now: i64) -> Result<()> {
        let (sealed, version) = self.seal_secret(center_id, secret)?;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO center_webhooks (center_id, url, secret, secret_sealed, secret_key_version, updated_by, \
             updated_at) VALUES ($1, $2, '', $3, $4, $5, $6) \
             ON CONFLICT (center_id) DO UPDATE SET url = excluded.url, secret = '', \
             secret_sealed = excluded.secret_sealed, secret_key_version = excluded.secret_key_version, \
             updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        )
        .bind(center_id)
        .bind(url)
        .bind(sealed)
        .bind(version)
        .bind(actor_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(center_id), Some(actor_id), "center.webhook_set")
                .on("center", Some(center_id))
                .detail(serde_json::json!({ "url": url })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    fn seal_secret(&self, center_id: &str, secret: &str) -> Result<(Vec<u8>, i64)> {
        Ok(self.keys()?.encrypt(&secret_aad(center_id), secret)?)
    }

    /// A centre's webhook secret in clear, for signing a call (and only for
    /// that). A secret still stored plain is sealed now, so it stays plain
    /// no longer than its first use.
    pub async fn open_webhook_secret(&self, center_id: &str, stored: &StoredSecret) -> Result<String> {
        match stored {
            StoredSecret::Sealed { data, key_version } => {
                Ok(self.keys()?.decrypt(&secret_aad(center_id), data, *key_version)?)
            }
            StoredSecret::Plain(p) => {
                self.seal_plain_secret(center_id, p).await?;
                Ok(p.clone())
            }
        }
    }

    async fn seal_plain_secret(&self, center_id: &str, plain: &str) -> Result<bool> {
        let (sealed, version) = self.seal_secret(center_id, plain)?;
        let n = self
            .execute_write(
                sqlx::query(
                    "UPDATE center_webhooks SET secret = '', secret_sealed = $2, secret_key_version = $3 \
                     WHERE center_id = $1 AND secret = $4",
                )
                .bind(center_id)
                .bind(sealed)
                .bind(version)
                .bind(plain),
            )
            .await?
            .rows_affected();
        Ok(n > 0)
    }

    /// Seals every webhook secret still stored plain (rows written before
    /// migration 0017); returns how many. Run at start, once the note keys
    /// are set; without them nothing is done.
    pub async fn seal_webhook_secrets(&self) -> Result<usize> {
        if self.note_keys.is_none() {
            return Ok(0);
        }
        let rows = sqlx::query("SELECT center_id, secret FROM center_webhooks WHERE secret <> ''")
            .fetch_all(&self.pool)
            .await?;
        let mut n = 0;
        for r in &rows {
            let center_id: String = r.try_get("center_id")?;
            let plain: String = r.try_get("secret")?;
            if self.seal_plain_secret(&center_id, &plain).await? {
                n += 1;
            }
        }
        Ok(n)
    }

    /// Removes a centre's webhook (pending calls to it then fail); false if it had none.
    pub async fn delete_webhook(&self, center_id: &str, actor_id: &str, now: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query("DELETE FROM center_webhooks WHERE center_id = $1")
            .bind(center_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n > 0 {
            audit::write(
                &mut tx,
                &AuditEntry::new(now, Some(center_id), Some(actor_id), "center.webhook_delete")
                    .on("center", Some(center_id)),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(n > 0)
    }

    /// A user's e-mail address, if they gave one.
    pub async fn user_email(&self, user_id: &str) -> Result<Option<String>> {
        let row: Option<Option<String>> = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        row.ok_or(StoreError::NotFound)
    }

    /// Sets or (with `None`) removes a user's e-mail address.
    pub async fn set_user_email(&self, user_id: &str, email: Option<&str>) -> Result<()> {
        let q = sqlx::query("UPDATE users SET email = $2 WHERE id = $1").bind(user_id).bind(email);
        if self.execute_write(q).await?.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    // -----------------------------------------------------------------------
    // Who is told

    /// The centre's people who may moderate a room (the domain decides who
    /// does): its staff and peer mentors, and the facilitators of `group_id`.
    /// Returns (user id, role, facilitates the group); disabled users are left out.
    pub async fn moderator_candidates(
        &self,
        center_id: &str,
        group_id: Option<&str>,
    ) -> Result<Vec<(String, saathi_domain::Role, bool)>> {
        let rows = sqlx::query(
            "SELECT u.id, u.role, CASE WHEN f.user_id IS NULL THEN 0 ELSE 1 END AS facilitator FROM users u \
             LEFT JOIN group_facilitators f ON f.user_id = u.id AND f.group_id = $2 \
             WHERE u.center_id = $1 AND u.disabled = 0 \
             AND (u.role IN ('admin', 'counselor', 'peer_mentor') OR f.user_id IS NOT NULL) ORDER BY u.id",
        )
        .bind(center_id)
        .bind(group_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let role: String = r.try_get("role")?;
                let facilitator: i64 = r.try_get("facilitator")?;
                let role =
                    saathi_domain::Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("role {role}")))?;
                Ok((r.try_get("id")?, role, facilitator != 0))
            })
            .collect()
    }

    /// The member's active peer mentors (one at most, by the pairing rules),
    /// still peer mentors (`Role::may_mentor`, written here in SQL).
    pub async fn active_mentors_of(&self, member_id: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT m.mentor_id FROM mentorships m JOIN users u ON u.id = m.mentor_id \
             WHERE m.mentee_id = $1 AND m.ended_at IS NULL AND u.role = 'peer_mentor' AND u.disabled = 0 \
             ORDER BY m.mentor_id",
        )
        .bind(member_id)
        .fetch_all(&self.pool)
        .await?)
    }
}
