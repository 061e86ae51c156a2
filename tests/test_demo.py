"""The sample portfolio: deterministic, one commit, and with something to show on every
screen (overdue work, an open escalation, lapsed contacts, a Pareto-shaped portfolio)."""

import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import col

from kamtui.clock import today
from kamtui.demo import DemoSummary, build_demo
from kamtui.domain import (
    TABLES,
    Account,
    AccountPlan,
    ActionItem,
    Escalation,
    EscalationEvent,
    EscalationLevel,
    EscalationPlan,
    Objective,
    Requirement,
    Review,
)
from kamtui.domain.enums import (
    AccountStatus,
    ActionStatus,
    Attitude,
    BuyingRole,
    OwnerKind,
    RecurrenceBasis,
    RequirementStatus,
    Tier,
)
from kamtui.errors import StoreError
from kamtui.store import Store, open_store
from kamtui.store.repos import Services
from kamtui.store.services import Repo

DAY = date(2026, 11, 22)  # the today conftest pins (KAMTUI_TODAY)
MANY = 10_000  # list everything: the demo has a few hundred rows per table at most


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every domain table, all columns, ordered by id."""
    conn = sqlite3.connect(path)
    try:
        return {table.__tablename__: conn.execute(
                    f"SELECT * FROM {table.__tablename__} ORDER BY id").fetchall()
                for table in TABLES}
    finally:
        conn.close()


def new_store(folder: Path) -> Store:
    return open_store(folder / "kamtui.db", create=True)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, DemoSummary]]:
    """One portfolio built for the pinned today, shared by the read-only tests."""
    store = new_store(tmp_path_factory.mktemp("demo"))
    summary = build_demo(store, DAY)
    yield Services(store), summary
    store.close()


# -- how it is built ----------------------------------------------------------------
def test_same_date_gives_identical_rows(tmp_path: Path) -> None:
    first, second = new_store(tmp_path / "a"), new_store(tmp_path / "b")
    build_demo(first, DAY)
    build_demo(second, DAY)
    rows = dump(first.path)
    assert rows == dump(second.path)
    # The demo records no tier decisions yet (they come from accepting a proposal).
    empty = [name for name, found in rows.items() if not found and name != "tier_decision"]
    assert not empty, empty
    first.close()
    second.close()


def test_other_date_moves_every_deadline(tmp_path: Path) -> None:
    first, second = new_store(tmp_path / "a"), new_store(tmp_path / "b")
    build_demo(first, DAY)
    build_demo(second, DAY + timedelta(days=9))
    before = {a.id: a.deadline for a in Services(first).actions.list(limit=MANY)}
    after = {a.id: a.deadline for a in Services(second).actions.list(limit=MANY)}
    assert before.keys() == after.keys()
    dated = [i for i, d in before.items() if d is not None]
    assert dated and all(after[i] - before[i] == timedelta(days=9) for i in dated)
    first.close()
    second.close()


def test_a_failure_midway_leaves_the_store_empty(store: Store,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    real_create = Repo.create
    calls = Counter()

    def failing_create(self: Repo, *args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] > 300:
            raise RuntimeError("disk full (simulated)")
        return real_create(self, *args, **kwargs)

    monkeypatch.setattr(Repo, "create", failing_create)
    with pytest.raises(RuntimeError, match="simulated"):
        build_demo(store, DAY)
    assert calls["n"] == 301
    assert not any(dump(store.path).values())


def test_refuses_a_store_that_holds_data(store: Store) -> None:
    build_demo(store, DAY)
    rows = dump(store.path)
    with pytest.raises(StoreError, match="empty store"):
        build_demo(store, DAY)
    assert dump(store.path) == rows


def test_pinned_today_is_the_demo_date() -> None:
    assert today() == DAY


def test_core_module_does_not_load_textual() -> None:
    code = "import kamtui.demo, sys; assert 'textual' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_summary_counts_what_is_stored(demo: tuple[Services, DemoSummary]) -> None:
    services, summary = demo
    assert summary.accounts == services.accounts.count() == 40
    assert summary.contacts == services.contacts.count()
    assert summary.actions == services.actions.count()
    assert summary.interactions == services.interactions.count()
    assert summary.plans == services.plans.count() == 8
    assert summary.objectives == services.objectives.count()
    assert summary.opportunities == services.opportunities.count()
    assert summary.escalation_plans == services.escalation_plans.count() == 8
    assert summary.reviews == services.reviews.count()
    assert str(summary) == summary.describe()
    assert str(summary).startswith("Built a sample portfolio: 40 accounts (8 key, 12 major, "
                                   "20 standard), ")
    assert f"{summary.contacts} contacts" in str(summary)


# -- step 1: the portfolio ------------------------------------------------------------
def test_tiers(demo: tuple[Services, DemoSummary]) -> None:
    services, summary = demo
    counts = {tier: services.accounts.count(Account.tier == tier) for tier in Tier}
    assert counts == {Tier.key: 8, Tier.major: 12, Tier.standard: 20}
    assert (summary.key_accounts, summary.major_accounts, summary.standard_accounts) == (
        8, 12, 20)


def test_revenue_is_pareto_shaped_with_exceptions(demo: tuple[Services, DemoSummary]) -> None:
    services, _ = demo
    ranked = services.accounts.list(order_by=[col(Account.annual_revenue).desc()], limit=MANY)
    revenues = [a.annual_revenue for a in ranked]
    top = revenues[: len(revenues) // 5]
    assert sum(top) / sum(revenues) >= 0.70
    # Exceptions for the tier proposals: a big major that loses money, a small key one.
    top_fifth = ranked[: len(ranked) // 5]
    assert any(a.tier == Tier.major and a.margin_pct < 0 for a in top_fifth)
    assert any(a.tier == Tier.key and a.strategic_importance == 5 for a in ranked[8:])
    statuses = Counter(a.status for a in ranked if a.tier == Tier.key)
    assert statuses[AccountStatus.at_risk] == 1 and statuses[AccountStatus.in_crisis] == 1
    soon = [a for a in ranked if DAY <= a.renewal_date <= DAY + timedelta(days=90)]
    assert soon and all(a.renewal_date <= DAY + timedelta(days=366) for a in ranked)


def test_requirements_log_and_skills_of_key_accounts(
        demo: tuple[Services, DemoSummary]) -> None:
    services, _ = demo
    key = services.accounts.list(Account.tier == Tier.key)
    requirements = services.requirements.list(limit=MANY)
    per_account = Counter(r.account_id for r in requirements)
    assert {r.account_id for r in requirements} <= {a.id for a in key}
    logged = [a for a in key if per_account[a.id]]
    assert len(logged) >= 6 and all(2 <= per_account[a.id] <= 4 for a in logged)
    assert {r.status for r in requirements} == set(RequirementStatus)
    contacts = {c.id: c.account_id for c in services.contacts.list(limit=MANY)}
    for r in requirements:
        assert r.asked_on <= DAY and r.asked
        assert r.contact_id is None or contacts[r.contact_id] == r.account_id
        # Open means nothing proposed yet; anything further has a dated proposal.
        if r.status == RequirementStatus.open:
            assert not r.proposed and r.proposed_on is None
        else:
            assert r.proposed and r.asked_on <= r.proposed_on <= DAY
    assert all(2 <= len(a.skills_needed) <= 4 for a in key)
    others = services.accounts.list(Account.tier != Tier.key, limit=MANY)
    assert not any(a.skills_needed for a in others)
    assert services.requirements.count(col(Requirement.contact_id).is_(None)) >= 1


# -- step 3: relationships --------------------------------------------------------------
def test_relationship_gaps_to_find(demo: tuple[Services, DemoSummary]) -> None:
    services, _ = demo
    contacts = services.contacts.list(limit=MANY)
    per_account = Counter(c.account_id for c in contacts)
    assert len(per_account) == 40
    assert 1 in per_account.values()  # single-threaded accounts
    lapsed = [c for c in contacts if c.last_contacted is not None
              and c.last_contacted + timedelta(days=c.cadence_days) < DAY]
    assert lapsed
    assert any(c.attitude == Attitude.detractor and c.buying_role == BuyingRole.decision_maker
               for c in contacts)
    key_ids = {a.id for a in services.accounts.list(Account.tier == Tier.key)}
    with_buyer = {c.account_id for c in contacts if c.buying_role == BuyingRole.economic_buyer}
    assert key_ids - with_buyer  # a key account where nobody holds the budget
    for account_id in key_ids:
        assert 4 <= per_account[account_id] <= 9
        chart = [c for c in contacts if c.account_id == account_id]
        assert sum(c.reports_to_id is None for c in chart) < len(chart)


def test_one_team_member_is_over_allocated(demo: tuple[Services, DemoSummary]) -> None:
    services, _ = demo
    load = Counter()
    for assignment in services.assignments.list(limit=MANY):
        load[assignment.team_member_id] += assignment.time_share_pct
    assert sum(total > 100 for total in load.values()) == 1


# -- steps 4-5: plans, work, escalations ------------------------------------------------
def test_every_key_account_has_a_plan_and_an_escalation_plan(
        demo: tuple[Services, DemoSummary]) -> None:
    services, _ = demo
    for account in services.accounts.list(Account.tier == Tier.key):
        plans = services.plans.list(AccountPlan.account_id == account.id)
        assert [p.period for p in plans] == ["FY2027"]
        objectives = services.objectives.list(Objective.plan_id == plans[0].id)
        assert 2 <= len(objectives) <= 4
        assert plans[0].direction and plans[0].priorities
        escalation_plans = services.escalation_plans.list(
            EscalationPlan.account_id == account.id)
        assert len(escalation_plans) == 1 and escalation_plans[0].triggers
        levels = services.escalation_levels.list(
            EscalationLevel.plan_id == escalation_plans[0].id)
        assert sorted(level.position for level in levels) == [1, 2, 3]
    assert services.plans.count(col(AccountPlan.customer_agreed_on).is_not(None)) >= 1


def test_actions_around_today(demo: tuple[Services, DemoSummary]) -> None:
    services, _ = demo
    actions = services.actions.list(limit=MANY)
    pending = [a for a in actions if a.status in (ActionStatus.open, ActionStatus.waiting)]
    overdue = [a for a in pending if a.deadline is not None and a.deadline < DAY]
    assert overdue and all(DAY - a.deadline <= timedelta(days=20) for a in overdue)
    assert len([a for a in pending if a.deadline == DAY]) >= 3
    assert [a for a in pending if a.deadline is not None
            and DAY < a.deadline <= DAY + timedelta(days=7)]
    done = [a for a in actions if a.status == ActionStatus.done]
    assert done and all(a.completed_at is not None and a.deadline < DAY for a in done)
    assert {a.owner_kind for a in actions} == set(OwnerKind)
    assert {a.recurrence_basis for a in actions if a.recurrence_every} == set(RecurrenceBasis)
    assert any(a.objective_id for a in actions)
    assert all(a.success_measure for a in actions)
    customer_owned = [a for a in actions if a.owner_kind == OwnerKind.customer]
    owners = {c.id: c.account_id for c in services.contacts.list(limit=MANY)}
    assert all(owners[a.owner_contact_id] == a.account_id for a in customer_owned)


def test_exactly_one_open_escalation(demo: tuple[Services, DemoSummary]) -> None:
    services, summary = demo
    open_ones = services.escalations.list(col(Escalation.resolved_at).is_(None))
    assert len(open_ones) == 1 and summary.open_escalations == 1
    escalation = open_ones[0]
    account = services.accounts.get(escalation.account_id)
    assert account.tier == Tier.key
    assert account.status in (AccountStatus.at_risk, AccountStatus.in_crisis)
    assert escalation.current_level == 1
    assert escalation.opened_at.date() == DAY - timedelta(days=2)
    assert escalation.level_due_at is not None and escalation.level_due_at.date() > DAY
    events = services.escalation_events.list(EscalationEvent.escalation_id == escalation.id)
    assert len(events) == 2


def test_interactions_name_the_people_involved(demo: tuple[Services, DemoSummary]) -> None:
    services, _ = demo
    interactions = services.interactions.list(limit=MANY)
    assert all(DAY - timedelta(days=90) <= i.occurred_on <= DAY for i in interactions)
    linked = {link.interaction_id for link in services.interaction_contacts.list(limit=MANY)}
    assert linked == {i.id for i in interactions}
    assert len({i.kind for i in interactions}) >= 6
    # A contact's last-contacted date is never before a logged interaction with them.
    contacts = {c.id: c for c in services.contacts.list(limit=MANY)}
    when = {i.id: i.occurred_on for i in interactions}
    for link in services.interaction_contacts.list(limit=MANY):
        assert contacts[link.contact_id].last_contacted >= when[link.interaction_id]


# -- step 9: reviews --------------------------------------------------------------------
def test_reviews_and_one_due_soon(demo: tuple[Services, DemoSummary]) -> None:
    services, _ = demo
    reviews = services.reviews.list(limit=MANY)
    key_ids = {a.id for a in services.accounts.list(Account.tier == Tier.key)}
    assert {r.account_id for r in reviews} == key_ids
    assert all(r.period == "FY2026" for r in reviews)
    assert all(timedelta(days=55) <= DAY - r.held_on <= timedelta(days=340) for r in reviews)
    assert any(r.next_review_on <= DAY + timedelta(days=14) for r in reviews)


def test_names_look_real(demo: tuple[Services, DemoSummary]) -> None:
    services, _ = demo
    accounts = services.accounts.list(limit=MANY)
    assert len({a.name for a in accounts}) == 40
    assert len({a.industry for a in accounts}) >= 8
    contacts = services.contacts.list(limit=MANY)
    assert len({c.name for c in contacts}) == len(contacts)
    key = [a for a in accounts if a.tier == Tier.key]
    assert all(a.objectives and a.pains and a.decision_process and a.handoff_notes
               for a in key)
    assert services.reviews.count(Review.decision == "watch") == 1
    assert services.actions.count(col(ActionItem.deadline).is_(None)) >= 1
