-- Peer mentors paired with members (at most one active mentor per member),
-- and whether a member lets their groups celebrate their milestones
-- (off until the member turns it on).
CREATE TABLE mentorships (
    id TEXT PRIMARY KEY,
    center_id TEXT NOT NULL REFERENCES centers(id),
    mentor_id TEXT NOT NULL REFERENCES users(id),
    mentee_id TEXT NOT NULL REFERENCES members(user_id),
    created_by TEXT NOT NULL REFERENCES users(id),
    started_at BIGINT NOT NULL,
    ended_at BIGINT
);
CREATE UNIQUE INDEX mentorships_one_active ON mentorships(mentee_id) WHERE ended_at IS NULL;
CREATE INDEX mentorships_mentor ON mentorships(mentor_id, ended_at);

ALTER TABLE members ADD COLUMN milestones_to_group BIGINT NOT NULL DEFAULT 0;
