"""User text made one safe line, and counts with their noun."""

import pytest

from kamtui.domain.words import one_line, plural


@pytest.mark.parametrize(("value", "shown"), [
    (None, ""),
    ("Acme GmbH", "Acme GmbH"),  # printable: returned as it is
    ("Call\r\nback\tnow", "Call back now"),
    ("a\x1b[31mred\x07", "a[31mred"),  # ESC and BEL dropped: no escape reaches a terminal
    ("x\x85y\x7fz", "xyz"),  # C1 control and DEL
    ("Café\u00a0Nord", "Café\u00a0Nord"),  # not isprintable(), but nothing to drop
    ("日本\n株式会社", "日本 株式会社"),
    (42, "42"),
])
def test_one_line(value: object, shown: str) -> None:
    assert one_line(value) == shown


def test_plural() -> None:
    assert (plural(1, "account"), plural(2, "account"), plural(0, "day", "days!")) == (
        "1 account", "2 accounts", "0 days!")
