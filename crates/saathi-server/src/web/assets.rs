//! The pages' stylesheet, icon and one small script (the sharing circle's
//! timer, an enhancement: every page works without it), embedded in the binary and served from
//! `/assets/…` with a year-long cache: their URLs carry a hash of the
//! content, so a new build is fetched at once.

use crate::state::AppState;
use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "saathi.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../../assets/saathi.css"),
    },
    Asset { name: "icon.svg", content_type: "image/svg+xml", body: include_bytes!("../../assets/icon.svg") },
    Asset {
        name: "saathi.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../assets/saathi.js"),
    },
    Asset {
        name: "crisis.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../assets/crisis.js"),
    },
    Asset {
        name: "kiosk.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../assets/kiosk.js"),
    },
    Asset {
        name: "chat.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../assets/chat.js"),
    },
];

fn versioned(name: &str) -> String {
    let body = ASSETS.iter().find(|a| a.name == name).map(|a| a.body).unwrap_or_default();
    let digest = Sha256::digest(body);
    let v: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("/assets/{name}?v={v}")
}

static CSS_URL: LazyLock<String> = LazyLock::new(|| versioned("saathi.css"));
static ICON_URL: LazyLock<String> = LazyLock::new(|| versioned("icon.svg"));
static JS_URL: LazyLock<String> = LazyLock::new(|| versioned("saathi.js"));
static CHAT_JS_URL: LazyLock<String> = LazyLock::new(|| versioned("chat.js"));
static CRISIS_JS_URL: LazyLock<String> = LazyLock::new(|| versioned("crisis.js"));
static KIOSK_JS_URL: LazyLock<String> = LazyLock::new(|| versioned("kiosk.js"));

pub fn kiosk_js_url() -> &'static str {
    KIOSK_JS_URL.as_str()
}

pub fn crisis_js_url() -> &'static str {
    CRISIS_JS_URL.as_str()
}

pub fn css_url() -> &'static str {
    CSS_URL.as_str()
}

pub fn icon_url() -> &'static str {
    ICON_URL.as_str()
}

pub fn js_url() -> &'static str {
    JS_URL.as_str()
}

pub fn chat_js_url() -> &'static str {
    CHAT_JS_URL.as_str()
}

pub fn router() -> Router<AppState> {
    Router::new().route("/assets/{name}", get(serve))
}

async fn serve(Path(name): Path<String>) -> Response {
    let Some(a) = ASSETS.iter().find(|a| a.name == name) else {
        return (StatusCode::NOT_FOUND, "Not found.").into_response();
    };
    let mut resp = a.body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(a.content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_a_content_hash() {
        assert!(css_url().starts_with("/assets/saathi.css?v="));
        assert_eq!(css_url().len(), "/assets/saathi.css?v=".len() + 12);
        assert!(icon_url().starts_with("/assets/icon.svg?v="));
        assert!(js_url().starts_with("/assets/saathi.js?v="));
    }

    #[test]
    fn the_script_loads_nothing_from_elsewhere() {
        let js = std::str::from_utf8(include_bytes!("../../assets/saathi.js")).expect("utf-8");
        for banned in ["http", "fetch(", "XMLHttpRequest", "import(", "eval(", "innerHTML"] {
            assert!(!js.contains(banned), "{banned}");
        }
    }

    #[test]
    fn the_kiosk_script_talks_only_to_saathi() {
        let js = std::str::from_utf8(include_bytes!("../../assets/kiosk.js")).expect("utf-8");
        for banned in ["http", "XMLHttpRequest", "import(", "eval(", "innerHTML", "localStorage"] {
            assert!(!js.contains(banned), "{banned}");
        }
        assert!(kiosk_js_url().starts_with("/assets/kiosk.js?v="));
    }

    #[test]
    fn the_stylesheet_loads_nothing_from_elsewhere() {
        let css = std::str::from_utf8(include_bytes!("../../assets/saathi.css")).expect("utf-8");
        assert!(!css.contains("@import"));
        assert!(!css.contains("url("));
        assert!(!css.contains("http"));
    }
}
