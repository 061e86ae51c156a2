"""The steps that change an account plan: the first plan, the next period's (copied,
linked, the earlier one untouched, undone as one step), priorities kept in order, the
customer's agreement, information sources with the date the Today screen reads, and the
schema step that added them."""

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from kamtui.domain import AccountPlan, Objective, PlanSource
from kamtui.errors import InvalidInput, StoreError
from kamtui.store import Store, migrations, open_store
from kamtui.store.changes import undo
from kamtui.store.plan_view import account_periods
from kamtui.store.plans import (
    add_priority,
    add_source,
    create_plan,
    delete_source,
    edit_plan,
    edit_priority,
    first_period,
    move_priority,
    next_period,
    record_agreement,
    remove_priority,
    source_updated,
    start_next_period,
)
from kamtui.store.repos import Services
from kamtui.store.today import ItemKind, Section, checklist

TODAY = date(2026, 11, 22)


def row(store: Store, table: type, id: str) -> dict:
    """The stored row as it is, every column."""
    with store.read() as session:
        return dict(session.execute(select(table.__table__).where(
            table.__table__.c.id == id)).mappings().one())


@pytest.fixture
def plan(services: Services) -> AccountPlan:
    acme = services.accounts.create({"name": "Acme", "tier": "key"})
    plan = services.plans.create({
        "account_id": acme.id, "period": "FY2027", "direction": "North",
        "value_proposition": "Fewer stops", "priorities": ["One", "Two", "Three"],
        "risks": "Merger", "competitors": "Freightly", "will_deliver": "Pilots",
        "wont_deliver": "Custom builds", "informed": ["Our CEO"],
        "information_sources": "QBR", "sources_updated_on": date(2026, 6, 1),
        "customer_agreed_on": date(2026, 10, 1)})
    services.objectives.create({"plan_id": plan.id, "title": "NPS up", "kpi_metric": "NPS",
                                "unit": "pts", "baseline": 10, "target": 40, "current": 22,
                                "due": date(2027, 6, 30), "customer_agreed": True,
                                "customer_agreed_on": date(2026, 10, 1), "position": 0})
    services.objectives.create({"plan_id": plan.id, "title": "Cost down", "position": 1})
    services.plan_sources.create({"plan_id": plan.id, "name": "QBR minutes",
                                  "updated_on": date(2026, 6, 1)})
    return plan


def test_periods_are_suggested() -> None:
    assert next_period("FY2027") == "FY2028"
    assert next_period("FY27") == "FY28"
    assert next_period("2026/27") == "2027/28"
    assert next_period("H2 2027") == "H2 2028"
    assert next_period("FY09") == "FY10"
    assert next_period("Long term") == ""
    assert first_period(TODAY) == "FY2027"  # late in the year: next year's plan
    assert first_period(date(2026, 3, 1)) == "FY2026"


def test_create_plan_refuses_a_period_the_account_has(store: Store,
                                                      services: Services) -> None:
    acme = services.accounts.create({"name": "Acme"})
    plan, change = create_plan(services, acme.id, "  FY2027 ")
    assert plan.period == "FY2027" and plan.priorities == [] and plan.informed == []
    assert change.description == "Started the FY2027 plan for 'Acme'."
    for period, said in (("fy2027", "already has a plan for fy2027"),
                         ("  ", "give the period")):
        with pytest.raises(InvalidInput, match=said):
            create_plan(services, acme.id, period)
    assert services.plans.count() == 1
    undo(store, change)
    assert services.plans.count() == 0
    create_plan(services, acme.id, "FY2027")  # the undone one no longer takes the period


