//! The demo centre's recovery tracking: lapses and relapses as history, up
//! to 90 days of daily check-ins (none today: the member checks in today
//! themselves), peer mentors, who lets their groups celebrate milestones,
//! and weekly goals with their progress and cheers.
//!
//! Most members improve: cravings ease and mood lifts over the first weeks
//! of a streak, residents check in on most days and alumni on three to five
//! a week. Some drift, so the risk features have something real to find:
//! Deepak (a resident) craves more and feels worse over the last fortnight
//! and has missed check-ins this week; Sunil (an alumnus who lost his job)
//! checks in rarely since then, his cravings rising; Harpreet's cravings
//! rose in the week before his relapse. Deterministic, like the rest of the
//! demo centre.

use super::{Clock, DAY, People, Person, weighted};
use anyhow::Context;
use chrono::Days;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use saathi_domain::center::CenterSettings;
use saathi_store::{Center, GeneratedCheckIn, NewGoal, PairingRefused, Store, Tell};

/// Check-ins go back this many days (or to admission, when that is later).
pub(super) const CHECKIN_DAYS: u64 = 90;

/// A lapse or relapse, on the day before the member's current sobriety
/// start (`sober_days` ago), recorded the morning after.
struct LapsePlan {
    login: &'static str,
    kind: &'static str,
    /// Told by the member themselves (their counsellor gets a follow-up
    /// task) or recorded by their counsellor.
    by_member: bool,
    note: &'static str,
}

/// The members whose current streak is well short of their stay.
const LAPSES: &[LapsePlan] = &[
    LapsePlan {
        login: "harpreet.singh",
        kind: "relapse",
        by_member: true,
        note: "कल शाम पुराने दोस्तों के साथ फिर से ले लिया। शर्मिंदा हूँ, आज काउंसलर से बात करूँगा।",
    },
    LapsePlan {
        login: "manoj.tiwari",
        kind: "relapse",
        by_member: false,
        note: "Drank at a family wedding while on home leave; came back the next morning and asked for help. \
               Back to rehabilitation.",
    },
    LapsePlan {
        login: "sunil.thakur",
        kind: "lapse",
        by_member: false,
        note: "Used once in detox after a visitor brought tablets; told staff himself the next day.",
    },
];

/// How many days ago a member's first streak began: the day before
/// admission for those who lapsed later (their current start is where the
/// lapse moved it), otherwise their current start.
pub(super) fn first_sober_days(p: &Person) -> u64 {
    if LAPSES.iter().any(|l| l.login == p.login) { p.admitted_days_ago + 1 } else { p.sober_days }
}

/// How many days ago a member lapsed, if they did.
fn lapse_days_ago(p: &Person) -> Option<u64> {
    LAPSES.iter().any(|l| l.login == p.login).then_some(p.sober_days + 1)
}

/// (mentor's login, mentee's login, days ago they were paired).
const MENTORSHIPS: &[(&str, &str, u64)] = &[
    ("mentor", "harpreet.singh", 58),
    ("mentor", "deepak.chauhan", 42),
    ("mentor", "member", 34),
    // Since his discharge.
    ("mentor2", "sunil.thakur", 118),
    ("mentor2", "rahul.mehta", 45),
];

/// Those who keep their milestones to themselves; everyone else lets their
/// groups celebrate them.
const PRIVATE_MILESTONES: &[&str] = &["neha.joshi", "imran.khan"];

/// Loads everything of this module for the members already admitted and
/// the groups already made.
pub(super) async fn load(store: &Store, clock: &Clock, center: &Center, people: &People<'_>) -> anyhow::Result<()> {
    record_lapses(store, clock, people).await?;
    pair_mentors(store, clock, center, people).await?;
    for p in super::PEOPLE {
        let (id, _) = people.member(p.login)?;
        let on = !PRIVATE_MILESTONES.contains(&p.login);
        // Chosen on their first evening, when they set up their account.
        let at = clock.at(p.admitted_days_ago.saturating_sub(1), 18, 0)?;
        store.set_milestones_to_group(id, on, at).await?;
    }
    write_checkins(store, clock, center, people).await?;
    set_goals(store, clock, center, people).await?;
    Ok(())
}

