"""The command line: --db before or after the command, KAMTUI_DB, help everywhere, and a
mistyped path that never starts an empty store."""

import argparse
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest

from kamtui import __version__
from kamtui.__main__ import COMMAND_MODULES, OWN_COMMANDS, build_parser, command_word, main
from kamtui.store import open_store
from kamtui.store.repos import Services

COMMANDS = ["init", "demo", "info", "ui"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kamtui", *args], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=60)


def test_version() -> None:
    done = run("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"kamtui {__version__}"


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_has_help(command: str | None, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"] if command else ["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: kamtui") and "--db PATH" in out


def test_top_help_lists_the_commands(capsys: pytest.CaptureFixture) -> None:
    build_parser().print_help()
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert f"    {command}" in out


@pytest.mark.parametrize("where", ["before", "after"])
def test_db_before_or_after_the_command(where: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / f"{where}.db"
    argv = ["--db", str(path), "init"] if where == "before" else ["init", "--db", str(path)]
    assert main(argv) == 0
    assert path.exists()
    assert f"{path}: created" in capsys.readouterr().out


def test_environment_chooses_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "env.db"
    monkeypatch.setenv("KAMTUI_DB", str(path))
    assert main(["init"]) == 0 and path.exists()
    assert main(["info"]) == 0
    assert f"store:    {path}" in capsys.readouterr().out


def test_mistyped_db_is_refused_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "kamtiu.db"
    done = run("info", "--db", str(path))
    assert done.returncode == 2
    assert done.stderr == (f"kamtui: There is no kamtui store at {path}; to start one there, "
                           f"run `kamtui init --db {path}`.\n")
    assert not path.exists()
    assert run("--db", str(path)).returncode == 2 and not path.exists()


def test_default_store_is_created_on_first_use(tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert f"store:    {tmp_path / 'xdg-data' / 'kamtui' / 'kamtui.db'}" in out


def test_foreign_file_is_one_sentence_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "photo.db"
    path.write_bytes(b"\x89PNG\r\n" + b"\x00" * 200)
    done = run("info", "--db", str(path))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"kamtui: {path} is not a kamtui store")
    assert done.stderr.count("\n") == 1


def test_app_without_a_terminal_says_so(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    open_store(path, create=True).close()
    done = run("--db", str(path))
    assert done.returncode == 2
    assert "needs a terminal" in done.stderr and "kamtui --help" in done.stderr


def test_demo_refuses_a_store_that_holds_accounts(tmp_path: Path) -> None:
    path = tmp_path / "real.db"
    store = open_store(path, create=True)
    Services(store).accounts.create({"name": "My real customer"})
    store.close()
    done = run("demo", "--no-open", "--db", str(path))
    assert done.returncode == 2
    assert "already holds data; the sample portfolio only goes into an empty" in done.stderr
    store = open_store(path)
    assert [a.name for a in Services(store).accounts.list()] == ["My real customer"]
    store.close()


def test_demo_without_db_never_touches_the_real_store(tmp_path: Path) -> None:
    done = run("demo", "--no-open")
    assert done.returncode == 0, done.stderr
    assert "40 accounts" in done.stdout
    assert not (tmp_path / "xdg-data").exists()
    demo = tmp_path / "xdg-cache" / "kamtui" / "demo.db"
    assert demo.exists()
    assert run("demo", "--no-open").returncode == 0  # rebuilt, not refused
    store = open_store(demo)
    assert Services(store).accounts.count() == 40
    store.close()


def test_demo_fills_a_new_store_given_with_db(tmp_path: Path) -> None:
    path = tmp_path / "sample.db"
    done = run("--db", str(path), "demo", "--no-open")
    assert done.returncode == 0, done.stderr
    store = open_store(path)
    assert Services(store).accounts.count() == 40
    store.close()


# -- building only the parser a command line needs (issue 8) -------------------------------
def _sub_help(parser: object, command: str) -> str:
    commands = next(a for a in parser._actions  # type: ignore[attr-defined]
                    if isinstance(a, argparse._SubParsersAction))
    return commands.choices[command].format_help()


def test_each_module_adds_the_commands_it_is_listed_with() -> None:
    every = build_parser()
    commands = next(a for a in every._actions if isinstance(a, argparse._SubParsersAction))
    listed = [name for added in COMMAND_MODULES.values() for name in added]
    assert sorted(commands.choices) == sorted([*listed, *OWN_COMMANDS])
    for name, added in COMMAND_MODULES.items():
        alone = argparse.ArgumentParser()
        import_module(name).add_commands(alone.add_subparsers(), lambda *a, **k: None)
        assert tuple(alone._subparsers._group_actions[0].choices) == added, name


@pytest.mark.parametrize("command", [c for added in COMMAND_MODULES.values() for c in added])
def test_a_command_line_gets_the_same_parser_for_its_command(command: str) -> None:
    assert (_sub_help(build_parser([command, "--db", "x.db"]), command)
            == _sub_help(build_parser(), command))


@pytest.mark.parametrize(("words", "command"), [
    ([], None), (["--db", "today"], None), (["--db", "x.db", "today", "--json"], "today"),
    (["--db=x.db", "add", "Call"], "add"), (["--version"], None), (["ui"], "ui"),
])
def test_command_word(words: list[str], command: str | None) -> None:
    assert command_word(words) == command


def test_an_unknown_command_is_told_with_every_command(
        capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as done:
        main(["todya"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'todya'" in err and "'today'" in err and "'import'" in err
