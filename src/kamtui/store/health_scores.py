"""The health score of many accounts at once (the portfolio's column and sort): the figures
each factor needs are counted in SQL, a few queries per 900 accounts and none per account,
and turned into points by kamtui.store.health's LOSS rules. account_health works out the
same score, with the reasons, from the contacts themselves; the tests hold the two equal.

The X-ray's rules as SQL: a contact is *real* when last contacted at most
max(cadence, REAL_WITHIN_DAYS) days ago, *stale* when they have a cadence and were never
contacted or longer ago than it; an objective is off track as objective_off_track says."""

from collections.abc import Iterable
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, not_, or_, select
from sqlalchemy.orm import Session

from kamtui.domain import Account, AccountPlan, Contact, Objective
from kamtui.domain.enums import Attitude, BuyingRole
from kamtui.store.health import FactorKind, lost, work_counts
from kamtui.store.today_queries import _plus
from kamtui.store.xray import ACCESS_STRENGTH, DECIDING_ROLES, NEEDED_ROLES, REAL_WITHIN_DAYS

_acc, _contact = Account.__table__, Contact.__table__
_plan, _objective = AccountPlan.__table__, Objective.__table__
_CHUNK = 900  # ids per IN (...), well under SQLite's limit on parameters
# Needed roles apart from the economic buyer, who has a factor of their own.
_ROLES = tuple(r.value for r in NEEDED_ROLES if r != BuyingRole.economic_buyer)
K = FactorKind


def health_scores(session: Session, today: date,
                  accounts: Iterable[str] | Select) -> dict[str, int]:
    """The health score of each live account of `accounts`: ids (deleted or unknown ones
    are left out), or a query of account ids, such as a filtered portfolio, taken whole."""
    if isinstance(accounts, Select):
        return _scores(session, today, accounts)
    ids = list(dict.fromkeys(accounts))
    scores: dict[str, int] = {}
    for start in range(0, len(ids), _CHUNK):
        scores.update(_scores(session, today, ids[start:start + _CHUNK]))
    return scores


def _scores(session: Session, today: date, scope: list[str] | Select) -> dict[str, int]:
    live = session.execute(select(_acc.c.id).where(
        _acc.c.id.in_(scope), _acc.c.deleted_at.is_(None))).scalars().all()
    if not live:
        return {}
    # A query stays a subquery (one IN list would not fit); a chunk of ids is its own list.
    within = scope if isinstance(scope, Select) else live
    people = {r[0]: r[1:] for r in session.execute(_contact_figures(within, today))}
    off = dict(session.execute(_off_track(within, today)).all())
    overdue, escalations, interaction = work_counts(session, within, today)
    scores = {}
    for aid in live:
        in_reach, foes, real, roles, stale, contacted = people.get(aid, (0, 0, 0, 0, 0, None))
        last = max((d for d in (contacted, interaction.get(aid)) if d is not None),
                   default=None)
        taken = (lost(K.economic_buyer, not in_reach) + lost(K.detractors, foes)
                 + lost(K.threading, real) + lost(K.roles, len(_ROLES) - roles)
                 + lost(K.stale_contacts, stale) + lost(K.overdue_actions, overdue.get(aid, 0))
                 + lost(K.escalations, escalations.get(aid, 0)) + lost(K.kpis, off.get(aid, 0))
                 + lost(K.recency, None if last is None else (today - last).days))
        scores[aid] = max(0, min(100, 100 - taken))
    return scores


def _contact_figures(chunk: list[str] | Select, today: date):  # noqa: ANN202 - a Select
    """Per account: an economic buyer within reach (0/1), detractors in a decision role,
    real contacts, needed roles held, stale contacts, the last contact up to today."""
    c, day = _contact.c, today.isoformat()
    ago = func.julianday(day) - func.julianday(c.last_contacted)
    real = and_(c.last_contacted.is_not(None),
                ago <= func.max(func.coalesce(c.cadence_days, 0), REAL_WITHIN_DAYS))
    stale = and_(c.cadence_days.is_not(None),
                 or_(c.last_contacted.is_(None), ago > c.cadence_days))
    return (select(
        c.account_id,
        func.max(_flag(and_(c.buying_role == BuyingRole.economic_buyer.value,
                            c.strength >= ACCESS_STRENGTH, real))),
        func.sum(_flag(and_(c.buying_role.in_([r.value for r in DECIDING_ROLES]),
                            c.attitude == Attitude.detractor.value))),
        func.sum(_flag(real)),
        sum((func.max(_flag(c.buying_role == role)) for role in _ROLES), literal(0)),
        func.sum(_flag(stale)),
        func.max(case((c.last_contacted <= today, c.last_contacted))),
    ).where(c.account_id.in_(chunk), _plus(c.deleted_at).is_(None)).group_by(c.account_id))


def _off_track(chunk: list[str] | Select, today: date):  # noqa: ANN202 - a Select
    """Per account with a live plan: the live objectives of its latest plan (newest
    created) that are off track."""
    p, o = _plan.c, _objective.c
    rank = func.row_number().over(partition_by=p.account_id,
                                  order_by=(p.created_at.desc(), p.id.desc()))
    latest = (select(p.id, p.account_id, rank.label("rank"))
              .where(p.account_id.in_(chunk), _plus(p.deleted_at).is_(None)).subquery())
    direction = case((o.baseline.is_(None), 0), (o.target > o.baseline, 1),
                     (o.target < o.baseline, -1), else_=0)
    reached = case((direction != 0, (o.current - o.target) * direction >= 0),
                   else_=o.current == o.target)
    off = and_(o.target.is_not(None), o.current.is_not(None), not_(reached),
               or_(and_(o.due.is_not(None), o.due < today),
                   and_(direction != 0, (o.current - o.baseline) * direction < 0)))
    return (select(latest.c.account_id, func.sum(_flag(off)))
            .select_from(latest.join(_objective, (o.plan_id == latest.c.id)
                                     & o.deleted_at.is_(None)))
            .where(latest.c.rank == 1).group_by(latest.c.account_id))


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


__all__ = ["health_scores"]
