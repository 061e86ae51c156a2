"""A dropped SSH connection (SIGHUP) or a kill (SIGTERM) in the middle of work: the app,
running in a pseudo-terminal, ends cleanly (terminal restored), the edit it confirmed is
kept, the store passes its integrity check and opens again."""

import signal
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from reliability.pty_app import PtyApp

from kamtui.domain.enums import ActionStatus
from kamtui.store import open_store
from kamtui.store.actions import add_action
from kamtui.store.repos import Services

LEAVE_ALT_SCREEN = "\x1b[?1049l"


def _status(path: Path, action_id: str) -> str:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT status FROM action_item WHERE id = ?",
                          (action_id,)).fetchone()[0]


@pytest.fixture
def small_store(tmp_path: Path) -> tuple[Path, str]:
    """One account with one overdue action: the first item on Today."""
    store = open_store(tmp_path / "store" / "kamtui.db", create=True)
    services = Services(store)
    account = services.accounts.create({"name": "Acme"})
    item, _ = add_action(services, {"account_id": account.id, "title": "Send the quote",
                                    "deadline": date(2026, 11, 20)})
    store.close()
    return store.path, item.id


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_signal_mid_work_keeps_edits(small_store: tuple[Path, str], sig: int) -> None:
    path, action_id = small_store
    app = PtyApp("--db", str(path))
    try:
        app.wait_for(lambda: "Send the quote" in app.text())
        app.type("x")  # complete the first item on Today
        app.wait_for(lambda: _status(path, action_id) != ActionStatus.open.value)
        done = _status(path, action_id)
        app.proc.send_signal(sig)
        assert app.proc.wait(10) == 0  # a clean exit, not killed by the signal
        app._reader.join(2)
        assert LEAVE_ALT_SCREEN in app.text().rpartition("Send the quote")[2]
    finally:
        app.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _status(path, action_id) == done == ActionStatus.done.value
    again = open_store(path)  # the next start works
    try:
        assert Services(again).actions.get(action_id).status == ActionStatus.done
    finally:
        again.close()
