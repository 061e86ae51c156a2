"""The Contacts tab of the account workspace: add, edit and delete a contact with the
keys, the org chart kept whole when a boss is deleted, `u` undoing it, and names that
look like markup shown as typed."""

from helpers import settle, until
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static, TabbedContent, TextArea

from kamtui.domain import Contact
from kamtui.domain.enums import OwnerKind
from kamtui.store import Store
from kamtui.store.repos import Services
from kamtui.ui.app import KamApp
from kamtui.ui.screens.account import AccountScreen
from kamtui.ui.screens.prompts import Confirm
from kamtui.ui.screens.record_form import RecordForm

SIZE = (120, 40)
SMALL = (80, 24)


async def contacts_tab(pilot: Pilot, account_id: str) -> DataTable:
    await settle(pilot)
    await pilot.app.open_account(account_id, "")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AccountScreen)
    screen.query_one(TabbedContent).active = "tab-contacts"
    await settle(pilot)
    table = screen.query_one("#contacts", DataTable)
    table.focus()
    await pilot.pause()
    return table


def names(table: DataTable) -> list[str]:
    return [table.get_row_at(i)[0].plain for i in range(table.row_count)]


def on_row(table: DataTable, key: str) -> None:
    table.move_cursor(row=table.get_row_index(key), animate=False)


async def save(pilot: Pilot) -> None:
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(pilot.app.screen, AccountScreen))
    await settle(pilot)


def options(form: RecordForm, name: str) -> list[str]:
    (spec,) = [s for s in form.specs if s.name == name]
    return [value for _, value in spec.options]


async def test_add_edit_delete_and_undo_a_contact(store: Store, services: Services) -> None:
    acme = services.accounts.create({"name": "Acme"})
    ada = services.contacts.create({"account_id": acme.id, "name": "Ada", "title": "CEO"})
    bo = services.contacts.create({"account_id": acme.id, "name": "Bo",
                                   "reports_to_id": ada.id})
    cy = services.contacts.create({"account_id": acme.id, "name": "Cy",
                                   "reports_to_id": bo.id})
    item = services.actions.create({"account_id": acme.id, "title": "Send volumes",
                                    "owner_kind": OwnerKind.customer,
                                    "owner_contact_id": bo.id})
    app = KamApp(store)
    async with app.run_test(size=SMALL) as pilot:
        table = await contacts_tab(pilot, acme.id)
        assert names(table) == ["Ada", "└ Bo", "  └ Cy"]

        # a: a new contact who reports to Bo, with notes.
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        assert form.region.contains_region(form.query_one(".dialog").region)  # fits 80x24
        assert options(form, "reports_to_id") == [ada.id, bo.id, cy.id]
        form.query_one("#f-name", Input).value = "Di"
        form.query_one("#f-reports_to_id", Select).value = bo.id
        form.query_one("#f-notes", TextArea).load_text("Runs the night shift")
        await save(pilot)
        (di,) = services.contacts.list(Contact.name == "Di")
        assert (di.account_id, di.reports_to_id, di.notes) == (
            acme.id, bo.id, "Runs the night shift")
        await until(pilot, lambda: table.row_count == 4)
        assert names(table) == ["Ada", "└ Bo", "  └ Cy", "  └ Di"]

        # e: edit Bo; the choices leave out Bo and everyone below Bo (a loop).
        on_row(table, bo.id)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        assert options(form, "reports_to_id") == [ada.id]
        assert form.query_one("#f-reports_to_id", Select).value == ada.id
        form.query_one("#f-title", Input).value = "COO"
        form.query_one("#f-reports_to_id", Select).clear()
        await save(pilot)
        edited = services.contacts.get(bo.id)
        assert (edited.title, edited.reports_to_id) == ("COO", None)
        await until(pilot, lambda: names(table) == ["Ada", "Bo", "└ Cy", "└ Di"])

        # d: delete Bo; Cy and Di now report to nobody (Bo had no boss), Bo's open
        # action is mine; u brings it all back.
        on_row(table, bo.id)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        assert "Bo" in str(app.screen.query_one(Static).visual)
        await pilot.press("y")
        await until(pilot, lambda: services.contacts.count() == 3)
        await settle(pilot)
        assert services.contacts.get(cy.id).reports_to_id is None
        assert services.contacts.get(di.id).reports_to_id is None
        assert services.actions.get(item.id).owner_kind == OwnerKind.me
        await until(pilot, lambda: bo.id not in [r.key.value for r in table.ordered_rows])
        await pilot.press("u")
        await until(pilot, lambda: services.contacts.count() == 4)
        await settle(pilot)
        assert services.contacts.get(cy.id).reports_to_id == bo.id
        assert services.contacts.get(di.id).reports_to_id == bo.id
        assert services.actions.get(item.id).owner_contact_id == bo.id
        await pilot.press("u")  # the edit: Bo reports to Ada again
        await until(pilot, lambda: services.contacts.get(bo.id).reports_to_id == ada.id)
        assert services.contacts.get(bo.id).title == ""


async def test_deleting_a_middle_manager_moves_reports_up(store: Store,
                                                          services: Services) -> None:
    acme = services.accounts.create({"name": "Acme"})
    ada = services.contacts.create({"account_id": acme.id, "name": "Ada"})
    bo = services.contacts.create({"account_id": acme.id, "name": "Bo",
                                   "reports_to_id": ada.id})
    cy = services.contacts.create({"account_id": acme.id, "name": "Cy",
                                   "reports_to_id": bo.id})
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        table = await contacts_tab(pilot, acme.id)
        on_row(table, bo.id)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("n")  # declined: nothing changes
        await settle(pilot)
        assert services.contacts.count() == 3
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await until(pilot, lambda: services.contacts.count() == 2)
        assert services.contacts.get(cy.id).reports_to_id == ada.id
        await until(pilot, lambda: names(table) == ["Ada", "└ Cy"])
        assert "Cy now reports to Ada" in list(app._notifications)[-1].message


async def test_detail_line_and_markup_names_stay_text(store: Store,
                                                      services: Services) -> None:
    acme = services.accounts.create({"name": "Acme"})
    odd = services.contacts.create({"account_id": acme.id, "name": "[/]Zed[b]",
                                    "email": "zed@acme.test",
                                    "notes": "[@click=app.quit]bye[/]\nsecond line"})
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        table = await contacts_tab(pilot, acme.id)
        assert names(table) == ["[/]Zed[b]"]
        detail = str(app.screen.query_one("#contact-detail", Static).visual)
        assert detail == ("[/]Zed[b]: zed@acme.test · no phone · "
                          "[@click=app.quit]bye[/] second line")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        assert "[/]Zed[b]" in str(app.screen.query_one(".dialog-title", Static).visual)
        assert app.screen.query_one("#f-name", Input).value == "[/]Zed[b]"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, AccountScreen))
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        assert "[/]Zed[b]" in str(app.screen.query_one(Static).visual)
        await pilot.press("y")
        await until(pilot, lambda: services.contacts.count() == 0)
        await until(pilot, lambda: table.row_count == 0)
        await pilot.press("e")  # nothing to edit: one sentence, no form
        await pilot.pause()
        assert "no contacts yet" in list(app._notifications)[-1].message
        assert isinstance(app.screen, AccountScreen) and app.is_running
        assert services.contacts.count(Contact.id == odd.id) == 0
