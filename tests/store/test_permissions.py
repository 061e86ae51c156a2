"""Private by default: under a permissive umask the data folder is 0700 and the store,
its -wal and -shm are 0600; looser existing files are tightened and the user told."""

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

from kamtui.store import open_store


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_default_store_is_private_under_umask_022(tmp_path: Path) -> None:
    # A child process, so the umask we start from is really 022 and kamtui must narrow it.
    script = textwrap.dedent("""
        import os
        os.umask(0o022)
        from kamtui.paths import default_db_path
        from kamtui.store import open_store
        from kamtui.store.repos import Services
        store = open_store(default_db_path(), create=True, private_parent=True)
        Services(store).accounts.create({"name": "Acme"})
        with store.read() as s:  # keep a connection open so -wal and -shm exist
            s.connection().exec_driver_sql("SELECT 1").all()
            print(default_db_path())
            import pathlib
            for suffix in ("", "-wal", "-shm"):
                p = pathlib.Path(f"{default_db_path()}{suffix}")
                print(suffix or "db", oct(p.stat().st_mode & 0o777))
            print("dir", oct(default_db_path().parent.stat().st_mode & 0o777))
    """)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    db = Path(out[0])
    assert db.is_relative_to(tmp_path / "data")
    modes = dict(line.split() for line in out[1:])
    assert modes == {"db": "0o600", "-wal": "0o600", "-shm": "0o600", "dir": "0o700"}


def test_looser_existing_store_is_tightened_and_reported(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    path = folder / "kamtui.db"
    open_store(path, create=True, private_parent=True).close()
    path.chmod(0o644)
    folder.chmod(0o755)
    store = open_store(path, private_parent=True)
    assert mode(path) == 0o600 and mode(folder) == 0o700
    assert any("kamtui.db" in n and "0600" in n for n in store.notices)
    assert any("0700" in n for n in store.notices)
    store.close()


def test_a_users_own_folder_is_left_alone(tmp_path: Path) -> None:
    # --db in a folder of the user's choosing: we make our files private, not their folder.
    folder = tmp_path / "projects"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    open_store(folder / "work.db", create=True).close()
    assert mode(folder) == 0o755
    assert mode(folder / "work.db") == 0o600
