//! Sign-in sessions (bearer tokens and web cookies) and login failure counts.
//! Only a hash of each token is stored.

use crate::users::{USER_COLUMNS, user_from_row};
use crate::{AuditEntry, Result, Store, User, audit};
use saathi_domain::lockout::{Failures, LOGIN, Limit};
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

    pub async fn login_failures(&self, login: &str) -> Result<Failures> {
        let row = sqlx::query("SELECT count, first_at, locked_until FROM login_failures WHERE login = $1")
            .bind(login.to_lowercase())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(failures_from_row).transpose().map(Option::unwrap_or_default)
    }

    /// Counts one failed login (read, apply the rule, write, in one
    /// transaction so concurrent failures on several instances all count)
    /// and audits it. Returns the record after the failure.
    pub async fn record_login_failure(&self, login: &str, user: Option<&User>, now: i64) -> Result<Failures> {
        let mut tx = self.begin_write().await?;
        let after = count_failure(&mut tx, self.backend, login, &LOGIN, now).await?;
        let center_id = user.map(|u| u.center_id.as_str());
        audit::write(
            &mut tx,
            &AuditEntry::new(now, center_id, None, "auth.login_failed").on("login", user.map(|u| u.id.as_str())).detail(
                serde_json::json!({ "login": login.to_lowercase(), "count": after.count, "locked": after.is_locked(now) }),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Counts one failed sign-in on a kiosk twice, in one transaction: under
    /// the code typed (`code_key`, the login limit) and under the tablet
    /// (`device_key`, `device_limit`); audited once, in the tablet's centre
    /// (failures with unknown codes belong there too). Returns the code's
    /// record and the tablet's, after the failure.
    pub async fn record_kiosk_failure(
        &self,
        code_key: &str,
        device_key: &str,
        device_limit: &Limit,
        user: Option<&User>,
        center_id: &str,
        now: i64,
    ) -> Result<(Failures, Failures)> {
        let mut tx = self.begin_write().await?;
        let code = count_failure(&mut tx, self.backend, code_key, &LOGIN, now).await?;
        let device = count_failure(&mut tx, self.backend, device_key, device_limit, now).await?;
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(center_id), None, "auth.login_failed").on("login", user.map(|u| u.id.as_str())).detail(
                serde_json::json!({ "login": code_key.to_lowercase(), "count": code.count, "locked": code.is_locked(now),
                    "device": device_key, "device_count": device.count, "device_locked": device.is_locked(now) }),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok((code, device))
    }
}

/// One more failure under `key` (read, apply the rule, write, inside the
/// caller's transaction so concurrent failures on several instances all
/// count); the record after it.
async fn count_failure(
    tx: &mut crate::WriteTx,
    backend: crate::Backend,
    key: &str,
    limit: &Limit,
    now: i64,
) -> Result<Failures> {
    let key = key.to_lowercase();
    let lock = match backend {
        crate::Backend::Postgres => " FOR UPDATE",
        crate::Backend::Sqlite => "",
    };
    // Make sure the row exists so that PostgreSQL can lock it.
    sqlx::query(
        "INSERT INTO login_failures (login, count, first_at, locked_until) VALUES ($1, 0, $2, 0) \
         ON CONFLICT (login) DO NOTHING",
    )
    .bind(&key)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let r = sqlx::query(safe!("SELECT count, first_at, locked_until FROM login_failures WHERE login = $1{lock}"))
        .bind(&key)
        .fetch_one(&mut **tx)
        .await?;
    let after = failures_from_row(&r)?.after_failure(now, limit);
    sqlx::query("UPDATE login_failures SET count = $1, first_at = $2, locked_until = $3 WHERE login = $4")
        .bind(after.count)
        .bind(after.first_at)
        .bind(after.locked_until)
        .bind(&key)
        .execute(&mut **tx)
        .await?;
    Ok(after)
}

fn failures_from_row(r: &sqlx::any::AnyRow) -> Result<Failures> {
    Ok(Failures {
        count: r.try_get("count")?,
        first_at: r.try_get("first_at")?,
        locked_until: r.try_get("locked_until")?,
    })
}
