-- Moderation of rooms and safety screening of messages.

-- A hidden message keeps its row and body (its author and the room's staff
-- moderators still read it); everyone else is served no body.
ALTER TABLE messages ADD COLUMN hidden_at BIGINT;
ALTER TABLE messages ADD COLUMN hidden_by TEXT REFERENCES users(id);
ALTER TABLE messages ADD COLUMN hidden_reason TEXT;

-- A member's mute in a room, while `until` (ms) is in the future; ending a
-- mute deletes its row (the moderation log keeps the history).
CREATE TABLE room_mutes (
    room_id TEXT NOT NULL REFERENCES rooms(id),
    member_id TEXT NOT NULL REFERENCES users(id),
    until BIGINT NOT NULL,
    reason TEXT NOT NULL,
    muted_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (room_id, member_id)
);

-- What moderators did in a room: hide, mute, unmute, warn. Never a
-- message's content.
CREATE TABLE room_moderation (
    id TEXT PRIMARY KEY,
    center_id TEXT NOT NULL REFERENCES centers(id),
    room_id TEXT NOT NULL REFERENCES rooms(id),
    actor_id TEXT NOT NULL REFERENCES users(id),
    action TEXT NOT NULL,
    member_id TEXT REFERENCES users(id),
    message_id TEXT REFERENCES messages(id),
    reason TEXT,
    until BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX room_moderation_room ON room_moderation(room_id, created_at);

-- Moderators' private notes on a room.
CREATE TABLE room_moderator_notes (
    id TEXT PRIMARY KEY,
    room_id TEXT NOT NULL REFERENCES rooms(id),
    author_id TEXT NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX room_moderator_notes_room ON room_moderator_notes(room_id, created_at);

-- A message whose screening found crisis language: raised in the sending
-- transaction, for the room's moderators and the writer's counsellor.
-- `categories` and `phrases` are JSON arrays of strings (lexicon phrases,
-- not the message).
CREATE TABLE safety_alerts (
    id TEXT PRIMARY KEY,
    center_id TEXT NOT NULL REFERENCES centers(id),
    room_id TEXT NOT NULL REFERENCES rooms(id),
    message_id TEXT NOT NULL REFERENCES messages(id),
    member_id TEXT NOT NULL REFERENCES users(id),
    categories TEXT NOT NULL,
    phrases TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    acknowledged_by TEXT REFERENCES users(id),
    acknowledged_at BIGINT
);
CREATE INDEX safety_alerts_center ON safety_alerts(center_id, acknowledged_at, created_at);
