"""The Today screen on the sample portfolio, driven key by key through Pilot: each key
changes the store as it should, and `u` puts it back."""

from datetime import date, timedelta

from helpers import settle, until
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from kamtui.domain import ActionItem, Contact, Interaction
from kamtui.domain.enums import ActionStatus, OwnerKind
from kamtui.store import Store
from kamtui.store.repos import Services
from kamtui.store.today import ItemKind, Section, checklist
from kamtui.ui.app import KamApp
from kamtui.ui.screens.account import AccountScreen
from kamtui.ui.screens.accounts import AccountsScreen
from kamtui.ui.screens.action_form import ActionForm
from kamtui.ui.screens.pickers import OwnerPicker
from kamtui.ui.screens.prompts import Confirm, DatePrompt
from kamtui.ui.screens.today import TodayScreen
from kamtui.ui.screens.touchpoint_form import TouchpointForm
from kamtui.ui.widgets.checklist import ChecklistTable

SIZE = (120, 40)
TODAY = date(2026, 11, 22)


def table(app: KamApp) -> ChecklistTable:
    return app.screen.query_one(ChecklistTable)


def first(store: Store, section: Section):  # noqa: ANN201 - a ChecklistItem
    return checklist(store, TODAY).section(section).items[0]


async def put_cursor(pilot: Pilot, kind: ItemKind, id: str) -> None:
    assert table(pilot.app).select(f"{kind}:{id}")
    await pilot.pause()


def last_notice(app: KamApp):  # noqa: ANN201 - a textual Notification
    return list(app._notifications)[-1]


def action(services: Services, id: str) -> ActionItem:
    with services.store.read() as session:
        return session.get(ActionItem, id)


async def test_today_is_the_home_screen_with_every_section(store: Store,
                                                           demo: Services) -> None:
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        found = checklist(store, TODAY)
        rows = table(app).items
        for page in found.sections:
            assert [k for k, i in rows.items() if i.section == page.section] == \
                [f"{i.kind}:{i.id}" for i in page.items]
        summary = str(app.screen.query_one("#summary", Static).visual)
        assert "10 overdue" in summary and "5 today" in summary
        assert table(app).current == found.section(Section.overdue).items[0]


async def test_j_and_k_step_over_headings(store: Store, demo: Services) -> None:
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        found = checklist(store, TODAY)
        overdue = found.section(Section.overdue).items
        await pilot.press("k")  # at the top already: stays on the first item
        assert table(app).current == overdue[0]
        await pilot.press(*["j"] * len(overdue))  # past the last overdue, over a heading
        assert table(app).current == found.section(Section.due_today).items[0]
        await pilot.press("k")
        assert table(app).current == overdue[-1]
        await pilot.press("down", "up")
        assert table(app).current == overdue[-1]


async def test_x_marks_done_and_u_undoes(store: Store, demo: Services) -> None:
    item = first(store, Section.overdue)
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert action(demo, item.id).status == ActionStatus.done
        assert f"action:{item.id}" not in table(app).items
        await pilot.press("u")
        await settle(pilot)
        assert action(demo, item.id).status == item.status
        assert action(demo, item.id).completed_at is None
        assert f"action:{item.id}" in table(app).items


async def test_done_on_a_repeating_action_creates_the_next(store: Store,
                                                           demo: Services) -> None:
    account = demo.accounts.by_name("Lumera Foods")
    made = demo.actions.create({"account_id": account.id, "title": "Weekly call", "deadline":
                                TODAY, "recurrence_every": 1, "recurrence_unit": "weeks"})
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await put_cursor(pilot, ItemKind.action, made.id)
        await pilot.press("space")
        await settle(pilot)
        following = demo.actions.list(ActionItem.title == "Weekly call",
                                      ActionItem.status == ActionStatus.open)
        assert [a.deadline for a in following] == [TODAY + timedelta(weeks=1)]
        await pilot.press("u")
        await settle(pilot)
        assert demo.actions.list(ActionItem.title == "Weekly call") == [action(demo, made.id)]
        assert action(demo, made.id).status == ActionStatus.open


