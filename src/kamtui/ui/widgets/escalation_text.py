"""How an escalation reads on the screens: when its level must respond (relative to now,
overdue in red), its row in a table, and its whole story below the table (why, who must
respond, the timeline, the outcome). Reasons, notes and names are user text."""

from datetime import datetime

from rich.text import Text
from textual.content import Content

from kamtui.store.escalation_view import EscalationView, TimelineEntry
from kamtui.store.escalations import stamp, trigger_words
from kamtui.ui.text import NOTHING, SEPARATOR, ThemeStyles, cell, user_text

ESCALATION_COLUMNS = ("Account", "Trigger", "Level", "Who responds", "Response due",
                      "Opened", "Why")


def due_words(due: datetime | None, now: datetime) -> str:
    """'in 26 h', 'in 3 days', '5 h overdue', '2 days overdue'."""
    if due is None:
        return NOTHING
    seconds = (due - now).total_seconds()
    hours = abs(seconds) / 3600
    if hours < 1:
        span = "under 1 h"
    elif hours < 48:
        span = f"{int(hours)} h"
    else:
        span = f"{int(hours // 24)} days"
    return f"in {span}" if seconds >= 0 else f"{span} overdue"


def is_overdue(view: EscalationView, now: datetime) -> bool:
    return view.is_open and view.due_at is not None and view.due_at < now


def escalation_cells(view: EscalationView, now: datetime, styles: ThemeStyles, *,
                     account: bool = True) -> list[Text]:
    """One escalation as table cells (without the account column when `account` is
    False); a resolved one says when instead of a deadline."""
    if view.is_open:
        when = cell(due_words(view.due_at, now),
                    style=styles.error if is_overdue(view, now) else "")
    else:
        when = cell(f"resolved {stamp(view.resolved_at)[:10]}", style=styles.muted)
    cells = [cell(trigger_words(view.trigger), max_width=20),
             cell(f"{view.level} of {view.levels}" if view.levels else str(view.level)),
             cell(view.responder, max_width=24), when,
             cell(stamp(view.opened_at)[:10]), cell(view.reason, max_width=80)]
    return [cell(view.account, max_width=28), *cells] if account else cells


def fit_last_column(rows: list[list[Text]], headings: tuple[str, ...], width: int) -> None:
    """Cut the last cell of each row (the reason) so the table fits `width` cells: the
    other columns keep their full width and the reason is read in full below."""
    used = sum(max([len(heading), *(row[n].cell_len for row in rows)])
               for n, heading in enumerate(headings[:-1]))
    room = max(12, width - used - 2 * len(headings) - 2)  # cell padding, scrollbar
    for row in rows:
        if row[-1].cell_len > room:
            row[-1].truncate(room, overflow="ellipsis")


def escalation_story(view: EscalationView, entries: list[TimelineEntry],
                     now: datetime) -> Content:
    """The highlighted escalation in full: what and where, who must respond by when (or
    the outcome), why, then the timeline oldest first."""
    words = trigger_words(view.trigger)
    head = Content.assemble((words[0].upper() + words[1:], "bold $text-accent"),
                            SEPARATOR, user_text(view.account, "bold"), SEPARATOR,
                            view.level_text)
    if view.is_open and view.due_at is not None:
        style = "$text-error" if is_overdue(view, now) else "$text-warning"
        due = Content.assemble(user_text(view.responder), " must respond by ",
                               (f"{stamp(view.due_at)} ({due_words(view.due_at, now)})", style))
    elif view.is_open:
        due = Content.assemble(user_text(view.responder), " must respond")
    else:
        due = Content.assemble((f"Resolved {stamp(view.resolved_at)}: ", "bold"),
                               user_text(view.outcome))
    lines = [head, due, Content.assemble(("Why: ", "bold"), user_text(view.reason)),
             Content.styled("Timeline", "bold $text-accent")]
    lines += [Content.assemble((f"{stamp(e.at)}  L{e.level}  ", "dim"), user_text(e.note))
              for e in entries]
    if not entries:
        lines.append(Content.styled("nothing written yet", "dim"))
    return Content("\n").join(lines)


__all__ = ["ESCALATION_COLUMNS", "due_words", "escalation_cells", "escalation_story",
           "fit_last_column", "is_overdue"]
