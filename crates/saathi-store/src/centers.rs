//! Centres and their settings.

use crate::{Result, Store, StoreError, audit, new_id};
use saathi_domain::center::{CenterSettings, Helpline};
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone)]
pub struct Center {
    pub id: String,
    pub name: String,
    pub timezone: String,
    /// The centre's own helplines (the national ones are added on display).
    pub helplines: Vec<Helpline>,
    pub settings: CenterSettings,
    pub created_at: i64,
}

impl Center {
    pub fn tz(&self) -> chrono_tz::Tz {
        self.timezone.parse().unwrap_or(chrono_tz::Asia::Kolkata)
    }
}

#[derive(Debug, Clone)]
pub struct NewCenter {
    pub name: String,
    pub timezone: String,
}

#[derive(Debug, Clone, Default)]
pub struct CenterPatch {
    pub name: Option<String>,
    pub timezone: Option<String>,
    pub helplines: Option<Vec<Helpline>>,
    pub settings: Option<CenterSettings>,
}

const COLUMNS: &str = "id, name, timezone, helplines, crisis_ack_timeout_seconds, mentor_min_sober_days, \
                       mentor_capacity, alumni_nudge_weeks, created_at";

fn from_row(r: &AnyRow) -> Result<Center> {
    let helplines: String = r.try_get("helplines")?;
    Ok(Center {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        timezone: r.try_get("timezone")?,
        helplines: serde_json::from_str(&helplines).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        settings: CenterSettings {
            crisis_ack_timeout_seconds: r.try_get("crisis_ack_timeout_seconds")?,
            mentor_min_sober_days: r.try_get("mentor_min_sober_days")?,
            mentor_capacity: r.try_get("mentor_capacity")?,
            alumni_nudge_weeks: r.try_get("alumni_nudge_weeks")?,
        },
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    pub async fn create_center(&self, c: &NewCenter, now: i64) -> Result<Center> {
        let id = new_id();
        let s = CenterSettings::default();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO centers (id, name, timezone, helplines, crisis_ack_timeout_seconds, \
             mentor_min_sober_days, mentor_capacity, alumni_nudge_weeks, created_at) \
             VALUES ($1, $2, $3, '[]', $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(&c.name)
        .bind(&c.timezone)
        .bind(s.crisis_ack_timeout_seconds)
        .bind(s.mentor_min_sober_days)
        .bind(s.mentor_capacity)
        .bind(s.alumni_nudge_weeks)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        audit::write(
            &mut tx,
            &crate::AuditEntry::new(now, Some(&id), None, "center.create")
                .on("center", Some(&id))
                .detail(serde_json::json!({ "name": c.name })),
        )
        .await?;
        tx.commit().await?;
        self.get_center(&id).await?.ok_or(StoreError::NotFound)
    }

    pub async fn get_center(&self, id: &str) -> Result<Option<Center>> {
        let row = sqlx::query(safe!("SELECT {COLUMNS} FROM centers WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    pub async fn list_centers(&self) -> Result<Vec<Center>> {
        let rows =
            sqlx::query(safe!("SELECT {COLUMNS} FROM centers ORDER BY created_at")).fetch_all(&self.pool).await?;
        rows.iter().map(from_row).collect()
    }

    /// Applies a checked patch and records it in the audit log, in one transaction.
    pub async fn update_center(&self, id: &str, p: &CenterPatch, actor_id: &str, now: i64) -> Result<Center> {
        let Some(cur) = self.get_center(id).await? else {
            return Err(StoreError::NotFound);
        };
        let name = p.name.clone().unwrap_or(cur.name);
        let tz = p.timezone.clone().unwrap_or(cur.timezone);
        let helplines = p.helplines.clone().unwrap_or(cur.helplines);
        let s = p.settings.clone().unwrap_or(cur.settings);
        let helplines_json = serde_json::to_string(&helplines).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE centers SET name = $1, timezone = $2, helplines = $3, crisis_ack_timeout_seconds = $4, \
             mentor_min_sober_days = $5, mentor_capacity = $6, alumni_nudge_weeks = $7 WHERE id = $8",
        )
        .bind(&name)
        .bind(&tz)
        .bind(&helplines_json)
        .bind(s.crisis_ack_timeout_seconds)
        .bind(s.mentor_min_sober_days)
        .bind(s.mentor_capacity)
        .bind(s.alumni_nudge_weeks)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        audit::write(
            &mut tx,
            &crate::AuditEntry::new(now, Some(id), Some(actor_id), "center.update")
                .on("center", Some(id))
                .detail(serde_json::json!({ "name": name, "timezone": tz })),
        )
        .await?;
        tx.commit().await?;
        self.get_center(id).await?.ok_or(StoreError::NotFound)
    }
}
