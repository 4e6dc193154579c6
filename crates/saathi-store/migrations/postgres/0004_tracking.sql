-- Recovery tracking: daily check-ins (with the versions they replaced), the
-- centre's own trigger tags, lapses and relapses.
CREATE TABLE center_triggers (
    center_id TEXT NOT NULL REFERENCES centers(id),
    tag TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (center_id, tag)
);

CREATE TABLE checkins (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES members(user_id),
    center_id TEXT NOT NULL REFERENCES centers(id),
    local_date TEXT NOT NULL,
    mood BIGINT NOT NULL,
    craving BIGINT NOT NULL,
    sober BIGINT NOT NULL,
    triggers TEXT NOT NULL DEFAULT '[]',
    note TEXT,
    share_with_mentor BIGINT NOT NULL,
    share_with_group BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (member_id, local_date)
);

CREATE TABLE checkin_revisions (
    id TEXT PRIMARY KEY,
    checkin_id TEXT NOT NULL REFERENCES checkins(id),
    mood BIGINT NOT NULL,
    craving BIGINT NOT NULL,
    sober BIGINT NOT NULL,
    triggers TEXT NOT NULL,
    note TEXT,
    share_with_mentor BIGINT NOT NULL,
    share_with_group BIGINT NOT NULL,
    replaced_at BIGINT NOT NULL
);
CREATE INDEX checkin_revisions_checkin ON checkin_revisions(checkin_id, replaced_at);

CREATE TABLE lapses (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES members(user_id),
    center_id TEXT NOT NULL REFERENCES centers(id),
    date TEXT NOT NULL,
    kind TEXT NOT NULL,
    note TEXT,
    previous_start TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX lapses_member ON lapses(member_id, date);
