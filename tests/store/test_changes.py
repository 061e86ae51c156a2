"""Recorder and undo on their own: exact values back (timestamps, soft delete and JSON
included), created rows soft-deleted, and a refusal that changes nothing when a row moved on."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from kamtui.domain import Account, TeamMember
from kamtui.errors import StoreError
from kamtui.store import Store
from kamtui.store.changes import Change, Recorder, RowChange, undo
from kamtui.store.repos import Services

STAMP = datetime(2026, 11, 22, 8, tzinfo=UTC)


def raw(store: Store, model: type, id: str) -> dict:
    with store.read() as session:
        table = model.__table__
        return dict(session.execute(select(table).where(table.c.id == id)).mappings().one())


def test_recorder_notes_rows_before_and_created(store: Store, services: Services) -> None:
    tom = services.team.create({"name": "Tom", "skills": ["sla", "api"]})
    first = raw(store, TeamMember, tom.id)
    with store.transaction() as session:
        rec = Recorder(session)
        rec.before(TeamMember, tom.id)
        services.team.update(tom.id, {"skills": ["sla"]})
        rec.before(TeamMember, tom.id)  # the first snapshot stays
        services.team.update(tom.id, {"role": "Lead"})
        acme = services.accounts.create({"name": "Acme"})
        rec.created(acme)
        change = rec.change("Did two things.")
    assert change.description == "Did two things."
    assert [(r.table, r.id) for r in change.rows] == [("team_member", tom.id),
                                                      ("account", acme.id)]
    assert change.rows[0].before == first and change.rows[1].before is None
    for row, model in zip(change.rows, (TeamMember, Account), strict=True):
        assert row.after_updated_at.tzinfo == UTC
        assert row.after_updated_at == raw(store, model, row.id)["updated_at"].replace(
            tzinfo=UTC)


def test_undo_puts_back_exact_values_and_soft_deletes_created_rows(
        store: Store, services: Services) -> None:
    tom = services.team.create({"name": "Tom", "skills": ["sla", "api"]})
    old = services.accounts.create({"name": "Old"})
    services.accounts.delete(old.id)
    tom_before, old_before = raw(store, TeamMember, tom.id), raw(store, Account, old.id)
    with store.transaction() as session:
        rec = Recorder(session)
        rec.before(TeamMember, tom.id)
        rec.before(Account, old.id)
        services.team.update(tom.id, {"name": "Thomas", "skills": []})
        services.accounts.restore(old.id)
        rec.created(services.accounts.create({"name": "New"}))
        change = rec.change("Renamed Tom, brought back Old and added New.")
    assert undo(store, change) == "Undone: Renamed Tom, brought back Old and added New."
    assert raw(store, TeamMember, tom.id) == tom_before
    assert raw(store, Account, old.id) == old_before  # deleted again, same stamp
    assert [a.name for a in services.accounts.list()] == []
    new = raw(store, Account, change.rows[-1].id)
    assert new["deleted_at"] is not None and new["updated_at"] == new["deleted_at"]


def _renamed(store: Store, services: Services) -> tuple[str, Change]:
    acme = services.accounts.create({"name": "Acme"}).id
    with store.transaction() as session:
        rec = Recorder(session)
        rec.before(Account, acme)
        services.accounts.update(acme, {"name": "Acme Corp"})
        return acme, rec.change("Renamed Acme to Acme Corp.")


def test_undo_refuses_a_row_changed_since(store: Store, services: Services) -> None:
    acme, change = _renamed(store, services)
    services.accounts.update(acme, {"industry": "Retail"})
    later = raw(store, Account, acme)
    with pytest.raises(StoreError) as caught:
        undo(store, change)
    message = str(caught.value)
    assert message.startswith("The account 'Acme Corp' was changed since (last saved ")
    assert message.endswith(" UTC); undo would overwrite that change.")
    assert raw(store, Account, acme) == later


def test_undo_refuses_when_any_row_moved_and_changes_none(store: Store,
                                                          services: Services) -> None:
    acme = services.accounts.create({"name": "Acme"}).id
    globex = services.accounts.create({"name": "Globex"}).id
    with store.transaction() as session:
        rec = Recorder(session)
        for id in (acme, globex):
            rec.before(Account, id)
            services.accounts.update(id, {"tier": "key"})
        change = rec.change("Made two key accounts.")
    services.accounts.delete(globex)
    rows = raw(store, Account, acme), raw(store, Account, globex)
    with pytest.raises(StoreError, match="The account 'Globex' was changed since"):
        undo(store, change)
    assert (raw(store, Account, acme), raw(store, Account, globex)) == rows


def test_undo_twice_is_refused(store: Store, services: Services) -> None:
    acme, change = _renamed(store, services)
    undo(store, change)
    undone = raw(store, Account, acme)
    with pytest.raises(StoreError, match=r"^That was already undone: Renamed Acme"):
        undo(store, change)
    assert raw(store, Account, acme) == undone


def test_undo_of_a_row_not_in_the_store(store: Store) -> None:
    change = Change("Added a ghost.", (RowChange("account", "nope", {"name": "Ghost"},
                                                 after_updated_at=STAMP),))
    with pytest.raises(StoreError, match="The account 'Ghost' is no longer in the store"):
        undo(store, change)

