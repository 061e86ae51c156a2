"""Opening a store: checks before any write, private files, pragmas, migrations, and
sessions whose write transactions begin with BEGIN IMMEDIATE."""

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cached_property
from pathlib import Path
from threading import Lock
from typing import TYPE_CHECKING

from kamtui.errors import StoreError
from kamtui.store import backup, files, migrations, sync_log

if TYPE_CHECKING:  # SQLAlchemy and SQLModel load on first use: `kamtui today` needs neither
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

# How long a write waits for another kamtui (a second SSH session, a command) that holds
# the store's write lock, before giving up with StoreBusy. Long enough for any save and
# for a 10 s stall; the screens say they are waiting meanwhile.
BUSY_TIMEOUT_MS = 15000
_current_tx: ContextVar["Session | None"] = ContextVar("kamtui_tx", default=None)


class StoreBusy(StoreError):
    """Another process held the store's write lock for longer than BUSY_TIMEOUT_MS."""

    def __init__(self) -> None:
        super().__init__("The store is busy: another kamtui session kept it locked too "
                         "long; nothing was changed, so try again in a moment.")


def _is_busy(err: BaseException) -> bool:
    from sqlalchemy.exc import OperationalError

    orig = getattr(err, "orig", None)
    code = getattr(orig, "sqlite_errorcode", None)
    return isinstance(err, OperationalError) and (
        code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
        or "locked" in str(orig) or "busy" in str(orig))


