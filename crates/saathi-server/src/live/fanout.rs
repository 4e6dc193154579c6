//! Across instances, on PostgreSQL: every instance `LISTEN`s on
//! `saathi_live`; publishing also sends `{origin, event}` with `pg_notify`
//! (ids only, well under PostgreSQL's 8000-byte payload limit), and each
//! instance delivers the events of the others to its own sockets (it knows
//! its own by its random origin id and skips them: it delivered them
//! already). PostgreSQL delivers a notification only to listeners connected
//! when it was sent, so after the listener reconnects every socket here is
//! told to resync (and catches up from the database). On SQLite there is one
//! instance and nothing to do.
//!
//! Why LISTEN/NOTIFY and not NATS: the instances already share PostgreSQL,
//! so no other service has to run, be secured and be monitored; the events
//! are tiny and few (hundreds a second), far below what NOTIFY carries; and
//! a lost notification costs only a resync, because the rows are the truth.

use super::Event;
use super::hub::Hub;
use saathi_store::{Backend, Store};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::mpsc;

/// Notifications waiting to be sent, at most (past that they are dropped
/// and the other instances' clients catch up when they next resync).
const OUTBOX: usize = 16_384;
/// Payloads stay below this (PostgreSQL's limit is 8000 bytes).
const PAYLOAD_MAX: usize = 7_000;
/// How often a quiet listener checks whether its application is gone.
const QUIET_CHECK: Duration = Duration::from_secs(30);

#[derive(Serialize, Deserialize)]
struct Envelope {
    origin: String,
    event: Event,
}

pub struct Fanout {
    origin: String,
    outbox: OnceLock<mpsc::Sender<String>>,
}

impl Default for Fanout {
    fn default() -> Self {
        Fanout { origin: saathi_store::new_id(), outbox: OnceLock::new() }
    }
}

/// The payloads of an event (a long list of users is split).
fn payloads(origin: &str, event: &Event) -> Vec<String> {
    let one = |event: Event| serde_json::to_string(&Envelope { origin: origin.to_string(), event }).unwrap_or_default();
    let whole = one(event.clone());
    if whole.len() <= PAYLOAD_MAX {
        return vec![whole];
    }
    match event {
        Event::RoomsChanged { user_ids } => {
            user_ids.chunks(100).map(|c| one(Event::RoomsChanged { user_ids: c.to_vec() })).collect()
        }
        Event::SessionsEnded { user_ids } => {
            user_ids.chunks(100).map(|c| one(Event::SessionsEnded { user_ids: c.to_vec() })).collect()
        }
        _ => {
            tracing::warn!("live: an event too large to send to other instances was dropped");
            Vec::new()
        }
    }
}

impl Fanout {
    /// Sends an event to the other instances (PostgreSQL only); never waits.
    pub fn send(&self, event: &Event) {
        let Some(outbox) = self.outbox.get() else { return };
        for p in payloads(&self.origin, event) {
            if outbox.try_send(p).is_err() {
                tracing::warn!("live: fan-out queue full, an event was not sent to other instances");
            }
        }
    }

    /// Starts sending and listening (PostgreSQL only). The tasks end when
    /// the application is dropped.
    pub fn start(&self, store: Store, events: mpsc::WeakSender<Event>, hub: Arc<Hub>) {
        if store.backend() != Backend::Postgres {
            return;
        }
        let (tx, mut rx) = mpsc::channel::<String>(OUTBOX);
        if self.outbox.set(tx).is_err() {
            return;
        }
        let sender = store.clone();
        tokio::spawn(async move {
            // One at a time, in order: the other instances see events in the
            // order they were published here.
            while let Some(p) = rx.recv().await {
                if let Err(e) = sender.notify_live(&p).await {
                    tracing::warn!(error = %e, "live: could not notify other instances");
                }
            }
        });
        tokio::spawn(listen(store, self.origin.clone(), events, hub));
    }
}

async fn listen(store: Store, origin: String, events: mpsc::WeakSender<Event>, hub: Arc<Hub>) {
    let mut first = true;
    let mut backoff = Duration::from_millis(100);
    loop {
        let mut listener = match store.live_listener().await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "live: cannot listen for other instances; retrying");
                if events.upgrade().is_none() {
                    return;
                }
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(10));
                continue;
            }
        };
        backoff = Duration::from_millis(100);
        if !first {
            // Whatever was sent while no one listened is lost: catch up.
            tracing::info!("live: listening again for other instances; every socket resyncs");
            hub.resync_all();
        }
        first = false;
        loop {
            match tokio::time::timeout(QUIET_CHECK, listener.recv()).await {
                Ok(Ok(payload)) => {
                    let Ok(env) = serde_json::from_str::<Envelope>(&payload) else {
                        tracing::warn!("live: an unreadable notification was ignored");
                        continue;
                    };
                    if env.origin == origin {
                        continue;
                    }
                    let Some(tx) = events.upgrade() else { return };
                    if let Err(mpsc::error::TrySendError::Full(_)) = tx.try_send(env.event) {
                        hub.resync_all();
                    }
                }
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, "live: lost the link to other instances; reconnecting");
                    break;
                }
                Err(_) => {
                    if events.upgrade().is_none() {
                        return;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_of_users_are_split_below_the_payload_limit() {
        let ids: Vec<String> = (0..1000).map(|i| format!("{i:032}")).collect();
        let all = payloads("o", &Event::RoomsChanged { user_ids: ids.clone() });
        assert!(all.len() > 1);
        let mut back = Vec::new();
        for p in &all {
            assert!(p.len() <= PAYLOAD_MAX + 100 * 40, "{}", p.len());
            assert!(p.len() < 8000);
            let env: Envelope = serde_json::from_str(p).expect("envelope");
            assert_eq!(env.origin, "o");
            let Event::RoomsChanged { user_ids } = env.event else { panic!("kind") };
            back.extend(user_ids);
        }
        assert_eq!(back, ids);
        let small = payloads("o", &Event::SafetyAlert { alert_id: "a".into() });
        assert_eq!(small.len(), 1);
    }
}
