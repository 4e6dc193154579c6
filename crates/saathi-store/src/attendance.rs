//! Attendance sheets: what a facilitator needs to record a session's
//! attendance, read in one query, and attendance written in batches (group
//! commit: sheets saved at the same moment share one transaction).

use crate::group_sessions::{AttendanceRecord, GroupSession};
use crate::{Backend, Result, Store, StoreError};
use saathi_domain::attendance::Status;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A session with what recording its attendance is checked against.
#[derive(Debug, Clone)]
pub struct AttendanceSheet {
    pub session: GroupSession,
    /// The group's facilitators.
    pub facilitator_ids: Vec<String>,
    /// The group's active members and whether each accepted its agreement.
    pub roster: Vec<(String, bool)>,
    /// What is recorded so far, by member id.
    pub recorded: Vec<AttendanceRecord>,
}

/// One session's attendance as a facilitator (or a member checking
/// themself in) saves it.
#[derive(Debug, Clone)]
pub struct AttendanceWrite {
    pub session_id: String,
    /// Member and status; a member given twice counts once, the last time.
    pub records: Vec<(String, Status)>,
    /// `facilitator` or `self`.
    pub via: &'static str,
    pub recorded_by: String,
    pub at: i64,
}

/// Values bound per row.
const PER_ROW: usize = 6;
/// Rows per statement: 6 × 500 = 3,000 bound values, well under both databases' limits.
const ROWS_PER_STATEMENT: usize = 500;

/// Groups items into statements in which no key repeats, at most `max` to a
/// statement: an item whose key was seen goes to a later statement than the
/// one holding it, so statements run in order apply the later item last.
/// (One upsert statement may not touch the same row twice.)
pub(crate) fn distinct_key_statements<K: PartialEq>(keys: &[K], max: usize) -> Vec<Vec<usize>> {
    let mut statements: Vec<Vec<usize>> = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        let first = statements.iter().rposition(|s| s.iter().any(|j| &keys[*j] == key)).map_or(0, |last| last + 1);
        match (first..statements.len()).find(|k| statements[*k].len() < max) {
            Some(k) => statements[k].push(i),
            None => statements.push(vec![i]),
        }
    }
    statements
}

/// The placeholders of a multi-row VALUES list: `($1, $2, ...), (...)` on
/// PostgreSQL; on SQLite anonymous `?`s, bound in the same order. (SQLite
/// looks a numbered parameter's name up by a linear scan, and sqlx asks for
/// every parameter's name, so `$n` costs time quadratic in the number of
/// values: with 72 values it was a tenth of an attendance write.)
pub(crate) fn values_list(backend: Backend, rows: usize, per_row: usize) -> String {
    let mut s = String::with_capacity(rows * per_row * 5);
    for r in 0..rows {
        if r > 0 {
            s.push_str(", ");
        }
        s.push('(');
        for k in 1..=per_row {
            if k > 1 {
                s.push_str(", ");
            }
            match backend {
                Backend::Sqlite => s.push('?'),
                Backend::Postgres => {
                    s.push('$');
                    s.push_str(&(r * per_row + k).to_string());
                }
            }
        }
        s.push(')');
    }
    s
}

/// The sheets of `sessions` sessions: one row each, the session with its
/// group's facilitators (`a,b`), its active roster (`member:accepted_at`,
/// the time empty when not accepted) and what is recorded
/// (`member:status:via:recorded_at`), each list joined by commas. One row a
/// session rather than a row per member: 32 sheets were 800 rows, and every
/// row through sqlx's `Any` driver rebuilds its column list. Ids, statuses
/// and `via` never hold `:` or `,`.
fn sheets_sql(backend: Backend, sessions: usize) -> String {
    let (facilitators, roster, recorded) = match backend {
        Backend::Sqlite => (
            "(SELECT group_concat(user_id, ',') FROM (SELECT user_id FROM group_facilitators f \
             WHERE f.group_id = s.group_id ORDER BY user_id))",
            "(SELECT group_concat(e.member_id || ':' || COALESCE(e.agreement_accepted_at, ''), ',') \
             FROM enrollments e WHERE e.group_id = s.group_id AND e.status = 'active')",
            "(SELECT group_concat(a.member_id || ':' || a.status || ':' || a.via || ':' || a.recorded_at, ',') \
             FROM attendance a WHERE a.session_id = s.id)",
        ),
        Backend::Postgres => (
            "(SELECT string_agg(user_id, ',' ORDER BY user_id) FROM group_facilitators f WHERE f.group_id = s.group_id)",
            "(SELECT string_agg(e.member_id || ':' || COALESCE(CAST(e.agreement_accepted_at AS TEXT), ''), ',') \
             FROM enrollments e WHERE e.group_id = s.group_id AND e.status = 'active')",
            "(SELECT string_agg(a.member_id || ':' || a.status || ':' || a.via || ':' || CAST(a.recorded_at AS TEXT), ',') \
             FROM attendance a WHERE a.session_id = s.id)",
        ),
    };
    // On PostgreSQL a list of numbered parameters (the planner sees the
    // values); on SQLite anonymous ones.
    format!(
        "SELECT s.id, s.group_id, s.center_id, s.occurrence_at, s.starts_at, s.ends_at, s.topic, s.status, \
         s.checkin_code, {facilitators} AS facilitators, {roster} AS roster, {recorded} AS recorded \
         FROM group_sessions s WHERE s.id IN ({})",
        values_list(backend, sessions, 1)
    )
}

