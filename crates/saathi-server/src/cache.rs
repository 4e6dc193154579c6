//! A small in-process cache whose entries live a short, fixed time. Used for
//! what almost every request reads and rarely changes (sessions, centres).
//! The instance that changes a record forgets it at once; other instances
//! sharing the database see the change within the entry's lifetime.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct TtlCache<V> {
    ttl: Duration,
    max_entries: usize,
    map: Mutex<HashMap<String, (V, Instant)>>,
}

impl<V: Clone> TtlCache<V> {
    pub fn new(ttl: Duration, max_entries: usize) -> Self {
        TtlCache { ttl, max_entries, map: Mutex::new(HashMap::new()) }
    }

    pub fn get(&self, key: &str) -> Option<V> {
        let map = self.map.lock().ok()?;
        map.get(key).filter(|(_, at)| at.elapsed() < self.ttl).map(|(v, _)| v.clone())
    }

    pub fn put(&self, key: String, value: V) {
        if let Ok(mut map) = self.map.lock() {
            if map.len() >= self.max_entries {
                let ttl = self.ttl;
                map.retain(|_, (_, at)| at.elapsed() < ttl);
                if map.len() >= self.max_entries {
                    map.clear();
                }
            }
            map.insert(key, (value, Instant::now()));
        }
    }

    /// Changes a cached value in place without extending its life.
    pub fn update(&self, key: &str, f: impl FnOnce(&mut V)) {
        if let Ok(mut map) = self.map.lock()
            && let Some((v, _)) = map.get_mut(key)
        {
            f(v);
        }
    }

    pub fn remove(&self, key: &str) {
        if let Ok(mut map) = self.map.lock() {
            map.remove(key);
        }
    }

    /// Forgets every entry for which `f` says so.
    pub fn remove_where(&self, f: impl Fn(&V) -> bool) {
        if let Ok(mut map) = self.map.lock() {
            map.retain(|_, (v, _)| !f(v));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_and_can_be_forgotten() {
        let c = TtlCache::new(Duration::from_millis(30), 3);
        c.put("a".into(), 1);
        c.put("b".into(), 2);
        assert_eq!(c.get("a"), Some(1));
        c.update("a", |v| *v = 10);
        assert_eq!(c.get("a"), Some(10));
        c.remove("a");
        assert_eq!(c.get("a"), None);
        c.remove_where(|v| *v == 2);
        assert_eq!(c.get("b"), None);
        c.put("c".into(), 3);
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(c.get("c"), None);
        for i in 0..10 {
            c.put(i.to_string(), i);
        }
        assert!(c.get("9").is_some(), "a full cache makes room");
    }
}
