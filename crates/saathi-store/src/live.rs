//! What the live hub needs of the database: the numbers of rooms' last
//! messages, and on PostgreSQL the `saathi_live` channel (LISTEN/NOTIFY)
//! that carries events between instances.

use crate::{Backend, Result, Store, StoreError};

/// The channel every instance listens on.
pub const LIVE_CHANNEL: &str = "saathi_live";

/// A dedicated PostgreSQL connection listening on [`LIVE_CHANNEL`].
pub struct LiveListener(sqlx::postgres::PgListener);

impl LiveListener {
    /// The next notification's payload. An error means the connection was
    /// lost: notifications sent meanwhile are gone (make a new listener).
    pub async fn recv(&mut self) -> Result<String> {
        let n = self.0.try_recv().await?;
        match n {
            Some(n) => Ok(n.payload().to_string()),
            None => Err(StoreError::Db(sqlx::Error::PoolClosed)),
        }
    }
}

impl Store {
    /// Each room's last message number (rooms not found are left out).
    pub async fn rooms_last_seq(&self, room_ids: &[String]) -> Result<Vec<(String, i64)>> {
        let mut out = Vec::with_capacity(room_ids.len());
        for chunk in room_ids.chunks(500) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let marks = marks.join(", ");
            let mut q =
                sqlx::query_as::<_, (String, i64)>(safe!("SELECT id, last_seq FROM rooms WHERE id IN ({marks})"));
            for id in chunk {
                q = q.bind(id);
            }
            out.extend(q.fetch_all(&self.pool).await?);
        }
        Ok(out)
    }

    /// Sends `payload` on [`LIVE_CHANNEL`] to every instance (PostgreSQL only;
    /// delivered once the sender's transaction, here none, commits).
    pub async fn notify_live(&self, payload: &str) -> Result<()> {
        if self.backend != Backend::Postgres {
            return Err(StoreError::Unsupported("live notifications need PostgreSQL"));
        }
        sqlx::query("SELECT pg_notify($1, $2)").bind(LIVE_CHANNEL).bind(payload).execute(&self.pool).await?;
        Ok(())
    }

    /// A new connection listening on [`LIVE_CHANNEL`] (PostgreSQL only).
    pub async fn live_listener(&self) -> Result<LiveListener> {
        if self.backend != Backend::Postgres {
            return Err(StoreError::Unsupported("live notifications need PostgreSQL"));
        }
        let mut l = sqlx::postgres::PgListener::connect(&self.url).await?;
        l.listen(LIVE_CHANNEL).await?;
        Ok(LiveListener(l))
    }
}
