"""The store's change log (issue 9): triggers, made from the tables themselves, log every
insert (one line: the row was created) and every changed field of every update into
change_log, in the writing transaction; `stamp_pending` gives those lines their hybrid
logical clock stamps and what they replaced knowingly, just before that transaction
commits (Store.transaction), so a write and its log line are one commit.

Raw sqlite3 only: opening a store and every write pass through here, and neither may wait
for SQLAlchemy. Received changes are applied with sync_quiet holding a row, so the
triggers leave them to kamtui.store.sync_apply, which logs them with their own stamps."""

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from kamtui.clock import utcnow
from kamtui.sync.hlc import Clock, Stamp

STORED_TIME = "%Y-%m-%d %H:%M:%S.%f"

TRIGGERS_KEY = "sync.triggers"  # store_meta: "schema:count" of the triggers made
INTERNAL = frozenset({"store_meta", "change_log", "sync_conflict", "sync_replica",
                      "sync_peer", "sync_quiet"})
# How many fields hold a conflict, and when this store last synced with any other.
COUNT_CONFLICTS = ("SELECT count(*) FROM (SELECT 1 FROM sync_conflict "
                   "GROUP BY tbl, row_id, field)")
LAST_SYNCED = "SELECT max(synced_at) FROM sync_peer"
# id names the row; updated_at is each store's own note of when the row last changed here.
NOT_SYNCED = ("id", "updated_at")


def synced_tables(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Each synced table (a kamtui record table: id, updated_at, deleted_at) and the
    columns a change may set, in the table's order."""
    names = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
        "ORDER BY name")]
    found: dict[str, list[str]] = {}
    for name in names:
        if name in INTERNAL:
            continue
        columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')]
        if {"id", "updated_at", "deleted_at"} <= set(columns):
            found[name] = [c for c in columns if c not in NOT_SYNCED]
    return found


def trigger_statements(table: str, fields: list[str]) -> list[str]:
    """The two triggers that log `table`'s writes."""
    quiet = "NOT EXISTS (SELECT 1 FROM sync_quiet)"
    changed = " UNION ALL ".join(
        f"SELECT '{name}' AS f, new.\"{name}\" AS v WHERE old.\"{name}\" IS NOT new.\"{name}\""
        for name in fields)
    return [
        f'CREATE TRIGGER "sync_{table}_insert" AFTER INSERT ON "{table}" WHEN {quiet} '
        f"BEGIN INSERT INTO change_log (tbl, row_id, field) VALUES ('{table}', new.id, ''); "
        f"END",
        f'CREATE TRIGGER "sync_{table}_update" AFTER UPDATE ON "{table}" WHEN {quiet} '
        f"BEGIN INSERT INTO change_log (tbl, row_id, field, value) "
        f"SELECT '{table}', new.id, f, v FROM ({changed}); END",
    ]


def prepare(conn: sqlite3.Connection, schema: int) -> None:
    """Make the triggers if they were made for another schema (a new or upgraded store) or
    some are missing (dropped by hand: edits would stop syncing), logging rows written
    without a log as created; then stamp any line left unstamped (written by a program
    that is not kamtui). `conn` is in autocommit mode."""
    made = conn.execute("SELECT value FROM store_meta WHERE key = ?",
                        (TRIGGERS_KEY,)).fetchone()
    count = len(_triggers(conn))
    if made is None or made[0] != f"{schema}:{count}":
        _in_transaction(conn, _remake, schema)
    elif conn.execute("SELECT 1 FROM change_log WHERE stamp IS NULL LIMIT 1").fetchone():
        _in_transaction(conn, stamp_pending)


def _remake(conn: sqlite3.Connection, schema: int) -> None:
    install(conn)
    count = len(_triggers(conn))
    conn.execute("INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT (key) "
                 "DO UPDATE SET value = excluded.value", (TRIGGERS_KEY, f"{schema}:{count}"))
    stamp_pending(conn)


