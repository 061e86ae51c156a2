"""Values in CRM exports: numbers in every locale's style, a date column's one order, and
CRM words for kamtui's choices, each refused with a reason that reads after a column name."""

from datetime import date

import pytest

from kamtui.domain.enums import AccountStatus, ActionStatus, Attitude, Priority, Tier
from kamtui.io.crm_values import (
    BAD_GROUPS,
    MIXED,
    NOT_A_DATE,
    NOT_A_DAY,
    NOT_A_NUMBER,
    DateOrder,
    date_order,
    decimal_mark,
    parse_choice,
    parse_date,
    parse_number,
)


@pytest.mark.parametrize(("text", "value"), [
    ("1234", 1234.0),
    ("1,234.56", 1234.56),
    ("1.234,56", 1234.56),
    ("1 234,56", 1234.56),
    ("1\u00a0234,56", 1234.56),  # a no-break space, as French Excel writes
    ("1'234.56", 1234.56),
    ("1’234.56", 1234.56),
    ("€ 1.234,56", 1234.56),
    ("1.234,56 €", 1234.56),
    ("$1,234", 1234.0),
    ("1.234.567", 1234567.0),
    ("1,234,567", 1234567.0),
    ("1,234,567.89", 1234567.89),
    ("GBP 12,000", 12000.0),
    ("12,000 EUR", 12000.0),
    ("US$ 5", 5.0),
    ("-12.5", -12.5),
    ("+12.5", 12.5),
    ("−3", -3.0),  # a typographic minus
    ("-$12", -12.0),
    ("$-12", -12.0),
    ("(1,234)", -1234.0),
    ("($1,234.50)", -1234.5),
    ("12%", 12.0),
    ("18.5 %", 18.5),
    ("-2,5%", -2.5),
    ("1,5", 1.5),
    ("12,75", 12.75),
    ("1,234", 1234.0),  # a lone comma before three digits groups thousands
    ("0,125", 0.125),  # ... unless the whole part is 0
    ("1,2345", 1.2345),
    ("1.5", 1.5),
    ("1.234", 1.234),  # a lone point is always a decimal point
    (".5", 0.5),
    (",5", 0.5),
    ("0", 0.0),
    ("  42  ", 42.0),
    ("1.25E+06", 1250000.0),
    ("1 250 000", 1250000.0),
])
def test_numbers_read_in_every_style(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(("text", "reason"), [
    ("n/a", NOT_A_NUMBER),
    ("", NOT_A_NUMBER),
    ("-", NOT_A_NUMBER),
    ("$", NOT_A_NUMBER),
    ("12 apples", NOT_A_NUMBER),
    ("1-2", NOT_A_NUMBER),
    ("nan", NOT_A_NUMBER),
    ("inf", NOT_A_NUMBER),
    ("--5", NOT_A_NUMBER),
    ("(-5)", NOT_A_NUMBER),
    ("1.234,567.8", MIXED),
    ("1,234.567,8", MIXED),
    ("1 234.567,8", MIXED),
    ("1,23,456", BAD_GROUPS),
    ("1,234,56", BAD_GROUPS),
    ("1234,567.8", BAD_GROUPS),
    ("1 2", BAD_GROUPS),
    ("1'234 567", BAD_GROUPS),
])
def test_numbers_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_number(text)
    assert str(err.value) == reason


def test_number_reasons_read_after_a_column_name() -> None:
    assert f"annual revenue {NOT_A_NUMBER}" == "annual revenue is not a number"
    assert MIXED.startswith("mixes separators")


@pytest.mark.parametrize(("values", "order"), [
    (["2026-11-22", "2026-11-22T10:00", "2026/11/22", "2026-01-05 14:30:00"], DateOrder.iso),
    (["2026-11-22T10:00:00.000Z", "2026-11-22T10:00:00+01:00"], DateOrder.iso),
    (["22 Nov 2026", "Nov 22, 2026", "22-Nov-2026", "November 3, 2026"], DateOrder.iso),
    (["03/04/2026", "22/11/2026"], DateOrder.dayfirst),
    (["22.11.2026", "01.02.2026"], DateOrder.dayfirst),
    (["22-11-2026"], DateOrder.dayfirst),
    (["03/04/2026", "11/22/2026"], DateOrder.monthfirst),
    (["11/22/2026 2:30 PM"], DateOrder.monthfirst),
    (["2026-11-22", "22/11/2026", "not a date", ""], DateOrder.dayfirst),
    ([], DateOrder.iso),
    (["", "n/a"], DateOrder.iso),  # nothing to go by: the rows are refused one by one
    (["31/02/2026"], DateOrder.dayfirst),  # impossible, but only ever day-first
])
def test_a_column_reads_in_one_order(values: list[str], order: DateOrder) -> None:
    assert date_order(values) == order


def test_a_column_of_only_ambiguous_dates_is_refused_unless_forced() -> None:
    with pytest.raises(ValueError) as err:
        date_order(["03/04/2026", "2026-05-01", "12/12/2026"])
    assert str(err.value) == (
        "uses dates like 03/04/2026 that read either day-first or month-first; say which "
        "with --dayfirst or --monthfirst")
    assert date_order(["03/04/2026"], DateOrder.dayfirst) == DateOrder.dayfirst
    assert date_order(["03/04/2026"], DateOrder.monthfirst) == DateOrder.monthfirst


def test_a_column_mixing_both_orders_is_refused() -> None:
    with pytest.raises(ValueError) as err:
        date_order(["22/11/2026", "05/06/2026", "11/23/2026"])
    assert str(err.value).startswith(
        "mixes day-first dates like 22/11/2026 and month-first dates like 11/23/2026")
    # The user's word wins; the odd rows are then refused by parse_date.
    assert date_order(["22/11/2026", "11/23/2026"], DateOrder.dayfirst) == DateOrder.dayfirst


@pytest.mark.parametrize(("text", "order", "day"), [
    ("2026-11-22", DateOrder.iso, date(2026, 11, 22)),
    ("2026-11-22", DateOrder.monthfirst, date(2026, 11, 22)),  # ISO reads one way
    ("2026/1/5", DateOrder.dayfirst, date(2026, 1, 5)),
    ("2026-11-22T10:00", DateOrder.iso, date(2026, 11, 22)),
    ("2026-11-22 14:30", DateOrder.iso, date(2026, 11, 22)),
    ("2026-11-22T23:59:59Z", DateOrder.iso, date(2026, 11, 22)),
    ("22/11/2026", DateOrder.dayfirst, date(2026, 11, 22)),
    ("22.11.2026", DateOrder.dayfirst, date(2026, 11, 22)),
    ("22-11-2026", DateOrder.dayfirst, date(2026, 11, 22)),
    ("03/04/2026", DateOrder.dayfirst, date(2026, 4, 3)),
    ("03/04/2026", DateOrder.monthfirst, date(2026, 3, 4)),
    ("11/22/2026 2:30 PM", DateOrder.monthfirst, date(2026, 11, 22)),
    ("11/22/2026 14:30", DateOrder.monthfirst, date(2026, 11, 22)),
    ("22/11/26", DateOrder.dayfirst, date(2026, 11, 22)),  # two-digit years: 26 -> 2026
    ("22/11/68", DateOrder.dayfirst, date(2068, 11, 22)),
    ("22/11/69", DateOrder.dayfirst, date(1969, 11, 22)),
    ("22 Nov 2026", DateOrder.iso, date(2026, 11, 22)),
    ("22 November 2026", DateOrder.monthfirst, date(2026, 11, 22)),
    ("Nov 22, 2026", DateOrder.dayfirst, date(2026, 11, 22)),
    ("22-Nov-2026", DateOrder.iso, date(2026, 11, 22)),
    ("22-Nov-26", DateOrder.iso, date(2026, 11, 22)),
    ("Sept 3, 2026", DateOrder.iso, date(2026, 9, 3)),
    ("Sunday, November 22, 2026", DateOrder.iso, date(2026, 11, 22)),
    ("1st Dec 2026", DateOrder.iso, date(2026, 12, 1)),
])
def test_dates_read(text: str, order: DateOrder, day: date) -> None:
    assert parse_date(text, order) == day


@pytest.mark.parametrize(("text", "order", "reason"), [
    ("next Tuesday", DateOrder.iso, NOT_A_DATE),
    ("", DateOrder.dayfirst, NOT_A_DATE),
    ("22/11", DateOrder.dayfirst, NOT_A_DATE),
    ("20261122", DateOrder.iso, NOT_A_DATE),
    ("22 Foo 2026", DateOrder.iso, NOT_A_DATE),
    ("22/11-2026", DateOrder.dayfirst, NOT_A_DATE),  # two different separators
    ("03/04/2026", DateOrder.iso, NOT_A_DATE),  # a column of ISO dates has no a/b/year
    ("31/02/2026", DateOrder.dayfirst, NOT_A_DAY),
    ("31.09.2026", DateOrder.dayfirst, NOT_A_DAY),
    ("2026-13-01", DateOrder.iso, NOT_A_DAY),
    ("30 Feb 2026", DateOrder.iso, NOT_A_DAY),
    ("13/13/2026", DateOrder.dayfirst, NOT_A_DAY),
    ("11/22/2026", DateOrder.dayfirst,
     "can only read month-first, but the column reads day-first"),
    ("22/11/2026", DateOrder.monthfirst,
     "can only read day-first, but the column reads month-first"),
])
def test_dates_refused_with_a_reason(text: str, order: DateOrder, reason: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_date(text, order)
    assert str(err.value) == reason


@pytest.mark.parametrize(("text", "enum_cls", "value"), [
    ("open", ActionStatus, ActionStatus.open),
    ("Not Started", ActionStatus, ActionStatus.open),
    ("NOT_STARTED", ActionStatus, ActionStatus.open),
    ("In Progress", ActionStatus, ActionStatus.open),
    ("Deferred", ActionStatus, ActionStatus.waiting),
    ("Completed", ActionStatus, ActionStatus.done),
    ("Canceled", ActionStatus, ActionStatus.cancelled),
    ("Normal", Priority, Priority.medium),
    ("HIGH", Priority, Priority.high),
    ("NONE", Priority, Priority.medium),
    ("At Risk", AccountStatus, AccountStatus.at_risk),
    ("at-risk", AccountStatus, AccountStatus.at_risk),
    (" in_crisis ", AccountStatus, AccountStatus.in_crisis),
    ("Inactive", AccountStatus, AccountStatus.churned),
    ("Key", Tier, Tier.key),
    ("Strategic", Tier, Tier.key),
    ("Positive", Attitude, Attitude.supporter),
])
def test_choices_read_in_any_case_and_in_crm_words(text: str, enum_cls: type,
                                                    value: object) -> None:
    assert parse_choice(text, enum_cls) is value


def test_choice_aliases_given_win_over_the_built_in_ones() -> None:
    assert parse_choice("Deferred", ActionStatus, {"deferred": "cancelled"}) \
        is ActionStatus.cancelled
    assert parse_choice("P1", Priority, {"P1": "high", "p 2": "medium"}) is Priority.high
    assert parse_choice("p_2", Priority, {"P1": "high", "p 2": "medium"}) is Priority.medium
    assert parse_choice("Normal", Priority, {}) is Priority.medium


def test_an_unknown_choice_lists_the_choices() -> None:
    with pytest.raises(ValueError) as err:
        parse_choice("Critical", Priority)
    assert str(err.value) == "is not one of high, medium or low"
    with pytest.raises(ValueError) as err:
        parse_choice("", AccountStatus)
    assert str(err.value) == "is not one of active, at risk, in crisis or churned"


@pytest.mark.parametrize(("values", "mark"), [
    (["250.000", "1.234,56"], ","),  # the European column: 250.000 is thousands
    (["1.234", "12,5"], ","),
    (["1.234.567", "12"], ","),
    (["€ 1.234,5"], ","),
    (["1,234", "1.5"], "."),
    (["1,234,567"], "."),
    (["0.125"], "."),
    (["0,125"], ","),
    (["1,234", "1.234", "12%", "n/a", ""], None),  # nothing settles it
    (["1,5", "1.5"], None),  # contradicts itself: each value by the rules
    ([], None),
])
def test_a_columns_decimal_mark(values: list[str], mark: str | None) -> None:
    assert decimal_mark(values) == mark


@pytest.mark.parametrize(("text", "mark", "value"), [
    ("250.000", ",", 250000.0),
    ("1.234", ",", 1234.0),
    ("1,234", ",", 1.234),
    ("1.234,56 €", ",", 1234.56),
    ("1 234,5", ",", 1234.5),
    ("1234", ",", 1234.0),
    ("-7", ",", -7.0),
    ("1.234", ".", 1.234),
    ("1,234", ".", 1234.0),
    ("1,234.5", ".", 1234.5),
])
def test_numbers_read_with_the_columns_mark(text: str, mark: str, value: float) -> None:
    assert parse_number(text, mark) == pytest.approx(value)


@pytest.mark.parametrize(("text", "mark", "reason"), [
    ("1,234.56", ",", MIXED),
    ("1 234.5", ",", MIXED),
    ("1,2,3", ",", MIXED),
    ("1.5", ",", BAD_GROUPS),
    ("1234.5", ",", BAD_GROUPS),
    ("1,5", ".", BAD_GROUPS),
])
def test_numbers_that_do_not_fit_the_columns_mark(text: str, mark: str, reason: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_number(text, mark)
    assert str(err.value) == reason
