-- Weekly goals: a goal stands (with a status each week) until it is ended.
-- Progress entries carry the local date and the Monday of its week; cheers
-- are one per peer per goal per week.
CREATE TABLE goals (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES members(user_id),
    center_id TEXT NOT NULL REFERENCES centers(id),
    group_id TEXT REFERENCES groups(id),
    title TEXT NOT NULL,
    target_per_week BIGINT NOT NULL,
    visible_to_group BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    ended_at BIGINT
);
CREATE INDEX goals_member ON goals(member_id, created_at);
CREATE INDEX goals_group ON goals(group_id, visible_to_group);

CREATE TABLE goal_progress (
    id TEXT PRIMARY KEY,
    goal_id TEXT NOT NULL REFERENCES goals(id),
    local_date TEXT NOT NULL,
    week_start TEXT NOT NULL,
    count BIGINT NOT NULL,
    note TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX goal_progress_week ON goal_progress(goal_id, week_start);

CREATE TABLE goal_cheers (
    goal_id TEXT NOT NULL REFERENCES goals(id),
    week_start TEXT NOT NULL,
    cheerer_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (goal_id, week_start, cheerer_id)
);
