"""Every table of the store read and written raw, exactly as SQLite holds it (text, int,
float, null), for the lossless JSON backup: the live columns, what kind of value each
holds, rows streamed in id order, bulk inserts with foreign keys checked at the end."""

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, TypeDecorator
from sqlalchemy import Enum as SAEnum

from kamtui.domain import TABLES, Row
from kamtui.store.engine import Store, driver

# Every table of the domain, parents before children (kamtui.domain.TABLES order).
MODELS: dict[str, type[Row]] = {model.__tablename__: model for model in TABLES}
CHUNK = 500  # rows fetched from SQLite at a time while streaming a table
_DECLARED = {"JSON": "json", "BOOLEAN": "bool", "DATETIME": "datetime", "DATE": "date",
             "INTEGER": "int", "FLOAT": "float", "REAL": "float"}


@dataclass(frozen=True)
class Column:
    """One live column: its name, the kind of value it holds (text, enum, int, float,
    bool, date, datetime, json), whether it may be null and whether SQL has a default."""

    name: str
    kind: str
    nullable: bool
    has_default: bool
    choices: tuple[str, ...] = ()  # an enum column's stored values


def _kind(model: type[Row] | None, name: str, declared: str) -> tuple[str, tuple[str, ...]]:
    column = model.__table__.columns.get(name) if model is not None else None
    if column is None:  # not in this kamtui's models: go by the declared SQL type
        return _DECLARED.get(declared.split("(")[0].strip().upper(), "text"), ()
    kind = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
    if isinstance(kind, SAEnum):
        enum = kind.enum_class
        values = tuple(m.value for m in enum) if isinstance(enum, type) and issubclass(
            enum, Enum) else tuple(kind.enums)
        return "enum", values
    for sa_type, label in ((JSON, "json"), (Boolean, "bool"), (DateTime, "datetime"),
                           (Date, "date"), (Integer, "int"), (Float, "float")):
        if isinstance(kind, sa_type):
            return label, ()
    return "text", ()


def columns(conn: sqlite3.Connection, table: str) -> list[Column]:
    """The table's columns as the store has them now (migrations included), in order."""
    found = []
    for _cid, name, declared, notnull, default, _pk in conn.execute(
            f'PRAGMA table_info("{table}")'):
        kind, choices = _kind(MODELS.get(table), name, declared or "")
        found.append(Column(name, kind, not notnull, default is not None, choices))
    return found


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """How many rows (soft-deleted ones included) each domain table holds."""
    return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in MODELS}


def rows(conn: sqlite3.Connection, table: str, names: list[str]) -> Iterator[tuple]:
    """The table's rows in id order, `names` columns each, read CHUNK rows at a time."""
    listed = ", ".join(f'"{name}"' for name in names)
    cursor = conn.execute(f'SELECT {listed} FROM "{table}" ORDER BY id')
    try:
        while batch := cursor.fetchmany(CHUNK):
            yield from batch
    finally:
        cursor.close()


def replica_id(conn: sqlite3.Connection) -> str:
    return conn.execute("SELECT value FROM store_meta WHERE key = 'replica_id'").fetchone()[0]


def meta(conn: sqlite3.Connection) -> dict[str, str]:
    """The store_meta rows (settings and the like) apart from the replica id and what
    the store keeps for syncing ("sync." keys), which belong to this file alone."""
    return dict(conn.execute(
        "SELECT key, value FROM store_meta WHERE key != 'replica_id' "
        "AND key NOT LIKE 'sync.%' ORDER BY key"))


def insert(conn: sqlite3.Connection, table: str, batch: Iterable[dict[str, Any]]) -> int:
    """Insert rows (dicts of column to stored value) with executemany; rows that leave
    a column out are inserted without it, so it takes its SQL default."""
    groups: dict[tuple[str, ...], list[tuple]] = {}
    for row in batch:
        names = tuple(row)
        groups.setdefault(names, []).append(tuple(row[name] for name in names))
    count = 0
    for names, values in groups.items():
        listed = ", ".join(f'"{name}"' for name in names)
        marks = ", ".join("?" * len(names))
        conn.executemany(f'INSERT INTO "{table}" ({listed}) VALUES ({marks})', values)
        count += len(values)
    return count


