"""What an importer reads from a file before anything is checked: numbered rows of raw
text keyed by kamtui field name (CSV rows after column mapping, vCard cards)."""

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)  # one per row of a file: 100,000 are usual
class SourceRow:
    """One record as found in a file. `number` is how the user finds it again: the line
    number in a CSV file (the header is line 1), the card number in a vCard file.
    `values` maps a kamtui field name (e.g. "name", "annual_revenue", "account") to the
    text found there, stripped; empty cells are left out."""

    number: int
    values: dict[str, str] = field(default_factory=dict)
