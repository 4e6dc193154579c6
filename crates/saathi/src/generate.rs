//! `saathi demo`: a large realistic data set for benchmarks.
//!
//! Many centres (about one per 2,000 members), each with an admin, about one
//! counsellor per 25 members and a few peer mentors; members at every stage
//! with their stage history, admitted within the last `days` days. Then about
//! one group per 8 members (capacity 10, meeting on 1–3 weekdays, a counsellor
//! facilitating, a peer mentor co-facilitating the peer-led ones) with about 8
//! members each, some groups full with a short waitlist, and `days` days of
//! sessions (and the next 14) with attendance. Then daily check-ins since
//! admission (up to yesterday) on about 70% of days, mood and craving
//! following each member's course: most improve, some stay up and down, a
//! few drift in the last weeks (craving rising, mood falling, check-ins
//! missed); a relapse day is not sober. The content is deterministic for a
//! seed (only ids and "now" differ between runs). Rows are written in bulk,
//! many members or groups per transaction, through [`Store::insert_generated`],
//! [`Store::insert_generated_groups`] and [`Store::insert_generated_checkins`],
//! which skip the audit log: this is generated data, not anybody's action.

use anyhow::Context;
use chrono::{Datelike, FixedOffset, TimeZone, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use rand::rngs::StdRng;
use rand::{Rng, RngCore, SeedableRng};
use saathi_domain::attendance::Status;
use saathi_domain::center::DEFAULT_TIMEZONE;
use saathi_domain::checkin::DEFAULT_TRIGGERS;
use saathi_domain::group::{CAPACITY_DEFAULT, DEFAULT_AGREEMENT, Eligibility, GroupKind, Modality};
use saathi_domain::schedule::{Schedule, occurrences};
use saathi_domain::topics::TOPICS;
use saathi_domain::{Role, Stage};
use saathi_server::auth::password;
use saathi_store::{
    AttendanceRecord, Backend, Center, Enrollment, EnrollmentStatus, GeneratedBatch, GeneratedCheckIn, GeneratedMember,
    GeneratedStageChange, GeneratedUser, Group, GroupSession, NewCenter, Store, new_id, now_ms,
};
use std::collections::VecDeque;
use std::time::Instant;

/// The password of every generated account.
pub const PASSWORD: &str = "saathi-bench";
/// The default seed: the same data set every run.
pub const SEED: u64 = 0x5AA7_41D1;

const MEMBERS_PER_CENTER: usize = 2_000;
const MEMBERS_PER_COUNSELOR: usize = 25;
/// Members per transaction.
const BATCH: usize = 1_000;
const MEMBERS_PER_GROUP: usize = 8;
/// Groups per transaction (about 10,000 attendance rows for 90 days).
const GROUP_BATCH: usize = 200;
/// Members whose check-ins go in one transaction (about 30,000 rows for 90 days).
const CHECKIN_BATCH: usize = 1_000;
/// Sessions are materialised this far ahead.
const AHEAD_DAYS: i64 = 14;
const MINUTE: i64 = 60_000;
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
    pub groups: usize,
    /// Active enrolments.
    pub enrollments: usize,
    pub waitlisted: usize,
    pub sessions: usize,
    pub attendance: usize,
    pub checkins: usize,
    pub admin_login: String,
    pub counselor_login: String,
    pub member_login: String,
    /// A group of the first centre, one of its facilitators and one of its
    /// active members, for benchmarks of the group endpoints.
    pub group_id: String,
    pub group_facilitator_login: String,
    pub group_member_login: String,
    /// How long the centres, staff and members took.
    pub members_elapsed: std::time::Duration,
    /// How long the groups took.
    pub groups_elapsed: std::time::Duration,
    /// How long the check-ins took.
    pub checkins_elapsed: std::time::Duration,
}

pub async fn run(store: &Store, members: usize, days: u32) -> anyhow::Result<()> {
    let started = Instant::now();
    let s = generate(store, &Options { members, days, seed: SEED, progress: true }).await?;
    eprintln!(
        "\nGenerated {} centres, {} admins, {} counsellors, {} peer mentors, {} members, {} stage changes, \
         {} groups ({} enrolled, {} waitlisted), {} sessions, {} attendance records and {} check-ins in {:.1} s \
         (members {:.1} s, groups {:.1} s, check-ins {:.1} s).\n\
         Every account's password is {PASSWORD}; for example:\n  admin      login: {}\n  \
         counselor  login: {}\n  member     login: {}\n  group      id:    {}\n  \
         facilitator login: {}  (of that group)\n  group member login: {}  (active in that group)",
        s.centers,
        s.admins,
        s.counselors,
        s.mentors,
        s.members,
        s.stage_changes,
        s.groups,
        s.enrollments,
        s.waitlisted,
        s.sessions,
        s.attendance,
        s.checkins,
        started.elapsed().as_secs_f64(),
        s.members_elapsed.as_secs_f64(),
        s.groups_elapsed.as_secs_f64(),
        s.checkins_elapsed.as_secs_f64(),
        s.admin_login,
        s.counselor_login,
        s.member_login,
        s.group_id,
        s.group_facilitator_login,
        s.group_member_login,
    );
    Ok(())
}

/// A centre's staff, for assigning members and facilitating groups.
struct CenterStaff {
    id: String,
    center: Center,
    number: usize,
    counselors: Vec<String>,
    mentors: Vec<String>,
    members: usize,
}

