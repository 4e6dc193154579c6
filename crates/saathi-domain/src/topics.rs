//! The topic library for sessions.

pub const TOPICS: &[&str] = &[
    "triggers",
    "emotional_awareness",
    "communication",
    "stress",
    "relapse_prevention",
    "family",
    "cravings",
    "anger",
    "grief_and_loss",
    "self_esteem",
    "sleep_and_health",
    "work_and_money",
    "boundaries",
    "gratitude",
    "spirituality",
    "living_sober",
];

pub fn is_topic(s: &str) -> bool {
    TOPICS.contains(&s)
}
