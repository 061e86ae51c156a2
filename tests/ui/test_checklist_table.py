"""The Today screen's table on its own: a fixed header, a cursor that steps over headings,
the page keys, clicks, and how the cursor's row is drawn."""

from datetime import date, timedelta

from rich.color import Color
from textual.app import App, ComposeResult
from textual.widgets import Input

from kamtui.domain.enums import OwnerKind
from kamtui.store.today import Checklist, ChecklistItem, ItemKind, Section, SectionPage
from kamtui.ui.text import ThemeStyles
from kamtui.ui.widgets.checklist import ChecklistTable, Widths

TODAY = date(2026, 11, 22)
SIZE = (80, 16)


def item(section: Section, n: int) -> ChecklistItem:
    return ChecklistItem(section=section, kind=ItemKind.action, id=f"{section}{n}",
                         title=f"[b]Task {n}[/b]", account_id="a1", account=f"Account {n}",
                         owner="me", owner_kind=OwnerKind.me, due=TODAY + timedelta(days=n))


def sample() -> Checklist:
    """Rows: 0 a heading, 1-3 overdue, 4 and 5 the headings of empty sections, 6 a
    heading, 7-36 touchpoints, then three more empty sections (37-39)."""
    pages = {Section.overdue: 3, Section.due_today: 0, Section.touchpoints: 30}
    return Checklist(day=TODAY, sections=[
        SectionPage(section=s, title=s.value, total=pages.get(s, 0),
                    items=[item(s, n) for n in range(pages.get(s, 0))])
        for s in Section])


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        yield Input()
        yield ChecklistTable()

    def on_mount(self) -> None:
        self.table.show(sample(), ThemeStyles.from_theme(self.theme_variables),
                        Widths.for_width(self.size.width))
        self.table.focus()

    @property
    def table(self) -> ChecklistTable:
        return self.query_one(ChecklistTable)

    def on_checklist_table_row_selected(self, event: ChecklistTable.RowSelected) -> None:
        self.chosen.append(event.key)


def line(table: ChecklistTable, y: int) -> str:
    return table.render_line(y).text


async def test_the_cursor_starts_on_the_first_item_and_skips_headings() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        table = app.table
        assert table.cursor_row == 1 and table.current.id == "overdue0"
        await pilot.press("k")  # nothing above but a heading: stays
        assert table.cursor_row == 1
        await pilot.press("j", "j", "j")  # over three headings, two of empty sections
        assert table.cursor_row == 7 and table.current.id == "touchpoints0"
        await pilot.press("up")
        assert table.cursor_row == 3 and table.current.id == "overdue2"


async def test_page_keys_end_and_home() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        table = app.table
        page = table.size.height - 1  # the rows under the header
        await pilot.press("pagedown")
        assert table.cursor_row == 1 + page and table.scroll_y == page
        await pilot.press("end")  # the last rows are headings: back to the last item
        assert table.cursor_row == 36 and table.current.id == "touchpoints29"
        await pilot.press("pageup")
        assert table.cursor_row == 36 - page
        await pilot.press("G", "g")
        assert table.cursor_row == 1 and table.scroll_y == 0


async def test_the_header_stays_on_top_and_the_cursor_in_view() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        table = app.table
        header = line(table, 0)
        assert header.split() == ["When", "What", "Account", "Owner"]
        await pilot.press(*["j"] * 20)
        await pilot.pause()
        assert table.scroll_y > 0
        assert line(table, 0) == header
        y = table.cursor_row - round(table.scroll_y) + 1
        assert 1 <= y < table.size.height
        assert "[b]Task" in line(table, y)  # user text as typed, never markup
        table.scroll_to(y=8, animate=False)  # the wheel scrolls without moving the cursor
        await pilot.pause()
        assert line(table, 0) == header and line(table, 1).split()[-3:] == [
            "Account", "1", "me"]


async def test_a_click_selects_the_row_and_asks_for_it() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        table = app.table
        await pilot.click(ChecklistTable, offset=(10, 3))  # line 3: row 2
        await pilot.pause()
        assert table.cursor_row == 2 and app.chosen == ["action:overdue1"]
        await pilot.click(ChecklistTable, offset=(10, 5))  # an empty section's heading
        await pilot.pause()
        assert table.cursor_row == 7 and app.chosen == ["action:overdue1"]
        await pilot.click(ChecklistTable, offset=(10, 0))  # the header: nothing
        await pilot.pause()
        assert table.cursor_row == 7 and app.chosen == ["action:overdue1"]


async def test_the_cursor_row_is_drawn_in_the_cursor_colours() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        table = app.table

        def backgrounds(y: int) -> set:
            return {s.style.bgcolor for s in table.render_line(y) if s.text.strip()}

        focused = Color.parse(app.theme_variables["block-cursor-background"])
        assert backgrounds(2) == {focused}  # row 1, the cursor's
        assert all(s.style.bold for s in table.render_line(2) if s.text.strip())
        assert focused not in backgrounds(3)
        app.query_one(Input).focus()
        await pilot.pause()
        blurred = backgrounds(2)
        assert len(blurred) == 1 and focused not in blurred and blurred != backgrounds(3)
        await pilot.press("tab")
        await pilot.pause()
        assert backgrounds(2) == {focused}


async def test_show_keeps_the_cursor_on_its_row() -> None:
    app = Host()
    async with app.run_test(size=SIZE):
        table = app.table
        assert table.select("action:touchpoints4")
        styles = ThemeStyles.from_theme(app.theme_variables)
        table.show(sample(), styles, Widths.for_width(80), keep="action:touchpoints4")
        assert table.current.id == "touchpoints4"
        table.show(sample(), styles, Widths.for_width(80), keep="action:gone")
        assert table.current.id == "touchpoints4"  # the same place
        assert table.get_row("action:touchpoints4")[0].plain == "in 4d"  # compact
