"""`kamtui import csv|vcard` end to end on realistic CRM and phone exports
(tests/fixtures/crm, tests/fixtures/vcard; their READMEs say what each row is): exactly
what lands in the store, what is reported, and that refusals change nothing."""

import stat
from datetime import date
from pathlib import Path

from helpers import Kam, dump
from sqlalchemy import text

from kamtui.store import Store
from kamtui.store.backup import list_backups

FIXTURES = Path(__file__).parent / "fixtures"
ACCOUNTS = str(FIXTURES / "crm" / "salesforce_accounts.csv")
CONTACTS = str(FIXTURES / "crm" / "dynamics_contacts_eu.csv")
TASKS = str(FIXTURES / "crm" / "hubspot_tasks.tsv")
CARDS = str(FIXTURES / "vcard" / "phone_export.vcf")

ACCOUNT_REPORT = [
    "Would add 9 accounts, update 0, leave 0 unchanged; 2 rows refused:",
    "  row 6, Annual Revenue: 'n/a' is not a number.",
    "  row 7, Renewal Date: '31/02/2026' is not a day on the calendar.",
    "Rows that repeat an earlier account (merged into it, later values win):",
    "  row 8 repeats row 2",
]


def import_backups(store: Store) -> list[Path]:
    return [p for p in list_backups(store.path) if "-import" in p.name]


def rows(store: Store, sql: str) -> list[tuple]:
    with store.read() as session:
        return [tuple(r) for r in session.execute(text(sql))]


def test_accounts_dry_run_refusal_then_skip_bad_rows(store: Store, kam: Kam) -> None:
    before = dump(store)
    code, out, err = kam("import", "csv", "accounts", ACCOUNTS, "--dry-run")
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Read salesforce_accounts.csv: 12 rows."
    assert 'Ignoring: "Account ID", "Account Owner", "Type", "Website"' in lines
    assert lines[-6:] == [*ACCOUNT_REPORT, "Dry run: nothing was written."]
    assert dump(store) == before

    code, out, err = kam("import", "csv", "accounts", ACCOUNTS)  # all or nothing
    assert code == 1
    assert err == ("kamtui: nothing was written; fix the rows above, or run again with "
                   "--skip-bad-rows to import the others.\n")
    assert dump(store) == before and import_backups(store) == []

    code, out, err = kam("import", "csv", "accounts", ACCOUNTS, "--skip-bad-rows")
    assert code == 0, err
    summary = out.splitlines()[-1]
    assert summary.startswith("Imported: added 9 accounts, updated 0, left 0 unchanged (2 "
                              "refused rows skipped); the store as it was is at ")
    backup = Path(summary.rsplit(" at ", 1)[1].rstrip("."))
    assert import_backups(store) == [backup]
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    got = {r[0]: r[1:] for r in rows(store, "SELECT name, annual_revenue, margin_pct, tier, "
                                            "region, renewal_date, notes FROM account")}
    assert sorted(got) == [
        "Brightwater Utilities", "Cobalt Mining Group", "Fjord Analytics AS",
        "Harbor & Pine Retail, LLC", "Kestrel Aerospace GmbH", "Lumera Foods, Inc.",
        "Meridian Pharma plc", "Northwind Logistics Ltd", "Orbis Telecom SA"]
    # Row 8 (LUMERA FOODS, INC.) updated row 2's account; the first spelling stays.
    assert got["Lumera Foods, Inc."] == (1300000.0, 19.0, "key", "United States",
                                         "2027-06-30",
                                         "Duplicate record from the 2025 org merge.")
    assert got["Harbor & Pine Retail, LLC"][4] == "2027-09-01"  # 01/09 read day-first
    assert got["Harbor & Pine Retail, LLC"][5] == 'Asks for "quarterly" reviews, not monthly.'
    assert got["Kestrel Aerospace GmbH"][:2] == (0.0, None)  # empty cells: defaults
    assert got["Brightwater Utilities"][0] == 1875250.5
    assert got["Brightwater Utilities"][5] == "Two sites:\nLeeds and York."
    assert got["Cobalt Mining Group"][2] == "key"  # "Strategic"

    imported = dump(store)
    code, out, _err = kam("import", "csv", "accounts", ACCOUNTS, "--skip-bad-rows")
    assert code == 0
    assert "Would add 0 accounts, update 0, leave 9 unchanged; 2 rows refused:" in out
    assert out.splitlines()[-1] == ("Nothing written: the store already holds the file's "
                                    "accounts as they are (2 refused rows skipped).")
    assert dump(store) == imported and import_backups(store) == [backup]


