//! `saathi demo`: a large realistic data set for benchmarks.
//!
//! Many centres (about one per 2,000 members), each with an admin, about one
//! counsellor per 25 members and a few peer mentors; members at every stage
//! with their stage history, admitted within the last `days` days. The
//! content is deterministic for a seed (only ids and "now" differ between
//! runs). Rows are written in bulk, many members per transaction, through
//! [`Store::insert_generated`], which skips the audit log: this is generated
//! data, not anybody's action.

use anyhow::Context;
use chrono::{Datelike, FixedOffset, TimeZone, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use saathi_domain::center::DEFAULT_TIMEZONE;
use saathi_domain::{Role, Stage};
use saathi_server::auth::password;
use saathi_store::{
    Backend, GeneratedBatch, GeneratedMember, GeneratedStageChange, GeneratedUser, NewCenter, Store, new_id, now_ms,
};
use std::time::Instant;

/// The password of every generated account.
pub const PASSWORD: &str = "saathi-bench";
/// The default seed: the same data set every run.
pub const SEED: u64 = 0x5AA7_41D1;

const MEMBERS_PER_CENTER: usize = 2_000;
const MEMBERS_PER_COUNSELOR: usize = 25;
/// Members per transaction.
const BATCH: usize = 1_000;
const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

pub struct Options {
    pub members: usize,
    pub days: u32,
    pub seed: u64,
    pub progress: bool,
}

/// What was generated.
#[derive(Debug, Default)]
pub struct Summary {
    pub centers: usize,
    pub admins: usize,
    pub counselors: usize,
    pub mentors: usize,
    pub members: usize,
    pub stage_changes: usize,
    pub admin_login: String,
    pub counselor_login: String,
    pub member_login: String,
}

pub async fn run(store: &Store, members: usize, days: u32) -> anyhow::Result<()> {
    let started = Instant::now();
    let s = generate(store, &Options { members, days, seed: SEED, progress: true }).await?;
    eprintln!(
        "\nGenerated {} centres, {} admins, {} counsellors, {} peer mentors, {} members and {} stage changes \
         in {:.1} s.\nEvery account's password is {PASSWORD}; for example:\n  admin      login: {}\n  \
         counselor  login: {}\n  member     login: {}",
        s.centers,
        s.admins,
        s.counselors,
        s.mentors,
        s.members,
        s.stage_changes,
        started.elapsed().as_secs_f64(),
        s.admin_login,
        s.counselor_login,
        s.member_login,
    );
    Ok(())
}

/// A centre's staff, for assigning members.
struct CenterStaff {
    id: String,
    number: usize,
    counselors: Vec<String>,
    members: usize,
}

pub async fn generate(store: &Store, o: &Options) -> anyhow::Result<Summary> {
    let now = now_ms();
    let days = i64::from(o.days.max(1));
    let mut rng = StdRng::seed_from_u64(o.seed);
    let hash = password::hash_async(PASSWORD.to_string()).await?;
    let year = Utc.timestamp_millis_opt(now).single().context("bad time")?.with_timezone(&ist()?).year();

    // Numbered after the centres already there, so a second run adds to the first.
    let existing = store.list_centers().await?.len();
    let n_centers = (o.members + MEMBERS_PER_CENTER / 2) / MEMBERS_PER_CENTER;
    let n_centers = n_centers.max(1);
    let mut summary = Summary::default();
    let mut centers = Vec::with_capacity(n_centers);
    let opened = now - days * DAY - 365 * DAY;
    for k in 0..n_centers {
        let number = existing + k + 1;
        let members = o.members / n_centers + usize::from(k < o.members % n_centers);
        let city = CITIES[(number - 1) % CITIES.len()];
        let name = if number <= CITIES.len() {
            format!("{city} Nasha Mukti Kendra")
        } else {
            format!("{city} Nasha Mukti Kendra {}", (number - 1) / CITIES.len() + 1)
        };
        let center = store
            .create_center(&NewCenter { name, timezone: DEFAULT_TIMEZONE.to_string() }, opened + k as i64 * 1000)
            .await?;

        // Staff: written (and committed) before any member names a counsellor.
        let staff_time = |r: &mut StdRng| opened + r.gen_range(0..30 * DAY);
        let mut users = Vec::new();
        let admin_login = format!("admin-{number}");
        let t = staff_time(&mut rng);
        users.push(staff(&mut rng, &center.id, Role::Admin, admin_login.clone(), t));
        let n_counselors = members.div_ceil(MEMBERS_PER_COUNSELOR).max(1);
        for j in 1..=n_counselors {
            let t = staff_time(&mut rng);
            users.push(staff(&mut rng, &center.id, Role::Counselor, format!("counselor-{number}-{j}"), t));
        }
        let n_mentors = 2 + members / 500;
        for j in 1..=n_mentors {
            let t = opened + rng.gen_range(30 * DAY..(now - opened).max(30 * DAY + 1));
            users.push(staff(&mut rng, &center.id, Role::PeerMentor, format!("mentor-{number}-{j}"), t));
        }
        let counselors: Vec<String> =
            users.iter().filter(|u| u.role == Role::Counselor).map(|u| u.id.clone()).collect();
        store.insert_generated(&GeneratedBatch { password_hash: hash.clone(), users, members: Vec::new() }).await?;

        if k == 0 {
            summary.admin_login = admin_login;
            summary.counselor_login = format!("counselor-{number}-1");
            summary.member_login = format!("member-{number}-{:06}", 1);
        }
        summary.centers += 1;
        summary.admins += 1;
        summary.counselors += n_counselors;
        summary.mentors += n_mentors;
        centers.push(CenterStaff { id: center.id, number, counselors, members });
    }

    let bar = if o.progress { ProgressBar::new(o.members as u64) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::default_bar()
            .template("{elapsed_precise} [{wide_bar}] {pos}/{len} members ({per_sec}, ETA {eta})")?
            .progress_chars("=> "),
    );
    // One insert in flight while the next batch is generated; on PostgreSQL two,
    // since its server does the work in other processes.
    let in_flight = match store.backend() {
        Backend::Sqlite => 1,
        Backend::Postgres => 2,
    };
    let mut pending: std::collections::VecDeque<tokio::task::JoinHandle<anyhow::Result<usize>>> =
        std::collections::VecDeque::new();
    let mut batch = GeneratedBatch { password_hash: hash.clone(), ..Default::default() };
    let ctx = Ctx { now, days, year };
    for c in &centers {
        for i in 1..=c.members {
            let m = member(&mut rng, &ctx, c, i)?;
            summary.stage_changes += m.history.len();
            batch.members.push(m);
            if batch.members.len() == BATCH {
                let full =
                    std::mem::replace(&mut batch, GeneratedBatch { password_hash: hash.clone(), ..Default::default() });
                if pending.len() >= in_flight
                    && let Some(h) = pending.pop_front()
                {
                    bar.inc(h.await?? as u64);
                }
                pending.push_back(spawn_insert(store, full));
            }
        }
    }
    if !batch.members.is_empty() {
        pending.push_back(spawn_insert(store, batch));
    }
    while let Some(h) = pending.pop_front() {
        bar.inc(h.await?? as u64);
    }
    bar.finish();
    summary.members = o.members;
    Ok(summary)
}

fn spawn_insert(store: &Store, batch: GeneratedBatch) -> tokio::task::JoinHandle<anyhow::Result<usize>> {
    let store = store.clone();
    tokio::spawn(async move {
        store.insert_generated(&batch).await.context("writing generated members")?;
        Ok(batch.members.len())
    })
}

fn ist() -> anyhow::Result<FixedOffset> {
    FixedOffset::east_opt(5 * 3600 + 30 * 60).context("bad offset")
}

struct Ctx {
    now: i64,
    days: i64,
    year: i32,
}

/// Picks an index by weight.
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

fn pick<'a, T>(rng: &mut StdRng, list: &'a [T]) -> &'a T {
    &list[rng.gen_range(0..list.len())]
}

