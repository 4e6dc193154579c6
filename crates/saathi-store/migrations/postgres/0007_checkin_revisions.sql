-- A check-in's earlier version is kept whenever it changes: the database
-- itself copies the old row into checkin_revisions, so the day's check-in
-- can be written with one upsert statement and no path can skip the history.
-- Revision ids start with the time in hex, so new rows go to the end of the
-- index instead of a random place in it.
CREATE FUNCTION checkins_keep_revision() RETURNS trigger AS $$
BEGIN
    INSERT INTO checkin_revisions (id, checkin_id, mood, craving, sober, triggers, note, share_with_mentor,
                                   share_with_group, replaced_at)
    VALUES (lpad(to_hex(NEW.updated_at), 16, '0') || substr(md5(random()::text), 1, 16), OLD.id, OLD.mood, OLD.craving, OLD.sober, OLD.triggers,
            OLD.note, OLD.share_with_mentor, OLD.share_with_group, NEW.updated_at);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER checkins_keep_revision AFTER UPDATE ON checkins
    FOR EACH ROW EXECUTE FUNCTION checkins_keep_revision();
