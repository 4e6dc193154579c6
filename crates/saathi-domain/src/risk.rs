//! Relapse early warning: a score 0–100 for each member, with its level and
//! the reasons that make it up, from a few facts about their recent days.
//!
//! Every signal adds points; the sum is capped at 100. The default points
//! below are documented here and in the API (`GET /api/v1/risk/weights`);
//! a centre may set its own points for any signal and its own level
//! thresholds.
//!
//! | signal | when | default points |
//! |---|---|---|
//! | `missed_sessions` | consecutive absences from group sessions (newest first; excused ones are skipped) | 10 per absence, counted up to 4 |
//! | `no_checkin` | days since the last daily check-in (or since admission), past a grace of 2 days | 3 per day, counted up to 10 days |
//! | `high_craving` | a craving of 8 or more in the last 7 days | 20 |
//! | `craving_rising` | the mean craving of the last 7 days is 2 or more above that of the 7 days before | 20 |
//! | `low_mood` | the latest check-in of the last 7 days has mood 2 or less | 15 |
//! | `recent_lapse` | a lapse or relapse within 30 days | 25 |
//! | `safety_flag` | a screened message raised a safety alert within 14 days | 25 |
//! | `open_crisis` | the member has an open crisis alert (not yet resolved) | 50 |
//! | `early_aftercare` | the first 90 days after discharge | 10 |
//!
//! Levels: `high` from 50, `medium` from 20, else `low`. So one strong sign
//! (a high craving, a lapse) is medium, an open crisis alone is high, and so
//! are three missed sessions with a craving of 9.

use crate::validation::FieldErrors;
use serde::{Deserialize, Serialize};

/// How far back check-ins are read: the craving windows (7 + 7 days) and
/// the longest `no_checkin` counts.
pub const CHECKIN_LOOKBACK_DAYS: i64 = 14;
/// The windows compared by `craving_rising`, and read by `high_craving` and `low_mood`.
pub const CRAVING_WINDOW_DAYS: i64 = 7;
/// A craving this high (0–10) is `high_craving`.
pub const HIGH_CRAVING: i64 = 8;
/// The rise of the 7-day mean craving that is `craving_rising`.
pub const CRAVING_RISE: f64 = 2.0;
/// A mood this low (1–5) is `low_mood`.
pub const LOW_MOOD: i64 = 2;
/// Days without a check-in that cost nothing.
pub const NO_CHECKIN_GRACE_DAYS: i64 = 2;
/// Days past the grace that count at most.
pub const NO_CHECKIN_MAX_DAYS: i64 = 10;
/// Consecutive absences that count at most.
pub const MISSED_SESSIONS_MAX: i64 = 4;
/// How long ago attendance is read for consecutive absences.
pub const ATTENDANCE_LOOKBACK_DAYS: i64 = 60;
pub const LAPSE_DAYS: i64 = 30;
pub const SAFETY_FLAG_DAYS: i64 = 14;
pub const AFTERCARE_DAYS: i64 = 90;
/// Points for one signal and the level thresholds are at most this.
pub const POINTS_MAX: i64 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    MissedSessions,
    NoCheckin,
    HighCraving,
    CravingRising,
    LowMood,
    RecentLapse,
    SafetyFlag,
    OpenCrisis,
    EarlyAftercare,
}