/// A name and language: a community (so first and last names go together),
/// the language by how common Hindi is in it, and for some Hindi speakers the
/// name in Devanagari. Returns (display name, full name, language).
fn name(rng: &mut StdRng, gender: &str) -> (String, String, &'static str) {
    let weights: Vec<u32> = COMMUNITIES.iter().map(|c| c.weight).collect();
    let c = &COMMUNITIES[weighted(rng, &weights)];
    let first = match gender {
        "male" => pick(rng, c.male),
        "female" => pick(rng, c.female),
        _ => pick(rng, UNISEX),
    };
    let last = pick(rng, if gender == "female" { c.female_last } else { c.last });
    let language = if rng.gen_bool(c.hindi) { "hi" } else { "en" };
    let devanagari = language == "hi" && rng.gen_bool(0.3);
    let (f, l) = if devanagari { (first.1, last.1) } else { (first.0, last.0) };
    let display = if !devanagari && rng.gen_bool(0.4) {
        format!("{f} {}.", l.chars().next().unwrap_or('X'))
    } else {
        f.to_string()
    };
    (display, format!("{f} {l}"), language)
}

fn staff(rng: &mut StdRng, center_id: &str, role: Role, login: String, at: i64) -> GeneratedUser {
    let gender = if rng.gen_bool(if role == Role::Counselor { 0.55 } else { 0.3 }) { "female" } else { "male" };
    let (display, full, language) = name(rng, gender);
    let display = if role == Role::Counselor && rng.gen_bool(0.4) { format!("Dr. {display}") } else { display };
    GeneratedUser {
        id: new_id(),
        center_id: center_id.to_string(),
        role,
        login,
        display_name: display,
        full_name: Some(full),
        language: language.to_string(),
        created_at: at,
    }
}

