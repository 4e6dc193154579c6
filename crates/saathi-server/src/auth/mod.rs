//! Signing in and knowing who is asking: bearer tokens for the API, an
//! HttpOnly cookie for the web. Only a SHA-256 of each token is stored.

pub mod cache;
pub mod kiosk;
pub mod password;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use saathi_domain::lockout::{Attempt, LOCK_MS, LOGIN};
use saathi_domain::policy::Actor;
use saathi_domain::session;
use saathi_store::{SessionKind, User, now_ms};
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "saathi_session";
pub const CSRF_COOKIE: &str = "saathi_csrf";
pub const LANG_COOKIE: &str = "saathi_lang";

/// 256 random bits, URL-safe.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A cookie's value from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value with Saathi's attributes.
pub fn set_cookie(name: &str, value: &str, max_age_secs: Option<i64>, http_only: bool, secure: bool) -> String {
    let mut c = format!("{name}={value}; Path=/; SameSite=Lax");
    if http_only {
        c.push_str("; HttpOnly");
    }
    if secure {
        c.push_str("; Secure");
    }
    if let Some(age) = max_age_secs {
        c.push_str(&format!("; Max-Age={age}"));
    }
    c
}

/// The signed-in user of a request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: User,
    pub actor: Actor,
    pub token_hash: String,
    /// Signed in by the web cookie (so state changes need the CSRF token).
    pub via_cookie: bool,
    /// How the session was started (a kiosk session is a member at the
    /// centre's shared tablet: short-lived, signed out to `/kiosk`).
    pub kind: SessionKind,
}

impl CurrentUser {
    /// A member signed in with a code and PIN on the shared tablet.
    pub fn is_kiosk(&self) -> bool {
        self.kind == SessionKind::Kiosk
    }

    /// Anyone signed in on the shared tablet (code and PIN, or password):
    /// the page signs them out by itself after the kiosk's idle time.
    pub fn on_shared_tablet(&self) -> bool {
        self.kind.on_shared_tablet()
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")).map(str::trim)
}

impl CurrentUser {
    /// Looks up the request's session; `Ok(None)` when there is none or it ended.
    pub async fn from_headers(state: &AppState, headers: &HeaderMap) -> ApiResult<Option<CurrentUser>> {
        let (token, via_cookie) = match bearer(headers) {
            Some(t) => (t, false),
            None => match cookie(headers, SESSION_COOKIE) {
                Some(t) => (t, true),
                None => return Ok(None),
            },
        };
        let hash = token_hash(token);
        let (mut s, cached) = match state.sessions.get(&hash) {
            Some(s) => (s, true),
            None => {
                let Some(s) = state.store.get_session(&hash).await? else {
                    return Ok(None);
                };
                state.sessions.put(s.clone());
                (s, false)
            }
        };
        let now = now_ms();
        let limits = state.config.session_limits();
        let alive = |s: &saathi_store::AuthSession| {
            session::is_alive(s.user.role, s.kind, s.created_at, s.last_seen_at, now, limits)
        };
        if !alive(&s) && cached {
            // Another instance may have seen the person since this one
            // cached the session (it matters for a kiosk's short limit).
            state.sessions.remove(&hash);
            match state.store.get_session(&hash).await? {
                Some(fresh) => {
                    state.sessions.put(fresh.clone());
                    s = fresh;
                }
                None => return Ok(None),
            }
        }
        if !alive(&s) {
            state.sessions.remove(&hash);
            state.store.revoke_session(&hash, &s.user, "auth.expired", now).await?;
            return Ok(None);
        }
        if now - s.last_seen_at > session::touch_every_ms(s.user.role, s.kind, limits) {
            state.store.touch_session(&hash, now).await?;
            state.sessions.touched(&hash, now);
        }
        let actor = Actor { user_id: s.user.id.clone(), role: s.user.role, center_id: s.user.center_id.clone() };
        Ok(Some(CurrentUser { user: s.user, actor, token_hash: hash, via_cookie, kind: s.kind }))
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(u) = parts.extensions.get::<CurrentUser>() {
            return Ok(u.clone());
        }
        let u = CurrentUser::from_headers(state, &parts.headers).await?.ok_or_else(ApiError::unauthorized)?;
        parts.extensions.insert(u.clone());
        Ok(u)
    }
}

/// The signed-in user, if any (pages that also serve visitors).
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(u) = parts.extensions.get::<CurrentUser>() {
            return Ok(MaybeUser(Some(u.clone())));
        }
        let u = CurrentUser::from_headers(state, &parts.headers).await?;
        if let Some(u) = &u {
            parts.extensions.insert(u.clone());
        }
        Ok(MaybeUser(u))
    }
}

