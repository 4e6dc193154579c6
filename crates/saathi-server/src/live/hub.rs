//! This process's sockets, indexed by user and by room. Delivering never
//! waits for a socket: each has a bounded queue of frames, and when it is
//! full the frame is dropped and the socket is told (once) to resync, so a
//! slow client costs at most its queue and never stalls the others.
//!
//! An idle socket costs little here: its queue is an empty `VecDeque` (no
//! allocation until a frame waits, and a drained queue that had grown gives
//! its memory back), not a channel that allocates its first block of slots
//! up front.

use axum::extract::ws::Utf8Bytes;
use saathi_domain::policy::Actor;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use tokio::sync::Notify;

/// Frames waiting for one socket, at most.
pub const QUEUE: usize = 256;

/// A drained queue keeps at most this many slots (a burst's larger buffer
/// is given back).
const QUEUE_KEPT: usize = 8;

/// A frame, serialised once and shared by every recipient.
pub type Frame = Utf8Bytes;

/// One connected socket as the hub sees it.
pub struct Conn {
    pub id: u64,
    pub actor: Actor,
    /// Frames waiting to be sent, oldest first (at most [`QUEUE`]).
    queue: Mutex<VecDeque<Frame>>,
    /// Frames were dropped: the socket owes its client a `resync`.
    resync: AtomicBool,
    /// Its rooms changed: the socket re-reads them (and says a new hello).
    refresh: AtomicBool,
    /// Sessions of its user ended: the socket checks its own session again
    /// (and closes if it no longer stands).
    recheck: AtomicBool,
    /// Woken when a frame is queued or a resync or refresh is asked for.
    wake: Notify,
}

impl Conn {
    fn queue(&self) -> MutexGuard<'_, VecDeque<Frame>> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues a frame; never waits. A full queue drops it and asks for a resync.
    pub fn push(&self, frame: &Frame) {
        let mut q = self.queue();
        if q.len() < QUEUE {
            q.push_back(frame.clone());
            drop(q);
            self.wake.notify_one();
        } else {
            drop(q);
            if !self.resync.swap(true, Ordering::AcqRel) {
                metrics::counter!("saathi_live_resyncs_total").increment(1);
                self.wake.notify_one();
            }
        }
    }

    /// The oldest queued frame, if any.
    pub fn pop(&self) -> Option<Frame> {
        let mut q = self.queue();
        let f = q.pop_front();
        if q.is_empty() && q.capacity() > QUEUE_KEPT {
            *q = VecDeque::new();
        }
        f
    }

    /// Asks the socket to resync (its frames may have been lost elsewhere).
    pub fn ask_resync(&self) {
        self.resync.store(true, Ordering::Release);
        self.wake.notify_one();
    }

    /// Asks the socket to re-read its rooms.
    pub fn ask_refresh(&self) {
        self.refresh.store(true, Ordering::Release);
        self.wake.notify_one();
    }

    /// Asks the socket to check its session again now.
    pub fn ask_recheck(&self) {
        self.recheck.store(true, Ordering::Release);
        self.wake.notify_one();
    }

    /// Whether the session must be checked again (and clears it).
    pub fn take_recheck(&self) -> bool {
        self.recheck.swap(false, Ordering::AcqRel)
    }

    /// Whether a resync is owed (and clears it).
    pub fn take_resync(&self) -> bool {
        self.resync.swap(false, Ordering::AcqRel)
    }

    /// Whether the rooms must be re-read (and clears it).
    pub fn take_refresh(&self) -> bool {
        self.refresh.swap(false, Ordering::AcqRel)
    }

    /// The next queued frame, waiting for one; `None` when, with nothing
    /// queued, a resync, a refresh or a session check is owed (see
    /// [`Self::take_resync`], [`Self::take_refresh`], [`Self::take_recheck`]).
    /// Cancel-safe: a frame is only taken when returned. (A session check
    /// waits for no frame: the frames queued for a signed-out socket are
    /// not sent.)
    pub async fn next(&self) -> Option<Frame> {
        loop {
            if self.recheck.load(Ordering::Acquire) {
                return None;
            }
            if let Some(f) = self.pop() {
                return Some(f);
            }
            if self.resync.load(Ordering::Acquire) || self.refresh.load(Ordering::Acquire) {
                return None;
            }
            // A wake-up given while nothing waited is kept (one permit), so
            // a frame queued between the check above and this wait is not
            // missed.
            self.wake.notified().await;
        }
    }
}

#[derive(Default)]
struct Index {
    conns: HashMap<u64, Arc<Conn>>,
    by_user: HashMap<String, HashSet<u64>>,
    by_room: HashMap<String, HashSet<u64>>,
    rooms_of: HashMap<u64, Vec<String>>,
}

/// The sockets of this process.
#[derive(Default)]
pub struct Hub {
    index: RwLock<Index>,
    next_id: AtomicU64,
}

