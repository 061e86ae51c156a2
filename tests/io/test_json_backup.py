"""The lossless JSON backup: export -> import -> export gives the same document (the demo
portfolio and generated stores with awkward values), and every refusal is one sentence
that leaves the store exactly as it was."""

import json
import re
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from kamtui.domain import Account, ActionItem, Contact
from kamtui.domain.enums import ActionStatus, BuyingRole
from kamtui.errors import KamError
from kamtui.io.document_files import private_file
from kamtui.io.json_backup import read_json, write_json
from kamtui.store import Store, open_store, snapshot
from kamtui.store.health_scores import every_health, health_scores, store_version
from kamtui.store.migrations import LATEST
from kamtui.store.records import delete_record
from kamtui.store.repos import Services
from kamtui.store.settings import load_settings, save_setting

TODAY = date(2026, 11, 22)


def export(store: Store, path: Path) -> tuple[dict[str, int], str]:
    with private_file(path) as handle:
        counts = write_json(store, handle)
    return counts, path.read_text("utf-8")


def stable(text: str) -> list[str]:
    """The document's lines apart from the moment it was exported."""
    return [line for line in text.splitlines() if '"exported_at"' not in line]


def state(store: Store) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """Everything a refused import must leave alone: row counts and store_meta."""
    with snapshot.reading(store) as conn:
        meta = conn.execute("SELECT key, value FROM store_meta ORDER BY key").fetchall()
        return snapshot.row_counts(conn), meta


@pytest.fixture
def empty(tmp_path: Path) -> Store:
    opened = open_store(tmp_path / "restored" / "kamtui.db", create=True)
    yield opened
    opened.close()


@pytest.fixture
def demo_doc(demo: Services, tmp_path: Path) -> dict[str, Any]:
    return json.loads(export(demo.store, tmp_path / "demo.json")[1])


def refused(store: Store, tmp_path: Path, doc: Any, name: str = "bad.json") -> str:  # noqa: ANN401
    """Import `doc` (a document, or raw text/bytes), expect a refusal, check nothing
    changed, and return what the user is told."""
    path = tmp_path / name
    if isinstance(doc, bytes):
        path.write_bytes(doc)
    else:
        path.write_text(doc if isinstance(doc, str) else json.dumps(doc), "utf-8")
    before, replica = state(store), store.replica_id
    with pytest.raises(KamError) as caught:
        read_json(store, path)
    assert state(store) == before and store.replica_id == replica
    return str(caught.value)


def test_demo_round_trip(demo: Services, empty: Store, tmp_path: Path) -> None:
    save_setting(demo.store, "upcoming_days", "14")
    counts, first = export(demo.store, tmp_path / "a.json")
    assert counts["account"] == 40 and sum(counts.values()) > 500
    assert read_json(empty, tmp_path / "a.json") == counts
    again, second = export(empty, tmp_path / "b.json")
    assert again == counts and stable(second) == stable(first) and first != ""
    assert empty.replica_id == demo.store.replica_id
    assert load_settings(empty).upcoming_days == 14
    doc = json.loads(first)
    assert list(doc) == ["format", "format_version", "schema", "replica_id", "exported_at",
                         "meta", "tables"]
    assert (doc["format"], doc["format_version"], doc["schema"]) == ("kamtui", 1, LATEST)
    assert doc["meta"] == {"setting.upcoming_days": "14"}
    assert list(doc["tables"]) == list(snapshot.MODELS)
    assert sum(map(len, doc["tables"].values())) == sum(counts.values())
    # One row per line, keys sorted, ids ascending, every live column (migrations' too).
    account = doc["tables"]["account"]
    with snapshot.reading(demo.store) as conn:
        names = [c.name for c in snapshot.columns(conn, "account")]
    assert all(sorted(row) == sorted(names) and list(row) == sorted(row) for row in account)
    assert [row["id"] for row in account] == sorted(row["id"] for row in account)
    assert all(isinstance(row["skills_needed"], list) for row in account)
    assert all(isinstance(p["informed"], list) for p in doc["tables"]["account_plan"])
    assert len(first.splitlines()) == 10 + 2 * len(snapshot.MODELS) + sum(counts.values()) \
        - sum(1 for n in counts.values() if n == 0)


