"""Syncing a store with another (issue 9): what to send a store that holds `seen`
(`outgoing`), and taking in a checked bundle in one transaction (`apply_bundle`): each
field gets the value of its latest change, a losing change the winner did not replace
knowingly is kept as a conflict, and every change received is logged under its own
stamp so it can go on to a third store. A change already held is skipped, so the same
bundle twice changes nothing. Raw sqlite3 inside Store.transaction; no Textual."""

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from kamtui.errors import KamError
from kamtui.store import sync_log
from kamtui.sync.bundle import Bundle
from kamtui.sync.hlc import Stamp
from kamtui.sync.merge import Change, Ledger

# Rows of which a store keeps one live per key; two stores apart may each make one.
ONE_LIVE = {"account_plan": ("account_id", "period"),
            "whitespace_cell": ("account_id", "product_id")}


@dataclass
class Applied:
    """What taking in a bundle did."""

    sender: str
    received: int = 0  # changes new here
    held: int = 0  # changes already here (sent before, or through another store)
    rows: int = 0  # rows whose values changed here
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)  # new: tbl, row, field
    deleted_edited: list[tuple[str, str]] = field(default_factory=list)  # tbl, row
    doubles: list[tuple[str, str, str]] = field(default_factory=list)  # tbl, row, twin row


def vector(conn: sqlite3.Connection) -> dict[str, Stamp]:
    """The latest stamp this store holds of each replica (its own: its clock)."""
    return {replica: Stamp.parse(last) for replica, last in
            conn.execute("SELECT replica, last_stamp FROM sync_replica")}


def outgoing(conn: sqlite3.Connection, seen: dict[str, Stamp]) -> Iterator[Change]:
    """Every change this store holds that a store holding `seen` lacks, oldest first per
    replica; a row's creation goes as one change per field, with the row's values."""
    tables = sync_log.synced_tables(conn)
    for replica in [r[0] for r in conn.execute("SELECT replica FROM sync_replica")]:
        after = seen[replica].text() if replica in seen else ""
        cursor = conn.execute(
            "SELECT tbl, row_id, field, value, stamp, seen FROM change_log "
            "WHERE replica = ? AND stamp > ? ORDER BY stamp", (replica, after))
        for table, row, name, value, stamp, knew in cursor:
            parsed = Stamp.parse(stamp)
            if name:
                yield Change(table, row, name, value, parsed, _stamps(knew))
                continue
            fields = tables.get(table)
            values = _row(conn, table, row)
            if fields is None or values is None:
                continue  # a table or row this kamtui no longer has: nothing to send
            for column in fields:
                yield Change(table, row, column, values[column], parsed)


def apply_bundle(conn: sqlite3.Connection, bundle: Bundle) -> Applied:
    """Take in `bundle` inside the caller's write transaction (Store.transaction); a
    KamError leaves the caller to roll everything back."""
    done = Applied(bundle.sender)
    refuse_gap(conn, bundle)
    conn.execute("PRAGMA defer_foreign_keys = ON")  # rows arrive in any order
    conn.execute("INSERT INTO sync_quiet (applying) VALUES (1)")
    tables = sync_log.synced_tables(conn)
    by_row: dict[tuple[str, str], list[Change]] = {}
    me = sync_log.replica_id(conn)
    for change in bundle.changes:
        if change.stamp.replica == me or _held(conn, change):
            done.held += 1
            continue
        if change.table not in tables or change.field not in tables[change.table]:
            raise KamError(f"The bundle changes {change.table}.{change.field}, which this "
                           f"kamtui does not know; update kamtui here, then sync again. "
                           f"Nothing was applied.")
        by_row.setdefault((change.table, change.row), []).append(change)
    for (table, row), changes in by_row.items():
        _apply_row(conn, table, row, changes, tables[table], done, bundle.seen.get(me))
    _advance(conn, bundle)
    conn.execute("DELETE FROM sync_quiet")
    done.doubles = _doubles(conn, by_row)
    return done


def refuse_gap(conn: sqlite3.Connection, bundle: Bundle) -> None:
    """A bundle made for a store that held more than this one leaves out changes this one
    lacks; taken in, they would never come (this store would seem to hold them)."""
    held, me = vector(conn), sync_log.replica_id(conn)
    for replica in {change.stamp.replica for change in bundle.changes} - {me}:
        need = bundle.since.get(replica)
        if need is not None and (replica not in held or held[replica] < need):
            raise KamError("The bundle was made for a store that holds more than this one "
                           "(it leaves out changes this one lacks); make one for this store"
                           " with kamtui sync export, or sync over ssh. Nothing was applied.")


