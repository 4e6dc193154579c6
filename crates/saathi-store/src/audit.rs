//! The append-only audit log. Entries are written inside the transaction of
//! the change they record, so a change and its entry stand or fall together.

use crate::{Result, Store, new_id};
use serde::Serialize;
use sqlx::{AnyConnection, Row};

/// An entry to write.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    pub at: i64,
    pub center_id: Option<&'a str>,
    pub actor_id: Option<&'a str>,
    pub action: &'a str,
    pub target_type: Option<&'a str>,
    pub target_id: Option<&'a str>,
    pub detail: serde_json::Value,
}

impl<'a> AuditEntry<'a> {
    /// An entry: when, in which centre, by whom, what.
    pub fn new(at: i64, center_id: Option<&'a str>, actor_id: Option<&'a str>, action: &'a str) -> Self {
        AuditEntry {
            at,
            center_id,
            actor_id,
            action,
            target_type: None,
            target_id: None,
            detail: serde_json::Value::Null,
        }
    }

    /// The record acted on.
    pub fn on(mut self, target_type: &'a str, target_id: Option<&'a str>) -> Self {
        self.target_type = Some(target_type);
        self.target_id = target_id;
        self
    }

    pub fn detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = detail;
        self
    }
}

/// An entry as stored.
#[derive(Debug, Clone, Serialize)]
pub struct AuditRecord {
    pub id: String,
    pub at: i64,
    pub center_id: Option<String>,
    pub actor_id: Option<String>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub detail: serde_json::Value,
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub actor_id: Option<String>,
    pub target_id: Option<String>,
    pub since: Option<i64>,
    pub until: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

pub(crate) async fn write(conn: &mut AnyConnection, e: &AuditEntry<'_>) -> std::result::Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (id, at, center_id, actor_id, action, target_type, target_id, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(e.at)
    .bind(e.center_id)
    .bind(e.actor_id)
    .bind(e.action)
    .bind(e.target_type)
    .bind(e.target_id)
    .bind(e.detail.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

impl Store {
    /// Records a single action that changes nothing else (a login, a read).
    pub async fn audit(&self, e: &AuditEntry<'_>) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        write(&mut conn, e).await?;
        Ok(())
    }

    pub async fn list_audit(&self, center_id: &str, f: &AuditFilter) -> Result<Vec<AuditRecord>> {
        let rows = sqlx::query(
            "SELECT id, at, center_id, actor_id, action, target_type, target_id, detail FROM audit_log \
             WHERE center_id = $1 AND ($2 IS NULL OR action = $2) AND ($3 IS NULL OR actor_id = $3) \
             AND ($4 IS NULL OR target_id = $4) AND at >= $5 AND at <= $6 \
             ORDER BY at DESC, id DESC LIMIT $7 OFFSET $8",
        )
        .bind(center_id)
        .bind(f.action.as_deref())
        .bind(f.actor_id.as_deref())
        .bind(f.target_id.as_deref())
        .bind(f.since.unwrap_or(0))
        .bind(f.until.unwrap_or(i64::MAX))
        .bind(f.limit)
        .bind(f.offset)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                let detail: String = r.try_get("detail")?;
                Ok(AuditRecord {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    center_id: r.try_get("center_id")?,
                    actor_id: r.try_get("actor_id")?,
                    action: r.try_get("action")?,
                    target_type: r.try_get("target_type")?,
                    target_id: r.try_get("target_id")?,
                    detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
                })
            })
            .collect::<std::result::Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }
}
