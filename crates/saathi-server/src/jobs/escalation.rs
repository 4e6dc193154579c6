//! The crisis escalation worker: every [`POLL`] it escalates the alerts
//! that are due (see `services::crisis::run_due`), so a tier fires at most
//! about a quarter of a second after its due time. Due times live in the
//! database: after a restart or a crash the worker simply finds them due.
//! On PostgreSQL every instance runs it and each alert is claimed by one
//! (`FOR UPDATE SKIP LOCKED`); on SQLite the one serving process owns it.

use crate::services::crisis::{RUN_MAX, run_due};
use crate::state::AppState;
use std::time::Duration;

/// How often due alerts are looked for.
pub const POLL: Duration = Duration::from_millis(250);

/// The running worker; dropping it stops it.
pub struct Escalation(tokio::task::JoinHandle<()>);

impl Drop for Escalation {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Starts this instance's escalation worker.
pub fn spawn(state: &AppState) -> Escalation {
    let weak = state.downgrade();
    Escalation(tokio::spawn(async move {
        let mut tick = tokio::time::interval(POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let Some(state) = AppState::upgrade(&weak) else { break };
            loop {
                match run_due(&state, None).await {
                    // A full run: more may be due, go on at once.
                    Ok(n) if n >= RUN_MAX => continue,
                    Ok(_) => break,
                    Err(e) => {
                        tracing::warn!(error = %e.message, "crisis escalation failed; retrying");
                        break;
                    }
                }
            }
        }
    }))
}
