"""create_record / edit_record / delete_record: one transaction each, and undo puts every
row back exactly (timestamps and soft delete included), cascades too."""

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

from kamtui.demo import build_demo
from kamtui.domain import Account, Contact
from kamtui.errors import InvalidInput
from kamtui.store import Store
from kamtui.store.changes import undo
from kamtui.store.records import create_record, delete_record, edit_record
from kamtui.store.repos import Services

TODAY = date(2026, 11, 22)


def everything(store: Store) -> dict[str, list[dict]]:
    """Every row of every table, as stored."""
    with store.read() as session:
        return {name: sorted((dict(r) for r in session.execute(select(table)).mappings()),
                             key=lambda r: str(r.get("id", r)))
                for name, table in SQLModel.metadata.tables.items()
                if "id" in table.c}


def test_create_then_undo(store: Store, services: Services) -> None:
    row, change = create_record(services, "accounts", {"name": "Acme", "annual_revenue": 5})
    assert services.accounts.get(row.id).annual_revenue == 5
    assert "Added the account 'Acme'" in change.description
    contact, added = create_record(services, "contacts",
                                   {"account_id": row.id, "name": "Ann", "strength": 4})
    assert services.contacts.get(contact.id).strength == 4
    undo(store, added)
    assert services.contacts.count() == 0
    undo(store, change)
    assert services.accounts.count() == 0


def test_create_refused_stores_nothing(store: Store, services: Services) -> None:
    before = everything(store)
    with pytest.raises(InvalidInput) as err:
        create_record(services, "accounts", {"name": " ", "annual_revenue": -1})
    assert err.value.messages == ["Name must not be empty.",
                                  "Annual revenue must be at least 0 (got -1)."]
    assert everything(store) == before


def test_edit_then_undo_restores_the_full_row(store: Store, services: Services) -> None:
    acme = services.accounts.create({"name": "Acme", "pains": "slow"})
    before = everything(store)
    change = edit_record(services, "accounts", acme.id, {"pains": "slower", "tier": "key"})
    assert "(tier, challenges and pain points)" in change.description
    got = services.accounts.get(acme.id)
    assert (got.pains, got.tier) == ("slower", "key")
    undo(store, change)
    assert everything(store) == before


def test_edit_refused_changes_nothing(store: Store, services: Services) -> None:
    acme = services.accounts.create({"name": "Acme"})
    before = everything(store)
    with pytest.raises(InvalidInput, match="Margin"):
        edit_record(services, "accounts", acme.id, {"margin_pct": 300})
    assert everything(store) == before


def test_delete_account_cascades_and_undo_brings_all_back(store: Store,
                                                          services: Services) -> None:
    build_demo(store, TODAY)
    lumera = services.accounts.by_name("Lumera Foods")
    contacts = services.contacts.count(Contact.account_id == lumera.id)
    assert contacts
    before = everything(store)
    change = delete_record(services, "accounts", lumera.id)
    assert change.description.startswith("Deleted the account 'Lumera Foods' and ")
    assert services.accounts.count(Account.id == lumera.id) == 0
    assert services.contacts.count(Contact.account_id == lumera.id) == 0
    assert len(change.rows) > contacts
    undo(store, change)
    assert everything(store) == before


def test_delete_keeps_earlier_deleted_children_deleted(store: Store,
                                                       services: Services) -> None:
    acme = services.accounts.create({"name": "Acme"})
    gone = services.contacts.create({"account_id": acme.id, "name": "Gone"})
    services.contacts.delete(gone.id)
    services.contacts.create({"account_id": acme.id, "name": "Here"})
    before = everything(store)
    change = delete_record(services, "accounts", acme.id)
    assert len(change.rows) == 2  # the account and the live contact only
    undo(store, change)
    assert everything(store) == before


def test_unknown_repo_is_refused(services: Services) -> None:
    with pytest.raises(ValueError):
        create_record(services, "store", {})
