"""The forms of the Whitespace and Team tabs, driven with the keys: set a product's state
for the account (e and enter), clear it (d), add a product (a); add a team member (n), put
them on the account (a), edit their share (e), take them off (d); undo with u; and the
one-sentence refusals (a share of 150 %, a second assignment, no team yet)."""

from helpers import settle, until
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static, TabbedContent, TextArea

from kamtui.domain import Assignment, WhitespaceCell
from kamtui.domain.enums import WhitespaceState
from kamtui.store import Store
from kamtui.store.repos import Services
from kamtui.ui.app import KamApp
from kamtui.ui.screens.account import AccountScreen
from kamtui.ui.screens.prompts import Confirm
from kamtui.ui.screens.record_form import RecordForm
from kamtui.ui.widgets.team_panel import TeamPanel

SMALL = (80, 24)
NAME = "[@click=app.quit]Acme[/]"


async def on_tab(pilot: Pilot, account_id: str, tab: str) -> AccountScreen:
    await settle(pilot)
    await pilot.app.open_account(account_id, "")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AccountScreen)
    screen.query_one(TabbedContent).active = f"tab-{tab}"
    await pilot.pause()
    screen.panel.focus_content()
    await settle(pilot)
    return screen


async def form(pilot: Pilot, *keys: str) -> RecordForm:
    await pilot.press(*keys)
    await until(pilot, lambda: isinstance(pilot.app.screen, RecordForm))
    await pilot.pause()
    shown = pilot.app.screen
    dialog = shown.query_one(".dialog")
    assert shown.region.contains_region(dialog.region)  # fits 80x24
    return shown


async def save(pilot: Pilot) -> None:
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(pilot.app.screen, AccountScreen))
    await settle(pilot)


def error(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one(".error", Static).visual)


def last_note(app: KamApp) -> str:
    return list(app._notifications)[-1].message


def cell_of(services: Services, account: str, product: str) -> WhitespaceCell | None:
    found = services.whitespace.list(WhitespaceCell.account_id == account,
                                     WhitespaceCell.product_id == product)
    return found[0] if found else None


async def test_whitespace_set_clear_add_and_undo(store: Store, services: Services) -> None:
    acme = services.accounts.create({"name": NAME}).id
    api = services.products.create({"name": "API Pack", "line": "Integration"}).id
    edi = services.products.create({"name": "EDI Gateway"}).id
    app = KamApp(store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await on_tab(pilot, acme, "whitespace")
        table = screen.query_one("#whitespace-table", DataTable)
        # e on API Pack (unknown): the form starts at the default state; a bad value is
        # one sentence and the form stays open.
        shown = await form(pilot, "e")
        assert shown.query_one("#f-state", Select).value == WhitespaceState.open
        assert shown.focused is shown.query_one("#f-state", Select)
        shown.query_one("#f-value", Input).value = "-5"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(error(pilot)))
        # (the form parses numbers as floats, hence "-5.0"; one sentence either way)
        assert error(pilot).startswith("Value must be at least 0 (got -5")
        assert app.screen is shown and cell_of(services, acme, api) is None
        shown.query_one("#f-state", Select).value = WhitespaceState.in_play
        shown.query_one("#f-value", Input).value = "45,000"
        shown.query_one("#f-notes", TextArea).text = "pilot [b]Q1"
        await save(pilot)
        made = cell_of(services, acme, api)
        assert (made.state, made.value, made.notes) == ("in_play", 45_000, "pilot [b]Q1")
        assert table.get_row_at(0)[2].plain == "in play"
        assert "in play 1 (45.0k)" in str(screen.query_one("#whitespace-note",
                                                           Static).visual)
        # enter on the same row edits the cell it now has (no second cell).
        shown = await form(pilot, "enter")
        assert shown.query_one("#f-value", Input).value == "45000"
        shown.query_one("#f-state", Select).value = WhitespaceState.has
        await save(pilot)
        assert cell_of(services, acme, api).state == WhitespaceState.has
        assert len(services.whitespace.list(include_deleted=True)) == 1
        await pilot.press("u")
        await until(pilot, lambda: cell_of(services, acme, api).state == "in_play")
        # d clears it back to unknown after a yes; u brings it back.
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await until(pilot, lambda: cell_of(services, acme, api) is None)
        await settle(pilot)
        assert table.get_row_at(0)[2].plain == "—"
        await pilot.press("d")  # nothing to clear: one sentence
        await until(pilot, lambda: "already unknown" in last_note(app))
        assert isinstance(app.screen, AccountScreen)
        await pilot.press("u")
        await until(pilot, lambda: cell_of(services, acme, api) is not None)
        assert cell_of(services, acme, edi) is None
        # a adds a product to the catalogue; it shows as a new, unknown row.
        shown = await form(pilot, "a")
        await pilot.press(*"Forecast AI")
        shown.query_one("#f-line", Input).value = "Planning"
        await save(pilot)
        assert [p.name for p in services.products.list()].count("Forecast AI") == 1
        await until(pilot, lambda: table.row_count == 3)
        assert app.is_running


