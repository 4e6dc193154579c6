//! Safety screening: finds crisis language (self-harm and suicide, overdose,
//! intent to use, violence) in a chat message, in English, Hindi written in
//! Devanagari and romanised Hindi (Hinglish).
//!
//! The lexicon is data (`data/screening_lexicon.txt`, format documented at its
//! top); a centre may add its own lines with [`Lexicon::merge`]. A [`Screener`]
//! is built once from a lexicon and shared (`Send + Sync`); [`Screener::screen`]
//! costs a few microseconds per message and may be called before storing every
//! message.
//!
//! Matching works on a *skeleton* of the text, computed the same way for the
//! message and for every lexicon phrase:
//! - lower case; punctuation, symbols and emoji become word breaks; apostrophes,
//!   zero-width characters and soft hyphens vanish (`can't` = `cant`);
//! - a run of one letter counts once (`dieeee` = `die`, `pills` = `pils`);
//! - Latin letters: `e`≈`i`, `o`≈`u`, `w`≈`v`, `z`≈`j`, `q`≈`k`; an `h` after a
//!   vowel or after `n r m l y v` is dropped (`nahi` = `nai`, `chahta` =
//!   `chahata` = `chata`, `rha` = `raha`); a final `n` after a vowel is dropped
//!   in words of three or more letters (`hoon` = `hu`, `goliyaan` = `goliya`);
//! - Devanagari: nukta, chandrabindu and anusvara are dropped, precomposed nukta
//!   letters become their base letter, long `ी ू ई ऊ` become short `ि ु इ उ`;
//! - a number of two or more digits (ASCII or Devanagari) matches any other
//!   such number (`took 15 tablets` = `took 20 tablets`);
//! - whole words that the lexicon lists as spelling variants (`same` lines)
//!   become their first spelling (`nhi`, `nai`, `nahin` → `nahi`).
//!
//! Phrases match whole words only ("skill" never hits "kill"). A hit is
//! dropped when an exception phrase of its category (or of every category)
//! overlaps it ("I killed it in the interview").

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::Serialize;

/// The built-in lexicon.
pub const DEFAULT_LEXICON: &str = include_str!("../data/screening_lexicon.txt");

/// Longest phrase (in characters) a lexicon line may hold.
pub const MAX_PHRASE_CHARS: usize = 200;
/// Most lines one lexicon text (the built-in one or a centre's) may hold.
pub const MAX_LINES: usize = 20_000;

/// What a hit is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Self-harm and suicide.
    SelfHarm,
    Overdose,
    IntentToUse,
    Violence,
}

impl Category {
    pub const ALL: [Category; 4] = [Category::SelfHarm, Category::Overdose, Category::IntentToUse, Category::Violence];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::SelfHarm => "self_harm",
            Category::Overdose => "overdose",
            Category::IntentToUse => "intent_to_use",
            Category::Violence => "violence",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding in a message: which category, which lexicon phrase (as
/// written in the lexicon), and where in the message (byte offsets into the
/// original text, on char boundaries; `&message[start..end]` is the matched
/// text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    pub category: Category,
    pub phrase: String,
    pub start: usize,
    pub end: usize,
}

/// A bad lexicon line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    /// 1-based line number in the text that was parsed.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for LexiconError {}

/// Which categories an exception line covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    One(Category),
    Every,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Phrase {
    scope: Scope,
    exception: bool,
    written: String,
}

/// A parsed lexicon: phrases, exceptions and spelling variants. Parse the
/// built-in one with [`Lexicon::builtin`], add a centre's lines with
/// [`Lexicon::merge`], then build a [`Screener`].
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    phrases: Vec<Phrase>,
    /// Spelling-variant groups, the first word canonical.
    same: Vec<Vec<String>>,
}

impl Lexicon {
    /// The built-in lexicon.
    pub fn builtin() -> Lexicon {
        let mut lexicon = Lexicon::default();
        if let Err(errors) = lexicon.merge(DEFAULT_LEXICON) {
            // A unit test keeps the built-in file valid; never reached.
            debug_assert!(errors.is_empty(), "built-in lexicon: {errors:?}");
        }
        lexicon
    }

