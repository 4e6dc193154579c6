//! Form plumbing shared by the pages: reading a urlencoded body, fields with
//! their localized error messages, select options.

use super::WebError;
use crate::error::ApiError;
use crate::i18n::Lang;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use saathi_domain::FieldErrors;

/// A submitted form as name/value pairs (a name may repeat, as checkboxes do).
/// Never rejects a well-formed body: every field is read as text (without
/// NUL characters) and checked by the domain's rules, so mistakes come back
/// as messages, not status codes.
pub struct FormData(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequest<S> for FormData {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            WebError(if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(e.status(), "too_large", "The form is too large.")
            } else {
                ApiError::malformed("The form could not be read.")
            })
        })?;
        let mut pairs = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .map_err(|_| WebError(ApiError::malformed("The form could not be read.")))?;
        // See `crate::input`: a NUL character is dropped.
        for (k, v) in &mut pairs {
            crate::input::strip(k);
            crate::input::strip(v);
        }
        Ok(FormData(pairs))
    }
}

impl FormData {
    /// A query string read the same way (a malformed one reads as empty).
    pub fn from_query(raw: Option<&str>) -> FormData {
        FormData(raw.and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default())
    }

    /// The first value of `name`, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    /// The value of `name`, trimmed, or `None` when empty.
    pub fn opt(&self, name: &str) -> Option<String> {
        let v = self.get(name).trim();
        (!v.is_empty()).then(|| v.to_string())
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }
}

/// Percent-encodes a query value.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A date as people type it (`DD-MM-YYYY`, `DD/MM/YYYY`, `DD.MM.YYYY`, day
/// and month of one or two digits, in ASCII or Devanagari digits) or as a
/// date picker sends it (`YYYY-MM-DD`), in the API's `YYYY-MM-DD`. Anything
/// else, a real day or not, is passed on trimmed, for the domain
/// (`saathi_domain::dates`) to call a bad date.
pub fn normalise_date(s: &str) -> String {
    let s = s.trim();
    let ascii: String = s
        .chars()
        .map(|c| match c {
            '०'..='९' => char::from_digit(u32::from(c) - u32::from('०'), 10).unwrap_or(c),
            c => c,
        })
        .collect();
    let Some(sep) = ascii.chars().find(|c| matches!(c, '-' | '/' | '.')) else { return s.to_string() };
    let parts: Vec<&str> = ascii.split(sep).collect();
    let number = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let canonical = match parts[..] {
        [y, m, d] if sep == '-' && y.len() == 4 && m.len() <= 2 && d.len() <= 2 => Some((y, m, d)),
        [d, m, y] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => Some((y, m, d)),
        _ => None,
    }
    .filter(|(y, m, d)| [y, m, d].iter().all(|p| number(p)))
    .map(|(y, m, d)| format!("{y}-{m:0>2}-{d:0>2}"));
    match canonical {
        Some(c) if saathi_domain::dates::parse(&c).is_some() => c,
        _ => s.to_string(),
    }
}

/// The message for a field's error code: a field-specific one
/// (`err-password-too_short`) if there is one, else the code's (`err-too_short`).
pub fn field_message(lang: Lang, field: &str, code: &str) -> String {
    lang.try_t(&format!("err-{field}-{code}"))
        .or_else(|| lang.try_t(&format!("err-{code}")))
        .unwrap_or_else(|| lang.t("err-invalid"))
}

/// Localized messages by field, from an API error, in the order of `known`
/// (the form's fields); a message for a field the form lacks goes under
/// `_form`, shown above the form.
pub fn messages(lang: Lang, err: &ApiError, known: &[&str]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let empty = FieldErrors::new();
    for f in &err.fields.as_ref().unwrap_or(&empty).0 {
        let key = if known.contains(&f.field) { f.field.to_string() } else { "_form".to_string() };
        if out.iter().any(|(k, _)| *k == key) {
            continue;
        }
        out.push((key, field_message(lang, f.field, f.code)));
    }
    // In the order of the form (`known`), form-wide messages first.
    out.sort_by_key(|(k, _)| known.iter().position(|f| f == k).map_or(0, |i| i + 1));
    out
}

/// One input of a form, ready for the `field` macros in `templates/macros.html`.
pub struct Field {
    pub name: &'static str,
    pub label: String,
    pub value: String,
    pub hint: Option<String>,
    pub error: Option<String>,
    /// Marked `aria-invalid` (with or without a message of its own).
    pub invalid: bool,
    pub required: bool,
}

impl Field {
    pub fn new(name: &'static str, label: String, value: impl Into<String>) -> Field {
        Field { name, label, value: value.into(), hint: None, error: None, invalid: false, required: false }
    }

