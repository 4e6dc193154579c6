//! The server-rendered web app (no SPA, no CDN).

use crate::state::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
}