def test_fresh_open_and_health_see_the_import(demo: Services, empty: Store,
                                              tmp_path: Path) -> None:
    export(demo.store, tmp_path / "a.json")
    with empty.read() as session:  # the cache remembers an empty portfolio ...
        version = store_version(empty)
        assert every_health(empty, session, TODAY, version).result() == {}
    read_json(empty, tmp_path / "a.json")
    with demo.store.read() as session:
        expected = health_scores(session, TODAY)
    assert store_version(empty) != version  # ... and forgets it once the import commits
    with empty.read() as session:
        fresh = every_health(empty, session, TODAY, store_version(empty)).result()
    assert fresh == expected and len(fresh) == 40
    reopened = open_store(empty.path)
    try:
        assert reopened.replica_id == demo.store.replica_id
        assert state(reopened) == state(demo.store)
    finally:
        reopened.close()


def test_soft_deleted_rows_survive(demo: Services, empty: Store, tmp_path: Path) -> None:
    with demo.store.read() as session:
        gone = session.exec(select(Account).where(Account.name == "Lumera Foods")).one()
    delete_record(demo, "accounts", gone.id)
    counts, _ = export(demo.store, tmp_path / "a.json")
    read_json(empty, tmp_path / "a.json")
    with empty.read() as session:
        row = session.get(Account, gone.id)
        contacts = session.exec(select(Contact).where(Contact.account_id == gone.id)).all()
    assert row is not None and row.deleted_at is not None and row.name == "Lumera Foods"
    assert contacts and all(c.deleted_at is not None for c in contacts)
    assert state(empty)[0] == counts


# Awkward values: quotes, backslashes, newlines, unicode, empty text, floats that print
# long; generated stores hold soft-deleted rows and contacts reporting to later ones.
AWKWARD = st.one_of(
    st.sampled_from(["", '"quoted"', "back\\slash", "line\nbreak\r\n", "tab\there",
                     "ünïcödé 😀 مرحبا", "\u2028\u2029", "\x00nul", "{\"json\": [1]}", " "]),
    st.text(max_size=15),
)
FLOATS = st.one_of(st.sampled_from([0.1 + 0.2, 1e-300, 1 / 3, 123456789.123456789, 0.0]),
                   st.floats(allow_nan=False, allow_infinity=False))
STAMPS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31),
                      timezones=st.just(UTC))
MAYBE_GONE = st.one_of(st.none(), STAMPS)


@st.composite
def portfolios(draw: st.DrawFn) -> list[list[Any]]:
    """Accounts, then contacts, then actions, ready to add in that order."""
    accounts = [Account(id=f"a{i}", name=draw(AWKWARD), annual_revenue=draw(FLOATS),
                        margin_pct=draw(st.one_of(st.none(), FLOATS)),
                        renewal_date=draw(st.one_of(st.none(), st.dates())),
                        skills_needed=draw(st.lists(AWKWARD, max_size=3)),
                        notes=draw(AWKWARD), created_at=draw(STAMPS),
                        updated_at=draw(STAMPS), deleted_at=draw(MAYBE_GONE))
                for i in range(draw(st.integers(1, 3)))]
    n = draw(st.integers(0, 4))
    contacts = [Contact(id=f"c{i}", account_id=draw(st.sampled_from(accounts)).id,
                        name=draw(AWKWARD), email=draw(AWKWARD),
                        buying_role=draw(st.sampled_from(BuyingRole)),
                        reports_to_id=draw(st.one_of(st.none(), st.sampled_from(
                            [f"c{j}" for j in range(i + 1, n)] or [None]))),
                        cadence_days=draw(st.one_of(st.none(), st.integers(1, 3650))),
                        created_at=datetime(2026, 1, 1 + i, tzinfo=UTC),
                        deleted_at=draw(MAYBE_GONE)) for i in range(n)]
    actions = [ActionItem(account_id=draw(st.sampled_from(accounts)).id, title=draw(AWKWARD),
                          owner_contact_id=draw(st.sampled_from([None, *[c.id for c in
                                                                         contacts]])),
                          deadline=draw(st.one_of(st.none(), st.dates())),
                          status=draw(st.sampled_from(ActionStatus)), notes=draw(AWKWARD),
                          completed_at=draw(MAYBE_GONE), deleted_at=draw(MAYBE_GONE))
               for _ in range(draw(st.integers(0, 4)))]
    return [accounts, contacts, actions]