pub async fn generate(store: &Store, o: &Options) -> anyhow::Result<Summary> {
    let started = Instant::now();
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
        let mentors: Vec<String> = users.iter().filter(|u| u.role == Role::PeerMentor).map(|u| u.id.clone()).collect();
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
        centers.push(CenterStaff { id: center.id.clone(), center, number, counselors, mentors, members });
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
    let mut pending: VecDeque<tokio::task::JoinHandle<anyhow::Result<usize>>> = VecDeque::new();
    let mut batch = GeneratedBatch { password_hash: hash.clone(), ..Default::default() };
    let ctx = Ctx { now, days, year, opened };
    let mut enrollees: Vec<Vec<Enrollee>> = centers.iter().map(|c| Vec::with_capacity(c.members)).collect();
    for (c, people) in centers.iter().zip(enrollees.iter_mut()) {
        for i in 1..=c.members {
            let m = member(&mut rng, &ctx, c, i)?;
            people.push(Enrollee::of(&m, i));
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
    summary.members_elapsed = started.elapsed();

    // Groups, once every member they enrol is stored.
    let n_groups: usize = centers.iter().map(|c| groups_for(c.members)).sum();
    let bar = if o.progress { ProgressBar::new(n_groups as u64) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::default_bar()
            .template("{elapsed_precise} [{wide_bar}] {pos}/{len} groups ({per_sec}, ETA {eta})")?
            .progress_chars("=> "),
    );
    let mut pending: VecDeque<tokio::task::JoinHandle<anyhow::Result<usize>>> = VecDeque::new();
    let mut batch = GroupBatch::default();
    for (k, (c, people)) in centers.iter().zip(&enrollees).enumerate() {
        for g in center_groups(o.seed, k, &ctx, c, people)? {
            summary.groups += 1;
            summary.enrollments += g.enrollments.iter().filter(|e| e.status == EnrollmentStatus::Active).count();
            summary.waitlisted += g.enrollments.iter().filter(|e| e.status == EnrollmentStatus::Waitlisted).count();
            summary.sessions += g.sessions.len();
            summary.attendance += g.attendance.len();
            if k == 0 && summary.group_id.is_empty() && g.sample.is_some() {
                summary.group_id = g.group.id.clone();
                if let Some((facilitator, member)) = &g.sample {
                    summary.group_facilitator_login = facilitator.clone();
                    summary.group_member_login = member.clone();
                }
            }
            batch.add(g);
            if batch.groups.len() == GROUP_BATCH {
                if pending.len() >= in_flight
                    && let Some(h) = pending.pop_front()
                {
                    bar.inc(h.await?? as u64);
                }
                pending.push_back(spawn_group_insert(store, std::mem::take(&mut batch)));
            }
        }
    }
    if !batch.groups.is_empty() {
        pending.push_back(spawn_group_insert(store, batch));
    }
    while let Some(h) = pending.pop_front() {
        bar.inc(h.await?? as u64);
    }
    bar.finish();
    summary.groups_elapsed = started.elapsed() - summary.members_elapsed;

    // Check-ins, a batch of members' at a time, generated while the previous batch is written.
    let bar = if o.progress { ProgressBar::new(o.members as u64) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::default_bar()
            .template("{elapsed_precise} [{wide_bar}] {pos}/{len} members' check-ins ({per_sec}, ETA {eta})")?
            .progress_chars("=> "),
    );
    let calendar = Calendar::new(&ctx)?;
    let mut crng = StdRng::seed_from_u64(o.seed ^ 0xC4EC_1A5E);
    let mut pending: VecDeque<tokio::task::JoinHandle<anyhow::Result<usize>>> = VecDeque::new();
    let mut batch: Vec<GeneratedCheckIn> = Vec::new();
    let mut in_batch = 0;
    for (c, people) in centers.iter().zip(&enrollees) {
        for e in people {
            member_checkins(&mut crng, &calendar, &c.id, e, &mut batch);
            in_batch += 1;
            if in_batch == CHECKIN_BATCH {
                summary.checkins += batch.len();
                let room = batch.len() + batch.len() / 4;
                let full = std::mem::replace(&mut batch, Vec::with_capacity(room));
                if pending.len() >= in_flight
                    && let Some(h) = pending.pop_front()
                {
                    bar.inc(h.await?? as u64);
                }
                pending.push_back(spawn_checkin_insert(store, full, in_batch));
                in_batch = 0;
            }
        }
    }
    if in_batch > 0 {
        summary.checkins += batch.len();
        pending.push_back(spawn_checkin_insert(store, batch, in_batch));
    }
    while let Some(h) = pending.pop_front() {
        bar.inc(h.await?? as u64);
    }
    bar.finish();
    summary.checkins_elapsed = started.elapsed() - summary.members_elapsed - summary.groups_elapsed;
    // The planner should know what was just loaded (see `refresh_statistics`).
    store.refresh_statistics().await?;
    Ok(summary)
}

fn spawn_insert(store: &Store, batch: GeneratedBatch) -> tokio::task::JoinHandle<anyhow::Result<usize>> {
    let store = store.clone();
    tokio::spawn(async move {
        store.insert_generated(&batch).await.context("writing generated members")?;
        Ok(batch.members.len())
    })
}

fn spawn_group_insert(store: &Store, batch: GroupBatch) -> tokio::task::JoinHandle<anyhow::Result<usize>> {
    let store = store.clone();
    tokio::spawn(async move {
        store
            .insert_generated_groups(&batch.groups, &batch.enrollments, &batch.sessions, &batch.attendance)
            .await
            .context("writing generated groups")?;
        Ok(batch.groups.len())
    })
}

/// Writes one batch of check-ins; answers the number of members they are of.
fn spawn_checkin_insert(
    store: &Store,
    batch: Vec<GeneratedCheckIn>,
    members: usize,
) -> tokio::task::JoinHandle<anyhow::Result<usize>> {
    let store = store.clone();
    tokio::spawn(async move {
        store.insert_generated_checkins(&batch).await.context("writing generated check-ins")?;
        Ok(members)
    })
}

fn ist() -> anyhow::Result<FixedOffset> {
    FixedOffset::east_opt(5 * 3600 + 30 * 60).context("bad offset")
}

struct Ctx {
    now: i64,
    days: i64,
    year: i32,
    /// When the centres opened (their groups started soon after).
    opened: i64,
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

/// A generated member as the group phase sees them.
struct Enrollee {
    id: String,
    /// The number in their login, `member-{centre}-{index}`.
    index: usize,
    stage: Stage,
    gender: String,
    /// When they first reached each stage, in [`Stage::ALL`] order.
    reached: [Option<i64>; 4],
    admitted_at: i64,
    /// When they went back to detox after a relapse (their sobriety start).
    relapsed_at: Option<i64>,
    hindi: bool,
}

impl Enrollee {
    fn of(m: &GeneratedMember, index: usize) -> Enrollee {
        let mut reached = [None; 4];
        for c in &m.history {
            let k = stage_index(c.to_stage);
            if reached[k].is_none() {
                reached[k] = Some(c.changed_at);
            }
        }
        Enrollee {
            id: m.user.id.clone(),
            index,
            stage: m.stage,
            gender: m.gender.clone(),
            reached,
            admitted_at: m.admitted_at,
            relapsed_at: m.history.iter().skip(1).find(|c| c.to_stage == Stage::Detox).map(|c| c.changed_at),
            hindi: m.user.language == "hi",
        }
    }

    /// When they first became eligible for a group of `stages` (any, when empty).
    fn eligible_since(&self, stages: &[Stage]) -> i64 {
        stages.iter().filter_map(|s| self.reached[stage_index(*s)]).min().unwrap_or(self.admitted_at)
    }
}

fn stage_index(s: Stage) -> usize {
    Stage::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// How reliably a member comes to their group.
#[derive(Clone, Copy)]
enum Habit {
    Steady,
    Patchy,
    /// Came regularly, stopped coming in the last weeks.
    Drifting,
}

/// Which kind of group a member is placed in first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pool {
    Detox,
    Rehabilitation,
    RelapsePrevention,
    Women,
    Alumni,
}

/// In this order, so a centre's first group is a rehabilitation one (the benchmarks' sample).
const POOLS: [Pool; 5] = [Pool::Rehabilitation, Pool::RelapsePrevention, Pool::Detox, Pool::Women, Pool::Alumni];

impl Pool {
    fn of(rng: &mut StdRng, e: &Enrollee) -> Pool {
        let women = e.gender == "female" || e.gender == "transgender";
        match e.stage {
            Stage::Aftercare => Pool::Alumni,
            _ if women && rng.gen_bool(0.6) => Pool::Women,
            Stage::Detox => Pool::Detox,
            Stage::Rehabilitation => Pool::Rehabilitation,
            Stage::RelapsePrevention => Pool::RelapsePrevention,
        }
    }

    fn stages(self) -> &'static [Stage] {
        match self {
            Pool::Detox => &[Stage::Detox, Stage::Rehabilitation],
            Pool::Rehabilitation => &[Stage::Rehabilitation, Stage::RelapsePrevention],
            Pool::RelapsePrevention => &[Stage::RelapsePrevention],
            Pool::Women => &[Stage::Detox, Stage::Rehabilitation, Stage::RelapsePrevention],
            Pool::Alumni => &[Stage::Aftercare],
        }
    }

    fn genders(self) -> &'static [&'static str] {
        if self == Pool::Women { &["female", "transgender"] } else { &[] }
    }

    /// The kinds of group for this pool, with the name a centre gives them.
    fn kinds(self) -> &'static [(GroupKind, &'static str)] {
        match self {
            Pool::Detox => &[
                (GroupKind::Psychoeducational, "Understanding Addiction"),
                (GroupKind::Activity, "Morning Yoga and Meditation"),
                (GroupKind::Support, "New Beginnings Support Group"),
            ],
            Pool::Rehabilitation => &[
                (GroupKind::Cbt, "CBT Group"),
                (GroupKind::Skills, "Coping Skills Group"),
                (GroupKind::TwelveStep, "Twelve Step Circle"),
                (GroupKind::SmartRecovery, "SMART Recovery Group"),
                (GroupKind::TherapeuticCommunity, "Therapeutic Community Meeting"),
                (GroupKind::ExpressiveArts, "Art and Music Group"),
            ],
            Pool::RelapsePrevention => &[
                (GroupKind::Skills, "Relapse Prevention Skills"),
                (GroupKind::Cbt, "CBT for Relapse Prevention"),
                (GroupKind::SmartRecovery, "SMART Recovery Plus"),
                (GroupKind::TwelveStep, "Twelve Step Study Group"),
            ],
            Pool::Women => &[
                (GroupKind::Support, "Women's Support Circle"),
                (GroupKind::Cbt, "Women's CBT Group"),
                (GroupKind::ExpressiveArts, "Women's Expressive Arts"),
            ],
            Pool::Alumni => &[(GroupKind::Alumni, "Alumni Circle")],
        }
    }
}

