"""Deleting a contact as one undoable step that keeps the account whole: the people who
reported to them move up to their boss (or to nobody), so the org chart does not lose a
branch, and the open work they owned at the customer comes back to me.

What stays as it was, on purpose: the interactions they took part in, the requirements
they asked for and the done or cancelled action items they owned are history, and still
name them."""

from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from kamtui.clock import utcnow
from kamtui.domain import ActionItem, Contact, Row
from kamtui.domain.enums import ActionStatus
from kamtui.domain.words import plural
from kamtui.store.changes import Change, Recorder
from kamtui.store.people import ME
from kamtui.store.repos import Services

_contact, _action = Contact.__table__, ActionItem.__table__
_OUTSTANDING = (ActionStatus.open.value, ActionStatus.waiting.value)


def _set(rec: Recorder, row: Row, **values: Any) -> None:  # noqa: ANN401
    """Write plain values, noted for undo. No re-check of the row's other references: moving
    a report up must not fail because, say, their own notes are over some later limit."""
    rec.before(type(row), row.id)
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_at = utcnow()
    rec.session.add(row)


def _live_ids(session: Session, query: Any) -> list[str]:  # noqa: ANN401 - a select
    return list(session.execute(query).scalars())


def delete_contact(services: Services, id: str) -> Change:
    """Soft-delete the contact; their direct reports now report to the contact's boss (or
    to nobody) and their open or waiting action items are mine. Undo restores every row."""
    with services.store.transaction() as session:
        rec = Recorder(session)
        person = services.contacts._live(session, id)
        boss = session.get(Contact, person.reports_to_id) if person.reports_to_id else None
        if boss is not None and (boss.deleted_at is not None or boss.id == id
                                 or boss.account_id != person.account_id):
            boss = None  # the org chart already shows them as a root
        reports = _live_ids(session, select(_contact.c.id).where(
            _contact.c.reports_to_id == id, _contact.c.id != id,
            _contact.c.deleted_at.is_(None)).order_by(_contact.c.name, _contact.c.id))
        for report_id in reports:
            _set(rec, session.get(Contact, report_id),
                 reports_to_id=boss.id if boss is not None else None)
        owned = _live_ids(session, select(_action.c.id).where(
            _action.c.owner_contact_id == id, _action.c.status.in_(_OUTSTANDING),
            _action.c.deleted_at.is_(None)).order_by(_action.c.id))
        for action_id in owned:
            _set(rec, session.get(ActionItem, action_id), **ME.fields())
        rec.before(Contact, id)
        services.contacts.delete(id)
        said = f"Deleted the contact '{person.name}'"
        if reports:
            who = (", ".join(session.get(Contact, r).name for r in reports)
                   if len(reports) <= 3 else plural(len(reports), "person", "people"))
            verb = "reports" if len(reports) == 1 else "report"
            said += f"; {who} now {verb} to {boss.name if boss is not None else 'nobody'}"
        if owned:
            verb = "is" if len(owned) == 1 else "are"
            said += f"; {plural(len(owned), 'open action item')} {verb} now mine"
        return rec.change(said + ".")


__all__ = ["delete_contact"]
