-- kamtui schema version 4: the requirements log of each account (what the customer asked
-- for, what we proposed, when) and the skills an account needs from our team (for the
-- team audit of step 6). Frozen: never edit; add a new step.

ALTER TABLE account ADD COLUMN skills_needed JSON NOT NULL DEFAULT '[]';

CREATE TABLE requirement (
	id VARCHAR(36) NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	deleted_at DATETIME,
	account_id VARCHAR NOT NULL,
	asked_on DATE NOT NULL,
	asked VARCHAR NOT NULL,
	contact_id VARCHAR,
	proposed VARCHAR NOT NULL,
	proposed_on DATE,
	status VARCHAR(9) NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(account_id) REFERENCES account (id),
	FOREIGN KEY(contact_id) REFERENCES contact (id)
);
CREATE INDEX ix_requirement_account_id ON requirement (account_id);
CREATE INDEX ix_requirement_deleted_at ON requirement (deleted_at);
