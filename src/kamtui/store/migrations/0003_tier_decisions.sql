-- kamtui schema version 3: tier decisions, the record of each accepted tier change with
-- the key score and the reason at that moment. Frozen: never edit; add a new step.

CREATE TABLE tier_decision (
	id VARCHAR(36) NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	deleted_at DATETIME,
	account_id VARCHAR NOT NULL,
	decided_on DATE NOT NULL,
	from_tier VARCHAR(8) NOT NULL,
	to_tier VARCHAR(8) NOT NULL,
	score INTEGER,
	reason VARCHAR NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(account_id) REFERENCES account (id)
);
CREATE INDEX ix_tier_decision_account_id ON tier_decision (account_id);
CREATE INDEX ix_tier_decision_deleted_at ON tier_decision (deleted_at);
