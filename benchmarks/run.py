"""Measures issue 8's figures on the scale store (benchmarks/make_store.py) and prints one
table: figure | measured | target | pass/fail. Timings are medians (with the max, or the
90th percentile for key presses) of `--runs` runs; the slow ones (the key walk, the CSV
import) run at most 3 times, the JSON round trip (minutes at scale) once. Exit status 0
even when a target fails: the table reports. `python benchmarks/run.py --help` lists the
options; `--quick` is a smoke run of about 20 seconds on a tiny store."""

import argparse
import compileall
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from contextlib import closing
from datetime import date
from pathlib import Path
from statistics import median, quantiles

from imports import write_accounts
from make_store import DEFAULT_DAY, ensure_scale_store

import kamtui
from kamtui.store import open_store

HERE = Path(__file__).resolve().parent
DRIVER = [sys.executable, str(HERE / "tui_driver.py")]
_SCRIPT = Path(sys.executable).with_name("kamtui")  # what a user runs
KAMTUI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "kamtui"]
SLOW_RUNS = 3
TASK_SIZES = (10_000, 100_000)  # pending taskwarrior tasks, times `scale`
CSV_ROWS = 100_000  # times `scale`
SKIPPED = "skipped (taskwarrior not installed)"
Row = tuple[str, str, str, str]  # figure, measured, target, pass/fail


def p90(values: Sequence[float]) -> float:
    """The 90th percentile (the value itself when there is one)."""
    if len(values) < 2:
        return values[0]
    return quantiles(values, n=10, method="inclusive")[-1]


def progress(what: str) -> None:
    """Say what is being measured (on stderr: stdout holds the table)."""
    print(f"  {time.strftime('%H:%M:%S')} {what} ...", file=sys.stderr, flush=True)


def verdict(ok: bool) -> str:
    return "pass" if ok else "FAIL"


def run(command: Sequence[str], *, env: dict[str, str] | None = None) -> float:
    """Seconds from start to exit of `command` (its output to /dev/null)."""
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env=env, check=False)
    seconds = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"{' '.join(command)} exited {done.returncode}:\n"
                 f"{done.stderr.decode(errors='replace')[-2000:]}")
    return seconds


def timed(label: str, seconds: Sequence[float], target: str = "—", ok: bool | None = None,
          unit: str = "ms") -> Row:
    """A row of a timing: the median and the max."""
    factor, places = (1000, 0) if unit == "ms" else (1, 2)
    text = f"{median(seconds) * factor:,.{places}f} {unit}"
    if len(seconds) > 1:
        text += f" (max {max(seconds) * factor:,.{places}f})"
    return (label, text, target, "" if ok is None else verdict(ok))


# -- taskwarrior ---------------------------------------------------------------------------
def open_items(store: Path) -> list[tuple[str, str, str | None, str]]:
    """(id, title, deadline, account name) of every open or waiting action item."""
    with closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True)) as conn:
        return conn.execute(
            "SELECT i.id, i.title, i.deadline, a.name FROM action_item i JOIN account a ON "
            "a.id = i.account_id WHERE i.deleted_at IS NULL AND i.status IN ('open', "
            "'waiting') ORDER BY i.rowid").fetchall()


def task_env(folder: Path, items: list[tuple[str, str, str | None, str]], count: int
             ) -> dict[str, str]:
    """A private taskwarrior in `folder` holding `count` pending tasks made from `items`
    (repeated under new UUIDs when there are fewer); its environment."""
    data = folder / "data"
    data.mkdir(parents=True)
    rc = folder / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nhooks=off\nverbose=nothing\n"
                  "recurrence=off\n", encoding="utf-8")
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data)}
    tasks = folder / "tasks.json"
    with tasks.open("w", encoding="utf-8") as out:
        for n in range(count):
            item_id, title, deadline, account = items[n % len(items)]
            if n >= len(items):
                item_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{item_id}/{n}"))
            task = {"uuid": item_id, "description": title, "project": account,
                    "status": "pending", "entry": "20260101T000000Z"}
            if deadline:
                task["due"] = deadline.replace("-", "") + "T000000Z"
            out.write(json.dumps(task) + "\n")
    run(["task", "import", str(tasks)], env=env)
    run(["task", "next"], env=env)  # the first after an import also renumbers (gc)
    return env


