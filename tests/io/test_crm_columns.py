"""Which column of a CRM export feeds which kamtui field (names, overrides, refusals) and
the SourceRows the importer gets from the file's rows."""

from pathlib import Path

import pytest

from kamtui.errors import KamError
from kamtui.io.crm_columns import FIELDS, map_columns, parse_map_args, source_rows
from kamtui.io.csv_export import inert, write_csv
from kamtui.io.csv_source import read_csv
from kamtui.io.rows import SourceRow
from kamtui.store.table_export import COLUMNS, Column


def rows_of(path: Path, kind: str) -> list[SourceRow]:
    csv_file = read_csv(path)
    return list(source_rows(csv_file, map_columns(kind, csv_file.header, {})))


# ---------------------------------------------------------------- columns


def test_column_names_match_whatever_their_case_and_punctuation() -> None:
    header = ["ACCOUNT_NAME", "annual-revenue", "Margin (%)", "Billing Country/Region",
              "cost to serve", "Contract End Date", "account status"]
    column_map = map_columns("accounts", header, {})
    assert list(column_map.fields.values()) == [
        "name", "annual_revenue", "margin_pct", "region", "cost_to_serve", "renewal_date",
        "status"]
    assert column_map.ignored == []
    assert column_map.report() == [
        'Using: "ACCOUNT_NAME" → name, "annual-revenue" → annual revenue, "Margin (%)" → '
        'margin pct, "Billing Country/Region" → region, "cost to serve" → cost to serve, '
        '"Contract End Date" → renewal date, "account status" → status']


@pytest.mark.parametrize("kind", ["accounts", "contacts", "actions"])
def test_kamtuis_own_export_reads_back(kind: str) -> None:
    header = [column.header for column in COLUMNS[kind]]
    column_map = map_columns(kind, header, {})
    expected = {c.header: c.key for c in COLUMNS[kind] if c.key != "id"}
    assert {header[i]: name for i, name in column_map.fields.items()} == expected
    assert column_map.ignored == ['"kamtui id"']


@pytest.mark.parametrize("kind", ["accounts", "contacts", "actions"])
def test_field_names_themselves_are_column_names(kind: str) -> None:
    column_map = map_columns(kind, list(FIELDS[kind]), {})
    assert list(column_map.fields.values()) == list(FIELDS[kind])


@pytest.mark.parametrize(("kind", "header", "fields"), [
    ("contacts", ["Full Name", "Job Title", "Email Address", "Mobile", "Company",
                  "Reports To", "Buying Role", "Attitude", "Strength", "Last Contacted",
                  "Contact Cadence (days)", "Notes"],
     ["name", "title", "email", "phone", "account", "reports_to", "buying_role", "attitude",
      "strength", "last_contacted", "cadence_days", "notes"]),
    ("contacts", ["Contact Name", "Title", "Email", "Phone", "Account"],
     ["name", "title", "email", "phone", "account"]),
    ("actions", ["Subject", "Related To", "Activity Date", "Status", "Priority", "Assigned To",
                 "Success Measure", "Comments"],
     ["title", "account", "deadline", "status", "priority", "owner", "success_measure",
      "notes"]),
    ("actions", ["Task", "Account Name", "Deadline", "Owner", "Description"],
     ["title", "account", "deadline", "owner", "notes"]),
    ("accounts", ["Company", "Revenue", "Industry", "Region", "Tier", "Status", "Margin",
                  "Cost to Serve", "Renewal Date", "Description"],
     ["name", "annual_revenue", "industry", "region", "tier", "status", "margin_pct",
      "cost_to_serve", "renewal_date", "notes"]),
])
def test_crm_column_names(kind: str, header: list[str], fields: list[str]) -> None:
    assert list(map_columns(kind, header, {}).fields.values()) == fields


def test_two_columns_for_one_field_the_first_wins_except_phones() -> None:
    header = ["Name", "Account Name", "Country", "Billing Country", "Website"]
    column_map = map_columns("accounts", header, {})
    assert column_map.fields == {0: "name", 2: "region"}
    assert column_map.report()[1] == (
        'Ignoring: "Account Name" (name comes from "Name"), "Billing Country" (region comes '
        'from "Country"), "Website"')
    contacts = map_columns("contacts", ["Name", "Phone", "Business Phone", "Mobile"], {})
    assert contacts.fields == {0: "name", 1: "phone", 2: "phone", 3: "phone"}


def test_overrides_choose_and_ignore_columns() -> None:
    header = ["Account Name", "Legal Name", "Website", "Segment", "Revenue"]
    column_map = map_columns("accounts", header, {
        "legal name": "name", "Website": "", "SEGMENT": "Tier", "Revenue": "annual revenue"})
    assert column_map.fields == {1: "name", 3: "tier", 4: "annual_revenue"}
    assert column_map.report()[1] == \
        'Ignoring: "Account Name" (name comes from "Legal Name"), "Website"'


