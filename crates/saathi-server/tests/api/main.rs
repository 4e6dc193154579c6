//! API tests: every operation and refusal, each on a fresh SQLite database
//! and a fresh PostgreSQL database (skipped with a notice when PostgreSQL is
//! not reachable, unless SAATHI_REQUIRE_PG=1).

#[macro_use]
mod helpers;

mod audit;
mod auth;
mod centers;
mod checkin_batch;
mod crisis;
mod csrf;
mod goals;
mod groups;
mod input;
mod kiosk;
mod live;
mod members;
mod mentorships;
mod notes;
mod notifications;
mod ops;
mod risk;
mod rooms;
mod safety;
mod sessions;
mod tracking;
mod users;
