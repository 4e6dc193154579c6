//! iCalendar (RFC 5545) feeds, so sessions appear in phone calendars.

use chrono::{DateTime, Utc};

pub struct Event<'a> {
    pub uid: &'a str,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub summary: &'a str,
    pub cancelled: bool,
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if len + n > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(c);
        len += n;
    }
    out.push_str("\r\n");
    out
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

pub fn calendar(name: &str, events: &[Event<'_>], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    for l in
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Saathi//Sessions//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    {
        out.push_str(&fold(l));
    }
    out.push_str(&fold(&format!("X-WR-CALNAME:{}", escape(name))));
    for e in events {
        out.push_str(&fold("BEGIN:VEVENT"));
        out.push_str(&fold(&format!("UID:{}@saathi", escape(e.uid))));
        out.push_str(&fold(&format!("DTSTAMP:{}", stamp(now))));
        out.push_str(&fold(&format!("DTSTART:{}", stamp(e.starts_at))));
        out.push_str(&fold(&format!("DTEND:{}", stamp(e.ends_at))));
        out.push_str(&fold(&format!("SUMMARY:{}", escape(e.summary))));
        out.push_str(&fold(if e.cancelled { "STATUS:CANCELLED" } else { "STATUS:CONFIRMED" }));
        out.push_str(&fold("END:VEVENT"));
    }
    out.push_str(&fold("END:VCALENDAR"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_feed_with_escaping_and_folding() {
        let t = Utc.with_ymd_and_hms(2026, 1, 5, 12, 30, 0).single().expect("time");
        let long = "साथी: ".repeat(20);
        let events = [
            Event {
                uid: "s1",
                starts_at: t,
                ends_at: t + chrono::Duration::minutes(90),
                summary: "CBT; men, evening",
                cancelled: false,
            },
            Event { uid: "s2", starts_at: t, ends_at: t, summary: &long, cancelled: true },
        ];
        let ics = calendar("Saathi", &events, t);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.contains("DTSTART:20260105T123000Z\r\n"));
        assert!(ics.contains("DTEND:20260105T140000Z\r\n"));
        assert!(ics.contains("SUMMARY:CBT\\; men\\, evening\r\n"));
        assert!(ics.contains("STATUS:CANCELLED"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "folded: {line}");
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("SUMMARY:{long}")));
    }
}
