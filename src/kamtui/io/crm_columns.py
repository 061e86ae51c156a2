"""Which column of a CRM export feeds which kamtui field, for accounts, contacts and actions:
the names Salesforce, HubSpot and Dynamics use, kamtui's own field names and export headers,
and the user's --map overrides; then the file's rows as SourceRows keyed by field.

Column names match whatever their case, spacing and punctuation ("Margin (%)" = "margin").
When two columns name the same field the first one is used and the other is reported as
ignored, except phone columns: the first filled one of a row wins ("Phone", then "Mobile").
Contacts may carry "first_name" and "last_name" instead of "name"; the importer joins them.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kamtui.domain import AccountCreate, ActionItemCreate, ContactCreate
from kamtui.errors import KamError
from kamtui.io.csv_export import FORMULA_STARTS
from kamtui.io.csv_source import CsvFile
from kamtui.io.rows import SourceRow

KINDS = ("accounts", "contacts", "actions")

# The fields each kind takes from a file, in the order the report lists them.
FIELDS: dict[str, tuple[str, ...]] = {
    "accounts": tuple(AccountCreate.model_fields),
    "contacts": ("name", "first_name", "last_name", "account", "title", "email", "phone",
                 "reports_to", "buying_role", "attitude", "strength", "cadence_days",
                 "last_contacted", "notes"),
    "actions": ("title", "account", "owner", "deadline", "status", "priority",
                "success_measure", "completed_at", "notes"),
}
MULTI = {"phone"}  # fields several columns may feed: the first filled cell of a row wins

_MODELS = {"accounts": AccountCreate, "contacts": ContactCreate, "actions": ActionItemCreate}
_MODEL_NAMES = {"account": "account_id", "reports_to": "reports_to_id", "owner": "owner_kind"}

# What CRM exports call the fields (Salesforce, HubSpot, Dynamics 365), besides kamtui's own
# field names and titles.
_CRM_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "accounts": {
        "name": ("Account Name", "Name", "Company", "Company Name", "Organization",
                 "Organisation"),
        "annual_revenue": ("Annual Revenue", "Revenue"),
        "industry": ("Industry",),
        "region": ("Billing Country", "Country", "Region", "Country/Region",
                   "Billing Country/Region", "Address 1: Country/Region", "Territory"),
        "tier": ("Tier", "Account Tier"),
        "status": ("Status", "Account Status"),
        "renewal_date": ("Renewal Date", "Contract End Date"),
        "margin_pct": ("Margin", "Margin %"),
        "cost_to_serve": ("Cost to Serve",),
        "notes": ("Description", "Notes"),
    },
    "contacts": {
        "first_name": ("First Name", "Given Name"),
        "last_name": ("Last Name", "Surname", "Family Name"),
        "name": ("Full Name", "Name", "Contact Name"),
        "title": ("Title", "Job Title"),
        "email": ("Email", "Email Address", "E-mail", "Primary Email"),
        "phone": ("Phone", "Business Phone", "Phone Number", "Mobile", "Mobile Phone"),
        "account": ("Account Name", "Account", "Company", "Company Name",
                    "Associated Company", "Organization", "Organisation"),
        "reports_to": ("Reports To", "Manager"),
        "buying_role": ("Buying Role", "Role"),
        "attitude": ("Attitude",),
        "strength": ("Strength", "Relationship Strength"),
        "last_contacted": ("Last Contacted",),
        "cadence_days": ("Contact Cadence (days)", "Cadence", "Cadence Days"),
        "notes": ("Description", "Notes"),
    },
    "actions": {
        "title": ("Subject", "Title", "Task", "Task Title"),
        "account": ("Account Name", "Account", "Related To", "Company", "Associated Company"),
        "deadline": ("Due Date", "Deadline", "Activity Date"),
        "status": ("Status", "Task Status"),
        "priority": ("Priority",),
        "owner": ("Assigned To", "Assigned", "Owner", "Task Owner"),
        "success_measure": ("Success Measure",),
        "completed_at": ("Completed At", "Completed Date", "Completion Date"),
        "notes": ("Comments", "Description", "Notes", "Body", "Task Notes"),
    },
}
_REQUIRED = {
    "accounts": (("name",), "the account name", "name"),
    "contacts": (("name", "first_name", "last_name"), "the contact's name", "name"),
    "actions": (("title",), "the action's title", "title"),
}


def fold(name: str) -> str:
    """A column or field name with case, spaces and punctuation taken out: "Margin (%)" ->
    "margin"; letters with accents stay."""
    return re.sub(r"[\W_]+", "", name.casefold())


def _known_names(kind: str) -> dict[str, str]:
    """Folded column name -> field for `kind`: field names, model titles, CRM names."""
    names: dict[str, str] = {}
    model = _MODELS[kind]
    for name in FIELDS[kind]:
        names[fold(name)] = name
        info = model.model_fields.get(_MODEL_NAMES.get(name, name))
        if info is not None and info.title:
            names.setdefault(fold(info.title), name)
    for name, words in _CRM_NAMES[kind].items():
        for word in words:
            names[fold(word)] = name
    return names


def label(field_name: str) -> str:
    return field_name.replace("_", " ")


@dataclass
class ColumnMap:
    """Which column feeds which field. `fields` maps a column's index to its field (in
    column order); `ignored` lists the columns left out, each as the report words it."""

    kind: str
    header: list[str]
    fields: dict[int, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)

    def report(self) -> list[str]:
        """Lines for the user: the columns used and the ones ignored."""
        used = ", ".join(f'"{self.header[i]}" → {label(name)}'
                         for i, name in self.fields.items())
        lines = [f"Using: {used}"]
        if self.ignored:
            lines.append(f"Ignoring: {', '.join(self.ignored)}")
        return lines


def _column_name(header: list[str], index: int) -> str:
    return f'"{header[index]}"' if header[index] else f"column {index + 1} (no name)"


def map_columns(kind: str, header: list[str], overrides: dict[str, str]) -> ColumnMap:
    """The ColumnMap for a file of `kind` with `header`; `overrides` (from parse_map_args)
    map a column name to a field name or label, or to "" to ignore the column. KamError when
    an override names an unknown column or field, or no column gives the record's name."""
    if kind not in KINDS:
        raise KamError(f"kamtui imports {', '.join(KINDS)} from CSV, not {kind!r}.")
    columns = {fold(name): i for i, name in reversed(list(enumerate(header))) if fold(name)}
    chosen: dict[int, str | None] = {}
    for column, wanted in overrides.items():
        index = columns.get(fold(column))
        if index is None:
            raise KamError(f'--map names a column "{column}" that the file does not have; '
                           f"its columns are {', '.join(_quoted(header))}.")
        chosen[index] = _field(kind, wanted) if wanted.strip() else None
    given = [name for name in chosen.values() if name is not None]
    for name in set(given):
        if given.count(name) > 1 and name not in MULTI:
            raise KamError(f"--map gives more than one column to {label(name)}; keep one.")
    known = _known_names(kind)
    result = ColumnMap(kind, list(header))
    taken: dict[str, int] = {name: i for i, name in chosen.items() if name is not None}
    for index, name in enumerate(header):
        column = _column_name(header, index)
        if index in chosen:
            target = chosen[index]
        else:
            target = known.get(fold(name))
            if target is not None and target in taken and target not in MULTI:
                result.ignored.append(f"{column} ({label(target)} comes from "
                                      f"{_column_name(header, taken[target])})")
                continue
        if target is None:
            result.ignored.append(column)
            continue
        taken.setdefault(target, index)
        result.fields[index] = target
    needed, what, field_name = _REQUIRED[kind]
    if not any(name in needed for name in result.fields.values()):
        raise KamError(f"The file has no column for {what}; name one with "
                       f"--map COLUMN={field_name}.")
    return result