/// About one group per 8 members.
fn groups_for(members: usize) -> usize {
    ((members + MEMBERS_PER_GROUP / 2) / MEMBERS_PER_GROUP).max(1)
}

/// One generated group with everything that belongs to it.
struct GeneratedGroup {
    group: Group,
    enrollments: Vec<Enrollment>,
    sessions: Vec<GroupSession>,
    attendance: Vec<AttendanceRecord>,
    /// (a facilitator's login, an active member's login).
    sample: Option<(String, String)>,
}

#[derive(Default)]
struct GroupBatch {
    groups: Vec<Group>,
    enrollments: Vec<Enrollment>,
    sessions: Vec<GroupSession>,
    attendance: Vec<AttendanceRecord>,
}

impl GroupBatch {
    fn add(&mut self, g: GeneratedGroup) {
        self.groups.push(g.group);
        self.enrollments.extend(g.enrollments);
        self.sessions.extend(g.sessions);
        self.attendance.extend(g.attendance);
    }
}

const WEEKDAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
const START_TIMES: [&str; 7] = ["07:00", "09:30", "11:00", "14:30", "16:00", "17:30", "18:30"];

/// A weekly schedule on 1–3 days (alumni meet in the evening or at the weekend).
fn weekly(rng: &mut StdRng, pool: Pool) -> Schedule {
    let n = 1 + weighted(rng, &[35, 45, 20]);
    let choices = if pool == Pool::Alumni { &WEEKDAYS[..] } else { &WEEKDAYS[..6] };
    let mut days: Vec<usize> = Vec::with_capacity(n);
    while days.len() < n {
        let d = rng.gen_range(0..choices.len());
        if !days.contains(&d) {
            days.push(d);
        }
    }
    days.sort_unstable();
    let byday: Vec<&str> = days.iter().map(|d| choices[*d]).collect();
    let start_time =
        if pool == Pool::Alumni { if days.contains(&6) { "10:00" } else { "19:00" } } else { *pick(rng, &START_TIMES) };
    Schedule {
        rrule: format!("FREQ=WEEKLY;BYDAY={}", byday.join(",")),
        start_time: start_time.to_string(),
        duration_minutes: *pick(rng, &[60, 75, 90]),
    }
}

