//! `GET /api/v1/ws`: a signed-in user's live connection.
//!
//! Signed in by the web session cookie (then the `Origin` must be this very
//! host: a page of another site must not open a socket riding the cookie),
//! by `Authorization: Bearer`, or by `?token=` (an API token, for clients
//! that cannot set headers on a WebSocket).
//!
//! Client frames: `{"type":"catch_up","room_id","after_id"}` (the messages
//! after one, as `message` frames, then `caught_up`) and `{"type":"ping"}`
//! (`pong`). The server pings every 30 s and closes a socket it has heard
//! nothing from for 75 s, and at once when its session ends (sign-out, a
//! changed role, a revoked tablet or kiosk sign-in; else it is checked
//! every few minutes).

use super::frames::{Out, RoomSeq};
use super::hub::{Conn, Frame};
use crate::api::MessageOut;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::services::rooms::{self, PageQuery};
use crate::state::AppState;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use saathi_domain::policy::Actor;
use serde::Deserialize;
use std::time::Duration;
use tokio::time::{Instant, MissedTickBehavior, interval_at, timeout};

/// The server pings this often.
pub const PING_EVERY: Duration = Duration::from_secs(30);
/// A socket silent this long is closed.
pub const IDLE_LIMIT: Duration = Duration::from_secs(75);
/// A client that takes longer than this to take one frame is dropped.
const SEND_LIMIT: Duration = Duration::from_secs(10);
/// Every this many pings, the session is checked again (signed out or
/// disabled: the socket closes) and the rooms re-read (so a missed change
/// of membership cannot last).
const RECHECK_EVERY: u32 = 10;
/// Client frames are small; so are the buffers (the default read buffer is
/// 128 KiB a socket).
const READ_BUFFER: usize = 2 * 1024;
const MAX_IN: usize = 4 * 1024;
const MAX_WRITE_BUFFER: usize = 1024 * 1024;
/// A catch-up sends at most this many pages of messages before `caught_up`
/// with `complete: false`.
const CATCH_UP_PAGES: usize = 20;
const CATCH_UP_PAGE: i64 = 100;

#[derive(Deserialize)]
pub struct WsQuery {
    /// An API token (instead of a header or the cookie).
    pub token: Option<String>,
}

/// Whether a request's `Origin` is this host (browsers always send it on a
/// WebSocket handshake; a cookie-signed socket without one is refused).
fn same_origin(headers: &HeaderMap) -> bool {
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return false;
    }
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (origin, host) {
        (Some(origin), Some(host)) => {
            let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or("");
            !host.is_empty() && origin_host.eq_ignore_ascii_case(host)
        }
        _ => false,
    }
}

/// Opens the live connection (401 when not signed in; 403 `cross_origin`
/// for a cookie sign-in from another site).
pub async fn ws(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<WsQuery>,
    upgrade: WebSocketUpgrade,
) -> Response {
    let found = match q.token.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(token) => match HeaderValue::from_str(&format!("Bearer {token}")) {
            Ok(v) => {
                let mut h = HeaderMap::new();
                h.insert(header::AUTHORIZATION, v);
                CurrentUser::from_headers(&state, &h).await
            }
            Err(_) => Ok(None),
        },
        None => CurrentUser::from_headers(&state, &headers).await,
    };
    let user = match found {
        Ok(Some(u)) => u,
        Ok(None) => return ApiError::unauthorized().into_response(),
        Err(e) => return e.into_response(),
    };
    if user.via_cookie && !same_origin(&headers) {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "cross_origin",
            "This connection must come from Saathi's own pages.",
        )
        .into_response();
    }
    upgrade
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(0)
        .max_write_buffer_size(MAX_WRITE_BUFFER)
        .max_message_size(MAX_IN)
        .max_frame_size(MAX_IN)
        .on_upgrade(move |socket| run(state, Signed { actor: user.actor, token_hash: user.token_hash }, socket))
}

/// What a client may send.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum ClientFrame {
    CatchUp { room_id: String, after_id: String },
    Ping,
}

/// The socket is gone (closed, failed, or too slow to take a frame).
struct Gone;

/// Who a socket is for: all it keeps of the sign-in (the rest of the user
/// record is not needed while it is open).
struct Signed {
    actor: Actor,
    /// The session, checked again every [`RECHECK_EVERY`] pings.
    token_hash: String,
}

