"""Create, update, soft-delete, restore and list every kind of record, with validation
and referential checks. The command line and the screens both go through here."""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import ColumnElement, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from kamtui.clock import utcnow
from kamtui.domain import TABLES, Row
from kamtui.domain.messages import field_title, sentences
from kamtui.errors import InvalidInput, NotFound
from kamtui.store.engine import Store

T = TypeVar("T", bound=Row)

_BY_TABLENAME: dict[str, type[Row]] = {cls.__tablename__: cls for cls in TABLES}

# What belongs to what: deleting the owner soft-deletes these with the same stamp,
# so restoring the owner brings them back together.
OWNED: dict[str, list[tuple[str, str]]] = {
    "account": [("contact", "account_id"), ("assignment", "account_id"),
                ("whitespace_cell", "account_id"), ("account_plan", "account_id"),
                ("opportunity", "account_id"), ("action_item", "account_id"),
                ("interaction", "account_id"), ("escalation_plan", "account_id"),
                ("escalation", "account_id"), ("review", "account_id"),
                ("tier_decision", "account_id"), ("requirement", "account_id")],
    "account_plan": [("objective", "plan_id"), ("plan_source", "plan_id")],
    "escalation_plan": [("escalation_level", "plan_id")],
    "escalation": [("escalation_event", "escalation_id")],
    "interaction": [("interaction_contact", "interaction_id")],
    "team_member": [("assignment", "team_member_id")],
    "product": [("whitespace_cell", "product_id")],
}


def is_text(value: Any) -> bool:  # noqa: ANN401
    """False for a string (or list of strings) SQLite cannot store: lone surrogates."""
    if isinstance(value, list | tuple):
        return all(is_text(item) for item in value)
    if not isinstance(value, str):
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def noun(table: type[Row]) -> str:
    return table.__tablename__.replace("_", " ")


def a_noun(table: type[Row]) -> str:
    word = noun(table)
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


