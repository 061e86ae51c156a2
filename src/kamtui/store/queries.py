"""Read-only queries the screens show: the portfolio ranked by revenue, its summary, and
finding accounts by name. Figures are computed in SQL and paged there; no Textual here."""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select

from kamtui.domain import Account, ActionItem
from kamtui.domain.enums import AccountStatus, ActionStatus, Tier
from kamtui.store.engine import Store

_account = Account.__table__
_action = ActionItem.__table__

# Statuses of an action item that still need doing.
OUTSTANDING = (ActionStatus.open.value, ActionStatus.waiting.value)
# Statuses of an account that need the KAM's attention.
TROUBLED = (AccountStatus.at_risk.value, AccountStatus.in_crisis.value)


@dataclass(frozen=True)
class PortfolioRow:
    """One account in the portfolio ranking."""

    rank: int  # 1 = highest revenue
    id: str
    name: str
    tier: Tier
    industry: str
    region: str
    annual_revenue: float
    share_pct: float  # of total revenue of live accounts; 0 when the total is 0
    cumulative_share_pct: float  # this account and every one ranked above it (Pareto)
    margin_pct: float | None
    status: AccountStatus
    renewal_date: date | None
    open_actions: int  # open or waiting, not deleted
    next_deadline: date | None  # earliest deadline among those (may be overdue)


@dataclass(frozen=True)
class PortfolioPage:
    """A page of the ranking, with totals over the whole live portfolio."""

    rows: list[PortfolioRow]
    total_accounts: int
    total_revenue: float
    offset: int = 0
    matching: int | None = None  # accounts passing the filter (None: no filter, all)

    @property
    def is_partial(self) -> bool:
        """Whether accounts passing the filter exist outside this page."""
        return self.offset > 0 or self.offset + len(self.rows) < self.shown_total

    @property
    def shown_total(self) -> int:
        return self.total_accounts if self.matching is None else self.matching


@dataclass(frozen=True)
class PortfolioSummary:
    """Head counts of the live portfolio."""

    accounts: int
    revenue: float
    by_tier: dict[Tier, int] = field(default_factory=dict)  # every tier, zero included
    troubled: int = 0  # at risk or in crisis


@dataclass(frozen=True)
class AccountMatch:
    """An account found by name (for the command palette and pickers)."""

    id: str
    name: str
    tier: Tier
    status: AccountStatus
    annual_revenue: float


def _live() -> ColumnElement[bool]:
    return _account.c.deleted_at.is_(None)


def _ranking() -> tuple[ColumnElement, ...]:
    # Ties are broken by name, then id, so the order (and the cumulative share) is stable.
    return (_account.c.annual_revenue.desc(), func.lower(_account.c.name), _account.c.id)


def _totals() -> Select:
    return select(func.count(), func.coalesce(func.sum(_account.c.annual_revenue), 0.0)).where(
        _live())


class PortfolioSort(StrEnum):
    """The columns the portfolio can be sorted by."""

    revenue = "revenue"  # the ranking: share and cumulative share follow it
    name = "name"
    tier = "tier"
    status = "status"
    margin = "margin"
    open = "open"
    next = "next"
    renewal = "renewal"
    industry = "industry"


@dataclass(frozen=True)
class PortfolioFilter:
    tiers: frozenset[Tier] = frozenset()  # empty: every tier
    statuses: frozenset[AccountStatus] = frozenset()
    text: str = ""  # in the name, industry or region, any case

    @property
    def active(self) -> bool:
        return bool(self.tiers or self.statuses or self.text.strip())


_TIER_ORDER = case({t.value: n for n, t in enumerate(Tier)}, value=_account.c.tier, else_=9)
# Trouble first when sorting by status.
_STATUS_ORDER = case({s.value: n for n, s in enumerate(
    (AccountStatus.in_crisis, AccountStatus.at_risk, AccountStatus.active,
     AccountStatus.churned))}, value=_account.c.status, else_=9)


def portfolio(store: Store, *, limit: int = 500, offset: int = 0,
              sort: PortfolioSort = PortfolioSort.revenue, descending: bool | None = None,
              where: PortfolioFilter = PortfolioFilter()) -> PortfolioPage:
    """Live accounts, `limit` from `offset`, ranked by annual revenue or sorted by `sort`
    (`descending` defaults to what reads naturally: revenue and margin highest first,
    dates soonest first, names A-Z). Shares are always of the whole live portfolio, so a
    filtered view still says how much of the business it holds."""
    revenue = _account.c.annual_revenue
    order = _ranking()
    total = func.sum(revenue).over()
    # Window functions see every live account before the filter and LIMIT apply.
    ranked = (
        select(
            _account.c.id, _account.c.name, _account.c.tier, _account.c.industry,
            _account.c.region, revenue, _account.c.margin_pct, _account.c.status,
            _account.c.renewal_date, _TIER_ORDER.label("tier_order"),
            _STATUS_ORDER.label("status_order"),
            func.row_number().over(order_by=order).label("rank"),
            (100.0 * revenue / func.nullif(total, 0)).label("share"),
            (100.0 * func.sum(revenue).over(order_by=order, rows=(None, 0))
             / func.nullif(total, 0)).label("cumulative"),
        )
        .where(_live())
        .subquery("ranked")
    )
    outstanding = and_(_action.c.account_id == ranked.c.id, _action.c.deleted_at.is_(None),
                       _action.c.status.in_(OUTSTANDING))
    # Correlated subqueries run only for the rows of the page (or, sorted by them, for
    # the rows that pass the filter).
    open_actions = select(func.count()).where(outstanding).scalar_subquery()
    next_deadline = select(func.min(_action.c.deadline)).where(outstanding).scalar_subquery()
    conditions = _filter(ranked, where)
    query = (select(ranked, open_actions.label("open_actions"),
                    next_deadline.label("next_deadline"))
             .where(*conditions)
             .order_by(*_sorting(ranked, sort, descending, open_actions, next_deadline),
                       ranked.c.rank)
             .limit(max(0, limit)).offset(max(0, offset)))
    with store.read() as session:
        count, total_revenue = session.execute(_totals()).one()
        shown = (session.execute(select(func.count()).select_from(ranked).where(*conditions))
                 .scalar_one() if where.active else count)
        result = session.execute(query).mappings().all()
    rows = [
        PortfolioRow(
            rank=r["rank"], id=r["id"], name=r["name"], tier=Tier(r["tier"]),
            industry=r["industry"], region=r["region"], annual_revenue=r["annual_revenue"],
            share_pct=r["share"] or 0.0, cumulative_share_pct=r["cumulative"] or 0.0,
            margin_pct=r["margin_pct"], status=AccountStatus(r["status"]),
            renewal_date=r["renewal_date"], open_actions=r["open_actions"],
            next_deadline=r["next_deadline"],
        )
        for r in result
    ]
    return PortfolioPage(rows=rows, total_accounts=count, total_revenue=float(total_revenue),
                         offset=max(0, offset), matching=shown if where.active else None)


