-- kamtui schema version 2: indexes for the daily checklist and the portfolio, and
-- one live row per account+period plan and per account+product whitespace cell.
-- Frozen: never edit; add a new step.

CREATE INDEX ix_action_item_live_deadline ON action_item (status, deadline)
    WHERE deleted_at IS NULL;
CREATE INDEX ix_account_live_revenue ON account (annual_revenue DESC)
    WHERE deleted_at IS NULL;
CREATE INDEX ix_contact_account_name ON contact (account_id, name);
CREATE INDEX ix_interaction_account_date ON interaction (account_id, occurred_on);
CREATE UNIQUE INDEX ux_account_plan_period ON account_plan (account_id, period)
    WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX ux_whitespace_cell ON whitespace_cell (account_id, product_id)
    WHERE deleted_at IS NULL;
