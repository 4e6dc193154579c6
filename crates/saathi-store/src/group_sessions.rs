//! Sessions of a group (materialised from its schedule or ad hoc), their
//! attendance and the sharing circle's turns.

use crate::{AuditEntry, Result, Store, StoreError, audit, new_id};
use saathi_domain::attendance::Status;
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSession {
    pub id: String,
    pub group_id: String,
    pub center_id: String,
    /// The scheduled start this session was made for; `None` for ad hoc ones.
    pub occurrence_at: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub topic: Option<String>,
    /// `scheduled` or `cancelled`.
    pub status: String,
    pub checkin_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceRecord {
    pub session_id: String,
    pub member_id: String,
    pub status: Status,
    pub via: String,
    pub recorded_at: i64,
}

/// A member's attendance with the session it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceEntry {
    pub session_id: String,
    pub group_id: String,
    pub group_name: String,
    pub member_id: String,
    pub starts_at: i64,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurnRecord {
    pub id: String,
    pub member_id: String,
    pub seconds: i64,
    pub passed: bool,
    pub created_at: i64,
}

/// When a session runs and what about.
#[derive(Debug, Clone, Copy)]
pub struct SessionSlot<'a> {
    pub starts_at: i64,
    pub ends_at: i64,
    pub topic: Option<&'a str>,
}

const COLUMNS: &str = "id, group_id, center_id, occurrence_at, starts_at, ends_at, topic, status, checkin_code";

pub(crate) fn from_row(r: &AnyRow) -> Result<GroupSession> {
    Ok(GroupSession {
        id: r.try_get("id")?,
        group_id: r.try_get("group_id")?,
        center_id: r.try_get("center_id")?,
        occurrence_at: r.try_get("occurrence_at")?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        topic: r.try_get("topic")?,
        status: r.try_get("status")?,
        checkin_code: r.try_get("checkin_code")?,
    })
}

fn status_of(s: &str) -> Result<Status> {
    Status::parse(s).ok_or_else(|| StoreError::Corrupt(format!("attendance status {s}")))
}

/// A six-digit code the facilitator shows for self check-in.
fn checkin_code() -> String {
    use rand::Rng;
    format!("{:06}", rand::thread_rng().gen_range(0..1_000_000))
}