    /// Parses `text` (lexicon format) and adds its lines. On any bad line
    /// nothing is added and every bad line is reported with its number.
    pub fn merge(&mut self, text: &str) -> Result<(), Vec<LexiconError>> {
        let mut errors = Vec::new();
        let mut phrases = Vec::new();
        let mut same = Vec::new();
        if text.lines().count() > MAX_LINES {
            return Err(vec![err(MAX_LINES + 1, &format!("more than {MAX_LINES} lines"))]);
        }
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let content = raw.trim();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let Some((head, rest)) = content.split_once('\t') else {
                errors.push(err(line, "expected CATEGORY<TAB>PHRASE (no tab found)"));
                continue;
            };
            let head = head.trim();
            let rest = rest.trim();
            if head == "same" {
                let words: Vec<String> = rest.split_whitespace().map(str::to_owned).collect();
                if words.len() < 2 {
                    errors.push(err(line, "a `same` line needs at least two spellings"));
                } else if let Some(w) = words.iter().find(|w| skeleton_word(w).is_empty()) {
                    errors.push(err(line, &format!("`{w}` has no letters")));
                } else {
                    same.push(words);
                }
                continue;
            }
            let scope = if head == "*" {
                Scope::Every
            } else if let Some(c) = Category::parse(head) {
                Scope::One(c)
            } else {
                errors.push(err(
                    line,
                    &format!("unknown category `{head}` (self_harm, overdose, intent_to_use, violence, *, same)"),
                ));
                continue;
            };
            let (exception, written) = match rest.strip_prefix('-') {
                Some(p) => (true, p.trim()),
                None => (false, rest),
            };
            if !exception && scope == Scope::Every {
                errors.push(err(line, "`*` is only for exceptions (`*<TAB>-phrase`)"));
                continue;
            }
            if written.chars().count() > MAX_PHRASE_CHARS {
                errors.push(err(line, &format!("phrase longer than {MAX_PHRASE_CHARS} characters")));
                continue;
            }
            let parts: Vec<&str> = written.split("..").collect();
            if parts.len() > MAX_PARTS {
                errors.push(err(line, &format!("more than {MAX_PARTS} parts (`a .. b`)")));
                continue;
            }
            if parts.iter().any(|p| skeleton_word(p).is_empty()) {
                errors.push(err(line, "empty phrase or part (no letters or digits)"));
                continue;
            }
            phrases.push(Phrase { scope, exception, written: written.to_owned() });
        }
        // Spelling variants must not contradict each other or the lexicon so far.
        let mut owner: HashMap<String, String> = HashMap::new();
        for group in &self.same {
            let canon = skeleton_word(&group[0]);
            for w in group {
                owner.insert(skeleton_word(w), canon.clone());
            }
        }
        for (i, raw) in text.lines().enumerate() {
            let content = raw.trim();
            let Some(rest) = content.strip_prefix("same\t") else { continue };
            let words: Vec<&str> = rest.split_whitespace().collect();
            if words.len() < 2 {
                continue;
            }
            let canon = skeleton_word(words[0]);
            for w in &words {
                let sk = skeleton_word(w);
                if sk.is_empty() {
                    continue;
                }
                match owner.get(&sk) {
                    Some(other) if *other != canon => errors.push(err(
                        i + 1,
                        &format!("`{w}` is already a spelling of another word (`{other}` in skeleton form)"),
                    )),
                    _ => {
                        owner.insert(sk, canon.clone());
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        self.phrases.extend(phrases);
        self.same.extend(same);
        Ok(())
    }

    /// The number of alerting phrases and of exceptions.
    pub fn counts(&self) -> (usize, usize) {
        let exceptions = self.phrases.iter().filter(|p| p.exception).count();
        (self.phrases.len() - exceptions, exceptions)
    }
}

fn err(line: usize, message: &str) -> LexiconError {
    LexiconError { line, message: message.to_owned() }
}

/// One lexicon line as matched: one phrase, or up to [`MAX_PARTS`] parts
/// written `a .. b` that must appear in order with at most [`MAX_GAP`] words
/// between neighbours.
#[derive(Debug)]
struct Rule {
    scope: Scope,
    exception: bool,
    written: Box<str>,
    parts: u8,
}

/// Most words allowed between the parts of an `a .. b` phrase.
pub const MAX_GAP: usize = 3;
/// Most parts in an `a .. b` phrase.
pub const MAX_PARTS: usize = 4;

/// The screening engine. Build once, share everywhere (`Send + Sync`).
#[derive(Debug)]
pub struct Screener {
    automaton: AhoCorasick,
    /// For every automaton pattern: the (rule, part) pairs it stands for
    /// (several lines may share a skeleton).
    entries: Vec<Vec<(u32, u8)>>,
    rules: Vec<Rule>,
    normalizer: Normalizer,
}

/// Computes skeletons (see the module documentation).
#[derive(Debug)]
struct Normalizer {
    /// Skeleton of a spelling variant → skeleton of its first spelling.
    same: HashMap<Box<str>, Box<str>, BuildHasherDefault<Fnv>>,
    /// For every first byte, the lengths (bit n: n bytes, bit 63: 63 or
    /// more) of the variants starting with it: most words skip the lookup.
    shapes: Box<[u64; 256]>,
}

fn shape_bit(len: usize) -> u64 {
    1 << len.min(63)
}

static BUILTIN: LazyLock<Screener> = LazyLock::new(|| Screener::new(&Lexicon::builtin()));

impl Screener {
    /// The screener over the built-in lexicon, built on first use.
    pub fn builtin() -> &'static Screener {
        &BUILTIN
    }

    /// The screener over the built-in lexicon plus a centre's lines.
    pub fn with_center_lines(center: &str) -> Result<Screener, Vec<LexiconError>> {
        let mut lexicon = Lexicon::builtin();
        lexicon.merge(center)?;
        Ok(Screener::new(&lexicon))
    }

    pub fn new(lexicon: &Lexicon) -> Screener {
        let mut same = HashMap::default();
        let mut shapes = Box::new([0u64; 256]);
        for group in &lexicon.same {
            let canon: Box<str> = skeleton_word(&group[0]).into();
            for w in &group[1..] {
                let sk = skeleton_word(w);
                if *sk != *canon {
                    shapes[usize::from(sk.as_bytes()[0])] |= shape_bit(sk.len());
                    same.insert(sk.into_boxed_str(), canon.clone());
                }
            }
        }
        let normalizer = Normalizer { same, shapes };
        let mut entries: Vec<Vec<(u32, u8)>> = Vec::new();
        let mut rules: Vec<Rule> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut buf = Scratch::default();
        for p in &lexicon.phrases {
            let rule = rules.len() as u32;
            let parts: Vec<&str> = p.written.split("..").collect();
            for (k, part) in parts.iter().enumerate() {
                normalizer.normalize(part, &mut buf);
                let key = buf.norm.text.clone();
                let id = *index.entry(key.clone()).or_insert_with(|| {
                    patterns.push(key);
                    entries.push(Vec::new());
                    patterns.len() - 1
                });
                entries[id].push((rule, k as u8));
            }
            rules.push(Rule {
                scope: p.scope,
                exception: p.exception,
                written: p.written.as_str().into(),
                parts: parts.len() as u8,
            });
        }
        // A lexicon is at most a few hundred thousand short phrases (see
        // MAX_LINES), far inside the automaton's limits.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .or_else(|_| AhoCorasick::builder().match_kind(MatchKind::Standard).build(&patterns))
            .unwrap_or_else(|e| unreachable!("lexicon patterns are small: {e}"));
        Screener { automaton, entries, rules, normalizer }
    }

    /// The hits in `message`, ordered by position. Empty when nothing alerts.
    /// Overlapping hits of one category are one finding: the longest phrase.
    pub fn screen(&self, message: &str) -> Vec<Hit> {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => {
                let hits = self.screen_with(message, &mut scratch);
                if scratch.norm.text.capacity() > 1 << 16 {
                    *scratch = Scratch::default();
                }
                hits
            }
            Err(_) => self.screen_with(message, &mut Scratch::default()),
        })
    }

