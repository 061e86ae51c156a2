"""Keeping the store safe: backup (a copy now), restore FILE (put a backup back) and
doctor (is everything as it should be: integrity, schema, permissions, backups, disk)."""

import argparse
import os
import sqlite3
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Where SQLite's WAL (shared memory between processes) cannot be trusted.
NETWORK_FS = ("nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "fuse.sshfs", "sshfs",
              "9p", "afs", "ceph", "glusterfs", "fuse.glusterfs", "lustre", "davfs",
              "fuse.davfs2", "fuse.rclone", "fuse.s3fs")
STALE_BACKUP_DAYS = 2


def add_commands(commands: Any, add_db: Callable[..., None]) -> None:  # noqa: ANN401
    backup = commands.add_parser(
        "backup", help="copy the store to its backups folder now",
        description="Copy the store (a consistent copy, private to you) to the folder "
                    "NAME.backups beside it, and print the copy's path. kamtui also keeps "
                    "daily copies and one before every upgrade and import.")
    add_db(backup, top=False)
    backup.set_defaults(run=cmd_backup)

    restore = commands.add_parser(
        "restore", help="put a backup back in place of the store",
        description="Replace the store with FILE, a kamtui store or backup this kamtui can "
                    "open. The current store is copied to the backups folder first. "
                    "Refused while another kamtui has the store open.")
    add_db(restore, top=False)
    restore.add_argument("file", metavar="FILE")
    restore.set_defaults(run=cmd_restore)

    doctor = commands.add_parser(
        "doctor", help="check the store, its files and backups",
        description="Check the store's integrity, schema version, file permissions, "
                    "backups and whether it sits on a network filesystem. Each line says "
                    "ok or what to do; exits 0 when all is ok, 1 otherwise.")
    add_db(doctor, top=False)
    doctor.set_defaults(run=cmd_doctor)


def cmd_backup(args: argparse.Namespace) -> int:
    from kamtui.__main__ import open_for
    from kamtui.store.backup import take_backup

    store = open_for(args.db)
    try:
        path = take_backup(store, "manual")
    finally:
        store.close()
    print(path)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from kamtui.paths import choose_db
    from kamtui.store import backup, files, migrations

    files.private_umask()
    choice = choose_db(args.db)
    files.ensure_private_dir(choice.path.parent, tighten=choice.is_default)
    before = backup.restore(choice.path, Path(args.file), migrations.LATEST)
    kept = f"; the store as it was is at {before}" if before else ""
    print(f"Restored {choice.path} from {Path(args.file).expanduser().absolute()}{kept}.")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from kamtui.paths import choose_db
    from kamtui.store import files

    choice = choose_db(args.db)
    path = choice.path
    if not path.exists():
        from kamtui.errors import StoreError

        raise StoreError(f"There is no kamtui store at {path}; to start one there, run "
                         f"`kamtui init --db {path}`.")
    files.check_is_kamtui_store(path)
    lines = [("store", path.as_posix(), True), _integrity(path), _schema(path),
             *_permissions(path, choice.is_default), _backups(path), _filesystem(path)]
    for name, text, _ok in lines:
        print(f"{name + ':':<12} {text}")
    return 0 if all(ok for _n, _t, ok in lines) else 1


Line = tuple[str, str, bool]


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)


def _integrity(path: Path) -> Line:
    from kamtui.store.engine import damaged

    try:
        conn = _read_only(path)
        try:
            result = conn.execute("PRAGMA integrity_check(5)").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        return "integrity", damaged(path, str(err)), False
    if result == [("ok",)]:
        return "integrity", "ok", True
    return "integrity", damaged(path, result[0][0]), False


def _schema(path: Path) -> Line:
    from kamtui.store import migrations

    try:
        conn = _read_only(path)
        try:
            version = migrations.user_version(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return "schema", "unreadable (see integrity)", False
    if version > migrations.LATEST:
        return "schema", (f"{version}, made by a newer kamtui (this one knows up to "
                          f"{migrations.LATEST}): upgrade kamtui"), False
    if version < migrations.LATEST:
        return "schema", (f"{version}: ok (upgraded to {migrations.LATEST} on next open, "
                          f"after a backup)"), True
    return "schema", f"{version}: ok", True


def _mode_line(name: str, path: Path, want: int) -> Line | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    mode = stat.S_IMODE(info.st_mode)
    if info.st_uid != os.getuid():
        return name, f"{path} belongs to another user: make it yours (chown)", False
    if mode & 0o077 & ~(want & 0o077):
        return name, f"{oct(mode)[2:]}, readable by others: run chmod {oct(want)[2:]} {path}", False
    return name, f"{oct(mode)[2:]}: ok", True


def _permissions(path: Path, is_default: bool) -> list[Line]:
    from kamtui.store.backup import backup_dir, list_backups

    folder = path.parent
    # kamtui's own data folder must be private; a folder you chose must not let others
    # replace the store (group/other write).
    want_dir = 0o700 if is_default else 0o755
    found = [_mode_line("folder", folder, want_dir), _mode_line("store", path, 0o600),
             _mode_line("wal", Path(f"{path}-wal"), 0o600),
             _mode_line("shm", Path(f"{path}-shm"), 0o600),
             _mode_line("backups", backup_dir(path), 0o700)]
    loose = [p for p in list_backups(path) if stat.S_IMODE(p.stat().st_mode) & 0o077]
    if loose:
        found.append(("backups", f"{len(loose)} copies readable by others: run chmod 600 "
                                 f"{backup_dir(path)}/*.db", False))
    return [line for line in found if line is not None]


def _backups(path: Path) -> Line:
    from kamtui.store.backup import list_backups

    copies = list_backups(path)
    if not copies:
        return "backups", "none yet: run kamtui backup", False
    age_h = (time.time() - copies[0].stat().st_mtime) / 3600
    age = f"{age_h:.0f} h" if age_h < 48 else f"{age_h / 24:.0f} days"
    if age_h > STALE_BACKUP_DAYS * 24:
        return "backups", (f"{len(copies)}, the newest {age} old ({copies[0]}): run "
                           f"kamtui backup"), False
    return "backups", f"{len(copies)}, the newest {age} old: ok", True


def mount_of(path: Path, mounts_text: str) -> tuple[str, str]:
    """(mount point, filesystem type) of the mount holding `path`, from /proc/mounts."""
    best = ("/", "")
    real = path.resolve().as_posix()
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = real == point or real.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best[0]):
            best = (point, parts[2])
    return best


def _filesystem(path: Path, mounts: Path = Path("/proc/mounts")) -> Line:
    try:
        text = mounts.read_text()
    except OSError:
        return "disk", "unknown (no /proc/mounts): ok", True
    point, fstype = mount_of(path, text)
    if fstype in NETWORK_FS or fstype.startswith(("nfs", "fuse.sshfs")):
        return "disk", (f"WAL is unsafe here: {path} is on {fstype} ({point}), a network "
                        f"filesystem; move the store to a local disk and use --db"), False
    return "disk", f"{fstype or 'local'} ({point}): ok", True
