//! Schema migrations, embedded in the binary: one folder per backend, applied
//! in order at start, each in its own transaction. On PostgreSQL an advisory
//! lock keeps two instances starting together from racing.

use crate::{Backend, Result, Store, now_ms};
use sqlx::{Acquire, Executor};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sqlite: include_str!("../migrations/sqlite/0001_foundation.sql"),
        postgres: include_str!("../migrations/postgres/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "groups",
        sqlite: include_str!("../migrations/sqlite/0002_groups.sql"),
        postgres: include_str!("../migrations/postgres/0002_groups.sql"),
    },
    Migration {
        version: 3,
        name: "materialised",
        sqlite: include_str!("../migrations/sqlite/0003_materialised.sql"),
        postgres: include_str!("../migrations/postgres/0003_materialised.sql"),
    },
    Migration {
        version: 4,
        name: "tracking",
        sqlite: include_str!("../migrations/sqlite/0004_tracking.sql"),
        postgres: include_str!("../migrations/postgres/0004_tracking.sql"),
    },
    Migration {
        version: 5,
        name: "goals",
        sqlite: include_str!("../migrations/sqlite/0005_goals.sql"),
        postgres: include_str!("../migrations/postgres/0005_goals.sql"),
    },
    Migration {
        version: 6,
        name: "mentorships_sharing",
        sqlite: include_str!("../migrations/sqlite/0006_mentorships_sharing.sql"),
        postgres: include_str!("../migrations/postgres/0006_mentorships_sharing.sql"),
    },
    Migration {
        version: 7,
        name: "checkin_revisions",
        sqlite: include_str!("../migrations/sqlite/0007_checkin_revisions.sql"),
        postgres: include_str!("../migrations/postgres/0007_checkin_revisions.sql"),
    },
    Migration {
        version: 8,
        name: "rooms",
        sqlite: include_str!("../migrations/sqlite/0008_rooms.sql"),
        postgres: include_str!("../migrations/postgres/0008_rooms.sql"),
    },
    Migration {
        version: 9,
        name: "moderation_safety",
        sqlite: include_str!("../migrations/sqlite/0009_moderation_safety.sql"),
        postgres: include_str!("../migrations/postgres/0009_moderation_safety.sql"),
    },
    Migration {
        version: 10,
        name: "notifications",
        sqlite: include_str!("../migrations/sqlite/0010_notifications.sql"),
        postgres: include_str!("../migrations/postgres/0010_notifications.sql"),
    },
    Migration {
        version: 11,
        name: "risk",
        sqlite: include_str!("../migrations/sqlite/0011_risk.sql"),
        postgres: include_str!("../migrations/postgres/0011_risk.sql"),
    },
    Migration {
        version: 12,
        name: "crisis",
        sqlite: include_str!("../migrations/sqlite/0012_crisis.sql"),
        postgres: include_str!("../migrations/postgres/0012_crisis.sql"),
    },
    Migration {
        version: 13,
        name: "center_lexicon",
        sqlite: include_str!("../migrations/sqlite/0013_center_lexicon.sql"),
        postgres: include_str!("../migrations/postgres/0013_center_lexicon.sql"),
    },
    Migration {
        version: 14,
        name: "risk_claims",
        sqlite: include_str!("../migrations/sqlite/0014_risk_claims.sql"),
        postgres: include_str!("../migrations/postgres/0014_risk_claims.sql"),
    },
    Migration {
        version: 15,
        name: "message_numbering",
        sqlite: include_str!("../migrations/sqlite/0015_message_numbering.sql"),
        postgres: include_str!("../migrations/postgres/0015_message_numbering.sql"),
    },
    Migration {
        version: 16,
        name: "kiosk",
        sqlite: include_str!("../migrations/sqlite/0016_kiosk.sql"),
        postgres: include_str!("../migrations/postgres/0016_kiosk.sql"),
    },
    Migration {
        version: 17,
        name: "webhook_secret_sealed",
        sqlite: include_str!("../migrations/sqlite/0017_webhook_secret_sealed.sql"),
        postgres: include_str!("../migrations/postgres/0017_webhook_secret_sealed.sql"),
    },
    Migration {
        version: 18,
        name: "kiosk_sessions",
        sqlite: include_str!("../migrations/sqlite/0018_kiosk_sessions.sql"),
        postgres: include_str!("../migrations/postgres/0018_kiosk_sessions.sql"),
    },
];

const LOCK_KEY: i64 = 0x005A_A741;

impl Store {
    /// Applies every migration not yet applied; returns how many ran.
    pub async fn migrate(&self) -> Result<usize> {
        let mut conn = self.pool.acquire().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_lock($1)").bind(LOCK_KEY).execute(&mut *conn).await?;
        }
        let result = async {
            conn.execute(
                "CREATE TABLE IF NOT EXISTS saathi_migrations (\
                 version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            )
            .await?;
            let done: Vec<i64> =
                sqlx::query_scalar("SELECT version FROM saathi_migrations").fetch_all(&mut *conn).await?;
            let mut ran = 0;
            for m in MIGRATIONS.iter().filter(|m| !done.contains(&m.version)) {
                let sql = match self.backend {
                    Backend::Sqlite => m.sqlite,
                    Backend::Postgres => m.postgres,
                };
                let mut tx = conn.begin().await?;
                tx.execute(sqlx::raw_sql(sql)).await?;
                sqlx::query("INSERT INTO saathi_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
                    .bind(m.version)
                    .bind(m.name)
                    .bind(now_ms())
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                tracing::info!(version = m.version, name = m.name, "migration applied");
                ran += 1;
            }
            Ok::<usize, sqlx::Error>(ran)
        }
        .await;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_unlock($1)").bind(LOCK_KEY).execute(&mut *conn).await?;
        }
        Ok(result?)
    }
}