class Repo(Generic[T]):
    """The operations on one table. Each call is its own short transaction unless it
    runs inside `store.transaction()`, which makes a batch one commit."""

    def __init__(self, store: Store, table: type[T]) -> None:
        self.store = store
        self.table = table
        self.schema: type[BaseModel] = TABLES[table]
        self._fields = set(self.schema.model_fields)

    # -- validation -----------------------------------------------------------
    def validate(self, data: Mapping[str, Any] | BaseModel) -> BaseModel:
        if isinstance(data, BaseModel):
            data = data.model_dump()
        unknown = sorted(set(data) - self._fields)
        if unknown:
            raise InvalidInput([f"{name!r} is not a field of {a_noun(self.table)}."
                                for name in unknown])
        broken = [name for name, value in data.items() if not is_text(value)]
        if broken:  # e.g. bytes that were not UTF-8, decoded with surrogateescape
            raise InvalidInput([f"{field_title(self.schema, name)}: holds characters that "
                                f"are not text (a broken encoding?); type it again."
                                for name in broken])
        try:
            return self.schema.model_validate(dict(data))
        except ValidationError as exc:
            raise InvalidInput(sentences(self.schema, exc)) from None

    def check(self, session: Session, row: T) -> list[str]:
        """Rules that need the store: every reference points at a live record.
        Subclasses add their own rules and return one sentence per problem."""
        problems = []
        for fk in self.table.__table__.foreign_keys:
            value = getattr(row, fk.parent.name)
            if value is None:
                continue
            target = _BY_TABLENAME[fk.column.table.name]
            found = session.get(target, value)
            if found is None or found.deleted_at is not None:
                problems.append(f"{field_title(self.schema, fk.parent.name)}: there is no "
                                f"such {noun(target)} (it may have been deleted).")
        return problems

    # -- writes ---------------------------------------------------------------
    def create(self, data: Mapping[str, Any] | BaseModel, *, id: str | None = None,
               stamp: datetime | None = None) -> T:
        clean = self.validate(data)
        row = self.table(**clean.model_dump())
        if id is not None:
            row.id = id
        row.created_at = row.updated_at = stamp or utcnow()
        with self.store.transaction() as session:
            problems = self.check(session, row)
            if problems:
                raise InvalidInput(problems)
            session.add(row)
            self._flush(session)
        return row

    def update(self, id: str, changes: Mapping[str, Any]) -> T:
        with self.store.transaction() as session:
            row = self._live(session, id)
            current = {name: getattr(row, name) for name in self._fields}
            clean = self.validate({**current, **changes})
            for name, value in clean.model_dump().items():
                setattr(row, name, value)
            problems = self.check(session, row)
            if problems:
                raise InvalidInput(problems)
            row.updated_at = utcnow()
            session.add(row)
            self._flush(session)
        return row

    def _flush(self, session: Session) -> None:
        """Write the row; a unique index it breaks is a sentence. (One plan per account
        and period and one whitespace cell per account and product are kamtui's own
        checks since schema 7: two stores synced may hold both of a pair.)"""
        try:
            session.flush()
        except IntegrityError as exc:
            columns = str(exc.orig).partition("UNIQUE constraint failed:")[2]
            names = [part.strip().rpartition(".")[2] for part in columns.split(",")]
            fields = " and ".join(field_title(self.schema, n).lower() for n in names if n)
            raise InvalidInput([f"There is already {a_noun(self.table)} with this "
                                f"{fields or 'content'} (perhaps a deleted one)."]) from None

    def delete(self, id: str) -> datetime:
        """Soft-delete the record and what belongs to it; returns the stamp used."""
        stamp = utcnow()
        with self.store.transaction() as session:
            self._live(session, id)
            _cascade(session, self.table.__tablename__, [id], stamp, deleting=True)
        return stamp

    def restore(self, id: str) -> T:
        """Undo a delete: the record and what was deleted with it come back."""
        with self.store.transaction() as session:
            row = session.get(self.table, id)
            if row is None or row.deleted_at is None:
                raise NotFound(f"There is no deleted {noun(self.table)} with that id.")
            _cascade(session, self.table.__tablename__, [id], row.deleted_at, deleting=False)
            session.refresh(row)
        return row

    # -- reads ----------------------------------------------------------------
    def get(self, id: str) -> T:
        with self.store.read() as session:
            return self._live(session, id)

    def list(self, *where: ColumnElement[bool], order_by: Sequence[Any] = (),
             limit: int = 200, offset: int = 0, include_deleted: bool = False) -> list[T]:
        query = select(self.table).where(*where)
        if not include_deleted:
            query = query.where(col(self.table.deleted_at).is_(None))
        query = query.order_by(*order_by, col(self.table.id)).limit(limit).offset(offset)
        with self.store.read() as session:
            return list(session.exec(query).all())

    def count(self, *where: ColumnElement[bool]) -> int:
        query = select(func.count()).select_from(self.table).where(
            col(self.table.deleted_at).is_(None), *where)
        with self.store.read() as session:
            return session.exec(query).one()

    def _live(self, session: Session, id: str) -> T:
        row = session.get(self.table, id)
        if row is None or row.deleted_at is not None:
            raise NotFound(f"There is no {noun(self.table)} with id {id}.")
        return row


def _cascade(session: Session, tablename: str, ids: list[str], stamp: datetime,
             *, deleting: bool) -> None:
    table = SQLModel.metadata.tables[tablename]
    if deleting:
        chosen = table.c.deleted_at.is_(None)
        values = {"deleted_at": stamp, "updated_at": stamp}
    else:
        chosen = table.c.deleted_at == stamp
        values = {"deleted_at": None, "updated_at": utcnow()}
    session.execute(update(table).where(table.c.id.in_(ids), chosen).values(**values))
    for child_name, fk in OWNED.get(tablename, []):
        child = SQLModel.metadata.tables[child_name]
        child_chosen = child.c.deleted_at.is_(None) if deleting else child.c.deleted_at == stamp
        child_ids = list(session.execute(
            select(child.c.id).where(child.c[fk].in_(ids), child_chosen)).scalars())
        if child_ids:
            _cascade(session, child_name, child_ids, stamp, deleting=deleting)
