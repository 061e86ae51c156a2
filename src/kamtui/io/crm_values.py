"""How values in a CRM's CSV export read: numbers in any locale's style, dates in a column's
one order, and CRM words for kamtui's choices. Pure functions; each refusal is a ValueError
whose text reads after the column name ("annual revenue" + " is not a number").

Numbers (`parse_number`):
- currency signs and codes around the number are dropped ("€ 1.234,56", "GBP 12,000");
  "12%" is 12.0; "(1,234)" and "-1,234" are negative;
- spaces and apostrophes only ever group thousands ("1 234,56", "1'234.56");
- with both "." and ",", the last one is the decimal mark ("1,234.56", "1.234,56");
- one kind used more than once groups thousands ("1.234.567", "1,234,567");
- a lone "," followed by exactly three digits groups thousands ("1,234" is 1234, the way
  US exports write it), otherwise it is a decimal comma ("1,5", "12,75", "0,125");
- a lone "." is always a decimal point ("1.5", "1.234"), as every CRM writes raw numbers;
- thousands groups must hold three digits: "1,23,456" is refused rather than guessed.
A whole column reads better than one value: `decimal_mark(column)` finds the mark the
column's other values show, and `parse_number(text, mark)` then reads "250.000" next to
"1.234,56" as 250000, not 250.

Dates (`date_order`, `parse_date`): year-first forms (2026-11-22, 2026/11/22, with or
without a time) and month names (22 Nov 2026, Nov 22, 2026, 22-Nov-26) always read one way.
Forms like 22/11/2026, 22.11.2026 and 11-22-2026 depend on the column: one value whose first
part is over 12 makes the column day-first, one whose second part is over 12 month-first;
a column of only 03/04/2026-like values is refused unless the user says which. A two-digit
year is read as POSIX strptime does: 00-68 are 2000-2068 and 69-99 are 1969-1999 (26 → 2026).
"""

import re
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import TypeVar

from kamtui.domain.enums import AccountStatus, ActionStatus, Attitude, BuyingRole, Priority, Tier

# ---------------------------------------------------------------------------- numbers

_CURRENCY = re.compile(r"^(?:[$€£¥₹]|[A-Z]{3}|[A-Z]{1,2}\$|kr)\s*|\s*(?:[$€£¥₹]|[A-Z]{3}|kr)$")
_SHAPE = re.compile(r"[0-9][0-9., '’]*|[.,][0-9]+")
_PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")  # what most exports write: the fast path
_US_GROUPED = re.compile(r"-?[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")  # not "0,125"
_SCIENTIFIC = re.compile(r"[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]{1,3}")
_GROUPING = (" ", "'", "’")
NOT_A_NUMBER = "is not a number"
MIXED = "mixes separators (use one for thousands and one for decimals, like 1,234.56)"
BAD_GROUPS = "has thousands separators in odd places (write it like 1,234,567)"


def parse_number(text: str, decimal: str | None = None) -> float:
    """The number `text` shows, whatever the locale's separators and currency (see above).
    `decimal` ("." or ",", from `decimal_mark` on the whole column) settles "1.234" and
    "1,234": with "," the first is 1234 and the second 1.234."""
    if decimal != "," and _PLAIN.fullmatch(text):
        return float(text)
    if decimal != "," and _US_GROUPED.fullmatch(text):  # "1,234,567.00": the usual CRM cell
        return float(text.replace(",", ""))
    body = text.strip().replace("\u00a0", " ").replace("\u202f", " ").replace("−", "-")
    negative = False
    if body.startswith("(") and body.endswith(")"):
        negative, body = True, body[1:-1].strip()
    if body.endswith("%"):
        body = body[:-1].strip()
    body, negative = _strip_sign(body, negative)
    for _ in range(2):  # "$-12", "-$12", "12 EUR", "EUR -12"
        body = _CURRENCY.sub("", body, count=1).strip()
        body, negative = _strip_sign(body, negative)
    if _SCIENTIFIC.fullmatch(body):  # Excel writes big numbers as 1.25E+06
        value = float(body)
    else:
        if not _SHAPE.fullmatch(body) or body.endswith((" ", "'", "’")):
            raise ValueError(NOT_A_NUMBER)
        value = float(_plain_digits(body, decimal))
    return -value if negative else value


def _strip_sign(body: str, negative: bool) -> tuple[str, bool]:
    if body and body[0] in "+-":
        if negative and body[0] == "-":
            raise ValueError(NOT_A_NUMBER)
        return body[1:].strip(), negative or body[0] == "-"
    return body, negative


