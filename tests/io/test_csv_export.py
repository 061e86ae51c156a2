"""`kamtui export csv`: complete, private, readable by a spreadsheet, and with every cell a
spreadsheet would run as a formula made inert (CSV injection)."""

import csv
import io
import stat
from datetime import date
from pathlib import Path

from helpers import Kam

from kamtui.io.csv_export import cell, inert, write_csv
from kamtui.store.records import create_record, delete_record
from kamtui.store.repos import Services
from kamtui.store.table_export import COLUMNS, export_rows

HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0",
           "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


def read_back(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_inert_guards_each_formula_start_and_nothing_else() -> None:
    for text in HOSTILE:
        assert inert(text) == "'" + text
    for text in ("Acme", "", "a=b", "3 + 4", "'quoted", " =spaced"):
        assert inert(text) == text
    # Figures and dates are ours, never guarded: a negative margin stays a number.
    assert cell(-5.0, is_text=False) == "-5"
    assert cell(1250000.0, is_text=False) == "1250000"
    assert cell(0.1 + 0.2, is_text=False) == repr(0.1 + 0.2)
    assert cell(date(2026, 11, 22), is_text=False) == "2026-11-22"
    assert cell(["SAP", "=cmd"], is_text=True) == "SAP; =cmd"
    assert cell(None, is_text=True) == ""


def test_hostile_text_in_every_kind_is_inert(services: Services, kam: Kam,
                                             tmp_path: Path) -> None:
    account = create_record(services, "accounts", {
        "name": HOSTILE[3], "industry": HOSTILE[0], "notes": HOSTILE[1],
        "margin_pct": -5})[0]
    account_id = account.id
    create_record(services, "contacts", {"account_id": account_id, "name": HOSTILE[2],
                                         "phone": "+44 20 7946 0000", "title": HOSTILE[4]})
    create_record(services, "actions", {"account_id": account_id, "title": HOSTILE[5],
                                        "success_measure": HOSTILE[0]})
    for kind in ("accounts", "contacts", "actions"):
        target = tmp_path / f"{kind}.csv"
        code, out, _err = kam("export", "csv", kind, "-o", str(target))
        assert code == 0 and f"Wrote 1 {kind[:-1]} as CSV to {target}" in out
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8
        header, row = read_back(target)
        assert len(row) == len(header) == len(COLUMNS[kind])
        for column, value in zip(COLUMNS[kind], row, strict=True):
            if column.is_text:
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (kind, value)
        guarded = [v for v in row if v.startswith("'")]
        assert guarded, kind
        # (names and titles are stored trimmed: "\t=1+1" arrives as "=1+1")
        allowed = {*HOSTILE, *(h.strip() for h in HOSTILE), "+44 20 7946 0000"}
        assert all(v[1:] in allowed for v in guarded), guarded
    header, row = read_back(tmp_path / "accounts.csv")
    assert row[header.index("Margin (%)")] == "-5"  # a figure, not text


def test_every_live_row_is_exported_with_names_for_references(demo: Services,
                                                              kam: Kam) -> None:
    from sqlalchemy import text

    with demo.store.read() as session:
        live = {kind: session.execute(text(
            f"SELECT count(*) FROM {table} t JOIN account a ON a.id = t.account_id "
            "WHERE t.deleted_at IS NULL AND a.deleted_at IS NULL")).scalar_one()
            for kind, table in (("contacts", "contact"), ("actions", "action_item"))}
        live["accounts"] = session.execute(text(
            "SELECT count(*) FROM account WHERE deleted_at IS NULL")).scalar_one()
    victim = next(export_rows(demo.store, "accounts"))
    delete_record(demo, "accounts", victim["id"])
    live["accounts"] -= 1
    for kind in ("accounts", "contacts", "actions"):
        code, out, _err = kam("export", "csv", kind)
        assert code == 0
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0] == [c.header for c in COLUMNS[kind]]
        names = {r[rows[0].index("Account Name")] for r in rows[1:]}
        assert victim["name"] not in names
        if kind == "accounts":
            assert len(rows) - 1 == live["accounts"]
        else:  # the deleted account's own rows went with it
            assert 0 < len(rows) - 1 < live[kind]
    contacts = list(export_rows(demo.store, "contacts"))
    assert any(r["reports_to"] for r in contacts)
    owners = {r["owner"] for r in export_rows(demo.store, "actions")}
    assert "me" in owners and len(owners) > 2  # team members and contacts by name


def test_write_csv_counts_and_quotes(tmp_path: Path) -> None:
    out = io.StringIO(newline="")
    rows = [{"name": 'Lumera Foods, "Inc."', "id": "1"}, {"name": "Line\nbreak", "id": "2"}]
    count = write_csv(out, [COLUMNS["accounts"][0], COLUMNS["accounts"][-1]], rows)
    assert count == 2
    back = list(csv.reader(io.StringIO(out.getvalue())))
    assert back == [["Account Name", "kamtui id"], ['Lumera Foods, "Inc."', "1"],
                    ["Line\nbreak", "2"]]
    assert out.getvalue().count("\r\n") == 3
