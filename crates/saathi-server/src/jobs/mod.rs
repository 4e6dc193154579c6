//! Background work of a serving instance:
//!
//! - deliveries: every second, the due rows of the notification outbox are
//!   claimed (on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so several
//!   instances send each once) and sent by e-mail or to the centre's
//!   webhook; a failure is retried with a growing delay, and after
//!   [`MAX_ATTEMPTS`] the delivery is marked `failed`.
//! - reminders: every minute, each member active in a group whose session
//!   starts within [`REMINDER_LEAD_MS`] is notified once (the session's id is
//!   the notification's dedupe key, so two runs or two instances make one).
//!
//! - checkpoints (SQLite): every second the write-ahead log is copied back
//!   into the database file, off the requests' path.
//!
//! Work is data, never an in-memory timer: a restart picks up what is due.

pub mod email;
pub mod escalation;
pub mod webhook;

use crate::error::ApiResult;
use crate::i18n::Lang;
use crate::services::notifications::{self as notes, REMINDER_KEY, kind};
use crate::state::AppState;
use saathi_domain::{dates, schedule};
use saathi_store::{DeliveryOutcome, DueDelivery, now_ms};
use std::time::Duration;

/// How often the outbox is polled.
pub const DELIVERY_POLL: Duration = Duration::from_secs(1);
/// How often reminders are looked for.
pub const REMINDER_POLL: Duration = Duration::from_secs(60);
/// How often SQLite's write-ahead log is checkpointed.
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);
/// How long before a session its members are reminded.
pub const REMINDER_LEAD_MS: i64 = 60 * 60_000;
/// Attempts per delivery before it is marked `failed`.
pub const MAX_ATTEMPTS: i64 = 6;
/// A claimed delivery is not due again for this long (the sending worker
/// finishes it well before; if it died, another worker retries after it).
pub const LEASE_MS: i64 = 120_000;
/// Deliveries claimed at once.
pub const BATCH: i64 = 32;

/// The wait before attempt `attempts + 1`: 30 s, 1 min, 2 min … at most an hour.
pub fn backoff_ms(attempts: i64) -> i64 {
    let exp = attempts.clamp(1, 8) - 1;
    (30_000_i64 << exp).min(3_600_000)
}

/// This instance's workers; dropping it stops them.
pub struct Workers(Vec<tokio::task::JoinHandle<()>>);

impl Drop for Workers {
    fn drop(&mut self) {
        self.0.iter().for_each(tokio::task::JoinHandle::abort);
    }
}

/// Starts this instance's workers.
pub fn start(state: &AppState) -> Workers {
    let s = state.clone();
    let deliveries = tokio::spawn(async move {
        let mut tick = tokio::time::interval(DELIVERY_POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            // Drain a backlog without waiting a second per batch.
            loop {
                match deliver_due(&s, now_ms()).await {
                    Ok(n) if n as i64 >= BATCH => continue,
                    Ok(_) => break,
                    Err(e) => {
                        tracing::warn!(error = %e.message, "notification deliveries failed");
                        break;
                    }
                }
            }
        }
    });
    let s = state.clone();
    let reminders = tokio::spawn(async move {
        let mut tick = tokio::time::interval(REMINDER_POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = send_reminders(&s, now_ms()).await {
                tracing::warn!(error = %e.message, "session reminders failed");
            }
        }
    });
    let store = state.store.clone();
    let checkpoints = tokio::spawn(async move {
        if store.backend() != saathi_store::Backend::Sqlite {
            return;
        }
        let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = store.checkpoint().await {
                tracing::warn!(error = %e, "checkpoint failed");
            }
        }
    });
    Workers(vec![deliveries, reminders, checkpoints])
}

// ---------------------------------------------------------------------------
// Deliveries

/// Claims the deliveries due at `now` (one batch) and sends them; returns
/// how many were attempted.
pub async fn deliver_due(state: &AppState, now: i64) -> ApiResult<usize> {
    let due = state.store.claim_deliveries(now, now + LEASE_MS, BATCH).await?;
    for d in &due {
        let outcome = match send(state, d).await {
            Ok(()) => DeliveryOutcome::Sent,
            Err(error) if d.attempts >= MAX_ATTEMPTS => DeliveryOutcome::Failed { error },
            Err(error) => DeliveryOutcome::Retry { next_at: now_ms().max(now) + backoff_ms(d.attempts), error },
        };
        if let DeliveryOutcome::Failed { error } | DeliveryOutcome::Retry { error, .. } = &outcome {
            tracing::info!(delivery = %d.id, channel = %d.channel, attempts = d.attempts, error, "delivery failed");
        }
        state.store.finish_delivery(&d.id, &outcome, now_ms()).await?;
    }
    Ok(due.len())
}

