-- A centre's own screening lines (same format as the built-in lexicon),
-- merged with the built-in lexicon when its messages are screened.
CREATE TABLE center_lexicons (
    center_id TEXT PRIMARY KEY REFERENCES centers(id),
    lines TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL REFERENCES users(id)
);
