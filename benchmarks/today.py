"""Shows the Today screen stays instant with 100,000 open action items: builds (or reuses)
a store of the sample portfolio plus bulk work, then times the command line, the checklist
query, the app's start and its keys. Run with `make bench`; `--help` lists the options."""

import argparse
import asyncio
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from functools import partial
from importlib.metadata import version
from pathlib import Path

from rich.console import RenderableType
from textual import events
from textual.pilot import Pilot
from textual.screen import Screen

from kamtui.clock import ENV_TODAY, today
from kamtui.demo import build_demo
from kamtui.domain.enums import ActionStatus, OwnerKind, Priority
from kamtui.paths import cache_dir
from kamtui.store import Store, open_store
from kamtui.store.today import TodayFilter, checklist
from kamtui.ui.app import KamApp
from kamtui.ui.screens.today import ROW_LIMIT, TodayScreen

SIZE = (120, 40)
OUTSTANDING = (ActionStatus.open.value, ActionStatus.waiting.value)
VERBS = ("Follow up on", "Send", "Review", "Agree", "Chase", "Prepare", "Confirm", "Escalate")
TOPICS = ("pricing proposal", "business review", "delivery plan", "forecast", "contract change",
          "support tickets", "invoice dispute", "pilot results", "training", "security audit")
COMMON, ABSENT = "invoice", "zebra"  # a word in one title in ten; a word in none
INSERT = ("INSERT INTO action_item (id, created_at, updated_at, account_id, title, owner_kind, "
          "owner_team_member_id, owner_contact_id, deadline, status, priority, success_measure, "
          "recurrence_basis, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 'deadline', '')")
Figures = defaultdict[str, defaultdict[str, list[float]]]  # group -> what -> ms per run


def since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def outstanding(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT count(*) FROM action_item WHERE deleted_at IS NULL "
                            "AND status IN ('open', 'waiting')").fetchone()[0]


def build(path: Path, items: int, day: date) -> tuple[float, float]:
    """The sample portfolio, then open and waiting items up to `items`; seconds each."""
    for old in path.parent.glob("today-*.db*"):  # other sizes and days
        old.unlink()
    started = time.perf_counter()
    with closing(open_store(path, create=True)) as store:
        build_demo(store, day)
    demo_s = time.perf_counter() - started
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA foreign_keys = ON")  # a wrong id fails here, not in the app
        live = "SELECT {} FROM {} WHERE deleted_at IS NULL"
        accounts = [r[0] for r in conn.execute(live.format("id", "account"))]
        team = [r[0] for r in conn.execute(live.format("id", "team_member"))]
        contacts: dict[str, list[str]] = defaultdict(list)
        for contact, account in conn.execute(live.format("id, account_id", "contact")):
            contacts[account].append(contact)
        rng = random.Random(day.toordinal())
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")  # as the app stores utcnow()

        def row() -> tuple[str | None, ...]:
            account = rng.choice(accounts)
            owner = rng.choices(list(OwnerKind), weights=(5, 3, 2))[0]
            if owner == OwnerKind.customer and not contacts[account]:
                owner = OwnerKind.me
            return (str(uuid.uuid4()), stamp, stamp, account,
                    f"{rng.choice(VERBS)} {rng.choice(TOPICS)}", owner.value,
                    rng.choice(team) if owner == OwnerKind.team else None,
                    rng.choice(contacts[account]) if owner == OwnerKind.customer else None,
                    (day + timedelta(days=rng.randint(-60, 120))).isoformat(),
                    rng.choices(OUTSTANDING, weights=(85, 15))[0],
                    rng.choices(list(Priority), weights=(2, 5, 3))[0].value)

        with conn:
            conn.executemany(INSERT, (row() for _ in range(items - outstanding(path))))
    return demo_s, time.perf_counter() - started - demo_s


def time_cli_and_query(store: Store, day: date, runs: int, figures: Figures) -> None:
    script = Path(sys.executable).with_name("kamtui")
    kamtui = [str(script)] if script.exists() else [sys.executable, "-m", "kamtui"]
    commands = {"python -c pass (start-up alone)": [sys.executable, "-c", "pass"],
                "kamtui today --json": [*kamtui, "--db", str(store.path), "today", "--json"],
                "kamtui today": [*kamtui, "--db", str(store.path), "today"]}
    account = checklist(store, day).sections[0].items[0].account_id  # ~2.5% of the items
    filters = {"no filter": TodayFilter(), f"text {COMMON!r}": TodayFilter(text=COMMON),
               f"text {ABSENT!r} (matches nothing)": TodayFilter(text=ABSENT),
               "owner team": TodayFilter(owner=OwnerKind.team),
               "one account": TodayFilter(account_id=account)}
    for _ in range(runs):
        for label, command in commands.items():
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, check=False)
            figures["command line (a new process each run)"][label].append(since(started))
            if done.returncode:
                raise SystemExit(f"{label} failed:\n{done.stderr.decode()}")
        for label, where in filters.items():
            started = time.perf_counter()
            checklist(store, day, where=where, limit=ROW_LIMIT)
            figures[f"checklist(limit={ROW_LIMIT}) in process"][label].append(since(started))


async def until(condition: Callable[[], bool], limit: float = 60) -> None:
    give_up = time.perf_counter() + limit
    while not condition():  # polled each millisecond: the figures are that fine
        if time.perf_counter() > give_up:
            raise SystemExit(f"gave up waiting (line {condition.__code__.co_firstlineno})")
        await asyncio.sleep(0.001)


