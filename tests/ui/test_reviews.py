"""The Reviews tab of the account workspace: the history newest first with trend arrows
and the highlighted review in full; `a` opens the form pre-filled from the data, saving
stores the review and Today shows the next one when due; a decision that moves the
account changes its tier in the same step (u undoes both); edit and delete; refusals
stay in the form; user text is never markup; the form fits 80x24."""

from datetime import date, timedelta

import pytest
from helpers import settle, until
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, Select, Static, TabbedContent, TextArea

from kamtui.domain.enums import ReviewDecision, Tier
from kamtui.store import Store
from kamtui.store.repos import Services
from kamtui.store.reviews import prefill, review_history
from kamtui.store.today import ItemKind, Section, checklist
from kamtui.ui.app import KamApp
from kamtui.ui.screens import account as account_screen
from kamtui.ui.screens.account import AccountScreen
from kamtui.ui.screens.prompts import Confirm
from kamtui.ui.screens.review_form import ReviewForm
from kamtui.ui.widgets.reviews_panel import ReviewsPanel

SIZE = (120, 40)
TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _reviews_tab(monkeypatch: pytest.MonkeyPatch) -> None:
    """The workspace with the Reviews tab, as app wiring adds it (if not there yet)."""
    if all(name != "reviews" for name, _, _ in account_screen.TABS):
        monkeypatch.setattr(account_screen, "TABS",
                            (*account_screen.TABS, ("reviews", "Reviews", ReviewsPanel)))


async def on_tab(pilot: Pilot, account_id: str) -> AccountScreen:
    await settle(pilot)
    await pilot.app.open_account(account_id, "")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AccountScreen)
    screen.query_one(TabbedContent).active = "tab-reviews"
    await settle(pilot)
    screen.query_one("#reviews", DataTable).focus()
    await pilot.pause()
    return screen


async def form(pilot: Pilot, key: str) -> ReviewForm:
    await pilot.press(key)
    await until(pilot, lambda: isinstance(pilot.app.screen, ReviewForm))
    await pilot.pause()
    return pilot.app.screen


async def save(pilot: Pilot) -> None:
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(pilot.app.screen, AccountScreen))
    await settle(pilot)


def text(dialog: ReviewForm, id: str) -> str:
    return dialog.query_one(f"#{id}", Input).value


async def typed(pilot: Pilot, dialog: ReviewForm, id: str, value: str) -> None:
    box = dialog.query_one(f"#{id}", Input)
    box.focus()
    box.value = ""
    await pilot.press(*value)


def reviews_due(store: Store, day: date, account_id: str) -> list[str]:
    return [i.id for i in checklist(store, day).section(Section.reviews).items
            if i.kind == ItemKind.review and i.account_id == account_id]


async def test_completing_a_review_stores_it_and_today_shows_the_next(
        store: Store, demo: Services) -> None:
    lumera = demo.accounts.by_name("Lumera Foods")
    [old] = review_history(store, lumera.id)
    assert reviews_due(store, TODAY, lumera.id) == [old.review.id]  # demo: 4 days overdue
    draft = prefill(store, lumera.id, TODAY)
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_tab(pilot, lumera.id)
        table = screen.query_one("#reviews", DataTable)
        assert [row.key.value for row in table.ordered_rows] == [old.review.id]
        dialog = await form(pilot, "a")
        # Pre-filled from the data.
        assert text(dialog, "held_on") == TODAY.isoformat()
        assert text(dialog, "revenue") == f"{lumera.annual_revenue:,.0f}"
        assert text(dialog, "objectives_on_track") == str(draft.objectives_on_track)
        assert text(dialog, "objectives_off_track") == str(draft.objectives_off_track)
        assert text(dialog, "kpis_met") == str(draft.kpis_met)
        assert text(dialog, "slas_met") == "0"
        assert dialog.query_one("#trust", Select).value == old.review.trust
        assert text(dialog, "next_review_on") == (TODAY + timedelta(days=90)).isoformat()
        # The rubric, the decision, SLAs, NPS and the next review typed.
        dialog.query_one("#trust", Select).value = 5 if old.review.trust < 5 else 1
        dialog.query_one("#access", Select).value = 1
        dialog.query_one("#decision", Select).value = ReviewDecision.watch
        await pilot.pause()
        assert dialog.query_one("#record-tier", Checkbox).has_class("-hidden")
        await typed(pilot, dialog, "slas_met", "4")
        await typed(pilot, dialog, "slas_missed", "1")
        await typed(pilot, dialog, "nps", "-12")
        await typed(pilot, dialog, "next_review_on", "+60d")
        assert "in 60 days" in str(dialog.query_one("#next_review_on-preview", Static).visual)
        dialog.query_one("#notes", TextArea).text = "Recall handled well."
        await save(pilot)
        history = review_history(store, lumera.id)
        assert len(history) == 2
        new = history[0].review
        assert (new.held_on, new.next_review_on, new.decision) == (
            TODAY, TODAY + timedelta(days=60), ReviewDecision.watch)
        assert (new.trust, new.access, new.slas_met, new.slas_missed, new.nps) == (
            5 if old.review.trust < 5 else 1, 1, 4, 1, -12)
        assert (new.objectives_on_track, new.kpis_met, new.revenue) == (
            draft.objectives_on_track, draft.kpis_met, lumera.annual_revenue)
        assert new.notes == "Recall handled well."
        assert demo.accounts.get(lumera.id).tier == Tier.key  # watch moves nothing
        # The table: newest first, with the trend of each score.
        assert [row.key.value for row in table.ordered_rows] == [new.id, old.review.id]
        trust_cell = table.get_row_at(0)[4].plain
        assert trust_cell == ("5 ▲" if old.review.trust < 5 else "1 ▼")
        note = str(screen.query_one("#review-note", Static).visual)
        assert "Recall handled well." in note and "next review 2027-01-21" in note
    # Today: the overdue review is replaced by the new one, shown once it is near.
    assert reviews_due(store, TODAY, lumera.id) == []
    assert reviews_due(store, TODAY + timedelta(days=55), lumera.id) == [new.id]


