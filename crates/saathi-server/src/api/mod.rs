//! The JSON API under `/api/v1`, documented by OpenAPI generated from these
//! handlers (`/api/openapi.json`).

pub mod dto;
mod handlers;

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
        .split_for_parts()
}
