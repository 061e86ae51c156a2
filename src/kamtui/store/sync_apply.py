"""Syncing a store with another (issue 9): what to send a store that holds `seen`
(`outgoing`), and taking in a checked bundle in one transaction (`apply_bundle`): each
field gets the value of its latest change, a losing change the winner did not replace
knowingly is kept as a conflict, and every change received is logged under its own
stamp so it can go on to a third store. A change already held is skipped, so the same
bundle twice changes nothing. Raw sqlite3 inside Store.transaction; no Textual."""

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
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
    at: str  # when, as stored: the updated_at of every row it changed
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
    """Every change this store holds that a store holding `seen` lacks, in stamp order; a
    row's creation goes as one change of field "" whose value maps each field to the
    row's value (a field changed since has its own, later change)."""
    tables = sync_log.synced_tables(conn)
    held = [r[0] for r in conn.execute("SELECT replica FROM sync_replica")]
    # One pass from the earliest stamp the other may lack: stamps of every replica follow
    # the clocks closely, so little before each replica's own point is read twice.
    start = min((seen[r].text() if r in seen else "" for r in held), default="")
    cursor = conn.execute("SELECT tbl, row_id, field, value, stamp, seen FROM change_log "
                          "WHERE stamp > ? ORDER BY stamp", (start,))
    for table, row, name, value, stamp, knew in cursor:
        parsed = Stamp.parse(stamp)
        if parsed.replica in seen and parsed <= seen[parsed.replica]:
            continue
        if name:
            yield Change(table, row, name, value, parsed, _stamps(knew))
            continue
        fields = tables.get(table)
        values = sync_log.row_values(conn, table, row)
        if fields is None or values is None:
            continue  # a table or row this kamtui no longer has: nothing to send
        yield Change(table, row, "", {column: values[column] for column in fields}, parsed)


def apply_bundle(conn: sqlite3.Connection, bundle: Bundle) -> Applied:
    """Take in `bundle` inside the caller's write transaction (Store.transaction); a
    KamError leaves the caller to roll everything back."""
    done = Applied(bundle.sender, sync_log.stored_now())
    refuse_gap(conn, bundle)
    conn.execute("PRAGMA defer_foreign_keys = ON")  # rows arrive in any order
    tables = sync_log.synced_tables(conn)
    by_row: dict[tuple[str, str], list[Change]] = {}
    for change in bundle.changes:
        if _held(conn, change):
            done.held += 1
            continue
        unknown = _unknown(change, tables)
        if unknown:
            raise KamError(f"The bundle changes {unknown}, which this kamtui does not know;"
                           f" update kamtui here, then sync again. Nothing was applied.")
        by_row.setdefault((change.table, change.row), []).append(change)
    with sync_log.quiet(conn):  # logged here, each under its own stamp
        for (table, row), changes in by_row.items():
            _apply_row(conn, table, row, changes, tables[table], done, bundle.seen)
    _advance(conn, bundle)
    done.doubles = _doubles(conn, by_row)
    return done


def _unknown(change: Change, tables: dict[str, list[str]]) -> str | None:
    """What of `change` this kamtui has no column for (a newer kamtui's), if anything."""
    fields = tables.get(change.table)
    if fields is None:
        return f"the table {change.table}"
    if change.field == "":
        if not isinstance(change.value, dict):
            return f"a {change.table} row in a broken way"
        extra = sorted(set(change.value) - set(fields))
        return f"{change.table}.{extra[0]}" if extra else None
    return None if change.field in fields else f"{change.table}.{change.field}"


def _expand(change: Change, fields: list[str]) -> list[Change]:
    """A change per field: a creation gives one for each field it holds."""
    if change.field:
        return [change]
    return [Change(change.table, change.row, name, change.value[name], change.stamp)
            for name in fields if name in change.value]


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
    return conn.execute("SELECT 1 FROM change_log WHERE row_id = ? AND field IN (?, '') "
                        "AND stamp = ?", (change.row, change.field, change.stamp.text())
                        ).fetchone() is not None


def _apply_row(conn: sqlite3.Connection, table: str, row: str, changes: list[Change],
               fields: list[str], done: Applied, seen: dict[str, Stamp]) -> None:
    current = sync_log.row_values(conn, table, row)
    if current is None and len(changes) == 1 and changes[0].field == "":
        # A row new here, as it was made (most of a first sync): nothing to merge with.
        done.received += 1
        _log(conn, changes[0])
        _insert(conn, table, row, dict(changes[0].value), done.at)
        done.rows += 1
        return
    arriving = [one for change in changes for one in _expand(change, fields)]
    touched = sorted({change.field for change in arriving})
    ledger = _history(conn, table, row, sorted({*touched, "deleted_at"}), current)
    before = {name: ledger.winner((table, row, name)) for name in touched}
    for change in changes:
        done.received += 1
        _log(conn, change)
    for change in arriving:
        with contextlib.suppress(ValueError):  # a creation sent again later, other values
            ledger.add(change)
    writes = {}
    for name in touched:
        won = ledger.winner((table, row, name))
        moved = won is not None and (before[name] is None or won.stamp != before[name].stamp)
        if moved and (current is None or current[name] != won.value):
            writes[name] = won.value
    _keep_conflicts(conn, ledger, table, row, touched, done)
    if current is None:
        _insert(conn, table, row, {name: ledger.value((table, row, name)) for name in touched},
                done.at)
        done.rows += 1
    elif writes:
        names = ", ".join(f'"{name}" = ?' for name in writes)
        conn.execute(f'UPDATE "{table}" SET {names}, updated_at = ? WHERE id = ?',
                     (*writes.values(), done.at, row))
        done.rows += 1
    if _delete_meets_edit(conn, ledger, table, row, changes, seen):
        done.deleted_edited.append((table, row))


