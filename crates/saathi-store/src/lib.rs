//! Saathi's storage: one repository layer over SQLite (the default) and
//! PostgreSQL (for scale), through sqlx's `Any` driver. Only INTEGER/BIGINT,
//! TEXT and BLOB columns are used; times are UTC milliseconds, ids are text,
//! flags are 0/1. Every multi-row change runs in one transaction.

/// SQL assembled from this crate's own constants (column lists, a lock
/// clause): never from input, which is always bound.
macro_rules! safe {
    ($($t:tt)*) => { sqlx::AssertSqlSafe(format!($($t)*)) };
}

mod attendance;
mod audit;
mod bulk;
mod centers;
mod checkins;
mod crisis;
pub mod crypto;
mod goals;
mod group_sessions;
mod groups;
mod kiosk;
mod lexicon;
mod live;
mod members;
mod mentorships;
mod migrate;
mod notes;
mod notifications;
mod risk;
mod rooms;
mod sessions;
mod tracking;
mod users;

pub use attendance::{AttendanceSheet, AttendanceWrite};
pub use audit::{AuditEntry, AuditFilter, AuditRecord};
pub use bulk::{GeneratedBatch, GeneratedCheckIn, GeneratedMember, GeneratedStageChange, GeneratedUser};
pub use centers::{Center, CenterPatch, NewCenter};
pub use checkins::CheckInWrite;
pub use crisis::{
    Clock as CrisisClock, CrisisAlert, CrisisChange, CrisisStep, NOTIFICATION_KIND as CRISIS_NOTIFICATION_KIND,
};
pub use crypto::NoteKeys;
pub use goals::{Goal, GoalWeek, NewGoal};
pub use group_sessions::{AttendanceEntry, AttendanceRecord, GroupSession, SessionSlot, TurnRecord};
pub use groups::{EnrollOutcome, Enrollment, EnrollmentStatus, Group, GroupFields};
pub use kiosk::{KioskCredential, KioskDevice, KioskSignIn};
pub use lexicon::CenterLexicon;
pub use live::{LIVE_CHANNEL, LiveListener};
pub use members::{Member, MemberPatch, MemberQuery, NewMember, StageChange};
pub use mentorships::{Celebrant, Mentorship, PairingRefused};
pub use notes::{Amendment, FollowUp, NewNote, Note};
pub use notifications::{
    DeliveryOutcome, DeliveryState, DueDelivery, NewNotification, Notification, ReminderDue, StoredSecret, Tell,
    Webhook,
};
pub use risk::{KeptRisk, MemberFacts, MemberRisk, NOTIFICATION_KIND as RISK_NOTIFICATION_KIND, NewlyHigh, RiskWrite};
pub use rooms::{
    Message, MessageReport, ModerationEntry, ModerationStep, ModeratorNote, Mute, NewAlert, PrivateRoom, RaisedAlert,
    ReactionCount, Room, RoomView, SafetyAlert, WriterRoom,
};
pub use sessions::{AuthSession, EndedSession, SessionKind};
pub use tracking::{CheckIn, CheckInInput, Lapse, SobrietyHistory};
pub use users::{NewUser, User, UserAuth};

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Connection, Executor, Transaction};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique value is taken; the field says which.
    #[error("{0} is already taken")]
    Conflict(&'static str),
    #[error("not found")]
    NotFound,
    #[error("unsupported: {0}")]
    Unsupported(&'static str),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// A key that cannot seal or open a stored secret: the stored data (or the
/// key ring it was sealed with) is not what it should be.
impl From<crypto::KeyError> for StoreError {
    fn from(e: crypto::KeyError) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// The database, with its backend and pool.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    url: String,
    note_keys: Option<std::sync::Arc<NoteKeys>>,
    /// SQLite has one writer at a time. Writers of this process queue here,
    /// in order, instead of sleeping in SQLite's busy handler (which backs off
    /// up to 100 ms a try and makes the tail latency of writes explode).
    writer: std::sync::Arc<tokio::sync::Mutex<()>>,
}

/// A write transaction; on SQLite it also holds this process's writer turn.
/// Dereferences to the connection, so queries run on `&mut *tx`.
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub async fn commit(self) -> std::result::Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &sqlx::AnyConnection {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.tx
    }
}

/// A new random id: a UUIDv7, so ids sort by creation time.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}

pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// A pooled connection idle this long is pinged before it is used.
const IDLE_PING_AFTER: Duration = Duration::from_secs(30);

impl Store {
    /// Opens (and for SQLite creates) the database. Migrations are separate: see [`Store::migrate`].
    pub async fn connect(url: &str) -> Result<Store> {
        install_default_drivers();
        let (backend, url) = normalise_url(url)?;
        let max = match backend {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(10))
            // sqlx pings every connection it takes from the pool: a second
            // round trip (a hop to SQLite's worker thread) for every
            // one-query read. Only a connection that sat idle for a while is
            // checked (a PostgreSQL restart is found there).
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for >= IDLE_PING_AFTER {
                        conn.ping().await?;
                    }
                    Ok(true)
                })
            })
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(
                            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; \
                             PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; \
                             PRAGMA wal_autocheckpoint=4000;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        Ok(Store { pool, backend, url, note_keys: None, writer: Default::default() })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The database URL this store was opened with.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// For SQLite, the database file's path (the note key is kept beside it).
    pub fn sqlite_path(&self) -> Option<std::path::PathBuf> {
        if self.backend != Backend::Sqlite {
            return None;
        }
        let rest = self.url.strip_prefix("sqlite://")?;
        let path = rest.split('?').next()?;
        Some(std::path::PathBuf::from(path))
    }

    /// Pool statistics for /metrics.
    pub fn pool_stats(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
    }

    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// A write transaction. On SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`), so read-then-write transactions never fail to upgrade.
    pub async fn begin_write(&self) -> Result<WriteTx> {
        Ok(match self.backend {
            Backend::Sqlite => {
                let turn = self.writer_turn().await;
                WriteTx { tx: self.pool.begin_with("BEGIN IMMEDIATE").await?, _turn: turn }
            }
            Backend::Postgres => WriteTx { tx: self.pool.begin().await?, _turn: None },
        })
    }

    /// One statement that writes, on its own (it is atomic by itself): no
    /// BEGIN and COMMIT round trips. On SQLite it waits its turn behind the
    /// other writers of this process, as [`Store::begin_write`] does.
    pub(crate) async fn execute_write<'q>(
        &self,
        q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>,
    ) -> Result<sqlx::any::AnyQueryResult> {
        // The turn before the connection, as in `begin_write`: taking them in
        // the other order in one place could deadlock against the other.
        let _turn = self.writer_turn().await;
        Ok(q.execute(&self.pool).await?)
    }

    /// One statement that writes and returns a row (`RETURNING`), on its
    /// own, as [`Store::execute_write`].
    pub(crate) async fn fetch_write<'q>(
        &self,
        q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>,
    ) -> Result<Option<sqlx::any::AnyRow>> {
        let _turn = self.writer_turn().await;
        Ok(q.fetch_optional(&self.pool).await?)
    }

    /// On SQLite, this process's writers' turn (one at a time); nothing to
    /// wait for on PostgreSQL.
    async fn writer_turn(&self) -> Option<tokio::sync::OwnedMutexGuard<()>> {
        match self.backend {
            Backend::Sqlite => Some(self.writer.clone().lock_owned().await),
            Backend::Postgres => None,
        }
    }

    /// SQLite: copies what the write-ahead log holds back into the database
    /// file, without waiting for or blocking anyone (`PASSIVE`). A serving
    /// instance runs it every second, so a request's commit rarely pays for
    /// a checkpoint (SQLite's own, in whichever commit crosses its 4,000
    /// pages, remains the safety net). Nothing to do on PostgreSQL.
    pub async fn checkpoint(&self) -> Result<()> {
        if self.backend == Backend::Sqlite {
            sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&self.pool).await?;
        }
        Ok(())
    }

    /// After a bulk load (`saathi demo --members`): on PostgreSQL, fresh
    /// planner statistics and visibility maps (`VACUUM ANALYZE`), as autovacuum
    /// would make a minute later. Until then the planner takes the loaded
    /// tables for nearly empty: the risk list of one centre took 336 ms
    /// instead of 5 ms. SQLite's plans are chosen without statistics, as
    /// every benchmark of it was measured; nothing to do there.
    pub async fn refresh_statistics(&self) -> Result<()> {
        if self.backend == Backend::Postgres {
            sqlx::query("VACUUM ANALYZE").execute(&self.pool).await?;
        }
        Ok(())
    }

    /// A consistent copy of the database while it is in use.
    pub async fn backup(&self, dest: &std::path::Path) -> Result<()> {
        match self.backend {
            Backend::Sqlite => {
                let dest = dest.to_string_lossy().to_string();
                sqlx::query("VACUUM INTO $1").bind(dest).execute(&self.pool).await?;
                Ok(())
            }
            Backend::Postgres => Err(StoreError::Unsupported(
                "for PostgreSQL, make the backup with pg_dump (it is consistent while Saathi runs)",
            )),
        }
    }

    /// True when no centre exists yet (a fresh installation).
    pub async fn is_empty(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM centers").fetch_one(&self.pool).await?;
        Ok(n == 0)
    }
}

