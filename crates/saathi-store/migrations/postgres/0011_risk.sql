-- Relapse early warning. Each member's latest risk score, level and reasons
-- (a JSON array of {signal, points, detail, value}); `high_since` is when
-- they last moved to high (NULL when not high) and `notified_at` when their
-- counsellor was told of that move (so a move to high notifies once).
CREATE TABLE member_risk (
    member_id TEXT PRIMARY KEY REFERENCES members(user_id),
    center_id TEXT NOT NULL REFERENCES centers(id),
    score BIGINT NOT NULL,
    level TEXT NOT NULL,
    reasons TEXT NOT NULL,
    computed_at BIGINT NOT NULL,
    high_since BIGINT,
    notified_at BIGINT
);
CREATE INDEX member_risk_center_score ON member_risk(center_id, score);

-- A centre's own points for a signal, or its own level threshold
-- (`medium_at`, `high_at`); signals without a row use the documented defaults.
CREATE TABLE risk_weights (
    center_id TEXT NOT NULL REFERENCES centers(id),
    name TEXT NOT NULL,
    value BIGINT NOT NULL,
    updated_by TEXT REFERENCES users(id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (center_id, name)
);

-- A member's recent safety alerts, read for each risk update.
CREATE INDEX safety_alerts_member ON safety_alerts(member_id, created_at);
