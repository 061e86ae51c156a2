"""The Profile tab of the account workspace: the profile with the skills the account
needs, the requirements log below it (added, edited, deleted and undone with the keys),
`f` moving the keyboard between the two, and both fitting at 80x24."""

from datetime import date

from helpers import settle, until
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static, TextArea

from kamtui.domain import Requirement
from kamtui.domain.enums import RequirementStatus
from kamtui.store import Store
from kamtui.store.repos import Services
from kamtui.ui.app import KamApp
from kamtui.ui.screens.account import AccountScreen
from kamtui.ui.screens.prompts import Confirm
from kamtui.ui.screens.record_form import RecordForm
from kamtui.ui.widgets.profile_panel import RequirementForm

SIZE = (120, 40)
SMALL = (80, 24)
TODAY = date(2026, 11, 22)
MARKUP = "[/]EDI [@click=app.quit]now[/]"


async def profile_tab(pilot: Pilot, account_id: str) -> AccountScreen:
    await settle(pilot)
    await pilot.app.open_account(account_id, "")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AccountScreen)
    screen.panel.focus_content()
    await pilot.pause()
    return screen


async def save(pilot: Pilot) -> None:
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(pilot.app.screen, AccountScreen))
    await settle(pilot)


def column(table: DataTable, index: int) -> list[str]:
    return [table.get_row_at(i)[index].plain for i in range(table.row_count)]


def profile_text(screen: AccountScreen) -> str:
    """The profile as shown, each field's title and text on one line."""
    return " ".join(str(w.visual).replace("\n", " ") for w in screen.query("#profile Static"))


async def test_requirements_log_add_edit_delete_and_undo(store: Store,
                                                         services: Services) -> None:
    acme = services.accounts.create({"name": "Acme"})
    ann = services.contacts.create({"account_id": acme.id, "name": "Ann", "title": "CFO"})
    old = services.requirements.create({"account_id": acme.id, "asked_on": date(2026, 9, 1),
                                        "asked": "Fixed pricing"})
    app = KamApp(store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await profile_tab(pilot, acme.id)
        table = screen.query_one("#requirements", DataTable)
        assert screen.focused is screen.query_one("#profile")
        assert column(table, 1) == ["Fixed pricing"]
        # Both parts are on screen at 80x24, the log with room for some rows.
        assert screen.region.contains_region(table.region) and table.region.height >= 4
        assert screen.query_one("#profile").region.height >= 3

        # a: a new requirement, asked today unless changed, asked by Ann.
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, RequirementForm))
        form = app.screen
        assert form.region.contains_region(form.query_one(".dialog").region)
        assert form.query_one("#f-asked_on", Input).value == "2026-11-22"
        await pilot.press("ctrl+s")  # nothing asked yet: refused, form stays
        await until(pilot, lambda: "What they asked for" in str(
            form.query_one(".error", Static).visual))
        assert services.requirements.count() == 1
        form.query_one("#f-asked", TextArea).load_text(MARKUP)
        form.query_one("#f-contact_id", Select).value = ann.id
        await save(pilot)
        (new,) = services.requirements.list(Requirement.id != old.id)
        assert (new.account_id, new.asked_on, new.asked, new.contact_id, new.status) == (
            acme.id, TODAY, MARKUP, ann.id, RequirementStatus.open)
        await until(pilot, lambda: table.row_count == 2)
        # Newest first, verbatim (cut to the width of 80 columns).
        shown = column(table, 1)
        assert shown[0].startswith("[/]EDI [@cl") and MARKUP.startswith(shown[0][:-1])
        assert shown[1] == "Fixed pricing"
        assert column(table, 2) == ["Ann", "—"]

        # e with the profile focused edits the profile; f moves to the log, where e
        # edits the highlighted requirement.
        await pilot.press("f")
        await pilot.pause()
        assert screen.focused is table
        table.move_cursor(row=1, animate=False)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, RequirementForm))
        form = app.screen
        assert form.query_one("#f-asked", TextArea).text == "Fixed pricing"
        form.query_one("#f-proposed", TextArea).load_text("Plant-based pricing")
        form.query_one("#f-proposed_on", Input).value = "2026-10-01"
        form.query_one("#f-status", Select).value = RequirementStatus.proposed
        await save(pilot)
        edited = services.requirements.get(old.id)
        assert (edited.proposed, edited.proposed_on, edited.status) == (
            "Plant-based pricing", date(2026, 10, 1), RequirementStatus.proposed)
        await until(pilot, lambda: column(table, 5) == ["open", "proposed"])

        # d deletes the highlighted requirement after a yes; u brings it back.
        assert screen.focused is table
        table.move_cursor(row=0, animate=False)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        assert MARKUP in str(app.screen.query_one(Static).visual)
        await pilot.press("y")
        await until(pilot, lambda: services.requirements.count() == 1)
        await until(pilot, lambda: table.row_count == 1)
        await pilot.press("u")
        await until(pilot, lambda: services.requirements.count() == 2)
        await until(pilot, lambda: table.row_count == 2)
        await pilot.press("u")  # the edit
        await until(pilot, lambda: services.requirements.get(old.id).status
                    == RequirementStatus.open)
        assert app.is_running


async def test_profile_keys_and_skills_needed(store: Store, services: Services) -> None:
    acme = services.accounts.create({"name": "[b]Acme[/]", "skills_needed": ["EDI"]})
    services.requirements.create({"account_id": acme.id, "asked_on": date(2026, 9, 1),
                                  "asked": "Fixed pricing"})
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await profile_tab(pilot, acme.id)
        assert "Skills the account needs EDI" in profile_text(screen)
        await pilot.press("e")  # the profile has the keyboard: the profile form
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        assert not isinstance(form, RequirementForm)
        assert "[b]Acme[/]" in str(form.query_one(".dialog-title", Static).visual)
        skills = form.query_one("#f-skills_needed", Input)
        assert skills.value == "EDI"
        skills.value = "EDI, data migration, , EDI, [b]SLAs"
        await save(pilot)
        assert services.accounts.get(acme.id).skills_needed == [
            "EDI", "data migration", "[b]SLAs"]
        await until(pilot, lambda: "EDI, data migration, [b]SLAs" in profile_text(screen))

        # E edits the profile even while the log has the keyboard.
        await pilot.press("f")
        await pilot.pause()
        assert screen.focused is screen.query_one("#requirements", DataTable)
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        assert not isinstance(app.screen, RequirementForm)
        assert app.screen.query_one("#f-skills_needed", Input).value == (
            "EDI, data migration, [b]SLAs")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, AccountScreen))
        await pilot.press("f")  # back to the profile
        await pilot.pause()
        assert screen.focused is screen.query_one("#profile")
        await pilot.press("u")  # the skills edit
        await until(pilot, lambda: services.accounts.get(acme.id).skills_needed == ["EDI"])


async def test_empty_log_says_so(store: Store, services: Services) -> None:
    acme = services.accounts.create({"name": "Acme"})
    app = KamApp(store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await profile_tab(pilot, acme.id)
        title = str(screen.query_one("#requirements-title", Static).visual)
        assert "none yet: a adds one" in title
        await pilot.press("d")
        await pilot.pause()
        assert "No requirements are logged" in list(app._notifications)[-1].message
        assert isinstance(app.screen, AccountScreen)
