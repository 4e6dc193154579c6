//! Confidential notes, encrypted at rest (see [`crate::crypto`]): a group
//! note per session, a part per attendee, per-member notes, amendments after
//! sign-off, and the follow-up tasks a "needs one-to-one" flag creates.

use crate::crypto::NoteKeys;
use crate::{AuditEntry, Result, Store, StoreError, audit, conflict_or, new_id};
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amendment {
    pub id: String,
    pub author_id: String,
    pub author_name: String,
    pub body: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: String,
    pub center_id: String,
    pub session_id: Option<String>,
    /// `None` for the group note of a session.
    pub member_id: Option<String>,
    pub author_id: String,
    pub author_name: String,
    pub body: String,
    pub needs_one_to_one: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub signed_off_by: Option<String>,
    pub signed_off_at: Option<i64>,
    pub amendments: Vec<Amendment>,
}

#[derive(Debug, Clone)]
pub struct NewNote {
    pub center_id: String,
    pub session_id: Option<String>,
    pub member_id: Option<String>,
    pub author_id: String,
    pub body: String,
    pub needs_one_to_one: bool,
    /// Who gets the follow-up task when `needs_one_to_one` is set.
    pub follow_up_counselor_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    pub id: String,
    pub member_id: String,
    pub member_name: String,
    pub note_id: Option<String>,
    pub created_at: i64,
}

const COLUMNS: &str = "n.id, n.center_id, n.session_id, n.member_id, n.author_id, u.display_name AS author_name, \
    n.body, n.key_version, n.needs_one_to_one, n.created_at, n.updated_at, n.signed_off_by, n.signed_off_at";

impl Store {
    /// The key ring notes are encrypted with.
    pub fn with_note_keys(mut self, keys: NoteKeys) -> Store {
        self.note_keys = Some(std::sync::Arc::new(keys));
        self
    }

    /// The key ring (notes, webhook secrets); an error when none is configured.
    pub(crate) fn keys(&self) -> Result<&NoteKeys> {
        self.note_keys.as_deref().ok_or(StoreError::Unsupported("no note-encryption key is configured"))
    }

    fn decrypt_note(&self, r: &AnyRow) -> Result<Note> {
        let id: String = r.try_get("id")?;
        let body: Vec<u8> = r.try_get("body")?;
        let version: i64 = r.try_get("key_version")?;
        let flag: i64 = r.try_get("needs_one_to_one")?;
        Ok(Note {
            body: self.keys()?.decrypt(&id, &body, version)?,
            id,
            center_id: r.try_get("center_id")?,
            session_id: r.try_get("session_id")?,
            member_id: r.try_get("member_id")?,
            author_id: r.try_get("author_id")?,
            author_name: r.try_get("author_name")?,
            needs_one_to_one: flag != 0,
            created_at: r.try_get("created_at")?,
            updated_at: r.try_get("updated_at")?,
            signed_off_by: r.try_get("signed_off_by")?,
            signed_off_at: r.try_get("signed_off_at")?,
            amendments: vec![],
        })
    }

    async fn with_amendments(&self, mut notes: Vec<Note>) -> Result<Vec<Note>> {
        for n in &mut notes {
            let rows = sqlx::query(
                "SELECT a.id, a.author_id, u.display_name AS author_name, a.body, a.key_version, a.created_at \
                 FROM note_amendments a JOIN users u ON u.id = a.author_id WHERE a.note_id = $1 ORDER BY a.created_at, a.id",
            )
            .bind(&n.id)
            .fetch_all(&self.pool)
            .await?;
            for r in rows {
                let id: String = r.try_get("id")?;
                let body: Vec<u8> = r.try_get("body")?;
                let version: i64 = r.try_get("key_version")?;
                n.amendments.push(Amendment {
                    body: self.keys()?.decrypt(&id, &body, version)?,
                    id,
                    author_id: r.try_get("author_id")?,
                    author_name: r.try_get("author_name")?,
                    created_at: r.try_get("created_at")?,
                });
            }
        }
        Ok(notes)
    }