impl Signal {
    pub const ALL: [Signal; 9] = [
        Signal::MissedSessions,
        Signal::NoCheckin,
        Signal::HighCraving,
        Signal::CravingRising,
        Signal::LowMood,
        Signal::RecentLapse,
        Signal::SafetyFlag,
        Signal::OpenCrisis,
        Signal::EarlyAftercare,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Signal::MissedSessions => "missed_sessions",
            Signal::NoCheckin => "no_checkin",
            Signal::HighCraving => "high_craving",
            Signal::CravingRising => "craving_rising",
            Signal::LowMood => "low_mood",
            Signal::RecentLapse => "recent_lapse",
            Signal::SafetyFlag => "safety_flag",
            Signal::OpenCrisis => "open_crisis",
            Signal::EarlyAftercare => "early_aftercare",
        }
    }

    pub fn parse(s: &str) -> Option<Signal> {
        Signal::ALL.into_iter().find(|x| x.as_str() == s)
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The documented default points (per absence for `missed_sessions`, per
    /// day for `no_checkin`).
    pub fn default_points(self) -> i64 {
        match self {
            Signal::MissedSessions => 10,
            Signal::NoCheckin => 3,
            Signal::HighCraving => 20,
            Signal::CravingRising => 20,
            Signal::LowMood => 15,
            Signal::RecentLapse => 25,
            Signal::SafetyFlag => 25,
            Signal::OpenCrisis => 50,
            Signal::EarlyAftercare => 10,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Low,
    Medium,
    High,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        [Level::Low, Level::Medium, Level::High].into_iter().find(|l| l.as_str() == s)
    }
}

pub const MEDIUM_AT: i64 = 20;
pub const HIGH_AT: i64 = 50;

/// A centre's points per signal and its level thresholds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weights {
    points: [i64; 9],
    pub medium_at: i64,
    pub high_at: i64,
}

impl Default for Weights {
    fn default() -> Self {
        let mut points = [0; 9];
        for s in Signal::ALL {
            points[s.index()] = s.default_points();
        }
        Weights { points, medium_at: MEDIUM_AT, high_at: HIGH_AT }
    }
}

/// The names under which thresholds are kept beside the signals.
pub const MEDIUM_KEY: &str = "medium_at";
pub const HIGH_KEY: &str = "high_at";

impl Weights {
    pub fn points(&self, s: Signal) -> i64 {
        self.points[s.index()]
    }

    pub fn set_points(&mut self, s: Signal, points: i64) {
        self.points[s.index()] = points;
    }

    /// The defaults with a centre's overrides (`(name, value)`, a signal's
    /// name or a threshold's); unknown names are ignored (a signal retired
    /// since).
    pub fn with_overrides<'a>(overrides: impl IntoIterator<Item = (&'a str, i64)>) -> Weights {
        let mut w = Weights::default();
        for (name, value) in overrides {
            match name {
                MEDIUM_KEY => w.medium_at = value,
                HIGH_KEY => w.high_at = value,
                _ => {
                    if let Some(s) = Signal::parse(name) {
                        w.set_points(s, value);
                    }
                }
            }
        }
        w
    }

    pub fn level(&self, score: i64) -> Level {
        if score >= self.high_at {
            Level::High
        } else if score >= self.medium_at {
            Level::Medium
        } else {
            Level::Low
        }
    }

    /// Whether the weights may be kept: points 0–100, thresholds 1–100 with medium below high.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::new();
        for s in Signal::ALL {
            if !(0..=POINTS_MAX).contains(&self.points(s)) {
                e.add("weights", "out_of_range");
                break;
            }
        }
        if !(1..=POINTS_MAX).contains(&self.medium_at) {
            e.add(MEDIUM_KEY, "out_of_range");
        }
        if !(1..=POINTS_MAX).contains(&self.high_at) {
            e.add(HIGH_KEY, "out_of_range");
        } else if self.medium_at >= self.high_at {
            e.add(HIGH_KEY, "not_above_medium");
        }
        e.into_result()
    }
}

/// Who reads the centre's risk list and its weights: counsellors and admins.
pub fn may_read(role: crate::Role) -> bool {
    matches!(role, crate::Role::Counselor | crate::Role::Admin)
}

/// Who sets the centre's weights: admins.
pub fn may_tune(role: crate::Role) -> bool {
    role == crate::Role::Admin
}

/// Sum and count of the cravings of a window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    pub sum: i64,
    pub count: i64,
}

impl Window {
    pub fn mean(self) -> Option<f64> {
        (self.count > 0).then(|| self.sum as f64 / self.count as f64)
    }
}

