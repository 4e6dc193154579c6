//! Chat rooms, their messages, reactions and reports.
//!
//! Who belongs to a room is not stored: each read of a room comes with the
//! reader's relation to it (facilitates its group, active in its group, the
//! pair still paired), and saathi-domain's `rooms` decides. Messages are
//! numbered per room (`seq`) by the statement that inserts them, which holds
//! the room's row lock (PostgreSQL) or the write lock (SQLite) until commit,
//! so the numbers follow commit order: paging and catch-up by them cannot
//! skip or repeat a message.

use crate::{AuditEntry, Result, Store, StoreError, audit, new_id};
use saathi_domain::rooms::{Reaction, RoomKind};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    pub id: String,
    pub center_id: String,
    pub kind: RoomKind,
    /// An open room's name, or the group's for a group's room.
    pub name: Option<String>,
    pub group_id: Option<String>,
    /// A private room's member (the mentee of a mentoring room).
    pub member_id: Option<String>,
    pub member_name: Option<String>,
    /// A mentoring room's mentor.
    pub mentor_id: Option<String>,
    pub mentor_name: Option<String>,
    /// The number of the room's last message.
    pub last_seq: i64,
    pub created_at: i64,
}

/// A room and one reader's relation to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomView {
    pub room: Room,
    /// The reader facilitates the room's group.
    pub facilitator: bool,
    /// The reader is active in the room's group.
    pub enrolled: bool,
    /// A mentoring room's pairing is still active.
    pub paired: bool,
    /// Messages of others after the last the reader marked read (counted up to 100: "100 or more").
    pub unread: i64,
}

/// A room as someone about to write in it sees it (see [`Store::room_for_writer`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriterRoom {
    pub view: RoomView,
    /// A moderator muted the writer in this room until then (still running).
    pub muted_until: Option<i64>,
    pub writer_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReactionCount {
    pub kind: Reaction,
    pub count: i64,
    /// The reader gave it.
    pub mine: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: String,
    pub room_id: String,
    pub seq: i64,
    pub author_id: String,
    pub author_name: String,
    /// `None` once deleted.
    pub body: Option<String>,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted_at: Option<i64>,
    /// When a moderator hid it (its body stays, served only to some).
    pub hidden_at: Option<i64>,
    pub hidden_reason: Option<String>,
    pub reactions: Vec<ReactionCount>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageReport {
    pub id: String,
    pub room_id: String,
    pub reporter_id: String,
    pub reporter_name: String,
    pub reason: Option<String>,
    pub created_at: i64,
    /// The message as it is now (its body gone if its author deleted it).
    pub message: Message,
}

// The reader's (`$1`) relation to the room `r`, as saathi-domain decides
// on it: facilitates its group, active in its group, the pair still paired.
macro_rules! facilitates {
    () => {
        "EXISTS (SELECT 1 FROM group_facilitators f WHERE f.group_id = r.group_id AND f.user_id = $1)"
    };
}
macro_rules! enrolled {
    () => {
        "EXISTS (SELECT 1 FROM enrollments e WHERE e.group_id = r.group_id AND e.member_id = $1 \
         AND e.status = 'active')"
    };
}
macro_rules! paired {
    () => {
        "EXISTS (SELECT 1 FROM mentorships p WHERE p.mentor_id = r.mentor_id AND p.mentee_id = r.member_id \
         AND p.ended_at IS NULL)"
    };
}
// Until when a moderator muted the writer (`$1`) in the room, if that is
// after `$3` (now); and the writer's display name.
macro_rules! muted_until {
    () => {
        "(SELECT mt.until FROM room_mutes mt WHERE mt.room_id = r.id AND mt.member_id = $1 AND mt.until > $3)"
    };
}
macro_rules! writer_name {
    () => {
        "(SELECT w.display_name FROM users w WHERE w.id = $1)"
    };
}
// Room `$2` as its writer (`$1`) was let write in it, unchanged at `$3`:
// their relation to it (`$6` facilitates, `$7` enrolled, `$8` paired, each
// 0 or 1), whether a mute runs (`$9`), their name (`$10`). The rule stays
// in saathi-domain; this only checks, in the write's own statement, that
// what it was decided on still holds.
macro_rules! as_decided {
    () => {
        concat!(
            "r.id = $2 AND CASE WHEN ",
            facilitates!(),
            " THEN 1 ELSE 0 END = $6 AND CASE WHEN ",
            enrolled!(),
            " THEN 1 ELSE 0 END = $7 AND CASE WHEN ",
            paired!(),
            " THEN 1 ELSE 0 END = $8 AND CASE WHEN ",
            muted_until!(),
            " IS NULL THEN 0 ELSE 1 END = $9 AND ",
            writer_name!(),
            " = $10"
        )
    };
}

/// A room and the reader's (`$1`) relation to it.
const ROOM_COLUMNS: &str = concat!(
    "r.id, r.center_id, r.kind, COALESCE(g.name, r.name) AS name, r.group_id, r.member_id, \
    eu.display_name AS member_name, r.mentor_id, mu.display_name AS mentor_name, r.last_seq, r.created_at, \
    CAST(CASE WHEN ",
    facilitates!(),
    " THEN 1 ELSE 0 END AS BIGINT) AS facilitator, CAST(CASE WHEN ",
    enrolled!(),
    " THEN 1 ELSE 0 END AS BIGINT) AS enrolled, CAST(CASE WHEN ",
    paired!(),
    " THEN 1 ELSE 0 END AS BIGINT) AS paired"
);

/// How many messages of others the reader has not read (up to 100).
const UNREAD_COLUMN: &str = "(SELECT COUNT(*) FROM (SELECT 1 AS one FROM messages um WHERE um.room_id = r.id AND um.author_id <> $1 \
         AND um.deleted_at IS NULL AND um.seq > COALESCE((SELECT rr.last_read_seq FROM room_reads rr \
         WHERE rr.room_id = r.id AND rr.user_id = $1), 0) LIMIT 100) AS unread_rows) AS unread";

const ROOM_FROM: &str = "rooms r LEFT JOIN groups g ON g.id = r.group_id LEFT JOIN users eu ON eu.id = r.member_id \
    LEFT JOIN users mu ON mu.id = r.mentor_id";

const MESSAGE_COLUMNS: &str = "m.id, m.room_id, m.seq, m.author_id, u.display_name AS author_name, m.body, \
    m.created_at, m.edited_at, m.deleted_at, m.hidden_at, m.hidden_reason";

const MESSAGE_FROM: &str = "messages m JOIN users u ON u.id = m.author_id";

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

fn room_view(r: &AnyRow) -> Result<RoomView> {
    let kind: String = r.try_get("kind")?;
    Ok(RoomView {
        room: Room {
            id: r.try_get("id")?,
            center_id: r.try_get("center_id")?,
            kind: RoomKind::parse(&kind).ok_or_else(|| corrupt(format!("room kind {kind}")))?,
            name: r.try_get("name")?,
            group_id: r.try_get("group_id")?,
            member_id: r.try_get("member_id")?,
            member_name: r.try_get("member_name")?,
            mentor_id: r.try_get("mentor_id")?,
            mentor_name: r.try_get("mentor_name")?,
            last_seq: r.try_get("last_seq")?,
            created_at: r.try_get("created_at")?,
        },
        facilitator: r.try_get::<i64, _>("facilitator")? != 0,
        enrolled: r.try_get::<i64, _>("enrolled")? != 0,
        paired: r.try_get::<i64, _>("paired")? != 0,
        unread: r.try_get("unread")?,
    })
}

fn message(r: &AnyRow) -> Result<Message> {
    Ok(Message {
        id: r.try_get("id")?,
        room_id: r.try_get("room_id")?,
        seq: r.try_get("seq")?,
        author_id: r.try_get("author_id")?,
        author_name: r.try_get("author_name")?,
        body: r.try_get("body")?,
        created_at: r.try_get("created_at")?,
        edited_at: r.try_get("edited_at")?,
        deleted_at: r.try_get("deleted_at")?,
        hidden_at: r.try_get("hidden_at")?,
        hidden_reason: r.try_get("hidden_reason")?,
        reactions: Vec::new(),
    })
}

/// Inserts a safety alert for a message (and audits it, without the
/// message), and the notifications of those it tells, in the caller's
/// transaction: an alert is never stored without its notifications.
async fn raise_alert(
    conn: &mut AnyConnection,
    a: &NewAlert<'_>,
    room_id: &str,
    message_id: &str,
    author_id: &str,
    now: i64,
) -> Result<RaisedAlert> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO safety_alerts (id, center_id, room_id, message_id, member_id, categories, phrases, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(a.center_id)
    .bind(room_id)
    .bind(message_id)
    .bind(author_id)
    .bind(serde_json::to_string(&a.categories).map_err(corrupt)?)
    .bind(serde_json::to_string(&a.phrases).map_err(corrupt)?)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    audit::write(
        conn,
        &AuditEntry::new(now, Some(a.center_id), Some(author_id), "safety_alert.raise")
            .on("safety_alert", Some(&id))
            .detail(serde_json::json!({ "room_id": room_id, "message_id": message_id, "categories": a.categories })),
    )
    .await?;
    let told = a.tell.make(conn, now).await?;
    Ok(RaisedAlert { id, told })
}

/// The key of a room made on demand: a group's, a mentoring pair's, a member's counsellor room.
fn group_key(group_id: &str) -> String {
    format!("group:{group_id}")
}

/// A private room being opened: which kind, whose.
#[derive(Debug, Clone)]
pub struct PrivateRoom<'a> {
    pub center_id: &'a str,
    pub kind: RoomKind,
    pub member_id: &'a str,
    /// For a mentoring room.
    pub mentor_id: Option<&'a str>,
}

