//! The centre's shared tablets (kiosks) and members' kiosk sign-ins (a code
//! and a PIN hash). A device is known by the SHA-256 of its cookie's token.

use crate::EndedSession;
use crate::users::{USER_COLUMNS, user_from_row};
use crate::{AuditEntry, Result, Store, StoreError, User, audit, conflict_or, new_id};
use saathi_domain::session::SessionKind;
use sqlx::Row;
use sqlx::any::AnyRow;

/// An enrolled tablet.
#[derive(Debug, Clone)]
pub struct KioskDevice {
    pub id: String,
    pub center_id: String,
    pub name: String,
    pub created_by: String,
    pub created_by_name: Option<String>,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

/// A member's kiosk sign-in as staff see it (never the PIN or its hash).
#[derive(Debug, Clone)]
pub struct KioskCredential {
    pub user_id: String,
    pub code: String,
    pub set_at: i64,
    pub set_by_name: Option<String>,
}

/// What a kiosk sign-in checks: the account and its PIN hash.
#[derive(Debug, Clone)]
pub struct KioskSignIn {
    pub user: User,
    pub pin_hash: String,
}

const DEVICE_COLUMNS: &str = "d.id, d.center_id, d.name, d.created_by, c.display_name AS created_by_name, \
                              d.created_at, d.revoked_at, d.last_used_at";

fn device_from_row(r: &AnyRow) -> Result<KioskDevice> {
    Ok(KioskDevice {
        id: r.try_get("id")?,
        center_id: r.try_get("center_id")?,
        name: r.try_get("name")?,
        created_by: r.try_get("created_by")?,
        created_by_name: r.try_get("created_by_name")?,
        created_at: r.try_get("created_at")?,
        revoked_at: r.try_get("revoked_at")?,
        last_used_at: r.try_get("last_used_at")?,
    })
}

impl Store {
    /// Enrols a tablet for a centre; audited.
    pub async fn create_kiosk_device(
        &self,
        center_id: &str,
        name: &str,
        token_hash: &str,
        created_by: &str,
        now: i64,
    ) -> Result<KioskDevice> {
        let id = new_id();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO kiosk_devices (id, center_id, name, token_hash, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(center_id)
        .bind(name)
        .bind(token_hash)
        .bind(created_by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(center_id), Some(created_by), "kiosk.enrolled")
                .on("kiosk_device", Some(&id))
                .detail(serde_json::json!({ "name": name })),
        )
        .await?;
        tx.commit().await?;
        self.get_kiosk_device(&id).await?.ok_or(StoreError::NotFound)
    }

