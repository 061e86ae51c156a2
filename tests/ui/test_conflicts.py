"""Sync conflicts in the app (issue 9): Today says when conflicts wait or sync is overdue,
C opens the conflicts, enter keeps the value shown and t takes the other (each a change
that syncs), and the screen as it looks."""

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conflict_helpers import conflicted_pair, set_last_synced
from helpers import settle
from sync_helpers import both_ways, new_store, value
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from kamtui.store import Store
from kamtui.store.sync_conflicts import count_conflicts, resolve
from kamtui.sync import hlc
from kamtui.ui.app import KamApp
from kamtui.ui.screens.conflicts import NONE_LEFT, ConflictsScreen
from kamtui.ui.screens.today import TodayScreen

SIZE = (120, 40)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    laptop, server = conflicted_pair(tmp_path)
    yield laptop, server
    laptop.close()
    server.close()


def notice(app: KamApp) -> str | None:
    """Today's sync line, None when hidden."""
    line = app.screen.query_one("#sync", Static)
    return str(line.render()) if line.display and line.has_class("-shown") else None


def said(app: KamApp) -> str:
    return list(app._notifications)[-1].message


async def test_today_says_nothing_of_sync_before_any(store: Store) -> None:
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert notice(app) is None


async def test_today_names_the_conflicts_and_c_opens_them(pair: tuple[Store, Store]) -> None:
    laptop, _ = pair
    app = KamApp(laptop)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert notice(app) == "2 sync conflicts to resolve: press C"
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, ConflictsScreen)
        assert app.screen.query_one(OptionList).option_count == 2
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)


async def test_today_says_when_sync_is_overdue_and_only_then(tmp_path: Path) -> None:
    laptop, server = new_store(tmp_path, "laptop"), new_store(tmp_path, "server")
    both_ways(laptop, server)  # peers, no conflicts
    try:
        for days_ago, shown in ((3, None), (9.5, "Last synced 9 days ago: run kamtui sync HOST")):
            set_last_synced(laptop, days_ago)
            app = KamApp(laptop)
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                assert notice(app) == shown
    finally:
        laptop.close()
        server.close()


async def test_keep_then_take_resolve_and_the_resolutions_sync(
        pair: tuple[Store, Store]) -> None:
    laptop, server = pair
    app = KamApp(laptop)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        screen = app.screen
        assert [c.field for c in screen.conflicts] == ["deadline", "name"]
        await pilot.press("enter")  # keep the deadline shown (the server's)
        await settle(pilot)
        assert value(laptop, "action_item", "act-pricing", "deadline") == "2026-12-11"
        assert count_conflicts(laptop) == 1
        assert "deadline is now 2026-12-11" in said(app)
        assert [c.field for c in screen.conflicts] == ["name"]
        await pilot.press("t")  # take the laptop's own name back, markup and all
        await settle(pilot)
        assert value(laptop, "account", "acc-nordwind", "name") == "Nordwind [b]AG[/]"
        assert count_conflicts(laptop) == 0
        assert "name is now Nordwind [b]AG[/]" in said(app)
        assert str(screen.query_one("#message", Static).render()) == NONE_LEFT
        await pilot.press("escape")
        await settle(pilot)
        assert notice(app) is None
    both_ways(laptop, server)
    assert count_conflicts(server) == 0
    assert value(server, "account", "acc-nordwind", "name") == "Nordwind [b]AG[/]"
    assert value(server, "action_item", "act-pricing", "deadline") == "2026-12-11"


async def test_a_conflict_settled_elsewhere_is_one_sentence(pair: tuple[Store, Store]) -> None:
    laptop, _ = pair
    app = KamApp(laptop)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_conflicts()
        await settle(pilot)
        first = app.screen.conflicts[0]
        resolve(laptop, first.ref, take=True)  # from the command line, meanwhile
        await pilot.press("t")
        await settle(pilot)
        assert said(app) == f"There is no conflict {first.ref}; kamtui sync conflicts lists them."
        assert len(app.screen.conflicts) == 1


def test_the_palette_offers_the_conflicts(store: Store) -> None:
    app = KamApp(store)
    titles = [command.title for command in app.get_system_commands(TodayScreen(store))]
    assert "Sync conflicts" in titles


@pytest.fixture
def pinned_stamps(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Stamps a second apart from a fixed time, and local time UTC: the conflicts' 'when'
    and their order come out the same on every run."""
    class Clock:
        ns = int(datetime(2026, 11, 20, 14, 0, tzinfo=UTC).timestamp()) * 10**9

        def time_ns(self) -> int:
            self.ns += 10**9
            return self.ns

    monkeypatch.setattr(hlc, "time", Clock())
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(("side", "size"), [("server", (120, 40)), ("laptop", (80, 24))],
                         ids=["server-120x40", "laptop-80x24"])
def test_conflicts_screen(snap_compare, tmp_path: Path, pinned_stamps: None, side: str,
                          size: tuple[int, int]) -> None:
    """The server's losing values came from the laptop ('peer'); the laptop's own lost."""
    laptop, server = conflicted_pair(tmp_path)

    async def open_conflicts(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)

    try:
        app = KamApp(server if side == "server" else laptop, subtitle=side)
        assert snap_compare(app, terminal_size=size, run_before=open_conflicts)
    finally:
        laptop.close()
        server.close()