impl PrivateRoom<'_> {
    fn key(&self) -> String {
        match self.mentor_id {
            Some(mentor) => format!("{}:{mentor}:{}", self.kind, self.member_id),
            None => format!("{}:{}", self.kind, self.member_id),
        }
    }
}

/// A room row to insert.
struct NewRoom<'a> {
    center_id: &'a str,
    kind: RoomKind,
    name: Option<&'a str>,
    key: Option<&'a str>,
    group_id: Option<&'a str>,
    member_id: Option<&'a str>,
    mentor_id: Option<&'a str>,
    created_by: Option<&'a str>,
}

impl<'a> NewRoom<'a> {
    fn new(center_id: &'a str, kind: RoomKind) -> Self {
        NewRoom {
            center_id,
            kind,
            name: None,
            key: None,
            group_id: None,
            member_id: None,
            mentor_id: None,
            created_by: None,
        }
    }
}

/// Inserts a room unless one with its key exists; true when inserted.
async fn insert_room(conn: &mut AnyConnection, id: &str, r: &NewRoom<'_>, now: i64) -> Result<bool> {
    let n = sqlx::query(
        "INSERT INTO rooms (id, center_id, kind, name, room_key, group_id, member_id, mentor_id, created_by, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(r.center_id)
    .bind(r.kind.as_str())
    .bind(r.name)
    .bind(r.key)
    .bind(r.group_id)
    .bind(r.member_id)
    .bind(r.mentor_id)
    .bind(r.created_by)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(n > 0)
}

impl Store {
    /// A room with `reader_id`'s relation to it.
    pub async fn room_for(&self, room_id: &str, reader_id: &str) -> Result<Option<RoomView>> {
        let row = sqlx::query(safe!("SELECT {ROOM_COLUMNS}, {UNREAD_COLUMN} FROM {ROOM_FROM} WHERE r.id = $2"))
            .bind(reader_id)
            .bind(room_id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(room_view).transpose()
    }

    /// A room as someone about to write in it sees it, in one read: their
    /// relation to it, until when a moderator muted them there (if now), and
    /// their display name (the new message carries it).
    pub async fn room_for_writer(&self, room_id: &str, writer_id: &str, now: i64) -> Result<Option<WriterRoom>> {
        let row = sqlx::query(safe!(
            "SELECT {ROOM_COLUMNS}, CAST(0 AS BIGINT) AS unread, {muted} AS muted_until, {name} AS writer_name \
             FROM {ROOM_FROM} WHERE r.id = $2",
            muted = muted_until!(),
            name = writer_name!(),
        ))
        .bind(writer_id)
        .bind(room_id)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(WriterRoom {
            view: room_view(&r)?,
            muted_until: r.try_get("muted_until")?,
            writer_name: r.try_get::<Option<String>, _>("writer_name")?.unwrap_or_default(),
        }))
    }

    /// The centre's rooms that may be `reader_id`'s, with their relation to
    /// each (the domain makes the final choice): the open rooms, the rooms of
    /// groups they facilitate or are active in, the private rooms they are a
    /// party to, and with `all_counselor_rooms` every member's counsellor room.
    pub async fn candidate_rooms(
        &self,
        center_id: &str,
        reader_id: &str,
        all_counselor_rooms: bool,
    ) -> Result<Vec<RoomView>> {
        let rows = sqlx::query(safe!(
            "SELECT {ROOM_COLUMNS}, {UNREAD_COLUMN} FROM {ROOM_FROM} WHERE r.center_id = $2 AND ( \
               r.kind IN ('support_24x7', 'alumni') \
               OR (r.kind = 'group' AND (EXISTS (SELECT 1 FROM group_facilitators f WHERE f.group_id = r.group_id \
                   AND f.user_id = $1) OR EXISTS (SELECT 1 FROM enrollments e WHERE e.group_id = r.group_id \
                   AND e.member_id = $1 AND e.status = 'active'))) \
               OR (r.kind = 'mentorship' AND (r.member_id = $1 OR r.mentor_id = $1)) \
               OR (r.kind = 'counselor' AND (r.member_id = $1 OR $3 = 1))) \
             ORDER BY CASE r.kind WHEN 'group' THEN 0 WHEN 'support_24x7' THEN 1 WHEN 'alumni' THEN 2 \
               WHEN 'mentorship' THEN 3 ELSE 4 END, name, r.id"
        ))
        .bind(reader_id)
        .bind(center_id)
        .bind(i64::from(all_counselor_rooms))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(room_view).collect()
    }

    /// Makes the rooms of the groups `user_id` facilitates or is active in
    /// that have none yet (a group's room is made the first time it is needed).
    pub async fn ensure_group_rooms(&self, user_id: &str, now: i64) -> Result<()> {
        let missing = sqlx::query(
            "SELECT g.id, g.center_id FROM groups g WHERE (EXISTS (SELECT 1 FROM group_facilitators f \
             WHERE f.group_id = g.id AND f.user_id = $1) OR EXISTS (SELECT 1 FROM enrollments e \
             WHERE e.group_id = g.id AND e.member_id = $1 AND e.status = 'active')) \
             AND NOT EXISTS (SELECT 1 FROM rooms r WHERE r.group_id = g.id)",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        if missing.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin_write().await?;
        for row in &missing {
            let group_id: String = row.try_get("id")?;
            let center_id: String = row.try_get("center_id")?;
            let key = group_key(&group_id);
            let r = NewRoom { key: Some(&key), group_id: Some(&group_id), ..NewRoom::new(&center_id, RoomKind::Group) };
            insert_room(&mut tx, &new_id(), &r, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The group's room, made if it has none yet.
    pub async fn group_room_id(&self, group_id: &str, center_id: &str, now: i64) -> Result<String> {
        let key = group_key(group_id);
        let found: Option<String> = sqlx::query_scalar("SELECT id FROM rooms WHERE room_key = $1")
            .bind(&key)
            .fetch_optional(&self.pool)
            .await?;
        if let Some(id) = found {
            return Ok(id);
        }
        let mut tx = self.begin_write().await?;
        let r = NewRoom { key: Some(&key), group_id: Some(group_id), ..NewRoom::new(center_id, RoomKind::Group) };
        insert_room(&mut tx, &new_id(), &r, now).await?;
        let id: String =
            sqlx::query_scalar("SELECT id FROM rooms WHERE room_key = $1").bind(&key).fetch_one(&mut *tx).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A new open room of the centre.
    pub async fn create_open_room(
        &self,
        center_id: &str,
        kind: RoomKind,
        name: &str,
        actor_id: &str,
        now: i64,
    ) -> Result<String> {
        let id = new_id();
        let mut tx = self.begin_write().await?;
        let r = NewRoom { name: Some(name), created_by: Some(actor_id), ..NewRoom::new(center_id, kind) };
        insert_room(&mut tx, &id, &r, now).await?;
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(center_id), Some(actor_id), "room.create")
                .on("room", Some(&id))
                .detail(serde_json::json!({ "kind": kind.as_str(), "name": name })),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Renames an open room.
    pub async fn rename_room(&self, room_id: &str, name: &str, actor_id: &str, now: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let center_id: String = sqlx::query_scalar("UPDATE rooms SET name = $1 WHERE id = $2 RETURNING center_id")
            .bind(name)
            .bind(room_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(&center_id), Some(actor_id), "room.update")
                .on("room", Some(room_id))
                .detail(serde_json::json!({ "name": name })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The pair's private room, made if it does not exist yet: (its id, made now).
    pub async fn private_room(&self, p: &PrivateRoom<'_>, actor_id: &str, now: i64) -> Result<(String, bool)> {
        let key = p.key();
        let found: Option<String> = sqlx::query_scalar("SELECT id FROM rooms WHERE room_key = $1")
            .bind(&key)
            .fetch_optional(&self.pool)
            .await?;
        if let Some(id) = found {
            return Ok((id, false));
        }
        let mut tx = self.begin_write().await?;
        let id = new_id();
        let r = NewRoom {
            key: Some(&key),
            member_id: Some(p.member_id),
            mentor_id: p.mentor_id,
            created_by: Some(actor_id),
            ..NewRoom::new(p.center_id, p.kind)
        };
        let made = insert_room(&mut tx, &id, &r, now).await?;
        if made {
            audit::write(
                &mut tx,
                &AuditEntry::new(now, Some(p.center_id), Some(actor_id), "room.create")
                    .on("room", Some(&id))
                    .detail(serde_json::json!({ "kind": p.kind.as_str(), "member_id": p.member_id })),
            )
            .await?;
        }
        let id: String =
            sqlx::query_scalar("SELECT id FROM rooms WHERE room_key = $1").bind(&key).fetch_one(&mut *tx).await?;
        tx.commit().await?;
        Ok((id, made))
    }

    /// Adds a message to a room; it takes the room's next number. Whether
    /// the author may write there is not checked.
    pub async fn post_message(&self, room_id: &str, author_id: &str, body: &str, now: i64) -> Result<Message> {
        let w = self.room_for_writer(room_id, author_id, now).await?.ok_or(StoreError::NotFound)?;
        let posted = self.post_screened_message(&w, author_id, body, None, now).await?;
        Ok(posted.ok_or(StoreError::Conflict("room"))?.0)
    }

    /// Adds a message to a room as `w` says its author may write there —
    /// only if that still holds when it is written, checked in the insert
    /// itself (`w` may have been read a while ago) — and, when its screening
    /// found something, a safety alert in the same transaction: (the
    /// message, the alert's id). `None`, with nothing written, when the room
    /// is gone or the author's relation to it, mute or name has changed
    /// since `w` was read: read it again and decide again.
    pub async fn post_screened_message(
        &self,
        w: &WriterRoom,
        author_id: &str,
        body: &str,
        alert: Option<&NewAlert<'_>>,
        now: i64,
    ) -> Result<Option<(Message, Option<RaisedAlert>)>> {
        let room_id = w.view.room.id.as_str();
        let id = new_id();
        let insert = sqlx::query(self.insert_message_sql())
            .bind(author_id)
            .bind(room_id)
            .bind(now)
            .bind(&id)
            .bind(body)
            .bind(i64::from(w.view.facilitator))
            .bind(i64::from(w.view.enrolled))
            .bind(i64::from(w.view.paired))
            .bind(i64::from(w.muted_until.is_some()))
            .bind(&w.writer_name);
        // Without an alert the insert is the whole write: one statement, one
        // round trip.
        let (seq, raised) = match alert {
            None => match self.fetch_write(insert).await? {
                Some(row) => (row.try_get("seq")?, None),
                None => return Ok(None),
            },
            Some(a) => {
                let mut tx = self.begin_write().await?;
                let Some(row) = insert.fetch_optional(&mut *tx).await? else { return Ok(None) };
                let alert = raise_alert(&mut tx, a, room_id, &id, author_id, now).await?;
                tx.commit().await?;
                (row.try_get("seq")?, Some(alert))
            }
        };
        let message = Message {
            id,
            room_id: room_id.to_string(),
            seq,
            author_id: author_id.to_string(),
            author_name: w.writer_name.clone(),
            body: Some(body.to_string()),
            created_at: now,
            edited_at: None,
            deleted_at: None,
            hidden_at: None,
            hidden_reason: None,
            reactions: Vec::new(),
        };
        Ok(Some((message, raised)))
    }

    /// Inserts a message (`$4` id, `$5` body, by `$1` in room `$2` at `$3`)
    /// numbered after the room's last, returning its `seq`, if the room is
    /// as its author was let write in it (see `as_decided!`); the room's
    /// number follows in the same statement (a data-changing WITH on
    /// PostgreSQL, a trigger on SQLite, which has no such WITH). No row when
    /// the room does not exist or is no longer as decided.
    fn insert_message_sql(&self) -> &'static str {
        match self.backend {
            crate::Backend::Postgres => concat!(
                "WITH n AS (UPDATE rooms AS r SET last_seq = r.last_seq + 1 WHERE ",
                as_decided!(),
                " RETURNING r.id, r.last_seq) INSERT INTO messages (id, room_id, seq, author_id, body, created_at) \
                 SELECT $4, n.id, n.last_seq, $1, $5, $3 FROM n RETURNING seq"
            ),
            crate::Backend::Sqlite => concat!(
                "INSERT INTO messages (id, room_id, seq, author_id, body, created_at) \
                 SELECT $4, r.id, r.last_seq + 1, $1, $5, $3 FROM rooms r WHERE ",
                as_decided!(),
                " RETURNING seq"
            ),
        }
    }

    /// One message, with its reactions as `reader_id` sees them.
    pub async fn get_message(&self, id: &str, reader_id: &str) -> Result<Option<Message>> {
        let row = sqlx::query(safe!("SELECT {MESSAGE_COLUMNS} FROM {MESSAGE_FROM} WHERE m.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let mut list = vec![message(&row)?];
        self.attach_reactions(&mut list, reader_id).await?;
        Ok(list.pop())
    }

    /// The number of a message of a room, if it is one of the room's.
    pub async fn message_seq(&self, room_id: &str, message_id: &str) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT seq FROM messages WHERE id = $1 AND room_id = $2")
            .bind(message_id)
            .bind(room_id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Up to `limit` messages numbered below `before` (all when `None`), newest first.
    pub async fn messages_before(
        &self,
        room_id: &str,
        before: Option<i64>,
        limit: i64,
        reader_id: &str,
    ) -> Result<Vec<Message>> {
        let rows = sqlx::query(safe!(
            "SELECT {MESSAGE_COLUMNS} FROM {MESSAGE_FROM} WHERE m.room_id = $1 AND m.seq < $2 \
             ORDER BY m.seq DESC LIMIT $3"
        ))
        .bind(room_id)
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut list = rows.iter().map(message).collect::<Result<Vec<_>>>()?;
        self.attach_reactions(&mut list, reader_id).await?;
        Ok(list)
    }

    /// Up to `limit` messages numbered above `after`, oldest first (catching up).
    pub async fn messages_after(&self, room_id: &str, after: i64, limit: i64, reader_id: &str) -> Result<Vec<Message>> {
        let rows = sqlx::query(safe!(
            "SELECT {MESSAGE_COLUMNS} FROM {MESSAGE_FROM} WHERE m.room_id = $1 AND m.seq > $2 \
             ORDER BY m.seq LIMIT $3"
        ))
        .bind(room_id)
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut list = rows.iter().map(message).collect::<Result<Vec<_>>>()?;
        self.attach_reactions(&mut list, reader_id).await?;
        Ok(list)
    }

    /// Fills in the reactions of messages of one room (one query for the lot).
    async fn attach_reactions(&self, list: &mut [Message], reader_id: &str) -> Result<()> {
        let (Some(lo), Some(hi)) = (list.iter().map(|m| m.seq).min(), list.iter().map(|m| m.seq).max()) else {
            return Ok(());
        };
        let room_id = list[0].room_id.clone();
        let rows = sqlx::query(
            "SELECT x.message_id, x.kind, COUNT(*) AS n, \
             CAST(MAX(CASE WHEN x.user_id = $4 THEN 1 ELSE 0 END) AS BIGINT) AS mine \
             FROM message_reactions x JOIN messages m ON m.id = x.message_id \
             WHERE m.room_id = $1 AND m.seq >= $2 AND m.seq <= $3 GROUP BY x.message_id, x.kind",
        )
        .bind(&room_id)
        .bind(lo)
        .bind(hi)
        .bind(reader_id)
        .fetch_all(&self.pool)
        .await?;
        for r in &rows {
            let message_id: String = r.try_get("message_id")?;
            let kind: String = r.try_get("kind")?;
            let Some(kind) = Reaction::parse(&kind) else { return Err(corrupt(format!("reaction {kind}"))) };
            if let Some(m) = list.iter_mut().find(|m| m.id == message_id) {
                m.reactions.push(ReactionCount {
                    kind,
                    count: r.try_get("n")?,
                    mine: r.try_get::<i64, _>("mine")? != 0,
                });
            }
        }
        for m in list.iter_mut() {
            m.reactions.sort_by_key(|r| r.kind);
        }
        Ok(())
    }

    /// Records that `user_id` has read a room up to message number `seq`
    /// (never backwards).
    pub async fn mark_read(&self, room_id: &str, user_id: &str, seq: i64) -> Result<()> {
        self.execute_write(
            sqlx::query(
                "INSERT INTO room_reads (room_id, user_id, last_read_seq) VALUES ($1, $2, $3) \
                 ON CONFLICT (room_id, user_id) DO UPDATE SET last_read_seq = CASE \
                 WHEN excluded.last_read_seq > room_reads.last_read_seq THEN excluded.last_read_seq \
                 ELSE room_reads.last_read_seq END",
            )
            .bind(room_id)
            .bind(user_id)
            .bind(seq),
        )
        .await?;
        Ok(())
    }

    /// Replaces a message's body; false when it has been deleted.
    pub async fn edit_message(&self, id: &str, body: &str, now: i64) -> Result<bool> {
        Ok(self.edit_screened_message(id, body, None, now).await?.0)
    }

    /// Replaces a message's body and, when the new body's screening found
    /// something, raises a safety alert in the same transaction: (edited —
    /// false when it has been deleted —, the alert's id).
    pub async fn edit_screened_message(
        &self,
        id: &str,
        body: &str,
        alert: Option<&NewAlert<'_>>,
        now: i64,
    ) -> Result<(bool, Option<RaisedAlert>)> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "UPDATE messages SET body = $1, edited_at = $2 WHERE id = $3 AND deleted_at IS NULL \
             RETURNING room_id, author_id",
        )
        .bind(body)
        .bind(now)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok((false, None)) };
        let (room_id, author_id): (String, String) = (row.try_get("room_id")?, row.try_get("author_id")?);
        let alert_id = match alert {
            Some(a) => Some(raise_alert(&mut tx, a, &room_id, id, &author_id, now).await?),
            None => None,
        };
        tx.commit().await?;
        Ok((true, alert_id))
    }

    /// Deletes a message's content for good: the body is erased (the row
    /// stays, empty, so the room's numbering has no holes) and its reactions
    /// go. False when it was already deleted.
    pub async fn delete_message(&self, id: &str, center_id: &str, actor_id: &str, now: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let room_id: Option<String> = sqlx::query_scalar(
            "UPDATE messages SET body = NULL, edited_at = NULL, deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL \
             RETURNING room_id",
        )
        .bind(now)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(room_id) = room_id else { return Ok(false) };
        sqlx::query("DELETE FROM message_reactions WHERE message_id = $1").bind(id).execute(&mut *tx).await?;
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(center_id), Some(actor_id), "message.delete")
                .on("message", Some(id))
                .detail(serde_json::json!({ "room_id": room_id })),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Adds the reader's reaction of a kind; false when they had given it already.
    pub async fn add_reaction(&self, message_id: &str, user_id: &str, kind: Reaction, now: i64) -> Result<bool> {
        let n = self
            .execute_write(
                sqlx::query(
                    "INSERT INTO message_reactions (message_id, user_id, kind, created_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT DO NOTHING",
                )
                .bind(message_id)
                .bind(user_id)
                .bind(kind.as_str())
                .bind(now),
            )
            .await?
            .rows_affected();
        Ok(n > 0)
    }

    /// One message, with its reaction counts, and who gave which reaction:
    /// for building each recipient's live frame (`reactions[].mine`) only,
    /// never serialised, never shown. The counts come from the same read.
    pub async fn message_and_reactors(&self, id: &str) -> Result<Option<(Message, Vec<(Reaction, String)>)>> {
        let row = sqlx::query(safe!("SELECT {MESSAGE_COLUMNS} FROM {MESSAGE_FROM} WHERE m.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let mut m = message(&row)?;
        let rows = sqlx::query("SELECT kind, user_id FROM message_reactions WHERE message_id = $1")
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        let reactors = rows
            .iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                let kind = Reaction::parse(&kind).ok_or_else(|| corrupt(format!("reaction {kind}")))?;
                Ok((kind, r.try_get("user_id")?))
            })
            .collect::<Result<Vec<(Reaction, String)>>>()?;
        m.reactions = Reaction::ALL
            .iter()
            .map(|&kind| ReactionCount {
                kind,
                count: reactors.iter().filter(|r| r.0 == kind).count() as i64,
                mine: false,
            })
            .filter(|c| c.count > 0)
            .collect();
        Ok(Some((m, reactors)))
    }

    /// Takes back the reader's reaction of a kind; false when there was none.
    pub async fn remove_reaction(&self, message_id: &str, user_id: &str, kind: Reaction) -> Result<bool> {
        let n = self
            .execute_write(
                sqlx::query("DELETE FROM message_reactions WHERE message_id = $1 AND user_id = $2 AND kind = $3")
                    .bind(message_id)
                    .bind(user_id)
                    .bind(kind.as_str()),
            )
            .await?
            .rows_affected();
        Ok(n > 0)
    }

    /// The messages of a room that `reporter_id` has reported (a report is
    /// once per person and message, so the room page can say so).
    pub async fn reported_in_room(
        &self,
        room_id: &str,
        reporter_id: &str,
    ) -> Result<std::collections::HashSet<String>> {
        let ids: Vec<String> =
            sqlx::query_scalar("SELECT message_id FROM message_reports WHERE room_id = $1 AND reporter_id = $2")
                .bind(room_id)
                .bind(reporter_id)
                .fetch_all(&self.pool)
                .await?;
        Ok(ids.into_iter().collect())
    }

    /// Reports a message to its room's moderators, once per reporter, with
    /// `tell`'s notifications when it is new: (the report's id, new, the
    /// notifications made).
    pub async fn report_message(
        &self,
        message: &Message,
        center_id: &str,
        reporter_id: &str,
        reason: Option<&str>,
        tell: &crate::Tell<'_>,
        now: i64,
    ) -> Result<(String, bool, Vec<(String, String)>)> {
        let mut tx = self.begin_write().await?;
        let id = new_id();
        let n = sqlx::query(
            "INSERT INTO message_reports (id, message_id, room_id, reporter_id, reason, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(&id)
        .bind(&message.id)
        .bind(&message.room_id)
        .bind(reporter_id)
        .bind(reason)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            let existing: String =
                sqlx::query_scalar("SELECT id FROM message_reports WHERE message_id = $1 AND reporter_id = $2")
                    .bind(&message.id)
                    .bind(reporter_id)
                    .fetch_one(&mut *tx)
                    .await?;
            return Ok((existing, false, Vec::new()));
        }
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(center_id), Some(reporter_id), "message.report")
                .on("message", Some(&message.id))
                .detail(serde_json::json!({ "room_id": message.room_id, "report_id": id })),
        )
        .await?;
        let told = tell.make(&mut tx, now).await?;
        tx.commit().await?;
        Ok((id, true, told))
    }

    /// A room's reports, newest first, each with the message as it is now
    /// (without its reactions).
    pub async fn room_reports(&self, room_id: &str) -> Result<Vec<MessageReport>> {
        let rows = sqlx::query(safe!(
            "SELECT x.id AS report_id, x.reporter_id, ru.display_name AS reporter_name, x.reason, \
             x.created_at AS reported_at, {MESSAGE_COLUMNS} FROM message_reports x \
             JOIN messages m ON m.id = x.message_id JOIN users u ON u.id = m.author_id \
             JOIN users ru ON ru.id = x.reporter_id \
             WHERE x.room_id = $1 ORDER BY x.created_at DESC, x.id DESC"
        ))
        .bind(room_id)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(MessageReport {
                id: r.try_get("report_id")?,
                room_id: room_id.to_string(),
                reporter_id: r.try_get("reporter_id")?,
                reporter_name: r.try_get("reporter_name")?,
                reason: r.try_get("reason")?,
                created_at: r.try_get("reported_at")?,
                message: message(r)?,
            });
        }
        Ok(out)
    }
}

/// A safety alert to raise with a message.
#[derive(Debug, Clone)]
pub struct NewAlert<'a> {
    pub center_id: &'a str,
    /// Category names, without repeats.
    pub categories: &'a [String],
    /// The lexicon phrases that matched, without repeats.
    pub phrases: &'a [String],
    /// The notifications it makes (the caller decides whom it tells).
    pub tell: crate::Tell<'a>,
}

/// A safety alert just raised: its id, and whom it notified (user,
/// notification), to publish live once committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RaisedAlert {
    pub id: String,
    pub told: Vec<(String, String)>,
}

/// A safety alert raised by a message's screening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafetyAlert {
    pub id: String,
    pub center_id: String,
    pub room_id: String,
    pub room_kind: RoomKind,
    pub message_id: String,
    /// The writer.
    pub member_id: String,
    pub member_name: String,
    /// The writer's counsellor now, if they have a member record and one.
    pub counselor_id: Option<String>,
    pub categories: Vec<String>,
    pub phrases: Vec<String>,
    pub created_at: i64,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<i64>,
}

/// A member's mute in a room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mute {
    pub room_id: String,
    pub member_id: String,
    pub until: i64,
    pub reason: String,
    pub muted_by: String,
}

