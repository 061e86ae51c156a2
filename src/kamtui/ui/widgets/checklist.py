"""The checklist table: every section of the Today screen, each under a heading row the
cursor steps over, in columns sized to the terminal. A Line API widget: the rows are kept
as data and drawn only while on screen, so showing hundreds of them costs next to nothing."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kamtui.store.today import Checklist, ChecklistItem
from kamtui.ui.text import ThemeStyles, cell
from kamtui.ui.widgets.checklist_cells import GAPS, Widths, heading_cells, item_cells, item_key

__all__ = ["ChecklistTable", "Widths", "item_key"]

HEADING = "§"  # row keys of headings start with this; item keys never do
TITLES = ("When", "What", "Account", "Owner")
HEADER = -1  # the header line's row number in the cache of lines


@dataclass
class Row:
    """A line of the table. Its cells are made when first needed: most rows are never
    drawn, and making them all was most of the cost of showing the checklist."""

    key: str
    make: Callable[[], list[Text]]
    made: list[Text] | None = None

    @property
    def heading(self) -> bool:
        return self.key.startswith(HEADING)

    @property
    def cells(self) -> list[Text]:
        if self.made is None:
            self.made = self.make()
        return self.made


class ChecklistTable(ScrollView, can_focus=True, inherit_bindings=False):
    """Rows of a `Checklist`, keyed by `item_key`, under a header that stays on top. The
    cursor never rests on a heading. Only the moves that make sense for a list are bound,
    so the keys panel stays short; enter is the screen's, so the footer shows it in one
    place whatever has the focus."""

    DEFAULT_CSS = """
    ChecklistTable {
        background: $surface;
        color: $foreground;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        & > .checklist--header { text-style: bold; color: $text-accent; background: $panel; }
        & > .checklist--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .checklist--header { background-tint: $foreground 5%; }
            & > .checklist--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: bold;
            }
        }
    }
    """
    COMPONENT_CLASSES = {"checklist--header", "checklist--cursor"}

    BINDINGS = [
        Binding("down,j", "cursor_down", "Down", show=False, id="today.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="today.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="today.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="today.page_up"),
        Binding("home,g", "scroll_home", "First", show=False, id="today.first"),
        Binding("end,G", "scroll_end", "Last", show=False, id="today.last"),
    ]

    @dataclass
    class RowSelected(Message):
        """An item's row was clicked: the screen opens its account."""

        table: "ChecklistTable"
        key: str

        @property
        def control(self) -> "ChecklistTable":
            return self.table

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.items: dict[str, ChecklistItem] = {}
        self.shown_widths: Widths | None = None  # those of the rows now shown
        self._rows: list[Row] = []
        self._index: dict[str, int] = {}  # key -> row number
        self._cursor = 0
        self._strips: dict[tuple[int, bool], Strip] = {}  # (row, under the cursor) -> line

    # -- filling ----------------------------------------------------------------
    def show(self, checklist: Checklist, styles: ThemeStyles, widths: Widths,
             keep: str | None = None) -> None:
        """Replace the rows; the cursor goes back to `keep` if it is still listed, else
        to the row at the same place."""
        self.shown_widths = widths
        self.items = {}
        self._rows = []
        day = checklist.day
        for page in checklist.sections:
            self._rows.append(Row(f"{HEADING}{page.section}", partial(
                heading_cells, page.title, page.total, len(page.items), styles)))
            for item in page.items:
                key = item_key(item)
                self.items[key] = item
                self._rows.append(Row(key, partial(item_cells, item, day, styles, widths)))
        self._index = {row.key: number for number, row in enumerate(self._rows)}
        self._strips.clear()
        self.virtual_size = Size(sum(widths.columns), len(self._rows) + 1)  # +1: the header
        self.refresh()
        if keep is None or not self.select(keep):
            self._move(self._cursor)
            self._off_heading(+1)

    def select(self, key: str) -> bool:
        if key not in self._index:
            return False
        self._move(self._index[key])
        return True

    @property
    def current(self) -> ChecklistItem | None:
        return self.items.get(self._rows[self._cursor].key) if self._rows else None

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def cursor_row(self) -> int:
        return self._cursor

    def get_row(self, key: str) -> list[Text]:
        return list(self._rows[self._index[key]].cells)

    # -- moving -----------------------------------------------------------------
    def action_cursor_down(self) -> None:
        self._move(self._cursor + 1)
        self._off_heading(+1)

    def action_cursor_up(self) -> None:
        self._move(self._cursor - 1)
        self._off_heading(-1)

    def action_page_down(self) -> None:
        self._page_by(+1)

    def action_page_up(self) -> None:
        self._page_by(-1)

    def action_scroll_home(self) -> None:
        self._move(0)
        self._off_heading(+1)

    def action_scroll_end(self) -> None:
        self._move(len(self._rows) - 1)
        self._off_heading(-1)

    def on_click(self, event: events.Click) -> None:
        """The cursor goes to the row clicked, or below the heading clicked; a click on
        an item's row also asks for its account."""
        at = event.get_content_offset(self)
        row = -1 if at is None or at.y < 1 else self.scroll_offset.y + at.y - 1
        if not 0 <= row < len(self._rows):
            return
        self._move(row)
        if self._rows[row].heading:
            self._off_heading(+1)
        elif self.current is not None:
            self.post_message(self.RowSelected(self, self._rows[row].key))

    def on_resize(self) -> None:
        self._scroll_to_cursor()

    def _page_by(self, step: int) -> None:
        """The rows and the cursor move by a page, as in a DataTable."""
        page = max(1, self.scrollable_content_region.height - 1)  # the rows under the header
        self.scroll_to(y=self.scroll_target_y + step * page, animate=False)
        self._move(self._cursor + step * page)
        self._off_heading(step)

    def _move(self, row: int) -> None:
        row = max(0, min(row, len(self._rows) - 1))
        if row != self._cursor:
            for line in (self._cursor, row):  # only the two lines change, unless it scrolls
                self.refresh(Region(0, line - self.scroll_offset.y + 1, self.size.width, 1))
            self._cursor = row
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        """Scroll the least that shows the cursor's row under the header."""
        shown = self.scrollable_content_region.height - 1
        if shown < 1:
            return  # not laid out yet: on_resize comes back here
        top = round(self.scroll_target_y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False)
        elif self._cursor >= top + shown:
            self.scroll_to(y=self._cursor - shown + 1, animate=False)

    def _off_heading(self, step: int) -> None:
        """Step past heading rows, turning back at either end; a table of headings only
        leaves the cursor where it is."""
        if not self.items or not self._rows[self._cursor].heading:
            return
        for direction in (step, -step):
            row = self._cursor
            while 0 <= row < len(self._rows) and self._rows[row].heading:
                row += direction
            if 0 <= row < len(self._rows):
                self._move(row)
                return

    # -- drawing ----------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()  # a new theme, or the focus changed the colours
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        """Line 0 is the header, however far the rows are scrolled."""
        scroll_x, scroll_y = self.scroll_offset
        row = HEADER if y == 0 else scroll_y + y - 1
        base = self.rich_style
        if self.shown_widths is None or row >= len(self._rows):
            return Strip.blank(self.size.width, base)
        cursor = row == self._cursor
        strip = self._strips.get((row, cursor))
        if strip is None:
            strip = self._strips[row, cursor] = self._draw(row, cursor, base)
        return strip.crop_extend(scroll_x, scroll_x + self.size.width, base)

    def _draw(self, row: int, cursor: bool, base: RichStyle) -> Strip:
        """A line: each cell cut or padded to its column, with a space on either side.
        The cursor's colours win over the cell's own, as in a DataTable."""
        assert self.shown_widths is not None
        post = None
        if row == HEADER:
            cells = [cell(title) for title in TITLES]
            pre = base + self.get_component_rich_style("checklist--header")
        else:
            cells, pre = self._rows[row].cells, base
            if cursor:
                style = self.get_component_rich_style("checklist--cursor")
                pre, post = base + style, RichStyle(color=style.color, bgcolor=style.bgcolor)
        line = Text(no_wrap=True, end="")
        for text, width in zip(cells, self.shown_widths.columns, strict=True):
            text = text.copy()
            text.truncate(width - GAPS, overflow="ellipsis", pad=True)
            line.append(" ")
            line.append_text(text)
            line.append(" ")
        segments = Segment.apply_style(line.render(self.app.console), pre, post)
        return Strip(segments, line.cell_len)
