//! The progress pictures as inline SVG, drawn on the server: no script, no
//! chart library, nothing fetched. Each function turns plain data (and the
//! words to show, already translated) into one `<svg>` string that scales to
//! the width of its box (a `viewBox` sized for a 360 px phone, `width`
//! 100%), carries `role="img"` with a `<title>` and `<desc>`, and tells its
//! series apart without colour: solid or dashed lines, round or square
//! markers, filled, hollow, crossed or dotted squares. Every piece of text is
//! escaped here.

use crate::services::progress::DayState;
use chrono::{Datelike, NaiveDate};
use saathi_domain::attendance::Status;
use std::fmt::Write;

/// The drawing's width in user units: one unit is about a pixel on a phone.
pub const WIDTH: f64 = 360.0;

const INK: &str = "#1d2433";
const INK_SOFT: &str = "#4a5160";
const GRID: &str = "#d9d6cf";
const LINE: &str = "#5f6673";
const MOOD: &str = "#0f5e4e";
const CRAVING: &str = "#9a3412";
const SOBER: &str = "#0f5e4e";
const LAPSE: &str = "#a4262c";
const LAPSE_SOFT: &str = "#fbeaea";
const MILESTONE: &str = "#b45309";
const FONT: f64 = 13.0;

/// Text for an SVG's content or attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What every picture says about itself; `id` must be unique on the page.
pub struct Frame<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
}

fn open(out: &mut String, f: &Frame<'_>, class: &str, height: f64) {
    let id = esc(f.id);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart {class}\" viewBox=\"0 0 {WIDTH} {height:.0}\" \
         width=\"100%\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-size=\"{FONT}\" fill=\"{INK}\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        esc(f.title),
        esc(f.desc),
    );
}

fn text(out: &mut String, x: f64, y: f64, anchor: &str, s: &str) {
    let _ = write!(out, "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\">{}</text>", esc(s));
}

// ---------------------------------------------------------------------------
// (a) Mood and craving

/// One day's check-in values (`None`: no check-in that day).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinePoint {
    pub mood: Option<i64>,
    pub craving: Option<i64>,
}

pub struct LineText<'a> {
    pub frame: Frame<'a>,
    /// The legend's words for each line (with its scale).
    pub mood: &'a str,
    pub craving: &'a str,
    /// Dates under the x axis: (day index, label).
    pub ticks: &'a [(usize, String)],
    /// Shown in the plot when there is no check-in at all.
    pub empty: &'a str,
}

const MOOD_RANGE: (f64, f64) = (1.0, 5.0);
const CRAVING_RANGE: (f64, f64) = (0.0, 10.0);

/// Runs of consecutive days that have a value: `(first index, values)`.
/// A day without a value ends a run, so no line crosses it.
pub fn runs(values: &[Option<i64>]) -> Vec<(usize, Vec<i64>)> {
    let mut out: Vec<(usize, Vec<i64>)> = Vec::new();
    let mut open = false;
    for (i, v) in values.iter().enumerate() {
        match (v, open) {
            (Some(v), true) => {
                if let Some(last) = out.last_mut() {
                    last.1.push(*v);
                }
            }
            (Some(v), false) => {
                out.push((i, vec![*v]));
                open = true;
            }
            (None, _) => open = false,
        }
    }
    out
}

