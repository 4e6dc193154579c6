//! Groups, their facilitators and enrolment with a FIFO waitlist. Enrolment
//! and leaving lock the group row (PostgreSQL `FOR UPDATE`; SQLite write
//! transactions are `BEGIN IMMEDIATE`), so the capacity rule holds under
//! concurrent enrolments.

use crate::{AuditEntry, Backend, Result, Store, StoreError, audit, new_id};
use saathi_domain::group::{Eligibility, GroupKind, Modality, Placement, place};
use saathi_domain::schedule::Schedule;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub id: String,
    pub center_id: String,
    pub name: String,
    pub kind: GroupKind,
    pub modality: Modality,
    pub capacity: i64,
    pub eligibility: Eligibility,
    pub is_open: bool,
    pub agreement: String,
    pub schedule: Option<Schedule>,
    /// Local date the schedule starts from (`YYYY-MM-DD`).
    pub schedule_starts_on: Option<String>,
    pub facilitator_ids: Vec<String>,
    /// Local dates (`YYYY-MM-DD`) whose scheduled sessions are already rows.
    pub materialised: Option<(String, String)>,
    pub active_count: i64,
    pub waitlist_count: i64,
    pub created_at: i64,
}

/// A group's settings: what a change replaces (compared, under the group's
/// lock, with the settings the change was decided on).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupFields {
    pub name: String,
    pub kind: GroupKind,
    pub modality: Modality,
    pub capacity: i64,
    pub eligibility: Eligibility,
    pub is_open: bool,
    pub agreement: String,
    pub schedule: Option<Schedule>,
    pub schedule_starts_on: Option<String>,
    pub facilitator_ids: Vec<String>,
}

impl GroupFields {
    /// The settings of `g` as they are.
    pub fn of(g: &Group) -> GroupFields {
        GroupFields {
            name: g.name.clone(),
            kind: g.kind,
            modality: g.modality,
            capacity: g.capacity,
            eligibility: g.eligibility.clone(),
            is_open: g.is_open,
            agreement: g.agreement.clone(),
            schedule: g.schedule.clone(),
            schedule_starts_on: g.schedule_starts_on.clone(),
            facilitator_ids: g.facilitator_ids.clone(),
        }
    }

