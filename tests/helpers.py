"""Shared by the tests: waiting in Pilot tests (for the screens' reads and saves, not for
a form still open, whose worker waits on the user; for a condition) and the type of the
`kam` fixture (conftest) that runs the command line in-process."""

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from textual.pilot import Pilot

from kamtui.domain import TABLES
from kamtui.store import Store

Kam = Callable[..., tuple[int, str, str]]  # kam("today", "--json") -> (code, out, err)

# Workers that wait on an open form: waiting for them would wait forever.
FORMS = {"today-form", "palette-form", "account-form"}


async def settle(pilot: Pilot) -> None:
    """Wait for reads and saves, not for a form still open."""
    for _ in range(3):
        await pilot.pause()
        busy = [w for w in pilot.app.workers if w.group not in FORMS and not w.is_finished]
        if busy:  # an empty list would mean every worker
            await pilot.app.workers.wait_for_complete(busy)


async def until(pilot: Pilot, condition: Callable[[], bool], tries: int = 150) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("gave up waiting")


def dump(store: Store) -> dict[tuple[str, str], dict[str, Any]]:
    """Every row of every table, keyed by (table, id): compare before and after an undo."""
    rows = {}
    with store.read() as session:
        for model in TABLES:
            for row in session.execute(select(model.__table__)).mappings():
                rows[(model.__tablename__, row["id"])] = dict(row)
    return rows
