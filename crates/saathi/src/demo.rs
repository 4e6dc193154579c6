//! The demo centre for `saathi serve --demo`: one Nasha Mukti Kendra with its
//! staff, sixteen members at every stage of the journey with a believable
//! history, a family account, and six groups (men's CBT, women's support,
//! relapse-prevention skills, morning yoga, alumni, family) with 90 days of
//! sessions: topics, attendance, sharing-circle turns and confidential notes,
//! two of them flagged for a one-to-one. Everything goes through the store's
//! own functions (and so into the audit log), backdated to when it "happened".
//! Notes are encrypted: the store must have its note key before [`load`].
//! Check-ins, lapses, mentors and goals are in [`tracking`].

use anyhow::Context;
use chrono::{Days, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use saathi_domain::attendance::Status;
use saathi_domain::center::{DEFAULT_TIMEZONE, Helpline};
use saathi_domain::group::{DEFAULT_AGREEMENT, Eligibility, GroupKind, Modality};
use saathi_domain::schedule::{Schedule, occurrences};
use saathi_domain::{Role, Stage};
use saathi_server::auth::password;
use saathi_store::{
    Center, CenterPatch, EnrollmentStatus, GroupFields, MemberPatch, NewCenter, NewMember, NewNote, NewUser,
    SessionSlot, Store, now_ms,
};

#[path = "demo_tracking.rs"]
mod tracking;

pub struct DemoLogin {
    pub role: &'static str,
    pub login: String,
    pub password: String,
}

/// A demo member's sign-in on the centre's shared tablet (kiosk).
pub struct DemoKiosk {
    pub name: &'static str,
    pub code: &'static str,
    pub pin: &'static str,
}

/// What `serve --demo` prints: the accounts, and the kiosk codes and PINs.
pub struct DemoLogins {
    pub accounts: Vec<DemoLogin>,
    pub kiosk: Vec<DemoKiosk>,
}

/// Members in residence who sign in on the centre's tablet: (login, code, PIN).
const KIOSK: &[(&str, &str, &str)] =
    &[("member", "482913", "2580"), ("suresh.patel", "305718", "4826"), ("pooja.nair", "716204", "9153")];

/// The password of every demo account.
pub const PASSWORD: &str = "saathi-demo";
pub const CENTER_NAME: &str = "Saathi Nasha Mukti Kendra (Demo)";

/// India Standard Time (the demo centre's zone, Asia/Kolkata, has no DST).
fn ist() -> anyhow::Result<FixedOffset> {
    FixedOffset::east_opt(5 * 3600 + 30 * 60).context("bad offset")
}

/// Local dates and times relative to "now", for backdating.
struct Clock {
    now: i64,
    today: NaiveDate,
    tz: FixedOffset,
}

impl Clock {
    fn new(now: i64) -> anyhow::Result<Clock> {
        let tz = ist()?;
        let today = Utc.timestamp_millis_opt(now).single().context("bad time")?.with_timezone(&tz).date_naive();
        Ok(Clock { now, today, tz })
    }

    fn date(&self, days_ago: u64) -> anyhow::Result<NaiveDate> {
        self.today.checked_sub_days(Days::new(days_ago)).context("date out of range")
    }

    /// UTC millis of `days_ago` days before today at `hour:minute` centre time,
    /// never later than a minute ago.
    fn at(&self, days_ago: u64, hour: u32, minute: u32) -> anyhow::Result<i64> {
        let t = NaiveTime::from_hms_opt(hour, minute, 0).context("bad time of day")?;
        let local = self.date(days_ago)?.and_time(t);
        let ms = self.tz.from_local_datetime(&local).single().context("bad local time")?.timestamp_millis();
        Ok(ms.min(self.now - 60_000))
    }
}

/// A demo member: who they are and how their stay went.
struct Person {
    login: &'static str,
    display: &'static str,
    full: &'static str,
    language: &'static str,
    gender: &'static str,
    birth_year: i64,
    substances: &'static [&'static str],
    /// 1 = `counselor`, 2 = `counselor2`.
    counselor: u8,
    admitted_days_ago: u64,
    /// Stage changes after admission (which is in detox): (days after admission, new stage).
    moves: &'static [(u64, Stage)],
    /// Days after admission of the discharge into aftercare.
    discharged_after: Option<u64>,
    /// Days ago of the current sobriety start (reset after a relapse).
    sober_days: u64,
}

use Stage::{Detox, Rehabilitation as Rehab, RelapsePrevention as Rp};

