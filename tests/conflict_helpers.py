"""Sync conflicts to test the screens and Today with: two stores that each changed the
same fields apart, then synced both ways (as tests/sync does)."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sync_helpers import both_ways, carry, new_store

from kamtui.store import Store
from kamtui.store.repos import Services

STAMP = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def conflicted_pair(folder: Path) -> tuple[Store, Store]:
    """`laptop` and `server`, synced, with two conflicts on each: an account's name and an
    action's deadline, changed on both (the server's later, so its values win). The
    account's name holds markup: user text must show as typed."""
    laptop, server = new_store(folder, "laptop"), new_store(folder, "server")
    here = Services(laptop)
    here.accounts.create({"name": "Nordwind Logistics", "tier": "key"}, id="acc-nordwind",
                         stamp=STAMP)
    here.actions.create({"account_id": "acc-nordwind", "title": "Send the pricing",
                         "deadline": "2026-11-30"}, id="act-pricing", stamp=STAMP)
    carry(laptop, server)
    there = Services(server)
    here.accounts.update("acc-nordwind", {"name": "Nordwind [b]AG[/]"})
    here.actions.update("act-pricing", {"deadline": "2026-12-04"})
    there.accounts.update("acc-nordwind", {"name": "Nordwind Logistik GmbH"})
    there.actions.update("act-pricing", {"deadline": "2026-12-11"})
    both_ways(laptop, server)
    return laptop, server


def set_last_synced(store: Store, days_ago: float) -> None:
    """Pretend the last sync was `days_ago` days ago."""
    at = datetime.now(UTC) - timedelta(days=days_ago)
    conn = store.engine.raw_connection()
    try:
        conn.execute("UPDATE sync_peer SET synced_at = ?",
                     (at.strftime("%Y-%m-%d %H:%M:%S.%f"),))
        conn.commit()
    finally:
        conn.close()
