-- The centre's webhook secret, encrypted at rest with the note keys
-- (XChaCha20-Poly1305, associated data "center_webhooks.secret:" and the
-- centre's id, the key version kept for rotation). `secret` stays for rows
-- written before: the server seals those at start (and on their first use),
-- leaving it empty.
ALTER TABLE center_webhooks ADD COLUMN secret_sealed BYTEA;
ALTER TABLE center_webhooks ADD COLUMN secret_key_version BIGINT;
