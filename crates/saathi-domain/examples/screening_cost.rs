//! Screening cost per message over the labelled evaluation set.
//!
//!   cargo run --release --example screening_cost -p saathi-domain [ROUNDS]
//!
//! Builds the built-in screener once (timed), then for every message of
//! `data/screening_eval.tsv` times five batches of screenings and keeps the best
//! batch mean as that message's cost; prints p50/p99/max over messages, the cost of a long
//! message, and the throughput of one core screening the whole set in a loop.
//! With `SCREENING_LONG_ONLY=1` it first screens the long message many times
//! (for `perf record`).

use std::hint::black_box;
use std::time::Instant;

use saathi_domain::screening::{Lexicon, Screener};

const BATCHES: usize = 5;
const EVAL: &str = include_str!("../data/screening_eval.tsv");

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let messages: Vec<&str> = EVAL
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.splitn(3, '\t').nth(2))
        .collect();

    let t = Instant::now();
    let screener = Screener::new(&Lexicon::builtin());
    let build = t.elapsed();
    let (phrases, exceptions) = Lexicon::builtin().counts();

    // Warm up caches and the allocator.
    for m in &messages {
        black_box(screener.screen(black_box(m)));
    }

    // Each message: the best of BATCHES batches (other processes on the
    // machine only ever make a batch slower), each the mean of its screenings.
    let batch = rounds.div_ceil(BATCHES).max(1);
    let time = |m: &str| {
        (0..BATCHES)
            .map(|_| {
                let t = Instant::now();
                for _ in 0..batch {
                    black_box(screener.screen(black_box(m)));
                }
                t.elapsed().as_nanos() as f64 / batch as f64
            })
            .fold(f64::INFINITY, f64::min)
    };
    let mut per_message: Vec<f64> = messages.iter().map(|m| time(m)).collect();
    per_message.sort_by(f64::total_cmp);

    let t = Instant::now();
    let mut screened = 0usize;
    let mut hits = 0usize;
    for _ in 0..rounds {
        for m in &messages {
            hits += black_box(screener.screen(black_box(m))).len();
            screened += 1;
        }
    }
    let loop_time = t.elapsed();

    // A long message (about 2,000 characters, the longest a chat body is likely to be).
    let long: String = messages.iter().cycle().take(40).copied().collect::<Vec<_>>().join(" ");
    if std::env::var_os("SCREENING_LONG_ONLY").is_some() {
        for _ in 0..rounds * 100 {
            black_box(screener.screen(black_box(&long)));
        }
    }
    let long_ns = time(&long);

    let bytes: usize = messages.iter().map(|m| m.len()).sum();
    println!(
        "screening cost per message ({} messages, mean {} bytes; best of {BATCHES} batches of {batch})",
        messages.len(),
        bytes / messages.len()
    );
    println!("  lexicon: {phrases} phrases, {exceptions} exceptions; build {:.2} ms", build.as_secs_f64() * 1e3);
    println!(
        "  per message: p50 {:.0} ns, p99 {:.0} ns, max {:.0} ns",
        percentile(&per_message, 0.5),
        percentile(&per_message, 0.99),
        per_message[per_message.len() - 1]
    );
    println!("  long message ({} bytes): {:.0} ns", long.len(), long_ns);
    println!(
        "  throughput (one core, whole set in a loop): {:.0} messages/s, mean {:.0} ns/message ({hits} hits)",
        screened as f64 / loop_time.as_secs_f64(),
        loop_time.as_nanos() as f64 / screened as f64
    );
}
