"""The merge as the store does it, on random histories of two and three stores: records
created, edited and deleted on each, bundles delivered late and twice, and now and then
a bundle meant for one store offered to another (refused whole, or taken in). Once every
store has synced with every other, all hold the same records and the same conflicts, and
each field holds the value of the latest change made to it anywhere.
KAMTUI_SYNC_STORE_EXAMPLES sets how many histories (25 by default: each opens stores)."""

import io
import os
import random
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_helpers import ACCOUNT, bundle_text, carry, conflicts, new_store, records, write

from kamtui.errors import KamError
from kamtui.store import Store
from kamtui.store.syncing import read_whole, take_in

EXAMPLES = int(os.environ.get("KAMTUI_SYNC_STORE_EXAMPLES", "25"))
FIELDS = {"name": ["Acme", "Borealis", "Cobalt"], "tier": ["key", "major", "standard"],
          "notes": ["", "Met the CFO", "Renewal at risk"],
          "deleted_at": [None, "2026-11-22 10:00:00.000000"]}


def ids(store: Store) -> list[str]:
    conn = sqlite3.connect(store.path)
    try:
        return [r[0] for r in conn.execute("SELECT id FROM account ORDER BY id")]
    finally:
        conn.close()


def latest_values_hold(store: Store) -> None:
    """Each field edited holds the value of its latest change (creations aside: their
    values are the row's own)."""
    conn = sqlite3.connect(store.path)
    try:
        for table, row, field, value in conn.execute(
                "SELECT tbl, row_id, field, value FROM change_log AS c WHERE field != '' AND "
                "stamp = (SELECT max(stamp) FROM change_log AS d WHERE d.tbl = c.tbl AND "
                "d.row_id = c.row_id AND d.field IN (c.field, ''))"):
            held = conn.execute(f'SELECT "{field}" FROM "{table}" WHERE id = ?',
                                (row,)).fetchone()[0]
            assert held == value, (table, row, field)
    finally:
        conn.close()


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(stores=st.integers(2, 3), seed=st.integers(0, 2**32 - 1),
       steps=st.integers(5, 30))
def test_stores_end_identical_whatever_the_order(tmp_path_factory, stores: int, seed: int,
                                                  steps: int) -> None:
    rng = random.Random(seed)
    folder: Path = tmp_path_factory.mktemp("h")
    opened = [new_store(folder, f"s{i}") for i in range(stores)]
    sent: list[tuple[str, int]] = []  # bundles made, with the store each was meant for
    try:
        for step in range(steps):
            here = rng.randrange(stores)
            store, known = opened[here], ids(opened[here])
            roll = rng.random()
            if roll < 0.2 or not known:
                write(store, ACCOUNT, f"acc-{here}-{step}", rng.choice(FIELDS["name"]))
            elif roll < 0.7:
                field = rng.choice(list(FIELDS))
                write(store, f'UPDATE account SET "{field}" = ? WHERE id = ?',
                      rng.choice(FIELDS[field]), rng.choice(known))
            elif roll < 0.9:
                there = rng.choice([i for i in range(stores) if i != here])
                sent.append((bundle_text(store, opened[there]), there))
                if rng.random() < 0.7:  # delivered now; otherwise late, or never
                    _deliver(opened[there], sent[-1][0])
            elif sent:
                text, meant = rng.choice(sent)  # late, or a second time
                target = meant if rng.random() < 0.8 else rng.randrange(stores)
                _deliver(opened[target], text)
        for _ in range(2):  # everyone syncs with everyone
            for a in range(stores):
                for b in range(stores):
                    if a != b:
                        carry(opened[a], opened[b])
        first = records(opened[0])
        for store in opened:
            assert records(store) == first
            assert conflicts(store) == conflicts(opened[0])
            latest_values_hold(store)
    finally:
        for store in opened:
            store.close()


def _deliver(store: Store, text: str) -> None:
    try:
        take_in(store, read_whole(store, io.StringIO(text), "the bundle"), "peer")
    except KamError as refused:  # its own bundle, or one meant for a store holding more
        assert "Nothing was applied" in str(refused)
