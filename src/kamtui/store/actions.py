"""The action item lifecycle: add, edit, complete (with the next one of a repeating item),
status, snooze, reassign, delete, and logging a touchpoint with a contact. Each function is
one transaction and returns a `Change` the screen can undo."""

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session

from kamtui.clock import utcnow
from kamtui.domain import ActionItem, ActionItemCreate, Contact, Objective, Row, TeamMember
from kamtui.domain.dates import advance
from kamtui.domain.enums import ActionStatus, InteractionKind, OwnerKind, RecurrenceBasis
from kamtui.domain.enums import RecurrenceUnit as Unit
from kamtui.domain.messages import field_title
from kamtui.errors import InvalidInput, NotFound
from kamtui.store.changes import Change, Recorder
from kamtui.store.people import ME, Owner, owner_of
from kamtui.store.records import refuse_if_changed
from kamtui.store.repos import Services

OUTSTANDING = (ActionStatus.open, ActionStatus.waiting)
# Columns the next one of a repeating item copies from the one just done.
_COPIED = ("account_id", "title", "owner_kind", "owner_team_member_id", "owner_contact_id",
           "priority", "success_measure", "objective_id", "notes", "recurrence_every",
           "recurrence_unit", "recurrence_basis")


def next_deadline(item: ActionItem, today: date) -> date:
    """When the next one of a repeating item is due: counted from the old deadline or from
    today (the recurrence basis), in whole steps, until it is after today."""
    start = item.deadline if item.recurrence_basis == RecurrenceBasis.deadline else today
    start = start or today
    every, unit = item.recurrence_every, Unit(item.recurrence_unit)
    k = 1
    if unit != Unit.months and start < today:  # jump straight there: no long loops
        span = every * (7 if unit == Unit.weeks else 1)
        k = (today - start).days // span + 1
    # Each candidate is counted from `start`, not from the last candidate, so month ends
    # do not drift (Jan 31 -> Feb 28 -> Mar 31, not Mar 28).
    while advance(start, every * k, unit) <= today:
        k += 1
    return advance(start, every * k, unit)


def one_day_later(deadline: date | None, today: date) -> date:
    """What a one-day snooze gives: the day after the later of the deadline and today (an
    item ten days overdue snoozed by a day is due tomorrow)."""
    return max(deadline or today, today) + timedelta(days=1)


def _live(session: Session, id: str) -> ActionItem:
    item = session.get(ActionItem, id)
    if item is None or item.deleted_at is not None:
        raise NotFound(f"There is no action item with id {id}.")
    return item


def _set(rec: Recorder, row: Row, **values: Any) -> None:
    """Write plain values (status, dates) without re-checking the row's references: ticking
    an item off must work even if, say, its owner was deleted since."""
    rec.before(type(row), row.id)
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_at = utcnow()
    rec.session.add(row)


def _needs_outstanding(item: ActionItem, doing: str) -> None:
    if item.status not in OUTSTANDING:
        raise InvalidInput([f"'{item.title}' is {item.status}; only open or waiting items "
                            f"can be {doing} (set its status to open first)."])


def add_action(services: Services, data: Mapping | BaseModel) -> tuple[ActionItem, Change]:
    with services.store.transaction() as session:
        rec = Recorder(session)
        item = services.actions.create(data)
        rec.created(item)
        due = f", due {item.deadline.isoformat()}" if item.deadline else ""
        return item, rec.change(f"Added '{item.title}'{due}.")


def edit_action(services: Services, id: str, changes: Mapping, *,
                expected_updated_at: datetime | None = None) -> Change:
    """Change an item's fields; given its `expected_updated_at` (when the form was opened),
    refuses with Conflict if it was saved elsewhere since."""
    with services.store.transaction() as session:
        rec = Recorder(session)
        live = _live(session, id)
        refuse_if_changed(live, expected_updated_at, "action item")
        old = live.model_dump()
        rec.before(ActionItem, id)
        item = services.actions.update(id, changes)
        new = item.model_dump()
        # "Owner" and "Owner (team member)" are one thing to the person who changed it.
        edited = list(dict.fromkeys(
            field_title(ActionItemCreate, name).split(" (")[0].lower()
            for name in ActionItemCreate.model_fields if old.get(name) != new.get(name)))
        what = f" ({', '.join(edited)})" if edited else " (nothing changed)"
        return rec.change(f"Edited '{item.title}'{what}.")


def complete_action(services: Services, id: str,
                    today: date) -> tuple[Change, ActionItem | None]:
    """Mark the item done; a repeating item gets its next one, which is returned too."""
    with services.store.transaction() as session:
        rec = Recorder(session)
        item = _live(session, id)
        if item.status not in OUTSTANDING:
            was = "is already done" if item.status == ActionStatus.done else "was cancelled"
            raise InvalidInput([f"'{item.title}' {was}; set its status to open first to "
                                f"complete it again."])
        _set(rec, item, status=ActionStatus.done, completed_at=utcnow())
        if item.recurrence_every is None or item.recurrence_unit is None:
            return rec.change(f"Marked '{item.title}' done."), None
        data = {name: getattr(item, name) for name in _COPIED}
        data.update(deadline=next_deadline(item, today), status=ActionStatus.open)
        dropped = _drop_gone_references(session, data)
        nxt = services.actions.create(data)
        rec.created(nxt)
        note = f" (owner is now me: {dropped})" if dropped else ""
        return rec.change(f"Marked '{item.title}' done; next one due "
                          f"{nxt.deadline.isoformat()}{note}."), nxt


