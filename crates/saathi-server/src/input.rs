//! Text as it arrives: the NUL character is dropped wherever a request
//! carries text — its path and query, JSON strings, form fields. No one
//! types it, and PostgreSQL's text cannot hold it (SQLite's can): left in, it
//! would fail a write with a 500 on one database and be stored on the other.

use axum::body::Bytes;
use axum::extract::Request;
use axum::http::Uri;
use axum::http::uri::PathAndQuery;
use axum::middleware::Next;
use axum::response::Response;
use serde_json::Value;

/// Drops every `%00` from the request's path and query (the whole escape:
/// `%2500`, an escaped `%` before `00`, is left alone), before routing.
pub async fn strip_nul_from_uri(mut req: Request, next: Next) -> Response {
    if let Some(pq) = req.uri().path_and_query()
        && pq.as_str().contains("%00")
        && let Ok(clean) = PathAndQuery::try_from(pq.as_str().replace("%00", ""))
    {
        let mut parts = req.uri().clone().into_parts();
        parts.path_and_query = Some(clean);
        if let Ok(uri) = Uri::from_parts(parts) {
            *req.uri_mut() = uri;
        }
    }
    next.run(req).await
}

/// A JSON body with its strings' NUL characters dropped: the same bytes
/// when it has none (the usual case, found without parsing), else the body
/// read, cleaned and written again. A body that is not JSON is returned as
/// it is, for the caller's parser to refuse.
pub fn json_without_nul(body: Bytes) -> Bytes {
    // A NUL can only be in a JSON string escaped (raw control characters
    // are not JSON).
    if !body.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000")) {
        return body;
    }
    match serde_json::from_slice::<Value>(&body) {
        Ok(mut v) => {
            drop_nul(&mut v);
            serde_json::to_vec(&v).map(Bytes::from).unwrap_or(body)
        }
        Err(_) => body,
    }
}

fn drop_nul(v: &mut Value) {
    match v {
        Value::String(s) => strip(s),
        Value::Array(list) => list.iter_mut().for_each(drop_nul),
        Value::Object(map) => {
            if map.keys().any(|k| k.contains('\0')) {
                let old = std::mem::take(map);
                for (mut k, v) in old {
                    strip(&mut k);
                    map.insert(k, v);
                }
            }
            map.values_mut().for_each(drop_nul);
        }
        _ => {}
    }
}

/// Drops a string's NUL characters, in place.
pub fn strip(s: &mut String) {
    if s.contains('\0') {
        s.retain(|c| c != '\0');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_characters_leave_json_strings_and_keys_and_nothing_else() {
        let same = Bytes::from_static(br#"{"body":"namaste \\u0000 as text"}"#);
        assert_eq!(json_without_nul(same.clone()), same, "an escaped backslash before u0000 is text, kept");
        let body = Bytes::from_static(br#"{"a":"x\u0000y","l":["\u0000",1,{"k\u0000":"\u0000z"}],"n":null}"#);
        let v: Value = serde_json::from_slice(&json_without_nul(body)).expect("json");
        assert_eq!(v, serde_json::json!({"a":"xy","l":["",1,{"k":"z"}],"n":null}));
        let broken = Bytes::from_static(b"{\"a\":\"\\u0000");
        assert_eq!(json_without_nul(broken.clone()), broken, "left for the parser to refuse");
        let mut s = String::from("\0ra\0vi");
        strip(&mut s);
        assert_eq!(s, "ravi");
    }
}