    fn screen_with(&self, message: &str, scratch: &mut Scratch) -> Vec<Hit> {
        self.normalizer.normalize(message, scratch);
        let Scratch { norm, found, parts, .. } = scratch;
        // Matches of whole rules as (norm start, norm end, rule), and of
        // parts of `a .. b` rules as (rule, part, start, end).
        found.clear();
        parts.clear();
        for m in self.automaton.find_overlapping_iter(&norm.text) {
            for &(rule, part) in &self.entries[m.pattern().as_usize()] {
                if self.rules[rule as usize].parts == 1 {
                    found.push((m.start(), m.end(), rule));
                } else {
                    parts.push((rule, part, m.start(), m.end()));
                }
            }
        }
        if !parts.is_empty() {
            parts.sort_unstable();
            for group in parts.chunk_by(|a, b| a.0 == b.0) {
                let rule = group[0].0;
                let n = self.rules[rule as usize].parts;
                for first in group.iter().filter(|p| p.1 == 0) {
                    if let Some(end) = chain(&norm.text, group, 1, n, first.3) {
                        found.push((first.2, end, rule));
                    }
                }
            }
        }
        if found.iter().all(|f| self.rules[f.2 as usize].exception) {
            return Vec::new();
        }
        let mut kept: Vec<(usize, usize, Category, &str)> = Vec::new();
        for &(s, e, rule) in found.iter() {
            let rule = &self.rules[rule as usize];
            let Scope::One(category) = rule.scope else { continue };
            if rule.exception {
                continue;
            }
            // Patterns begin and end with a space shared with neighbours, so
            // overlap means sharing more than that one byte.
            let excepted = found.iter().any(|&(xs, xe, x)| {
                let x = &self.rules[x as usize];
                x.exception && (x.scope == Scope::Every || x.scope == Scope::One(category)) && xs + 1 < e && s + 1 < xe
            });
            if !excepted {
                kept.push((s, e, category, &rule.written));
            }
        }
        // Longest first; a hit overlapping a kept hit of its category is the
        // same finding and is left out.
        kept.sort_by_key(|&(s, e, c, _)| (std::cmp::Reverse(e - s), s, c));
        let mut chosen: Vec<(usize, usize, Category, &str)> = Vec::with_capacity(kept.len());
        for k in kept {
            let (s, e, category, _) = k;
            if !chosen.iter().any(|&(s2, e2, c2, _)| c2 == category && s2 + 1 < e && s + 1 < e2) {
                chosen.push(k);
            }
        }
        let mut hits: Vec<Hit> = chosen
            .into_iter()
            .map(|(s, e, category, written)| {
                let (start, end) = norm.span(s, e);
                Hit { category, phrase: written.to_owned(), start, end }
            })
            .collect();
        hits.sort_by_key(|h| (h.start, h.category));
        hits
    }

    /// The skeleton of `text` as matched: words separated and surrounded by
    /// single spaces. Useful to see why something does or does not match.
    pub fn skeleton(&self, text: &str) -> String {
        let mut scratch = Scratch::default();
        self.normalizer.normalize(text, &mut scratch);
        scratch.norm.text
    }
}

impl Normalizer {
    /// Fills `scratch.norm` with the skeleton of `text`.
    fn normalize(&self, text: &str, scratch: &mut Scratch) {
        // Offsets are kept as u32: a longer text (never a chat message) is
        // screened up to its first 4 GiB.
        let mut cut = text.len().min(u32::MAX as usize - 8);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let text = &text[..cut];
        let Scratch { norm: out, word, .. } = scratch;
        out.text.clear();
        out.words.clear();
        out.text.reserve(text.len() + 2);
        out.text.push(' ');
        word.clear();
        for (i, c) in text.char_indices() {
            let end = (i + c.len_utf8()) as u32;
            match classify(c) {
                Class::Ignore => word.extend_last(end),
                Class::Break => {
                    if !word.is_empty() {
                        self.flush(word, out);
                    }
                }
                Class::Letter(m) => word.push(m, i as u32, end),
                Class::Lower => {
                    for m in c.to_lowercase() {
                        word.push(m, i as u32, end);
                    }
                }
            }
        }
        if !word.is_empty() {
            self.flush(word, out);
        }
    }

    /// Emits the word being built (skeleton rules, then spelling variants).
    fn flush(&self, word: &mut WordBuf, out: &mut Normalized) {
        word.finish();
        let chars = &word.chars;
        let (ws, we) = (chars[0].1, chars[chars.len() - 1].2);
        let start = out.text.len();
        out.text.extend(chars.iter().map(|w| w.0));
        let first = out.text.as_bytes()[start];
        if self.shapes[usize::from(first)] & shape_bit(out.text.len() - start) != 0
            && let Some(canon) = self.same.get(&out.text[start..])
        {
            out.text.truncate(start);
            out.text.push_str(canon);
        }
        out.words.push((start as u32, ws, we));
        out.text.push(' ');
        word.clear();
    }
}

/// Whether parts `k..n` of one rule follow a part ending at `prev_end`, each
/// at most [`MAX_GAP`] words after the previous; the end of the last part.
/// `group` holds the rule's part matches sorted by (part, start).
fn chain(text: &str, group: &[(u32, u8, usize, usize)], k: u8, n: u8, prev_end: usize) -> Option<usize> {
    if k == n {
        return Some(prev_end);
    }
    // The next part starts at the space that ended the previous one, or later.
    let from = prev_end - 1;
    for p in group.iter().filter(|p| p.1 == k && p.2 >= from) {
        let between = text.as_bytes()[from..p.2].iter().filter(|&&b| b == b' ').count();
        if between > MAX_GAP {
            break;
        }
        if let Some(end) = chain(text, group, k + 1, n, p.3) {
            return Some(end);
        }
    }
    None
}

