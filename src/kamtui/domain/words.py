"""Plain words shared by the screens and the command line: user text made safe for one
line of a terminal, and counts with their noun. No Textual here."""

# Terminal control characters (C0 but tab and newline, DEL, C1) are dropped from user
# text: an ESC in a pasted name would otherwise reach the terminal as an escape sequence.
CONTROLS = {code: None for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))
            if chr(code) not in "\t\n"}


def one_line(value: object) -> str:
    """`value` as a single line of plain text: line breaks and tabs become spaces and
    terminal control characters are dropped."""
    if value is None:
        return ""
    text = str(value)
    if text.isprintable():  # no break, tab or control character: the common case
        return text
    for brk in ("\r\n", "\n", "\r", "\t"):
        text = text.replace(brk, " ")
    return text.translate(CONTROLS)


def clip(text: str, width: int) -> str:
    """`text` cut to `width` characters, ending in an ellipsis when cut."""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


# The columns that name a record, in the order looked for ("title" after "name": a
# contact's title is their job).
NAME_COLUMNS = ("name", "title", "summary", "period", "asked", "responder", "reason")


def record_label(table: str, values: object) -> str:
    """A record in words for a sentence: "The action item 'Send the QBR deck'", or by the
    start of its id when nothing names it. `values` maps columns to values (or is None)."""
    word = table.replace("_", " ")
    found = values if isinstance(values, dict) else {}
    for key in NAME_COLUMNS:
        text = one_line(found.get(key)).strip()
        if text:
            return f"The {word} '{clip(text, 40)}'"
    return f"The {word} {str(found.get('id', ''))[:8]}".rstrip()


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """'1 account', '40 accounts'."""
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"
