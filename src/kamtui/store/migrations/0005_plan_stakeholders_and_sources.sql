-- kamtui schema version 5: the account plan names who must be informed of it, and lists
-- its information sources one by one, each with the day it was last updated (step 4).
-- Frozen: never edit; add a new step.

ALTER TABLE account_plan ADD COLUMN informed JSON NOT NULL DEFAULT '[]';

CREATE TABLE plan_source (
	id VARCHAR(36) NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	deleted_at DATETIME,
	plan_id VARCHAR NOT NULL,
	name VARCHAR NOT NULL,
	updated_on DATE,
	PRIMARY KEY (id),
	FOREIGN KEY(plan_id) REFERENCES account_plan (id)
);
CREATE INDEX ix_plan_source_plan_id ON plan_source (plan_id);
CREATE INDEX ix_plan_source_deleted_at ON plan_source (deleted_at);
