"""The portfolio table (DOMAIN step 1): live accounts ranked by revenue, with their shares,
open work, key score and health, sorted by any column, filtered and paged. Every sort but
health is done and paged in SQL, the key score through keyscore's `scored()` subquery.
Sorted by health, every live account's health is worked out in a few batch queries
(health_scores, remembered until the store changes) and the page is cut in Python; a page
otherwise scores only its own accounts. The row, sort and filter types are in
kamtui.store.queries."""

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, Subquery, case, func, null, or_, select
from sqlalchemy.orm import Session

from kamtui.domain import Account, ActionItem
from kamtui.domain.enums import AccountStatus, Tier
from kamtui.scoring_config import Scoring
from kamtui.store.engine import Store
from kamtui.store.health_scores import every_health, health_scores, store_version
from kamtui.store.keyscore import round_half_up, scored
from kamtui.store.live_sql import OUTSTANDING, like_escape
from kamtui.store.owner_sql import plus as _plus
from kamtui.store.queries import (
    NATURALLY_DESCENDING,
    PortfolioFilter,
    PortfolioPage,
    PortfolioRow,
    PortfolioSort,
    _live,
    _ranking,
)

_account = Account.__table__
_action = ActionItem.__table__
_CHUNK = 900  # ids per IN (...), well under SQLite's limit on parameters

_TIER_ORDER = case({t.value: n for n, t in enumerate(Tier)}, value=_account.c.tier, else_=9)
# Trouble first when sorting by status.
_STATUS_ORDER = case({s.value: n for n, s in enumerate(
    (AccountStatus.in_crisis, AccountStatus.at_risk, AccountStatus.active,
     AccountStatus.churned))}, value=_account.c.status, else_=9)
_RANK_ORDER = (PortfolioSort.revenue, PortfolioSort.share)  # the ranking itself
_EVERY_ACCOUNT = PortfolioFilter()


def portfolio(store: Store, *, limit: int = 500, offset: int = 0,
              sort: PortfolioSort = PortfolioSort.revenue, descending: bool | None = None,
              where: PortfolioFilter = _EVERY_ACCOUNT, scoring: Scoring | None = None,
              today: date | None = None) -> PortfolioPage:
    """Live accounts, `limit` from `offset`, ranked by annual revenue or sorted by `sort`
    (`descending` defaults to the column's natural order: NATURALLY_DESCENDING highest
    first, dates soonest first, names A-Z, health weakest first). Ties follow the revenue
    ranking; missing values (no margin, deadline, renewal) go last either way. With
    `scoring` each row has its key score and with `today` its health; sorting by them needs
    them. Shares are always of the whole live portfolio, so a filtered view still says how
    much of the business it holds."""
    if sort == PortfolioSort.score and scoring is None:
        raise ValueError("sorting by key score needs the scoring settings")
    if sort == PortfolioSort.health and today is None:
        raise ValueError("sorting by health needs today's date")
    down = sort in NATURALLY_DESCENDING if descending is None else descending
    limit, offset = max(0, limit), max(0, offset)
    ranked = _ranked(scoring)
    version = store_version(store) if sort == PortfolioSort.health else 0  # before reading
    with store.read() as session:
        count, total_revenue = session.execute(_totals()).one()
        shown = (session.execute(select(func.count()).where(_live(), *_filter(_account, where)))
                 .scalar_one() if where.active else count)
        if sort == PortfolioSort.health:
            pending = every_health(store, session, today, version)  # type: ignore[arg-type]
            ranks = session.execute(_ranks(where)).all()  # meanwhile
            page = _by_health(ranks, pending.result(), down)[offset:offset + limit]
            found = _details(session, ranked, [aid for aid, _ in page])
            health = pending.result()
        else:
            found = session.execute(_sorted(ranked, _filter(ranked, where), sort, down)
                                    .limit(limit).offset(offset)).mappings().all()
            health = (health_scores(session, today, [r["id"] for r in found])
                      if today is not None else {})
        work = _open_work(session, [r["id"] for r in found])
    rows = [_row(r, *work.get(r["id"], (0, None)), health.get(r["id"])) for r in found]
    return PortfolioPage(rows=rows, total_accounts=count, total_revenue=float(total_revenue),
                         offset=offset, matching=shown if where.active else None)


def _ranked(scoring: Scoring | None) -> Subquery:
    """Every live account with its revenue rank and shares; its exact key score too (None
    without `scoring`). Window functions see every live account before filter and LIMIT."""
    a = _account.c
    own = (a.industry, a.region, a.margin_pct, _TIER_ORDER.label("tier_order"),
           _STATUS_ORDER.label("status_order"))
    if scoring is not None:
        s = scored(scoring)
        return (select(s.c.id, s.c.name, s.c.tier, s.c.annual_revenue, s.c.status,
                       s.c.renewal_date, s.c.strategic_importance, s.c.growth_potential,
                       *own, s.c.revenue_rank.label("rank"), s.c.share, s.c.cumulative,
                       s.c.score)
                .select_from(s.join(_account, a.id == s.c.id)).subquery("ranked"))
    order, revenue = _ranking(), a.annual_revenue
    total = func.sum(revenue).over()
    return select(
        a.id, a.name, a.tier, revenue, a.status, a.renewal_date, a.strategic_importance,
        a.growth_potential, *own, func.row_number().over(order_by=order).label("rank"),
        (100.0 * revenue / func.nullif(total, 0)).label("share"),
        (100.0 * func.sum(revenue).over(order_by=order, rows=(None, 0))
         / func.nullif(total, 0)).label("cumulative"),
        null().label("score"),
    ).where(_live()).subquery("ranked")


