//! Saathi's HTTP server: the JSON API, the web pages, sign-in and the policy
//! that guards both. Data flows one way: HTTP → auth → policy (domain) →
//! services → store.

// `ApiError` (136 bytes) travels only on the refusal path of a request; boxing
// it would cost an allocation per refusal for no gain.
#![allow(clippy::result_large_err)]

pub mod api;
pub mod auth;
pub mod batch;
pub mod cache;
pub mod csrf;
pub mod error;
pub mod i18n;
pub mod input;
pub mod jobs;
pub mod json;
pub mod live;
pub mod metrics;
pub mod ops;
pub mod query;
pub mod services;
pub mod state;
pub mod web;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use saathi_store::Store;
use state::AppState;
use std::sync::Arc;

/// Largest request body accepted (JSON and forms).
pub const BODY_LIMIT: usize = 64 * 1024;

/// Server settings (the binary fills them from flags and the environment).
#[derive(Debug, Clone)]
pub struct Config {
    /// Idle time after which a staff session ends.
    pub staff_idle_ms: i64,
    /// Idle time after which a session on the centre's shared tablet (kiosk) ends.
    pub kiosk_idle_ms: i64,
    /// Mark cookies `Secure` (browsers accept them on http://localhost too).
    pub secure_cookies: bool,
    /// The mail relay for notification e-mails (`SAATHI_SMTP`); none: no e-mail.
    pub smtp: Option<jobs::email::SmtpConfig>,
    /// Replaces every centre's crisis acknowledgement timeout, in seconds
    /// (`SAATHI_CRISIS_TIMEOUT_SECONDS`; for drills and tests).
    pub crisis_timeout_seconds: Option<i64>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            staff_idle_ms: saathi_domain::session::STAFF_IDLE_MS,
            kiosk_idle_ms: saathi_domain::session::KIOSK_IDLE_MS,
            secure_cookies: true,
            smtp: None,
            crisis_timeout_seconds: None,
        }
    }
}

impl Config {
    /// The idle limits of sessions (see [`saathi_domain::session`]).
    pub fn session_limits(&self) -> saathi_domain::session::Limits {
        saathi_domain::session::Limits { staff_idle_ms: self.staff_idle_ms, kiosk_idle_ms: self.kiosk_idle_ms }
    }
}

/// The whole application as one router.
pub fn app(store: Store, config: Config) -> Router {
    router(AppState::new(store, config))
}

/// The whole application over a state made by the caller.
pub fn router(state: AppState) -> Router {
    let (api, doc) = api::router();
    let doc = Arc::new(serde_json::to_value(&doc).unwrap_or_default());
    let openapi = Router::new().route("/api/openapi.json", get(ops::openapi)).with_state(doc);
    let app = Router::new()
        .merge(api)
        .merge(web::router())
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(metrics::render))
        .route("/calendar/{file}", get(api::calendar_feed))
        .route("/api/v1/ws", get(live::ws))
        .fallback(web::fallback)
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::kiosk::scope))
        .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::guard))
        .layer(axum::middleware::from_fn(metrics::track))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
        .merge(openapi);
    // Around the whole router, so that it runs before routing (a path's
    // parameters are read as the route matched them).
    Router::new().fallback_service(
        tower::ServiceBuilder::new().layer(axum::middleware::from_fn(input::strip_nul_from_uri)).service(app),
    )
}

/// Serves until SIGTERM or Ctrl-C, then finishes in-flight requests.
pub async fn serve(store: Store, config: Config, addr: &str) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(addr = %listener.local_addr()?, "Saathi is listening");
    // Small writes (a chat frame, an answer) leave at once rather than
    // waiting for the previous one's acknowledgement (Nagle).
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp: &mut tokio::net::TcpStream| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY could not be set");
        }
    });
    // Webhook secrets stored before they were encrypted are sealed now.
    match store.seal_webhook_secrets().await {
        Ok(0) => {}
        Ok(n) => tracing::info!(count = n, "webhook secrets encrypted at rest"),
        Err(e) => tracing::warn!(error = %e, "webhook secrets could not be encrypted; retried on their first use"),
    }
    let state = AppState::new(store.clone(), config);
    let workers = jobs::start(&state);
    let _escalation = jobs::escalation::spawn(&state);
    let _risk_sweeps = services::risk::spawn_sweeps(&state);
    let app = router(state);
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await?;
    drop(workers);
    store.close().await;
    tracing::info!("Saathi stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