/// A sheet's roster from its `member:accepted_at` list.
fn roster_of(list: Option<&str>) -> Result<Vec<(String, bool)>> {
    let mut roster = Vec::new();
    for item in list.unwrap_or_default().split(',').filter(|s| !s.is_empty()) {
        let (member, accepted) =
            item.split_once(':').ok_or_else(|| StoreError::Corrupt(format!("a roster entry {item:?}")))?;
        roster.push((member.to_string(), !accepted.is_empty()));
    }
    Ok(roster)
}

/// A sheet's records from its `member:status:via:recorded_at` list, by member id.
fn records_of(session_id: &str, list: Option<&str>) -> Result<Vec<AttendanceRecord>> {
    let corrupt = |item: &str| StoreError::Corrupt(format!("an attendance entry {item:?}"));
    let mut records = Vec::new();
    for item in list.unwrap_or_default().split(',').filter(|s| !s.is_empty()) {
        let mut parts = item.split(':');
        let (Some(member), Some(status), Some(via), Some(at), None) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(corrupt(item));
        };
        records.push(AttendanceRecord {
            session_id: session_id.to_string(),
            member_id: member.to_string(),
            status: Status::parse(status).ok_or_else(|| corrupt(item))?,
            via: via.to_string(),
            recorded_at: at.parse().map_err(|_| corrupt(item))?,
        });
    }
    records.sort_by(|a, b| a.member_id.cmp(&b.member_id));
    Ok(records)
}

fn record_from_row(r: &AnyRow, session_id: &str) -> Result<AttendanceRecord> {
    let status: String = r.try_get("status")?;
    Ok(AttendanceRecord {
        session_id: session_id.to_string(),
        member_id: r.try_get("member_id")?,
        status: Status::parse(&status).ok_or_else(|| StoreError::Corrupt(format!("attendance status {status}")))?,
        via: r.try_get("via")?,
        recorded_at: r.try_get("recorded_at")?,
    })
}

/// Puts the rows an upsert answered with under the writes they came from.
fn place_saved(
    answered: &[AnyRow],
    keys: &[(&str, &str)],
    rows: &[(usize, &str, Status)],
    statement: &[usize],
    saved: &mut [Vec<AttendanceRecord>],
) -> Result<()> {
    for row in answered {
        let session_id: String = row.try_get("session_id")?;
        let record = record_from_row(row, &session_id)?;
        let i = statement
            .iter()
            .copied()
            .find(|i| keys[*i] == (session_id.as_str(), record.member_id.as_str()))
            .ok_or_else(|| StoreError::Corrupt("an upsert answered for a row it was not given".into()))?;
        saved[rows[i].0].push(record);
    }
    Ok(())
}

impl Store {
    /// The upsert of some of the rows of a batch of writes.
    fn attendance_upsert<'q>(
        &self,
        writes: &'q [AttendanceWrite],
        rows: &[(usize, &'q str, Status)],
        statement: &[usize],
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
        let sql = format!(
            "INSERT INTO attendance (session_id, member_id, status, via, recorded_by, recorded_at) VALUES {} \
             ON CONFLICT (session_id, member_id) DO UPDATE SET status = excluded.status, via = excluded.via, \
             recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at \
             WHERE attendance.status <> excluded.status \
             RETURNING session_id, member_id, status, via, recorded_at",
            values_list(self.backend, statement.len(), PER_ROW)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for i in statement {
            let (w, member, status) = rows[*i];
            let write = &writes[w];
            q = q
                .bind(write.session_id.as_str())
                .bind(member)
                .bind(status.as_str())
                .bind(write.via)
                .bind(write.recorded_by.as_str())
                .bind(write.at);
        }
        q
    }

    /// A session's attendance sheet in one round trip; `None` if there is
    /// no such session.
    pub async fn attendance_sheet(&self, session_id: &str) -> Result<Option<AttendanceSheet>> {
        Ok(self.attendance_sheets(&[session_id]).await?.pop().flatten())
    }

    /// Several sessions' attendance sheets in one round trip (up to 1,000
    /// sessions), in the order given; `None` for an id that names no session.
    pub async fn attendance_sheets(&self, session_ids: &[&str]) -> Result<Vec<Option<AttendanceSheet>>> {
        let mut distinct: Vec<&str> = Vec::with_capacity(session_ids.len());
        let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for id in session_ids {
            index.entry(id).or_insert_with(|| {
                distinct.push(id);
                distinct.len() - 1
            });
        }
        let mut sheets: Vec<Option<AttendanceSheet>> = vec![None; distinct.len()];
        // 1,000 sessions a query keeps well under both databases' bound-value limits.
        for chunk in distinct.chunks(1000) {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sheets_sql(self.backend, chunk.len())));
            for id in chunk {
                q = q.bind(*id);
            }
            for r in &q.fetch_all(&self.pool).await? {
                let id: String = r.try_get("id")?;
                let Some(&at) = index.get(id.as_str()) else {
                    return Err(StoreError::Corrupt("a sheet row for a session not asked for".into()));
                };
                let facilitators: Option<String> = r.try_get("facilitators")?;
                let roster: Option<String> = r.try_get("roster")?;
                let recorded: Option<String> = r.try_get("recorded")?;
                sheets[at] = Some(AttendanceSheet {
                    session: crate::group_sessions::from_row(r)?,
                    facilitator_ids: facilitators
                        .unwrap_or_default()
                        .split(',')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                    roster: roster_of(roster.as_deref())?,
                    recorded: records_of(&id, recorded.as_deref())?,
                });
            }
        }
        Ok(session_ids.iter().map(|id| index.get(id).and_then(|at| sheets[*at].clone())).collect())
    }