const PEOPLE: &[Person] = &[
    // Rehabilitation.
    Person {
        login: "member",
        display: "Ravi",
        full: "Ravi Kumar Yadav",
        language: "hi",
        gender: "male",
        birth_year: 1988,
        substances: &["alcohol"],
        counselor: 1,
        admitted_days_ago: 40,
        moves: &[(12, Rehab)],
        discharged_after: None,
        sober_days: 41,
    },
    // Detox.
    Person {
        login: "suresh.patel",
        display: "Suresh",
        full: "Suresh Patel",
        language: "hi",
        gender: "male",
        birth_year: 1979,
        substances: &["alcohol", "tobacco"],
        counselor: 1,
        admitted_days_ago: 5,
        moves: &[],
        discharged_after: None,
        sober_days: 6,
    },
    Person {
        login: "imran.khan",
        display: "Imran",
        full: "Imran Khan",
        language: "en",
        gender: "male",
        birth_year: 1995,
        substances: &["opioids"],
        counselor: 1,
        admitted_days_ago: 9,
        moves: &[],
        discharged_after: None,
        sober_days: 9,
    },
    Person {
        login: "pooja.nair",
        display: "Pooja",
        full: "Pooja Nair",
        language: "en",
        gender: "female",
        birth_year: 1998,
        substances: &["sedatives", "alcohol"],
        counselor: 2,
        admitted_days_ago: 3,
        moves: &[],
        discharged_after: None,
        sober_days: 3,
    },
    // Rehabilitation, one after a relapse back into detox.
    Person {
        login: "harpreet.singh",
        display: "Harpreet",
        full: "Harpreet Singh",
        language: "hi",
        gender: "male",
        birth_year: 1992,
        substances: &["opioids", "cannabis"],
        counselor: 1,
        admitted_days_ago: 75,
        moves: &[(14, Rehab), (50, Detox), (58, Rehab)],
        discharged_after: None,
        sober_days: 25,
    },
    Person {
        login: "deepak.chauhan",
        display: "Deepak",
        full: "Deepak Chauhan",
        language: "hi",
        gender: "male",
        birth_year: 2001,
        substances: &["cannabis", "stimulants"],
        counselor: 2,
        admitted_days_ago: 55,
        moves: &[(10, Rehab)],
        discharged_after: None,
        sober_days: 56,
    },
    Person {
        login: "kiran.rao",
        display: "Kiran",
        full: "Kiran Rao",
        language: "en",
        gender: "transgender",
        birth_year: 1997,
        substances: &["alcohol", "stimulants"],
        counselor: 1,
        admitted_days_ago: 32,
        moves: &[(9, Rehab)],
        discharged_after: None,
        sober_days: 33,
    },
    Person {
        login: "rahul.mehta",
        display: "Rahul",
        full: "Rahul Mehta",
        language: "en",
        gender: "male",
        birth_year: 2006,
        substances: &["inhalants", "cannabis"],
        counselor: 1,
        admitted_days_ago: 60,
        moves: &[(8, Rehab)],
        discharged_after: None,
        sober_days: 60,
    },
    // Relapse prevention, one after a slip back into rehabilitation.
    Person {
        login: "sanjay.mishra",
        display: "Sanjay",
        full: "Sanjay Mishra",
        language: "hi",
        gender: "male",
        birth_year: 1968,
        substances: &["alcohol"],
        counselor: 1,
        admitted_days_ago: 150,
        moves: &[(14, Rehab), (90, Rp)],
        discharged_after: None,
        sober_days: 152,
    },
    Person {
        login: "farhan.shaikh",
        display: "Farhan",
        full: "Farhan Shaikh",
        language: "hi",
        gender: "male",
        birth_year: 1990,
        substances: &["opioids"],
        counselor: 2,
        admitted_days_ago: 130,
        moves: &[(18, Rehab), (84, Rp)],
        discharged_after: None,
        sober_days: 131,
    },
    Person {
        login: "neha.joshi",
        display: "Neha",
        full: "Neha Joshi",
        language: "en",
        gender: "female",
        birth_year: 1993,
        substances: &["sedatives"],
        counselor: 1,
        admitted_days_ago: 120,
        moves: &[(10, Rehab), (70, Rp)],
        discharged_after: None,
        sober_days: 121,
    },
    Person {
        login: "manoj.tiwari",
        display: "Manoj",
        full: "Manoj Tiwari",
        language: "hi",
        gender: "male",
        birth_year: 1975,
        substances: &["alcohol", "tobacco"],
        counselor: 1,
        admitted_days_ago: 200,
        moves: &[(12, Rehab), (75, Rp), (105, Rehab), (140, Rp)],
        discharged_after: None,
        sober_days: 95,
    },
    // Aftercare: discharged alumni, the oldest about two years sober.
    Person {
        login: "arvind.pillai",
        display: "Arvind",
        full: "Arvind Pillai",
        language: "en",
        gender: "male",
        birth_year: 1983,
        substances: &["alcohol"],
        counselor: 1,
        admitted_days_ago: 400,
        moves: &[(14, Rehab), (80, Rp)],
        discharged_after: Some(170),
        sober_days: 402,
    },
    Person {
        login: "mohan.lal",
        display: "Mohan",
        full: "Mohan Lal",
        language: "hi",
        gender: "male",
        birth_year: 1965,
        substances: &["alcohol", "tobacco"],
        counselor: 2,
        admitted_days_ago: 720,
        moves: &[(10, Rehab), (70, Rp)],
        discharged_after: Some(160),
        sober_days: 715,
    },
    Person {
        login: "sunil.thakur",
        display: "Sunil",
        full: "Sunil Thakur",
        language: "hi",
        gender: "male",
        birth_year: 1986,
        substances: &["opioids", "sedatives"],
        counselor: 1,
        admitted_days_ago: 300,
        moves: &[(21, Rehab), (100, Rp)],
        discharged_after: Some(180),
        sober_days: 290,
    },
    Person {
        login: "gurpreet.kaur",
        display: "Gurpreet",
        full: "Gurpreet Kaur",
        language: "hi",
        gender: "female",
        birth_year: 1980,
        substances: &["alcohol"],
        counselor: 1,
        admitted_days_ago: 500,
        moves: &[(12, Rehab), (85, Rp)],
        discharged_after: Some(150),
        sober_days: 498,
    },
];

/// The centre opened this many days ago; staff joined then.
const CENTER_AGE_DAYS: u64 = 800;

struct Staff {
    login: &'static str,
    role: Role,
    display: &'static str,
    full: &'static str,
    language: &'static str,
    joined_days_ago: u64,
}

const STAFF: &[Staff] = &[
    Staff {
        login: "admin",
        role: Role::Admin,
        display: "Anita Desai",
        full: "Anita Desai",
        language: "en",
        joined_days_ago: CENTER_AGE_DAYS,
    },
    Staff {
        login: "counselor",
        role: Role::Counselor,
        display: "Dr. Meera Sharma",
        full: "Meera Sharma",
        language: "hi",
        joined_days_ago: CENTER_AGE_DAYS,
    },
    Staff {
        login: "counselor2",
        role: Role::Counselor,
        display: "Arjun Menon",
        full: "Arjun Menon",
        language: "en",
        joined_days_ago: CENTER_AGE_DAYS - 30,
    },
    // Peer mentors are trained alumni.
    Staff {
        login: "mentor",
        role: Role::PeerMentor,
        display: "Vikram Singh",
        full: "Vikram Singh Rathore",
        language: "hi",
        joined_days_ago: 420,
    },
    Staff {
        login: "mentor2",
        role: Role::PeerMentor,
        display: "Salim Qureshi",
        full: "Salim Qureshi",
        language: "hi",
        joined_days_ago: 260,
    },
];

fn new_user(
    center_id: &str,
    role: Role,
    login: &str,
    display: &str,
    full: &str,
    language: &str,
    hash: &str,
) -> NewUser {
    NewUser {
        center_id: center_id.to_string(),
        role,
        login: login.to_string(),
        phone: None,
        password_hash: hash.to_string(),
        display_name: display.to_string(),
        full_name: Some(full.to_string()),
        language: language.to_string(),
    }
}

