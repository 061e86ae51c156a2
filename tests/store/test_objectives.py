"""Objectives: the progress and track rules on hand-made figures (each answer worked out
here), the objectives read with their linked actions, and the steps (add, reorder,
agree, link, unlink, delete), each undone exactly."""

from datetime import UTC, date, datetime
from typing import Any

import pytest
from helpers import dump
from sqlalchemy import select

from kamtui.domain import ActionItem, Objective
from kamtui.errors import InvalidInput
from kamtui.store import Store
from kamtui.store import objectives as obj
from kamtui.store.changes import undo
from kamtui.store.objective_track import (
    Track,
    action_progress,
    clamp,
    combined_progress,
    kpi_share,
    time_gone,
    track,
)
from kamtui.store.repos import Services

TODAY = date(2026, 11, 22)
SET_ON = datetime(2026, 9, 23, 9, 0, tzinfo=UTC)  # 60 days before TODAY
DUE = date(2027, 1, 21)  # 60 days after TODAY: half the time is gone


# -- the rules --------------------------------------------------------------------------
def test_kpi_progress_rising_falling_and_unknown() -> None:
    assert kpi_share(10, 20, 13) == pytest.approx(30)  # 3 of the 10 to go
    assert kpi_share(12, 8, 9) == pytest.approx(75)  # falling target: 3 of the 4 to go
    assert kpi_share(10, 20, 8) == pytest.approx(-20)  # went the wrong way
    assert clamp(kpi_share(10, 20, 8)) == 0 and clamp(kpi_share(10, 20, 25)) == 100
    assert kpi_share(None, 20, 13) is None and kpi_share(10, 20, None) is None
    assert kpi_share(10, 10, 10) is None  # no distance to go: nothing to measure


def test_action_and_combined_progress() -> None:
    assert action_progress(1, 4) == 25 and action_progress(0, 0) is None
    assert combined_progress(60, 30) == pytest.approx(50)  # (2 * 60 + 30) / 3
    assert combined_progress(60, None) == 60 and combined_progress(None, 30) == 30
    assert combined_progress(None, None) is None


def test_time_gone() -> None:
    assert time_gone(SET_ON.date(), DUE, TODAY) == pytest.approx(50)  # 60 of 120 days
    assert time_gone(SET_ON.date(), DUE, date(2027, 3, 1)) == 100  # clamped
    assert time_gone(SET_ON.date(), None, TODAY) is None


@pytest.mark.parametrize(("kpi", "actions", "due", "gone", "overdue", "expected"), [
    (100.0, None, DUE, 50.0, 0, Track.reached),
    (None, 100.0, DUE, 50.0, 0, Track.reached),  # no KPI, every action done
    (None, None, DUE, 50.0, 0, Track.unknown),
    (80.0, None, date(2026, 11, 1), 100.0, 0, Track.off_track),  # due passed
    (-5.0, None, DUE, 10.0, 0, Track.off_track),  # the wrong way
    (20.0, None, DUE, 50.0, 0, Track.off_track),  # lags by 30 > 25
    (30.0, None, DUE, 50.0, 0, Track.at_risk),  # lags by 20 > 10
    (45.0, None, DUE, 50.0, 0, Track.on_track),  # lags by 5
    (45.0, None, DUE, 50.0, 1, Track.at_risk),  # ... but an action is overdue
    (5.0, None, None, None, 0, Track.on_track),  # no due date: no time check
    (None, 20.0, DUE, 50.0, 0, Track.off_track),  # actions stand in for the KPI
])
def test_track_rules(kpi: float | None, actions: float | None, due: date | None,
                     gone: float | None, overdue: int, expected: Track) -> None:
    got, why = track(kpi, actions, due=due, gone=gone, today=TODAY, overdue_actions=overdue)
    assert got == expected, why
    assert why


