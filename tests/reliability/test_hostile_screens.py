"""Every screen rendered with hostile text in every text field of every record: markup-like
text, right-to-left script, emoji and terminal control characters. The app keeps running,
logs no exception, shows the text verbatim (controls dropped, as ui.text does) and never
lets a control character reach the screen."""

import typing
from datetime import date
from enum import Enum

import pytest
from helpers import settle, until
from sqlalchemy import text
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable

from kamtui.demo import build_demo
from kamtui.domain import TABLES
from kamtui.domain.words import one_line
from kamtui.store import Store
from kamtui.store.repos import Services
from kamtui.ui.app import KamApp
from kamtui.ui.screens.account import TABS, AccountScreen
from kamtui.ui.widgets.checklist import ChecklistTable

TODAY = date(2026, 11, 22)
MARK = "[@click=app.quit]x[/]"
# Stored in every text field (with a per-row tag, so unique indexes hold).
HOSTILE = f"{MARK} [bold]\x1b[31m\x07שלום😀 [/ [link=http://x]y[/link] \u202eevil"
SHOWN = one_line(HOSTILE)  # what the screens show: the controls dropped


def _text_columns(schema: type) -> dict[str, str]:
    """Each text column (not an id, not a choice) with the SQL value to store in it: the
    hostile text, tagged per row; in a list column, a list of it."""
    found = {}
    for name, info in schema.model_fields.items():
        ann = info.annotation
        kinds = typing.get_args(ann) or (ann,)
        if name.endswith("_id") or str not in kinds or any(
                isinstance(k, type) and issubclass(k, Enum) for k in kinds):
            continue
        if typing.get_origin(ann) is list:
            found[name] = "json_array(:h || ' ' || substr(id, 1, 6), :h)"
        else:
            found[name] = ":h || ' ' || substr(id, 1, 6)"
    return found


@pytest.fixture
def hostile(store: Store, services: Services) -> int:
    """The sample portfolio with every text field of every record overwritten; returns
    how many columns were filled."""
    build_demo(store, TODAY)
    filled = 0
    with store.transaction() as session:
        for table, schema in TABLES.items():
            for column, value in _text_columns(schema).items():
                session.execute(text(f"UPDATE {table.__tablename__} SET {column} = {value}"),
                                {"h": HOSTILE})
                filled += 1
    return filled


def _shown(widget: Widget) -> list[str]:
    if isinstance(widget, ChecklistTable):  # line-based: every row's cells, and what it draws
        return ([cell.plain for key in widget.items for cell in widget.get_row(key)]
                + [widget.render_line(y).text for y in range(widget.size.height)])
    if isinstance(widget, DataTable):
        return [cell.plain if hasattr(cell, "plain") else str(cell)
                for i in range(widget.row_count) for cell in widget.get_row_at(i)]
    try:
        visual = widget.render()
    except Exception:  # noqa: BLE001 - a widget that renders only when laid out
        return []
    return [getattr(visual, "plain", None) or str(visual)]


def screen_text(pilot: Pilot) -> str:
    return "\n".join(part for widget in pilot.app.screen.query("*")
                     for part in _shown(widget))


async def check(pilot: Pilot, where: str, seen: dict[str, bool]) -> None:
    await settle(pilot)
    app = pilot.app
    assert app.is_running and app.return_code is None, where
    assert app._exception is None, where
    shown = screen_text(pilot)
    leaks = [(type(w).__name__, w.id, part[:80]) for w in app.screen.query("*")
             for part in _shown(w) if "\x1b" in part or "\x07" in part]
    assert not leaks, (where, leaks)
    seen[where] = MARK in shown


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_every_screen_with_hostile_text(store: Store, services: Services, hostile: int,
                                              size: tuple[int, int]) -> None:
    assert hostile > 50
    account = services.accounts.list(limit=1)[0]
    assert account.name.startswith(HOSTILE)
    seen: dict[str, bool] = {}
    app = KamApp(store, services)
    async with app.run_test(size=size) as pilot:
        await check(pilot, "today", seen)
        for key, where in (("2", "accounts"), ("3", "plan"), ("4", "escalations")):
            await pilot.press(key)
            await check(pilot, where, seen)
        await pilot.press("2")
        await pilot.press("w")
        await check(pilot, "whitespace matrix", seen)
        await pilot.press("escape")
        await pilot.press("p")
        await check(pilot, "proposals", seen)
        await pilot.press("escape")
        await app.open_account(account.id, account.name)
        await until(pilot, lambda: isinstance(app.screen, AccountScreen))
        for name, _title, _panel in TABS:
            await check(pilot, f"account {name}", seen)
            await pilot.press("right_square_bracket")
        assert app.is_running
    # The hostile text is shown verbatim (markup as text) wherever user text is shown.
    assert all(seen.values()), [where for where, ok in seen.items() if not ok]
    assert SHOWN.startswith(MARK) and "\x1b" not in SHOWN
