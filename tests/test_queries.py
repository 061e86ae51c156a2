"""The portfolio figures the screens show: ranking, shares, open work, paging, finding."""

import subprocess
import sys
from datetime import date

import pytest

from kamtui.domain.enums import AccountStatus, Tier
from kamtui.store import Store
from kamtui.store.queries import (
    PortfolioFilter,
    PortfolioSort,
    find_accounts,
    portfolio,
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
