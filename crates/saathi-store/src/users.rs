//! People who sign in: staff, members, families.

use crate::{AuditEntry, Result, Store, StoreError, audit, conflict_or, new_id};
use saathi_domain::Role;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub center_id: String,
    pub role: Role,
    pub login: String,
    pub phone: Option<String>,
    pub display_name: String,
    pub full_name: Option<String>,
    pub language: String,
    pub created_at: i64,
    pub disabled: bool,
}

/// A user with the password hash, only for signing in.
#[derive(Debug, Clone)]
pub struct UserAuth {
    pub user: User,
    pub password_hash: String,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub center_id: String,
    pub role: Role,
    pub login: String,
    pub phone: Option<String>,
    pub password_hash: String,
    pub display_name: String,
    pub full_name: Option<String>,
    pub language: String,
}

pub(crate) const USER_COLUMNS: &str = "u.id, u.center_id, u.role, u.login, u.phone, u.display_name, u.full_name, \
                                       u.language, u.created_at, u.disabled";

pub(crate) fn user_from_row(r: &AnyRow) -> Result<User> {
    let role: String = r.try_get("role")?;
    let disabled: i64 = r.try_get("disabled")?;
    Ok(User {
        id: r.try_get("id")?,
        center_id: r.try_get("center_id")?,
        role: Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("role {role}")))?,
        login: r.try_get("login")?,
        phone: r.try_get("phone")?,
        display_name: r.try_get("display_name")?,
        full_name: r.try_get("full_name")?,
        language: r.try_get("language")?,
        created_at: r.try_get("created_at")?,
        disabled: disabled != 0,
    })
}

/// Inserts a user inside a caller's transaction. Logins are kept lowercase so
/// that "Ravi" and "ravi" are one login.
pub(crate) async fn insert_user(conn: &mut AnyConnection, u: &NewUser, now: i64) -> Result<String> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO users (id, center_id, role, login, phone, password_hash, display_name, full_name, \
         language, created_at, disabled) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0)",
    )
    .bind(&id)
    .bind(&u.center_id)
    .bind(u.role.as_str())
    .bind(u.login.to_lowercase())
    .bind(u.phone.as_deref())
    .bind(&u.password_hash)
    .bind(&u.display_name)
    .bind(u.full_name.as_deref())
    .bind(&u.language)
    .bind(now)
    .execute(&mut *conn)
    .await
    .map_err(|e| conflict_or(e, &["login", "phone"]))?;
    Ok(id)
}

impl Store {
    /// Creates a user and records who did it.
    pub async fn create_user(&self, u: &NewUser, actor_id: Option<&str>, now: i64) -> Result<User> {
        let mut tx = self.begin_write().await?;
        let id = insert_user(&mut tx, u, now).await?;
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(&u.center_id), actor_id, "user.create")
                .on("user", Some(&id))
                .detail(serde_json::json!({ "role": u.role.as_str(), "login": u.login.to_lowercase() })),
        )
        .await?;
        tx.commit().await?;
        self.get_user(&id).await?.ok_or(StoreError::NotFound)
    }

    pub async fn get_user(&self, id: &str) -> Result<Option<User>> {
        let row = sqlx::query(safe!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// Finds a user by login or phone, for signing in.
    pub async fn find_for_login(&self, login: &str) -> Result<Option<UserAuth>> {
        let row = sqlx::query(safe!(
            "SELECT {USER_COLUMNS}, u.password_hash FROM users u WHERE u.login = $1 OR u.phone = $2"
        ))
        .bind(login.to_lowercase())
        .bind(login)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => Ok(Some(UserAuth { user: user_from_row(&r)?, password_hash: r.try_get("password_hash")? })),
            None => Ok(None),
        }
    }

    pub async fn list_users(&self, center_id: &str, role: Option<Role>, limit: i64, offset: i64) -> Result<Vec<User>> {
        let rows = sqlx::query(safe!(
            "SELECT {USER_COLUMNS} FROM users u WHERE u.center_id = $1 AND ($2 IS NULL OR u.role = $2) \
             ORDER BY u.role, u.display_name, u.id LIMIT $3 OFFSET $4"
        ))
        .bind(center_id)
        .bind(role.map(|r| r.as_str()))
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(user_from_row).collect()
    }

    /// Changes a user's role; the change and its audit entry are one transaction.
    pub async fn set_role(&self, user_id: &str, role: Role, actor_id: &str, now: i64) -> Result<User> {
        self.change_user(user_id, Some(role), None, actor_id, now).await
    }

    /// Changes a user's role and/or whether a counsellor is senior, each
    /// change with its audit entry, all in one transaction (nothing written
    /// when any part fails). A changed role ends the user's sessions.
    pub async fn change_user(
        &self,
        user_id: &str,
        role: Option<Role>,
        senior: Option<bool>,
        actor_id: &str,
        now: i64,
    ) -> Result<User> {
        let Some(before) = self.get_user(user_id).await? else {
            return Err(StoreError::NotFound);
        };
        let mut tx = self.begin_write().await?;
        if let Some(role) = role.filter(|r| *r != before.role) {
            sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
                .bind(role.as_str())
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            // Only counsellors are on call: anyone else leaves the roster.
            if !role.may_be_on_call() {
                sqlx::query("DELETE FROM on_call WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
            }
            // A changed role ends the user's sessions: their rights changed.
            sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
                .bind(now)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            audit::write(
                &mut tx,
                &AuditEntry::new(now, Some(&before.center_id), Some(actor_id), "user.role_change")
                    .on("user", Some(user_id))
                    .detail(serde_json::json!({ "from": before.role.as_str(), "to": role.as_str() })),
            )
            .await?;
        }
        if let Some(senior) = senior {
            sqlx::query("UPDATE users SET senior = $1 WHERE id = $2")
                .bind(i64::from(senior))
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            audit::write(
                &mut tx,
                &AuditEntry::new(now, Some(&before.center_id), Some(actor_id), "user.senior_change")
                    .on("user", Some(user_id))
                    .detail(serde_json::json!({ "senior": senior })),
            )
            .await?;
        }
        tx.commit().await?;
        self.get_user(user_id).await?.ok_or(StoreError::NotFound)
    }

    pub async fn set_language(&self, user_id: &str, language: &str) -> Result<()> {
        sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
            .bind(language)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

impl Store {
    /// Replaces a user's calendar feed secret (only its hash is kept).
    pub async fn set_calendar_feed(&self, user_id: &str, token_hash: &str, now: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO calendar_feeds (token_hash, user_id, created_at) VALUES ($1, $2, $3)")
            .bind(token_hash)
            .bind(user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The (enabled) user a calendar feed secret belongs to.
    pub async fn calendar_feed_user(&self, token_hash: &str) -> Result<Option<User>> {
        let row = sqlx::query(safe!(
            "SELECT {USER_COLUMNS} FROM calendar_feeds f JOIN users u ON u.id = f.user_id \
             WHERE f.token_hash = $1 AND u.disabled = 0"
        ))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(user_from_row).transpose()
    }
}