def measure_today(store: Path, runs: int, scale: float, work: Path) -> list[Row]:
    """`kamtui today` against `task next` over the two sizes, in turns."""
    today_cmd = [*KAMTUI, "--db", str(store), "today"]
    sizes = [max(1, round(size * scale)) for size in TASK_SIZES]
    labels = [f"task next, {size:,} pending tasks" for size in sizes]
    if not shutil.which("task"):
        seconds = [run(today_cmd) for _ in range(runs)]
        return [timed("kamtui today (whole process)", seconds),
                *((label, SKIPPED, "—", "") for label in labels),
                *((f"kamtui today / task next @{s:,}", SKIPPED, t, "") for s, t in
                  zip(sizes, ("≤ 1", "≤ 0.25"), strict=True))]
    items = open_items(store)
    envs = [task_env(work / f"task-{size}", items, size) for size in sizes]
    run(today_cmd)  # warm the file cache for both, as the task warm-up did
    kam: list[float] = []
    task: list[list[float]] = [[] for _ in sizes]
    for _ in range(runs):
        kam.append(run(today_cmd))
        for times, env in zip(task, envs, strict=True):
            times.append(run(["task", "next"], env=env))
    rows = [timed("kamtui today (whole process)", kam)]
    rows += [timed(label, times) for label, times in zip(labels, task, strict=True)]
    for size, times, limit in zip(sizes, task, (1.0, 0.25), strict=True):
        ratio = median(kam) / median(times)
        rows.append((f"kamtui today / task next @{size:,}", f"{ratio:.2f} x",
                     f"≤ {limit:g}", verdict(ratio <= limit)))
    return rows


def cache_bytecode() -> None:
    """Compile kamtui's modules to bytecode, as `pip install` does for an installed copy:
    from an editable install on a machine with PYTHONDONTWRITEBYTECODE set, every run would
    otherwise compile every module it imports again (about 35 ms of `kamtui today`)."""
    compileall.compile_dir(Path(kamtui.__file__).parent, quiet=1)


# -- the TUI -------------------------------------------------------------------------------
def drive(mode: str, store: Path, *more: str) -> dict:
    """Run tui_driver.py in a new process; what it printed, with `ready` made seconds
    since the process was started."""
    started = time.perf_counter()
    done = subprocess.run([*DRIVER, mode, str(store), *more], capture_output=True, text=True,
                          check=False)
    lines = done.stdout.strip().splitlines()
    found = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    if done.returncode or "error" in found or not found:
        sys.exit(f"tui_driver.py {mode} failed ({done.returncode}): "
                 f"{found.get('error', '')}\n{done.stderr[-2000:]}")
    if "ready" in found:
        found["ready"] -= started  # both read CLOCK_MONOTONIC (perf_counter on Linux)
    return found


# The screen each group of keys is pressed on (tui_driver.py walk_keys).
PRESSED_ON = {"today j/k": "today", "accounts j/k": "accounts",
              "enter (open an account)": "accounts", "escape (back)": "account"}


def measure_tui(store: Path, runs: int, moves: int) -> list[Row]:
    starts: dict[str, list[float]] = {"bare": [], "today": [], "accounts": []}
    for _ in range(runs):  # in turns, so load on the machine hits each alike
        for mode, seconds in starts.items():
            seconds.append(drive(mode, store)["ready"])
    keys: dict[str, list[float]] = {}
    harness: dict[str, list[float]] = {}
    rss: list[float] = []
    for _ in range(min(runs, SLOW_RUNS)):
        walked = drive("keys", store, str(moves))
        for group, ms in walked["keys"].items():
            keys.setdefault(group, []).extend(ms)
        for screen, ms in walked["harness_ms"].items():
            harness.setdefault(screen, []).append(ms)
        rss.append(walked["rss_mb"])
    bare = median(starts["bare"])
    rows = [timed("bare Textual app: start to shown", starts["bare"]),
            timed("TUI: start to Today populated", starts["today"]),
            timed("TUI: start, 2, to Accounts populated", starts["accounts"])]
    ratio = median(starts["today"]) / bare
    rows.append(("TUI start to Today / bare app", f"{ratio:.2f} x", "≤ 1.5",
                 verdict(ratio <= 1.5)))
    rows.append(("TUI start to Accounts / bare app",
                 f"{median(starts['accounts']) / bare:.2f} x", "—", ""))
    # Each key less what the harness costs by itself on the screen it is pressed on.
    cost = {screen: median(ms) for screen, ms in harness.items()}
    net = {group: [max(0.0, ms - cost[PRESSED_ON[group]]) for ms in raw]
           for group, raw in keys.items()}
    every = [ms for group in net.values() for ms in group]
    raw = [ms for group in keys.values() for ms in group]
    rows.append((f"CPU per key press, median ({len(every)} presses)",
                 f"{median(every):.1f} ms ({median(raw):.1f} with the harness)", "≤ 20 ms",
                 verdict(median(every) <= 20)))
    rows.append(("CPU per key press, 90th percentile",
                 f"{p90(every):.1f} ms ({p90(raw):.1f} with the harness)", "≤ 50 ms",
                 verdict(p90(every) <= 50)))
    rows += [(f"  {group}: median / p90", f"{median(ms):.1f} / {p90(ms):.1f} ms", "—", "")
             for group, ms in net.items()]
    rows.append(("  taken off each: the harness's own cost, " + "/".join(cost),
                 " / ".join(f"{ms:.1f}" for ms in cost.values()) + " ms", "—", ""))
    rows.append(("peak RSS of the TUI (Today, Accounts, an account)",
                 f"{max(rss):.0f} MB", "≤ 150 MB", verdict(max(rss) <= 150)))
    return rows


