-- kamtui schema version 7: what syncing two stores needs (issue 9).
-- change_log: every change made to a row, one field a line ('' for the row's creation,
-- whose values are the row's own), stamped with a hybrid logical clock stamp when its
-- transaction ends (stamp NULL until then); `seen` lists the stamps of the values the
-- change knowingly replaced. Written by triggers that kamtui makes from the tables
-- themselves (kamtui.store.sync_log), so every write is logged in its own transaction.
-- sync_conflict: losing values kept to be shown and resolved. sync_replica: the latest
-- stamp held of each replica (this one's is the clock). sync_peer: the stores synced with.
-- sync_quiet: holds a row only while received changes are applied, so the triggers do
-- not log them again.
-- One live plan per account and period, one live whitespace cell per account and product:
-- two stores apart may each make one, and a sync must keep both, so the rule moves from
-- unique indexes into kamtui (the same sentence) and the sync reports such pairs.
-- Frozen: never edit; add a new step.

-- Kept lean (a line a created row, two indexes): a store of a million rows logs a million.
-- A stamp's replica is its text after the 19th character.
CREATE TABLE change_log (
	seq INTEGER PRIMARY KEY,
	stamp TEXT,
	tbl TEXT NOT NULL,
	row_id TEXT NOT NULL,
	field TEXT NOT NULL,
	value,
	seen TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_change_log_row ON change_log (row_id, field);
CREATE INDEX ix_change_log_stamp ON change_log (stamp);
CREATE TABLE sync_conflict (
	tbl TEXT NOT NULL,
	row_id TEXT NOT NULL,
	field TEXT NOT NULL,
	stamp TEXT NOT NULL,
	value,
	PRIMARY KEY (tbl, row_id, field, stamp)
);
CREATE TABLE sync_replica (
	replica TEXT NOT NULL PRIMARY KEY,
	last_stamp TEXT NOT NULL
);
CREATE TABLE sync_peer (
	replica TEXT NOT NULL PRIMARY KEY,
	name TEXT NOT NULL,
	seen TEXT NOT NULL DEFAULT '{}',
	synced_at TEXT,
	received INTEGER NOT NULL DEFAULT 0,
	sent INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE sync_quiet (applying INTEGER);
DROP INDEX ux_account_plan_period;
CREATE INDEX ix_account_plan_period ON account_plan (account_id, period)
    WHERE deleted_at IS NULL;
DROP INDEX ux_whitespace_cell;
CREATE INDEX ix_whitespace_cell_live ON whitespace_cell (account_id, product_id)
    WHERE deleted_at IS NULL;