/// What woke a socket's task.
enum Woke {
    /// A queued frame, or `None`: a resync or a refresh is owed.
    Frame(Option<Frame>),
    /// The client sent something (or the socket ended).
    Read(Option<Result<Message, axum::Error>>),
    /// Time to ping (and to see whether the client is still there).
    Tick,
}

async fn send(socket: &mut WebSocket, frame: Frame) -> Result<(), Gone> {
    sent(timeout(SEND_LIMIT, socket.send(Message::Text(frame))).await)
}

/// Whether a send (given at most [`SEND_LIMIT`]) went through. The run loop
/// awaits `timeout(..)` itself and calls this: awaiting an `async fn` that
/// takes the message would keep a second copy of it in the task's future.
fn sent(r: Result<Result<(), axum::Error>, tokio::time::error::Elapsed>) -> Result<(), Gone> {
    match r {
        Ok(Ok(())) => Ok(()),
        _ => Err(Gone),
    }
}

/// One socket's life. Its future is this task's memory for as long as the
/// socket is open, so everything but the idle loop (`hello`, answering a
/// client frame, a catch-up, the session check: database reads with large
/// futures) runs boxed, allocated only while it runs.
///
/// Not an `async fn`: one keeps a second copy of its arguments (the
/// `WebSocket` is 368 bytes) beside the ones its body uses; the block below
/// uses what it captured in place (the test `an_idle_socket_task_stays_small`
/// measures it).
#[allow(clippy::manual_async_fn)]
fn run(state: AppState, signed: Signed, mut socket: WebSocket) -> impl Future<Output = ()> + Send {
    async move {
        let reg = state.live.hub.register(signed.actor);
        let conn = &*reg.conn;
        if Box::pin(hello(&state, conn, &mut socket)).await.is_err() {
            return;
        }
        let mut heard = Instant::now();
        let mut ticks = interval_at(Instant::now() + PING_EVERY, PING_EVERY);
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let mut pings: u32 = 0;
        loop {
            // The select only says what happened; what to do about it runs after
            // its futures are gone, so the two never take room in this task's
            // future at the same time.
            let woke = tokio::select! {
                // `None`: a resync or a refresh is owed (handled below).
                f = conn.next() => Woke::Frame(f),
                m = socket.recv() => Woke::Read(m),
                _ = ticks.tick() => Woke::Tick,
            };
            let step = match woke {
                Woke::Frame(Some(f)) => sent(timeout(SEND_LIMIT, socket.send(Message::Text(f))).await),
                Woke::Frame(None) => Ok(()),
                Woke::Read(Some(Ok(m))) => {
                    heard = Instant::now();
                    match m {
                        Message::Text(t) => Box::pin(answer(&state, &conn.actor, &mut socket, t.as_str())).await,
                        Message::Binary(_) => refuse(&mut socket, "bad_frame", "Frames are JSON text.", None).await,
                        Message::Close(_) => Err(Gone),
                        Message::Ping(_) | Message::Pong(_) => Ok(()),
                    }
                }
                Woke::Read(_) => Err(Gone),
                Woke::Tick => {
                    pings = pings.wrapping_add(1);
                    let recheck = pings.is_multiple_of(RECHECK_EVERY);
                    if heard.elapsed() > IDLE_LIMIT
                        || (recheck && !Box::pin(still_signed_in(&state, &signed.token_hash)).await)
                    {
                        Err(Gone)
                    } else {
                        if recheck {
                            conn.ask_refresh();
                        }
                        sent(timeout(SEND_LIMIT, socket.send(Message::Ping(Default::default()))).await)
                    }
                }
            };
            if step.is_err() {
                break;
            }
            if conn.take_recheck() && !Box::pin(still_signed_in(&state, &signed.token_hash)).await {
                break;
            }
            if conn.take_refresh() && Box::pin(hello(&state, conn, &mut socket)).await.is_err() {
                break;
            }
            if conn.take_resync()
                && sent(timeout(SEND_LIMIT, socket.send(Message::Text(Out::Resync.frame()))).await).is_err()
            {
                break;
            }
        }
        let _ = timeout(Duration::from_secs(1), socket.send(Message::Close(None))).await;
    }
}

