"""delete_contact: the org chart stays whole (their reports move up to their boss, or to
nobody), their open work comes back to me, history keeps their name, and undo puts every
row back exactly."""

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

from kamtui.domain import ActionItem, Contact
from kamtui.domain.enums import ActionStatus, OwnerKind
from kamtui.errors import NotFound
from kamtui.store import Store
from kamtui.store.changes import undo
from kamtui.store.contacts import delete_contact
from kamtui.store.repos import Services
from kamtui.store.xray import org_chart


def everything(store: Store) -> dict[str, list[dict]]:
    """Every row of every table, as stored."""
    with store.read() as session:
        return {name: sorted((dict(r) for r in session.execute(select(table)).mappings()),
                             key=lambda r: str(r.get("id", r)))
                for name, table in SQLModel.metadata.tables.items() if "id" in table.c}


def chart(store: Store, account_id: str) -> list[tuple[int, str]]:
    return [(depth, node.contact.name) for root in org_chart(store, account_id)
            for depth, node in root.walk()]


@pytest.fixture
def acme(services: Services) -> dict[str, str]:
    """Ada runs Acme; Bo reports to Ada; Cy and Di report to Bo; Ed reports to Di."""
    account = services.accounts.create({"name": "Acme"})
    ids = {"account": account.id}
    for name, boss in (("Ada", None), ("Bo", "Ada"), ("Cy", "Bo"), ("Di", "Bo"),
                       ("Ed", "Di")):
        ids[name] = services.contacts.create({
            "account_id": account.id, "name": name,
            "reports_to_id": ids[boss] if boss else None}).id
    return ids


def test_reports_move_up_to_the_boss_and_undo_restores_all(
        store: Store, services: Services, acme: dict[str, str]) -> None:
    before = everything(store)
    change = delete_contact(services, acme["Bo"])
    assert change.description == ("Deleted the contact 'Bo'; Cy, Di now report to Ada.")
    assert chart(store, acme["account"]) == [(0, "Ada"), (1, "Cy"), (1, "Di"), (2, "Ed")]
    assert services.contacts.get(acme["Ed"]).reports_to_id == acme["Di"]  # untouched
    assert {(r.table, r.id) for r in change.rows} == {
        ("contact", acme["Bo"]), ("contact", acme["Cy"]), ("contact", acme["Di"])}
    undo(store, change)
    assert everything(store) == before
    assert chart(store, acme["account"])[:2] == [(0, "Ada"), (1, "Bo")]


def test_reports_of_the_top_person_become_roots(
        store: Store, services: Services, acme: dict[str, str]) -> None:
    change = delete_contact(services, acme["Ada"])
    assert change.description == "Deleted the contact 'Ada'; Bo now reports to nobody."
    assert chart(store, acme["account"]) == [(0, "Bo"), (1, "Cy"), (1, "Di"), (2, "Ed")]
    with pytest.raises(NotFound):
        services.contacts.get(acme["Ada"])


def test_open_work_comes_back_to_me_and_history_keeps_them(
        services: Services, acme: dict[str, str]) -> None:
    owned = {"owner_kind": OwnerKind.customer, "owner_contact_id": acme["Ed"],
             "account_id": acme["account"]}
    waiting = services.actions.create({**owned, "title": "Send the volumes",
                                       "status": ActionStatus.waiting})
    done = services.actions.create({**owned, "title": "Sign the NDA",
                                    "status": ActionStatus.done})
    asked = services.requirements.create({
        "account_id": acme["account"], "asked_on": date(2026, 11, 1),
        "asked": "EDI with their warehouse", "contact_id": acme["Ed"]})
    change = delete_contact(services, acme["Ed"])
    assert change.description == ("Deleted the contact 'Ed'; 1 open action item is now "
                                  "mine.")
    now = services.actions.get(waiting.id)
    assert (now.owner_kind, now.owner_contact_id, now.status) == (
        OwnerKind.me, None, ActionStatus.waiting)
    # Done work and requirements are history: they still name who it was.
    assert services.actions.get(done.id).owner_contact_id == acme["Ed"]
    assert services.requirements.get(asked.id).contact_id == acme["Ed"]
    assert services.actions.count(ActionItem.owner_contact_id == acme["Ed"]) == 1
    # The open item can still be edited (an owner who was deleted would be refused).
    assert services.actions.update(waiting.id, {"title": "Send Q1 volumes"}).title == (
        "Send Q1 volumes")
    assert services.contacts.count(Contact.id == acme["Ed"]) == 0


def test_undo_brings_back_the_owner(store: Store, services: Services,
                                    acme: dict[str, str]) -> None:
    item = services.actions.create({"account_id": acme["account"], "title": "Volumes",
                                    "owner_kind": OwnerKind.customer,
                                    "owner_contact_id": acme["Di"]})
    before = everything(store)
    change = delete_contact(services, acme["Di"])
    assert change.description == ("Deleted the contact 'Di'; Ed now reports to Bo; "
                                  "1 open action item is now mine.")
    assert services.contacts.get(acme["Ed"]).reports_to_id == acme["Bo"]
    undo(store, change)
    assert everything(store) == before
    assert services.actions.get(item.id).owner_contact_id == acme["Di"]


def test_a_deleted_or_missing_contact_is_not_found(services: Services,
                                                   acme: dict[str, str]) -> None:
    delete_contact(services, acme["Cy"])
    with pytest.raises(NotFound, match="no contact"):
        delete_contact(services, acme["Cy"])
    with pytest.raises(NotFound):
        delete_contact(services, "nobody")
