-- The tablet a kiosk session was started on, so that revoking the tablet
-- ends the sessions still open on it. NULL for every other session (and for
-- kiosk sessions started before this column: they end at the kiosk's short
-- idle limit).
ALTER TABLE sessions ADD COLUMN kiosk_device_id TEXT REFERENCES kiosk_devices(id);
CREATE INDEX sessions_kiosk_device ON sessions(kiosk_device_id) WHERE kiosk_device_id IS NOT NULL;
