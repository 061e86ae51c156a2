"""Shared fixtures: every test gets its own store on a temp file, and a pinned today."""

from datetime import date
from pathlib import Path

import pytest
from helpers import Kam

from kamtui.__main__ import main
from kamtui.demo import build_demo
from kamtui.store import Store, open_store
from kamtui.store.repos import Services

TODAY = "2026-11-22"


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the real data or cache folders, and today is pinned."""
    monkeypatch.setenv("KAMTUI_TODAY", TODAY)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("KAMTUI_DB", raising=False)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = open_store(tmp_path / "store" / "kamtui.db", create=True)
    yield opened
    opened.close()


@pytest.fixture
def services(store: Store) -> Services:
    return Services(store)



@pytest.fixture
def kam(store: Store, capsys: pytest.CaptureFixture) -> Kam:
    """Run `kamtui --db STORE ARGS...` in-process: (exit code, stdout, stderr), and
    check no traceback reached stderr."""
    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(["--db", str(store.path), *args])
        except SystemExit as exit_:  # argparse refusing an option
            code = exit_.code
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err
    return run


@pytest.fixture
def demo(store: Store, services: Services) -> Services:
    """The sample portfolio, dated the pinned today."""
    build_demo(store, date.fromisoformat(TODAY))
    return services
