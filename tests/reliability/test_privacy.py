"""Privacy under a permissive umask (022): the data folder 0700; the store, -wal, -shm,
backups, exports and the temp file an export is written through 0600. (The store's own
cases in a child process: tests/store/test_permissions.py.)"""

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from kamtui.io import document_files
from kamtui.paths import default_db_path
from kamtui.store import open_store
from kamtui.store.backup import backup_dir, take_backup
from kamtui.store.repos import Services


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_default_store_backups_and_side_files_are_private(umask_022: None) -> None:
    path = default_db_path()
    open_store(path, create=True, private_parent=True).close()
    os.umask(0o022)  # as a fresh process would start again
    store = open_store(path, private_parent=True)  # second open: the daily backup
    Services(store).accounts.create({"name": "Acme"})
    manual = take_backup(store, "import")
    with store.read() as session:  # an open connection: -wal and -shm exist
        session.connection().exec_driver_sql("SELECT 1").all()
        assert mode(path.parent) == 0o700
        for suffix in ("", "-wal", "-shm", ".lock"):
            assert mode(Path(f"{path}{suffix}")) == 0o600, suffix
    copies = list(backup_dir(path).iterdir())
    assert len(copies) == 2 and manual in copies
    assert mode(backup_dir(path)) == 0o700 and {mode(p) for p in copies} == {0o600}
    store.close()


def test_looser_store_and_backups_folder_are_tightened_and_told(umask_022: None) -> None:
    path = default_db_path()
    open_store(path, create=True, private_parent=True).close()
    open_store(path, private_parent=True).close()
    path.chmod(0o644)
    path.parent.chmod(0o755)
    backup_dir(path).chmod(0o755)
    store = open_store(path, private_parent=True)
    take_backup(store, "manual")
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    assert mode(backup_dir(path)) == 0o700
    assert any("0600" in n for n in store.notices) and any("0700" in n for n in store.notices)
    store.close()


def test_exports_and_their_temp_file_are_private(umask_022: None, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, int] = {}
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:  # the temp file's mode, just before the rename
        seen[Path(src).name] = mode(Path(src))
        real_replace(src, dst)

    monkeypatch.setattr(document_files.os, "replace", spy)
    folder = tmp_path / "exports"  # made by kamtui: private
    written = document_files.write_document(
        document_files._folder(folder) / "brief.md", "# Brief\n")
    assert mode(folder) == 0o700 and mode(written) == 0o600
    assert list(seen.values()) == [0o600] and next(iter(seen)).startswith(".brief.md.")
    assert [p.name for p in folder.iterdir()] == ["brief.md"]  # no temp file left
