//! Rebuild when a Fluent file is added, changed or removed: the translations
//! are embedded at compile time, and a new file in `locales/` would otherwise
//! go unnoticed by an incremental build.
fn main() {
    println!("cargo:rerun-if-changed=locales");
}
