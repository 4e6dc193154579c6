//! The two languages of the web app, English and Hindi (Devanagari), from
//! Fluent files embedded in the binary (`locales/{en,hi}/*.ftl`: `main.ftl`
//! and one file per part of the app that has many messages of its own).
//!
//! Which language a page is in: the signed-in user's saved choice, else the
//! `saathi_lang` cookie (a visitor's choice), else the browser's
//! `Accept-Language`, else English.

use chrono::{Datelike, NaiveDate};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use std::borrow::Cow;
use std::collections::HashMap;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LanguageIdentifier = langid!("en");
static HI: LanguageIdentifier = langid!("hi");

/// A language the pages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Hi,
}

/// A Fluent argument: text or a number (numbers choose plural forms).
#[derive(Debug, Clone)]
pub enum Arg {
    Str(String),
    Num(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Str(s.clone())
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// Anything a template passes as a message argument, by value or by
/// reference (askama hands templates references).
pub trait IntoArg {
    fn into_arg(self) -> Arg;
}

impl IntoArg for Arg {
    fn into_arg(self) -> Arg {
        self
    }
}

impl IntoArg for &str {
    fn into_arg(self) -> Arg {
        Arg::Str(self.to_string())
    }
}

impl IntoArg for String {
    fn into_arg(self) -> Arg {
        Arg::Str(self)
    }
}

impl IntoArg for &String {
    fn into_arg(self) -> Arg {
        Arg::Str(self.clone())
    }
}

impl IntoArg for i64 {
    fn into_arg(self) -> Arg {
        Arg::Num(self)
    }
}

impl IntoArg for &i64 {
    fn into_arg(self) -> Arg {
        Arg::Num(*self)
    }
}

impl IntoArg for usize {
    fn into_arg(self) -> Arg {
        Arg::from(self)
    }
}

impl<T: ?Sized> IntoArg for &&T
where
    for<'a> &'a T: IntoArg,
{
    fn into_arg(self) -> Arg {
        (*self).into_arg()
    }
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Hi];

    /// `"en"`/`"hi"` (any case, with or without a region such as `hi-IN`).
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else if primary.eq_ignore_ascii_case("hi") {
            Some(Lang::Hi)
        } else {
            None
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Hi => "hi",
        }
    }

    /// The language's own name, as the language switch shows it.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Hi => "हिन्दी",
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::En => &EN,
            Lang::Hi => &HI,
        }
    }

    /// The message `key`; a missing key shows as the key itself (and is
    /// caught by the tests).
    pub fn t(self, key: &str) -> String {
        self.try_t(key).unwrap_or_else(|| key.to_string())
    }

    /// The message `key`, if it exists.
    pub fn try_t(self, key: &str) -> Option<String> {
        LOCALES.try_lookup(self.id(), key)
    }

    /// The message `key` with arguments.
    pub fn t_args(self, key: &str, args: &[(&str, Arg)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    Arg::Str(s) => FluentValue::from(s.clone()),
                    Arg::Num(n) => FluentValue::from(*n),
                };
                (Cow::Owned((*k).to_string()), value)
            })
            .collect();
        LOCALES.try_lookup_with_args(self.id(), key, &map).unwrap_or_else(|| key.to_string())
    }

    /// A date the Indian way: "21 November 2026" / "21 नवंबर 2026".
    pub fn date(self, d: NaiveDate) -> String {
        let month = self.t(&format!("month-{}", d.month()));
        format!("{} {} {}", d.day(), month, d.year())
    }

    /// A compact date for tables: DD-MM-YYYY.
    pub fn date_short(self, d: NaiveDate) -> String {
        d.format("%d-%m-%Y").to_string()
    }

    /// A `YYYY-MM-DD` string as [`Lang::date`], or as it is when it is not a date.
    pub fn iso_date(self, s: &str) -> String {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map(|d| self.date(d)).unwrap_or_else(|_| s.to_string())
    }

    /// A moment (UTC millis) as a date and 24-hour time in `tz`.
    pub fn datetime(self, ms: i64, tz: chrono_tz::Tz) -> String {
        match chrono::DateTime::from_timestamp_millis(ms) {
            Some(t) => {
                let local = t.with_timezone(&tz);
                format!("{}, {}", self.date(local.date_naive()), local.format("%H:%M"))
            }
            None => String::new(),
        }
    }
}