    /// A short tag of these settings, which a form carries to tell, when it
    /// is saved, whether the group was changed since it was shown. (Stable
    /// within one build; a form shown before an upgrade at worst asks once
    /// more.)
    pub fn tag(&self) -> String {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        format!("{self:?}").hash(&mut h);
        format!("{:016x}", h.finish())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnrollmentStatus {
    Active,
    Waitlisted,
    Left,
    Removed,
}

impl EnrollmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Waitlisted => "waitlisted",
            Self::Left => "left",
            Self::Removed => "removed",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "active" => Self::Active,
            "waitlisted" => Self::Waitlisted,
            "left" => Self::Left,
            "removed" => Self::Removed,
            other => return Err(StoreError::Corrupt(format!("enrollment status {other}"))),
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Enrollment {
    pub group_id: String,
    pub member_id: String,
    pub display_name: String,
    pub status: EnrollmentStatus,
    /// 1-based place in the queue, for waitlisted members.
    pub waitlist_position: Option<i64>,
    pub enrolled_at: i64,
    pub agreement_accepted_at: Option<i64>,
    pub override_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnrollOutcome {
    Active,
    Waitlisted {
        position: i64,
    },
    /// Already active or waiting.
    AlreadyIn,
}

const COLUMNS: &str = "g.id, g.center_id, g.name, g.kind, g.modality, g.capacity, g.eligibility, g.is_open, \
    g.agreement, g.schedule_rrule, g.schedule_start_time, g.schedule_duration, g.schedule_starts_on, g.created_at, \
    g.materialised_from, g.materialised_to, \
    (SELECT COUNT(*) FROM enrollments e WHERE e.group_id = g.id AND e.status = 'active') AS active_count, \
    (SELECT COUNT(*) FROM enrollments e WHERE e.group_id = g.id AND e.status = 'waitlisted') AS waitlist_count";

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// The facilitators' ids, comma-separated, in one column of the group's row.
fn facilitators_sql(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => {
            "(SELECT group_concat(user_id, ',') FROM (SELECT user_id FROM group_facilitators f \
             WHERE f.group_id = g.id ORDER BY user_id)) AS facilitators"
        }
        Backend::Postgres => {
            "(SELECT string_agg(user_id, ',' ORDER BY user_id) FROM group_facilitators f WHERE f.group_id = g.id) \
             AS facilitators"
        }
    }
}

fn from_row(r: &AnyRow) -> Result<Group> {
    let kind: String = r.try_get("kind")?;
    let modality: String = r.try_get("modality")?;
    let eligibility: String = r.try_get("eligibility")?;
    let rrule: Option<String> = r.try_get("schedule_rrule")?;
    let start_time: Option<String> = r.try_get("schedule_start_time")?;
    let duration: Option<i64> = r.try_get("schedule_duration")?;
    let schedule = match (rrule, start_time, duration) {
        (Some(rrule), Some(start_time), Some(duration_minutes)) => {
            Some(Schedule { rrule, start_time, duration_minutes })
        }
        _ => None,
    };
    let is_open: i64 = r.try_get("is_open")?;
    Ok(Group {
        id: r.try_get("id")?,
        center_id: r.try_get("center_id")?,
        name: r.try_get("name")?,
        kind: GroupKind::parse(&kind).ok_or_else(|| corrupt(format!("kind {kind}")))?,
        modality: Modality::parse(&modality).ok_or_else(|| corrupt(format!("modality {modality}")))?,
        capacity: r.try_get("capacity")?,
        eligibility: serde_json::from_str(&eligibility).map_err(corrupt)?,
        is_open: is_open != 0,
        agreement: r.try_get("agreement")?,
        schedule,
        schedule_starts_on: r.try_get("schedule_starts_on")?,
        facilitator_ids: r
            .try_get::<Option<String>, _>("facilitators")?
            .map(|s| s.split(',').filter(|x| !x.is_empty()).map(str::to_string).collect())
            .unwrap_or_default(),
        materialised: match (r.try_get("materialised_from")?, r.try_get("materialised_to")?) {
            (Some(from), Some(to)) => Some((from, to)),
            _ => None,
        },
        active_count: r.try_get("active_count")?,
        waitlist_count: r.try_get("waitlist_count")?,
        created_at: r.try_get("created_at")?,
    })
}

async fn set_facilitators(conn: &mut AnyConnection, group_id: &str, ids: &[String]) -> Result<()> {
    sqlx::query("DELETE FROM group_facilitators WHERE group_id = $1").bind(group_id).execute(&mut *conn).await?;
    for id in ids {
        sqlx::query("INSERT INTO group_facilitators (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(group_id)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

impl Store {
    async fn lock_group(&self, conn: &mut AnyConnection, group_id: &str) -> Result<i64> {
        let lock = if self.backend == Backend::Postgres { " FOR UPDATE" } else { "" };
        let cap: Option<i64> = sqlx::query_scalar(safe!("SELECT capacity FROM groups WHERE id = $1{lock}"))
            .bind(group_id)
            .fetch_optional(&mut *conn)
            .await?;
        cap.ok_or(StoreError::NotFound)
    }

    pub async fn create_group(&self, center_id: &str, f: &GroupFields, actor_id: &str, now: i64) -> Result<Group> {
        let id = new_id();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO groups (id, center_id, name, kind, modality, capacity, eligibility, is_open, agreement, \
             schedule_rrule, schedule_start_time, schedule_duration, schedule_starts_on, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        )
        .bind(&id)
        .bind(center_id)
        .bind(&f.name)
        .bind(f.kind.as_str())
        .bind(f.modality.as_str())
        .bind(f.capacity)
        .bind(serde_json::to_string(&f.eligibility).map_err(corrupt)?)
        .bind(i64::from(f.is_open))
        .bind(&f.agreement)
        .bind(f.schedule.as_ref().map(|s| s.rrule.clone()))
        .bind(f.schedule.as_ref().map(|s| s.start_time.clone()))
        .bind(f.schedule.as_ref().map(|s| s.duration_minutes))
        .bind(f.schedule_starts_on.as_deref())
        .bind(actor_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        set_facilitators(&mut tx, &id, &f.facilitator_ids).await?;
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(center_id), Some(actor_id), "group.create")
                .on("group", Some(&id))
                .detail(serde_json::json!({ "name": f.name, "kind": f.kind.as_str() })),
        )
        .await?;
        tx.commit().await?;
        self.get_group(&id).await?.ok_or(StoreError::NotFound)
    }

    /// Replaces a group's settings. When the schedule changes, future
    /// scheduled sessions nobody has attended yet are dropped, to be
    /// materialised again from the new rule. `decided_on`: the settings the
    /// change was decided on; if the group's are no longer those (someone
    /// changed them meanwhile), nothing is written:
    /// [`StoreError::Conflict`]`("group")`.
    pub async fn update_group(
        &self,
        id: &str,
        f: &GroupFields,
        decided_on: Option<&GroupFields>,
        actor_id: &str,
        now: i64,
    ) -> Result<Group> {
        let mut tx = self.begin_write().await?;
        self.lock_group(&mut tx, id).await?;
        let before = group_on(&mut tx, self.backend, id).await?.ok_or(StoreError::NotFound)?;
        if decided_on.is_some_and(|d| *d != GroupFields::of(&before)) {
            return Err(StoreError::Conflict("group"));
        }
        sqlx::query(
            "UPDATE groups SET name = $1, kind = $2, modality = $3, capacity = $4, eligibility = $5, is_open = $6, \
             agreement = $7, schedule_rrule = $8, schedule_start_time = $9, schedule_duration = $10, \
             schedule_starts_on = $11 WHERE id = $12",
        )
        .bind(&f.name)
        .bind(f.kind.as_str())
        .bind(f.modality.as_str())
        .bind(f.capacity)
        .bind(serde_json::to_string(&f.eligibility).map_err(corrupt)?)
        .bind(i64::from(f.is_open))
        .bind(&f.agreement)
        .bind(f.schedule.as_ref().map(|s| s.rrule.clone()))
        .bind(f.schedule.as_ref().map(|s| s.start_time.clone()))
        .bind(f.schedule.as_ref().map(|s| s.duration_minutes))
        .bind(f.schedule_starts_on.as_deref())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        set_facilitators(&mut tx, id, &f.facilitator_ids).await?;
        if before.schedule != f.schedule || before.schedule_starts_on != f.schedule_starts_on {
            sqlx::query("UPDATE groups SET materialised_from = NULL, materialised_to = NULL WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "DELETE FROM group_sessions WHERE group_id = $1 AND occurrence_at IS NOT NULL AND starts_at > $2 \
                 AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = group_sessions.id) \
                 AND NOT EXISTS (SELECT 1 FROM circle_turns t WHERE t.session_id = group_sessions.id) \
                 AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.session_id = group_sessions.id)",
            )
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        // A larger group promotes from the waitlist at once.
        let mut promoted = vec![];
        loop {
            let active: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM enrollments WHERE group_id = $1 AND status = 'active'")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
            if place(active, f.capacity) != Placement::Active {
                break;
            }
            match promote_first(&mut tx, id, now).await? {
                Some(m) => promoted.push(m),
                None => break,
            }
        }
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(&before.center_id), Some(actor_id), "group.update")
                .on("group", Some(id))
                .detail(serde_json::json!({ "name": f.name, "promoted": promoted })),
        )
        .await?;
        tx.commit().await?;
        self.get_group(id).await?.ok_or(StoreError::NotFound)
    }

    /// The names of the groups a person facilitates.
    pub async fn facilitated_group_names(&self, user_id: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT g.name FROM group_facilitators f JOIN groups g ON g.id = f.group_id WHERE f.user_id = $1 \
             ORDER BY g.name",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn get_group(&self, id: &str) -> Result<Option<Group>> {
        let mut conn = self.pool.acquire().await?;
        group_on(&mut conn, self.backend, id).await
    }

    /// Records that scheduled sessions exist for the local dates `from..=to`.
    pub async fn set_materialised(&self, group_id: &str, from: &str, to: &str) -> Result<()> {
        sqlx::query("UPDATE groups SET materialised_from = $1, materialised_to = $2 WHERE id = $3")
            .bind(from)
            .bind(to)
            .bind(group_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A centre's groups; for a member only those they are in (active or
    /// waiting), for a facilitator only theirs when `only_user` is given.
    pub async fn list_groups(&self, center_id: &str, only_user: Option<&str>) -> Result<Vec<Group>> {
        let facilitators = facilitators_sql(self.backend);
        let rows = sqlx::query(safe!(
            "SELECT {COLUMNS}, {facilitators} FROM groups g WHERE g.center_id = $1 AND ($2 IS NULL \
             OR EXISTS (SELECT 1 FROM group_facilitators f WHERE f.group_id = g.id AND f.user_id = $2) \
             OR EXISTS (SELECT 1 FROM enrollments e WHERE e.group_id = g.id AND e.member_id = $2 \
                        AND e.status IN ('active', 'waitlisted'))) \
             ORDER BY g.name, g.id"
        ))
        .bind(center_id)
        .bind(only_user)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Enrols a member: a place if one is free, else the end of the queue.
    pub async fn enroll(
        &self,
        group_id: &str,
        member_id: &str,
        actor_id: &str,
        override_reason: Option<&str>,
        now: i64,
    ) -> Result<EnrollOutcome> {
        let mut tx = self.begin_write().await?;
        let capacity = self.lock_group(&mut tx, group_id).await?;
        let existing: Option<String> =
            sqlx::query_scalar("SELECT status FROM enrollments WHERE group_id = $1 AND member_id = $2")
                .bind(group_id)
                .bind(member_id)
                .fetch_optional(&mut *tx)
                .await?;
        if matches!(existing.as_deref(), Some("active" | "waitlisted")) {
            return Ok(EnrollOutcome::AlreadyIn);
        }
        let active: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM enrollments WHERE group_id = $1 AND status = 'active'")
                .bind(group_id)
                .fetch_one(&mut *tx)
                .await?;
        let placement = place(active, capacity);
        let status = match placement {
            Placement::Active => EnrollmentStatus::Active,
            Placement::Waitlisted => EnrollmentStatus::Waitlisted,
        };
        let seq: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(queue_seq), 0) + 1 FROM enrollments WHERE group_id = $1")
                .bind(group_id)
                .fetch_one(&mut *tx)
                .await?;
        let activated = (status == EnrollmentStatus::Active).then_some(now);
        if existing.is_some() {
            sqlx::query(
                "UPDATE enrollments SET status = $1, queue_seq = $2, enrolled_at = $3, activated_at = $4, ended_at = NULL, \
                 enrolled_by = $5, override_reason = $6 WHERE group_id = $7 AND member_id = $8",
            )
            .bind(status.as_str())
            .bind(seq)
            .bind(now)
            .bind(activated)
            .bind(actor_id)
            .bind(override_reason)
            .bind(group_id)
            .bind(member_id)
            .execute(&mut *tx)
            .await?;
        } else {
            sqlx::query(
                "INSERT INTO enrollments (group_id, member_id, status, queue_seq, enrolled_at, activated_at, enrolled_by, \
                 override_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(group_id)
            .bind(member_id)
            .bind(status.as_str())
            .bind(seq)
            .bind(now)
            .bind(activated)
            .bind(actor_id)
            .bind(override_reason)
            .execute(&mut *tx)
            .await?;
        }
        let position = if status == EnrollmentStatus::Waitlisted {
            let ahead: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM enrollments WHERE group_id = $1 AND status = 'waitlisted' AND queue_seq < $2",
            )
            .bind(group_id)
            .bind(seq)
            .fetch_one(&mut *tx)
            .await?;
            Some(ahead + 1)
        } else {
            None
        };
        let center_id: String =
            sqlx::query_scalar("SELECT center_id FROM groups WHERE id = $1").bind(group_id).fetch_one(&mut *tx).await?;
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(&center_id), Some(actor_id), if override_reason.is_some() { "group.enroll_override" } else { "group.enroll" }).on("member", Some(member_id)).detail(serde_json::json!({ "group_id": group_id, "status": status.as_str(), "override_reason": override_reason })),
        )
        .await?;
        tx.commit().await?;
        Ok(match position {
            Some(position) => EnrollOutcome::Waitlisted { position },
            None => EnrollOutcome::Active,
        })
    }

    /// Leaving (by the member) or removal (by staff). A freed place goes to
    /// the first in the queue, in the same transaction. Returns who was promoted.
    pub async fn unenroll(
        &self,
        group_id: &str,
        member_id: &str,
        actor_id: &str,
        removed: bool,
        now: i64,
    ) -> Result<Option<String>> {
        let mut tx = self.begin_write().await?;
        let capacity = self.lock_group(&mut tx, group_id).await?;
        let status: Option<String> = sqlx::query_scalar(
            "SELECT status FROM enrollments WHERE group_id = $1 AND member_id = $2 AND status IN ('active', 'waitlisted')",
        )
        .bind(group_id)
        .bind(member_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(status) = status else { return Err(StoreError::NotFound) };
        let end = if removed { EnrollmentStatus::Removed } else { EnrollmentStatus::Left };
        sqlx::query("UPDATE enrollments SET status = $1, ended_at = $2 WHERE group_id = $3 AND member_id = $4")
            .bind(end.as_str())
            .bind(now)
            .bind(group_id)
            .bind(member_id)
            .execute(&mut *tx)
            .await?;
        let mut promoted = None;
        if status == "active" {
            let active: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM enrollments WHERE group_id = $1 AND status = 'active'")
                    .bind(group_id)
                    .fetch_one(&mut *tx)
                    .await?;
            if place(active, capacity) == Placement::Active {
                promoted = promote_first(&mut tx, group_id, now).await?;
            }
        }
        let center_id: String =
            sqlx::query_scalar("SELECT center_id FROM groups WHERE id = $1").bind(group_id).fetch_one(&mut *tx).await?;
        audit::write(
            &mut tx,
            &AuditEntry::new(
                now,
                Some(&center_id),
                Some(actor_id),
                if removed { "group.remove" } else { "group.leave" },
            )
            .on("member", Some(member_id))
            .detail(serde_json::json!({ "group_id": group_id, "promoted": promoted })),
        )
        .await?;
        tx.commit().await?;
        Ok(promoted)
    }

    /// Everyone active or waiting, the active first, the queue in order.
    pub async fn list_enrollments(&self, group_id: &str) -> Result<Vec<Enrollment>> {
        let rows = sqlx::query(
            "SELECT e.group_id, e.member_id, u.display_name, e.status, e.enrolled_at, e.agreement_accepted_at, \
             e.override_reason FROM enrollments e JOIN users u ON u.id = e.member_id \
             WHERE e.group_id = $1 AND e.status IN ('active', 'waitlisted') \
             ORDER BY CASE e.status WHEN 'active' THEN 0 ELSE 1 END, e.queue_seq",
        )
        .bind(group_id)
        .fetch_all(&self.pool)
        .await?;
        let mut position = 0;
        rows.iter()
            .map(|r| {
                let e = enrollment_from_row(r, None)?;
                let waitlist_position = (e.status == EnrollmentStatus::Waitlisted).then(|| {
                    position += 1;
                    position
                });
                Ok(Enrollment { waitlist_position, ..e })
            })
            .collect()
    }

    /// The member's current enrolment in a group (active or waiting), with
    /// their place in the queue; one row, not the whole roster.
    pub async fn enrollment(&self, group_id: &str, member_id: &str) -> Result<Option<Enrollment>> {
        let row = sqlx::query(
            "SELECT e.group_id, e.member_id, u.display_name, e.status, e.enrolled_at, e.agreement_accepted_at, \
             e.override_reason, (SELECT COUNT(*) FROM enrollments w WHERE w.group_id = e.group_id \
             AND w.status = 'waitlisted' AND w.queue_seq <= e.queue_seq) AS place \
             FROM enrollments e JOIN users u ON u.id = e.member_id \
             WHERE e.group_id = $1 AND e.member_id = $2 AND e.status IN ('active', 'waitlisted')",
        )
        .bind(group_id)
        .bind(member_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| enrollment_from_row(&r, Some(r.try_get("place")?))).transpose()
    }

    pub async fn is_facilitator(&self, group_id: &str, user_id: &str) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM group_facilitators WHERE group_id = $1 AND user_id = $2")
            .bind(group_id)
            .bind(user_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(n > 0)
    }

    pub async fn accept_agreement(&self, group_id: &str, member_id: &str, now: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE enrollments SET agreement_accepted_at = $1 WHERE group_id = $2 AND member_id = $3 \
             AND status = 'active' AND agreement_accepted_at IS NULL",
        )
        .bind(now)
        .bind(group_id)
        .bind(member_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n > 0 {
            let center_id: String = sqlx::query_scalar("SELECT center_id FROM groups WHERE id = $1")
                .bind(group_id)
                .fetch_one(&mut *tx)
                .await?;
            audit::write(
                &mut tx,
                &AuditEntry::new(now, Some(&center_id), Some(member_id), "group.agreement_accepted")
                    .on("group", Some(group_id)),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// An enrolment row; `place` is the queue position counted by the query, if any.
fn enrollment_from_row(r: &AnyRow, place: Option<i64>) -> Result<Enrollment> {
    let status = EnrollmentStatus::parse(&r.try_get::<String, _>("status")?)?;
    Ok(Enrollment {
        group_id: r.try_get("group_id")?,
        member_id: r.try_get("member_id")?,
        display_name: r.try_get("display_name")?,
        status,
        waitlist_position: place.filter(|_| status == EnrollmentStatus::Waitlisted),
        enrolled_at: r.try_get("enrolled_at")?,
        agreement_accepted_at: r.try_get("agreement_accepted_at")?,
        override_reason: r.try_get("override_reason")?,
    })
}

/// Makes the first waiting member active; returns their id.
async fn promote_first(conn: &mut AnyConnection, group_id: &str, now: i64) -> Result<Option<String>> {
    let first: Option<String> = sqlx::query_scalar(
        "SELECT member_id FROM enrollments WHERE group_id = $1 AND status = 'waitlisted' ORDER BY queue_seq LIMIT 1",
    )
    .bind(group_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(m) = &first {
        sqlx::query(
            "UPDATE enrollments SET status = 'active', activated_at = $1 WHERE group_id = $2 AND member_id = $3",
        )
        .bind(now)
        .bind(group_id)
        .bind(m)
        .execute(&mut *conn)
        .await?;
    }
    Ok(first)
}

/// A group, read on `conn` (inside a transaction: as that transaction sees it).
async fn group_on(conn: &mut AnyConnection, backend: Backend, id: &str) -> Result<Option<Group>> {
    let facilitators = facilitators_sql(backend);
    let row = sqlx::query(safe!("SELECT {COLUMNS}, {facilitators} FROM groups g WHERE g.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}