fn member(rng: &mut StdRng, ctx: &Ctx, c: &CenterStaff, i: usize) -> anyhow::Result<GeneratedMember> {
    let gender = GENDERS[weighted(rng, &[780, 180, 15, 5, 20])];
    let (display, full, language) = name(rng, gender);
    let age = match weighted(rng, &[10, 45, 35, 10]) {
        0 => rng.gen_range(16..22),
        1 => rng.gen_range(22..36),
        2 => rng.gen_range(36..51),
        _ => rng.gen_range(51..71),
    };
    // A few records have no birth year.
    let birth_year = (!rng.gen_bool(0.02)).then(|| i64::from(ctx.year - age));

    let mut substances = vec![SUBSTANCES[weighted(rng, &[45, 20, 15, 5, 5, 5, if age < 22 { 15 } else { 5 }])]];
    for p in [0.35, 0.08] {
        if rng.gen_bool(p) {
            let s = *pick(rng, SUBSTANCES);
            if !substances.contains(&s) {
                substances.push(s);
            }
        }
    }

    // Where they are now, then when they came: later stages came longer ago.
    let stage = Stage::ALL[weighted(rng, &[15, 35, 25, 25])];
    let span = ctx.days * DAY;
    let min_ago = match stage {
        Stage::Detox => HOUR,
        Stage::Rehabilitation => 7 * DAY,
        Stage::RelapsePrevention => 40 * DAY,
        Stage::Aftercare => 60 * DAY,
    }
    .min(span / 2);
    let max_ago = if stage == Stage::Detox { (21 * DAY).min(span) } else { span };
    let admitted = ctx.now - rng.gen_range(min_ago..max_ago.max(min_ago + 1));

    // The path from detox to the current stage, sometimes with a relapse back.
    let mut path = vec![Stage::Detox];
    let mut relapse_at = None;
    let forward: &[Stage] = match stage {
        Stage::Detox => &[],
        Stage::Rehabilitation => &[Stage::Rehabilitation],
        Stage::RelapsePrevention => &[Stage::Rehabilitation, Stage::RelapsePrevention],
        // Most are discharged after relapse prevention, some straight from rehabilitation.
        Stage::Aftercare if rng.gen_bool(0.2) => &[Stage::Rehabilitation, Stage::Aftercare],
        Stage::Aftercare => &[Stage::Rehabilitation, Stage::RelapsePrevention, Stage::Aftercare],
    };
    for (k, s) in forward.iter().enumerate() {
        path.push(*s);
        if k == 0 && rng.gen_bool(0.12) {
            // A relapse during rehabilitation: back to detox, then on again.
            relapse_at = Some(path.len());
            path.push(Stage::Detox);
            path.push(Stage::Rehabilitation);
        }
    }
    // The changes happen in order between admission and now.
    let moves = path.len() - 1;
    let room = (ctx.now - HOUR - admitted).max(moves as i64 + 1);
    let mut offsets: Vec<i64> = (0..moves).map(|_| rng.gen_range(1..room)).collect();
    offsets.sort_unstable();
    let counselor = pick(rng, &c.counselors).clone();
    let mut history = Vec::with_capacity(path.len());
    let mut last = admitted;
    for (k, s) in path.iter().enumerate() {
        let at = if k == 0 { admitted } else { (admitted + offsets[k - 1]).max(last + 1) };
        history.push(GeneratedStageChange {
            from_stage: if k == 0 { None } else { Some(path[k - 1]) },
            to_stage: *s,
            changed_by: Some(counselor.clone()),
            changed_at: at,
        });
        last = at;
    }
    let discharged_at = (stage == Stage::Aftercare).then_some(last);

    // Sober since a day or three before admission, or since the relapse.
    let sober_from = match relapse_at {
        Some(k) => history[k].changed_at,
        None => admitted - rng.gen_range(0..4) * DAY,
    };
    let sobriety_start =
        Utc.timestamp_millis_opt(sober_from).single().context("bad time")?.with_timezone(&ist()?).format("%Y-%m-%d");

    Ok(GeneratedMember {
        user: GeneratedUser {
            id: new_id(),
            center_id: c.id.clone(),
            role: Role::Member,
            login: format!("member-{}-{i:06}", c.number),
            display_name: display,
            full_name: Some(full),
            language: language.to_string(),
            created_at: admitted,
        },
        gender: gender.to_string(),
        birth_year,
        substances: substances.into_iter().map(str::to_string).collect(),
        stage,
        sobriety_start: sobriety_start.to_string(),
        counselor_id: Some(counselor),
        admitted_at: admitted,
        discharged_at,
        history,
    })
}

