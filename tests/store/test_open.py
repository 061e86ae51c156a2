"""What is not a kamtui store is refused with one sentence and left byte for byte as
it was; a store at a chosen path is created only on request."""

import hashlib
import sqlite3
from pathlib import Path

import pytest

from kamtui.errors import StoreError
from kamtui.store import open_store


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(path: Path, match: str) -> None:
    before = digest(path)
    with pytest.raises(StoreError, match=match) as caught:
        open_store(path, create=True)
    assert digest(path) == before
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
    message = str(caught.value)
    assert message.endswith(".") and "\n" not in message


def test_garbage_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"These are my notes, not a database.\n" * 50)
    refused(path, "not an SQLite database")


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    refused(path, "empty file")


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "firefox.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.com')")
    conn.commit()
    conn.close()
    refused(path, "another program's SQLite database")


def test_truncated_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cut.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 20)
    refused(path, "not an SQLite database")


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path, create=True)


def test_missing_store_is_not_created_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "typo" / "kamtiu.db"
    with pytest.raises(StoreError, match="kamtui init --db"):
        open_store(path)
    assert not path.exists() and not path.parent.exists()


def test_create_makes_a_store_that_reopens_with_the_same_replica(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "kamtui.db"
    first = open_store(path, create=True)
    replica = first.replica_id
    first.close()
    again = open_store(path)
    assert again.replica_id == replica and len(replica) == 36
    again.close()


def test_two_stores_get_different_replica_ids(tmp_path: Path) -> None:
    one = open_store(tmp_path / "one.db", create=True)
    two = open_store(tmp_path / "two.db", create=True)
    assert one.replica_id != two.replica_id
    one.close()
    two.close()


def test_unwritable_folder_gives_a_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="Cannot create"):
        open_store(blocker / "kamtui.db", create=True)


def test_pragmas_are_set(store) -> None:  # noqa: ANN001
    with store.read() as session:
        conn = session.connection()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
