"""Helpers for the store-level sync tests: stores side by side, a bundle from one into
another, and what a store holds (every record table, every row, updated_at aside)."""

import io
import sqlite3
from pathlib import Path

from kamtui.store import Store, open_store
from kamtui.store.engine import driver
from kamtui.store.syncing import Taken, peer_seen_of, read_whole, send, take_in

# One account row, written as kamtui writes it (id and name given).
ACCOUNT = ("INSERT INTO account (id, created_at, updated_at, name, tier, industry, region, "
           "annual_revenue, strategic_importance, growth_potential, status, objectives, needs, "
           "pains, loves, pet_peeves, worries, decision_process, why_us, handoff_notes, notes)"
           " VALUES (?, '2026-11-22 08:00:00.000000', '2026-11-22 08:00:00.000000', ?, 'key',"
           " '', '', 1000.5, 3, 3, 'active', '', '', '', '', '', '', '', '', '', '')")


def new_store(folder: Path, name: str) -> Store:
    return open_store(folder / f"{name}.db", create=True)


def bundle_text(source: Store, target: Store | None = None) -> str:
    """What `source` sends `target` (everything, when no target)."""
    out = io.StringIO()
    send(source, out, peer_seen_of(target) if target is not None else {})
    return out.getvalue()


def carry(source: Store, target: Store) -> Taken:
    """A bundle of what `target` lacks, taken in by `target`."""
    text = bundle_text(source, target)
    return take_in(target, read_whole(target, io.StringIO(text), "the bundle"), "peer")


def both_ways(a: Store, b: Store) -> None:
    carry(a, b)
    carry(b, a)


def records(store: Store) -> dict[str, list[tuple]]:
    """Every row of every record table, updated_at aside (each store's own)."""
    conn = sqlite3.connect(store.path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            " AND name NOT LIKE 'sync%' AND name NOT IN ('change_log', 'store_meta')")]
        found = {}
        for table in tables:
            names = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')
                     if r[1] != "updated_at"]
            listed = ", ".join(f'"{n}"' for n in names)
            found[table] = sorted(conn.execute(f'SELECT {listed} FROM "{table}"'), key=repr)
        return found
    finally:
        conn.close()


def sync_state(store: Store) -> tuple:
    """The change log (stamps, fields, seen) and the conflicts kept."""
    conn = sqlite3.connect(store.path)
    try:
        log = sorted(conn.execute("SELECT stamp, tbl, row_id, field, seen FROM change_log"),
                     key=repr)
        kept = sorted(conn.execute("SELECT * FROM sync_conflict"), key=repr)
        return log, kept
    finally:
        conn.close()


def conflicts(store: Store) -> list[tuple]:
    conn = sqlite3.connect(store.path)
    try:
        return sorted(conn.execute("SELECT tbl, row_id, field, value FROM sync_conflict"),
                      key=repr)
    finally:
        conn.close()


def write(store: Store, sql: str, *params: object) -> None:
    """One write as kamtui makes them: a transaction that logs and stamps it."""
    with store.transaction() as session:
        driver(session).execute(sql, params)


def value(store: Store, table: str, row: str, field: str) -> object:
    conn = sqlite3.connect(store.path)
    try:
        return conn.execute(f'SELECT "{field}" FROM "{table}" WHERE id = ?', (row,)).fetchone()[0]
    finally:
        conn.close()
