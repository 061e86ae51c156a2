"""Migrations: an older store upgrades with its data kept and a private backup first;
a newer one is refused untouched; each step is one transaction."""

import hashlib
import sqlite3
import stat
from pathlib import Path

import pytest

from kamtui.domain import Account, ActionItem, Contact
from kamtui.errors import StoreError
from kamtui.store import migrations, open_store
from kamtui.store.backup import backup_dir
from kamtui.store.repos import Services

FIXTURES = Path(__file__).parent.parent / "fixtures"


def make_v1_store(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    migrations.migrate(conn, upto=1)
    conn.execute("BEGIN")
    for statement in migrations.statements((FIXTURES / "store_v1_data.sql").read_text()):
        conn.execute(statement)
    conn.execute("COMMIT")
    conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_there_is_more_than_one_step() -> None:
    # The upgrade test below only means something while an older version exists.
    assert migrations.LATEST >= 2
    assert [n for n, _ in migrations.STEPS] == list(range(1, migrations.LATEST + 1))


def test_v1_store_upgrades_with_data_kept(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_v1_store(path)
    store = open_store(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "ix_action_item_live_deadline" in indexes
    conn.close()

    svc = Services(store)
    account = svc.accounts.get("a0000000-0000-4000-8000-000000000001")
    assert account.name == "Nordwind Logistics" and account.tier == "key"
    assert account.pet_peeves == "Invoices in the wrong currency"
    contact = svc.contacts.get("c0000000-0000-4000-8000-000000000001")
    assert contact.last_contacted.isoformat() == "2026-10-02"
    action = svc.actions.get("d0000000-0000-4000-8000-000000000001")
    assert (action.recurrence_every, action.recurrence_unit) == (1, "months")
    assert store.replica_id == "0b6f3c1e-1d8e-4f57-9a3c-7e1f00000001"
    assert any("Upgraded the store from schema 1" in n for n in store.notices)
    store.close()


def test_backup_taken_before_migrating_is_private_and_old(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_v1_store(path)
    open_store(path).close()
    backups = list(backup_dir(path).iterdir())
    assert len(backups) == 1
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(backup_dir(path).stat().st_mode) == 0o700
    copy = sqlite3.connect(backups[0])
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    assert copy.execute("SELECT name FROM account").fetchall() == [("Nordwind Logistics",)]
    copy.close()


def test_up_to_date_store_takes_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    open_store(path, create=True).close()
    open_store(path).close()
    assert not [p for p in backup_dir(path).glob("*.db") if "-before-v" in p.name]


def test_newer_store_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_store(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="newer kamtui"):
        open_store(path)
    assert digest(path) == before
    assert not Path(f"{path}-wal").exists()


def test_a_failing_step_leaves_the_version_and_schema_as_they_were(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.db"
    make_v1_store(path)
    step_2 = tmp_path / "0002_broken.sql"
    step_2.write_text("CREATE INDEX ix_ok ON account (region);\n"
                      "CREATE INDEX ix_bad ON no_such_table (x);", encoding="utf-8")
    broken = [*migrations.STEPS[:1], (2, step_2)]
    monkeypatch.setattr(migrations, "STEPS", broken)
    with pytest.raises(sqlite3.OperationalError):
        open_store(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "ix_ok" not in names
    conn.close()


def test_fresh_schema_matches_the_domain_model(tmp_path: Path) -> None:
    """The frozen SQL steps and the SQLModel tables must describe the same columns."""
    from sqlmodel import SQLModel

    path = tmp_path / "fresh.db"
    open_store(path, create=True).close()
    conn = sqlite3.connect(path)
    for table in SQLModel.metadata.sorted_tables:
        found = {r[1]: bool(r[3]) for r in conn.execute(f"PRAGMA table_info({table.name})")}
        expected = {c.name: not c.nullable for c in table.columns}
        assert found == expected, table.name
    conn.close()
    for model in (Account, Contact, ActionItem):
        assert model.__tablename__ in SQLModel.metadata.tables


def test_v2_store_gains_the_tier_decision_table(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, upto=2)
    conn.close()
    open_store(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST >= 3
    columns = [r[1] for r in conn.execute("PRAGMA table_info(tier_decision)")]
    assert columns[4:] == ["account_id", "decided_on", "from_tier", "to_tier", "score",
                           "reason"]
    conn.close()
