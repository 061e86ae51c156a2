"""Syncing stores (issue 9): the change log a write leaves, bundles taken in once only,
a delete meeting an edit, a conflict shown, resolved and the resolution synced, three
stores passing changes on, and every refused bundle leaving the store as it was."""

import io
import sqlite3
from pathlib import Path

import pytest
from sync_helpers import (
    ACCOUNT,
    both_ways,
    bundle_text,
    carry,
    conflicts,
    new_store,
    records,
    sync_state,
    value,
    write,
)

from kamtui.errors import KamError
from kamtui.store import Store, open_store
from kamtui.store.backup import list_backups
from kamtui.store.engine import driver
from kamtui.store.sync_conflicts import count_conflicts, list_conflicts, resolve
from kamtui.store.syncing import read_whole, take_in
from kamtui.sync.bundle import BadBundle


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Store, Store]:
    laptop, server = new_store(tmp_path, "laptop"), new_store(tmp_path, "server")
    write(laptop, ACCOUNT, "acc-1", "Nordwind Logistics")
    carry(laptop, server)
    yield laptop, server
    laptop.close()
    server.close()


def log_lines(store: Store) -> list[tuple]:
    conn = sqlite3.connect(store.path)
    try:
        return conn.execute("SELECT tbl, row_id, field, value, stamp IS NOT NULL "
                            "FROM change_log ORDER BY seq").fetchall()
    finally:
        conn.close()


def test_a_write_logs_its_creation_and_each_changed_field_stamped(store: Store) -> None:
    write(store, ACCOUNT, "acc-1", "Nordwind")
    write(store, "UPDATE account SET name = 'Nordwind AG', tier = 'key', "
                 "updated_at = '2026-11-23 08:00:00.000000' WHERE id = 'acc-1'")
    assert log_lines(store) == [("account", "acc-1", "", None, 1),
                                ("account", "acc-1", "name", "Nordwind AG", 1)]


def test_a_failed_transaction_leaves_no_log_line(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as session:
        driver(session).execute(ACCOUNT, ("acc-1", "X"))
        raise RuntimeError("the user's step failed")
    assert log_lines(store) == []


def test_rows_written_before_the_log_are_sent_as_created(tmp_path: Path) -> None:
    from kamtui.store import migrations

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, upto=6)
    conn.execute("INSERT INTO store_meta VALUES ('replica_id', 'old-replica')")
    conn.execute(ACCOUNT, ("acc-old", "Written at schema 6"))
    conn.close()
    old, fresh = open_store(path), new_store(tmp_path, "fresh")
    try:
        assert log_lines(old) == [("account", "acc-old", "", None, 1)]
        carry(old, fresh)
        assert records(fresh)["account"] == records(old)["account"]
    finally:
        old.close()
        fresh.close()


def test_the_same_bundle_twice_changes_nothing(pair: tuple[Store, Store]) -> None:
    laptop, server = pair
    write(laptop, "UPDATE account SET name = 'Nordwind AG' WHERE id = 'acc-1'")
    text = bundle_text(laptop, server)
    first = take_in(server, read_whole(server, io.StringIO(text), "b"), "laptop")
    held, backups = (records(server), sync_state(server)), list_backups(server.path)
    again = take_in(server, read_whole(server, io.StringIO(text), "b"), "laptop")
    assert (first.applied.received, first.applied.rows) == (1, 1)
    assert (again.applied.received, again.applied.rows, again.backup) == (0, 0, None)
    assert (records(server), sync_state(server)) == held
    assert list_backups(server.path) == backups  # nothing new: no backup either
    assert value(server, "account", "acc-1", "name") == "Nordwind AG"


def test_a_delete_meets_an_edit_both_apply_and_it_is_reported(
        pair: tuple[Store, Store]) -> None:
    laptop, server = pair
    write(laptop, "UPDATE account SET deleted_at = '2026-11-22 09:00:00.000000' "
                  "WHERE id = 'acc-1'")
    write(server, "UPDATE account SET notes = 'Met the CFO' WHERE id = 'acc-1'")
    to_server = carry(laptop, server).applied
    to_laptop = carry(server, laptop).applied
    assert to_server.deleted_edited == [("account", "acc-1")]
    assert to_laptop.deleted_edited == [("account", "acc-1")]
    assert records(laptop) == records(server)
    assert value(laptop, "account", "acc-1", "deleted_at") == "2026-11-22 09:00:00.000000"
    assert value(laptop, "account", "acc-1", "notes") == "Met the CFO"
    assert conflicts(laptop) == conflicts(server) == []


