//! The centre's outbound webhook: a signed JSON POST over HTTP/1.1.
//!
//! Signature: `X-Saathi-Signature: sha256=<hex HMAC-SHA256(secret,
//! timestamp + "." + body)>` with the Unix time in seconds in
//! `X-Saathi-Timestamp`; the receiver recomputes it over the raw body and
//! should refuse old timestamps. Only `http://` URLs are called (a gateway
//! on the centre's own machine or network): TLS is not built in.

use axum::body::Bytes;
use hmac::{KeyInit, Mac};
use http_body_util::{BodyExt, Full};
use hyper::header;
use hyper_util::rt::TokioIo;
use std::time::Duration;
use tokio::net::TcpStream;

type HmacSha256 = hmac::Hmac<sha2_11::Sha256>;

/// How long a call may take, connecting included.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// `sha256=<hex>`: the signature of a body sent at `timestamp`.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    // Any key length is accepted by HMAC.
    let mut mac = match HmacSha256::new_from_slice(secret.as_bytes()) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let tag = mac.finalize().into_bytes();
    let mut out = String::with_capacity(7 + tag.len() * 2);
    out.push_str("sha256=");
    for b in tag.iter() {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// A URL the webhook may call: `http://host[:port]/path`; the reason code when not.
pub fn check_url(url: &str) -> Result<hyper::Uri, &'static str> {
    if url.len() > 500 || url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("bad_url");
    }
    let uri: hyper::Uri = url.parse().map_err(|_| "bad_url")?;
    match uri.scheme_str() {
        Some("http") => {}
        Some("https") => return Err("https_unsupported"),
        _ => return Err("bad_url"),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err("bad_url");
    }
    Ok(uri)
}

/// POSTs `body` to `url`, signed; any 2xx answer is success.
pub async fn post(url: &str, secret: &str, body: Vec<u8>) -> Result<(), String> {
    let uri = check_url(url).map_err(|c| format!("url: {c}"))?;
    tokio::time::timeout(CALL_TIMEOUT, call(&uri, secret, body)).await.map_err(|_| "timed out".to_string())?
}

async fn call(uri: &hyper::Uri, secret: &str, body: Vec<u8>) -> Result<(), String> {
    let host = uri.host().unwrap_or_default();
    let port = uri.port_u16().unwrap_or(80);
    let stream = TcpStream::connect((host.trim_start_matches('[').trim_end_matches(']'), port))
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(|e| format!("handshake: {e}"))?;
    let driver = tokio::spawn(conn);
    let timestamp = chrono::Utc::now().timestamp();
    let signed = signature(secret, timestamp, &body);
    let authority = uri.authority().map(|a| a.as_str()).unwrap_or(host).to_string();
    let path = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/").to_string();
    let req = hyper::Request::post(path)
        .header(header::HOST, authority)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::USER_AGENT, "Saathi-Webhook/1")
        .header("X-Saathi-Timestamp", timestamp.to_string())
        .header("X-Saathi-Signature", signed)
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| format!("request: {e}"))?;
    let resp = sender.send_request(req).await.map_err(|e| format!("send: {e}"))?;
    let status = resp.status();
    // Read (and drop) the answer so the connection ends cleanly.
    let _ = resp.into_body().collect().await;
    driver.abort();
    if status.is_success() { Ok(()) } else { Err(format!("answered {status}")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_hmac_sha256_of_timestamp_dot_body() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        // Here the data is "<timestamp>.<body>", so split it accordingly.
        let s = signature("Jefe", 0, b"");
        assert!(s.starts_with("sha256=") && s.len() == 7 + 64);
        let mut mac = HmacSha256::new_from_slice(b"Jefe").expect("key");
        mac.update(b"what do ya want for nothing?");
        let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assert_ne!(signature("secret-one", 5, b"{}"), signature("secret-two", 5, b"{}"));
        assert_ne!(signature("secret-one", 5, b"{}"), signature("secret-one", 6, b"{}"));
    }

    #[test]
    fn only_plain_http_urls() {
        assert!(check_url("http://127.0.0.1:9000/hook").is_ok());
        assert!(check_url("http://gateway.local/sms?x=1").is_ok());
        assert_eq!(check_url("https://gateway.example/hook").err(), Some("https_unsupported"));
        for bad in ["", "ftp://x/y", "gateway/hook", "http://", "http://a b/"] {
            assert_eq!(check_url(bad).err(), Some("bad_url"), "{bad:?}");
        }
    }
}