const GENDERS: [&str; 5] = ["male", "female", "transgender", "other", "undisclosed"];

const SUBSTANCES: &[&str] = &["alcohol", "opioids", "cannabis", "tobacco", "stimulants", "sedatives", "inhalants"];

const CITIES: &[&str] = &[
    "Pune",
    "Amritsar",
    "Lucknow",
    "Jaipur",
    "Bhopal",
    "Patna",
    "Nagpur",
    "Indore",
    "Ludhiana",
    "Dehradun",
    "Kochi",
    "Guwahati",
    "Ranchi",
    "Raipur",
    "Varanasi",
    "Chandigarh",
    "Shimla",
    "Imphal",
    "Aizawl",
    "Jalandhar",
    "Kanpur",
    "Agra",
    "Surat",
    "Vadodara",
    "Mysuru",
    "Madurai",
    "Coimbatore",
    "Visakhapatnam",
    "Bhubaneswar",
    "Siliguri",
];

/// Names that go together, as (Latin, Devanagari) pairs.
struct Community {
    weight: u32,
    /// The share of Hindi as the app language.
    hindi: f64,
    male: &'static [(&'static str, &'static str)],
    female: &'static [(&'static str, &'static str)],
    last: &'static [(&'static str, &'static str)],
    female_last: &'static [(&'static str, &'static str)],
}