def _held(conn: sqlite3.Connection, change: Change) -> bool:
    return conn.execute("SELECT 1 FROM change_log WHERE stamp = ? AND field IN (?, '')",
                        (change.stamp.text(), change.field)).fetchone() is not None


def _apply_row(conn: sqlite3.Connection, table: str, row: str, changes: list[Change],
               fields: list[str], done: Applied, their_view: Stamp | None) -> None:
    current = _row(conn, table, row)
    ledger = _history(conn, table, row, fields, current)
    keys = sorted({change.key for change in changes})
    before = {key: ledger.winner(key) for key in keys}
    for change in changes:
        try:
            if ledger.add(change):
                done.received += 1
                _log(conn, change)
        except ValueError:  # the same stamp with another value: a creation re-sent later
            done.held += 1
    writes = {}
    for key in keys:
        won = ledger.winner(key)
        moved = won is not None and (before[key] is None or won.stamp != before[key].stamp)
        if moved and (current is None or current[key[2]] != won.value):
            writes[key[2]] = won.value
        lost = ledger.conflicts(key)
        kept = {r[0] for r in conn.execute(
            "SELECT stamp FROM sync_conflict WHERE tbl = ? AND row_id = ? AND field = ?", key)}
        conn.execute("DELETE FROM sync_conflict WHERE tbl = ? AND row_id = ? AND field = ?",
                     key)
        conn.executemany("INSERT INTO sync_conflict (tbl, row_id, field, stamp, value) "
                         "VALUES (?, ?, ?, ?, ?)",
                         [(*key, c.stamp.text(), c.value) for c in lost])
        done.conflicts += [key for c in lost if c.stamp.text() not in kept]
    if current is None:
        _insert(conn, table, row, {key[2]: ledger.value(key) for key in ledger.fields()})
        done.rows += 1
    elif writes:
        names = ", ".join(f'"{name}" = ?' for name in writes)
        conn.execute(f'UPDATE "{table}" SET {names}, updated_at = ? WHERE id = ?',
                     (*writes.values(), _now(), row))
        done.rows += 1
    if _delete_meets_edit(conn, ledger, table, row, changes, their_view):
        done.deleted_edited.append((table, row))


def _history(conn: sqlite3.Connection, table: str, row: str, fields: list[str],
             current: dict[str, Any] | None) -> Ledger:
    """Every change of the row held here; its creation here as one change per field."""
    ledger = Ledger()
    for name, value, stamp, knew in conn.execute(
            "SELECT field, value, stamp, seen FROM change_log WHERE tbl = ? AND row_id = ? "
            "AND stamp IS NOT NULL", (table, row)):
        parsed = Stamp.parse(stamp)
        if name:
            ledger.add(Change(table, row, name, value, parsed, _stamps(knew)))
        elif current is not None:
            for column in fields:
                ledger.add(Change(table, row, column, current[column], parsed))
    return ledger


def _delete_meets_edit(conn: sqlite3.Connection, ledger: Ledger, table: str, row: str,
                       changes: list[Change], their_view: Stamp | None) -> bool:
    """Whether a delete made on one side met an edit made on the other: the row stays
    deleted with the edit in it (restoring it brings the edit back), and it is reported."""
    delete = ledger.winner((table, row, "deleted_at"))
    if delete is None or delete.value is None:
        return False
    if delete not in changes:  # deleted here (or before): did an edit just arrive?
        return any(c.field != "deleted_at" and c.stamp.replica != delete.stamp.replica
                   for c in changes)
    me = sync_log.replica_id(conn)  # deleted there: was it edited here since they looked?
    after = their_view.text() if their_view is not None else ""
    return conn.execute(
        "SELECT 1 FROM change_log WHERE tbl = ? AND row_id = ? AND field NOT IN "
        "('', 'deleted_at') AND replica = ? AND stamp > ? LIMIT 1",
        (table, row, me, after)).fetchone() is not None


def _log(conn: sqlite3.Connection, change: Change) -> None:
    conn.execute("INSERT INTO change_log (stamp, replica, tbl, row_id, field, value, seen) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)",
                 (change.stamp.text(), change.stamp.replica, change.table, change.row,
                  change.field, change.value,
                  " ".join(sorted(stamp.text() for stamp in change.seen))))


