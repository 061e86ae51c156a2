"""The import screen (I on the portfolio): a preview that writes nothing, Import only after
a preview of the fields as they are (and with refused rows only when they are skipped),
then the import, its summary and the accounts shown; refusals stay in the dialog."""

import shutil
from pathlib import Path

from helpers import settle, until
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, Select, Static

from kamtui.store import Store
from kamtui.store.records import create_record
from kamtui.store.repos import Services
from kamtui.ui.app import KamApp
from kamtui.ui.screens.accounts import AccountsScreen
from kamtui.ui.screens.import_dialog import ImportDialog

FIXTURES = Path(__file__).parent.parent / "fixtures"
ACCOUNTS_CSV = FIXTURES / "crm" / "salesforce_accounts.csv"
PHONE_VCF = FIXTURES / "vcard" / "phone_export.vcf"


async def open_import(pilot: Pilot) -> ImportDialog:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AccountsScreen)
    await pilot.press("I")
    await until(pilot, lambda: isinstance(pilot.app.screen, ImportDialog))
    return pilot.app.screen


def report(dialog: ImportDialog) -> str:
    return str(dialog.query_one("#report-text", Static).visual)


def error(dialog: ImportDialog) -> str:
    return str(dialog.query_one(".error", Static).visual)


def import_button(dialog: ImportDialog) -> Button:
    return dialog.query_one("#import", Button)


async def preview(pilot: Pilot, dialog: ImportDialog, path: Path | str) -> None:
    dialog.query_one("#file", Input).value = str(path)
    dialog.query_one("#file", Input).focus()
    await pilot.press("enter")
    await settle(pilot)


async def test_preview_writes_nothing_then_import_skipping_refused_rows(
        store: Store, services: Services) -> None:
    app = KamApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_import(pilot)
        assert import_button(dialog).disabled  # nothing previewed yet
        await preview(pilot, dialog, ACCOUNTS_CSV)
        shown = report(dialog)
        assert "Read salesforce_accounts.csv: 12 rows." in shown
        assert "Would add 9 accounts, update 0, leave 0 unchanged; 2 rows refused:" in shown
        assert "row 6, Annual Revenue: 'n/a' is not a number." in shown
        assert "row 8 repeats row 2" in shown
        assert services.accounts.count() == 0
        assert import_button(dialog).disabled  # refused rows, not skipped
        assert "tick 'skip them'" in str(dialog.query_one("#status", Static).visual)
        await pilot.click("#skip")
        await pilot.pause()
        assert dialog.query_one("#skip", Checkbox).value
        assert not import_button(dialog).disabled
        await pilot.click("#import")
        await until(pilot, lambda: isinstance(app.screen, AccountsScreen))
        await settle(pilot)
        assert services.accounts.count() == 9
        said = list(app._notifications)[-1].message
        assert said.startswith("Imported: added 9 accounts, updated 0, left 0 unchanged "
                               "(2 refused rows skipped); the store as it was is at ")
        table = app.screen.table
        await until(pilot, lambda: table.row_count == 9)
        names = {str(table.get_row_at(i)[0]) for i in range(table.row_count)}
        assert any("Meridian Pharma" in name for name in names)


async def test_missing_file_is_refused_in_the_dialog(store: Store, services: Services,
                                                     tmp_path: Path) -> None:
    app = KamApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_import(pilot)
        await preview(pilot, dialog, ACCOUNTS_CSV)
        await pilot.click("#skip")
        assert not import_button(dialog).disabled
        missing = tmp_path / "nowhere.csv"
        await preview(pilot, dialog, missing)
        said = error(dialog)
        assert said.startswith(f"There is no file at {missing}")  # one sentence
        assert said.count(". ") == 0 and said.endswith(".")
        assert "Would add" not in report(dialog)
        assert import_button(dialog).disabled
        assert app.screen is dialog and services.accounts.count() == 0


async def test_changing_the_file_after_a_preview_disables_import(
        store: Store, services: Services, tmp_path: Path) -> None:
    app = KamApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_import(pilot)
        await preview(pilot, dialog, ACCOUNTS_CSV)
        await pilot.click("#skip")
        assert not import_button(dialog).disabled
        dialog.query_one("#file", Input).focus()
        await pilot.press("end", "1")  # typed into the file name
        assert dialog.query_one("#file", Input).value.endswith(".csv1")
        assert import_button(dialog).disabled
        assert "changed since the preview" in str(dialog.query_one("#status", Static).visual)
        dialog.query_one("#file", Input).value = str(ACCOUNTS_CSV)  # as previewed again
        await pilot.pause()
        assert not import_button(dialog).disabled
        dialog.query_one("#what", Select).value = "contacts"
        await pilot.pause()
        assert import_button(dialog).disabled
        await pilot.press("ctrl+s")  # refused while stale: nothing happens
        await settle(pilot)
        assert app.screen is dialog and services.accounts.count() == 0


async def test_cancel_writes_nothing(store: Store, services: Services) -> None:
    app = KamApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_import(pilot)
        await preview(pilot, dialog, ACCOUNTS_CSV)
        await pilot.click("#skip")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, AccountsScreen))
        await settle(pilot)
        assert services.accounts.count() == 0
        assert not any("Imported" in n.message for n in app._notifications)


async def test_vcard_at_80x24_with_a_default_account(store: Store, services: Services,
                                                     tmp_path: Path) -> None:
    create_record(services, "accounts", {"name": "Acme"})
    odd = tmp_path / "phone [b]export[@click=app.quit].vcf"  # a file name is data, not markup
    shutil.copy(PHONE_VCF, odd)
    app = KamApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_import(pilot)
        dialog.query_one("#file", Input).value = str(odd)
        await pilot.pause()
        assert dialog.query_one("#what", Select).value == "vcard"  # from the name
        assert not dialog.query_one("#account", Input).disabled
        assert dialog.query_one("#dates", Select).disabled
        dialog.query_one("#account", Input).value = "Acme"
        await preview(pilot, dialog, odd)
        shown = report(dialog)
        assert "Read phone [b]export[@click=app.quit].vcf: 7 cards." in shown
        assert "Would add 1 contact, update 0, leave 0 unchanged; 6 cards refused:" in shown
        box = dialog.query_one(".dialog")
        assert dialog.region.contains_region(box.region)  # fits 80x24
        for button in dialog.query(Button):
            assert box.region.contains_region(button.region), button.id
        scroller = dialog.query_one("#report", VerticalScroll)
        assert scroller.can_focus and scroller.max_scroll_y > 0  # the rest scrolls
        await pilot.click("#skip")
        await pilot.pause()
        await pilot.click("#import")
        await until(pilot, lambda: isinstance(app.screen, AccountsScreen))
        await settle(pilot)
        assert [c.name for c in services.contacts.list()] == ["Sean Walsh"]
        assert "(6 refused cards skipped)" in list(app._notifications)[-1].message
