"""Crash safety: an editor making random edits through the service layer is killed with
SIGKILL at random moments, 200 times on one store. After each kill the store passes
PRAGMA integrity_check, every edit the editor saw committed is there, and every edit is
wholly there or wholly absent (an account never has 1 or 2 of the 3 contacts made with
it; a retag of an account and its contacts, a cascade delete, never shows half done).

Figures print with `pytest -s tests/reliability/test_crash.py`."""

import json
import os
import random
import selectors
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from kamtui.store import open_store
from kamtui.store.repos import Services

KILLS = 200
WARM_UP = 40  # edits the fork server makes itself before the first fork (edit_forever.py)
HERE = Path(__file__).parent


class Server:
    """The fork server of edit_forever.py, read line by line with a deadline."""

    def __init__(self, store: Path, log: Path) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "edit_forever.py"), str(store), str(log)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.proc.stdout, selectors.EVENT_READ)
        self.buffer = b""

    def line(self, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not self.selector.select(left):
                raise AssertionError(f"the editor said nothing for {timeout} s")
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            if not chunk:
                raise AssertionError("the fork server died: " + self.stderr())
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()

    def go(self, seed: int) -> int:
        """Fork an editor; return its pid once it has opened the store."""
        self.proc.stdin.write(f"go {seed}\n".encode())
        self.proc.stdin.flush()
        pid, ready = None, False
        while pid is None or not ready:
            said = self.line()
            if said.startswith("reaped"):
                raise AssertionError("an editor stopped by itself: " + self.stderr())
            if said.startswith("pid "):
                pid = int(said.split()[1])
            ready = ready or said == "ready"
        return pid

    def wait_reaped(self) -> None:
        while not self.line().startswith("reaped"):
            pass

    def stderr(self) -> str:
        self.proc.kill()
        return self.proc.communicate(timeout=10)[1].decode()

    def stop(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=10)
        self.selector.close()


def _committed(log: Path) -> list[dict]:
    """The edits the editors saw committed (a torn last line, if any, is not one)."""
    text = log.read_text()
    return [json.loads(line) for line in text.split("\n")[:-1]]


def _tag_key(tag: str) -> tuple[int, int]:
    return (-1, 0) if tag == "t0" else tuple(int(p) for p in tag[1:].split("-"))


def check(path: Path, log: Path) -> int:
    """Assert the store is whole and holds every logged edit; return the edits checked."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        accounts = {row[0]: row[1:] for row in conn.execute(
            "SELECT a.id, a.deleted_at IS NULL, a.notes, COUNT(c.id), "
            "TOTAL(c.deleted_at IS NULL), TOTAL(c.notes = a.notes) "
            "FROM account a LEFT JOIN contact c ON c.account_id = a.id GROUP BY a.id")}
        contacts = {row[0]: row[1] for row in conn.execute("SELECT id, account_id FROM contact")}
        actions = {row[0]: row[1:] for row in conn.execute(
            "SELECT id, status, deleted_at IS NULL FROM action_item")}
    finally:
        conn.close()
    for id, (live, notes, made, live_contacts, same_notes) in accounts.items():
        assert made == 3, f"account {id} has {made} of its 3 contacts"
        assert live_contacts == (3 if live else 0), f"account {id}: half a cascade delete"
        assert same_notes == 3, f"account {id}: half a retag ({notes})"
    last_tag: dict[str, str] = {}
    edits = _committed(log)
    for edit in edits:
        op, id = edit["op"], edit["id"]
        if op == "account":
            assert id in accounts, f"committed account {id} is gone"
            assert all(contacts.get(c) == id for c in edit["contacts"])
        elif op == "retag":
            last_tag[id] = edit["tag"]
        elif op == "action":
            assert id in actions, f"committed action {id} is gone"
        elif op == "done":
            assert actions[id][0] == "done", f"completed action {id} is {actions[id][0]}"
        elif op == "delete_action":
            assert not actions[id][1], f"deleted action {id} is back"
        elif op == "delete_account":
            assert not accounts[id][0], f"deleted account {id} is back"
    for id, tag in last_tag.items():  # a later, unlogged retag may have landed; none lost
        assert _tag_key(accounts[id][1]) >= _tag_key(tag), f"retag {tag} of {id} lost"
    return len(edits)


def test_sigkill_mid_edit_loses_no_committed_edit_and_tears_none(tmp_path: Path) -> None:
    path, log = tmp_path / "crash.db", tmp_path / "committed.log"
    open_store(path, create=True).close()
    log.touch()
    rng = random.Random(20261122)
    server = Server(path, log)
    checked, started = 0, time.monotonic()
    try:
        for kill in range(KILLS):
            pid = server.go(kill + 1)
            time.sleep(rng.uniform(0, 0.1))
            os.kill(pid, signal.SIGKILL)
            server.wait_reaped()
            checked += check(path, log)
    finally:
        server.stop()
    store = open_store(path)  # and kamtui itself still opens it and reads it
    accounts = Services(store).accounts.count()
    store.close()
    edits = len(_committed(log))
    by_op: dict[str, int] = defaultdict(int)
    for edit in _committed(log):
        by_op[edit["op"]] += 1
    figures = (f"crash test: {KILLS} SIGKILLs survived in {time.monotonic() - started:.1f} s; "
               f"{edits} committed edits logged ({dict(by_op)}), {checked} edit checks, "
               f"{accounts} live accounts")
    print(figures)
    assert edits - WARM_UP >= KILLS // 2, f"too few edits landed between kills: {figures}"
