"""Opening a store: checks before any write, private files, pragmas, migrations, and
sessions whose write transactions begin with BEGIN IMMEDIATE."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from kamtui.domain.base import new_id
from kamtui.errors import StoreError
from kamtui.store import files, migrations
from kamtui.store.backup import take_backup

BUSY_TIMEOUT_MS = 5000
_current_tx: ContextVar[Session | None] = ContextVar("kamtui_tx", default=None)


class Store:
    """One open kamtui store. Pass it around; never keep it in a module global."""

    def __init__(self, path: Path, engine: Engine, replica_id: str, notices: list[str]) -> None:
        self.path = path
        self.engine = engine
        self.replica_id = replica_id
        self.notices = notices  # things the user should be told (tightened files, backups)
        self._write_engine = engine.execution_options(kamtui_write=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (a deferred transaction, rolled back at the end)."""
        active = _current_tx.get()
        if active is not None:
            yield active
            return
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction, BEGIN IMMEDIATE, committed at the end of the block.
        Nested calls join the outer transaction, so a batch is one commit."""
        active = _current_tx.get()
        if active is not None:
            yield active
            return
        with Session(self._write_engine, expire_on_commit=False) as session:
            token = _current_tx.set(session)
            try:
                session.begin()
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
            finally:
                _current_tx.reset(token)

    def close(self) -> None:
        self.engine.dispose()


def _configure(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # We issue BEGIN ourselves (see _begin); the driver must not start transactions.
    dbapi_conn.isolation_level = None
    for pragma in ("journal_mode = WAL", "foreign_keys = ON", "synchronous = FULL",
                   f"busy_timeout = {BUSY_TIMEOUT_MS}"):
        dbapi_conn.execute(f"PRAGMA {pragma}")


def _begin(conn) -> None:  # noqa: ANN001 - SQLAlchemy Connection
    write = conn.get_execution_options().get("kamtui_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _raw_connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _prepare(path: Path, notices: list[str]) -> None:
    """Create or check the file, migrate it, and give it a replica id."""
    is_new = not path.exists()
    if is_new:
        try:
            path.touch(mode=0o600, exist_ok=False)
        except OSError as err:
            raise StoreError(f"Cannot create {path}: {err.strerror}.") from None
    conn = _raw_connect(path)
    try:
        version = migrations.user_version(conn)
        if version > migrations.LATEST:
            raise StoreError(
                f"{path} was made by a newer kamtui (schema {version}; this one knows up to "
                f"{migrations.LATEST}). Upgrade kamtui to open it; it was left untouched."
            )
        if is_new:
            conn.execute(f"PRAGMA application_id = {files.APPLICATION_ID}")
        conn.execute("PRAGMA journal_mode = WAL")
        if 0 < version < migrations.LATEST:
            copy = take_backup(conn, path, f"before-v{migrations.LATEST}")
            notices.append(f"Upgraded the store from schema {version} to "
                           f"{migrations.LATEST}; a copy of the old one is at {copy}.")
        migrations.migrate(conn)
        if conn.execute("SELECT 1 FROM store_meta WHERE key = 'replica_id'").fetchone() is None:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT OR IGNORE INTO store_meta (key, value) "
                         "VALUES ('replica_id', ?)", (new_id(),))
            conn.execute("COMMIT")
    except BaseException:
        conn.close()
        if is_new:  # a store we just began must not be left half made
            for suffix in ("", *files.SIDE_FILES):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    conn.close()


def open_store(path: Path, *, create: bool = False, private_parent: bool = False) -> Store:
    """Open (and, when `create`, start) the store at `path`.

    A missing file is created only when `create`; an existing file must be a kamtui
    store of this or an older schema, or it is refused with its bytes untouched.
    `private_parent` makes the folder 0700 even if it exists (kamtui's own data folder).
    """
    files.private_umask()
    path = Path(path).expanduser().absolute()
    notices: list[str] = []
    if path.exists():
        files.check_is_kamtui_store(path)
        notices += files.tighten_files(path)
        if private_parent:
            notices += files.ensure_private_dir(path.parent, tighten=True)
    elif not create:
        raise StoreError(f"There is no kamtui store at {path}. To start one there, run: "
                         f"kamtui init --db {path}")
    else:
        notices += files.ensure_private_dir(path.parent, tighten=private_parent)
    _prepare(path, notices)

    engine = create_engine(f"sqlite:///{path}",
                           connect_args={"check_same_thread": False,
                                         "timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _configure)
    event.listen(engine, "begin", _begin)
    with engine.connect() as conn:
        replica = conn.exec_driver_sql(
            "SELECT value FROM store_meta WHERE key = 'replica_id'").scalar_one()
    return Store(path, engine, replica, notices)