# -- data in and out -----------------------------------------------------------------------
def measure_io(store: Path, runs: int, scale: float, work: Path) -> list[Row]:
    """The CSV import at most SLOW_RUNS times, each into a new store; the JSON round trip
    of the scale store once (minutes at scale, and no target)."""
    rows_in = max(1, round(CSV_ROWS * scale))
    accounts_csv = work / "accounts.csv"
    write_accounts(accounts_csv, rows_in)
    csv_s = []
    for n in range(min(runs, SLOW_RUNS)):
        fresh = work / f"csv-{n}" / "kamtui.db"
        open_store(fresh, create=True).close()  # as `kamtui init` makes it
        csv_s.append(run([*KAMTUI, "import", "csv", "accounts", str(accounts_csv),
                          "--db", str(fresh)]))
        shutil.rmtree(fresh.parent)
    progress("JSON export and import of the store")
    doc, back = work / "store.json", work / "back" / "kamtui.db"
    export_s = run([*KAMTUI, "export", "json", "-o", str(doc), "--db", str(store)])
    open_store(back, create=True).close()
    import_s = run([*KAMTUI, "import", "json", str(doc), "--db", str(back)])
    return [timed(f"CSV import, {rows_in:,} accounts into a new store", csv_s, "≤ 5 s",
                  median(csv_s) <= 5, unit="s"),
            timed(f"JSON export of the store ({doc.stat().st_size / 1e6:,.0f} MB), 1 run",
                  [export_s], unit="s"),
            timed("JSON import of it into a new store, 1 run", [import_s], unit="s")]


def print_table(rows: list[Row]) -> None:
    head: Row = ("figure", "measured", "target", "pass/fail")
    widths = [max(len(row[k]) for row in (head, *rows)) for k in range(4)]

    def line(row: Sequence[str]) -> str:
        return "| " + " | ".join(f"{cell:<{w}}" for cell, w in zip(row, widths, strict=True)) \
            + " |"
    print(line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|",
          *(line(row) for row in rows), sep="\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=None, metavar="S",
                        help="the scale store's size: 1.0 is the issue's (default), 0.01 tiny")
    parser.add_argument("--runs", type=int, default=None, metavar="N",
                        help="runs of each timing (default 5; the slow ones at most 3)")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: --scale 0.01 --runs 1 unless given")
    parser.add_argument("--db", type=Path, metavar="PATH",
                        help="measure this store instead of the scale store")
    args = parser.parse_args()
    scale = args.scale if args.scale is not None else 0.01 if args.quick else 1.0
    runs = max(1, args.runs if args.runs is not None else 1 if args.quick else 5)
    day = date.fromisoformat(os.environ.setdefault("KAMTUI_TODAY", DEFAULT_DAY.isoformat()))
    started = time.perf_counter()
    progress(f"the scale store at scale {scale:g} (built once, then cached)")
    store = args.db or ensure_scale_store(scale, day)
    cache_bytecode()
    print(f"kamtui benchmarks: scale {scale:g}, {runs} runs, today {day}, store {store} "
          f"(ready in {time.perf_counter() - started:.1f} s)")
    print(f"machine: {os.cpu_count()} CPUs, {platform.platform()}, Python "
          f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}\n")
    with tempfile.TemporaryDirectory(prefix="kamtui-bench-") as folder:
        work = Path(folder)
        progress("kamtui today and task next")
        rows = measure_today(store, runs, scale, work)
        progress("the TUI's start, keys and memory")
        rows += measure_tui(store, runs, 1 if args.quick else 10)
        progress("the CSV import")
        rows += measure_io(store, runs, scale, work)
    print_table(rows)
    failed = [row[0] for row in rows if row[3] == "FAIL"]
    print(f"\n{len(failed)} of {sum(row[3] in ('pass', 'FAIL') for row in rows)} targets "
          f"missed{': ' + '; '.join(failed) if failed else ''}  "
          f"({time.perf_counter() - started:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