def put_meta(conn: sqlite3.Connection, values: dict[str, str], replica_id: str) -> None:
    """Make store_meta hold `values` and `replica_id`, and nothing else."""
    conn.execute("DELETE FROM store_meta WHERE key != 'replica_id' AND key NOT LIKE 'sync.%'")
    conn.executemany("INSERT INTO store_meta (key, value) VALUES (?, ?)",
                     [(k, v) for k, v in values.items()
                      if k != "replica_id" and not k.startswith("sync.")])
    conn.execute("INSERT INTO store_meta (key, value) VALUES ('replica_id', ?) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (replica_id,))


@dataclass(frozen=True)
class Dangling:
    """A row whose reference points at no row: `table` row `id`, `column` = `value`,
    which should be an id of `parent`."""

    table: str
    id: str
    column: str
    value: Any
    parent: str


def dangling(conn: sqlite3.Connection, limit: int = 50) -> tuple[list[Dangling], int]:
    """The first `limit` references that point nowhere, and how many there are in all
    (PRAGMA foreign_key_check)."""
    cursor = conn.execute("PRAGMA foreign_key_check")
    first = cursor.fetchmany(limit)
    total = len(first) + sum(1 for _ in cursor)
    found: list[Dangling] = []
    links: dict[str, dict[int, str]] = {}
    for table, rowid, parent, fkid in first:
        if table not in links:
            links[table] = {fk[0]: fk[3] for fk in conn.execute(
                f'PRAGMA foreign_key_list("{table}")')}
        column = links[table].get(fkid, "?")
        got = conn.execute(f'SELECT id, "{column}" FROM "{table}" WHERE rowid = ?',
                           (rowid,)).fetchone() or ("?", None)
        found.append(Dangling(table, got[0], column, got[1], parent))
    return found, total


@contextmanager
def indexes_set_aside(conn: sqlite3.Connection) -> Iterator[None]:
    """For a bulk load into empty tables: the secondary indexes are dropped first and made
    again at the end, in the caller's transaction. Built from sorted rows at once, not
    grown row by random row, they cost the scale store's restore (1.1 million rows) 37 s
    instead of 52 s.
    (Primary keys and unique constraints stay: the rows are checked against them.)"""
    made = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                        "sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %'").fetchall()
    for name, _ in made:
        conn.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in made:
        conn.execute(sql)


def self_references(conn: sqlite3.Connection, table: str) -> list[str]:
    """The columns by which `table`'s rows refer to other rows of it (reports_to_id)."""
    return [fk[3] for fk in conn.execute(f'PRAGMA foreign_key_list("{table}")')
            if fk[2] == table]


def parents_first(rows: list[dict[str, Any]], columns: list[str]) -> list[dict[str, Any]]:
    """`rows` of one table reordered so that each comes after the rows it refers to through
    `columns` (where those are among them). With foreign keys checked at commit, a row put
    in before the row it refers to leaves a violation pending, and while one is pending
    SQLite looks for rows referring to each new row: a scan of the table per insert, which
    took 50,000 contacts three minutes. A cycle is broken where it was entered."""
    if not columns:
        return rows
    by_id = {row["id"]: row for row in rows}
    placed: set[str] = set()
    ordered: list[dict[str, Any]] = []
    for first in rows:
        stack = [(first, False)]
        while stack:  # depth first: a row goes in once the rows it refers to are in
            row, parents_in = stack.pop()
            if parents_in:
                ordered.append(row)
                continue
            if row["id"] in placed:
                continue
            placed.add(row["id"])
            stack.append((row, True))
            stack += [(by_id[ref], False) for column in columns
                      if (ref := row.get(column)) in by_id and ref not in placed]
    return ordered


@contextmanager
def reading(store: Store) -> Iterator[sqlite3.Connection]:
    """The raw connection of one read transaction: every table seen at one moment."""
    with store.read() as session:
        yield driver(session)


@contextmanager
def writing(store: Store) -> Iterator[sqlite3.Connection]:
    """The raw connection of one write transaction (BEGIN IMMEDIATE) whose foreign keys
    are checked at commit, not row by row, so rows may come in any order."""
    with store.transaction() as session:
        conn = driver(session)
        conn.execute("PRAGMA defer_foreign_keys = ON")
        yield conn


__all__ = ["CHUNK", "MODELS", "Column", "Dangling", "columns", "dangling",
           "indexes_set_aside", "insert", "meta", "parents_first", "put_meta", "reading",
           "replica_id", "row_counts", "rows", "schema_version", "self_references", "writing"]
