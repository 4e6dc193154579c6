//! Field errors: every failing field is reported at once, with a stable code
//! the pages translate into the reader's language.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    /// A stable, translatable code such as `too_long` or `in_future`.
    pub code: &'static str,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &'static str, code: &'static str) {
        self.0.push(FieldError { field, code });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }

    /// Required text, trimmed, between 1 and `max` characters.
    pub fn text(&mut self, field: &'static str, value: &str, max: usize) {
        let v = value.trim();
        if v.is_empty() {
            self.add(field, "required");
        } else if v.chars().count() > max {
            self.add(field, "too_long");
        }
    }

    /// Optional text of at most `max` characters.
    pub fn optional_text(&mut self, field: &'static str, value: Option<&str>, max: usize) {
        if let Some(v) = value
            && v.chars().count() > max
        {
            self.add(field, "too_long");
        }
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|e| format!("{}: {}", e.field, e.code)).collect();
        f.write_str(&parts.join(", "))
    }
}

/// Limits shared by the API and the pages.
pub mod limits {
    pub const LOGIN: usize = 64;
    pub const NAME: usize = 100;
    pub const PASSWORD_MIN: usize = 8;
    pub const PASSWORD_MAX: usize = 256;
    pub const SUBSTANCE: usize = 40;
    pub const SUBSTANCES: usize = 10;
    pub const PHONE: usize = 20;
    pub const HELPLINES: usize = 10;
    pub const SEARCH: usize = 100;
    pub const NOTE: usize = 2000;
}

/// An e-mail address Saathi can send to: ASCII only (the relay is not asked
/// for SMTPUTF8), at most 254 bytes, one `@` with a name before it and a
/// dotted domain after it, nothing that could break out of an SMTP command
/// or a header (spaces, line breaks, `<>,;"()`).
pub fn plausible_email(a: &str) -> bool {
    let bad = |c: char| !c.is_ascii_graphic() || matches!(c, '<' | '>' | ',' | ';' | '"' | '(' | ')');
    match a.split_once('@') {
        Some((local, domain)) => {
            a.len() <= 254
                && !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !a.chars().any(bad)
        }
        None => false,
    }
}

/// A login: 3–64 characters of letters, digits, `.`, `_`, `-`, or a phone number.
pub fn check_login(errors: &mut FieldErrors, login: &str) {
    let n = login.chars().count();
    if n < 3 {
        errors.add("login", if n == 0 { "required" } else { "too_short" });
    } else if n > limits::LOGIN {
        errors.add("login", "too_long");
    } else if !login.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+')) {
        errors.add("login", "bad_characters");
    }
}

pub fn check_password(errors: &mut FieldErrors, password: &str) {
    let n = password.chars().count();
    if n < limits::PASSWORD_MIN {
        errors.add("password", "too_short");
    } else if n > limits::PASSWORD_MAX {
        errors.add("password", "too_long");
    }
}

/// A phone number: digits with an optional leading `+`, 6–15 digits.
pub fn check_phone(errors: &mut FieldErrors, field: &'static str, phone: &str) {
    let digits = phone.strip_prefix('+').unwrap_or(phone);
    if digits.len() < 3 || digits.len() > 15 || !digits.chars().all(|c| c.is_ascii_digit()) {
        errors.add(field, "bad_phone");
    }
}

/// Language codes are ISO 639-1 style: two or three lowercase letters.
pub fn check_language(errors: &mut FieldErrors, lang: &str) {
    let ok = (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_lowercase());
    if !ok {
        errors.add("language", "unknown");
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn e_mail_addresses_saathi_can_send_to() {
        for ok in ["asha@example.org", "a.b+c@mail.example.co.in"] {
            assert!(plausible_email(ok), "{ok}");
        }
        let long = format!("{}@example.org", "a".repeat(243));
        assert!(!plausible_email(&long), "255 bytes");
        assert!(plausible_email(&long[1..]), "254 bytes");
        for bad in [
            "राम@उदाहरण.भारत",
            "ram@उदाहरण.in",
            "no-at.example.org",
            "@example.org",
            "a@localhost",
            "a@.example.org",
            "a@example.org.",
            "a b@example.org",
            "a@b@example.org",
            "a@example.org\r\nRCPT",
            "<a@example.org>",
            "a@example.org\0",
        ] {
            assert!(!plausible_email(bad), "{bad}");
        }
    }

    use super::*;

    #[test]
    fn collects_every_error() {
        let mut e = FieldErrors::new();
        check_login(&mut e, "a b");
        check_password(&mut e, "short");
        e.text("display_name", "   ", 10);
        assert_eq!(e.0.len(), 3);
        assert_eq!(e.0[0], FieldError { field: "login", code: "bad_characters" });
    }

    #[test]
    fn phones() {
        let mut e = FieldErrors::new();
        check_phone(&mut e, "phone", "+919812345678");
        check_phone(&mut e, "phone", "14416");
        check_phone(&mut e, "phone", "112");
        assert!(e.is_empty());
        check_phone(&mut e, "phone", "12ab");
        assert_eq!(e.0.len(), 1);
    }
}
