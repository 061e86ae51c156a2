"""The Today checklist as plain text for a terminal, a cron mail or a login message:
one block per section that has something, one aligned line per item with its short id."""

import unicodedata
from functools import cache

from kamtui.domain.dates import relative_day
from kamtui.domain.enums import ActionStatus, Priority
from kamtui.domain.words import one_line, plural
from kamtui.store.today import Checklist, ChecklistItem, ItemKind, Section

ID_WIDTH = 8
WHEN_WIDTH = 16
TITLE_MAX = 56
ACCOUNT_MAX = 28
OWNER_MAX = 20


def render(found: Checklist) -> str:
    lines = [f"{found.day:%a %d %b %Y}: {_headline(found)}"]
    for page in found.sections:
        if not page.total:
            continue
        more = f", first {len(page.items)} shown" if page.is_partial else ""
        lines += ["", f"{page.title} ({page.total}{more})"]
        whats = [_what(item) for item in page.items]
        accounts = [one_line(item.account) for item in page.items]
        title_w = min(TITLE_MAX, max(map(_width, whats)))
        account_w = min(ACCOUNT_MAX, max(map(_width, accounts)))
        for item, what, account in zip(page.items, whats, accounts, strict=True):
            when = relative_day(item.due, found.day) if item.due else "-"
            row = [item.id[:ID_WIDTH], when.ljust(WHEN_WIDTH), _cell(what, title_w),
                   _cell(account, account_w), _cell(one_line(item.owner), OWNER_MAX, pad=False)]
            lines.append("  " + "  ".join(row).rstrip())
    return "\n".join(lines)


@cache  # a few hundred distinct characters among the hundred thousand of a long list
def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0  # accents, variation selectors, zero-width joiners
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1  # CJK, most emoji


def _width(text: str) -> int:
    """The terminal cells `text` takes: an emoji or a CJK character takes two."""
    if text.isascii():  # one cell a character
        return len(text)
    return sum(map(_char_width, text))


def _cell(text: str, width: int, *, pad: bool = True) -> str:
    """`text` cut to `width` cells (ending in an ellipsis when cut), padded to them."""
    if _width(text) > width:
        kept, used = [], 0
        for char in text:
            used += _char_width(char)
            if used > width - 1:
                break
            kept.append(char)
        text = "".join(kept) + "…"
    return text + " " * (width - _width(text)) if pad else text


def _what(item: ChecklistItem) -> str:
    extras = [item.detail] if item.detail else []
    if item.status == ActionStatus.waiting:
        extras.append("waiting")
    if item.kind == ItemKind.action and item.priority == Priority.high:
        extras.append("high")
    return one_line(" · ".join([item.title, *extras]))


COUNTED = {Section.overdue: ("overdue", "overdue"),
           Section.due_today: ("due today", "due today"),
           Section.upcoming: ("coming up", "coming up"),
           Section.touchpoints: ("touchpoint due", "touchpoints due"),
           Section.renewals: ("renewal", "renewals"),
           Section.escalations: ("escalation waiting", "escalations waiting"),
           Section.reviews: ("plan or review due", "plans and reviews due")}


def _headline(found: Checklist) -> str:
    counts = [plural(page.total, *COUNTED[page.section]) for page in found.sections
              if page.total]
    if not counts:
        return "nothing needs you today."
    return ", ".join(counts) + "."

