"""Ordered schema migrations. Step N lives in migrations/000N_*.sql, is never edited once
released, and runs in one transaction that also sets PRAGMA user_version = N."""

import os
import sqlite3
from pathlib import Path

from kamtui.store.files import APPLICATION_ID

FOLDER = Path(__file__).with_name("migrations")  # package data, installed beside this file


def _steps() -> list[tuple[int, Path]]:
    """Each step's number and file, in order. Only listed here: a script is read when it
    runs, so opening an up-to-date store reads none of them."""
    return sorted((int(name.split("_", 1)[0]), FOLDER / name)
                  for name in os.listdir(FOLDER) if name.endswith(".sql"))


STEPS = _steps()
LATEST = STEPS[-1][0]


def statements(script: str) -> list[str]:
    """Split a migration script into statements (our scripts keep ';' out of strings)."""
    lines = [ln for ln in script.splitlines() if not ln.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def user_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, *, upto: int = LATEST) -> list[int]:
    """Apply every step after the store's version, up to `upto`. `conn` must be in
    autocommit mode (isolation_level=None) so the BEGIN here is the real one."""
    applied = []
    for number, script_file in STEPS:
        if number <= user_version(conn) or number > upto:
            continue
        script = script_file.read_text("utf-8")
        conn.execute("BEGIN IMMEDIATE")
        try:
            if number == 1:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            for statement in statements(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(number)
    return applied
