"""Dates a person types: every accepted form, month clamping, and plain refusals."""

from datetime import date, timedelta

import pytest

from kamtui.domain.dates import (
    ACCEPTED,
    add_months,
    advance,
    parse_day,
    relative_ago,
    relative_day,
)
from kamtui.domain.enums import RecurrenceUnit
from kamtui.errors import InvalidInput

SUNDAY = date(2026, 11, 22)  # the pinned KAMTUI_TODAY of the test suite
# The week after it, Monday 23 to Sunday 29 November 2026.
MON, TUE, WED, THU, FRI, SAT, SUN = (date(2026, 11, 23) + timedelta(days=n) for n in range(7))
NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def refusal(text: str, today: date = SUNDAY, **kwargs: str) -> str:
    """The one sentence parse_day refuses `text` with."""
    with pytest.raises(InvalidInput) as caught:
        parse_day(text, today, **kwargs)
    assert len(caught.value.messages) == 1
    return caught.value.messages[0]


# --- the plain words -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("today", SUNDAY),
    ("tomorrow", MON),
    ("yesterday", date(2026, 11, 21)),
])
def test_plain_words(text: str, expected: date) -> None:
    assert parse_day(text, SUNDAY) == expected


def test_plain_words_cross_month_and_year() -> None:
    assert parse_day("tomorrow", date(2026, 12, 31)) == date(2027, 1, 1)
    assert parse_day("yesterday", date(2027, 1, 1)) == date(2026, 12, 31)
    assert parse_day("tomorrow", date(2028, 2, 28)) == date(2028, 2, 29)


@pytest.mark.parametrize("text", [
    " TODAY ", "\tToday\n", "ToDaY", "  +3D", "+3d  ", "EOQ", "Eom", " MON ", "Monday",
    "FRIDAY", " 2026-12-01 ",
])
def test_case_and_surrounding_spaces_do_not_matter(text: str) -> None:
    assert parse_day(text, SUNDAY) == parse_day(text.strip().lower(), SUNDAY)


# --- weekday names ---------------------------------------------------------------------------

@pytest.mark.parametrize("today", [MON, TUE, WED, THU, FRI, SAT, SUN])
@pytest.mark.parametrize("weekday", range(7))
def test_weekday_is_the_next_such_day_strictly_after_today(today: date, weekday: int) -> None:
    full = NAMES[weekday]
    found = parse_day(full, today)
    assert found.weekday() == weekday
    assert today < found <= today + timedelta(days=7)
    assert parse_day(full[:3], today) == found


def test_weekday_examples() -> None:
    assert parse_day("mon", SUNDAY) == MON
    assert parse_day("sun", SUNDAY) == date(2026, 11, 29)  # not today: a week on
    assert parse_day("fri", FRI) == date(2026, 12, 4)  # typing today's name means next week
    assert parse_day("thursday", FRI) == date(2026, 12, 3)
    assert parse_day("sat", FRI) == SAT
    assert parse_day("wed", date(2026, 12, 31)) == date(2027, 1, 6)  # into the new year


# --- +N / -N days, weeks, months -------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("+0d", SUNDAY),
    ("-0d", SUNDAY),
    ("+1d", MON),
    ("+3d", date(2026, 11, 25)),
    ("-3d", date(2026, 11, 19)),
    ("+10d", date(2026, 12, 2)),
    ("+1w", date(2026, 11, 29)),
    ("+2w", date(2026, 12, 6)),
    ("-2w", date(2026, 11, 8)),
    ("+1m", date(2026, 12, 22)),
    ("+2m", date(2027, 1, 22)),
    ("-1m", date(2026, 10, 22)),
    ("+12m", date(2027, 11, 22)),
    ("-12m", date(2025, 11, 22)),
    ("+24m", date(2028, 11, 22)),
    ("+365d", date(2027, 11, 22)),
    ("+007d", date(2026, 11, 29)),
])
def test_relative_forms(text: str, expected: date) -> None:
    assert parse_day(text, SUNDAY) == expected


@pytest.mark.parametrize(("today", "text", "expected"), [
    (date(2026, 1, 31), "+1m", date(2026, 2, 28)),
    (date(2028, 1, 31), "+1m", date(2028, 2, 29)),  # leap year
    (date(2026, 3, 31), "-1m", date(2026, 2, 28)),
    (date(2026, 3, 31), "+1m", date(2026, 4, 30)),
    (date(2028, 2, 29), "+12m", date(2029, 2, 28)),
    (date(2028, 2, 29), "+48m", date(2032, 2, 29)),
    (date(2026, 12, 31), "+2m", date(2027, 2, 28)),
    (date(2026, 1, 15), "-1m", date(2025, 12, 15)),
])
def test_months_clamp_the_day(today: date, text: str, expected: date) -> None:
    assert parse_day(text, today) == expected


# --- eow, eom, eoq ---------------------------------------------------------------------------

