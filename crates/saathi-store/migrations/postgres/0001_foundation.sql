-- Centres, people, sign-ins and the audit log.
CREATE TABLE centers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    timezone TEXT NOT NULL,
    helplines TEXT NOT NULL DEFAULT '[]',
    crisis_ack_timeout_seconds BIGINT NOT NULL DEFAULT 300,
    mentor_min_sober_days BIGINT NOT NULL DEFAULT 180,
    mentor_capacity BIGINT NOT NULL DEFAULT 3,
    alumni_nudge_weeks BIGINT NOT NULL DEFAULT 4,
    created_at BIGINT NOT NULL
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
    created_at BIGINT NOT NULL,
    disabled BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX users_center_role ON users(center_id, role);

CREATE TABLE members (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    center_id TEXT NOT NULL REFERENCES centers(id),
    gender TEXT NOT NULL,
    birth_year BIGINT,
    substances TEXT NOT NULL DEFAULT '[]',
    stage TEXT NOT NULL,
    sobriety_start TEXT NOT NULL,
    counselor_id TEXT REFERENCES users(id),
    search_name TEXT NOT NULL,
    admitted_at BIGINT NOT NULL,
    discharged_at BIGINT
);
CREATE INDEX members_center_name ON members(center_id, search_name);
CREATE INDEX members_counselor ON members(counselor_id, search_name);

CREATE TABLE stage_changes (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES members(user_id),
    from_stage TEXT,
    to_stage TEXT NOT NULL,
    changed_by TEXT REFERENCES users(id),
    changed_at BIGINT NOT NULL
);
CREATE INDEX stage_changes_member ON stage_changes(member_id, changed_at);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
    login TEXT PRIMARY KEY,
    count BIGINT NOT NULL,
    first_at BIGINT NOT NULL,
    locked_until BIGINT NOT NULL
);

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at BIGINT NOT NULL,
    center_id TEXT,
    actor_id TEXT,
    action TEXT NOT NULL,
    target_type TEXT,
    target_id TEXT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_center_at ON audit_log(center_id, at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