/// What is known of one member today (in the centre's calendar). Day counts
/// are whole days before today (0 = today).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RiskFacts {
    /// Absences since the member last attended (present or late), newest first.
    pub consecutive_absences: i64,
    /// Days since the last check-in, when there is one in the last
    /// [`CHECKIN_LOOKBACK_DAYS`].
    pub days_since_checkin: Option<i64>,
    /// Days since admission: a member admitted yesterday has not missed a week of check-ins.
    pub days_since_admission: i64,
    /// The highest craving of the last 7 days.
    pub max_craving_7d: Option<i64>,
    /// Cravings of the last 7 days (today included) and of the 7 days before.
    pub craving_7d: Window,
    pub craving_prev_7d: Window,
    /// The mood of the latest check-in of the last 7 days.
    pub latest_mood_7d: Option<i64>,
    /// Days since the latest lapse, when within [`LAPSE_DAYS`].
    pub days_since_lapse: Option<i64>,
    /// Days since the latest safety alert raised by the member's messages, when within [`SAFETY_FLAG_DAYS`].
    pub days_since_safety_flag: Option<i64>,
    /// The member has an open crisis alert (not yet resolved).
    pub open_crisis: bool,
    /// Days since discharge, when discharged.
    pub days_since_discharge: Option<i64>,
}

/// One reason: a signal, its points and a short machine-friendly detail
/// ("3 consecutive absences"); `value` is the number in it (for translations).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub signal: Signal,
    pub points: i64,
    pub detail: String,
    pub value: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub score: i64,
    pub level: Level,
    /// Highest points first.
    pub reasons: Vec<Reason>,
}

/// Days without a check-in as the `no_checkin` signal counts them: since the
/// last one (or more than the look-back when none), never more than since admission.
pub fn days_without_checkin(f: &RiskFacts) -> i64 {
    let since = f.days_since_checkin.unwrap_or(CHECKIN_LOOKBACK_DAYS + 1);
    since.min(f.days_since_admission.max(0))
}

/// Each signal that fires, with its points under `w` (before the cap).
pub fn reasons(f: &RiskFacts, w: &Weights) -> Vec<Reason> {
    let mut out = Vec::new();
    let mut add = |signal: Signal, points: i64, detail: String, value: i64| {
        if points > 0 {
            out.push(Reason { signal, points, detail, value });
        }
    };
    let n = f.consecutive_absences.max(0);
    if n > 0 {
        let detail = if n == 1 { "1 absence".to_string() } else { format!("{n} consecutive absences") };
        add(Signal::MissedSessions, w.points(Signal::MissedSessions) * n.min(MISSED_SESSIONS_MAX), detail, n);
    }
    let days = days_without_checkin(f);
    if days > NO_CHECKIN_GRACE_DAYS {
        let counted = (days - NO_CHECKIN_GRACE_DAYS).min(NO_CHECKIN_MAX_DAYS);
        let detail = if f.days_since_checkin.is_none() && days > CHECKIN_LOOKBACK_DAYS {
            format!("no check-in in {CHECKIN_LOOKBACK_DAYS} days")
        } else {
            format!("{days} days since last check-in")
        };
        add(Signal::NoCheckin, w.points(Signal::NoCheckin) * counted, detail, days);
    }
    if let Some(c) = f.max_craving_7d.filter(|c| *c >= HIGH_CRAVING) {
        add(Signal::HighCraving, w.points(Signal::HighCraving), format!("craving {c} in the last 7 days"), c);
    }
    if let (Some(now), Some(before)) = (f.craving_7d.mean(), f.craving_prev_7d.mean())
        && now - before >= CRAVING_RISE
    {
        let detail = format!("craving mean {before:.1} to {now:.1}");
        add(Signal::CravingRising, w.points(Signal::CravingRising), detail, (now - before).round() as i64);
    }
    if let Some(m) = f.latest_mood_7d.filter(|m| *m <= LOW_MOOD) {
        add(Signal::LowMood, w.points(Signal::LowMood), format!("mood {m}"), m);
    }
    if let Some(d) = f.days_since_lapse.filter(|d| *d <= LAPSE_DAYS) {
        add(Signal::RecentLapse, w.points(Signal::RecentLapse), format!("lapse {d} days ago"), d);
    }
    if let Some(d) = f.days_since_safety_flag.filter(|d| *d <= SAFETY_FLAG_DAYS) {
        add(Signal::SafetyFlag, w.points(Signal::SafetyFlag), format!("safety alert {d} days ago"), d);
    }
    if f.open_crisis {
        add(Signal::OpenCrisis, w.points(Signal::OpenCrisis), "open crisis alert".into(), 1);
    }
    if let Some(d) = f.days_since_discharge.filter(|d| (0..AFTERCARE_DAYS).contains(d)) {
        add(Signal::EarlyAftercare, w.points(Signal::EarlyAftercare), format!("day {d} after discharge"), d);
    }
    out.sort_by(|a, b| b.points.cmp(&a.points).then(a.signal.cmp(&b.signal)));
    out
}

