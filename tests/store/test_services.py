"""The service layer: rows carry ids and timestamps, deletes are soft and cascade to what
belongs to the record, restore brings it all back, lists are limited in SQL."""

from datetime import date

import pytest
from sqlmodel import col

from kamtui.domain import ActionItem
from kamtui.errors import NotFound
from kamtui.store.repos import Services


def test_rows_get_uuid_and_timestamps(services: Services) -> None:
    acme = services.accounts.create({"name": "Acme"})
    assert len(acme.id) == 36 and acme.id.count("-") == 4
    assert acme.created_at == acme.updated_at and acme.deleted_at is None
    later = services.accounts.update(acme.id, {"tier": "key"})
    assert later.updated_at > later.created_at and later.tier == "key"


def test_delete_is_soft_and_cascades_and_restore_undoes_it(services: Services) -> None:
    acme = services.accounts.create({"name": "Acme"})
    keep = services.accounts.create({"name": "Globex"})
    ann = services.contacts.create({"account_id": acme.id, "name": "Ann"})
    plan = services.plans.create({"account_id": acme.id, "period": "FY2027"})
    services.objectives.create({"plan_id": plan.id, "title": "Grow share"})
    services.actions.create({"account_id": acme.id, "title": "Call Ann", "owner_kind": "customer",
                             "owner_contact_id": ann.id})
    services.actions.create({"account_id": keep.id, "title": "Other"})
    services.contacts.delete(ann.id)  # deleted on its own before: must stay deleted
    services.accounts.delete(acme.id)

    assert [a.name for a in services.accounts.list()] == ["Globex"]
    assert services.objectives.count() == 0 and services.actions.count() == 1
    assert services.accounts.list(include_deleted=True, limit=10)  # still in the store
    with pytest.raises(NotFound):
        services.accounts.get(acme.id)
    with pytest.raises(NotFound):
        services.accounts.update(acme.id, {"name": "Zombie"})

    services.accounts.restore(acme.id)
    assert services.accounts.count() == 2
    assert services.objectives.count() == 1 and services.actions.count() == 2
    assert services.contacts.count() == 0  # Ann was deleted earlier, separately


def test_list_is_limited_offset_and_filtered(services: Services) -> None:
    acme = services.accounts.create({"name": "Acme"})
    for day in range(1, 31):
        services.actions.create({"account_id": acme.id, "title": f"Step {day}",
                                 "deadline": date(2026, 12, day)})
    page = services.actions.list(col(ActionItem.deadline) >= date(2026, 12, 10),
                                 order_by=[col(ActionItem.deadline)], limit=5, offset=2)
    assert [a.title for a in page] == ["Step 12", "Step 13", "Step 14", "Step 15", "Step 16"]
    assert services.actions.count(col(ActionItem.deadline) < date(2026, 12, 10)) == 9


def test_account_by_name_is_case_blind_and_suggests(services: Services) -> None:
    services.accounts.create({"name": "Nordwind Logistics"})
    services.accounts.create({"name": "Nordic Foods"})
    assert services.get_account("nordwind logistics").name == "Nordwind Logistics"
    with pytest.raises(NotFound, match="Did you mean: .*Nordic Foods"):
        services.get_account("Nordwnd")


def test_foreign_keys_are_enforced_by_sqlite_too(store) -> None:  # noqa: ANN001
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), store.transaction() as session:
        session.add(ActionItem(account_id="missing", title="x"))