/// A socket's registration: unregisters it when dropped.
pub struct Registration {
    pub conn: Arc<Conn>,
    hub: Arc<Hub>,
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.hub.unregister(self.conn.id);
    }
}

impl Hub {
    fn read(&self) -> RwLockReadGuard<'_, Index> {
        self.index.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Index> {
        self.index.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds a socket (in no room yet).
    pub fn register(self: &Arc<Self>, actor: Actor) -> Registration {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let conn = Arc::new(Conn {
            id,
            actor,
            queue: Mutex::new(VecDeque::new()),
            resync: AtomicBool::new(false),
            refresh: AtomicBool::new(false),
            recheck: AtomicBool::new(false),
            wake: Notify::new(),
        });
        let mut ix = self.write();
        ix.by_user.entry(conn.actor.user_id.clone()).or_default().insert(id);
        ix.conns.insert(id, conn.clone());
        drop(ix);
        metrics::gauge!("saathi_live_sockets").increment(1.0);
        Registration { conn, hub: self.clone() }
    }

    fn unregister(&self, id: u64) {
        let mut ix = self.write();
        let Some(conn) = ix.conns.remove(&id) else { return };
        if let Some(set) = ix.by_user.get_mut(&conn.actor.user_id) {
            set.remove(&id);
            if set.is_empty() {
                ix.by_user.remove(&conn.actor.user_id);
            }
        }
        for room in ix.rooms_of.remove(&id).unwrap_or_default() {
            if let Some(set) = ix.by_room.get_mut(&room) {
                set.remove(&id);
                if set.is_empty() {
                    ix.by_room.remove(&room);
                }
            }
        }
        drop(ix);
        metrics::gauge!("saathi_live_sockets").decrement(1.0);
    }

    /// Sets the rooms a socket receives.
    pub fn set_rooms(&self, id: u64, rooms: Vec<String>) {
        let mut ix = self.write();
        if !ix.conns.contains_key(&id) {
            return;
        }
        for room in ix.rooms_of.remove(&id).unwrap_or_default() {
            if let Some(set) = ix.by_room.get_mut(&room) {
                set.remove(&id);
                if set.is_empty() {
                    ix.by_room.remove(&room);
                }
            }
        }
        for room in &rooms {
            ix.by_room.entry(room.clone()).or_default().insert(id);
        }
        ix.rooms_of.insert(id, rooms);
    }

    /// Queues a frame for every socket in a room; `pick` chooses which of
    /// the prepared frames each socket gets.
    pub fn to_room<'f>(&self, room_id: &str, pick: impl Fn(&Conn) -> &'f Frame) -> usize {
        self.each_in_room(room_id, |conn| conn.push(pick(conn)))
    }

    /// Runs `f` on every socket that receives a room; returns how many.
    pub fn each_in_room(&self, room_id: &str, mut f: impl FnMut(&Conn)) -> usize {
        let ix = self.read();
        let Some(set) = ix.by_room.get(room_id) else { return 0 };
        let mut n = 0;
        for conn in set.iter().filter_map(|id| ix.conns.get(id)) {
            f(conn);
            n += 1;
        }
        n
    }

    /// Whether any socket here receives a room.
    pub fn has_room(&self, room_id: &str) -> bool {
        self.read().by_room.contains_key(room_id)
    }

    /// Queues a frame for every socket of a user.
    pub fn to_user(&self, user_id: &str, frame: &Frame) -> usize {
        self.each_of_user(user_id, |c| c.push(frame))
    }

    /// Runs `f` on every socket of a user; returns how many.
    pub fn each_of_user(&self, user_id: &str, f: impl Fn(&Conn)) -> usize {
        let ix = self.read();
        let Some(set) = ix.by_user.get(user_id) else { return 0 };
        let mut n = 0;
        for conn in set.iter().filter_map(|id| ix.conns.get(id)) {
            f(conn);
            n += 1;
        }
        n
    }

    /// The distinct people connected here who belong to a centre.
    pub fn actors_of_center(&self, center_id: &str) -> Vec<Actor> {
        let ix = self.read();
        let mut seen = HashSet::new();
        ix.conns
            .values()
            .filter(|c| c.actor.center_id == center_id && seen.insert(c.actor.user_id.clone()))
            .map(|c| c.actor.clone())
            .collect()
    }

    /// Runs `f` on every socket of a centre's people.
    pub fn each_of_center(&self, center_id: &str, f: impl Fn(&Conn)) {
        let ix = self.read();
        ix.conns.values().filter(|c| c.actor.center_id == center_id).for_each(|c| f(c));
    }

    /// Tells every socket to resync (after frames may have been lost, e.g.
    /// the fan-out listener reconnected).
    pub fn resync_all(&self) {
        let ix = self.read();
        ix.conns.values().for_each(|c| c.ask_resync());
    }

