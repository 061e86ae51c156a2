"""Reading a CSV file a CRM or a spreadsheet exported: its encoding, its delimiter, its header
and its numbered rows, or one sentence saying why it cannot be read.

Row numbers are the row numbers a spreadsheet shows for the file: the header is row 1 and
each record counts once, even when a quoted cell holds line breaks (so they can differ from a
text editor's line numbers after such a cell); a blank line counts as a row, as in a
spreadsheet, but yields no record. Excel's "sep=;" first line is honoured and not counted.
"""

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from kamtui.errors import KamError
from kamtui.io.input_files import read_input

DELIMITERS = (",", ";", "\t")
CP1252_NOTICE = ("The file is not UTF-8; read it as Windows-1252 (cp1252): check accents "
                 "came out right.")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


@dataclass
class CsvFile:
    """A CSV file as read: `rows` are (row number, cells) with blank rows left out; cells are
    as found (not stripped). `encoding` is "utf-8", "utf-8-sig", "utf-16" or "cp1252"."""

    path: Path
    header: list[str]
    rows: list[tuple[int, list[str]]]
    encoding: str
    delimiter: str
    notices: list[str] = field(default_factory=list)

    @property
    def delimiter_name(self) -> str:
        """"comma", "semicolon" or "tab", for telling the user how the file was read."""
        return _DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))

    def row_problems(self) -> dict[int, str]:
        """Rows that hold more filled cells than the header has columns, by row number, each
        with a sentence that reads after "Row N ". Usually an unquoted comma in a value; the
        importer refuses such rows rather than guess which cell moved. Empty trailing cells
        (some spreadsheets pad rows with them) are not a problem."""
        width = len(self.header)
        problems: dict[int, str] = {}
        for number, cells in self.rows:
            if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                problems[number] = (
                    f"has {len(cells)} cells but the header names {width} columns; a value "
                    f"with a {self.delimiter_name} in it probably needs quotes")
        return problems


def read_csv(path: Path) -> CsvFile:
    """Read the CSV file at `path` whole (100,000 rows take well under a second); KamError
    with one sentence when it is missing, a folder, empty, binary, without a header, has
    two columns of the same name or is broken (a quote never closed)."""
    name = path.name or str(path)
    data = _read_bytes(path, name)
    text, encoding, notices = _decode(data, name)
    delimiter, text = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if not any(map(str.strip, cells)):
                continue
            if header is None:
                header = [cell.strip() for cell in cells]
            else:
                rows.append((number, cells))
    except csv.Error as err:
        raise KamError(_broken(name, number + 1, str(err))) from None
    if header is None:
        raise KamError(f"{name} has no header line: its first row must name the columns.")
    _check_header(name, header)
    return CsvFile(path, header, rows, encoding, delimiter, notices)


def _read_bytes(path: Path, name: str) -> bytes:
    data = read_input(path, "a CSV file")
    if not data.strip():
        raise KamError(f"{name} is empty: export the records again, with a header line.")
    if data.startswith(b"PK\x03\x04"):
        raise KamError(f"{name} is a spreadsheet workbook (or another zip file), not CSV; "
                       "save it from the spreadsheet as CSV UTF-8.")
    return data


def _decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """The text, the encoding it was read with, and any notice for the user."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text" export: UTF-16 with a byte order mark.
        try:
            return data.decode("utf-16"), "utf-16", []
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise KamError(f"{name} looks like a binary file, not CSV text; save it from the "
                       "spreadsheet as CSV UTF-8.")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig", []
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8"), "utf-8", []
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("cp1252"), "cp1252", [CP1252_NOTICE]
    except UnicodeDecodeError:
        raise KamError(f"{name} is neither UTF-8 nor Windows-1252 text; save it from the "
                       "spreadsheet as CSV UTF-8.") from None


def _delimiter(text: str) -> tuple[str, str]:
    """The delimiter and the text to parse: Excel's "sep=X" line decides when present (and
    is dropped), else whichever of comma, semicolon and tab the header line uses most,
    counting only outside quotes; a one-column header reads as comma-separated."""
    first, _, rest = text.lstrip("\r\n").partition("\n")
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:
        return first.strip()[4], rest
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in text.lstrip("\r\n"):
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char in counts:
            counts[char] += 1
        elif char in "\r\n":
            break
    best = max(DELIMITERS, key=lambda mark: counts[mark])
    return (best if counts[best] else ","), text


def _broken(name: str, number: int, reason: str) -> str:
    if "unexpected end of data" in reason:
        return (f"{name} has a quote opened on row {number} or after that is never closed; "
                "fix the quotes and import again.")
    if "expected after" in reason:
        return (f"{name} row {number} has text after a closing quote; a quote inside a "
                'quoted value must be doubled ("").')
    if "field larger" in reason:
        return f"{name} row {number} has a value too long to be a CRM field."
    return f"{name} row {number} cannot be read as CSV: {reason}."


def _check_header(name: str, header: list[str]) -> None:
    seen: dict[str, str] = {}
    for column in header:
        key = column.casefold()
        if not key:
            continue
        if key in seen:
            raise KamError(f'{name} has two columns named "{column}"; rename or remove one '
                           "and import again.")
        seen[key] = column
    if not seen:
        raise KamError(f"{name} has no header line: its first row must name the columns.")
