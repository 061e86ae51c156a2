"""The SQL behind the daily checklist, apart from the types it fills (kamtui.store.today) so
those read in one sitting. Each section counts and limits in the database, and the action
sections walk an index in deadline order, so the checklist stays instant with a hundred
thousand open action items."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    FromClause,
    RowMapping,
    String,
    case,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from kamtui.domain import (
    Account,
    AccountPlan,
    ActionItem,
    Contact,
    Escalation,
    EscalationLevel,
    Review,
    TeamMember,
)
from kamtui.domain.enums import (
    AccountStatus,
    ActionStatus,
    BuyingRole,
    OwnerKind,
    Priority,
    Tier,
    label,
)
from kamtui.store.owner_sql import action_owner, escalation_responder
from kamtui.store.owner_sql import on_live_account as _on_live_account
from kamtui.store.queries import OUTSTANDING, _like_escape
from kamtui.store.settings import Settings
from kamtui.store.today import ChecklistItem, ItemKind, Section, SectionPage, TodayFilter

_action, _account, _contact = ActionItem.__table__, Account.__table__, Contact.__table__
_member, _escalation, _level = TeamMember.__table__, Escalation.__table__, EscalationLevel.__table__
_review, _plan = Review.__table__, AccountPlan.__table__
_ME = literal(OwnerKind.me.value, String)
_RANK = {p.value: n for n, p in enumerate(Priority)}  # high first


@dataclass(frozen=True)
class _Part:
    """One SELECT feeding a section. `cols` holds id, title, account_id, account, owner,
    owner_kind and due (and what `finish` needs to make the item's other fields); `key`
    sorts items as `order` does, to merge the parts of a section."""

    kind: ItemKind
    source: FromClause
    where: list[ColumnElement[bool]]
    cols: dict[str, ColumnElement[Any]]
    order: list[ColumnElement[Any]]
    finish: Callable[[RowMapping], dict[str, Any]] = lambda _: {}
    key: Callable[[ChecklistItem], tuple] = lambda i: (i.due, i.account, i.title, i.id)
    fast_count: Callable[[Session], int] | None = None  # when nothing is filtered


def _named(table: FromClause, **cols: ColumnElement[Any]) -> dict[str, ColumnElement[Any]]:
    account_id = table.c.id if table is _account else table.c.account_id
    return {"account_id": account_id, "account": _account.c.name,
            "owner": _ME, "owner_kind": _ME, **cols}


def _plus(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """`+column`: SQLite's documented way to keep a term from choosing the index."""
    return UnaryExpression(column, operator=custom_op("+"), type_=column.type)


def _actions(status: str, first: date | None, last: date, where: TodayFilter,
             orphans: list[tuple[str, date]]) -> _Part:
    """Live open (or waiting) action items due from `first` (None: any day) to `last`.
    One status per part, so each walks ix_action_item_live_deadline (status, deadline)
    in deadline order and LIMIT stops it early."""
    a = _action
    # For one account its own index (a few hundred rows) beats walking every deadline;
    # SQLite has no statistics to know that, so the other terms are kept off indexes.
    steer = _plus if where.account_id is not None else (lambda column: column)
    span = [steer(a.c.deleted_at).is_(None), steer(a.c.status) == status,
            steer(a.c.deadline) <= last]
    if first is not None:
        span.append(steer(a.c.deadline) >= first)

    def fast_count(session: Session) -> int:
        # Counting in the index alone skips the account join (an account lookup per row,
        # ~15x slower); live items of deleted accounts (`orphans`) are then taken off.
        counted = session.execute(select(func.count()).select_from(a).where(*span)).scalar_one()
        return counted - sum(1 for s, due in orphans
                             if s == status and (first is None or first <= due) and due <= last)
    source, owner = action_owner()
    cols = _named(a, id=a.c.id, title=a.c.title, owner=owner, owner_kind=a.c.owner_kind,
                  due=a.c.deadline, priority=a.c.priority, contact_id=a.c.owner_contact_id)
    rank = case(_RANK, value=a.c.priority, else_=len(_RANK))
    return _Part(ItemKind.action, source, span, cols, [a.c.deadline, rank, a.c.title, a.c.id],
                 lambda r: {"priority": Priority(r.priority), "status": ActionStatus(status),
                            "contact_id": r.contact_id},
                 lambda i: (i.due, _RANK.get(i.priority, len(_RANK)), i.title, i.id), fast_count)


def _orphans(session: Session) -> list[tuple[str, date]]:
    """Status and deadline of live open work on deleted accounts (restoring one action of
    a deleted account leaves such); normally none. Driven from the deleted accounts."""
    a = _action
    # The + terms leave SQLite one plan: deleted accounts first, then their items by
    # ix_action_item_account_id (not a scan of every item with an account lookup each).
    query = (select(a.c.status, a.c.deadline)
             .select_from(_account.join(a, a.c.account_id == _plus(_account.c.id)))
             .where(_account.c.deleted_at.is_not(None), _plus(a.c.deleted_at).is_(None),
                    _plus(a.c.status).in_(OUTSTANDING), _plus(a.c.deadline).is_not(None)))
    return [(row.status, row.deadline) for row in session.execute(query)]


def _touchpoints(today: date) -> _Part:
    """Contacts whose cadence has come round. Those never contacted come first, due today:
    a first touch is owed now, however long ago they were added. Their detail says "never
    contacted", or that "today" would read as a cadence falling due."""
    c = _contact
    due = func.date(c.c.last_contacted, "+" + func.cast(c.c.cadence_days, String) + " days",
                    type_=Date)
    where = [c.c.deleted_at.is_(None), c.c.cadence_days.is_not(None),
             or_(c.c.last_contacted.is_(None), due <= today)]
    cols = _named(c, id=c.c.id, title=c.c.name, due=func.coalesce(due, today, type_=Date),
                  contact_id=c.c.id, last=c.c.last_contacted, job=c.c.title,
                  role=c.c.buying_role)

    def finish(r: RowMapping) -> dict[str, Any]:
        never = "never contacted" if r.last is None else ""
        return {"contact_id": r.contact_id, "detail": " · ".join(
            p for p in (never, r.job, label(BuyingRole(r.role))) if p)}
    return _Part(ItemKind.touchpoint, _on_live_account(c), where, cols,
                 [due.asc().nulls_first(), c.c.name, c.c.id], finish)


def _renewals(today: date, settings: Settings) -> _Part:
    a = _account
    ends = today + timedelta(days=settings.renewal_horizon_days)
    where = [a.c.deleted_at.is_(None), a.c.status != AccountStatus.churned.value,
             a.c.renewal_date.between(today, ends)]
    cols = _named(a, id=a.c.id, title=literal("Renewal", String), due=a.c.renewal_date,
                  tier=a.c.tier, revenue=a.c.annual_revenue)
    return _Part(ItemKind.renewal, a, where, cols, [a.c.renewal_date, a.c.name, a.c.id],
                 lambda r: {"detail": f"{r.tier} account, revenue {r.revenue:,.0f}"})


def _escalations() -> _Part:
    e = _escalation
    source, levels, kind, owner = escalation_responder()
    cols = _named(e, id=e.c.id, title="Escalation: " + func.replace(e.c.trigger, "_", " "),
                  owner=owner, owner_kind=kind, due=e.c.level_due_at, level=e.c.current_level,
                  levels=levels)

    def finish(r: RowMapping) -> dict[str, Any]:
        at = r.due.replace(tzinfo=UTC) if r.due is not None else None  # stored as UTC
        detail = f"level {r.level} of {r.levels}" if r.levels else f"level {r.level}"
        return {"due": at.date() if at else None, "due_at": at, "detail": detail}
    return _Part(ItemKind.escalation, source,
                 [e.c.deleted_at.is_(None), e.c.resolved_at.is_(None)], cols,
                 [e.c.level_due_at.asc().nulls_last(), e.c.opened_at, e.c.id], finish)


def _latest(table: FromClause, keep: list[str], *newest_first: ColumnElement[Any]) -> FromClause:
    """Columns `keep` of the live rows of `table` that are the newest of their account."""
    rank = func.row_number().over(partition_by=table.c.account_id, order_by=newest_first)
    ranked = (select(*(table.c[name] for name in ["id", "account_id", *keep]), rank.label("rank"))
              .where(table.c.deleted_at.is_(None)).subquery())
    return select(ranked).where(ranked.c.rank == 1).subquery(f"latest_{table.name}")


def _reviews(today: date, settings: Settings) -> list[_Part]:
    """The latest review of each account when the next is near, key accounts without a
    plan, and the latest plan of each account when its sources are getting old."""
    horizon = today + timedelta(days=settings.review_ahead_days)
    r = _latest(_review, ["held_on", "next_review_on"], _review.c.held_on.desc(),
                _review.c.created_at.desc(), _review.c.id.desc())
    review = _Part(ItemKind.review, _on_live_account(r), [r.c.next_review_on <= horizon],
                   _named(r, id=r.c.id, title=literal("Account review", String),
                          due=r.c.next_review_on, held_on=r.c.held_on),
                   [r.c.next_review_on, _account.c.name, r.c.id],
                   lambda row: {"detail": f"last review held {row.held_on.isoformat()}"})
    a = _account
    no_plan = ~exists().where(_plan.c.account_id == a.c.id, _plan.c.deleted_at.is_(None))
    write = _Part(ItemKind.plan, a, [a.c.deleted_at.is_(None), a.c.tier == Tier.key.value, no_plan],
                  _named(a, id=a.c.id, title=literal("Write the account plan", String),
                         due=literal(today, Date)),
                  [a.c.name, a.c.id], lambda _: {"detail": "key account with no live plan"})
    p = _latest(_plan, ["period", "sources_updated_on", "created_at"],
                _plan.c.created_at.desc(), _plan.c.id.desc())
    # A plan whose sources were never dated counts from the day it was written.
    since = func.coalesce(p.c.sources_updated_on, func.date(p.c.created_at), type_=Date)
    due = func.date(since, f"+{settings.plan_stale_days} days", type_=Date)
    refresh = _Part(ItemKind.plan, _on_live_account(p), [due <= horizon],
                    _named(p, id=p.c.id, title="Refresh the plan's sources (" + p.c.period + ")",
                           due=due, since=p.c.sources_updated_on),
                    [due, _account.c.name, p.c.id],
                    lambda row: {"detail": f"sources updated {row.since.isoformat()}"
                                 if row.since else "sources never dated"})
    return [review, write, refresh]


def _conditions(part: _Part, where: TodayFilter) -> list[ColumnElement[bool]]:
    cols, conditions = part.cols, list(part.where)
    if where.owner is not None:
        conditions.append(cols["owner_kind"] == OwnerKind(where.owner).value)
    if where.account_id is not None:
        conditions.append(cols["account_id"] == where.account_id)
    text = where.text.strip()
    if text:
        pattern = f"%{_like_escape(text)}%"
        conditions.append(or_(*(cols[name].like(pattern, escape="\\")
                                for name in ("title", "account", "owner"))))
    return conditions


def _page(session: Session, section: Section, title: str, parts: list[_Part],
          where: TodayFilter, limit: int) -> SectionPage:
    """The first `limit` items of a section and a count of all it matches, so a cut-off
    list says so (SectionPage.is_partial)."""
    total, found = 0, []
    for part in parts:
        conditions = _conditions(part, where)
        if part.fast_count is not None and where.is_empty:
            total += part.fast_count(session)
        else:
            total += session.execute(select(func.count()).select_from(part.source)
                                     .where(*conditions)).scalar_one()
        query = (select(*(column.label(name) for name, column in part.cols.items()))
                 .select_from(part.source).where(*conditions).order_by(*part.order)
                 .limit(limit))
        for row in session.execute(query).mappings():
            fields = {"due": row.due, **part.finish(row)}
            found.append(ChecklistItem(
                section=section, kind=part.kind, id=row.id, title=row.title,
                account_id=row.account_id, account=row.account, owner=row.owner,
                owner_kind=OwnerKind(row.owner_kind), **fields))
    if len(parts) > 1:  # each part came sorted; merge them the same way
        found.sort(key=parts[0].key)
    return SectionPage(section, title, total, found[:limit])