# -- reading ------------------------------------------------------------------------------
@pytest.fixture
def plan(services: Services) -> dict[str, str]:
    acme = services.accounts.create({"name": "Acme", "tier": "key"}).id
    globex = services.accounts.create({"name": "Globex"}).id
    plan = services.plans.create({"account_id": acme, "period": "FY2027"}).id
    other = services.plans.create({"account_id": globex, "period": "FY2027"}).id
    tom = services.team.create({"name": "Tom Berg"}).id

    def objective(title: str, position: int, **kpi: Any) -> str:  # noqa: ANN401
        return services.objectives.create({"plan_id": plan, "title": title,
                                           "position": position, "due": DUE, **kpi},
                                          stamp=SET_ON).id

    ids = {"acme": acme, "globex": globex, "plan": plan, "other_plan": other,
           # listed out of creation order: position decides
           "uptime": objective("Raise uptime", 1, kpi_metric="Uptime", unit="%",
                               baseline=10, target=20, current=13),
           "lead": objective("Cut lead time", 0, kpi_metric="Lead time", unit="days",
                             baseline=12, target=8, current=9),
           "loose": objective("Be the partner", 2),
           "foreign": services.objectives.create({"plan_id": other, "title": "Theirs"}).id}

    def action(title: str, status: str = "open", **more: Any) -> str:  # noqa: ANN401
        return services.actions.create({"account_id": acme, "title": title,
                                        "status": status, **more}).id

    ids["done"] = action("Workshop", "done", objective_id=ids["uptime"])
    ids["todo"] = action("Roll out", objective_id=ids["uptime"], deadline=date(2026, 12, 1),
                         owner_kind="team", owner_team_member_id=tom,
                         success_measure="live at 3 sites")
    ids["dropped"] = action("Old idea", "cancelled", objective_id=ids["uptime"])
    ids["free"] = action("Call Ann", deadline=date(2026, 11, 30))
    ids["closed"] = action("Sent deck", "done")
    ids["theirs"] = services.actions.create({"account_id": globex, "title": "Globex"}).id
    return ids


def test_plan_objectives_progress_and_track(store: Store, plan: dict[str, str]) -> None:
    views = obj.plan_objectives(store, plan["plan"], TODAY)
    assert [v.objective.id for v in views] == [plan["lead"], plan["uptime"], plan["loose"]]
    lead, uptime, loose = views
    # Lead time 12 -> 8 days, now 9: 75% of the way, half the time gone, no actions.
    assert lead.kpi == pytest.approx(75) and lead.progress == pytest.approx(75)
    assert lead.track == Track.on_track
    # Uptime 10 -> 20, now 13: KPI 30%; actions 1 done of 2 (the cancelled one does not
    # count): 50%; progress (2 * 30 + 50) / 3 = 36.7; 30% with 50% of the time gone
    # lags by 20 points: at risk.
    assert uptime.kpi == pytest.approx(30)
    assert (uptime.actions_done, uptime.actions_counted) == (1, 2)
    assert uptime.progress == pytest.approx(110 / 3)
    assert uptime.track == Track.at_risk and "30%" in uptime.why and "50%" in uptime.why
    # The actions to do first, then the others; with owner and success measure.
    assert [a.id for a in uptime.actions][0] == plan["todo"]
    assert {a.id for a in uptime.actions} == {plan["todo"], plan["done"], plan["dropped"]}
    todo = uptime.actions[0]
    assert (todo.owner, todo.success_measure, todo.deadline) == (
        "Tom Berg", "live at 3 sites", date(2026, 12, 1))
    assert loose.progress is None and loose.track == Track.unknown and loose.actions == []


def test_open_actions_to_link(store: Store, plan: dict[str, str]) -> None:
    offered = obj.open_actions_to_link(store, plan["acme"], plan["uptime"])
    # Open ones of the account not serving this objective: not done, not Globex's.
    assert offered == [(plan["free"], "Call Ann", "")]
    # One serving another objective is offered too, saying which (linking moves it).
    assert (plan["todo"], "Roll out", "Raise uptime") in obj.open_actions_to_link(
        store, plan["acme"], plan["lead"])


