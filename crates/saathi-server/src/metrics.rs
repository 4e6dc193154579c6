//! Prometheus metrics: requests by route and status, a latency histogram,
//! and the database pool.

use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Instant;

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process-wide recorder (installed once, shared by every app in the process).
pub fn handle() -> PrometheusHandle {
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full("saathi_http_request_duration_seconds".into()),
                    &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5],
                )
                .unwrap_or_else(|_| PrometheusBuilder::new());
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            // Another recorder may already be installed (never in the binary); then
            // the handle still renders, only without our samples.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

pub async fn track(req: Request, next: Next) -> Response {
    let route =
        req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_else(|| "unmatched".into());
    let method = req.method().to_string();
    let start = Instant::now();
    let resp = next.run(req).await;
    let status = resp.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("saathi_http_requests_total", &labels).increment(1);
    metrics::histogram!("saathi_http_request_duration_seconds", &labels).record(start.elapsed().as_secs_f64());
    resp
}

pub async fn render(State(state): State<AppState>) -> Response {
    let (size, idle) = state.store.pool_stats();
    metrics::gauge!("saathi_db_pool_connections").set(f64::from(size));
    metrics::gauge!("saathi_db_pool_idle").set(idle as f64);
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], state.metrics.render()).into_response()
}
