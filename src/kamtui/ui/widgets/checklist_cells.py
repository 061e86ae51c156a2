"""What the Today checklist's table shows: its columns' widths for a terminal's width,
and the cells of each row as rich Text (user text verbatim, through `cell`)."""

from dataclasses import dataclass
from datetime import date

from rich.style import Style as RichStyle
from rich.text import Text

from kamtui.domain.dates import relative_day
from kamtui.domain.enums import ActionStatus, Priority
from kamtui.store.today import ChecklistItem, ItemKind
from kamtui.ui.text import NOTHING, SEPARATOR, ThemeStyles, cell, one_line

WHEN_WIDTH = 16  # "999 days overdue"
WHEN_COMPACT = 12  # "999d overdue", below COMPACT_BELOW columns
COMPACT_BELOW = 100
GAPS = 2  # each cell is padded by one column on each side


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

    @property
    def columns(self) -> tuple[int, int, int, int]:
        """The columns' widths, the padding included."""
        return (self.when + GAPS, self.what + GAPS, self.account + GAPS, self.owner + GAPS)


def item_key(item: ChecklistItem) -> str:
    return f"{item.kind}:{item.id}"


def heading_cells(title: str, total: int, shown: int, styles: ThemeStyles) -> list[Text]:
    if total == 0:
        return [cell(""), cell(f"{title} · none", style=styles.muted), cell(""), cell("")]
    more = f" (first {shown})" if shown < total else ""
    return [cell(""), cell(f"{title} · {total}{more}", style=styles.accent + styles.strong),
            cell(""), cell("")]


def item_cells(item: ChecklistItem, today: date, styles: ThemeStyles, widths: Widths) -> list[Text]:
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
