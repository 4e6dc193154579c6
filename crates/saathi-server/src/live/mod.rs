//! Live delivery: what happened (an [`Event`], ids only) is published once;
//! the hub of every instance turns it into frames for the sockets it holds.
//!
//! - `hub`: this process's sockets, indexed by user and by room, each with a
//!   bounded queue (a slow client is told to resync, never buffered forever).
//! - `socket`: `GET /api/v1/ws`.
//! - `fanout`: on PostgreSQL, events cross instances through LISTEN/NOTIFY
//!   (the payload carries ids; each instance reads the rows itself).
//! - `frames`: what each event becomes, and for whom.
//!
//! Live push is best effort: every event is also in the database (messages,
//! alerts, notifications), and a client that reconnects catches up from
//! there.

mod fanout;
pub mod frames;
pub mod hub;
pub mod socket;

pub use socket::ws;

use crate::state::AppState;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

/// Something that happened that connected people should hear about. Only
/// ids travel: whoever delivers it reads the rows and decides who may see
/// what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// A message was posted, edited, deleted or reacted to.
    Message { room_id: String, message_id: String },
    /// A moderator hid a message.
    MessageHidden { room_id: String, message_id: String },
    /// Screening raised a safety alert (or one was acknowledged).
    SafetyAlert { alert_id: String },
    /// An in-app notification for one user.
    Notification { user_id: String, notification_id: String },
    /// A crisis alert was raised, escalated, acknowledged or resolved.
    CrisisAlert { alert_id: String },
    /// Who belongs to a room changed (enrolment, pairing, discharge): the
    /// users' sockets re-read their rooms.
    RoomsChanged { user_ids: Vec<String> },
    /// Sessions of these users ended (signed out, a changed role, a revoked
    /// tablet or kiosk sign-in): each of their sockets checks its own
    /// session at once and closes if it no longer stands.
    SessionsEnded { user_ids: Vec<String> },
    /// A room that many of a centre's people may belong to appeared (an open
    /// room, a member's room with the counsellors): the sockets of the
    /// centre's people re-read their rooms.
    CenterRoomsChanged { center_id: String },
}

/// Events waiting for this instance's dispatcher, at most (past that the
/// sockets are told to resync rather than the queue growing).
const EVENTS: usize = 65_536;

/// The live side of the application, shared by every handler through
/// `AppState::live`.
pub struct Live {
    /// This instance's sockets.
    pub hub: Arc<hub::Hub>,
    events: mpsc::Sender<Event>,
    inbox: Mutex<Option<mpsc::Receiver<Event>>>,
    fanout: fanout::Fanout,
}

impl Default for Live {
    fn default() -> Self {
        let (events, inbox) = mpsc::channel(EVENTS);
        Live { hub: Default::default(), events, inbox: Mutex::new(Some(inbox)), fanout: Default::default() }
    }
}

impl Live {
    /// Publishes an event: delivered to this instance's sockets and, on
    /// PostgreSQL, to the other instances'. Never waits for delivery and
    /// never fails the caller (the event is already stored). Call it only
    /// after the change committed.
    pub fn publish(&self, event: Event) {
        self.fanout.send(&event);
        self.deliver_here(event);
    }

    /// Publishes a message just posted: this instance's sockets get it at
    /// once from the row in hand (no read, no queue); the other instances,
    /// on PostgreSQL, get its ids as for [`Live::publish`].
    pub fn publish_posted(&self, message: &saathi_store::Message) {
        self.fanout.send(&Event::Message { room_id: message.room_id.clone(), message_id: message.id.clone() });
        frames::to_room(&self.hub, message, &[]);
    }

    /// Queues an event for this instance's sockets only.
    fn deliver_here(&self, event: Event) {
        if let Err(mpsc::error::TrySendError::Full(_)) = self.events.try_send(event) {
            tracing::warn!("live: event queue full, every socket resyncs");
            self.hub.resync_all();
        }
    }

    /// Starts this instance's dispatcher (and, on PostgreSQL, the fan-out
    /// across instances). Called once, by [`AppState::new`]; needs a Tokio
    /// runtime (without one, nothing is delivered live).
    pub fn start(&self, state: &AppState) {
        if tokio::runtime::Handle::try_current().is_err() {
            return;
        }
        let Some(mut inbox) = self.inbox.lock().unwrap_or_else(|e| e.into_inner()).take() else { return };
        let weak = state.downgrade();
        tokio::spawn(async move {
            // Holding the state only while delivering: when the application is
            // dropped, `publish`'s sender goes with it and this loop ends.
            while let Some(event) = inbox.recv().await {
                let Some(state) = AppState::upgrade(&weak) else { break };
                if let Err(e) = frames::deliver(&state, event).await {
                    tracing::warn!(error = %e.message, "live: an event could not be delivered");
                }
            }
        });
        self.fanout.start(state.store.clone(), self.events.downgrade(), self.hub.clone());
    }
}
