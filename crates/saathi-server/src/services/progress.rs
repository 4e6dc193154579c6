//! A member's progress over the last 30 or 90 days, for the progress
//! pictures: mood and craving per day, which days were sober, the milestones
//! reached, and the sessions attended. Everything for one member and one
//! period comes from a fixed handful of queries (the member, their lapses,
//! their check-ins of the period, their attendance), never one per day.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use chrono::{Duration, NaiveDate};
use saathi_domain::attendance::Status;
use saathi_domain::policy::{Action, Actor, Target, decide};
use saathi_domain::{schedule, sobriety};
use saathi_store::{AttendanceEntry, AuditEntry, Center, CheckIn, Member, now_ms};
use std::collections::{HashMap, HashSet};

/// The periods a progress page shows, in days.
pub const PERIODS: [i64; 2] = [30, 90];

/// The period asked for (`30` or `90`); anything else is the shorter one.
pub fn period(asked: Option<&str>) -> i64 {
    asked.and_then(|s| s.trim().parse::<i64>().ok()).filter(|d| PERIODS.contains(d)).unwrap_or(PERIODS[0])
}

/// What a calendar day was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayState {
    /// Before the member's first sober day.
    BeforeStart,
    /// Checked in as sober.
    Sober,
    /// A lapse was recorded, or the check-in said not sober.
    NotSober,
    /// No check-in (and no lapse).
    NoCheckIn,
}

impl DayState {
    /// A day that counts as sober: on or after the start, without a lapse,
    /// and not reported otherwise (days without a check-in count, as they
    /// do for the days-sober counter).
    pub fn counts_sober(self) -> bool {
        matches!(self, DayState::Sober | DayState::NoCheckIn)
    }
}

/// One day of the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    pub mood: Option<i64>,
    pub craving: Option<i64>,
    pub state: DayState,
    /// The milestone (days sober) reached this day, if any.
    pub milestone: Option<i64>,
}

/// One session the member's attendance was recorded for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionMark {
    pub date: NaiveDate,
    pub starts_at: i64,
    pub group_id: String,
    pub group_name: String,
    pub status: Status,
}

/// Everything the progress pictures show for one member and one period.
pub struct Progress {
    pub member: Member,
    pub center: Center,
    pub period: i64,
    pub today: NaiveDate,
    /// The days of the period, oldest first (`period` of them, ending today).
    pub days: Vec<Day>,
    pub sobriety: sobriety::Summary,
    /// The first sober day of all (before any lapse).
    pub first_start: NaiveDate,
    /// The next milestone of the current streak and the date it falls on.
    pub next_milestone: (i64, NaiveDate),
    /// Sessions in the period, oldest first.
    pub sessions: Vec<SessionMark>,
}

impl Progress {
    pub fn checked_in_days(&self) -> usize {
        self.days.iter().filter(|d| d.mood.is_some()).count()
    }

    /// Days of the period on or after the first sober day.
    pub fn tracked_days(&self) -> usize {
        self.days.iter().filter(|d| d.state != DayState::BeforeStart).count()
    }

    pub fn sober_days(&self) -> usize {
        self.days.iter().filter(|d| d.state.counts_sober()).count()
    }

    pub fn average_mood(&self) -> Option<f64> {
        average(self.days.iter().filter_map(|d| d.mood))
    }

    pub fn average_craving(&self) -> Option<f64> {
        average(self.days.iter().filter_map(|d| d.craving))
    }

    /// Average craving in the first and the second half of the period, when
    /// both halves have check-ins.
    pub fn craving_trend(&self) -> Option<(f64, f64)> {
        let half = self.days.len() / 2;
        let (a, b) = self.days.split_at(half);
        Some((average(a.iter().filter_map(|d| d.craving))?, average(b.iter().filter_map(|d| d.craving))?))
    }

    /// Sessions attended (present or late) and recorded.
    pub fn attendance(&self) -> (usize, usize) {
        (self.sessions.iter().filter(|s| s.status.attended()).count(), self.sessions.len())
    }

    pub fn count(&self, status: Status) -> usize {
        self.sessions.iter().filter(|s| s.status == status).count()
    }
}

fn average(values: impl Iterator<Item = i64>) -> Option<f64> {
    let (sum, n) = values.fold((0i64, 0i64), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum as f64 / n as f64)
}

