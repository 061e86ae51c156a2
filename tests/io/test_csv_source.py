"""Reading CRM CSV exports: encodings, delimiters, row numbers and refusals, on the fixture
files (down to the SourceRows they give) and on small files written here."""

from pathlib import Path

import pytest

from kamtui.errors import KamError
from kamtui.io.crm_columns import map_columns, source_rows
from kamtui.io.csv_source import CP1252_NOTICE, CsvFile, read_csv
from kamtui.io.rows import SourceRow

CRM = Path(__file__).parent.parent / "fixtures" / "crm"


def write(tmp_path: Path, data: bytes | str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def rows_of(csv_file: CsvFile, kind: str, overrides: dict[str, str] | None = None
            ) -> list[SourceRow]:
    return list(source_rows(csv_file, map_columns(kind, csv_file.header, overrides or {})))


# ---------------------------------------------------------------- the fixture files


def test_salesforce_accounts_fixture() -> None:
    sf = read_csv(CRM / "salesforce_accounts.csv")
    assert (sf.encoding, sf.delimiter, sf.delimiter_name, sf.notices) == \
        ("utf-8-sig", ",", "comma", [])
    assert sf.header[:3] == ["Account ID", "Account Name", "Account Owner"]
    assert len(sf.header) == 12
    assert [number for number, _ in sf.rows] == list(range(2, 14))  # the ,,,, row is skipped
    assert sf.row_problems() == {}
    column_map = map_columns("accounts", sf.header, {})
    assert column_map.report() == [
        'Using: "Account Name" → name, "Industry" → industry, "Annual Revenue" → annual '
        'revenue, "Billing Country" → region, "Account Tier" → tier, "Renewal Date" → '
        'renewal date, "Margin %" → margin pct, "Description" → notes',
        'Ignoring: "Account ID", "Account Owner", "Type", "Website"']
    rows = {row.number: row for row in source_rows(sf, column_map)}
    assert rows[2] == SourceRow(2, {
        "name": "Lumera Foods, Inc.", "industry": "Food & Beverage",
        "annual_revenue": "1,250,000.00", "region": "United States", "tier": "Key",
        "renewal_date": "30/06/2027", "margin_pct": "18.5%",
        "notes": "Snack maker; renewal handled by procurement."})
    assert rows[5] == SourceRow(5, {"name": "Kestrel Aerospace GmbH", "region": "Germany",
                                    "tier": "Standard",
                                    "notes": "New logo from the Farnborough trade fair."})
    assert rows[4].values["notes"] == 'Asks for "quarterly" reviews, not monthly.'
    assert rows[6].values["annual_revenue"] == "n/a"
    assert rows[7].values["renewal_date"] == "31/02/2026"
    assert rows[8].values["name"] == "LUMERA FOODS, INC."
    # A quoted line break keeps its record on one spreadsheet row.
    assert rows[10].values["notes"] == "Two sites:\nLeeds and York."
    assert rows[11].values["name"] == "Fjord Analytics AS"
    assert rows[13].values["name"] == "Orbis Telecom SA"


def test_dynamics_contacts_fixture() -> None:
    dyn = read_csv(CRM / "dynamics_contacts_eu.csv")
    assert (dyn.encoding, dyn.delimiter, dyn.notices) == ("cp1252", ";", [CP1252_NOTICE])
    assert CP1252_NOTICE == ("The file is not UTF-8; read it as Windows-1252 (cp1252): "
                             "check accents came out right.")
    assert len(dyn.rows) == 11 and dyn.rows[-1][0] == 12
    column_map = map_columns("contacts", dyn.header, {})
    assert column_map.ignored == ['"(Do Not Modify) Contact"']
    assert sorted(column_map.fields.values()).count("phone") == 2
    rows = {row.number: row for row in source_rows(dyn, column_map)}
    assert rows[2] == SourceRow(2, {
        "first_name": "Hans", "last_name": "Müller", "title": "Head of Procurement",
        "account": "Kestrel Aerospace GmbH", "email": "hans.mueller@kestrel-aero.de",
        "phone": "+49 89 1234 5600", "last_contacted": "17.10.2026", "cadence_days": "30,00",
        "notes": "Prefers calls before 10:00; speaks English and German."})
    assert rows[4] == SourceRow(4, {
        "first_name": "Jérôme", "last_name": "Dubois", "title": "Responsable logistique",
        "account": "Orbis Telecom SA", "email": "jerome.dubois@orbis-telecom.fr",
        "phone": "+33 6 12 34 56 78", "reports_to": "Françoise Lefèvre",
        "last_contacted": "22.11.2026", "cadence_days": "30,00"})
    assert rows[6].values["account"] == "Lumera Foods, Inc."
    assert rows[7].values["email"] == "klaus.weiss(at)kestrel-aero.de"
    assert rows[8].values["email"] == rows[2].values["email"]
    assert (rows[5].values["first_name"], rows[5].values["last_name"]) == ("Søren", "Østergaard")
    assert "email" not in rows[12].values


def test_hubspot_tasks_fixture() -> None:
    hub = read_csv(CRM / "hubspot_tasks.tsv")
    assert (hub.encoding, hub.delimiter, hub.delimiter_name, hub.notices) == \
        ("utf-8", "\t", "tab", [])
    assert len(hub.rows) == 10
    column_map = map_columns("actions", hub.header, {})
    assert column_map.report()[1] == 'Ignoring: "Record ID", "Task Type", "Last Modified Date"'
    rows = rows_of(hub, "actions")
    assert rows[0] == SourceRow(2, {
        "title": "Send renewal proposal", "account": "Lumera Foods, Inc.",
        "deadline": "2026-11-27 09:00", "priority": "HIGH", "status": "NOT_STARTED",
        "owner": "Dana Whitfield", "notes": "Include the volume discount tiers."})
    assert rows[3] == SourceRow(5, {
        "title": "Update the stakeholder map", "account": "Fjord Analytics AS",
        "priority": "NONE", "status": "NOT_STARTED", "owner": "Sam Okafor"})
    assert rows[6].values["deadline"] == "next Tuesday"
    assert rows[7].values["priority"] == "Critical"


# ---------------------------------------------------------------- encodings and delimiters


@pytest.mark.parametrize(("data", "encoding"), [
    ("Name,Notes\nMüller,ok\n".encode(), "utf-8"),
    ("\ufeffName,Notes\nMüller,ok\n".encode(), "utf-8-sig"),
    ("Name,Notes\nMüller,ok\n".encode("cp1252"), "cp1252"),
    ("Name\tNotes\nMüller\tok\n".encode("utf-16"), "utf-16"),
])
def test_encodings(tmp_path: Path, data: bytes, encoding: str) -> None:
    csv_file = read_csv(write(tmp_path, data))
    assert csv_file.encoding == encoding
    assert csv_file.header == ["Name", "Notes"]  # no BOM left on the first name
    assert csv_file.rows == [(2, ["Müller", "ok"])]
    assert csv_file.notices == ([CP1252_NOTICE] if encoding == "cp1252" else [])


@pytest.mark.parametrize(("text", "delimiter"), [
    ("Name,Revenue\nA,1\n", ","),
    ("Name;Revenue\nA;1,5\n", ";"),
    ("Name\tRevenue\nA\t1,5\n", "\t"),
    ('"Name, full";"Revenue, EUR";Notes\n"A, B";"1.234,5";x\n', ";"),
    ('"Name; or nick"\t"a;b;c"\tNotes\nA\t1\tx\n', "\t"),
    ("Name\nA\n", ","),  # one column: comma
    ("\n\nName;Revenue\nA;1\n", ";"),
    ("sep=;\nName,x;Revenue\nA,y;1\n", ";"),  # Excel's hint wins
])
def test_delimiter_sniffed_from_the_header(tmp_path: Path, text: str, delimiter: str) -> None:
    csv_file = read_csv(write(tmp_path, text))
    assert csv_file.delimiter == delimiter
    assert len(csv_file.header) == len(csv_file.rows[0][1])


def test_sep_line_is_not_a_row(tmp_path: Path) -> None:
    csv_file = read_csv(write(tmp_path, "sep=;\r\nName;Revenue\r\nA;1\r\n"))
    assert csv_file.header == ["Name", "Revenue"] and csv_file.rows == [(2, ["A", "1"])]


def test_row_numbers_are_spreadsheet_rows(tmp_path: Path) -> None:
    text = ('Name,Notes\r\n'
            'A,"two\r\nlines"\r\n'
            '\r\n'
            ',,\r\n'
            ' , \r\n'
            'B,x\r\n'
            '"C","three\nline\nnote"\n'
            'D,\n')
    csv_file = read_csv(write(tmp_path, text))
    assert csv_file.rows == [(2, ["A", "two\r\nlines"]), (6, ["B", "x"]),
                             (7, ["C", "three\nline\nnote"]), (8, ["D", ""])]


def test_header_cells_are_stripped_and_blank_lines_before_it_skipped(tmp_path: Path) -> None:
    csv_file = read_csv(write(tmp_path, "\n ,\n  Name , Email \nA,a@x.io\n"))
    assert csv_file.header == ["Name", "Email"]
    assert csv_file.rows == [(4, ["A", "a@x.io"])]


def test_rows_wider_than_the_header_are_reported(tmp_path: Path) -> None:
    text = "Name,Revenue\nAcme, Inc.,100\nGlobex,200,,\nInitech,300\n"
    csv_file = read_csv(write(tmp_path, text))
    assert [number for number, _ in csv_file.rows] == [2, 3, 4]
    assert csv_file.row_problems() == {
        2: "has 3 cells but the header names 2 columns; a value with a comma in it "
           "probably needs quotes"}
    # Empty padding cells (row 3) are no problem, and short rows are read as far as they go.
    assert rows_of(csv_file, "accounts")[1] == SourceRow(3, {"name": "Globex",
                                                            "annual_revenue": "200"})


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(("data", "sentence"), [
    (b"", "export.csv is empty: export the records again, with a header line."),
    (b"\r\n \n", "export.csv is empty: export the records again, with a header line."),
    (b",,,\n , ,\n", "export.csv has no header line: its first row must name the columns."),
    (b"Name,Email\x00\x01\n", "export.csv looks like a binary file, not CSV text; save it "
                              "from the spreadsheet as CSV UTF-8."),
    (b"PK\x03\x04\x14\x00\x06\x00", "export.csv is a spreadsheet workbook (or another zip "
                                    "file), not CSV; save it from the spreadsheet as CSV UTF-8."),
    (b"Name,Email,name\nA,b,c\n", 'export.csv has two columns named "name"; rename or '
                                  "remove one and import again."),
    (b'Name,Notes\nA,ok\nB,"never closed\nC,x\n', "export.csv has a quote opened on row 3 or "
                                                 "after that is never closed; fix the quotes "
                                                 "and import again."),
    (b'Name,Notes\nA,"quoted" then text\n', 'export.csv row 2 has text after a closing '
                                            'quote; a quote inside a quoted value must be '
                                            'doubled ("").'),
    (b"Name\n\x81\x8d\x8f\x90\x9d\n", "export.csv is neither UTF-8 nor Windows-1252 text; "
                                       "save it from the spreadsheet as CSV UTF-8."),
])
def test_unreadable_files_refused_in_one_sentence(tmp_path: Path, data: bytes,
                                                  sentence: str) -> None:
    with pytest.raises(KamError) as err:
        read_csv(write(tmp_path, data))
    assert str(err.value) == sentence


def test_missing_file_and_folder_refused(tmp_path: Path) -> None:
    with pytest.raises(KamError) as err:
        read_csv(tmp_path / "nope.csv")
    assert str(err.value) == (f"There is no file at {tmp_path / 'nope.csv'}; give the path "
                              f"of a CSV file.")
    with pytest.raises(KamError) as err:
        read_csv(tmp_path)
    assert str(err.value) == f"{tmp_path} is a folder, not a CSV file."


def test_a_long_file_keeps_every_row_and_its_number(tmp_path: Path) -> None:
    # Speed is benchmarks/imports.py's to show (100,000 rows); this checks the long file.
    lines = ["Account Name,Annual Revenue,Industry,Billing Country,Description"]
    lines += [f'"Customer {n}, Ltd","{n * 1000:,}.00",Retail,France,"Note {n}"'
              for n in range(20_000)]
    path = write(tmp_path, "\r\n".join(lines) + "\r\n")
    rows = rows_of(read_csv(path), "accounts")
    assert len(rows) == 20_000
    assert rows[-1] == SourceRow(20_001, {
        "name": "Customer 19999, Ltd", "annual_revenue": "19,999,000.00",
        "industry": "Retail", "region": "France", "notes": "Note 19999"})