def _drop_gone_references(session: Session, data: dict[str, Any]) -> str:
    """The next repeating item cannot point at a deleted owner or objective; give it to me
    and drop the objective, and say so."""
    said = ""
    for kind, key, table in ((OwnerKind.team, "owner_team_member_id", TeamMember),
                             (OwnerKind.customer, "owner_contact_id", Contact)):
        if data["owner_kind"] == kind and data[key]:
            found = session.get(table, data[key])
            if found is None or found.deleted_at is not None:
                data.update(ME.fields())
                said = f"{found.name if found else 'the owner'} was deleted"
    objective = session.get(Objective, data["objective_id"]) if data["objective_id"] else None
    if objective is not None and objective.deleted_at is not None:
        data["objective_id"] = None
    return said


def set_status(services: Services, id: str, status: ActionStatus) -> Change:
    """Open, waiting or cancelled; reopening a done item clears when it was done."""
    status = ActionStatus(status)
    with services.store.transaction() as session:
        rec = Recorder(session)
        item = _live(session, id)
        if status == ActionStatus.done:
            raise InvalidInput([f"To mark '{item.title}' done, complete it (that also "
                                f"schedules the next one of a repeating item)."])
        if item.status == status:
            raise InvalidInput([f"'{item.title}' is already {status}."])
        _set(rec, item, status=status, completed_at=None)
        said = {ActionStatus.open: "Reopened '{}'.", ActionStatus.waiting: "Marked '{}' waiting.",
                ActionStatus.cancelled: "Cancelled '{}'."}[status]
        return rec.change(said.format(item.title))


def snooze_action(services: Services, id: str, until: date, today: date) -> Change:
    """Move an open or waiting item's deadline to `until` (today or later)."""
    with services.store.transaction() as session:
        rec = Recorder(session)
        item = _live(session, id)
        _needs_outstanding(item, "snoozed")
        if until < today:
            raise InvalidInput([f"Snooze until: {until.isoformat()} is in the past; pick "
                                f"today ({today.isoformat()}) or a later day."])
        was = item.deadline.isoformat() if item.deadline else "no deadline"
        _set(rec, item, deadline=until)
        return rec.change(f"Snoozed '{item.title}' to {until.isoformat()} (was {was}).")


def reassign_action(services: Services, id: str, owner: Owner) -> Change:
    with services.store.transaction() as session:
        rec = Recorder(session)
        item = _live(session, id)
        if owner_of(services, item).fields() == owner.fields():
            raise InvalidInput([f"'{item.title}' is already owned by {owner.name}."])
        rec.before(ActionItem, id)
        item = services.actions.update(id, owner.fields())
        return rec.change(f"Reassigned '{item.title}' to {owner_of(services, item).name}.")


def delete_action(services: Services, id: str) -> Change:
    """Soft delete: the item stays in the store, hidden, until undone."""
    with services.store.transaction() as session:
        rec = Recorder(session)
        item = _live(session, id)
        rec.before(ActionItem, id)
        services.actions.delete(id)
        return rec.change(f"Deleted '{item.title}'.")


def log_touchpoint(services: Services, contact_id: str, *, on: date, today: date,
                   kind: InteractionKind = InteractionKind.call, note: str = "") -> Change:
    """Record that I was in touch with a contact on `on`: an interaction with them, and
    their last-contacted day moved up if `on` is later."""
    with services.store.transaction() as session:
        rec = Recorder(session)
        contact = services.contacts.get(contact_id)
        if on > today:
            raise InvalidInput([f"Touchpoint date: {on.isoformat()} is in the future; log "
                                f"a touchpoint on today ({today.isoformat()}) or earlier."])
        kind = InteractionKind(kind)
        talk = services.interactions.create({
            "account_id": contact.account_id, "occurred_on": on, "kind": kind,
            "summary": note.strip() or f"Touchpoint with {contact.name}"})
        rec.created(talk)
        rec.created(services.interaction_contacts.create(
            {"interaction_id": talk.id, "contact_id": contact.id}))
        if contact.last_contacted is None or on > contact.last_contacted:
            _set(rec, session.get(Contact, contact.id), last_contacted=on)
        article = "an" if str(kind)[0] in "aeiou" else "a"
        return rec.change(f"Logged {article} {kind} with {contact.name} on {on.isoformat()}.")


__all__ = ["add_action", "complete_action", "delete_action", "edit_action", "log_touchpoint",
           "next_deadline", "one_day_later", "reassign_action", "set_status", "snooze_action"]