/// Per-thread buffers, reused so that screening does not allocate except
/// for the hits it returns.
#[derive(Debug, Default)]
struct Scratch {
    norm: Normalized,
    word: WordBuf,
    found: Vec<(usize, usize, u32)>,
    parts: Vec<(u32, u8, usize, usize)>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// FNV-1a: the spelling-variant table is looked up once per word, and its
/// keys are short words from our own lexicon.
#[derive(Debug, Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[derive(Debug, Default)]
struct Normalized {
    /// The skeleton: words separated and surrounded by single spaces.
    text: String,
    /// For every word: its start in `text` and its span in the original.
    words: Vec<(u32, u32, u32)>,
}

impl Normalized {
    /// The original span of the match `s..e` in `text` (which begins and
    /// ends with the spaces around whole words).
    fn span(&self, s: usize, e: usize) -> (usize, usize) {
        let first = self.words.partition_point(|w| (w.0 as usize) < s + 1);
        let last = self.words.partition_point(|w| (w.0 as usize) < e - 1).saturating_sub(1);
        match (self.words.get(first), self.words.get(last)) {
            (Some(a), Some(b)) => (a.1 as usize, b.2 as usize),
            _ => (0, 0),
        }
    }
}

enum Class {
    /// Vanishes without breaking the word.
    Ignore,
    /// Ends the word.
    Break,
    /// Part of a word, already mapped.
    Letter(char),
    /// Part of a word, needs Unicode lowercasing.
    Lower,
}

fn classify(c: char) -> Class {
    match c {
        'a'..='z' | '0'..='9' => Class::Letter(c),
        'A'..='Z' => Class::Letter(c.to_ascii_lowercase()),
        '\''
        | '`'
        | '\u{2018}'
        | '\u{2019}'
        | '\u{02bc}'
        | '\u{00ad}'
        | '\u{200b}'..='\u{200d}'
        | '\u{2060}'
        | '\u{feff}' => Class::Ignore,
        // Devanagari: nukta, chandrabindu and anusvara vanish.
        '\u{093c}' | '\u{0901}' | '\u{0902}' => Class::Ignore,
        '\u{0964}' | '\u{0965}' | '\u{0970}' => Class::Break,
        '\u{0966}'..='\u{096f}' => Class::Letter(char::from(b'0' + (c as u32 - 0x0966) as u8)),
        '\u{0929}' => Class::Letter('\u{0928}'),
        '\u{0931}' => Class::Letter('\u{0930}'),
        '\u{0934}' => Class::Letter('\u{0933}'),
        '\u{0958}' => Class::Letter('\u{0915}'),
        '\u{0959}' => Class::Letter('\u{0916}'),
        '\u{095a}' => Class::Letter('\u{0917}'),
        '\u{095b}' => Class::Letter('\u{091c}'),
        '\u{095c}' => Class::Letter('\u{0921}'),
        '\u{095d}' => Class::Letter('\u{0922}'),
        '\u{095e}' => Class::Letter('\u{092b}'),
        '\u{095f}' => Class::Letter('\u{092f}'),
        '\u{0940}' => Class::Letter('\u{093f}'),
        '\u{0942}' => Class::Letter('\u{0941}'),
        '\u{0908}' => Class::Letter('\u{0907}'),
        '\u{090a}' => Class::Letter('\u{0909}'),
        '\u{0945}' => Class::Letter('\u{0947}'),
        '\u{0949}' => Class::Letter('\u{094b}'),
        '\u{0900}'..='\u{097f}' => Class::Letter(c),
        c if c.is_alphanumeric() => Class::Lower,
        // Combining marks of other scripts stay with their letter.
        '\u{0300}'..='\u{036f}' => Class::Ignore,
        _ => Class::Break,
    }
}

/// One word being built, the skeleton rules applied as its characters
/// arrive: every rule looks only at the last kept character, except the two
/// applied by [`WordBuf::finish`].
#[derive(Debug, Default)]
struct WordBuf {
    /// Kept characters with the original span each stands for.
    chars: Vec<(char, u32, u32)>,
    /// Characters pushed, and whether all were ASCII digits.
    pushed: usize,
    all_digits: bool,
}

impl WordBuf {
    fn is_empty(&self) -> bool {
        self.pushed == 0
    }

    fn clear(&mut self) {
        self.chars.clear();
        self.pushed = 0;
    }

    /// A character that vanishes extends the last one's span.
    fn extend_last(&mut self, end: u32) {
        if let Some(last) = self.chars.last_mut() {
            last.2 = end;
        }
    }

    fn push(&mut self, c: char, s: u32, e: u32) {
        self.all_digits = (self.pushed == 0 || self.all_digits) && c.is_ascii_digit();
        self.pushed += 1;
        let c = match c {
            'e' => 'i',
            'o' => 'u',
            'w' => 'v',
            'z' => 'j',
            'q' => 'k',
            c => c,
        };
        if let Some(last) = self.chars.last_mut() {
            let drop_h = c == 'h' && matches!(last.0, 'a' | 'i' | 'u' | 'n' | 'r' | 'm' | 'l' | 'y' | 'v');
            if drop_h || last.0 == c {
                last.2 = e;
                return;
            }
        }
        self.chars.push((c, s, e));
    }