def _plain_digits(body: str, mark: str | None = None) -> str:
    """`body` (digits and separators) as "1234.56", or ValueError when it cannot be read;
    `mark` is the column's decimal mark when known."""
    grouping = [mark for mark in _GROUPING if mark in body]
    marks = [mark for mark in ".," if mark in body]
    if mark is not None:
        other = "," if mark == "." else "."
        if (grouping and other in body or body.count(mark) > 1
                or other in body and mark in body and body.rfind(other) > body.find(mark)):
            raise ValueError(MIXED)
        thousands = grouping or ([other] if other in body else [])
        decimal = mark if mark in body else None
    elif grouping:
        if len(marks) > 1 or any(body.count(mark) > 1 for mark in marks):
            raise ValueError(MIXED)
        thousands, decimal = grouping, marks[0] if marks else None
    elif len(marks) == 2:
        decimal = "." if body.rfind(".") > body.rfind(",") else ","
        thousands = ["," if decimal == "." else "."]
        if body.count(decimal) > 1 or body.rfind(thousands[0]) > body.find(decimal):
            raise ValueError(MIXED)
    elif not marks:
        thousands, decimal = [], None
    else:
        mark = marks[0]
        whole, _, tail = body.partition(mark)
        if body.count(mark) > 1:
            thousands, decimal = [mark], None
        elif mark == "," and len(tail) == 3 and whole not in ("", "0"):
            thousands, decimal = [","], None
        else:
            thousands, decimal = [], mark
    whole, _, fraction = body.partition(decimal) if decimal else (body, "", "")
    if (fraction and not fraction.isdigit()) or not (whole or fraction):
        raise ValueError(NOT_A_NUMBER)
    if thousands:
        groups = re.split("|".join(re.escape(mark) for mark in thousands), whole)
        if (len(set(thousands)) > 1 or not 1 <= len(groups[0]) <= 3
                or any(len(group) != 3 for group in groups[1:])):
            raise ValueError(BAD_GROUPS)
        whole = "".join(groups)
    if whole and not whole.isdigit():
        raise ValueError(NOT_A_NUMBER)
    return f"{whole or '0'}.{fraction or '0'}"


def decimal_mark(values: Iterable[str]) -> str | None:
    """The decimal mark a column of numbers uses, "." or ",", when some value shows it
    ("1,234.56", "12,5", "1.234.567" ...) and none contradicts it; None otherwise, and then
    each value is read by the rules above."""
    seen: set[str] = set()
    for value in values:
        body = value.strip()
        dot, comma = body.rfind("."), body.rfind(",")
        if dot >= 0 and comma >= 0:
            seen.add("." if dot > comma else ",")
        elif dot >= 0 or comma >= 0:
            mark = "." if dot >= 0 else ","
            whole, _, tail = body.partition(mark)
            if body.count(mark) > 1:
                seen.add("," if mark == "." else ".")
            elif len(tail.rstrip(" %$€£¥₹ABCDEFGHIJKLMNOPQRSTUVWXYZ")) != 3 \
                    or whole.strip(" -+($€£¥₹ABCDEFGHIJKLMNOPQRSTUVWXYZ") in ("", "0"):
                seen.add(mark)
        if len(seen) > 1:
            return None
    return seen.pop() if seen else None


# ---------------------------------------------------------------------------- dates


class DateOrder(StrEnum):
    """How a column's day/month/year dates read; year-first and month names read alike."""

    iso = "iso"
    dayfirst = "dayfirst"
    monthfirst = "monthfirst"


NOT_A_DATE = "is not a date like 2026-11-22"
NOT_A_DAY = "is not a day on the calendar"
_WORDS = {DateOrder.dayfirst: "day-first", DateOrder.monthfirst: "month-first"}
# Matched against lower-cased text: "T", "PM" and "Z" arrive as "t", "pm" and "z".
_TIME = r"(?:[t ]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?\s*(?:[ap]\.?m\.?)?" \
        r"\s*(?:z|[+-][0-9]{2}:?[0-9]{2}|utc|gmt)?)?"
