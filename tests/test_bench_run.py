"""The smoke run of benchmarks/run.py: at a tiny scale it prints every figure of issue 8's
table, each with a measurement (or taskwarrior's "skipped"), and exits 0. No time is
asserted: the benchmark reports, `make bench` runs it at scale."""

import re
import subprocess
import sys
from pathlib import Path

RUN = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"
FIGURES = (  # the start of each row's figure, and whether it carries a target
    ("kamtui today (whole process)", False),
    ("task next, 100 pending tasks", False),
    ("task next, 1,000 pending tasks", False),
    ("kamtui today / task next @100", True),
    ("kamtui today / task next @1,000", True),
    ("bare Textual app: start to shown", False),
    ("TUI: start to Today populated", False),
    ("TUI: start, 2, to Accounts populated", False),
    ("TUI start to Today / bare app", True),
    ("TUI start to Accounts / bare app", False),
    ("CPU per key press, median", True),
    ("CPU per key press, 90th percentile", True),
    ("today j/k: median / p90", False),
    ("accounts j/k: median / p90", False),
    ("enter (open an account): median / p90", False),
    ("escape (back): median / p90", False),
    ("taken off each: the harness's own cost", False),
    ("peak RSS of the TUI", True),
    ("CSV import, 1,000 accounts into a new store", True),
    ("JSON export of the store", False),
    ("JSON import of it into a new store", False),
)
SKIPPED = "skipped (taskwarrior not installed)"


def test_quick_run_prints_every_figure() -> None:
    # The conftest's environment gives it a private cache folder: the tiny store is built.
    done = subprocess.run([sys.executable, str(RUN), "--quick"], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = {}
    for line in done.stdout.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4:
            rows[cells[0]] = cells[1:]
    for figure, targeted in FIGURES:
        found = [cells for name, cells in rows.items() if name.startswith(figure)]
        assert len(found) == 1, f"no row for {figure!r} in:\n{done.stdout}"
        measured, target, outcome = found[0]
        if measured == SKIPPED:
            assert figure.startswith(("task next", "kamtui today / task")), figure
            continue
        assert re.search(r"\d", measured), f"{figure}: {measured!r}"
        if targeted:
            assert target.startswith("≤") and outcome in {"pass", "FAIL"}, (figure, found)
    assert re.search(r"\d+ of 7 targets missed", done.stdout), done.stdout[-500:]
