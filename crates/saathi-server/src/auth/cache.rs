//! Recently seen sessions, so that an authenticated request does not cost a
//! database read each time. This instance forgets a session the moment it is
//! revoked here (logout, expiry, role change); other instances sharing the
//! database notice within [`TTL`].

use crate::cache::TtlCache;
use saathi_store::AuthSession;
use std::time::Duration;

pub const TTL: Duration = Duration::from_secs(3);

pub struct SessionCache(TtlCache<AuthSession>);

impl Default for SessionCache {
    fn default() -> Self {
        SessionCache(TtlCache::new(TTL, 50_000))
    }
}

impl SessionCache {
    pub fn get(&self, token_hash: &str) -> Option<AuthSession> {
        self.0.get(token_hash)
    }

    pub fn put(&self, session: AuthSession) {
        self.0.put(session.token_hash.clone(), session);
    }

    /// Updates the cached `last_seen_at` without extending the entry's life.
    pub fn touched(&self, token_hash: &str, last_seen_at: i64) {
        self.0.update(token_hash, |s| s.last_seen_at = last_seen_at);
    }

    pub fn remove(&self, token_hash: &str) {
        self.0.remove(token_hash);
    }

    /// Forgets sessions just ended in the database, by their token hashes.
    pub fn remove_all<S: AsRef<str>>(&self, token_hashes: impl IntoIterator<Item = S>) {
        for h in token_hashes {
            self.0.remove(h.as_ref());
        }
    }

    /// Forgets every session of a user (their rights or settings changed).
    pub fn remove_user(&self, user_id: &str) {
        self.0.remove_where(|s| s.user.id == user_id);
    }
}
