//! Saathi's HTTP server: the JSON API, the web pages, sign-in and the policy
//! that guards both. Data flows one way: HTTP → auth → policy → domain → store.

pub mod auth;

use saathi_store::Store;

/// Server settings (the binary fills them from flags and the environment).
#[derive(Debug, Clone)]
pub struct Config {
    /// Idle time after which a staff session ends.
    pub staff_idle_ms: i64,
    /// Mark cookies `Secure` (browsers accept them on http://localhost too).
    pub secure_cookies: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self { staff_idle_ms: saathi_domain::session::STAFF_IDLE_MS, secure_cookies: true }
    }
}

pub async fn serve(_store: Store, _config: Config, _addr: &str) -> anyhow::Result<()> {
    anyhow::bail!("not yet")
}
