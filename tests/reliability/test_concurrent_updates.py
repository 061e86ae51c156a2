"""Two sessions, one store: four processes doing read-modify-write updates lose none and
never show "database is locked"; a write lock another process holds is waited out by the
command line and by a form (which says it is waiting), and one held past the busy timeout
gets one plain sentence, changing nothing and keeping what was typed.

Figures print with `pytest -s tests/reliability/test_concurrent_updates.py`."""

import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import Kam, settle, until
from textual.widgets import Input, Static

from kamtui.store import Store, engine, open_store
from kamtui.store.repos import Services
from kamtui.ui.app import KamApp
from kamtui.ui.screens.accounts import AccountsScreen
from kamtui.ui.screens.record_form import RecordForm

PROCESSES, ROUNDS = 4, 300

WORKER = textwrap.dedent("""
    import sys, time
    from kamtui.store import open_store
    from kamtui.store.records import edit_record
    from kamtui.store.repos import Services
    store = open_store(sys.argv[1])
    svc = Services(store)
    time.sleep(max(0.0, float(sys.argv[4]) - time.time()))  # start together
    for _ in range(int(sys.argv[3])):
        with store.transaction():  # the read and the write in one IMMEDIATE transaction
            account = svc.accounts.get(sys.argv[2])
            edit_record(svc, "accounts", account.id,
                        {"annual_revenue": account.annual_revenue + 1})
    store.close()
""")

HOLDER = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("COMMIT")
""")


def test_four_processes_updating_one_row_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    store = open_store(path, create=True)
    account = Services(store).accounts.create({"name": "Contested AG", "annual_revenue": 0})
    store.close()
    start = time.time() + 2  # the imports take about a second
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(path), account.id,
                                 str(ROUNDS), str(start)], stderr=subprocess.PIPE, text=True)
               for _ in range(PROCESSES)]
    errors = [worker.communicate(timeout=120)[1] for worker in workers]
    took = time.time() - start
    assert [worker.returncode for worker in workers] == [0] * PROCESSES, errors
    assert not any(errors), errors  # no "database is locked", no traceback, nothing
    store = open_store(path)
    final = Services(store).accounts.get(account.id).annual_revenue
    store.close()
    print(f"concurrent updates: {PROCESSES} processes x {ROUNDS} read-modify-write "
          f"updates = {final} kept of {PROCESSES * ROUNDS} in {took:.1f} s")
    assert final == PROCESSES * ROUNDS


def test_a_ten_second_lock_is_within_the_wait(store: Store) -> None:
    with store.engine.connect() as conn:
        waits = conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one()
    assert waits >= 15_000  # a writer waits out another session's 10 s stall, and more


def test_command_line_waits_out_a_held_lock(store: Store, services: Services) -> None:
    services.accounts.create({"name": "Acme"})
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(store.path), "3"],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    began = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "kamtui", "add", "Call the buyer",
                           "--account", "Acme", "--due", "today", "--db", str(store.path)],
                          capture_output=True, text=True, timeout=60)
    waited = time.monotonic() - began
    assert holder.wait(timeout=10) == 0
    assert done.returncode == 0, done.stderr
    assert "locked" not in done.stderr and "Traceback" not in done.stderr
    assert [a.title for a in services.actions.list()] == ["Call the buyer"]
    assert waited > 1.5  # it really did wait for the other session


@contextmanager
def held_lock(path: Path, seconds: float | None = None) -> Iterator[threading.Event]:
    """Another connection holding the write lock until `seconds` pass or the event is
    set (SQLite locks per connection, so a thread stands in for another process)."""
    release, held = threading.Event(), threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute("BEGIN IMMEDIATE")
        held.set()
        release.wait(seconds)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(10)
    try:
        yield release
    finally:
        release.set()
        thread.join(10)


@pytest.fixture
def impatient(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stores opened from here on wait only 0.3 s for a lock."""
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 300)


def test_a_lock_held_too_long_is_one_sentence_and_changes_nothing(
        store: Store, services: Services, kam: Kam, impatient: None) -> None:
    services.accounts.create({"name": "Acme"})
    with held_lock(store.path):
        code, _, err = kam("add", "Call the buyer", "--account", "Acme", "--due", "today")
    assert code == 2
    assert err.startswith("kamtui: The store is busy: another kamtui session kept it locked")
    assert err.count(".") == 1 and "OperationalError" not in err
    assert services.actions.count() == 0


def error(app: KamApp) -> str:
    return str(app.screen.query_one(".error", Static).visual)


async def new_account_form(pilot) -> RecordForm:  # noqa: ANN001 - Pilot
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    await pilot.press("n")
    await until(pilot, lambda: isinstance(pilot.app.screen, RecordForm))
    await pilot.press(*"Acme")
    return pilot.app.screen


async def test_form_says_it_waits_for_a_held_lock_then_saves(store: Store,
                                                            services: Services) -> None:
    app = KamApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_account_form(pilot)
        shown: list[str | None] = []  # every message the error line showed, in order
        show = form.show_error
        form.show_error = lambda message: (shown.append(message), show(message))
        began = time.monotonic()
        with held_lock(store.path, seconds=2.5):
            await pilot.press("ctrl+s")  # returns once the save is done
            await until(pilot, lambda: isinstance(app.screen, AccountsScreen), tries=500)
        assert time.monotonic() - began > 2  # it waited for the other session
        assert shown[0].startswith("Waiting for the store: another kamtui session is busy")
        assert shown[-1] is None  # cleared once saved
        assert [a.name for a in services.accounts.list()] == ["Acme"]


async def test_form_keeps_the_typing_when_the_lock_outlasts_the_wait(
        tmp_path: Path, impatient: None) -> None:
    store = open_store(tmp_path / "busy.db", create=True)
    services = Services(store)
    app = KamApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_account_form(pilot)
        with held_lock(store.path):
            await pilot.press("ctrl+s")
            await until(pilot, lambda: "The store is busy" in error(app), tries=300)
            assert app.screen is form and form.query_one("#f-name", Input).value == "Acme"
            assert services.accounts.count() == 0
        await pilot.press("ctrl+s")  # the other session is done: saving again works
        await until(pilot, lambda: isinstance(app.screen, AccountsScreen), tries=300)
        assert [a.name for a in services.accounts.list()] == ["Acme"]
    store.close()
