//! Which screener a centre's messages go through: the built-in lexicon plus
//! the centre's own lines, which its admins keep. Each instance builds a
//! centre's screener once per change of its lines (building takes ~15 ms)
//! and looks for changes at most every few seconds.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::http::StatusCode;
use saathi_domain::FieldErrors;
use saathi_domain::policy::{Action, Actor, Target, decide};
use saathi_domain::screening::{self, Screener};
use saathi_store::{CenterLexicon, now_ms};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a centre's screener is used before its lines are read again.
const RECHECK: Duration = Duration::from_secs(5);

/// A centre's screener: the built-in one (built once per process) or one
/// built with the centre's lines.
#[derive(Clone)]
pub enum CenterScreener {
    Builtin,
    Own(Arc<Screener>),
}

impl std::ops::Deref for CenterScreener {
    type Target = Screener;
    fn deref(&self) -> &Screener {
        match self {
            CenterScreener::Builtin => Screener::builtin(),
            CenterScreener::Own(s) => s,
        }
    }
}

struct Entry {
    checked: Instant,
    lines_hash: u64,
    screener: CenterScreener,
}

/// Each centre's screener, as last built on this instance.
#[derive(Default)]
pub struct Screeners(Mutex<HashMap<String, Entry>>);

fn hash_of(lines: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    lines.hash(&mut h);
    h.finish()
}

/// The screener for a centre's messages.
pub async fn screener(state: &AppState, center_id: &str) -> ApiResult<CenterScreener> {
    let cached = {
        let map = state.screeners.0.lock().map_err(|_| ApiError::internal("screeners lock"))?;
        map.get(center_id).map(|e| (e.checked.elapsed() < RECHECK, e.lines_hash, e.screener.clone()))
    };
    if let Some((true, _, s)) = &cached {
        return Ok(s.clone());
    }
    let lines = state.store.center_lexicon(center_id).await?.map(|l| l.lines).unwrap_or_default();
    let lines_hash = hash_of(&lines);
    let screener = match cached {
        Some((_, h, s)) if h == lines_hash => s,
        _ if lines.trim().is_empty() => CenterScreener::Builtin,
        _ => {
            let built = tokio::task::spawn_blocking(move || Screener::with_center_lines(&lines))
                .await
                .map_err(ApiError::internal)?;
            match built {
                Ok(s) => CenterScreener::Own(Arc::new(s)),
                Err(errors) => {
                    // Checked when saved, so only a change of the built-in
                    // lexicon can get here: screen with the built-in one.
                    tracing::error!(center_id, ?errors, "a centre's lexicon lines no longer merge");
                    CenterScreener::Builtin
                }
            }
        }
    };
    let mut map = state.screeners.0.lock().map_err(|_| ApiError::internal("screeners lock"))?;
    map.insert(center_id.to_string(), Entry { checked: Instant::now(), lines_hash, screener: screener.clone() });
    Ok(screener)
}

/// The centre's own lines (staff may read them).
pub async fn lines(state: &AppState, actor: &Actor, center_id: &str) -> ApiResult<Option<CenterLexicon>> {
    ApiError::check(decide(actor, Action::ReadCenter, Target::center(center_id)))?;
    state.store.get_center(center_id).await?.ok_or_else(ApiError::not_found)?;
    Ok(state.store.center_lexicon(center_id).await?)
}

/// An admin replaces the centre's own lines. Every line is checked first;
/// on any bad line nothing changes and each is reported with its number.
pub async fn set_lines(state: &AppState, actor: &Actor, center_id: &str, text: &str) -> ApiResult<CenterLexicon> {
    ApiError::check(decide(actor, Action::UpdateCenter, Target::center(center_id)))?;
    state.store.get_center(center_id).await?.ok_or_else(ApiError::not_found)?;
    let lines = screening::check_center_lines(text).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let mut e = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            format!("Some lexicon lines are not valid: {}.", list.join("; ")),
        );
        let mut f = FieldErrors::new();
        f.add("lines", "bad_line");
        e.fields = Some(f);
        e
    })?;
    state.store.set_center_lexicon(center_id, &lines, &actor.user_id, now_ms()).await?;
    // This instance uses the new lines at once; others within RECHECK.
    if let Ok(mut map) = state.screeners.0.lock() {
        map.remove(center_id);
    }
    state.store.center_lexicon(center_id).await?.ok_or_else(ApiError::not_found)
}