    pub async fn get_kiosk_device(&self, id: &str) -> Result<Option<KioskDevice>> {
        let row = sqlx::query(safe!(
            "SELECT {DEVICE_COLUMNS} FROM kiosk_devices d LEFT JOIN users c ON c.id = d.created_by WHERE d.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(device_from_row).transpose()
    }

    /// The enrolled, not revoked, tablet whose cookie token has this hash.
    pub async fn live_kiosk_device(&self, token_hash: &str) -> Result<Option<KioskDevice>> {
        let row = sqlx::query(safe!(
            "SELECT {DEVICE_COLUMNS} FROM kiosk_devices d LEFT JOIN users c ON c.id = d.created_by \
             WHERE d.token_hash = $1 AND d.revoked_at IS NULL"
        ))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(device_from_row).transpose()
    }

    /// A centre's tablets, the ones in use first, newest first.
    pub async fn list_kiosk_devices(&self, center_id: &str) -> Result<Vec<KioskDevice>> {
        let rows = sqlx::query(safe!(
            "SELECT {DEVICE_COLUMNS} FROM kiosk_devices d LEFT JOIN users c ON c.id = d.created_by \
             WHERE d.center_id = $1 ORDER BY (CASE WHEN d.revoked_at IS NULL THEN 0 ELSE 1 END), d.created_at DESC, d.id \
             LIMIT 200"
        ))
        .bind(center_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(device_from_row).collect()
    }

    /// Revokes a tablet: its cookie signs no one in any more, and the
    /// sessions started on it end; audited, in one transaction. `None` when
    /// it was revoked already; else the sessions ended (for the caller to
    /// forget them from any cache and close their live sockets).
    pub async fn revoke_kiosk_device(
        &self,
        id: &str,
        center_id: &str,
        by: &str,
        now: i64,
    ) -> Result<Option<Vec<EndedSession>>> {
        let q = sqlx::query(
            "UPDATE kiosk_devices SET revoked_at = $1, revoked_by = $2 \
             WHERE id = $3 AND center_id = $4 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(by)
        .bind(id)
        .bind(center_id);
        let entry = AuditEntry::new(now, Some(center_id), Some(by), "kiosk.revoked").on("kiosk_device", Some(id));
        self.change_ending_sessions(q, Ending::OnDevice(id), entry, now).await
    }

    /// Sets (or replaces) a member's kiosk code and PIN hash, and ends the
    /// member's open kiosk sessions (signed in with the PIN before); audited.
    /// [`StoreError::Conflict`]`("code")` when another member of the centre
    /// has the code. Answers with the sessions ended.
    pub async fn set_kiosk_credential(
        &self,
        user_id: &str,
        center_id: &str,
        code: &str,
        pin_hash: &str,
        by: &str,
        now: i64,
    ) -> Result<Vec<EndedSession>> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO kiosk_credentials (user_id, center_id, code, pin_hash, set_by, set_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (user_id) DO UPDATE SET code = EXCLUDED.code, pin_hash = EXCLUDED.pin_hash, \
             set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at",
        )
        .bind(user_id)
        .bind(center_id)
        .bind(code)
        .bind(pin_hash)
        .bind(by)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(|e| conflict_or(e, &["code"]))?;
        let ended = end_sessions(&mut tx, Ending::KioskOf(user_id), now).await?;
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(center_id), Some(by), "kiosk.pin_set")
                .on("member", Some(user_id))
                .detail(serde_json::json!({ "sessions_ended": ended.len() })),
        )
        .await?;
        tx.commit().await?;
        Ok(ended)
    }

    /// Removes a member's kiosk sign-in and ends their open kiosk sessions;
    /// audited. `None` when there was none; else the sessions ended.
    pub async fn remove_kiosk_credential(
        &self,
        user_id: &str,
        center_id: &str,
        by: &str,
        now: i64,
    ) -> Result<Option<Vec<EndedSession>>> {
        let q = sqlx::query("DELETE FROM kiosk_credentials WHERE user_id = $1 AND center_id = $2")
            .bind(user_id)
            .bind(center_id);
        let entry = AuditEntry::new(now, Some(center_id), Some(by), "kiosk.pin_removed").on("member", Some(user_id));
        self.change_ending_sessions(q, Ending::KioskOf(user_id), entry, now).await
    }

    /// One statement that changes rows; when it changed any, the sessions
    /// `ending` names end and the change is audited (with how many ended),
    /// in one transaction. `None` when it changed nothing; else the
    /// sessions ended.
    async fn change_ending_sessions<'q>(
        &self,
        q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
        ending: Ending<'_>,
        entry: AuditEntry<'_>,
        now: i64,
    ) -> Result<Option<Vec<EndedSession>>> {
        let mut tx = self.begin_write().await?;
        if q.execute(&mut *tx).await?.rows_affected() == 0 {
            return Ok(None);
        }
        let ended = end_sessions(&mut tx, ending, now).await?;
        audit::write(&mut tx, &entry.detail(serde_json::json!({ "sessions_ended": ended.len() }))).await?;
        tx.commit().await?;
        Ok(Some(ended))
    }

    /// A member's kiosk sign-in, if any.
    pub async fn kiosk_credential(&self, user_id: &str) -> Result<Option<KioskCredential>> {
        let row = sqlx::query(
            "SELECT k.user_id, k.code, k.set_at, s.display_name AS set_by_name FROM kiosk_credentials k \
             LEFT JOIN users s ON s.id = k.set_by WHERE k.user_id = $1",
        )
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(KioskCredential {
            user_id: r.try_get("user_id")?,
            code: r.try_get("code")?,
            set_at: r.try_get("set_at")?,
            set_by_name: r.try_get("set_by_name")?,
        }))
    }

    /// The account a code names in a centre, with its PIN hash.
    pub async fn find_kiosk_sign_in(&self, center_id: &str, code: &str) -> Result<Option<KioskSignIn>> {
        let row = sqlx::query(safe!(
            "SELECT {USER_COLUMNS}, k.pin_hash FROM kiosk_credentials k JOIN users u ON u.id = k.user_id \
             WHERE k.center_id = $1 AND k.code = $2 AND u.center_id = $1"
        ))
        .bind(center_id)
        .bind(code)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(KioskSignIn { user: user_from_row(&r)?, pin_hash: r.try_get("pin_hash")? }))
    }
}

/// Whose open sessions a change to the kiosks ends.
#[derive(Clone, Copy)]
enum Ending<'a> {
    /// Every session started on this tablet (code and PIN, or password).
    OnDevice(&'a str),
    /// This member's kiosk sessions (signed in with their code and PIN).
    KioskOf(&'a str),
}

/// Ends the open sessions `ending` names (inside the caller's transaction).
async fn end_sessions(tx: &mut crate::WriteTx, ending: Ending<'_>, now: i64) -> Result<Vec<EndedSession>> {
    let update = |which: &str| {
        sqlx::query(safe!(
            "UPDATE sessions SET revoked_at = $1 WHERE {which} AND revoked_at IS NULL RETURNING token_hash, user_id"
        ))
        .bind(now)
    };
    let q = match ending {
        Ending::OnDevice(device_id) => update("kiosk_device_id = $2").bind(device_id),
        Ending::KioskOf(user_id) => {
            update("user_id = $2 AND kind = $3").bind(user_id).bind(SessionKind::Kiosk.as_str())
        }
    };
    let rows = q.fetch_all(&mut **tx).await?;
    rows.iter()
        .map(|r| Ok(EndedSession { token_hash: r.try_get("token_hash")?, user_id: r.try_get("user_id")? }))
        .collect()
}