/// Mood (1–5, left scale, solid line, round markers) and craving (0–10,
/// right scale, dashed line, hollow square markers) over the days, with
/// gaps where there was no check-in.
pub fn mood_craving(points: &[LinePoint], t: &LineText<'_>) -> String {
    const HEIGHT: f64 = 262.0;
    let (left, right, top, bottom) = (26.0, WIDTH - 26.0, 58.0, HEIGHT - 32.0);
    let mut out = String::with_capacity(4096 + points.len() * 160);
    open(&mut out, &t.frame, "chart-lines", HEIGHT);

    // Legend: one row per line, drawn as the line itself.
    for (row, (label, color, dashed, round)) in
        [(t.mood, MOOD, false, true), (t.craving, CRAVING, true, false)].into_iter().enumerate()
    {
        let y = 16.0 + row as f64 * 21.0;
        let dash = if dashed { " stroke-dasharray=\"6 4\"" } else { "" };
        let _ = write!(
            out,
            "<line x1=\"4\" y1=\"{:.1}\" x2=\"34\" y2=\"{:.1}\" stroke=\"{color}\" stroke-width=\"2.5\"{dash}/>",
            y - 4.0,
            y - 4.0
        );
        marker(&mut out, 19.0, y - 4.0, 3.5, color, round);
        text(&mut out, 42.0, y, "start", label);
    }

    // Axes and the grid: mood 1..5 on the left, craving 0, 5, 10 on the right.
    let plot_h = bottom - top;
    for i in 0..=4 {
        let y = bottom - plot_h * f64::from(i) / 4.0;
        let _ = write!(
            out,
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{right}\" y2=\"{y:.1}\" stroke=\"{GRID}\" stroke-width=\"1\"/>"
        );
        text(&mut out, left - 5.0, y + 4.0, "end", &(i + 1).to_string());
        if i % 2 == 0 {
            text(&mut out, right + 5.0, y + 4.0, "start", &(i * 5 / 2).to_string());
        }
    }
    let _ = write!(
        out,
        "<path d=\"M{left} {top}V{bottom}H{right}V{top}\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"1\"/>"
    );

    let n = points.len().max(1);
    let step = (right - left) / n as f64;
    let x_of = |i: usize| left + step * (i as f64 + 0.5);
    for (i, label) in t.ticks {
        let x = x_of(*i);
        let anchor = if *i == 0 {
            "start"
        } else if *i + 1 >= n {
            "end"
        } else {
            "middle"
        };
        let tx = match anchor {
            "start" => x.min(left + 2.0).max(2.0),
            "end" => x.max(right - 2.0).min(WIDTH - 2.0),
            _ => x,
        };
        let _ = write!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{bottom}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"{LINE}\" stroke-width=\"1\"/>",
            bottom + 4.0
        );
        text(&mut out, tx, bottom + 19.0, anchor, label);
    }

    if points.iter().all(|p| p.mood.is_none() && p.craving.is_none()) {
        text(&mut out, (left + right) / 2.0, top + plot_h / 2.0, "middle", t.empty);
        out.push_str("</svg>");
        return out;
    }

    let r = if n > 45 { 2.2 } else { 3.2 };
    let cravings: Vec<Option<i64>> = points.iter().map(|p| p.craving).collect();
    let moods: Vec<Option<i64>> = points.iter().map(|p| p.mood).collect();
    // Craving first, so that mood (the solid line) is drawn on top.
    let series = [(&cravings, CRAVING_RANGE, CRAVING, true), (&moods, MOOD_RANGE, MOOD, false)];
    for (values, (lo, hi), color, dashed) in series {
        let y_of = |v: i64| bottom - plot_h * ((v as f64).clamp(lo, hi) - lo) / (hi - lo);
        let class = if dashed { "craving" } else { "mood" };
        let _ = write!(out, "<g class=\"series-{class}\">");
        for (first, run) in runs(values) {
            if run.len() > 1 {
                let dash = if dashed { " stroke-dasharray=\"6 4\"" } else { "" };
                out.push_str("<polyline points=\"");
                for (k, v) in run.iter().enumerate() {
                    let _ = write!(out, "{}{:.1},{:.1}", if k == 0 { "" } else { " " }, x_of(first + k), y_of(*v));
                }
                let _ = write!(
                    out,
                    "\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" stroke-linejoin=\"round\"{dash}/>"
                );
            }
            for (k, v) in run.iter().enumerate() {
                marker(&mut out, x_of(first + k), y_of(*v), r, color, !dashed);
            }
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// A filled circle (mood) or a hollow square (craving).
fn marker(out: &mut String, x: f64, y: f64, r: f64, color: &str, round: bool) {
    if round {
        let _ = write!(out, "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" fill=\"{color}\"/>");
    } else {
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#fff\" stroke=\"{color}\" stroke-width=\"1.5\"/>",
            x - r,
            y - r,
            r * 2.0,
            r * 2.0
        );
    }
}

// ---------------------------------------------------------------------------
// (b) The sober-day calendar

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub state: DayState,
    /// Days sober of a milestone reached that day.
    pub milestone: Option<i64>,
}

