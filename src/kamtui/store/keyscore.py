"""The key score (0-100) of each live account (DOMAIN step 1); `pareto` comes from
kamtui.store.pareto. Computed in SQL with window functions over the whole live portfolio,
then sorted, filtered and paged there; Python only puts each factor's reason in words.

Each factor gives a fraction from 0 to 1, worth its weight's share of 100 points:
- revenue: the share of live accounts whose revenue is at or below this one's (the top
  account gets 1, the last of 20 gets 1/20); no revenue gets 0. A rank, not the share
  of revenue, so one giant customer does not flatten everyone else to zero.
- profitability: margin_pct / full_margin_pct, clamped to 0-1; without a margin, the
  margin is (revenue - cost_to_serve) / revenue when both are known; with neither, it is
  unknown and counts as neutral (0.5), and the reason says so.
- strategic importance and growth potential: (rating - 1) / 4, so 1/5 -> 0, 3/5 -> 0.5.
The key score is the sum of the points, rounded half up to a whole number.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Subquery, case, cast, func, literal, select, type_coerce
from sqlalchemy.types import Float, Integer

from kamtui.domain import Account
from kamtui.domain.enums import AccountStatus, Tier
from kamtui.scoring_config import Scoring
from kamtui.store.engine import Store
from kamtui.store.pareto import Pareto, pareto

_account = Account.__table__
FACTORS = ("revenue", "profitability", "strategic", "growth")
# Sort keys: each column's natural direction; ties fall back to the revenue ranking.
SORTS = ("revenue", "score", "name", "tier", "margin", "strategic", "growth", "status",
         "renewal")


@dataclass(frozen=True)
class Factor:
    """One factor of the key score: its points out of its weight, and why."""

    name: str  # revenue, profitability, strategic, growth (as in the scoring file)
    points: float
    out_of: float
    reason: str


@dataclass(frozen=True)
class ScoredAccount:
    """One live account with its key score and the figures behind it."""

    id: str
    name: str
    tier: Tier
    status: AccountStatus
    annual_revenue: float
    revenue_rank: int  # 1 = highest revenue (ties by name), as in queries.portfolio
    accounts: int  # live accounts in the portfolio (what the ranks and shares are of)
    share_pct: float  # of the live portfolio's revenue
    cumulative_share_pct: float
    top_pct: int  # in the top N% of accounts by revenue (ties count together)
    margin_pct: float | None  # as used: recorded, or from cost to serve; None = unknown
    margin_from_cost: bool  # the margin was worked out from the cost to serve
    strategic_importance: int
    growth_potential: int
    renewal_date: date | None
    score: int
    factors: tuple[Factor, ...]

    def why(self) -> str:
        """Every factor's points and reason, in one line."""
        return "; ".join(f"{f.name} {f.points:.0f}/{f.out_of:.0f}: {f.reason}"
                         for f in self.factors)


@dataclass(frozen=True)
class ScorePage:
    rows: list[ScoredAccount]
    total: int  # accounts matching the filter, all pages
    offset: int = 0


def round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def _live() -> ColumnElement[bool]:
    return _account.c.deleted_at.is_(None)


def _by_revenue() -> tuple[ColumnElement, ...]:
    return (_account.c.annual_revenue.desc(), func.lower(_account.c.name), _account.c.id)


def _real(value: ColumnElement) -> ColumnElement:
    """Read back as a Python float (SQLAlchemy would hand some divisions back as Decimal)."""
    return type_coerce(value, Float)


def _clamp01(value: ColumnElement) -> ColumnElement:
    return func.max(0.0, func.min(1.0, value))  # SQLite's two-argument min/max


def scored(scoring: Scoring, *, ranked: bool = False) -> Subquery:
    """Every live account with the window figures, the factor fractions and `score`
    (exact); `ranked` adds `score_rank` and `eligible` among the accounts that are not
    churned (one more pass over the portfolio, which only tier proposals need)."""
    a, revenue = _account.c, _account.c.annual_revenue
    total = func.sum(revenue).over()
    margin = case((a.margin_pct.is_not(None), a.margin_pct),
                  (a.cost_to_serve.is_not(None) & (revenue > 0),
                   100.0 * (revenue - a.cost_to_serve) / revenue))
    base = select(
        a.id, a.name, a.tier, a.status, revenue, a.strategic_importance, a.growth_potential,
        a.renewal_date, _real(margin).label("margin"),
        (a.margin_pct.is_(None) & margin.is_not(None)).label("margin_from_cost"),
        func.row_number().over(order_by=_by_revenue()).label("revenue_rank"),
        # The default frame holds the peers: ties count as one place.
        _real(func.cume_dist().over(order_by=revenue)).label("at_or_below"),
        func.count().over(order_by=revenue.desc()).label("at_or_above"),
        func.count().over().label("accounts"),
        _real(func.coalesce(100.0 * revenue / func.nullif(total, 0), 0.0)).label("share"),
        _real(func.coalesce(100.0 * func.sum(revenue).over(order_by=_by_revenue(),
                                                            rows=(None, 0))
                            / func.nullif(total, 0), 0.0)).label("cumulative"),
    ).where(_live()).subquery("base")
    b = base.c
    fractions = {
        "revenue": case((b.annual_revenue > 0, b.at_or_below), else_=0.0),
        "profitability": case((b.margin.is_(None), 0.5),
                              else_=_clamp01(b.margin / float(scoring.thresholds.full_margin_pct))),
        "strategic": (b.strategic_importance - 1) / 4.0,
        "growth": (b.growth_potential - 1) / 4.0,
    }
    worth = out_of(scoring)
    score = sum((literal(worth[n]) * fractions[n] for n in FACTORS), literal(0.0))
    with_score = select(base, *(_real(f).label(f"f_{n}") for n, f in fractions.items()),
                        _real(score).label("score")).subquery("scored")
    if not ranked:
        return with_score
    w = with_score.c
    churned = w.status == AccountStatus.churned.value
    return select(
        with_score,
        func.row_number().over(partition_by=churned,
                               order_by=(w.score.desc(), w.revenue_rank)).label("score_rank"),
        func.count().over(partition_by=churned).label("eligible"),
    ).subquery("ranked")


