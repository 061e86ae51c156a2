"""The health score of an account, 0-100, with the points of each factor and why (issue 4).

The score starts at 100 and each factor takes off points, never more than its cap; the
caps add up to exactly 100, so the score is 100 plus the factors' points, always in 0..100
(it is clamped there as well, which can then never change it):

  factor            points                                               cap
  economic_buyer    -10 no economic buyer, or none within reach (xray)    10
  detractors        -5 per detractor in a decision role                   10
  threading         -10 no live relationship, -5 single-threaded          10
  roles             -2 per needed buying role not covered (economic       5
                    buyer apart: it has its own factor)
  stale_contacts    -1 per contact whose cadence lapsed                   5
  overdue_actions   -5 per open or waiting action due before today        15
  escalations       -15 for an open escalation, -5 for each further one   20
  kpis              -5 per objective off track in the latest live plan    15
  recency           -5 if the last contact was 31-60 days ago, -10 if     10
                    longer ago or never

An objective is off track when it has a target and a current value, has not reached the
target (in the direction from baseline to target; without a baseline, or with the baseline
equal to the target, only hitting the target counts), and either its due day has passed or
its current value is on the wrong side of the baseline. The last contact is the latest of
any live contact's last_contacted and the account's latest interaction, up to today.
`portfolio_health` scores many accounts at once from counts taken in SQL (health_scores);
the points for the counts are the LOSS rules below, for both.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from kamtui.domain import Account, AccountPlan, ActionItem, Escalation, Interaction, Objective
from kamtui.domain.enums import BuyingRole, label
from kamtui.domain.words import plural
from kamtui.errors import NotFound
from kamtui.store.engine import Store
from kamtui.store.live_sql import OUTSTANDING
from kamtui.store.owner_sql import plus as _plus
from kamtui.store.xray import FindingKind, Xray, XrayContact, load_contacts, xray_of

_acc, _action, _escalation = Account.__table__, ActionItem.__table__, Escalation.__table__
_plan, _objective, _interaction = AccountPlan.__table__, Objective.__table__, Interaction.__table__


class FactorKind(StrEnum):
    economic_buyer = "economic_buyer"
    detractors = "detractors"
    threading = "threading"
    roles = "roles"
    stale_contacts = "stale_contacts"
    overdue_actions = "overdue_actions"
    escalations = "escalations"
    kpis = "kpis"
    recency = "recency"


CAPS: dict[FactorKind, int] = {
    FactorKind.economic_buyer: 10, FactorKind.detractors: 10, FactorKind.threading: 10,
    FactorKind.roles: 5, FactorKind.stale_contacts: 5, FactorKind.overdue_actions: 15,
    FactorKind.escalations: 20, FactorKind.kpis: 15, FactorKind.recency: 10,
}
# The points each factor takes before its cap, from one figure: economic_buyer from
# whether the buyer is missing or out of reach, threading from the live relationships,
# recency from the days since the last contact (None: never), the rest from a count.
LOSS: dict[FactorKind, Callable[[Any], int]] = {
    FactorKind.economic_buyer: lambda out_of_reach: 10 if out_of_reach else 0,
    FactorKind.detractors: lambda foes: 5 * foes,
    FactorKind.threading: lambda real: {0: 10, 1: 5}.get(real, 0),
    FactorKind.roles: lambda missing: 2 * missing,
    FactorKind.stale_contacts: lambda stale: stale,
    FactorKind.overdue_actions: lambda overdue: 5 * overdue,
    FactorKind.escalations: lambda open_: 15 + 5 * (open_ - 1) if open_ else 0,
    FactorKind.kpis: lambda off: 5 * off,
    FactorKind.recency: lambda ago: 10 if ago is None or ago > 60 else 5 if ago > 30 else 0,
}


@lru_cache(maxsize=1024)  # the portfolio asks nine times per account, mostly the same
def lost(kind: FactorKind, figure: Any) -> int:  # noqa: ANN401 - a count, bool or None
    """The points `kind` takes for `figure`, capped (a positive number)."""
    return min(CAPS[kind], LOSS[kind](figure))


@dataclass(frozen=True)
class Factor:
    """What one factor took off the score (0 or less) and why, in a few words."""

    kind: FactorKind
    points: int
    reason: str

    @property
    def line(self) -> str:
        """'-15 3 overdue actions', as the account header shows it."""
        return f"{self.points} {self.reason}"


@dataclass(frozen=True)
class Health:
    account_id: str
    account: str
    score: int  # 100 + the factors' points
    factors: list[Factor]  # every factor, in FactorKind order, zero ones included
    xray: Xray | None = field(default=None, compare=False)

    def lost(self) -> list[Factor]:
        """The factors that took points, biggest loss first."""
        return sorted((f for f in self.factors if f.points), key=lambda f: f.points)


@dataclass
class _Facts:
    """What the score of one account is made from."""

    name: str
    contacts: list[XrayContact] = field(default_factory=list)
    overdue: int = 0
    escalations: int = 0
    plan: str | None = None  # period of the latest live plan
    objectives: list[dict[str, Any]] = field(default_factory=list)
    last_interaction: date | None = None


def account_health(store: Store, account_id: str, today: date) -> Health:
    """The health of the live account `account_id` on `today` (NotFound if there is none)."""
    with store.read() as session:
        facts = _load(session, account_id, today)
    if facts is None:
        raise NotFound(f"There is no account with id {account_id}.")
    return _health(account_id, facts, today)


def portfolio_health(store: Store, account_ids: Iterable[str], today: date) -> dict[str, int]:
    """The score of each live account of `account_ids`, as account_health gives it; deleted
    or unknown ids are left out. A few queries per 900 accounts, none per account."""
    from kamtui.store.health_scores import health_scores  # it builds on this module

    with store.read() as session:
        return health_scores(session, today, account_ids)


def objective_off_track(baseline: float | None, target: float | None, current: float | None,
                        due: date | None, today: date) -> bool:
    """Whether an objective's KPI is off track (see the module's docstring)."""
    if target is None or current is None:
        return False
    direction = 0 if baseline is None else (target > baseline) - (target < baseline)
    reached = (current - target) * direction >= 0 if direction else current == target
    if reached:
        return False
    missed = due is not None and due < today
    backwards = direction != 0 and (current - baseline) * direction < 0
    return missed or backwards


def _health(account_id: str, facts: _Facts, today: date) -> Health:
    xray = xray_of(account_id, facts.name, facts.contacts, today)
    factors = [*_relationship(xray), _overdue(facts.overdue),
               _escalations(facts.escalations), _kpis(facts, today), _recency(facts, today)]
    score = max(0, min(100, 100 + sum(f.points for f in factors)))
    return Health(account_id, facts.name, score, factors, xray)


def _capped(kind: FactorKind, figure: Any, reason: str) -> Factor:  # noqa: ANN401
    return Factor(kind, -lost(kind, figure), reason)


def _relationship(xray: Xray) -> list[Factor]:
    k = FindingKind
    none, far = xray.of_kind(k.no_economic_buyer), xray.of_kind(k.economic_buyer_out_of_reach)
    buyer = ("no economic buyer" if none else "no access to the economic buyer" if far
             else "economic buyer within reach")
    foes = len(xray.of_kind(k.detractor_deciding))
    real = len(xray.real_contact_ids)
    threads = {0: "no live relationship", 1: "single-threaded"}.get(
        real, f"{real} live relationships")
    roles = [label(r) for r in xray.roles_missing if r != BuyingRole.economic_buyer]
    stale = len(xray.of_kind(k.stale_contact))
    return [
        _capped(FactorKind.economic_buyer, bool(none or far), buyer),
        _capped(FactorKind.detractors, foes,
                f"{plural(foes, 'detractor')} in a decision role" if foes
                else "no detractor in a decision role"),
        _capped(FactorKind.threading, real, threads),
        _capped(FactorKind.roles, len(roles),
                f"{plural(len(roles), 'role')} not covered ({', '.join(roles)})" if roles
                else "needed roles covered"),
        _capped(FactorKind.stale_contacts, stale,
                plural(stale, "stale contact") if stale else "no stale contact"),
    ]


def _overdue(count: int) -> Factor:
    return _capped(FactorKind.overdue_actions, count,
                   plural(count, "overdue action") if count else "no overdue action")


def _escalations(count: int) -> Factor:
    return _capped(FactorKind.escalations, count,
                   plural(count, "open escalation") if count else "no open escalation")


def _kpis(facts: _Facts, today: date) -> Factor:
    if facts.plan is None:
        return Factor(FactorKind.kpis, 0, "no live plan")
    judged = [o for o in facts.objectives
              if o["target"] is not None and o["current"] is not None]
    off = sum(objective_off_track(o["baseline"], o["target"], o["current"], o["due"], today)
              for o in judged)
    if not judged:
        return Factor(FactorKind.kpis, 0, f"no KPI with a target and a value ({facts.plan})")
    return _capped(FactorKind.kpis, off,
                   f"{off} of {plural(len(judged), 'KPI')} off track ({facts.plan})")


def _recency(facts: _Facts, today: date) -> Factor:
    days = [d for d in (*(c.last_contacted for c in facts.contacts), facts.last_interaction)
            if d is not None and d <= today]
    if not days:
        return _capped(FactorKind.recency, None, "no contact recorded")
    last = max(days)
    ago = (today - last).days
    when = "today" if ago == 0 else f"{plural(ago, 'day')} ago"
    return _capped(FactorKind.recency, ago, f"last contact {when} ({last.isoformat()})")


def _load(session: Session, account_id: str, today: date) -> _Facts | None:
    name = session.execute(select(_acc.c.name).where(
        _acc.c.id == account_id, _acc.c.deleted_at.is_(None))).scalar_one_or_none()
    if name is None:
        return None
    facts = _Facts(name, load_contacts(session, [account_id]).get(account_id, []))
    overdue, escalations, last = work_counts(session, [account_id], today)
    facts.overdue, facts.escalations = overdue.get(account_id, 0), escalations.get(account_id, 0)
    facts.last_interaction = last.get(account_id)
    _load_objectives(session, [account_id], {account_id: facts})
    return facts


def work_counts(session: Session, chunk: list[str] | None, today: date,
                ) -> tuple[dict[str, int], dict[str, int], dict[str, date]]:
    """Of each account of `chunk` (up to 900 ids; None: every live account) that has any:
    its overdue actions, its open escalations and its latest interaction up to today."""
    a, e, i = _action, _escalation, _interaction
    # For a chunk the + terms keep SQLite on the account_id indexes: a page of accounts
    # holds a few hundred rows, where the status or deleted_at indexes hold the whole store.
    steer = _plus if chunk is not None else (lambda column: column)
    mine = (lambda column: column.in_(chunk)) if chunk is not None else (lambda _: true())
    overdue = (select(a.c.account_id, func.count()).where(
        mine(a.c.account_id), steer(a.c.deleted_at).is_(None),
        steer(a.c.status).in_(OUTSTANDING), steer(a.c.deadline) < today)
        .group_by(a.c.account_id))
    open_ = (select(e.c.account_id, func.count()).where(
        mine(e.c.account_id), _plus(e.c.deleted_at).is_(None), e.c.resolved_at.is_(None))
        .group_by(e.c.account_id))
    # Read backwards along (account_id, occurred_on), it stops at the newest live one.
    newest = (select(i.c.occurred_on).where(
        i.c.account_id == _acc.c.id, i.c.occurred_on <= today, _plus(i.c.deleted_at).is_(None))
        .order_by(i.c.occurred_on.desc()).limit(1).scalar_subquery())
    last = select(_acc.c.id, newest).where(mine(_acc.c.id), _acc.c.deleted_at.is_(None))
    return (dict(session.execute(overdue).all()),
            dict(session.execute(open_).all()),
            {aid: day for aid, day in session.execute(last) if day is not None})


def _load_objectives(session: Session, chunk: list[str], facts: dict[str, _Facts]) -> None:
    """The live objectives of each account's latest live plan (newest created, as the daily
    checklist picks it)."""
    p, o = _plan, _objective
    rank = func.row_number().over(partition_by=p.c.account_id,
                                  order_by=(p.c.created_at.desc(), p.c.id.desc()))
    ranked = (select(p.c.id, p.c.account_id, p.c.period, rank.label("rank"))
              .where(p.c.account_id.in_(chunk), _plus(p.c.deleted_at).is_(None)).subquery())
    query = (select(ranked.c.account_id, ranked.c.period, o.c.baseline, o.c.target,
                    o.c.current, o.c.due)
             .select_from(ranked.outerjoin(o, (o.c.plan_id == ranked.c.id)
                                           & o.c.deleted_at.is_(None)))
             .where(ranked.c.rank == 1))
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in session.execute(query).mappings():
        facts[r["account_id"]].plan = r["period"]
        if r["target"] is not None or r["current"] is not None:
            found[r["account_id"]].append(dict(r))
    for aid, objectives in found.items():
        facts[aid].objectives = objectives


__all__ = ["CAPS", "LOSS", "Factor", "FactorKind", "Health", "account_health", "lost",
           "objective_off_track", "portfolio_health"]