def test_a_conflict_is_kept_shown_resolved_and_the_resolution_syncs(
        pair: tuple[Store, Store]) -> None:
    laptop, server = pair
    write(laptop, "UPDATE account SET name = 'Nordwind (laptop)' WHERE id = 'acc-1'")
    write(server, "UPDATE account SET name = 'Nordwind (server)' WHERE id = 'acc-1'")
    both_ways(laptop, server)
    assert records(laptop) == records(server)
    assert count_conflicts(laptop) == count_conflicts(server) == 1
    [shown], total = list_conflicts(laptop)
    assert total == 1 and shown.ref == "acc-1.name" and shown.label == "name"
    assert {shown.here, shown.other} == {"Nordwind (laptop)", "Nordwind (server)"}
    said = resolve(laptop, "acc-1.name", take=True)
    assert f"name is now {shown.other}" in said
    assert count_conflicts(laptop) == 0 and count_conflicts(server) == 1
    both_ways(laptop, server)
    assert count_conflicts(server) == 0 and records(laptop) == records(server)
    assert value(server, "account", "acc-1", "name") == shown.other


def test_keeping_the_value_shown_also_clears_the_conflict_everywhere(
        pair: tuple[Store, Store]) -> None:
    laptop, server = pair
    write(laptop, "UPDATE account SET tier = 'major' WHERE id = 'acc-1'")
    write(server, "UPDATE account SET tier = 'standard' WHERE id = 'acc-1'")
    both_ways(laptop, server)
    [shown], _ = list_conflicts(server)
    resolve(server, shown.ref, take=False)
    both_ways(laptop, server)
    assert conflicts(laptop) == conflicts(server) == []
    assert records(laptop) == records(server)
    assert value(laptop, "account", "acc-1", "tier") == shown.here


def test_a_bad_reference_is_one_sentence(pair: tuple[Store, Store]) -> None:
    with pytest.raises(KamError, match="no conflict acc-1.name"):
        resolve(pair[0], "acc-1.name", take=True)
    with pytest.raises(KamError, match="not a conflict's reference"):
        resolve(pair[0], "name", take=False)


def test_three_stores_pass_changes_on(tmp_path: Path, pair: tuple[Store, Store]) -> None:
    laptop, server = pair
    tablet = new_store(tmp_path, "tablet")
    try:
        write(laptop, ACCOUNT, "acc-2", "Made on the laptop")
        carry(laptop, server)
        carry(server, tablet)  # the laptop's changes reach the tablet through the server
        assert records(tablet) == records(laptop)
        assert carry(laptop, tablet).applied.received == 0  # nothing new directly either
        write(tablet, "UPDATE account SET region = 'Nord' WHERE id = 'acc-2'")
        carry(tablet, laptop)
        carry(laptop, server)
        assert records(server) == records(tablet) == records(laptop)
    finally:
        tablet.close()


def test_two_plans_made_apart_for_one_period_are_both_kept_and_reported(
        pair: tuple[Store, Store]) -> None:
    laptop, server = pair
    plan = ("INSERT INTO account_plan (id, created_at, updated_at, account_id, period, "
            "direction, value_proposition, priorities, risks, competitors, will_deliver, "
            "wont_deliver, information_sources) VALUES (?, '2026-11-22 08:00:00.000000', "
            "'2026-11-22 08:00:00.000000', 'acc-1', 'FY2027', '', '', '[]', '', '', '', '',"
            " '')")
    write(laptop, plan, "plan-l")
    write(server, plan, "plan-s")
    doubles = carry(laptop, server).applied.doubles
    assert doubles == [("account_plan", "plan-l", "plan-s")]
    assert len(records(server)["account_plan"]) == 2


def _refused(store: Store, text: str, match: str) -> None:
    held, backups = (records(store), sync_state(store)), list_backups(store.path)
    with pytest.raises(BadBundle, match=match):
        take_in(store, read_whole(store, io.StringIO(text), "the bundle"), "x")
    assert (records(store), sync_state(store)) == held
    assert list_backups(store.path) == backups