/// A member's progress over the last `period` days (30 or 90), for the
/// member themself and the centre's staff (another centre: 404; anyone
/// else: 403).
pub async fn progress(state: &AppState, actor: &Actor, member_id: &str, period: i64) -> ApiResult<Progress> {
    if !PERIODS.contains(&period) {
        return Err(ApiError::invalid_field("days", "out_of_range"));
    }
    let member = state.store.get_member(member_id).await?.ok_or_else(ApiError::not_found)?;
    ApiError::check(decide(actor, Action::ReadProgress, Target::subject(&member.center_id, &member.id)))?;
    let center = super::centers::own(state, actor).await?;
    let tz = center.tz();
    let today = sobriety::local_today(chrono::Utc::now(), tz);
    let from = today - Duration::days(period - 1);
    // At most a few sessions a day; the newest come first.
    let session_limit = period * 6;
    let since = from.format("%Y-%m-%d").to_string();
    let (lapses, checkins, attendance) = tokio::try_join!(
        state.store.lapses(&member.id),
        state.store.checkins(&member.id, &since, period + 1),
        state.store.attendance_history(Some(&member.id), None, session_limit),
    )?;
    // Counted as the days-sober summary is (`tracking::record_of`): the
    // current streak from the member's record, the ones before from the
    // first start and the lapses.
    let seen: Vec<(String, String)> = lapses.into_iter().map(|l| (l.date, l.previous_start)).collect();
    let (record, current) = super::tracking::record_of(&member.sobriety_start, &seen)?;
    let summary = sobriety::summarize_from(&record, current, today);
    let first_start = record.first_start.min(current);
    let days = days_of(from, today, &record, current, &checkins);
    let next = sobriety::next_milestone(summary.days);
    let next_milestone = (next, sobriety::milestone_date(summary.current_start, next));
    let start_ms = schedule::day_start(from, tz).timestamp_millis();
    let mut sessions: Vec<SessionMark> = attendance
        .into_iter()
        .filter(|a| a.starts_at >= start_ms)
        .filter_map(|a: AttendanceEntry| {
            let date = chrono::DateTime::from_timestamp_millis(a.starts_at)?.with_timezone(&tz).date_naive();
            (date <= today).then_some(SessionMark {
                date,
                starts_at: a.starts_at,
                group_id: a.group_id,
                group_name: a.group_name,
                status: a.status,
            })
        })
        .collect();
    sessions.sort_by_key(|s| s.starts_at);
    Ok(Progress { member, center, period, today, days, sobriety: summary, first_start, next_milestone, sessions })
}

/// [`progress`] for the progress page of someone else's record: a staff
/// read is written to the audit log, as reading the record is.
pub async fn progress_audited(state: &AppState, actor: &Actor, member_id: &str, period: i64) -> ApiResult<Progress> {
    let p = progress(state, actor, member_id, period).await?;
    if actor.role.is_staff() {
        state
            .store
            .audit(
                &AuditEntry::new(now_ms(), Some(&p.member.center_id), Some(&actor.user_id), "member.progress.read")
                    .on("member", Some(&p.member.id))
                    .detail(serde_json::json!({ "days": period })),
            )
            .await?;
    }
    Ok(p)
}

/// The days `from..=today`: each one's check-in, what it was, and the
/// milestone reached on it. The streaks are the summary's
/// ([`sobriety::streaks`], the current one from `current`, the member's
/// record); a milestone falls on a streak's start plus its days, as long as
/// no lapse came first (a lapse day is not a milestone).
pub fn days_of(
    from: NaiveDate,
    today: NaiveDate,
    record: &sobriety::Record,
    current: NaiveDate,
    checkins: &[CheckIn],
) -> Vec<Day> {
    let by_day: HashMap<&str, &CheckIn> = checkins.iter().map(|c| (c.local_date.as_str(), c)).collect();
    let first_start = record.first_start.min(current);
    let lapse_set: HashSet<NaiveDate> =
        record.lapses.iter().copied().filter(|l| *l >= first_start && *l <= today).collect();
    let milestones = milestones(&sobriety::streaks(record, current, today), from, today);
    let mut out = Vec::with_capacity(usize::try_from((today - from).num_days() + 1).unwrap_or(0));
    let mut date = from;
    while date <= today {
        let key = date.format("%Y-%m-%d").to_string();
        let c = by_day.get(key.as_str());
        let state = if date < first_start {
            DayState::BeforeStart
        } else if lapse_set.contains(&date) || c.is_some_and(|c| !c.sober) {
            DayState::NotSober
        } else if c.is_some() {
            DayState::Sober
        } else {
            DayState::NoCheckIn
        };
        out.push(Day {
            date,
            mood: c.map(|c| c.mood),
            craving: c.map(|c| c.craving),
            state,
            milestone: milestones.get(&date).copied(),
        });
        date += Duration::days(1);
    }
    out
}

