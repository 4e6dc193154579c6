//! Live delivery: what happened (an [`Event`], ids only) is published once;
//! the hub of every instance turns it into frames for the sockets it holds.
//!
//! - `hub`: this process's sockets, indexed by user and by room, each with a
//!   bounded queue (a slow client is told to resync, never buffered forever).
//! - `socket`: `GET /api/v1/ws`.
//! - `fanout`: on PostgreSQL, events cross instances through LISTEN/NOTIFY
//!   (the payload carries ids; each instance reads the rows itself).
//!
//! Live push is best effort: every event is also in the database (messages,
//! alerts, notifications), and a client that reconnects catches up from
//! there.

use serde::{Deserialize, Serialize};

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
}

/// The live side of the application, shared by every handler through
/// `AppState::live`.
#[derive(Default)]
pub struct Live {}

impl Live {
    /// Publishes an event: delivered to this instance's sockets and, on
    /// PostgreSQL, to the other instances'. Never waits for delivery and
    /// never fails the caller (the event is already stored).
    pub fn publish(&self, event: Event) {
        // The hub is being built (issue 5): until then nothing is delivered.
        let _ = event;
    }
}
