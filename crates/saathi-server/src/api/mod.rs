//! The JSON API under `/api/v1`, documented by OpenAPI generated from these
//! handlers (`/api/openapi.json`).

mod crisis;
pub mod dto;
mod goals;
mod groups;
mod handlers;
mod lexicon;
mod mentorships;
mod notes;
mod notifications;
mod risk;
mod rooms;
mod safety;
mod sessions;
mod tracking;

pub use rooms::MessageOut;
pub use safety::SafetyAlertOut;
pub use sessions::calendar_feed;

use crate::state::AppState;
use axum::Router;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(title = "Saathi API", version = "1", description = "Peer support and group therapy for de-addiction centres."),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The API routes and their OpenAPI document.
pub fn router() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    use handlers::*;
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(get_center, patch_center))
        .routes(routes!(create_user, list_users))
        .routes(routes!(patch_user))
        .routes(routes!(create_member, list_members))
        .routes(routes!(get_member, patch_member))
        .routes(routes!(discharge_member))
        .routes(routes!(member_stages))
        .routes(routes!(list_audit))
        .routes(routes!(groups::create_group, groups::list_groups))
        .routes(routes!(groups::get_group, groups::patch_group))
        .routes(routes!(groups::enroll, groups::list_enrollments))
        .routes(routes!(groups::unenroll))
        .routes(routes!(groups::accept_agreement))
        .routes(routes!(sessions::list_sessions, sessions::create_session))
        .routes(routes!(sessions::get_session, sessions::patch_session))
        .routes(routes!(sessions::put_attendance, sessions::get_attendance))
        .routes(routes!(sessions::check_in))
        .routes(routes!(sessions::add_turn))
        .routes(routes!(sessions::get_circle))
        .routes(routes!(sessions::member_attendance))
        .routes(routes!(sessions::group_attendance))
        .routes(routes!(sessions::topics))
        .routes(routes!(sessions::new_calendar))
        .routes(routes!(notes::create_session_note, notes::session_notes))
        .routes(routes!(notes::create_member_note, notes::member_notes))
        .routes(routes!(notes::get_note, notes::edit_note))
        .routes(routes!(notes::sign_off))
        .routes(routes!(notes::amend))
        .routes(routes!(notes::follow_ups))
        .routes(routes!(notes::follow_up_done))
        .routes(routes!(tracking::create_checkin))
        .routes(routes!(tracking::list_checkins))
        .routes(routes!(tracking::triggers, tracking::add_trigger))
        .routes(routes!(tracking::sobriety))
        .routes(routes!(tracking::record_lapse))
        .routes(routes!(goals::create_goal))
        .routes(routes!(goals::log_progress))
        .routes(routes!(goals::end_goal))
        .routes(routes!(goals::patch_goal))
        .routes(routes!(goals::member_goals))
        .routes(routes!(goals::cheer))
        .routes(routes!(goals::group_goals))
        .routes(routes!(mentorships::create_mentorship, mentorships::list_mentorships))
        .routes(routes!(mentorships::end_mentorship))
        .routes(routes!(mentorships::put_sharing))
        .routes(routes!(mentorships::celebrations))
        .routes(routes!(rooms::list_rooms, rooms::create_room))
        .routes(routes!(rooms::open_private))
        .routes(routes!(rooms::get_room, rooms::patch_room))
        .routes(routes!(rooms::list_messages, rooms::post_message))
        .routes(routes!(rooms::room_reports))
        .routes(routes!(rooms::mark_read))
        .routes(routes!(rooms::patch_message, rooms::delete_message))
        .routes(routes!(rooms::add_reaction, rooms::remove_reaction))
        .routes(routes!(rooms::report_message))
        .routes(routes!(rooms::hide_message))
        .routes(routes!(rooms::mute_member))
        .routes(routes!(rooms::unmute_member))
        .routes(routes!(rooms::warn_member))
        .routes(routes!(rooms::add_moderator_note, rooms::list_moderator_notes))
        .routes(routes!(rooms::moderation_log))
        .routes(routes!(safety::list_alerts))
        .routes(routes!(lexicon::get_lexicon, lexicon::put_lexicon))
        .routes(routes!(safety::acknowledge_alert))
        .routes(routes!(notifications::list_notifications))
        .routes(routes!(notifications::read_notification))
        .routes(routes!(notifications::read_all_notifications))
        .routes(routes!(notifications::get_email, notifications::put_email))
        .routes(routes!(notifications::get_webhook, notifications::put_webhook, notifications::delete_webhook))
        .routes(routes!(crisis::raise))
        .routes(routes!(crisis::list_alerts))
        .routes(routes!(crisis::get_alert))
        .routes(routes!(crisis::acknowledge_alert))
        .routes(routes!(crisis::resolve_alert))
        .routes(routes!(crisis::get_on_call, crisis::put_on_call))
        .routes(routes!(risk::list_risk))
        .routes(routes!(risk::get_weights, risk::put_weights))
        .split_for_parts()
}