async def test_s_snoozes_an_overdue_item_to_tomorrow(store: Store, demo: Services) -> None:
    item, following = checklist(store, TODAY).section(Section.overdue).items[:2]
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert action(demo, item.id).deadline == TODAY + timedelta(days=1)
        assert table(app).current.id == following.id  # the cursor stays in place
        await pilot.press("u")
        await settle(pilot)
        assert action(demo, item.id).deadline == item.due
        assert table(app).current.id == item.id  # and goes to what came back


async def test_shift_s_asks_for_a_date(store: Store, demo: Services) -> None:
    item = first(store, Section.due_today)
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await put_cursor(pilot, ItemKind.action, item.id)
        await pilot.press("S")
        await until(pilot, lambda: isinstance(app.screen, DatePrompt))
        await pilot.press(*"12/01", "enter")  # refused: which order?
        await pilot.pause()
        assert isinstance(app.screen, DatePrompt)
        error = str(app.screen.query_one(".error", Static).visual)
        assert "'12/01' is not a date kamtui understands" in error and "+2w" in error
        assert action(demo, item.id).deadline == TODAY
        app.screen.query_one(Input).value = ""
        await pilot.press(*"fri", "enter")
        await settle(pilot)
        assert action(demo, item.id).deadline == date(2026, 11, 27)
        assert table(app).current.id == item.id  # the cursor followed the item
        await pilot.press("u")
        await settle(pilot)
        assert action(demo, item.id).deadline == TODAY


async def test_o_reassigns_to_a_team_member(store: Store, demo: Services) -> None:
    item = first(store, Section.due_today)
    assert item.owner_kind == OwnerKind.me
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await put_cursor(pilot, ItemKind.action, item.id)
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, OwnerPicker))
        await until(pilot, lambda: app.screen.query_one(OptionList).option_count > 1)
        await pilot.press(*"sofia", "enter")
        await settle(pilot)
        changed = action(demo, item.id)
        assert changed.owner_kind == OwnerKind.team
        assert demo.team.get(changed.owner_team_member_id).name == "Sofia Brandt"
        await pilot.press("u")
        await settle(pilot)
        assert action(demo, item.id).owner_kind == OwnerKind.me


async def test_e_edits_and_bad_input_keeps_the_form(store: Store, demo: Services) -> None:
    item = first(store, Section.upcoming)
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await put_cursor(pilot, ItemKind.action, item.id)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ActionForm))
        await settle(pilot)
        form = app.screen
        form.query_one("#title", Input).value = "  "
        form.query_one("#deadline", Input).value = "someday"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)  # refused, still open
        error = str(form.query_one(".error", Static).visual)
        assert "Deadline: 'someday' is not a date" in error and "Title" in error
        assert action(demo, item.id).title == item.title
        form.query_one("#title", Input).value = "Send the [b]final[/] offer 📨"
        form.query_one("#deadline", Input).value = "+2w"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        edited = action(demo, item.id)
        assert (edited.title, edited.deadline) == ("Send the [b]final[/] offer 📨",
                                                   TODAY + timedelta(weeks=2))
        await pilot.press("u")
        await settle(pilot)
        assert (action(demo, item.id).title, action(demo, item.id).deadline) == \
            (item.title, item.due)


async def test_a_adds_an_action(store: Store, demo: Services) -> None:
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        account = table(app).current.account
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, ActionForm))
        await settle(pilot)
        form = app.screen
        assert form.query_one("#account", Input).value == account
        form.query_one("#title", Input).value = "Book the steering committee"
        form.query_one("#deadline", Input).value = "tomorrow"
        await pilot.press("ctrl+s")
        await settle(pilot)
        (made,) = demo.actions.list(ActionItem.title == "Book the steering committee")
        assert made.deadline == TODAY + timedelta(days=1)
        assert demo.accounts.get(made.account_id).name == account
        assert f"action:{made.id}" in table(app).items
        await pilot.press("u")
        await settle(pilot)
        assert demo.actions.list(ActionItem.title == "Book the steering committee") == []


