"""The health score: each factor's points on hand-made accounts worked out below, the score
as 100 plus the points, a page of accounts in a fixed number of queries, the batch scores
(counted in SQL) equal to the account's own on a random portfolio, and the sample
portfolio."""

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event

from kamtui.demo import build_demo
from kamtui.domain.enums import ActionStatus, Attitude, BuyingRole, Tier
from kamtui.errors import NotFound
from kamtui.store import Store
from kamtui.store.health import (
    CAPS,
    FactorKind,
    account_health,
    objective_off_track,
    portfolio_health,
)
from kamtui.store.health_scores import health_scores
from kamtui.store.repos import Services

TODAY = date(2026, 11, 22)
F = FactorKind


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def at(offset: int) -> datetime:
    return datetime.combine(day(offset), datetime.min.time(), tzinfo=UTC)


def test_caps_add_up_to_100() -> None:
    assert sum(CAPS.values()) == 100 and list(CAPS) == list(FactorKind)


@pytest.mark.parametrize(("baseline", "target", "current", "due", "off"), [
    (100, 200, 150, day(30), False),  # halfway up, not due yet
    (100, 200, 90, day(30), True),  # below the baseline of a rising KPI: backwards
    (10, 5, 12, day(30), True),  # above the baseline of a falling KPI: backwards
    (10, 5, 4, day(-10), False),  # past due but reached (4 <= 5)
    (20, 40, 30, day(-1), True),  # due yesterday, 30 < 40: missed
    (20, 40, 30, TODAY, False),  # due today is not passed
    (None, 40, 30, day(30), False),  # no baseline: no direction, not due
    (None, 40, 30, day(-1), True),  # ... past due and not exactly the target
    (None, 40, 40, day(-1), False),
    (5, 5, 6, day(-1), True),  # hold at 5: only 5 counts as reached
    (5, 5, 5, day(-1), False),
    (100, 200, None, day(-1), False),  # no current value: nothing to judge
])
def test_objective_off_track(baseline: float | None, target: float, current: float | None,
                             due: date, off: bool) -> None:
    assert objective_off_track(baseline, target, current, due, TODAY) is off


def test_every_factor_on_a_busy_account(services: Services) -> None:
    acme = services.accounts.create({"name": "Acme", "tier": "key"}).id
    contact = {"account_id": acme, "cadence_days": 30}
    services.contacts.create({**contact, "name": "Dana", "buying_role": "decision_maker",
                              "attitude": "detractor", "strength": 2,
                              "last_contacted": day(-10)})
    services.contacts.create({**contact, "name": "Eve", "buying_role": "economic_buyer",
                              "strength": 2, "last_contacted": day(-40)})
    for deadline, status in [(day(-1), "open"), (day(-30), "waiting"), (day(-5), "open"),
                             (TODAY, "open"), (day(-3), "done"), (None, "open")]:
        services.actions.create({"account_id": acme, "title": "x", "deadline": deadline,
                                 "status": status})
    gone = services.actions.create({"account_id": acme, "title": "x", "deadline": day(-2)})
    services.actions.delete(gone.id)
    for level, resolved in [(1, None), (2, None), (1, at(-1))]:
        services.escalations.create({"account_id": acme, "trigger": "complaint",
                                     "opened_at": at(-5), "current_level": level,
                                     "resolved_at": resolved})
    services.escalations.delete(services.escalations.create(
        {"account_id": acme, "trigger": "other", "opened_at": at(-5)}).id)
    # An older plan full of misses, and the latest one, whose objectives count.
    old = services.plans.create({"account_id": acme, "period": "FY2026"}, stamp=at(-400))
    services.objectives.create({"plan_id": old.id, "title": "old", "baseline": 1, "target": 9,
                                "current": 0, "due": day(-100)})
    plan = services.plans.create({"account_id": acme, "period": "FY2027"}, stamp=at(-10))
    for title, baseline, target, current, due in [
            ("on track", 100, 200, 150, day(30)), ("backwards", 10, 5, 12, day(30)),
            ("missed", 20, 40, 30, day(-1)), ("reached", 10, 5, 4, day(-10)),
            ("no value yet", 0, 50, None, day(-1))]:
        services.objectives.create({"plan_id": plan.id, "title": title, "baseline": baseline,
                                    "target": target, "current": current, "due": due})
    services.objectives.delete(services.objectives.create(
        {"plan_id": plan.id, "title": "deleted", "baseline": 1, "target": 9, "current": 0}).id)
    for occurred, keep in [(day(-45), True), (day(-3), True), (day(-1), False),
                           (day(2), True)]:
        row = services.interactions.create({"account_id": acme, "occurred_on": occurred,
                                            "summary": "talk"})
        if not keep:
            services.interactions.delete(row.id)

    health = account_health(services.store, acme, TODAY)
    assert [(f.kind, f.points, f.reason) for f in health.factors] == [
        # Eve, the only economic buyer, has strength 2 < 3.
        (F.economic_buyer, -10, "no access to the economic buyer"),
        (F.detractors, -5, "1 detractor in a decision role"),  # Dana: 1 x 5
        (F.threading, 0, "2 live relationships"),  # Dana (10 days), Eve (40 <= 90 days)
        # champion, influencer and user missing: 3 x 2 = 6, capped at 5.
        (F.roles, -5, "3 roles not covered (champion, influencer, user)"),
        (F.stale_contacts, -1, "1 stale contact"),  # Eve: 40 - 30 = 10 days lapsed
        # -1 open, -30 waiting, -5 open; not today's, the done one, the undated, the
        # deleted one: 3 x 5 = 15.
        (F.overdue_actions, -15, "3 overdue actions"),
        # Two unresolved (the resolved and the deleted do not count): 15 + 5 = 20.
        (F.escalations, -20, "2 open escalations"),
        # FY2027: "backwards" and "missed" off track, of 4 with a target and a value.
        (F.kpis, -10, "2 of 4 KPIs off track (FY2027)"),
        # Latest: the interaction 3 days ago (the deleted one and the future one do not
        # count; Dana was 10 days ago): 3 <= 30, no points.
        (F.recency, 0, "last contact 3 days ago (2026-11-19)"),
    ]
    # 100 - 10 - 5 - 5 - 1 - 15 - 20 - 10 = 34
    assert health.score == 34
    assert health.factors[5].line == "-15 3 overdue actions"
    assert [f.kind for f in health.lost()][:2] == [F.escalations, F.overdue_actions]
    assert portfolio_health(services.store, [acme], TODAY) == {acme: 34}


