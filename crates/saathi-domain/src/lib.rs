//! Saathi's rules, free of I/O. Every decision the API and the web pages share
//! lives here, so that it is written once and tested once.

pub mod attendance;
pub mod center;
pub mod checkin;
pub mod circle;
pub mod crisis;
pub mod dates;
pub mod edits;
pub mod goals;
pub mod group;
pub mod ical;
pub mod kiosk;
pub mod lockout;
pub mod member;
pub mod mentorship;
pub mod notes;
pub mod policy;
pub mod risk;
pub mod role;
pub mod rooms;
pub mod schedule;
pub mod screening;
pub mod session;
pub mod sobriety;
pub mod stage;
pub mod topics;
pub mod validation;

pub use role::Role;
pub use stage::Stage;
pub use validation::{FieldError, FieldErrors};
