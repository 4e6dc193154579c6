//! Argon2id password hashes. Hashing costs ~20 ms of CPU and 19 MiB of
//! memory, so callers in async code use [`hash_async`] / [`verify_async`],
//! which run on a small fixed set of hashing threads (one per core, at most
//! four). A burst of sign-ins then waits its turn instead of taking every
//! core, and the hashing memory stays with those few threads: on the general
//! blocking pool each of dozens of threads kept its own 19 MiB (glibc keeps
//! freed memory per thread arena), and a burst of 512 sign-ins left the
//! server at about 1 GB.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::cell::RefCell;

thread_local! {
    /// Argon2's working memory (19 MiB with the default parameters), kept by
    /// each thread that hashes and reused for every hash. Allocating it anew
    /// for every hash left each freed copy in the process (glibc keeps large
    /// freed blocks in the thread's arena): ten sign-ins grew the server by
    /// 180 MB.
    static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Bytes of working memory the hashing threads hold now (other threads
/// that hash, such as the CLI's or tests', are not counted).
static HELD: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Argon2 with its working memory from this thread's buffer, grown if the
/// parameters need more.
fn with_memory<T>(params: &Params, f: impl FnOnce(&mut [Block]) -> T) -> T {
    BLOCKS.with(|b| {
        let mut blocks = b.borrow_mut();
        if blocks.len() < params.block_count() {
            let before = blocks.capacity();
            blocks.resize(params.block_count(), Block::default());
            if is_hasher() {
                let grown = (blocks.capacity() - before) * std::mem::size_of::<Block>();
                HELD.fetch_add(grown, std::sync::atomic::Ordering::Relaxed);
            }
        }
        f(&mut blocks[..params.block_count()])
    })
}

fn is_hasher() -> bool {
    std::thread::current().name().is_some_and(|n| n.starts_with(HASHER))
}

const HASHER: &str = "saathi-hash-";

/// Gives this (hashing) thread's working memory back (a buffer this large is its own
/// mapping, so the system gets it back at once).
fn release_memory() {
    BLOCKS.with(|b| {
        let old = std::mem::take(&mut *b.borrow_mut());
        HELD.fetch_sub(old.capacity() * std::mem::size_of::<Block>(), std::sync::atomic::Ordering::Relaxed);
    });
}

fn compute(argon: &Argon2<'_>, params: &Params, password: &str, salt: &[u8], len: usize) -> Option<Output> {
    Output::init_with(len, |out| {
        with_memory(params, |blocks| argon.hash_password_into_with_memory(password.as_bytes(), salt, out, blocks))
            .map_err(|_| argon2::password_hash::Error::Crypto)
    })
    .ok()
}

/// A PHC-format Argon2id hash of `password` (the crate's default parameters).
pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_raw = salt.decode_b64(&mut salt_bytes).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    let params = Params::default();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    let output = compute(&argon, &params, password, salt_raw, len).ok_or_else(|| anyhow::anyhow!("hashing failed"))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| anyhow::anyhow!("params: {e}"))?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(phc.to_string())
}

/// Whether `password` matches `phc` (any Argon2 variant and parameters the
/// hash names). A malformed hash never matches. The comparison takes the
/// same time wherever the hashes differ.
pub fn verify(password: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else { return false };
    let (Ok(algorithm), Ok(params), Some(salt), Some(expected)) =
        (Algorithm::try_from(parsed.algorithm), Params::try_from(&parsed), parsed.salt, parsed.hash)
    else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_raw) = salt.decode_b64(&mut salt_bytes) else { return false };
    let argon = Argon2::new(algorithm, version, params.clone());
    compute(&argon, &params, password, salt_raw, expected.len()).is_some_and(|got| got == expected)
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
                .name(format!("{HASHER}{i}"))
                .spawn(move || {
                    // One job at a time; the lock is released before the job runs.
                    while let Some(job) = rx.lock().ok().and_then(|mut r| r.blocking_recv()) {
                        job();
                        // A burst of sign-ins reuses the working memory; once
                        // nothing waits (or another thread is already waiting
                        // for the next job), it goes back: 19 MiB a thread
                        // kept for good otherwise.
                        let idle = match rx.try_lock() {
                            Ok(r) => r.is_empty(),
                            Err(_) => true,
                        };
                        if idle {
                            release_memory();
                        }
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

    #[tokio::test]
    async fn the_working_memory_goes_back_after_a_burst() {
        let hashes: Vec<_> = (0..4).map(|i| tokio::spawn(hash_async(format!("password-{i}")))).collect();
        for h in hashes {
            assert!(h.await.expect("task").expect("hash").starts_with("$argon2id$"));
        }
        // The last thread to finish gives its memory back just after answering.
        let mut held = HELD.load(std::sync::atomic::Ordering::Relaxed);
        for _ in 0..200 {
            if held == 0 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
            held = HELD.load(std::sync::atomic::Ordering::Relaxed);
        }
        assert_eq!(held, 0, "no hashing memory kept once the queue is empty");
    }
    use super::*;

    #[test]
    fn hashes_made_by_the_argon2_crate_itself_still_verify() {
        use argon2::password_hash::PasswordHasher;
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default().hash_password(b"correct horse", &salt).expect("hash").to_string();
        assert!(verify("correct horse", &theirs));
        assert!(!verify("correct horsE", &theirs));
        // And ours verify with the crate's own verifier (same PHC format).
        use argon2::password_hash::PasswordVerifier;
        let ours = hash("correct horse").expect("hash");
        let parsed = PasswordHash::new(&ours).expect("phc");
        assert!(Argon2::default().verify_password(b"correct horse", &parsed).is_ok());
        // Other parameters than ours are honoured.
        let light = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(8, 1, 1, None).expect("params"));
        let light_hash = light.hash_password(b"pw", &salt).expect("hash").to_string();
        assert!(verify("pw", &light_hash) && !verify("px", &light_hash));
    }

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