/// One line of a room's moderation log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModerationEntry {
    pub id: String,
    pub room_id: String,
    pub actor_id: String,
    pub actor_name: String,
    /// `hide`, `mute`, `unmute` or `warn`.
    pub action: String,
    pub member_id: Option<String>,
    pub member_name: Option<String>,
    pub message_id: Option<String>,
    pub reason: Option<String>,
    pub until: Option<i64>,
    pub created_at: i64,
}

/// A moderator's private note on a room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModeratorNote {
    pub id: String,
    pub room_id: String,
    pub author_id: String,
    pub author_name: String,
    pub body: String,
    pub created_at: i64,
}

/// A moderation step to record (and audit, without any message's content).
#[derive(Debug, Clone)]
pub struct ModerationStep<'a> {
    pub center_id: &'a str,
    pub room_id: &'a str,
    pub actor_id: &'a str,
    pub action: &'a str,
    pub member_id: Option<&'a str>,
    pub message_id: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub until: Option<i64>,
}

async fn record_step(conn: &mut AnyConnection, st: &ModerationStep<'_>, now: i64) -> Result<String> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO room_moderation (id, center_id, room_id, actor_id, action, member_id, message_id, reason, \
         until, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&id)
    .bind(st.center_id)
    .bind(st.room_id)
    .bind(st.actor_id)
    .bind(st.action)
    .bind(st.member_id)
    .bind(st.message_id)
    .bind(st.reason)
    .bind(st.until)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let action = format!("room.{}", st.action);
    audit::write(
        conn,
        &AuditEntry::new(now, Some(st.center_id), Some(st.actor_id), &action)
            .on("room", Some(st.room_id))
            .detail(serde_json::json!({ "member_id": st.member_id, "message_id": st.message_id, "until": st.until })),
    )
    .await?;
    Ok(id)
}

