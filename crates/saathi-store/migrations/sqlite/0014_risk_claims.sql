-- Scores at high whose move nobody has been told of yet: the claim that
-- follows every write at high finds them here instead of reading all of the
-- centre's scores (a per-event update at high stays well under a millisecond).
CREATE INDEX member_risk_unclaimed ON member_risk(center_id) WHERE level = 'high' AND notified_at IS NULL;
