"""Private files: a 0700 data directory, 0600 files, and the check that a file really is
a kamtui store before anything writes to it."""

import os
import stat
from pathlib import Path
from typing import IO

from kamtui.errors import StoreError

APPLICATION_ID = 0x4B414D54  # "KAMT" in the SQLite header: marks a kamtui store
SQLITE_MAGIC = b"SQLite format 3\x00"
SIDE_FILES = ("-wal", "-shm")


def private_umask() -> None:
    """Everything this process creates from now on is readable by its owner only."""
    os.umask(0o077)


def ensure_private_dir(directory: Path, *, tighten: bool) -> list[str]:
    """Create `directory` 0700 (parents too). When `tighten`, an existing looser one is
    narrowed; we only do that to kamtui's own data directory, never a user's folder."""
    notices: list[str] = []
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        in_way = next((p for p in (directory, *directory.parents) if p.is_file()), directory)
        raise StoreError(f"Cannot create the folder {directory}: {in_way} is a file, "
                         f"not a folder.") from None
    except OSError as err:
        raise StoreError(f"Cannot create the folder {directory}: {err.strerror}.") from None
    if tighten and stat.S_IMODE(directory.stat().st_mode) & 0o077:
        directory.chmod(0o700)
        notices.append(f"Made {directory} private (0700): other users could read it.")
    return notices


def tighten_files(db_path: Path) -> list[str]:
    """Narrow the store and its -wal/-shm to 0600 when they are looser."""
    notices: list[str] = []
    for path in [db_path, *(Path(f"{db_path}{s}") for s in SIDE_FILES)]:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077:
            path.chmod(0o600)
            notices.append(f"Made {path.name} private (0600): it was readable by others.")
    return notices


def check_is_kamtui_store(path: Path) -> None:
    """Refuse, without writing a byte, anything that is not a kamtui store."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a kamtui store; give the path of a file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except PermissionError:
        raise StoreError(f"Cannot read {path}: permission denied.") from None
    if not header:
        raise StoreError(
            f"{path} is an empty file, not a kamtui store; remove it or choose another path."
        )
    if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        raise StoreError(f"{path} is not a kamtui store (it is not an SQLite database); "
                         f"kamtui left it untouched.")
    app_id = int.from_bytes(header[68:72], "big")
    if app_id != APPLICATION_ID:
        raise StoreError(f"{path} is another program's SQLite database, not a kamtui store; "
                         f"kamtui left it untouched.")


def lock_path(db_path: Path) -> Path:
    return Path(f"{db_path}.lock")


def _lock(db_path: Path, exclusive: bool) -> IO[bytes] | None:
    try:
        import fcntl
    except ImportError:  # not on this platform: no lock, as before
        return None
    fd = os.open(lock_path(db_path), os.O_RDWR | os.O_CREAT, 0o600)
    handle = os.fdopen(fd, "rb+")
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise
    return handle


def shared_lock(db_path: Path) -> IO[bytes] | None:
    """Held by every open store (released on close): says "a kamtui has it open".
    Best effort: a folder where the lock file cannot be made gets no lock."""
    try:
        return _lock(db_path, exclusive=False)
    except OSError:
        return None


def exclusive_lock(db_path: Path) -> IO[bytes] | None:
    """Only when no other kamtui has the store open (for restore); else one sentence."""
    try:
        return _lock(db_path, exclusive=True)
    except BlockingIOError:
        raise StoreError(f"Another kamtui has {db_path} open; close it (the app or a "
                         f"running command), then try again.") from None
    except OSError as err:
        raise StoreError(f"Cannot lock {db_path}: {err.strerror}.") from None