def _triggers(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """The triggers kamtui made for syncing: name, SQL and table of each."""
    return conn.execute("SELECT name, sql, tbl_name FROM sqlite_master WHERE type = "
                        "'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'").fetchall()


def _in_transaction(conn: sqlite3.Connection, step: Callable[..., object],
                    *args: object) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        step(conn, *args)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def install(conn: sqlite3.Connection) -> None:
    """(Re)make every table's triggers and log, as created, each row that has no line yet
    (rows written before the store kept a log)."""
    for name, _, _ in _triggers(conn):
        conn.execute(f'DROP TRIGGER "{name}"')
    for table, fields in synced_tables(conn).items():
        for statement in trigger_statements(table, fields):
            conn.execute(statement)
        conn.execute(
            f"INSERT INTO change_log (tbl, row_id, field) SELECT '{table}', id, '' "
            f'FROM "{table}" AS r WHERE NOT EXISTS (SELECT 1 FROM change_log AS c '
            f"WHERE c.row_id = r.id)")


@contextmanager
def quiet(conn: sqlite3.Connection) -> Iterator[None]:
    """The triggers log nothing inside the block (in the caller's transaction)."""
    conn.execute("INSERT INTO sync_quiet (applying) VALUES (1)")
    try:
        yield
    finally:
        conn.execute("DELETE FROM sync_quiet")


@contextmanager
def triggers_off(conn: sqlite3.Connection, table: str | None = None) -> Iterator[None]:
    """`table`'s triggers (every table's, by default) set aside inside the block, in the
    caller's transaction (DDL is transactional in SQLite: no other connection ever sees
    them gone). For a bulk insert, where even a trigger that does nothing costs a third of
    the insert; log the rows with `log_created` or `log_table_created` after."""
    kept = [(name, sql) for name, sql, on in _triggers(conn) if table in (None, on)]
    for name, _ in kept:
        conn.execute(f'DROP TRIGGER "{name}"')
    try:
        yield
    finally:
        for _, sql in kept:
            conn.execute(sql)


def log_created(conn: sqlite3.Connection, table: str, ids: Iterable[str]) -> None:
    """Log rows written under `quiet` as created, stamped at once: for a bulk import, in
    id order, a fraction of what a trigger a row and a stamp afterwards cost."""
    kept = clock(conn)
    stamp = kept.tick().text()
    conn.executemany(f"INSERT INTO change_log (stamp, tbl, row_id, field) "
                     f"VALUES ('{stamp}', '{table}', ?, '')", ((id,) for id in ids))
    save_clock(conn, kept)


def log_table_created(conn: sqlite3.Connection, table: str) -> None:
    """Log every row of `table` as created, stamped at once (a restore into an empty
    store, under `triggers_off`)."""
    kept = clock(conn)
    conn.execute(f"INSERT INTO change_log (stamp, tbl, row_id, field) SELECT ?, '{table}', "
                 f'id, \'\' FROM "{table}" ORDER BY id', (kept.tick().text(),))
    save_clock(conn, kept)


def row_values(conn: sqlite3.Connection, table: str, row: str) -> dict[str, Any] | None:
    """The row's columns and values as stored (None: no such row)."""
    cursor = conn.execute(f'SELECT * FROM "{table}" WHERE id = ?', (row,))
    found = cursor.fetchone()
    if found is None:
        return None
    return dict(zip([d[0] for d in cursor.description], found, strict=True))


def stored_now() -> str:
    """Now as kamtui stores a time (updated_at, synced_at): UTC, as SQLAlchemy writes it."""
    return utcnow().strftime(STORED_TIME)


def stored_time(text: str | None) -> datetime | None:
    """A time as stored, aware UTC (None for none)."""
    return datetime.strptime(text, STORED_TIME).replace(tzinfo=UTC) if text else None


def replica_id(conn: sqlite3.Connection) -> str:
    return conn.execute("SELECT value FROM store_meta WHERE key = 'replica_id'").fetchone()[0]


def clock(conn: sqlite3.Connection) -> Clock:
    """This store's clock, as its last stamp left it."""
    me = replica_id(conn)
    row = conn.execute("SELECT last_stamp FROM sync_replica WHERE replica = ?",
                       (me,)).fetchone()
    return Clock(me, Stamp.parse(row[0]) if row else None)


def save_clock(conn: sqlite3.Connection, kept: Clock) -> None:
    conn.execute("INSERT INTO sync_replica (replica, last_stamp) VALUES (?, ?) "
                 "ON CONFLICT (replica) DO UPDATE SET last_stamp = excluded.last_stamp",
                 (kept.replica, kept.last.text()))


def showing(conn: sqlite3.Connection, table: str, row: str, field: str) -> list[str]:
    """The stamps a change of this field made here now replaces knowingly: the value in
    the store (its latest change) and the conflicts kept beside it."""
    latest = conn.execute(
        "SELECT max(stamp) FROM change_log WHERE row_id = ? AND field IN (?, '') "
        "AND tbl = ?", (row, field, table)).fetchone()[0]
    kept = [r[0] for r in conn.execute(
        "SELECT stamp FROM sync_conflict WHERE tbl = ? AND row_id = ? AND field = ?",
        (table, row, field))]
    return sorted({latest, *kept} - {None})


def stamp_pending(conn: sqlite3.Connection) -> int:
    """Stamp every unstamped line inside the caller's transaction: the rows created share
    one stamp (a row is created once, so no two of its changes share it: a CSV import of
    100,000 rows is one statement), then each changed field, in the order written, gets
    its own, later stamp and what it replaced knowingly: its value and conflicts, which
    are cleared (the user made the change seeing them: the conflicts list is on Today
    while any exist)."""
    pending = conn.execute("SELECT seq, tbl, row_id, field FROM change_log "
                           "WHERE stamp IS NULL AND field != '' ORDER BY seq").fetchall()
    created = conn.execute("SELECT 1 FROM change_log WHERE stamp IS NULL AND field = '' "
                           "LIMIT 1").fetchone() is not None
    if not pending and not created:
        return 0
    kept = clock(conn)
    count = 0
    if created:
        count = conn.execute("UPDATE change_log SET stamp = ? WHERE stamp IS NULL AND "
                             "field = ''", (kept.tick().text(),)).rowcount
    for seq, table, row, field in pending:
        stamp = kept.tick().text()
        seen = " ".join(showing(conn, table, row, field))
        conn.execute("UPDATE change_log SET stamp = ?, seen = ? WHERE seq = ?",
                     (stamp, seen, seq))
        conn.execute("DELETE FROM sync_conflict WHERE tbl = ? AND row_id = ? AND field = ?",
                     (table, row, field))
    save_clock(conn, kept)
    return count + len(pending)


__all__ = ["INTERNAL", "NOT_SYNCED", "TRIGGERS_KEY", "clock", "install", "log_created",
           "prepare", "quiet", "replica_id", "save_clock", "showing", "stamp_pending",
           "synced_tables", "log_table_created", "trigger_statements", "triggers_off"]
