"""Backups (daily, before migrations and imports, on request; rotated; 0600), restore
(refused while another kamtui has the store open), corruption caught at start and pointed
to the newest backup, and doctor. By hand: kamtui backup | restore FILE | doctor."""

import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kamtui.__main__ import main
from kamtui.cli_maintenance import mount_of
from kamtui.store import backup, open_store
from kamtui.store.repos import Services


def cli(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def make_store(path: Path, names: int = 3) -> Path:
    store = open_store(path, create=True)
    for n in range(names):
        Services(store).accounts.create({"name": f"Account {n}"})
    store.close()
    return path


def names_in(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT name FROM account"))
    finally:
        conn.close()


def test_daily_backup_once_a_day_private_and_complete(tmp_path: Path) -> None:
    path = make_store(tmp_path / "kamtui.db")
    assert backup.list_backups(path) == []  # a new store has nothing to back up
    open_store(path).close()
    open_store(path).close()
    copies = backup.list_backups(path)
    assert len(copies) == 1 and copies[0].name.endswith("-daily.db")
    assert stat.S_IMODE(copies[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(backup.backup_dir(path).stat().st_mode) == 0o700
    assert names_in(copies[0]) == ["Account 0", "Account 1", "Account 2"]


def test_rotation_keeps_7_daily_and_5_of_each_other_kind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_store(tmp_path / "kamtui.db", names=1)
    store = open_store(path)
    start = datetime.now(UTC) + timedelta(days=1)  # after the real daily copy of open
    clock = iter(start + timedelta(days=d) for d in range(40))
    monkeypatch.setattr(backup, "utcnow", lambda: next(clock))
    for _ in range(10):
        backup.take_backup(store, "daily")
    for _ in range(8):
        backup.take_backup(store, "import")
    newest = backup.take_backup(store, "manual")
    store.close()
    kinds = [p.name.rsplit("-", 1)[1] for p in backup.list_backups(path)]
    assert kinds.count("daily.db") == 7 and kinds.count("import.db") == 5
    assert backup.newest_backup(path) == newest
    assert not list(backup.backup_dir(path).glob(".*"))  # no temp file left


def damage(path: Path) -> None:
    """Overwrite the second half of the first page of the account table."""
    conn = sqlite3.connect(path)
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'account'").fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * size + size // 2)
        handle.write(b"\xff" * (size // 2))


def test_damaged_page_is_caught_at_start_and_points_to_newest_backup(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = make_store(tmp_path / "kamtui.db", names=300)
    code, out, _ = cli(capsys, "backup", "--db", str(path))
    newest = Path(out.strip())
    assert code == 0 and newest.exists()
    damage(path)
    before = path.read_bytes()
    code, out, err = cli(capsys, "today", "--db", str(path))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "is damaged" in err and f"kamtui restore {newest} --db {path}" in err
    assert path.read_bytes() == before
    assert backup.newest_backup(path) == newest  # no daily copy of a damaged store
    code, out, _ = cli(capsys, "doctor", "--db", str(path))
    assert code == 1 and "integrity:   " in out and "is damaged" in out
    code, out, _ = cli(capsys, "restore", str(newest), "--db", str(path))
    assert code == 0 and "Restored" in out
    assert len(names_in(path)) == 300
    assert any(p.name.endswith("-damaged.db")  # the damaged one kept, byte for byte
               for p in backup.backup_dir(path).iterdir())


def test_restore_refused_while_open_then_replaces_atomically(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = make_store(tmp_path / "kamtui.db", names=2)
    code, out, _ = cli(capsys, "backup", "--db", str(path))
    saved = Path(out.strip())
    store = open_store(path)
    Services(store).accounts.create({"name": "Added later"})
    code, _, err = cli(capsys, "restore", str(saved), "--db", str(path))
    assert code == 2 and "Another kamtui has" in err and err.count("\n") == 1
    assert "Added later" in names_in(path)
    store.close()
    code, out, _ = cli(capsys, "restore", str(saved), "--db", str(path))
    assert code == 0 and names_in(path) == ["Account 0", "Account 1"]
    kept = Path(out.split("as it was is at ")[1].rstrip(".\n"))
    assert "Added later" in names_in(kept) and stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    open_store(path).close()  # and it opens


@pytest.mark.parametrize(("content", "sentence"), [
    (b"not a database" * 20, "not an SQLite database"),
    (b"", "is an empty file"),
])
def test_restore_refuses_what_is_not_a_store(content: bytes, sentence: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture) -> None:
    path = make_store(tmp_path / "kamtui.db", names=1)
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    code, _, err = cli(capsys, "restore", str(bad), "--db", str(path))
    assert code == 2 and sentence in err and names_in(path) == ["Account 0"]


def test_doctor_all_ok_then_says_what_to_do(tmp_path: Path,
                                            capsys: pytest.CaptureFixture) -> None:
    path = make_store(tmp_path / "kamtui.db", names=1)
    code, out, _ = cli(capsys, "doctor", "--db", str(path))
    assert code == 1 and "backups:     none yet: run kamtui backup" in out
    cli(capsys, "backup", "--db", str(path))
    code, out, _ = cli(capsys, "doctor", "--db", str(path))
    assert code == 0, out
    assert all(line.endswith("ok") for line in out.splitlines()[1:]), out
    path.chmod(0o644)
    code, out, _ = cli(capsys, "doctor", "--db", str(path))
    assert code == 1 and f"run chmod 600 {path}" in out


def test_network_filesystem_is_found_in_mounts() -> None:
    mounts = ("/dev/sda1 / ext4 rw 0 0\n"
              "server:/home /home nfs4 rw 0 0\n"
              "me@box:/x /mnt/my\\040box fuse.sshfs rw 0 0\n")
    assert mount_of(Path("/home/kam/kamtui.db"), mounts) == ("/home", "nfs4")
    assert mount_of(Path("/homework/k.db"), mounts) == ("/", "ext4")
    assert mount_of(Path("/mnt/my box/k.db"), mounts) == ("/mnt/my box", "fuse.sshfs")