    fn finish(&mut self) {
        let chars = &mut self.chars;
        if self.pushed >= 2 && self.all_digits {
            // Any number of two or more digits stands for every other.
            let (s, e) = (chars[0].1, chars[chars.len() - 1].2);
            chars.clear();
            chars.push(('#', s, e));
            return;
        }
        let n = chars.len();
        if n >= 3 && chars[n - 1].0 == 'n' && matches!(chars[n - 2].0, 'a' | 'i' | 'u') {
            let end = chars[n - 1].2;
            chars.pop();
            chars[n - 2].2 = end;
        }
    }
}

/// The skeleton of one word or phrase without spelling variants (used for
/// `same` lines and for validating phrases).
fn skeleton_word(text: &str) -> String {
    let mut word = WordBuf::default();
    let mut out = String::new();
    let flush = |word: &mut WordBuf, out: &mut String| {
        if word.is_empty() {
            return;
        }
        word.finish();
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars.iter().map(|w| w.0));
        word.clear();
    };
    for c in text.chars() {
        match classify(c) {
            Class::Ignore => {}
            Class::Break => flush(&mut word, &mut out),
            Class::Letter(m) => word.push(m, 0, 0),
            Class::Lower => c.to_lowercase().for_each(|m| word.push(m, 0, 0)),
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Most lines a centre may add to the lexicon.
pub const CENTER_LINES_MAX: usize = 1000;
/// Most bytes of a centre's lines.
pub const CENTER_BYTES_MAX: usize = 48 * 1024;

/// Checks a centre's own lexicon lines: within the size limits and every
/// line well formed (each bad line reported with its number). Answers the
/// text to keep, with line endings made `\n`.
pub fn check_center_lines(text: &str) -> Result<String, Vec<LexiconError>> {
    let text = text.replace("\r\n", "\n");
    if text.len() > CENTER_BYTES_MAX {
        let message = format!("too long: at most {CENTER_BYTES_MAX} bytes");
        return Err(vec![LexiconError { line: 0, message }]);
    }
    if text.lines().count() > CENTER_LINES_MAX {
        let message = format!("too many lines: at most {CENTER_LINES_MAX}");
        return Err(vec![LexiconError { line: 0, message }]);
    }
    Lexicon::default().merge(&text)?;
    Ok(text)
}

#[cfg(test)]
mod center_lines_tests {
    use super::*;

    #[test]
    fn a_centre_line_makes_its_phrase_alert() {
        let lines = check_center_lines("self_harm\tpul se kood jaunga\r\n").expect("valid");
        assert!(!lines.contains('\r'));
        let s = Screener::with_center_lines(&lines).expect("valid");
        assert!(!s.screen("Kal main pul se kood jaunga").is_empty());
        assert!(Screener::builtin().screen("Kal main pul se kood jaunga").is_empty());
    }

    #[test]
    fn bad_and_oversized_lines_are_refused_with_their_numbers() {
        let e = check_center_lines("# ok\nnot_a_category\tphrase\nself_harm\n").expect_err("bad");
        assert_eq!(e.iter().map(|e| e.line).collect::<Vec<_>>(), vec![2, 3]);
        let many = "self_harm\tabc def\n".repeat(CENTER_LINES_MAX + 1);
        assert_eq!(check_center_lines(&many).expect_err("many")[0].line, 0);
        let long = format!("self_harm\t{}", "a".repeat(CENTER_BYTES_MAX));
        assert_eq!(check_center_lines(&long).expect_err("long")[0].line, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cats(msg: &str) -> Vec<Category> {
        let mut c: Vec<Category> = Screener::builtin().screen(msg).into_iter().map(|h| h.category).collect();
        c.sort();
        c.dedup();
        c
    }

    fn assert_hit(msg: &str, category: Category) {
        let hits = Screener::builtin().screen(msg);
        assert!(
            hits.iter().any(|h| h.category == category),
            "expected {category} in {msg:?}, got {hits:?}; skeleton {:?}",
            Screener::builtin().skeleton(msg)
        );
    }

    fn assert_quiet(msg: &str) {
        let hits = Screener::builtin().screen(msg);
        assert!(hits.is_empty(), "expected no hit in {msg:?}, got {hits:?}");
    }

    #[test]
    fn builtin_lexicon_is_valid_and_every_phrase_hits_alone() {
        let mut lexicon = Lexicon::default();
        lexicon.merge(DEFAULT_LEXICON).unwrap_or_else(|e| panic!("built-in lexicon: {e:?}"));
        let (positives, exceptions) = lexicon.counts();
        assert!(positives > 200 && exceptions > 20, "{positives} {exceptions}");
        let screener = Screener::new(&lexicon);
        for p in lexicon.phrases.iter().filter(|p| !p.exception) {
            let Scope::One(c) = p.scope else { panic!("positive `*`") };
            let hits = screener.screen(&p.written);
            assert!(hits.iter().any(|h| h.category == c), "{:?} alone does not hit {c}", p.written);
        }
    }

    #[test]
    fn english_hits() {
        use Category::*;
        for (msg, c) in [
            ("I want to die", SelfHarm),
            ("honestly i just wanna die", SelfHarm),
            ("I'm going to kill myself tonight", SelfHarm),
            ("there is no reason to live anymore", SelfHarm),
            ("I can't go on like this", SelfHarm),
            ("thinking about ending it all", SelfHarm),
            ("i have been cutting myself again", SelfHarm),
            ("everyone would be better off without me", SelfHarm),
            ("I took all my pills", Overdose),
            ("I think I overdosed", Overdose),
            ("swallowed the whole bottle of sleeping pills", Overdose),
            ("I'm going to use tonight", IntentToUse),
            ("I need a drink so bad", IntentToUse),
            ("gonna score some smack after group", IntentToUse),
            ("I'm going to get drunk tonight, screw it", IntentToUse),
            ("I will hurt him", Violence),
            ("I'm going to kill him", Violence),
            ("next time I see him I'll stab him", Violence),
        ] {
            assert_hit(msg, c);
        }
    }

    #[test]
    fn devanagari_hits() {
        use Category::*;
        for (msg, c) in [
            ("मैं मर जाना चाहता हूँ", SelfHarm),
            ("अब जीने का मन नहीं करता", SelfHarm),
            ("आत्महत्या कर लूँगा", SelfHarm),
            ("खुद को खत्म कर दूँगा", SelfHarm),
            ("अब और नहीं जीना", SelfHarm),
            ("मैं अपनी जान दे दूँगी", SelfHarm),
            ("नींद की सारी गोलियाँ खा लीं", Overdose),
            ("मैंने सारी गोलियां खा ली", Overdose),
            ("ओवरडोस हो गया है", Overdose),
            ("आज रात पीऊँगा", IntentToUse),
            ("आज तो पीनी है", IntentToUse),
            ("आज फिर से माल लूँगा", IntentToUse),
            ("मैं उसे मार दूँगा", Violence),
            ("उसको जान से मार दूंगा", Violence),
            ("उसका सिर फोड़ दूँगा", Violence),
        ] {
            assert_hit(msg, c);
        }
    }

    #[test]
    fn hinglish_hits() {
        use Category::*;
        for (msg, c) in [
            ("ab aur nahi jeena", SelfHarm),
            ("ab aur nhi jeena yaar", SelfHarm),
            ("main mar jaana chahta hoon", SelfHarm),
            ("mai mar jana chahata hu", SelfHarm),
            ("khud ko khatam kar dunga", SelfHarm),
            ("jeene ka mann nahi hai", SelfHarm),
            ("suicide kar lunga", SelfHarm),
            ("sab goliyan kha li", Overdose),
            ("saari goliyaan kha li maine", Overdose),
            ("aaj peeni hai", IntentToUse),
            ("aaj raat pi lunga", IntentToUse),
            ("maal lene ja raha hu", IntentToUse),
            ("maar dunga usko", Violence),
            ("usko jaan se maar dunga", Violence),
            ("uska sar phod dunga", Violence),
        ] {
            assert_hit(msg, c);
        }
    }

    #[test]
    fn english_near_misses() {
        for msg in [
            "I killed it in the interview",
            "this workout is killing me",
            "dying to see my kids on Sunday",
            "I could die laughing at that video",
            "drink water and sleep early",
            "taking my pills for my BP as prescribed",
            "new skill: I learnt to cook dal",
            "my legs are killing me after the walk",
            "I used to drink every night, 90 days clean now",
            "cravings were bad today but I called my sponsor",
            "I don't want to use anymore",
            "the movie was to die for",
            "that joke killed me",
            "I'll kill it at the exam tomorrow",
            "my phone died again",
            "he is a skilled cook",
            "I need a drink of water",
        ] {
            assert_quiet(msg);
        }
    }

    #[test]
    fn devanagari_near_misses() {
        for msg in [
            "हँसते हँसते मर गया",
            "पानी पीना ज़रूरी है",
            "बीपी की गोली डॉक्टर ने बताई है वही ले रहा हूँ",
            "पहले मैं रोज़ पीता था, अब छह महीने से नहीं",
            "मरने से पहले मैं अपने बच्चों से मिलना चाहता हूँ, यही सपना है",
            "गर्मी से मर रहे हैं आज",
            "आज बहुत अच्छा दिन था",
            "चाय पीनी है किसी को?",
            "मच्छर मार दिया",
            "मुझे नहीं पीनी",
            "जीने का नया तरीका सीख रहा हूँ",
            "दवाई समय पर खा ली",
            "भूख से मर रहा हूँ",
            "समय को मार रहे हैं बस",
            "तलब आई थी पर मैंने फोन किया",
        ] {
            assert_quiet(msg);
        }
    }

    #[test]
    fn hinglish_near_misses() {
        for msg in [
            "mar gaya hasi se",
            "hans hans ke mar gaya",
            "paani peena zaroori hai",
            "chai peeni hai kisi ko?",
            "BP ki goli kha li time pe",
            "pehle roz peeta tha ab nahi",
            "bhook se mar raha hu",
            "machhar maar diya",
            "mujhe nahi peeni ab",
            "jeene ka naya tareeka seekh raha hu",
            "garmi se mar rahe hain",
            "aaj match mein maar dunga sixes",
            "craving aayi thi par sponsor ko call kiya",
            "dawai time pe kha li",
            "bas time pass kar raha hu",
        ] {
            assert_quiet(msg);
        }
    }

    #[test]
    fn whole_words_only() {
        assert_quiet("skillful");
        assert_quiet("overdosage chart for the nurses"); // not the word "overdose"
        assert!(!cats("i want to diet").contains(&Category::SelfHarm));
    }

    #[test]
    fn robust_to_spelling_noise() {
        use Category::*;
        assert_hit("I WANT TO DIEEEEE!!!", SelfHarm);
        assert_hit("i   want...to   die", SelfHarm);
        assert_hit("ab aur nahiii jeenaaaa", SelfHarm);
        assert_hit("ab aur nai jina", SelfHarm);
        assert_hit("mar jaana chahtaa hun", SelfHarm);
        assert_hit("kill\u{200b} myself", SelfHarm);
        assert_hit("मर जाना चाहता हूं", SelfHarm);
        assert_hit("मर जाना चाहता हु", SelfHarm);
        // Decomposed nukta (ड + ़) and precomposed ड़ are the same letter.
        assert_hit("उसका सिर फोड\u{093c} दूँगा", Violence);
        assert_hit("उसका सिर फो\u{095c} दूँगा", Violence);
        assert_hit("नीन्द की सारी गोलीयाँ खा ली", Overdose);
    }

    #[test]
    fn hit_carries_phrase_and_offsets() {
        let msg = "Sach kahun? AB AUR NAHI JEENAAA!! 😞";
        let hits = Screener::builtin().screen(msg);
        assert_eq!(hits.len(), 1, "{hits:?}");
        let h = &hits[0];
        assert_eq!(h.category, Category::SelfHarm);
        assert_eq!(h.phrase, "ab aur nahi jeena");
        assert_eq!(&msg[h.start..h.end], "AB AUR NAHI JEENAAA");
        let msg = "कल से सोच रहा हूँ, मर जाना चाहता हूँ।";
        let h = &Screener::builtin().screen(msg)[0];
        assert_eq!(&msg[h.start..h.end], "मर जाना चाहता");
    }

    #[test]
    fn exceptions_only_cover_overlapping_hits() {
        // The idiom is excepted but a real statement in the same message is not.
        assert_eq!(cats("I killed it in the interview. Now I want to kill myself"), vec![Category::SelfHarm]);
    }

    #[test]
    fn center_lines_merge_and_bad_lines_are_numbered() {
        let screener = Screener::with_center_lines("# our words\nintent_to_use\tbhatti jaunga\n").expect("valid");
        assert_eq!(screener.screen("aaj bhatti jaunga").len(), 1);
        assert!(Screener::builtin().screen("aaj bhatti jaunga").is_empty());
        let errors =
            Screener::with_center_lines("self_harm\tok phrase\nbogus\tx\nno tab here\nviolence\t!!!\n*\tpositive\n")
                .expect_err("bad lines");
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 5]);
        assert!(errors[0].to_string().starts_with("line 2: unknown category"));
        // A centre can add an exception for one of its idioms.
        assert_eq!(Screener::builtin().screen("kal interview maar dunga").len(), 1);
        let s = Screener::with_center_lines("violence\t-interview maar dunga\n").expect("valid");
        assert!(s.screen("kal interview maar dunga").is_empty());
        // Spelling variants may not contradict the built-in ones.
        let errors = Screener::with_center_lines("same\tjeena nahi\n").expect_err("conflict");
        assert_eq!(errors[0].line, 1);
    }

    #[test]
    fn gapped_phrases_allow_a_few_words_between_parts_in_order() {
        let s = Screener::with_center_lines("overdose\tswallowed .. pills .. whisky\n").expect("valid");
        let msg = "I swallowed all of my pills with whisky";
        let all = s.screen(msg);
        let hits: Vec<&Hit> = all.iter().filter(|h| h.phrase.contains("..")).collect();
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(&msg[hits[0].start..hits[0].end], "swallowed all of my pills with whisky");
        let gapped = |m: &str| s.screen(m).iter().any(|h| h.phrase == "swallowed .. pills .. whisky");
        assert!(gapped("swallowed pills whisky"));
        assert!(!gapped("swallowed one two three four pills with whisky"), "gap of four words");
        assert!(!gapped("pills swallowed with whisky"), "order");
        assert!(!gapped("swallowed the pills"), "every part");
        let errors = Screener::with_center_lines("overdose\tswallowed ..\noverdose\ta .. b .. c .. d .. e\n")
            .expect_err("bad parts");
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), vec![1, 2]);
    }

    #[test]
    fn screener_is_shareable() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Screener>();
    }

