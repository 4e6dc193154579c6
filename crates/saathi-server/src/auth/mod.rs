//! Signing in and knowing who is asking.

pub mod password;