def test_start_next_period_copies_links_and_leaves_the_old_plan(
        store: Store, services: Services, plan: AccountPlan) -> None:
    before = row(store, AccountPlan, plan.id)
    old_objectives = services.objectives.list(Objective.plan_id == plan.id)
    old_rows = [row(store, Objective, o.id) for o in old_objectives]

    change = start_next_period(services, plan.id, "FY2028")
    assert change.description == "Started the FY2028 plan from FY2027 (2 objectives " \
                                 "carried over)."
    new = services.plans.list(AccountPlan.period == "FY2028")[0]
    assert new.carried_over_from_id == plan.id and new.account_id == plan.account_id
    for name in ("direction", "value_proposition", "priorities", "risks", "competitors",
                 "will_deliver", "wont_deliver", "informed", "information_sources",
                 "sources_updated_on"):
        assert getattr(new, name) == getattr(plan, name), name
    assert new.customer_agreed_on is None  # the customer agrees the new period anew
    copies = services.objectives.list(Objective.plan_id == new.id,
                                      order_by=[Objective.position])
    assert [(o.title, o.kpi_metric, o.unit, o.baseline, o.target, o.current, o.due,
             o.position) for o in copies] == [
        ("NPS up", "NPS", "pts", 10, 40, 22, date(2027, 6, 30), 0),
        ("Cost down", "", "", None, None, None, None, 1)]
    assert not any(o.customer_agreed or o.customer_agreed_on for o in copies)
    assert [(s.name, s.updated_on) for s in services.plan_sources.list(
        PlanSource.plan_id == new.id)] == [("QBR minutes", date(2026, 6, 1))]
    # The earlier plan and its objectives are exactly as they were.
    assert row(store, AccountPlan, plan.id) == before
    assert [row(store, Objective, o.id) for o in old_objectives] == old_rows
    assert [p.period for p in account_periods(store, plan.account_id)] == ["FY2027",
                                                                           "FY2028"]
    # A period the account has is refused, changing nothing.
    with pytest.raises(InvalidInput, match="already has a plan for FY2028"):
        start_next_period(services, plan.id, "FY2028")
    assert services.plans.count() == 2

    # Undo takes back the plan, its objectives and sources as one step.
    undo(store, change)
    assert services.plans.count() == 1 and services.objectives.count() == 2
    assert services.plan_sources.count() == 1
    assert row(store, AccountPlan, plan.id) == before


def test_priorities_keep_their_order(store: Store, services: Services,
                                     plan: AccountPlan) -> None:
    def now() -> list[str]:
        return services.plans.get(plan.id).priorities

    moved = move_priority(services, plan.id, 2, -1, expected="Three")
    assert now() == ["One", "Three", "Two"]
    assert moved.description == "Moved the priority 'Three' to place 2."
    move_priority(services, plan.id, 0, 1)
    assert now() == ["Three", "One", "Two"]
    with pytest.raises(InvalidInput, match="already the first"):
        move_priority(services, plan.id, 0, -1)
    with pytest.raises(InvalidInput, match="already the last"):
        move_priority(services, plan.id, 2, 1)
    with pytest.raises(InvalidInput, match="changed since"):  # shown text is stale
        move_priority(services, plan.id, 1, 1, expected="Two")
    with pytest.raises(InvalidInput, match="changed since"):
        remove_priority(services, plan.id, 7)
    assert now() == ["Three", "One", "Two"]

    add_priority(services, plan.id, "  Zero ", at=0)
    add_priority(services, plan.id, "Last")
    assert now() == ["Zero", "Three", "One", "Two", "Last"]
    for text, said in (("one", "already on the list"), ("", "write what"),
                       ("x" * 201, "at most 200")):
        with pytest.raises(InvalidInput, match=said):
            add_priority(services, plan.id, text)
    edit_priority(services, plan.id, 2, "One, sharper", expected="One")
    with pytest.raises(InvalidInput, match="already on the list"):
        edit_priority(services, plan.id, 2, "zero")
    edit_priority(services, plan.id, 2, "ONE, sharper")  # its own text, recased: fine
    removed = remove_priority(services, plan.id, 0, expected="Zero")
    assert now() == ["Three", "ONE, sharper", "Two", "Last"]
    undo(store, removed)
    assert now() == ["Zero", "Three", "ONE, sharper", "Two", "Last"]


def test_customer_agreement(services: Services, plan: AccountPlan) -> None:
    with pytest.raises(InvalidInput, match="has not come yet"):
        record_agreement(services, plan.id, TODAY + timedelta(days=1), TODAY)
    assert services.plans.get(plan.id).customer_agreed_on == date(2026, 10, 1)
    change = record_agreement(services, plan.id, TODAY, TODAY)
    assert services.plans.get(plan.id).customer_agreed_on == TODAY
    assert "agreed the FY2027 plan on 2026-11-22" in change.description
    record_agreement(services, plan.id, None, TODAY)
    assert services.plans.get(plan.id).customer_agreed_on is None


