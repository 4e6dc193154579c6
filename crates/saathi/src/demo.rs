//! The demo centre for `saathi serve --demo`: one Nasha Mukti Kendra with its
//! staff, sixteen members at every stage of the journey with a believable
//! history, and a family account. Everything goes through the store's own
//! functions (and so into the audit log), backdated to when it "happened".

use anyhow::Context;
use chrono::{Days, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use saathi_domain::center::{DEFAULT_TIMEZONE, Helpline};
use saathi_domain::{Role, Stage};
use saathi_server::auth::password;
use saathi_store::{CenterPatch, MemberPatch, NewCenter, NewMember, NewUser, Store, now_ms};

pub struct DemoLogin {
    pub role: &'static str,
    pub login: String,
    pub password: String,
}

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
pub async fn load(store: &Store) -> anyhow::Result<Vec<DemoLogin>> {
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
        let sober_from = clock.date(p.sober_days)?.format("%Y-%m-%d").to_string();
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
    }

    // Ravi's wife, linked to him with his consent.
    store
        .create_user(
            &new_user(&center.id, Role::Family, "family", "Sunita", "Sunita Yadav", "hi", &hash),
            Some(counselor_id),
            clock.at(35, 17, 30)?,
        )
        .await?;

    Ok([
        ("admin", "admin"),
        ("counselor", "counselor"),
        ("peer_mentor", "mentor"),
        ("member", "member"),
        ("family", "family"),
    ]
    .into_iter()
    .map(|(role, login)| DemoLogin { role, login: login.to_string(), password: PASSWORD.to_string() })
    .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use saathi_store::MemberQuery;

    #[tokio::test]
    async fn demo_centre_loads() -> anyhow::Result<()> {
        let dir =
            std::env::temp_dir().join(format!("saathi-demo-test-{}-{}", std::process::id(), saathi_store::new_id()));
        std::fs::create_dir_all(&dir)?;
        let result = async {
            let store = Store::connect(&format!("sqlite://{}", dir.join("x.db").display())).await?;
            store.migrate().await?;
            let logins = load(&store).await?;
            let roles: Vec<&str> = logins.iter().map(|l| l.role).collect();
            assert_eq!(roles, ["admin", "counselor", "peer_mentor", "member", "family"]);
            assert!(logins.iter().all(|l| l.password == PASSWORD));

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
            store.close().await;
            anyhow::Ok(())
        }
        .await;
        std::fs::remove_dir_all(&dir)?;
        result
    }
}