def _totals() -> Select:
    return select(func.count(), func.coalesce(func.sum(_account.c.annual_revenue), 0.0)).where(
        _live())


def _filter(ranked: Any, where: PortfolioFilter) -> list[ColumnElement[bool]]:  # noqa: ANN401
    """The filter's conditions on `ranked`'s columns (or the account table's)."""
    conditions: list[ColumnElement[bool]] = []
    if where.tiers:
        conditions.append(ranked.c.tier.in_(sorted(t.value for t in where.tiers)))
    if where.statuses:
        conditions.append(ranked.c.status.in_(sorted(s.value for s in where.statuses)))
    text = where.text.strip()
    if text:
        pattern = f"%{like_escape(text)}%"
        conditions.append(or_(*(column.like(pattern, escape="\\") for column in
                                (ranked.c.name, ranked.c.industry, ranked.c.region))))
    return conditions


def _sorted(ranked: Subquery, conditions: list[ColumnElement[bool]], sort: PortfolioSort,
            down: bool) -> Select:
    """The accounts passing the filter in `sort` order, ties by the revenue ranking."""
    query = select(ranked).where(*conditions)
    c = ranked.c
    if sort in _RANK_ORDER:  # rank 1 is the highest revenue
        return query.order_by(c.rank.asc() if down else c.rank.desc())
    if sort in (PortfolioSort.open, PortfolioSort.next):
        # Looked up per account passing the filter (the account index), only for this sort.
        work = _work(select()).where(_action.c.account_id == c.id)
        key = (work.with_only_columns(func.count()) if sort == PortfolioSort.open
               else work.with_only_columns(func.min(_action.c.deadline))).scalar_subquery()
    else:
        key = {
            PortfolioSort.name: func.lower(c.name), PortfolioSort.tier: c.tier_order,
            PortfolioSort.status: c.status_order, PortfolioSort.margin: c.margin_pct,
            PortfolioSort.renewal: c.renewal_date, PortfolioSort.industry: func.lower(c.industry),
            PortfolioSort.score: c.score, PortfolioSort.strategic: c.strategic_importance,
            PortfolioSort.growth: c.growth_potential,
        }[sort]
    return query.order_by(key.is_(None), key.desc() if down else key.asc(), c.rank)


def _ranks(where: PortfolioFilter) -> Select:
    """(id, revenue rank) of every account passing the filter: one window, no figures."""
    a = _account.c
    order = select(a.id, a.name, a.tier, a.status, a.industry, a.region,
                   func.row_number().over(order_by=_ranking()).label("rank")).where(
        _live()).subquery("order")
    return select(order.c.id, order.c.rank).where(*_filter(order, where))


def _by_health(ranks: list[Any], health: dict[str, int], down: bool) -> list[Any]:
    """The (id, rank) rows by health, ties by the revenue ranking (no health: last)."""
    sign = -1 if down else 1

    def key(row: Any) -> tuple[bool, int, int]:  # noqa: ANN401 - an (id, rank) row
        score = health.get(row[0])
        return score is None, sign * (score or 0), row[1]

    return sorted(ranks, key=key)


def _details(session: Session, ranked: Subquery, ids: list[str]) -> list[Any]:
    """The rows of `ranked` for `ids`, in that order."""
    found: dict[str, Any] = {}
    for start in range(0, len(ids), _CHUNK):
        found.update((r["id"], r) for r in session.execute(
            select(ranked).where(ranked.c.id.in_(ids[start:start + _CHUNK]))).mappings())
    return [found[aid] for aid in ids if aid in found]


def _work(query: Select) -> Select:
    """Count and earliest deadline of the open and waiting actions, added to `query`."""
    a = _action.c
    return query.add_columns(func.count().label("open_actions"),
                             func.min(a.deadline).label("next_deadline")).where(
        _plus(a.deleted_at).is_(None), _plus(a.status).in_(OUTSTANDING))


def _open_work(session: Session, ids: list[str]) -> dict[str, tuple[int, date | None]]:
    """Open actions and next deadline of the accounts of a page (by the account index)."""
    a = _action.c
    work: dict[str, tuple[int, date | None]] = {}
    for start in range(0, len(ids), _CHUNK):
        query = _work(select(a.account_id)).where(
            a.account_id.in_(ids[start:start + _CHUNK])).group_by(a.account_id)
        work.update((r.account_id, (r.open_actions, r.next_deadline))
                    for r in session.execute(query))
    return work


def _row(r: Any, open_actions: int, next_deadline: date | None,  # noqa: ANN401
         health: int | None) -> PortfolioRow:
    return PortfolioRow(
        rank=r["rank"], id=r["id"], name=r["name"], tier=Tier(r["tier"]),
        industry=r["industry"], region=r["region"], annual_revenue=r["annual_revenue"],
        share_pct=r["share"] or 0.0, cumulative_share_pct=r["cumulative"] or 0.0,
        margin_pct=r["margin_pct"], strategic_importance=r["strategic_importance"],
        growth_potential=r["growth_potential"], status=AccountStatus(r["status"]),
        renewal_date=r["renewal_date"], open_actions=open_actions,
        next_deadline=next_deadline, health=health,
        score=None if r["score"] is None else round_half_up(r["score"]))


__all__ = ["portfolio"]