const ALERT_COLUMNS: &str = "a.id, a.center_id, a.room_id, r.kind AS room_kind, a.message_id, a.member_id, \
    u.display_name AS member_name, mb.counselor_id, a.categories, a.phrases, a.created_at, a.acknowledged_by, \
    a.acknowledged_at";

const ALERT_FROM: &str = "safety_alerts a JOIN rooms r ON r.id = a.room_id JOIN users u ON u.id = a.member_id \
    LEFT JOIN members mb ON mb.user_id = a.member_id";

fn alert(r: &AnyRow) -> Result<SafetyAlert> {
    let kind: String = r.try_get("room_kind")?;
    let list = |col: &str| -> Result<Vec<String>> {
        let text: String = r.try_get(col)?;
        serde_json::from_str(&text).map_err(corrupt)
    };
    Ok(SafetyAlert {
        id: r.try_get("id")?,
        center_id: r.try_get("center_id")?,
        room_id: r.try_get("room_id")?,
        room_kind: RoomKind::parse(&kind).ok_or_else(|| corrupt(format!("room kind {kind}")))?,
        message_id: r.try_get("message_id")?,
        member_id: r.try_get("member_id")?,
        member_name: r.try_get("member_name")?,
        counselor_id: r.try_get("counselor_id")?,
        categories: list("categories")?,
        phrases: list("phrases")?,
        created_at: r.try_get("created_at")?,
        acknowledged_by: r.try_get("acknowledged_by")?,
        acknowledged_at: r.try_get("acknowledged_at")?,
    })
}