def test_contacts_from_a_european_dynamics_export(store: Store, kam: Kam) -> None:
    assert kam("import", "csv", "accounts", ACCOUNTS, "--skip-bad-rows")[0] == 0
    code, out, _err = kam("import", "csv", "contacts", CONTACTS, "--skip-bad-rows")
    assert code == 0
    assert ("The file is not UTF-8; read it as Windows-1252 (cp1252): check accents came "
            "out right.") in out
    assert ("Would add 8 contacts, update 0, leave 0 unchanged; 2 rows refused:\n"
            "  row 7, Email: must look like name@example.com.\n"
            "  row 11, Last Contacted: '31.09.2026' is not a day on the calendar.\n"
            "Rows that repeat an earlier contact (merged into it, later values win):\n"
            "  row 8 repeats row 2\n") in out
    got = {r[0]: r[1:] for r in rows(store, """
        SELECT c.name, a.name, c.title, c.email, c.phone, c.cadence_days, c.last_contacted,
               boss.name
        FROM contact c JOIN account a ON a.id = c.account_id
        LEFT JOIN contact boss ON boss.id = c.reports_to_id""")}
    assert len(got) == 8
    # Row 8 shares row 2's email: the same person, their later details win.
    assert got["Hans-Peter Müller"] == ("Kestrel Aerospace GmbH", "Leiter Einkauf",
                                        "hans.mueller@kestrel-aero.de", "+49 89 1234 5600",
                                        30, "2026-11-22", None)
    assert got["Jérôme Dubois"][3:] == ("+33 6 12 34 56 78", 30, "2026-11-22",
                                        "Françoise Lefèvre")  # reports to row 3
    assert got["Françoise Lefèvre"][4] == 14  # "14,00"
    assert got["Björn Åkesson"][2] == "" and got["Björn Åkesson"][6] == "Søren Østergaard"
    assert got["Ana García"][0] == "Lumera Foods, Inc."
    again = kam("import", "csv", "contacts", CONTACTS, "--skip-bad-rows")[1]
    assert "Would add 0 contacts, update 0, leave 8 unchanged; 2 rows refused:" in again


def test_hubspot_tasks_with_owners_kamtui_does_not_know(store: Store, kam: Kam) -> None:
    assert kam("import", "csv", "accounts", ACCOUNTS, "--skip-bad-rows")[0] == 0
    code, out, _err = kam("import", "csv", "actions", TASKS, "--skip-bad-rows")
    assert code == 0
    assert ("Would add 8 actions, update 0, leave 0 unchanged; 2 rows refused:\n"
            "  row 8, Due Date: 'next Tuesday' is not a date like 2026-11-22.\n"
            "  row 9, Priority: 'Critical' is not one of high, medium or low.\n") in out
    assert "Assigned To 'Dana Whitfield' (rows 2, 3, 6, 9, 11) is neither on your team" in out
    got = {r[0]: r[1:] for r in rows(store, "SELECT title, deadline, status, priority, "
                                            "owner_kind, completed_at IS NOT NULL "
                                            "FROM action_item")}
    assert len(got) == 8
    assert got["Send renewal proposal"] == ("2026-11-27", "open", "high", "me", 0)
    assert got["Call Hans about the delayed shipment"][1] == "waiting"
    assert got["Update the stakeholder map"][:3] == (None, "open", "medium")  # NONE
    assert got["Close the invoice dispute"][1:] == ("done", "low", "me", 1)
    assert got["Share the Leeds case study"][:2] == ("2026-12-15", "waiting")  # DEFERRED


