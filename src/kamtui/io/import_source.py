"""A file to import, read into rows with what the user should know about it: the command
line and the import screen both start here, then plan with
kamtui.store.record_import.plan_import(store, source.kind, source.rows, **source.options)."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kamtui.io.crm_values import DateOrder
from kamtui.io.rows import SourceRow

VCARD_SUFFIXES = (".vcf", ".vcard")


@dataclass
class ImportSource:
    kind: str  # accounts, contacts or actions
    path: Path
    rows: list[SourceRow]
    lines: list[str] = field(default_factory=list)  # how it was read; columns used, ignored
    options: dict[str, Any] = field(default_factory=dict)  # plan_import's keyword arguments

    @property
    def unit(self) -> str:
        return self.options.get("unit", "row")


def is_vcard(path: Path) -> bool:
    return Path(path).suffix.lower() in VCARD_SUFFIXES


def read_csv_source(path: Path, kind: str, *, maps: list[str] | None = None,
                    date_order: DateOrder | None = None) -> ImportSource:
    """A CRM CSV export of `kind`; `maps` are --map "COLUMN=field" overrides. KamError
    (one sentence) when the file or a map cannot be used."""
    from kamtui.io.crm_columns import map_columns, parse_map_args, source_rows
    from kamtui.io.csv_source import read_csv

    overrides = parse_map_args(list(maps or []))
    path = Path(path).expanduser()
    csv_file = read_csv(path)
    columns = map_columns(kind, csv_file.header, overrides)
    names = {name: csv_file.header[index] for index, name in columns.fields.items()}
    return ImportSource(
        kind, path, list(source_rows(csv_file, columns)),
        [f"Read {path.name}: {len(csv_file.rows):,} rows.", *csv_file.notices,
         *columns.report()],
        {"date_order": date_order, "columns": names, "problems": csv_file.row_problems()})


def read_vcard_source(path: Path, *, default_account: str | None = None) -> ImportSource:
    """Contacts from a vCard file; `default_account` places cards without a known one."""
    from kamtui.io.vcard import read_vcards

    path = Path(path).expanduser()
    cards = read_vcards(path)
    return ImportSource(
        "contacts", path, cards.rows,
        [f"Read {path.name}: {len(cards.rows):,} cards.", *cards.notices],
        {"default_account": default_account, "problems": cards.problems, "unit": "card"})
