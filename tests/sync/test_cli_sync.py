"""The sync commands through files: a bundle written private (0600), taken in once (the
second time nothing new), a broken one refused in one sentence; conflicts listed and
resolved from the command line; --status before and after."""

import stat
from pathlib import Path

import pytest
from sync_helpers import ACCOUNT, new_store, value, write

from kamtui.__main__ import main


def kam(db: Path, capsys: pytest.CaptureFixture, *words: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *words])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_bundles_through_files_conflicts_and_status(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture) -> None:
    laptop, server = new_store(tmp_path, "laptop"), new_store(tmp_path, "server")
    write(laptop, ACCOUNT, "acc-1", "Nordwind")
    laptop.close()
    server.close()
    here, there = tmp_path / "laptop.db", tmp_path / "server.db"
    code, out, _ = kam(here, capsys, "sync", "--status")
    assert code == 0 and "has not synced with another store yet" in out
    assert "synced:   never" in kam(here, capsys, "info")[1]

    bundle = tmp_path / "to-server.kamsync"
    code, out, _ = kam(here, capsys, "sync", "export", "-o", str(bundle))
    assert code == 0 and "Wrote 1 change to" in out
    assert stat.S_IMODE(bundle.stat().st_mode) == 0o600
    code, out, _ = kam(there, capsys, "sync", "import", str(bundle))
    assert code == 0 and "Received 1 change " in out and "1 record changed" in out
    code, out, _ = kam(there, capsys, "sync", "import", str(bundle))
    assert "Received 0 changes from to-server.kamsync, 1 already here" in out
    assert "synced:   20" in kam(there, capsys, "info")[1]

    cut = tmp_path / "cut.kamsync"
    cut.write_text(bundle.read_text()[:-20])
    code, _, err = kam(there, capsys, "sync", "import", str(cut))
    assert code != 0 and "cut short" in err and err.count("\n") == 1

    for db, name in ((here, "Nordwind (laptop)"), (there, "Nordwind (server)")):
        store = new_store(tmp_path, db.stem)
        write(store, "UPDATE account SET name = ? WHERE id = 'acc-1'", name)
        store.close()
    kam(here, capsys, "sync", "export", "-o", str(bundle))
    kam(there, capsys, "sync", "import", str(bundle))
    code, out, _ = kam(there, capsys, "sync", "conflicts")
    assert "acc-1.name" in out and "Nordwind (laptop)" in out and "Nordwind (server)" in out
    code, out, _ = kam(there, capsys, "sync", "resolve", "acc-1.name", "--keep")
    assert code == 0 and "is now" in out
    code, out, _ = kam(there, capsys, "sync", "conflicts")
    assert out.startswith("No conflicts")
    code, out, _ = kam(there, capsys, "sync", "--status")
    assert "to-server.kamsync" in out and "received 2" in out
    code, out, err = kam(there, capsys, "sync", "resolve", "acc-1.name")
    assert code != 0 and "--keep" in err
    store = new_store(tmp_path, "server")
    try:
        assert value(store, "account", "acc-1", "name") in ("Nordwind (laptop)",
                                                             "Nordwind (server)")
    finally:
        store.close()