def test_edit_plan_checks_the_period(services: Services, plan: AccountPlan) -> None:
    other, _ = create_plan(services, plan.account_id, "FY2028")
    with pytest.raises(InvalidInput, match="already has a plan for FY2027"):
        edit_plan(services, other.id, {"period": "FY2027"})
    edit_plan(services, other.id, {"period": "FY2029", "risks": "Budget cuts"})
    edit_plan(services, plan.id, {"period": "FY2027"})  # its own period: fine
    assert services.plans.get(other.id).period == "FY2029"
    assert services.plans.get(other.id).risks == "Budget cuts"


def test_sources_keep_the_plan_dated_by_the_stalest(store: Store, services: Services,
                                                    plan: AccountPlan) -> None:
    def dated() -> date | None:
        return services.plans.get(plan.id).sources_updated_on

    annual, change = add_source(services, plan.id, {"name": "Annual report",
                                                    "updated_on": date(2026, 3, 1)})
    assert dated() == date(2026, 3, 1)  # older than the QBR minutes of June
    with pytest.raises(InvalidInput, match="Source"):
        add_source(services, plan.id, {"name": "  "})
    source_updated(services, annual.id, TODAY)
    assert dated() == date(2026, 6, 1)  # now the QBR minutes are the stalest
    qbr = services.plan_sources.list(PlanSource.name == "QBR minutes")[0]
    deleted = delete_source(services, qbr.id)
    assert dated() == TODAY and services.plan_sources.count() == 1
    undo(store, deleted)
    assert dated() == date(2026, 6, 1) and services.plan_sources.count() == 2
    with pytest.raises(StoreError, match="changed since"):  # edited after it was added
        undo(store, change)


def test_today_follows_the_latest_plan_and_its_sources(store: Store, services: Services,
                                                       plan: AccountPlan) -> None:
    def refresh() -> list[str]:
        page = checklist(store, TODAY).section(Section.reviews)
        return [i.title for i in page.items if i.kind == ItemKind.plan]

    assert refresh() == ["Refresh the plan's sources (FY2027)"]  # dated 2026-06-01
    start_next_period(services, plan.id, "FY2028")
    assert refresh() == ["Refresh the plan's sources (FY2028)"]
    new = services.plans.list(AccountPlan.period == "FY2028")[0]
    source = services.plan_sources.list(PlanSource.plan_id == new.id)[0]
    source_updated(services, source.id, TODAY)
    assert refresh() == []


def insert(conn: sqlite3.Connection, table: str, **values: object) -> None:
    """A row with `values` and something of the right type in every other required
    column."""
    filler = {"VARCHAR": "", "FLOAT": 0, "INTEGER": 0, "BOOLEAN": 0, "JSON": "[]",
              "DATETIME": "2026-01-01 00:00:00", "DATE": "2026-01-01"}
    for _, name, kind, required, default, _ in conn.execute(f"PRAGMA table_info({table})"):
        if required and default is None and name not in values:
            values[name] = filler[kind.split("(")[0]]
    names = ", ".join(values)
    conn.execute(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(values))})",
                 list(values.values()))


def test_a_v4_store_gains_who_is_informed_and_the_sources(tmp_path: Path) -> None:
    path = tmp_path / "v4.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, upto=4)
    insert(conn, "account", id="a1", name="Acme", tier="key", status="active")
    insert(conn, "account_plan", id="p1", account_id="a1", period="FY2027")
    conn.close()
    store = open_store(path)
    try:
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST >= 5
        plan_columns = {r[1]: r[4] for r in conn.execute("PRAGMA table_info(account_plan)")}
        assert plan_columns["informed"] == "'[]'"
        columns = [r[1] for r in conn.execute("PRAGMA table_info(plan_source)")]
        assert columns[4:] == ["plan_id", "name", "updated_on"]
        conn.close()
        services = Services(store)
        assert services.plans.get("p1").informed == []  # the plan written before
        add_source(services, "p1", {"name": "QBR", "updated_on": TODAY})
        assert services.plans.get("p1").sources_updated_on == TODAY
    finally:
        store.close()