async fn record_lapses(store: &Store, clock: &Clock, people: &People<'_>) -> anyhow::Result<()> {
    for l in LAPSES {
        let (id, p) = people.member(l.login)?;
        let day = lapse_days_ago(p).context("a lapse")?;
        let counselor = people.counselor_of(p)?;
        let actor = if l.by_member { id.as_str() } else { counselor };
        let date = clock.date(day)?.format("%Y-%m-%d").to_string();
        let next = clock.date(day - 1)?.format("%Y-%m-%d").to_string();
        let at = clock.at(day - 1, 8, 30)?;
        store.record_lapse(id, &date, &next, l.kind, Some(l.note), actor, &Tell::default(), at).await?;
    }
    // A lapse the member told leaves their counsellor a follow-up; those of
    // more than a week ago were seen to (the one-to-one that day).
    let week_ago = clock.now - 7 * DAY;
    for login in ["counselor", "counselor2"] {
        let counselor = people.staff(login)?;
        for f in store.open_follow_ups(counselor).await? {
            if f.note_id.is_none() && f.created_at < week_ago {
                store.complete_follow_up(&f.id, counselor, f.created_at + 3 * 3_600_000).await?;
            }
        }
    }
    Ok(())
}

async fn pair_mentors(store: &Store, clock: &Clock, center: &Center, people: &People<'_>) -> anyhow::Result<()> {
    let capacity = CenterSettings::default().mentor_capacity;
    for (mentor, mentee, days_ago) in MENTORSHIPS {
        let (id, p) = people.member(mentee)?;
        let at = clock.at(*days_ago, 15, 0)?;
        match store
            .create_mentorship(&center.id, people.staff(mentor)?, id, capacity, people.counselor_of(p)?, at)
            .await?
        {
            Ok(_) => {}
            Err(PairingRefused::MentorFull { capacity }) => anyhow::bail!("{mentor} is full ({capacity})"),
            Err(PairingRefused::AlreadyMentored) => anyhow::bail!("{mentee} already has a mentor"),
        }
    }
    Ok(())
}

/// How a member's days tend to go.
struct Profile {
    /// The chance of a check-in on a day.
    rate: f64,
    /// Craving on the first day of a streak, and where it settles.
    craving: (f64, f64),
    /// Mood on the first day of a streak, and where it settles.
    mood: (f64, f64),
    /// How quickly the first days' craving eases and the mood lifts.
    settle_days: f64,
    /// The chance a check-in is shared with their groups, and with their
    /// mentor (once they have one).
    group: f64,
    mentor: f64,
    /// What tends to set off their cravings (tags of the default list).
    triggers: &'static [&'static str],
    /// Residents check in at the evening round; alumni whenever they can.
    evening: bool,
}

fn profile(p: &Person) -> Profile {
    let alumnus = p.discharged_after.is_some();
    let base = Profile {
        rate: if alumnus { 0.62 } else { 0.9 },
        craving: (7.0, if alumnus { 1.0 } else { 2.0 }),
        mood: (2.0, if alumnus { 4.2 } else { 3.9 }),
        settle_days: 14.0,
        group: 0.4,
        mentor: 0.6,
        triggers: &["stress", "boredom", "poor_sleep", "family_conflict", "cravings_at_night"],
        evening: !alumnus,
    };
    match p.login {
        "member" => Profile {
            rate: 0.93,
            group: 0.5,
            mentor: 0.9,
            triggers: &["stress", "family_conflict", "cravings_at_night", "boredom", "celebration"],
            ..base
        },
        "suresh.patel" => Profile {
            craving: (8.0, 3.0),
            settle_days: 6.0,
            triggers: &["poor_sleep", "pain", "cravings_at_night"],
            ..base
        },
        "imran.khan" => Profile {
            craving: (8.5, 3.0),
            settle_days: 7.0,
            group: 0.2,
            triggers: &["pain", "poor_sleep", "cravings_at_night", "loneliness"],
            ..base
        },
        "pooja.nair" => Profile { group: 0.1, triggers: &["anger", "poor_sleep", "loneliness", "stress"], ..base },
        "harpreet.singh" => Profile {
            rate: 0.86,
            triggers: &["seeing_old_friends", "places_linked_to_use", "pain", "cravings_at_night"],
            ..base
        },
        "deepak.chauhan" => Profile {
            rate: 0.88,
            craving: (6.5, 2.0),
            settle_days: 10.0,
            triggers: &["boredom", "seeing_old_friends", "cravings_at_night", "poor_sleep", "peer_pressure"],
            ..base
        },
        "kiran.rao" => Profile { group: 0.6, triggers: &["anger", "loneliness", "family_conflict", "stress"], ..base },
        "rahul.mehta" => Profile {
            rate: 0.85,
            group: 0.7,
            triggers: &["peer_pressure", "boredom", "seeing_old_friends", "anger"],
            ..base
        },
        "sanjay.mishra" => {
            Profile { rate: 0.92, group: 0.3, triggers: &["loneliness", "celebration", "stress"], ..base }
        }
        "farhan.shaikh" => Profile { triggers: &["pain", "money_worries", "family_conflict", "poor_sleep"], ..base },
        "neha.joshi" => Profile { group: 0.0, triggers: &["stress", "poor_sleep", "loneliness", "anger"], ..base },
        "manoj.tiwari" => {
            Profile { group: 0.6, triggers: &["celebration", "family_conflict", "money_worries", "stress"], ..base }
        }
        "arvind.pillai" => Profile { rate: 0.5, triggers: &["work", "celebration", "stress"], ..base },
        "mohan.lal" => Profile { rate: 0.62, group: 0.8, triggers: &["loneliness", "celebration", "pain"], ..base },
        "sunil.thakur" => Profile {
            rate: 0.65,
            triggers: &["money_worries", "work", "stress", "loneliness", "family_conflict"],
            ..base
        },
        "gurpreet.kaur" => Profile { group: 0.6, triggers: &["family_conflict", "loneliness", "stress"], ..base },
        _ => base,
    }
}