const COMMUNITIES: &[Community] = &[
    // North India, Hindi belt.
    Community {
        weight: 40,
        hindi: 0.85,
        male: &[
            ("Ravi", "रवि"),
            ("Amit", "अमित"),
            ("Suresh", "सुरेश"),
            ("Rajesh", "राजेश"),
            ("Sanjay", "संजय"),
            ("Vikas", "विकास"),
            ("Manoj", "मनोज"),
            ("Rahul", "राहुल"),
            ("Deepak", "दीपक"),
            ("Anil", "अनिल"),
            ("Sunil", "सुनील"),
            ("Ajay", "अजय"),
            ("Vijay", "विजय"),
            ("Ramesh", "रमेश"),
            ("Dinesh", "दिनेश"),
            ("Mukesh", "मुकेश"),
            ("Pankaj", "पंकज"),
            ("Rohit", "रोहित"),
            ("Karan", "करण"),
            ("Nitin", "नितिन"),
            ("Abhishek", "अभिषेक"),
            ("Lalit", "ललित"),
            ("Bhupendra", "भूपेंद्र"),
            ("Vinod", "विनोद"),
            ("Ashok", "अशोक"),
            ("Mohan", "मोहन"),
            ("Gopal", "गोपाल"),
            ("Ankit", "अंकित"),
            ("Sandeep", "संदीप"),
            ("Rakesh", "राकेश"),
        ],
        female: &[
            ("Pooja", "पूजा"),
            ("Neha", "नेहा"),
            ("Sunita", "सुनीता"),
            ("Anita", "अनीता"),
            ("Priya", "प्रिया"),
            ("Kavita", "कविता"),
            ("Rekha", "रेखा"),
            ("Geeta", "गीता"),
            ("Seema", "सीमा"),
            ("Ritu", "रितु"),
            ("Nisha", "निशा"),
            ("Anjali", "अंजलि"),
            ("Komal", "कोमल"),
            ("Rani", "रानी"),
            ("Asha", "आशा"),
            ("Suman", "सुमन"),
        ],
        last: &[
            ("Sharma", "शर्मा"),
            ("Verma", "वर्मा"),
            ("Gupta", "गुप्ता"),
            ("Singh", "सिंह"),
            ("Kumar", "कुमार"),
            ("Yadav", "यादव"),
            ("Mishra", "मिश्रा"),
            ("Tiwari", "तिवारी"),
            ("Pandey", "पांडे"),
            ("Chauhan", "चौहान"),
            ("Thakur", "ठाकुर"),
            ("Lal", "लाल"),
            ("Rathore", "राठौर"),
            ("Negi", "नेगी"),
            ("Joshi", "जोशी"),
            ("Srivastava", "श्रीवास्तव"),
            ("Saxena", "सक्सेना"),
            ("Rawat", "रावत"),
        ],
        female_last: &[
            ("Sharma", "शर्मा"),
            ("Verma", "वर्मा"),
            ("Gupta", "गुप्ता"),
            ("Singh", "सिंह"),
            ("Kumar", "कुमार"),
            ("Yadav", "यादव"),
            ("Mishra", "मिश्रा"),
            ("Tiwari", "तिवारी"),
            ("Pandey", "पांडे"),
            ("Chauhan", "चौहान"),
            ("Thakur", "ठाकुर"),
            ("Lal", "लाल"),
            ("Rathore", "राठौर"),
            ("Negi", "नेगी"),
            ("Joshi", "जोशी"),
            ("Srivastava", "श्रीवास्तव"),
            ("Saxena", "सक्सेना"),
            ("Rawat", "रावत"),
        ],
    },
    // Punjab.
    Community {
        weight: 12,
        hindi: 0.6,
        male: &[
            ("Harpreet", "हरप्रीत"),
            ("Gurdeep", "गुरदीप"),
            ("Manpreet", "मनप्रीत"),
            ("Jaspreet", "जसप्रीत"),
            ("Sukhwinder", "सुखविंदर"),
            ("Balwinder", "बलविंदर"),
            ("Amandeep", "अमनदीप"),
            ("Kuldeep", "कुलदीप"),
            ("Harjit", "हरजीत"),
            ("Paramjit", "परमजीत"),
        ],
        female: &[
            ("Gurpreet", "गुरप्रीत"),
            ("Simran", "सिमरन"),
            ("Harleen", "हरलीन"),
            ("Manjeet", "मनजीत"),
            ("Jasleen", "जसलीन"),
            ("Rajwinder", "राजविंदर"),
        ],
        last: &[
            ("Singh", "सिंह"),
            ("Sandhu", "संधू"),
            ("Gill", "गिल"),
            ("Dhillon", "ढिल्लों"),
            ("Sidhu", "सिद्धू"),
            ("Grewal", "ग्रेवाल"),
            ("Brar", "बराड़"),
        ],
        female_last: &[("Kaur", "कौर"), ("Kaur", "कौर"), ("Sandhu", "संधू"), ("Gill", "गिल"), ("Dhillon", "ढिल्लों")],
    },
    // Muslim families.
    Community {
        weight: 14,
        hindi: 0.65,
        male: &[
            ("Imran", "इमरान"),
            ("Salim", "सलीम"),
            ("Farhan", "फ़रहान"),
            ("Arif", "आरिफ़"),
            ("Aslam", "असलम"),
            ("Javed", "जावेद"),
            ("Irfan", "इरफ़ान"),
            ("Shahid", "शाहिद"),
            ("Rizwan", "रिज़वान"),
            ("Sameer", "समीर"),
        ],
        female: &[
            ("Fatima", "फ़ातिमा"),
            ("Ayesha", "आयशा"),
            ("Nazia", "नाज़िया"),
            ("Shabana", "शबाना"),
            ("Rukhsar", "रुख़सार"),
            ("Sana", "सना"),
        ],
        last: &[
            ("Khan", "ख़ान"),
            ("Shaikh", "शेख़"),
            ("Qureshi", "क़ुरैशी"),
            ("Ansari", "अंसारी"),
            ("Siddiqui", "सिद्दीक़ी"),
            ("Mirza", "मिर्ज़ा"),
            ("Pathan", "पठान"),
        ],
        female_last: &[
            ("Khan", "ख़ान"),
            ("Shaikh", "शेख़"),
            ("Qureshi", "क़ुरैशी"),
            ("Ansari", "अंसारी"),
            ("Siddiqui", "सिद्दीक़ी"),
            ("Mirza", "मिर्ज़ा"),
            ("Pathan", "पठान"),
        ],
    },
    // Maharashtra and Gujarat.
    Community {
        weight: 12,
        hindi: 0.45,
        male: &[
            ("Santosh", "संतोष"),
            ("Prakash", "प्रकाश"),
            ("Sachin", "सचिन"),
            ("Ganesh", "गणेश"),
            ("Nilesh", "नीलेश"),
            ("Hitesh", "हितेश"),
            ("Jignesh", "जिग्नेश"),
            ("Vishal", "विशाल"),
            ("Tushar", "तुषार"),
            ("Mahesh", "महेश"),
        ],
        female: &[
            ("Sneha", "स्नेहा"),
            ("Ashwini", "अश्विनी"),
            ("Priyanka", "प्रियंका"),
            ("Hetal", "हेतल"),
            ("Madhuri", "माधुरी"),
            ("Swati", "स्वाति"),
        ],
        last: &[
            ("Patil", "पाटिल"),
            ("Jadhav", "जाधव"),
            ("Kulkarni", "कुलकर्णी"),
            ("Desai", "देसाई"),
            ("Patel", "पटेल"),
            ("Shah", "शाह"),
            ("Mehta", "मेहता"),
            ("Pawar", "पवार"),
            ("Shinde", "शिंदे"),
            ("Gaikwad", "गायकवाड़"),
        ],
        female_last: &[
            ("Patil", "पाटिल"),
            ("Jadhav", "जाधव"),
            ("Kulkarni", "कुलकर्णी"),
            ("Desai", "देसाई"),
            ("Patel", "पटेल"),
            ("Shah", "शाह"),
            ("Mehta", "मेहता"),
            ("Pawar", "पवार"),
            ("Shinde", "शिंदे"),
            ("Gaikwad", "गायकवाड़"),
        ],
    },
    // South India.
    Community {
        weight: 12,
        hindi: 0.15,
        male: &[
            ("Arjun", "अर्जुन"),
            ("Naveen", "नवीन"),
            ("Karthik", "कार्तिक"),
            ("Srinivas", "श्रीनिवास"),
            ("Venkatesh", "वेंकटेश"),
            ("Ramesh", "रमेश"),
            ("Murali", "मुरली"),
            ("Suresh", "सुरेश"),
            ("Anand", "आनंद"),
            ("Rajan", "राजन"),
        ],
        female: &[
            ("Lakshmi", "लक्ष्मी"),
            ("Divya", "दिव्या"),
            ("Meera", "मीरा"),
            ("Lavanya", "लावण्या"),
            ("Deepa", "दीपा"),
            ("Revathi", "रेवती"),
        ],
        last: &[
            ("Nair", "नायर"),
            ("Menon", "मेनन"),
            ("Pillai", "पिल्लई"),
            ("Iyer", "अय्यर"),
            ("Rao", "राव"),
            ("Reddy", "रेड्डी"),
            ("Naidu", "नायडू"),
            ("Krishnan", "कृष्णन"),
        ],
        female_last: &[
            ("Nair", "नायर"),
            ("Menon", "मेनन"),
            ("Pillai", "पिल्लई"),
            ("Iyer", "अय्यर"),
            ("Rao", "राव"),
            ("Reddy", "रेड्डी"),
            ("Naidu", "नायडू"),
            ("Krishnan", "कृष्णन"),
        ],
    },
    // Bengal and the east.
    Community {
        weight: 6,
        hindi: 0.35,
        male: &[
            ("Sourav", "सौरव"),
            ("Debashish", "देबाशीष"),
            ("Arnab", "अर्णब"),
            ("Subhash", "सुभाष"),
            ("Bikash", "बिकाश"),
            ("Pranab", "प्रणब"),
        ],
        female: &[("Moumita", "मौमिता"), ("Rupa", "रूपा"), ("Shalini", "शालिनी"), ("Tanushree", "तनुश्री")],
        last: &[
            ("Das", "दास"),
            ("Bose", "बोस"),
            ("Banerjee", "बनर्जी"),
            ("Chatterjee", "चटर्जी"),
            ("Mukherjee", "मुखर्जी"),
            ("Ghosh", "घोष"),
            ("Mondal", "मंडल"),
        ],
        female_last: &[
            ("Das", "दास"),
            ("Bose", "बोस"),
            ("Banerjee", "बनर्जी"),
            ("Chatterjee", "चटर्जी"),
            ("Mukherjee", "मुखर्जी"),
            ("Ghosh", "घोष"),
            ("Mondal", "मंडल"),
        ],
    },
    // Christian families.
    Community {
        weight: 4,
        hindi: 0.2,
        male: &[
            ("Joseph", "जोसेफ़"),
            ("Thomas", "थॉमस"),
            ("Anthony", "एंथनी"),
            ("Peter", "पीटर"),
            ("Francis", "फ़्रांसिस"),
            ("George", "जॉर्ज"),
        ],
        female: &[("Mary", "मैरी"), ("Grace", "ग्रेस"), ("Agnes", "एग्नेस"), ("Rita", "रीटा"), ("Jessy", "जेसी")],
        last: &[
            ("D'Souza", "डिसूज़ा"),
            ("Fernandes", "फ़र्नांडिस"),
            ("Pereira", "परेरा"),
            ("Lobo", "लोबो"),
            ("Rodrigues", "रोड्रिग्स"),
            ("Mathew", "मैथ्यू"),
        ],
        female_last: &[
            ("D'Souza", "डिसूज़ा"),
            ("Fernandes", "फ़र्नांडिस"),
            ("Pereira", "परेरा"),
            ("Lobo", "लोबो"),
            ("Rodrigues", "रोड्रिग्स"),
            ("Mathew", "मैथ्यू"),
        ],
    },
];

