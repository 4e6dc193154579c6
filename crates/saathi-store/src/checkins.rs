//! Writing the day's check-ins, many at once: one transaction, one
//! multi-row upsert per statement. The earlier version of an updated
//! check-in is kept by a database trigger (migration 0007).

use crate::tracking::{CHECKIN_COLUMNS, checkin_from_row};
use crate::{CheckIn, CheckInInput, Result, Store, StoreError, new_id};

/// One member's check-in for one local day.
#[derive(Debug, Clone)]
pub struct CheckInWrite {
    pub member_id: String,
    pub center_id: String,
    pub local_date: String,
    pub input: CheckInInput,
    pub at: i64,
}

/// Values bound per row.
const PER_ROW: usize = 13;
/// Rows per statement: 13 × 200 = 2,600 bound values, well under both databases' limits.
const ROWS_PER_STATEMENT: usize = 200;

impl Store {
    /// Writes each check-in (a new one for its day, or an update of the
    /// day's, keeping the old version) in one transaction. Answers, in the
    /// order given, with the saved check-in and whether it was new. When the
    /// same member and day come twice, they are written in order.
    pub async fn upsert_checkins(&self, writes: &[CheckInWrite]) -> Result<Vec<(CheckIn, bool)>> {
        // Statements whose rows have distinct (member, day) keys: a key seen
        // again goes to a later statement, so the later write wins.
        let keys: Vec<(&str, &str)> = writes.iter().map(|w| (w.member_id.as_str(), w.local_date.as_str())).collect();
        let statements = crate::attendance::distinct_key_statements(&keys, ROWS_PER_STATEMENT);
        let ids: Vec<String> = writes.iter().map(|_| new_id()).collect();
        let mut answers: Vec<Option<(CheckIn, bool)>> = vec![None; writes.len()];
        let mut tx = self.begin_write().await?;
        for rows in &statements {
            let sql = safe!(
                "INSERT INTO checkins (id, member_id, center_id, local_date, mood, craving, sober, triggers, note, \
                 share_with_mentor, share_with_group, created_at, updated_at) VALUES {} \
                 ON CONFLICT (member_id, local_date) DO UPDATE SET mood = excluded.mood, craving = excluded.craving, \
                 sober = excluded.sober, triggers = excluded.triggers, note = excluded.note, \
                 share_with_mentor = excluded.share_with_mentor, share_with_group = excluded.share_with_group, \
                 updated_at = excluded.updated_at RETURNING {CHECKIN_COLUMNS}",
                crate::attendance::values_list(self.backend, rows.len(), PER_ROW)
            );
            let mut q = sqlx::query(sql);
            for i in rows {
                let w = &writes[*i];
                let c = &w.input;
                q = q
                    .bind(&ids[*i])
                    .bind(&w.member_id)
                    .bind(&w.center_id)
                    .bind(&w.local_date)
                    .bind(c.mood)
                    .bind(c.craving)
                    .bind(i64::from(c.sober))
                    .bind(serde_json::Value::from(c.triggers.clone()).to_string())
                    .bind(c.note.as_deref())
                    .bind(i64::from(c.share_with_mentor))
                    .bind(i64::from(c.share_with_group))
                    .bind(w.at)
                    .bind(w.at);
            }
            for row in q.fetch_all(&mut *tx).await? {
                let saved = checkin_from_row(&row)?;
                let i = rows
                    .iter()
                    .copied()
                    .find(|i| writes[*i].member_id == saved.member_id && writes[*i].local_date == saved.local_date)
                    .ok_or_else(|| StoreError::Corrupt("an upsert answered for a row it was not given".into()))?;
                let created = saved.id == ids[i];
                answers[i] = Some((saved, created));
            }
        }
        tx.commit().await?;
        answers
            .into_iter()
            .map(|a| a.ok_or_else(|| StoreError::Corrupt("an upsert did not answer for a row".into())))
            .collect()
    }
}
