//! Bulk inserts for generated data (`saathi demo`): accounts, member records
//! and stage history for a batch of members in one transaction, groups with
//! their facilitators, enrolments, sessions and attendance in another, and
//! daily check-ins in a third, written with multi-row
//! `INSERT … VALUES (…), (…)` statements.
//!
//! Generated data is not somebody's action, so these inserts skip the audit
//! log on purpose. Nothing else may use them: real admissions go through
//! [`Store::create_member`], which audits. The one exception is
//! [`Store::insert_generated_checkins`], which the demo centre uses too: a
//! check-in is not audited anyway ([`Store::upsert_checkin`] does not), and
//! writing its 90 days one transaction per row would slow every start of
//! `saathi serve --demo`.

use crate::group_sessions::{AttendanceRecord, GroupSession};
use crate::groups::{Enrollment, EnrollmentStatus, Group};
use crate::members::search_name;
use crate::{Backend, Result, Store, StoreError, conflict_or, new_id};
use saathi_domain::{Role, Stage};
use std::collections::HashMap;

/// Rows per statement. The widest row (a group) binds 15 values, so a
/// statement binds at most 7,500: well under SQLite's 32,766 and PostgreSQL's
/// 65,535 parameters.
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

const GROUP_INSERT: &str = "INSERT INTO groups (id, center_id, name, kind, modality, capacity, eligibility, is_open, \
                            agreement, schedule_rrule, schedule_start_time, schedule_duration, schedule_starts_on, \
                            created_by, created_at) VALUES ";
const GROUP_ROW: &str = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

const FACILITATOR_INSERT: &str = "INSERT INTO group_facilitators (group_id, user_id) VALUES ";
const FACILITATOR_ROW: &str = "(?, ?)";

const ENROLLMENT_INSERT: &str = "INSERT INTO enrollments (group_id, member_id, status, queue_seq, enrolled_at, \
                                 activated_at, enrolled_by, override_reason, agreement_accepted_at) VALUES ";
const ENROLLMENT_ROW: &str = "(?, ?, ?, ?, ?, ?, ?, ?, ?)";

const SESSION_INSERT: &str = "INSERT INTO group_sessions (id, group_id, center_id, occurrence_at, starts_at, ends_at, \
                              topic, status, checkin_code, created_at) VALUES ";
const SESSION_ROW: &str = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

const ATTENDANCE_INSERT: &str =
    "INSERT INTO attendance (session_id, member_id, status, via, recorded_by, recorded_at) VALUES ";
const ATTENDANCE_ROW: &str = "(?, ?, ?, ?, ?, ?)";

const CHECKIN_INSERT: &str = "INSERT INTO checkins (id, member_id, center_id, local_date, mood, craving, sober, \
                              triggers, note, share_with_mentor, share_with_group, created_at, updated_at) VALUES ";
const CHECKIN_ROW: &str = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/// Scheduled sessions are materialised this long before they start (as a
/// listing of the coming fortnight would), never before their group exists.
const MATERIALISED_AHEAD_MS: i64 = 14 * 24 * 60 * 60 * 1000;

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

/// A generated daily check-in, never revised (`updated_at` is `created_at`).
#[derive(Debug, Clone)]
pub struct GeneratedCheckIn {
    pub member_id: String,
    pub center_id: String,
    /// The member's local date, `YYYY-MM-DD`; one check-in per member and date.
    pub local_date: String,
    /// 1–5.
    pub mood: i64,
    /// 0–10.
    pub craving: i64,
    pub sober: bool,
    /// Tags of the centre's list.
    pub triggers: Vec<String>,
    pub note: Option<String>,
    pub share_with_mentor: bool,
    pub share_with_group: bool,
    pub created_at: i64,
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

/// SQLite page cache for bulk writes, in KiB (the default is 2 MiB). Index
/// inserts at random places (members by name, attendance by member) miss a
/// small cache and read the page back from the file; a large one made the
/// 100,000-member generation about a quarter faster.
const BULK_CACHE_KIB: i64 = 256 * 1024;

impl Store {
    /// A write transaction for bulk inserts; on SQLite its connection gets a
    /// large page cache, which it keeps (only `saathi demo` writes in bulk).
    async fn begin_bulk(&self) -> Result<crate::WriteTx> {
        let mut tx = self.begin_write().await?;
        if self.backend == Backend::Sqlite {
            sqlx::query(safe!("PRAGMA cache_size = -{BULK_CACHE_KIB}")).execute(&mut *tx).await?;
        }
        Ok(tx)
    }