def _filter(ranked: Any, where: PortfolioFilter) -> list[ColumnElement[bool]]:  # noqa: ANN401
    conditions: list[ColumnElement[bool]] = []
    if where.tiers:
        conditions.append(ranked.c.tier.in_(sorted(t.value for t in where.tiers)))
    if where.statuses:
        conditions.append(ranked.c.status.in_(sorted(s.value for s in where.statuses)))
    text = where.text.strip()
    if text:
        pattern = f"%{_like_escape(text)}%"
        conditions.append(or_(*(column.like(pattern, escape="\\") for column in
                                (ranked.c.name, ranked.c.industry, ranked.c.region))))
    return conditions


def _sorting(ranked: Any, sort: PortfolioSort, descending: bool | None,  # noqa: ANN401
             open_actions: Any, next_deadline: Any) -> list[ColumnElement]:  # noqa: ANN401
    key, natural_desc = {
        PortfolioSort.revenue: (ranked.c.rank, False),  # rank 1 is the highest revenue
        PortfolioSort.name: (func.lower(ranked.c.name), False),
        PortfolioSort.tier: (ranked.c.tier_order, False),
        PortfolioSort.status: (ranked.c.status_order, False),
        PortfolioSort.margin: (ranked.c.margin_pct, True),
        PortfolioSort.open: (open_actions, True),
        PortfolioSort.next: (next_deadline, False),
        PortfolioSort.renewal: (ranked.c.renewal_date, False),
        PortfolioSort.industry: (func.lower(ranked.c.industry), False),
    }[sort]
    down = natural_desc if descending is None else descending
    if sort == PortfolioSort.revenue and descending is not None:
        down = not descending  # "descending revenue" is ascending rank
    # Missing values (no margin, no deadline, no renewal) go last either way.
    return [key.is_(None), key.desc() if down else key.asc()]


def portfolio_summary(store: Store) -> PortfolioSummary:
    """How many live accounts, their revenue, how many per tier and how many in trouble."""
    per_tier = [func.sum(case((_account.c.tier == tier.value, 1), else_=0)) for tier in Tier]
    troubled = func.sum(case((_account.c.status.in_(TROUBLED), 1), else_=0))
    query = select(func.count(), func.coalesce(func.sum(_account.c.annual_revenue), 0.0),
                   troubled, *per_tier).where(_live())
    with store.read() as session:
        count, revenue, in_trouble, *tiers = session.execute(query).one()
    return PortfolioSummary(
        accounts=count, revenue=float(revenue), troubled=in_trouble or 0,
        by_tier={tier: n or 0 for tier, n in zip(Tier, tiers, strict=True)},
    )


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_accounts(store: Store, text: str, *, limit: int = 20) -> list[AccountMatch]:
    """Live accounts whose name holds the letters of `text` in order (as the command
    palette's fuzzy matcher does; spaces are ignored), closest first: names starting
    with `text`, then names containing it, then the rest, each by revenue. An empty `text`
    gives the biggest accounts."""
    wanted = "".join(text.split())
    name = _account.c.name
    query = select(_account.c.id, name, _account.c.tier, _account.c.status,
                   _account.c.annual_revenue).where(_live())
    if wanted:
        letters = "%".join(_like_escape(ch) for ch in wanted)
        whole = _like_escape(text.strip())
        query = query.where(name.like(f"%{letters}%", escape="\\")).order_by(
            case((name.like(f"{whole}%", escape="\\"), 0),
                 (name.like(f"%{whole}%", escape="\\"), 1), else_=2),
        )
    query = query.order_by(*_ranking()).limit(max(0, limit))
    with store.read() as session:
        found = session.execute(query).all()
    return [AccountMatch(id=r.id, name=r.name, tier=Tier(r.tier),
                         status=AccountStatus(r.status), annual_revenue=r.annual_revenue)
            for r in found]


__all__ = [
    "AccountMatch", "PortfolioFilter", "PortfolioPage", "PortfolioRow", "PortfolioSort",
    "PortfolioSummary", "find_accounts",
    "portfolio", "portfolio_summary",
]