async def test_t_logs_a_touchpoint_and_resets_the_cadence(store: Store,
                                                          demo: Services) -> None:
    item = first(store, Section.touchpoints)
    before = demo.contacts.get(item.id).last_contacted
    interactions = demo.interactions.count()
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await put_cursor(pilot, ItemKind.touchpoint, item.id)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TouchpointForm))
        await settle(pilot)
        assert app.screen.query_one("#contact", Input).value == item.title
        await pilot.press(*"Agreed the next QBR", "enter")
        await settle(pilot)
        assert demo.contacts.get(item.id).last_contacted == TODAY
        (logged,) = demo.interactions.list(Interaction.summary == "Agreed the next QBR")
        assert logged.occurred_on == TODAY
        assert f"touchpoint:{item.id}" not in table(app).items
        await pilot.press("u")
        await settle(pilot)
        assert demo.contacts.get(item.id).last_contacted == before
        assert demo.interactions.count() == interactions


async def test_x_on_a_touchpoint_logs_it(store: Store, demo: Services) -> None:
    item = first(store, Section.touchpoints)
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await put_cursor(pilot, ItemKind.touchpoint, item.id)
        await pilot.press("x")
        await settle(pilot)
        assert demo.contacts.get(item.id).last_contacted == TODAY


async def test_keys_for_actions_explain_themselves_on_other_rows(store: Store,
                                                                  demo: Services) -> None:
    item = first(store, Section.renewals)
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await put_cursor(pilot, ItemKind.renewal, item.id)
        await pilot.press("s")
        await pilot.pause()
        assert "works on action items; this row is a renewal" in last_notice(app).message


async def test_slash_filters_by_owner_account_and_text(store: Store, demo: Services) -> None:
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"owner:team")
        await settle(pilot)
        kinds = {i.owner_kind for i in table(app).items.values()}
        assert kinds == {OwnerKind.team}
        box = app.screen.query_one("#filter", Input)
        box.value = 'account:"lumera foods"'
        await settle(pilot)
        assert {i.account for i in table(app).items.values()} == {"Lumera Foods"}
        box.value = "account:nosuchco"
        await settle(pilot)
        assert "No account matches 'nosuchco'" in str(
            app.screen.query_one("#summary", Static).visual)
        box.value = "renewal offer"
        await settle(pilot)
        titles = {i.title for i in table(app).items.values()}
        assert titles == {"Prepare renewal offer"}
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert len(table(app).items) == sum(len(p.items)
                                            for p in checklist(store, TODAY).sections)
        assert table(app).has_focus


async def test_d_deletes_after_asking(store: Store, demo: Services) -> None:
    item = first(store, Section.overdue)
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("n")
        await settle(pilot)
        assert action(demo, item.id).deleted_at is None
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await settle(pilot)
        assert action(demo, item.id).deleted_at is not None
        await pilot.press("u")
        await settle(pilot)
        assert action(demo, item.id).deleted_at is None


async def test_w_waiting_c_cancel_and_r_refresh(store: Store, demo: Services) -> None:
    item = first(store, Section.due_today)
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await put_cursor(pilot, ItemKind.action, item.id)
        await pilot.press("w")
        await settle(pilot)
        assert action(demo, item.id).status == ActionStatus.waiting
        await pilot.press("c")
        await settle(pilot)
        assert action(demo, item.id).status == ActionStatus.cancelled
        await pilot.press("u", "u")
        await settle(pilot)
        await pilot.pause()
        await settle(pilot)
        assert action(demo, item.id).status == ActionStatus.open
        # A change made elsewhere (the command line) shows after r.
        demo.actions.update(item.id, {"title": "Changed from the shell"})
        await pilot.press("r")
        await settle(pilot)
        assert table(app).items[f"action:{item.id}"].title == "Changed from the shell"


