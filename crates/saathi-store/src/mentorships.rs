//! Peer mentors paired with members, what a member lets their groups see of
//! their milestones, and the members a group may celebrate.

use crate::{AuditEntry, Result, Store, StoreError, audit, new_id};
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mentorship {
    pub id: String,
    pub center_id: String,
    pub mentor_id: String,
    pub mentor_name: String,
    pub mentee_id: String,
    pub mentee_name: String,
    pub started_at: i64,
    pub ended_at: Option<i64>,
}

/// Why a pairing was not made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PairingRefused {
    /// The mentor already has `capacity` active mentees.
    MentorFull { capacity: i64 },
    /// The member already has an active mentor.
    AlreadyMentored,
}

/// A member whose milestones a group may celebrate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Celebrant {
    pub member_id: String,
    pub display_name: String,
    pub sobriety_start: String,
}

const COLUMNS: &str = "p.id, p.center_id, p.mentor_id, mu.display_name AS mentor_name, p.mentee_id, \
                       eu.display_name AS mentee_name, p.started_at, p.ended_at";
const FROM: &str = "mentorships p JOIN users mu ON mu.id = p.mentor_id JOIN users eu ON eu.id = p.mentee_id";

fn from_row(r: &AnyRow) -> Result<Mentorship> {
    Ok(Mentorship {
        id: r.try_get("id")?,
        center_id: r.try_get("center_id")?,
        mentor_id: r.try_get("mentor_id")?,
        mentor_name: r.try_get("mentor_name")?,
        mentee_id: r.try_get("mentee_id")?,
        mentee_name: r.try_get("mentee_name")?,
        started_at: r.try_get("started_at")?,
        ended_at: r.try_get("ended_at")?,
    })
}

impl Store {
    /// Pairs a mentor with a member, unless the mentor is at `capacity` or the
    /// member already has a mentor. The count and the insert are one write
    /// transaction, so two counsellors pairing at once cannot overfill a mentor.
    pub async fn create_mentorship(
        &self,
        center_id: &str,
        mentor_id: &str,
        mentee_id: &str,
        capacity: i64,
        actor_id: &str,
        now: i64,
    ) -> Result<std::result::Result<Mentorship, PairingRefused>> {
        let mut tx = self.begin_write().await?;
        if self.backend == crate::Backend::Postgres {
            // Serialise pairings of one mentor (the row lock is the mentor's user).
            sqlx::query("SELECT id FROM users WHERE id = $1 FOR UPDATE").bind(mentor_id).execute(&mut *tx).await?;
        }
        let active: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM mentorships WHERE mentor_id = $1 AND ended_at IS NULL")
                .bind(mentor_id)
                .fetch_one(&mut *tx)
                .await?;
        if active >= capacity {
            return Ok(Err(PairingRefused::MentorFull { capacity }));
        }
        let taken: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM mentorships WHERE mentee_id = $1 AND ended_at IS NULL")
                .bind(mentee_id)
                .fetch_one(&mut *tx)
                .await?;
        if taken > 0 {
            return Ok(Err(PairingRefused::AlreadyMentored));
        }
        let id = new_id();
        let inserted = sqlx::query(
            "INSERT INTO mentorships (id, center_id, mentor_id, mentee_id, created_by, started_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(center_id)
        .bind(mentor_id)
        .bind(mentee_id)
        .bind(actor_id)
        .bind(now)
        .execute(&mut *tx)
        .await;
        if let Err(e) = inserted {
            // The partial unique index: another pairing of this member won the race.
            return match e.as_database_error().is_some_and(|d| d.is_unique_violation()) {
                true => Ok(Err(PairingRefused::AlreadyMentored)),
                false => Err(e.into()),
            };
        }
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(center_id), Some(actor_id), "mentorship.start")
                .on("member", Some(mentee_id))
                .detail(serde_json::json!({ "mentor_id": mentor_id })),
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(self.get_mentorship(&id).await?.ok_or(StoreError::NotFound)?))
    }

    pub async fn get_mentorship(&self, id: &str) -> Result<Option<Mentorship>> {
        let row = sqlx::query(safe!("SELECT {COLUMNS} FROM {FROM} WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// A centre's active pairings, or one mentor's.
    pub async fn active_mentorships(&self, center_id: &str, mentor_id: Option<&str>) -> Result<Vec<Mentorship>> {
        let rows = sqlx::query(safe!(
            "SELECT {COLUMNS} FROM {FROM} WHERE p.center_id = $1 AND p.ended_at IS NULL \
             AND ($2 IS NULL OR p.mentor_id = $2) ORDER BY mu.display_name, eu.display_name"
        ))
        .bind(center_id)
        .bind(mentor_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Ends a pairing (kept for the history); false when it had already ended.
    pub async fn end_mentorship(&self, id: &str, actor_id: &str, now: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "UPDATE mentorships SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL RETURNING center_id, mentee_id",
        )
        .bind(now)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(false) };
        let center_id: String = row.try_get("center_id")?;
        let mentee_id: String = row.try_get("mentee_id")?;
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(&center_id), Some(actor_id), "mentorship.end")
                .on("member", Some(&mentee_id))
                .detail(serde_json::json!({ "mentorship_id": id })),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Whether `mentor_id` is `mentee_id`'s active mentor.
    pub async fn is_mentor_of(&self, mentor_id: &str, mentee_id: &str) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM mentorships WHERE mentor_id = $1 AND mentee_id = $2 AND ended_at IS NULL",
        )
        .bind(mentor_id)
        .bind(mentee_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    /// A member's own choice: may their groups celebrate their milestones.
    pub async fn set_milestones_to_group(&self, member_id: &str, on: bool, now: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let center_id: String =
            sqlx::query_scalar("UPDATE members SET milestones_to_group = $1 WHERE user_id = $2 RETURNING center_id")
                .bind(i64::from(on))
                .bind(member_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(&center_id), Some(member_id), "member.sharing")
                .on("member", Some(member_id))
                .detail(serde_json::json!({ "milestones_to_group": on })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The active members of a group who let it celebrate their milestones.
    pub async fn group_celebrants(&self, group_id: &str) -> Result<Vec<Celebrant>> {
        let rows = sqlx::query(
            "SELECT m.user_id, u.display_name, m.sobriety_start FROM enrollments e \
             JOIN members m ON m.user_id = e.member_id JOIN users u ON u.id = m.user_id \
             WHERE e.group_id = $1 AND e.status = 'active' AND m.milestones_to_group = 1 \
             ORDER BY u.display_name, m.user_id",
        )
        .bind(group_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Celebrant {
                    member_id: r.try_get("user_id")?,
                    display_name: r.try_get("display_name")?,
                    sobriety_start: r.try_get("sobriety_start")?,
                })
            })
            .collect()
    }
}