    /// Writes a batch of generated accounts, members and stage history in one
    /// transaction. No audit entries: see the module documentation.
    pub async fn insert_generated(&self, batch: &GeneratedBatch) -> Result<()> {
        let users: Vec<&GeneratedUser> = batch.users.iter().chain(batch.members.iter().map(|m| &m.user)).collect();
        if let Some(m) = batch.members.iter().find(|m| m.user.role != Role::Member) {
            return Err(StoreError::Corrupt(format!("generated member {} has role {}", m.user.login, m.user.role)));
        }
        let mut tx = self.begin_bulk().await?;

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

    /// Writes generated groups with their facilitators, enrolments, sessions
    /// and attendance in one transaction. No audit entries: see the module
    /// documentation. The read models serve as input; what they lack is
    /// derived:
    /// - a group was created by its first facilitator (`created_by`);
    /// - enrolments are given per group in queue order (the active first):
    ///   `queue_seq` is the place in that order, an active one was activated
    ///   when enrolled, and the group's first facilitator enrolled them;
    /// - a session was materialised a fortnight before it starts, or when its
    ///   group was created if that was later;
    /// - attendance `via` `self` was recorded by the member, anything else by
    ///   the first facilitator of the session's group.
    ///
    /// Members and facilitators must already be stored, and the sessions of
    /// the attendance be in the batch; `active_count`, `waitlist_count`,
    /// `waitlist_position` and `display_name` are ignored.
    pub async fn insert_generated_groups(
        &self,
        groups: &[Group],
        enrollments: &[Enrollment],
        sessions: &[GroupSession],
        attendance: &[AttendanceRecord],
    ) -> Result<()> {
        let by_id: HashMap<&str, &Group> = groups.iter().map(|g| (g.id.as_str(), g)).collect();
        let first_facilitator =
            |group_id: &str| by_id.get(group_id).and_then(|g| g.facilitator_ids.first()).map(String::as_str);
        let session_group: HashMap<&str, &str> =
            sessions.iter().map(|s| (s.id.as_str(), s.group_id.as_str())).collect();
        if let Some(a) = attendance.iter().find(|a| !session_group.contains_key(a.session_id.as_str())) {
            return Err(StoreError::Corrupt(format!(
                "generated attendance for session {} outside the batch",
                a.session_id
            )));
        }
        let mut tx = self.begin_bulk().await?;

        for chunk in groups.chunks(ROWS_PER_STATEMENT) {
            let rows = values(self.backend, GROUP_ROW, chunk.len());
            let mut q = sqlx::query(safe!("{GROUP_INSERT}{rows}"));
            for g in chunk {
                let eligibility =
                    serde_json::to_string(&g.eligibility).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                q = q
                    .bind(g.id.as_str())
                    .bind(g.center_id.as_str())
                    .bind(g.name.as_str())
                    .bind(g.kind.as_str())
                    .bind(g.modality.as_str())
                    .bind(g.capacity)
                    .bind(eligibility)
                    .bind(i64::from(g.is_open))
                    .bind(g.agreement.as_str())
                    .bind(g.schedule.as_ref().map(|s| s.rrule.as_str()))
                    .bind(g.schedule.as_ref().map(|s| s.start_time.as_str()))
                    .bind(g.schedule.as_ref().map(|s| s.duration_minutes))
                    .bind(g.schedule_starts_on.as_deref())
                    .bind(g.facilitator_ids.first().map(String::as_str))
                    .bind(g.created_at);
            }
            q.execute(&mut *tx).await?;
        }

        let facilitators: Vec<(&str, &str)> =
            groups.iter().flat_map(|g| g.facilitator_ids.iter().map(move |f| (g.id.as_str(), f.as_str()))).collect();
        for chunk in facilitators.chunks(ROWS_PER_STATEMENT) {
            let rows = values(self.backend, FACILITATOR_ROW, chunk.len());
            let mut q = sqlx::query(safe!("{FACILITATOR_INSERT}{rows}"));
            for (group_id, user_id) in chunk {
                q = q.bind(*group_id).bind(*user_id);
            }
            q.execute(&mut *tx).await?;
        }

        let mut seq: HashMap<&str, i64> = HashMap::new();
        let queued: Vec<(&Enrollment, i64)> = enrollments
            .iter()
            .map(|e| {
                let n = seq.entry(e.group_id.as_str()).or_insert(0);
                *n += 1;
                (e, *n)
            })
            .collect();
        for chunk in queued.chunks(ROWS_PER_STATEMENT) {
            let rows = values(self.backend, ENROLLMENT_ROW, chunk.len());
            let mut q = sqlx::query(safe!("{ENROLLMENT_INSERT}{rows}"));
            for (e, n) in chunk {
                q = q
                    .bind(e.group_id.as_str())
                    .bind(e.member_id.as_str())
                    .bind(e.status.as_str())
                    .bind(*n)
                    .bind(e.enrolled_at)
                    .bind((e.status == EnrollmentStatus::Active).then_some(e.enrolled_at))
                    .bind(first_facilitator(&e.group_id))
                    .bind(e.override_reason.as_deref())
                    .bind(e.agreement_accepted_at);
            }
            q.execute(&mut *tx).await?;
        }

        for chunk in sessions.chunks(ROWS_PER_STATEMENT) {
            let rows = values(self.backend, SESSION_ROW, chunk.len());
            let mut q = sqlx::query(safe!("{SESSION_INSERT}{rows}"));
            for s in chunk {
                let ahead = s.starts_at - MATERIALISED_AHEAD_MS;
                let created = by_id.get(s.group_id.as_str()).map_or(ahead, |g| ahead.max(g.created_at));
                q = q
                    .bind(s.id.as_str())
                    .bind(s.group_id.as_str())
                    .bind(s.center_id.as_str())
                    .bind(s.occurrence_at)
                    .bind(s.starts_at)
                    .bind(s.ends_at)
                    .bind(s.topic.as_deref())
                    .bind(s.status.as_str())
                    .bind(s.checkin_code.as_str())
                    .bind(created);
            }
            q.execute(&mut *tx).await?;
        }

        for chunk in attendance.chunks(ROWS_PER_STATEMENT) {
            let rows = values(self.backend, ATTENDANCE_ROW, chunk.len());
            let mut q = sqlx::query(safe!("{ATTENDANCE_INSERT}{rows}"));
            for a in chunk {
                let recorded_by = if a.via == "self" {
                    Some(a.member_id.as_str())
                } else {
                    session_group.get(a.session_id.as_str()).and_then(|g| first_facilitator(g))
                };
                q = q
                    .bind(a.session_id.as_str())
                    .bind(a.member_id.as_str())
                    .bind(a.status.as_str())
                    .bind(a.via.as_str())
                    .bind(recorded_by)
                    .bind(a.recorded_at);
            }
            q.execute(&mut *tx).await?;
        }

        tx.commit().await?;
        Ok(())
    }

    /// Writes generated check-ins in one transaction, `ROWS_PER_STATEMENT`
    /// to a statement. The members must be stored, and have no check-in yet
    /// on those dates (a second one for a day is refused, as the unique
    /// index says). No audit entries: see the module documentation.
    pub async fn insert_generated_checkins(&self, checkins: &[GeneratedCheckIn]) -> Result<()> {
        if let Some(c) = checkins.iter().find(|c| !(1..=5).contains(&c.mood) || !(0..=10).contains(&c.craving)) {
            return Err(StoreError::Corrupt(format!(
                "generated check-in of {} on {} has mood {} and craving {}",
                c.member_id, c.local_date, c.mood, c.craving
            )));
        }
        let mut tx = self.begin_bulk().await?;
        for chunk in checkins.chunks(ROWS_PER_STATEMENT) {
            let rows = values(self.backend, CHECKIN_ROW, chunk.len());
            let mut q = sqlx::query(safe!("{CHECKIN_INSERT}{rows}"));
            for c in chunk {
                let triggers = serde_json::to_string(&c.triggers).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                q = q
                    .bind(new_id())
                    .bind(c.member_id.as_str())
                    .bind(c.center_id.as_str())
                    .bind(c.local_date.as_str())
                    .bind(c.mood)
                    .bind(c.craving)
                    .bind(i64::from(c.sober))
                    .bind(triggers)
                    .bind(c.note.as_deref())
                    .bind(i64::from(c.share_with_mentor))
                    .bind(i64::from(c.share_with_group))
                    .bind(c.created_at)
                    .bind(c.created_at);
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
        // Every template binds no more than the limit allows.
        for row in [
            USER_ROW,
            MEMBER_ROW,
            STAGE_ROW,
            GROUP_ROW,
            FACILITATOR_ROW,
            ENROLLMENT_ROW,
            SESSION_ROW,
            ATTENDANCE_ROW,
            CHECKIN_ROW,
        ] {
            let params = values(Backend::Postgres, row, ROWS_PER_STATEMENT).matches('$').count();
            assert!(params <= 7_500, "{row}: {params}");
        }
        assert!(values(Backend::Postgres, GROUP_ROW, ROWS_PER_STATEMENT).ends_with("$7500)"));
    }
}
