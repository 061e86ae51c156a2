"""Terminals: tiny sizes and resizing with a form open don't crash; no terminal (piped
output) or TERM=dumb gets one sentence pointing to the commands and exit 2; NO_COLOR is
honoured by the app and the command line prints no escape sequences."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import settle, until
from reliability.pty_app import PtyApp
from textual.pilot import Pilot

from kamtui.store import Store
from kamtui.store.repos import Services
from kamtui.ui.app import KamApp
from kamtui.ui.screens.account import AccountScreen
from kamtui.ui.screens.action_form import ActionForm
from kamtui.ui.screens.record_form import RecordForm

SIZES = [(20, 5), (80, 24), (30, 8), (200, 60), (20, 5)]


def alive(pilot: Pilot) -> None:
    assert pilot.app.is_running and pilot.app.return_code is None
    assert pilot.app._exception is None


async def resize_through(pilot: Pilot) -> None:
    for size in SIZES:
        await pilot.resize_terminal(*size)
        await pilot.pause()
        alive(pilot)


async def test_tiny_terminal_and_resizing_with_forms_open(store: Store, demo: Services) -> None:
    app = KamApp(store, demo)
    async with app.run_test(size=(20, 5)) as pilot:
        for key in ("1", "2", "3", "4", "2"):
            await pilot.press(key)
            await settle(pilot)
            alive(pilot)
        await pilot.press("n")  # the new-account RecordForm
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        await resize_through(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, RecordForm))
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("a")  # the ActionForm
        await until(pilot, lambda: isinstance(app.screen, ActionForm))
        await resize_through(pilot)
        await pilot.press("escape")
        account = demo.accounts.list(limit=1)[0]
        await app.open_account(account.id, account.name)
        await until(pilot, lambda: isinstance(app.screen, AccountScreen))
        await resize_through(pilot)
        alive(pilot)


def _kamtui(store: Path, *args: str, env: dict[str, str] | None = None,
            stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kamtui", "--db", str(store), *args],
                          capture_output=True, text=True, timeout=30, stdin=stdin,
                          env={**os.environ, **(env or {})})


@pytest.mark.parametrize("args", [(), ("ui",)], ids=["kamtui", "kamtui ui"])
def test_no_terminal_points_to_the_commands(store: Store, args: tuple[str, ...]) -> None:
    done = _kamtui(store.path, *args, env={"TERM": "xterm-256color"})
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "not a terminal" in done.stderr and "kamtui today" in done.stderr


def test_dumb_terminal_points_to_the_commands(store: Store) -> None:
    path = store.path
    store.close()
    app = PtyApp("--db", str(path), env={"TERM": "dumb"})
    try:
        assert app.proc.wait(20) == 2
        app._reader.join(2)
    finally:
        app.close()
    said = app.text().strip()
    assert "TERM is dumb" in said and "kamtui today" in said and "Traceback" not in said
    assert "\x1b[?1049h" not in said  # never took over the screen


async def test_app_starts_with_no_color(store: Store, demo: Services,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = KamApp(store, demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color
        await pilot.press("2")
        await settle(pilot)
        alive(pilot)


@pytest.mark.parametrize("args", [("today",), ("accounts",), ("info",), ("settings",)])
def test_command_line_prints_no_escapes_with_no_color(store: Store, demo: Services,
                                                      args: tuple[str, ...]) -> None:
    done = _kamtui(store.path, *args, env={"NO_COLOR": "1", "TERM": "xterm-256color"})
    assert done.returncode == 0, done.stderr
    assert done.stdout and "\x1b" not in done.stdout + done.stderr