/// Loads the demo centre into an empty database and returns the logins to show.
/// The store needs its note key ([`Store::with_note_keys`]) for the notes.
pub async fn load(store: &Store) -> anyhow::Result<DemoLogins> {
    let clock = Clock::new(now_ms())?;
    // One hash for every account: hashing is deliberately slow.
    let hash = password::hash_async(PASSWORD.to_string()).await?;

    let center = store
        .create_center(
            &NewCenter { name: CENTER_NAME.to_string(), timezone: DEFAULT_TIMEZONE.to_string() },
            clock.at(CENTER_AGE_DAYS, 10, 0)?,
        )
        .await?;

    let mut ids = Vec::with_capacity(STAFF.len());
    for s in STAFF {
        let u = store
            .create_user(
                &new_user(&center.id, s.role, s.login, s.display, s.full, s.language, &hash),
                None,
                clock.at(s.joined_days_ago, 10, 15)?,
            )
            .await
            .with_context(|| format!("creating {}", s.login))?;
        ids.push(u.id);
    }
    let [admin_id, counselor_id, counselor2_id, ..] = ids.as_slice() else {
        anyhow::bail!("demo staff missing");
    };
    let mut people =
        People { staff: STAFF.iter().map(|s| s.login).zip(ids.iter().cloned()).collect(), members: Default::default() };

    store
        .update_center(
            &center.id,
            &CenterPatch {
                helplines: Some(vec![Helpline { name: "Kendra front desk".into(), phone: "+912024567890".into() }]),
                ..Default::default()
            },
            admin_id,
            clock.at(CENTER_AGE_DAYS - 1, 11, 0)?,
        )
        .await?;

    for (i, p) in PEOPLE.iter().enumerate() {
        let counselor = if p.counselor == 2 { counselor2_id } else { counselor_id };
        // Admissions happen during the day, at slightly different times.
        let minute = (i as u32 * 7) % 60;
        let admitted = clock.at(p.admitted_days_ago, 10 + (i as u32 % 5), minute)?;
        // Where the first streak began: a later lapse moves it (see `tracking`).
        let sober_from = clock.date(tracking::first_sober_days(p))?.format("%Y-%m-%d").to_string();
        let m = store
            .create_member(
                &NewMember {
                    user: new_user(&center.id, Role::Member, p.login, p.display, p.full, p.language, &hash),
                    gender: p.gender.to_string(),
                    birth_year: Some(p.birth_year),
                    substances: p.substances.iter().map(|s| s.to_string()).collect(),
                    stage: Stage::Detox,
                    sobriety_start: sober_from,
                    counselor_id: Some(counselor.clone()),
                },
                Some(counselor),
                admitted,
            )
            .await
            .with_context(|| format!("admitting {}", p.login))?;
        for &(after, stage) in p.moves {
            let when = clock.at(p.admitted_days_ago.saturating_sub(after), 16, minute)?;
            store
                .update_member(&m.id, &MemberPatch { stage: Some(stage), ..Default::default() }, counselor, when)
                .await
                .with_context(|| format!("moving {} to {stage}", p.login))?;
        }
        if let Some(after) = p.discharged_after {
            let when = clock.at(p.admitted_days_ago.saturating_sub(after), 12, minute)?;
            store.discharge_member(&m.id, counselor, when).await?;
        }
        people.members.insert(p.login, (m.id, p));
    }

    // Ravi's wife, linked to him with his consent.
    store
        .create_user(
            &new_user(&center.id, Role::Family, "family", "Sunita", "Sunita Yadav", "hi", &hash),
            Some(counselor_id),
            clock.at(35, 17, 30)?,
        )
        .await?;

    load_groups(store, &clock, &center, &people).await?;
    tracking::load(store, &clock, &center, &people).await?;
    load_crisis(store, &clock, &center, &people).await?;
    let kiosk = load_kiosk(store, &clock, &center, &people, counselor_id).await?;

    let accounts = [
        ("admin", "admin"),
        ("counselor", "counselor"),
        ("peer_mentor", "mentor"),
        ("member", "member"),
        ("family", "family"),
    ]
    .into_iter()
    .map(|(role, login)| DemoLogin { role, login: login.to_string(), password: PASSWORD.to_string() })
    .collect();
    Ok(DemoLogins { accounts, kiosk })
}

/// Kiosk codes and PINs for a few members in residence (set by their counsellor).
async fn load_kiosk(
    store: &Store,
    clock: &Clock,
    center: &saathi_store::Center,
    people: &People<'_>,
    counselor_id: &str,
) -> anyhow::Result<Vec<DemoKiosk>> {
    let mut out = Vec::new();
    for &(login, code, pin) in KIOSK {
        let (id, p) = people.members.get(login).with_context(|| format!("demo member {login}"))?;
        let hash = password::hash_async(pin.to_string()).await?;
        store.set_kiosk_credential(id, &center.id, code, &hash, counselor_id, clock.at(2, 11, 0)?).await?;
        out.push(DemoKiosk { name: p.display, code, pin });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Groups, their sessions and 90 days of history.

const DAY: i64 = 24 * 3_600_000;
const MINUTE: i64 = 60_000;
/// Sessions are materialised this far back and ahead.
const HISTORY_DAYS: u64 = 90;
const AHEAD_DAYS: u64 = 14;

/// A demo group: what it is, who runs it and who joined when.
struct GroupPlan {
    name: &'static str,
    kind: GroupKind,
    modality: Modality,
    capacity: i64,
    stages: &'static [Stage],
    genders: &'static [&'static str],
    rrule: &'static str,
    start_time: &'static str,
    duration_minutes: i64,
    /// Staff logins; the first counsellor among them enrols, takes
    /// attendance and writes the notes.
    facilitators: &'static [&'static str],
    created_days_ago: u64,
    /// The topics it works through, in turn.
    topics: &'static [&'static str],
    /// A sharing circle (and so notes): not at yoga, not in the family group.
    circle: bool,
    /// Someone who tends to talk at length, in some sessions.
    talker: Option<&'static str>,
    /// (member login, days ago they joined), in the order they came.
    members: &'static [(&'static str, u64)],
}

use Stage::Aftercare;

const GROUPS: &[GroupPlan] = &[
    GroupPlan {
        name: "Men's CBT Group",
        kind: GroupKind::Cbt,
        modality: Modality::InPerson,
        capacity: 6,
        stages: &[Rehab, Rp],
        genders: &["male"],
        rrule: "FREQ=WEEKLY;BYDAY=MO,TH",
        start_time: "11:00",
        duration_minutes: 90,
        facilitators: &["counselor"],
        created_days_ago: 120,
        topics: &[
            "triggers",
            "emotional_awareness",
            "cravings",
            "anger",
            "self_esteem",
            "stress",
            "communication",
            "relapse_prevention",
        ],
        circle: true,
        talker: Some("manoj.tiwari"),
        // Full at six: Sanjay waits for a place.
        members: &[
            ("manoj.tiwari", 118),
            ("farhan.shaikh", 110),
            ("harpreet.singh", 60),
            ("rahul.mehta", 51),
            ("deepak.chauhan", 44),
            ("member", 27),
            ("sanjay.mishra", 10),
        ],
    },
    GroupPlan {
        name: "Women's Support Circle",
        kind: GroupKind::Support,
        modality: Modality::InPerson,
        capacity: 8,
        stages: &[],
        genders: &["female", "transgender"],
        rrule: "FREQ=WEEKLY;BYDAY=WE",
        start_time: "15:00",
        duration_minutes: 75,
        facilitators: &["counselor"],
        created_days_ago: 200,
        topics: &[
            "self_esteem",
            "family",
            "boundaries",
            "grief_and_loss",
            "emotional_awareness",
            "communication",
            "stress",
        ],
        circle: true,
        talker: None,
        // Pooja joined yesterday and has not accepted the agreement yet.
        members: &[("gurpreet.kaur", 199), ("neha.joshi", 108), ("kiran.rao", 22), ("pooja.nair", 1)],
    },
    GroupPlan {
        name: "Relapse Prevention Skills",
        kind: GroupKind::Skills,
        modality: Modality::InPerson,
        capacity: 10,
        stages: &[Rehab, Rp],
        genders: &[],
        rrule: "FREQ=WEEKLY;BYDAY=TU,FR",
        start_time: "16:00",
        duration_minutes: 90,
        facilitators: &["counselor2"],
        created_days_ago: 150,
        topics: &[
            "relapse_prevention",
            "triggers",
            "cravings",
            "boundaries",
            "stress",
            "living_sober",
            "sleep_and_health",
            "work_and_money",
        ],
        circle: true,
        talker: Some("sanjay.mishra"),
        members: &[
            ("sanjay.mishra", 135),
            ("manoj.tiwari", 130),
            ("neha.joshi", 109),
            ("farhan.shaikh", 45),
            ("deepak.chauhan", 40),
            ("member", 25),
            ("kiran.rao", 20),
        ],
    },
    GroupPlan {
        name: "Morning Yoga and Meditation",
        kind: GroupKind::Activity,
        modality: Modality::InPerson,
        capacity: 12,
        stages: &[Detox, Rehab, Rp],
        genders: &[],
        rrule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA",
        start_time: "06:30",
        duration_minutes: 45,
        facilitators: &["counselor2"],
        created_days_ago: 180,
        topics: &["stress", "sleep_and_health", "gratitude", "spirituality", "emotional_awareness"],
        circle: false,
        talker: None,
        members: &[
            ("neha.joshi", 105),
            ("manoj.tiwari", 100),
            ("harpreet.singh", 70),
            ("rahul.mehta", 58),
            ("deepak.chauhan", 53),
            ("member", 38),
            ("kiran.rao", 30),
            ("imran.khan", 8),
            ("suresh.patel", 4),
            ("pooja.nair", 2),
        ],
    },
    GroupPlan {
        name: "Alumni Circle",
        kind: GroupKind::Alumni,
        modality: Modality::Hybrid,
        capacity: 12,
        stages: &[Aftercare],
        genders: &[],
        rrule: "FREQ=WEEKLY;BYDAY=SU",
        start_time: "10:00",
        duration_minutes: 90,
        // Peer-led: the mentor runs it, a counsellor co-facilitates.
        facilitators: &["mentor", "counselor"],
        created_days_ago: 320,
        topics: &[
            "living_sober",
            "work_and_money",
            "family",
            "gratitude",
            "relapse_prevention",
            "spirituality",
            "boundaries",
        ],
        circle: true,
        talker: Some("mohan.lal"),
        members: &[("mohan.lal", 300), ("gurpreet.kaur", 299), ("arvind.pillai", 228), ("sunil.thakur", 115)],
    },
    GroupPlan {
        name: "Family Support Group",
        kind: GroupKind::Family,
        modality: Modality::InPerson,
        capacity: 12,
        stages: &[],
        genders: &[],
        rrule: "FREQ=MONTHLY;BYDAY=1SA,3SA",
        start_time: "16:00",
        duration_minutes: 120,
        facilitators: &["counselor"],
        created_days_ago: 250,
        topics: &["family", "communication", "boundaries"],
        circle: false,
        talker: None,
        members: &[],
    },
];