/// For transgender members and those who gave another or no gender.
const UNISEX: &[(&str, &str)] =
    &[("Kiran", "किरण"), ("Jyoti", "ज्योति"), ("Noor", "नूर"), ("Shashi", "शशि"), ("Preet", "प्रीत"), ("Sonu", "सोनू")];

#[cfg(test)]
mod tests {
    use super::*;
    use saathi_store::MemberQuery;
    use std::collections::HashSet;

    #[tokio::test]
    async fn generates_a_small_data_set() -> anyhow::Result<()> {
        let dir = std::env::temp_dir().join(format!("saathi-generate-test-{}-{}", std::process::id(), new_id()));
        std::fs::create_dir_all(&dir)?;
        let result = async {
            let store = Store::connect(&format!("sqlite://{}", dir.join("x.db").display())).await?;
            store.migrate().await?;
            let s = generate(&store, &Options { members: 300, days: 90, seed: SEED, progress: false }).await?;
            assert_eq!(s.centers, 1);
            assert_eq!(s.members, 300);
            assert_eq!(s.counselors, 12);
            assert_eq!(s.admin_login, "admin-1");
            assert_eq!(s.member_login, "member-1-000001");

            let centers = store.list_centers().await?;
            assert_eq!(centers.len(), 1);
            let center = &centers[0];
            let users = store.list_users(&center.id, None, 10_000, 0).await?;
            assert_eq!(users.len(), 1 + 12 + s.mentors + 300);
            let logins: HashSet<&str> = users.iter().map(|u| u.login.as_str()).collect();
            assert_eq!(logins.len(), users.len());
            for login in [&s.admin_login, &s.counselor_login, &s.member_login] {
                let u = store.find_for_login(login).await?.context("login")?;
                assert!(password::verify(PASSWORD, &u.password_hash));
            }

            let now = now_ms();
            let mut total = 0;
            for stage in Stage::ALL {
                let q = MemberQuery { stage: Some(stage), limit: 1000, ..Default::default() };
                let ms = store.list_members(&center.id, &q).await?;
                assert!(!ms.is_empty(), "no member in {stage}");
                total += ms.len();
                for m in &ms {
                    assert!(m.admitted_at > now - 90 * DAY && m.admitted_at < now);
                    assert_eq!(m.discharged_at.is_some(), stage == Stage::Aftercare);
                    assert!(m.counselor_id.is_some());
                    assert!(!m.substances.is_empty());
                }
                let h = store.stage_history(&ms[0].id).await?;
                assert_eq!(h.first().map(|c| c.to_stage), Some(Stage::Detox));
                assert_eq!(h.last().map(|c| c.to_stage), Some(stage));
                assert!(h.windows(2).all(|w| w[0].changed_at < w[1].changed_at
                    && w[0].to_stage == w[1].from_stage.unwrap_or(Stage::Aftercare)));
            }
            assert_eq!(total, 300);
            // Names are searchable in either script.
            let any = store.list_members(&center.id, &MemberQuery { limit: 1000, ..Default::default() }).await?;
            assert!(any.iter().any(|m| { m.display_name.chars().any(|c| ('\u{0900}'..='\u{097F}').contains(&c)) }));
            assert!(any.iter().any(|m| m.display_name.is_ascii()));

            // The same seed gives the same data.
            let again = generate(&store, &Options { members: 300, days: 90, seed: SEED, progress: false }).await?;
            assert_eq!(again.admin_login, "admin-2");
            let centers = store.list_centers().await?;
            let second = store.list_members(&centers[1].id, &MemberQuery { limit: 1000, ..Default::default() }).await?;
            let names = |ms: &[saathi_store::Member]| -> Vec<(String, String, Option<i64>)> {
                let mut v: Vec<_> =
                    ms.iter().map(|m| (m.login[9..].to_string(), m.display_name.clone(), m.birth_year)).collect();
                v.sort();
                v
            };
            assert_eq!(names(&any), names(&second));
            store.close().await;
            anyhow::Ok(())
        }
        .await;
        std::fs::remove_dir_all(&dir)?;
        result
    }
}