class Store:
    """One open kamtui store. Pass it around; never keep it in a module global."""

    def __init__(self, path: Path, replica_id: str, notices: list[str]) -> None:
        self.path = path
        self.replica_id = replica_id
        self.notices = notices  # things the user should be told (tightened files, backups)
        self.on_sql: Callable[[str], None] | None = None  # sees what rows() runs (tests)
        self._watch: sqlite3.Connection | None = None
        self._watch_lock = Lock()

    @cached_property
    def engine(self) -> "Engine":
        """SQLAlchemy's engine on the store, made on first use."""
        from sqlalchemy import event
        from sqlmodel import create_engine

        engine = create_engine(f"sqlite:///{self.path}",
                               connect_args={"check_same_thread": False,
                                             "timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _configure)
        event.listen(engine, "begin", _begin)
        return engine

    @cached_property
    def _write_engine(self) -> "Engine":
        return self.engine.execution_options(kamtui_write=True)

    @contextmanager
    def rows(self) -> Iterator[sqlite3.Connection]:
        """A plain sqlite3 connection in a read transaction, for the hot read paths (the
        checklist) that must not wait for SQLAlchemy to load. Rows read by name. Not
        inside transaction(): its own connection would not see that one's writes."""
        if _current_tx.get() is not None:
            raise RuntimeError("Store.rows() inside a write transaction reads stale rows")
        conn = _raw_connect(self.path)
        conn.row_factory = sqlite3.Row
        if self.on_sql is not None:
            conn.set_trace_callback(self.on_sql)
        try:
            conn.execute("BEGIN")  # one snapshot for every query in the block
            yield conn
        finally:
            conn.close()  # rolls the read transaction back

    @contextmanager
    def read(self) -> Iterator["Session"]:
        """A read-only session (a deferred transaction, rolled back at the end)."""
        from sqlmodel import Session

        active = _current_tx.get()
        if active is not None:
            yield active
            return
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def transaction(self) -> Iterator["Session"]:
        """A write transaction, BEGIN IMMEDIATE, committed at the end of the block.
        Nested calls join the outer transaction, so a batch is one commit."""
        from sqlmodel import Session

        active = _current_tx.get()
        if active is not None:
            yield active
            return
        with Session(self._write_engine, expire_on_commit=False) as session:
            token = _current_tx.set(session)
            try:
                session.begin()
                yield session
                session.flush()
                _stamp_changes(session)
                session.commit()
            except BaseException as err:
                session.rollback()
                if _is_busy(err):  # the whole transaction rolled back: safe to try again
                    raise StoreBusy() from None
                raise
            finally:
                _current_tx.reset(token)

    def version(self) -> int:
        """A number that changes whenever anyone commits to the store: PRAGMA data_version
        of a connection that never writes, so it moves with this process's commits too."""
        with self._watch_lock:
            if self._watch is None:  # not read-only: closed last, it tidies up the -wal
                self._watch = sqlite3.connect(self.path, isolation_level=None,
                                              check_same_thread=False)
            return self._watch.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        if "engine" in self.__dict__:  # made only if something used it
            self.engine.dispose()
        with self._watch_lock:
            if self._watch is not None:
                self._watch.close()
                self._watch = None
        lock = getattr(self, "lock", None)
        if lock is not None:  # another kamtui may now restore over it
            lock.close()
            self.lock = None


def driver(session: "Session") -> sqlite3.Connection:
    """The sqlite3 connection under a session, in its transaction: for raw SQL (bulk
    writes, the change log) that must commit or roll back with the ORM's writes."""
    return session.connection().connection.driver_connection


def _stamp_changes(session: "Session") -> None:
    """Stamp what the transaction logged (sync_log), just before it commits."""
    sync_log.stamp_pending(driver(session))


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


def _prepare(path: Path, notices: list[str]) -> str:
    """Create or check the file, migrate it, give it a replica id and return that id."""
    is_new = not path.exists()
    if is_new:
        try:
            path.touch(mode=0o600, exist_ok=False)
        except OSError as err:
            raise StoreError(f"Cannot create {path}: {err.strerror}.") from None
    conn = _raw_connect(path)
    try:
        version = migrations.user_version(conn)
        daily = not is_new and backup.daily_due(path)
        if daily:  # once a day, before the copy: it reads the whole file (a second at scale)
            check = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
            if check != "ok":
                raise StoreError(damaged(path, check))
        if version > migrations.LATEST:
            raise StoreError(
                f"{path} was made by a newer kamtui (schema {version}; this one knows up to "
                f"{migrations.LATEST}), so it was left untouched; upgrade kamtui to open it."
            )
        if is_new:
            conn.execute(f"PRAGMA application_id = {files.APPLICATION_ID}")
        backed_up = False
        conn.execute("PRAGMA journal_mode = WAL")
        if 0 < version < migrations.LATEST:
            copy = backup.copy_store(conn, path, f"before-v{migrations.LATEST}")
            backed_up = True
            notices.append(f"Upgraded the store from schema {version} to "
                           f"{migrations.LATEST}; a copy of the old one is at {copy}.")
        migrations.migrate(conn)
        replica = _replica_id(conn)
        sync_log.prepare(conn, migrations.LATEST)
        if daily and not backed_up:
            _daily_backup(conn, path, notices)
    except sqlite3.DatabaseError as err:
        conn.close()
        _forget_new(path, is_new)
        problem = sqlite_problem(path, err)
        if problem is None:  # not the file's fault: a bug, shown as one
            raise
        raise StoreError(problem) from None
    except BaseException:
        conn.close()
        _forget_new(path, is_new)
        raise
    conn.close()
    return replica


def _replica_id(conn: sqlite3.Connection) -> str:
    """The store's replica id, given to it on first open."""
    row = conn.execute("SELECT value FROM store_meta WHERE key = 'replica_id'").fetchone()
    if row is None:
        from kamtui.domain.ids import new_id  # uuid: paid only by a new store

        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR IGNORE INTO store_meta (key, value) "
                     "VALUES ('replica_id', ?)", (new_id(),))
        conn.execute("COMMIT")
        row = conn.execute("SELECT value FROM store_meta WHERE key = 'replica_id'").fetchone()
    return row[0]


def _forget_new(path: Path, is_new: bool) -> None:
    if is_new:  # a store we just began must not be left half made
        for suffix in ("", *files.SIDE_FILES):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def _daily_backup(conn: sqlite3.Connection, path: Path, notices: list[str]) -> None:
    try:
        backup.copy_store(conn, path, backup.DAILY)
    except (OSError, sqlite3.Error, StoreError) as err:  # a full disk must not lock you out
        notices.append(f"Could not take today's backup of {path.name} ({err}); "
                       f"run kamtui doctor.")


def damaged(path: Path, detail: str) -> str:
    """One sentence: the store is damaged, and where its newest backup is."""
    what = " ".join(str(detail).replace("*** in database main ***", "").split())[:80]
    newest = backup.newest_backup(path)
    if newest is None:
        return (f"{path} is damaged ({what}) and was left untouched; there is no backup "
                f"beside it, so try `sqlite3 {path} .recover` on a copy of it.")
    return (f"{path} is damaged ({what}) and was left untouched; its newest backup is "
            f"{newest}, and `kamtui restore {newest} --db {path}` puts it back.")


def sqlite_problem(path: Path, err: sqlite3.DatabaseError, *,
                   restoring: bool = False) -> str | None:
    """One sentence for an SQLite error met while opening `path` (None: not a file
    problem)."""
    name = getattr(err, "sqlite_errorname", "")
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in str(err):
        if restoring:
            return f"{path} is damaged ({err}); choose another backup."
        return damaged(path, str(err))
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (f"{path} is busy: another program kept it locked; nothing was changed, "
                f"so try again in a moment.")
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_PERM")):
        return (f"Cannot open {path} for writing ({err}); check that you may write to it "
                f"and to its folder {path.parent}.")
    return None


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
        raise StoreError(f"There is no kamtui store at {path}; to start one there, run "
                         f"`kamtui init --db {path}`.")
    else:
        notices += files.ensure_private_dir(path.parent, tighten=private_parent)
    lock = files.shared_lock(path)  # restore waits until every kamtui has closed it
    try:
        replica = _prepare(path, notices)
    except BaseException:
        if lock is not None:
            lock.close()
        raise
    opened = Store(path, replica, notices)
    opened.lock = lock
    return opened
