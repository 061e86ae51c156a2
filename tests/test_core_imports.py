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
    "kamtui.clock",
])
def test_core_does_not_import_textual(module: str) -> None:
    assert "textual" not in loaded_after(f"import {module}")


def test_help_does_not_load_the_database_or_ui_stack() -> None:
    modules = loaded_after(
        "from kamtui.__main__ import build_parser\nbuild_parser().format_help()")
    assert not {"textual", "sqlmodel", "sqlalchemy", "pydantic"} & modules