def test_vcards_from_a_phone_into_the_sample_portfolio(demo, kam: Kam) -> None:  # noqa: ANN001
    store = demo.store
    count = rows(store, "SELECT count(*) FROM contact")[0][0]
    code, out, _err = kam("import", "vcard", CARDS, "--dry-run")
    assert code == 1
    assert ("Would add 4 contacts, update 0, leave 0 unchanged; 2 cards refused:\n"
            "  card 4, Account: is empty, and a contact must belong to an account.\n"
            "  card 7: has no name (FN or N).\n") in out
    assert "card 6 repeats card 1" in out
    assert rows(store, "SELECT count(*) FROM contact")[0][0] == count
    code, out, _err = kam("import", "vcard", CARDS, "--account", "Lumera Foods",
                          "--skip-bad-rows")
    assert code == 0 and "Imported: added 5 contacts" in out
    added = {r[0]: r[1:] for r in rows(store, """
        SELECT c.name, a.name, c.email FROM contact c JOIN account a ON a.id = c.account_id
        WHERE c.created_at > '2026-11-22 09:00'""")}
    assert len(added) == 5 and rows(store, "SELECT count(*) FROM contact")[0][0] == count + 5
    no_org = [name for name, (account, _e) in added.items() if account == "Lumera Foods"]
    assert no_org  # card 4 (no ORG) went to --account
    again = kam("import", "vcard", CARDS, "--account", "Lumera Foods", "--skip-bad-rows")[1]
    assert "Would add 0 contacts, update 0, leave 5 unchanged; 1 card refused:" in again


def test_kamtuis_own_csv_reads_back_unchanged_and_into_a_new_store(
        demo, kam: Kam, tmp_path: Path) -> None:  # noqa: ANN001
    fresh = tmp_path / "fresh.db"
    assert kam("init", "--db", str(fresh))[0] == 0
    for kind, count in (("accounts", 40), ("contacts", 112), ("actions", 103)):
        path = tmp_path / f"{kind}.csv"
        assert kam("export", "csv", kind, "-o", str(path))[0] == 0
        code, out, _err = kam("import", "csv", kind, str(path), "--dry-run")
        noun = kind
        assert code == 0 and f"Would add 0 {noun}, update 0, leave {count} unchanged." in out
        code, out, _err = kam("import", "csv", kind, str(path), "--db", str(fresh))
        assert code == 0 and f"Imported: added {count} {noun}, updated 0" in out


def test_refusals_are_one_sentence_and_change_nothing(store: Store, kam: Kam,
                                                      tmp_path: Path) -> None:
    before = dump(store)
    code, out, err = kam("import", "csv", "accounts", str(tmp_path / "nope.csv"))
    assert (code, out) == (2, "") and err == (f"kamtui: There is no file at "
                                              f"{tmp_path / 'nope.csv'}; give the path of a "
                                              f"CSV file.\n")
    code, _out, err = kam("import", "csv", "accounts", ACCOUNTS, "--map", "Website=url")
    assert code == 2 and err.startswith("kamtui: ") and err.count("\n") == 1
    assert "url" in err
    ambiguous = tmp_path / "dates.csv"
    ambiguous.write_text("Account Name,Renewal Date\nA,03/04/2027\nB,05/06/2027\n")
    code, out, _err = kam("import", "csv", "accounts", str(ambiguous))
    assert code == 1 and "--dayfirst or --monthfirst" in out
    assert dump(store) == before
    assert kam("import", "csv", "accounts", str(ambiguous), "--monthfirst")[0] == 0
    assert rows(store, "SELECT renewal_date FROM account ORDER BY name") == [
        (date(2027, 3, 4).isoformat(),), (date(2027, 5, 6).isoformat(),)]


def test_control_characters_in_a_file_never_reach_the_terminal(store: Store, kam: Kam,
                                                               tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.csv"
    hostile.write_text('Account Name,Industry\n"Evil\x1b]0;pwned\x07 Corp",\x1b[31mRed\n'
                       '"Evil\x1b]0;pwned\x07 Corp",Blue\n', encoding="utf-8")
    code, out, _err = kam("import", "csv", "accounts", str(hostile))
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    assert "Would add 1 account, update 0, leave 0 unchanged." in out
    # The store keeps the text as it was given: data, shown safely.
    assert rows(store, "SELECT name, industry FROM account") == [
        ("Evil\x1b]0;pwned\x07 Corp", "Blue")]
