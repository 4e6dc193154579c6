-- Chat rooms and their messages. A room's membership is not stored: a group's
-- room follows the group's enrolments and facilitators, an open room the
-- reader's role and stage, a private room its pairing (see saathi-domain's
-- rooms.rs). `room_key` makes the rooms created on demand (a group's, a
-- pair's) unique; open rooms have none.
CREATE TABLE rooms (
    id TEXT PRIMARY KEY,
    center_id TEXT NOT NULL REFERENCES centers(id),
    kind TEXT NOT NULL,
    name TEXT,
    room_key TEXT UNIQUE,
    group_id TEXT REFERENCES groups(id),
    member_id TEXT REFERENCES users(id),
    mentor_id TEXT REFERENCES users(id),
    last_seq BIGINT NOT NULL DEFAULT 0,
    created_by TEXT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX rooms_center_kind ON rooms(center_id, kind);
CREATE INDEX rooms_group ON rooms(group_id);
CREATE INDEX rooms_member ON rooms(member_id);
CREATE INDEX rooms_mentor ON rooms(mentor_id);

-- `seq` numbers a room's messages 1, 2, 3… in commit order (taken from
-- rooms.last_seq inside the sending transaction), so paging and catch-up by
-- it have no gaps and no duplicates. A deleted message keeps its row (and its
-- place) but loses its body.
CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    room_id TEXT NOT NULL REFERENCES rooms(id),
    seq BIGINT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users(id),
    body TEXT,
    created_at BIGINT NOT NULL,
    edited_at BIGINT,
    deleted_at BIGINT,
    UNIQUE (room_id, seq)
);
CREATE INDEX messages_author ON messages(author_id);

CREATE TABLE message_reactions (
    message_id TEXT NOT NULL REFERENCES messages(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (message_id, user_id, kind)
);

CREATE TABLE message_reports (
    id TEXT PRIMARY KEY,
    message_id TEXT NOT NULL REFERENCES messages(id),
    room_id TEXT NOT NULL REFERENCES rooms(id),
    reporter_id TEXT NOT NULL REFERENCES users(id),
    reason TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (message_id, reporter_id)
);
CREATE INDEX message_reports_room ON message_reports(room_id, created_at);

-- How far each person has read a room (its unread count is what came after,
-- from others).
CREATE TABLE room_reads (
    room_id TEXT NOT NULL REFERENCES rooms(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    last_read_seq BIGINT NOT NULL,
    PRIMARY KEY (room_id, user_id)
);
