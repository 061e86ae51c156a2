"""The Today checklist as plain text for a terminal, a cron mail or a login message:
one block per section that has something, one aligned line per item with its short id."""

from kamtui.domain.dates import relative_day
from kamtui.domain.enums import ActionStatus, Priority
from kamtui.domain.words import clip, one_line, plural
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
        title_w = min(TITLE_MAX, max(len(_what(i)) for i in page.items))
        account_w = min(ACCOUNT_MAX, max(len(one_line(i.account)) for i in page.items))
        for item in page.items:
            when = relative_day(item.due, found.day) if item.due else "-"
            row = [item.id[:ID_WIDTH], when.ljust(WHEN_WIDTH),
                   clip(_what(item), title_w).ljust(title_w),
                   clip(one_line(item.account), account_w).ljust(account_w),
                   clip(one_line(item.owner), OWNER_MAX)]
            lines.append("  " + "  ".join(row).rstrip())
    return "\n".join(lines)


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

