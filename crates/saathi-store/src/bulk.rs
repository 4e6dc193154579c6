//! Bulk inserts for generated data (`saathi demo`): accounts, member records
//! and stage history for a batch of members in one transaction, written with
//! multi-row `INSERT … VALUES (…), (…)` statements.
//!
//! Generated data is not somebody's action, so these inserts skip the audit
//! log on purpose. Nothing else may use them: real admissions go through
//! [`Store::create_member`], which audits.

use crate::members::search_name;
use crate::{Backend, Result, Store, StoreError, conflict_or, new_id};
use saathi_domain::{Role, Stage};

/// Rows per statement. The widest row binds 11 values, so a statement binds at
/// most 5,500: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
const ROWS_PER_STATEMENT: usize = 500;

const USER_INSERT: &str = "INSERT INTO users (id, center_id, role, login, phone, password_hash, display_name, \
                           full_name, language, created_at, disabled) VALUES ";
const USER_ROW: &str = "(?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, 0)";

const MEMBER_INSERT: &str = "INSERT INTO members (user_id, center_id, gender, birth_year, substances, stage, \
                             sobriety_start, counselor_id, search_name, admitted_at, discharged_at) VALUES ";
const MEMBER_ROW: &str = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

const STAGE_INSERT: &str =
    "INSERT INTO stage_changes (id, member_id, from_stage, to_stage, changed_by, changed_at) VALUES ";
const STAGE_ROW: &str = "(?, ?, ?, ?, ?, ?)";

/// A generated account. Logins are stored lowercase, as everywhere.
#[derive(Debug, Clone)]
pub struct GeneratedUser {
    /// Made with [`new_id`](crate::new_id) by the caller, so members can name
    /// their counsellor before anything is written.
    pub id: String,
    pub center_id: String,
    pub role: Role,
    pub login: String,
    pub display_name: String,
    pub full_name: Option<String>,
    pub language: String,
    pub created_at: i64,
}

/// One entry of a generated member's stage history.
#[derive(Debug, Clone)]
pub struct GeneratedStageChange {
    pub from_stage: Option<Stage>,
    pub to_stage: Stage,
    pub changed_by: Option<String>,
    pub changed_at: i64,
}

/// A generated member: the account (role member), the record and its history.
#[derive(Debug, Clone)]
pub struct GeneratedMember {
    pub user: GeneratedUser,
    pub gender: String,
    /// Unknown for some.
    pub birth_year: Option<i64>,
    pub substances: Vec<String>,
    pub stage: Stage,
    pub sobriety_start: String,
    /// A counsellor in this batch's `users` or already stored.
    pub counselor_id: Option<String>,
    pub admitted_at: i64,
    pub discharged_at: Option<i64>,
    pub history: Vec<GeneratedStageChange>,
}

/// What [`Store::insert_generated`] writes in one transaction.
#[derive(Debug, Clone, Default)]
pub struct GeneratedBatch {
    /// The one password hash every account of the batch gets.
    pub password_hash: String,
    /// Accounts without a member record (staff, family); written first.
    pub users: Vec<GeneratedUser>,
    pub members: Vec<GeneratedMember>,
}

/// `rows` copies of the constant `row` template, comma-separated. On
/// PostgreSQL each `?` becomes `$1`, `$2`, … in order. SQLite keeps the plain
/// `?`: sqlx looks up the name of every numbered parameter, and SQLite finds a
/// name by a linear scan, so numbered parameters make binding a 5,000-parameter
/// statement quadratic (it was most of the time of a bulk insert); plain ones
/// are bound in order at no cost.
fn values(backend: Backend, row: &str, rows: usize) -> String {
    if backend == Backend::Sqlite {
        return vec![row; rows].join(", ");
    }
    let mut s = String::with_capacity(rows * (row.len() * 2 + 2));
    let mut n = 1;
    for r in 0..rows {
        if r > 0 {
            s.push_str(", ");
        }
        for c in row.chars() {
            if c == '?' {
                s.push('$');
                s.push_str(&n.to_string());
                n += 1;
            } else {
                s.push(c);
            }
        }
    }
    s
}

impl Store {
    /// Writes a batch of generated accounts, members and stage history in one
    /// transaction. No audit entries: see the module documentation.
    pub async fn insert_generated(&self, batch: &GeneratedBatch) -> Result<()> {
        let users: Vec<&GeneratedUser> = batch.users.iter().chain(batch.members.iter().map(|m| &m.user)).collect();
        if let Some(m) = batch.members.iter().find(|m| m.user.role != Role::Member) {
            return Err(StoreError::Corrupt(format!("generated member {} has role {}", m.user.login, m.user.role)));
        }
        let mut tx = self.begin_write().await?;

        for chunk in users.chunks(ROWS_PER_STATEMENT) {
            let rows = values(self.backend, USER_ROW, chunk.len());
            let mut q = sqlx::query(safe!("{USER_INSERT}{rows}"));
            for u in chunk {
                q = q
                    .bind(u.id.as_str())
                    .bind(u.center_id.as_str())
                    .bind(u.role.as_str())
                    .bind(u.login.to_lowercase())
                    .bind(batch.password_hash.as_str())
                    .bind(u.display_name.as_str())
                    .bind(u.full_name.as_deref())
                    .bind(u.language.as_str())
                    .bind(u.created_at);
            }
            q.execute(&mut *tx).await.map_err(|e| conflict_or(e, &["login", "phone"]))?;
        }

        for chunk in batch.members.chunks(ROWS_PER_STATEMENT) {
            let rows = values(self.backend, MEMBER_ROW, chunk.len());
            let mut q = sqlx::query(safe!("{MEMBER_INSERT}{rows}"));
            for m in chunk {
                let substances =
                    serde_json::to_string(&m.substances).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                q = q
                    .bind(m.user.id.as_str())
                    .bind(m.user.center_id.as_str())
                    .bind(m.gender.as_str())
                    .bind(m.birth_year)
                    .bind(substances)
                    .bind(m.stage.as_str())
                    .bind(m.sobriety_start.as_str())
                    .bind(m.counselor_id.as_deref())
                    .bind(search_name(&m.user.display_name, m.user.full_name.as_deref()))
                    .bind(m.admitted_at)
                    .bind(m.discharged_at);
            }
            q.execute(&mut *tx).await?;
        }

        let changes: Vec<(&str, &GeneratedStageChange)> =
            batch.members.iter().flat_map(|m| m.history.iter().map(move |c| (m.user.id.as_str(), c))).collect();
        for chunk in changes.chunks(ROWS_PER_STATEMENT) {
            let rows = values(self.backend, STAGE_ROW, chunk.len());
            let mut q = sqlx::query(safe!("{STAGE_INSERT}{rows}"));
            for (member_id, c) in chunk {
                q = q
                    .bind(new_id())
                    .bind(*member_id)
                    .bind(c.from_stage.map(|s| s.as_str()))
                    .bind(c.to_stage.as_str())
                    .bind(c.changed_by.as_deref())
                    .bind(c.changed_at);
            }
            q.execute(&mut *tx).await?;
        }

        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows() {
        assert_eq!(values(Backend::Postgres, "(?, NULL, ?)", 2), "($1, NULL, $2), ($3, NULL, $4)");
        assert_eq!(values(Backend::Postgres, STAGE_ROW, 1), "($1, $2, $3, $4, $5, $6)");
        assert_eq!(values(Backend::Sqlite, "(?, 0)", 2), "(?, 0), (?, 0)");
    }
}