class Frames:
    """When the app first paints a screen where `ready()` holds: headless, it still renders
    each update; only App._display (private) leaves out the write to the terminal."""

    def __init__(self, app: KamApp, ready: Callable[[], bool]) -> None:
        self.ready, self.at, self.last = ready, 0.0, 0.0
        display = app._display

        def painted(screen: Screen, update: RenderableType | None) -> None:
            display(screen, update)
            self.last = time.perf_counter()
            if update is not None and not self.at and self.ready():
                self.at = self.last
        app._display = painted  # type: ignore[method-assign]

    async def ms_since(self, started: float) -> float:
        await until(lambda: self.at > 0)
        return (self.at - started) * 1000


def shown(app: KamApp, before: object = None, *, idle: bool = False) -> bool:
    """The table holds a checklist other than `before` (and, `idle`, no read is running)."""
    screen = app.screen
    return (isinstance(screen, TodayScreen) and screen.checklist is not None
            and screen.checklist is not before and not screen.table.loading
            and not (idle and any(w.group == "today" and not w.is_finished for w in app.workers)))


async def time_keys(app: KamApp, pilot: Pilot, frames: Frames, figures: Figures,
                    direct: bool) -> None:
    screen = app.screen
    assert isinstance(screen, TodayScreen)
    group = "keys sent as key events" if direct else "keys through pilot.press"

    async def press(*keys: str) -> None:
        if not direct:
            return await pilot.press(*keys)
        for key in keys:  # what Pilot sends, without its waits for the process to idle
            app.post_message(events.Key(key, key if len(key) == 1 else None))

    async def step(label: str, ready: Callable[[object], bool], *keys: str) -> None:
        app.clear_notifications()  # and let the screen settle: each key starts from rest
        await until(lambda: time.perf_counter() - frames.last > 0.1 and shown(app, idle=True))
        before = screen.checklist
        frames.ready, frames.at = partial(ready, before), 0.0
        started = time.perf_counter()
        await press(*keys)
        await until(lambda: ready(before) and shown(app, idle=True))
        figures[f"{group}, until rows are in the table"][label].append(since(started))
        if direct:
            figures[f"{group}, until painted"][label].append(await frames.ms_since(started))

    reloaded = partial(shown, app)
    row = screen.table.cursor_row
    await step("j (move down)", lambda _: screen.table.cursor_row != row, "j")
    await step("s (snooze +1 day)", reloaded, "s")
    await step("u (undo)", reloaded, "u")
    await step("x (done)", reloaded, "x")
    await step("u (undo)", reloaded, "u")
    await press("slash")
    await until(lambda: screen.query_one("#filter").has_focus)
    await step(f"/ then {COMMON!r}", lambda b: screen.filter.text == COMMON and reloaded(b),
               *COMMON)
    assert all(COMMON in f"{i.title} {i.account} {i.owner}".lower()
               for i in screen.table.items.values()), "the table is not filtered"
    await press("enter")
    await until(lambda: screen.table.has_focus)
    await step("escape (clear it)", lambda b: not screen.filter.active and reloaded(b), "escape")


async def time_app(store: Store, runs: int, figures: Figures) -> None:
    group = f"app start: KamApp(store).run_test(size={SIZE}) until"
    for _ in range(runs):
        started = time.perf_counter()
        app = KamApp(store)
        frames = Frames(app, partial(shown, app))
        async with app.run_test(size=SIZE) as pilot:
            await until(partial(shown, app, idle=True))
            figures[group]["the rows are in the table"].append(since(started))
            figures[group]["they are painted"].append(await frames.ms_since(started))
            await time_keys(app, pilot, frames, figures, direct=True)
            await time_keys(app, pilot, frames, figures, direct=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000, metavar="N", help="open and "
                        "waiting action items in the store (default 100000)")
    parser.add_argument("--runs", type=int, default=5, metavar="N", help="runs of each (default 5)")
    parser.add_argument("--rebuild", action="store_true", help="build the store afresh")
    args = parser.parse_args()
    day = today()
    os.environ[ENV_TODAY] = day.isoformat()  # the store's dates are around this day
    path = cache_dir() / "benchmarks" / f"today-{args.items}-{day.isoformat()}.db"
    path.parent.mkdir(parents=True, exist_ok=True)  # sized and dated: reused only as built
    print(f"kamtui Today benchmark: {args.items:,} open action items, {args.runs} runs each")
    print(f"machine: {os.cpu_count()} CPUs, {platform.platform()}, Python "
          f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
          f"Textual {version('textual')}")
    # The app's s, x and u are undone, so a store used before still holds `items`.
    if not args.rebuild and path.exists() and outstanding(path) == args.items:
        print(f"store: {path}\n  reused (--rebuild builds it afresh)")
    else:
        demo_s, bulk_s = build(path, args.items, day)
        print(f"store: {path}\n  built in {demo_s + bulk_s:.1f} s (sample portfolio "
              f"{demo_s:.1f} s, bulk items {bulk_s:.1f} s)")
    figures: Figures = defaultdict(lambda: defaultdict(list))
    with closing(open_store(path)) as store:
        print("  today: " + ", ".join(f"{page.total:,} {page.title.lower()}"
                                      for page in checklist(store, day, limit=ROW_LIMIT).sections))
        time_cli_and_query(store, day, args.runs, figures)
        asyncio.run(time_app(store, args.runs, figures))
    print(f"\n{'':<50}{'median ms':>10}{'max ms':>10}")
    for group, timed in figures.items():
        print(group, *(f"  {label:<48}{statistics.median(ms):>10.1f}{max(ms):>10.1f}"
                       for label, ms in timed.items()), sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