async def test_a_move_to_major_changes_the_tier_too_and_u_undoes_both(
        store: Store, demo: Services) -> None:
    hallbergs = demo.accounts.by_name("Hallbergs Industrial Group")
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await on_tab(pilot, hallbergs.id)
        dialog = await form(pilot, "a")
        box = dialog.query_one("#record-tier", Checkbox)
        dialog.query_one("#decision", Select).value = ReviewDecision.move_to_major
        await pilot.pause()
        assert not box.has_class("-hidden") and box.value
        assert "from key to major" in str(box.label)
        await save(pilot)
        assert demo.accounts.get(hallbergs.id).tier == Tier.major
        assert review_history(store, hallbergs.id)[0].review.decision == "move_to_major"
        await pilot.press("u")
        await settle(pilot)
        assert demo.accounts.get(hallbergs.id).tier == Tier.key
        assert len(review_history(store, hallbergs.id)) == 1  # the demo's own review


async def test_edit_and_delete_a_review(store: Store, demo: Services) -> None:
    korvane = demo.accounts.by_name("Korvane Robotics")
    [old] = review_history(store, korvane.id)
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await on_tab(pilot, korvane.id)
        dialog = await form(pilot, "e")
        assert text(dialog, "held_on") == old.review.held_on.isoformat()
        assert dialog.query_one("#satisfaction", Select).value == old.review.satisfaction
        dialog.query_one("#satisfaction", Select).value = 1
        await save(pilot)
        [edited] = review_history(store, korvane.id)
        assert (edited.review.id, edited.review.satisfaction) == (old.review.id, 1)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, AccountScreen))
        await settle(pilot)
        assert review_history(store, korvane.id) == []
        table = app.screen.query_one("#reviews", DataTable)
        assert table.row_count == 0
        assert "No reviews of this account yet" in str(
            app.screen.query_one("#review-note", Static).visual)


async def test_refusals_stay_in_the_form_and_text_is_not_markup(store: Store,
                                                                 demo: Services) -> None:
    lumera = demo.accounts.by_name("Lumera Foods")
    app = KamApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_tab(pilot, lumera.id)
        dialog = await form(pilot, "a")
        await typed(pilot, dialog, "nps", "great")
        await typed(pilot, dialog, "kpis_met", "-1")
        await typed(pilot, dialog, "next_review_on", "yesterday")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: dialog.query_one(".error").has_class("-shown"))
        error = str(dialog.query_one(".error", Static).visual)
        assert "NPS: give a whole number" in error and "KPIs met: give a whole" in error
        assert len(review_history(store, lumera.id)) == 1
        await typed(pilot, dialog, "nps", "")
        await typed(pilot, dialog, "kpis_met", "2")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Next review: give a day after" in str(
            dialog.query_one(".error", Static).visual))
        await typed(pilot, dialog, "next_review_on", "+30d")
        dialog.query_one("#notes", TextArea).text = "[b]x[/] [@click=app.quit]y[/]"
        await save(pilot)
        note = str(screen.query_one("#review-note", Static).visual)
        assert "[b]x[/] [@click=app.quit]y[/]" in note
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