def out_of(scoring: Scoring) -> dict[str, float]:
    """Each factor's maximum points: its weight's share of 100."""
    weights = scoring.weights
    return {name: 100.0 * getattr(weights, name) / weights.total for name in FACTORS}


def score_int(column: ColumnElement) -> ColumnElement:
    """SQL's round-half-up of a non-negative score, as round_half_up does in Python."""
    return cast(column + 0.5, Integer)


def _order(s: Subquery, sort: str) -> list[ColumnElement]:
    c = s.c
    tier_order = case({t.value: i for i, t in enumerate(Tier)}, value=c.tier, else_=9)
    status_order = case({v.value: i for i, v in enumerate(AccountStatus)}, value=c.status,
                        else_=9)
    first = {
        "revenue": [], "score": [c.score.desc()], "name": [func.lower(c.name)],
        "tier": [tier_order], "margin": [c.margin.is_(None), c.margin.desc()],
        "strategic": [c.strategic_importance.desc(), c.score.desc()],
        "growth": [c.growth_potential.desc(), c.score.desc()], "status": [status_order],
        "renewal": [c.renewal_date.is_(None), c.renewal_date],
    }[sort]
    return [*first, c.revenue_rank]


def key_scores(store: Store, scoring: Scoring, *, tier: Tier | None = None,
               sort: str = "revenue", limit: int = 500, offset: int = 0,
               ids: Sequence[str] | None = None) -> ScorePage:
    """Live accounts with their key scores, `limit` from `offset`, sorted by one of SORTS;
    `ids` narrows them to those accounts (a screen's page). Shares, ranks and scores are
    of the whole portfolio whatever the filter or page."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    s = scored(scoring)
    query = select(s, func.count().over().label("matching"))
    if tier is not None:
        query = query.where(s.c.tier == Tier(tier).value)
    if ids is not None:
        query = query.where(s.c.id.in_(list(ids)))
    query = query.order_by(*_order(s, sort)).limit(max(0, limit)).offset(max(0, offset))
    with store.read() as session:
        found = session.execute(query).mappings().all()
        total = found[0]["matching"] if found else _count(session, tier)
    return ScorePage(rows=[to_scored(r, scoring) for r in found], total=total,
                     offset=max(0, offset))


def _count(session, tier: Tier | None) -> int:  # noqa: ANN001 - a Session
    query = select(func.count()).select_from(_account).where(_live())
    if tier is not None:
        query = query.where(_account.c.tier == Tier(tier).value)
    return session.execute(query).scalar_one()


def key_score(store: Store, scoring: Scoring, account_id: str) -> ScoredAccount | None:
    """One live account's key score (for an account's header); None if there is none."""
    s = scored(scoring)
    with store.read() as session:
        found = session.execute(select(s).where(s.c.id == account_id)).mappings().one_or_none()
    return to_scored(found, scoring) if found is not None else None


def to_scored(r, scoring: Scoring) -> ScoredAccount:  # noqa: ANN001 - a result mapping
    """A row of `scored()` as a ScoredAccount, each factor's reason in words."""
    worth = out_of(scoring)
    top = -(-100 * r["at_or_above"] // r["accounts"])  # ceil without floating point
    margin, full = r["margin"], scoring.thresholds.full_margin_pct
    place = f"top {top}%" if top <= 50 else f"rank {r['revenue_rank']} of {r['accounts']}"
    revenue = (f"{place} by revenue, {r['share']:.1f}% of portfolio revenue"
               if r["annual_revenue"] > 0 else "no revenue recorded")
    if margin is None:
        profit = "margin not recorded: counted as neutral (half points)"
    else:
        source = " from revenue minus cost to serve" if r["margin_from_cost"] else ""
        profit = f"margin {margin:.1f}%{source} (full points at {full}%)"
    reasons = {"revenue": revenue, "profitability": profit,
               "strategic": f"strategic importance {r['strategic_importance']}/5",
               "growth": f"growth potential {r['growth_potential']}/5"}
    factors = tuple(Factor(name=n, points=worth[n] * r[f"f_{n}"], out_of=worth[n],
                           reason=reasons[n]) for n in FACTORS)
    return ScoredAccount(
        id=r["id"], name=r["name"], tier=Tier(r["tier"]), status=AccountStatus(r["status"]),
        annual_revenue=r["annual_revenue"], revenue_rank=r["revenue_rank"], accounts=r["accounts"],
        share_pct=r["share"], cumulative_share_pct=r["cumulative"], top_pct=top,
        margin_pct=margin, margin_from_cost=bool(r["margin_from_cost"]),
        strategic_importance=r["strategic_importance"],
        growth_potential=r["growth_potential"], renewal_date=r["renewal_date"],
        score=round_half_up(r["score"]), factors=factors)


__all__ = ["FACTORS", "SORTS", "Factor", "Pareto", "ScorePage", "ScoredAccount", "key_score",
           "key_scores", "out_of", "pareto", "round_half_up", "scored", "score_int",
           "to_scored"]