/// The session still stands: not signed out, the user not disabled, and
/// (staff, kiosk) not idle past the limit — a socket does not keep a session alive.
async fn still_signed_in(state: &AppState, token_hash: &str) -> bool {
    match state.store.get_session(token_hash).await {
        Ok(Some(s)) => saathi_domain::session::is_alive(
            s.user.role,
            s.kind,
            s.created_at,
            s.last_seen_at,
            saathi_store::now_ms(),
            state.config.session_limits(),
        ),
        Ok(None) => false,
        // The database is unreachable for a moment: keep the socket.
        Err(_) => true,
    }
}

/// Reads the user's rooms, makes them this socket's, and says `hello`.
async fn hello(state: &AppState, conn: &Conn, socket: &mut WebSocket) -> Result<(), Gone> {
    let actor = &conn.actor;
    let ids = match rooms::list(state, actor).await {
        Ok(list) => list.into_iter().map(|e| e.view.room.id).collect::<Vec<_>>(),
        Err(e) => {
            tracing::warn!(error = %e.message, "live: rooms could not be read");
            return refuse(socket, "unavailable", "Your rooms could not be read; reconnect.", None)
                .await
                .and(Err(Gone));
        }
    };
    state.live.hub.set_rooms(conn.id, ids.clone());
    // The numbers are read after the socket joined its rooms: a message
    // committed later is delivered live, one committed earlier is counted.
    let seqs = match state.store.rooms_last_seq(&ids).await {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(error = %e, "live: room numbers could not be read");
            return Err(Gone);
        }
    };
    let mut rooms: Vec<RoomSeq> = seqs.into_iter().map(|(id, last_seq)| RoomSeq { id, last_seq }).collect();
    let order = |id: &str| ids.iter().position(|x| x == id).unwrap_or(usize::MAX);
    rooms.sort_by_key(|r| order(&r.id));
    send(socket, Out::Hello { user_id: &actor.user_id, rooms }.frame()).await
}

async fn refuse(socket: &mut WebSocket, code: &str, message: &str, room_id: Option<&str>) -> Result<(), Gone> {
    send(socket, Out::Error { code, message, room_id }.frame()).await
}

/// Answers one client frame.
async fn answer(state: &AppState, actor: &Actor, socket: &mut WebSocket, text: &str) -> Result<(), Gone> {
    match serde_json::from_str::<ClientFrame>(text) {
        Ok(ClientFrame::Ping) => send(socket, Out::Pong.frame()).await,
        Ok(ClientFrame::CatchUp { room_id, after_id }) => catch_up(state, actor, socket, &room_id, after_id).await,
        Err(_) => refuse(socket, "bad_frame", "Unknown frame: send catch_up or ping.", None).await,
    }
}

/// The room's messages after `after_id`, oldest first, as this reader may
/// see them (the same membership and redaction as the API's history).
async fn catch_up(
    state: &AppState,
    actor: &Actor,
    socket: &mut WebSocket,
    room_id: &str,
    mut after_id: String,
) -> Result<(), Gone> {
    for _ in 0..CATCH_UP_PAGES {
        let q = PageQuery { before: None, after: Some(after_id.clone()), limit: Some(CATCH_UP_PAGE) };
        let list = match rooms::history(state, actor, room_id, &q).await {
            Ok((_, list)) => list,
            Err(e) => return refuse(socket, e.code, &e.message, Some(room_id)).await,
        };
        for m in &list {
            let out = MessageOut::new(m, &actor.user_id);
            let f = if m.hidden_at.is_some() && m.body.is_none() {
                Out::MessageHidden { room_id: &m.room_id, message_id: &m.id, seq: m.seq }.frame()
            } else {
                Out::Message { message: &out }.frame()
            };
            send(socket, f).await?;
        }
        let full = list.len() as i64 >= CATCH_UP_PAGE;
        match list.last() {
            Some(last) if full => after_id = last.id.clone(),
            _ => return send(socket, Out::CaughtUp { room_id, complete: true }.frame()).await,
        }
    }
    send(socket, Out::CaughtUp { room_id, complete: false }.frame()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The size of the future an async fn returns, without calling it.
    fn future_size<A, B, C, F: Future>(_: fn(A, B, C) -> F) -> usize {
        std::mem::size_of::<F>()
    }

    #[test]
    fn an_idle_socket_task_stays_small() {
        // Every open socket keeps this future for its whole life (it was
        // 3.4 KiB with the database reads inline, 1 KiB since).
        let size = future_size(run);
        println!("run future: {size} bytes");
        assert!(size <= 1280, "the socket task's future grew to {size} bytes");
    }
}
