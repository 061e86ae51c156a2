"""Spreadsheet exports (CSV) of accounts, contacts and actions: UTF-8 with a BOM so Excel
reads accents right, CRLF rows, ISO dates, plain figures, and user text made inert where a
spreadsheet would run it as a formula."""

import csv
from collections.abc import Iterable
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, TextIO

# A cell starting with one of these is a formula (or a DDE call) in Excel, LibreOffice and
# Google Sheets; an apostrophe in front shows it as text. kamtui's CSV import takes the
# apostrophe off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ENCODING = "utf-8-sig"


def inert(text: str) -> str:
    """User text as a cell no spreadsheet will evaluate: "=HYPERLINK(...)" -> "'=HYPER..."."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value: Any, *, is_text: bool) -> str:  # noqa: ANN401 - any stored value
    """How one stored value is written: text guarded, figures plain, dates ISO."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, datetime):
        if value.tzinfo is not None:  # stored in UTC; shown without the zone (a sheet
            value = value.astimezone(UTC).replace(tzinfo=None)  # reads it as a time)
        return value.isoformat(sep=" ")  # to the microsecond: a re-import matches it
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value == round(value, 2) \
            else repr(value)
    if isinstance(value, list | tuple):
        value = "; ".join(str(item) for item in value)
    text = str(value)
    return inert(text) if is_text else text


def write_csv(out: TextIO, columns: Iterable[Any], rows: Iterable[dict[str, Any]]) -> int:
    """Write the header and `rows` (dicts keyed by column key) to `out`, a handle opened
    with newline=""; return the number of rows written. `columns` are
    kamtui.store.table_export.Column."""
    columns = list(columns)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([inert(c.header) for c in columns])
    count = 0
    for row in rows:
        writer.writerow([cell(row.get(c.key), is_text=c.is_text) for c in columns])
        count += 1
    return count
