//! What a request does, shared by the API and the web pages: check the
//! policy, check the input with the domain's rules, call the store. Handlers
//! on both sides only translate HTTP to these calls and back.

pub mod audit;
pub mod calendar;
pub mod celebrations;
pub mod centers;
pub mod crisis;
pub mod goals;
pub mod group_sessions;
pub mod groups;
pub mod kiosk;
pub mod members;
pub mod mentorships;
pub mod notes;
pub mod notifications;
pub mod progress;
pub mod risk;
pub mod rooms;
pub mod safety;
pub mod screening;
pub mod tracking;
pub mod users;