pub struct CalendarText<'a> {
    pub frame: Frame<'a>,
    /// Monday to Sunday, short.
    pub weekdays: &'a [String; 7],
    /// January to December, short.
    pub months: &'a [String; 12],
    pub sober: &'a str,
    pub not_sober: &'a str,
    pub no_checkin: &'a str,
    pub before_start: &'a str,
    pub milestone: &'a str,
}

/// The days (oldest first, consecutive) as a calendar: a column per week
/// (Monday on top), a square per day, milestones ringed and numbered, and a
/// legend.
pub fn calendar(days: &[CalendarDay], t: &CalendarText<'_>) -> String {
    let (left, top) = (42.0, 22.0);
    let lead = days.first().map(|d| d.date.weekday().num_days_from_monday() as usize).unwrap_or(0);
    let weeks = (lead + days.len()).div_ceil(7).max(1);
    let cell = ((WIDTH - left - 4.0) / weeks as f64).clamp(12.0, 40.0).floor();
    let grid_bottom = top + cell * 7.0;
    let legend_top = grid_bottom + 16.0;
    let height = legend_top + 3.0 * 24.0;
    let mut out = String::with_capacity(2048 + days.len() * 220);
    open(&mut out, &t.frame, "chart-calendar", height);

    for (i, name) in t.weekdays.iter().enumerate() {
        // Every day's name when the squares are tall enough, else every other.
        if cell >= 18.0 || i % 2 == 0 {
            text(&mut out, left - 4.0, top + cell * (i as f64 + 0.5) + 4.0, "end", name);
        }
    }
    // The first column is named after its month only when no month begins
    // in the next column or so (its name would crowd the new month's).
    let month_starts_soon = days.iter().enumerate().any(|(k, d)| k > 0 && d.date.day() == 1 && (lead + k) / 7 < 2);
    let mut last_month_label = f64::MIN;
    for (k, day) in days.iter().enumerate() {
        let slot = lead + k;
        let (col, row) = (slot / 7, slot % 7);
        let (x, y) = (left + cell * col as f64, top + cell * row as f64);
        // The month's name over the column of its first day (or the first column).
        let names_month = if k == 0 { !month_starts_soon } else { day.date.day() == 1 };
        if names_month && x - last_month_label >= 40.0 {
            let m = t.months.get(day.date.month0() as usize).map(String::as_str).unwrap_or("");
            text(&mut out, x + 1.0, top - 7.0, "start", m);
            last_month_label = x;
        }
        day_square(&mut out, x + 1.0, y + 1.0, cell - 2.0, day.state);
        if let Some(m) = day.milestone {
            milestone_ring(&mut out, x + cell / 2.0, y + cell / 2.0, cell / 2.0 - 1.5, m);
        }
    }

    let items: [(&str, Option<DayState>); 5] = [
        (t.sober, Some(DayState::Sober)),
        (t.not_sober, Some(DayState::NotSober)),
        (t.no_checkin, Some(DayState::NoCheckIn)),
        (t.before_start, Some(DayState::BeforeStart)),
        (t.milestone, None),
    ];
    for (i, (label, state)) in items.iter().enumerate() {
        let (x, y) = (4.0 + (i % 2) as f64 * (WIDTH / 2.0), legend_top + (i / 2) as f64 * 24.0);
        match state {
            Some(s) => day_square(&mut out, x, y, 16.0, *s),
            None => milestone_ring(&mut out, x + 8.0, y + 8.0, 8.0, 0),
        }
        text(&mut out, x + 22.0, y + 13.0, "start", label);
    }
    out.push_str("</svg>");
    out
}

