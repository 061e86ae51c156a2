"""The rows behind the calendar export (kamtui.io.calendar_ics): open action deadlines,
touchpoints by cadence, renewals, escalation response deadlines and next reviews, each a
live record of a live account, filtered in SQL and read in chunks so a big store streams.
The rules for what is due follow the daily checklist (kamtui.store.today_queries), without
its horizons: a calendar shows every date, near or far."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, FromClause, RowMapping, Select, String, func, select

from kamtui.domain import (
    Account,
    ActionItem,
    Contact,
    Escalation,
    EscalationLevel,
    Review,
    TeamMember,
)
from kamtui.domain.enums import AccountStatus, ActionStatus, OwnerKind, Tier, label
from kamtui.store.engine import Store
from kamtui.store.escalations import stamp, trigger_words
from kamtui.store.live_sql import OUTSTANDING
from kamtui.store.owner_sql import action_owner, escalation_responder
from kamtui.store.owner_sql import on_live_account as _on_live_account
from kamtui.store.today import ItemKind

CHUNK = 2000
KINDS = (ItemKind.action, ItemKind.touchpoint, ItemKind.renewal, ItemKind.escalation,
         ItemKind.review)

_action, _account, _contact = ActionItem.__table__, Account.__table__, Contact.__table__
_member, _escalation, _level = TeamMember.__table__, Escalation.__table__, EscalationLevel.__table__
_review = Review.__table__


@dataclass(frozen=True)
class CalendarItem:
    """One dated thing for the calendar. `key` is the record the event stays tied to
    across exports: the action, the contact (touchpoint), the account (renewal, review:
    a new review moves the event instead of adding one) or the escalation."""

    kind: ItemKind
    key: str
    account: str
    day: date
    title: str  # what is due, without the account: "Send QBR deck", "Renewal"
    details: tuple[str, ...]  # lines for the event's description
    modified: datetime  # when the record last changed (UTC)


def calendar_items(store: Store, today: date) -> Iterator[CalendarItem]:
    """Every item, kind by kind (KINDS order), each kind by day. Never-contacted people
    with a cadence are due `today`, as on the checklist."""
    with store.read() as session:
        for kind, (query, make) in _queries(today).items():
            result = session.execute(query.execution_options(yield_per=CHUNK))
            for row in result.mappings():
                yield make(kind, row)


def _utc(stamp_: datetime) -> datetime:
    return stamp_.replace(tzinfo=UTC) if stamp_.tzinfo is None else stamp_.astimezone(UTC)


def _item(kind: ItemKind, row: RowMapping, title: str, *details: str) -> CalendarItem:
    return CalendarItem(kind, row.key, row.account, row.day, title,
                        tuple(d for d in details if d), _utc(row.modified))


def _common(table: FromClause, key: Any, day: Any) -> list[Any]:  # noqa: ANN401
    return [key.label("key"), _account.c.name.label("account"), day.label("day"),
            table.c.updated_at.label("modified")]


def _actions() -> Select:
    a = _action
    source, owner = action_owner()
    return (select(*_common(a, a.c.id, a.c.deadline), a.c.title, a.c.owner_kind,
                   owner.label("owner"), a.c.priority, a.c.status, a.c.success_measure)
            .select_from(source)
            .where(a.c.deleted_at.is_(None), a.c.status.in_(OUTSTANDING),
                   a.c.deadline.is_not(None))
            .order_by(a.c.deadline, a.c.id))


def _action_item(kind: ItemKind, row: RowMapping) -> CalendarItem:
    who = {OwnerKind.team.value: f"{row.owner or 'a team member'} (our team)",
           OwnerKind.customer.value: f"{row.owner or 'a contact'} (customer)"
           }.get(row.owner_kind, "me")
    waiting = "Status: waiting" if row.status == ActionStatus.waiting.value else ""
    measure = f"Success measure: {row.success_measure}" if row.success_measure.strip() else ""
    return _item(kind, row, row.title, f"Owner: {who}",
                 f"Priority: {row.priority}", waiting, measure)


def _touchpoints(today: date) -> Select:
    c = _contact
    due = func.date(c.c.last_contacted, "+" + func.cast(c.c.cadence_days, String) + " days",
                    type_=Date)
    day = func.coalesce(due, today, type_=Date)
    return (select(*_common(c, c.c.id, day), c.c.name, c.c.title, c.c.cadence_days,
                   c.c.last_contacted)
            .select_from(_on_live_account(c))
            .where(c.c.deleted_at.is_(None), c.c.cadence_days.is_not(None))
            .order_by(day, c.c.name, c.c.id))


def _touchpoint_item(kind: ItemKind, row: RowMapping) -> CalendarItem:
    last = (f"last contacted {row.last_contacted.isoformat()}" if row.last_contacted
            else "never contacted")
    return _item(kind, row, f"Touchpoint with {row.name}", row.title,
                 f"Every {row.cadence_days} days; {last}.")


def _renewals() -> Select:
    a = _account
    return (select(*_common(a, a.c.id, a.c.renewal_date), a.c.tier, a.c.status)
            .where(a.c.deleted_at.is_(None), a.c.status != AccountStatus.churned.value,
                   a.c.renewal_date.is_not(None))
            .order_by(a.c.renewal_date, a.c.name, a.c.id))


def _renewal_item(kind: ItemKind, row: RowMapping) -> CalendarItem:
    status = AccountStatus(row.status)
    return _item(kind, row, "Renewal", f"{label(Tier(row.tier)).capitalize()} account.",
                 "" if status == AccountStatus.active else f"Status: {label(status)}.")


def _escalations() -> Select:
    e = _escalation
    source, levels, _kind, owner = escalation_responder()
    return (select(*_common(e, e.c.id, func.date(e.c.level_due_at, type_=Date)),
                   e.c.trigger, e.c.current_level, e.c.level_due_at.label("due_at"),
                   owner.label("owner"), levels.label("levels"))
            .select_from(source)
            .where(e.c.deleted_at.is_(None), e.c.resolved_at.is_(None),
                   e.c.level_due_at.is_not(None))
            .order_by(e.c.level_due_at, e.c.id))


def _escalation_item(kind: ItemKind, row: RowMapping) -> CalendarItem:
    of = f" of {row.levels}" if row.levels else ""
    return _item(kind, row, f"Escalation response due ({trigger_words(row.trigger)}, "
                            f"level {row.current_level})",
                 f"Respond by {stamp(_utc(row.due_at))}.", f"Who responds: {row.owner}.",
                 f"Level {row.current_level}{of}.")


def _reviews() -> Select:
    r = _review
    rank = func.row_number().over(partition_by=r.c.account_id, order_by=(
        r.c.held_on.desc(), r.c.created_at.desc(), r.c.id.desc()))
    latest = (select(r.c.account_id, r.c.held_on, r.c.period, r.c.next_review_on,
                     r.c.updated_at, rank.label("rank"))
              .where(r.c.deleted_at.is_(None)).subquery("latest_review"))
    return (select(*_common(latest, latest.c.account_id, latest.c.next_review_on),
                   latest.c.held_on, latest.c.period)
            .select_from(_on_live_account(latest))
            .where(latest.c.rank == 1, latest.c.next_review_on.is_not(None))
            .order_by(latest.c.next_review_on, _account.c.name, latest.c.account_id))


def _review_item(kind: ItemKind, row: RowMapping) -> CalendarItem:
    return _item(kind, row, "Account review",
                 f"Last review held {row.held_on.isoformat()} ({row.period}).")


def _queries(today: date) -> dict[ItemKind, tuple[Select, Callable[..., CalendarItem]]]:
    return {ItemKind.action: (_actions(), _action_item),
            ItemKind.touchpoint: (_touchpoints(today), _touchpoint_item),
            ItemKind.renewal: (_renewals(), _renewal_item),
            ItemKind.escalation: (_escalations(), _escalation_item),
            ItemKind.review: (_reviews(), _review_item)}