    pub fn hint(mut self, hint: String) -> Field {
        self.hint = Some(hint);
        self
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    /// Takes this field's message, if `errors` has one.
    pub fn error_from(mut self, errors: &[(String, String)]) -> Field {
        self.error = errors.iter().find(|(k, _)| k == self.name).map(|(_, m)| m.clone());
        self.invalid = self.error.is_some();
        self
    }

    pub fn id(&self) -> String {
        format!("f-{}", self.name)
    }

    /// The ids of the hint and the error, for `aria-describedby`.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("f-{}-hint", self.name));
        }
        if self.error.is_some() {
            ids.push(format!("f-{}-error", self.name));
        }
        ids.join(" ")
    }
}

/// One `<option>` (or radio/checkbox) of a choice.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
    /// The option's own language, when its label is in it (language names).
    pub lang: Option<&'static str>,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: String, selected: bool) -> Choice {
        Choice { value: value.into(), label, selected, lang: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_people_write_them() {
        assert_eq!(normalise_date("2026-11-21"), "2026-11-21");
        assert_eq!(normalise_date(" 21-11-2026 "), "2026-11-21");
        assert_eq!(normalise_date("21/11/2026"), "2026-11-21");
        assert_eq!(normalise_date("21.11.2026"), "2026-11-21");
        assert_eq!(normalise_date("31-02-2026"), "31-02-2026");
        assert_eq!(normalise_date("kal"), "kal");
        assert_eq!(normalise_date("5-1-2026"), "2026-01-05");
        assert_eq!(normalise_date("2026-1-5"), "2026-01-05");
        assert_eq!(normalise_date("२१-११-२०२६"), "2026-11-21", "Devanagari digits");
        assert_eq!(normalise_date("२०२६-११-२१"), "2026-11-21");
        // Out of range or not in a form people write: left for the domain to refuse.
        assert_eq!(normalise_date("+262142-12-01"), "+262142-12-01");
        assert_eq!(normalise_date("01-12-+262142"), "01-12-+262142");
        assert_eq!(normalise_date("01-12-2101"), "01-12-2101");
        assert_eq!(normalise_date("+2026-01-05"), "+2026-01-05");
        assert_eq!(normalise_date("2026-01-05-01"), "2026-01-05-01");
        assert_eq!(normalise_date("2026/01/05"), "2026/01/05");
        for typed in ["21-11-2026", "2026-1-5", "२१-११-२०२६", "+262142-12-01", "0-0-2026", "1-1-1"] {
            let n = normalise_date(typed);
            assert!(
                saathi_domain::dates::parse(&n).is_none_or(|d| saathi_domain::dates::format(d) == n),
                "{typed}: what the domain accepts is canonical"
            );
        }
    }

    #[test]
    fn field_messages_prefer_the_specific_one() {
        let specific = field_message(Lang::En, "password", "too_short");
        let general = field_message(Lang::En, "login", "required");
        assert!(specific.contains('8'), "{specific}");
        assert_ne!(general, "err-required");
        assert_ne!(field_message(Lang::Hi, "x", "required"), field_message(Lang::En, "x", "required"));
        assert_eq!(field_message(Lang::En, "x", "no_such_code"), Lang::En.t("err-invalid"));
    }

    #[test]
    fn every_domain_code_has_a_message_in_both_languages() {
        for code in [
            "required",
            "too_long",
            "too_short",
            "bad_characters",
            "unknown",
            "implausible",
            "in_future",
            "bad_date",
            "bad_phone",
            "too_many",
            "bad_item",
            "taken",
            "not_a_counselor",
            "use_discharge",
            "not_possible",
            "out_of_range",
            "bad_name",
            "changed_meanwhile",
            "own_mentor",
        ] {
            for lang in Lang::ALL {
                assert!(lang.try_t(&format!("err-{code}")).is_some(), "err-{code} in {}", lang.code());
            }
        }
    }

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(urlencode("/members?q=a b&x=1"), "/members%3Fq%3Da%20b%26x%3D1");
        assert_eq!(urlencode("राम"), "%E0%A4%B0%E0%A4%BE%E0%A4%AE");
    }

    #[test]
    fn form_fields() {
        let f = FormData(vec![
            ("a".into(), " x ".into()),
            ("s".into(), "1".into()),
            ("s".into(), "2".into()),
            ("e".into(), "  ".into()),
        ]);
        assert_eq!(f.get("a"), " x ");
        assert_eq!(f.opt("a"), Some("x".into()));
        assert_eq!(f.opt("e"), None);
        assert_eq!(f.all("s"), ["1", "2"]);
        assert_eq!(f.get("missing"), "");
        let field =
            Field::new("login", "Login".into(), "").hint("h".into()).error_from(&[("login".into(), "bad".into())]);
        assert_eq!(field.described_by(), "f-login-hint f-login-error");
        assert_eq!(field.error.as_deref(), Some("bad"));
    }
}