    fn positive_phrases() -> Vec<(Category, String)> {
        Lexicon::builtin()
            .phrases
            .into_iter()
            .filter(|p| !p.exception)
            .filter_map(|p| match p.scope {
                Scope::One(c) => Some((c, p.written)),
                Scope::Every => None,
            })
            .collect()
    }

    proptest! {
        #[test]
        fn noise_never_loses_a_hit(
            index in any::<prop::sample::Index>(),
            seeds in prop::collection::vec((0u8..8, 1usize..5), 64),
            prefix in "[a-z ]{0,12}",
        ) {
            let phrases = positive_phrases();
            let (category, phrase) = &phrases[index.index(phrases.len())];
            let mut noisy = format!("{prefix} ... ");
            let mut k = 0;
            for (wi, w) in phrase.split(' ').enumerate() {
                if wi > 0 {
                    let (p, n) = seeds[k % seeds.len()];
                    k += 1;
                    noisy.push_str([" ", ",  ", "... ", " - ", "!! ", "\t", " 🙏 ", "?"][p as usize]);
                    noisy.push_str(&" ".repeat(n % 2));
                }
                for c in w.chars() {
                    let (p, n) = seeds[k % seeds.len()];
                    k += 1;
                    let c2 = if p % 2 == 0 { c.to_uppercase().next().unwrap_or(c) } else { c };
                    let reps = if p % 3 == 0 && c.is_alphabetic() { n } else { 1 };
                    for _ in 0..reps { noisy.push(c2); }
                }
            }
            noisy.push_str("!!!");
            let hits = Screener::builtin().screen(&noisy);
            prop_assert!(hits.iter().any(|h| h.category == *category), "{noisy:?} lost {category} ({phrase:?})");
        }

        #[test]
        fn ascii_never_panics(s in "[ -~]{0,200}") {
            let _ = Screener::builtin().screen(&s);
        }

        #[test]
        fn offsets_are_char_boundaries(s in "\\PC{0,40}", index in any::<prop::sample::Index>(), t in "\\PC{0,40}") {
            let phrases = positive_phrases();
            let (_, phrase) = &phrases[index.index(phrases.len())];
            for msg in [format!("{s}{phrase}{t}"), format!("{s} {phrase} {t}"), s.clone()] {
                for h in Screener::builtin().screen(&msg) {
                    prop_assert!(h.start < h.end && h.end <= msg.len());
                    prop_assert!(msg.is_char_boundary(h.start) && msg.is_char_boundary(h.end));
                    // The span holds the matched words: screened alone it hits too.
                    let span = &msg[h.start..h.end];
                    let again = Screener::builtin().screen(span);
                    prop_assert!(again.iter().any(|g| g.category == h.category), "{msg:?}: {h:?} span {span:?}");
                }
            }
        }

        #[test]
        fn any_text_never_panics(s in "\\PC{0,300}") {
            let _ = Screener::builtin().screen(&s);
        }
    }