/// What pulls a member off course `days_ago`: craving added, mood added,
/// and the chance of a check-in instead of the usual.
fn drift(login: &str, days_ago: u64) -> (f64, f64, Option<f64>) {
    let d = days_ago as f64;
    match login {
        // The last fortnight: craving climbing, mood sinking, and this week
        // he mostly does not check in.
        "deepak.chauhan" if days_ago <= 14 => {
            let k = (15.0 - d) / 14.0;
            (6.0 * k, -2.0 * k, Some(if days_ago <= 7 { 0.35 } else { 0.75 }))
        }
        // Since he lost his job, five weeks ago (his attendance fell too).
        "sunil.thakur" if days_ago <= 35 => {
            let k = (36.0 - d) / 35.0;
            (5.0 * k, -2.0 * k, Some(0.3))
        }
        // The week before his relapse (the day itself is a lapse day).
        "harpreet.singh" if (27..=34).contains(&days_ago) => {
            let k = (35.0 - d) / 8.0;
            (5.0 * k, -1.5 * k, Some(0.8))
        }
        _ => (0.0, 0.0, None),
    }
}

/// Short notes in the member's language: (good days, ordinary days, hard days).
const NOTES_HI: [&[&str]; 3] = [
    &[
        "आज अच्छा दिन रहा।",
        "योग के बाद मन शांत रहा।",
        "घर पर फ़ोन किया, बच्चों से बात हुई।",
        "आज ग्रुप में अपनी बात रखी।",
        "नींद अच्छी आई।",
        "मेंटर से बात करके हिम्मत मिली।",
    ],
    &["थोड़ी बेचैनी थी, टहलने से ठीक लगा।", "शाम को तलब उठी, पर निकल गई।", "दिन ठीक-ठाक रहा।", "घर की याद आई।"],
    &["रात को नींद नहीं आई।", "पुराने दोस्तों की बहुत याद आई।", "घर की चिंता सता रही है।", "आज बहुत तलब लगी, स्टाफ़ से बात की।"],
];
const NOTES_EN: [&[&str]; 3] = [
    &[
        "Good day. Yoga helped.",
        "Called home and spoke to my daughter.",
        "Shared in group today.",
        "Slept well for once.",
        "Felt proud of the week.",
    ],
    &["Restless in the evening; a walk helped.", "A craving came and went.", "An ordinary day.", "Missed home a bit."],
    &["Couldn't sleep.", "Missing old friends a lot.", "Worried about money.", "Strong urge tonight; talked to staff."],
];

/// The notes of a drifting member's hard days.
fn drift_notes(login: &str) -> Option<&'static [&'static str]> {
    match login {
        "deepak.chauhan" => Some(&[
            "रात को नींद नहीं आती, बेचैनी रहती है।",
            "पुराने दोस्तों का फ़ोन आया था।",
            "सब बेकार लग रहा है।",
            "आज ग्रुप में जाने का मन नहीं था।",
        ]),
        "sunil.thakur" => Some(&[
            "नौकरी छूट गई, घर में तनाव है।",
            "पैसों की बहुत चिंता है।",
            "आज किसी से बात करने का मन नहीं।",
            "शाम बहुत भारी लगती है।",
        ]),
        "harpreet.singh" => Some(&["पुराने दोस्त मिलने आए थे।", "बहुत तलब लग रही है, नींद भी नहीं।"]),
        _ => None,
    }
}

