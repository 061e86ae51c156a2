"""The Pareto figure of the portfolio: the fewest top accounts by revenue that bring 80 %
of it ("9 accounts = 22% of accounts, 81% of revenue"), computed with window functions."""

import math
from dataclasses import dataclass

from sqlalchemy import func, select

from kamtui.domain import Account
from kamtui.store.engine import Store

_account = Account.__table__
PARETO_TARGET_PCT = 80.0


@dataclass(frozen=True)
class Pareto:
    """The smallest set of top accounts (by revenue) bringing `target_pct` of revenue."""

    accounts: int  # live accounts
    revenue: float
    top_accounts: int
    top_accounts_pct: float
    top_revenue_pct: float
    target_pct: float = PARETO_TARGET_PCT

    def describe(self) -> str:
        """The short form for a summary line."""
        if not self.top_accounts:
            return "no revenue recorded yet"
        noun = "account" if self.top_accounts == 1 else "accounts"
        return (f"{self.top_accounts} {noun} = {_pct(self.top_accounts_pct)}% of accounts, "
                f"{_pct(self.top_revenue_pct)}% of revenue")

    def sentence(self) -> str:
        if not self.top_accounts:
            return "No revenue is recorded yet, so there is no Pareto figure."
        return (f"The top {self.top_accounts} of {self.accounts} accounts "
                f"({_pct(self.top_accounts_pct)}%) bring {_pct(self.top_revenue_pct)}% of "
                f"the revenue.")


def _pct(value: float) -> int:
    """Rounded half up, as people round (22.5 -> 23), not half to even."""
    return math.floor(value + 0.5)


def _by_revenue() -> tuple:
    # As queries.portfolio ranks: ties broken by name, then id.
    return (_account.c.annual_revenue.desc(), func.lower(_account.c.name), _account.c.id)


def pareto(store: Store, *, target_pct: float = PARETO_TARGET_PCT) -> Pareto:
    """The fewest top accounts by revenue whose revenue reaches `target_pct` of the live
    portfolio's, with what share of the accounts and of the revenue they are."""
    revenue = _account.c.annual_revenue
    live = _account.c.deleted_at.is_(None)
    ranked = select(
        func.row_number().over(order_by=_by_revenue()).label("rank"),
        func.sum(revenue).over(order_by=_by_revenue(), rows=(None, 0)).label("running"),
        func.sum(revenue).over().label("total"), func.count().over().label("accounts"),
    ).where(live).subquery("ranked")
    r = ranked.c
    # A hair of tolerance: 80% made of sums of floats may come out as 79.99999999.
    reached = r.running * 100.0 >= r.total * (target_pct - 1e-9)
    query = select(r.rank, r.running, r.total, r.accounts).where(r.total > 0, reached) \
        .order_by(r.rank).limit(1)
    with store.read() as session:
        found = session.execute(query).one_or_none()
        if found is None:
            count, total = session.execute(
                select(func.count(), func.coalesce(func.sum(revenue), 0.0)).where(live)).one()
            return Pareto(accounts=count, revenue=float(total), top_accounts=0,
                          top_accounts_pct=0.0, top_revenue_pct=0.0, target_pct=target_pct)
    rank, running, total, count = found
    return Pareto(accounts=count, revenue=float(total), top_accounts=rank,
                  top_accounts_pct=100.0 * rank / count, top_revenue_pct=100.0 * running / total,
                  target_pct=target_pct)


__all__ = ["PARETO_TARGET_PCT", "Pareto", "pareto"]