/// The milestones of every streak that fall in `from..=to`, by date.
fn milestones(streaks: &[sobriety::Streak], from: NaiveDate, to: NaiveDate) -> HashMap<NaiveDate, i64> {
    let mut out = HashMap::new();
    for s in streaks {
        // The last day of the streak: the day before its lapse, or `to`.
        let last = s.ended_by.map(|e| e - Duration::days(1)).unwrap_or(to).min(to);
        if last < from || last < s.start {
            continue;
        }
        let after = (from - s.start).num_days() - 1;
        for m in sobriety::reached_between(after.max(0), (last - s.start).num_days()) {
            out.insert(sobriety::milestone_date(s.start, m), m);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use saathi_domain::Role;
    use saathi_domain::policy::Decision;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn checkin(date: &str, mood: i64, craving: i64, sober: bool) -> CheckIn {
        CheckIn {
            id: date.into(),
            member_id: "m".into(),
            local_date: date.into(),
            mood,
            craving,
            sober,
            triggers: vec![],
            note: None,
            share_with_mentor: false,
            share_with_group: false,
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn who_sees_progress() {
        let a = |role, id: &str| Actor { user_id: id.into(), role, center_id: "c".into() };
        let see = |actor: &Actor, center: &str| decide(actor, Action::ReadProgress, Target::subject(center, "m"));
        assert_eq!(see(&a(Role::Member, "m"), "c"), Decision::Allow);
        assert_eq!(see(&a(Role::Counselor, "x"), "c"), Decision::Allow);
        assert_eq!(see(&a(Role::Admin, "x"), "c"), Decision::Allow);
        assert_eq!(see(&a(Role::Member, "p"), "c"), Decision::Forbidden);
        assert_eq!(see(&a(Role::Family, "f"), "c"), Decision::Forbidden);
        assert_eq!(see(&a(Role::PeerMentor, "t"), "c"), Decision::Forbidden);
        assert_eq!(see(&a(Role::Counselor, "x"), "other"), Decision::NotFound);
    }

    #[test]
    fn periods() {
        assert_eq!(period(Some("90")), 90);
        assert_eq!(period(Some("30")), 30);
        assert_eq!(period(Some("7")), 30);
        assert_eq!(period(Some("ninety")), 30);
        assert_eq!(period(None), 30);
    }

    #[test]
    fn each_day_is_what_happened() {
        let checkins = vec![
            checkin("2026-03-02", 4, 2, true),
            checkin("2026-03-03", 2, 8, false),
            checkin("2026-03-05", 3, 5, true),
        ];
        let record = sobriety::Record { first_start: d(2026, 3, 1), lapses: vec![d(2026, 3, 4)] };
        let days = days_of(d(2026, 2, 28), d(2026, 3, 6), &record, d(2026, 3, 5), &checkins);
        let states: Vec<DayState> = days.iter().map(|d| d.state).collect();
        use DayState::*;
        assert_eq!(states, [BeforeStart, NoCheckIn, Sober, NotSober, NotSober, Sober, NoCheckIn]);
        assert_eq!(days[2].mood, Some(4));
        assert_eq!(days[1].mood, None, "no check-in: no value, not zero");
        assert_eq!(days.len(), 7);
        // Day 1 of the first streak; then the lapse on 4 March restarts the count on the 5th (day 0), the 6th is day 1.
        assert_eq!(days[2].milestone, Some(1));
        assert_eq!(days[6].milestone, Some(1));
        assert_eq!(days.iter().filter(|d| d.milestone.is_some()).count(), 2);
    }

    #[test]
    fn the_current_streak_is_counted_from_the_members_record() {
        // Sober since 20 Feb; lapses on 4 March and, recorded late, 1 March; a
        // start staff then set on the 6th.
        let record = sobriety::Record { first_start: d(2026, 2, 20), lapses: vec![d(2026, 3, 4), d(2026, 3, 1)] };
        let days = days_of(d(2026, 2, 28), d(2026, 3, 8), &record, d(2026, 3, 6), &[]);
        let states: Vec<DayState> = days.iter().map(|d| d.state).collect();
        use DayState::*;
        assert_eq!(
            states,
            [NoCheckIn, NotSober, NoCheckIn, NoCheckIn, NotSober, NoCheckIn, NoCheckIn, NoCheckIn, NoCheckIn]
        );
        // Day 7 of the first streak on the 27th (before the period); day 1 of
        // the one after the 1 March lapse on the 3rd; day 1 and 2 of the
        // current one on the 7th (a milestone) and the 8th.
        let reached: Vec<(NaiveDate, i64)> = days.iter().filter_map(|d| Some((d.date, d.milestone?))).collect();
        assert_eq!(reached, [(d(2026, 3, 3), 1), (d(2026, 3, 7), 1)]);
    }

    #[test]
    fn milestones_of_a_long_history_fall_on_their_days() {
        let start = d(2025, 1, 1);
        let streaks = |lapses: Vec<NaiveDate>| {
            let current = lapses.iter().map(|l| *l + Duration::days(1)).max().unwrap_or(start);
            sobriety::streaks(&sobriety::Record { first_start: start, lapses }, current, d(2025, 5, 1))
        };
        let m = milestones(&streaks(vec![]), d(2025, 3, 1), d(2025, 5, 1));
        assert_eq!(m.get(&d(2025, 3, 2)), Some(&60));
        assert_eq!(m.get(&d(2025, 4, 1)), Some(&90));
        assert_eq!(m.len(), 2);
        // A lapse on the 90th day: no 90-day milestone.
        let m = milestones(&streaks(vec![d(2025, 4, 1)]), d(2025, 3, 1), d(2025, 5, 1));
        assert_eq!(m.get(&d(2025, 4, 1)), None);
        assert_eq!(m.get(&d(2025, 4, 3)), Some(&1));
        assert_eq!(m.get(&d(2025, 4, 9)), Some(&7));
    }
}