/// A day's square: filled (sober), crossed (not sober), dashed outline (no
/// check-in) or a dot (before the start).
fn day_square(out: &mut String, x: f64, y: f64, size: f64, state: DayState) {
    let r = format!("x=\"{x:.1}\" y=\"{y:.1}\" width=\"{size:.1}\" height=\"{size:.1}\" rx=\"2\"");
    let _ = match state {
        DayState::Sober => write!(out, "<rect class=\"day-sober\" {r} fill=\"{SOBER}\"/>"),
        DayState::NotSober => {
            let (a, b) = (size * 0.22, size * 0.78);
            write!(
                out,
                "<g class=\"day-not-sober\"><rect {r} fill=\"{LAPSE_SOFT}\" stroke=\"{LAPSE}\" stroke-width=\"1.5\"/>\
                 <path d=\"M{:.1} {:.1}L{:.1} {:.1}M{:.1} {:.1}L{:.1} {:.1}\" stroke=\"{LAPSE}\" stroke-width=\"2\"/></g>",
                x + a,
                y + a,
                x + b,
                y + b,
                x + b,
                y + a,
                x + a,
                y + b
            )
        }
        DayState::NoCheckIn => write!(
            out,
            "<rect class=\"day-no-checkin\" {r} fill=\"#fff\" stroke=\"{LINE}\" stroke-width=\"1.2\" stroke-dasharray=\"3 2\"/>"
        ),
        DayState::BeforeStart => write!(
            out,
            "<circle class=\"day-before\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"{:.1}\" fill=\"{LINE}\"/>",
            x + size / 2.0,
            y + size / 2.0,
            (size / 8.0).clamp(1.5, 3.0)
        ),
    };
}

/// A milestone: a white disc with a thick ring, the days sober inside (none
/// for the legend's sample).
fn milestone_ring(out: &mut String, cx: f64, cy: f64, r: f64, days: i64) {
    let _ = write!(
        out,
        "<g class=\"milestone\"><circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{r:.1}\" fill=\"#fff\" stroke=\"{MILESTONE}\" stroke-width=\"2.5\"/>"
    );
    if days > 0 {
        let label = days.to_string();
        let size = (r * if label.len() > 2 { 0.85 } else { 1.05 }).clamp(6.0, 12.0);
        let _ = write!(
            out,
            "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"{size:.1}\" font-weight=\"700\">{label}</text>",
            cy + size * 0.36
        );
    } else {
        let _ = write!(out, "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{:.1}\" fill=\"{MILESTONE}\"/>", r * 0.35);
    }
    out.push_str("</g>");
}

// ---------------------------------------------------------------------------
// (c) Attendance

/// One session: how the member was marked, and what to call it (date,
/// group, status) when pointed at.
pub struct SessionDot<'a> {
    pub status: Status,
    pub label: &'a str,
}

pub struct AttendanceText<'a> {
    pub frame: Frame<'a>,
    /// Present, late, absent, excused (in [`Status::ALL`]'s order).
    pub statuses: &'a [String; 4],
    pub empty: &'a str,
}