def test_an_empty_account_and_one_at_every_cap(services: Services) -> None:
    quiet = services.accounts.create({"name": "Quiet"}).id
    health = account_health(services.store, quiet, TODAY)
    assert {f.kind: (f.points, f.reason) for f in health.factors if f.points} == {
        F.economic_buyer: (-10, "no economic buyer"),
        F.threading: (-10, "no live relationship"),
        # decision maker, champion, influencer, user: 4 x 2 = 8, capped at 5.
        F.roles: (-5, "4 roles not covered (decision maker, champion, influencer, user)"),
        F.recency: (-10, "no contact recorded"),
    }
    assert health.factors[7].reason == "no live plan"
    assert health.score == 65  # 100 - 10 - 10 - 5 - 10

    burning = services.accounts.create({"name": "Burning"}).id
    for n in range(6):  # 6 detractors (30 -> 10), 6 stale (6 -> 5), none real (10)
        services.contacts.create({"account_id": burning, "name": f"Foe {n}", "cadence_days": 30,
                                  "buying_role": "decision_maker", "attitude": "detractor"})
    for _ in range(4):  # 4 x 5 = 20 -> 15
        services.actions.create({"account_id": burning, "title": "x", "deadline": day(-1)})
    for _ in range(3):  # 15 + 5 + 5 = 25 -> 20
        services.escalations.create({"account_id": burning, "trigger": "other",
                                     "opened_at": at(-1)})
    plan = services.plans.create({"account_id": burning, "period": "FY2027"})
    for _ in range(4):  # 4 x 5 = 20 -> 15
        services.objectives.create({"plan_id": plan.id, "title": "down", "baseline": 10,
                                    "target": 20, "current": 5})
    health = account_health(services.store, burning, TODAY)
    assert [-f.points for f in health.factors] == list(CAPS.values())
    assert health.score == 0  # every cap: 100 - 100


@pytest.mark.parametrize(("ago", "points"), [(0, 0), (30, 0), (31, -5), (60, -5), (61, -10)])
def test_recency(services: Services, ago: int, points: int) -> None:
    acme = services.accounts.create({"name": "Acme"}).id
    services.contacts.create({"account_id": acme, "name": "Ann", "last_contacted": day(-ago)})
    recency = account_health(services.store, acme, TODAY).factors[-1]
    assert recency.kind == F.recency and recency.points == points


def test_unknown_and_deleted_accounts(services: Services) -> None:
    live = services.accounts.create({"name": "Live"}).id
    gone = services.accounts.create({"name": "Gone"}).id
    services.accounts.delete(gone)
    with pytest.raises(NotFound):
        account_health(services.store, gone, TODAY)
    assert portfolio_health(services.store, [live, gone, "nope", live], TODAY) == {live: 65}
    assert portfolio_health(services.store, [], TODAY) == {}


