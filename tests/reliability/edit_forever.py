"""The child of the crash test: a fork server that, for each "go SEED" line on stdin,
forks an editor making random edits through the service layer until it is killed.

Importing kamtui costs most of a second and SQLAlchemy compiles each statement once per
engine, so the server opens the store once and makes some edits itself to warm it up; it
then closes its connections, and each forked editor opens fresh ones (no SQLite connection
crosses a fork), says "ready", and edits.
After each commit returns it appends one fsync'd JSON line to the log naming what it
made, so the log holds only committed edits. The server reaps each editor and says
"reaped" once it is gone, so the parent checks a store no process is writing.

Usage: python edit_forever.py STORE LOG
"""

import json
import os
import random
import sys
from datetime import date

from kamtui.store import open_store
from kamtui.store.actions import add_action, complete_action
from kamtui.store.records import create_record, delete_record, edit_record
from kamtui.store.repos import Services

CONTACTS = 3  # made with each account, in the same transaction


def _log(fd: int, entry: dict) -> None:
    os.write(fd, (json.dumps(entry) + "\n").encode())
    os.fsync(fd)


def _new_account(svc: Services, n: int) -> dict:
    with svc.store.transaction():
        account, _ = create_record(svc, "accounts", {"name": f"Crash {n}", "notes": "t0"})
        contacts = [create_record(svc, "contacts", {"account_id": account.id,
                                                    "name": f"Person {n}.{i}", "notes": "t0"})
                    [0].id for i in range(CONTACTS)]
    return {"op": "account", "id": account.id, "contacts": contacts}


def _retag(svc: Services, account_id: str, tag: str) -> dict:
    """One transaction stamping the account and each of its contacts with `tag`."""
    with svc.store.transaction():
        edit_record(svc, "accounts", account_id, {"notes": tag})
        for contact in svc.contacts.list(svc.contacts.table.account_id == account_id):
            edit_record(svc, "contacts", contact.id, {"notes": tag})
    return {"op": "retag", "id": account_id, "tag": tag}


def edit(svc: Services, log_path: str, seed: int, edits: int | None = None) -> None:
    """Make random edits, `edits` of them or until killed."""
    rng = random.Random(seed)
    log = os.open(log_path, os.O_WRONLY | os.O_APPEND)
    today = date(2026, 11, 22)
    n = 0
    while edits is None or n < edits:
        n += 1
        stamp = f"{seed}-{n}"
        accounts = [a.id for a in svc.accounts.list(limit=50)]
        roll = rng.random()
        if len(accounts) < 5 or roll < 0.25:
            _log(log, _new_account(svc, stamp))
        elif roll < 0.45:
            _log(log, _retag(svc, rng.choice(accounts), f"t{stamp}"))
        elif roll < 0.7:
            item, _ = add_action(svc, {"account_id": rng.choice(accounts),
                                       "title": f"Call {stamp}", "deadline": today})
            _log(log, {"op": "action", "id": item.id})
        elif roll < 0.85:
            open_items = svc.actions.list(svc.actions.table.status == "open", limit=20)
            if open_items:
                item = rng.choice(open_items)
                complete_action(svc, item.id, today)
                _log(log, {"op": "done", "id": item.id})
        elif roll < 0.95:
            items = svc.actions.list(limit=20)
            if items:
                item = rng.choice(items)
                delete_record(svc, "actions", item.id)
                _log(log, {"op": "delete_action", "id": item.id})
        elif len(accounts) > 8:
            victim = rng.choice(accounts)
            delete_record(svc, "accounts", victim)  # cascades to its contacts and actions
            _log(log, {"op": "delete_account", "id": victim})


def serve(store_path: str, log_path: str) -> None:
    svc = Services(open_store(store_path))
    edit(svc, log_path, seed=0, edits=40)  # test_crash.WARM_UP
    svc.store.engine.dispose()  # no connection may cross the fork
    for line in sys.stdin:
        seed = int(line.split()[1])
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                os.write(1, b"ready\n")
                edit(svc, log_path, seed)
            except BaseException as err:  # noqa: BLE001 - report, then leave the fork
                os.write(2, f"editor failed: {err!r}\n".encode())
                code = 1
            os._exit(code)
        os.write(1, f"pid {pid}\n".encode())
        _, status = os.waitpid(pid, 0)
        os.write(1, f"reaped {status}\n".encode())


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2])
