"""Ordered schema migrations. Step N lives in migrations/000N_*.sql, is never edited once
released, and runs in one transaction that also sets PRAGMA user_version = N."""

import sqlite3
from importlib import resources

from kamtui.store.files import APPLICATION_ID


def _steps() -> list[tuple[int, str]]:
    folder = resources.files("kamtui.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            found.append((int(entry.name.split("_", 1)[0]), entry.read_text("utf-8")))
    return sorted(found)


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
    for number, script in STEPS:
        if number <= user_version(conn) or number > upto:
            continue
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
