"""Sync as the user sees it (issue 9): write a bundle of what a peer lacks, take one in
(checked whole first, a backup, then one transaction), the peers and when each was last
synced, and the hello two stores trade over ssh. No Textual; the screens and the
command line call these."""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

from kamtui.errors import KamError
from kamtui.store import migrations
from kamtui.store.engine import Store, driver
from kamtui.store.sync_apply import (
    Applied,
    apply_bundle,
    note_peer,
    outgoing,
    peer_seen,
    refuse_gap,
    vector,
)
from kamtui.store.sync_log import LAST_SYNCED, stored_time
from kamtui.sync.bundle import Bundle, read_bundle, write_bundle
from kamtui.sync.hlc import Stamp, wall_ms


@dataclass(frozen=True)
class Peer:
    replica: str
    name: str  # the host or file it was last synced through
    synced_at: datetime | None  # aware UTC
    received: int  # changes taken in from it, all told
    sent: int


@dataclass(frozen=True)
class Taken:
    """What `take_in` did: the result of the apply, and the backup taken first."""

    applied: Applied
    backup: Path | None


def find_peer(store: Store, name: str) -> str:
    """The replica id of the peer called `name` (its host or file name, or the start of
    its replica id); KamError naming the peers there are."""
    with store.rows() as conn:
        peers = conn.execute("SELECT replica, name FROM sync_peer ORDER BY name").fetchall()
    found = [replica for replica, called in peers
             if called == name or replica.startswith(name) and len(name) >= 4]
    if len(found) == 1:
        return found[0]
    known = ", ".join(f"{called} ({replica[:8]})" for replica, called in peers)
    if not found:
        raise KamError(f"No store called '{name}' has synced with this one"
                       + (f"; the peers are {known}." if known else
                          "; export without --since to send everything."))
    raise KamError(f"'{name}' names more than one peer ({known}); give more of its "
                   f"replica id.")


def hello(store: Store) -> dict:
    """What a store tells the other first over ssh: who it is and what it holds."""
    with store.rows() as conn:
        seen = vector(conn)
    import platform

    return {"kamtui_sync": 1, "replica": store.replica_id, "schema": migrations.LATEST,
            "name": platform.node() or "",
            "seen": {replica: stamp.text() for replica, stamp in sorted(seen.items())}}


def parse_seen(data: object) -> dict[str, Stamp]:
    if not isinstance(data, dict):
        raise ValueError("not a map of stamps")
    return {str(replica): Stamp.parse(text) for replica, text in data.items()}


def send(store: Store, out: TextIO, seen: dict[str, Stamp]) -> int:
    """Write a bundle of every change this store holds beyond `seen`; how many."""
    with store.rows() as conn:
        held = vector(conn)
        return write_bundle(out, Bundle(store.replica_id, migrations.LATEST, held,
                                        outgoing(conn, seen), seen))


def export_bundle(store: Store, out: TextIO, since: str | None = None) -> int:
    """A bundle for a file: everything, or with `since` what that peer lacks as far as
    this store last heard."""
    seen: dict[str, Stamp] = {}
    if since is not None:
        with store.rows() as conn:
            seen = peer_seen(conn, find_peer(store, since))
    return send(store, out, seen)


def read_whole(store: Store, lines: Iterable[str], where: str) -> Bundle:
    """The bundle in `lines`, checked whole before anything is written (BadBundle)."""
    return read_bundle(lines, receiver=store.replica_id, schema=migrations.LATEST,
                       now_ms=wall_ms(), where=where)


def take_in(store: Store, bundle: Bundle, name: str, *, rename: bool = True) -> Taken:
    """Apply a checked bundle in one transaction, after a backup when it brings anything
    new; remember the sender as a peer called `name` (if new, or `rename`)."""
    from kamtui.store.backup import take_backup

    with store.rows() as conn:
        refuse_gap(conn, bundle)  # before the backup: nothing is written for a refusal
    copy = take_backup(store, "sync") if _brings_news(store, bundle) else None
    with store.transaction() as session:
        conn = driver(session)
        done = apply_bundle(conn, bundle)
        note_peer(conn, bundle.sender, name, bundle.seen, received=done.received,
                  rename=rename)
    return Taken(done, copy)


def note_sent(store: Store, peer: str, name: str, seen: dict[str, Stamp], sent: int) -> None:
    """After a peer confirmed taking in what was sent: it now holds this store's `seen`."""
    with store.transaction() as session:
        note_peer(driver(session), peer, name, seen, sent=sent)


def _brings_news(store: Store, bundle: Bundle) -> bool:
    with store.rows() as conn:
        held = vector(conn)
    return any(change.stamp > held.get(change.stamp.replica, Stamp(-1, 0, ""))
               for change in bundle.changes)


def peers(store: Store) -> list[Peer]:
    with store.rows() as conn:
        found = conn.execute("SELECT replica, name, synced_at, received, sent FROM sync_peer "
                             "ORDER BY synced_at DESC").fetchall()
    return [Peer(replica, name, stored_time(at), received, sent)
            for replica, name, at, received, sent in found]


def last_synced(store: Store) -> datetime | None:
    """When this store last synced with any peer (None: never)."""
    with store.rows() as conn:
        at = conn.execute(LAST_SYNCED).fetchone()[0]
    return stored_time(at)


def bundle_lines(stream: TextIO) -> Iterator[str]:
    """The lines of one bundle from a stream that may go on after it (ssh's stdout): up
    to and with its trailer, or until the stream ends (cut short)."""
    for line in stream:
        yield line
        if line.startswith('{"end":'):
            return


def read_hello(stream: TextIO, where: str) -> dict:
    line = stream.readline()
    try:
        data = json.loads(line)
        if not isinstance(data, dict) or data.get("kamtui_sync") != 1:
            raise ValueError
        data["seen"] = parse_seen(data.get("seen"))
        if not isinstance(data.get("replica"), str) or not isinstance(data.get("schema"), int):
            raise ValueError
    except ValueError:
        raise KamError(f"{where} did not answer as kamtui does"
                       + (" (it said nothing)" if not line else "")
                       + "; check that kamtui runs there and that it is the same release. "
                         "Nothing was synced.") from None
    return data




def peer_seen_of(store: Store) -> dict[str, Stamp]:
    """What `store` holds of each replica: what a store sending to it may leave out."""
    with store.rows() as conn:
        return vector(conn)


__all__ = ["Peer", "Taken", "bundle_lines", "export_bundle", "find_peer", "hello",
           "last_synced", "note_sent", "parse_seen", "peer_seen_of", "peers", "read_hello",
           "read_whole", "send", "take_in"]
