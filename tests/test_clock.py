"""KAMTUI_TODAY pins today; a bad value is one clear sentence."""

from datetime import date

import pytest

from kamtui import clock
from kamtui.errors import KamError


def test_pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMTUI_TODAY", "2027-02-28")
    assert clock.today() == date(2027, 2, 28)


def test_unpinned_today_is_the_local_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KAMTUI_TODAY")
    assert clock.today() == date.today()


def test_bad_pin_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMTUI_TODAY", "next tuesday")
    with pytest.raises(KamError, match="KAMTUI_TODAY must be a date like 2026-12-01"):
        clock.today()


def test_now_is_aware_utc() -> None:
    assert clock.utcnow().utcoffset().total_seconds() == 0