@settings(derandomize=True, deadline=None, max_examples=25, database=None)
@given(portfolio=portfolios(), upcoming=st.sampled_from([None, "3", "60"]))
def test_generated_stores_round_trip(portfolio: list[list[Any]], upcoming: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = open_store(Path(folder) / "a" / "kamtui.db", create=True)
        target = open_store(Path(folder) / "b" / "kamtui.db", create=True)
        try:
            with source.transaction() as session:
                # A boss added after the people who report to them (as an edit would do).
                session.connection().exec_driver_sql("PRAGMA defer_foreign_keys = ON")
                for rows in portfolio:
                    session.add_all(rows)
            if upcoming:
                save_setting(source, "upcoming_days", upcoming)
            counts, first = export(source, Path(folder) / "a.json")
            assert [counts[t] for t in ("account", "contact", "action_item")] == \
                [len(rows) for rows in portfolio]
            assert read_json(target, Path(folder) / "a.json") == counts
            _, second = export(target, Path(folder) / "b.json")
            assert stable(second) == stable(first)
            assert json.loads(second)["tables"] == json.loads(first)["tables"]
            assert target.replica_id == source.replica_id
        finally:
            source.close()
            target.close()


def test_older_schema_document_imports(demo_doc: dict[str, Any], empty: Store,
                                       tmp_path: Path) -> None:
    """A backup from schema 3: no skills_needed, informed, requirement or plan_source."""
    doc = {**demo_doc, "schema": 3}
    tables = {t: rows for t, rows in demo_doc["tables"].items()
              if t not in ("requirement", "plan_source")}
    tables["account"] = [{k: v for k, v in row.items() if k != "skills_needed"}
                         for row in tables["account"]]
    tables["account_plan"] = [{k: v for k, v in row.items() if k != "informed"}
                              for row in tables["account_plan"]]
    (tmp_path / "old.json").write_text(json.dumps({**doc, "tables": tables}), "utf-8")
    counts = read_json(empty, tmp_path / "old.json")
    assert counts["account"] == 40 and counts["requirement"] == counts["plan_source"] == 0
    with snapshot.reading(empty) as conn:
        assert conn.execute("SELECT DISTINCT skills_needed FROM account").fetchall() == \
            [("[]",)]
        assert conn.execute("SELECT DISTINCT informed FROM account_plan").fetchall() == \
            [("[]",)]
    with empty.read() as session:  # and the app reads them back as empty lists
        assert {tuple(a.skills_needed) for a in session.exec(select(Account))} == {()}


def test_refuses_a_store_with_rows(demo: Services, demo_doc: dict[str, Any],
                                   tmp_path: Path) -> None:
    said = refused(demo.store, tmp_path, demo_doc)
    assert said == (f"{demo.store.path} already holds 40 accounts, 7 team members and 1024 "
                    f"other rows; import json restores into a new, empty store: kamtui init "
                    f"--db NEW.db then import there.")


def test_refuses_bad_files(demo: Services, empty: Store, tmp_path: Path) -> None:
    text = export(demo.store, tmp_path / "a.json")[1]
    cut = refused(empty, tmp_path, text[: len(text) // 2])
    assert cut.startswith(f"{tmp_path / 'bad.json'} is not valid JSON (") and \
        cut.endswith("); it may be cut short, or not a kamtui backup.")
    assert refused(empty, tmp_path, "\xff\xfe{}".encode("latin-1")) == \
        f"{tmp_path / 'bad.json'} is not UTF-8 text (byte 1 is not), so it is not a " \
        f"kamtui JSON backup."
    assert refused(empty, tmp_path, "  \n") == \
        f"{tmp_path / 'bad.json'} is empty; give the path of a kamtui JSON backup."
    assert refused(empty, tmp_path, {"tables": {}}) == \
        f'{tmp_path / "bad.json"} is not a kamtui JSON backup: it lacks "format": "kamtui".'
    for missing, said in ((tmp_path / "nowhere.json", "There is no file at {}; give the "
                           "path of a kamtui JSON backup."),
                          (tmp_path, "{} is a folder, not a kamtui JSON backup.")):
        with pytest.raises(KamError, match="^" + re.escape(said.format(missing)) + "$"):
            read_json(empty, missing)
    assert state(empty)[0] == dict.fromkeys(snapshot.MODELS, 0)


def test_refuses_newer_format_and_schema(demo_doc: dict[str, Any], empty: Store,
                                         tmp_path: Path) -> None:
    where = tmp_path / "bad.json"
    assert refused(empty, tmp_path, {**demo_doc, "format_version": 2}) == \
        f"{where} is in backup format 2, newer than this kamtui reads (up to 1); upgrade " \
        f"kamtui to import it."
    assert refused(empty, tmp_path, {**demo_doc, "schema": LATEST + 1}) == \
        f"{where} was exported from schema {LATEST + 1}, newer than this store's {LATEST}; " \
        "upgrade kamtui " \
        f"to import it."


def edited(doc: dict[str, Any], table: str, number: int, **values: Any) -> dict[str, Any]:  # noqa: ANN401
    """A copy of `doc` with row `number` (1-based) of `table` changed."""
    rows = [dict(row) for row in doc["tables"][table]]
    rows[number - 1].update(values)
    return {**doc, "tables": {**doc["tables"], table: rows}}


def test_refuses_values_of_the_wrong_type(demo_doc: dict[str, Any], empty: Store,
                                          tmp_path: Path) -> None:
    first = demo_doc["tables"]["account"][2]["id"]
    doc = edited(demo_doc, "account", 3, renewal_date="soon", annual_revenue="12",
                 strategic_importance=2.5, tier="gold", skills_needed="EDI", name=None)
    doc = edited(doc, "objective", 1, customer_agreed=True)  # stored 0/1: true is 1
    doc = edited(doc, "objective", 2, customer_agreed="yes",
                 created_at="2026-11-22T08:00:00")
    second = doc["tables"]["objective"][1]["id"]
    assert refused(empty, tmp_path, doc).split(". ") == [  # in the table's column order
        f"account row 3 (id {first}): Name is required",
        f"account row 3 (id {first}): Tier must be one of: key, major, standard "
        f"(got 'gold')",
        f"account row 3 (id {first}): Annual revenue must be a number (got '12')",
        f"account row 3 (id {first}): Strategic importance must be a whole number (got 2.5)",
        f"account row 3 (id {first}): Renewal date must be a date like 2026-12-01 "
        f"(got 'soon')",
        f"account row 3 (id {first}): Skills the account needs must be a list of texts "
        f"(got 'EDI')",
        f"objective row 2 (id {second}): Created at must be a date and time like "
        f"2026-11-22 08:00:00.000000 (got '2026-11-22T08:00:00')",
        f"objective row 2 (id {second}): Customer agreed must be 0 or 1 (got 'yes').",
    ]


def test_refuses_unknowns_and_twins(demo_doc: dict[str, Any], empty: Store,
                                    tmp_path: Path) -> None:
    doc = edited(demo_doc, "contact", 4, mood="happy")
    doc["tables"]["gossip"] = []
    twin = demo_doc["tables"]["product"][0]
    doc["tables"]["product"] = [*demo_doc["tables"]["product"], twin]
    n = len(doc["tables"]["product"])
    assert refused(empty, tmp_path, doc).split(". ") == [  # in the document's order
        f"product rows 1 and {n} have the same id {twin['id']}",
        "The contact rows have a column 'mood' this kamtui does not know; it may come "
        "from a newer kamtui",
        "The document has a table 'gossip' this kamtui does not know; it may come from "
        "a newer kamtui.",
    ]


def test_refuses_a_dangling_reference(demo_doc: dict[str, Any], empty: Store,
                                      tmp_path: Path) -> None:
    contact = demo_doc["tables"]["contact"][0]
    doc = edited(demo_doc, "contact", 1, reports_to_id="no-such-contact")
    assert refused(empty, tmp_path, doc) == (
        f"contact row 1 (id {contact['id']}): reports_to_id refers to contact "
        f"no-such-contact, which is not in the document; nothing was imported.")
    assert empty.replica_id != demo_doc["replica_id"]
    rows = [{**row, "account_id": "gone"} for row in demo_doc["tables"]["contact"][:25]]
    many = {**demo_doc, "tables": {**demo_doc["tables"], "contact": [
        *rows, *demo_doc["tables"]["contact"][25:]]}}
    said = refused(empty, tmp_path, many)
    assert said.count("account_id refers to account gone, which is not in the document") \
        == 20 and said.endswith(" ... and 5 more problems.")


def indexes(store: Store) -> list[tuple[str, str]]:
    with snapshot.reading(store) as conn:
        return conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                            "ORDER BY name").fetchall()


def test_the_indexes_set_aside_for_the_load_are_all_back(
        demo: Services, demo_doc: dict[str, Any], empty: Store, tmp_path: Path) -> None:
    fresh = indexes(empty)
    assert len(fresh) > 40 and any("WHERE deleted_at IS NULL" in (sql or "") for _, sql in fresh)
    refused(empty, tmp_path, edited(demo_doc, "contact", 1, reports_to_id="nobody"))
    assert indexes(empty) == fresh  # a refused file: rolled back with the rest
    counts, _ = export(demo.store, tmp_path / "a.json")
    assert read_json(empty, tmp_path / "a.json") == counts
    assert indexes(empty) == fresh
    with snapshot.reading(empty) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_rows_go_in_after_the_rows_they_refer_to(empty: Store) -> None:
    rows = [{"id": "a", "up": "c"}, {"id": "b", "up": None}, {"id": "c", "up": "b"},
            {"id": "d", "up": "gone"}, {"id": "e", "up": "f"}, {"id": "f", "up": "e"}]
    ordered = [row["id"] for row in snapshot.parents_first(rows, ["up"])]
    assert sorted(ordered) == ["a", "b", "c", "d", "e", "f"]  # each once, none lost
    assert ordered.index("b") < ordered.index("c") < ordered.index("a")
    assert ordered.index("f") < ordered.index("e")  # a cycle: broken where it was entered
    assert snapshot.parents_first(rows, []) is rows
    with snapshot.reading(empty) as conn:
        assert snapshot.self_references(conn, "contact") == ["reports_to_id"]
        assert snapshot.self_references(conn, "account") == []


def test_refuses_what_breaks_a_rule_of_the_store(demo_doc: dict[str, Any], empty: Store,
                                                 tmp_path: Path) -> None:
    plan = demo_doc["tables"]["account_plan"][0]
    twin = {**plan, "period": "FY2099"}  # a second row under the same id
    doc = {**demo_doc, "tables": {**demo_doc["tables"], "account_plan": [
        *demo_doc["tables"]["account_plan"], twin]}}
    assert f"have the same id {plan['id']}" in refused(empty, tmp_path, doc)
    big = edited(demo_doc, "account", 1, annual_revenue=10**400, margin_pct=float("nan"))
    said = refused(empty, tmp_path, big)
    assert "Annual revenue must be a number (got 1000000000" in said
    assert "Margin (%) must be a number (got nan)." in said


def test_two_live_plans_for_one_period_are_restored_as_a_sync_may_leave_them(
        demo_doc: dict[str, Any], empty: Store, tmp_path: Path) -> None:
    plan = demo_doc["tables"]["account_plan"][0]
    twin = {**plan, "id": "twin-plan"}  # made on two stores apart, both kept by the sync
    doc = {**demo_doc, "tables": {**demo_doc["tables"], "account_plan": [
        *demo_doc["tables"]["account_plan"], twin]}}
    path = tmp_path / "twins.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert read_json(empty, path)["account_plan"] == len(doc["tables"]["account_plan"])


def test_lists_at_most_twenty_problems(demo_doc: dict[str, Any], empty: Store,
                                       tmp_path: Path) -> None:
    rows = [{**row, "region": 7} for row in demo_doc["tables"]["account"]]
    said = refused(empty, tmp_path, {**demo_doc, "tables": {**demo_doc["tables"],
                                                            "account": rows}})
    assert said.count("Region must be text (got 7).") == 20
    assert said.endswith(" ... and 20 more problems.")
