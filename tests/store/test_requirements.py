"""The requirements log query: newest asked first (the same day, the one entered last
first), limited in SQL, deleted entries and other accounts left out, the asker's name
kept after they are deleted."""

from datetime import date, timedelta

import pytest

from kamtui.domain.enums import RequirementStatus
from kamtui.errors import NotFound
from kamtui.store import Store
from kamtui.store.contacts import delete_contact
from kamtui.store.records import delete_record
from kamtui.store.repos import Services
from kamtui.store.requirements_view import account_requirements

DAY = date(2026, 11, 22)


def test_newest_first_limited_and_live_only(store: Store, services: Services) -> None:
    acme = services.accounts.create({"name": "Acme"})
    other = services.accounts.create({"name": "Other"})
    ann = services.contacts.create({"account_id": acme.id, "name": "Ann"})

    def ask(account_id: str, days_ago: int, text: str, **more: object) -> str:
        return services.requirements.create({
            "account_id": account_id, "asked_on": DAY - timedelta(days=days_ago),
            "asked": text, **more}).id

    old = ask(acme.id, 30, "Old ask", proposed="A pilot", proposed_on=DAY - timedelta(20),
              status=RequirementStatus.agreed, contact_id=ann.id)
    first = ask(acme.id, 2, "Same day, entered first")
    second = ask(acme.id, 2, "Same day, entered second")
    newest = ask(acme.id, 0, "Newest")
    gone = ask(acme.id, 1, "Deleted")
    ask(other.id, 0, "Another account's")
    delete_record(services, "requirements", gone)

    rows = account_requirements(store, acme.id)
    assert [r.id for r in rows] == [newest, second, first, old]
    assert [r.id for r in account_requirements(store, acme.id, limit=2)] == [newest, second]
    last = rows[-1]
    assert (last.asked, last.asked_by, last.proposed, last.proposed_on, last.status) == (
        "Old ask", "Ann", "A pilot", DAY - timedelta(20), RequirementStatus.agreed)
    assert rows[0].asked_by == "" and rows[0].proposed_on is None
    delete_contact(services, ann.id)  # history: the log still says who asked
    assert account_requirements(store, acme.id)[-1].asked_by == "Ann"


def test_a_missing_or_deleted_account_is_not_found(store: Store, services: Services) -> None:
    acme = services.accounts.create({"name": "Acme"})
    delete_record(services, "accounts", acme.id)
    with pytest.raises(NotFound):
        account_requirements(store, acme.id)
    with pytest.raises(NotFound):
        account_requirements(store, "nope")