const LAPSE_NOTE_HI: &str = "आज फिर से इस्तेमाल किया। बहुत बुरा लग रहा है।";

/// A member's check-ins from 90 days ago (or admission) up to yesterday.
fn member_checkins(
    rng: &mut StdRng,
    clock: &Clock,
    center_id: &str,
    member_id: &str,
    p: &Person,
    mentored_since: Option<u64>,
) -> anyhow::Result<Vec<GeneratedCheckIn>> {
    let pr = profile(p);
    let admitted = clock.at(p.admitted_days_ago, 10, 0)?;
    let lapse = lapse_days_ago(p);
    let mut out = Vec::new();
    for days_ago in (1..=CHECKIN_DAYS.min(p.admitted_days_ago)).rev() {
        let lapsed = lapse == Some(days_ago);
        // Days into the streak of that day (or into the stay, if later).
        let streak_ago =
            if days_ago <= p.sober_days { p.sober_days.min(p.admitted_days_ago) } else { p.admitted_days_ago };
        let t = streak_ago.saturating_sub(days_ago) as f64;
        let (craving_add, mood_add, rate) = drift(p.login, days_ago);
        if !lapsed && !rng.gen_bool(rate.unwrap_or(pr.rate)) {
            continue;
        }
        let ease = (-t / pr.settle_days).exp();
        let noise =
            |rng: &mut StdRng, spread: f64| rng.gen_range(-spread..spread) + rng.gen_range(-spread..spread) / 2.0;
        let craving = pr.craving.1 + (pr.craving.0 - pr.craving.1) * ease + craving_add + noise(rng, 1.2);
        let mood = pr.mood.1 - (pr.mood.1 - pr.mood.0) * ease + mood_add + noise(rng, 0.7);
        let (craving, mood) =
            if lapsed { (9, 1) } else { ((craving.round() as i64).clamp(0, 10), (mood.round() as i64).clamp(1, 5)) };

        let n_triggers = match craving {
            6.. => 1 + usize::from(rng.gen_bool(0.5)),
            3..=5 => usize::from(rng.gen_bool(0.6)),
            _ => usize::from(rng.gen_bool(0.12)),
        };
        let mut triggers: Vec<String> = Vec::new();
        while triggers.len() < n_triggers.min(pr.triggers.len()) {
            let t = pr.triggers[rng.gen_range(0..pr.triggers.len())];
            if !triggers.iter().any(|x| x == t) {
                triggers.push(t.to_string());
            }
        }

        let hard = mood <= 2 || craving >= 6;
        let drifting = craving_add > 0.0;
        let note = if lapsed {
            Some(if p.language == "hi" { LAPSE_NOTE_HI } else { "Used again today. Feeling terrible." })
        } else if rng.gen_bool(if hard { 0.45 } else { 0.2 }) {
            let bucket = if hard {
                2
            } else if mood >= 4 && craving <= 3 {
                0
            } else {
                1
            };
            let list = match drift_notes(p.login) {
                Some(list) if drifting && hard => list,
                _ if p.language == "hi" => NOTES_HI[bucket],
                _ => NOTES_EN[bucket],
            };
            Some(list[rng.gen_range(0..list.len())])
        } else {
            None
        };

        // A struggling member shares less.
        let shy = if drifting { 0.6 } else { 1.0 };
        let share_with_mentor = mentored_since.is_some_and(|since| days_ago < since) && rng.gen_bool(pr.mentor * shy);
        let share_with_group = rng.gen_bool(pr.group * shy);

        let created_at = if pr.evening {
            clock.at(days_ago, 19 + weighted(rng, &[3, 5, 2]) as u32, rng.gen_range(0..60))?
        } else {
            clock.at(days_ago, [7, 8, 13, 21, 22][weighted(rng, &[3, 2, 1, 3, 2])], rng.gen_range(0..60))?
        };
        if created_at <= admitted {
            continue;
        }
        out.push(GeneratedCheckIn {
            member_id: member_id.to_string(),
            center_id: center_id.to_string(),
            local_date: clock.date(days_ago)?.format("%Y-%m-%d").to_string(),
            mood,
            craving,
            sober: !lapsed,
            triggers,
            note: note.map(str::to_string),
            share_with_mentor,
            share_with_group,
            created_at,
        });
    }
    Ok(out)
}

