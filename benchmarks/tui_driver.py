"""Runs one app headless for benchmarks/run.py and prints what it measured as one JSON line.
`python tui_driver.py MODE DB [MOVES]`, MODE one of:

- bare: a bare Textual app (Header, Footer, an empty DataTable); `ready` when it is shown;
- today: kamtui on DB; `ready` when the Today table holds its rows;
- accounts: kamtui on DB, `2` pressed at once; `ready` when the Accounts table holds a page;
- keys: kamtui on DB; CPU milliseconds per key press (MOVES times j then k on Today and
  on Accounts, default 10; enter on an account and escape back, up to 3 times), once the
  app has loaded in the background what Today did not need, with what the harness costs
  by itself on each screen (harness_ms); then the peak RSS in MB.

`ready` is time.perf_counter() at that moment: on Linux it reads CLOCK_MONOTONIC, one clock
for every process, so the parent subtracts the perf_counter() it read just before starting
this process, and Python's start-up and every import count. Heavy imports wait until the
mode is known, so the bare app pays only for Textual's."""

import asyncio
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from statistics import median
from typing import Any

SIZE = (120, 40)
NOTHING_KEY = "f24"  # bound to nothing anywhere in kamtui
FORMS = {"today-form", "palette-form", "account-form"}  # workers that wait on a form


async def until(condition: Callable[[], bool], limit: float = 120) -> None:
    give_up = time.perf_counter() + limit
    while not condition():  # polled each millisecond: start-up figures are that fine
        if time.perf_counter() > give_up:
            raise SystemExit(f"gave up waiting (line {condition.__code__.co_firstlineno})")
        await asyncio.sleep(0.001)


def busy(app: Any, *groups: str) -> bool:
    return any(not w.is_finished and (w.group in groups if groups else w.group not in FORMS)
               for w in app.workers)


async def settle(pilot: Any) -> None:
    """Until every read has finished and the screen has caught up with it."""
    for _ in range(3):
        await pilot.pause()
        await until(lambda: not busy(pilot.app))


def bare_app() -> Any:
    from textual.app import App
    from textual.widgets import DataTable, Footer, Header

    class Bare(App[None]):
        def compose(self):  # noqa: ANN202
            yield Header()
            yield DataTable()
            yield Footer()

    return Bare()


def kam_app(db: str) -> Any:
    from kamtui.__main__ import new_app, open_for  # as `kamtui --db DB` opens it

    return new_app(open_for(db))


def today_shown(app: Any) -> bool:
    from kamtui.ui.screens.today import TodayScreen

    screen = app.screen
    return (isinstance(screen, TodayScreen) and screen.checklist is not None
            and not screen.table.loading and screen.table.row_count > 0
            and not busy(app, "today"))


def accounts_shown(app: Any) -> bool:
    from kamtui.ui.screens.accounts import AccountsScreen

    screen = app.screen
    return (isinstance(screen, AccountsScreen) and screen.page is not None
            and not screen.table.loading and screen.table.row_count > 0
            and not busy(app, "portfolio"))


def account_shown(app: Any) -> bool:
    from kamtui.ui.screens.account import AccountScreen

    screen = app.screen
    return (isinstance(screen, AccountScreen) and screen.loaded is not None
            and not busy(app, "account"))


async def cpu_ms(pilot: Any, key: str, shown: Callable[[Any], bool]) -> float:
    """CPU time of every thread of this process, from the key until its work is shown."""
    await settle(pilot)
    started = time.process_time()
    await pilot.press(key)
    await until(lambda: shown(pilot.app))
    await settle(pilot)
    return (time.process_time() - started) * 1000


async def harness_ms(pilot: Any, shown: Callable[[Any], bool]) -> float:
    """What cpu_ms costs by itself on this screen, measured with a key bound to nothing:
    Pilot's waits visit every widget and re-render the whole screen (settle does so three
    times), 10-15 ms that no key costs a person. run.py takes it off each key's figure."""
    return median([await cpu_ms(pilot, NOTHING_KEY, shown) for _ in range(5)])


def warmed_up(app: Any) -> bool:
    """The app has loaded the rest of itself (KamApp.warm_up: ~0.7 s of CPU in a thread,
    half a second after Today shows). Start-up work, not any key's: keys wait for it."""
    from kamtui.ui.app import LATER

    return LATER[-1] in sys.modules and not busy(app, "warm-up")


async def walk_keys(pilot: Any, out: dict[str, Any], moves: int) -> None:
    app = pilot.app
    await until(lambda: today_shown(app) and warmed_up(app))
    keys: dict[str, list[float]] = {"today j/k": [], "accounts j/k": [],
                                    "enter (open an account)": [], "escape (back)": []}
    harness = {"today": await harness_ms(pilot, today_shown)}
    for key in "j" * moves + "k" * moves:
        keys["today j/k"].append(await cpu_ms(pilot, key, today_shown))
    await pilot.press("2")
    await until(lambda: accounts_shown(app))
    harness["accounts"] = await harness_ms(pilot, accounts_shown)
    for key in "j" * moves + "k" * moves:
        keys["accounts j/k"].append(await cpu_ms(pilot, key, accounts_shown))
    for _ in range(min(moves, 3)):
        await pilot.press("j")
        keys["enter (open an account)"].append(await cpu_ms(pilot, "enter", account_shown))
        harness.setdefault("account", await harness_ms(pilot, account_shown))
        keys["escape (back)"].append(await cpu_ms(pilot, "escape", accounts_shown))
    out["keys"] = keys  # as measured, harness included
    out["harness_ms"] = harness  # per screen: where each group's keys are pressed
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def main() -> int:
    mode, db = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else ""
    moves = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    out: dict[str, Any] = {}

    async def pilot_fn(pilot: Any) -> None:
        app = pilot.app
        try:
            if mode == "bare":
                await until(lambda: bool(app.screen.query("DataTable")))
                await pilot.pause()
                out["ready"] = time.perf_counter()
            elif mode == "today":
                await until(lambda: today_shown(app))
                await pilot.pause()
                out["ready"] = time.perf_counter()
            elif mode == "accounts":
                await pilot.press("2")
                await until(lambda: accounts_shown(app))
                await pilot.pause()
                out["ready"] = time.perf_counter()
            elif mode == "keys":
                await walk_keys(pilot, out, moves)
            else:
                out["error"] = f"unknown mode {mode!r}"
        except BaseException as err:  # noqa: BLE001 - reported to the parent, not lost
            out["error"] = f"{type(err).__name__}: {err}"
        # The app captures print() while it runs: write past it. Then skip the app's
        # shutdown (over half a second), which nothing here measures.
        sys.__stdout__.write(json.dumps(out) + "\n")
        sys.__stdout__.flush()
        os._exit(1 if "error" in out else 0)

    app = bare_app() if mode == "bare" else kam_app(db)
    app.run(headless=True, size=SIZE, auto_pilot=pilot_fn)
    return 1  # not reached


if __name__ == "__main__":
    sys.exit(main())
