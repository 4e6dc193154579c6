//! The demo centre for `saathi serve --demo`.

use saathi_store::Store;

pub struct DemoLogin {
    pub role: &'static str,
    pub login: String,
    pub password: String,
}

pub async fn load(_store: &Store) -> anyhow::Result<Vec<DemoLogin>> {
    anyhow::bail!("the demo centre is not written yet")
}