/// The score (0–100), its level and the reasons.
pub fn assess(f: &RiskFacts, w: &Weights) -> Assessment {
    let reasons = reasons(f, w);
    let score = reasons.iter().map(|r| r.points).sum::<i64>().clamp(0, POINTS_MAX);
    Assessment { score, level: w.level(score), reasons }
}

/// Highest risk first; equal scores by id, so the order is stable.
pub fn rank<T>(items: &mut [T], key: impl Fn(&T) -> (i64, &str)) {
    items.sort_by(|a, b| {
        let (sa, ia) = key(a);
        let (sb, ib) = key(b);
        sb.cmp(&sa).then(ia.cmp(ib))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A member doing well: checked in today, calm, attending.
    fn engaged() -> RiskFacts {
        RiskFacts {
            consecutive_absences: 0,
            days_since_checkin: Some(0),
            days_since_admission: 200,
            max_craving_7d: Some(3),
            craving_7d: Window { sum: 14, count: 7 },
            craving_prev_7d: Window { sum: 21, count: 7 },
            latest_mood_7d: Some(4),
            days_since_lapse: None,
            days_since_safety_flag: None,
            open_crisis: false,
            days_since_discharge: None,
        }
    }

    fn only(f: &RiskFacts) -> (Signal, i64, String) {
        let r = reasons(f, &Weights::default());
        assert_eq!(r.len(), 1, "{r:?}");
        (r[0].signal, r[0].points, r[0].detail.clone())
    }

    #[test]
    fn engaged_member_has_no_reasons() {
        let a = assess(&engaged(), &Weights::default());
        assert_eq!((a.score, a.level, a.reasons.len()), (0, Level::Low, 0));
    }

    #[test]
    fn each_signal_on_its_own() {
        let w = |f: fn(&mut RiskFacts)| {
            let mut x = engaged();
            f(&mut x);
            only(&x)
        };
        assert_eq!(w(|f| f.consecutive_absences = 3), (Signal::MissedSessions, 30, "3 consecutive absences".into()));
        assert_eq!(w(|f| f.consecutive_absences = 1), (Signal::MissedSessions, 10, "1 absence".into()));
        assert_eq!(w(|f| f.consecutive_absences = 9).1, 40);
        assert_eq!(w(|f| f.days_since_checkin = Some(5)), (Signal::NoCheckin, 9, "5 days since last check-in".into()));
        assert_eq!(w(|f| f.days_since_checkin = None), (Signal::NoCheckin, 30, "no check-in in 14 days".into()));
        assert_eq!(w(|f| f.max_craving_7d = Some(8)), (Signal::HighCraving, 20, "craving 8 in the last 7 days".into()));
        assert_eq!(
            w(|f| f.craving_7d = Window { sum: 35, count: 7 }),
            (Signal::CravingRising, 20, "craving mean 3.0 to 5.0".into())
        );
        assert_eq!(w(|f| f.latest_mood_7d = Some(2)), (Signal::LowMood, 15, "mood 2".into()));
        assert_eq!(w(|f| f.days_since_lapse = Some(12)), (Signal::RecentLapse, 25, "lapse 12 days ago".into()));
        assert_eq!(
            w(|f| f.days_since_safety_flag = Some(0)),
            (Signal::SafetyFlag, 25, "safety alert 0 days ago".into())
        );
        assert_eq!(w(|f| f.open_crisis = true), (Signal::OpenCrisis, 50, "open crisis alert".into()));
        assert_eq!(
            w(|f| f.days_since_discharge = Some(10)),
            (Signal::EarlyAftercare, 10, "day 10 after discharge".into())
        );
    }

    #[test]
    fn signals_stop_at_their_edges() {
        let none = |f: fn(&mut RiskFacts)| {
            let mut x = engaged();
            f(&mut x);
            reasons(&x, &Weights::default())
        };
        assert!(none(|f| f.days_since_checkin = Some(2)).is_empty());
        assert!(none(|f| f.max_craving_7d = Some(7)).is_empty());
        assert!(none(|f| f.craving_7d = Window { sum: 34, count: 7 }).is_empty());
        assert!(none(|f| f.craving_prev_7d = Window::default()).is_empty());
        assert!(none(|f| f.latest_mood_7d = Some(3)).is_empty());
        assert!(none(|f| f.days_since_lapse = Some(31)).is_empty());
        assert!(none(|f| f.days_since_safety_flag = Some(15)).is_empty());
        assert!(none(|f| f.days_since_discharge = Some(90)).is_empty());
        // Admitted yesterday: no missed check-ins yet.
        assert!(
            none(|f| {
                f.days_since_checkin = None;
                f.days_since_admission = 1
            })
            .is_empty()
        );
    }

    #[test]
    fn combined_is_capped_and_ordered() {
        let mut f = engaged();
        f.consecutive_absences = 3;
        f.max_craving_7d = Some(9);
        let a = assess(&f, &Weights::default());
        assert_eq!((a.score, a.level), (50, Level::High));
        assert_eq!(
            a.reasons.iter().map(|r| r.signal).collect::<Vec<_>>(),
            [Signal::MissedSessions, Signal::HighCraving]
        );
        f.open_crisis = true;
        f.days_since_lapse = Some(1);
        let a = assess(&f, &Weights::default());
        assert_eq!((a.score, a.level), (100, Level::High));
        assert_eq!(a.reasons[0].signal, Signal::OpenCrisis);
        assert_eq!(a.reasons.iter().map(|r| r.points).sum::<i64>(), 125);
    }

    #[test]
    fn thresholds() {
        let w = Weights::default();
        let levels = [0, 19, 20, 49, 50, 100].map(|s| w.level(s));
        assert_eq!(levels, [Level::Low, Level::Low, Level::Medium, Level::Medium, Level::High, Level::High]);
    }

    #[test]
    fn overrides_change_points_and_thresholds() {
        let w = Weights::with_overrides([("high_craving", 70), ("high_at", 50), ("retired_signal", 5)]);
        let mut f = engaged();
        f.max_craving_7d = Some(9);
        let a = assess(&f, &w);
        assert_eq!((a.score, a.level), (70, Level::High));
        let off = Weights::with_overrides([("high_craving", 0)]);
        assert!(assess(&f, &off).reasons.is_empty());
    }

    #[test]
    fn weights_are_checked() {
        assert!(Weights::default().check().is_ok());
        let mut w = Weights::default();
        w.set_points(Signal::LowMood, 101);
        assert_eq!(w.check().err().map(|e| e.0.iter().map(|x| x.field).collect::<Vec<_>>()), Some(vec!["weights"]));
        let w = Weights::with_overrides([("medium_at", 50), ("high_at", 50)]);
        assert_eq!(w.check().err().map(|e| e.0.iter().map(|x| x.field).collect::<Vec<_>>()), Some(vec!["high_at"]));
        let w = Weights::with_overrides([("medium_at", 0)]);
        assert_eq!(w.check().err().map(|e| e.0.iter().map(|x| x.field).collect::<Vec<_>>()), Some(vec!["medium_at"]));
    }

    #[test]
    fn names_round_trip() {
        for s in Signal::ALL {
            assert_eq!(Signal::parse(s.as_str()), Some(s));
        }
        for l in [Level::Low, Level::Medium, Level::High] {
            assert_eq!(Level::parse(l.as_str()), Some(l));
        }
    }

    #[test]
    fn drifting_member_ranks_above_engaged() {
        let mut drifting = engaged();
        drifting.consecutive_absences = 3;
        drifting.max_craving_7d = Some(9);
        let mut list = vec![
            ("a-engaged", assess(&engaged(), &Weights::default()).score),
            ("b-drifting", assess(&drifting, &Weights::default()).score),
        ];
        rank(&mut list, |x| (x.1, x.0));
        assert_eq!(list[0].0, "b-drifting");
    }

    fn facts() -> impl Strategy<Value = RiskFacts> {
        (
            (0i64..12, proptest::option::of(0i64..15), 0i64..400, proptest::option::of(0i64..=10)),
            ((0i64..=70, 0i64..=7), (0i64..=70, 0i64..=7), proptest::option::of(1i64..=5)),
            (
                proptest::option::of(0i64..60),
                proptest::option::of(0i64..30),
                any::<bool>(),
                proptest::option::of(0i64..200),
            ),
        )
            .prop_map(|((abs, ci, adm, maxc), ((s7, n7), (sp, np), mood), (lapse, flag, crisis, dis))| {
                RiskFacts {
                    consecutive_absences: abs,
                    days_since_checkin: ci,
                    days_since_admission: adm,
                    max_craving_7d: maxc,
                    craving_7d: Window { sum: s7.min(n7 * 10), count: n7 },
                    craving_prev_7d: Window { sum: sp.min(np * 10), count: np },
                    latest_mood_7d: mood,
                    days_since_lapse: lapse,
                    days_since_safety_flag: flag,
                    open_crisis: crisis,
                    days_since_discharge: dis,
                }
            })
    }

    proptest! {
        #[test]
        fn score_is_bounded_and_level_matches(f in facts()) {
            let w = Weights::default();
            let a = assess(&f, &w);
            prop_assert!((0..=100).contains(&a.score));
            prop_assert_eq!(a.level, w.level(a.score));
            for pair in a.reasons.windows(2) {
                prop_assert!(pair[0].points >= pair[1].points);
            }
        }

        #[test]
        fn more_absences_never_lower_the_score(f in facts(), more in 1i64..5) {
            let w = Weights::default();
            let mut g = f.clone();
            g.consecutive_absences += more;
            prop_assert!(assess(&g, &w).score >= assess(&f, &w).score);
        }

        #[test]
        fn higher_craving_never_lowers_the_score(f in facts(), up in 1i64..10) {
            let w = Weights::default();
            let mut g = f.clone();
            g.max_craving_7d = Some((f.max_craving_7d.unwrap_or(0) + up).min(10));
            if g.craving_7d.count > 0 {
                g.craving_7d.sum = (g.craving_7d.sum + up).min(g.craving_7d.count * 10);
            }
            prop_assert!(assess(&g, &w).score >= assess(&f, &w).score);
        }

        #[test]
        fn more_days_without_checkin_never_lower_the_score(f in facts(), more in 1i64..10) {
            let w = Weights::default();
            let mut g = f.clone();
            g.days_since_checkin = f.days_since_checkin.map(|d| d + more).filter(|d| *d <= CHECKIN_LOOKBACK_DAYS);
            g.days_since_admission += more;
            prop_assert!(assess(&g, &w).score >= assess(&f, &w).score);
        }

        #[test]
        fn three_absences_and_craving_nine_rank_above_an_engaged_member(f in facts()) {
            let w = Weights::default();
            let mut drifting = f.clone();
            drifting.consecutive_absences = drifting.consecutive_absences.max(3);
            drifting.max_craving_7d = Some(9);
            prop_assert!(assess(&drifting, &w).score > assess(&engaged(), &w).score);
        }
    }
}
