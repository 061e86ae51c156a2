-- kamtui schema version 6: an index on when each contact's cadence comes round, so the
-- checklist's touchpoints section reads the contacts due, in order, instead of every
-- contact (issue 8). '' stands for never contacted: they sort first, as the list shows them.
-- Frozen: never edit; add a new step.

CREATE INDEX ix_contact_touch_due ON contact (
	ifnull(date(last_contacted, '+' || cadence_days || ' days'), ''), name, id)
	WHERE deleted_at IS NULL AND cadence_days IS NOT NULL;
