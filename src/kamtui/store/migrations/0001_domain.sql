-- kamtui schema version 1: the KAM domain model. Frozen: never edit; add a new step.

CREATE TABLE store_meta (
	key VARCHAR(64) NOT NULL PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE account (
	id VARCHAR(36) NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	deleted_at DATETIME,
	name VARCHAR NOT NULL,
	tier VARCHAR(8) NOT NULL,
	industry VARCHAR NOT NULL,
	region VARCHAR NOT NULL,
	annual_revenue FLOAT NOT NULL,
	margin_pct FLOAT,
	cost_to_serve FLOAT,
	strategic_importance INTEGER NOT NULL,
	growth_potential INTEGER NOT NULL,
	status VARCHAR(9) NOT NULL,
	renewal_date DATE,
	objectives VARCHAR NOT NULL,
	needs VARCHAR NOT NULL,
	pains VARCHAR NOT NULL,
	loves VARCHAR NOT NULL,
	pet_peeves VARCHAR NOT NULL,
	worries VARCHAR NOT NULL,
	decision_process VARCHAR NOT NULL,
	why_us VARCHAR NOT NULL,
	handoff_notes VARCHAR NOT NULL,
	notes VARCHAR NOT NULL,
	PRIMARY KEY (id)
);
CREATE INDEX ix_account_deleted_at ON account (deleted_at);
CREATE INDEX ix_account_name ON account (name);

CREATE TABLE product (
	id VARCHAR(36) NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	deleted_at DATETIME,
	name VARCHAR NOT NULL,
	line VARCHAR NOT NULL,
	description VARCHAR NOT NULL,
	PRIMARY KEY (id)
);
CREATE INDEX ix_product_deleted_at ON product (deleted_at);

CREATE TABLE team_member (
	id VARCHAR(36) NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	deleted_at DATETIME,
	name VARCHAR NOT NULL,
	role VARCHAR NOT NULL,
	email VARCHAR NOT NULL,
	skills JSON NOT NULL,
	PRIMARY KEY (id)
);
CREATE INDEX ix_team_member_deleted_at ON team_member (deleted_at);

CREATE TABLE account_plan (
	id VARCHAR(36) NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	deleted_at DATETIME,
	account_id VARCHAR NOT NULL,
	period VARCHAR NOT NULL,
	direction VARCHAR NOT NULL,
	value_proposition VARCHAR NOT NULL,
	priorities JSON NOT NULL,
	risks VARCHAR NOT NULL,
	competitors VARCHAR NOT NULL,
	will_deliver VARCHAR NOT NULL,
	wont_deliver VARCHAR NOT NULL,
	information_sources VARCHAR NOT NULL,
	sources_updated_on DATE,
	customer_agreed_on DATE,
	carried_over_from_id VARCHAR,
	PRIMARY KEY (id),
	FOREIGN KEY(account_id) REFERENCES account (id),
	FOREIGN KEY(carried_over_from_id) REFERENCES account_plan (id)
);
CREATE INDEX ix_account_plan_account_id ON account_plan (account_id);
CREATE INDEX ix_account_plan_deleted_at ON account_plan (deleted_at);

CREATE TABLE assignment (
	id VARCHAR(36) NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	deleted_at DATETIME,
	team_member_id VARCHAR NOT NULL,
	account_id VARCHAR NOT NULL,
	role VARCHAR NOT NULL,
	time_share_pct FLOAT NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(team_member_id) REFERENCES team_member (id),
	FOREIGN KEY(account_id) REFERENCES account (id)
);
CREATE INDEX ix_assignment_account_id ON assignment (account_id);
CREATE INDEX ix_assignment_deleted_at ON assignment (deleted_at);
CREATE INDEX ix_assignment_team_member_id ON assignment (team_member_id);

CREATE TABLE contact (
	id VARCHAR(36) NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	deleted_at DATETIME,
	account_id VARCHAR NOT NULL,
	name VARCHAR NOT NULL,
	title VARCHAR NOT NULL,
	email VARCHAR NOT NULL,
	phone VARCHAR NOT NULL,
	buying_role VARCHAR(14) NOT NULL,
	attitude VARCHAR(9) NOT NULL,
	strength INTEGER NOT NULL,
	reports_to_id VARCHAR,
	cadence_days INTEGER,
	last_contacted DATE,
	notes VARCHAR NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(account_id) REFERENCES account (id),
	FOREIGN KEY(reports_to_id) REFERENCES contact (id)
);
CREATE INDEX ix_contact_account_id ON contact (account_id);
CREATE INDEX ix_contact_deleted_at ON contact (deleted_at);

CREATE TABLE escalation_plan (
	id VARCHAR(36) NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	deleted_at DATETIME,
	account_id VARCHAR NOT NULL,
	triggers JSON NOT NULL,
	trigger_notes VARCHAR NOT NULL,
	crisis_plan VARCHAR NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(account_id) REFERENCES account (id)
);
CREATE INDEX ix_escalation_plan_account_id ON escalation_plan (account_id);
CREATE INDEX ix_escalation_plan_deleted_at ON escalation_plan (deleted_at);

CREATE TABLE interaction (
	id VARCHAR(36) NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	deleted_at DATETIME,
	account_id VARCHAR NOT NULL,
	occurred_on DATE NOT NULL,
	kind VARCHAR(11) NOT NULL,
	summary VARCHAR NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(account_id) REFERENCES account (id)
);
CREATE INDEX ix_interaction_account_id ON interaction (account_id);
CREATE INDEX ix_interaction_deleted_at ON interaction (deleted_at);

CREATE TABLE review (
	id VARCHAR(36) NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	deleted_at DATETIME,
	account_id VARCHAR NOT NULL,
	period VARCHAR NOT NULL,
	held_on DATE NOT NULL,
	revenue FLOAT,
	margin_pct FLOAT,
	objectives_on_track INTEGER NOT NULL,
	objectives_off_track INTEGER NOT NULL,
	opportunities_won INTEGER NOT NULL,
	opportunities_lost INTEGER NOT NULL,
	kpis_met INTEGER NOT NULL,
	kpis_missed INTEGER NOT NULL,
	slas_met INTEGER NOT NULL,
	slas_missed INTEGER NOT NULL,
	trust INTEGER NOT NULL,
	access INTEGER NOT NULL,
	responsiveness INTEGER NOT NULL,
	alignment INTEGER NOT NULL,
	satisfaction INTEGER NOT NULL,
	nps INTEGER,
	decision VARCHAR(14) NOT NULL,
	next_review_on DATE,
	notes VARCHAR NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(account_id) REFERENCES account (id)
);
CREATE INDEX ix_review_account_id ON review (account_id);
CREATE INDEX ix_review_deleted_at ON review (deleted_at);
CREATE INDEX ix_review_next_review_on ON review (next_review_on);

CREATE TABLE whitespace_cell (
	id VARCHAR(36) NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	deleted_at DATETIME,
	account_id VARCHAR NOT NULL,
	product_id VARCHAR NOT NULL,
	state VARCHAR(12) NOT NULL,
	value FLOAT,
	notes VARCHAR NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(account_id) REFERENCES account (id),
	FOREIGN KEY(product_id) REFERENCES product (id)
);
CREATE INDEX ix_whitespace_cell_account_id ON whitespace_cell (account_id);
CREATE INDEX ix_whitespace_cell_deleted_at ON whitespace_cell (deleted_at);
CREATE INDEX ix_whitespace_cell_product_id ON whitespace_cell (product_id);

CREATE TABLE escalation (
	id VARCHAR(36) NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	deleted_at DATETIME,
	account_id VARCHAR NOT NULL,
	plan_id VARCHAR,
	"trigger" VARCHAR(19) NOT NULL,
	reason VARCHAR NOT NULL,
	opened_at DATETIME NOT NULL,
	current_level INTEGER NOT NULL,
	level_due_at DATETIME,
	status_before VARCHAR(9) NOT NULL,
	resolved_at DATETIME,
	outcome VARCHAR NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(account_id) REFERENCES account (id),
	FOREIGN KEY(plan_id) REFERENCES escalation_plan (id)
);
CREATE INDEX ix_escalation_account_id ON escalation (account_id);
CREATE INDEX ix_escalation_deleted_at ON escalation (deleted_at);
CREATE INDEX ix_escalation_level_due_at ON escalation (level_due_at);

CREATE TABLE escalation_level (
	id VARCHAR(36) NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	deleted_at DATETIME,
	plan_id VARCHAR NOT NULL,
	position INTEGER NOT NULL,
	owner_kind VARCHAR(8) NOT NULL,
	team_member_id VARCHAR,
	contact_id VARCHAR,
	who VARCHAR NOT NULL,
	respond_within_hours INTEGER NOT NULL,
	action VARCHAR NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(plan_id) REFERENCES escalation_plan (id),
	FOREIGN KEY(team_member_id) REFERENCES team_member (id),
	FOREIGN KEY(contact_id) REFERENCES contact (id)
);
CREATE INDEX ix_escalation_level_deleted_at ON escalation_level (deleted_at);
CREATE INDEX ix_escalation_level_plan_id ON escalation_level (plan_id);

CREATE TABLE interaction_contact (
	id VARCHAR(36) NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	deleted_at DATETIME,
	interaction_id VARCHAR NOT NULL,
	contact_id VARCHAR NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(interaction_id) REFERENCES interaction (id),
	FOREIGN KEY(contact_id) REFERENCES contact (id)
);
CREATE INDEX ix_interaction_contact_contact_id ON interaction_contact (contact_id);
CREATE INDEX ix_interaction_contact_deleted_at ON interaction_contact (deleted_at);
CREATE INDEX ix_interaction_contact_interaction_id ON interaction_contact (interaction_id);

CREATE TABLE objective (
	id VARCHAR(36) NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	deleted_at DATETIME,
	plan_id VARCHAR NOT NULL,
	title VARCHAR NOT NULL,
	kpi_metric VARCHAR NOT NULL,
	unit VARCHAR NOT NULL,
	baseline FLOAT,
	target FLOAT,
	current FLOAT,
	due DATE,
	customer_agreed BOOLEAN NOT NULL,
	customer_agreed_on DATE,
	position INTEGER NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(plan_id) REFERENCES account_plan (id)
);
CREATE INDEX ix_objective_deleted_at ON objective (deleted_at);
CREATE INDEX ix_objective_plan_id ON objective (plan_id);

CREATE TABLE opportunity (
	id VARCHAR(36) NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	deleted_at DATETIME,
	account_id VARCHAR NOT NULL,
	plan_id VARCHAR,
	title VARCHAR NOT NULL,
	product_id VARCHAR,
	value FLOAT NOT NULL,
	stage VARCHAR(11) NOT NULL,
	probability INTEGER NOT NULL,
	expected_close DATE,
	notes VARCHAR NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(account_id) REFERENCES account (id),
	FOREIGN KEY(plan_id) REFERENCES account_plan (id),
	FOREIGN KEY(product_id) REFERENCES product (id)
);
CREATE INDEX ix_opportunity_account_id ON opportunity (account_id);
CREATE INDEX ix_opportunity_deleted_at ON opportunity (deleted_at);

CREATE TABLE action_item (
	id VARCHAR(36) NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	deleted_at DATETIME,
	account_id VARCHAR NOT NULL,
	title VARCHAR NOT NULL,
	owner_kind VARCHAR(8) NOT NULL,
	owner_team_member_id VARCHAR,
	owner_contact_id VARCHAR,
	deadline DATE,
	status VARCHAR(9) NOT NULL,
	priority VARCHAR(6) NOT NULL,
	success_measure VARCHAR NOT NULL,
	objective_id VARCHAR,
	recurrence_every INTEGER,
	recurrence_unit VARCHAR(6),
	recurrence_basis VARCHAR(10) NOT NULL,
	completed_at DATETIME,
	notes VARCHAR NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(account_id) REFERENCES account (id),
	FOREIGN KEY(owner_team_member_id) REFERENCES team_member (id),
	FOREIGN KEY(owner_contact_id) REFERENCES contact (id),
	FOREIGN KEY(objective_id) REFERENCES objective (id)
);
CREATE INDEX ix_action_item_account_id ON action_item (account_id);
CREATE INDEX ix_action_item_deadline ON action_item (deadline);
CREATE INDEX ix_action_item_deleted_at ON action_item (deleted_at);
CREATE INDEX ix_action_item_status ON action_item (status);

CREATE TABLE escalation_event (
	id VARCHAR(36) NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	deleted_at DATETIME,
	escalation_id VARCHAR NOT NULL,
	at DATETIME NOT NULL,
	level INTEGER NOT NULL,
	note VARCHAR NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(escalation_id) REFERENCES escalation (id)
);
CREATE INDEX ix_escalation_event_deleted_at ON escalation_event (deleted_at);
CREATE INDEX ix_escalation_event_escalation_id ON escalation_event (escalation_id);