_YEAR_FIRST = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})" + _TIME)
_PARTS = re.compile(r"([0-9]{1,2})([-/.])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})\.?" + _TIME)
_MONTHS = {name: n for n, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
_MONTHS |= {name[:3]: n for name, n in list(_MONTHS.items())} | {"sept": 9}
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DAY_NAME = re.compile(_WEEKDAY + r"([0-9]{1,2})(?:st|nd|rd|th)?[-\s]+([a-z]+)\.?,?[-\s]+"
                       r"([0-9]{4}|[0-9]{2})" + _TIME)
_NAME_DAY = re.compile(_WEEKDAY + r"([a-z]+)\.?[-\s]+([0-9]{1,2})(?:st|nd|rd|th)?,?[-\s]+"
                       r"([0-9]{4}|[0-9]{2})" + _TIME)


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 69 else 1900
    return year


def _shape(text: str) -> tuple[str, tuple[int, int, int] | tuple[int, int, str]] | None:
    """("ymd", (y, m, d)) for forms that read one way, ("parts", (a, b, year)) for a/b/year
    forms whose order the column decides, None for anything else."""
    word = text.strip().lower()
    if match := _YEAR_FIRST.fullmatch(word):
        return "ymd", (int(match[1]), int(match[3]), int(match[4]))
    if match := _PARTS.fullmatch(word):
        return "parts", (int(match[1]), int(match[3]), match[4])
    for pattern, day_at, month_at in ((_DAY_NAME, 1, 2), (_NAME_DAY, 2, 1)):
        match = pattern.fullmatch(word)
        if match and match[month_at] in _MONTHS:
            month = _MONTHS[match[month_at]]
            return "ymd", (_full_year(match[3]), month, int(match[day_at]))
    return None


def _reading(text: str) -> DateOrder | None:
    """What one value says about its column: dayfirst/monthfirst when only one order makes
    a calendar day, iso when it reads one way anyway, None when it tells nothing."""
    shape = _shape(text)
    if shape is None:
        return None
    kind, (a, b, _year) = shape
    if kind == "ymd":
        return DateOrder.iso
    if 12 < a <= 31 and 1 <= b <= 12:
        return DateOrder.dayfirst
    if 12 < b <= 31 and 1 <= a <= 12:
        return DateOrder.monthfirst
    return None


def date_order(values: Iterable[str], forced: DateOrder | None = None) -> DateOrder:
    """How a whole column of dates reads (see the module docstring); `forced` is the user's
    --dayfirst/--monthfirst and wins over what the values suggest. Values that are not dates
    at all are left for `parse_date` to refuse row by row."""
    if forced is not None:
        return forced
    seen: dict[DateOrder, str] = {}
    ambiguous = ""
    for value in values:
        reading = _reading(value)
        if reading is not None:
            seen.setdefault(reading, value.strip())
        elif not ambiguous and (shape := _shape(value)) and shape[0] == "parts":
            a, b, _year = shape[1]
            if 1 <= a <= 12 and 1 <= b <= 12:
                ambiguous = value.strip()
    if DateOrder.dayfirst in seen and DateOrder.monthfirst in seen:
        raise ValueError(
            f"mixes day-first dates like {seen[DateOrder.dayfirst]} and month-first dates "
            f"like {seen[DateOrder.monthfirst]}; fix the column or say which with "
            "--dayfirst or --monthfirst")
    for order in (DateOrder.dayfirst, DateOrder.monthfirst):
        if order in seen:
            return order
    if ambiguous:
        raise ValueError(
            f"uses dates like {ambiguous} that read either day-first or month-first; "
            "say which with --dayfirst or --monthfirst")
    return DateOrder.iso


def parse_date(text: str, order: DateOrder) -> date:
    """The day `text` names, reading a/b/year forms in the column's `order`; the date part
    of a date-and-time. ValueError for anything else or a day the calendar lacks."""
    shape = _shape(text)
    if shape is None:
        raise ValueError(NOT_A_DATE)
    kind, (a, b, year) = shape
    if kind == "ymd":
        y, m, d = a, b, year
    elif order == DateOrder.iso:
        raise ValueError(NOT_A_DATE)
    elif _reading(text) not in (None, order):
        raise ValueError(f"can only read {_WORDS[_reading(text)]}, but the column reads "
                         f"{_WORDS[order]}")
    elif order == DateOrder.dayfirst:
        y, m, d = _full_year(str(year)), b, a
    else:
        y, m, d = _full_year(str(year)), a, b
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        raise ValueError(NOT_A_DAY) from None


# ---------------------------------------------------------------------------- choices

E = TypeVar("E", bound=StrEnum)

# What CRMs call kamtui's choices (Salesforce, HubSpot, Dynamics). Keys are compared after
# the same folding as the input (case, spaces, underscores and hyphens ignored).
CRM_ALIASES: dict[type[StrEnum], dict[str, str]] = {
    ActionStatus: {
        "not started": "open", "in progress": "open", "open": "open", "new": "open",
        "deferred": "waiting", "waiting on someone else": "waiting", "on hold": "waiting",
        "completed": "done", "complete": "done", "closed": "done", "finished": "done",
        "canceled": "cancelled", "abandoned": "cancelled"},
    Priority: {"normal": "medium", "none": "medium", "urgent": "high", "highest": "high",
               "lowest": "low"},
    AccountStatus: {"customer": "active", "current": "active", "at risk": "at_risk",
                    "crisis": "in_crisis", "inactive": "churned", "former customer": "churned",
                    "lost": "churned"},
    Tier: {"key account": "key", "strategic": "key", "tier 1": "key", "tier 2": "major",
           "tier 3": "standard"},
    BuyingRole: {"end user": "user", "evaluator": "influencer", "technical buyer": "influencer",
                 "budget holder": "economic_buyer", "sponsor": "champion"},
    Attitude: {"positive": "supporter", "supportive": "supporter", "negative": "detractor",
               "unknown": "neutral"},
}


def _fold(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text.strip().lower())


def parse_choice(text: str, enum_cls: type[E], aliases: dict[str, str] | None = None) -> E:
    """The member of `enum_cls` that `text` names: its value or label in any case, with
    spaces, underscores and hyphens ignored ("At Risk", "AT_RISK"), or a CRM word for it
    (CRM_ALIASES, then `aliases`, which win). ValueError listing the choices otherwise."""
    words = {_fold(member.value): member.value for member in enum_cls}
    for table in (CRM_ALIASES.get(enum_cls, {}), aliases or {}):
        words |= {_fold(word): value for word, value in table.items()}
    value = words.get(_fold(text))
    if value is None:
        names = [member.value.replace("_", " ") for member in enum_cls]
        raise ValueError(f"is not one of {', '.join(names[:-1])} or {names[-1]}")
    return enum_cls(value)
