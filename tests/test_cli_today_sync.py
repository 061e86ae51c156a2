"""`kamtui today` ends with one line when sync conflicts wait or sync is overdue, and
says nothing of sync otherwise (issue 9)."""

from pathlib import Path

import pytest
from conflict_helpers import conflicted_pair, set_last_synced
from helpers import Kam

from kamtui.__main__ import main
from kamtui.store.repos import Services


def today_text(path: Path, capsys: pytest.CaptureFixture, *args: str) -> str:
    assert main(["--db", str(path), "today", *args]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def test_today_ends_with_the_sync_notice(tmp_path: Path,
                                         capsys: pytest.CaptureFixture) -> None:
    laptop, server = conflicted_pair(tmp_path)
    try:
        out = today_text(laptop.path, capsys)
        assert out.endswith("\n\n2 sync conflicts to resolve: kamtui sync conflicts.\n")
        set_last_synced(laptop, 12.5)
        assert today_text(laptop.path, capsys).splitlines()[-1] == (
            "2 sync conflicts to resolve: kamtui sync conflicts. Last synced 12 days ago: "
            "run kamtui sync HOST.")
        assert "sync" not in today_text(laptop.path, capsys, "--json")
    finally:
        laptop.close()
        server.close()


def test_today_says_nothing_of_sync_when_all_is_well(demo: Services, kam: Kam) -> None:
    code, out, _ = kam("today")
    assert code == 0
    assert "sync" not in out.lower()
