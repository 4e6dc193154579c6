//! Signing in on the centre's shared tablet (kiosk): the device is known by
//! its long-lived `saathi_kiosk` cookie (only the SHA-256 of its token is
//! stored), the member by a code and a PIN. A kiosk session is a
//! [`SessionKind::Kiosk`] session in the ordinary `saathi_session` cookie,
//! so every member page and the CSRF check work as for any sign-in; it ends
//! after the kiosk idle time (see `saathi_domain::session`).

use super::{DUMMY_HASH, new_token, password, token_hash};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::http::HeaderMap;
use saathi_domain::lockout::{Attempt, LOCK_MS, LOGIN};
use saathi_domain::{Role, kiosk};
use saathi_store::{KioskDevice, SessionKind, User, now_ms};

pub const KIOSK_COOKIE: &str = "saathi_kiosk";
/// How long the device cookie lasts: 400 days, the most browsers keep one.
pub const KIOSK_COOKIE_SECS: i64 = 400 * 24 * 3600;

/// Keeps a code-and-PIN sign-in on the shared tablet to what it is for
/// ([`kiosk::tablet_session_may_open`]): anything else is refused, a page by
/// sending the resident back to the tablet's home, the API with 403
/// `kiosk_only`. Runs before routing; the user it reads is kept for the
/// handler.
pub async fn scope(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    // What a tablet session may open needs no look at who is signed in (the
    // assets, the check-in: most of a tablet's requests).
    if kiosk::tablet_session_may_open(req.method().as_str(), req.uri().path()) {
        return next.run(req).await;
    }
    // A session that cannot be read now (the database away) is left to the
    // handler, which answers as it would have: pages that need no one still work.
    if let Ok(Some(u)) = super::CurrentUser::from_headers(&state, req.headers()).await {
        if u.is_kiosk() {
            return if req.uri().path().starts_with("/api/") {
                ApiError::new(
                    axum::http::StatusCode::FORBIDDEN,
                    "kiosk_only",
                    "A sign-in on the shared tablet is for a check-in, a session or the crisis button.",
                )
                .into_response()
            } else {
                axum::response::Redirect::to("/kiosk/home").into_response()
            };
        }
        req.extensions_mut().insert(u);
    }
    next.run(req).await
}

/// The enrolled (and not revoked) tablet a request comes from, if any.
pub async fn device(state: &AppState, headers: &HeaderMap) -> ApiResult<Option<KioskDevice>> {
    let Some(token) = super::cookie(headers, KIOSK_COOKIE).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    Ok(state.store.live_kiosk_device(&token_hash(token)).await?)
}

/// A new device token and its hash (the hash is stored, the token goes in the cookie).
pub fn new_device_token() -> (String, String) {
    let token = new_token();
    let hash = token_hash(&token);
    (token, hash)
}

/// A successful kiosk sign-in.
pub struct KioskSignedIn {
    pub token: String,
    pub user: User,
}

/// Checks a member code and PIN typed on `device`; starts a kiosk session.
///
/// A code of another centre, an unknown code, a wrong PIN, an account that
/// is disabled or no longer a member: all get the same answer after the same
/// work (a PIN hash is always verified), so the tablet does not tell which
/// codes exist. Failures are counted per centre and code, as password
/// failures are per login, and lock the code for a while; they are also
/// counted per tablet, under a looser limit, so that trying one PIN against
/// many codes locks the tablet (429 `device_locked`). Each attempt is counted
/// under both before its PIN is checked, so a burst of them is not checked
/// beyond either limit.
pub async fn sign_in(state: &AppState, device: &KioskDevice, code: &str, pin: &str) -> ApiResult<KioskSignedIn> {
    let code = kiosk::normalise(code);
    let pin = kiosk::normalise(pin);
    if !kiosk::is_code(&code) || pin.is_empty() {
        return Err(ApiError::kiosk_wrong());
    }
    let key = kiosk::lockout_key(&device.center_id, &code);
    let device_key = kiosk::device_lockout_key(&device.id);
    let now = now_ms();
    // Counted under the tablet and the code before the (slow) check, in the
    // same write as the look at their locks: a burst of attempts is checked
    // no more often than the limits allow.
    let counted = state.store.count_attempt([(&device_key, &kiosk::DEVICE_LIMIT), (&key, &LOGIN)], now).await?;
    let [on_device, on_code] = match counted {
        Attempt::Refused { index: 0, until } => return Err(ApiError::kiosk_device_locked((until - now) / 1000)),
        Attempt::Refused { until, .. } => return Err(ApiError::rate_limited((until - now) / 1000)),
        Attempt::Counted(counted) => counted,
    };
    let found = state.store.find_kiosk_sign_in(&device.center_id, &code).await?;
    let (hash, user) = match &found {
        Some(f) if !f.user.disabled && f.user.role == Role::Member => (f.pin_hash.clone(), Some(&f.user)),
        _ => (DUMMY_HASH.to_string(), None),
    };
    let ok = password::verify_async(pin, hash).await && user.is_some();
    match (ok, user) {
        (true, Some(user)) => {
            let token = new_token();
            let hash = token_hash(&token);
            // The code's count is cleared; the tablet's keeps others' failures.
            state.store.create_session(&hash, user, SessionKind::Kiosk, Some(&device.id), &key, now).await?;
            state.store.take_back_attempt(&device_key, &kiosk::DEVICE_LIMIT, &on_device).await?;
            Ok(KioskSignedIn { token, user: user.clone() })
        }
        _ => {
            let on_tablet = Some((device_key.as_str(), &on_device));
            state.store.audit_login_failure(&key, &on_code, on_tablet, user, Some(&device.center_id), now).await?;
            if on_device.is_locked(now) {
                Err(ApiError::kiosk_device_locked(kiosk::DEVICE_LIMIT.lock_ms / 1000))
            } else if on_code.is_locked(now) {
                Err(ApiError::rate_limited(LOCK_MS / 1000))
            } else {
                Err(ApiError::kiosk_wrong())
            }
        }
    }
}

impl ApiError {
    pub fn kiosk_wrong() -> Self {
        ApiError::new(axum::http::StatusCode::UNAUTHORIZED, "unauthorized", "The member code or PIN is not right.")
    }

    /// Too many wrong tries on this tablet, whatever the codes: 429
    /// `device_locked`, with how long to wait.
    pub fn kiosk_device_locked(retry_after_secs: i64) -> Self {
        let mut e = ApiError::new(
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            "device_locked",
            "Too many wrong tries on this tablet. Ask a staff member, or wait and try again.",
        );
        e.retry_after_secs = Some(retry_after_secs.max(1));
        e
    }
}