impl Store {
    /// Makes sure a session row exists for each scheduled start given
    /// (`(starts_at, ends_at)` in UTC ms). Only missing ones are written, so
    /// listing sessions already materialised stays a read.
    pub async fn materialise_sessions(
        &self,
        group_id: &str,
        center_id: &str,
        occurrences: &[(i64, i64)],
        now: i64,
    ) -> Result<()> {
        let (Some(first), Some(last)) = (occurrences.first(), occurrences.last()) else { return Ok(()) };
        let existing: Vec<i64> = sqlx::query_scalar(
            "SELECT occurrence_at FROM group_sessions WHERE group_id = $1 AND occurrence_at >= $2 AND occurrence_at <= $3",
        )
        .bind(group_id)
        .bind(first.0)
        .bind(last.0)
        .fetch_all(&self.pool)
        .await?;
        let missing: Vec<&(i64, i64)> = occurrences.iter().filter(|(s, _)| !existing.contains(s)).collect();
        if missing.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin_write().await?;
        for (starts, ends) in missing {
            sqlx::query(
                "INSERT INTO group_sessions (id, group_id, center_id, occurrence_at, starts_at, ends_at, topic, status, \
                 checkin_code, created_at) VALUES ($1, $2, $3, $4, $4, $5, NULL, 'scheduled', $6, $7) \
                 ON CONFLICT (group_id, occurrence_at) DO NOTHING",
            )
            .bind(new_id())
            .bind(group_id)
            .bind(center_id)
            .bind(*starts)
            .bind(*ends)
            .bind(checkin_code())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Sessions starting in `[from, to)` (UTC ms), earliest first.
    pub async fn list_sessions(&self, group_id: &str, from: i64, to: i64) -> Result<Vec<GroupSession>> {
        let rows = sqlx::query(safe!(
            "SELECT {COLUMNS} FROM group_sessions WHERE group_id = $1 AND starts_at >= $2 AND starts_at < $3 \
             ORDER BY starts_at, id"
        ))
        .bind(group_id)
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// The latest session of a group that started before `before` and was not cancelled.
    pub async fn previous_session(&self, group_id: &str, before: i64) -> Result<Option<GroupSession>> {
        let row = sqlx::query(safe!(
            "SELECT {COLUMNS} FROM group_sessions WHERE group_id = $1 AND starts_at < $2 AND status = 'scheduled' \
             ORDER BY starts_at DESC LIMIT 1"
        ))
        .bind(group_id)
        .bind(before)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    pub async fn get_group_session(&self, id: &str) -> Result<Option<GroupSession>> {
        let row = sqlx::query(safe!("SELECT {COLUMNS} FROM group_sessions WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    pub async fn create_group_session(
        &self,
        group_id: &str,
        center_id: &str,
        slot: SessionSlot<'_>,
        actor_id: &str,
        now: i64,
    ) -> Result<GroupSession> {
        let SessionSlot { starts_at, ends_at, topic } = slot;
        let id = new_id();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO group_sessions (id, group_id, center_id, occurrence_at, starts_at, ends_at, topic, status, \
             checkin_code, created_at) VALUES ($1, $2, $3, NULL, $4, $5, $6, 'scheduled', $7, $8)",
        )
        .bind(&id)
        .bind(group_id)
        .bind(center_id)
        .bind(starts_at)
        .bind(ends_at)
        .bind(topic)
        .bind(checkin_code())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(center_id), Some(actor_id), "session.create")
                .on("session", Some(&id))
                .detail(serde_json::json!({ "group_id": group_id })),
        )
        .await?;
        tx.commit().await?;
        self.get_group_session(&id).await?.ok_or(StoreError::NotFound)
    }

    /// Moves, re-topics or cancels one session.
    pub async fn update_group_session(
        &self,
        id: &str,
        slot: SessionSlot<'_>,
        status: &str,
        actor_id: &str,
        now: i64,
    ) -> Result<GroupSession> {
        let SessionSlot { starts_at, ends_at, topic } = slot;
        let cur = self.get_group_session(id).await?.ok_or(StoreError::NotFound)?;
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE group_sessions SET starts_at = $1, ends_at = $2, topic = $3, status = $4 WHERE id = $5")
            .bind(starts_at)
            .bind(ends_at)
            .bind(topic)
            .bind(status)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit::write(
            &mut tx,
            &AuditEntry::new(
                now,
                Some(&cur.center_id),
                Some(actor_id),
                if status == "cancelled" && cur.status != "cancelled" { "session.cancel" } else { "session.update" },
            )
            .on("session", Some(id))
            .detail(serde_json::json!({ "from": cur.starts_at, "to": starts_at, "status": status })),
        )
        .await?;
        tx.commit().await?;
        self.get_group_session(id).await?.ok_or(StoreError::NotFound)
    }

    /// Records attendance for several members of one session (a later
    /// record for the same member wins).
    pub async fn put_attendance(
        &self,
        session_id: &str,
        records: &[(String, Status)],
        via: &'static str,
        actor_id: &str,
        now: i64,
    ) -> Result<()> {
        let write = crate::AttendanceWrite {
            session_id: session_id.to_string(),
            records: records.to_vec(),
            via,
            recorded_by: actor_id.to_string(),
            at: now,
        };
        self.write_attendance(std::slice::from_ref(&write)).await?;
        Ok(())
    }

    pub async fn session_attendance(&self, session_id: &str) -> Result<Vec<AttendanceRecord>> {
        let rows = sqlx::query(
            "SELECT session_id, member_id, status, via, recorded_at FROM attendance WHERE session_id = $1 ORDER BY member_id",
        )
        .bind(session_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AttendanceRecord {
                    session_id: r.try_get("session_id")?,
                    member_id: r.try_get("member_id")?,
                    status: status_of(&r.try_get::<String, _>("status")?)?,
                    via: r.try_get("via")?,
                    recorded_at: r.try_get("recorded_at")?,
                })
            })
            .collect()
    }

    /// Attendance history: of one member (all groups) or of one group, newest first.
    pub async fn attendance_history(
        &self,
        member_id: Option<&str>,
        group_id: Option<&str>,
        limit: i64,
    ) -> Result<Vec<AttendanceEntry>> {
        // Only the filters given, written out: `($1 IS NULL OR a.member_id = $1)`
        // keeps SQLite from using the member's index and reads every row.
        let filter = match (member_id, group_id) {
            (Some(_), Some(_)) => "a.member_id = $1 AND s.group_id = $2",
            (Some(_), None) => "a.member_id = $1",
            (None, Some(_)) => "s.group_id = $1",
            (None, None) => "1 = 1",
        };
        let limit_at = 1 + usize::from(member_id.is_some()) + usize::from(group_id.is_some());
        let sql = safe!(
            "SELECT a.session_id, s.group_id, g.name AS group_name, a.member_id, s.starts_at, a.status \
             FROM attendance a JOIN group_sessions s ON s.id = a.session_id JOIN groups g ON g.id = s.group_id \
             WHERE {filter} ORDER BY s.starts_at DESC, a.member_id LIMIT ${limit_at}"
        );
        let mut q = sqlx::query(sql);
        for id in [member_id, group_id].into_iter().flatten() {
            q = q.bind(id);
        }
        let rows = q.bind(limit).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(AttendanceEntry {
                    session_id: r.try_get("session_id")?,
                    group_id: r.try_get("group_id")?,
                    group_name: r.try_get("group_name")?,
                    member_id: r.try_get("member_id")?,
                    starts_at: r.try_get("starts_at")?,
                    status: status_of(&r.try_get::<String, _>("status")?)?,
                })
            })
            .collect()
    }

    pub async fn add_turn(
        &self,
        session_id: &str,
        member_id: &str,
        seconds: i64,
        passed: bool,
        actor_id: &str,
        now: i64,
    ) -> Result<TurnRecord> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO circle_turns (id, session_id, member_id, seconds, passed, recorded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(session_id)
        .bind(member_id)
        .bind(seconds)
        .bind(i64::from(passed))
        .bind(actor_id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(TurnRecord { id, member_id: member_id.into(), seconds, passed, created_at: now })
    }

    pub async fn turns(&self, session_id: &str) -> Result<Vec<TurnRecord>> {
        let rows = sqlx::query(
            "SELECT id, member_id, seconds, passed, created_at FROM circle_turns WHERE session_id = $1 ORDER BY created_at, id",
        )
        .bind(session_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let passed: i64 = r.try_get("passed")?;
                Ok(TurnRecord {
                    id: r.try_get("id")?,
                    member_id: r.try_get("member_id")?,
                    seconds: r.try_get("seconds")?,
                    passed: passed != 0,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }
}
