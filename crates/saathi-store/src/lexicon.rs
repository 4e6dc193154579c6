//! A centre's own lines for the safety screening lexicon.

use crate::{AuditEntry, Result, Store, audit};
use sqlx::Row;

/// A centre's lexicon lines and who last changed them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CenterLexicon {
    pub lines: String,
    pub updated_at: i64,
    pub updated_by: String,
}

impl Store {
    /// The centre's own lines, if it ever set any.
    pub async fn center_lexicon(&self, center_id: &str) -> Result<Option<CenterLexicon>> {
        let row = sqlx::query("SELECT lines, updated_at, updated_by FROM center_lexicons WHERE center_id = $1")
            .bind(center_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(CenterLexicon {
                lines: r.try_get("lines")?,
                updated_at: r.try_get("updated_at")?,
                updated_by: r.try_get("updated_by")?,
            })
        })
        .transpose()
    }

    /// Replaces the centre's own lines (audited with their count, not their text).
    pub async fn set_center_lexicon(&self, center_id: &str, lines: &str, actor_id: &str, now: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO center_lexicons (center_id, lines, updated_at, updated_by) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (center_id) DO UPDATE SET lines = excluded.lines, updated_at = excluded.updated_at, \
             updated_by = excluded.updated_by",
        )
        .bind(center_id)
        .bind(lines)
        .bind(now)
        .bind(actor_id)
        .execute(&mut *tx)
        .await?;
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(center_id), Some(actor_id), "center.lexicon")
                .on("center", Some(center_id))
                .detail(serde_json::json!({ "lines": lines.lines().count() })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
