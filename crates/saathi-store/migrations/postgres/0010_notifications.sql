-- Notifications: in-app rows, the outbox of e-mails and webhook calls, the
-- centre's webhook, and the e-mail address a user may give.
--
-- A notification stores its kind and a link (ids only): its words are made
-- from the kind in the reader's language when shown or sent, so no message
-- content, other member's name or clinical detail is ever stored or sent.

ALTER TABLE users ADD COLUMN email TEXT;

CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    center_id TEXT NOT NULL REFERENCES centers(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    link TEXT NOT NULL,
    -- Set for notifications that must be made once (a session's reminder).
    dedupe_key TEXT,
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE UNIQUE INDEX notifications_dedupe ON notifications(user_id, dedupe_key);
CREATE INDEX notifications_user ON notifications(user_id, created_at);
CREATE INDEX notifications_unread ON notifications(user_id) WHERE read_at IS NULL;

-- What is sent outside Saathi, one row per notification and channel
-- (`email`, `webhook`): `pending` until `sent`, or `failed` after the
-- last attempt. A worker claims due rows by moving `next_at` forward.
CREATE TABLE notification_deliveries (
    id TEXT PRIMARY KEY,
    notification_id TEXT NOT NULL REFERENCES notifications(id),
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_at BIGINT NOT NULL,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX notification_deliveries_due ON notification_deliveries(next_at) WHERE status = 'pending';
CREATE INDEX notification_deliveries_notification ON notification_deliveries(notification_id);

-- A centre's outbound webhook (its SMS or WhatsApp gateway): every
-- notification is POSTed there, signed with the secret.
CREATE TABLE center_webhooks (
    center_id TEXT PRIMARY KEY REFERENCES centers(id),
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    updated_by TEXT REFERENCES users(id),
    updated_at BIGINT NOT NULL
);

-- Session reminders look for sessions starting soon, across groups.
CREATE INDEX group_sessions_starts ON group_sessions(starts_at);
