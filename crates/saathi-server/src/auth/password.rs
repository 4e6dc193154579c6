//! Argon2id password hashes. Hashing costs ~20 ms of CPU and 19 MiB of
//! memory, so callers in async code use [`hash_async`] / [`verify_async`],
//! which run on a small fixed set of hashing threads (one per core, at most
//! four). A burst of sign-ins then waits its turn instead of taking every
//! core, and the hashing memory stays with those few threads: on the general
//! blocking pool each of dozens of threads kept its own 19 MiB (glibc keeps
//! freed memory per thread arena), and a burst of 512 sign-ins left the
//! server at about 1 GB.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// A PHC-format Argon2id hash of `password`.
pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
}

/// Whether `password` matches `phc`. A malformed hash never matches.
pub fn verify(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

type Job = Box<dyn FnOnce() + Send>;

/// The hashing threads' queue, started on first use.
fn hashers() -> &'static tokio::sync::mpsc::Sender<Job> {
    static QUEUE: std::sync::OnceLock<tokio::sync::mpsc::Sender<Job>> = std::sync::OnceLock::new();
    QUEUE.get_or_init(|| {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 4);
        let (tx, rx) = tokio::sync::mpsc::channel::<Job>(1024);
        let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
        for i in 0..threads {
            let rx = rx.clone();
            std::thread::Builder::new()
                .name(format!("saathi-hash-{i}"))
                .spawn(move || {
                    // One job at a time; the lock is released before the job runs.
                    while let Some(job) = rx.lock().ok().and_then(|mut r| r.blocking_recv()) {
                        job();
                    }
                })
                .expect("a hashing thread");
        }
        tx
    })
}

/// Runs `f` on a hashing thread and waits for it without blocking the runtime.
async fn on_hasher<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> anyhow::Result<T> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = tx.send(f());
    });
    hashers().send(job).await.map_err(|_| anyhow::anyhow!("the hashing threads have stopped"))?;
    Ok(rx.await?)
}

pub async fn hash_async(password: String) -> anyhow::Result<String> {
    on_hasher(move || hash(&password)).await?
}

pub async fn verify_async(password: String, phc: String) -> bool {
    on_hasher(move || verify(&password, &phc)).await.unwrap_or(false)
}

/// A readable one-time password for new accounts (no 0/O, 1/l look-alikes).
pub fn generate() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    let chars: String = (0..12).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    format!("{}-{}-{}", &chars[0..4], &chars[4..8], &chars[8..12])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_are_argon2id() {
        let h = hash("correct horse").expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse", &h));
        assert!(!verify("wrong horse", &h));
        assert!(!verify("x", "not a hash"));
    }

    #[tokio::test]
    async fn many_hashes_at_once_all_come_back_right() {
        let h = hash("correct horse").expect("hash");
        let checks: Vec<_> = (0..12)
            .map(|i| {
                let h = h.clone();
                tokio::spawn(async move {
                    (i, verify_async(if i % 3 == 0 { "wrong" } else { "correct horse" }.into(), h).await)
                })
            })
            .collect();
        for c in checks {
            let (i, ok) = c.await.expect("task");
            assert_eq!(ok, i % 3 != 0);
        }
        assert!(hash_async("x".into()).await.expect("hash").starts_with("$argon2id$"));
    }

    #[test]
    fn generated_passwords_are_long_enough() {
        let p = generate();
        assert_eq!(p.len(), 14);
        assert_ne!(p, generate());
    }
}