async def test_undo_refuses_when_the_row_changed_since(store: Store, demo: Services) -> None:
    item = first(store, Section.overdue)
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        demo.actions.update(item.id, {"title": "Edited elsewhere"})
        await pilot.press("u")
        await settle(pilot)
        assert "undo would overwrite" in last_notice(app).message
        assert action(demo, item.id).title == "Edited elsewhere"
        await pilot.press("u")
        await pilot.pause()
        assert last_notice(app).message == "Nothing to undo."


async def test_enter_opens_the_account_and_1_2_switch(store: Store, demo: Services) -> None:
    item = first(store, Section.overdue)
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
        assert app.screen.account_id == item.account_id
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)


async def test_palette_finds_contacts_and_actions(store: Store, demo: Services) -> None:
    item = first(store, Section.due_today)
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*item.title)

        def offered() -> bool:
            options = app.screen.query_one("CommandList").options
            return any(item.title in str(o.prompt) for o in options)

        await until(pilot, offered)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ActionForm))
        await settle(pilot)
        assert app.screen.query_one("#title", Input).value == item.title
        await pilot.press("escape")
        contact = demo.contacts.list(Contact.name == "Femke Lehmann")[0]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Femke Lehmann")
        await until(pilot, lambda: any("Femke Lehmann" in str(o.prompt) for o in
                                       app.screen.query_one("CommandList").options))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AccountScreen))
        assert app.screen.account_id == contact.account_id


MARKUP = ["[bold]loud[/bold]", "[/]", "[@click=app.quit]x[/]", "Ship it 🚀🇩🇪"]


async def test_markup_in_user_text_is_shown_verbatim(store: Store, demo: Services) -> None:
    account = demo.accounts.create({"name": "[/]&[@click=app.quit]Co[/]"})
    contact = demo.contacts.create({"account_id": account.id, "name": "[bold]Bo[/] 🙂",
                                    "title": "[@click=app.quit]CFO[/]", "cadence_days": 30})
    for title in MARKUP:
        demo.actions.create({"account_id": account.id, "title": title, "deadline": TODAY,
                             "owner_kind": "customer", "owner_contact_id": contact.id,
                             "notes": "[b]note[/]"})
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shot = app.export_screenshot()
        for text in MARKUP[:3]:
            assert text in shot
        shown = {tuple(c.plain for c in table(app).get_row(key))
                 for key, i in table(app).items.items() if i.account_id == account.id}
        assert ("today", "Ship it 🚀🇩🇪", "[/]&[@click=app.quit]Co[/]", "[bold]Bo[/] 🙂") \
            in shown
        # Act on them: the confirm dialog, the owner picker and the notices quote them.
        (mine,) = [i for i in table(app).items.values() if i.title == "[@click=app.quit]x[/]"]
        await put_cursor(pilot, ItemKind.action, mine.id)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        assert "[@click=app.quit]x[/]" in app.export_screenshot()
        await pilot.click("Confirm Static")  # a click on the quoted title quits nothing
        await pilot.press("escape")
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, OwnerPicker))
        await until(pilot, lambda: app.screen.query_one(OptionList).option_count > 1)
        assert "[bold]Bo[/]" in app.export_screenshot()
        await pilot.press("escape", "s")
        await settle(pilot)
        assert "[@click=app.quit]x[/]" in last_notice(app).message
        assert not last_notice(app).markup
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ActionForm))
        await settle(pilot)
        assert app.screen.query_one("#owner", Input).value == "[bold]Bo[/] 🙂"
        assert app.is_running


async def test_an_empty_store_says_how_to_start(store: Store) -> None:
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        summary = str(app.screen.query_one("#summary", Static).visual)
        assert "No accounts yet" in summary and "kamtui demo" in summary
        await pilot.press("x")  # nothing selected: a sentence, not a crash
        await pilot.pause()
        assert last_notice(app).message == "Nothing is selected."
