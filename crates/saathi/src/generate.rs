//! `saathi demo`: a large realistic data set for benchmarks.

use saathi_store::Store;

pub async fn run(_store: &Store, _members: usize, _days: u32) -> anyhow::Result<()> {
    anyhow::bail!("the generator is not written yet")
}