def count_queries(store: Store, run: Callable[[], object]) -> int:
    seen: list[str] = []

    def count(*_args: object) -> None:
        seen.append("q")
    event.listen(store.engine, "before_cursor_execute", count)
    try:
        run()
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    return len(seen)


def test_sample_portfolio(services: Services, store: Store) -> None:
    build_demo(store, TODAY)
    accounts = services.accounts.list()
    ids = [a.id for a in accounts]
    scores = portfolio_health(store, ids, TODAY)
    # A page costs the same queries whatever its size: not one query per account.
    assert count_queries(store, lambda: portfolio_health(store, ids, TODAY)) == \
        count_queries(store, lambda: portfolio_health(store, ids[:1], TODAY))
    for account in accounts:
        health = account_health(store, account.id, TODAY)
        assert health.score == scores[account.id] == 100 + sum(f.points for f in health.factors)
    by_name = {a.name: a.id for a in accounts}
    meridian = account_health(store, by_name["Meridian Freight Partners"], TODAY)
    assert {f.kind: f.points for f in meridian.factors}[F.escalations] == -15
    lumera = account_health(store, by_name["Lumera Foods"], TODAY)
    assert {f.kind: f.points for f in lumera.factors}[F.detractors] == -5
    # The two key accounts in trouble are the least healthy of the key roster.
    key = sorted((scores[a.id], a.name) for a in accounts if a.tier == Tier.key)
    assert {name for _, name in key[:2]} == {"Meridian Freight Partners", "Lumera Foods"}


def test_batch_scores_equal_the_accounts_own_on_a_random_portfolio(services: Services,
                                                                    store: Store) -> None:
    """Every rule's edges, drawn at random: the SQL counts must agree with the X-ray's."""
    rng = random.Random(4)

    def maybe(value: object, chance: float = 0.7) -> object:
        return value if rng.random() < chance else None

    ids = []
    for n in range(40):
        aid = services.accounts.create({"name": f"Account {n}"}).id
        ids.append(aid)
        for m in range(rng.randint(0, 8)):
            contact = services.contacts.create({
                "account_id": aid, "name": f"Person {m}",
                "buying_role": rng.choice(list(BuyingRole)),
                "attitude": rng.choice(list(Attitude)), "strength": rng.randint(1, 5),
                "cadence_days": rng.choice([None, 7, 30, 95, 120]),
                "last_contacted": maybe(day(rng.choice(
                    [-200, -121, -120, -96, -95, -91, -90, -61, -60, -31, -30, -8, -7, 0, 3])))})
            if rng.random() < 0.1:
                services.contacts.delete(contact.id)
        for _ in range(rng.randint(0, 5)):
            action = services.actions.create({
                "account_id": aid, "title": "x", "deadline": maybe(day(rng.randint(-9, 9))),
                "status": rng.choice(list(ActionStatus))})
            if rng.random() < 0.1:
                services.actions.delete(action.id)
        for _ in range(rng.randint(0, 3)):
            escalation = services.escalations.create({
                "account_id": aid, "trigger": "other", "opened_at": at(-9),
                "resolved_at": maybe(at(-1), 0.4)})
            if rng.random() < 0.2:
                services.escalations.delete(escalation.id)
        for year in rng.sample([2025, 2026, 2027], rng.randint(0, 2)):
            plan = services.plans.create({"account_id": aid, "period": f"FY{year}"},
                                         stamp=at(rng.randint(-500, -1)))
            for _ in range(rng.randint(0, 4)):
                objective = services.objectives.create({
                    "plan_id": plan.id, "title": "kpi",
                    "baseline": maybe(rng.randint(0, 3)), "target": maybe(rng.randint(0, 3)),
                    "current": maybe(rng.randint(0, 3)), "due": maybe(day(rng.randint(-3, 3)))})
                if rng.random() < 0.1:
                    services.objectives.delete(objective.id)
            if rng.random() < 0.15:
                services.plans.delete(plan.id)
        for _ in range(rng.randint(0, 3)):
            talk = services.interactions.create({
                "account_id": aid, "occurred_on": day(rng.choice([-90, -61, -60, -31, -30, 0, 2])),
                "summary": "talk"})
            if rng.random() < 0.2:
                services.interactions.delete(talk.id)
    services.accounts.delete(ids[-1])
    own = {aid: account_health(store, aid, TODAY).score for aid in ids[:-1]}
    assert len(set(own.values())) > 10  # the draw covers a spread of scores
    assert portfolio_health(store, ids, TODAY) == own
    with store.read() as session:
        assert health_scores(session, TODAY) == own  # the whole store, without lists of ids