    /// Writes a note (and its follow-up task) in one transaction. A second
    /// group note for a session, or a second part for one attendee, is a conflict.
    pub async fn create_note(&self, n: &NewNote, now: i64) -> Result<Note> {
        let id = new_id();
        let (body, version) = self.keys()?.encrypt(&id, &n.body)?;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO notes (id, center_id, session_id, member_id, author_id, body, key_version, needs_one_to_one, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
        )
        .bind(&id)
        .bind(&n.center_id)
        .bind(n.session_id.as_deref())
        .bind(n.member_id.as_deref())
        .bind(&n.author_id)
        .bind(body)
        .bind(version)
        .bind(i64::from(n.needs_one_to_one))
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(|e| conflict_or(e, &["notes"]))?;
        if n.needs_one_to_one
            && let (Some(member), Some(counselor)) = (&n.member_id, &n.follow_up_counselor_id)
        {
            sqlx::query(
                "INSERT INTO follow_ups (id, center_id, member_id, note_id, counselor_id, status, created_at) \
                 VALUES ($1, $2, $3, $4, $5, 'open', $6)",
            )
            .bind(new_id())
            .bind(&n.center_id)
            .bind(member)
            .bind(&id)
            .bind(counselor)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(&n.center_id), Some(&n.author_id), "note.create")
                .on("note", Some(&id))
                .detail(serde_json::json!({ "session_id": n.session_id, "member_id": n.member_id })),
        )
        .await?;
        tx.commit().await?;
        self.get_note(&id).await?.ok_or(StoreError::NotFound)
    }

    pub async fn get_note(&self, id: &str) -> Result<Option<Note>> {
        let row =
            sqlx::query(safe!("SELECT {COLUMNS} FROM notes n JOIN users u ON u.id = n.author_id WHERE n.id = $1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(self.with_amendments(vec![self.decrypt_note(&row)?]).await?.pop())
    }

    /// A session's group note and attendee parts.
    pub async fn session_notes(&self, session_id: &str) -> Result<Vec<Note>> {
        let rows = sqlx::query(safe!(
            "SELECT {COLUMNS} FROM notes n JOIN users u ON u.id = n.author_id WHERE n.session_id = $1 \
             ORDER BY CASE WHEN n.member_id IS NULL THEN 0 ELSE 1 END, n.created_at, n.id"
        ))
        .bind(session_id)
        .fetch_all(&self.pool)
        .await?;
        let notes = rows.iter().map(|r| self.decrypt_note(r)).collect::<Result<Vec<_>>>()?;
        self.with_amendments(notes).await
    }

    /// What a member's record holds: their parts of group notes and their own
    /// notes, never other attendees' parts or the group note. Newest first.
    pub async fn member_notes(&self, member_id: &str) -> Result<Vec<Note>> {
        let rows = sqlx::query(safe!(
            "SELECT {COLUMNS} FROM notes n JOIN users u ON u.id = n.author_id WHERE n.member_id = $1 \
             ORDER BY n.created_at DESC, n.id"
        ))
        .bind(member_id)
        .fetch_all(&self.pool)
        .await?;
        let notes = rows.iter().map(|r| self.decrypt_note(r)).collect::<Result<Vec<_>>>()?;
        self.with_amendments(notes).await
    }

    /// Replaces an unsigned note's text (the caller checks who may).
    pub async fn edit_note(&self, id: &str, body: &str, actor_id: &str, now: i64) -> Result<Note> {
        let (ct, version) = self.keys()?.encrypt(id, body)?;
        let mut tx = self.begin_write().await?;
        let center: Option<String> =
            sqlx::query_scalar("SELECT center_id FROM notes WHERE id = $1 AND signed_off_at IS NULL")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(center) = center else { return Err(StoreError::Conflict("signed_off")) };
        sqlx::query("UPDATE notes SET body = $1, key_version = $2, updated_at = $3 WHERE id = $4")
            .bind(ct)
            .bind(version)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit::write(&mut tx, &AuditEntry::new(now, Some(&center), Some(actor_id), "note.edit").on("note", Some(id)))
            .await?;
        tx.commit().await?;
        self.get_note(id).await?.ok_or(StoreError::NotFound)
    }

    pub async fn sign_off_note(&self, id: &str, actor_id: &str, now: i64) -> Result<Note> {
        let mut tx = self.begin_write().await?;
        let center: Option<String> =
            sqlx::query_scalar("SELECT center_id FROM notes WHERE id = $1 AND signed_off_at IS NULL")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(center) = center else { return Err(StoreError::Conflict("signed_off")) };
        sqlx::query("UPDATE notes SET signed_off_by = $1, signed_off_at = $2 WHERE id = $3")
            .bind(actor_id)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(&center), Some(actor_id), "note.sign_off").on("note", Some(id)),
        )
        .await?;
        tx.commit().await?;
        self.get_note(id).await?.ok_or(StoreError::NotFound)
    }

    pub async fn amend_note(&self, note_id: &str, author_id: &str, body: &str, now: i64) -> Result<Note> {
        let id = new_id();
        let (ct, version) = self.keys()?.encrypt(&id, body)?;
        let note = self.get_note(note_id).await?.ok_or(StoreError::NotFound)?;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO note_amendments (id, note_id, author_id, body, key_version, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(note_id)
        .bind(author_id)
        .bind(ct)
        .bind(version)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(&note.center_id), Some(author_id), "note.amend").on("note", Some(note_id)),
        )
        .await?;
        tx.commit().await?;
        self.get_note(note_id).await?.ok_or(StoreError::NotFound)
    }

    pub async fn open_follow_ups(&self, counselor_id: &str) -> Result<Vec<FollowUp>> {
        let rows = sqlx::query(
            "SELECT f.id, f.member_id, u.display_name AS member_name, f.note_id, f.created_at FROM follow_ups f \
             JOIN users u ON u.id = f.member_id WHERE f.counselor_id = $1 AND f.status = 'open' ORDER BY f.created_at",
        )
        .bind(counselor_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(FollowUp {
                    id: r.try_get("id")?,
                    member_id: r.try_get("member_id")?,
                    member_name: r.try_get("member_name")?,
                    note_id: r.try_get("note_id")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// Marks a follow-up done; only the counsellor it is for.
    pub async fn complete_follow_up(&self, id: &str, counselor_id: &str, now: i64) -> Result<()> {
        let n = sqlx::query(
            "UPDATE follow_ups SET status = 'done', done_at = $1, done_by = $2 WHERE id = $3 AND counselor_id = $2 AND status = 'open'",
        )
        .bind(now)
        .bind(counselor_id)
        .bind(id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if n == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Whether a user is a senior counsellor (a supervisor).
    pub async fn is_senior(&self, user_id: &str) -> Result<bool> {
        let v: Option<i64> = sqlx::query_scalar("SELECT senior FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(v == Some(1))
    }
}
