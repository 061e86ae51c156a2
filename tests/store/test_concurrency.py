"""Two processes doing read-modify-write on the same row lose no update, because write
transactions begin with BEGIN IMMEDIATE."""

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from sqlalchemy import event

from kamtui.store import Store, open_store
from kamtui.store.repos import Services

ROUNDS = 200

WORKER = textwrap.dedent("""
    import sys, time
    from kamtui.store import open_store
    from kamtui.store.repos import Services
    store = open_store(sys.argv[1])
    svc = Services(store)
    time.sleep(max(0.0, float(sys.argv[4]) - time.time()))  # start together
    for _ in range(int(sys.argv[3])):
        with store.transaction():  # read and write in one IMMEDIATE transaction
            account = svc.accounts.get(sys.argv[2])
            svc.accounts.update(account.id, {"annual_revenue": account.annual_revenue + 1})
    store.close()
""")


def test_two_processes_updating_one_row_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    store = open_store(path, create=True)
    account = Services(store).accounts.create({"name": "Contested AG", "annual_revenue": 0})
    store.close()
    start = str(time.time() + 3)
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(path), account.id,
                                 str(ROUNDS), start], stderr=subprocess.PIPE, text=True)
               for _ in range(2)]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    store = open_store(path)
    assert Services(store).accounts.get(account.id).annual_revenue == 2 * ROUNDS
    store.close()


def test_writes_begin_immediate_and_reads_do_not(store: Store) -> None:
    seen: list[str] = []
    event.listen(store.engine, "before_cursor_execute",
                 lambda conn, cur, statement, *a: seen.append(statement))
    svc = Services(store)
    svc.accounts.create({"name": "Acme"})
    assert "BEGIN IMMEDIATE" in seen
    seen.clear()
    svc.accounts.list()
    assert "BEGIN" in seen and "BEGIN IMMEDIATE" not in seen


def test_nested_transactions_make_one_commit(store: Store, services: Services) -> None:
    try:
        with store.transaction():
            services.accounts.create({"name": "First"})
            services.accounts.create({"name": "Second"})
            raise RuntimeError("stop halfway")
    except RuntimeError:
        pass
    assert services.accounts.count() == 0
