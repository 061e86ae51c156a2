"""The portfolio figures the screens show: ranking, shares, open work, key score and
health, every column's sort, paging, finding."""

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event

from kamtui.domain.enums import AccountStatus, Tier
from kamtui.scoring_config import Scoring
from kamtui.store import Store
from kamtui.store.health import account_health
from kamtui.store.keyscore import key_scores
from kamtui.store.portfolio import portfolio
from kamtui.store.queries import (
    PortfolioFilter,
    PortfolioPage,
    PortfolioSort,
    find_accounts,
    portfolio_summary,
)
from kamtui.store.repos import Services


@pytest.fixture
def filled(services: Services) -> dict[str, str]:
    """Four live accounts (revenue 500/300/150/50 = 1000) and one deleted one."""
    ids = {}
    for name, revenue, tier, status in [
        ("Beta", 300, "major", "at_risk"),
        ("Alpha", 500, "key", "active"),
        ("Delta", 50, "standard", "in_crisis"),
        ("Gamma", 150, "standard", "active"),
        ("Gone", 10_000, "key", "active"),
    ]:
        ids[name] = services.accounts.create(
            {"name": name, "annual_revenue": revenue, "tier": tier, "status": status,
             "margin_pct": 20.0, "renewal_date": "2027-01-31", "industry": "Retail"}).id
    services.accounts.delete(ids["Gone"])

    def action(name: str, deadline: str | None, status: str = "open") -> str:
        return services.actions.create({"account_id": ids[name], "title": f"do {deadline}",
                                        "deadline": deadline, "status": status}).id

    action("Alpha", "2026-12-10")
    action("Alpha", "2026-11-15", "waiting")  # overdue still counts: it is the next one
    action("Alpha", "2026-10-01", "done")
    action("Alpha", "2026-09-01", "cancelled")
    services.actions.delete(action("Alpha", "2026-08-01"))
    action("Beta", None)
    action("Gamma", "2027-02-01", "done")
    return ids


def test_ranked_by_revenue_with_shares(store: Store, filled: dict[str, str]) -> None:
    page = portfolio(store)
    assert [r.name for r in page.rows] == ["Alpha", "Beta", "Gamma", "Delta"]
    assert [r.rank for r in page.rows] == [1, 2, 3, 4]
    assert page.total_accounts == 4
    assert page.total_revenue == pytest.approx(1000)
    assert [r.share_pct for r in page.rows] == pytest.approx([50, 30, 15, 5])
    assert [r.cumulative_share_pct for r in page.rows] == pytest.approx([50, 80, 95, 100])
    alpha = page.rows[0]
    assert alpha.id == filled["Alpha"]
    assert alpha.tier is Tier.key and page.rows[1].status is AccountStatus.at_risk
    assert alpha.margin_pct == 20.0 and alpha.industry == "Retail"
    assert alpha.renewal_date == date(2027, 1, 31)
    assert not page.is_partial and page.matching is None  # no filter: nothing to count


def test_open_actions_and_next_deadline(store: Store, filled: dict[str, str]) -> None:
    rows = {r.name: r for r in portfolio(store).rows}
    assert rows["Alpha"].open_actions == 2  # open + waiting; not done, cancelled, deleted
    assert rows["Alpha"].next_deadline == date(2026, 11, 15)
    assert rows["Beta"].open_actions == 1 and rows["Beta"].next_deadline is None
    assert rows["Gamma"].open_actions == 0 and rows["Gamma"].next_deadline is None


def test_paging_keeps_whole_portfolio_shares(store: Store, filled: dict[str, str]) -> None:
    page = portfolio(store, limit=2, offset=1)
    assert [r.name for r in page.rows] == ["Beta", "Gamma"]
    assert [r.rank for r in page.rows] == [2, 3]
    assert [r.cumulative_share_pct for r in page.rows] == pytest.approx([80, 95])
    assert page.total_accounts == 4 and page.is_partial
    beyond = portfolio(store, offset=10)
    assert beyond.rows == [] and beyond.total_accounts == 4