    #[test]
    fn empty_and_oversized_lexicons() {
        let empty = Screener::new(&Lexicon::default());
        assert!(empty.screen("I want to die").is_empty());
        let huge = "violence\tx\n".repeat(MAX_LINES + 1);
        let errors = Lexicon::default().merge(&huge).expect_err("too many lines");
        assert_eq!(errors[0].line, MAX_LINES + 1);
    }

    #[derive(Default)]
    struct Counts {
        tp: u32,
        fp: u32,
        fn_: u32,
        n: u32,
    }

    impl Counts {
        fn precision(&self) -> f64 {
            if self.tp + self.fp == 0 { 1.0 } else { f64::from(self.tp) / f64::from(self.tp + self.fp) }
        }
        fn recall(&self) -> f64 {
            if self.tp + self.fn_ == 0 { 1.0 } else { f64::from(self.tp) / f64::from(self.tp + self.fn_) }
        }
    }

    struct EvalRow {
        line: usize,
        gold: Option<Category>,
        script: usize,
        message: &'static str,
        held_out: bool,
    }

    const SCRIPTS: [&str; 3] = ["en", "hi", "hinglish"];

    fn eval_rows() -> Vec<EvalRow> {
        let data = include_str!("../data/screening_eval.tsv");
        let mut held_out = false;
        let mut rows = Vec::new();
        for (i, line) in data.lines().enumerate() {
            if line.starts_with("# --- held-out") {
                held_out = true;
            }
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.splitn(3, '\t');
            let (Some(label), Some(script), Some(message)) = (cols.next(), cols.next(), cols.next()) else {
                panic!("line {}: expected label<TAB>script<TAB>message", i + 1)
            };
            let gold = match label {
                "none" => None,
                l => Some(Category::parse(l).unwrap_or_else(|| panic!("line {}: label {l}", i + 1))),
            };
            let script = SCRIPTS.iter().position(|s| *s == script).unwrap_or_else(|| panic!("line {}: script", i + 1));
            rows.push(EvalRow { line: i + 1, gold, script, message, held_out });
        }
        rows
    }

