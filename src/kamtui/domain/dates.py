"""Dates a person types ("+3d", "fri", "eoq", "2026-12-01") and how due dates read back.

Pure functions of their arguments: "today" is always passed in, so every rule is testable
with a pinned day and nothing here touches the store or the clock.
"""

import calendar
import re
from datetime import date, timedelta

from kamtui.domain.enums import RecurrenceUnit
from kamtui.errors import InvalidInput

ACCEPTED = (
    "today, tomorrow, yesterday, a weekday (mon or monday ... sun), +3d, +2w, +1m, -3d, "
    "eow, eom, eoq, or a date like 2026-12-01"
)

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_NUMBER = {name: n for n, name in enumerate(_WEEKDAYS)} | {
    name[:3]: n for n, name in enumerate(_WEEKDAYS)
}
_FRIDAY = 4

# ASCII digits only (re's \d would let "+３d" through), and at most 9 of them: anything longer
# is far outside the dates a date can hold, and int() refuses very long digit strings anyway.
_RELATIVE = re.compile(r"([+-])([0-9]{1,9})([dwm])")
_UNITS = {"d": RecurrenceUnit.days, "w": RecurrenceUnit.weeks, "m": RecurrenceUnit.months}
# Only the plain YYYY-MM-DD form: date.fromisoformat alone would also take "20261201" and
# "2026-W49-1", which a person is unlikely to mean and the refusal never offers.
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# A refusal quotes what was typed; a pasted paragraph should not become the message.
_QUOTE_LIMIT = 40


def parse_day(text: str, today: date, *, field: str = "Date") -> date:
    """The day `text` names, counted from `today`; InvalidInput with one sentence if unclear.

    Nothing is guessed: "12/01" (which order?), "next week" (which day?) and "3d" (forward or
    back?) are refused with the list of forms that are understood.
    """
    word = text.strip().lower()
    if not word:
        raise InvalidInput([f"{field}: give a date; use {ACCEPTED}."])
    try:
        day = _parse(word, today)
    except (OverflowError, ValueError):
        # Out of the calendar's range (+99999999d) or not a real day (2026-02-30).
        day = None
    if day is None:
        raise InvalidInput(
            [f"{field}: '{_quote(text.strip())}' is not a date kamtui understands; "
             f"use {ACCEPTED}."]
        )
    return day


def _parse(word: str, today: date) -> date | None:
    """The day for a stripped, lower-cased `word`, or None when it is not an accepted form."""
    if word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    if word == "yesterday":
        return today - timedelta(days=1)
    if word in _WEEKDAY_NUMBER:
        # Strictly after today: typing "mon" on a Monday means next Monday, not today.
        ahead = (_WEEKDAY_NUMBER[word] - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    if word == "eow":
        # Mon-Thu: this Friday; Friday: today; a weekend: the coming Friday.
        return today + timedelta(days=(_FRIDAY - today.weekday()) % 7)
    if word == "eom":
        return _last_of_month(today.year, today.month)
    if word == "eoq":
        return _last_of_month(today.year, (today.month - 1) // 3 * 3 + 3)
    relative = _RELATIVE.fullmatch(word)
    if relative:
        sign, count, unit = relative.groups()
        amount = int(count) * (-1 if sign == "-" else 1)
        return advance(today, amount, _UNITS[unit])
    if _ISO.fullmatch(word):
        return date.fromisoformat(word)
    return None



def _quote(text: str) -> str:
    return text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 1] + "…"


def _last_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """`day` moved by `months` calendar months, the day clamped to the month's end.

    Jan 31 + 1 month is Feb 28 (Feb 29 in a leap year). Raises OverflowError past year
    1 or 9999, as date arithmetic does.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise OverflowError(f"date value out of range: {months} months from {day}")
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def advance(day: date, every: int, unit: RecurrenceUnit) -> date:
    """`day` moved by `every` days, weeks or months (negative goes back).

    Raises OverflowError when the result falls outside the calendar.
    """
    if unit == RecurrenceUnit.months:
        return add_months(day, every)
    days = every * 7 if unit == RecurrenceUnit.weeks else every
    return day + timedelta(days=days)


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def relative_day(due: date, today: date) -> str:
    """How a deadline reads: "today", "tomorrow", "in 5 days", "1 day overdue", "3 days overdue".

    Always in plain days, never "in 2 weeks": a KAM planning the week wants the exact count.
    """
    delta = (due - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta > 0:
        return f"in {_days(delta)}"
    return f"{_days(-delta)} overdue"


def relative_ago(day: date, today: date) -> str:
    """How a past event reads: "today", "yesterday", "3 days ago" (a future day: "in 2 days")."""
    delta = (today - day).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "yesterday"
    if delta == -1:
        return "tomorrow"
    if delta > 0:
        return f"{_days(delta)} ago"
    return f"in {_days(-delta)}"
