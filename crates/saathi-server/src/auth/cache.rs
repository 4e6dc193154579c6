//! A short-lived in-process cache of sessions, so that an authenticated
//! request does not cost a database read each time. This instance forgets a
//! session the moment it is revoked here (logout, expiry, role change); other
//! instances sharing the database notice within [`TTL`].

use saathi_store::AuthSession;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const TTL: Duration = Duration::from_secs(3);
/// Beyond this many entries the stale ones are dropped (and all, if still too many).
const MAX_ENTRIES: usize = 50_000;

#[derive(Default)]
pub struct SessionCache {
    map: Mutex<HashMap<String, (AuthSession, Instant)>>,
}

impl SessionCache {
    pub fn get(&self, token_hash: &str) -> Option<AuthSession> {
        let map = self.map.lock().ok()?;
        map.get(token_hash).filter(|(_, at)| at.elapsed() < TTL).map(|(s, _)| s.clone())
    }

    pub fn put(&self, session: AuthSession) {
        if let Ok(mut map) = self.map.lock() {
            if map.len() >= MAX_ENTRIES {
                map.retain(|_, (_, at)| at.elapsed() < TTL);
                if map.len() >= MAX_ENTRIES {
                    map.clear();
                }
            }
            map.insert(session.token_hash.clone(), (session, Instant::now()));
        }
    }

    /// Updates the cached `last_seen_at` without extending the entry's life.
    pub fn touched(&self, token_hash: &str, last_seen_at: i64) {
        if let Ok(mut map) = self.map.lock()
            && let Some((s, _)) = map.get_mut(token_hash)
        {
            s.last_seen_at = last_seen_at;
        }
    }

    pub fn remove(&self, token_hash: &str) {
        if let Ok(mut map) = self.map.lock() {
            map.remove(token_hash);
        }
    }

    /// Forgets every session of a user (their rights changed).
    pub fn remove_user(&self, user_id: &str) {
        if let Ok(mut map) = self.map.lock() {
            map.retain(|_, (s, _)| s.user.id != user_id);
        }
    }
}
