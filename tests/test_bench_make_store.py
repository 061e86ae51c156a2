"""Smoke test of benchmarks/make_store.py at a tiny scale: the store it builds is whole
(its counts, its foreign keys), kamtui reads it, and the same scale and day give the same
store. No timing: that is the benchmark's to show."""

import importlib.util
import sqlite3
import sys
from contextlib import closing
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from kamtui.store import open_store
from kamtui.store.portfolio import portfolio
from kamtui.store.today import Section, checklist

DAY = date(2026, 11, 22)
SCALE = 0.002  # 10 accounts, 100 contacts, 400 action items, 1,000 interactions


@pytest.fixture(scope="module")
def make_store() -> ModuleType:
    path = Path(__file__).parents[1] / "benchmarks" / "make_store.py"
    spec = importlib.util.spec_from_file_location("make_store", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_store"] = module
    spec.loader.exec_module(module)
    return module


def test_builds_a_whole_store_kamtui_reads(make_store: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "scale.db"
    counts = make_store.build_scale_store(path, scale=SCALE, day=DAY)
    assert counts == make_store.row_counts(path)
    assert counts["account"] == 10 and counts["contact"] == 100
    assert counts["action_item"] == 400 and counts["interaction"] == 1000
    assert all(counts[table] > 0 for table in (
        "team_member", "assignment", "product", "whitespace_cell", "account_plan",
        "objective", "opportunity", "review", "escalation_plan", "escalation_level",
        "escalation", "interaction_contact"))
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0] > 0
        open_items = conn.execute("SELECT count(*) FROM action_item WHERE status IN "
                                  "('open', 'waiting')").fetchone()[0]
        assert open_items == 200
        assert conn.execute("SELECT count(*) FROM account WHERE deleted_at IS NOT NULL"
                            ).fetchone()[0] == 1
    with closing(open_store(path)) as store:
        today = checklist(store, DAY)
        assert today.section(Section.overdue).total > 0
        assert today.section(Section.overdue).items
        assert today.section(Section.escalations).items  # the key account in crisis
        page = portfolio(store, limit=20)
        assert page.total_accounts == 9 and len(page.rows) == 9  # one is soft-deleted


def test_same_scale_and_day_give_the_same_store(make_store: ModuleType,
                                                tmp_path: Path) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    make_store.build_scale_store(first, scale=SCALE, day=DAY, analyze=False)
    make_store.build_scale_store(second, scale=SCALE, day=DAY, analyze=False)
    query = "SELECT id, account_id, deadline, status, created_at FROM action_item ORDER BY id"
    with closing(sqlite3.connect(first)) as a, closing(sqlite3.connect(second)) as b:
        assert a.execute(query).fetchall() == b.execute(query).fetchall()
    with pytest.raises(FileExistsError):
        make_store.build_scale_store(first, scale=SCALE, day=DAY)


def test_the_cached_store_is_reused_until_its_counts_change(
        make_store: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(make_store, "cache_dir", lambda: tmp_path)
    path = make_store.ensure_scale_store(SCALE, DAY)
    assert path.parent == tmp_path / "benchmarks" and path.exists()
    built = path.stat().st_mtime_ns
    assert make_store.ensure_scale_store(SCALE, DAY) == path
    assert path.stat().st_mtime_ns == built  # reused
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("DELETE FROM escalation_event")
    assert make_store.ensure_scale_store(SCALE, DAY) == path
    assert make_store.row_counts(path)["escalation_event"] > 0  # built afresh
