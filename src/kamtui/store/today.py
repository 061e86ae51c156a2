"""The daily checklist: overdue work, work due today and in the next days, touchpoints,
renewals, escalations, plans and reviews. The Today screen and `kamtui today` (text or
JSON) both read it through these types, so they agree on what is due; the SQL that fills
them is in today_queries."""

import threading
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from kamtui.domain.enums import ActionStatus, OwnerKind, Priority
from kamtui.domain.words import plural
from kamtui.store.engine import Store
from kamtui.store.live_sql import OUTSTANDING
from kamtui.store.settings import Settings, load_settings

if TYPE_CHECKING:
    from concurrent.futures import Future

ROW_LIMIT = 100  # per section on the Today screen; the heading says when there are more


class Section(StrEnum):
    overdue = "overdue"
    due_today = "due_today"
    upcoming = "upcoming"
    touchpoints = "touchpoints"
    renewals = "renewals"
    escalations = "escalations"
    reviews = "reviews"


SECTION_TITLES: dict[Section, str] = {
    Section.overdue: "Overdue", Section.due_today: "Due today", Section.upcoming: "Next 7 days",
    Section.touchpoints: "Touchpoints due", Section.renewals: "Renewals",
    Section.escalations: "Escalations waiting", Section.reviews: "Plans and reviews due",
}


def section_title(section: Section, settings: Settings | None = None) -> str:
    """A section's heading; "Next N days" follows the upcoming_days setting."""
    if section == Section.upcoming and settings is not None:
        days = settings.upcoming_days
        return "Next day" if days == 1 else f"Next {days} days"
    return SECTION_TITLES[section]


class ItemKind(StrEnum):
    action = "action"
    touchpoint = "touchpoint"
    renewal = "renewal"
    escalation = "escalation"
    plan = "plan"
    review = "review"


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the checklist; `id` is the id of the row it is about (see `kind`)."""

    section: Section
    kind: ItemKind
    id: str
    title: str
    account_id: str
    account: str
    owner: str
    owner_kind: OwnerKind
    due: date | None
    due_at: datetime | None = None  # escalations: when the current level must answer (UTC)
    detail: str = ""
    priority: Priority | None = None
    status: ActionStatus | None = None
    contact_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if v is not None and k != "section"}
        data["due"] = self.due.isoformat() if self.due else None
        if self.due_at is not None:
            data["due_at"] = self.due_at.isoformat()
        return {k: str(v) if isinstance(v, StrEnum) else v for k, v in data.items()}


@dataclass(frozen=True)
class SectionPage:
    section: Section
    title: str
    total: int  # every match, not only those in `items`
    items: list[ChecklistItem]

    @property
    def is_partial(self) -> bool:
        """Whether more items match than are listed."""
        return len(self.items) < self.total


@dataclass(frozen=True)
class TodayFilter:
    owner: OwnerKind | None = None
    account_id: str | None = None
    text: str = ""  # case-insensitive substring of the title, account name or owner

    @property
    def is_empty(self) -> bool:
        return self.owner is None and self.account_id is None and not self.text.strip()


@dataclass(frozen=True)
class SyncState:
    """What Today says about sync (issue 9): the conflicts waiting, and when the store last
    synced with another (None: never, so sync is never overdue)."""

    conflicts: int = 0
    last_synced: datetime | None = None  # aware UTC
    overdue_days: int = 7  # the sync_overdue_days setting

    def days_overdue(self, now: datetime | None = None) -> int | None:
        """How many days ago the last sync was, when that is longer than the setting
        allows; None when sync is not overdue (or the store never synced)."""
        if self.last_synced is None:
            return None
        since = (now or datetime.now(UTC)) - self.last_synced
        return since.days if since > timedelta(days=self.overdue_days) else None

    def notes(self, resolve_how: str, now: datetime | None = None) -> list[str]:
        """The sentences to show, none when all is well; `resolve_how` says how to open
        the conflicts ("kamtui sync conflicts", "press C")."""
        found = []
        if self.conflicts:
            found.append(f"{plural(self.conflicts, 'sync conflict')} to resolve: "
                         f"{resolve_how}")
        if (days := self.days_overdue(now)) is not None:
            found.append(f"Last synced {plural(days, 'day')} ago: run kamtui sync HOST")
        return found


@dataclass(frozen=True)
class Checklist:
    day: date
    sections: list[SectionPage]  # all seven, in Section order
    sync: SyncState = SyncState()

    def section(self, which: Section) -> SectionPage:
        return next(page for page in self.sections if page.section == which)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"date": self.day.isoformat()}
        for page in self.sections:
            data[page.section.value] = [item.to_json() for item in page.items]
        data["totals"] = {page.section.value: page.total for page in self.sections}
        return data


def checklist(store: Store, today: date, *, settings: Settings | None = None,
              where: TodayFilter = TodayFilter(), limit: int = 200) -> Checklist:
    """What needs doing on `today`: all seven sections, each with its full count and at
    most `limit` items, narrowed by `where`."""
    # Imported here: the queries build the types above, so they import this module.
    from kamtui.store.today_queries import (
        _actions,
        _escalations,
        _orphans,
        _page,
        _Part,
        _renewals,
        _reviews,
        _sync_state,
        _touchpoints,
    )

    if settings is None:
        settings = load_settings(store)
    limit = max(0, limit)
    day = timedelta(days=1)
    spans = {Section.overdue: (None, today - day), Section.due_today: (today, today),
             Section.upcoming: (today + day, today + settings.upcoming_days * day)}
    with store.rows() as conn:
        orphans = _orphans(conn) if where.is_empty else []
        parts: dict[Section, list[_Part]] = {
            section: [_actions(status, first, last, where, orphans) for status in OUTSTANDING]
            for section, (first, last) in spans.items()}
        parts[Section.touchpoints] = [_touchpoints(today)]
        parts[Section.renewals] = [_renewals(today, settings)]
        parts[Section.escalations] = [_escalations()]
        parts[Section.reviews] = _reviews(today, settings)
        pages = [_page(conn, section, section_title(section, settings), parts[section],
                       where, limit) for section in Section]
        sync = _sync_state(conn, settings)
    return Checklist(today, pages, sync)


def read_ahead(store: Store, today: date, *, limit: int = ROW_LIMIT) -> "Future[Checklist]":
    """Start reading `today`'s whole checklist in a thread and return its future: the app
    starts it before importing Textual, so the SQL (which releases the GIL) runs while the
    screens load, and the first screen shows the rows as soon as it can."""
    from concurrent.futures import Future  # ~10 ms that `kamtui today` need not pay

    ahead: Future[Checklist] = Future()

    def read() -> None:
        try:
            ahead.set_result(checklist(store, today, limit=limit))
        except BaseException as err:  # noqa: BLE001 - handed to whoever waits on it
            ahead.set_exception(err)

    threading.Thread(target=read, name="kamtui-read-ahead", daemon=True).start()
    return ahead


__all__ = [
    "ROW_LIMIT", "SECTION_TITLES", "Checklist", "ChecklistItem", "ItemKind", "Section",
    "SectionPage", "SyncState", "TodayFilter", "checklist", "read_ahead", "section_title",
]