@pytest.mark.parametrize(("sort", "descending", "names"), [
    (PortfolioSort.revenue, None, ["Alpha", "Beta", "Gamma", "Delta"]),
    (PortfolioSort.revenue, False, ["Delta", "Gamma", "Beta", "Alpha"]),
    (PortfolioSort.name, None, ["Alpha", "Beta", "Delta", "Gamma"]),
    (PortfolioSort.name, True, ["Gamma", "Delta", "Beta", "Alpha"]),
    (PortfolioSort.tier, None, ["Alpha", "Beta", "Gamma", "Delta"]),  # key, major, standard
    (PortfolioSort.status, None, ["Delta", "Beta", "Alpha", "Gamma"]),  # trouble first
    (PortfolioSort.open, None, ["Alpha", "Beta", "Gamma", "Delta"]),  # 2, 1, 0, 0
    (PortfolioSort.next, None, ["Alpha", "Beta", "Gamma", "Delta"]),  # only Alpha has one
])
def test_sorting(store: Store, filled: dict[str, str], sort: PortfolioSort,
                 descending: bool | None, names: list[str]) -> None:
    page = portfolio(store, sort=sort, descending=descending)
    assert [r.name for r in page.rows] == names
    # Shares and ranks stay those of the revenue ranking whatever the order.
    assert {r.name: r.rank for r in page.rows} == {"Alpha": 1, "Beta": 2, "Gamma": 3,
                                                   "Delta": 4}


def test_filtering_keeps_whole_portfolio_shares(store: Store, filled: dict[str, str],
                                                services: Services) -> None:
    page = portfolio(store, where=PortfolioFilter(tiers=frozenset({Tier.standard})))
    assert [r.name for r in page.rows] == ["Gamma", "Delta"]
    assert [r.share_pct for r in page.rows] == pytest.approx([15, 5])  # of all 1000
    assert page.matching == 2 and page.total_accounts == 4 and not page.is_partial
    troubled = PortfolioFilter(statuses=frozenset({AccountStatus.at_risk,
                                                   AccountStatus.in_crisis}))
    assert [r.name for r in portfolio(store, where=troubled).rows] == ["Beta", "Delta"]
    services.accounts.update(filled["Gamma"], {"region": "Nordics 100%"})
    assert [r.name for r in portfolio(store, where=PortfolioFilter(text="retail")).rows] == [
        "Alpha", "Beta", "Gamma", "Delta"]  # industry, any case
    assert [r.name for r in portfolio(store, where=PortfolioFilter(text="0%")).rows] == [
        "Gamma"]  # region; % matched literally
    page = portfolio(store, limit=1, where=PortfolioFilter(text="a"))
    assert page.matching == 4 and page.is_partial


def test_ties_are_ordered_by_name(store: Store, services: Services) -> None:
    for name in ["b", "C", "a"]:
        services.accounts.create({"name": name, "annual_revenue": 100})
    page = portfolio(store)
    assert [r.name for r in page.rows] == ["a", "b", "C"]
    assert [r.cumulative_share_pct for r in page.rows] == pytest.approx([100 / 3, 200 / 3, 100])


def test_empty_and_zero_revenue(store: Store, services: Services) -> None:
    empty = portfolio(store)
    assert empty.rows == [] and empty.total_accounts == 0 and empty.total_revenue == 0
    services.accounts.create({"name": "Free", "annual_revenue": 0})
    (row,) = portfolio(store).rows
    assert row.share_pct == 0 and row.cumulative_share_pct == 0


def test_summary(store: Store, filled: dict[str, str]) -> None:
    summary = portfolio_summary(store)
    assert summary.accounts == 4
    assert summary.revenue == pytest.approx(1000)
    assert summary.by_tier == {Tier.key: 1, Tier.major: 1, Tier.standard: 2}
    assert summary.troubled == 2


def test_find_accounts(store: Store, services: Services, filled: dict[str, str]) -> None:
    services.accounts.create({"name": "Alphabet [/] 100%_done", "annual_revenue": 1})
    assert [a.name for a in find_accounts(store, "alp")][:2] == [
        "Alpha", "Alphabet [/] 100%_done"]
    # 'Beta' holds "eta" as typed; 'Delta' only has the letters in order, so comes after.
    assert [a.name for a in find_accounts(store, "eta")] == ["Beta", "Delta"]
    assert [a.name for a in find_accounts(store, "gma")] == ["Gamma"]  # letters in order
    assert [a.name for a in find_accounts(store, "G a")] == ["Gamma"]  # spaces ignored
    assert [a.name for a in find_accounts(store, "%_")] == ["Alphabet [/] 100%_done"]
    assert [a.name for a in find_accounts(store, "[/]")] == ["Alphabet [/] 100%_done"]
    assert find_accounts(store, "gone") == []  # deleted
    assert [a.name for a in find_accounts(store, "", limit=2)] == ["Alpha", "Beta"]
    assert len(find_accounts(store, "a", limit=1)) == 1


