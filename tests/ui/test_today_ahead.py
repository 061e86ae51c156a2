"""The checklist read ahead while the app loads (issue 8): the first Today shows it as
read, a later read goes to the store, and a read that failed is told, not raised."""

import sqlite3
from concurrent.futures import Future
from datetime import date

from helpers import settle, until

from kamtui.store import Store
from kamtui.store.repos import Services
from kamtui.store.today import Checklist, checklist, read_ahead
from kamtui.ui.app import KamApp
from kamtui.ui.widgets.checklist import ChecklistTable

SIZE = (120, 40)
TODAY = date(2026, 11, 22)


def shown_keys(app: KamApp) -> list[str]:
    return list(app.screen.query_one(ChecklistTable).items)


def keys_of(found: Checklist) -> list[str]:
    return [f"{item.kind}:{item.id}" for page in found.sections for item in page.items]


def test_read_ahead_reads_what_checklist_reads(store: Store, demo: Services) -> None:
    ahead = read_ahead(store, TODAY, limit=5)
    assert ahead.result(timeout=30) == checklist(store, TODAY, limit=5)


def test_read_ahead_hands_a_failure_to_whoever_waits(store: Store) -> None:
    store.path.unlink()  # nothing to read: the thread's error must reach the waiter
    store.path.write_bytes(b"not a database" * 100)
    ahead = read_ahead(store, TODAY)
    assert isinstance(ahead.exception(timeout=30), sqlite3.DatabaseError)


async def test_the_first_today_shows_the_checklist_read_ahead(store: Store,
                                                              demo: Services) -> None:
    full = checklist(store, TODAY)
    only_overdue = Checklist(TODAY, [page if page.section == "overdue" else
                                     type(page)(page.section, page.title, 0, [])
                                     for page in full.sections])
    ahead: Future[Checklist] = Future()
    ahead.set_result(only_overdue)  # not what the store holds: shows where rows came from
    app = KamApp(store, ahead=ahead)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown_keys(app) == keys_of(only_overdue)
        await pilot.press("r")  # a reload reads the store
        await until(pilot, lambda: shown_keys(app) == keys_of(full))


async def test_a_failed_read_ahead_is_one_notice(store: Store, demo: Services) -> None:
    ahead: Future[Checklist] = Future()
    ahead.set_exception(sqlite3.OperationalError("disk I/O error"))
    app = KamApp(store, ahead=ahead)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert [n.message for n in app._notifications] == [
            "Could not read the checklist: OperationalError."]
        assert shown_keys(app) == []