def _insert(conn: sqlite3.Connection, table: str, row: str, values: dict[str, Any]) -> None:
    values = {"id": row, **values, "updated_at": _now()}
    names = ", ".join(f'"{name}"' for name in values)
    try:
        conn.execute(f'INSERT INTO "{table}" ({names}) VALUES '
                     f'({", ".join("?" * len(values))})', tuple(values.values()))
    except sqlite3.IntegrityError:
        raise KamError(f"The bundle changes a {table.replace('_', ' ')} it does not create "
                       f"and this store does not have ({row[:8]}); sync with the store "
                       f"that made it first. Nothing was applied.") from None


def _advance(conn: sqlite3.Connection, bundle: Bundle) -> None:
    """Note the latest stamp now held of each replica, and move this store's clock past
    every stamp received, so what is changed here next sorts after it."""
    latest: dict[str, Stamp] = {}
    for change in bundle.changes:
        if change.stamp > latest.get(change.stamp.replica, change.stamp):
            latest[change.stamp.replica] = change.stamp
        latest.setdefault(change.stamp.replica, change.stamp)
    held = vector(conn)
    kept = sync_log.clock(conn)
    for replica, stamp in latest.items():
        if replica == kept.replica:
            continue
        kept.receive(stamp)
        if replica not in held or stamp > held[replica]:
            conn.execute("INSERT INTO sync_replica (replica, last_stamp) VALUES (?, ?) "
                         "ON CONFLICT (replica) DO UPDATE SET last_stamp = excluded.last_stamp",
                         (replica, stamp.text()))
    sync_log.save_clock(conn, kept)


def _doubles(conn: sqlite3.Connection,
             rows: dict[tuple[str, str], list[Change]]) -> list[tuple[str, str, str]]:
    """Pairs of live rows the store keeps one of (ONE_LIVE) that this bundle made."""
    found = []
    for (table, row) in rows:
        columns = ONE_LIVE.get(table)
        if columns is None:
            continue
        same = " AND ".join(f'o."{name}" = r."{name}"' for name in columns)
        twin = conn.execute(
            f'SELECT o.id FROM "{table}" AS r JOIN "{table}" AS o ON {same} AND o.id != r.id '
            f"WHERE r.id = ? AND r.deleted_at IS NULL AND o.deleted_at IS NULL LIMIT 1",
            (row,)).fetchone()
        if twin is not None:
            found.append((table, row, twin[0]))
    return found


def _row(conn: sqlite3.Connection, table: str, row: str) -> dict[str, Any] | None:
    cursor = conn.execute(f'SELECT * FROM "{table}" WHERE id = ?', (row,))
    found = cursor.fetchone()
    if found is None:
        return None
    return dict(zip([d[0] for d in cursor.description], found, strict=True))


def _stamps(text: str) -> frozenset[Stamp]:
    return frozenset(Stamp.parse(part) for part in text.split())


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def peer_seen(conn: sqlite3.Connection, peer: str) -> dict[str, Stamp]:
    """What this store last heard the peer holds (empty if never)."""
    found = conn.execute("SELECT seen FROM sync_peer WHERE replica = ?", (peer,)).fetchone()
    if found is None:
        return {}
    return {replica: Stamp.parse(text) for replica, text in json.loads(found[0]).items()}


def note_peer(conn: sqlite3.Connection, peer: str, name: str, seen: dict[str, Stamp], *,
              received: int = 0, sent: int = 0) -> None:
    """Remember the peer: its name, what it holds, when it was last synced with."""
    held = peer_seen(conn, peer)
    for replica, stamp in seen.items():
        if replica not in held or stamp > held[replica]:
            held[replica] = stamp
    text = json.dumps({replica: stamp.text() for replica, stamp in sorted(held.items())})
    conn.execute(
        "INSERT INTO sync_peer (replica, name, seen, synced_at, received, sent) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (replica) DO UPDATE SET name = excluded.name, "
        "seen = excluded.seen, synced_at = excluded.synced_at, "
        "received = sync_peer.received + excluded.received, sent = sync_peer.sent + excluded.sent",
        (peer, name, text, _now(), received, sent))


__all__ = ["ONE_LIVE", "Applied", "apply_bundle", "note_peer", "outgoing", "peer_seen",
           "refuse_gap", "vector"]
