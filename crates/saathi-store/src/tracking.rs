//! Check-ins (one per member per local day, earlier versions kept), the
//! centre's trigger tags, and lapses with the streak start they saw.

use crate::{AuditEntry, Result, Store, StoreError, audit, new_id};
use saathi_domain::sobriety;
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckIn {
    pub id: String,
    pub member_id: String,
    pub local_date: String,
    pub mood: i64,
    pub craving: i64,
    pub sober: bool,
    pub triggers: Vec<String>,
    pub note: Option<String>,
    pub share_with_mentor: bool,
    pub share_with_group: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone)]
pub struct CheckInInput {
    pub mood: i64,
    pub craving: i64,
    pub sober: bool,
    pub triggers: Vec<String>,
    pub note: Option<String>,
    pub share_with_mentor: bool,
    pub share_with_group: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lapse {
    pub id: String,
    pub date: String,
    pub kind: String,
    pub note: Option<String>,
    /// The member's streak start as it stood when the lapse was recorded:
    /// the start of the streak it ended, unless it was recorded late, on a
    /// day before that streak began (the earliest of these is the first
    /// start: [`sobriety::first_start`]).
    pub previous_start: String,
    pub recorded_by: String,
    pub created_at: i64,
}

const LAPSE_COLUMNS: &str = "id, date, kind, note, previous_start, recorded_by, created_at";

fn lapse_from_row(r: &AnyRow) -> Result<Lapse> {
    Ok(Lapse {
        id: r.try_get("id")?,
        date: r.try_get("date")?,
        kind: r.try_get("kind")?,
        note: r.try_get("note")?,
        previous_start: r.try_get("previous_start")?,
        recorded_by: r.try_get("recorded_by")?,
        created_at: r.try_get("created_at")?,
    })
}

pub(crate) const CHECKIN_COLUMNS: &str = "id, member_id, local_date, mood, craving, sober, triggers, note, share_with_mentor, \
                               share_with_group, created_at, updated_at";

pub(crate) fn checkin_from_row(r: &AnyRow) -> Result<CheckIn> {
    let triggers: String = r.try_get("triggers")?;
    let flag = |name: &str| -> Result<bool> { Ok(r.try_get::<i64, _>(name)? != 0) };
    Ok(CheckIn {
        id: r.try_get("id")?,
        member_id: r.try_get("member_id")?,
        local_date: r.try_get("local_date")?,
        mood: r.try_get("mood")?,
        craving: r.try_get("craving")?,
        sober: flag("sober")?,
        triggers: serde_json::from_str(&triggers).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        note: r.try_get("note")?,
        share_with_mentor: flag("share_with_mentor")?,
        share_with_group: flag("share_with_group")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

impl Store {
    /// The day's check-in: created, or updated with the replaced version kept.
    /// Returns it and whether it was new. (Many at once: [`Store::upsert_checkins`].)
    pub async fn upsert_checkin(
        &self,
        member_id: &str,
        center_id: &str,
        local_date: &str,
        c: &CheckInInput,
        now: i64,
    ) -> Result<(CheckIn, bool)> {
        let write = crate::CheckInWrite {
            member_id: member_id.into(),
            center_id: center_id.into(),
            local_date: local_date.into(),
            input: c.clone(),
            at: now,
        };
        self.upsert_checkins(&[write]).await?.pop().ok_or(StoreError::NotFound)
    }

    /// A member's check-ins from `since` (a local date), newest first.
    pub async fn checkins(&self, member_id: &str, since: &str, limit: i64) -> Result<Vec<CheckIn>> {
        let rows = sqlx::query(safe!(
            "SELECT {CHECKIN_COLUMNS} FROM checkins WHERE member_id = $1 AND local_date >= $2 \
             ORDER BY local_date DESC LIMIT $3"
        ))
        .bind(member_id)
        .bind(since)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(checkin_from_row).collect()
    }

    /// How many earlier versions a check-in has.
    pub async fn checkin_revision_count(&self, checkin_id: &str) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM checkin_revisions WHERE checkin_id = $1")
            .bind(checkin_id)
            .fetch_one(&self.pool)
            .await?)
    }

    /// The centre's own trigger tags.
    pub async fn center_triggers(&self, center_id: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT tag FROM center_triggers WHERE center_id = $1 ORDER BY tag")
            .bind(center_id)
            .fetch_all(&self.pool)
            .await?)
    }

    pub async fn add_center_trigger(&self, center_id: &str, tag: &str, now: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO center_triggers (center_id, tag, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(center_id)
        .bind(tag)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A tag a counsellor or admin adds to the centre's list, audited.
    /// False (and nothing written) when the centre already has it.
    pub async fn create_center_trigger(&self, center_id: &str, tag: &str, actor_id: &str, now: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let added = sqlx::query(
            "INSERT INTO center_triggers (center_id, tag, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(center_id)
        .bind(tag)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            > 0;
        if !added {
            return Ok(false);
        }
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(center_id), Some(actor_id), "trigger.add")
                .on("center", Some(center_id))
                .detail(serde_json::json!({ "tag": tag })),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Records a lapse or relapse. The member's streak start moves to the
    /// day after it, never back ([`sobriety::start_after_lapse`]: a lapse
    /// recorded late, before the current streak began, ends an earlier
    /// streak); the lapse keeps the start as it stood, from which the first
    /// start is found ([`sobriety::first_start`]), so the history is never
    /// lost. The member's counsellor gets a follow-up task, `tell`'s
    /// notifications are made (those made are answered), and the change is
    /// audited, in one transaction. `next_start` is the day after `date`.
    ///
    /// The member's row is locked first (`FOR UPDATE` on PostgreSQL; SQLite's
    /// write transaction holds the whole database), so lapses recorded at
    /// once come one after the other. The same lapse again (same member, day
    /// and kind: a double click, a form sent twice) is the one recorded: it
    /// is answered, with nothing written, made or told again.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_lapse(
        &self,
        member_id: &str,
        date: &str,
        next_start: &str,
        kind: &str,
        note: Option<&str>,
        actor_id: &str,
        tell: &crate::Tell<'_>,
        now: i64,
    ) -> Result<(Lapse, Vec<(String, String)>)> {
        let mut tx = self.begin_write().await?;
        let lock = if self.backend == crate::Backend::Postgres {
            "SELECT center_id, sobriety_start, counselor_id FROM members WHERE user_id = $1 FOR UPDATE"
        } else {
            "SELECT center_id, sobriety_start, counselor_id FROM members WHERE user_id = $1"
        };
        let row = sqlx::query(lock).bind(member_id).fetch_optional(&mut *tx).await?.ok_or(StoreError::NotFound)?;
        let center_id: String = row.try_get("center_id")?;
        let start: String = row.try_get("sobriety_start")?;
        let counselor: Option<String> = row.try_get("counselor_id")?;
        let same = sqlx::query(safe!(
            "SELECT {LAPSE_COLUMNS} FROM lapses WHERE member_id = $1 AND date = $2 AND kind = $3 \
             ORDER BY created_at, id LIMIT 1"
        ))
        .bind(member_id)
        .bind(date)
        .bind(kind)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(r) = same {
            return Ok((lapse_from_row(&r)?, Vec::new()));
        }
        let day = |s: &str| {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("date {s}")))
        };
        let moved = sobriety::start_after_lapse(day(&start)?, day(date)?);
        debug_assert_eq!(day(next_start).ok(), day(date)?.succ_opt(), "next_start is the day after the lapse");
        let id = new_id();
        sqlx::query(
            "INSERT INTO lapses (id, member_id, center_id, date, kind, note, previous_start, recorded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&id)
        .bind(member_id)
        .bind(&center_id)
        .bind(date)
        .bind(kind)
        .bind(note)
        .bind(&start)
        .bind(actor_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let moved = moved.format("%Y-%m-%d").to_string();
        if moved != start {
            sqlx::query("UPDATE members SET sobriety_start = $1 WHERE user_id = $2")
                .bind(&moved)
                .bind(member_id)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(c) = counselor.as_deref().filter(|c| *c != actor_id) {
            sqlx::query(
                "INSERT INTO follow_ups (id, center_id, member_id, note_id, counselor_id, status, created_at) \
                 VALUES ($1, $2, $3, NULL, $4, 'open', $5)",
            )
            .bind(new_id())
            .bind(&center_id)
            .bind(member_id)
            .bind(c)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(&center_id), Some(actor_id), "member.lapse")
                .on("member", Some(member_id))
                .detail(serde_json::json!({ "date": date, "kind": kind })),
        )
        .await?;
        let told = tell.make(&mut tx, now).await?;
        tx.commit().await?;
        let lapse = Lapse {
            id,
            date: date.into(),
            kind: kind.into(),
            note: note.map(str::to_string),
            previous_start: start,
            recorded_by: actor_id.into(),
            created_at: now,
        };
        Ok((lapse, told))
    }

    /// A member's lapses, oldest first.
    pub async fn lapses(&self, member_id: &str) -> Result<Vec<Lapse>> {
        let rows =
            sqlx::query(safe!("SELECT {LAPSE_COLUMNS} FROM lapses WHERE member_id = $1 ORDER BY date, created_at"))
                .bind(member_id)
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(lapse_from_row).collect()
    }

    /// Whether two members are active together in some group.
    pub async fn share_a_group(&self, a: &str, b: &str) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM enrollments x JOIN enrollments y ON x.group_id = y.group_id \
             WHERE x.member_id = $1 AND y.member_id = $2 AND x.status = 'active' AND y.status = 'active'",
        )
        .bind(a)
        .bind(b)
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }
}

/// What a member's days sober are counted from: their centre, the current
/// streak's start (the member's record: a lapse moves it forward, staff may
/// correct it), and each lapse's date with the start it saw when recorded
/// (by date, oldest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SobrietyHistory {
    pub center_id: String,
    pub sobriety_start: String,
    pub lapses: Vec<(String, String)>,
}

impl Store {
    /// A member's sobriety history in one query (it is read on every home
    /// page and by phones often).
    pub async fn sobriety_history(&self, member_id: &str) -> Result<Option<SobrietyHistory>> {
        let rows = sqlx::query(
            "SELECT m.center_id, m.sobriety_start, l.date, l.previous_start FROM members m \
             LEFT JOIN lapses l ON l.member_id = m.user_id WHERE m.user_id = $1 ORDER BY l.date, l.created_at",
        )
        .bind(member_id)
        .fetch_all(&self.pool)
        .await?;
        let Some(first) = rows.first() else { return Ok(None) };
        let mut h = SobrietyHistory {
            center_id: first.try_get("center_id")?,
            sobriety_start: first.try_get("sobriety_start")?,
            lapses: Vec::new(),
        };
        for r in &rows {
            if let (Some(date), Some(previous)) = (r.try_get("date")?, r.try_get("previous_start")?) {
                h.lapses.push((date, previous));
            }
        }
        Ok(Some(h))
    }
}
