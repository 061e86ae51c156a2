"""Issue 9's figure: the time `kamtui sync HOST` takes to carry 10,000 changes each way
between two stores of a real KAM's size (the scale store at --scale, 0.1 by default: 500
accounts, 20,000 action items, 50,000 interactions), both sides real kamtui processes
joined by pipes (benchmarks/local_ssh.sh stands in for ssh). Also times the first sync,
which fills an empty store from the whole one, and the two stores' sizes.

    .venv/bin/python benchmarks/sync.py [--scale 0.1] [--changes 10000]
"""

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

from make_store import ensure_scale_store

HERE = Path(__file__).parent
ENV = {**os.environ, "KAMTUI_TODAY": os.environ.get("KAMTUI_TODAY", "2026-11-22")}


def kamtui(*words: str) -> tuple[float, str]:
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "kamtui", *words], env=ENV,
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"kamtui {' '.join(words)} failed:\n{done.stderr}")
    return time.perf_counter() - began, done.stdout


def sync(laptop: Path, server: Path) -> tuple[float, str]:
    return kamtui("--db", str(laptop), "sync", "server", "--remote-db", str(server),
                  "--ssh", str(HERE / "local_ssh.sh"),
                  "--remote-kamtui", f"{sys.executable} -m kamtui")


def edit(path: Path, count: int, word: str, half: int) -> float:
    """`count` field changes in one kamtui write transaction: the summaries of `count`
    live interactions from one `half` of them (each side its own: no conflicts)."""
    from kamtui.store import open_store
    from kamtui.store.engine import driver

    store = open_store(path)
    began = time.perf_counter()
    try:
        with store.transaction() as session:
            conn = driver(session)
            live = [r[0] for r in conn.execute(
                "SELECT id FROM interaction WHERE deleted_at IS NULL ORDER BY id")]
            mine = live[half::2]
            if len(mine) < count:
                raise SystemExit(f"--changes {count} is more than half the live interactions")
            ids = [mine[n * len(mine) // count] for n in range(count)]
            conn.executemany("UPDATE interaction SET summary = ? WHERE id = ?",
                             [(f"{word} {n}", id) for n, id in enumerate(ids)])
    finally:
        store.close()
    return time.perf_counter() - began


def size(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        lines = conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
    return f"{path.stat().st_size / 1e6:.0f} MB, {lines:,} log lines"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    source = ensure_scale_store(args.scale)
    folder = Path(tempfile.mkdtemp(prefix="kamtui-sync-bench-"))
    try:
        laptop, server = folder / "laptop.db", folder / "server.db"
        shutil.copy(source, laptop)
        kamtui("--db", str(laptop), "info")  # brings a cached store to the latest schema
        first, said = sync(laptop, server)
        print(f"first sync (an empty store filled): {first:.2f} s\n  {said.strip()}")
        print(f"laptop: {size(laptop)}; server: {size(server)}")
        times = []
        for run in range(args.runs):
            made = (edit(laptop, args.changes, f"laptop {run}", 0),
                    edit(server, args.changes, f"server {run}", 1))
            took, said = sync(laptop, server)
            times.append(took)
            print(f"run {run + 1}: {args.changes:,} changes made on each side in "
                  f"{made[0]:.2f} s / {made[1]:.2f} s; sync {took:.2f} s\n  "
                  + said.strip().replace("\n", "\n  "))
        print(f"sync of {args.changes:,} changes each way: median {statistics.median(times):.2f}"
              f" s (of {args.runs}, max {max(times):.2f} s)")
    finally:
        shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
