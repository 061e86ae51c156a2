"""What Today says about sync (issue 9): the conflicts waiting and whether sync is
overdue, read with the checklist (one small query), agreeing with the sync layer."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conflict_helpers import conflicted_pair, set_last_synced
from sync_helpers import both_ways, new_store

from kamtui.store import Store
from kamtui.store.settings import save_setting
from kamtui.store.sync_conflicts import count_conflicts, resolve
from kamtui.store.syncing import last_synced
from kamtui.store.today import SyncState, checklist

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def test_a_store_that_never_synced_says_nothing(store: Store) -> None:
    state = checklist(store, TODAY).sync
    assert state == SyncState(0, None, 7)
    assert state.days_overdue() is None
    assert state.notes("press C") == []


def test_conflicts_and_last_sync_agree_with_the_sync_layer(tmp_path: Path) -> None:
    laptop, server = conflicted_pair(tmp_path)
    try:
        state = checklist(laptop, TODAY).sync
        assert state.conflicts == count_conflicts(laptop) == 2
        assert state.last_synced == last_synced(laptop)
        assert state.notes("kamtui sync conflicts") == [
            "2 sync conflicts to resolve: kamtui sync conflicts"]
        resolve(laptop, "act-pric.deadline", take=False)
        assert checklist(laptop, TODAY).sync.notes("press C") == [
            "1 sync conflict to resolve: press C"]
    finally:
        laptop.close()
        server.close()


@pytest.mark.parametrize(("setting", "days_ago", "overdue"),
                         [(7, 3, None), (7, 7.5, 7), (7, 30.2, 30), (14, 10, None),
                          (1, 1.5, 1)])
def test_overdue_follows_the_setting(tmp_path: Path, setting: int, days_ago: float,
                                     overdue: int | None) -> None:
    laptop, server = new_store(tmp_path, "laptop"), new_store(tmp_path, "server")
    try:
        both_ways(laptop, server)
        save_setting(laptop, "sync_overdue_days", str(setting))
        set_last_synced(laptop, days_ago)
        state = checklist(laptop, TODAY).sync
        assert state.overdue_days == setting
        assert state.days_overdue() == overdue
        notes = state.notes("press C")
        assert notes == ([] if overdue is None else
                         [f"Last synced {overdue} day{'s' * (overdue != 1)} ago: run kamtui "
                          f"sync HOST"])
    finally:
        laptop.close()
        server.close()


def test_overdue_is_counted_from_now() -> None:
    state = SyncState(0, NOW - timedelta(days=8, hours=1), 7)
    assert state.days_overdue(NOW) == 8
    assert state.days_overdue(NOW - timedelta(days=2)) is None
