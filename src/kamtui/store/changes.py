"""What one user step changed (`Change`), how a step records it (`Recorder`) and how it is
taken back (`undo`). Rows are read and restored with Core statements so the values put
back are exactly the stored ones, timestamps included."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, select, update
from sqlmodel import Session, SQLModel

from kamtui.clock import utcnow
from kamtui.domain import Row
from kamtui.domain.words import record_label
from kamtui.errors import StoreError
from kamtui.store.engine import Store


@dataclass(frozen=True)
class RowChange:
    """One row a step touched."""

    table: str  # __tablename__
    id: str
    before: dict | None  # the row's column values before; None: the step created it
    after_updated_at: datetime  # the row's updated_at right after the step (aware UTC)


@dataclass(frozen=True)
class Change:
    """What one user step did, in words and in rows, so it can be undone."""

    description: str  # past tense, plain text: "Marked 'Send QBR deck' done; ..."
    rows: tuple[RowChange, ...]


def _as_utc(stamp: datetime) -> datetime:
    # SQLite keeps timestamps without a zone; kamtui writes them all in UTC.
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


def _table(name: str) -> Table:
    return SQLModel.metadata.tables[name]


def _fetch(session: Session, table: Table, id: str) -> dict[str, Any] | None:
    found = session.execute(select(table).where(table.c.id == id)).mappings().one_or_none()
    return dict(found) if found is not None else None


class Recorder:
    """Notes, inside one transaction, the rows a step is about to change (their values
    before) and the rows it creates; `change()` then seals them into a `Change`."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._before: dict[tuple[str, str], dict[str, Any] | None] = {}

    def before(self, table: type[Row], id: str) -> None:
        """Snapshot the row before it changes; a row already noted keeps its first
        snapshot (a step may touch a row twice)."""
        key = (table.__tablename__, id)
        if key in self._before:
            return
        # Pending ORM changes must reach the database first, or the snapshot would
        # miss what an earlier part of the same step did.
        self.session.flush()
        self._before[key] = _fetch(self.session, table.__table__, id)

    def created(self, row: Row) -> None:
        """Note a row the step added (undo soft-deletes it)."""
        self._before.setdefault((row.__tablename__, row.id), None)

    def change(self, description: str) -> Change:
        """The rows as they are now, with `description`; call it before the transaction
        ends, after the step's last write."""
        self.session.flush()
        rows = []
        for (tablename, id), before in self._before.items():
            table = _table(tablename)
            stamp = self.session.execute(
                select(table.c.updated_at).where(table.c.id == id)).scalar_one()
            rows.append(RowChange(table=tablename, id=id, before=before,
                                  after_updated_at=_as_utc(stamp)))
        return Change(description=description, rows=tuple(rows))


def _undone(row: RowChange, current: dict[str, Any] | None) -> bool:
    if current is None:
        return False
    if row.before is None:
        return current["deleted_at"] is not None
    return current == row.before


def undo(store: Store, change: Change) -> str:
    """Take `change` back in one transaction: rows it created are soft-deleted, the others
    get their earlier values back (deleted_at and updated_at included). Refuses, changing
    nothing, if any of the rows was changed after the step. Returns what to tell the user."""
    with store.transaction() as session:
        current = {(r.table, r.id): _fetch(session, _table(r.table), r.id) for r in change.rows}
        if change.rows and all(_undone(r, current[(r.table, r.id)]) for r in change.rows):
            raise StoreError(f"That was already undone: {change.description}")
        for row in change.rows:
            now = current[(row.table, row.id)]
            if now is None:
                raise StoreError(f"{record_label(row.table, row.before)} is no longer in the "
                                 f"store; there is nothing to undo.")
            if _as_utc(now["updated_at"]) != row.after_updated_at:
                when = _as_utc(now["updated_at"]).strftime("%Y-%m-%d %H:%M:%S UTC")
                raise StoreError(f"{record_label(row.table, now)} was changed since (last saved "
                                 f"{when}); undo would overwrite that change.")
        stamp = utcnow()
        for row in change.rows:
            table = _table(row.table)
            if row.before is None:
                values: dict[str, Any] = {"deleted_at": stamp, "updated_at": stamp}
            else:
                values = {k: v for k, v in row.before.items() if k != "id"}
            session.execute(update(table).where(table.c.id == row.id).values(**values))
    return f"Undone: {change.description}"


__all__ = ["Change", "Recorder", "RowChange", "undo"]