    /// Saves several sessions' attendance in one transaction (usually one
    /// statement). Answers, in the order given, with the rows each write
    /// saved (a member given twice in one write once, as given last; of
    /// writes to the same row, the last one given stays). A row that already
    /// holds the status given is left as it was (who recorded it and when)
    /// and is not in the answer: a facilitator's tablet sends the whole sheet
    /// for each change, and only the change is written. The comparison is
    /// the statement's own, so it holds against a concurrent writer.
    pub async fn write_attendance(&self, writes: &[AttendanceWrite]) -> Result<Vec<Vec<AttendanceRecord>>> {
        // Every (write, record) pair, the last of a member within a write only.
        let mut rows: Vec<(usize, &str, Status)> = Vec::new();
        for (w, write) in writes.iter().enumerate() {
            let start = rows.len();
            for (member, status) in write.records.iter().rev() {
                if !rows[start..].iter().any(|r| r.1 == member.as_str()) {
                    rows.push((w, member.as_str(), *status));
                }
            }
            rows[start..].reverse();
        }
        let keys: Vec<(&str, &str)> = rows.iter().map(|r| (writes[r.0].session_id.as_str(), r.1)).collect();
        let mut saved: Vec<Vec<AttendanceRecord>> = vec![Vec::new(); writes.len()];
        if rows.is_empty() {
            return Ok(saved);
        }
        // A row written again later in the batch would be overwritten in the
        // same transaction, unseen by anyone: only its last value is written,
        // and the earlier write is answered with the row as it set it.
        let mut last: std::collections::HashMap<(&str, &str), usize> = std::collections::HashMap::new();
        for (i, key) in keys.iter().enumerate() {
            last.insert(*key, i);
        }
        let mut kept = Vec::with_capacity(last.len());
        for (i, (w, member, status)) in rows.iter().enumerate() {
            if last.get(&keys[i]) == Some(&i) {
                kept.push(i);
            } else {
                let write = &writes[*w];
                saved[*w].push(AttendanceRecord {
                    session_id: write.session_id.clone(),
                    member_id: (*member).to_string(),
                    status: *status,
                    via: write.via.to_string(),
                    recorded_at: write.at,
                });
            }
        }
        let statements: Vec<Vec<usize>> = kept.chunks(ROWS_PER_STATEMENT).map(<[usize]>::to_vec).collect();
        // One statement is atomic on its own: no BEGIN and COMMIT round trips.
        if let [statement] = statements.as_slice() {
            let q = self.attendance_upsert(writes, &rows, statement);
            let _turn = match self.backend {
                Backend::Sqlite => Some(self.writer.clone().lock_owned().await),
                Backend::Postgres => None,
            };
            let answered = q.fetch_all(&self.pool).await?;
            place_saved(&answered, &keys, &rows, statement, &mut saved)?;
            return Ok(saved);
        }
        let mut tx = self.begin_write().await?;
        for statement in &statements {
            let answered = self.attendance_upsert(writes, &rows, statement).fetch_all(&mut *tx).await?;
            place_saved(&answered, &keys, &rows, statement, &mut saved)?;
        }
        tx.commit().await?;
        Ok(saved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_key_goes_to_a_later_statement() {
        let keys = ["a", "b", "a", "c", "a", "b"];
        let s = distinct_key_statements(&keys, 10);
        assert_eq!(s, vec![vec![0, 1, 3], vec![2, 5], vec![4]]);
        // Within each statement keys are distinct, and every item is placed once.
        for st in &s {
            for (x, i) in st.iter().enumerate() {
                assert!(st[x + 1..].iter().all(|j| keys[*j] != keys[*i]));
            }
        }
        assert_eq!(s.iter().map(Vec::len).sum::<usize>(), keys.len());
    }

    #[test]
    fn statements_hold_at_most_max_rows() {
        let keys: Vec<usize> = (0..7).collect();
        assert_eq!(distinct_key_statements(&keys, 3), vec![vec![0, 1, 2], vec![3, 4, 5], vec![6]]);
    }

    #[test]
    fn values_are_numbered_row_by_row() {
        assert_eq!(values_list(Backend::Postgres, 2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(values_list(Backend::Sqlite, 2, 2), "(?, ?), (?, ?)");
    }
}
