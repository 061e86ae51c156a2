"""The action item lifecycle: every step is one transaction, bad input changes nothing, and
every step's Change undoes exactly (full row dumps compared)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from helpers import dump

from kamtui.demo import build_demo
from kamtui.domain import TABLES, ActionItem, Contact, Interaction
from kamtui.domain.enums import (
    ActionStatus,
    InteractionKind,
    OwnerKind,
    RecurrenceBasis,
    RecurrenceUnit,
)
from kamtui.errors import InvalidInput, KamError, NotFound, StoreError
from kamtui.store import Store
from kamtui.store import actions as act
from kamtui.store.changes import Change, undo
from kamtui.store.people import ME, Owner
from kamtui.store.repos import Services

TODAY = date(2026, 11, 22)


@dataclass
class World:
    acme: str
    globex: str
    ann: str  # contact at Acme
    gus: str  # contact at Globex
    tom: str  # team member
    item: str  # an open action at Acme, due in 3 days
    monthly: str  # a repeating action (every month, counted from the deadline), overdue


@pytest.fixture
def world(services: Services) -> World:
    acme = services.accounts.create({"name": "Acme"}).id
    globex = services.accounts.create({"name": "Globex"}).id
    ann = services.contacts.create({"account_id": acme, "name": "Ann Lee",
                                    "last_contacted": date(2026, 11, 1)}).id
    gus = services.contacts.create({"account_id": globex, "name": "Gus Fring"}).id
    tom = services.team.create({"name": "Tom Berg", "skills": ["sla"]}).id
    item = services.actions.create({"account_id": acme, "title": "Send QBR deck",
                                    "deadline": TODAY + timedelta(days=3)}).id
    monthly = services.actions.create({
        "account_id": acme, "title": "Monthly report", "deadline": date(2026, 10, 31),
        "owner_kind": "customer", "owner_contact_id": ann, "priority": "high",
        "success_measure": "sent", "notes": "PDF", "recurrence_every": 1,
        "recurrence_unit": "months"}).id
    return World(acme, globex, ann, gus, tom, item, monthly)


def assert_restored(before: dict, after: dict) -> None:
    for key, row in before.items():
        assert after[key] == row, key
    for key in after.keys() - before.keys():
        assert after[key]["deleted_at"] is not None, key  # created by the step: gone again


Step = Callable[[Services, World], Change]
STEPS: dict[str, Step] = {
    "add": lambda s, w: act.add_action(s, {"account_id": w.acme, "title": "Call Ann"})[1],
    "edit": lambda s, w: act.edit_action(s, w.item, {"title": "Send the QBR deck",
                                                     "priority": "high"}),
    "complete": lambda s, w: act.complete_action(s, w.item, TODAY)[0],
    "complete recurring": lambda s, w: act.complete_action(s, w.monthly, TODAY)[0],
    "set_status": lambda s, w: act.set_status(s, w.item, ActionStatus.waiting),
    "snooze": lambda s, w: act.snooze_action(s, w.item, TODAY + timedelta(days=9), TODAY),
    "reassign": lambda s, w: act.reassign_action(
        s, w.item, Owner(OwnerKind.team, team_member_id=w.tom, name="Tom Berg")),
    "delete": lambda s, w: act.delete_action(s, w.item),
    "log_touchpoint": lambda s, w: act.log_touchpoint(s, w.ann, on=TODAY, today=TODAY),
}


@pytest.mark.parametrize("kind", STEPS)
def test_every_step_undoes_exactly(kind: str, store: Store, services: Services,
                                   world: World) -> None:
    before = dump(store)
    change = STEPS[kind](services, world)
    changed = dump(store)
    assert changed != before and change.description.endswith(".")
    assert {(r.table, r.id) for r in change.rows} == {
        key for key in changed if changed[key] != before.get(key)}
    assert undo(store, change) == f"Undone: {change.description}"
    assert_restored(before, dump(store))


@pytest.mark.parametrize("kind", STEPS)
def test_undo_refuses_after_a_later_change(kind: str, store: Store, services: Services,
                                           world: World) -> None:
    change = STEPS[kind](services, world)
    row = change.rows[-1]
    model = next(m for m in TABLES if m.__tablename__ == row.table)
    with store.transaction() as session:  # someone else touches the row afterwards
        found = session.get(model, row.id)
        found.updated_at = found.updated_at + timedelta(seconds=1)
        session.add(found)
    before = dump(store)
    with pytest.raises(StoreError, match="was changed since .*undo would overwrite"):
        undo(store, change)
    assert dump(store) == before


def test_add_returns_the_item(services: Services, world: World) -> None:
    item, change = act.add_action(services, {"account_id": world.acme, "title": "Call Ann",
                                             "deadline": TODAY})
    assert services.actions.get(item.id).title == "Call Ann"
    assert change.description == "Added 'Call Ann', due 2026-11-22."
    assert change.rows[0].before is None


def test_edit_names_the_fields(services: Services, world: World) -> None:
    change = act.edit_action(services, world.item, {"priority": "high", "notes": "x"})
    assert change.description == "Edited 'Send QBR deck' (priority, notes)."
    change = act.edit_action(services, world.item, {"owner_kind": "team",
                                                    "owner_team_member_id": world.tom})
    assert change.description == "Edited 'Send QBR deck' (owner)."
    assert act.edit_action(services, world.item, {}).description == (
        "Edited 'Send QBR deck' (nothing changed).")


def test_complete_plain_item(services: Services, world: World) -> None:
    change, nxt = act.complete_action(services, world.item, TODAY)
    done = services.actions.get(world.item)
    assert nxt is None and done.status == ActionStatus.done and done.completed_at is not None
    assert change.description == "Marked 'Send QBR deck' done."


def test_complete_recurring_creates_the_next_one(services: Services, world: World) -> None:
    change, nxt = act.complete_action(services, world.monthly, TODAY)
    old = services.actions.get(world.monthly)
    assert old.status == ActionStatus.done
    # Due 2026-10-31, monthly: Nov 30 is the first step after today (Nov 22).
    assert nxt is not None and nxt.deadline == date(2026, 11, 30)
    assert change.description == "Marked 'Monthly report' done; next one due 2026-11-30."
    stored = services.actions.get(nxt.id)
    assert stored.status == ActionStatus.open and stored.completed_at is None
    for name in act._COPIED:
        assert getattr(stored, name) == getattr(old, name), name
    undo(services.store, change)
    with pytest.raises(NotFound):
        services.actions.get(nxt.id)
    assert services.actions.get(world.monthly).status == ActionStatus.open


def test_complete_recurring_whose_owner_was_deleted(services: Services, world: World) -> None:
    services.contacts.delete(world.ann)
    change, nxt = act.complete_action(services, world.monthly, TODAY)
    assert nxt.owner_kind == OwnerKind.me and nxt.owner_contact_id is None
    assert "owner is now me: Ann Lee was deleted" in change.description


@pytest.mark.parametrize(("deadline", "every", "unit", "basis", "expected"), [
    (date(2026, 10, 31), 1, "months", "deadline", date(2026, 11, 30)),
    (date(2026, 1, 31), 1, "months", "deadline", date(2026, 11, 30)),  # no month-end drift
    (date(2025, 12, 31), 2, "months", "deadline", date(2026, 12, 31)),
    (date(2026, 11, 1), 10, "days", "deadline", date(2026, 12, 1)),
    (date(2016, 11, 21), 1, "days", "deadline", date(2026, 11, 23)),
    (date(2026, 12, 5), 1, "weeks", "deadline", date(2026, 12, 12)),
    (date(2026, 11, 15), 1, "weeks", "deadline", date(2026, 11, 29)),
    (date(2026, 11, 22), 1, "weeks", "deadline", date(2026, 11, 29)),
    (date(2026, 9, 1), 2, "weeks", "completion", date(2026, 12, 6)),
    (date(2026, 12, 24), 1, "months", "completion", date(2026, 12, 22)),
])
def test_next_deadline(deadline: date, every: int, unit: str, basis: str,
                       expected: date) -> None:
    item = ActionItem(account_id="a", title="t", deadline=deadline, recurrence_every=every,
                      recurrence_unit=RecurrenceUnit(unit),
                      recurrence_basis=RecurrenceBasis(basis))
    assert act.next_deadline(item, TODAY) == expected


def test_one_day_later() -> None:
    assert act.one_day_later(TODAY - timedelta(days=10), TODAY) == TODAY + timedelta(days=1)
    assert act.one_day_later(None, TODAY) == TODAY + timedelta(days=1)
    assert act.one_day_later(TODAY + timedelta(days=4), TODAY) == TODAY + timedelta(days=5)


def test_status_snooze_reassign_delete(services: Services, world: World) -> None:
    act.set_status(services, world.item, ActionStatus.waiting)
    assert services.actions.get(world.item).status == ActionStatus.waiting
    change = act.snooze_action(services, world.item, TODAY, TODAY)  # today is allowed
    assert services.actions.get(world.item).deadline == TODAY
    assert change.description == "Snoozed 'Send QBR deck' to 2026-11-22 (was 2026-11-25)."
    change = act.reassign_action(services, world.item,
                                 Owner(OwnerKind.customer, contact_id=world.ann))
    assert change.description == "Reassigned 'Send QBR deck' to Ann Lee."
    assert services.actions.get(world.item).owner_contact_id == world.ann
    act.reassign_action(services, world.item, ME)
    assert services.actions.get(world.item).owner_kind == OwnerKind.me
    act.complete_action(services, world.item, TODAY)
    assert act.set_status(services, world.item, ActionStatus.open).description == (
        "Reopened 'Send QBR deck'.")
    assert services.actions.get(world.item).completed_at is None
    act.delete_action(services, world.item)
    assert services.actions.count() == 1
    assert services.actions.list(include_deleted=True, limit=5)


def test_log_touchpoint(store: Store, services: Services, world: World) -> None:
    change = act.log_touchpoint(services, world.ann, on=TODAY - timedelta(days=1), today=TODAY,
                                kind=InteractionKind.meeting, note="Lunch")
    assert change.description == "Logged a meeting with Ann Lee on 2026-11-21."
    [talk] = services.interactions.list()
    assert (talk.account_id, talk.summary, talk.kind) == (world.acme, "Lunch", "meeting")
    assert services.interaction_contacts.list()[0].contact_id == world.ann
    assert services.contacts.get(world.ann).last_contacted == TODAY - timedelta(days=1)
    # An earlier touchpoint is recorded but does not move last_contacted back.
    change = act.log_touchpoint(services, world.ann, on=date(2026, 10, 1), today=TODAY)
    assert {r.table for r in change.rows} == {"interaction", "interaction_contact"}
    assert services.contacts.get(world.ann).last_contacted == TODAY - timedelta(days=1)
    assert services.interactions.count(Interaction.summary == "Touchpoint with Ann Lee") == 1
    assert services.contacts.count(Contact.last_contacted == TODAY - timedelta(days=1)) == 1


MISSING = "00000000-0000-4000-8000-000000000000"
Bad = Callable[[Services, World], object]


def _done_first(s: Services, w: World) -> None:
    act.complete_action(s, w.item, TODAY)


# name, what happens first (or None), the refused step, the error, words of its sentence
BAD: list[tuple[str, Bad | None, Bad, type[KamError], str]] = [
    ("empty title", None, lambda s, w: act.add_action(s, {"account_id": w.acme, "title": " "}),
     InvalidInput, "Title must not be empty."),
    ("unknown owner", None, lambda s, w: act.add_action(s, {
        "account_id": w.acme, "title": "x", "owner_kind": "team",
        "owner_team_member_id": MISSING}), InvalidInput,
     "Owner (team member): there is no such team member"),
    ("owner at another account", None, lambda s, w: act.reassign_action(
        s, w.item, Owner(OwnerKind.customer, contact_id=w.gus)), InvalidInput,
     "Owner: that contact works at another account."),
    ("same owner", None, lambda s, w: act.reassign_action(s, w.item, ME), InvalidInput,
     "'Send QBR deck' is already owned by me."),
    ("bad edit", None, lambda s, w: act.edit_action(s, w.item, {"priority": "urgent"}),
     InvalidInput, "Priority must be one of: high, medium, low"),
    ("snooze into the past", None, lambda s, w: act.snooze_action(
        s, w.item, TODAY - timedelta(days=1), TODAY), InvalidInput,
     "Snooze until: 2026-11-21 is in the past; pick today (2026-11-22) or a later day."),
    ("snooze a done item", _done_first, lambda s, w: act.snooze_action(s, w.item, TODAY, TODAY),
     InvalidInput, "'Send QBR deck' is done; only open or waiting items can be snoozed"),
    ("complete a done item", _done_first, lambda s, w: act.complete_action(s, w.item, TODAY),
     InvalidInput, "'Send QBR deck' is already done; set its status to open first"),
    ("status done", None, lambda s, w: act.set_status(s, w.item, ActionStatus.done),
     InvalidInput, "To mark 'Send QBR deck' done, complete it"),
    ("same status", None, lambda s, w: act.set_status(s, w.item, ActionStatus.open),
     InvalidInput, "'Send QBR deck' is already open."),
    ("future touchpoint", None, lambda s, w: act.log_touchpoint(
        s, w.ann, on=TODAY + timedelta(days=1), today=TODAY), InvalidInput,
     "Touchpoint date: 2026-11-23 is in the future"),
    ("missing edit", None, lambda s, w: act.edit_action(s, MISSING, {"title": "x"}), NotFound,
     f"There is no action item with id {MISSING}."),
    ("missing complete", None, lambda s, w: act.complete_action(s, MISSING, TODAY), NotFound,
     "There is no action item"),
    ("missing status", None, lambda s, w: act.set_status(s, MISSING, ActionStatus.waiting),
     NotFound, "There is no action item"),
    ("missing snooze", None, lambda s, w: act.snooze_action(s, MISSING, TODAY, TODAY),
     NotFound, "There is no action item"),
    ("missing reassign", None, lambda s, w: act.reassign_action(s, MISSING, ME), NotFound,
     "There is no action item"),
    ("missing delete", None, lambda s, w: act.delete_action(s, MISSING), NotFound,
     "There is no action item"),
    ("missing contact", None, lambda s, w: act.log_touchpoint(s, MISSING, on=TODAY,
                                                              today=TODAY),
     NotFound, f"There is no contact with id {MISSING}."),
]


@pytest.mark.parametrize(("name", "first", "step", "error", "says"), BAD,
                         ids=[b[0] for b in BAD])
def test_bad_input_says_one_sentence_and_changes_nothing(
        name: str, first: Bad | None, step: Bad, error: type[KamError], says: str,
        store: Store, services: Services, world: World) -> None:
    if first is not None:
        first(services, world)
    before = dump(store)
    with pytest.raises(error) as caught:
        step(services, world)
    message = str(caught.value)
    assert says in message
    assert message.endswith(".") and ". " not in message  # one sentence
    assert dump(store) == before


def test_on_the_demo_portfolio(store: Store, services: Services) -> None:
    build_demo(store, TODAY)
    overdue = services.actions.list(ActionItem.deadline < TODAY,
                                    ActionItem.status == ActionStatus.open, limit=1)[0]
    before = dump(store)
    change = act.snooze_action(services, overdue.id, act.one_day_later(overdue.deadline,
                                                                       TODAY), TODAY)
    assert services.actions.get(overdue.id).deadline == TODAY + timedelta(days=1)
    undo(store, change)
    assert_restored(before, dump(store))
