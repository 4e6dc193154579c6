-- Centres, people, sign-ins and the audit log.
CREATE TABLE centers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    timezone TEXT NOT NULL,
    helplines TEXT NOT NULL DEFAULT '[]',
    crisis_ack_timeout_seconds INTEGER NOT NULL DEFAULT 300,
    mentor_min_sober_days INTEGER NOT NULL DEFAULT 180,
    mentor_capacity INTEGER NOT NULL DEFAULT 3,
    alumni_nudge_weeks INTEGER NOT NULL DEFAULT 4,
    created_at INTEGER NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    center_id TEXT NOT NULL REFERENCES centers(id),
    role TEXT NOT NULL,
    login TEXT NOT NULL UNIQUE,
    phone TEXT UNIQUE,
    password_hash TEXT NOT NULL,
    display_name TEXT NOT NULL,
    full_name TEXT,
    language TEXT NOT NULL DEFAULT 'en',
    created_at INTEGER NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX users_center_role ON users(center_id, role);

CREATE TABLE members (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    center_id TEXT NOT NULL REFERENCES centers(id),
    gender TEXT NOT NULL,
    birth_year INTEGER,
    substances TEXT NOT NULL DEFAULT '[]',
    stage TEXT NOT NULL,
    sobriety_start TEXT NOT NULL,
    counselor_id TEXT REFERENCES users(id),
    search_name TEXT NOT NULL,
    admitted_at INTEGER NOT NULL,
    discharged_at INTEGER
);
CREATE INDEX members_center_name ON members(center_id, search_name);
CREATE INDEX members_counselor ON members(counselor_id, search_name);

CREATE TABLE stage_changes (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES members(user_id),
    from_stage TEXT,
    to_stage TEXT NOT NULL,
    changed_by TEXT REFERENCES users(id),
    changed_at INTEGER NOT NULL
);
CREATE INDEX stage_changes_member ON stage_changes(member_id, changed_at);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
    login TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    first_at INTEGER NOT NULL,
    locked_until INTEGER NOT NULL
);

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at INTEGER NOT NULL,
    center_id TEXT,
    actor_id TEXT,
    action TEXT NOT NULL,
    target_type TEXT,
    target_id TEXT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_center_at ON audit_log(center_id, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
