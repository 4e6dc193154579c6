//! Times the relapse-risk sweep and the per-event update over a database
//! made by `saathi demo --members N --days 90` (see `bench/risk.sh`): the
//! update when the score stays as stored (nothing written) and when it
//! changes (written).
//!
//!   cargo run --release -p saathi-server --example risk_bench -- DATABASE_URL [SAMPLES]

use anyhow::{Context, anyhow};
use saathi_server::Config;
use saathi_server::services::risk;
use saathi_server::state::AppState;
use saathi_store::{RiskWrite, Store};
use std::time::{Duration, Instant};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let url = args.next().context("usage: risk_bench DATABASE_URL [SAMPLES]")?;
    let samples: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(2_000);
    let store = Store::connect(&url).await?;
    store.migrate().await?;
    let state = AppState::new(store.clone(), Config::default());

    for pass in ["first (every score written)", "again (only changes written)"] {
        let t = Instant::now();
        let s = risk::sweep(&state).await.map_err(|e| anyhow!(e.message))?;
        println!(
            "full sweep, {pass}: {:.2} s — {} centres, {} members, {} scores written, {} newly high",
            t.elapsed().as_secs_f64(),
            s.centers,
            s.members,
            s.changed,
            s.newly_high
        );
    }

    // Per-event update: one member's facts read, scored and kept, as after a check-in.
    let mut members = Vec::new();
    for c in store.list_centers().await? {
        for r in store.center_risks(&c.id, risk::LIST_MAX).await? {
            members.push((c.id.clone(), r.member_id));
        }
    }
    if members.is_empty() {
        println!("no members: nothing to update");
        return Ok(());
    }
    let step = (members.len() / samples.max(1)).max(1);
    let picked: Vec<&(String, String)> = members.iter().step_by(step).take(samples).collect();

    // As after an event that leaves the score as it was: read, scored, compared, nothing written.
    let mut times = Vec::with_capacity(picked.len());
    for (center_id, member_id) in &picked {
        let t = Instant::now();
        risk::recompute(&state, center_id, member_id).await.map_err(|e| anyhow!(e.message))?;
        times.push(t.elapsed());
    }
    report("score unchanged", &mut times);

    // As after an event that changes the score: the stored score is put out
    // of date first (not timed), so the update writes it again.
    let mut times = Vec::with_capacity(picked.len());
    for (center_id, member_id) in &picked {
        let stale = RiskWrite {
            member_id: member_id.clone(),
            center_id: center_id.clone(),
            score: 0,
            level: "low".into(),
            reasons: "[\"stale\"]".into(),
        };
        store.save_risks(center_id, &[stale], false, saathi_store::now_ms()).await?;
        let t = Instant::now();
        risk::recompute(&state, center_id, member_id).await.map_err(|e| anyhow!(e.message))?;
        times.push(t.elapsed());
    }
    report("score changed, written", &mut times);
    Ok(())
}

/// Prints the mean and percentiles of one kind of per-event update (one after another).
fn report(what: &str, times: &mut [Duration]) {
    let total: Duration = times.iter().sum();
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!(
        "per-event update, {what} ({} members, one after another): mean {:.3} ms, p50 {:.3} ms, p99 {:.3} ms, \
         max {:.3} ms",
        times.len(),
        ms(total) / times.len() as f64,
        ms(at(0.5)),
        ms(at(0.99)),
        ms(at(1.0))
    );
}
