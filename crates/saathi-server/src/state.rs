//! What every handler shares.

use crate::Config;
use metrics_exporter_prometheus::PrometheusHandle;
use saathi_store::Store;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub store: Store,
    pub config: Config,
    pub metrics: PrometheusHandle,
    /// Recently seen sessions (see [`crate::auth::cache`]).
    pub sessions: crate::auth::cache::SessionCache,
    /// Centres by id (see [`crate::services::centers::own`]).
    pub centers: crate::cache::TtlCache<saathi_store::Center>,
    /// Each centre's trigger tags (see [`crate::services::tracking::known_triggers`]).
    pub center_triggers: crate::cache::TtlCache<Arc<Vec<String>>>,
    /// A group's session listings by range, for the API (see
    /// [`crate::services::group_sessions::list`]).
    pub session_lists: crate::cache::TtlCache<Arc<SessionList>>,
    /// Bumped whenever listings are forgotten, so a listing read before a
    /// change is not cached after it.
    pub session_lists_generation: std::sync::atomic::AtomicU64,
    /// Check-ins arriving together are committed together (see [`crate::batch`]).
    pub checkins: crate::batch::Batcher<saathi_store::CheckInWrite, (saathi_store::CheckIn, bool)>,
    /// Attendance sheets saved together are committed together.
    pub attendance: crate::batch::Batcher<saathi_store::AttendanceWrite, Vec<saathi_store::AttendanceRecord>>,
    /// Attendance sheets asked for at the same moment, read in one query.
    pub attendance_sheets: crate::batch::Batcher<String, Option<saathi_store::AttendanceSheet>>,
    /// What writers were last let write in rooms on (see
    /// [`crate::services::rooms::post`]); the write itself checks it still holds.
    pub writers: crate::cache::TtlCache<saathi_store::WriterRoom>,
    /// Each centre's safety screener (see [`crate::services::screening`]).
    pub screeners: crate::services::screening::Screeners,
    /// Live delivery to sockets (see [`crate::live`]).
    pub live: crate::live::Live,
    /// Members whose risk scores wait to be recomputed (see [`crate::services::risk::after_event`]).
    pub risk_updates: crate::services::risk::Updates,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// A listing of a group's sessions and the group as it was read for it.
pub struct SessionList {
    pub group: saathi_store::Group,
    pub sessions: Vec<saathi_store::GroupSession>,
}

/// How long, and for how many writers, what a writer was let write in a
/// room on is kept. Only a cost: it is checked again by every write.
const WRITERS_TTL: std::time::Duration = std::time::Duration::from_secs(5 * 60);
const WRITERS_MAX: usize = 20_000;

/// At most this many check-ins share a transaction.
const CHECKIN_BATCH: usize = 128;
/// At most this many attendance sheets share a transaction.
const ATTENDANCE_BATCH: usize = 64;

impl AppState {
    /// A handle that does not keep the application alive (for its own tasks).
    pub fn downgrade(&self) -> std::sync::Weak<Inner> {
        Arc::downgrade(&self.0)
    }

    pub fn upgrade(weak: &std::sync::Weak<Inner>) -> Option<AppState> {
        weak.upgrade().map(AppState)
    }

    pub fn new(store: Store, config: Config) -> Self {
        let writer = store.clone();
        let checkins = crate::batch::Batcher::spawn(CHECKIN_BATCH, move |writes| {
            let store = writer.clone();
            async move { store.upsert_checkins(&writes).await }
        });
        let writer = store.clone();
        let attendance = crate::batch::Batcher::spawn(ATTENDANCE_BATCH, move |writes| {
            let store = writer.clone();
            async move { store.write_attendance(&writes).await }
        });
        let reader = store.clone();
        let attendance_sheets = crate::batch::Batcher::spawn(ATTENDANCE_BATCH, move |ids: Vec<String>| {
            let store = reader.clone();
            async move { store.attendance_sheets(&ids.iter().map(String::as_str).collect::<Vec<_>>()).await }
        });
        let state = AppState(Arc::new(Inner {
            checkins,
            attendance,
            attendance_sheets,
            screeners: Default::default(),
            live: Default::default(),
            risk_updates: Default::default(),
            center_triggers: crate::cache::TtlCache::new(std::time::Duration::from_secs(10), 10_000),
            session_lists: crate::cache::TtlCache::new(std::time::Duration::from_secs(2), 10_000),
            session_lists_generation: Default::default(),
            writers: crate::cache::TtlCache::new(WRITERS_TTL, WRITERS_MAX),
            store,
            config,
            metrics: crate::metrics::handle(),
            sessions: Default::default(),
            centers: crate::cache::TtlCache::new(std::time::Duration::from_secs(10), 10_000),
        }));
        state.live.start(&state);
        state
    }
}
