"""Importing accounts, contacts and actions read from a file (CSV from a CRM, vCard):
`plan_import` says what would be added, updated, left alone and refused, writing nothing;
`apply_import` writes a plan in one transaction after a backup. A row that matches a stored
record (same account name; same contact email, or name within the account; same action
account, title and deadline) updates it instead of adding a twin, so a second import of
the same file changes nothing."""

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import Any

from sqlalchemy import Float, Numeric, Table
from sqlmodel import Session

from kamtui.clock import utcnow
from kamtui.domain import Account, ActionItem, Contact
from kamtui.errors import InvalidInput
from kamtui.io.crm_values import DateOrder
from kamtui.io.rows import SourceRow
from kamtui.store import sync_log
from kamtui.store.backup import take_backup
from kamtui.store.engine import Store, driver
from kamtui.store.import_plan import ImportPlan, ImportResult, Planned, Refusal
from kamtui.store.import_planner import Planner
from kamtui.store.import_rules import MODELS, Kind, load_lookups

TABLES = {"accounts": Account, "contacts": Contact, "actions": ActionItem}


def plan_import(store: Store, kind: Kind, rows: list[SourceRow], *,
                date_order: DateOrder | None = None,
                progress: Callable[[int, int], None] | None = None,
                default_account: str | None = None,
                columns: dict[str, str] | None = None,
                problems: dict[int, str] | None = None, unit: str = "row") -> ImportPlan:
    """What importing `rows` as `kind` would do; reads the store, writes nothing.
    `date_order` is the user's --dayfirst/--monthfirst; `default_account` names the
    account of rows that name none; `columns` maps a field to the file's column header,
    so refusals name the column as the user's file does; `problems` are rows the file's
    reader found broken (row number -> the reason, a sentence), refused as they are;
    `unit` is what the report calls a record of the file ("row", or "card" for vCards)."""
    if kind not in MODELS:
        raise ValueError(f"cannot import {kind!r}")
    options = {"date_order": date_order, "default_account": default_account,
               "columns": dict(columns or {}), "problems": dict(problems or {}),
               "unit": unit}
    with collector_paused(), store.read() as session:
        return Planner(session, kind, rows, load_lookups(session, kind), options,
                       progress).run()


def apply_import(store: Store, plan: ImportPlan, *, skip_bad_rows: bool = False) -> ImportResult:
    """Write `plan` in one transaction, after a backup. With refused rows and not
    `skip_bad_rows`, writes nothing and raises InvalidInput listing them. Inside the
    transaction the store's keys are read again; if another session changed them since
    the plan, the rows are planned again (a twin added meanwhile becomes an update)."""
    _refuse_if_bad(plan, skip_bad_rows)
    backup = take_backup(store, "import") if plan.writes else None
    with collector_paused(), store.transaction() as session:
        fresh = load_lookups(session, plan.kind)
        if fresh != plan.lookups:
            plan = Planner(session, plan.kind, plan.source, fresh, plan.options, None).run()
            _refuse_if_bad(plan, skip_bad_rows)
            if plan.writes and backup is None:  # a WAL reader may copy while we hold the lock
                backup = take_backup(store, "import")
        _write(session, plan)
    return ImportResult(plan, len(plan.adds), len(plan.updates), len(plan.unchanged),
                        len(plan.refused_rows), backup)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while 100,000 rows become objects: it found nothing to
    free and took a quarter of the time. (Their objects are freed as usual, by reference
    count; the command line pauses it for the whole import, reading the file included.)"""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _refuse_if_bad(plan: ImportPlan, skip_bad_rows: bool) -> None:
    bad = len(plan.refused_rows)
    if bad and not skip_bad_rows:
        rows = "1 row was" if bad == 1 else f"{bad} rows were"
        raise InvalidInput([f"Nothing was imported: {rows} refused; fix them, or skip "
                            f"them (--skip-bad-rows)."] + plan.refusal_lines(limit=100))


def _write(session: Session, plan: ImportPlan) -> None:
    """Bulk inserts, then bulk updates by id (the reports-to of contacts the file adds
    come after every contact exists), each one executemany."""
    if len(plan.adds) + len(plan.updates) > BIG:  # index pages stay in memory meanwhile
        session.connection().exec_driver_sql(f"PRAGMA cache_size = -{BIG_CACHE_KIB}")
    table = TABLES[plan.kind].__table__
    stamp = utcnow()
    if plan.adds:
        adds = sorted(plan.adds, key=attrgetter("id"))  # the index of ids grows at its end
        fields = list(adds[0].values)
        names = ["id", "created_at", "updated_at", "deleted_at", *fields]
        pick = itemgetter(*fields)  # each record's values once (they are far apart)
        columns = [[add.id for add in adds], [stamp], [stamp], [None],
                   *zip(*(pick(add.values) for add in adds), strict=True)]
        raw = driver(session)
        with sync_log.triggers_off(raw, table.name):  # logged below, at once: far quicker
            session.connection().exec_driver_sql(
                f"INSERT INTO {table.name} ({', '.join(names)}) "
                f"VALUES ({', '.join('?' * len(names))})",
                _rows(session, table, names, columns))
        sync_log.log_created(raw, table.name, columns[0])
    changes = [(id, {"reports_to_id": boss}) for id, boss in plan.links.items()]
    changes += [(u.id, u.values) for u in plan.updates]
    batches: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    for id, values in changes:
        batches.setdefault(tuple(values), []).append((stamp, *values.values(), id))
    for names, rows in batches.items():
        columns = ["updated_at", *names, "id"]
        session.connection().exec_driver_sql(
            f"UPDATE {table.name} SET {', '.join(f'{n} = ?' for n in columns[:-1])} "
            f"WHERE id = ?",
            _rows(session, table, columns, list(zip(*rows, strict=True))))


BIG = 10_000  # rows: an import this big writes with a bigger page cache
BIG_CACHE_KIB = 65_536  # for this connection's life: kamtui's processes are short or idle


def _rows(session: Session, table: Table, names: list[str],
          columns: list[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """The rows to write, from the values of each column (`names`; a column of one value
    holds the same value for every row), as the driver takes them: through SQLAlchemy's
    own bind processors (dates, choices, JSON), column by column and each distinct value
    once. Row by row, a Core executemany spends most of a big import's time there."""
    dialect = session.get_bind().dialect
    count = max(len(column) for column in columns)
    bound: list[Iterable[Any]] = []
    for name, column in zip(names, columns, strict=True):
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:  # text passes as it is
            # Numbers seldom repeat, and their processor (C) is quicker than a lookup.
            numbers = isinstance(table.c[name].type, (Float, Numeric))
            column = list(map(process, column)) if numbers else _processed(column, process)
        bound.append(column if len(column) == count else repeat(column[0], count))
    return list(zip(*bound, strict=False))  # the repeats end with the longest column


def _processed(values: Sequence[Any], process: Callable[[Any], Any]) -> list[Any]:
    """Each value processed, None left as it is (SQL NULL, not JSON's null)."""
    try:
        distinct = dict(zip(values, values, strict=True))
        keys: Sequence[Any] = values
    except TypeError:  # lists and dicts (JSON) cannot be dict keys; their repr can
        keys = list(map(repr, values))
        distinct = dict(zip(keys, values, strict=True))
    done = {key: None if value is None else process(value)
            for key, value in distinct.items()}
    return list(map(done.__getitem__, keys))


__all__ = ["DateOrder", "ImportPlan", "ImportResult", "Planned", "Refusal", "apply_import",
           "collector_paused", "plan_import"]
