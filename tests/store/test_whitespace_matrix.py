"""The portfolio-wide whitespace matrix: rows by revenue, columns by product line and name,
cells and per-product totals worked out by hand on a small portfolio; the tier filter,
paging, a fixed number of queries per page, and agreement with each account's whitespace
on the sample portfolio."""

from datetime import date

import pytest
from sqlalchemy import event

from kamtui.demo import build_demo
from kamtui.domain.enums import Tier, WhitespaceState
from kamtui.store import Store
from kamtui.store.repos import Services
from kamtui.store.whitespace_matrix import ProductTotals, WhitespaceMatrix, whitespace_matrix
from kamtui.store.whitespace_view import account_whitespace

HAS, IN_PLAY, OPEN, NOT_RELEVANT = (WhitespaceState.has, WhitespaceState.in_play,
                                    WhitespaceState.open, WhitespaceState.not_relevant)


@pytest.fixture
def ids(services: Services) -> dict[str, str]:
    """Big (key, 300), Mid (major, 200), Small (standard, 100) and three products, plus a
    deleted account, a deleted product and a deleted cell that must all be left out."""
    made = {name: services.accounts.create(
        {"name": name, "tier": tier, "annual_revenue": revenue}).id
        for name, tier, revenue in (("Small", "standard", 100), ("Big", "key", 300),
                                    ("Mid", "major", 200), ("Gone", "key", 999))}
    made |= {name: services.products.create({"name": name, "line": line}).id
             for name, line in (("Academy", ""), ("EDI", "Integration"),
                                ("api pack", "Integration"), ("Ghost", "Services"))}

    def cell(account: str, product: str, state: WhitespaceState, value: float | None = None,
             notes: str = "") -> str:
        return services.whitespace.create({"account_id": made[account],
                                           "product_id": made[product], "state": state,
                                           "value": value, "notes": notes}).id

    cell("Big", "api pack", HAS, 1000)
    cell("Big", "EDI", IN_PLAY, 500)
    cell("Big", "Academy", OPEN)  # open but not valued
    cell("Big", "Ghost", HAS, 50)
    cell("Mid", "api pack", OPEN, 300)
    cell("Mid", "EDI", NOT_RELEVANT)
    services.whitespace.delete(cell("Mid", "Academy", IN_PLAY, 700))  # back to unknown
    cell("Small", "EDI", OPEN, 200, notes="[b]asked[/b] for a quote")
    cell("Gone", "api pack", OPEN, 5000)
    services.accounts.delete(made["Gone"])
    services.products.delete(made["Ghost"])
    return made


def states(matrix: WhitespaceMatrix) -> list[tuple[str, list]]:
    return [(r.name, [(c.state, c.value) if c else None for c in r.cells])
            for r in matrix.rows]


def test_rows_columns_cells_and_totals(store: Store, ids: dict[str, str]) -> None:
    m = whitespace_matrix(store)
    # Product line then name (any case); a product with no line comes last.
    assert [p.name for p in m.products] == ["api pack", "EDI", "Academy"]
    assert [p.line for p in m.products] == ["Integration", "Integration", ""]
    assert [(r.rank, r.name, r.tier, r.annual_revenue) for r in m.rows] == [
        (1, "Big", Tier.key, 300), (2, "Mid", Tier.major, 200),
        (3, "Small", Tier.standard, 100)]
    assert states(m) == [
        ("Big", [(HAS, 1000), (IN_PLAY, 500), (OPEN, None)]),
        ("Mid", [(OPEN, 300), (NOT_RELEVANT, None), None]),
        ("Small", [None, (OPEN, 200), None])]
    assert m.rows[2].cells[1].notes == "[b]asked[/b] for a quote"
    assert [r.to_win for r in m.rows] == [500, 300, 200]
    assert m.totals == [
        ProductTotals(has=1, open=1, to_win=300),
        ProductTotals(in_play=1, open=1, not_relevant=1, to_win=700),
        ProductTotals(open=1, unvalued=1)]
    assert [m.unknown(n) for n in range(3)] == [1, 0, 2]
    assert (m.matching, m.offset, m.is_partial) == (3, 0, False)


def test_tier_filter_keeps_the_portfolio_rank(store: Store, ids: dict[str, str]) -> None:
    m = whitespace_matrix(store, tier=Tier.major)
    assert [(r.rank, r.name) for r in m.rows] == [(2, "Mid")]
    assert m.matching == 1 and m.tier == Tier.major
    # Totals cover only the filtered accounts.
    assert m.totals == [ProductTotals(open=1, to_win=300), ProductTotals(not_relevant=1),
                        ProductTotals()]
    assert [m.unknown(n) for n in range(3)] == [0, 0, 1]


def test_paging_in_sql(store: Store, ids: dict[str, str]) -> None:
    page = whitespace_matrix(store, limit=1, offset=1)
    assert [r.name for r in page.rows] == ["Mid"] and page.is_partial
    assert page.matching == 3 and page.totals[0] == ProductTotals(has=1, open=1, to_win=300)
    assert [r.name for r in whitespace_matrix(store, limit=2, offset=2).rows] == ["Small"]
    past = whitespace_matrix(store, offset=3)
    assert past.rows == [] and past.matching == 3 and past.is_partial


def test_ties_by_name_and_no_products(services: Services) -> None:
    for name in ("beta", "Alpha", "Gamma"):
        services.accounts.create({"name": name, "annual_revenue": 10})
    m = whitespace_matrix(services.store)
    assert [r.name for r in m.rows] == ["Alpha", "beta", "Gamma"]
    assert m.products == [] and m.totals == [] and m.rows[0].cells == ()


def test_a_page_is_a_fixed_number_of_queries(store: Store, ids: dict[str, str]) -> None:
    seen: list[str] = []

    def count(_conn, _cursor, statement: str, *_args: object) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        whitespace_matrix(store, limit=1)
        one = len(seen)
        seen.clear()
        whitespace_matrix(store, limit=3)
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    assert one == len(seen) <= 5  # not one per account


def test_agrees_with_each_accounts_whitespace(store: Store, services: Services) -> None:
    build_demo(store, date(2026, 11, 22))
    m = whitespace_matrix(store)
    assert m.matching == len(m.rows) == len(services.accounts.list())
    assert [p.line for p in m.products] == sorted((p.line for p in m.products),
                                                  key=str.casefold)
    counts = {p.id: {s: 0 for s in WhitespaceState} for p in m.products}
    for row in m.rows:
        theirs = {w.product_id: (w.state, w.value) for w in account_whitespace(store,
                                                                              row.account_id)}
        ours = {p.id: (c.state, c.value) if c else (None, None)
                for p, c in zip(m.products, row.cells, strict=True)}
        assert ours == theirs
        for product_id, (state, _value) in ours.items():
            if state is not None:
                counts[product_id][state] += 1
    for product, totals in zip(m.products, m.totals, strict=True):
        assert {s: totals.count(s) for s in WhitespaceState} == counts[product.id]
    revenues = [r.annual_revenue for r in m.rows]
    assert revenues == sorted(revenues, reverse=True)