async fn write_checkins(store: &Store, clock: &Clock, center: &Center, people: &People<'_>) -> anyhow::Result<()> {
    let mut all = Vec::new();
    for (i, p) in super::PEOPLE.iter().enumerate() {
        let (id, _) = people.member(p.login)?;
        let mut rng = StdRng::seed_from_u64(0xC4EC_1000 + i as u64);
        let mentored_since = MENTORSHIPS.iter().find(|(_, mentee, _)| *mentee == p.login).map(|(_, _, d)| *d);
        all.extend(member_checkins(&mut rng, clock, &center.id, id, p, mentored_since)?);
    }
    // One transaction, a few multi-row statements.
    store.insert_generated_checkins(&all).await?;
    Ok(())
}

/// A weekly goal: whose, what, in which group (shown there or not), when it
/// was set, and how often it was done last week and so far this week.
struct GoalPlan {
    login: &'static str,
    title: &'static str,
    target: i64,
    group: Option<&'static str>,
    visible: bool,
    set_days_ago: u64,
    last_week: i64,
    this_week: i64,
    /// Peers who cheered it: (login, this week rather than last).
    cheers: &'static [(&'static str, bool)],
}

const GOALS: &[GoalPlan] = &[
    GoalPlan {
        login: "member",
        title: "मेंटर को दो बार फ़ोन करना",
        target: 2,
        group: Some("Men's CBT Group"),
        visible: true,
        set_days_ago: 24,
        last_week: 2,
        this_week: 1,
        cheers: &[("manoj.tiwari", false), ("rahul.mehta", false), ("farhan.shaikh", true)],
    },
    GoalPlan {
        login: "member",
        title: "हफ़्ते में चार बार 30 मिनट टहलना",
        target: 4,
        group: None,
        visible: false,
        set_days_ago: 17,
        last_week: 3,
        this_week: 1,
        cheers: &[],
    },
    GoalPlan {
        login: "deepak.chauhan",
        title: "चार सत्रों में जाना",
        target: 4,
        group: Some("Relapse Prevention Skills"),
        visible: true,
        set_days_ago: 30,
        last_week: 2,
        this_week: 0,
        cheers: &[("sanjay.mishra", false)],
    },
    GoalPlan {
        login: "harpreet.singh",
        title: "मेंटर को दो बार फ़ोन करना",
        target: 2,
        group: Some("Men's CBT Group"),
        visible: true,
        set_days_ago: 12,
        last_week: 2,
        this_week: 1,
        cheers: &[("member", false), ("manoj.tiwari", true)],
    },
    GoalPlan {
        login: "rahul.mehta",
        title: "Attend 4 sessions",
        target: 4,
        group: Some("Men's CBT Group"),
        visible: true,
        set_days_ago: 20,
        last_week: 3,
        this_week: 1,
        cheers: &[("deepak.chauhan", false)],
    },
    GoalPlan {
        login: "kiran.rao",
        title: "Walk 30 minutes 4 times",
        target: 4,
        group: Some("Women's Support Circle"),
        visible: true,
        set_days_ago: 19,
        last_week: 4,
        this_week: 2,
        cheers: &[("neha.joshi", false), ("gurpreet.kaur", true)],
    },
    GoalPlan {
        login: "neha.joshi",
        title: "Write in my journal before bed 5 times",
        target: 5,
        group: None,
        visible: false,
        set_days_ago: 40,
        last_week: 5,
        this_week: 2,
        cheers: &[],
    },
    GoalPlan {
        login: "farhan.shaikh",
        title: "घर पर तीन बार फ़ोन करना",
        target: 3,
        group: Some("Men's CBT Group"),
        visible: true,
        set_days_ago: 26,
        last_week: 3,
        this_week: 1,
        cheers: &[],
    },
    GoalPlan {
        login: "sunil.thakur",
        title: "मेंटर को दो बार फ़ोन करना",
        target: 2,
        group: Some("Alumni Circle"),
        visible: true,
        set_days_ago: 50,
        last_week: 0,
        this_week: 0,
        cheers: &[("mohan.lal", true)],
    },
    GoalPlan {
        login: "gurpreet.kaur",
        title: "हफ़्ते में चार बार सुबह की सैर",
        target: 4,
        group: Some("Alumni Circle"),
        visible: true,
        set_days_ago: 60,
        last_week: 4,
        this_week: 3,
        cheers: &[("mohan.lal", false), ("arvind.pillai", true)],
    },
];

