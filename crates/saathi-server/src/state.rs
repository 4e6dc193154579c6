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
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(store: Store, config: Config) -> Self {
        AppState(Arc::new(Inner {
            store,
            config,
            metrics: crate::metrics::handle(),
            sessions: Default::default(),
            centers: crate::cache::TtlCache::new(std::time::Duration::from_secs(10), 10_000),
        }))
    }
}
