"""The interaction log: logging one restarts the cadence of the people involved (forward
only) and may add a follow-up; bad input is refused whole; editing relinks; every step,
delete included, is undone exactly."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from helpers import dump

from kamtui.domain import ActionItem, Interaction, InteractionContact
from kamtui.domain.enums import InteractionKind, OwnerKind
from kamtui.errors import InvalidInput, NotFound
from kamtui.store.changes import undo
from kamtui.store.interactions import (
    FollowUp,
    account_people,
    edit_interaction,
    involved_ids,
    log_interaction,
)
from kamtui.store.people import resolve_owner
from kamtui.store.records import delete_record
from kamtui.store.repos import Services

TODAY = date(2026, 11, 22)


@dataclass
class World:
    acme: str
    globex: str
    ann: str  # Acme, last contacted 2026-11-01
    bob: str  # Acme, last contacted 2026-11-20 (later than the meeting below)
    cy: str  # Acme, never contacted
    gus: str  # Globex


@pytest.fixture
def world(services: Services) -> World:
    acme = services.accounts.create({"name": "Acme"}).id
    globex = services.accounts.create({"name": "Globex"}).id
    ann = services.contacts.create({"account_id": acme, "name": "Ann Lee",
                                    "last_contacted": date(2026, 11, 1)}).id
    bob = services.contacts.create({"account_id": acme, "name": "Bob Ray",
                                    "last_contacted": date(2026, 11, 20)}).id
    cy = services.contacts.create({"account_id": acme, "name": "Cy Young"}).id
    gus = services.contacts.create({"account_id": globex, "name": "Gus Fring"}).id
    return World(acme, globex, ann, bob, cy, gus)


def assert_restored(before: dict, after: dict) -> None:
    for key, row in before.items():
        assert after[key] == row, key
    for key in after.keys() - before.keys():
        assert after[key]["deleted_at"] is not None, key


def last(services: Services, contact_id: str) -> date | None:
    return services.contacts.get(contact_id).last_contacted


def log(services: Services, w: World, **kw: Any) -> tuple[Interaction, Any]:
    args = {"occurred_on": date(2026, 11, 18), "kind": InteractionKind.meeting,
            "summary": "QBR: they want faster SLAs", "contact_ids": [w.ann, w.bob, w.cy],
            "today": TODAY} | kw
    return log_interaction(services, w.acme, **args)


def test_log_links_people_and_moves_cadence_forward_only(services: Services,
                                                         world: World) -> None:
    talk, change = log(services, world)
    assert change.description == "Logged a meeting with Acme."
    stored = services.interactions.get(talk.id)
    assert (stored.occurred_on, stored.kind, stored.summary) == (
        date(2026, 11, 18), InteractionKind.meeting, "QBR: they want faster SLAs")
    assert sorted(involved_ids(services.store, talk.id)) == sorted(
        [world.ann, world.bob, world.cy])
    assert last(services, world.ann) == date(2026, 11, 18)  # moved up
    assert last(services, world.bob) == date(2026, 11, 20)  # later already: not moved back
    assert last(services, world.cy) == date(2026, 11, 18)  # never before
    assert services.actions.count() == 0  # no follow-up asked for


def test_an_email_reads_with_an(services: Services, world: World) -> None:
    _, change = log(services, world, kind="email", contact_ids=[])
    assert change.description == "Logged an email with Acme."


def test_follow_up_is_an_action_with_deadline_and_owner(services: Services,
                                                        world: World) -> None:
    due = TODAY + timedelta(days=7)
    _, change = log(services, world, follow_up=FollowUp("Send the SLA proposal", due))
    (item,) = services.actions.list()
    assert (item.account_id, item.title, item.deadline, item.owner_kind) == (
        world.acme, "Send the SLA proposal", due, OwnerKind.me)
    assert "2026-11-18" in item.notes and "meeting" in item.notes
    assert change.description == ("Logged a meeting with Acme; follow-up 'Send the SLA "
                                  "proposal' due 2026-11-29.")
    owner = resolve_owner(services, world.acme, "Ann")
    log(services, world, follow_up=FollowUp("Ann sends the forecast", None, owner))
    (theirs,) = services.actions.list(ActionItem.title == "Ann sends the forecast")
    assert (theirs.owner_kind, theirs.owner_contact_id, theirs.deadline) == (
        OwnerKind.customer, world.ann, None)


def test_refusals_change_nothing(services: Services, world: World) -> None:
    before = dump(services.store)
    with pytest.raises(InvalidInput) as err:
        log(services, world, occurred_on=TODAY + timedelta(days=1), summary="  ",
            contact_ids=[world.ann, world.gus],
            follow_up=FollowUp("", TODAY - timedelta(days=1)))
    said = err.value.messages
    assert len(said) == 5, said
    assert "Summary must not be empty." in said
    assert any(m.startswith("Date: 2026-11-23 is in the future") for m in said)
    assert "Contacts involved: Gus Fring works at another account." in said
    assert "Follow-up title must not be empty." in said
    assert any(m.startswith("Follow-up deadline: 2026-11-21 is in the past") for m in said)
    services.contacts.delete(world.cy)
    with pytest.raises(InvalidInput, match="may have been deleted"):
        log(services, world, contact_ids=[world.cy])
    with pytest.raises(NotFound):
        log_interaction(services, "nope", occurred_on=TODAY, kind="call", summary="x",
                        contact_ids=[], today=TODAY)
    after = dump(services.store)
    after.pop(("contact", world.cy))
    before.pop(("contact", world.cy))
    assert after == before


def test_today_is_allowed(services: Services, world: World) -> None:
    log(services, world, occurred_on=TODAY, contact_ids=[world.bob])
    assert last(services, world.bob) == TODAY


def test_undo_of_log_restores_cadence_and_removes_rows(services: Services,
                                                       world: World) -> None:
    before = dump(services.store)
    talk, change = log(services, world, follow_up=FollowUp("Call back", TODAY))
    undo(services.store, change)
    assert_restored(before, dump(services.store))
    assert last(services, world.ann) == date(2026, 11, 1)
    assert last(services, world.cy) is None
    assert services.interactions.count() == 0 and services.actions.count() == 0
    assert services.interaction_contacts.count() == 0


def test_edit_relinks_and_moves_cadence_of_new_people(services: Services,
                                                      world: World) -> None:
    talk, _ = log(services, world, occurred_on=date(2026, 11, 10), contact_ids=[world.ann])
    assert last(services, world.ann) == date(2026, 11, 10)
    before = dump(services.store)
    change = edit_interaction(services, talk.id, occurred_on=date(2026, 11, 5),
                              kind="call", summary="Call, not a meeting",
                              contact_ids=[world.cy], today=TODAY)
    assert change.description == "Edited the call with Acme on 2026-11-05."
    assert involved_ids(services.store, talk.id) == [world.cy]
    assert services.interactions.get(talk.id).summary == "Call, not a meeting"
    assert last(services, world.cy) == date(2026, 11, 5)  # newly involved
    assert last(services, world.ann) == date(2026, 11, 10)  # removed: never moved back
    assert services.interaction_contacts.count(
        InteractionContact.interaction_id == talk.id) == 1
    undo(services.store, change)
    assert_restored(before, dump(services.store))
    assert involved_ids(services.store, talk.id) == [world.ann]


def test_edit_to_a_later_day_moves_everyone_up(services: Services, world: World) -> None:
    talk, _ = log(services, world, occurred_on=date(2026, 11, 10), contact_ids=[world.ann])
    edit_interaction(services, talk.id, occurred_on=date(2026, 11, 21), kind="meeting",
                     summary="moved", contact_ids=[world.ann], today=TODAY)
    assert last(services, world.ann) == date(2026, 11, 21)
    assert involved_ids(services.store, talk.id) == [world.ann]  # the same link kept


def test_edit_refusals(services: Services, world: World) -> None:
    talk, _ = log(services, world, contact_ids=[world.ann])
    before = dump(services.store)
    with pytest.raises(InvalidInput) as err:
        edit_interaction(services, talk.id, occurred_on=TODAY + timedelta(days=3),
                         kind="chat", summary="x", contact_ids=[world.gus], today=TODAY)
    assert len(err.value.messages) == 3, err.value.messages
    assert dump(services.store) == before
    with pytest.raises(NotFound):
        edit_interaction(services, "nope", occurred_on=TODAY, kind="call", summary="x",
                         contact_ids=[], today=TODAY)


def test_delete_takes_the_links_and_undo_brings_them_back(services: Services,
                                                          world: World) -> None:
    talk, _ = log(services, world)
    before = dump(services.store)
    change = delete_record(services, "interactions", talk.id)
    assert services.interactions.count() == 0
    assert services.interaction_contacts.count() == 0
    undo(services.store, change)
    assert_restored(before, dump(services.store))
    assert len(involved_ids(services.store, talk.id)) == 3


def test_account_people_lists_live_contacts_by_name(services: Services,
                                                    world: World) -> None:
    services.contacts.delete(world.bob)
    assert [p.name for p in account_people(services.store, world.acme)] == [
        "Ann Lee", "Cy Young"]