/// A centre's groups: members placed by pool, round the pool's groups, about
/// 8 to a group; some groups topped up to capacity from others of the same
/// pool with one to three waiting; the sessions of the last `days` days and
/// the next fortnight, and attendance at the past ones.
fn center_groups(
    seed: u64,
    k: usize,
    ctx: &Ctx,
    c: &CenterStaff,
    people: &[Enrollee],
) -> anyhow::Result<Vec<GeneratedGroup>> {
    // Who is in which group is the same for a seed; the sessions depend on the
    // day of the week it is, so they draw from a generator of their own.
    let mut rng = StdRng::seed_from_u64(seed ^ (k as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let rng = &mut rng;
    let tz = c.center.tz();
    let local = |ms: i64| -> anyhow::Result<chrono::NaiveDate> {
        Ok(Utc.timestamp_millis_opt(ms).single().context("bad time")?.with_timezone(&tz).date_naive())
    };
    let today = local(ctx.now)?;
    let from = today - chrono::Duration::days(ctx.days);
    let to = today + chrono::Duration::days(AHEAD_DAYS);

    let pools: Vec<Pool> = people.iter().map(|e| Pool::of(rng, e)).collect();
    let habits: Vec<Habit> = people
        .iter()
        .map(|_| match weighted(rng, &[75, 20, 5]) {
            0 => Habit::Steady,
            1 => Habit::Patchy,
            _ => Habit::Drifting,
        })
        .collect();

    let mut out = Vec::with_capacity(groups_for(people.len()));
    let mut names: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for pool in POOLS {
        let members: Vec<usize> = (0..people.len()).filter(|k| pools[*k] == pool).collect();
        if members.is_empty() {
            continue;
        }
        let n = ((members.len() + MEMBERS_PER_GROUP / 2) / MEMBERS_PER_GROUP).max(1);
        for g in 0..n {
            let (kind, base) = *pick(rng, pool.kinds());
            let number = names.entry(base).or_insert(0);
            *number += 1;
            let created_at = ctx.opened + rng.gen_range(0..30 * DAY);
            let starts_on = local(created_at)?;
            let schedule = weekly(rng, pool);
            let counselor = c.counselors[out.len() % c.counselors.len()].clone();
            let counselor_login = format!("counselor-{}-{}", c.number, out.len() % c.counselors.len() + 1);
            let mut facilitator_ids = vec![counselor];
            // Peer-led groups have a peer mentor beside the counsellor.
            if matches!(kind, GroupKind::Alumni | GroupKind::TwelveStep) && !c.mentors.is_empty() {
                facilitator_ids.push(pick(rng, &c.mentors).clone());
            }
            let eligibility = Eligibility {
                stages: pool.stages().to_vec(),
                genders: pool.genders().iter().map(|g| g.to_string()).collect(),
                ..Default::default()
            };
            let id = new_id();

            // Who: this group's share of the pool, then perhaps a top-up.
            let first = |k: usize, rng: &mut StdRng| -> i64 {
                let since = people[k].eligible_since(pool.stages()).max(created_at);
                (since + rng.gen_range(HOUR..2 * DAY)).min(ctx.now - MINUTE).max(since)
            };
            let mut chosen: Vec<(usize, i64)> =
                members.iter().skip(g).step_by(n).map(|k| (*k, first(*k, rng))).collect();
            let capacity = CAPACITY_DEFAULT;
            if members.len() > capacity as usize + 3 && rng.gen_bool(0.3) {
                let want = capacity as usize + rng.gen_range(1..=3);
                let mut tries = 0;
                while chosen.len() < want && tries < want * 4 {
                    tries += 1;
                    let k = *pick(rng, &members);
                    if chosen.iter().any(|(x, _)| *x == k) {
                        continue;
                    }
                    // Joined later, while already in another group.
                    let since = people[k].eligible_since(pool.stages()).max(created_at);
                    let at = since + rng.gen_range(0..(ctx.now - MINUTE - since).max(1));
                    chosen.push((k, at));
                }
            }
            // First come, first in: the rest wait in the order they came.
            chosen.sort_by_key(|(_, at)| *at);
            let mut enrollments = Vec::with_capacity(chosen.len());
            let mut active: Vec<(usize, i64)> = Vec::with_capacity(chosen.len());
            for (place, (k, at)) in chosen.iter().enumerate() {
                let status =
                    if (place as i64) < capacity { EnrollmentStatus::Active } else { EnrollmentStatus::Waitlisted };
                let accepted = (status == EnrollmentStatus::Active)
                    .then(|| (at + rng.gen_range(5 * MINUTE..3 * HOUR)).min(ctx.now - MINUTE).max(*at));
                if let Some(a) = accepted {
                    active.push((*k, a));
                }
                enrollments.push(Enrollment {
                    group_id: id.clone(),
                    member_id: people[*k].id.clone(),
                    display_name: String::new(),
                    status,
                    waitlist_position: None,
                    enrolled_at: *at,
                    agreement_accepted_at: accepted,
                    override_reason: None,
                });
            }

            // Sessions and attendance.
            let mut srng = StdRng::seed_from_u64(rng.next_u64());
            let mut sessions = Vec::new();
            let mut attendance = Vec::new();
            for o in occurrences(&schedule, tz, starts_on, from, to) {
                let (starts, ends) = (o.starts_at.timestamp_millis(), o.ends_at.timestamp_millis());
                let cancelled = srng.gen_bool(0.02);
                let session = GroupSession {
                    id: new_id(),
                    group_id: id.clone(),
                    center_id: c.id.clone(),
                    occurrence_at: Some(starts),
                    starts_at: starts,
                    ends_at: ends,
                    topic: Some(pick(&mut srng, TOPICS).to_string()),
                    status: if cancelled { "cancelled" } else { "scheduled" }.to_string(),
                    checkin_code: format!("{:06}", srng.gen_range(0..1_000_000)),
                };
                if !cancelled && ends < ctx.now {
                    for (k, accepted) in &active {
                        if *accepted > starts {
                            continue;
                        }
                        let weeks_ago = (ctx.now - starts) / (7 * DAY);
                        let weights = match habits[*k] {
                            Habit::Steady => [86, 7, 4, 3],
                            Habit::Patchy => [64, 11, 18, 7],
                            Habit::Drifting if weeks_ago < 4 => [25, 8, 60, 7],
                            Habit::Drifting => [78, 9, 9, 4],
                        };
                        let status = Status::ALL[weighted(&mut srng, &weights)];
                        let own = status.attended() && srng.gen_bool(0.2);
                        let recorded_at = match (own, status) {
                            (true, Status::Late) => starts + srng.gen_range(11 * MINUTE..30 * MINUTE),
                            (true, _) => starts - srng.gen_range(0..12 * MINUTE),
                            (false, _) => ends - srng.gen_range(0..15 * MINUTE),
                        };
                        attendance.push(AttendanceRecord {
                            session_id: session.id.clone(),
                            member_id: people[*k].id.clone(),
                            status,
                            via: if own { "self" } else { "facilitator" }.to_string(),
                            recorded_at,
                        });
                    }
                }
                sessions.push(session);
            }

            let sample = active
                .first()
                .map(|(k, _)| (counselor_login.clone(), format!("member-{}-{:06}", c.number, people[*k].index)));
            let active_count = active.len() as i64;
            out.push(GeneratedGroup {
                group: Group {
                    id,
                    center_id: c.id.clone(),
                    name: format!("{base} {number}"),
                    kind,
                    modality: match pool {
                        Pool::Alumni => *pick(rng, &[Modality::Hybrid, Modality::Online]),
                        _ if rng.gen_bool(0.1) => Modality::Hybrid,
                        _ => Modality::InPerson,
                    },
                    capacity,
                    eligibility,
                    is_open: true,
                    agreement: DEFAULT_AGREEMENT.to_string(),
                    schedule: Some(schedule),
                    schedule_starts_on: Some(starts_on.format("%Y-%m-%d").to_string()),
                    facilitator_ids,
                    materialised: None,
                    active_count,
                    waitlist_count: enrollments.len() as i64 - active_count,
                    created_at,
                },
                enrollments,
                sessions,
                attendance,
                sample,
            });
        }
    }
    Ok(out)
}

/// The local calendar of the generated centres (India Standard Time, which
/// has no DST): the first moment of today, and the dates of the days before.
struct Calendar {
    midnight: i64,
    /// `YYYY-MM-DD` of today, yesterday, … back to before the earliest admission.
    dates: Vec<String>,
}

impl Calendar {
    fn new(ctx: &Ctx) -> anyhow::Result<Calendar> {
        let tz = ist()?;
        let today = Utc.timestamp_millis_opt(ctx.now).single().context("bad time")?.with_timezone(&tz).date_naive();
        let midnight = tz
            .from_local_datetime(&today.and_hms_opt(0, 0, 0).context("midnight")?)
            .single()
            .context("bad local time")?
            .timestamp_millis();
        let dates =
            (0..=ctx.days + 2).map(|d| (today - chrono::Duration::days(d)).format("%Y-%m-%d").to_string()).collect();
        Ok(Calendar { midnight, dates })
    }

    /// How many local days before today `ms` falls (0 today, 1 yesterday).
    fn days_ago(&self, ms: i64) -> i64 {
        (self.midnight - ms + DAY - 1).div_euclid(DAY).max(0)
    }
}

/// How a generated member's recovery goes, as their check-ins tell it.
#[derive(Clone, Copy)]
enum Course {
    /// Cravings ease and mood lifts over the first weeks of a streak.
    Improving,
    /// Up and down, easing only slowly.
    Unsteady,
    /// Improving, until the last `days` days: craving rising, mood falling,
    /// check-ins missed.
    Drifting { days: i64 },
}

/// Notes on some days, from good days to hard ones: (English, Hindi).
const CHECKIN_NOTES: [(&str, &str); 6] = [
    ("Good day.", "आज अच्छा दिन रहा।"),
    ("Slept well.", "नींद अच्छी आई।"),
    ("Called home.", "घर पर फ़ोन किया।"),
    ("A craving came and went.", "तलब उठी, पर निकल गई।"),
    ("Restless evening.", "शाम को बेचैनी रही।"),
    ("Hard day; talked to staff.", "मुश्किल दिन था, स्टाफ़ से बात की।"),
];

/// A member's check-ins from admission up to yesterday (today is left to
/// the benchmarks' check-ins), on about 70% of the days, onto `out`. The day
/// before a relapse's new sobriety start was not sober.
fn member_checkins(rng: &mut StdRng, cal: &Calendar, center_id: &str, e: &Enrollee, out: &mut Vec<GeneratedCheckIn>) {
    let course = match weighted(rng, &[70, 20, 10]) {
        0 => Course::Improving,
        1 => Course::Unsteady,
        _ => Course::Drifting { days: rng.gen_range(7..22) },
    };
    let rate = rng.gen_range(0.6..0.92);
    let settle = if matches!(course, Course::Unsteady) { rng.gen_range(30.0..60.0) } else { rng.gen_range(6.0..20.0) };
    let craving_from = rng.gen_range(5.0..9.5);
    let craving_to = if matches!(course, Course::Unsteady) { rng.gen_range(2.5..4.5) } else { rng.gen_range(0.5..2.5) };
    let mood_from = rng.gen_range(1.5..3.0);
    let mood_to = rng.gen_range(3.4..4.6);
    let group = [0.0, 0.3, 0.7][weighted(rng, &[30, 40, 30])];
    let mentor = [0.0, 0.5, 0.9][weighted(rng, &[50, 25, 25])];

    let admitted = cal.days_ago(e.admitted_at);
    let restarted = e.relapsed_at.map(|t| cal.days_ago(t));
    let lapse = restarted.map(|d| d + 1);
    let discharged = e.reached[stage_index(Stage::Aftercare)].map(|t| cal.days_ago(t));
    let earliest = cal.dates.len() as i64 - 1;
    for d in (1..=admitted.min(earliest)).rev() {
        let lapsed = lapse == Some(d);
        let drift = match course {
            Course::Drifting { days } if d <= days => (days + 1 - d) as f64 / days as f64,
            _ => 0.0,
        };
        // Alumni check in less often, a drifting member much less.
        let mut p = rate;
        if discharged.is_some_and(|x| d <= x) {
            p *= 0.75;
        }
        if drift > 0.0 {
            p *= 0.5;
        }
        if !lapsed && !rng.gen_bool(p) {
            continue;
        }
        let at = cal.midnight - d * DAY + rng.gen_range(7 * HOUR..23 * HOUR);
        if at <= e.admitted_at {
            continue;
        }
        // Days into the streak of that day.
        let streak = match restarted {
            Some(r) if d <= r => r - d,
            _ => admitted - d,
        } as f64;
        let ease = (-streak / settle).exp();
        let wobble = if matches!(course, Course::Unsteady) { 1.5 * (streak / 5.0).sin() } else { 0.0 };
        let (craving, mood) = if lapsed {
            (rng.gen_range(8..=10), rng.gen_range(1..=2))
        } else {
            let c = craving_to + (craving_from - craving_to) * ease + wobble + 6.0 * drift + rng.gen_range(-1.2..1.2);
            let m = mood_to - (mood_to - mood_from) * ease - wobble / 2.0 - 2.0 * drift + rng.gen_range(-0.7..0.7);
            ((c.round() as i64).clamp(0, 10), (m.round() as i64).clamp(1, 5))
        };
        let n = match craving {
            6.. => 1 + usize::from(rng.gen_bool(0.5)),
            3..=5 => usize::from(rng.gen_bool(0.5)),
            _ => usize::from(rng.gen_bool(0.1)),
        };
        let mut triggers: Vec<String> = Vec::with_capacity(n);
        while triggers.len() < n {
            let t = *pick(rng, DEFAULT_TRIGGERS);
            if !triggers.iter().any(|x| x == t) {
                triggers.push(t.to_string());
            }
        }
        let note = rng.gen_bool(0.06).then(|| {
            let k = match mood {
                4.. => rng.gen_range(0..3),
                3 => rng.gen_range(2..5),
                _ => rng.gen_range(4..6),
            };
            let (en, hi) = CHECKIN_NOTES[k];
            (if e.hindi { hi } else { en }).to_string()
        });
        out.push(GeneratedCheckIn {
            member_id: e.id.clone(),
            center_id: center_id.to_string(),
            local_date: cal.dates[d as usize].clone(),
            mood,
            craving,
            sober: !lapsed,
            triggers,
            note,
            share_with_mentor: rng.gen_bool(mentor),
            share_with_group: rng.gen_bool(group),
            created_at: at,
        });
    }
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
pub(crate) mod tests {
    use super::*;
    use saathi_store::MemberQuery;
    use std::collections::HashSet;

    /// Runs `check` on a fresh, migrated SQLite database in a temporary directory.
    pub(crate) async fn on_sqlite<F, Fut>(check: F) -> anyhow::Result<()>
    where
        F: FnOnce(Store) -> Fut,
        Fut: Future<Output = anyhow::Result<()>>,
    {
        let dir = tempfile::tempdir()?;
        let store = Store::connect(&format!("sqlite://{}", dir.path().join("x.db").display())).await?;
        store.migrate().await?;
        let result = check(store.clone()).await;
        store.close().await;
        result
    }

    /// Runs `check` on a fresh, migrated PostgreSQL database (the server of
    /// `SAATHI_TEST_PG`, by default the local one), dropped afterwards.
    /// Skipped when PostgreSQL is not reachable, unless `SAATHI_REQUIRE_PG=1`.
    pub(crate) async fn on_postgres<F, Fut>(check: F) -> anyhow::Result<()>
    where
        F: FnOnce(Store) -> Fut,
        Fut: Future<Output = anyhow::Result<()>>,
    {
        use sqlx::Connection;
        let admin =
            std::env::var("SAATHI_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let mut conn = match sqlx::PgConnection::connect(&admin).await {
            Ok(c) => c,
            Err(e) if std::env::var("SAATHI_REQUIRE_PG").as_deref() != Ok("1") => {
                eprintln!("PostgreSQL not reachable at {admin} ({e}): SKIPPED");
                return Ok(());
            }
            Err(e) => anyhow::bail!("PostgreSQL is required (SAATHI_REQUIRE_PG=1) but not reachable at {admin}: {e}"),
        };
        let name = format!("saathi_t_{}", new_id());
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut conn).await?;
        let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap_or(admin.clone());
        let result = async {
            let store = Store::connect(&format!("{base}/{name}")).await?;
            store.migrate().await?;
            let result = check(store.clone()).await;
            store.close().await;
            result
        }
        .await;
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
            .execute(&mut conn)
            .await?;
        result
    }

    #[tokio::test]
    async fn generates_a_small_data_set() -> anyhow::Result<()> {
        on_sqlite(small_data_set).await
    }

    #[tokio::test]
    async fn generates_a_small_data_set_on_postgres() -> anyhow::Result<()> {
        on_postgres(small_data_set).await
    }

    async fn small_data_set(store: Store) -> anyhow::Result<()> {
        let s = generate(&store, &Options { members: 300, days: 90, seed: SEED, progress: false }).await?;
        assert_eq!(s.centers, 1);
        assert_eq!(s.members, 300);
        assert_eq!(s.counselors, 12);
        assert_eq!(s.admin_login, "admin-1");
        assert_eq!(s.member_login, "member-1-000001");
        if store.backend() == saathi_store::Backend::Postgres {
            // Vacuumed after the load: the check-ins' pages are known all-visible.
            use sqlx::Connection;
            let mut conn = sqlx::PgConnection::connect(store.url()).await?;
            let visible: i32 = sqlx::query_scalar("SELECT relallvisible FROM pg_class WHERE relname = 'checkins'")
                .fetch_one(&mut conn)
                .await?;
            assert!(visible > 0, "check-ins not vacuumed after the load");
        }

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
            assert!(
                h.windows(2).all(|w| w[0].changed_at < w[1].changed_at
                    && w[0].to_stage == w[1].from_stage.unwrap_or(Stage::Aftercare))
            );
        }
        assert_eq!(total, 300);
        // Names are searchable in either script.
        let any = store.list_members(&center.id, &MemberQuery { limit: 1000, ..Default::default() }).await?;
        assert!(any.iter().any(|m| { m.display_name.chars().any(|c| ('\u{0900}'..='\u{097F}').contains(&c)) }));
        assert!(any.iter().any(|m| m.display_name.is_ascii()));

        // Groups: about one per 8 members, each facilitated by a counsellor.
        let groups = store.list_groups(&center.id, None).await?;
        assert_eq!(groups.len(), s.groups);
        assert!((30..=45).contains(&s.groups), "{} groups", s.groups);
        let by_id: std::collections::HashMap<&str, &saathi_store::User> =
            users.iter().map(|u| (u.id.as_str(), u)).collect();
        let members: std::collections::HashMap<&str, &saathi_store::Member> =
            any.iter().map(|m| (m.id.as_str(), m)).collect();
        let mut enrolled = 0;
        let mut waiting = 0;
        let mut statuses = HashSet::new();
        let mut past_with_attendance = 0;
        for g in &groups {
            assert_eq!(g.capacity, 10);
            assert!(g.schedule.is_some() && g.schedule_starts_on.is_some());
            let roles: Vec<Role> = g.facilitator_ids.iter().map(|f| by_id[f.as_str()].role).collect();
            assert!(roles.contains(&Role::Counselor), "{}", g.name);
            if g.kind == saathi_domain::group::GroupKind::Alumni {
                assert!(roles.contains(&Role::PeerMentor), "peer-led {}", g.name);
            }
            assert!(g.active_count >= 1 && g.active_count <= g.capacity);
            assert!(g.waitlist_count == 0 || g.active_count == g.capacity, "a waitlist only when full");
            enrolled += g.active_count as usize;
            waiting += g.waitlist_count as usize;

            let list = store.list_enrollments(&g.id).await?;
            let mut accepted = std::collections::HashMap::new();
            for e in &list {
                let m = members[e.member_id.as_str()];
                let who = saathi_domain::group::Candidate {
                    stage: m.stage,
                    gender: &m.gender,
                    age: None,
                    language: &m.language,
                };
                assert!(saathi_domain::group::check_eligibility(&g.eligibility, &who).is_empty(), "{}", g.name);
                assert!(e.enrolled_at >= m.admitted_at && e.enrolled_at < now);
                match e.status {
                    EnrollmentStatus::Active => {
                        let at = e.agreement_accepted_at.context("agreement accepted")?;
                        accepted.insert(e.member_id.clone(), at);
                    }
                    _ => assert!(e.agreement_accepted_at.is_none()),
                }
            }
            // The waitlist came after everyone active.
            if let Some(first_waiting) = list.iter().find(|e| e.status == EnrollmentStatus::Waitlisted) {
                assert!(
                    list.iter()
                        .filter(|e| e.status == EnrollmentStatus::Active)
                        .all(|e| e.enrolled_at <= first_waiting.enrolled_at)
                );
            }

            // Sessions for the last 90 days and the next 14; attendance at past ones only.
            let sessions = store.list_sessions(&g.id, now - 92 * DAY, now + 16 * DAY).await?;
            assert!(sessions.len() >= 12, "{}: {} sessions", g.name, sessions.len());
            assert!(sessions.iter().any(|x| x.starts_at > now));
            assert!(sessions.iter().all(|x| x.topic.as_deref().is_some_and(saathi_domain::topics::is_topic)));
            for x in &sessions {
                let att = store.session_attendance(&x.id).await?;
                if x.ends_at > now || x.status == "cancelled" {
                    assert!(att.is_empty());
                    continue;
                }
                past_with_attendance += usize::from(!att.is_empty());
                for a in att {
                    let at = accepted.get(&a.member_id).context("attendance of an active member")?;
                    assert!(*at <= x.starts_at, "attended before accepting the agreement");
                    statuses.insert(a.status);
                }
            }
        }
        assert_eq!(enrolled, s.enrollments);
        assert_eq!(waiting, s.waitlisted);
        assert!(waiting > 0, "some groups have a waitlist");
        assert!(past_with_attendance > 100);
        assert_eq!(statuses.len(), 4, "present, late, absent and excused: {statuses:?}");
        assert_eq!(s.attendance, store.attendance_history(None, None, 1_000_000).await?.len());

        // The sample for benchmarks: a facilitator and an active member of one group.
        let sample = store.get_group(&s.group_id).await?.context("sample group")?;
        let facilitator = store.find_for_login(&s.group_facilitator_login).await?.context("facilitator")?;
        assert!(store.is_facilitator(&sample.id, &facilitator.user.id).await?);
        let member = store.find_for_login(&s.group_member_login).await?.context("group member")?;
        let e = store.enrollment(&sample.id, &member.user.id).await?.context("enrolled")?;
        assert_eq!(e.status, EnrollmentStatus::Active);
        assert!(!store.attendance_history(Some(&member.user.id), Some(&sample.id), 100).await?.is_empty());

        checkins_are_believable(&store, &s, &any).await?;

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
        let shape = |gs: &[Group]| -> Vec<(String, i64, i64)> {
            let mut v: Vec<_> = gs.iter().map(|g| (g.name.clone(), g.active_count, g.waitlist_count)).collect();
            v.sort();
            v
        };
        assert_eq!(shape(&groups), shape(&store.list_groups(&centers[1].id, None).await?));
        Ok(())
    }

    /// Check-ins on about 70% of the days since admission, one a day, none
    /// today or later; most members improving, some drifting.
    async fn checkins_are_believable(
        store: &Store,
        s: &Summary,
        members: &[saathi_store::Member],
    ) -> anyhow::Result<()> {
        let now = now_ms();
        let local = |ms: i64| -> anyhow::Result<chrono::NaiveDate> {
            Ok(Utc.timestamp_millis_opt(ms).single().context("bad time")?.with_timezone(&ist()?).date_naive())
        };
        let today = local(now)?;
        let since = (today - chrono::Duration::days(100)).format("%Y-%m-%d").to_string();
        let (mut total, mut member_days, mut lapses, mut improving, mut drifting, mut long, mut hindi) =
            (0, 0, 0, 0, 0, 0, 0);
        for m in members {
            let cs = store.checkins(&m.id, &since, 400).await?;
            total += cs.len();
            let admitted = local(m.admitted_at)?;
            // The days from admission to yesterday.
            member_days += (today - admitted).num_days();
            let mut dates = HashSet::new();
            for c in &cs {
                assert!(dates.insert(c.local_date.clone()), "one check-in a day: {} {}", m.login, c.local_date);
                let day = chrono::NaiveDate::parse_from_str(&c.local_date, "%Y-%m-%d")?;
                assert!(day < today && day >= admitted, "{} on {day}, admitted {admitted}", m.login);
                assert!(c.created_at > m.admitted_at && c.created_at < now);
                assert_eq!(local(c.created_at)?, day);
                assert!((1..=5).contains(&c.mood) && (0..=10).contains(&c.craving));
                assert!(c.triggers.iter().all(|t| DEFAULT_TRIGGERS.contains(&t.as_str())));
                lapses += usize::from(!c.sober);
                hindi += usize::from(c.note.as_deref().is_some_and(|n| !n.is_ascii()));
            }
            // Newest first: the last fortnight against the first fortnight.
            if cs.len() >= 30 {
                long += 1;
                let mean = |xs: &[saathi_store::CheckIn]| {
                    xs.iter().map(|c| c.craving as f64).sum::<f64>() / xs.len().max(1) as f64
                };
                let fortnight = (today - chrono::Duration::days(14)).format("%Y-%m-%d").to_string();
                let (recent, earlier): (Vec<_>, Vec<_>) = cs.iter().cloned().partition(|c| c.local_date > fortnight);
                let first = &cs[cs.len() - 10..];
                improving += usize::from(mean(&cs[..10]) + 1.0 < mean(first));
                drifting += usize::from(recent.len() >= 3 && mean(&recent) > mean(&earlier) + 2.0);
            }
        }
        assert_eq!(total, s.checkins);
        let share = total as f64 / member_days as f64;
        assert!((0.6..=0.8).contains(&share), "check-ins on {:.0}% of member-days", share * 100.0);
        assert!(lapses > 0, "a relapse day is not sober");
        assert!(hindi > 0, "some notes in Hindi");
        eprintln!(
            "check-ins on {:.1}% of member-days; of {long} members with 30 or more, {improving} improving, {drifting} drifting",
            share * 100.0
        );
        assert!(improving * 2 > long, "{improving} of {long} improving");
        assert!(drifting > 0 && drifting * 5 < long, "{drifting} of {long} drifting");
        Ok(())
    }
}
