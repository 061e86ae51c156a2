"""Files that are not what they seem, through the command line: each gets one sentence and
exit code 2, its bytes stay as they were, and no store is created in its place.
Reproduce one by hand: kamtui info --db FILE (or kamtui today --db FILE)."""

import hashlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from kamtui.__main__ import main
from kamtui.store import migrations, open_store
from kamtui.store.repos import Services


def _store_with_rows(path: Path) -> None:
    store = open_store(path, create=True)
    accounts = Services(store).accounts
    for n in range(60):
        accounts.create({"name": f"Account {n} " + "x" * 150})
    store.close()


def garbage(d: Path) -> Path:
    (d / "notes.db").write_bytes(b"These are my notes, not a database.\n" * 50)
    return d / "notes.db"


def truncated(d: Path) -> Path:
    path = d / "cut.db"
    _store_with_rows(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def empty(d: Path) -> Path:
    (d / "empty.db").touch()
    return d / "empty.db"


def foreign(d: Path) -> Path:
    path = d / "places.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.com')")
    conn.commit()
    conn.close()
    return path


def newer(d: Path) -> Path:
    path = d / "future.db"
    open_store(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.close()
    return path


def missing_folder(d: Path) -> Path:
    return d / "no-such-folder" / "kamtui.db"


def file_for_folder(d: Path) -> Path:
    (d / "plain").write_text("a file where a folder should be")
    return d / "plain" / "kamtui.db"


CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "garbage": (garbage, "is not a kamtui store (it is not an SQLite database)"),
    "truncated": (truncated, "is damaged (database disk image is malformed)"),
    "empty": (empty, "is an empty file, not a kamtui store"),
    "foreign": (foreign, "is another program's SQLite database"),
    "newer": (newer, "was made by a newer kamtui"),
    "missing-folder": (missing_folder, "There is no kamtui store at"),
    "file-for-folder": (file_for_folder, "There is no kamtui store at"),
}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's digest, but the lock file a real store keeps beside it."""
    return {p.name: hashlib.sha256(p.read_bytes()).digest()
            for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".lock")}


@pytest.mark.parametrize("command", ["info", "today"])
@pytest.mark.parametrize("case", list(CASES))
def test_bad_file_gets_one_sentence_and_exit_2(case: str, command: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    make, sentence = CASES[case]
    folder = tmp_path / "here"
    folder.mkdir()
    path = make(folder)
    before = snapshot(folder)
    capsys.readouterr()
    code = main([command, "--db", str(path)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith(f"kamtui: {sentence}" if sentence[0].isupper() else "kamtui: /")
    assert sentence in err and err.count("\n") == 1 and err.rstrip().endswith(".")
    assert "Traceback" not in err
    assert snapshot(folder) == before  # no byte changed, no -wal/-shm, no new store
    assert not (folder / "no-such-folder").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to any folder")
@pytest.mark.parametrize("exists", [True, False])
def test_unwritable_folder_gets_one_sentence(exists: bool, tmp_path: Path,
                                             capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    path = folder / "kamtui.db"
    if exists:
        open_store(path, create=True).close()
        before = path.read_bytes()
    folder.chmod(0o500)
    try:
        code = main(["init" if not exists else "info", "--db", str(path)])
    finally:
        folder.chmod(0o700)
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert ("Cannot open" if exists else "Cannot create") in err
    assert path.read_bytes() == before if exists else not path.exists()


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux's read-only /sys")
def test_a_folder_nobody_may_write_even_root(capsys: pytest.CaptureFixture) -> None:
    """The unwritable case that also holds for root: /sys takes no new files."""
    path = Path(f"/sys/kamtui-{os.getpid()}.db")
    code = main(["init", "--db", str(path)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"kamtui: Cannot create {path}") and err.rstrip().endswith(".")
    assert not path.exists()
