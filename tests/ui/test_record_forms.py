"""The record forms: add, edit and delete an account on the portfolio (undone with u),
edit the profile and add a contact in the workspace; refusals keep the form open."""

from datetime import date

from helpers import settle, until
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static, TextArea

from kamtui.domain import Account, Contact
from kamtui.domain.enums import Attitude, Tier
from kamtui.store import Store
from kamtui.store.repos import Services
from kamtui.ui.app import KamApp
from kamtui.ui.screens.account import AccountScreen
from kamtui.ui.screens.accounts import AccountsScreen
from kamtui.ui.screens.record_form import RecordForm

SMALL = (80, 24)
NAME = "[@click=app.quit]Acme[/] [b]"


def error(app: KamApp) -> str:
    return str(app.screen.query_one(".error", Static).visual)


async def portfolio(pilot: Pilot) -> AccountsScreen:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AccountsScreen)
    return pilot.app.screen


async def save(pilot: Pilot, back_to: type) -> None:
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(pilot.app.screen, back_to))
    await settle(pilot)


async def test_new_account_refused_then_saved(store: Store, services: Services) -> None:
    app = KamApp(store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await portfolio(pilot)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        dialog = form.query_one(".dialog")
        assert form.region.contains_region(dialog.region)  # fits 80x24
        assert form.focused is form.query_one("#f-name", Input)
        await pilot.press(*"Acme")
        form.query_one("#f-annual_revenue", Input).value = "lots"
        form.query_one("#f-renewal_date", Input).value = "someday"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(error(app)))
        assert "Annual revenue: 'lots' is not a number." in error(app)
        assert "Renewal date" in error(app)
        assert app.screen is form and services.accounts.count() == 0
        form.query_one("#f-name", Input).value = NAME
        form.query_one("#f-annual_revenue", Input).value = "1,200,000"
        form.query_one("#f-renewal_date", Input).value = "eom"
        form.query_one("#f-margin_pct", Input).value = "12.5"
        await save(pilot, AccountsScreen)
        (made,) = services.accounts.list()
        assert made.name == NAME.strip() and made.annual_revenue == 1_200_000
        assert made.renewal_date == date(2026, 11, 30) and made.margin_pct == 12.5
        assert made.tier == Tier.standard and made.strategic_importance == 3
        table = screen.query_one("#accounts", DataTable)
        await until(pilot, lambda: table.row_count == 1)
        assert table.get_row_at(0)[0].plain.startswith("[@click=app.quit]Acme")  # verbatim
        assert app.is_running


async def test_edit_delete_and_undo_on_the_portfolio(store: Store,
                                                     services: Services) -> None:
    acme = services.accounts.create({"name": NAME, "annual_revenue": 5000})
    services.contacts.create({"account_id": acme.id, "name": "Ann"})
    app = KamApp(store)
    async with app.run_test(size=SMALL) as pilot:
        await portfolio(pilot)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        assert form.query_one("#f-name", Input).value == NAME
        assert form.query_one("#f-annual_revenue", Input).value == "5000"
        form.query_one("#f-tier", Select).value = Tier.key
        await save(pilot, AccountsScreen)
        edited = services.accounts.get(acme.id)
        assert edited.tier == Tier.key
        before = edited.model_dump()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await until(pilot, lambda: services.accounts.count() == 0)
        assert services.contacts.count() == 0
        await pilot.press("u")
        await until(pilot, lambda: services.accounts.count() == 1)
        assert services.accounts.get(acme.id).model_dump() == before
        assert services.contacts.count(Contact.account_id == acme.id) == 1
        await pilot.press("u")  # the edit
        await until(pilot, lambda: services.accounts.get(acme.id).tier == Tier.standard)


async def test_delete_declined_keeps_the_account(store: Store, services: Services) -> None:
    services.accounts.create({"name": "Acme"})
    app = KamApp(store)
    async with app.run_test(size=SMALL) as pilot:
        await portfolio(pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        assert services.accounts.count() == 1


async def opened(pilot: Pilot, account_id: str) -> AccountScreen:
    await settle(pilot)
    await pilot.app.open_account(account_id, "")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AccountScreen)
    return pilot.app.screen


async def test_profile_edit_and_new_contact(store: Store, services: Services) -> None:
    acme = services.accounts.create({"name": "Acme", "pains": "slow"})
    app = KamApp(store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await opened(pilot, acme.id)
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        pains = app.screen.query_one("#f-pains", TextArea)
        assert pains.text == "slow"
        pains.load_text("[b]slower[/]\nand dearer")
        await save(pilot, AccountScreen)
        assert services.accounts.get(acme.id).pains == "[b]slower[/]\nand dearer"
        await until(pilot, lambda: "[b]slower[/]" in " ".join(
            str(w.visual) for w in screen.query("#profile Static")))

        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        form.query_one("#f-name", Input).value = "[/]Bea"
        form.query_one("#f-email", Input).value = "bea"
        form.query_one("#f-cadence_days", Input).value = "3.5"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(error(app)))
        assert "Contact cadence (days): '3.5' is not a whole number." in error(app)
        form.query_one("#f-cadence_days", Input).value = "30"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Email must look like" in error(app))
        assert services.contacts.count() == 0
        form.query_one("#f-email", Input).value = "bea@acme.test"
        form.query_one("#f-attitude", Select).value = Attitude.supporter
        form.query_one("#f-last_contacted", Input).value = "2026-11-01"
        await save(pilot, AccountScreen)
        (bea,) = services.contacts.list()
        assert (bea.account_id, bea.name, bea.cadence_days) == (acme.id, "[/]Bea", 30)
        assert bea.attitude == Attitude.supporter
        assert bea.last_contacted == date(2026, 11, 1)
        screen.show_tab("contacts")  # a tab out of sight reads again when shown
        contacts = screen.query_one("#contacts", DataTable)
        await until(pilot, lambda: contacts.row_count == 1)
        assert contacts.get_row_at(0)[0].plain == "[/]Bea"
        await pilot.press("u")
        await until(pilot, lambda: services.contacts.count() == 0)
        assert services.accounts.count(Account.id == acme.id) == 1


async def test_a_new_account_form_starts_with_an_empty_name(store: Store) -> None:
    app = KamApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("n")
        await until(pilot, lambda: bool(app.screen.query("#f-name")))
        assert app.screen.query_one("#f-name", Input).value == ""


async def test_the_cancel_button_closes_any_form_without_saving(store: Store,
                                                                services: Services) -> None:
    from kamtui.domain import AccountCreate
    from kamtui.ui.screens.action_form import ActionForm

    app = KamApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        for form in (RecordForm(services, "accounts", AccountCreate, ("name",),
                                heading="New account", today=date(2026, 11, 22)),
                     ActionForm(services, date(2026, 11, 22))):
            closed: list[object] = []
            app.push_screen(form, closed.append)
            await pilot.pause()
            await pilot.click("#cancel")
            await pilot.pause()
            assert closed == [None] and app.screen is not form
    assert services.accounts.list() == []
