-- Groups, enrolment, sessions, attendance, the sharing circle, confidential notes.
ALTER TABLE users ADD COLUMN senior INTEGER NOT NULL DEFAULT 0;

CREATE TABLE groups (
    id TEXT PRIMARY KEY,
    center_id TEXT NOT NULL REFERENCES centers(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    modality TEXT NOT NULL,
    capacity INTEGER NOT NULL,
    eligibility TEXT NOT NULL DEFAULT '{}',
    is_open INTEGER NOT NULL DEFAULT 1,
    agreement TEXT NOT NULL,
    schedule_rrule TEXT,
    schedule_start_time TEXT,
    schedule_duration INTEGER,
    schedule_starts_on TEXT,
    created_by TEXT REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX groups_center ON groups(center_id, name);

CREATE TABLE group_facilitators (
    group_id TEXT NOT NULL REFERENCES groups(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_facilitators_user ON group_facilitators(user_id);

CREATE TABLE enrollments (
    group_id TEXT NOT NULL REFERENCES groups(id),
    member_id TEXT NOT NULL REFERENCES members(user_id),
    status TEXT NOT NULL,
    queue_seq INTEGER NOT NULL,
    enrolled_at INTEGER NOT NULL,
    activated_at INTEGER,
    ended_at INTEGER,
    enrolled_by TEXT REFERENCES users(id),
    override_reason TEXT,
    agreement_accepted_at INTEGER,
    PRIMARY KEY (group_id, member_id)
);
CREATE INDEX enrollments_group_status ON enrollments(group_id, status, queue_seq);
CREATE INDEX enrollments_member ON enrollments(member_id, status);

CREATE TABLE group_sessions (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES groups(id),
    center_id TEXT NOT NULL REFERENCES centers(id),
    occurrence_at INTEGER,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    topic TEXT,
    status TEXT NOT NULL,
    checkin_code TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (group_id, occurrence_at)
);
CREATE INDEX group_sessions_group_start ON group_sessions(group_id, starts_at);

CREATE TABLE attendance (
    session_id TEXT NOT NULL REFERENCES group_sessions(id),
    member_id TEXT NOT NULL REFERENCES members(user_id),
    status TEXT NOT NULL,
    via TEXT NOT NULL,
    recorded_by TEXT REFERENCES users(id),
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, member_id)
);
CREATE INDEX attendance_member ON attendance(member_id, recorded_at);

CREATE TABLE circle_turns (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES group_sessions(id),
    member_id TEXT NOT NULL REFERENCES members(user_id),
    seconds INTEGER NOT NULL,
    passed INTEGER NOT NULL,
    recorded_by TEXT REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX circle_turns_session ON circle_turns(session_id, created_at);

CREATE TABLE notes (
    id TEXT PRIMARY KEY,
    center_id TEXT NOT NULL REFERENCES centers(id),
    session_id TEXT REFERENCES group_sessions(id),
    member_id TEXT REFERENCES members(user_id),
    author_id TEXT NOT NULL REFERENCES users(id),
    body BLOB NOT NULL,
    key_version INTEGER NOT NULL,
    needs_one_to_one INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    signed_off_by TEXT REFERENCES users(id),
    signed_off_at INTEGER
);
CREATE UNIQUE INDEX notes_one_group_note ON notes(session_id) WHERE session_id IS NOT NULL AND member_id IS NULL;
CREATE UNIQUE INDEX notes_one_part ON notes(session_id, member_id) WHERE session_id IS NOT NULL AND member_id IS NOT NULL;
CREATE INDEX notes_member ON notes(member_id, created_at);

CREATE TABLE note_amendments (
    id TEXT PRIMARY KEY,
    note_id TEXT NOT NULL REFERENCES notes(id),
    author_id TEXT NOT NULL REFERENCES users(id),
    body BLOB NOT NULL,
    key_version INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX note_amendments_note ON note_amendments(note_id, created_at);

CREATE TABLE follow_ups (
    id TEXT PRIMARY KEY,
    center_id TEXT NOT NULL REFERENCES centers(id),
    member_id TEXT NOT NULL REFERENCES members(user_id),
    note_id TEXT REFERENCES notes(id),
    counselor_id TEXT NOT NULL REFERENCES users(id),
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    done_at INTEGER,
    done_by TEXT REFERENCES users(id)
);
CREATE INDEX follow_ups_counselor ON follow_ups(counselor_id, status, created_at);

CREATE TABLE calendar_feeds (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX calendar_feeds_user ON calendar_feeds(user_id);
