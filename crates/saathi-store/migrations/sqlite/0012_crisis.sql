-- Crisis alerts and their escalation, kept as data so that it survives a
-- restart: an alert is `open` (escalating), `acknowledged` (someone took
-- it on; escalation stopped) or `resolved` (closed with a note). `tier` is
-- the last tier reached (1 mentor and facilitators, 2 on-call counsellors,
-- 3 admins); `next_at` is when the next tier is due (NULL: nothing due).
CREATE TABLE crisis_alerts (
    id TEXT PRIMARY KEY,
    center_id TEXT NOT NULL REFERENCES centers(id),
    member_id TEXT NOT NULL REFERENCES users(id),
    status TEXT NOT NULL,
    tier INTEGER NOT NULL,
    next_at INTEGER,
    created_at INTEGER NOT NULL,
    acknowledged_at INTEGER,
    acknowledged_by TEXT REFERENCES users(id),
    resolved_at INTEGER,
    resolved_by TEXT REFERENCES users(id)
);
-- The escalation worker's due rows.
CREATE INDEX crisis_alerts_due ON crisis_alerts(next_at) WHERE next_at IS NOT NULL;
-- One alert not yet resolved per member: a second press joins it.
CREATE UNIQUE INDEX crisis_alerts_one_open ON crisis_alerts(member_id) WHERE status <> 'resolved';
CREATE INDEX crisis_alerts_center ON crisis_alerts(center_id, created_at);

-- Every step, timestamped: raised, joined (another press), notified (tier,
-- with whom), skipped (a tier with nobody), acknowledged, resolved. `note`
-- is the member's optional words (raised, joined) or the resolution note.
CREATE TABLE crisis_steps (
    id TEXT PRIMARY KEY,
    alert_id TEXT NOT NULL REFERENCES crisis_alerts(id),
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    tier INTEGER,
    actor_id TEXT REFERENCES users(id),
    recipients TEXT NOT NULL DEFAULT '[]',
    note TEXT
);
CREATE INDEX crisis_steps_alert ON crisis_steps(alert_id, at);
-- Each tier is processed once per alert, whichever instance does it.
CREATE UNIQUE INDEX crisis_steps_tier_once ON crisis_steps(alert_id, tier) WHERE kind IN ('notified', 'skipped');

-- Who was told of an alert (they may see and act on it).
CREATE TABLE crisis_recipients (
    alert_id TEXT NOT NULL REFERENCES crisis_alerts(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    tier INTEGER NOT NULL,
    notified_at INTEGER NOT NULL,
    PRIMARY KEY (alert_id, user_id, tier)
);
CREATE INDEX crisis_recipients_user ON crisis_recipients(user_id);

-- The on-call roster: counsellor `user_id` is on call in the centre's zone
-- on `weekday` (0 Monday … 6 Sunday) during `hour` (0–23).
CREATE TABLE on_call (
    center_id TEXT NOT NULL REFERENCES centers(id),
    weekday INTEGER NOT NULL,
    hour INTEGER NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (center_id, weekday, hour, user_id)
);