@pytest.mark.parametrize(("overrides", "sentence"), [
    ({"Website": "homepage"}, '--map names a field "homepage" that accounts do not have; use '
                              "one of " + ", ".join(FIELDS["accounts"]) + "."),
    ({"Fax": "notes"}, '--map names a column "Fax" that the file does not have; its columns '
                       'are "Account Name", "Website", "Segment".'),
    ({"Website": "notes", "Segment": "notes"}, "--map gives more than one column to notes; "
                                               "keep one."),
    ({"Account Name": ""}, "The file has no column for the account name; name one with "
                           "--map COLUMN=name."),
])
def test_bad_overrides_refused(overrides: dict[str, str], sentence: str) -> None:
    with pytest.raises(KamError) as err:
        map_columns("accounts", ["Account Name", "Website", "Segment"], overrides)
    assert str(err.value) == sentence


@pytest.mark.parametrize(("kind", "header", "sentence"), [
    ("accounts", ["Revenue", "Industry"], "The file has no column for the account name; name "
                                          "one with --map COLUMN=name."),
    ("contacts", ["Email", "Account"], "The file has no column for the contact's name; name "
                                       "one with --map COLUMN=name."),
    ("actions", ["Due Date", "Account"], "The file has no column for the action's title; name "
                                         "one with --map COLUMN=title."),
    ("deals", ["Name"], "kamtui imports accounts, contacts, actions from CSV, not 'deals'."),
])
def test_a_file_without_a_name_column_is_refused(kind: str, header: list[str],
                                                 sentence: str) -> None:
    with pytest.raises(KamError) as err:
        map_columns(kind, header, {})
    assert str(err.value) == sentence


def test_contacts_may_have_only_first_and_last_names() -> None:
    assert map_columns("contacts", ["Last Name", "Email"], {}).fields == \
        {0: "last_name", 1: "email"}


def test_parse_map_args() -> None:
    assert parse_map_args([]) == {}
    assert parse_map_args(["Company=name", " Website = ", "Net = Sales=annual_revenue"]) == \
        {"Company": "name", "Website": "", "Net = Sales": "annual_revenue"}
    for bad, sentence in [
        ("Company", '--map "Company" is not COLUMN=field; write it like --map '
                    '"Company=name", or --map "Website=" to ignore a column.'),
        ("=name", '--map "=name" is not COLUMN=field; write it like --map "Company=name", '
                  'or --map "Website=" to ignore a column.'),
    ]:
        with pytest.raises(KamError) as err:
            parse_map_args([bad])
        assert str(err.value) == sentence
    with pytest.raises(KamError) as err:
        parse_map_args(["Company=name", "company =notes"])
    assert str(err.value) == '--map names the column "company" twice; keep one.'


# ---------------------------------------------------------------- source rows


def test_source_rows_strip_leave_out_empties_and_undo_formula_guards(tmp_path: Path) -> None:
    text = ("Name,Title,Email,Phone,Mobile,Account,Notes\n"
            f"  Ana  , ,ana@x.io,,+44 1,Acme,{inert('=SUM(1)')}\n"
            f"Bo,{inert('-VP-')},,'+44 2,+44 3,Acme,{inert('@home')}\n"
            "Cy,'quoted,,,,Acme,'\n"
            ",,,,,,  only notes \n")
    (tmp_path / "in.csv").write_text(text, encoding="utf-8")
    assert rows_of(tmp_path / "in.csv", "contacts") == [
        SourceRow(2, {"name": "Ana", "email": "ana@x.io", "phone": "+44 1", "account": "Acme",
                      "notes": "=SUM(1)"}),
        SourceRow(3, {"name": "Bo", "title": "-VP-", "phone": "+44 2", "account": "Acme",
                      "notes": "@home"}),
        SourceRow(4, {"name": "Cy", "title": "'quoted", "account": "Acme", "notes": "'"}),
        SourceRow(5, {"notes": "only notes"}),
    ]


def test_source_rows_read_back_a_formula_guarded_export(tmp_path: Path) -> None:
    columns = [Column("Account Name", "name"), Column("Notes", "notes")]
    with (tmp_path / "out.csv").open("w", encoding="utf-8-sig", newline="") as out:
        write_csv(out, columns, [{"name": "+Plus Ltd", "notes": "=HYPERLINK(\"x\")"},
                                 {"name": "Tab\tCo", "notes": "-1"}])
    assert read_csv(tmp_path / "out.csv").encoding == "utf-8-sig"
    assert rows_of(tmp_path / "out.csv", "accounts") == [
        SourceRow(2, {"name": "+Plus Ltd", "notes": '=HYPERLINK("x")'}),
        SourceRow(3, {"name": "Tab\tCo", "notes": "-1"})]
