-- A message is numbered by the statement that inserts it: a WITH that
-- updates rooms.last_seq (holding the room's row lock until commit) and the
-- INSERT that uses it. Nothing changes in the schema; SQLite needs a trigger
-- for the same.
COMMENT ON COLUMN rooms.last_seq IS 'The number of the room''s last message, taken by the statement that inserts it.';