/// How often someone comes, `[present, late, absent, excused]`, by how many
/// days ago the session was: most come, some drift.
fn attendance_weights(login: &str, days_ago: i64) -> [u32; 4] {
    match login {
        // Back in detox after his relapse, then finding his feet again.
        "harpreet.singh" if (17..=25).contains(&days_ago) => [0, 0, 3, 7],
        "harpreet.singh" if (26..=42).contains(&days_ago) => [45, 10, 40, 5],
        // An alumnus drifting away since he lost his job.
        "sunil.thakur" if days_ago <= 35 => [10, 5, 80, 5],
        "deepak.chauhan" => [66, 22, 8, 4],
        "rahul.mehta" => [70, 16, 10, 4],
        "member" => [88, 6, 2, 4],
        _ => [84, 8, 4, 4],
    }
}

fn weighted(rng: &mut StdRng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut x = rng.gen_range(0..total.max(1));
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

/// (English label, what the group worked on, Hindi label).
fn topic_text(topic: &str) -> (&'static str, &'static str, &'static str) {
    match topic {
        "triggers" => (
            "Triggers",
            "identifying personal high-risk situations (people, places, times of day) and a first response to each",
            "ट्रिगर — जोखिम वाली स्थितियाँ",
        ),
        "emotional_awareness" => {
            ("Emotional awareness", "naming the feelings behind urges, with the feelings wheel", "भावनाओं की पहचान")
        }
        "communication" => ("Communication", "assertive 'I' statements and asking for help without blame", "संवाद"),
        "stress" => ("Stress", "early signs of stress, slow breathing and grounding", "तनाव"),
        "relapse_prevention" => {
            ("Relapse prevention", "warning signs of relapse and each member's written prevention plan", "रिलैप्स से बचाव")
        }
        "family" => ("Family", "rebuilding trust at home and what members want their families to understand", "परिवार"),
        "cravings" => ("Cravings", "urge surfing and 'delay, distract, decide' for cravings", "तलब (क्रेविंग)"),
        "anger" => ("Anger", "the anger cycle and taking a time-out before reacting", "ग़ुस्सा"),
        "grief_and_loss" => (
            "Grief and loss",
            "losses connected to use — relationships, work, health — and how grief can feed cravings",
            "दुःख और क्षति",
        ),
        "self_esteem" => {
            ("Self-esteem", "challenging 'I am a failure' thoughts with evidence of progress", "आत्म-सम्मान")
        }
        "sleep_and_health" => {
            ("Sleep and health", "sleep hygiene, regular meals and a daily routine in early recovery", "नींद और स्वास्थ्य")
        }
        "work_and_money" => {
            ("Work and money", "going back to work, handling cash and payday as a trigger", "काम और पैसा")
        }
        "boundaries" => (
            "Boundaries",
            "refusing offers to use and setting limits with friends who still drink or use",
            "सीमाएँ तय करना",
        ),
        "gratitude" => ("Gratitude", "a gratitude round and noticing small gains", "कृतज्ञता"),
        "spirituality" => ("Spirituality", "meaning, prayer or meditation as a support in recovery", "आध्यात्मिकता"),
        _ => ("Living sober", "planning free time, festivals and social events without substances", "नशा-मुक्त जीवन"),
    }
}

/// What one member took from a session, in their own record: about them only.
fn part_content(topic: &str, substance: &str, variant: usize) -> String {
    let options: [String; 2] = match topic {
        "triggers" => [
            format!("Identified evenings alone and payday as personal high-risk times for {substance} use; named calling a support person as a first response."),
            "Mapped three personal triggers (old friends, boredom, conflict at home) and a coping step for each.".to_string(),
        ],
        "cravings" => [
            "Described a craving this week that passed in about twenty minutes; practised urge surfing in the session.".to_string(),
            format!("Reports {substance} cravings are less frequent; used 'delay and distract' twice this week."),
        ],
        "relapse_prevention" => [
            "Reviewed the written relapse-prevention plan and added two early warning signs.".to_string(),
            "Named isolation and skipping meals as personal warning signs; updated the emergency contact list.".to_string(),
        ],
        "family" => [
            "Spoke about rebuilding trust at home; plans to share the recovery plan at the next family visit.".to_string(),
            "Expressed guilt about the past and hope about the coming family session.".to_string(),
        ],
        "anger" => [
            "Recognised irritability as an early sign; practised a time-out and counting breaths.".to_string(),
            "Described a conflict this week handled without shouting; reflected on what helped.".to_string(),
        ],
        "work_and_money" => [
            "Discussed returning to work; agreed a plan for handling wages (salary to a family member's account for now).".to_string(),
            "Named payday as a risk; will go straight home and call the mentor on payday.".to_string(),
        ],
        "stress" | "sleep_and_health" => [
            "Reports sleep improving; practised the breathing exercise and found it useful.".to_string(),
            "Identified work and family worries as main stressors; will try the grounding exercise at night.".to_string(),
        ],
        _ => [
            format!("Shared openly about the topic and related it to the past pattern of {substance} use."),
            "Listened attentively and offered encouragement; connected the theme to personal goals for the week.".to_string(),
        ],
    };
    options[variant % 2].clone()
}

const AFFECT: [&str; 4] = [
    "Mood appeared euthymic; no safety concerns.",
    "Affect bright; reports low cravings this week.",
    "Appeared tired; reports disturbed sleep, to be reviewed at the next one-to-one.",
    "Calm and reflective; no risk indicators.",
];

const PLANS: [&str; 4] = [
    "Continue current plan.",
    "Encouraged to practise the skill daily.",
    "Homework: note two triggers this week and the response used.",
    "Continue; review progress at the next session.",
];

const GROUP_PLANS: [&str; 4] = [
    "the next session continues the theme; members to practise one skill during the week.",
    "members to note two triggers this week and the response they used; review next session.",
    "review of the week's practice at the next session.",
    "handout given; questions to be taken up at one-to-ones.",
];

const HINDI_PARTS: [&str; 3] = [
    "सत्र में सक्रिय रूप से भाग लिया और अपने अनुभव ईमानदारी से साझा किए। इस सप्ताह तलब कम बताई; कोई जोखिम संकेत नहीं। वर्तमान योजना जारी रखें।",
    "ध्यान से सुना और पूछने पर अपनी बात रखी। नींद में सुधार बताया। अगले सप्ताह रोज़ अभ्यास करने को कहा गया।",
    "परिवार से मिलने को लेकर थोड़ी चिंता जताई, पर आशावादी दिखे। अगली व्यक्तिगत बैठक में इस पर बात होगी।",
];

/// The flagged parts: the story behind two follow-up tasks.
const HARPREET_FLAG: &str = "Reported strong cravings over the past week and renewed contact with old using friends; \
low mood and poor sleep. Denied current use. Needs one-to-one this week to review his relapse-prevention plan; \
mentor informed.";
const SUNIL_FLAG: &str = "Returned after several missed meetings. Spoke of losing his job last month and of evenings \
being hard; no use reported, no safety concerns voiced. Needs one-to-one with his counsellor; agreed to call his \
mentor this week.";

/// The on-call roster (counsellor by day, counsellor2 nights and Sundays)
/// and an old crisis of Sunil's, drifting since he lost his job: raised late
/// one evening, his mentor and group facilitators told, the on-call
/// counsellor five minutes later, acknowledged and resolved with a note.
async fn load_crisis(store: &Store, clock: &Clock, center: &Center, people: &People<'_>) -> anyhow::Result<()> {
    use saathi_domain::crisis::Slot;
    let (day, night, admin) = (people.staff("counselor")?, people.staff("counselor2")?, people.staff("admin")?);
    let mut roster = Vec::new();
    for weekday in 0..7u8 {
        for hour in 0..24u8 {
            let who = if weekday < 6 && (8..20).contains(&hour) { day } else { night };
            roster.push((Slot { weekday, hour }, who.to_string()));
        }
    }
    store.set_on_call_roster(&center.id, &roster, admin, clock.at(60, 9, 0)?).await?;
    let (sunil, _) = people.member("sunil.thakur")?;
    let at = |now| saathi_store::CrisisClock { now: Some(now), ..Default::default() };
    let raised = store
        .raise_crisis(
            &center.id,
            sunil,
            Some("Lost my job. Evenings are very hard, I feel like drinking tonight."),
            at(clock.at(23, 21, 40)?),
        )
        .await?;
    let mut told = raised.told.clone();
    let due = raised.alert.next_at.context("the demo crisis had nothing due")?;
    if let Some(e) = store.escalate_due_crisis(at(due)).await? {
        told.extend(e.told);
    }
    store.acknowledge_crisis(&raised.alert.id, night, due + 3 * 60_000).await?;
    store
        .resolve_crisis(
            &raised.alert.id,
            night,
            "Called Sunil at once; talked for 40 minutes. He stayed with his brother that night, no use. \
             One-to-one booked for the morning; mentor to call him daily this week.",
            due + 55 * 60_000,
        )
        .await?;
    // Old news: the notifications of the time were read back then.
    for (user, id) in told {
        store.mark_notification_read(&id, &user, due + 60 * 60_000).await?;
    }
    Ok(())
}

/// Who is in the demo centre, by login.
struct People<'a> {
    staff: std::collections::HashMap<&'static str, String>,
    members: std::collections::HashMap<&'static str, (String, &'a Person)>,
}