impl Store {
    /// The centre's safety alerts, newest first (at most `limit`): only the
    /// open ones, only the acknowledged ones, or all.
    pub async fn safety_alerts(
        &self,
        center_id: &str,
        acknowledged: Option<bool>,
        limit: i64,
    ) -> Result<Vec<SafetyAlert>> {
        let filter = match acknowledged {
            None => "",
            Some(false) => "AND a.acknowledged_at IS NULL",
            Some(true) => "AND a.acknowledged_at IS NOT NULL",
        };
        let rows = sqlx::query(safe!(
            "SELECT {ALERT_COLUMNS} FROM {ALERT_FROM} WHERE a.center_id = $1 {filter} \
             ORDER BY a.created_at DESC, a.id DESC LIMIT $2"
        ))
        .bind(center_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(alert).collect()
    }

    pub async fn get_safety_alert(&self, id: &str) -> Result<Option<SafetyAlert>> {
        let row = sqlx::query(safe!("SELECT {ALERT_COLUMNS} FROM {ALERT_FROM} WHERE a.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(alert).transpose()
    }

    /// Acknowledges an alert (the first acknowledgement stands); true when it was open.
    pub async fn acknowledge_safety_alert(&self, id: &str, center_id: &str, actor_id: &str, now: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE safety_alerts SET acknowledged_by = $1, acknowledged_at = $2 \
             WHERE id = $3 AND acknowledged_at IS NULL",
        )
        .bind(actor_id)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n > 0 {
            audit::write(
                &mut tx,
                &AuditEntry::new(now, Some(center_id), Some(actor_id), "safety_alert.acknowledge")
                    .on("safety_alert", Some(id)),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(n > 0)
    }

    /// Hides a message from the room's readers, with the moderator's reason;
    /// false when it was hidden already.
    pub async fn hide_message(
        &self,
        message_id: &str,
        reason: &str,
        st: &ModerationStep<'_>,
        now: i64,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE messages SET hidden_at = $1, hidden_by = $2, hidden_reason = $3 WHERE id = $4 AND hidden_at IS NULL",
        )
        .bind(now)
        .bind(st.actor_id)
        .bind(reason)
        .bind(message_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n > 0 {
            record_step(&mut tx, st, now).await?;
        }
        tx.commit().await?;
        Ok(n > 0)
    }

    /// Mutes a member in a room until `until` (replacing any mute they had
    /// there), with `tell`'s notifications: those made.
    pub async fn mute_member(
        &self,
        st: &ModerationStep<'_>,
        until: i64,
        tell: &crate::Tell<'_>,
        now: i64,
    ) -> Result<Vec<(String, String)>> {
        let member_id = st.member_id.ok_or(StoreError::NotFound)?;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO room_mutes (room_id, member_id, until, reason, muted_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (room_id, member_id) DO UPDATE SET \
             until = excluded.until, reason = excluded.reason, muted_by = excluded.muted_by, \
             created_at = excluded.created_at",
        )
        .bind(st.room_id)
        .bind(member_id)
        .bind(until)
        .bind(st.reason.unwrap_or_default())
        .bind(st.actor_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        record_step(&mut tx, st, now).await?;
        let told = tell.make(&mut tx, now).await?;
        tx.commit().await?;
        Ok(told)
    }

    /// Ends a member's mute in a room; false when they had none running.
    pub async fn unmute_member(&self, st: &ModerationStep<'_>, now: i64) -> Result<bool> {
        let member_id = st.member_id.ok_or(StoreError::NotFound)?;
        let mut tx = self.begin_write().await?;
        let n = sqlx::query("DELETE FROM room_mutes WHERE room_id = $1 AND member_id = $2 AND until > $3")
            .bind(st.room_id)
            .bind(member_id)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        // An expired mute's row goes too, silently.
        sqlx::query("DELETE FROM room_mutes WHERE room_id = $1 AND member_id = $2")
            .bind(st.room_id)
            .bind(member_id)
            .execute(&mut *tx)
            .await?;
        if n > 0 {
            record_step(&mut tx, st, now).await?;
        }
        tx.commit().await?;
        Ok(n > 0)
    }

    /// The member's mute in the room, if one is running at `now`.
    pub async fn active_mute(&self, room_id: &str, member_id: &str, now: i64) -> Result<Option<Mute>> {
        let row = sqlx::query(
            "SELECT room_id, member_id, until, reason, muted_by FROM room_mutes \
             WHERE room_id = $1 AND member_id = $2 AND until > $3",
        )
        .bind(room_id)
        .bind(member_id)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(Mute {
            room_id: r.try_get("room_id")?,
            member_id: r.try_get("member_id")?,
            until: r.try_get("until")?,
            reason: r.try_get("reason")?,
            muted_by: r.try_get("muted_by")?,
        }))
    }

    /// Records a warning given to a member; its log entry's id.
    pub async fn warn_member(&self, st: &ModerationStep<'_>, now: i64) -> Result<String> {
        let mut tx = self.begin_write().await?;
        let id = record_step(&mut tx, st, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A room's moderation log, newest first (at most 500 lines).
    pub async fn moderation_log(&self, room_id: &str) -> Result<Vec<ModerationEntry>> {
        let rows = sqlx::query(
            "SELECT x.id, x.room_id, x.actor_id, au.display_name AS actor_name, x.action, x.member_id, \
             mu.display_name AS member_name, x.message_id, x.reason, x.until, x.created_at \
             FROM room_moderation x JOIN users au ON au.id = x.actor_id LEFT JOIN users mu ON mu.id = x.member_id \
             WHERE x.room_id = $1 ORDER BY x.created_at DESC, x.id DESC LIMIT 500",
        )
        .bind(room_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ModerationEntry {
                    id: r.try_get("id")?,
                    room_id: r.try_get("room_id")?,
                    actor_id: r.try_get("actor_id")?,
                    actor_name: r.try_get("actor_name")?,
                    action: r.try_get("action")?,
                    member_id: r.try_get("member_id")?,
                    member_name: r.try_get("member_name")?,
                    message_id: r.try_get("message_id")?,
                    reason: r.try_get("reason")?,
                    until: r.try_get("until")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// Adds a moderator note to a room (audited without its text).
    pub async fn add_moderator_note(
        &self,
        center_id: &str,
        room_id: &str,
        author_id: &str,
        body: &str,
        now: i64,
    ) -> Result<String> {
        let id = new_id();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO room_moderator_notes (id, room_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(room_id)
        .bind(author_id)
        .bind(body)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        audit::write(
            &mut tx,
            &AuditEntry::new(now, Some(center_id), Some(author_id), "room.moderator_note")
                .on("room", Some(room_id))
                .detail(serde_json::json!({ "note_id": id })),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A room's moderator notes, newest first (at most 500).
    pub async fn moderator_notes(&self, room_id: &str) -> Result<Vec<ModeratorNote>> {
        let rows = sqlx::query(
            "SELECT n.id, n.room_id, n.author_id, u.display_name AS author_name, n.body, n.created_at \
             FROM room_moderator_notes n JOIN users u ON u.id = n.author_id WHERE n.room_id = $1 \
             ORDER BY n.created_at DESC, n.id DESC LIMIT 500",
        )
        .bind(room_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ModeratorNote {
                    id: r.try_get("id")?,
                    room_id: r.try_get("room_id")?,
                    author_id: r.try_get("author_id")?,
                    author_name: r.try_get("author_name")?,
                    body: r.try_get("body")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }
}
