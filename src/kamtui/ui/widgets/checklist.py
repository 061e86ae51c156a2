"""The checklist table: one DataTable holding every section of the Today screen, each
under a heading row the cursor steps over, with columns sized to the terminal."""

from dataclasses import dataclass
from datetime import date

from rich.style import Style as RichStyle
from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from kamtui.domain.dates import relative_day
from kamtui.domain.enums import ActionStatus, Priority
from kamtui.store.today import Checklist, ChecklistItem, ItemKind
from kamtui.ui.text import NOTHING, SEPARATOR, ThemeStyles, cell, one_line

HEADING = "§"  # row keys of headings start with this; item keys never do
WHEN_WIDTH = 16  # "999 days overdue"
WHEN_COMPACT = 12  # "999d overdue", below COMPACT_BELOW columns
COMPACT_BELOW = 100
GAPS = 2  # DataTable pads each cell by one on each side


@dataclass(frozen=True)
class Widths:
    when: int
    what: int
    account: int
    owner: int

    @classmethod
    def for_width(cls, width: int) -> "Widths":
        """Share a terminal's width: the title gets what the others leave. 80 columns
        gives 12/32/16/11, 120 gives 16/50/27/18."""
        when = WHEN_COMPACT if width < COMPACT_BELOW else WHEN_WIDTH
        room = max(40, width - 1 - 4 * GAPS - when)  # 1: the scrollbar
        owner = max(10, min(18, room // 5))
        account = max(12, min(28, room * 2 // 7))
        return cls(when=when, what=max(16, room - owner - account), account=account,
                   owner=owner)

    @property
    def compact(self) -> bool:
        return self.when < WHEN_WIDTH


def item_key(item: ChecklistItem) -> str:
    return f"{item.kind}:{item.id}"


class ChecklistTable(DataTable, inherit_bindings=False):
    """Rows of a `Checklist`, keyed by `item_key`. The cursor never rests on a heading.
    Only the moves that make sense for a list are bound, so the keys panel stays short;
    enter is the screen's, so the footer shows it in one place whatever has the focus."""

    BINDINGS = [
        Binding("down,j", "cursor_down", "Down", show=False, id="today.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="today.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="today.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="today.page_up"),
        Binding("home,g", "scroll_home", "First", show=False, id="today.first"),
        Binding("end,G", "scroll_end", "Last", show=False, id="today.last"),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.items: dict[str, ChecklistItem] = {}
        self.shown_widths: Widths | None = None  # those of the rows now shown

    # -- filling ----------------------------------------------------------------
    def show(self, checklist: Checklist, styles: ThemeStyles, widths: Widths,
             keep: str | None = None) -> None:
        """Replace the rows; the cursor goes back to `keep` if it is still listed, else
        to the row at the same place."""
        old_row = self.cursor_row
        self.shown_widths = widths
        self.clear(columns=True)  # remade so column widths shrink with the terminal
        self.add_column(cell("When"), key="when", width=widths.when)
        self.add_column(cell("What"), key="what", width=widths.what)
        self.add_column(cell("Account"), key="account", width=widths.account)
        self.add_column(cell("Owner"), key="owner", width=widths.owner)
        self.items = {}
        for page in checklist.sections:
            self.add_row(*_heading(page.title, page.total, len(page.items), styles),
                         key=f"{HEADING}{page.section}")
            for item in page.items:
                key = item_key(item)
                self.items[key] = item
                self.add_row(*_cells(item, checklist.day, styles, widths), key=key)
        if keep is None or not self.select(keep):
            self.move_cursor(row=min(old_row, self.row_count - 1), animate=False)
            self._off_heading(+1)

    def select(self, key: str) -> bool:
        try:
            index = self.get_row_index(key)
        except RowDoesNotExist:
            return False
        self.move_cursor(row=index, animate=False, scroll=True)
        return True

    @property
    def current(self) -> ChecklistItem | None:
        if not self.items:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except RowDoesNotExist:
            return None
        return self.items.get(key or "")

    # -- moving -----------------------------------------------------------------
    def action_cursor_down(self) -> None:
        super().action_cursor_down()
        self._off_heading(+1)

    def action_cursor_up(self) -> None:
        super().action_cursor_up()
        self._off_heading(-1)

    def action_page_down(self) -> None:
        super().action_page_down()
        self._off_heading(+1)

    def action_page_up(self) -> None:
        super().action_page_up()
        self._off_heading(-1)

    def action_scroll_home(self) -> None:
        super().action_scroll_home()
        self._off_heading(+1)

    def action_scroll_end(self) -> None:
        super().action_scroll_end()
        self._off_heading(-1)

    def on_click(self) -> None:
        # A click on a heading lands the cursor on the first row below it.
        self.call_after_refresh(self._off_heading, +1)

    def _is_heading(self, row: int) -> bool:
        try:
            key = self.coordinate_to_cell_key((row, 0)).row_key.value
        except RowDoesNotExist:
            return False
        return (key or "").startswith(HEADING)

    def _off_heading(self, step: int) -> None:
        """Step past heading rows, turning back at either end; a table of headings only
        leaves the cursor where it is."""
        if not self.items or not self._is_heading(self.cursor_row):
            return
        for direction in (step, -step):
            row = self.cursor_row
            while 0 <= row < self.row_count and self._is_heading(row):
                row += direction
            if 0 <= row < self.row_count:
                self.move_cursor(row=row, animate=False, scroll=True)
                return


def _heading(title: str, total: int, shown: int, styles: ThemeStyles) -> list[Text]:
    if total == 0:
        return [cell(""), cell(f"{title} · none", style=styles.muted), cell(""), cell("")]
    more = f" (first {shown})" if shown < total else ""
    return [cell(""), cell(f"{title} · {total}{more}", style=styles.accent + styles.strong),
            cell(""), cell("")]


def _cells(item: ChecklistItem, today: date, styles: ThemeStyles, widths: Widths) -> list[Text]:
    when = _when(item.due, today, widths.compact)
    when_style = (styles.error if item.due and item.due < today
                  else styles.warning if item.due == today else RichStyle())
    what = Text(no_wrap=True, end="")
    title_style = styles.strong if item.priority == Priority.high else RichStyle()
    what.append(one_line(item.title), style=title_style)
    extras = [item.detail] if item.detail else []
    if item.status == ActionStatus.waiting:
        extras.append("waiting")
    if item.kind == ItemKind.action and item.priority == Priority.high:
        extras.append("high")
    if extras:
        what.append(SEPARATOR + SEPARATOR.join(one_line(e) for e in extras),
                    style=styles.muted)
    if what.cell_len > widths.what:
        what.truncate(widths.what, overflow="ellipsis")
    return [
        cell(when, style=when_style),
        what,
        cell(item.account, max_width=widths.account),
        cell(item.owner or NOTHING, max_width=widths.owner,
             style=styles.muted if item.owner == "me" else ""),
    ]


def _when(due: date | None, today: date, compact: bool) -> str:
    if due is None:
        return NOTHING
    if not compact:
        return relative_day(due, today)
    days = (due - today).days
    if days < 0:
        return f"{-days}d overdue"
    return relative_day(due, today) if days <= 1 else f"in {days}d"