/// The JSON a centre's webhook receives: ids, the kind and its words in the
/// recipient's language (`language`, `text`; and in English, `text_en`),
/// never content: a gateway sends an SMS in the language its reader reads.
pub fn webhook_body(d: &DueDelivery) -> Vec<u8> {
    let n = &d.notification;
    let lang = notes::lang_of(&d.language);
    let created_at = chrono::DateTime::from_timestamp_millis(n.created_at)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default();
    serde_json::json!({
        "id": n.id,
        "kind": n.kind,
        "center_id": n.center_id,
        "user_id": n.user_id,
        "language": lang.code(),
        "text": notes::text(lang, &n.kind),
        "text_en": notes::text(Lang::En, &n.kind),
        "link": n.link,
        "created_at": created_at,
    })
    .to_string()
    .into_bytes()
}

async fn send(state: &AppState, d: &DueDelivery) -> Result<(), String> {
    match d.channel.as_str() {
        "webhook" => {
            let (url, stored) = d.webhook.as_ref().ok_or("the centre has no webhook now")?;
            // The secret is opened here, for signing, and nowhere else.
            let secret = state
                .store
                .open_webhook_secret(&d.notification.center_id, stored)
                .await
                .map_err(|e| format!("the webhook secret cannot be read: {e}"))?;
            webhook::post(url, &secret, webhook_body(d)).await
        }
        "email" => {
            let cfg = state.config.smtp.as_ref().ok_or("SMTP is not configured")?;
            let to = d.email.as_deref().ok_or("the user has no e-mail address now")?;
            let lang = notes::lang_of(&d.language);
            let text = notes::text(lang, &d.notification.kind);
            let body = format!("{text}\n\n{}\n", lang.t("notif-email-footer"));
            let subject = lang.t("notif-email-subject");
            email::send(cfg, &email::Mail { to, subject: &subject, body: &body }).await
        }
        other => Err(format!("unknown channel {other}")),
    }
}

// ---------------------------------------------------------------------------
// Session reminders

/// Reminds every member active in a group of each session (not cancelled)
/// starting in `[now, now + REMINDER_LEAD_MS)`, once per member and session.
/// Sessions of a group's schedule are materialised first for the days
/// concerned. Returns how many reminders were made.
pub async fn send_reminders(state: &AppState, now: i64) -> ApiResult<usize> {
    materialise_upcoming(state, now).await?;
    let due = state.store.reminders_due(now, now + REMINDER_LEAD_MS, REMINDER_KEY).await?;
    let mut made = 0;
    let mut i = 0;
    while i < due.len() {
        let session = &due[i];
        let same: Vec<(String, String)> = due[i..]
            .iter()
            .take_while(|r| r.session_id == session.session_id)
            .map(|r| (r.member_id.clone(), format!("{REMINDER_KEY}{}", r.session_id)))
            .collect();
        i += same.len();
        let link = format!("/sessions/{}", session.session_id);
        made += notes::notify_once(state, &session.center_id, &same, kind::SESSION_REMINDER, &link).await?.len();
    }
    Ok(made)
}

/// Makes sure the scheduled sessions of the coming hour exist as rows (a
/// group's schedule is otherwise materialised when its sessions are listed).
async fn materialise_upcoming(state: &AppState, now: i64) -> ApiResult<()> {
    let (Some(start), Some(end)) =
        (chrono::DateTime::from_timestamp_millis(now), chrono::DateTime::from_timestamp_millis(now + REMINDER_LEAD_MS))
    else {
        return Ok(());
    };
    for center in state.store.list_centers().await? {
        let tz = center.tz();
        let (from, to) = (start.with_timezone(&tz).date_naive(), end.with_timezone(&tz).date_naive());
        for g in state.store.list_groups(&center.id, None).await? {
            let (Some(s), Some(starts_on)) = (&g.schedule, &g.schedule_starts_on) else { continue };
            let Some(starts_on) = dates::parse(starts_on) else { continue };
            // A stored span out of range counts as nothing made (and is replaced).
            let made = g.materialised.as_ref().and_then(|(a, b)| schedule::made_span(a, b));
            if schedule::covered(made, from, to) {
                continue;
            }
            let occ: Vec<(i64, i64)> = schedule::occurrences(s, tz, starts_on, from, to)
                .iter()
                .map(|o| (o.starts_at.timestamp_millis(), o.ends_at.timestamp_millis()))
                .collect();
            state.store.materialise_sessions(&g.id, &g.center_id, &occ, now_ms()).await?;
            let (a, b) = schedule::extend(made, from, to);
            state.store.set_materialised(&g.id, &dates::format(a), &dates::format(b)).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff_ms(1), 30_000);
        assert_eq!(backoff_ms(2), 60_000);
        assert_eq!(backoff_ms(3), 120_000);
        assert!(backoff_ms(4) > backoff_ms(3));
        assert_eq!(backoff_ms(50), 3_600_000);
        assert_eq!(backoff_ms(0), 30_000);
    }
}
