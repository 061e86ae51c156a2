"""The portfolio's whitespace as one matrix (DOMAIN step 3): live accounts ranked by revenue
as rows, live products by line and name as columns, each cell the account's state and value
(None: unknown), and per product how many accounts have it, are buying it or could, with
what is still to win. A page is a fixed handful of queries whatever its size (never one per
account); no Textual here.

As in whitespace_view, an account with no live cell for a product is *unknown*, not open.
"""

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, case, func, select

from kamtui.domain import Account, Product, WhitespaceCell
from kamtui.domain.enums import Tier, WhitespaceState
from kamtui.store.engine import Store

_account, _product, _cell = Account.__table__, Product.__table__, WhitespaceCell.__table__

LIMIT = 200
# The page's account ids are bound parameters: stay well inside SQLite's limit.
MAX_LIMIT = 500
# The states whose value is business still to win.
TO_WIN = (WhitespaceState.open, WhitespaceState.in_play)


@dataclass(frozen=True)
class MatrixProduct:
    """A column of the matrix."""

    id: str
    name: str
    line: str  # the product line, "" when none


@dataclass(frozen=True)
class MatrixCell:
    """An account's live cell for one product."""

    cell_id: str
    state: WhitespaceState
    value: float | None  # None: not estimated
    notes: str


@dataclass(frozen=True)
class MatrixRow:
    """An account and its cells, one per product in the matrix's order (None: unknown)."""

    rank: int  # by revenue among every live account, 1 = highest (as the portfolio)
    account_id: str
    name: str
    tier: Tier
    annual_revenue: float
    cells: tuple[MatrixCell | None, ...]

    @property
    def to_win(self) -> float:
        """The value of this account's open and in-play cells."""
        return sum(c.value or 0.0 for c in self.cells if c is not None and c.state in TO_WIN)


@dataclass(frozen=True)
class ProductTotals:
    """One product over every account passing the filter (not only the page)."""

    has: int = 0
    in_play: int = 0
    open: int = 0
    not_relevant: int = 0
    to_win: float = 0.0  # value of the open and in-play cells
    unvalued: int = 0  # open or in-play cells with no value: to_win leaves them out

    def count(self, state: WhitespaceState) -> int:
        return getattr(self, state.value)


@dataclass(frozen=True)
class WhitespaceMatrix:
    """A page of the matrix."""

    products: list[MatrixProduct]
    rows: list[MatrixRow]
    totals: list[ProductTotals]  # one per product, in the same order
    matching: int  # live accounts passing the filter
    offset: int = 0
    tier: Tier | None = None  # the filter; None: every tier

    @property
    def is_partial(self) -> bool:
        """Whether accounts passing the filter exist outside this page."""
        return self.offset > 0 or self.offset + len(self.rows) < self.matching

    def unknown(self, product_index: int) -> int:
        """How many accounts passing the filter have no live cell for that product."""
        t = self.totals[product_index]
        return self.matching - t.has - t.in_play - t.open - t.not_relevant


def whitespace_matrix(store: Store, *, limit: int = LIMIT, offset: int = 0,
                      tier: Tier | None = None) -> WhitespaceMatrix:
    """Live accounts (of `tier`, or all), `limit` (at most MAX_LIMIT) from `offset` in
    revenue order, against every live product; totals cover every account of the filter."""
    limit, offset = max(0, min(limit, MAX_LIMIT)), max(0, offset)
    live_account = _account.c.deleted_at.is_(None)
    only_tier = [_account.c.tier == tier.value] if tier is not None else []
    order = (_account.c.annual_revenue.desc(), func.lower(_account.c.name), _account.c.id)
    # Ranked over every live account before the tier filter, as the portfolio ranks them.
    ranked = (select(_account.c.id, _account.c.name, _account.c.tier,
                     _account.c.annual_revenue,
                     func.row_number().over(order_by=order).label("rank"))
              .where(live_account).subquery("ranked"))
    page = (select(ranked).where(*([ranked.c.tier == tier.value] if tier else []))
            .order_by(ranked.c.rank).limit(limit).offset(offset))
    matching = select(func.count()).select_from(_account).where(live_account, *only_tier)
    products = (select(_product.c.id, _product.c.name, _product.c.line)
                .where(_product.c.deleted_at.is_(None))
                .order_by(func.coalesce(_product.c.line, "") == "",  # no line: last
                          func.lower(_product.c.line), func.lower(_product.c.name),
                          _product.c.id))
    with store.read() as session:
        columns = [MatrixProduct(r.id, r.name, r.line or "")
                   for r in session.execute(products).all()]
        count = session.execute(matching).scalar_one()
        accounts = session.execute(page).all()
        found = session.execute(_cells_of([a.id for a in accounts])).all() if (
            accounts and columns) else []
        summed = session.execute(_totals(live_account, only_tier)).all() if columns else []
    where = {p.id: n for n, p in enumerate(columns)}
    grid: dict[str, list[MatrixCell | None]] = {a.id: [None] * len(columns) for a in accounts}
    for c in found:
        if c.product_id in where:  # not a deleted product
            grid[c.account_id][where[c.product_id]] = MatrixCell(
                c.id, WhitespaceState(c.state), c.value, c.notes or "")
    totals = [ProductTotals()] * len(columns)
    for t in summed:
        if t.product_id in where:
            totals[where[t.product_id]] = ProductTotals(
                has=t.has or 0, in_play=t.in_play or 0, open=t.open or 0,
                not_relevant=t.not_relevant or 0, to_win=float(t.to_win or 0.0),
                unvalued=t.unvalued or 0)
    rows = [MatrixRow(rank=a.rank, account_id=a.id, name=a.name, tier=Tier(a.tier),
                      annual_revenue=a.annual_revenue, cells=tuple(grid[a.id]))
            for a in accounts]
    return WhitespaceMatrix(products=columns, rows=rows, totals=totals, matching=count,
                            offset=offset, tier=tier)


def _cells_of(account_ids: list[str]) -> Select:
    return (select(_cell.c.id, _cell.c.account_id, _cell.c.product_id, _cell.c.state,
                   _cell.c.value, _cell.c.notes)
            .where(_cell.c.account_id.in_(account_ids), _cell.c.deleted_at.is_(None)))


def _totals(live_account: ColumnElement[bool], only_tier: list[ColumnElement[bool]]) -> Select:
    state = _cell.c.state
    to_win = state.in_([s.value for s in TO_WIN])

    def counting(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.sum(case((condition, 1), else_=0))

    return (select(_cell.c.product_id,
                   *(counting(state == s.value).label(s.value) for s in WhitespaceState),
                   func.sum(case((to_win, _cell.c.value), else_=None)).label("to_win"),
                   counting(and_(to_win, _cell.c.value.is_(None))).label("unvalued"))
            .select_from(_cell.join(_account, _account.c.id == _cell.c.account_id))
            .where(_cell.c.deleted_at.is_(None), live_account, *only_tier)
            .group_by(_cell.c.product_id))


__all__ = ["LIMIT", "MAX_LIMIT", "MatrixCell", "MatrixProduct", "MatrixRow", "ProductTotals",
           "TO_WIN", "WhitespaceMatrix", "whitespace_matrix"]
