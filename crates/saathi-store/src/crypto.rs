//! Encryption at rest for confidential notes: XChaCha20-Poly1305 with a
//! random nonce, the record's id as associated data (a ciphertext moved to
//! another row does not decrypt), and the key version stored so keys can
//! rotate. The key file holds one key per line, `VERSION BASE64`; the highest
//! version encrypts, every listed version decrypts.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use rand::RngCore;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read or write the key file {0}: {1}")]
    Io(String, std::io::Error),
    #[error("the key file {0} is not valid: {1}")]
    Invalid(String, String),
    #[error("a note could not be decrypted (wrong key or damaged data)")]
    Decrypt,
    #[error("no key with version {0} in the key file")]
    UnknownVersion(i64),
}

#[derive(Clone)]
pub struct NoteKeys {
    keys: BTreeMap<i64, Key>,
}

impl std::fmt::Debug for NoteKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NoteKeys {{ versions: {:?} }}", self.keys.keys().collect::<Vec<_>>())
    }
}

const NONCE_LEN: usize = 24;

impl NoteKeys {
    /// A fresh random key, version 1.
    pub fn generate() -> NoteKeys {
        let mut k = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut k);
        NoteKeys { keys: BTreeMap::from([(1, *Key::from_slice(&k))]) }
    }

    pub fn parse(text: &str, origin: &str) -> Result<NoteKeys, KeyError> {
        let mut keys = BTreeMap::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (v, b64) = line
                .split_once(' ')
                .ok_or_else(|| KeyError::Invalid(origin.into(), "expected `VERSION BASE64`".into()))?;
            let v: i64 = v.parse().map_err(|_| KeyError::Invalid(origin.into(), format!("bad version {v:?}")))?;
            let raw = STANDARD.decode(b64.trim()).map_err(|e| KeyError::Invalid(origin.into(), e.to_string()))?;
            if raw.len() != 32 {
                return Err(KeyError::Invalid(origin.into(), format!("key {v} is not 32 bytes")));
            }
            keys.insert(v, *Key::from_slice(&raw));
        }
        if keys.is_empty() {
            return Err(KeyError::Invalid(origin.into(), "no key".into()));
        }
        Ok(NoteKeys { keys })
    }

    pub fn to_file_text(&self) -> String {
        let mut s = String::from(
            "# Saathi note-encryption keys: VERSION BASE64. Keep this file secret and backed up;\n# without it the notes cannot be read. Add a higher version to rotate.\n",
        );
        for (v, k) in &self.keys {
            s.push_str(&format!("{v} {}\n", STANDARD.encode(k.as_slice())));
        }
        s
    }

    /// Reads the key file, or creates it (mode 0600) with a new key.
    pub fn load_or_create(path: &Path) -> Result<(NoteKeys, bool), KeyError> {
        let origin = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => Ok((NoteKeys::parse(&text, &origin)?, false)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let keys = NoteKeys::generate();
                let mut opts = std::fs::OpenOptions::new();
                opts.write(true).create_new(true);
                #[cfg(unix)]
                {
                    use std::os::unix::fs::OpenOptionsExt;
                    opts.mode(0o600);
                }
                use std::io::Write;
                let mut f = opts.open(path).map_err(|e| KeyError::Io(origin.clone(), e))?;
                f.write_all(keys.to_file_text().as_bytes()).map_err(|e| KeyError::Io(origin.clone(), e))?;
                f.sync_all().map_err(|e| KeyError::Io(origin, e))?;
                Ok((keys, true))
            }
            Err(e) => Err(KeyError::Io(origin, e)),
        }
    }

    pub fn current_version(&self) -> i64 {
        self.keys.keys().next_back().copied().unwrap_or(1)
    }

    /// Encrypts with the current key; returns (nonce ‖ ciphertext, version).
    pub fn encrypt(&self, record_id: &str, plaintext: &str) -> Result<(Vec<u8>, i64), KeyError> {
        let v = self.current_version();
        let key = self.keys.get(&v).ok_or(KeyError::UnknownVersion(v))?;
        let cipher = XChaCha20Poly1305::new(key);
        let mut nonce = [0u8; NONCE_LEN];
        rand::thread_rng().fill_bytes(&mut nonce);
        let ct = cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plaintext.as_bytes(), aad: record_id.as_bytes() })
            .map_err(|_| KeyError::Decrypt)?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        Ok((out, v))
    }

    pub fn decrypt(&self, record_id: &str, data: &[u8], version: i64) -> Result<String, KeyError> {
        let key = self.keys.get(&version).ok_or(KeyError::UnknownVersion(version))?;
        if data.len() < NONCE_LEN {
            return Err(KeyError::Decrypt);
        }
        let (nonce, ct) = data.split_at(NONCE_LEN);
        let pt = XChaCha20Poly1305::new(key)
            .decrypt(XNonce::from_slice(nonce), Payload { msg: ct, aad: record_id.as_bytes() })
            .map_err(|_| KeyError::Decrypt)?;
        String::from_utf8(pt).map_err(|_| KeyError::Decrypt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_bound_to_the_record() {
        let k = NoteKeys::generate();
        let (ct, v) = k.encrypt("note-1", "Ravi spoke about his father").expect("encrypt");
        assert!(!String::from_utf8_lossy(&ct).contains("Ravi"));
        assert_eq!(k.decrypt("note-1", &ct, v).expect("decrypt"), "Ravi spoke about his father");
        assert!(k.decrypt("note-2", &ct, v).is_err(), "another record's id does not decrypt");
        let other = NoteKeys::generate();
        assert!(other.decrypt("note-1", &ct, v).is_err());
        let (ct2, _) = k.encrypt("note-1", "Ravi spoke about his father").expect("encrypt");
        assert_ne!(ct, ct2, "random nonces");
    }

    #[test]
    fn rotation_keeps_old_notes_readable() {
        let old = NoteKeys::generate();
        let (ct, v) = old.encrypt("n", "before rotation").expect("encrypt");
        let mut text = old.to_file_text();
        let new = NoteKeys::generate();
        text.push_str(&new.to_file_text().replace("\n1 ", "\n2 "));
        let ring = NoteKeys::parse(&text, "test").expect("parse");
        assert_eq!(ring.current_version(), 2);
        assert_eq!(ring.decrypt("n", &ct, v).expect("old key"), "before rotation");
        let (ct2, v2) = ring.encrypt("n", "after").expect("encrypt");
        assert_eq!(v2, 2);
        assert_eq!(ring.decrypt("n", &ct2, v2).expect("new key"), "after");
    }

    #[test]
    fn key_file_is_created_once_and_private() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("notes.key");
        let (a, created) = NoteKeys::load_or_create(&path).expect("create");
        assert!(created);
        let (b, created) = NoteKeys::load_or_create(&path).expect("load");
        assert!(!created);
        let (ct, v) = a.encrypt("x", "same key").expect("encrypt");
        assert_eq!(b.decrypt("x", &ct, v).expect("decrypt"), "same key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(NoteKeys::parse("1 notbase64!", "t").is_err());
        assert!(NoteKeys::parse("", "t").is_err());
    }
}
