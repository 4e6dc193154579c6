//! Sign-in sessions (bearer tokens and web cookies) and login failure counts
//! (each attempt counted before it is checked: see `saathi_domain::lockout`).
//! Only a hash of each token is stored.

use crate::users::{USER_COLUMNS, user_from_row};
use crate::{AuditEntry, Result, Store, User, audit};
use saathi_domain::lockout::{self, Attempt, Counted, Failures, Limit};
use sqlx::Row;

pub use saathi_domain::session::SessionKind;

#[derive(Debug, Clone)]
pub struct AuthSession {
    pub token_hash: String,
    pub user: User,
    pub kind: SessionKind,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// A session a change just ended: whose, and its token hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndedSession {
    pub token_hash: String,
    pub user_id: String,
}

impl Store {
    /// Starts a session and records the login, in one transaction; clears the
    /// login's failure count (`login`: the login, or a kiosk code's lockout
    /// key). `kiosk_device_id`: the shared tablet it was started on, if any
    /// (its use is noted; revoking it ends the session).
    pub async fn create_session(
        &self,
        token_hash: &str,
        user: &User,
        kind: SessionKind,
        kiosk_device_id: Option<&str>,
        login: &str,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, kind, created_at, last_seen_at, kiosk_device_id) \
             VALUES ($1, $2, $3, $4, $4, $5)",
        )
        .bind(token_hash)
        .bind(&user.id)
        .bind(kind.as_str())
        .bind(now)
        .bind(kiosk_device_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM login_failures WHERE login = $1").bind(login.to_lowercase()).execute(&mut *tx).await?;
        if let Some(device) = kiosk_device_id {
            sqlx::query("UPDATE kiosk_devices SET last_used_at = $1 WHERE id = $2")
                .bind(now)
                .bind(device)
                .execute(&mut *tx)
                .await?;
        }
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(&user.center_id), Some(&user.id), "auth.login")
                .on("user", Some(&user.id))
                .detail(match kiosk_device_id {
                    Some(d) => serde_json::json!({ "kind": kind.as_str(), "kiosk_device": d }),
                    None => serde_json::json!({ "kind": kind.as_str() }),
                }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A live (not revoked, not disabled) session with its user. Expiry by
    /// idle time is the caller's rule.
    pub async fn get_session(&self, token_hash: &str) -> Result<Option<AuthSession>> {
        let row = sqlx::query(safe!(
            "SELECT {USER_COLUMNS}, s.token_hash, s.kind AS s_kind, s.created_at AS s_created, s.last_seen_at \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND u.disabled = 0"
        ))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(AuthSession {
            token_hash: r.try_get("token_hash")?,
            user: user_from_row(&r)?,
            kind: SessionKind::parse(&r.try_get::<String, _>("s_kind")?),
            created_at: r.try_get("s_created")?,
            last_seen_at: r.try_get("last_seen_at")?,
        }))
    }

    pub async fn touch_session(&self, token_hash: &str, now: i64) -> Result<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends a session (logout or expiry).
    pub async fn revoke_session(&self, token_hash: &str, user: &User, reason: &str, now: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(&user.center_id), Some(&user.id), reason).on("user", Some(&user.id)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// One sign-in attempt, before its secret is checked, under each
    /// `(key, limit)` (a login's count; a kiosk sign-in's tablet's and
    /// code's): in one write transaction, refused when any is locked (and
    /// counted under none), else counted as a failure under each (the rule:
    /// [`lockout::attempt`]). Concurrent attempts, on any instance, thus see
    /// each other: those beyond a limit are refused without being checked. A
    /// wrong one is then audited ([`Store::audit_login_failure`]); a right
    /// one clears the login's count ([`Store::create_session`]) and takes
    /// back what it counted elsewhere ([`Store::take_back_attempt`]).
    pub async fn count_attempt<const N: usize>(&self, keys: [(&str, &Limit); N], now: i64) -> Result<Attempt<N>> {
        let mut tx = self.begin_write().await?;
        // The rows are locked in the order of their keys, whatever the order
        // given, so that two attempts never wait for each other crosswise.
        let mut order: [usize; N] = std::array::from_fn(|i| i);
        order.sort_by_key(|&i| keys[i].0.to_lowercase());
        let mut found = [Failures::default(); N];
        for i in order {
            found[i] = locked_record(&mut tx, self.backend, keys[i].0, now).await?;
        }
        let attempt = lockout::attempt(std::array::from_fn(|i| (found[i], keys[i].1)), now);
        if let Attempt::Counted(counted) = &attempt {
            for i in order {
                write_record(&mut tx, keys[i].0, &counted[i].after).await?;
            }
        }
        // Refused, it leaves at most an empty record (counting nothing).
        tx.commit().await?;
        Ok(attempt)
    }

    /// A right sign-in gives back the failure [`Store::count_attempt`]
    /// counted under `key` when that count is not cleared by it (a tablet's:
    /// others' failures on it stand); the rule is [`Failures::after_right`].
    pub async fn take_back_attempt(&self, key: &str, limit: &Limit, counted: &Counted) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let Some(r) = sqlx::query(safe!(
            "SELECT count, first_at, locked_until FROM login_failures WHERE login = $1{}",
            for_update(self.backend)
        ))
        .bind(key.to_lowercase())
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(());
        };
        let current = failures_from_row(&r)?;
        let after = current.after_right(counted, limit);
        if after != current {
            write_record(&mut tx, key, &after).await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// Audits a wrong sign-in, counted already by [`Store::count_attempt`]:
    /// under `login` (a login, or a kiosk code's key) as `counted`, and on a
    /// kiosk under its tablet's key too (`device`). `center_id`: where the
    /// failure belongs (the account's centre; a tablet's, whatever the code).
    pub async fn audit_login_failure(
        &self,
        login: &str,
        counted: &Counted,
        device: Option<(&str, &Counted)>,
        user: Option<&User>,
        center_id: Option<&str>,
        now: i64,
    ) -> Result<()> {
        let mut detail = serde_json::json!({
            "login": login.to_lowercase(), "count": counted.after.count, "locked": counted.is_locked(now)
        });
        if let Some((key, on_device)) = device {
            detail["device"] = key.into();
            detail["device_count"] = on_device.after.count.into();
            detail["device_locked"] = on_device.is_locked(now).into();
        }
        let mut tx = self.begin_write().await?;
        audit::write(
            &mut tx,
            &AuditEntry::new(now, center_id, None, "auth.login_failed")
                .on("login", user.map(|u| u.id.as_str()))
                .detail(detail),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// `FOR UPDATE` on PostgreSQL (the row stays locked until the transaction
/// ends); SQLite's write transaction holds the whole database already.
fn for_update(backend: crate::Backend) -> &'static str {
    match backend {
        crate::Backend::Postgres => " FOR UPDATE",
        crate::Backend::Sqlite => "",
    }
}

/// The record under `key`, locked for the rest of the caller's transaction
/// (so that concurrent attempts on several instances all count).
async fn locked_record(tx: &mut crate::WriteTx, backend: crate::Backend, key: &str, now: i64) -> Result<Failures> {
    let key = key.to_lowercase();
    // Make sure the row exists so that PostgreSQL can lock it.
    sqlx::query(
        "INSERT INTO login_failures (login, count, first_at, locked_until) VALUES ($1, 0, $2, 0) \
         ON CONFLICT (login) DO NOTHING",
    )
    .bind(&key)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let r = sqlx::query(safe!(
        "SELECT count, first_at, locked_until FROM login_failures WHERE login = $1{}",
        for_update(backend)
    ))
    .bind(&key)
    .fetch_one(&mut **tx)
    .await?;
    failures_from_row(&r)
}

/// Writes the record under `key` (locked by the caller's transaction).
async fn write_record(tx: &mut crate::WriteTx, key: &str, f: &Failures) -> Result<()> {
    sqlx::query("UPDATE login_failures SET count = $1, first_at = $2, locked_until = $3 WHERE login = $4")
        .bind(f.count)
        .bind(f.first_at)
        .bind(f.locked_until)
        .bind(key.to_lowercase())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn failures_from_row(r: &sqlx::any::AnyRow) -> Result<Failures> {
    Ok(Failures {
        count: r.try_get("count")?,
        first_at: r.try_get("first_at")?,
        locked_until: r.try_get("locked_until")?,
    })
}
