"""The Interactions tab of the account workspace: the log with the highlighted entry in
full below it; `a` logs one (links, cadence, follow-up), `e` edits, `d` deletes, `u`
undoes; refusals stay in the form; user text is never markup; the form fits 80x24."""

from datetime import date, timedelta

from helpers import settle, until
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, SelectionList, Static, TabbedContent, TextArea

from kamtui.domain import ActionItem, Contact, Interaction
from kamtui.domain.enums import InteractionKind, OwnerKind
from kamtui.store import Store
from kamtui.store.account_view import account_interactions
from kamtui.store.interactions import involved_ids
from kamtui.store.repos import Services
from kamtui.ui.app import KamApp
from kamtui.ui.screens.account import AccountScreen
from kamtui.ui.screens.interaction_form import InteractionForm
from kamtui.ui.screens.prompts import Confirm
from kamtui.ui.widgets.interactions_panel import EMPTY

SIZE = (120, 40)
TODAY = date(2026, 11, 22)


async def on_tab(pilot: Pilot, account_id: str) -> AccountScreen:
    """Open the account's workspace on the Interactions tab, the table focused."""
    await settle(pilot)
    await pilot.app.open_account(account_id, "")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AccountScreen)
    screen.query_one(TabbedContent).active = "tab-interactions"
    await settle(pilot)
    screen.query_one("#interactions", DataTable).focus()
    await pilot.pause()
    return screen


def note(screen: AccountScreen) -> str:
    return str(screen.query_one("#interaction-note", Static).visual)


def keys(table: DataTable) -> list[str]:
    return [row.key.value for row in table.ordered_rows]


async def form(pilot: Pilot, key: str) -> InteractionForm:
    await pilot.press(key)
    await until(pilot, lambda: isinstance(pilot.app.screen, InteractionForm))
    await pilot.pause()
    return pilot.app.screen


async def save(pilot: Pilot) -> None:
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(pilot.app.screen, AccountScreen))
    await settle(pilot)


async def test_the_note_shows_the_highlighted_entry_in_full(store: Store,
                                                            demo: Services) -> None:
    lumera = demo.accounts.by_name("Lumera Foods")
    log = account_interactions(store, lumera.id)
    assert len(log) >= 2
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_tab(pilot, lumera.id)
        table = screen.query_one("#interactions", DataTable)
        assert keys(table) == [e.id for e in log]
        shown = note(screen)
        assert log[0].summary in shown and log[0].occurred_on.isoformat() in shown
        assert log[0].contacts in shown and str(log[0].kind) in shown
        await pilot.press("down")
        await pilot.pause()
        assert log[1].summary in note(screen) and log[0].summary not in note(screen)


async def test_log_edit_delete_and_undo(store: Store, demo: Services) -> None:
    lumera = demo.accounts.by_name("Lumera Foods")
    people = sorted(demo.contacts.list(Contact.account_id == lumera.id),
                    key=lambda c: c.name.lower())
    first, second = people[0], people[1]
    was = {c.id: c.last_contacted for c in people}
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_tab(pilot, lumera.id)
        dialog = await form(pilot, "a")
        assert dialog.query_one("#on", Input).value == "today"
        assert "Sun 22 Nov 2026" in str(dialog.query_one("#on-preview", Static).visual)
        picks = dialog.query_one("#contacts", SelectionList)
        assert picks.option_count == len(people) and picks.selected == []
        dialog.query_one("#on", Input).value = "yesterday"
        dialog.query_one("#kind", Select).value = InteractionKind.complaint
        dialog.query_one("#summary", TextArea).text = "Late trucks in Lyon; they want credits."
        picks.select(first.id)
        picks.select(second.id)
        dialog.query_one("#follow-title", Input).value = "Propose the credit note"
        dialog.query_one("#follow-owner", Input).value = second.name
        await save(pilot)

        (made,) = demo.interactions.list(Interaction.summary.startswith("Late trucks"))
        assert (made.occurred_on, made.kind) == (date(2026, 11, 21), InteractionKind.complaint)
        assert sorted(involved_ids(store, made.id)) == sorted([first.id, second.id])
        for person in (first, second):
            expected = max(d for d in (was[person.id], date(2026, 11, 21)) if d)
            assert demo.contacts.get(person.id).last_contacted == expected
        (action,) = demo.actions.list(ActionItem.title == "Propose the credit note")
        assert action.deadline == TODAY + timedelta(days=7)
        assert (action.owner_kind, action.owner_contact_id) == (OwnerKind.customer,
                                                                second.id)
        table = screen.query_one("#interactions", DataTable)
        assert made.id in keys(table)

        table.move_cursor(row=keys(table).index(made.id))
        await pilot.pause()
        assert "Late trucks in Lyon" in note(screen)
        dialog = await form(pilot, "e")
        assert dialog.query_one("#on", Input).value == "2026-11-21"
        assert not dialog.query("#follow-title")  # no follow-up when editing
        picks = dialog.query_one("#contacts", SelectionList)
        assert sorted(picks.selected) == sorted([first.id, second.id])
        picks.deselect(second.id)
        dialog.query_one("#summary", TextArea).text = "Late trucks in Lyon and Nantes."
        await save(pilot)
        assert demo.interactions.get(made.id).summary == "Late trucks in Lyon and Nantes."
        assert involved_ids(store, made.id) == [first.id]
        assert "Lyon and Nantes" in note(screen)

        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, AccountScreen))
        await settle(pilot)
        assert made.id not in keys(table)
        assert demo.interactions.count(Interaction.id == made.id) == 0
        await pilot.press("u")
        await settle(pilot)
        assert made.id in keys(table)
        assert involved_ids(store, made.id) == [first.id]


