-- The centre's shared tablets (kiosks). A device holds a random token in a
-- long-lived cookie; only its SHA-256 is stored, as for sessions.
CREATE TABLE kiosk_devices (
    id TEXT PRIMARY KEY,
    center_id TEXT NOT NULL REFERENCES centers(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    revoked_by TEXT REFERENCES users(id),
    last_used_at INTEGER
);
CREATE INDEX kiosk_devices_center ON kiosk_devices(center_id, created_at);

-- A member's kiosk sign-in: a code unique within the centre and a PIN,
-- stored only as an Argon2id hash. No row: no kiosk sign-in.
CREATE TABLE kiosk_credentials (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    center_id TEXT NOT NULL REFERENCES centers(id),
    code TEXT NOT NULL,
    pin_hash TEXT NOT NULL,
    set_by TEXT NOT NULL REFERENCES users(id),
    set_at INTEGER NOT NULL,
    CONSTRAINT kiosk_credentials_code UNIQUE (center_id, code)
);
