//! Weekly goals, their progress entries and the cheers of peers. A goal
//! counts in a week when it was set before the week ended and not ended
//! before then; a week is named by its Monday (`YYYY-MM-DD`). Setting,
//! ending and showing or hiding a goal are audited; progress entries and
//! cheers are not. A group sees a goal only while it is visible to the group,
//! in every week alike (the choice is not kept per week).

use crate::{AuditEntry, Result, Store, StoreError, audit, new_id};
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    pub id: String,
    pub member_id: String,
    pub center_id: String,
    pub group_id: Option<String>,
    pub title: String,
    pub target_per_week: i64,
    pub visible_to_group: bool,
    pub created_at: i64,
    pub ended_at: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct NewGoal {
    pub member_id: String,
    pub center_id: String,
    pub group_id: Option<String>,
    pub title: String,
    pub target_per_week: i64,
    pub visible_to_group: bool,
}

/// A goal in one week: how often it was done, the cheers it got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalWeek {
    pub goal: Goal,
    /// The owner's display name.
    pub owner_name: String,
    /// The week's Monday.
    pub week_start: String,
    pub done: i64,
    pub cheers: i64,
    /// The reader cheered it this week.
    pub cheered_by_me: bool,
}

const GOAL_COLUMNS: &str = "g.id, g.member_id, g.center_id, g.group_id, g.title, g.target_per_week, \
                            g.visible_to_group, g.created_at, g.ended_at";

/// The week's figures of `g`, for the week `$1` and the reader `$2`.
const WEEK_COLUMNS: &str = "u.display_name AS owner_name, \
    (SELECT CAST(COALESCE(SUM(p.count), 0) AS BIGINT) FROM goal_progress p \
     WHERE p.goal_id = g.id AND p.week_start = $1) AS done, \
    (SELECT COUNT(*) FROM goal_cheers c WHERE c.goal_id = g.id AND c.week_start = $1) AS cheers, \
    (SELECT COUNT(*) FROM goal_cheers c WHERE c.goal_id = g.id AND c.week_start = $1 AND c.cheerer_id = $2) AS mine";

fn goal_from_row(r: &AnyRow) -> Result<Goal> {
    Ok(Goal {
        id: r.try_get("id")?,
        member_id: r.try_get("member_id")?,
        center_id: r.try_get("center_id")?,
        group_id: r.try_get("group_id")?,
        title: r.try_get("title")?,
        target_per_week: r.try_get("target_per_week")?,
        visible_to_group: r.try_get::<i64, _>("visible_to_group")? != 0,
        created_at: r.try_get("created_at")?,
        ended_at: r.try_get("ended_at")?,
    })
}

fn week_from_row(r: &AnyRow, week_start: &str) -> Result<GoalWeek> {
    Ok(GoalWeek {
        goal: goal_from_row(r)?,
        owner_name: r.try_get("owner_name")?,
        week_start: week_start.to_string(),
        done: r.try_get("done")?,
        cheers: r.try_get("cheers")?,
        cheered_by_me: r.try_get::<i64, _>("mine")? > 0,
    })
}

