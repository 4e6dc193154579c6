//! The sharing circle: turns, who has not yet shared, and the session's
//! participation balance (Gini coefficient of talk time, 0 = perfectly even).

use std::collections::HashMap;

/// The longest single share the circle records (a forgotten timer).
pub const MAX_TURN_SECONDS: i64 = 60 * 60;

/// One turn as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub member_id: String,
    pub seconds: i64,
    pub passed: bool,
}

/// Gini coefficient of non-negative values: 0 when everyone has the same,
/// approaching 1 when one person has everything. Empty or all-zero: 0.
pub fn gini(values: &[f64]) -> f64 {
    let n = values.len();
    let total: f64 = values.iter().sum();
    if n == 0 || total <= 0.0 {
        return 0.0;
    }
    let mut sorted: Vec<f64> = values.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    // G = Σ (2i − n − 1) xᵢ / (n Σ x), i = 1..n over ascending values.
    let weighted: f64 = sorted.iter().enumerate().map(|(i, x)| (2.0 * (i as f64 + 1.0) - n as f64 - 1.0) * x).sum();
    weighted / (n as f64 * total)
}

/// What the circle looks like now, for the attendees (in their order).
#[derive(Debug, Clone, PartialEq)]
pub struct CircleState {
    pub not_yet_shared: Vec<String>,
    pub talk_seconds: HashMap<String, i64>,
    pub balance_gini: f64,
}

pub fn state(attendees: &[String], turns: &[Turn]) -> CircleState {
    let mut talk: HashMap<String, i64> = attendees.iter().map(|a| (a.clone(), 0)).collect();
    for t in turns {
        *talk.entry(t.member_id.clone()).or_insert(0) += t.seconds;
    }
    // A pass counts as a turn: the person was offered the circle.
    let not_yet_shared = attendees.iter().filter(|a| !turns.iter().any(|t| &t.member_id == *a)).cloned().collect();
    let values: Vec<f64> = attendees.iter().map(|a| talk.get(a).copied().unwrap_or(0) as f64).collect();
    CircleState { not_yet_shared, talk_seconds: talk, balance_gini: gini(&values) }
}

/// Who speaks next: the next in round order, or (with `random`) one of those
/// who have not yet shared, chosen by the caller's random number.
pub fn next_speaker(state: &CircleState, random: Option<u64>) -> Option<&str> {
    let pool = &state.not_yet_shared;
    if pool.is_empty() {
        return None;
    }
    let i = random.map(|r| (r % pool.len() as u64) as usize).unwrap_or(0);
    pool.get(i).map(String::as_str)
}

/// How even a session's participation was, from its Gini coefficient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Balance {
    /// Below 0.25: everyone had a fair share.
    Even,
    /// Below 0.5: some voices took more room.
    Uneven,
    /// A few voices dominated.
    Dominated,
}

pub fn balance(gini: f64) -> Balance {
    if gini < 0.25 {
        Balance::Even
    } else if gini < 0.5 {
        Balance::Uneven
    } else {
        Balance::Dominated
    }
}

pub fn check_turn(seconds: i64) -> bool {
    (0..=MAX_TURN_SECONDS).contains(&seconds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_values() {
        assert_eq!(gini(&[]), 0.0);
        assert_eq!(gini(&[0.0, 0.0]), 0.0);
        assert_eq!(gini(&[5.0, 5.0, 5.0]), 0.0);
        // One of four speaks: (n-1)/n.
        assert!((gini(&[0.0, 0.0, 0.0, 100.0]) - 0.75).abs() < 1e-12);
        assert!((gini(&[1.0, 2.0, 3.0, 4.0]) - 0.25).abs() < 1e-12);
    }

    #[test]
    fn balance_levels() {
        assert_eq!(balance(0.0), Balance::Even);
        assert_eq!(balance(0.25), Balance::Uneven);
        assert_eq!(balance(0.5), Balance::Dominated);
    }

    #[test]
    fn circle_state_counts_passes_as_turns() {
        let a: Vec<String> = ["r", "s", "t"].iter().map(|s| s.to_string()).collect();
        let turns = vec![
            Turn { member_id: "r".into(), seconds: 120, passed: false },
            Turn { member_id: "s".into(), seconds: 0, passed: true },
        ];
        let st = state(&a, &turns);
        assert_eq!(st.not_yet_shared, ["t"]);
        assert_eq!(st.talk_seconds["r"], 120);
        assert_eq!(st.talk_seconds["t"], 0);
        assert!((st.balance_gini - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(next_speaker(&st, None), Some("t"));
        assert_eq!(next_speaker(&st, Some(7)), Some("t"));
        let done = state(&a[..1], &turns);
        assert_eq!(next_speaker(&done, None), None);
    }

    proptest! {
        #[test]
        fn gini_is_bounded_and_invariant(v in proptest::collection::vec(0u32..10_000, 1..20), k in 1u32..50) {
            let xs: Vec<f64> = v.iter().map(|x| f64::from(*x)).collect();
            let g = gini(&xs);
            let n = xs.len() as f64;
            prop_assert!(g >= -1e-12 && g <= (n - 1.0) / n + 1e-12);
            let mut rev = xs.clone();
            rev.reverse();
            prop_assert!((gini(&rev) - g).abs() < 1e-9);
            let scaled: Vec<f64> = xs.iter().map(|x| x * f64::from(k)).collect();
            prop_assert!((gini(&scaled) - g).abs() < 1e-9);
        }

        #[test]
        fn equal_talk_is_perfectly_even(x in 1u32..10_000, n in 1usize..15) {
            prop_assert!(gini(&vec![f64::from(x); n]).abs() < 1e-12);
        }

        #[test]
        fn random_next_is_always_someone_who_has_not_shared(n in 1usize..12, r in any::<u64>()) {
            let a: Vec<String> = (0..n).map(|i| i.to_string()).collect();
            let st = state(&a, &[Turn { member_id: "0".into(), seconds: 10, passed: false }]);
            match next_speaker(&st, Some(r)) {
                Some(id) => prop_assert!(st.not_yet_shared.iter().any(|x| x == id)),
                None => prop_assert_eq!(n, 1),
            }
        }
    }
}