async def test_team_member_assignment_edit_remove_and_undo(store: Store,
                                                           services: Services) -> None:
    acme = services.accounts.create({"name": NAME, "skills_needed": ["edi", "GxP"]}).id
    app = KamApp(store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await on_tab(pilot, acme, "team")
        panel = screen.query_one(TeamPanel)
        findings = screen.query_one("#team-findings", Static)
        assert f"{NAME} needs edi and GxP, which nobody" in str(findings.visual)
        # No team yet: a says how to start, in one sentence.
        await pilot.press("a")
        await until(pilot, lambda: "press n to add one" in last_note(app))
        assert isinstance(app.screen, AccountScreen)
        # n adds a team member, skills as a comma-separated list.
        shown = await form(pilot, "n")
        await pilot.press(*"Tom Berg")
        shown.query_one("#f-skills", Input).value = "EDI, SLAs, , EDI"
        await save(pilot)
        (tom,) = services.team.list()
        assert tom.name == "Tom Berg" and tom.skills == ["EDI", "SLAs"]
        # a puts him on the account; 150 % is refused in one sentence.
        shown = await form(pilot, "a")
        shown.query_one("#f-team_member_id", Select).value = tom.id
        shown.query_one("#f-time_share_pct", Input).value = "150"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(error(pilot)))
        assert error(pilot).startswith("Share of time (%) must be at most 100 (got 150")
        assert services.assignments.count() == 0
        shown.query_one("#f-time_share_pct", Input).value = "40"
        shown.query_one("#f-role", Input).value = "Integration lead"
        await save(pilot)
        (seat,) = services.assignments.list(Assignment.account_id == acme)
        assert (seat.team_member_id, seat.time_share_pct, seat.role) == (
            tom.id, 40, "Integration lead")
        await until(pilot, lambda: panel.query_one(DataTable).row_count == 1)
        # His EDI covers the need for edi; GxP is still uncovered.
        assert f"{NAME} needs GxP, which nobody" in str(findings.visual)
        # A second assignment of the same person is refused in one sentence.
        shown = await form(pilot, "a")
        shown.query_one("#f-team_member_id", Select).value = tom.id
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(error(pilot)))
        assert error(pilot) == (f"Tom Berg is already on {NAME} (40% of their time): edit "
                                f"that assignment instead.")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, AccountScreen))
        assert services.assignments.count() == 1
        # e edits the share.
        shown = await form(pilot, "e")
        assert shown.query_one("#f-time_share_pct", Input).value == "40"
        shown.query_one("#f-time_share_pct", Input).value = "60"
        await save(pilot)
        assert services.assignments.get(seat.id).time_share_pct == 60
        # d takes him off after a yes; u puts him back.
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await until(pilot, lambda: services.assignments.count() == 0)
        await settle(pilot)
        assert panel.query_one(DataTable).row_count == 0
        await pilot.press("u")
        await until(pilot, lambda: services.assignments.count() == 1)
        assert services.assignments.get(seat.id).time_share_pct == 60
        await pilot.press("u")  # the edit of the share
        await until(pilot, lambda: services.assignments.get(seat.id).time_share_pct == 40)
        assert app.is_running
