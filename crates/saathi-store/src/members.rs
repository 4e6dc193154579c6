//! Members (people in recovery), their stage history and discharge.

use crate::users::insert_user;
use crate::{AuditEntry, NewUser, Result, Store, StoreError, audit, new_id};
use saathi_domain::Stage;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: String,
    pub center_id: String,
    pub login: String,
    pub display_name: String,
    pub full_name: Option<String>,
    pub language: String,
    pub gender: String,
    pub birth_year: Option<i64>,
    pub substances: Vec<String>,
    pub stage: Stage,
    pub sobriety_start: String,
    pub counselor_id: Option<String>,
    pub admitted_at: i64,
    pub discharged_at: Option<i64>,
    /// The member lets their groups celebrate their milestones.
    pub milestones_to_group: bool,
}

#[derive(Debug, Clone)]
pub struct NewMember {
    pub user: NewUser,
    pub gender: String,
    pub birth_year: Option<i64>,
    pub substances: Vec<String>,
    pub stage: Stage,
    pub sobriety_start: String,
    pub counselor_id: Option<String>,
}

/// Changes to a member's record; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct MemberPatch {
    pub display_name: Option<String>,
    pub full_name: Option<String>,
    pub language: Option<String>,
    pub gender: Option<String>,
    pub birth_year: Option<i64>,
    pub substances: Option<Vec<String>>,
    pub stage: Option<Stage>,
    /// With `stage`: the stage the change was decided from. The write is
    /// refused ([`StoreError::Conflict`]`("stage")`, nothing written) if the
    /// member is no longer in it.
    pub stage_from: Option<Stage>,
    pub sobriety_start: Option<String>,
    /// With `sobriety_start`: the date the change was decided from. The write
    /// is refused ([`StoreError::Conflict`]`("sobriety_start")`, nothing
    /// written) if the date changed meanwhile (e.g. a lapse reset it).
    pub sobriety_from: Option<String>,
    pub counselor_id: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct MemberQuery {
    /// Part of the display or full name, any case.
    pub q: Option<String>,
    pub counselor_id: Option<String>,
    pub stage: Option<Stage>,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageChange {
    pub from_stage: Option<Stage>,
    pub to_stage: Stage,
    pub changed_by: Option<String>,
    pub changed_by_name: Option<String>,
    pub changed_at: i64,
}

const COLUMNS: &str = "u.id, u.center_id, u.login, u.display_name, u.full_name, u.language, m.gender, \
                       m.birth_year, m.substances, m.stage, m.sobriety_start, m.counselor_id, m.admitted_at, \
                       m.discharged_at, m.milestones_to_group";

fn from_row(r: &AnyRow) -> Result<Member> {
    let stage: String = r.try_get("stage")?;
    let substances: String = r.try_get("substances")?;
    Ok(Member {
        id: r.try_get("id")?,
        center_id: r.try_get("center_id")?,
        login: r.try_get("login")?,
        display_name: r.try_get("display_name")?,
        full_name: r.try_get("full_name")?,
        language: r.try_get("language")?,
        gender: r.try_get("gender")?,
        birth_year: r.try_get("birth_year")?,
        substances: serde_json::from_str(&substances).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        stage: Stage::parse(&stage).ok_or_else(|| StoreError::Corrupt(format!("stage {stage}")))?,
        sobriety_start: r.try_get("sobriety_start")?,
        counselor_id: r.try_get("counselor_id")?,
        admitted_at: r.try_get("admitted_at")?,
        discharged_at: r.try_get("discharged_at")?,
        milestones_to_group: r.try_get::<i64, _>("milestones_to_group")? != 0,
    })
}

/// The lowercase text name search runs over.
pub(crate) fn search_name(display: &str, full: Option<&str>) -> String {
    format!("{} {}", display, full.unwrap_or("")).to_lowercase()
}

/// Escapes LIKE wildcards so a search for "50%" finds "50%".
fn like_pattern(q: &str) -> String {
    let mut p = String::from("%");
    for c in q.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

async fn insert_stage_change(
    conn: &mut AnyConnection,
    member_id: &str,
    from: Option<Stage>,
    to: Stage,
    by: Option<&str>,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO stage_changes (id, member_id, from_stage, to_stage, changed_by, changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new_id())
    .bind(member_id)
    .bind(from.map(|s| s.as_str()))
    .bind(to.as_str())
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

impl Store {
    /// Admits a member: the account, the record, the first stage and the
    /// audit entry, in one transaction.
    pub async fn create_member(&self, m: &NewMember, actor_id: Option<&str>, now: i64) -> Result<Member> {
        let mut tx = self.begin_write().await?;
        let id = insert_user(&mut tx, &m.user, now).await?;
        sqlx::query(
            "INSERT INTO members (user_id, center_id, gender, birth_year, substances, stage, sobriety_start, \
             counselor_id, search_name, admitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&id)
        .bind(&m.user.center_id)
        .bind(&m.gender)
        .bind(m.birth_year)
        .bind(serde_json::Value::from(m.substances.clone()).to_string())
        .bind(m.stage.as_str())
        .bind(&m.sobriety_start)
        .bind(m.counselor_id.as_deref())
        .bind(search_name(&m.user.display_name, m.user.full_name.as_deref()))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        insert_stage_change(&mut tx, &id, None, m.stage, actor_id, now).await?;
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(&m.user.center_id), actor_id, "member.admit")
                .on("member", Some(&id))
                .detail(serde_json::json!({ "stage": m.stage.as_str() })),
        )
        .await?;
        tx.commit().await?;
        self.get_member(&id).await?.ok_or(StoreError::NotFound)
    }

    pub async fn get_member(&self, id: &str) -> Result<Option<Member>> {
        let row =
            sqlx::query(safe!("SELECT {COLUMNS} FROM members m JOIN users u ON u.id = m.user_id WHERE m.user_id = $1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// A page of a centre's members, by name.
    pub async fn list_members(&self, center_id: &str, q: &MemberQuery) -> Result<Vec<Member>> {
        let pattern = q.q.as_deref().filter(|s| !s.trim().is_empty()).map(|s| like_pattern(s.trim()));
        let rows = sqlx::query(safe!(
            "SELECT {COLUMNS} FROM members m JOIN users u ON u.id = m.user_id \
             WHERE m.center_id = $1 AND ($2 IS NULL OR m.search_name LIKE $2 ESCAPE '\\') \
             AND ($3 IS NULL OR m.counselor_id = $3) AND ($4 IS NULL OR m.stage = $4) \
             ORDER BY m.search_name, m.user_id LIMIT $5 OFFSET $6"
        ))
        .bind(center_id)
        .bind(pattern)
        .bind(q.counselor_id.as_deref())
        .bind(q.stage.map(|s| s.as_str()))
        .bind(q.limit)
        .bind(q.offset)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Applies a checked patch. A stage change is kept in the history; the
    /// change and its audit entries are one transaction.
    pub async fn update_member(&self, id: &str, p: &MemberPatch, actor_id: &str, now: i64) -> Result<Member> {
        let mut tx = self.begin_write().await?;
        let cur = self.member_for_update(&mut tx, id).await?;
        if let (Some(_), Some(from)) = (p.stage, p.stage_from)
            && cur.stage != from
        {
            return Err(StoreError::Conflict("stage"));
        }
        if let (Some(_), Some(from)) = (&p.sobriety_start, &p.sobriety_from)
            && cur.sobriety_start != *from
        {
            return Err(StoreError::Conflict("sobriety_start"));
        }
        let display = p.display_name.clone().unwrap_or(cur.display_name.clone());
        let full = p.full_name.clone().or(cur.full_name.clone());
        sqlx::query("UPDATE users SET display_name = $1, full_name = $2, language = $3 WHERE id = $4")
            .bind(&display)
            .bind(full.as_deref())
            .bind(p.language.as_deref().unwrap_or(&cur.language))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let stage = p.stage.unwrap_or(cur.stage);
        sqlx::query(
            "UPDATE members SET gender = $1, birth_year = $2, substances = $3, stage = $4, sobriety_start = $5, \
             counselor_id = $6, search_name = $7 WHERE user_id = $8",
        )
        .bind(p.gender.as_deref().unwrap_or(&cur.gender))
        .bind(p.birth_year.or(cur.birth_year))
        .bind(serde_json::Value::from(p.substances.clone().unwrap_or(cur.substances.clone())).to_string())
        .bind(stage.as_str())
        .bind(p.sobriety_start.as_deref().unwrap_or(&cur.sobriety_start))
        .bind(p.counselor_id.as_deref().or(cur.counselor_id.as_deref()))
        .bind(search_name(&display, full.as_deref()))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if stage != cur.stage {
            insert_stage_change(&mut tx, id, Some(cur.stage), stage, Some(actor_id), now).await?;
            audit::write(
                &mut tx,
                &AuditEntry::new(now, Some(&cur.center_id), Some(actor_id), "member.stage_change")
                    .on("member", Some(id))
                    .detail(serde_json::json!({ "from": cur.stage.as_str(), "to": stage.as_str() })),
            )
            .await?;
        }
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(&cur.center_id), Some(actor_id), "member.update").on("member", Some(id)),
        )
        .await?;
        tx.commit().await?;
        self.get_member(id).await?.ok_or(StoreError::NotFound)
    }

    /// The member, read in `tx` and locked for the rest of it on PostgreSQL
    /// (SQLite's write transaction holds the whole database already), so
    /// that concurrent changes of a member come one after the other.
    async fn member_for_update(&self, tx: &mut crate::WriteTx, id: &str) -> Result<Member> {
        let lock = if self.backend == crate::Backend::Postgres { " FOR UPDATE OF m" } else { "" };
        let row = sqlx::query(safe!(
            "SELECT {COLUMNS} FROM members m JOIN users u ON u.id = m.user_id WHERE m.user_id = $1{lock}"
        ))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
        row.as_ref().map(from_row).transpose()?.ok_or(StoreError::NotFound)
    }

    /// Discharge: stage aftercare, the date kept, the account kept.
    /// [`StoreError::Conflict`]`("stage")`, nothing written, when the member
    /// is in aftercare already (discharged meanwhile, e.g. a second click).
    pub async fn discharge_member(&self, id: &str, actor_id: &str, now: i64) -> Result<Member> {
        let mut tx = self.begin_write().await?;
        let cur = self.member_for_update(&mut tx, id).await?;
        if cur.stage == Stage::Aftercare {
            return Err(StoreError::Conflict("stage"));
        }
        sqlx::query("UPDATE members SET stage = $1, discharged_at = $2 WHERE user_id = $3")
            .bind(Stage::Aftercare.as_str())
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        insert_stage_change(&mut tx, id, Some(cur.stage), Stage::Aftercare, Some(actor_id), now).await?;
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(&cur.center_id), Some(actor_id), "member.discharge")
                .on("member", Some(id))
                .detail(serde_json::json!({ "from": cur.stage.as_str() })),
        )
        .await?;
        tx.commit().await?;
        self.get_member(id).await?.ok_or(StoreError::NotFound)
    }

    pub async fn stage_history(&self, member_id: &str) -> Result<Vec<StageChange>> {
        let rows = sqlx::query(
            "SELECT s.from_stage, s.to_stage, s.changed_by, u.display_name AS changed_by_name, s.changed_at \
             FROM stage_changes s LEFT JOIN users u ON u.id = s.changed_by \
             WHERE s.member_id = $1 ORDER BY s.changed_at, s.id",
        )
        .bind(member_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let from: Option<String> = r.try_get("from_stage")?;
                let to: String = r.try_get("to_stage")?;
                Ok(StageChange {
                    from_stage: from.as_deref().and_then(Stage::parse),
                    to_stage: Stage::parse(&to).ok_or_else(|| StoreError::Corrupt(format!("stage {to}")))?,
                    changed_by: r.try_get("changed_by")?,
                    changed_by_name: r.try_get("changed_by_name")?,
                    changed_at: r.try_get("changed_at")?,
                })
            })
            .collect()
    }
}
