//! The frames sent to clients, and what each [`Event`] becomes: read once,
//! serialised once per kind of recipient (for a message: its author or not,
//! and which reactions are theirs), shared by every recipient of that kind.
//! Who receives what follows the same rules as the API (membership for a
//! room's messages; the safety service's rule for alerts). No frame ever
//! carries `support`/`helplines` (they are for the writer's own answer) nor
//! a hidden message's body or reason.

use super::Event;
use super::hub::{Frame, Hub};
use crate::api::{MessageOut, SafetyAlertOut};
use crate::error::ApiResult;
use crate::state::AppState;
use saathi_domain::rooms::Reaction;
use saathi_store::Message;
use serde::Serialize;
use std::collections::HashMap;

/// A room's number of its last message, in `hello`.
#[derive(Debug, Serialize)]
pub struct RoomSeq {
    pub id: String,
    pub last_seq: i64,
}

/// Every frame the server sends.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Out<'a> {
    /// On connecting, and again whenever the rooms changed: the rooms whose
    /// messages this socket receives. A client that saw a room's messages up
    /// to a lower `seq` sends `catch_up`.
    Hello {
        user_id: &'a str,
        rooms: Vec<RoomSeq>,
    },
    /// A message posted, edited (`edited_at`), deleted (`deleted`, no body)
    /// or reacted to. `mine` and `reactions[].mine` are relative to the
    /// recipient (one frame per distinct combination, see [`to_room`]). Drop
    /// a `seq` seen already with the same `edited_at` and reactions.
    Message {
        message: &'a MessageOut,
    },
    /// A moderator hid a message: show "hidden by a moderator" (moderators
    /// re-fetch it through the API to read it).
    MessageHidden {
        room_id: &'a str,
        message_id: &'a str,
        seq: i64,
    },
    /// The end of a `catch_up` (`complete` false: ask again after the last).
    CaughtUp {
        room_id: &'a str,
        complete: bool,
    },
    /// A safety alert the recipient may see was raised or acknowledged.
    SafetyAlert {
        alert: &'a SafetyAlertOut,
    },
    /// An in-app notification for the recipient (read it through the API).
    Notification {
        notification_id: &'a str,
    },
    /// A crisis alert for the recipient to act on (read it through the API).
    CrisisAlert {
        alert_id: &'a str,
    },
    /// Frames were lost (a slow client, a lost link between instances):
    /// catch up every room from the last message seen, and re-fetch alerts
    /// and notifications.
    Resync,
    Pong,
    /// A client frame was refused (`room_id` for a refused `catch_up`).
    Error {
        code: &'a str,
        message: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        room_id: Option<&'a str>,
    },
}

impl Out<'_> {
    pub fn frame(&self) -> Frame {
        serde_json::to_string(self).unwrap_or_default().into()
    }
}

/// Turns an event into frames for this instance's sockets.
pub async fn deliver(state: &AppState, event: Event) -> ApiResult<()> {
    let hub = &state.live.hub;
    match event {
        Event::Message { room_id, message_id } | Event::MessageHidden { room_id, message_id } => {
            if !hub.has_room(&room_id) {
                return Ok(());
            }
            // With who reacted how: `to_room` says `mine` to each recipient.
            let Some((m, reactors)) = state.store.message_and_reactors(&message_id).await? else { return Ok(()) };
            if m.hidden_at.is_some() {
                let f = Out::MessageHidden { room_id: &m.room_id, message_id: &m.id, seq: m.seq }.frame();
                hub.to_room(&m.room_id, |_| &f);
                return Ok(());
            }
            to_room(hub, &m, &reactors);
        }
        Event::SafetyAlert { alert_id } => {
            let Some(a) = state.store.get_safety_alert(&alert_id).await? else { return Ok(()) };
            let out = SafetyAlertOut::from(&a);
            let f = Out::SafetyAlert { alert: &out }.frame();
            // The safety service's own rule decides, person by person.
            for actor in hub.actors_of_center(&a.center_id) {
                if crate::services::safety::may_see_alert(state, &actor, &a).await? {
                    hub.to_user(&actor.user_id, &f);
                }
            }
        }
        Event::Notification { user_id, notification_id } => {
            hub.to_user(&user_id, &Out::Notification { notification_id: &notification_id }.frame());
        }
        Event::CrisisAlert { alert_id } => {
            let f = Out::CrisisAlert { alert_id: &alert_id }.frame();
            for user_id in crisis_recipients(state, &alert_id).await? {
                hub.to_user(&user_id, &f);
            }
        }
        Event::RoomsChanged { user_ids } => {
            for u in &user_ids {
                hub.each_of_user(u, |c| c.ask_refresh());
            }
        }
        Event::SessionsEnded { user_ids } => {
            for u in &user_ids {
                hub.each_of_user(u, |c| c.ask_recheck());
            }
        }
        Event::CenterRoomsChanged { center_id } => hub.each_of_center(&center_id, |c| c.ask_refresh()),
    }
    Ok(())
}

/// A reaction kind's bit in a set of kinds (bit i: `Reaction::ALL[i]`).
fn kind_bit(k: Reaction) -> u8 {
    Reaction::ALL.iter().position(|x| *x == k).map_or(0, |i| 1 << i)
}

/// Queues a message (not hidden) for every socket in its room, each with
/// its own `mine` (author or not) and `reactions[].mine` (from `reactors`,
/// who gave which kind). A frame is built, lazily, once per distinct
/// combination of the two among the room's sockets: two for a message with
/// no reactions, a few more at most otherwise. Never waits.
pub fn to_room(hub: &Hub, m: &Message, reactors: &[(Reaction, String)]) -> usize {
    let base = MessageOut::new(m, "");
    let mut given: HashMap<&str, u8> = HashMap::new();
    for (kind, user_id) in reactors {
        *given.entry(user_id.as_str()).or_default() |= kind_bit(*kind);
    }
    let mut built: Vec<((bool, u8), Frame)> = Vec::with_capacity(2);
    hub.each_in_room(&m.room_id, |c| {
        let key = (c.actor.user_id == m.author_id, given.get(c.actor.user_id.as_str()).copied().unwrap_or(0));
        if let Some((_, f)) = built.iter().find(|(k, _)| *k == key) {
            c.push(f);
            return;
        }
        let mut out = MessageOut { mine: key.0, ..base.clone() };
        for r in &mut out.reactions {
            r.mine = Reaction::parse(&r.kind).is_some_and(|k| kind_bit(k) & key.1 != 0);
        }
        let f = Out::Message { message: &out }.frame();
        c.push(&f);
        built.push((key, f));
    })
}

/// Who is told live of a crisis alert: see `services::crisis::live_recipients`.
async fn crisis_recipients(state: &AppState, alert_id: &str) -> ApiResult<Vec<String>> {
    crate::services::crisis::live_recipients(state, alert_id).await
}