fn normalise_url(url: &str) -> Result<(Backend, String)> {
    if let Some(rest) = url.strip_prefix("sqlite:") {
        let rest = rest.trim_start_matches("//");
        let mut u = format!("sqlite://{rest}");
        if !rest.contains("mode=") {
            u.push_str(if rest.contains('?') { "&mode=rwc" } else { "?mode=rwc" });
        }
        Ok((Backend::Sqlite, u))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok((Backend::Postgres, url.to_string()))
    } else {
        Err(StoreError::Unsupported("database URL must start with sqlite:// or postgres://"))
    }
}

/// Maps a unique-constraint failure to the field it concerns.
pub(crate) fn conflict_or(err: sqlx::Error, fields: &[&'static str]) -> StoreError {
    if let sqlx::Error::Database(db) = &err
        && db.is_unique_violation()
    {
        let msg = format!("{} {}", db.message(), db.constraint().unwrap_or(""));
        let field = fields.iter().find(|f| msg.contains(*f)).copied().unwrap_or("value");
        return StoreError::Conflict(field);
    }
    StoreError::Db(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            normalise_url("sqlite://saathi.db").expect("ok"),
            (Backend::Sqlite, "sqlite://saathi.db?mode=rwc".to_string())
        );
        assert_eq!(normalise_url("sqlite:x.db").expect("ok").1, "sqlite://x.db?mode=rwc");
        assert_eq!(normalise_url("postgres://h/db").expect("ok").0, Backend::Postgres);
        assert!(normalise_url("mysql://x").is_err());
    }
}
