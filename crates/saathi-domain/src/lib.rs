//! Saathi's rules, free of I/O. Every decision the API and the web pages share
//! lives here, so that it is written once and tested once.

pub mod center;
pub mod lockout;
pub mod member;
pub mod policy;
pub mod role;
pub mod session;
pub mod sobriety;
pub mod stage;
pub mod validation;

pub use role::Role;
pub use stage::Stage;
pub use validation::{FieldError, FieldErrors};
