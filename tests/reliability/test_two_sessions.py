"""Two kamtui sessions on one store: an edit saved over a change made elsewhere since the
form opened is refused with a warning (saving again overwrites), and a running app shows
what the other one saved without a key press."""

from datetime import date

import pytest
from helpers import settle, until

from kamtui.domain import Account, AccountCreate, ActionItem
from kamtui.errors import Conflict
from kamtui.store import Store, open_store
from kamtui.store.actions import add_action, edit_action
from kamtui.store.records import create_record, edit_record
from kamtui.store.repos import Services
from kamtui.ui.app import KamApp
from kamtui.ui.screens.accounts import ACCOUNT_FIELDS, AccountsScreen
from kamtui.ui.screens.record_form import RecordForm
from kamtui.ui.screens.today import TodayScreen
from kamtui.ui.widgets.checklist import ChecklistTable

SIZE = (120, 40)
TODAY = date(2026, 11, 22)


@pytest.fixture
def other(store: Store) -> Services:
    """The other app: its own Store (engine, connections) on the same file."""
    opened = open_store(store.path)
    yield Services(opened)
    opened.close()


def an_account(services: Services, name: str = "Acme Foods") -> Account:
    return create_record(services, "accounts", {"name": name, "tier": "key"})[0]


def an_action(services: Services, account: Account, title: str) -> ActionItem:
    return add_action(services, {"account_id": account.id, "title": title,
                                 "deadline": TODAY})[0]


# -- stale edits, in the store ------------------------------------------------------------
def test_an_edit_over_a_change_made_elsewhere_is_refused(services: Services,
                                                         other: Services) -> None:
    opened = an_account(services)  # what the form shows
    edit_record(other, "accounts", opened.id, {"industry": "Retail"})
    with pytest.raises(Conflict) as refused:
        edit_record(services, "accounts", opened.id, {"industry": "Food"},
                    expected_updated_at=opened.updated_at)
    said = str(refused.value)
    assert said.startswith("This account was changed elsewhere since you opened the form (")
    assert said.endswith("reopen it to see the change, or save again to overwrite.")
    assert services.accounts.get(opened.id).industry == "Retail"  # nothing changed
    # Saving knowingly over what is there now goes through; no expectation: no check.
    edit_record(services, "accounts", opened.id, {"industry": "Food"},
                expected_updated_at=refused.value.current)
    assert services.accounts.get(opened.id).industry == "Food"
    edit_record(services, "accounts", opened.id, {"industry": "Dairy"})
    assert services.accounts.get(opened.id).industry == "Dairy"


def test_an_unchanged_record_saves_with_the_check(services: Services) -> None:
    opened = an_account(services)
    fresh = services.accounts.get(opened.id)  # read back: a naive UTC stamp from SQLite
    edit_record(services, "accounts", opened.id, {"region": "EMEA"},
                expected_updated_at=fresh.updated_at)
    assert services.accounts.get(opened.id).region == "EMEA"


def test_an_action_edit_over_a_change_made_elsewhere_is_refused(services: Services,
                                                                other: Services) -> None:
    item = an_action(services, an_account(services), "Send the deck")
    edit_action(other, item.id, {"title": "Send the QBR deck"})
    with pytest.raises(Conflict, match="^This action item was changed elsewhere"):
        edit_action(services, item.id, {"priority": "high"},
                    expected_updated_at=item.updated_at)
    kept = services.actions.get(item.id)
    assert (kept.title, kept.priority) == ("Send the QBR deck", "medium")
    edit_action(services, item.id, {"priority": "high"}, expected_updated_at=kept.updated_at)
    assert services.actions.get(item.id).priority == "high"


# -- stale edits, in the form -------------------------------------------------------------
async def test_the_form_warns_then_overwrites_on_a_second_save(store: Store,
                                                               services: Services,
                                                               other: Services) -> None:
    account = an_account(services)
    app = KamApp(store)
    saved: list = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = RecordForm(services, "accounts", AccountCreate, ACCOUNT_FIELDS,
                          heading="Edit account", today=TODAY,
                          record=services.accounts.get(account.id))
        await app.push_screen(form, saved.append)
        await pilot.pause()
        form.query_one("#f-industry").value = "Food"
        edit_record(other, "accounts", account.id, {"region": "EMEA"})  # the other app
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "changed elsewhere" in str(
            form.query_one(".error").visual))
        assert app.screen is form and saved == []
        now = services.accounts.get(account.id)
        assert (now.industry, now.region) == ("", "EMEA")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: saved != [])
        assert app.screen is not form
        now = services.accounts.get(account.id)
        # Overwritten: the form's values, the other app's region included, won.
        assert (now.industry, now.region) == ("Food", "")


# -- the running app notices --------------------------------------------------------------
async def test_today_shows_what_the_other_app_saved(store: Store, services: Services,
                                                    other: Services) -> None:
    account = an_account(services)
    first = an_action(services, account, "Call Ana")
    an_action(services, account, "Book the QBR room")
    app = KamApp(store)
    app.WATCH_SECONDS = 0.1
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        table = app.screen.query_one(ChecklistTable)
        assert table.select(f"action:{first.id}")
        added = an_action(other, account, "Send the renewal quote")
        await until(pilot, lambda: f"action:{added.id}" in table.items)
        assert table.current is not None and table.current.id == first.id  # cursor stayed


async def test_accounts_show_an_edit_made_in_the_other_app(store: Store, services: Services,
                                                           other: Services) -> None:
    account = an_account(services)
    app = KamApp(store)
    app.WATCH_SECONDS = 0.1
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AccountsScreen)

        def shown() -> str:
            return " ".join(str(c) for c in screen.table.get_row(account.id))

        assert "Acme Foods" in shown()
        edit_record(other, "accounts", account.id, {"name": "Zenith Labs"})
        await until(pilot, lambda: "Zenith Labs" in shown())

