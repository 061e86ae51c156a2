"""Read-only queries the screens show: the portfolio's rows, sorts and filter (the query
itself is kamtui.store.portfolio), its summary, and finding accounts by name. Figures are
computed in SQL and paged there; no Textual here."""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from sqlalchemy import ColumnElement, case, func, select

from kamtui.domain import Account
from kamtui.domain.enums import AccountStatus, Tier
from kamtui.store.engine import Store
from kamtui.store.live_sql import like_escape

_account = Account.__table__

# Statuses of an action item that still need doing.
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
    strategic_importance: int  # 1-5
    growth_potential: int  # 1-5
    status: AccountStatus
    renewal_date: date | None
    open_actions: int  # open or waiting, not deleted
    next_deadline: date | None  # earliest deadline among those (may be overdue)
    score: int | None = None  # the key score, when asked for with the scoring settings
    health: int | None = None  # the health score, when asked for with today's date


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
    score = "score"  # the key score
    health = "health"
    strategic = "strategic"  # strategic importance
    growth = "growth"  # growth potential
    share = "share"  # of revenue: the revenue ranking, under its own heading


# Sorted highest first unless asked otherwise; the rest lowest, earliest or A-Z first.
# Health goes weakest first, as status goes trouble first.
NATURALLY_DESCENDING = frozenset({
    PortfolioSort.revenue, PortfolioSort.share, PortfolioSort.margin, PortfolioSort.open,
    PortfolioSort.score, PortfolioSort.strategic, PortfolioSort.growth})


@dataclass(frozen=True)
class PortfolioFilter:
    tiers: frozenset[Tier] = frozenset()  # empty: every tier
    statuses: frozenset[AccountStatus] = frozenset()
    text: str = ""  # in the name, industry or region, any case

    @property
    def active(self) -> bool:
        return bool(self.tiers or self.statuses or self.text.strip())


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
        letters = "%".join(like_escape(ch) for ch in wanted)
        whole = like_escape(text.strip())
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
    "NATURALLY_DESCENDING", "AccountMatch", "PortfolioFilter", "PortfolioPage", "PortfolioRow",
    "PortfolioSort", "PortfolioSummary", "find_accounts", "portfolio_summary",
]
