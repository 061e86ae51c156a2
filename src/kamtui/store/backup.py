"""Copies of the store taken with SQLite's backup API, private (0600), beside the store."""

import sqlite3
from pathlib import Path

from kamtui.clock import utcnow
from kamtui.store.files import ensure_private_dir


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / f"{db_path.name}.backups"


def take_backup(source: sqlite3.Connection, db_path: Path, reason: str) -> Path:
    """Write a consistent copy of the open store; returns its path."""
    folder = backup_dir(db_path)
    ensure_private_dir(folder, tighten=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S")
    target = folder / f"{db_path.stem}-{stamp}-{reason}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{db_path.stem}-{stamp}-{reason}-{n}.db"
    target.touch(mode=0o600)
    target.chmod(0o600)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
    return target
