-- A message is numbered by the statement that inserts it (INSERT ... SELECT
-- the room's last_seq + 1): one statement, no transaction round trips. The
-- room's number follows here. SQLite has no data-changing WITH, so a trigger
-- does what PostgreSQL's statement does itself.
CREATE TRIGGER messages_number_room AFTER INSERT ON messages
BEGIN
    UPDATE rooms SET last_seq = NEW.seq WHERE id = NEW.room_id AND last_seq < NEW.seq;
END;
