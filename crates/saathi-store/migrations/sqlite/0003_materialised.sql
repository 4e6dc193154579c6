-- The local dates for which a group's scheduled sessions exist as rows, so
-- that listing them again is a plain read.
ALTER TABLE groups ADD COLUMN materialised_from TEXT;
ALTER TABLE groups ADD COLUMN materialised_to TEXT;