def test_queries_do_not_import_textual() -> None:
    code = ("import sys, kamtui.store.queries; "
            "sys.exit(1 if any(m.split('.')[0] == 'textual' for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


TODAY = date(2026, 11, 22)


@pytest.fixture
def varied(services: Services) -> dict[str, str]:
    """Four accounts whose key scores and health are worked out here (default weights:
    revenue 40, profitability 20, strategic 20, growth 20; every fraction a power of two,
    so the sums are exact):

      name   revenue margin s g  revenue pts    profit  strat growth  score   health
      Apex   400     30     5 5  4/4 x 40 = 40  20      20    20      100     55
      Birch  300     15     3 3  3/4 x 40 = 30  10      10    10       60     65
      Cedar  200     30     1 5  2/4 x 40 = 20  20       0    20       60     65
      Dune   100     -      1 1  1/4 x 40 = 10  10       0     0       20     90

(no margin counts as neutral: half the profitability points)

    Health starts at 65 for an account with nothing recorded (no economic buyer -10, no
    live relationship -10, roles -5, never contacted -10). Apex has two overdue actions
    (-10); Dune has an economic buyer of strength 4 spoken to today (buyer 0, single-threaded
    -5, roles -5, recency 0). Only Birch and Cedar renew; only Apex has a deadline."""
    ids = {}
    for name, revenue, margin, strategic, growth, tier, renewal in [
        ("Cedar", 200, 30.0, 1, 5, "standard", "2027-01-01"),
        ("Apex", 400, 30.0, 5, 5, "key", None),
        ("Dune", 100, None, 1, 1, "standard", None),
        ("Birch", 300, 15.0, 3, 3, "major", "2027-03-01"),
    ]:
        ids[name] = services.accounts.create({
            "name": name, "annual_revenue": revenue, "margin_pct": margin,
            "strategic_importance": strategic, "growth_potential": growth, "tier": tier,
            "renewal_date": renewal}).id
    for deadline in ("2026-11-01", "2026-11-20"):
        services.actions.create({"account_id": ids["Apex"], "title": "late",
                                 "deadline": deadline})
    services.contacts.create({"account_id": ids["Dune"], "name": "Eve",
                              "buying_role": "economic_buyer", "strength": 4,
                              "last_contacted": TODAY})
    services.accounts.delete(services.accounts.create({"name": "Gone"}).id)
    return ids


def names(page: PortfolioPage) -> list[str]:
    return [r.name for r in page.rows]


@pytest.mark.parametrize(("sort", "descending", "expected"), [
    # Birch and Cedar tie at 60 (and at health 65): the revenue ranking breaks the tie
    # whichever way the column goes.
    (PortfolioSort.score, None, ["Apex", "Birch", "Cedar", "Dune"]),
    (PortfolioSort.score, False, ["Dune", "Birch", "Cedar", "Apex"]),
    (PortfolioSort.health, None, ["Apex", "Birch", "Cedar", "Dune"]),  # weakest first
    (PortfolioSort.health, True, ["Dune", "Birch", "Cedar", "Apex"]),
    (PortfolioSort.strategic, None, ["Apex", "Birch", "Cedar", "Dune"]),  # 5, 3, 1, 1
    (PortfolioSort.growth, None, ["Apex", "Cedar", "Birch", "Dune"]),  # 5, 5, 3, 1
    (PortfolioSort.growth, False, ["Dune", "Birch", "Apex", "Cedar"]),
    (PortfolioSort.share, None, ["Apex", "Birch", "Cedar", "Dune"]),
    (PortfolioSort.share, False, ["Dune", "Cedar", "Birch", "Apex"]),
    # Missing values last, either way.
    (PortfolioSort.margin, None, ["Apex", "Cedar", "Birch", "Dune"]),  # 30, 30, 15, -
    (PortfolioSort.margin, False, ["Birch", "Apex", "Cedar", "Dune"]),
    (PortfolioSort.renewal, None, ["Cedar", "Birch", "Apex", "Dune"]),
    (PortfolioSort.renewal, True, ["Birch", "Cedar", "Apex", "Dune"]),
    (PortfolioSort.next, True, ["Apex", "Birch", "Cedar", "Dune"]),
    (PortfolioSort.open, False, ["Birch", "Cedar", "Dune", "Apex"]),  # 0, 0, 0, 2
])
def test_every_column_sorts(store: Store, varied: dict[str, str], sort: PortfolioSort,
                            descending: bool | None, expected: list[str]) -> None:
    page = portfolio(store, sort=sort, descending=descending, scoring=Scoring(), today=TODAY)
    assert names(page) == expected
    assert {r.name: (r.score, r.health) for r in page.rows} == {
        "Apex": (100, 55), "Birch": (60, 65), "Cedar": (60, 65), "Dune": (20, 90)}
    assert {r.name: r.rank for r in page.rows} == {"Apex": 1, "Birch": 2, "Cedar": 3,
                                                   "Dune": 4}


def test_scores_and_health_are_those_of_the_other_views(store: Store, services: Services,
                                                        varied: dict[str, str]) -> None:
    rows = portfolio(store, scoring=Scoring(), today=TODAY).rows
    scores = {r.id: r.score for r in key_scores(store, Scoring()).rows}
    assert {r.id: r.score for r in rows} == scores
    assert {r.id: r.health for r in rows} == {
        r.id: account_health(store, r.id, TODAY).score for r in rows}
    assert (rows[1].strategic_importance, rows[1].growth_potential) == (3, 3)  # Birch
    # Without the scoring settings or a day there is nothing to show, or to sort by.
    bare = portfolio(store).rows
    assert {(r.score, r.health) for r in bare} == {(None, None)}
    with pytest.raises(ValueError, match="key score"):
        portfolio(store, sort=PortfolioSort.score)
    with pytest.raises(ValueError, match="health"):
        portfolio(store, sort=PortfolioSort.health)


def test_health_sort_filters_and_pages(store: Store, varied: dict[str, str]) -> None:
    standard = PortfolioFilter(tiers=frozenset({Tier.standard}))
    page = portfolio(store, sort=PortfolioSort.health, where=standard, today=TODAY)
    assert names(page) == ["Cedar", "Dune"] and page.matching == 2
    page = portfolio(store, sort=PortfolioSort.health, today=TODAY, limit=2, offset=1)
    assert names(page) == ["Birch", "Cedar"] and page.is_partial
    assert [r.health for r in page.rows] == [65, 65]
    page = portfolio(store, sort=PortfolioSort.score, scoring=Scoring(), limit=1, offset=2,
                     where=PortfolioFilter(text="e"))  # Apex, Cedar, Dune
    assert names(page) == ["Dune"] and page.matching == 3


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


def test_health_order_follows_every_change(store: Store, services: Services,
                                           varied: dict[str, str]) -> None:
    """The whole portfolio's health is remembered between sorts, until anything commits:
    this process through the store, or another through its own connection."""
    def by_health() -> list[str]:
        return names(portfolio(store, sort=PortfolioSort.health, today=TODAY))

    first = count_queries(store, by_health)
    again = count_queries(store, by_health)
    assert again < first  # remembered: no health queries the second time
    escalation = services.escalations.create({
        "account_id": varied["Birch"], "trigger": "complaint",
        "opened_at": datetime(2026, 11, 20, tzinfo=UTC)})  # 65 - 15 = 50
    assert by_health() == ["Birch", "Apex", "Cedar", "Dune"]
    with closing(sqlite3.connect(store.path)) as other, other:
        other.execute("UPDATE escalation SET resolved_at = '2026-11-21 10:00:00.000000' "
                      "WHERE id = ?", (escalation.id,))
    assert by_health() == ["Apex", "Birch", "Cedar", "Dune"]
    # Another day is worked out afresh: on October 1st Apex's actions were not overdue
    # yet, and Eve (contacted "later") was real but no contact so far (Dune 100 - 20).
    page = portfolio(store, sort=PortfolioSort.health, today=date(2026, 10, 1))
    assert [(r.name, r.health) for r in page.rows] == [
        ("Apex", 65), ("Birch", 65), ("Cedar", 65), ("Dune", 80)]