/// `Accept-Language` entries in the order of preference (q-values
/// respected, `q=0` dropped, ties keep the header's order).
fn accepted(header: &str) -> Vec<&str> {
    let mut entries: Vec<(usize, f32, &str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            if tag.is_empty() {
                return None;
            }
            let mut q = 1.0_f32;
            for p in pieces {
                if let Some(v) = p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")) {
                    q = v.trim().parse::<f32>().ok().filter(|q| q.is_finite()).unwrap_or(0.0).clamp(0.0, 1.0);
                }
            }
            (q > 0.0).then_some((i, q, tag))
        })
        .collect();
    entries.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    entries.into_iter().map(|(_, _, tag)| tag).collect()
}

/// The first of our languages the browser asks for.
pub fn from_accept_language(header: &str) -> Option<Lang> {
    accepted(header).into_iter().find_map(Lang::from_code)
}

/// Chooses the page language: the user's saved language (a code other than
/// `hi`/`en` means English), else the cookie, else `Accept-Language`, else English.
pub fn negotiate(user_language: Option<&str>, cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
    if let Some(code) = user_language {
        return Lang::from_code(code).unwrap_or(Lang::En);
    }
    if let Some(lang) = cookie.and_then(Lang::from_code) {
        return lang;
    }
    accept_language.and_then(from_accept_language).unwrap_or(Lang::En)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_round_trip() {
        for l in Lang::ALL {
            assert_eq!(Lang::from_code(l.code()), Some(l));
        }
        assert_eq!(Lang::from_code("hi-IN"), Some(Lang::Hi));
        assert_eq!(Lang::from_code("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_code("mr"), None);
        assert_eq!(Lang::from_code(""), None);
    }

    #[test]
    fn accept_language_respects_q_values() {
        assert_eq!(from_accept_language("hi-IN,hi;q=0.9,en-US;q=0.8,en;q=0.7"), Some(Lang::Hi));
        assert_eq!(from_accept_language("en;q=0.5, hi;q=0.8"), Some(Lang::Hi));
        assert_eq!(from_accept_language("mr-IN, hi;q=0.4, en;q=0.6"), Some(Lang::En));
        assert_eq!(from_accept_language("hi;q=0, en;q=0.1"), Some(Lang::En));
        assert_eq!(from_accept_language("fr, de;q=0.9"), None);
        assert_eq!(from_accept_language("*"), None);
        assert_eq!(from_accept_language(""), None);
        assert_eq!(from_accept_language("hi;q=abc, en"), Some(Lang::En));
        // Ties keep the header's order.
        assert_eq!(from_accept_language("hi, en"), Some(Lang::Hi));
        assert_eq!(from_accept_language("en, hi"), Some(Lang::En));
    }

    #[test]
    fn the_user_wins_then_the_cookie_then_the_browser() {
        assert_eq!(negotiate(Some("hi"), Some("en"), Some("en")), Lang::Hi);
        assert_eq!(negotiate(Some("en"), Some("hi"), Some("hi")), Lang::En);
        // A saved language we do not have falls back to English.
        assert_eq!(negotiate(Some("mr"), Some("hi"), Some("hi")), Lang::En);
        assert_eq!(negotiate(None, Some("hi"), Some("en")), Lang::Hi);
        assert_eq!(negotiate(None, Some("xx"), Some("hi-IN,en;q=0.5")), Lang::Hi);
        assert_eq!(negotiate(None, None, Some("hi-IN")), Lang::Hi);
        assert_eq!(negotiate(None, None, Some("ta-IN")), Lang::En);
        assert_eq!(negotiate(None, None, None), Lang::En);
    }

    #[test]
    fn messages_and_arguments() {
        assert_eq!(Lang::En.t("app-name"), "Saathi");
        assert_eq!(Lang::Hi.t("app-name"), "साथी");
        assert_eq!(Lang::En.t("no-such-key"), "no-such-key");
        assert_eq!(Lang::En.t_args("days-sober", &[("days", Arg::Num(1))]), "1 day sober");
        assert_eq!(Lang::En.t_args("days-sober", &[("days", Arg::Num(12))]), "12 days sober");
        // No bidi isolation marks around arguments.
        assert!(!Lang::Hi.t_args("days-sober", &[("days", Arg::Num(12))]).contains('\u{2068}'));
        assert!(Lang::Hi.t_args("days-sober", &[("days", Arg::Num(12))]).contains("12"));
    }

    #[test]
    fn indian_dates() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
        assert_eq!(Lang::En.date(d), "21 November 2026");
        assert_eq!(Lang::Hi.date(d), "21 नवंबर 2026");
        assert_eq!(Lang::Hi.date_short(d), "21-11-2026");
        assert_eq!(Lang::En.iso_date("2026-11-21"), "21 November 2026");
        assert_eq!(Lang::En.iso_date("garbage"), "garbage");
        // 18:40 UTC is 00:10 the next day in Kolkata.
        let ms = chrono::NaiveDate::from_ymd_opt(2026, 11, 21)
            .and_then(|d| d.and_hms_opt(18, 40, 0))
            .expect("time")
            .and_utc()
            .timestamp_millis();
        assert_eq!(Lang::En.datetime(ms, chrono_tz::Asia::Kolkata), "22 November 2026, 00:10");
    }

    /// The ids of an .ftl file's messages and terms (after checking it parses).
    fn message_ids(ftl: &str) -> BTreeSet<String> {
        if let Err((_, errors)) = fluent_templates::fluent_bundle::FluentResource::try_new(ftl.to_string()) {
            panic!("the .ftl file does not parse: {errors:?}");
        }
        ftl.lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic() || c == '-'))
            .filter_map(|l| l.split_once('='))
            .map(|(id, _)| id.trim().to_string())
            .collect()
    }

    /// Every .ftl file of a language (each part of the app may have its
    /// own), by file name.
    fn ftl_files(lang: &str) -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(lang);
        let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
            .expect("locales directory")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .map(|p| {
                let name = p.file_name().expect("name").to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&p).expect("readable .ftl"))
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn english_and_hindi_have_the_same_files_and_messages() {
        let en = ftl_files("en");
        let hi = ftl_files("hi");
        let names = |f: &[(String, String)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&en), names(&hi), "both languages need the same .ftl files");
        let mut all = BTreeSet::new();
        for ((name, en), (_, hi)) in en.iter().zip(&hi) {
            let en = message_ids(en);
            let hi = message_ids(hi);
            let only_en: Vec<_> = en.difference(&hi).collect();
            let only_hi: Vec<_> = hi.difference(&en).collect();
            assert!(only_en.is_empty(), "missing in hi/{name}: {only_en:?}");
            assert!(only_hi.is_empty(), "missing in en/{name}: {only_hi:?}");
            for id in en {
                assert!(all.insert(id.clone()), "{id} is defined in more than one file ({name})");
            }
        }
        assert!(all.len() > 50, "too few messages: {}", all.len());
    }

    #[test]
    fn every_message_without_arguments_resolves_in_its_own_language() {
        let files = [(Lang::En, ftl_files("en")), (Lang::Hi, ftl_files("hi"))];
        for (lang, ftl) in files.iter().flat_map(|(l, f)| f.iter().map(move |(_, text)| (*l, text.as_str()))) {
            for id in message_ids(ftl).iter().filter(|id| !id.starts_with('-')) {
                let text = LOCALES.lookup_single_language::<&str>(lang.id(), id, None);
                // Messages that need arguments fail to format without them,
                // but every message must exist in its own language.
                if let Err(e) = &text {
                    let missing = format!("{e:?}");
                    assert!(
                        !missing.contains("MessageRetrieval") && !missing.contains("LangNotLoaded"),
                        "{id} in {}: {e:?}",
                        lang.code()
                    );
                }
            }
        }
    }
}
