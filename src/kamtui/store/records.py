"""Add, edit and delete a plain record (an account, a contact, ...) as one undoable step.
Each function is one transaction and returns a `Change` that `kamtui.store.changes.undo`
takes back; a delete notes every row its cascade soft-deletes, so undo brings them all
back with their exact earlier values."""

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlmodel import Session, SQLModel

from kamtui.domain import Row
from kamtui.domain.messages import field_title
from kamtui.errors import Conflict
from kamtui.store.changes import Change, Recorder
from kamtui.store.repos import Services
from kamtui.store.services import _BY_TABLENAME, OWNED, Repo, noun


def _repo(services: Services, repo_name: str) -> Repo:
    repo = getattr(services, repo_name, None)
    if not isinstance(repo, Repo):
        raise ValueError(f"{repo_name!r} is not a kind of record kamtui keeps")
    return repo


def _called(row: Row) -> str:
    for key in ("name", "title", "summary", "period"):
        text = getattr(row, key, None)
        if text:
            return f" '{text if len(text) <= 40 else text[:37] + '...'}'"
    return ""


def _utc(stamp: datetime) -> datetime:
    # SQLite keeps timestamps without a zone; kamtui writes them all in UTC.
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


def refuse_if_changed(row: Row, expected_updated_at: datetime | None, what: str) -> None:
    """Refuse (Conflict) when `row` was saved by someone else since the form showing it was
    opened: its updated_at is no longer the one the form saw. None: no check."""
    if expected_updated_at is None or _utc(row.updated_at) == _utc(expected_updated_at):
        return
    local = _utc(row.updated_at).astimezone()
    when = (f"at {local:%H:%M}" if local.date() == datetime.now().astimezone().date()
            else f"on {local:%Y-%m-%d} at {local:%H:%M}")
    raise Conflict(f"This {what} was changed elsewhere since you opened the form ({when}); "
                   f"reopen it to see the change, or save again to overwrite.",
                   _utc(row.updated_at))


def create_record(services: Services, repo_name: str,
                  data: Mapping[str, Any] | BaseModel) -> tuple[Row, Change]:
    """Add a record; undo soft-deletes it."""
    repo = _repo(services, repo_name)
    with services.store.transaction() as session:
        rec = Recorder(session)
        row = repo.create(data)
        rec.created(row)
        return row, rec.change(f"Added the {noun(repo.table)}{_called(row)}.")


def edit_record(services: Services, repo_name: str, id: str, changes: Mapping[str, Any],
                *, expected_updated_at: datetime | None = None) -> Change:
    """Change some fields of a record; undo puts the earlier values back. Given the
    record's `expected_updated_at` (when the form was opened), refuses with Conflict if it
    was saved elsewhere since."""
    repo = _repo(services, repo_name)
    with services.store.transaction() as session:
        rec = Recorder(session)
        live = repo._live(session, id)
        refuse_if_changed(live, expected_updated_at, noun(repo.table))
        old = live.model_dump()
        rec.before(repo.table, id)
        row = repo.update(id, changes)
        new = row.model_dump()
        edited = [field_title(repo.schema, name).lower() for name in repo.schema.model_fields
                  if old.get(name) != new.get(name)]
        what = f" ({', '.join(edited)})" if edited else " (nothing changed)"
        return rec.change(f"Edited the {noun(repo.table)}{_called(row)}{what}.")


def _cascade_rows(session: Session, tablename: str,
                  ids: list[str]) -> list[tuple[type[Row], str]]:
    """The live rows a delete of `ids` soft-deletes (them included), as Repo's cascade
    walks them."""
    table = SQLModel.metadata.tables[tablename]
    live = list(session.execute(select(table.c.id).where(
        table.c.id.in_(ids), table.c.deleted_at.is_(None))).scalars())
    found = [(_BY_TABLENAME[tablename], id) for id in live]
    for child_name, fk in OWNED.get(tablename, []):
        child = SQLModel.metadata.tables[child_name]
        child_ids = list(session.execute(select(child.c.id).where(
            child.c[fk].in_(live), child.c.deleted_at.is_(None))).scalars())
        if child_ids:
            found += _cascade_rows(session, child_name, child_ids)
    return found


def delete_record(services: Services, repo_name: str, id: str) -> Change:
    """Soft-delete a record and what belongs to it; undo brings every one of them back."""
    repo = _repo(services, repo_name)
    with services.store.transaction() as session:
        rec = Recorder(session)
        row = repo._live(session, id)
        said = f"Deleted the {noun(repo.table)}{_called(row)}"
        touched = _cascade_rows(session, repo.table.__tablename__, [id])
        for table, row_id in touched:
            rec.before(table, row_id)
        repo.delete(id)
        others = len(touched) - 1
        if others:
            said += f" and {others} record{'s' if others != 1 else ''} that belonged to it"
        return rec.change(said + ".")


__all__ = ["create_record", "delete_record", "edit_record", "refuse_if_changed"]
