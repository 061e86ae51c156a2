"""Escalation plans and escalations: activate, advance, resolve and the plan's levels, each
one transaction whose Change undoes exactly; bad input changes nothing; the Today checklist
shows the open level's deadline."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from helpers import dump

from kamtui.domain import Escalation, EscalationEvent
from kamtui.domain.enums import AccountStatus, EscalationTrigger, OwnerKind
from kamtui.errors import InvalidInput
from kamtui.store import Store
from kamtui.store import escalation_plans as plans
from kamtui.store import escalations as esc
from kamtui.store.changes import Change, undo
from kamtui.store.escalation_view import escalation_plan_view, escalations, timeline
from kamtui.store.repos import Services
from kamtui.store.today import Section, checklist

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=30)


@dataclass
class World:
    acme: str  # active, with a two-level plan: Tom (72 h), then Ann (48 h)
    globex: str  # at risk, no plan
    ann: str
    gus: str  # contact at Globex
    tom: str
    plan: str
    level1: str
    level2: str
    escalation: str = ""  # the one advance and resolve act on


@pytest.fixture
def world(services: Services) -> World:
    acme = services.accounts.create({"name": "Acme", "tier": "key"}).id
    globex = services.accounts.create({"name": "Globex", "status": "at_risk"}).id
    ann = services.contacts.create({"account_id": acme, "name": "Ann Lee"}).id
    gus = services.contacts.create({"account_id": globex, "name": "Gus Fring"}).id
    tom = services.team.create({"name": "Tom Berg"}).id
    plan = services.escalation_plans.create({"account_id": acme, "triggers": ["complaint"],
                                             "crisis_plan": "Call the CEO."}).id
    level1 = services.escalation_levels.create({
        "plan_id": plan, "position": 1, "owner_kind": "team", "team_member_id": tom,
        "respond_within_hours": 72, "action": "Incident review"}).id
    level2 = services.escalation_levels.create({
        "plan_id": plan, "position": 2, "owner_kind": "customer", "contact_id": ann,
        "respond_within_hours": 48}).id
    return World(acme, globex, ann, gus, tom, plan, level1, level2)


def open_one(services: Services, world: World, **kw: Any) -> str:
    values = {"trigger": "complaint", "reason": "CFO letter", "status": "in_crisis", **kw}
    return esc.activate(services, world.acme, values["trigger"], values["reason"],
                        values["status"], NOW)[0].id


def events(services: Services, escalation_id: str) -> list[EscalationEvent]:
    return services.escalation_events.list(
        EscalationEvent.escalation_id == escalation_id,
        order_by=(EscalationEvent.at, EscalationEvent.created_at))


Step = Callable[[Services, World], Change]
STEPS: dict[str, Step] = {
    "activate": lambda s, w: esc.activate(s, w.acme, "complaint", "CFO letter", "in_crisis",
                                          NOW)[1],
    "advance": lambda s, w: esc.advance(s, w.escalation, "no answer", LATER),
    "resolve": lambda s, w: esc.resolve(s, w.escalation, "Credit note sent", LATER),
    "save plan": lambda s, w: plans.save_plan(s, w.acme, {"crisis_plan": "Fly out"}),
    "new plan": lambda s, w: plans.save_plan(s, w.globex, {"triggers": ["other"]}),
    "add level": lambda s, w: plans.add_level(s, w.globex, {"owner_kind": "me"})[1],
    "edit level": lambda s, w: plans.edit_level(s, w.level1, {"respond_within_hours": 12}),
    "delete level": lambda s, w: plans.delete_level(s, w.level1),
    "move level": lambda s, w: plans.move_level(s, w.level2, -1),
}


@pytest.mark.parametrize("kind", STEPS)
def test_every_step_undoes_exactly(kind: str, store: Store, services: Services,
                                   world: World) -> None:
    if kind in ("advance", "resolve"):  # the escalation they act on is opened first
        world.escalation = open_one(services, world)
    before = dump(store)
    change = STEPS[kind](services, world)
    after = dump(store)
    assert after != before and change.description.endswith(".")
    assert {(r.table, r.id) for r in change.rows} == {
        key for key in after if after[key] != before.get(key)}
    undo(store, change)
    restored = dump(store)
    for key, row in before.items():
        assert restored[key] == row, key
    for key in restored.keys() - before.keys():
        assert restored[key]["deleted_at"] is not None, key


def test_activate_opens_level_one_and_escalates_the_account(services: Services,
                                                            world: World) -> None:
    row, change = esc.activate(services, world.acme, "complaint", " CFO letter ",
                               "in_crisis", NOW)
    stored = services.escalations.get(row.id)
    assert stored.current_level == 1 and stored.plan_id == world.plan
    assert stored.reason == "CFO letter" and stored.status_before == AccountStatus.active
    assert plans.as_utc(stored.level_due_at) == NOW + timedelta(hours=72)
    assert services.accounts.get(world.acme).status == AccountStatus.in_crisis
    [event] = events(services, row.id)
    assert event.level == 1 and plans.as_utc(event.at) == NOW
    assert event.note == ("Opened (complaint): CFO letter Account status active → in crisis. "
                          "Level 1: Tom Berg to respond within 3 days (by 2026-11-25 09:00 UTC).")
    assert change.description == ("Escalated Acme (complaint); level 1 due "
                                  "2026-11-25 09:00 UTC.")


def test_activate_without_a_plan_gives_the_kam_a_day(services: Services,
                                                     world: World) -> None:
    row, _ = esc.activate(services, world.globex, EscalationTrigger.other, "Outage",
                          AccountStatus.at_risk, NOW)
    stored = services.escalations.get(row.id)
    assert stored.plan_id is None and stored.status_before == AccountStatus.at_risk
    assert plans.as_utc(stored.level_due_at) == NOW + timedelta(hours=24)
    assert "Level 1: me to respond within 1 day" in events(services, row.id)[0].note
    [item] = checklist(services.store, date(2026, 11, 22)).section(Section.escalations).items
    assert (item.owner, item.owner_kind, item.detail) == ("me", OwnerKind.me, "level 1")


@pytest.mark.parametrize(("trigger", "reason", "status", "said"), [
    ("complaint", "x", "active", "Status: an escalation makes the account at risk or in "
                                 "crisis; choose one of those."),
    ("complaint", "  ", "at_risk", "Why: say why the account is being escalated."),
    ("fire", "x", "at_risk", "Trigger: choose one of SLA breach, complaint, key contact "
                             "leaving, renewal at risk, other."),
])
def test_activate_refuses_bad_input(trigger: str, reason: str, status: str, said: str,
                                    store: Store, services: Services, world: World) -> None:
    before = dump(store)
    with pytest.raises(InvalidInput) as err:
        esc.activate(services, world.acme, trigger, reason, status, NOW)
    assert err.value.messages == [said]
    assert dump(store) == before


def test_activate_refuses_a_churned_account(services: Services, world: World) -> None:
    services.accounts.update(world.acme, {"status": "churned"})
    with pytest.raises(InvalidInput, match="Acme is churned; set its status back to active"):
        open_one(services, world)
    assert services.escalations.count() == 0


def test_checklist_shows_the_deadline_and_advancing_moves_it(services: Services,
                                                             world: World) -> None:
    row_id = open_one(services, world)

    def waiting() -> list:
        return checklist(services.store, date(2026, 11, 22)).section(Section.escalations).items

    [item] = waiting()
    assert item.id == row_id and item.account == "Acme" and item.owner == "Tom Berg"
    assert item.due_at == NOW + timedelta(hours=72) and item.due == date(2026, 11, 25)
    assert item.detail == "level 1 of 2"
    change = esc.advance(services, row_id, "Tom got no answer", LATER)
    [item] = waiting()
    assert item.due_at == LATER + timedelta(hours=48) and item.owner == "Ann Lee"
    assert item.detail == "level 2 of 2"
    assert change.description == "Advanced the escalation of Acme to level 2; due " \
                                 "2026-11-25 15:00 UTC."
    assert events(services, row_id)[-1].note == (
        "Advanced. Tom got no answer Level 2: Ann Lee to respond within 2 days "
        "(by 2026-11-25 15:00 UTC).")
    esc.resolve(services, row_id, "Fixed", LATER)
    assert waiting() == []


def test_advance_refuses_past_the_last_level(store: Store, services: Services,
                                             world: World) -> None:
    row_id = open_one(services, world)
    esc.advance(services, row_id, "", LATER)
    before = dump(store)
    with pytest.raises(InvalidInput) as err:
        esc.advance(services, row_id, "", LATER)
    assert err.value.messages == [
        "The escalation of Acme is at level 2 of 2; there is no level to advance to "
        "(resolve it, or add a level to the account's escalation plan)."]
    assert dump(store) == before


def test_resolve_restores_the_status_and_records_the_outcome(services: Services,
                                                             world: World) -> None:
    row_id = open_one(services, world)
    change = esc.resolve(services, row_id, " Credit note sent ", LATER)
    stored = services.escalations.get(row_id)
    assert plans.as_utc(stored.resolved_at) == LATER and stored.outcome == "Credit note sent"
    assert services.accounts.get(world.acme).status == AccountStatus.active
    assert events(services, row_id)[-1].note == (
        "Resolved: Credit note sent Account status in crisis → active.")
    assert change.description == ("Resolved the escalation of Acme. Account status in crisis "
                                  "→ active.")
    with pytest.raises(InvalidInput, match="was resolved on 2026-11-23; only an open one"):
        esc.resolve(services, row_id, "again", LATER)
    with pytest.raises(InvalidInput, match="only an open one"):
        esc.advance(services, row_id, "", LATER)


def test_resolve_needs_an_outcome(services: Services, world: World) -> None:
    row_id = open_one(services, world)
    with pytest.raises(InvalidInput, match="Outcome: say how the escalation was resolved."):
        esc.resolve(services, row_id, " ", LATER)
    assert services.escalations.get(row_id).resolved_at is None


def test_two_open_escalations_restore_the_first_status(services: Services,
                                                       world: World) -> None:
    first = open_one(services, world, status="at_risk")
    second = open_one(services, world, trigger="sla_breach", status="in_crisis")
    third = open_one(services, world, trigger="other", status="at_risk")
    assert services.escalations.get(second).status_before == AccountStatus.active
    # A later, milder escalation does not calm an account in crisis.
    assert services.accounts.get(world.acme).status == AccountStatus.in_crisis
    change = esc.resolve(services, first, "ok", LATER)
    assert "Account stays in crisis: 2 other escalations open." in change.description
    assert services.accounts.get(world.acme).status == AccountStatus.in_crisis
    esc.resolve(services, third, "ok", LATER)
    esc.resolve(services, second, "ok", LATER)
    assert services.accounts.get(world.acme).status == AccountStatus.active


def test_resolve_leaves_a_status_set_by_hand(services: Services, world: World) -> None:
    row_id = open_one(services, world)
    services.accounts.update(world.acme, {"status": "churned"})
    change = esc.resolve(services, row_id, "Lost them", LATER)
    assert change.description.endswith("Account status stays churned.")
    assert services.accounts.get(world.acme).status == AccountStatus.churned


def test_reads_list_open_first_and_the_timeline_in_order(services: Services,
                                                         world: World) -> None:
    done = open_one(services, world)
    esc.resolve(services, done, "ok", LATER)
    late = esc.activate(services, world.globex, "other", "x", "at_risk", NOW)[0].id
    soon = open_one(services, world)  # Tom: 72 h, Globex: 24 h
    assert [v.id for v in escalations(services.store)] == [late, soon]
    found = escalations(services.store, include_resolved=True)
    assert [v.id for v in found] == [late, soon, done]
    assert found[1].level_text == "level 1 of 2" and found[1].responder == "Tom Berg"
    assert found[0].level_text == "level 1" and not found[2].is_open
    assert [e.note.split(":")[0] for e in timeline(services.store, done)] == [
        "Opened (complaint)", "Resolved"]
    view = escalation_plan_view(services.store, world.acme)
    assert view.plan.id == world.plan and [lv.responder for lv in view.levels] == [
        "Tom Berg", "Ann Lee"]
    assert [v.id for v in view.escalations] == [soon, done]
    services.accounts.delete(world.globex)
    assert [v.id for v in escalations(services.store)] == [soon]


def test_plan_and_level_steps(services: Services, world: World) -> None:
    change = plans.save_plan(services, world.acme, {"triggers": ["complaint", "other"],
                                                    "crisis_plan": "Call the CEO."})
    assert change.description == "Edited the escalation plan of Acme (triggers)."
    with pytest.raises(InvalidInput, match="Triggers"):
        plans.save_plan(services, world.acme, {"triggers": ["fire"]})
    assert plans.save_plan(services, world.globex, {}).description == (
        "Wrote the escalation plan of Globex.")
    level, change = plans.add_level(services, world.acme, {
        "owner_kind": "me", "respond_within_hours": 4, "team_member_id": world.tom})
    assert (level.position, level.who, level.team_member_id) == (3, "me", None)
    assert change.description == "Added level 3 (me) to the escalation plan of Acme."
    with pytest.raises(InvalidInput, match="Who: that contact works at another account."):
        plans.add_level(services, world.acme, {"owner_kind": "customer",
                                               "contact_id": world.gus})
    with pytest.raises(InvalidInput, match="Each escalation level needs someone to respond."):
        plans.add_level(services, world.acme, {"owner_kind": "team"})
    plans.edit_level(services, world.level1, {"owner_kind": "customer", "contact_id": world.ann})
    edited = services.escalation_levels.get(world.level1)
    assert (edited.team_member_id, edited.contact_id) == (None, world.ann)
    plans.move_level(services, level.id, -1)
    order = [lv.id for lv in escalation_plan_view(services.store, world.acme).levels]
    assert order == [world.level1, level.id, world.level2]
    with pytest.raises(InvalidInput, match="Level 1 is already the first level."):
        plans.move_level(services, world.level1, -1)
    with pytest.raises(InvalidInput, match="Level 3 is already the last level."):
        plans.move_level(services, world.level2, 1)
    plans.delete_level(services, world.level1)
    shown = escalation_plan_view(services.store, world.acme).levels
    assert [(lv.id, lv.position) for lv in shown] == [(level.id, 1), (world.level2, 2)]


@pytest.mark.parametrize(("text", "hours"), [("36", 36), ("36h", 36), ("3d", 72),
                                             ("2 days", 48), ("1w", 168), (" 4 hours ", 4)])
def test_parse_within(text: str, hours: int) -> None:
    assert plans.parse_within(text) == hours


@pytest.mark.parametrize(("text", "said"), [
    ("soon", "Respond within: 'soon' is not a time; give hours or days, like 24h, 36 or 3d."),
    ("0h", "Respond within: give between 1 hour and 90 days."),
    ("91d", "Respond within: give between 1 hour and 90 days."),
])
def test_parse_within_refuses(text: str, said: str) -> None:
    with pytest.raises(InvalidInput) as err:
        plans.parse_within(text)
    assert err.value.messages == [said]


def test_within_words() -> None:
    assert [plans.within_words(h) for h in (1, 36, 24, 72)] == ["1 h", "36 h", "1 day",
                                                                 "3 days"]


def test_escalation_now_is_noon_of_a_pinned_day(monkeypatch: pytest.MonkeyPatch) -> None:
    assert esc.escalation_now() == datetime(2026, 11, 22, 12, tzinfo=UTC)
    monkeypatch.delenv("KAMTUI_TODAY")
    assert abs(esc.escalation_now() - datetime.now(UTC)) < timedelta(seconds=5)


def test_escalations_belong_to_their_account(services: Services, world: World) -> None:
    row_id = open_one(services, world)
    services.accounts.delete(world.acme)
    assert services.escalations.count(Escalation.id == row_id) == 0