def _keep_conflicts(conn: sqlite3.Connection, ledger: Ledger, table: str, row: str,
                    touched: list[str], done: Applied) -> None:
    """Keep, for each field touched, the losing values the winner did not replace
    knowingly, in place of those kept before; note the new ones."""
    kept: dict[str, set[str]] = {}
    for name, stamp in conn.execute("SELECT field, stamp FROM sync_conflict "
                                    "WHERE row_id = ? AND tbl = ?", (row, table)):
        kept.setdefault(name, set()).add(stamp)
    for name in touched:
        key = (table, row, name)
        lost = ledger.conflicts(key)
        if not lost and name not in kept:
            continue
        conn.execute("DELETE FROM sync_conflict WHERE tbl = ? AND row_id = ? AND field = ?",
                     key)
        conn.executemany("INSERT INTO sync_conflict (tbl, row_id, field, stamp, value) "
                         "VALUES (?, ?, ?, ?, ?)",
                         [(*key, c.stamp.text(), c.value) for c in lost])
        done.conflicts += [key for c in lost if c.stamp.text() not in kept.get(name, ())]


def _history(conn: sqlite3.Connection, table: str, row: str, touched: list[str],
             current: dict[str, Any] | None) -> Ledger:
    """The changes held here of the row's `touched` fields (its creation: one each)."""
    ledger = Ledger()
    wanted = set(touched)
    for name, value, stamp, knew in conn.execute(
            "SELECT field, value, stamp, seen FROM change_log WHERE row_id = ? AND tbl = ? "
            "AND stamp IS NOT NULL", (row, table)):
        if name in wanted:
            ledger.add(Change(table, row, name, value, Stamp.parse(stamp), _stamps(knew)))
        elif not name and current is not None:
            parsed = Stamp.parse(stamp)
            for column in touched:
                ledger.add(Change(table, row, column, current[column], parsed))
    return ledger


def _delete_meets_edit(conn: sqlite3.Connection, ledger: Ledger, table: str, row: str,
                       changes: list[Change], seen: dict[str, Stamp]) -> bool:
    """Whether a delete made on one side met an edit made on the other: the row stays
    deleted with the edit in it (restoring it brings the edit back), and it is reported."""
    delete = ledger.winner((table, row, "deleted_at"))
    if delete is None or delete.value is None:
        return False
    if delete not in changes:  # deleted here: did an edit arrive from another store?
        # (kamtui edits no deleted record, so the store that edited it had not the delete)
        return any(c.field != "deleted_at" and c.stamp.replica != delete.stamp.replica
                   for c in changes)
    me = sync_log.replica_id(conn)  # deleted there: was it edited here since they looked?
    after = seen[me].text() if me in seen else ""
    return conn.execute(
        "SELECT 1 FROM change_log WHERE row_id = ? AND tbl = ? AND field NOT IN "
        "('', 'deleted_at') AND substr(stamp, 20) = ? AND stamp > ? LIMIT 1",
        (row, table, me, after)).fetchone() is not None


def _log(conn: sqlite3.Connection, change: Change) -> None:
    conn.execute("INSERT INTO change_log (stamp, tbl, row_id, field, value, seen) "
                 "VALUES (?, ?, ?, ?, ?, ?)",
                 (change.stamp.text(), change.table, change.row, change.field,
                  None if change.field == "" else change.value,  # a creation: the row's
                  " ".join(sorted(stamp.text() for stamp in change.seen))))


def _insert(conn: sqlite3.Connection, table: str, row: str, values: dict[str, Any],
            at: str) -> None:
    values = {"id": row, **values, "updated_at": at}
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
        kept.receive(stamp)  # this store's own too: one restored from a backup gets back
        if replica == kept.replica:  # what it had made since from a peer; save_clock notes
            continue
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


def _stamps(text: str) -> frozenset[Stamp]:
    return frozenset(Stamp.parse(part) for part in text.split())


def peer_seen(conn: sqlite3.Connection, peer: str) -> dict[str, Stamp]:
    """What this store last heard the peer holds (empty if never)."""
    found = conn.execute("SELECT seen FROM sync_peer WHERE replica = ?", (peer,)).fetchone()
    if found is None:
        return {}
    return {replica: Stamp.parse(text) for replica, text in json.loads(found[0]).items()}


def note_peer(conn: sqlite3.Connection, peer: str, name: str, seen: dict[str, Stamp], *,
              received: int = 0, sent: int = 0, rename: bool = True) -> None:
    """Remember the peer: its name (kept as it was unless `rename`, so a bundle file's
    name does not replace the host's), what it holds, when it was last synced with."""
    held = peer_seen(conn, peer)
    for replica, stamp in seen.items():
        if replica not in held or stamp > held[replica]:
            held[replica] = stamp
    text = json.dumps({replica: stamp.text() for replica, stamp in sorted(held.items())})
    keep = "excluded.name" if rename else "sync_peer.name"
    conn.execute(
        "INSERT INTO sync_peer (replica, name, seen, synced_at, received, sent) "
        f"VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (replica) DO UPDATE SET name = {keep}, "
        "seen = excluded.seen, synced_at = excluded.synced_at, "
        "received = sync_peer.received + excluded.received, sent = sync_peer.sent + excluded.sent",
        (peer, name, text, sync_log.stored_now(), received, sent))


__all__ = ["ONE_LIVE", "Applied", "apply_bundle", "note_peer", "outgoing", "peer_seen",
           "refuse_gap", "vector"]