/// Counts per status as bars (each with its shape and number), then every
/// session as a strip of shapes, oldest first.
pub fn attendance(sessions: &[SessionDot<'_>], t: &AttendanceText<'_>) -> String {
    const ROW: f64 = 24.0;
    const BOX: f64 = 16.0;
    const GAP: f64 = 4.0;
    let per_row = ((WIDTH - 8.0 + GAP) / (BOX + GAP)).floor().max(1.0) as usize;
    let strip_rows = sessions.len().div_ceil(per_row);
    let strip_top = 8.0 + ROW * 4.0 + 10.0;
    let height = if sessions.is_empty() { strip_top + 16.0 } else { strip_top + strip_rows as f64 * (BOX + GAP) + 4.0 };
    let mut out = String::with_capacity(2048 + sessions.len() * 200);
    open(&mut out, &t.frame, "chart-attendance", height);

    let counts: Vec<usize> = Status::ALL.iter().map(|s| sessions.iter().filter(|x| x.status == *s).count()).collect();
    let most = counts.iter().copied().max().unwrap_or(0).max(1);
    // Room for the status's name between its shape and its bar.
    let bar_x = 4.0 + BOX + 6.0 + 118.0;
    let bar_max = WIDTH - bar_x - 34.0;
    for (i, status) in Status::ALL.iter().enumerate() {
        let y = 8.0 + ROW * i as f64;
        status_box(&mut out, 4.0, y, BOX, *status);
        let label = t.statuses.get(i).map(String::as_str).unwrap_or("");
        text(&mut out, 4.0 + BOX + 6.0, y + 12.5, "start", label);
        let count = counts.get(i).copied().unwrap_or(0);
        let w = bar_max * count as f64 / most as f64;
        let _ = write!(
            out,
            "<rect x=\"{bar_x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"10\" fill=\"{}\"/>",
            y + 3.0,
            status_color(*status)
        );
        let _ =
            write!(out, "<text x=\"{:.1}\" y=\"{:.1}\" font-weight=\"700\">{count}</text>", bar_x + w + 5.0, y + 12.5);
    }

    if sessions.is_empty() {
        text(&mut out, WIDTH / 2.0, strip_top + 10.0, "middle", t.empty);
    }
    for (k, s) in sessions.iter().enumerate() {
        let (col, row) = (k % per_row, k / per_row);
        let (x, y) = (4.0 + col as f64 * (BOX + GAP), strip_top + row as f64 * (BOX + GAP));
        let _ = write!(out, "<g><title>{}</title>", esc(s.label));
        status_box(&mut out, x, y, BOX, s.status);
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

fn status_color(s: Status) -> &'static str {
    match s {
        Status::Present | Status::Late => SOBER,
        Status::Absent => LAPSE,
        Status::Excused => INK_SOFT,
    }
}

/// Present: filled; late: half filled; absent: crossed; excused: a dash in a
/// dashed outline.
fn status_box(out: &mut String, x: f64, y: f64, size: f64, s: Status) {
    let r = format!("x=\"{x:.1}\" y=\"{y:.1}\" width=\"{size:.1}\" height=\"{size:.1}\" rx=\"2\"");
    let (x2, y2) = (x + size, y + size);
    let _ = match s {
        Status::Present => write!(out, "<rect class=\"att-present\" {r} fill=\"{SOBER}\"/>"),
        Status::Late => write!(
            out,
            "<g class=\"att-late\"><rect {r} fill=\"#fff\" stroke=\"{SOBER}\" stroke-width=\"1.5\"/>\
             <path d=\"M{x:.1} {y2:.1}L{x2:.1} {y:.1}V{y2:.1}Z\" fill=\"{SOBER}\"/></g>"
        ),
        Status::Absent => {
            let (a, b) = (size * 0.25, size * 0.75);
            write!(
                out,
                "<g class=\"att-absent\"><rect {r} fill=\"#fff\" stroke=\"{LAPSE}\" stroke-width=\"1.5\"/>\
                 <path d=\"M{:.1} {:.1}L{:.1} {:.1}M{:.1} {:.1}L{:.1} {:.1}\" stroke=\"{LAPSE}\" stroke-width=\"2\"/></g>",
                x + a,
                y + a,
                x + b,
                y + b,
                x + b,
                y + a,
                x + a,
                y + b
            )
        }
        Status::Excused => write!(
            out,
            "<g class=\"att-excused\"><rect {r} fill=\"#fff\" stroke=\"{INK_SOFT}\" stroke-width=\"1.2\" stroke-dasharray=\"3 2\"/>\
             <path d=\"M{:.1} {:.1}H{:.1}\" stroke=\"{INK_SOFT}\" stroke-width=\"2\"/></g>",
            x + size * 0.25,
            y + size / 2.0,
            x + size * 0.75
        ),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn frame(id: &str) -> Frame<'_> {
        Frame { id, title: "Mood & craving", desc: "A <desc> with \"quotes\"" }
    }

    fn lines(points: &[LinePoint], ticks: &[(usize, String)]) -> String {
        let t = LineText {
            frame: frame("m"),
            mood: "Mood 1–5 (left)",
            craving: "Craving 0–10 (right)",
            ticks,
            empty: "No check-ins yet",
        };
        mood_craving(points, &t)
    }

    fn p(mood: i64, craving: i64) -> LinePoint {
        LinePoint { mood: Some(mood), craving: Some(craving) }
    }

    /// The polylines' point lists of a series.
    fn polylines(svg: &str, series: &str) -> Vec<usize> {
        let g = svg.split(&format!("<g class=\"series-{series}\">")).nth(1).expect("series");
        let g = g.split("</g>").next().expect("group");
        g.split("<polyline points=\"")
            .skip(1)
            .map(|s| s.split('"').next().expect("points").split(' ').count())
            .collect()
    }

    fn well_formed(svg: &str) {
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"), "{svg}");
        assert_eq!(svg.matches("<svg").count(), 1);
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("viewBox=\"0 0 360 "), "sized for a phone");
        assert!(svg.contains("width=\"100%\""));
        assert_eq!(svg.matches("<title").count() - svg.matches("<g><title>").count(), 1);
        assert_eq!(svg.matches("<desc").count(), 1);
        // Every tag that opens closes (rough, but catches a lost `</g>`).
        assert_eq!(svg.matches("<g").count(), svg.matches("</g>").count());
        assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
    }

    #[test]
    fn runs_break_at_missing_days() {
        let v = [Some(1), Some(2), None, Some(3), None, None, Some(4), Some(5), Some(6)];
        assert_eq!(runs(&v), vec![(0, vec![1, 2]), (3, vec![3]), (6, vec![4, 5, 6])]);
        assert!(runs(&[None, None]).is_empty());
        assert!(runs(&[]).is_empty());
    }

    #[test]
    fn gaps_are_gaps() {
        let mut points = vec![p(3, 5), p(4, 4), LinePoint::default(), p(2, 7), p(3, 6), p(4, 2)];
        // A day with only a mood would not happen, but a missing craving still breaks its own line.
        points.push(LinePoint { mood: Some(5), craving: None });
        let svg = lines(&points, &[]);
        well_formed(&svg);
        assert_eq!(polylines(&svg, "mood"), [2, 4], "no mood line across the empty day");
        assert_eq!(polylines(&svg, "craving"), [2, 3], "no craving line across the empty days");
        // Each check-in still gets its marker: round for mood, square for craving.
        assert_eq!(svg.matches("<circle").count(), 6 + 1, "six mood markers and the legend's");
        assert_eq!(svg.matches("<rect").count(), 5 + 1, "five craving markers and the legend's");
        assert!(svg.contains("stroke-dasharray=\"6 4\""), "craving is dashed");
    }

    #[test]
    fn a_single_check_in_is_a_marker_without_a_line() {
        let svg = lines(&[LinePoint::default(), p(3, 3), LinePoint::default()], &[]);
        well_formed(&svg);
        assert!(!svg.contains("<polyline"));
        assert_eq!(svg.matches("<circle").count(), 2);
    }

    #[test]
    fn values_are_placed_on_their_scales() {
        // Mood 5 and craving 10 both sit on the top line; mood 1 and craving 0 on the bottom one.
        let svg = lines(&[p(5, 10), p(1, 0)], &[]);
        let y = |s: &str, attr: &str| -> Vec<f64> {
            s.split(attr).skip(1).map(|v| v.split('"').nth(1).expect("value").parse::<f64>().expect("number")).collect()
        };
        let mood = svg.split("series-mood").nth(1).expect("mood");
        assert_eq!(y(mood, " cy="), [58.0, 230.0]);
        let craving = svg.split("series-craving").nth(1).expect("craving").split("</g>").next().expect("g");
        let tops: Vec<i64> = y(craving, " y=").iter().map(|v| (v + 3.2).round() as i64).collect();
        assert_eq!(tops, [58, 230]);
    }

    #[test]
    fn text_is_escaped() {
        let ticks = vec![(0, "<b>1 Mar</b>".to_string())];
        let svg = lines(&[p(3, 3)], &ticks);
        assert!(svg.contains("<title id=\"m-title\">Mood &amp; craving</title>"));
        assert!(svg.contains("A &lt;desc&gt; with &quot;quotes&quot;"));
        assert!(svg.contains("&lt;b&gt;1 Mar&lt;/b&gt;") && !svg.contains("<b>"));
        let statuses = ["P".to_string(), "L".to_string(), "A".to_string(), "E".to_string()];
        let sessions = [SessionDot { status: Status::Present, label: "Men's group <script>alert(1)</script> & co" }];
        let svg =
            attendance(&sessions, &AttendanceText { frame: frame("a\"><script>"), statuses: &statuses, empty: "none" });
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("Men&#39;s group &lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
        assert!(svg.contains("id=\"a&quot;&gt;&lt;script&gt;-title\""));
    }

    #[test]
    fn no_data_says_so() {
        let svg = lines(&[LinePoint::default(); 30], &[(0, "1 Mar".into()), (29, "30 Mar".into())]);
        well_formed(&svg);
        assert!(svg.contains(">No check-ins yet</text>"));
        assert!(!svg.contains("<polyline") && !svg.contains("series-mood"));
        let svg = lines(&[], &[]);
        well_formed(&svg);
        assert!(svg.contains("No check-ins yet"));
        let statuses = ["P".to_string(), "L".to_string(), "A".to_string(), "E".to_string()];
        let svg = attendance(&[], &AttendanceText { frame: frame("a"), statuses: &statuses, empty: "No sessions" });
        well_formed(&svg);
        assert!(svg.contains(">No sessions</text>"));
        assert!(svg.contains(">0</text>"));
        let svg = calendar(&[], &cal_text());
        well_formed(&svg);
    }

    #[test]
    fn ninety_days_fit_and_the_ticks_stay_inside() {
        let points: Vec<LinePoint> =
            (0..90).map(|i| if i % 10 == 9 { LinePoint::default() } else { p(1 + i % 5, i % 11) }).collect();
        let ticks: Vec<(usize, String)> = [0, 30, 60, 89].iter().map(|i| (*i, format!("d{i}"))).collect();
        let svg = lines(&points, &ticks);
        well_formed(&svg);
        assert_eq!(polylines(&svg, "mood").len(), 9, "nine missing days cut the line into nine runs");
        assert_eq!(svg.matches("<circle").count(), 81 + 1);
        for x in svg.split(" x=\"").skip(1).map(|s| s.split('"').next().expect("x").parse::<f64>().expect("x")) {
            assert!((0.0..=WIDTH).contains(&x), "{x} is outside the drawing");
        }
        assert!(svg.contains("text-anchor=\"end\">d89</text>"));
        assert!(svg.len() < 40_000, "{} bytes", svg.len());
    }

    fn cal_text() -> CalendarText<'static> {
        static WEEKDAYS: std::sync::LazyLock<[String; 7]> =
            std::sync::LazyLock::new(|| ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map(String::from));
        static MONTHS: std::sync::LazyLock<[String; 12]> = std::sync::LazyLock::new(|| {
            ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].map(String::from)
        });
        CalendarText {
            frame: Frame { id: "c", title: "Sober days", desc: "One square a day" },
            weekdays: &WEEKDAYS,
            months: &MONTHS,
            sober: "Sober",
            not_sober: "Used / lapse",
            no_checkin: "No check-in",
            before_start: "Before the start",
            milestone: "Milestone",
        }
    }

    #[test]
    fn the_calendar_shows_every_day_by_shape() {
        // 90 days from Wednesday 1 April 2026.
        let first = NaiveDate::from_ymd_opt(2026, 4, 1).expect("date");
        let days: Vec<CalendarDay> = (0..90)
            .map(|i| CalendarDay {
                date: first + Duration::days(i),
                state: match i {
                    0..5 => DayState::BeforeStart,
                    20 | 21 => DayState::NotSober,
                    _ if i % 7 == 3 => DayState::NoCheckIn,
                    _ => DayState::Sober,
                },
                milestone: match i {
                    12 => Some(7),
                    52 => Some(30),
                    _ => None,
                },
            })
            .collect();
        let svg = calendar(&days, &cal_text());
        well_formed(&svg);
        // Each state draws its own shape (plus one sample each in the legend).
        let before = days.iter().filter(|d| d.state == DayState::BeforeStart).count();
        let not_sober = days.iter().filter(|d| d.state == DayState::NotSober).count();
        let none = days.iter().filter(|d| d.state == DayState::NoCheckIn).count();
        let sober = days.iter().filter(|d| d.state == DayState::Sober).count();
        assert_eq!(svg.matches("class=\"day-before\"").count(), before + 1);
        assert_eq!(svg.matches("class=\"day-not-sober\"").count(), not_sober + 1);
        assert_eq!(svg.matches("class=\"day-no-checkin\"").count(), none + 1);
        assert_eq!(svg.matches("class=\"day-sober\"").count(), sober + 1);
        assert_eq!(before + not_sober + none + sober, 90);
        // Milestones are ringed and labelled with their days.
        assert_eq!(svg.matches("class=\"milestone\"").count(), 2 + 1);
        assert!(svg.contains(">7</text>") && svg.contains(">30</text>"));
        // 1 April 2026 is a Wednesday: two empty slots before it, 14 columns in all.
        assert!(svg.contains(">Apr</text>") && svg.contains(">May</text>") && svg.contains(">Jun</text>"));
        for label in ["Sober", "Used / lapse", "No check-in", "Before the start", "Milestone"] {
            assert!(svg.contains(&format!(">{}</text>", esc(label))), "legend: {label}");
        }
        for x in svg.split(" x=\"").skip(1).map(|s| s.split('"').next().expect("x").parse::<f64>().expect("x")) {
            assert!((0.0..=WIDTH).contains(&x), "{x} is outside the drawing");
        }
    }

    #[test]
    fn attendance_counts_each_status() {
        let statuses = ["Present".to_string(), "Late".to_string(), "Absent".to_string(), "Excused".to_string()];
        let marks = [Status::Present, Status::Present, Status::Late, Status::Absent, Status::Present, Status::Excused];
        let sessions: Vec<SessionDot> = marks.iter().map(|s| SessionDot { status: *s, label: "a session" }).collect();
        let svg = attendance(&sessions, &AttendanceText { frame: frame("a"), statuses: &statuses, empty: "none" });
        well_formed(&svg);
        assert_eq!(svg.matches("class=\"att-present\"").count(), 3 + 1);
        assert_eq!(svg.matches("class=\"att-late\"").count(), 1 + 1);
        assert_eq!(svg.matches("class=\"att-absent\"").count(), 1 + 1);
        assert_eq!(svg.matches("class=\"att-excused\"").count(), 1 + 1);
        assert!(svg.contains("font-weight=\"700\">3</text>"));
        assert_eq!(svg.matches("font-weight=\"700\">1</text>").count(), 3);
        assert_eq!(svg.matches("<g><title>a session</title>").count(), 6);
        // Many sessions wrap onto more rows and stay inside the drawing.
        let many: Vec<SessionDot> = (0..200).map(|_| SessionDot { status: Status::Late, label: "x" }).collect();
        let svg = attendance(&many, &AttendanceText { frame: frame("a"), statuses: &statuses, empty: "none" });
        well_formed(&svg);
        for x in svg.split(" x=\"").skip(1).map(|s| s.split('"').next().expect("x").parse::<f64>().expect("x")) {
            assert!((0.0..=WIDTH).contains(&x), "{x} is outside the drawing");
        }
    }
}