    /// Prints the tables for `rows`; returns (alert counts per script then
    /// overall, counts per category).
    fn evaluate(title: &str, rows: &[&EvalRow]) -> (Vec<Counts>, Vec<Counts>) {
        let screener = Screener::builtin();
        let mut alert: Vec<Counts> = (0..=SCRIPTS.len()).map(|_| Counts::default()).collect();
        let mut per_cat: Vec<Counts> = Category::ALL.iter().map(|_| Counts::default()).collect();
        let mut misses = Vec::new();
        for row in rows {
            let got: Vec<Category> = screener.screen(row.message).into_iter().map(|h| h.category).collect();
            for c in [row.script, SCRIPTS.len()] {
                let a = &mut alert[c];
                a.n += 1;
                match (row.gold.is_some(), !got.is_empty()) {
                    (true, true) => a.tp += 1,
                    (false, true) => a.fp += 1,
                    (true, false) => a.fn_ += 1,
                    (false, false) => {}
                }
            }
            for (ci, c) in Category::ALL.iter().enumerate() {
                let pc = &mut per_cat[ci];
                let (g, p) = (row.gold == Some(*c), got.contains(c));
                pc.n += u32::from(g);
                match (g, p) {
                    (true, true) => pc.tp += 1,
                    (false, true) => pc.fp += 1,
                    (true, false) => pc.fn_ += 1,
                    _ => {}
                }
            }
            let ok = match row.gold {
                None => got.is_empty(),
                Some(c) => got.iter().all(|g| *g == c) && got.contains(&c),
            };
            if !ok {
                let label = row.gold.map_or("none", Category::as_str);
                misses.push(format!("  line {:>3}: gold {label:<13} got {got:?}: {}", row.line, row.message));
            }
        }
        let positives = rows.iter().filter(|r| r.gold.is_some()).count();
        println!("\n## {title}: {} messages, {positives} positive", rows.len());
        println!("\n| alert vs none | messages | TP | FP | FN | precision | recall |");
        println!("|---|---|---|---|---|---|---|");
        for (i, a) in alert.iter().enumerate() {
            let name = SCRIPTS.get(i).copied().unwrap_or("all");
            let (p, r) = (a.precision(), a.recall());
            println!("| {name} | {} | {} | {} | {} | {p:.3} | {r:.3} |", a.n, a.tp, a.fp, a.fn_);
        }
        println!("\n| category | gold | TP | FP | FN | precision | recall |");
        println!("|---|---|---|---|---|---|---|");
        for (ci, c) in Category::ALL.iter().enumerate() {
            let pc = &per_cat[ci];
            let (p, r) = (pc.precision(), pc.recall());
            println!("| {c} | {} | {} | {} | {} | {p:.3} | {r:.3} |", pc.n, pc.tp, pc.fp, pc.fn_);
        }
        println!("\nMisclassified ({}):", misses.len());
        for m in &misses {
            println!("{m}");
        }
        (alert, per_cat)
    }

    #[test]
    fn screening_eval_precision_recall() {
        let rows = eval_rows();
        assert!(rows.len() >= 300, "{} messages", rows.len());
        let all: Vec<&EvalRow> = rows.iter().collect();
        let held_out: Vec<&EvalRow> = rows.iter().filter(|r| r.held_out).collect();
        assert!(held_out.len() >= 90, "held-out part: {} messages", held_out.len());
        let (alert, per_cat) = evaluate("Whole set", &all);
        let (held_alert, _) = evaluate("Held-out part only", &held_out);
        let total = &alert[SCRIPTS.len()];
        assert!(total.recall() >= EVAL_RECALL_FLOOR, "recall {:.3}", total.recall());
        assert!(total.precision() >= EVAL_PRECISION_FLOOR, "precision {:.3}", total.precision());
        for (i, a) in alert.iter().enumerate().take(SCRIPTS.len()) {
            assert!(a.recall() >= EVAL_SCRIPT_FLOOR, "{} recall {:.3}", SCRIPTS[i], a.recall());
            assert!(a.precision() >= EVAL_SCRIPT_FLOOR, "{} precision {:.3}", SCRIPTS[i], a.precision());
        }
        for (ci, c) in Category::ALL.iter().enumerate() {
            let pc = &per_cat[ci];
            assert!(pc.recall() >= EVAL_CATEGORY_FLOOR, "{c} recall {:.3}", pc.recall());
            assert!(pc.precision() >= EVAL_CATEGORY_FLOOR, "{c} precision {:.3}", pc.precision());
        }
        let held = &held_alert[SCRIPTS.len()];
        assert!(held.recall() >= EVAL_HELD_OUT_RECALL_FLOOR, "held-out recall {:.3}", held.recall());
        assert!(held.precision() >= EVAL_HELD_OUT_PRECISION_FLOOR, "held-out precision {:.3}", held.precision());
    }

    // Floors set from what the engine achieves (see the printed tables), with
    // a little room; lower them only with a reason. The whole set includes the
    // batches the lexicon was tuned on, so it flatters the engine; the
    // held-out part (never tuned on) is the honest estimate for new wording,
    // and it is much lower: a lexicon catches explicit statements, not
    // indirect ones ("nobody would notice if I died").
    const EVAL_RECALL_FLOOR: f64 = 0.83;
    const EVAL_PRECISION_FLOOR: f64 = 0.95;
    const EVAL_SCRIPT_FLOOR: f64 = 0.8;
    const EVAL_CATEGORY_FLOOR: f64 = 0.78;
    const EVAL_HELD_OUT_RECALL_FLOOR: f64 = 0.5;
    const EVAL_HELD_OUT_PRECISION_FLOOR: f64 = 0.9;
}
