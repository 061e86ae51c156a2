"""`kamtui sync HOST` end to end, through a fake ssh on PATH that runs the far side here on
another store: the command line built is the one ssh gets; one sync brings both stores
to the same records and conflicts; a connection cut while either side sends leaves each
store as it was or holding all the other sent; ssh failing to connect is one sentence."""

import ast
import stat
import sys
from pathlib import Path

import pytest
from sync_helpers import ACCOUNT, conflicts, records, sync_state, write

from kamtui.__main__ import main
from kamtui.store import Store, open_store
from kamtui.sync.remote import ssh_command

HERE = Path(__file__).parent


@pytest.fixture
def far_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bin folder with `ssh` (the fake) and `kamtui` (this one) first on PATH."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name, body in (("ssh", f'exec "{sys.executable}" "{HERE / "fake_ssh.py"}" "$@"'),
                       ("kamtui", f'exec "{sys.executable}" -m kamtui "$@"')):
        script = folder / name
        script.write_text(f"#!/bin/sh\n{body}\n")
        script.chmod(stat.S_IRWXU)
    monkeypatch.setenv("PATH", f"{folder}:{Path(sys.executable).parent}:/usr/bin:/bin")
    monkeypatch.setenv("FAKE_SSH_LOG", str(tmp_path / "ssh.log"))
    return tmp_path


def sync(local: Path, far: Path, capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    code = main(["--db", str(local), "sync", "kam@server", "--remote-db", str(far)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def opened(path: Path) -> Store:
    return open_store(path, create=True)


def snapshot(path: Path) -> tuple:
    store = open_store(path)
    try:
        return records(store), sync_state(store), conflicts(store)
    finally:
        store.close()


def test_the_ssh_command_line_quotes_the_far_words() -> None:
    assert ssh_command("kam@server", remote_db="/data/my store.db") == [
        "ssh", "-T", "-e", "none", "kam@server", "--",
        "kamtui sync serve --db '/data/my store.db'"]
    assert ssh_command("srv", ssh="ssh -p 2222", remote_kamtui="~/bin/kamtui")[-1] == (
        "~/bin/kamtui sync serve")
    assert ssh_command("srv", remote_db="~/kam/a b.db")[-1] == (
        "kamtui sync serve --db ~/'kam/a b.db'")


def test_a_first_sync_fills_a_new_store_there_and_a_second_merges_both(
        far_path: Path, capsys: pytest.CaptureFixture) -> None:
    laptop_db, server_db = far_path / "laptop.db", far_path / "server.db"
    laptop = opened(laptop_db)
    write(laptop, ACCOUNT, "acc-1", "Nordwind")
    laptop.close()
    code, out, _ = sync(laptop_db, server_db, capsys)
    assert code == 0 and "Sent 1 change; kam@server took in 1 new" in out
    logged = [ast.literal_eval(line) for line in (far_path / "ssh.log").read_text().splitlines()]
    assert logged == [ssh_command("kam@server", remote_db=str(server_db))[1:]]
    assert snapshot(laptop_db)[0] == snapshot(server_db)[0]
    assert stat.S_IMODE(server_db.stat().st_mode) == 0o600

    laptop, server = open_store(laptop_db), open_store(server_db)
    write(laptop, "UPDATE account SET name = 'Nordwind (laptop)' WHERE id = 'acc-1'")
    write(server, "UPDATE account SET name = 'Nordwind (server)' WHERE id = 'acc-1'")
    write(server, ACCOUNT, "acc-2", "Made on the server")
    laptop.close()
    server.close()
    code, out, _ = sync(laptop_db, server_db, capsys)
    assert code == 0 and "1 new conflict:" in out
    here, there = snapshot(laptop_db), snapshot(server_db)
    assert here[0] == there[0] and here[2] == there[2] and len(here[2]) == 1
    code, out, _ = main(["--db", str(laptop_db), "sync", "--status"]), *capsys.readouterr()
    assert code == 0 and "kam@server" in out and "1 conflict to resolve" in out


@pytest.mark.parametrize("cut", ["FAKE_SSH_CUT_OUT", "FAKE_SSH_CUT_IN"])
def test_a_connection_cut_leaves_no_store_half_synced(
        far_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch,
        cut: str) -> None:
    laptop_db, server_db = far_path / "laptop.db", far_path / "server.db"
    sync(laptop_db, server_db, capsys)  # both exist and know each other
    laptop, server = opened(laptop_db), opened(server_db)
    for number in range(30):
        write(laptop, ACCOUNT, f"acc-l{number}", f"Laptop account {number}")
        write(server, ACCOUNT, f"acc-s{number}", f"Server account {number}")
    laptop.close()
    server.close()
    before = {"laptop": snapshot(laptop_db), "server": snapshot(server_db)}
    monkeypatch.setenv(cut, "3000")  # well inside the bundle that side sends
    code, _, err = sync(laptop_db, server_db, capsys)
    assert code != 0 and "the connection was cut" in err, err
    assert len([line for line in err.splitlines() if line.startswith("kamtui:")]) == 1
    after = {"laptop": snapshot(laptop_db), "server": snapshot(server_db)}
    if cut == "FAKE_SSH_CUT_OUT":  # the server's bundle was cut: neither took anything
        assert after == before
    else:  # the laptop took in all the server sent; the server took nothing
        assert after["server"] == before["server"]
        names = {row[3] for row in after["laptop"][0]["account"]}
        assert {f"Server account {n}" for n in range(30)} <= names
    monkeypatch.delenv(cut)
    assert sync(laptop_db, server_db, capsys)[0] == 0
    assert snapshot(laptop_db)[0] == snapshot(server_db)[0]
    assert len(snapshot(laptop_db)[0]["account"]) == 60


def test_ssh_failing_to_connect_is_one_sentence_and_changes_nothing(
        far_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    laptop_db = far_path / "laptop.db"
    laptop = opened(laptop_db)
    write(laptop, ACCOUNT, "acc-1", "Nordwind")
    laptop.close()
    before = snapshot(laptop_db)
    monkeypatch.setenv("FAKE_SSH_REFUSE", "1")
    code, _, err = sync(laptop_db, far_path / "server.db", capsys)
    assert code != 0 and "ssh could not reach it" in err and "Nothing was synced" in err
    assert snapshot(laptop_db) == before and not (far_path / "server.db").exists()
