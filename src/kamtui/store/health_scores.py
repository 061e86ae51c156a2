"""The health score of many accounts at once (the portfolio's column and sort): the figures
each factor needs are counted in SQL, a few queries per 900 accounts and none per account,
and turned into points by kamtui.store.health's LOSS rules. account_health works out the
same score, with the reasons, from the contacts themselves; the tests hold the two equal.

The X-ray's rules as SQL: a contact is *real* when last contacted at most
max(cadence, REAL_WITHIN_DAYS) days ago, *stale* when they have a cadence and were never
contacted or longer ago than it; an objective is off track as objective_off_track says.

`every_health` remembers the whole portfolio's scores until the store changes, so sorting
by health again (the other way, another page, another filter) costs nothing; the first
time, it works them out beside the caller's own queries."""

from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from threading import Lock
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import ColumnElement, and_, case, func, literal, not_, or_, select
from sqlalchemy.orm import Session

from kamtui.domain import Account, AccountPlan, Contact, Objective
from kamtui.domain.enums import Attitude, BuyingRole
from kamtui.store.engine import Store
from kamtui.store.health import FactorKind, lost, work_counts
from kamtui.store.owner_sql import plus as _plus
from kamtui.store.xray import ACCESS_STRENGTH, DECIDING_ROLES, NEEDED_ROLES, REAL_WITHIN_DAYS

_acc, _contact = Account.__table__, Contact.__table__
_plan, _objective = AccountPlan.__table__, Objective.__table__
_CHUNK = 900  # ids per IN (...), well under SQLite's limit on parameters
# Needed roles apart from the economic buyer, who has a factor of their own.
_ROLES = tuple(r.value for r in NEEDED_ROLES if r != BuyingRole.economic_buyer)
K = FactorKind
_T = TypeVar("_T")


def health_scores(session: Session, today: date,
                  account_ids: Iterable[str] | None = None) -> dict[str, int]:
    """The health score of each live account of `account_ids` (deleted or unknown ids are
    left out), or of every live account (None: one pass over the store, no lists of ids)."""
    if account_ids is None:
        return _scores(session, today, None)
    ids = list(dict.fromkeys(account_ids))
    scores: dict[str, int] = {}
    for start in range(0, len(ids), _CHUNK):
        scores.update(_scores(session, today, ids[start:start + _CHUNK]))
    return scores


def _scores(session: Session, today: date, chunk: list[str] | None,
            contacts: Future[dict[str, Any]] | None = None) -> dict[str, int]:
    """The scores of `chunk`, the contact figures read here or handed in (being read)."""
    live = session.execute(select(_acc.c.id).where(
        *_within(_acc.c.id, chunk), _acc.c.deleted_at.is_(None))).scalars().all()
    off = dict(session.execute(_off_track(chunk, today)).all())
    overdue, escalations, interaction = work_counts(session, chunk, today)
    people = contacts.result() if contacts else _people(session, today, chunk)
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


@dataclass
class _Remembered:
    """One store's last whole-portfolio scores, and for which version of it (store_version)
    and day."""

    lock: Lock = field(default_factory=Lock)
    key: tuple[int, date] | None = None
    scores: dict[str, int] = field(default_factory=dict)


_remembered: WeakKeyDictionary[Store, _Remembered] = WeakKeyDictionary()


def store_version(store: Store) -> int:
    """A number that changes whenever anyone commits to the store (Store.version); once it
    has been read, every_health remembers the store's scores for it. Read it before the
    read transaction the scores are worked out in, so a commit in between makes it stale."""
    _remembered.setdefault(store, _Remembered())
    return store.version()


def every_health(store: Store, session: Session, today: date,
                 version: int) -> Future[dict[str, int]]:
    """Every live account's health score (do not change the dict), as a future: at once
    when remembered for the store's version (store_version, read before `session` began)
    and the day; else worked out in a thread with its own read transaction, so the
    caller's queries run meanwhile. Inside a write transaction, whose changes may yet be
    rolled back, it is worked out in `session` and not remembered."""
    ready: Future[dict[str, int]] = Future()
    entry = _remembered.get(store)
    if entry is None or session.get_bind().get_execution_options().get("kamtui_write"):
        ready.set_result(health_scores(session, today))
        return ready
    with entry.lock:
        if entry.key == (version, today):
            ready.set_result(entry.scores)
            return ready

    def read(step: Callable[..., _T], *args: Any) -> _T:  # noqa: ANN401
        with store.read() as own:
            return step(own, today, *args)

    def work_out(contacts: Future[dict[str, Any]]) -> dict[str, int]:
        scores = read(_scores, None, contacts)
        with entry.lock:
            entry.key, entry.scores = (version, today), scores
        return scores

    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kamtui-health")
    try:  # the contacts, the biggest part, are counted beside the rest
        return pool.submit(work_out, pool.submit(read, _people, None))
    finally:
        pool.shutdown(wait=False)


def _people(session: Session, today: date, chunk: list[str] | None) -> dict[str, Any]:
    return {r[0]: r[1:] for r in session.execute(_contact_figures(chunk, today))}


def _within(account_id: ColumnElement[str], chunk: list[str] | None) -> list[ColumnElement]:
    return [] if chunk is None else [account_id.in_(chunk)]


def _contact_figures(chunk: list[str] | None, today: date):  # noqa: ANN202 - a Select
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
    ).where(*_within(c.account_id, chunk), _plus(c.deleted_at).is_(None))
            .group_by(c.account_id))


def _off_track(chunk: list[str] | None, today: date):  # noqa: ANN202 - a Select
    """Per account with a live plan: the live objectives of its latest plan (newest
    created) that are off track."""
    p, o = _plan.c, _objective.c
    rank = func.row_number().over(partition_by=p.account_id,
                                  order_by=(p.created_at.desc(), p.id.desc()))
    latest = (select(p.id, p.account_id, rank.label("rank"))
              .where(*_within(p.account_id, chunk), _plus(p.deleted_at).is_(None)).subquery())
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


__all__ = ["every_health", "health_scores", "store_version"]
