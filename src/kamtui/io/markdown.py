"""User text made safe for Markdown: whatever a name or a note holds (`|`, `#`, `*`, `[x](y)`,
`<b>`, line breaks, terminal controls), it reads as the same plain text once rendered, and
the raw file stays readable: only what Markdown would act on is escaped."""

import re
from collections.abc import Sequence
from datetime import date

from kamtui.domain.words import CONTROLS, one_line

# Marks that act anywhere in a line: emphasis, code, links, HTML, tables, strikethrough.
_INLINE = re.compile(r"([\\`*\[\]<|~])")
_INLINE_HASH = re.compile(r"([\\`*\[\]<|~#])")
# An underscore between two letters or digits never makes emphasis; other ones may.
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_ENTITY = re.compile(r"&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
# Marks that act at the start of a line: headings, lists, quotes, setext underlines.
_LINE_START = re.compile(r"^([#>+\-=]|\d+(?=[.)]))")


def inline(value: object, *, line_start: bool = True, every_hash: bool = False) -> str:
    """`value` as one line of Markdown text that renders literally. `line_start`: it may
    begin a line, where `#`, `>`, `-`, `+`, `=` and `1.` mean something."""
    marks = _INLINE_HASH if every_hash else _INLINE
    text = marks.sub(r"\\\1", one_line(value).strip())
    text = _UNDERSCORE.sub(r"\\_", text)
    text = _ENTITY.sub(r"\\&", text)
    if not line_start:
        return text
    return _LINE_START.sub(lambda m: _escape_start(m.group(1)), text)


def heading(level: int, value: object) -> str:
    """A heading whose text is `value`; `#` is escaped everywhere, since a trailing run of
    them would be read as the heading's closing marks."""
    return f"{'#' * level} {inline(value, line_start=False, every_hash=True)}"


def cell(value: object) -> str:
    """`value` as the text of one table cell (one line, pipes escaped)."""
    return inline(value, line_start=False)


def block(value: object) -> str:
    """Long user text as Markdown paragraphs: blank lines part paragraphs, a single line
    break stays a line break, and no line can start a heading, list, quote or code."""
    text = "" if value is None else str(value).replace("\r\n", "\n").replace("\r", "\n")
    paragraphs: list[list[str]] = [[]]
    for line in text.translate(CONTROLS).split("\n"):
        line = line.replace("\t", " ").strip()
        if line:
            paragraphs[-1].append(inline(line))
        elif paragraphs[-1]:
            paragraphs.append([])
    # Two trailing spaces: a hard line break that stays invisible in the raw file.
    return "\n\n".join("  \n".join(lines) for lines in paragraphs if lines)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]],
          right: Sequence[int] = ()) -> str:
    """A GitHub-style table; cells must already be Markdown (see `cell`). Columns listed
    in `right` are aligned right (figures)."""
    rule = ["---:" if n in right else "---" for n in range(len(headers))]
    lines = [_row(headers), _row(rule), *(_row(r) for r in rows)]
    return "\n".join(lines)


def bullets(items: Sequence[str], *, numbered: bool = False) -> str:
    """A list of already-Markdown items."""
    return "\n".join(f"{n}. {item}" if numbered else f"- {item}"
                     for n, item in enumerate(items, start=1))


def day(value: date | None, empty: str = "-") -> str:
    return value.isoformat() if value else empty


def figure(value: float | None, unit: str = "", empty: str = "-") -> str:
    """12,500 or 12.5 with its unit, as a cell."""
    if value is None:
        return empty
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    unit = one_line(unit).strip()
    return cell(f"{text} {unit}") if unit else text


def money(value: float | None, empty: str = "-") -> str:
    return empty if value is None else f"{value:,.0f}"


def _escape_start(mark: str) -> str:
    # An ordered list needs the digits then "." or ")": escaping the digits' follower is
    # the CommonMark way, but the follower is outside the match; put the backslash there.
    if mark[0].isdigit():
        return mark + "\\"
    return "\\" + mark


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(c if c else " " for c in cells) + " |"