async def test_refusals_stay_in_the_form(store: Store, demo: Services) -> None:
    lumera = demo.accounts.by_name("Lumera Foods")
    count = demo.interactions.count()
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await on_tab(pilot, lumera.id)
        dialog = await form(pilot, "a")
        dialog.query_one("#summary", TextArea).text = "Never mind"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, AccountScreen))
        assert demo.interactions.count() == count
        dialog = await form(pilot, "a")
        dialog.query_one("#on", Input).value = "tomorrow"
        dialog.query_one("#summary", TextArea).text = "Planned call"
        dialog.query_one("#follow-title", Input).value = "Chase"
        dialog.query_one("#follow-due", Input).value = "someday"
        await pilot.press("ctrl+s")
        error = dialog.query_one(".error", Static)
        await until(pilot, lambda: "Follow-up deadline" in str(error.visual))
        assert isinstance(app.screen, InteractionForm)
        dialog.query_one("#follow-due", Input).value = "+3d"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "in the future" in str(error.visual))
        assert dialog.query_one("#summary", TextArea).text == "Planned call"  # kept
        assert demo.interactions.count() == count
        dialog.query_one("#on", Input).value = "today"
        await save(pilot)
        assert demo.interactions.count() == count + 1
        (chase,) = demo.actions.list(ActionItem.title == "Chase")
        assert chase.deadline == TODAY + timedelta(days=3)


async def test_empty_log_and_markup_text(store: Store, services: Services) -> None:
    account = services.accounts.create({"name": "[b]Co[/]"})
    services.contacts.create({"account_id": account.id, "name": "[/]"})
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_tab(pilot, account.id)
        assert note(screen) == EMPTY
        await pilot.press("e")
        await pilot.pause()
        assert EMPTY in list(app._notifications)[-1].message
        dialog = await form(pilot, "a")
        picks = dialog.query_one("#contacts", SelectionList)
        assert str(picks.get_option_at_index(0).prompt).startswith("[/]")
        dialog.query_one("#summary", TextArea).text = "[b]x[/] [@click=app.quit]y[/]"
        await pilot.press("tab", "space")  # from the summary to the people: tick the first
        await pilot.pause()
        assert picks.selected == [picks.get_option_at_index(0).value]
        await save(pilot)
        table = screen.query_one("#interactions", DataTable)
        assert [c.plain for c in table.get_row_at(0)][2:] == [
            "[/]", "[b]x[/] [@click=app.quit]y[/]"]
        assert "[b]x[/] [@click=app.quit]y[/]" in note(screen)
        assert app.is_running


async def test_the_form_fits_80_by_24(store: Store, demo: Services) -> None:
    lumera = demo.accounts.by_name("Lumera Foods")
    app = KamApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_tab(pilot, lumera.id)
        dialog = await form(pilot, "a")
        frame = dialog.query_one(".dialog", VerticalScroll)
        assert frame.region.right <= 80 and frame.region.bottom <= 24
        assert frame.max_scroll_y > 0  # taller than the screen: it scrolls
        frame.scroll_end(animate=False)
        await pilot.pause()
        save_button = dialog.query_one("#save")
        assert save_button.region.bottom <= 24 and save_button.region.height > 0