# -- steps ----------------------------------------------------------------------------------
def test_add_objective_goes_last_and_undoes(store: Store, services: Services,
                                            plan: dict[str, str]) -> None:
    before = dump(store)
    row, change = obj.add_objective(services, plan["plan"], {"title": "Win the RFP",
                                                             "target": 1})
    assert row.position == 3 and row.plan_id == plan["plan"]
    assert "Win the RFP" in change.description
    assert [v.objective.title for v in obj.plan_objectives(store, plan["plan"], TODAY)][-1] \
        == "Win the RFP"
    with pytest.raises(InvalidInput, match="Objective"):
        obj.add_objective(services, plan["plan"], {"title": " "})
    undo(store, change)
    after = dump(store)
    assert after[("objective", row.id)]["deleted_at"] is not None
    assert {k: v for k, v in after.items() if k != ("objective", row.id)} == before


def test_move_objective_renumbers_and_undoes(store: Store, services: Services,
                                             plan: dict[str, str]) -> None:
    # Two objectives with the same position (as an import could leave them) still move.
    services.objectives.update(plan["loose"], {"position": 1})
    before = dump(store)
    order = [v.objective.id for v in obj.plan_objectives(store, plan["plan"], TODAY)]
    last = order[-1]
    change = obj.move_objective(services, last, -1)
    moved = [v.objective.id for v in obj.plan_objectives(store, plan["plan"], TODAY)]
    assert moved == [order[0], last, order[1]]
    assert [services.objectives.get(i).position for i in moved] == [0, 1, 2]
    with pytest.raises(InvalidInput, match="already the first"):
        obj.move_objective(services, order[0], -1)
    undo(store, change)
    assert dump(store) == before


def test_delete_objective_keeps_its_actions_unlinked(store: Store, services: Services,
                                                     plan: dict[str, str]) -> None:
    before = dump(store)
    change = obj.delete_objective(services, plan["uptime"])
    assert "its 3 actions stay, unlinked" in change.description
    for key in ("done", "todo", "dropped"):
        item = services.actions.get(plan[key])
        assert item.objective_id is None and item.deleted_at is None
    assert plan["uptime"] not in {v.objective.id for v in
                                  obj.plan_objectives(store, plan["plan"], TODAY)}
    undo(store, change)
    assert dump(store) == before


def test_link_and_unlink_undo(store: Store, services: Services,
                              plan: dict[str, str]) -> None:
    before = dump(store)
    change = obj.link_action(services, plan["free"], plan["lead"])
    assert services.actions.get(plan["free"]).objective_id == plan["lead"]
    assert change.description == "Linked 'Call Ann' to the objective 'Cut lead time'."
    with pytest.raises(InvalidInput, match="already serves"):
        obj.link_action(services, plan["free"], plan["lead"])
    with pytest.raises(InvalidInput, match="another account's plan"):
        obj.link_action(services, plan["free"], plan["foreign"])
    undo(store, change)
    assert dump(store) == before
    unlinked = obj.unlink_action(services, plan["todo"])
    assert services.actions.get(plan["todo"]).objective_id is None
    with pytest.raises(InvalidInput, match="serves no objective"):
        obj.unlink_action(services, plan["todo"])
    undo(store, unlinked)
    assert dump(store) == before


def test_customer_agreement(store: Store, services: Services, plan: dict[str, str]) -> None:
    before = dump(store)
    with pytest.raises(InvalidInput, match="in the future"):
        obj.set_agreement(services, plan["lead"], date(2026, 12, 1), TODAY)
    assert dump(store) == before
    agreed = obj.set_agreement(services, plan["lead"], TODAY, TODAY)
    row = services.objectives.get(plan["lead"])
    assert (row.customer_agreed, row.customer_agreed_on) == (True, TODAY)
    withdrawn = obj.set_agreement(services, plan["lead"], None, TODAY)
    row = services.objectives.get(plan["lead"])
    assert (row.customer_agreed, row.customer_agreed_on) == (False, None)
    undo(store, withdrawn)
    assert services.objectives.get(plan["lead"]).customer_agreed_on == TODAY
    undo(store, agreed)
    assert dump(store) == before


def test_linked_action_of_a_deleted_objective_is_not_listed(
        store: Store, services: Services, plan: dict[str, str]) -> None:
    obj.delete_objective(services, plan["uptime"])
    with store.read() as session:
        linked = session.execute(select(ActionItem).where(
            ActionItem.objective_id == plan["uptime"])).scalars().all()
        gone = session.get(Objective, plan["uptime"])
    assert linked == [] and gone.deleted_at is not None