@pytest.mark.parametrize(("today", "expected"), [
    (MON, FRI),
    (TUE, FRI),
    (WED, FRI),
    (THU, FRI),
    (FRI, FRI),  # on a Friday the week ends today
    (SAT, date(2026, 12, 4)),  # at the weekend: the coming Friday
    (SUN, date(2026, 12, 4)),
    (SUNDAY, FRI),
    (date(2026, 12, 31), date(2027, 1, 1)),  # a Thursday; Friday is in the new year
])
def test_end_of_week_is_the_working_weeks_friday(today: date, expected: date) -> None:
    assert parse_day("eow", today) == expected


@pytest.mark.parametrize(("today", "expected"), [
    (SUNDAY, date(2026, 11, 30)),
    (date(2026, 11, 30), date(2026, 11, 30)),
    (date(2026, 12, 1), date(2026, 12, 31)),
    (date(2027, 2, 3), date(2027, 2, 28)),
    (date(2028, 2, 3), date(2028, 2, 29)),  # leap year
    (date(2026, 4, 10), date(2026, 4, 30)),
])
def test_end_of_month(today: date, expected: date) -> None:
    assert parse_day("eom", today) == expected


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 1, 1), date(2026, 3, 31)),
    (date(2026, 2, 14), date(2026, 3, 31)),
    (date(2026, 3, 31), date(2026, 3, 31)),
    (date(2026, 4, 1), date(2026, 6, 30)),
    (date(2026, 6, 30), date(2026, 6, 30)),
    (date(2026, 7, 1), date(2026, 9, 30)),
    (date(2026, 8, 20), date(2026, 9, 30)),
    (date(2026, 10, 1), date(2026, 12, 31)),
    (SUNDAY, date(2026, 12, 31)),
    (date(2026, 12, 31), date(2026, 12, 31)),
])
def test_end_of_quarter(today: date, expected: date) -> None:
    assert parse_day("eoq", today) == expected


# --- ISO dates -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("2026-12-01", date(2026, 12, 1)),
    ("2020-01-01", date(2020, 1, 1)),  # the past is fine (logging what happened)
    ("2028-02-29", date(2028, 2, 29)),
    ("2026-11-22", SUNDAY),
])
def test_iso_dates(text: str, expected: date) -> None:
    assert parse_day(text, SUNDAY) == expected


@pytest.mark.parametrize("text", [
    "2026-02-30", "2027-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-12-00",
    "2026-12-32", "0000-01-01",
])
def test_iso_dates_must_be_real(text: str) -> None:
    assert refusal(text) == f"Date: '{text}' is not a date kamtui understands; use {ACCEPTED}."


# --- refusals --------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "12/01", "01/12/2026", "1.12.2026", "2026/12/01", "2026-12-1", "2026-1-05", "26-12-01",
    "20261201", "2026-W49-1", "2026-12-01T10:00", "next week", "next friday", "in 3 days",
    "3d", "d3", "+d", "-d", "+3", "+3x", "+3y", "+3dd", "++3d", "+-3d", "+ 3d", "+3 d", "+1.5m",
    "+３d", "tues", "mond", "fri.", "now", "eod", "eoy", "soon", "someday", "0",
])
def test_anything_else_is_refused_with_the_accepted_forms(text: str) -> None:
    assert refusal(text) == f"Date: '{text}' is not a date kamtui understands; use {ACCEPTED}."


@pytest.mark.parametrize("text", [
    "+99999999d", "-99999999d", "+99999999w", "+99999999m", "-99999999m", "+999999999d",
    "+999999999w", "+9999999999d", "+" + "9" * 5000 + "d",
])
def test_huge_numbers_are_refused_not_overflowed(text: str) -> None:
    found = refusal(text)
    assert found.startswith("Date: '")
    assert found.endswith(f"is not a date kamtui understands; use {ACCEPTED}.")


def test_near_the_calendars_edge() -> None:
    assert parse_day("+1d", date(9999, 12, 30)) == date(9999, 12, 31)
    assert "not a date" in refusal("+1d", date(9999, 12, 31))
    assert "not a date" in refusal("+1m", date(9999, 12, 1))
    assert "not a date" in refusal("-1d", date(1, 1, 1))


@pytest.mark.parametrize("text", ["", " ", "\t\n  "])
def test_empty_text_asks_for_a_date(text: str) -> None:
    assert refusal(text) == f"Date: give a date; use {ACCEPTED}."
    assert refusal(text, field="Deadline") == f"Deadline: give a date; use {ACCEPTED}."


def test_refusal_names_the_field_and_quotes_the_text_as_typed() -> None:
    assert refusal("  Next Week ", field="Snooze until") == (
        f"Snooze until: 'Next Week' is not a date kamtui understands; use {ACCEPTED}."
    )