/// A successful sign-in.
pub struct SignedIn {
    pub token: String,
    pub user: User,
}

/// A valid-looking but wrong password costs the same time as a right one,
/// so timing does not tell which logins exist.
pub(crate) const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FhdGhpZHVtbXlzYWx0$\
                          q7eUc0x0FqGbq2b1yq0xq1GkYzq3kZ5i7b0QmJ3wH3E";

/// Checks a login and password; starts a session. Failures are counted in
/// the database, so a lockout holds across instances; each attempt is
/// counted before its password is checked, so a burst of them is not checked
/// beyond the limit. On a centre's shared tablet (`tablet`: the enrolled
/// device the browser carries), the session is a [`SessionKind::Tablet`]
/// one, whatever `kind` was asked for.
pub async fn sign_in(
    state: &AppState,
    login: &str,
    password: &str,
    kind: SessionKind,
    tablet: Option<&saathi_store::KioskDevice>,
) -> ApiResult<SignedIn> {
    let kind = SessionKind::for_password_sign_in(kind, tablet.is_some());
    let login = login.trim();
    if login.is_empty() || password.is_empty() {
        return Err(ApiError::unauthorized_login());
    }
    let now = now_ms();
    // Counted as a failure before the (slow) check, in the same write as the
    // look at the lock: a burst of attempts is checked no more often than
    // the limit allows.
    let counted = match state.store.count_attempt([(login, &LOGIN)], now).await? {
        Attempt::Refused { until, .. } => return Err(ApiError::rate_limited((until - now) / 1000)),
        Attempt::Counted([counted]) => counted,
    };
    let found = state.store.find_for_login(login).await?;
    let (hash, user) = match &found {
        Some(a) if !a.user.disabled => (a.password_hash.clone(), Some(&a.user)),
        _ => (DUMMY_HASH.to_string(), None),
    };
    let ok = password::verify_async(password.to_string(), hash).await && user.is_some();
    match (ok, user) {
        (true, Some(user)) => {
            let token = new_token();
            let device = tablet.map(|d| d.id.as_str());
            state.store.create_session(&token_hash(&token), user, kind, device, login, now).await?;
            Ok(SignedIn { token, user: user.clone() })
        }
        _ => {
            let center_id = user.map(|u| u.center_id.as_str());
            state.store.audit_login_failure(login, &counted, None, user, center_id, now).await?;
            if counted.is_locked(now) {
                Err(ApiError::rate_limited(LOCK_MS / 1000))
            } else {
                Err(ApiError::unauthorized_login())
            }
        }
    }
}

impl ApiError {
    pub fn unauthorized_login() -> Self {
        ApiError::new(axum::http::StatusCode::UNAUTHORIZED, "unauthorized", "The login or password is not right.")
    }
}

/// Ends the session of this request.
pub async fn sign_out(state: &AppState, user: &CurrentUser) -> ApiResult<()> {
    state.store.revoke_session(&user.token_hash, &user.user, "auth.logout", now_ms()).await?;
    sessions_ended(
        state,
        &[saathi_store::EndedSession { token_hash: user.token_hash.clone(), user_id: user.user.id.clone() }],
    );
    Ok(())
}

/// Sessions a change has just ended in the database: this instance stops
/// honouring them at once (the others within the session cache's few
/// seconds), and the live sockets of their users, on every instance, check
/// their own session now and close if it no longer stands.
pub fn sessions_ended(state: &AppState, ended: &[saathi_store::EndedSession]) {
    if ended.is_empty() {
        return;
    }
    state.sessions.remove_all(ended.iter().map(|e| e.token_hash.as_str()));
    let mut user_ids: Vec<String> = ended.iter().map(|e| e.user_id.clone()).collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    state.live.publish(crate::live::Event::SessionsEnded { user_ids });
}

/// Every session of a user has just ended (their role changed): as
/// [`sessions_ended`].
pub fn user_sessions_ended(state: &AppState, user_id: &str) {
    state.sessions.remove_user(user_id);
    state.live.publish(crate::live::Event::SessionsEnded { user_ids: vec![user_id.to_string()] });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = new_token();
        assert_ne!(a, new_token());
        assert_eq!(token_hash(&a).len(), 64);
        assert_eq!(token_hash(&a), token_hash(&a));
    }

    #[test]
    fn reads_cookies() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, "a=1; saathi_session=tok; b=2".parse().expect("header"));
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("tok"));
        assert_eq!(cookie(&h, "zzz"), None);
    }

    #[test]
    fn dummy_hash_parses() {
        assert!(argon2::password_hash::PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