def _quoted(names: list[str]) -> list[str]:
    return [f'"{name}"' for name in names if name]


def _field(kind: str, wanted: str) -> str:
    """The field of `kind` that `wanted` names ("annual revenue", "annual_revenue")."""
    for name in FIELDS[kind]:
        if fold(name) == fold(wanted):
            return name
    raise KamError(f'--map names a field "{wanted}" that {kind} do not have; use one of '
                   f"{', '.join(FIELDS[kind])}.")


def parse_map_args(items: list[str]) -> dict[str, str]:
    """--map "COLUMN=field" arguments as {column: field}; "COLUMN=" ignores the column.
    KamError for one without "=", without a column, or naming a column twice."""
    result: dict[str, str] = {}
    seen: set[str] = set()
    for item in items:
        column, equals, wanted = item.rpartition("=")
        column, wanted = column.strip(), wanted.strip()
        if not equals or not column:
            raise KamError(f'--map "{item}" is not COLUMN=field; write it like '
                           '--map "Company=name", or --map "Website=" to ignore a column.')
        if fold(column) in seen:
            raise KamError(f'--map names the column "{column}" twice; keep one.')
        seen.add(fold(column))
        result[column] = wanted
    return result


def clean(cell: str) -> str:
    """A cell's text as the importer sees it: stripped, without the apostrophe kamtui's own
    export puts before a value a spreadsheet would run as a formula ("'=SUM(1)")."""
    text = cell.strip()
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_STARTS):
        text = text[1:].strip()
    return text


def source_rows(csv_file: CsvFile, column_map: ColumnMap) -> Iterator[SourceRow]:
    """Each row of the file as a SourceRow keyed by field; empty cells are left out, and a
    row whose mapped cells are all empty still comes (the importer says it has no name)."""
    fields = sorted(column_map.fields.items())
    for number, cells in csv_file.rows:
        values: dict[str, str] = {}
        width = len(cells)
        for index, name in fields:
            if index < width and name not in values and (text := cells[index].strip()):
                values[name] = clean(text) if text[0] == "'" else text  # a rare formula
        yield SourceRow(number, values)