def test_a_long_text_is_quoted_shortened() -> None:
    found = refusal("x" * 500)
    assert "x" * 39 + "…'" in found
    assert "x" * 41 not in found


def test_accepted_lists_every_form_and_each_example_parses() -> None:
    assert ACCEPTED == (
        "today, tomorrow, yesterday, a weekday (mon or monday ... sun), +3d, +2w, +1m, -3d, "
        "eow, eom, eoq, or a date like 2026-12-01"
    )
    for example in ("today", "tomorrow", "yesterday", "mon", "monday", "sun", "+3d", "+2w",
                    "+1m", "-3d", "eow", "eom", "eoq", "2026-12-01"):
        assert example in ACCEPTED
        assert isinstance(parse_day(example, SUNDAY), date)


def test_invalid_input_str_is_the_sentence() -> None:
    with pytest.raises(InvalidInput, match="is not a date kamtui understands"):
        parse_day("12/01", SUNDAY)


# --- add_months and advance ------------------------------------------------------------------

@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2028, 2, 29), 12, date(2029, 2, 28)),
    (date(2028, 2, 29), -12, date(2027, 2, 28)),
    (date(2026, 8, 31), 1, date(2026, 9, 30)),
    (date(2026, 5, 31), -1, date(2026, 4, 30)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)),
    (date(2026, 1, 15), -1, date(2025, 12, 15)),
    (date(2026, 1, 15), -13, date(2024, 12, 15)),
    (date(2026, 11, 22), 12, date(2027, 11, 22)),
    (date(2026, 11, 22), 0, date(2026, 11, 22)),
    (date(2026, 10, 31), 4, date(2027, 2, 28)),
])
def test_add_months_clamps_the_day(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_add_months_keeps_the_clamped_day_only_for_that_step() -> None:
    # Jan 31 + 1m = Feb 28, but Jan 31 + 2m is Mar 31, not Mar 28.
    assert add_months(date(2026, 1, 31), 2) == date(2026, 3, 31)


def test_add_months_outside_the_calendar_overflows() -> None:
    with pytest.raises(OverflowError):
        add_months(date(9999, 12, 1), 1)
    with pytest.raises(OverflowError):
        add_months(date(1, 1, 1), -1)


@pytest.mark.parametrize(("every", "unit", "expected"), [
    (1, RecurrenceUnit.days, date(2026, 11, 23)),
    (10, RecurrenceUnit.days, date(2026, 12, 2)),
    (1, RecurrenceUnit.weeks, date(2026, 11, 29)),
    (2, RecurrenceUnit.weeks, date(2026, 12, 6)),
    (1, RecurrenceUnit.months, date(2026, 12, 22)),
    (3, RecurrenceUnit.months, date(2027, 2, 22)),
    (12, RecurrenceUnit.months, date(2027, 11, 22)),
    (-1, RecurrenceUnit.weeks, date(2026, 11, 15)),
    (-2, RecurrenceUnit.days, date(2026, 11, 20)),
])
def test_advance(every: int, unit: RecurrenceUnit, expected: date) -> None:
    assert advance(SUNDAY, every, unit) == expected


def test_advance_by_months_clamps_and_takes_the_stored_value() -> None:
    assert advance(date(2026, 1, 31), 1, RecurrenceUnit.months) == date(2026, 2, 28)
    # A unit read back from the store as a plain string works the same.
    assert advance(date(2026, 1, 31), 1, "months") == date(2026, 2, 28)  # type: ignore[arg-type]


def test_advance_outside_the_calendar_overflows() -> None:
    with pytest.raises(OverflowError):
        advance(date(9999, 12, 31), 1, RecurrenceUnit.days)


# --- how dates read back ---------------------------------------------------------------------

@pytest.mark.parametrize(("due", "expected"), [
    (SUNDAY, "today"),
    (date(2026, 11, 23), "tomorrow"),
    (date(2026, 11, 24), "in 2 days"),
    (date(2026, 11, 27), "in 5 days"),
    (date(2026, 12, 30), "in 38 days"),
    (date(2027, 11, 22), "in 365 days"),
    (date(2026, 11, 21), "1 day overdue"),
    (date(2026, 11, 19), "3 days overdue"),
    (date(2026, 10, 22), "31 days overdue"),
])
def test_relative_day(due: date, expected: str) -> None:
    assert relative_day(due, SUNDAY) == expected


@pytest.mark.parametrize(("day", "expected"), [
    (SUNDAY, "today"),
    (date(2026, 11, 21), "yesterday"),
    (date(2026, 11, 20), "2 days ago"),
    (date(2026, 11, 19), "3 days ago"),
    (date(2025, 11, 22), "365 days ago"),
    (date(2026, 11, 23), "tomorrow"),
    (date(2026, 11, 24), "in 2 days"),
    (date(2026, 12, 2), "in 10 days"),
])
def test_relative_ago(day: date, expected: str) -> None:
    assert relative_ago(day, SUNDAY) == expected