def test_broken_bundles_are_refused_and_the_store_is_untouched(
        pair: tuple[Store, Store]) -> None:
    laptop, server = pair
    write(laptop, "UPDATE account SET name = 'Changed' WHERE id = 'acc-1'")
    text = bundle_text(laptop, server)
    lines = text.splitlines(keepends=True)
    _refused(server, "".join(lines[:-1]), "cut short")
    _refused(server, text[:-30], "cut short")
    _refused(server, text.replace("Changed", "Chanced"), "altered")
    newer = text.replace('"schema":7', '"schema":99', 1)
    _refused(server, newer, "newer kamtui")
    _refused(laptop, text, "this one's replica id")


def test_a_copied_store_file_cannot_sync_with_its_original(tmp_path: Path,
                                                            pair: tuple[Store, Store]) -> None:
    import shutil

    laptop, _ = pair
    shutil.copy(laptop.path, tmp_path / "copy.db")
    copy = open_store(tmp_path / "copy.db")
    try:
        _refused(copy, bundle_text(laptop), "copy of the other's file")
    finally:
        copy.close()


def triggers(store: Store) -> int:
    conn = sqlite3.connect(store.path)
    try:
        return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                            ).fetchone()[0]
    finally:
        conn.close()


def test_bulk_writes_log_each_row_once_and_leave_the_triggers_in_place(
        tmp_path: Path, store: Store) -> None:
    from kamtui.__main__ import main
    from kamtui.io.json_backup import read_json, write_json

    made = triggers(store)
    source = tmp_path / "crm.csv"
    source.write_text("Account Name,Industry\nNordwind,Logistics\nAtlas,Retail\n")
    assert main(["--db", str(store.path), "import", "csv", "accounts", str(source)]) == 0
    lines = log_lines(store)
    assert [(t, f, v, s) for t, _, f, v, s in lines] == [("account", "", None, 1)] * 2
    assert triggers(store) == made > 0
    write(store, "UPDATE account SET industry = 'Rail' WHERE name = 'Atlas'")
    assert log_lines(store)[-1][2:] == ("industry", "Rail", 1)

    with open(tmp_path / "all.json", "w", encoding="utf-8") as out:
        write_json(store, out)
    copy = new_store(tmp_path, "restored")
    try:
        read_json(copy, tmp_path / "all.json")
        restored = sync_state(copy)[0]
        assert sorted(line[2] for line in restored) == sorted(line[1] for line in lines)
        assert {line[0].split(".", 2)[2] for line in restored} == {copy.replica_id}
        assert triggers(copy) == made
    finally:
        copy.close()


def test_a_trigger_dropped_by_hand_is_made_again_on_the_next_open(store: Store) -> None:
    made = triggers(store)
    path = store.path
    store.close()
    conn = sqlite3.connect(path)
    conn.execute('DROP TRIGGER "sync_account_update"')
    conn.commit()
    conn.close()
    again = open_store(path)
    try:
        assert triggers(again) == made
        write(again, ACCOUNT, "acc-1", "Nordwind")
        write(again, "UPDATE account SET region = 'North' WHERE id = 'acc-1'")
        assert log_lines(again)[-1][2:] == ("region", "North", 1)
    finally:
        again.close()


def test_a_store_put_back_from_a_backup_gets_its_later_edits_back_from_a_peer(
        tmp_path: Path, pair: tuple[Store, Store]) -> None:
    import shutil

    laptop, server = pair
    path = laptop.path
    laptop.close()
    shutil.copy(path, tmp_path / "before.db")  # a backup, taken before the edit
    laptop = open_store(path)
    write(laptop, "UPDATE account SET notes = 'Made after the backup' WHERE id = 'acc-1'")
    carry(laptop, server)
    laptop.close()
    shutil.copy(tmp_path / "before.db", path)  # the laptop's disk died; the backup is back
    for side in ("-wal", "-shm"):
        Path(f"{path}{side}").unlink(missing_ok=True)
    laptop = open_store(path)
    try:
        assert value(laptop, "account", "acc-1", "notes") == ""
        assert carry(server, laptop).applied.received == 1
        assert value(laptop, "account", "acc-1", "notes") == "Made after the backup"
        write(laptop, "UPDATE account SET notes = 'Later still' WHERE id = 'acc-1'")
        carry(laptop, server)
        assert records(server) == records(laptop) and conflicts(server) == []
    finally:
        laptop.close()