impl People<'_> {
    fn staff(&self, login: &str) -> anyhow::Result<&str> {
        self.staff.get(login).map(String::as_str).with_context(|| format!("no demo staff {login}"))
    }

    fn member(&self, login: &str) -> anyhow::Result<&(String, &Person)> {
        self.members.get(login).with_context(|| format!("no demo member {login}"))
    }

    fn counselor_of(&self, p: &Person) -> anyhow::Result<&str> {
        self.staff(if p.counselor == 2 { "counselor2" } else { "counselor" })
    }
}

async fn load_groups(store: &Store, clock: &Clock, center: &Center, people: &People<'_>) -> anyhow::Result<()> {
    let tz = center.tz();
    let mut rng = StdRng::seed_from_u64(0x5AA7_41D1);
    let from = clock.date(HISTORY_DAYS)?;
    let to = clock.today.checked_add_days(Days::new(AHEAD_DAYS)).context("date out of range")?;
    let latest = clock.now - MINUTE;

    for plan in GROUPS {
        let lead_login = plan
            .facilitators
            .iter()
            .find(|l| l.starts_with("counselor"))
            .context("every demo group has a counsellor")?;
        let lead = people.staff(lead_login)?;
        // Who runs the sharing circle: the mentor in a peer-led group.
        let runner = people.staff(plan.facilitators.first().context("a facilitator")?)?;
        let created_at = clock.at(plan.created_days_ago, 12, 0)?;
        let starts_on = clock.date(plan.created_days_ago)?;
        let schedule = Schedule {
            rrule: plan.rrule.to_string(),
            start_time: plan.start_time.to_string(),
            duration_minutes: plan.duration_minutes,
        };
        let group = store
            .create_group(
                &center.id,
                &GroupFields {
                    name: plan.name.to_string(),
                    kind: plan.kind,
                    modality: plan.modality,
                    capacity: plan.capacity,
                    eligibility: Eligibility {
                        stages: plan.stages.to_vec(),
                        genders: plan.genders.iter().map(|g| g.to_string()).collect(),
                        ..Default::default()
                    },
                    is_open: true,
                    agreement: DEFAULT_AGREEMENT.to_string(),
                    schedule: Some(schedule.clone()),
                    schedule_starts_on: Some(starts_on.format("%Y-%m-%d").to_string()),
                    facilitator_ids: plan
                        .facilitators
                        .iter()
                        .map(|l| people.staff(l).map(str::to_string))
                        .collect::<anyhow::Result<_>>()?,
                },
                lead,
                created_at,
            )
            .await
            .with_context(|| format!("creating {}", plan.name))?;

        // Enrolment in the order they came; the agreement accepted soon after
        // (except by whoever joined only yesterday).
        for (login, days_ago) in plan.members {
            let (id, _) = people.member(login)?;
            let at = clock.at(*days_ago, 10, 30)?;
            store.enroll(&group.id, id, lead, None, at).await?;
            if *days_ago > 1 {
                store.accept_agreement(&group.id, id, clock.at(*days_ago, 10, 50)?).await?;
            }
        }
        let enrolled = store.list_enrollments(&group.id).await?;
        // (login, member id, the member, agreement accepted at) of those with a place.
        let mut active = Vec::new();
        for (login, _) in plan.members {
            let (id, p) = people.member(login)?;
            if let Some(e) = enrolled.iter().find(|e| &e.member_id == id && e.status == EnrollmentStatus::Active)
                && let Some(accepted) = e.agreement_accepted_at
            {
                active.push((*login, id.as_str(), *p, accepted));
            }
        }

        // The sessions of the last 90 days and the next fortnight.
        let occ = occurrences(&schedule, tz, starts_on, from, to);
        for o in &occ {
            let (starts, ends) = (o.starts_at.timestamp_millis(), o.ends_at.timestamp_millis());
            let made = (starts - AHEAD_DAYS as i64 * DAY).max(created_at).min(latest);
            store.materialise_sessions(&group.id, &center.id, &[(starts, ends)], made).await?;
        }
        let (Some(first), Some(last)) = (occ.first(), occ.last()) else { continue };
        let sessions = store
            .list_sessions(&group.id, first.starts_at.timestamp_millis(), last.starts_at.timestamp_millis() + 1)
            .await?;

        // Two cancellations: a skills session three weeks ago, a yoga morning next week.
        let cancelled: Option<&str> = match plan.kind {
            GroupKind::Skills => {
                let target = clock.now - 20 * DAY;
                sessions.iter().min_by_key(|s| (s.starts_at - target).abs()).map(|s| s.id.as_str())
            }
            GroupKind::Activity => sessions.iter().find(|s| s.starts_at > clock.now + 3 * DAY).map(|s| s.id.as_str()),
            _ => None,
        };
        // The flagged sessions: Harpreet's last CBT session before his relapse,
        // Sunil's last alumni meeting.
        let flagged: Option<(&str, &str)> = match plan.kind {
            GroupKind::Cbt => {
                let relapse = clock.at(25, 9, 0)?;
                sessions.iter().rfind(|s| s.ends_at < relapse).map(|s| (s.id.as_str(), "harpreet.singh"))
            }
            GroupKind::Alumni => sessions.iter().rfind(|s| s.ends_at < latest).map(|s| (s.id.as_str(), "sunil.thakur")),
            _ => None,
        };

        let mut notes_written = 0;
        for (i, s) in sessions.iter().enumerate() {
            let topic = plan.topics[i % plan.topics.len()];
            let is_cancelled = cancelled == Some(s.id.as_str());
            let planned = (s.starts_at - 3 * DAY).max(created_at).min(latest);
            let status = if is_cancelled { "cancelled" } else { "scheduled" };
            store
                .update_group_session(
                    &s.id,
                    SessionSlot { starts_at: s.starts_at, ends_at: s.ends_at, topic: Some(topic) },
                    status,
                    lead,
                    planned,
                )
                .await?;
            if is_cancelled || s.ends_at >= latest || active.is_empty() {
                continue;
            }
            let days_ago = (clock.now - s.starts_at) / DAY;
            let flag = flagged.filter(|(id, _)| *id == s.id).map(|(_, login)| login);

            // Attendance: the facilitator's register, and some check in themselves.
            let mut register = Vec::new();
            let mut attendees = Vec::new();
            let mut late = 0;
            for (login, id, _, accepted) in &active {
                if *accepted > s.starts_at {
                    continue;
                }
                let status = if flag == Some(*login) {
                    Status::Present
                } else {
                    Status::ALL[weighted(&mut rng, &attendance_weights(login, days_ago))]
                };
                let own = status.attended() && rng.gen_bool(if *login == "member" { 0.5 } else { 0.15 });
                if own {
                    let at = match status {
                        Status::Late => s.starts_at + rng.gen_range(11..25) * MINUTE,
                        _ => s.starts_at - rng.gen_range(1..12) * MINUTE,
                    };
                    store.put_attendance(&s.id, &[(id.to_string(), status)], "self", id, at).await?;
                } else {
                    register.push((id.to_string(), status));
                }
                if status.attended() {
                    attendees.push(*login);
                }
                late += usize::from(status == Status::Late);
            }
            if !register.is_empty() {
                store.put_attendance(&s.id, &register, "facilitator", lead, s.ends_at - 5 * MINUTE).await?;
            }
            if !plan.circle || attendees.is_empty() {
                continue;
            }

            // The sharing circle, in a different order each time.
            let mut dominant = false;
            if flag.is_some() || rng.gen_bool(0.88) {
                let mut order = attendees.clone();
                order.shuffle(&mut rng);
                let long = plan.talker.filter(|t| order.contains(t) && rng.gen_bool(0.35));
                dominant = long.is_some();
                let mut at = s.starts_at + 15 * MINUTE;
                for login in order {
                    let (id, p) = people.member(login)?;
                    let new = p.admitted_days_ago < 14;
                    let passed = flag != Some(login) && rng.gen_bool(if new { 0.3 } else { 0.07 });
                    let seconds = if passed {
                        0
                    } else if long == Some(login) {
                        rng.gen_range(840..=1380)
                    } else {
                        rng.gen_range(60..=360)
                    };
                    at += seconds * 1000 + 20_000;
                    store.add_turn(&s.id, id, seconds, passed, runner, at.min(latest)).await?;
                }
            }

            // About a third of the sessions have a group note with a part per attendee.
            if flag.is_none() && i % 3 != 1 {
                continue;
            }
            notes_written += 1;
            let hindi = *lead_login == "counselor" && notes_written % 4 == 2;
            let written = (s.ends_at + 40 * MINUTE).min(latest);
            let (label, worked_on, hindi_label) = topic_text(topic);
            let body = if hindi {
                format!(
                    "{} — विषय: {hindi_label}। {} सदस्य उपस्थित रहे। सदस्यों ने अपने अनुभव साझा किए और एक-दूसरे का \
                     सहयोग किया; माहौल सुरक्षित और सम्मानजनक रहा। अगला कदम: अगले सत्र में इस सप्ताह के अभ्यास की समीक्षा।",
                    plan.name,
                    attendees.len()
                )
            } else {
                let dynamics = if dominant {
                    "One member spoke at length early on; the facilitator used the timer and invited quieter members in."
                } else {
                    [
                        "Participation was balanced; quieter members were invited in and most shared.",
                        "Members offered each other practical support and examples from their own recovery.",
                        "Energy was low at the start and improved after the check-in round.",
                    ][i % 3]
                };
                format!(
                    "{} — {label}. {} attended{}. The group worked on {worked_on}. {dynamics} Plan: {}",
                    plan.name,
                    attendees.len(),
                    if late > 0 { format!(" ({late} late)") } else { String::new() },
                    GROUP_PLANS[i % GROUP_PLANS.len()],
                )
            };
            store
                .create_note(
                    &NewNote {
                        center_id: center.id.clone(),
                        session_id: Some(s.id.clone()),
                        member_id: None,
                        author_id: lead.to_string(),
                        body,
                        needs_one_to_one: false,
                        follow_up_counselor_id: None,
                    },
                    written,
                )
                .await
                .context("writing a session note (the store needs a note key: Store::with_note_keys)")?;
            for (k, login) in attendees.iter().enumerate() {
                let (id, p) = people.member(login)?;
                let flagged_part = flag == Some(*login);
                let body = if flagged_part {
                    (if *login == "harpreet.singh" { HARPREET_FLAG } else { SUNIL_FLAG }).to_string()
                } else if hindi && p.language == "hi" && p.gender == "male" {
                    HINDI_PARTS[(i + k) % HINDI_PARTS.len()].to_string()
                } else {
                    let substance = p.substances.first().copied().unwrap_or("substance");
                    format!(
                        "{} {} {} {}",
                        if dominant && plan.talker == Some(*login) {
                            "Shared at length; accepted a gentle reminder of the time limit."
                        } else {
                            ["Engaged throughout.", "Participated when invited.", "Participated actively."][(i + k) % 3]
                        },
                        part_content(topic, substance, i + k),
                        AFFECT[(i * 3 + k) % AFFECT.len()],
                        PLANS[(i + k) % PLANS.len()],
                    )
                };
                store
                    .create_note(
                        &NewNote {
                            center_id: center.id.clone(),
                            session_id: Some(s.id.clone()),
                            member_id: Some(id.clone()),
                            author_id: lead.to_string(),
                            body,
                            needs_one_to_one: flagged_part,
                            follow_up_counselor_id: Some(people.counselor_of(p)?.to_string()),
                        },
                        (written + (k as i64 + 1) * MINUTE).min(latest),
                    )
                    .await?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::tests::{on_postgres, on_sqlite};
    use saathi_domain::group::{Candidate, check_eligibility};
    use saathi_store::{EnrollmentStatus, MemberQuery, NoteKeys};
    use std::collections::{HashMap, HashSet};

    #[tokio::test]
    async fn demo_centre_loads() -> anyhow::Result<()> {
        on_sqlite(demo_centre).await
    }

    #[tokio::test]
    async fn demo_centre_loads_on_postgres() -> anyhow::Result<()> {
        on_postgres(demo_centre).await
    }

    async fn demo_centre(store: Store) -> anyhow::Result<()> {
        let store = store.with_note_keys(NoteKeys::generate());
        let started = std::time::Instant::now();
        let logins = load(&store).await?;
        // It starts every browser test: seconds, not minutes (about 1 s on SQLite in a debug build).
        let took = started.elapsed();
        eprintln!("demo centre loaded on {:?} in {took:.2?}", store.backend());
        assert!(took < std::time::Duration::from_secs(20), "{took:?}");
        let roles: Vec<&str> = logins.accounts.iter().map(|l| l.role).collect();
        assert_eq!(roles, ["admin", "counselor", "peer_mentor", "member", "family"]);
        assert!(logins.accounts.iter().all(|l| l.password == PASSWORD));
        // Kiosk codes for members in residence; the PINs are stored hashed and verify.
        assert_eq!(logins.kiosk.len(), KIOSK.len());
        for k in &logins.kiosk {
            let found = store.find_kiosk_sign_in(&store.list_centers().await?[0].id, k.code).await?.context("code")?;
            assert_eq!(found.user.display_name, k.name);
            assert!(found.user.role == Role::Member);
            assert!(!found.pin_hash.contains(k.pin));
            assert!(password::verify(k.pin, &found.pin_hash));
            assert_eq!(saathi_domain::kiosk::check_pin(k.pin), Ok(()));
        }

        let centers = store.list_centers().await?;
        assert_eq!(centers.len(), 1);
        let center = &centers[0];
        assert_eq!(center.name, CENTER_NAME);
        assert_eq!(center.timezone, "Asia/Kolkata");
        assert_eq!(center.helplines.len(), 1);

        let all = store.list_members(&center.id, &MemberQuery { limit: 100, ..Default::default() }).await?;
        assert_eq!(all.len(), PEOPLE.len());
        for stage in Stage::ALL {
            assert!(all.iter().any(|m| m.stage == stage), "no member in {stage}");
        }
        assert!(all.iter().any(|m| m.gender == "female"));
        assert!(all.iter().any(|m| m.gender == "transgender"));
        assert!(all.iter().filter(|m| m.stage == Stage::Aftercare).all(|m| m.discharged_at.is_some()));
        assert!(all.iter().filter(|m| m.stage != Stage::Aftercare).all(|m| m.discharged_at.is_none()));
        // An old crisis of Sunil's, resolved, with its whole history; the on-call roster.
        let resolved = store.crisis_alerts(&center.id, &["resolved"], None, None, 10).await?;
        assert_eq!(resolved.len(), 1);
        let steps: Vec<String> = store.crisis_steps(&resolved[0].id).await?.into_iter().map(|s| s.kind).collect();
        assert_eq!(steps, ["raised", "notified", "notified", "acknowledged", "resolved"]);
        assert!(store.crisis_alerts(&center.id, &["open", "acknowledged"], None, None, 10).await?.is_empty());
        assert_eq!(store.on_call_roster(&center.id).await?.len(), 7 * 24);

        let ravi = all.iter().find(|m| m.login == "member").context("member login")?;
        assert_eq!(ravi.display_name, "Ravi");
        assert_eq!(ravi.language, "hi");
        let history = store.stage_history(&ravi.id).await?;
        assert_eq!(history.len(), 2);
        assert_eq!(history[0].to_stage, Stage::Detox);
        assert_eq!(history[1].to_stage, Stage::Rehabilitation);

        // Every member's history starts in detox at admission and ends in the current stage.
        let now = now_ms();
        for m in &all {
            let h = store.stage_history(&m.id).await?;
            let first = h.first().context("history")?;
            let last = h.last().context("history")?;
            assert_eq!(first.to_stage, Stage::Detox);
            assert_eq!(first.changed_at, m.admitted_at);
            assert_eq!(last.to_stage, m.stage, "{}", m.login);
            assert!(h.windows(2).all(|w| w[0].changed_at < w[1].changed_at));
            assert!(last.changed_at < now);
        }

        let counselor = store.find_for_login("counselor").await?.context("counselor")?;
        assert_eq!(counselor.user.display_name, "Dr. Meera Sharma");
        assert!(password::verify(PASSWORD, &counselor.password_hash));
        let theirs = store
            .list_members(
                &center.id,
                &MemberQuery { counselor_id: Some(counselor.user.id.clone()), limit: 100, ..Default::default() },
            )
            .await?;
        assert!(theirs.len() > PEOPLE.len() / 2);
        for login in ["admin", "counselor2", "mentor", "mentor2", "family"] {
            assert!(store.find_for_login(login).await?.is_some(), "{login}");
        }

        groups_have_history(&store, center, &all).await?;
        tracking::tests::has_history(&store, center, &all).await?;
        Ok(())
    }

    async fn groups_have_history(store: &Store, center: &Center, all: &[saathi_store::Member]) -> anyhow::Result<()> {
        let login = |id: &str| all.iter().find(|m| m.id == id).map(|m| m.login.as_str()).unwrap_or("");
        let member = |l: &str| all.iter().find(|m| m.login == l).context("member");
        let staff = |l: &'static str| async move { store.find_for_login(l).await?.map(|u| u.user.id).context("staff") };
        let counselor = staff("counselor").await?;
        let mentor = staff("mentor").await?;
        let now = now_ms();

        let groups = store.list_groups(&center.id, None).await?;
        assert_eq!(groups.len(), GROUPS.len());
        let kinds: HashSet<GroupKind> = groups.iter().map(|g| g.kind).collect();
        for k in [
            GroupKind::Cbt,
            GroupKind::Support,
            GroupKind::Skills,
            GroupKind::Activity,
            GroupKind::Alumni,
            GroupKind::Family,
        ] {
            assert!(kinds.contains(&k), "no {} group", k.as_str());
        }
        let by_name = |n: &str| groups.iter().find(|g| g.name == n).context("group");
        // A peer mentor co-facilitates the peer-led alumni group.
        let alumni = by_name("Alumni Circle")?;
        assert!(alumni.facilitator_ids.contains(&mentor) && alumni.facilitator_ids.contains(&counselor));
        // Full, with one waiting.
        let cbt = by_name("Men's CBT Group")?;
        assert_eq!((cbt.active_count, cbt.capacity, cbt.waitlist_count), (6, 6, 1));
        let waiting = store.list_enrollments(&cbt.id).await?;
        let sanjay = waiting.iter().find(|e| e.status == EnrollmentStatus::Waitlisted).context("waitlist")?;
        assert_eq!((login(&sanjay.member_id), sanjay.waitlist_position), ("sanjay.mishra", Some(1)));

        // Ravi is active in several groups and accepted each agreement.
        let ravi = member("member")?;
        let mut ravis = 0;
        for g in store.list_groups(&center.id, Some(&ravi.id)).await? {
            let e = store.enrollment(&g.id, &ravi.id).await?.context("enrolment")?;
            assert_eq!(e.status, EnrollmentStatus::Active);
            assert!(e.agreement_accepted_at.is_some_and(|a| a >= e.enrolled_at));
            ravis += 1;
        }
        assert!(ravis >= 2, "Ravi is in {ravis} groups");

        let (mut with_turns, mut with_notes, mut past, mut past_circle, mut cancelled) = (0, 0, 0, 0, 0);
        let mut hindi = false;
        let mut statuses = HashSet::new();
        for g in &groups {
            assert!(!g.facilitator_ids.is_empty(), "{}", g.name);
            let schedule = g.schedule.as_ref().context("schedule")?;
            let starts_on = g.schedule_starts_on.as_deref().context("starts on")?;
            let mut e = saathi_domain::FieldErrors::new();
            saathi_domain::schedule::check(
                &mut e,
                schedule,
                center.tz(),
                NaiveDate::parse_from_str(starts_on, "%Y-%m-%d")?,
            );
            assert!(e.is_empty(), "{}: {e}", g.name);

            // Everyone is eligible as they are now (genders and stages).
            let enrolled = store.list_enrollments(&g.id).await?;
            let accepted: HashMap<&str, Option<i64>> =
                enrolled.iter().map(|e| (e.member_id.as_str(), e.agreement_accepted_at)).collect();
            for e in &enrolled {
                let m = member(login(&e.member_id))?;
                let who = Candidate { stage: m.stage, gender: &m.gender, age: None, language: &m.language };
                assert!(check_eligibility(&g.eligibility, &who).is_empty(), "{} in {}", m.login, g.name);
            }

            let sessions = store.list_sessions(&g.id, now - 91 * DAY, now + 15 * DAY).await?;
            assert!(sessions.len() >= 6, "{}: {} sessions", g.name, sessions.len());
            assert!(sessions.iter().all(|s| s.topic.as_deref().is_some_and(saathi_domain::topics::is_topic)));
            if g.kind != GroupKind::Family {
                assert!(sessions.iter().any(|s| s.starts_at > now), "{} has upcoming sessions", g.name);
            }
            for s in &sessions {
                let att = store.session_attendance(&s.id).await?;
                if s.status == "cancelled" {
                    cancelled += 1;
                    assert!(att.is_empty());
                    continue;
                }
                if s.starts_at > now {
                    assert!(att.is_empty());
                    continue;
                }
                if s.ends_at > now - MINUTE || enrolled.is_empty() {
                    continue;
                }
                past += 1;
                // Yoga has no sharing circle.
                past_circle += usize::from(g.kind != GroupKind::Activity);
                assert!(!att.is_empty(), "{} on {} has attendance", g.name, s.starts_at);
                for a in &att {
                    let at = accepted.get(a.member_id.as_str()).copied().flatten().context("an active member")?;
                    assert!(at <= s.starts_at);
                    statuses.insert(a.status);
                }
                let turns = store.turns(&s.id).await?;
                with_turns += usize::from(!turns.is_empty());
                for t in &turns {
                    assert!(att.iter().any(|a| a.member_id == t.member_id && a.status.attended()));
                    assert!(t.passed || (60..=1380).contains(&t.seconds));
                }
                let notes = store.session_notes(&s.id).await?;
                if notes.is_empty() {
                    continue;
                }
                with_notes += 1;
                assert!(notes[0].member_id.is_none(), "the group note first");
                assert_eq!(notes.iter().filter(|n| n.member_id.is_none()).count(), 1);
                for n in &notes[1..] {
                    let m = n.member_id.as_deref().context("a part")?;
                    assert!(att.iter().any(|a| a.member_id == m && a.status.attended()), "a part for an attendee");
                    assert!(n.body.len() > 40 && n.author_id == notes[0].author_id);
                }
                hindi |= notes.iter().any(|n| n.body.chars().any(|c| ('\u{0900}'..='\u{097F}').contains(&c)));
            }
        }
        assert_eq!(cancelled, 2);
        assert!(past > 100, "{past} past sessions");
        assert!(with_turns * 10 > past_circle * 8, "turns in {with_turns} of {past_circle}");
        assert!(with_notes * 4 > past_circle, "{with_notes} of {past_circle} sessions with notes");
        assert!(hindi, "some notes are in Hindi");
        assert_eq!(statuses.len(), 4, "{statuses:?}");

        // Two parts need a one-to-one: follow-ups for the members' counsellor.
        let follow_ups = store.open_follow_ups(&counselor).await?;
        let names: HashSet<&str> = follow_ups.iter().map(|f| f.member_name.as_str()).collect();
        assert_eq!(names, HashSet::from(["Harpreet", "Sunil"]));
        let harpreet = member("harpreet.singh")?;
        let record = store.member_notes(&harpreet.id).await?;
        assert!(record.iter().any(|n| n.needs_one_to_one && n.body.contains("cravings")));
        assert!(record.iter().all(|n| n.member_id.as_deref() == Some(harpreet.id.as_str())));

        // Sunil has drifted: he came less in the last five weeks than before.
        let sunil = member("sunil.thakur")?;
        let history = store.attendance_history(Some(&sunil.id), None, 100).await?;
        let rate = |recent: bool| {
            let xs: Vec<Status> =
                history.iter().filter(|a| (a.starts_at > now - 35 * DAY) == recent).map(|a| a.status).collect();
            saathi_domain::attendance::rate(&xs).unwrap_or(0.0)
        };
        assert!(rate(true) < rate(false), "recent {} vs before {}", rate(true), rate(false));
        let ravi_rate = saathi_domain::attendance::rate(
            &store.attendance_history(Some(&ravi.id), None, 1000).await?.iter().map(|a| a.status).collect::<Vec<_>>(),
        );
        assert!(ravi_rate.is_some_and(|r| r > 0.8));
        Ok(())
    }
}
