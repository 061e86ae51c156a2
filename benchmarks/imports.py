"""Times the data-in-and-out paths at scale: a 100,000-row CRM accounts CSV and a
100,000-row actions CSV (on 1,000 accounts) through `kamtui import csv` (dry run, real run,
the same file again), and the sample portfolio through `export json` / `import json`.
Each is a new `kamtui` process, so start-up counts. Run with
`.venv/bin/python benchmarks/imports.py`; `--rows N` changes the size."""

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KAMTUI = [sys.executable, "-m", "kamtui"]
WORDS = ("Nordic", "Atlas", "Vertex", "Harbor", "Summit", "Orion", "Cobalt", "Meridian",
         "Pioneer", "Quantum", "Granite", "Willow", "Beacon", "Falcon", "Juniper", "Sterling")
INDUSTRIES = ("Retail", "Logistics", "Healthcare", "Energy", "Finance", "Manufacturing")
COUNTRIES = ("Germany", "France", "Sweden", "United Kingdom", "Spain", "Italy")


def run(*args: str, expect: int = 0) -> float:
    started = time.perf_counter()
    done = subprocess.run([*KAMTUI, *args], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != expect:
        sys.exit(f"kamtui {' '.join(args)} exited {done.returncode}:\n{done.stderr[-2000:]}"
                 f"\n{done.stdout[-2000:]}")
    return seconds


def account_name(n: int) -> str:
    return f"{WORDS[n % len(WORDS)]} {WORDS[(n // 16) % len(WORDS)]} {n:06d}"


def write_accounts(path: Path, rows: int) -> None:
    rng = random.Random(7)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Account Name", "Annual Revenue", "Industry", "Billing Country",
                      "Renewal Date", "Description", "Website"])
        for n in range(rows):
            out.writerow([account_name(n), f"{rng.randrange(10_000, 9_000_000):,}.00",
                          rng.choice(INDUSTRIES), rng.choice(COUNTRIES),
                          f"{rng.randrange(1, 28):02d}/{rng.randrange(1, 13):02d}/2027"
                          if n % 3 else "", "Imported, \"quoted\"; text", "example.com"])


def write_actions(path: Path, rows: int, accounts: int) -> None:
    rng = random.Random(8)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(["Subject", "Account Name", "Due Date", "Status", "Priority"])
        for n in range(rows):
            out.writerow([f"Follow up {n}", account_name(rng.randrange(accounts)),
                          f"2027-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                          rng.choice(("Not Started", "In Progress", "Completed")),
                          rng.choice(("High", "Normal", "Low"))])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    os.environ.setdefault("KAMTUI_TODAY", "2026-11-22")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db = str(work / "big.db")
        accounts_csv, actions_csv = work / "accounts.csv", work / "actions.csv"
        write_accounts(accounts_csv, args.rows)
        write_actions(actions_csv, args.rows, min(1000, args.rows))
        run("init", "--db", db)
        figures = [
            ("accounts: dry run", run("import", "csv", "accounts", str(accounts_csv),
                                      "--dry-run", "--db", db)),
            ("accounts: import", run("import", "csv", "accounts", str(accounts_csv),
                                     "--db", db)),
            ("accounts: same file again", run("import", "csv", "accounts",
                                              str(accounts_csv), "--db", db)),
            ("actions: import", run("import", "csv", "actions", str(actions_csv),
                                    "--db", db)),
            ("export csv accounts", run("export", "csv", "accounts", "-o",
                                        str(work / "out.csv"), "--db", db)),
        ]
        demo, back = str(work / "demo.db"), str(work / "back.db")
        run("demo", "--no-open", "--db", demo)
        doc = str(work / "demo.json")
        figures.append(("sample portfolio: export json",
                        run("export", "json", "-o", doc, "--db", demo)))
        run("init", "--db", back)
        figures.append(("sample portfolio: import json",
                        run("import", "json", doc, "--db", back)))
        figures.append(("kamtui --version (start-up)", run("--version")))
    print(f"{args.rows:,} rows per CSV; seconds per command, start-up included")
    for name, seconds in figures:
        print(f"  {name:<32} {seconds:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