async fn set_goals(store: &Store, clock: &Clock, center: &Center, people: &People<'_>) -> anyhow::Result<()> {
    let groups = store.list_groups(&center.id, None).await?;
    let this_monday = saathi_domain::goals::week_start(clock.today);
    let last_monday = this_monday.checked_sub_days(Days::new(7)).context("date out of range")?;
    // Days ago of a week's day (Monday = 0), never in the future.
    let days_ago = |monday: chrono::NaiveDate, weekday: u64| -> anyhow::Result<u64> {
        let d = monday.checked_add_days(Days::new(weekday)).context("date out of range")?;
        Ok(u64::try_from((clock.today - d).num_days()).unwrap_or(0))
    };
    let days_this_week = (clock.today - this_monday).num_days() as u64 + 1;
    let mut rng = StdRng::seed_from_u64(0x60A1_5EED);
    for g in GOALS {
        let (member_id, _) = people.member(g.login)?;
        let group_id = match g.group {
            Some(name) => Some(groups.iter().find(|x| x.name == name).map(|x| x.id.clone()).context("goal's group")?),
            None => None,
        };
        let goal = store
            .create_goal(
                &NewGoal {
                    member_id: member_id.clone(),
                    center_id: center.id.clone(),
                    group_id,
                    title: g.title.to_string(),
                    target_per_week: g.target,
                    visible_to_group: g.visible,
                },
                member_id,
                clock.at(g.set_days_ago, 11, 40)?,
            )
            .await?;
        for (monday, count, days) in [(last_monday, g.last_week, 7), (this_monday, g.this_week, days_this_week)] {
            let week = monday.format("%Y-%m-%d").to_string();
            for _ in 0..count {
                // Not before the goal was set.
                let ago = days_ago(monday, rng.gen_range(0..days))?.min(g.set_days_ago);
                let date = clock.date(ago)?.format("%Y-%m-%d").to_string();
                let at = clock.at(ago, 18 + rng.gen_range(0..4), rng.gen_range(0..60))?;
                store.add_goal_progress(&goal.id, &date, &week, 1, None, at).await?;
            }
        }
        for (login, this_week) in g.cheers {
            let (peer, _) = people.member(login)?;
            let monday = if *this_week { this_monday } else { last_monday };
            let ago = days_ago(monday, rng.gen_range(0..if *this_week { days_this_week } else { 7 }))?;
            let at = clock.at(ago, 20, rng.gen_range(0..60))?;
            store.cheer_goal(&goal.id, &monday.format("%Y-%m-%d").to_string(), peer, at).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use saathi_domain::checkin::DEFAULT_TRIGGERS;
    use saathi_domain::sobriety::{self, Record};
    use saathi_store::{CheckIn, Member, now_ms};

    fn mean(xs: impl Iterator<Item = i64>) -> f64 {
        let v: Vec<i64> = xs.collect();
        v.iter().sum::<i64>() as f64 / v.len().max(1) as f64
    }

    /// The tracking history of the demo centre `load` made: check-ins,
    /// lapses, mentors, milestones and goals.
    pub(in crate::demo) async fn has_history(store: &Store, center: &Center, all: &[Member]) -> anyhow::Result<()> {
        let clock = Clock::new(now_ms())?;
        let today = clock.today.format("%Y-%m-%d").to_string();
        let ago = |d: u64| clock.date(d).map(|x| x.format("%Y-%m-%d").to_string());
        let member = |l: &str| all.iter().find(|m| m.login == l).context("member");
        let staff = |l: &'static str| async move { store.find_for_login(l).await?.map(|u| u.user.id).context("staff") };
        let mut checkins: std::collections::HashMap<&str, Vec<CheckIn>> = Default::default();
        let mut hindi_notes = 0;
        for m in all {
            let p = super::super::PEOPLE.iter().find(|p| p.login == m.login).context("a demo person")?;
            let mut cs = store.checkins(&m.id, &ago(120)?, 400).await?;
            cs.reverse();
            // Up to 90 days (or since admission), never today.
            let first = cs.first().context("some check-ins")?;
            assert!(first.local_date >= ago(CHECKIN_DAYS)?, "{}", m.login);
            assert!(first.local_date >= ago(p.admitted_days_ago)?, "{}", m.login);
            assert!(cs.iter().all(|c| c.local_date < today), "{} checked in today already", m.login);
            assert!(cs.windows(2).all(|w| w[0].local_date < w[1].local_date), "one a day");
            let lapse = lapse_days_ago(p).map(ago).transpose()?;
            for c in &cs {
                assert!((1..=5).contains(&c.mood) && (0..=10).contains(&c.craving));
                assert!(c.triggers.iter().all(|t| DEFAULT_TRIGGERS.contains(&t.as_str())), "{:?}", c.triggers);
                assert!(c.created_at > m.admitted_at && c.created_at < clock.now);
                assert_eq!(c.created_at, c.updated_at);
                // Not sober only on the day of a lapse.
                assert_eq!(c.sober, lapse.as_deref() != Some(c.local_date.as_str()), "{} {}", m.login, c.local_date);
                let devanagari =
                    c.note.as_deref().is_some_and(|n| n.chars().any(|ch| ('\u{0900}'..='\u{097F}').contains(&ch)));
                assert!(!devanagari || m.language == "hi", "a Hindi note for {}", m.login);
                hindi_notes += usize::from(devanagari);
            }
            // Residents check in on most days, alumni on three to five a week.
            let days = CHECKIN_DAYS.min(p.admitted_days_ago) as f64;
            let rate = cs.len() as f64 / days;
            if m.discharged_at.is_some() {
                assert!((3.0..=5.0).contains(&(rate * 7.0)), "{}: {:.1} a week", m.login, rate * 7.0);
            } else if !["deepak.chauhan", "harpreet.singh"].contains(&m.login.as_str()) && days >= 20.0 {
                assert!(rate >= 0.8, "{}: {rate:.2}", m.login);
            }
            checkins.insert(p.login, cs);
        }
        assert!(hindi_notes > 20, "{hindi_notes} notes in Hindi");
        let all_checkins: Vec<&CheckIn> = checkins.values().flatten().collect();
        assert!(all_checkins.iter().any(|c| c.share_with_group) && all_checkins.iter().any(|c| !c.share_with_group));

        // Ravi: every day or nearly since he came 40 days ago, cravings easing.
        let ravi = member("member")?;
        let rc = &checkins["member"];
        assert!(rc.len() >= 34, "Ravi checked in on {} days", rc.len());
        assert!(rc.first().is_some_and(|c| c.local_date <= ago(38).unwrap_or_default()));
        assert_eq!(rc.last().map(|c| c.local_date.clone()), Some(ago(1)?));
        let early = mean(rc.iter().take(10).map(|c| c.craving));
        let late = mean(rc.iter().rev().take(10).map(|c| c.craving));
        assert!(late + 2.0 < early, "Ravi's craving {early:.1} → {late:.1}");
        // Ninety days for those who came earlier.
        for login in ["sanjay.mishra", "mohan.lal", "manoj.tiwari"] {
            assert!(checkins[login].first().is_some_and(|c| c.local_date <= ago(84).unwrap_or_default()), "{login}");
        }

        // Deepak drifts: craving up and mood down over the last fortnight, check-ins missed this week.
        let dc = &checkins["deepak.chauhan"];
        let (recent, earlier): (Vec<&CheckIn>, Vec<&CheckIn>) =
            dc.iter().partition(|c| c.local_date > ago(15).unwrap_or_default());
        let (r, e) = (mean(recent.iter().map(|c| c.craving)), mean(earlier.iter().map(|c| c.craving)));
        assert!(r > e + 1.0, "Deepak's craving: earlier {e:.1}, last fortnight {r:.1}");
        assert!(mean(recent.iter().map(|c| c.mood)) < mean(earlier.iter().map(|c| c.mood)));
        let this_week = dc.iter().filter(|c| c.local_date >= ago(7).unwrap_or_default()).count();
        assert!(this_week <= 4, "Deepak checked in on {this_week} of the last 7 days");
        // So does Sunil, since he lost his job five weeks ago.
        let sc = &checkins["sunil.thakur"];
        let (recent, earlier): (Vec<&CheckIn>, Vec<&CheckIn>) =
            sc.iter().partition(|c| c.local_date > ago(36).unwrap_or_default());
        assert!(mean(recent.iter().map(|c| c.craving)) > mean(earlier.iter().map(|c| c.craving)) + 1.0);
        assert!((recent.len() as f64 / 35.0) < (earlier.len() as f64 / 55.0) * 0.7, "Sunil checks in less");

        // Lapses as history: the longest streak outlives the current one.
        for login in ["harpreet.singh", "manoj.tiwari", "sunil.thakur"] {
            let m = member(login)?;
            let p = super::super::PEOPLE.iter().find(|p| p.login == login).context("person")?;
            let lapses = store.lapses(&m.id).await?;
            assert_eq!(lapses.len(), 1, "{login}");
            assert_eq!(lapses[0].previous_start, ago(p.admitted_days_ago + 1)?);
            assert_eq!(m.sobriety_start, ago(p.sober_days)?);
            let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d");
            let s = sobriety::summarize(
                &Record { first_start: day(&lapses[0].previous_start)?, lapses: vec![day(&lapses[0].date)?] },
                clock.today,
            );
            assert_eq!((s.lapses, s.days), (1, p.sober_days as i64), "{login}");
            if login != "sunil.thakur" {
                assert!(s.longest_streak_days > s.days, "{login}: longest {} vs {}", s.longest_streak_days, s.days);
            }
        }
        let harpreet = member("harpreet.singh")?;
        assert!(checkins["harpreet.singh"].iter().any(|c| !c.sober));
        // The follow-up of his relapse, weeks ago, was seen to; the open ones are recent or from a note.
        let counselor = staff("counselor").await?;
        let open = store.open_follow_ups(&counselor).await?;
        assert!(open.iter().all(|f| f.note_id.is_some() || f.created_at > clock.now - 7 * DAY));
        assert!(!open.iter().any(|f| f.member_id == harpreet.id && f.note_id.is_none()));

        // Mentors: Vikram has Ravi and two more residents, Salim two.
        let vikram = staff("mentor").await?;
        let salim = staff("mentor2").await?;
        assert!(store.is_mentor_of(&vikram, &ravi.id).await?);
        let theirs = store.active_mentorships(&center.id, Some(&vikram)).await?;
        assert_eq!(theirs.len(), 3);
        assert!(theirs.iter().all(|x| all.iter().any(|m| m.id == x.mentee_id && m.discharged_at.is_none())));
        assert_eq!(store.active_mentorships(&center.id, Some(&salim)).await?.len(), 2);
        // Ravi shares with him on most days since.
        let since = ago(33)?;
        let shared: Vec<bool> = rc.iter().filter(|c| c.local_date >= since).map(|c| c.share_with_mentor).collect();
        assert!(shared.iter().filter(|s| **s).count() * 10 >= shared.len() * 7, "{shared:?}");
        assert!(rc.iter().filter(|c| c.local_date < ago(34).unwrap_or_default()).all(|c| !c.share_with_mentor));

        // Most let their groups celebrate their milestones; two keep them private.
        let private: Vec<&str> = all.iter().filter(|m| !m.milestones_to_group).map(|m| m.login.as_str()).collect();
        assert_eq!(private.len(), 2, "{private:?}");

        // Goals: Ravi's two, one shown to his CBT group and cheered there.
        let monday = saathi_domain::goals::week_start(clock.today);
        let week = monday.format("%Y-%m-%d").to_string();
        let last = (monday - chrono::Duration::days(7)).format("%Y-%m-%d").to_string();
        let end = saathi_domain::goals::week_end(monday, center.tz()).timestamp_millis();
        let last_end =
            saathi_domain::goals::week_end(monday - chrono::Duration::days(7), center.tz()).timestamp_millis();
        let ravis = store.member_goals(&ravi.id, &week, end, &ravi.id).await?;
        assert_eq!(ravis.len(), 2);
        assert!(ravis.iter().all(|g| g.done >= 1 && g.done <= g.goal.target_per_week));
        let last_week = store.member_goals(&ravi.id, &last, last_end, &ravi.id).await?;
        assert!(
            last_week.iter().any(|g| g.done == g.goal.target_per_week && g.cheers >= 2),
            "met and cheered last week"
        );
        let groups = store.list_groups(&center.id, None).await?;
        let cbt = groups.iter().find(|g| g.name == "Men's CBT Group").context("CBT")?;
        let shown = store.group_goals(&cbt.id, &week, end, &ravi.id).await?;
        assert!(shown.len() >= 3 && shown.iter().all(|g| g.goal.visible_to_group));
        assert!(shown.iter().any(|g| g.goal.member_id == ravi.id));
        assert!(shown.iter().any(|g| g.goal.title.chars().any(|c| ('\u{0900}'..='\u{097F}').contains(&c))));
        assert!(shown.iter().any(|g| g.goal.title.is_ascii()));
        Ok(())
    }
}
