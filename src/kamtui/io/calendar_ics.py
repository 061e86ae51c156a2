"""The calendar export: an iCalendar (RFC 5545) file of all-day events for what is due
(kamtui.store.calendar_view), written with the `icalendar` library.

Each event's UID comes from what it stands for (`action-<id>@kamtui`, `touchpoint-<contact
id>@kamtui`, `renewal-<account id>@kamtui`, `escalation-<id>@kamtui`, `review-<account
id>@kamtui`), so importing a newer export moves the event instead of adding a twin. The
file is written event by event as the store is read, never whole in memory.

No event ever has an ATTENDEE or an ORGANIZER: a calendar that sees either may send
invitations, and a customer must never get one from kamtui. Events are TRANSPARENT (they
do not make the KAM look busy). Action notes, buying roles and attitudes stay in kamtui."""

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import TextIO

from icalendar import Calendar
from icalendar.parser import Contentline, Parameters
from icalendar.prop import vCategory, vDate, vDatetime, vText

from kamtui import __version__
from kamtui.clock import utcnow
from kamtui.store.calendar_view import CalendarItem, calendar_items
from kamtui.store.engine import Store

PRODID = f"-//kamtui//kamtui {__version__}//EN"
CALENDAR_NAME = "kamtui"
UID_DOMAIN = "kamtui"
CATEGORY = {"action": "Action", "touchpoint": "Touchpoint", "renewal": "Renewal",
            "escalation": "Escalation", "review": "Review"}
_END = "END:VCALENDAR\r\n"
_DAY = {"VALUE": "DATE"}


def event_uid(item: CalendarItem) -> str:
    """The UID an item keeps from export to export: its kind and its record's id."""
    return f"{item.kind.value}-{item.key}@{UID_DOMAIN}"


def write_ics(store: Store, out: TextIO, today: date, *, now: datetime | None = None) -> int:
    """Write the calendar to `out` and return how many events it holds. Streams: the
    calendar's head, then each event as it is read, then its end; lines end in CRLF as
    RFC 5545 wants, so open a file with newline="". `now` (default: this moment) is each
    event's DTSTAMP."""
    return write_events(calendar_items(store, today), out, now=now or utcnow())


def write_events(items: Iterable[CalendarItem], out: TextIO, *, now: datetime) -> int:
    """Write `items` as one VCALENDAR and return how many."""
    out.write(_head())
    stamp = _line("DTSTAMP", vDatetime(now.astimezone(UTC)))
    count = 0
    for item in items:
        out.write(event_text(item, stamp))
        count += 1
    out.write(_END)
    return count


def event_text(item: CalendarItem, stamp: str) -> str:
    """One all-day event (VALUE=DATE; DTEND the day after, as RFC 5545 counts it), its
    lines made one by one by the library, which escapes the text (commas, semicolons,
    backslashes, new lines) and folds long lines. (Building an icalendar Event for each
    costs three times as long: 100,000 actions took 50 s.)"""
    summary = _line("SUMMARY", vText(f"{item.account}: {item.title}"))
    details = _line("DESCRIPTION", vText("\n".join(item.details))) if item.details else ""
    return "".join([
        "BEGIN:VEVENT\r\n", _line("UID", vText(event_uid(item))), stamp,
        _line("DTSTART", vDate(item.day), _DAY),
        _line("DTEND", vDate(item.day + timedelta(days=1)), _DAY), summary, details,
        _line("LAST-MODIFIED", vDatetime(item.modified.astimezone(UTC))),
        _shared(item.kind.value), "END:VEVENT\r\n"])


def _line(name: str, value: object, params: dict[str, str] | None = None) -> str:
    return Contentline.from_parts(name, Parameters(params or {}), value).to_ical().decode(
        "utf-8") + "\r\n"


@cache
def _shared(kind: str) -> str:
    """What every event of a kind says: its categories, and that it is free time
    (TRANSPARENT) and private (CLASS:PRIVATE, for calendars shared with colleagues)."""
    return (_line("CATEGORIES", vCategory(["kamtui", CATEGORY[kind]]))
            + _line("TRANSP", vText("TRANSPARENT")) + _line("CLASS", vText("PRIVATE")))


def _head() -> str:
    """The calendar's properties as the library writes them, without its end line."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # PUBLISH: a copy of events to keep, not a request anyone must answer.
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    text = calendar.to_ical().decode("utf-8")
    if not text.endswith(_END):  # the library's layout is what the stream relies on
        raise RuntimeError("icalendar wrote an unexpected calendar ending")
    return text[: -len(_END)]


__all__ = ["CALENDAR_NAME", "PRODID", "event_text", "event_uid", "write_events", "write_ics"]
