"""The core never imports Textual, and the command line pays for nothing it doesn't use."""

import subprocess
import sys

import pytest


def loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    return set(out.split())


@pytest.mark.parametrize("module", [
    "kamtui.domain", "kamtui.store", "kamtui.store.repos", "kamtui.demo", "kamtui.paths",
    "kamtui.clock", "kamtui.sync.merge",
])
def test_core_does_not_import_textual(module: str) -> None:
    assert "textual" not in loaded_after(f"import {module}")


def test_help_does_not_load_the_database_or_ui_stack() -> None:
    modules = loaded_after(
        "from kamtui.__main__ import build_parser\nbuild_parser().format_help()")
    assert not {"textual", "sqlmodel", "sqlalchemy", "pydantic"} & modules


HEAVY = {"sqlmodel", "sqlalchemy", "pydantic"}


def test_today_reads_the_store_without_sqlalchemy(demo: object, store: object) -> None:
    """`kamtui today` is plain SQL: it answers before SQLAlchemy could load (issue 8)."""
    path = store.path  # type: ignore[attr-defined]
    modules = loaded_after(
        "import contextlib, io\nfrom kamtui.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    assert main(['today', '--db', {str(path)!r}]) == 0\n"
        "assert 'Overdue' in out.getvalue()")
    assert not HEAVY & modules


def test_the_app_starts_on_today_without_sqlalchemy() -> None:
    # The other screens and the edits load it later, in a thread (KamApp.warm_up).
    modules = loaded_after("import kamtui.ui.app")
    assert "textual" in modules and not HEAVY & modules


def test_a_command_loads_only_its_own_commands_module() -> None:
    modules = loaded_after(
        "from kamtui.__main__ import build_parser\nbuild_parser(['today']).parse_args(['today'])")
    assert "kamtui.cli_daily" in modules
    assert not {"kamtui.cli_accounts", "kamtui.cli_import", "kamtui.cli_export"} & modules