    /// Sockets connected now.
    pub fn len(&self) -> usize {
        self.read().conns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use saathi_domain::Role;

    fn actor(id: &str) -> Actor {
        Actor { user_id: id.into(), role: Role::Member, center_id: "c".into() }
    }

    #[tokio::test]
    async fn a_client_that_never_reads_is_told_to_resync_and_the_others_keep_receiving() {
        let hub = Arc::new(Hub::default());
        let slow = hub.register(actor("slow"));
        let quick = hub.register(actor("quick"));
        hub.set_rooms(slow.conn.id, vec!["r".into()]);
        hub.set_rooms(quick.conn.id, vec!["r".into(), "s".into()]);
        let mut got = Vec::new();
        for i in 0..(QUEUE * 3) {
            let f: Frame = format!("{i}").into();
            assert_eq!(hub.to_room("r", |_| &f), 2);
            // The quick client reads as frames come.
            got.push(quick.conn.pop().expect("quick gets every frame").to_string());
        }
        assert_eq!(got, (0..QUEUE * 3).map(|i| i.to_string()).collect::<Vec<_>>());
        assert!(!quick.conn.take_resync(), "nothing was dropped for the quick client");
        // The slow one holds exactly its queue, oldest first, and owes one resync.
        let mut held = Vec::new();
        while let Some(f) = slow.conn.pop() {
            held.push(f.to_string());
        }
        assert_eq!(held, (0..QUEUE).map(|i| i.to_string()).collect::<Vec<_>>());
        assert!(slow.conn.take_resync(), "told to resync");
        assert!(!slow.conn.take_resync(), "once");
        // Rooms: only the quick one is in `s`; a user's sockets; leaving.
        let f: Frame = "x".into();
        assert_eq!(hub.to_room("s", |_| &f), 1);
        assert_eq!(hub.to_user("slow", &f), 1);
        assert_eq!(hub.len(), 2);
        drop(slow);
        assert_eq!(hub.len(), 1);
        assert_eq!(hub.to_room("r", |_| &f), 1);
        assert_eq!(hub.to_user("slow", &f), 0);
        hub.set_rooms(quick.conn.id, vec![]);
        assert_eq!(hub.to_room("s", |_| &f), 0);
        quick.conn.ask_refresh();
        assert!(quick.conn.take_refresh());
        let _ = quick.conn.pop();
    }

    #[tokio::test]
    async fn next_waits_for_a_frame_and_stops_for_a_resync_or_a_refresh() {
        use std::time::Duration;
        let hub = Arc::new(Hub::default());
        let reg = hub.register(actor("a"));
        hub.set_rooms(reg.conn.id, vec!["r".into()]);
        // Nothing queued: `next` waits, and a frame queued meanwhile wakes it.
        let conn = reg.conn.clone();
        let waiting = tokio::spawn(async move { conn.next().await });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiting.is_finished(), "nothing to send yet");
        let f: Frame = "one".into();
        hub.to_room("r", |_| &f);
        let got = tokio::time::timeout(Duration::from_secs(5), waiting).await.expect("woken").expect("task");
        assert_eq!(got.as_deref(), Some("one"));
        // A frame queued while nobody waited is not missed.
        let g: Frame = "two".into();
        hub.to_room("r", |_| &g);
        let got = tokio::time::timeout(Duration::from_secs(5), reg.conn.next()).await.expect("at once");
        assert_eq!(got.as_deref(), Some("two"));
        // A refresh or a resync with nothing queued ends the wait with `None`.
        let conn = reg.conn.clone();
        let waiting = tokio::spawn(async move { conn.next().await });
        tokio::time::sleep(Duration::from_millis(20)).await;
        reg.conn.ask_refresh();
        let got = tokio::time::timeout(Duration::from_secs(5), waiting).await.expect("woken").expect("task");
        assert!(got.is_none());
        assert!(reg.conn.take_refresh());
        reg.conn.ask_resync();
        let got = tokio::time::timeout(Duration::from_secs(5), reg.conn.next()).await.expect("at once");
        assert!(got.is_none());
        assert!(reg.conn.take_resync());
        // Queued frames still come first.
        hub.to_room("r", |_| &f);
        reg.conn.ask_resync();
        assert_eq!(reg.conn.next().await.as_deref(), Some("one"));
        assert!(reg.conn.next().await.is_none());
        assert!(reg.conn.take_resync());
    }

    #[test]
    fn a_drained_queue_gives_its_burst_memory_back() {
        let hub = Arc::new(Hub::default());
        let reg = hub.register(actor("a"));
        assert_eq!(reg.conn.queue().capacity(), 0, "an idle socket's queue allocates nothing");
        let f: Frame = "x".into();
        for _ in 0..100 {
            reg.conn.push(&f);
        }
        assert!(reg.conn.queue().capacity() >= 100);
        while reg.conn.pop().is_some() {}
        assert!(reg.conn.queue().capacity() <= QUEUE_KEPT);
    }
}
