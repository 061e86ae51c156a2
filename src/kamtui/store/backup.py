"""Copies of the store taken with SQLite's backup API, private (0600), in the folder
`NAME.backups` beside the store: daily (first open of a day), before a migration, before an
import, and on request; rotated so the folder stays small. Also putting one back."""

import os
import re
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

from kamtui.clock import utcnow
from kamtui.errors import StoreError
from kamtui.store import files

if TYPE_CHECKING:
    from kamtui.store.engine import Store

DAILY = "daily"
KEEP = {DAILY: 7}  # the newest 7 daily copies ...
KEEP_OTHERS = 5    # ... and the newest 5 of every other kind (migration, import, manual)
STALE_TEMP_S = 24 * 3600
_STAMP = re.compile(r"-(\d{8}T\d{6})-([a-z0-9-]+?)(?:-\d+)?\.db$")


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / f"{db_path.name}.backups"


def copy_store(source: sqlite3.Connection, db_path: Path, reason: str) -> Path:
    """Write a consistent copy of the open store (written aside, then renamed, so a
    copy cut short never passes for a backup); rotate; return the copy's path."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", reason):
        raise ValueError(f"bad backup reason {reason!r}")
    folder = backup_dir(db_path)
    files.ensure_private_dir(folder, tighten=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S")
    target = folder / f"{db_path.stem}-{stamp}-{reason}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{db_path.stem}-{stamp}-{reason}-{n}.db"
    temp = folder / f".{target.name}.{os.getpid()}.tmp"
    os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    temp.chmod(0o600)
    try:
        copy = sqlite3.connect(temp)
        try:
            source.backup(copy)
        finally:
            copy.close()
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    rotate(db_path)
    return target


def take_backup(store: "Store", reason: str) -> Path:
    """A backup of an open store now, e.g. `take_backup(store, "import")` before an
    import or `"manual"` for `kamtui backup`; returns the copy's path."""
    raw = store.engine.raw_connection()
    try:
        return copy_store(raw.driver_connection, store.path, reason)
    finally:
        raw.close()


def _kind(path: Path) -> tuple[str, str] | None:
    found = _STAMP.search(path.name)
    return (found.group(1), found.group(2)) if found else None


def list_backups(db_path: Path) -> list[Path]:
    """The finished backups of the store, newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir()
             if not p.name.startswith(".") and p.name.startswith(f"{db_path.stem}-")
             and _kind(p) is not None]

    def key(p: Path) -> tuple[str, float]:
        try:
            return _kind(p)[0], p.stat().st_mtime  # type: ignore[index]
        except OSError:
            return "", 0.0
    return sorted(found, key=key, reverse=True)


def newest_backup(db_path: Path) -> Path | None:
    """The newest copy worth restoring (not a byte copy of a damaged store)."""
    found = [p for p in list_backups(db_path) if _kind(p)[1] != "damaged"]  # type: ignore[index]
    return found[0] if found else None


def daily_due(db_path: Path) -> bool:
    """No daily copy yet today (UTC)?"""
    day = utcnow().strftime("%Y%m%d")
    return not any(kind[1] == DAILY and kind[0].startswith(day)
                   for kind in map(_kind, list_backups(db_path)) if kind)


def rotate(db_path: Path) -> None:
    """Keep the newest KEEP[daily] daily copies and KEEP_OTHERS of each other kind;
    sweep temp files left by a process that died while copying."""
    seen: dict[str, int] = {}
    for path in list_backups(db_path):
        kind = _kind(path)[1]  # type: ignore[index]
        kind = DAILY if kind == DAILY else re.sub(r"^before-v\d+$", "migration", kind)
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] > KEEP.get(kind, KEEP_OTHERS):
            path.unlink(missing_ok=True)
    now = time.time()
    for temp in backup_dir(db_path).glob(".*.tmp"):
        try:
            if now - temp.stat().st_mtime > STALE_TEMP_S:
                temp.unlink(missing_ok=True)
        except OSError:
            continue


def check_restorable(source: Path, latest: int) -> None:
    """Refuse, in one sentence, a file that is not a sound kamtui store we can open."""
    from kamtui.store.engine import sqlite_problem

    source = Path(source).expanduser().absolute()
    if not source.exists():
        raise StoreError(f"There is no file at {source}; give the path of a backup.")
    files.check_is_kamtui_store(source)
    try:
        conn = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        problem = sqlite_problem(source, err, restoring=True)
        raise StoreError(problem or f"Cannot read {source}: {err}.") from None
    if version > latest:
        raise StoreError(f"{source} was made by a newer kamtui (schema {version}; this one "
                         f"knows up to {latest}); upgrade kamtui to restore it.")
    if check != "ok":
        raise StoreError(f"{source} is damaged ({_one_line(check)}); choose another backup.")


def restore(db_path: Path, source: Path, latest: int) -> Path | None:
    """Put `source` in place of the store at `db_path`, atomically, after copying the
    current store to the backups folder (returned; None if there was no store). Refused
    while another kamtui has the store open."""
    source = Path(source).expanduser().absolute()
    check_restorable(source, latest)
    if source.resolve() == db_path.resolve():
        raise StoreError(f"{source} is the store itself; give the path of a backup.")
    lock = files.exclusive_lock(db_path)
    try:
        before = _copy_current(db_path) if db_path.exists() else None
        temp = db_path.with_name(f".{db_path.name}.{os.getpid()}.restore.tmp")
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        try:
            src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
            dst = sqlite3.connect(temp)
            try:
                src.backup(dst)
            finally:
                dst.close()
                src.close()
            with temp.open("rb+") as handle:
                os.fsync(handle.fileno())
            # The old store's journal must not be replayed onto the restored file.
            for suffix in files.SIDE_FILES:
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
            os.replace(temp, db_path)
        finally:
            temp.unlink(missing_ok=True)
    finally:
        if lock is not None:
            lock.close()
    return before


def _copy_current(db_path: Path) -> Path:
    """Back up the store about to be replaced; a damaged one is copied byte for byte."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        try:
            if conn.execute("PRAGMA quick_check(1)").fetchone()[0] == "ok":
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                return copy_store(conn, db_path, "before-restore")
        except sqlite3.DatabaseError:
            pass
    finally:
        conn.close()
    folder = backup_dir(db_path)
    files.ensure_private_dir(folder, tighten=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S")
    target = folder / f"{db_path.stem}-{stamp}-damaged.db"
    for suffix in ("", *files.SIDE_FILES):
        part = Path(f"{db_path}{suffix}")
        if part.exists():
            fd = os.open(f"{target}{suffix}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(part.read_bytes())
    return target


def _one_line(text: str) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= 80 else line[:77] + "..."
