//! The centre's shared tablets (kiosks) and members' kiosk sign-ins: policy,
//! the domain's rules, the store. Only staff (counsellors and admins) of the
//! centre enrol and revoke tablets and give members a code and PIN.

use crate::auth::password;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use rand::Rng;
use saathi_domain::policy::{Action, Actor, Target, decide};
use saathi_domain::{Role, kiosk};
use saathi_store::{KioskCredential, KioskDevice, StoreError, now_ms};

/// Longest tablet name.
pub const NAME_MAX: usize = 60;
/// Tries to find a member code not yet taken in the centre.
const CODE_TRIES: usize = 20;

/// Enrols the tablet the actor is using; returns it and the token for its cookie.
pub async fn enrol(state: &AppState, actor: &Actor, name: &str) -> ApiResult<(KioskDevice, String)> {
    ApiError::check(decide(actor, Action::ManageKiosks, Target::center(&actor.center_id)))?;
    let name = name.trim();
    let mut e = saathi_domain::FieldErrors::new();
    e.text("name", name, NAME_MAX);
    e.into_result()?;
    let (token, hash) = crate::auth::kiosk::new_device_token();
    let device = state.store.create_kiosk_device(&actor.center_id, name, &hash, &actor.user_id, now_ms()).await?;
    Ok((device, token))
}

pub async fn list(state: &AppState, actor: &Actor) -> ApiResult<Vec<KioskDevice>> {
    ApiError::check(decide(actor, Action::ManageKiosks, Target::center(&actor.center_id)))?;
    Ok(state.store.list_kiosk_devices(&actor.center_id).await?)
}

/// A tablet of the actor's centre (404 for another centre's).
pub async fn get(state: &AppState, actor: &Actor, id: &str) -> ApiResult<KioskDevice> {
    let d = state.store.get_kiosk_device(id).await?.ok_or_else(ApiError::not_found)?;
    ApiError::check(decide(actor, Action::ManageKiosks, Target::center(&d.center_id)))?;
    Ok(d)
}

/// Revokes a tablet: its cookie signs no one in any more, and whoever is
/// still signed in on it is signed out. Revoking twice is fine.
pub async fn revoke(state: &AppState, actor: &Actor, id: &str) -> ApiResult<KioskDevice> {
    let d = get(state, actor, id).await?;
    let ended = state.store.revoke_kiosk_device(&d.id, &d.center_id, &actor.user_id, now_ms()).await?;
    crate::auth::sessions_ended(state, &ended.unwrap_or_default());
    get(state, actor, id).await
}

/// The member a kiosk sign-in is managed for: a member of the actor's centre.
async fn member_for(state: &AppState, actor: &Actor, member_id: &str) -> ApiResult<saathi_store::Member> {
    let m = state.store.get_member(member_id).await?.ok_or_else(ApiError::not_found)?;
    ApiError::check(decide(actor, Action::ManageKioskSignIn, Target::subject(&m.center_id, &m.id)))?;
    Ok(m)
}

/// A member's kiosk sign-in (code and when it was set), for staff.
pub async fn credential(state: &AppState, actor: &Actor, member_id: &str) -> ApiResult<Option<KioskCredential>> {
    let m = member_for(state, actor, member_id).await?;
    Ok(state.store.kiosk_credential(&m.id).await?)
}

/// What staff see once after setting a PIN.
pub struct Issued {
    pub code: String,
    /// The PIN, when Saathi made it up (shown once, never stored).
    pub generated_pin: Option<String>,
}

/// Sets or resets a member's kiosk sign-in. The member keeps their code
/// when they have one; a new member gets a random one. `pin` empty: Saathi
/// makes one up. Only members (not staff, mentors or families) get one.
/// A kiosk session the member still has open (signed in with the PIN
/// before) ends.
pub async fn set(state: &AppState, actor: &Actor, member_id: &str, pin: &str) -> ApiResult<Issued> {
    let m = member_for(state, actor, member_id).await?;
    let user = state.store.get_user(&m.id).await?.ok_or_else(ApiError::not_found)?;
    if user.role != Role::Member {
        return Err(ApiError::invalid_field("pin", "kiosk_members_only"));
    }
    let pin = kiosk::normalise(pin);
    let generated = pin.is_empty();
    let pin = if generated { generate_pin() } else { pin };
    if let Err(code) = kiosk::check_pin(&pin) {
        return Err(ApiError::invalid_field("pin", code));
    }
    let hash = password::hash_async(pin.clone()).await.map_err(ApiError::internal)?;
    let existing = state.store.kiosk_credential(&m.id).await?.map(|c| c.code);
    let mut tries = 0;
    loop {
        let code = match (&existing, tries) {
            (Some(c), 0) => c.clone(),
            _ => generate_code(),
        };
        match state.store.set_kiosk_credential(&m.id, &m.center_id, &code, &hash, &actor.user_id, now_ms()).await {
            Ok(ended) => {
                crate::auth::sessions_ended(state, &ended);
                return Ok(Issued { code, generated_pin: generated.then_some(pin) });
            }
            Err(StoreError::Conflict(_)) if tries < CODE_TRIES => tries += 1,
            Err(e) => return Err(e.into()),
        }
    }
}

/// Removes a member's kiosk sign-in (they can no longer sign in on a
/// tablet, and a kiosk session they still have open ends).
pub async fn remove(state: &AppState, actor: &Actor, member_id: &str) -> ApiResult<bool> {
    let m = member_for(state, actor, member_id).await?;
    let ended = state.store.remove_kiosk_credential(&m.id, &m.center_id, &actor.user_id, now_ms()).await?;
    let removed = ended.is_some();
    crate::auth::sessions_ended(state, &ended.unwrap_or_default());
    Ok(removed)
}

/// A random member code the domain accepts.
pub fn generate_code() -> String {
    let mut rng = rand::thread_rng();
    loop {
        let code = rng.gen_range(100_000..1_000_000u32).to_string();
        if kiosk::is_good_generated_code(&code) {
            return code;
        }
    }
}

/// A random PIN the domain accepts.
pub fn generate_pin() -> String {
    let mut rng = rand::thread_rng();
    loop {
        let pin: String = (0..kiosk::GENERATED_PIN_LEN).map(|_| char::from(b'0' + rng.gen_range(0..10u8))).collect();
        if kiosk::check_pin(&pin).is_ok() {
            return pin;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_up_codes_and_pins_pass_the_rules() {
        for _ in 0..500 {
            let c = generate_code();
            assert!(kiosk::is_good_generated_code(&c), "{c}");
            let p = generate_pin();
            assert_eq!(kiosk::check_pin(&p), Ok(()), "{p}");
        }
        assert_ne!(generate_pin(), generate_pin());
    }
}