impl Store {
    pub async fn create_goal(&self, g: &NewGoal, actor_id: &str, now: i64) -> Result<Goal> {
        let id = new_id();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO goals (id, member_id, center_id, group_id, title, target_per_week, visible_to_group, \
             created_at, ended_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)",
        )
        .bind(&id)
        .bind(&g.member_id)
        .bind(&g.center_id)
        .bind(g.group_id.as_deref())
        .bind(&g.title)
        .bind(g.target_per_week)
        .bind(i64::from(g.visible_to_group))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        // The title is the member's own words: the audit keeps only the shape.
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(&g.center_id), Some(actor_id), "goal.create").on("goal", Some(&id)).detail(
                serde_json::json!({
                    "member_id": g.member_id,
                    "group_id": g.group_id,
                    "target_per_week": g.target_per_week,
                    "visible_to_group": g.visible_to_group,
                }),
            ),
        )
        .await?;
        tx.commit().await?;
        self.get_goal(&id).await?.ok_or(StoreError::NotFound)
    }

    pub async fn get_goal(&self, id: &str) -> Result<Option<Goal>> {
        let row = sqlx::query(safe!("SELECT {GOAL_COLUMNS} FROM goals g WHERE g.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(goal_from_row).transpose()
    }

    /// Ends a goal (once: ending an ended goal changes nothing). Returns it.
    pub async fn end_goal(&self, id: &str, actor_id: &str, now: i64) -> Result<Goal> {
        let mut tx = self.begin_write().await?;
        let ended = sqlx::query("UPDATE goals SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let goal = goal_in(&mut tx, id).await?;
        if ended > 0 {
            audit::write(
                &mut tx,
                &AuditEntry::new(now, Some(&goal.center_id), Some(actor_id), "goal.end")
                    .on("goal", Some(id))
                    .detail(serde_json::json!({ "member_id": goal.member_id })),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(goal)
    }

    /// The owner's choice of whether the goal is shown to its group. A
    /// change is audited (not a choice already in force). Returns the goal.
    pub async fn set_goal_visibility(&self, id: &str, visible: bool, actor_id: &str, now: i64) -> Result<Goal> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query("UPDATE goals SET visible_to_group = $1 WHERE id = $2 AND visible_to_group <> $1")
            .bind(i64::from(visible))
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let goal = goal_in(&mut tx, id).await?;
        if changed > 0 {
            audit::write(
                &mut tx,
                &AuditEntry::new(now, Some(&goal.center_id), Some(actor_id), "goal.sharing")
                    .on("goal", Some(id))
                    .detail(serde_json::json!({
                        "member_id": goal.member_id,
                        "group_id": goal.group_id,
                        "visible_to_group": visible,
                    })),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(goal)
    }

    /// Records that a goal was done `count` times on a local date.
    pub async fn add_goal_progress(
        &self,
        goal_id: &str,
        local_date: &str,
        week_start: &str,
        count: i64,
        note: Option<&str>,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO goal_progress (id, goal_id, local_date, week_start, count, note, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new_id())
        .bind(goal_id)
        .bind(local_date)
        .bind(week_start)
        .bind(count)
        .bind(note)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A cheer for a goal's week; a second cheer by the same person that
    /// week is not counted again. Returns whether it was new and the week's count.
    pub async fn cheer_goal(&self, goal_id: &str, week_start: &str, cheerer_id: &str, now: i64) -> Result<(bool, i64)> {
        let mut tx = self.begin_write().await?;
        let added = sqlx::query(
            "INSERT INTO goal_cheers (goal_id, week_start, cheerer_id, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
        )
        .bind(goal_id)
        .bind(week_start)
        .bind(cheerer_id)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM goal_cheers WHERE goal_id = $1 AND week_start = $2")
            .bind(goal_id)
            .bind(week_start)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok((added > 0, count))
    }

    /// One goal's week, as `reader_id` sees it.
    pub async fn goal_week(&self, goal_id: &str, week_start: &str, reader_id: &str) -> Result<GoalWeek> {
        let row = sqlx::query(safe!(
            "SELECT {GOAL_COLUMNS}, {WEEK_COLUMNS} FROM goals g JOIN users u ON u.id = g.member_id WHERE g.id = $3"
        ))
        .bind(week_start)
        .bind(reader_id)
        .bind(goal_id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        week_from_row(&row, week_start)
    }

    /// A member's goals of a week (set before `week_end` and not ended by
    /// then, in UTC millis), oldest first, with the week's progress and cheers.
    pub async fn member_goals(
        &self,
        member_id: &str,
        week_start: &str,
        week_end: i64,
        reader_id: &str,
    ) -> Result<Vec<GoalWeek>> {
        let rows = sqlx::query(safe!(
            "SELECT {GOAL_COLUMNS}, {WEEK_COLUMNS} FROM goals g JOIN users u ON u.id = g.member_id \
             WHERE g.member_id = $3 AND g.created_at < $4 AND (g.ended_at IS NULL OR g.ended_at >= $4) \
             ORDER BY g.created_at, g.id"
        ))
        .bind(week_start)
        .bind(reader_id)
        .bind(member_id)
        .bind(week_end)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| week_from_row(r, week_start)).collect()
    }

    /// The goals of a week that the group's active members share with it,
    /// in one query: by owner's name, then oldest first.
    pub async fn group_goals(
        &self,
        group_id: &str,
        week_start: &str,
        week_end: i64,
        reader_id: &str,
    ) -> Result<Vec<GoalWeek>> {
        let rows = sqlx::query(safe!(
            "SELECT {GOAL_COLUMNS}, {WEEK_COLUMNS} FROM goals g JOIN users u ON u.id = g.member_id \
             JOIN enrollments e ON e.group_id = g.group_id AND e.member_id = g.member_id AND e.status = 'active' \
             WHERE g.group_id = $3 AND g.visible_to_group = 1 \
             AND g.created_at < $4 AND (g.ended_at IS NULL OR g.ended_at >= $4) \
             ORDER BY u.display_name, g.created_at, g.id"
        ))
        .bind(week_start)
        .bind(reader_id)
        .bind(group_id)
        .bind(week_end)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| week_from_row(r, week_start)).collect()
    }

    /// The groups a member is active in.
    pub async fn active_group_ids(&self, member_id: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT group_id FROM enrollments WHERE member_id = $1 AND status = 'active' ORDER BY group_id",
        )
        .bind(member_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The groups a person facilitates.
    pub async fn facilitated_group_ids(&self, user_id: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT group_id FROM group_facilitators WHERE user_id = $1 ORDER BY group_id")
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?)
    }
}

/// A goal as the transaction `conn` sees it (just changed).
async fn goal_in(conn: &mut sqlx::AnyConnection, id: &str) -> Result<Goal> {
    let row = sqlx::query(safe!("SELECT {GOAL_COLUMNS} FROM goals g WHERE g.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    goal_from_row(&row)
}
