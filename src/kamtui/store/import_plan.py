"""What an import would do (`ImportPlan`: adds, updates, unchanged, refused rows) and
what it did (`ImportResult`), with the report lines the command line prints."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kamtui.io.crm_values import DateOrder
from kamtui.io.rows import SourceRow
from kamtui.store.import_rules import NOUNS, Kind, Lookups


@dataclass(frozen=True)
class Refusal:
    """A row left out: `column` is the user's column header (or the field's title)."""

    row: int
    column: str
    reason: str

    def line(self, unit: str = "row") -> str:
        where = f"{unit} {self.row}, {self.column}" if self.column else f"{unit} {self.row}"
        return f"{where}: {self.reason}"


@dataclass(slots=True)  # one per record of the file
class Planned:
    """One record the import adds, updates or leaves as it is; `rows` are the file's rows
    that went into it (more than one when the file repeats a record)."""

    rows: list[int]
    id: str
    label: str
    values: dict[str, Any]  # adds: every stored field; updates: the fields that change
    changes: list[str] = field(default_factory=list)  # "industry 'Food' → 'Retail'"

    def where(self, unit: str = "row") -> str:
        return f"{unit} {self.rows[0]}"


@dataclass
class ImportPlan:
    kind: Kind
    adds: list[Planned] = field(default_factory=list)
    updates: list[Planned] = field(default_factory=list)
    unchanged: list[Planned] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    merged: list[tuple[int, int]] = field(default_factory=list)  # (later row, first row)
    column_problems: dict[str, str] = field(default_factory=dict)  # column -> sentence
    warnings: list[str] = field(default_factory=list)
    # (column, name) -> rows whose owner kamtui does not know (they stay the KAM's)
    unknown_owners: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # contact id -> new boss id
    # What the plan was made from, to make it again inside the write transaction.
    source: list[SourceRow] = field(default_factory=list, repr=False)
    options: dict[str, Any] = field(default_factory=dict, repr=False)
    lookups: Lookups | None = field(default=None, repr=False)
    unit: str = "row"  # what the file's records are called: rows (CSV) or cards (vCard)

    @property
    def refused_rows(self) -> list[int]:
        return sorted({r.row for r in self.refused})

    @property
    def writes(self) -> bool:
        return bool(self.adds or self.updates)

    def refusal_lines(self, limit: int | None = None) -> list[str]:
        """One line per problem: a column whose dates cannot be read once, then each
        row's problem (rows refused only for such a column are not repeated)."""
        lines = [f"{column} {problem}" for column, problem in self.column_problems.items()]
        rows = [r.line(self.unit) for r in self.refused if r.column not in self.column_problems]
        return lines + _limited(rows, limit)

    def report(self, limit: int = 20, *, done: bool = False) -> list[str]:
        """What the import would do (or, `done`, did), then the refused rows, the rows
        merged into an earlier one, the updates field by field, and warnings."""
        one, many = NOUNS[self.kind]
        added = len(self.adds)
        verbs = ("Added", "updated", "left") if done else ("Would add", "update", "leave")
        head = (f"{verbs[0]} {added:,} {one if added == 1 else many}, {verbs[1]} "
                f"{len(self.updates):,}, {verbs[2]} {len(self.unchanged):,} unchanged")
        bad = len(self.refused_rows)
        if not bad:
            lines = [head + "."]
        else:
            skipped = " (skipped)" if done else ""
            lines = [f"{head}; {bad:,} {self.unit}{'s' if bad != 1 else ''} refused{skipped}:"]
            lines += ["  " + line for line in self.refusal_lines(limit)]
        if self.merged:
            lines.append(f"{self.unit.capitalize()}s that repeat an earlier {one} (merged "
                         f"into it, later values win):")
            lines += ["  " + line for line in _limited(
                [f"{self.unit} {later} repeats {self.unit} {first}"
                 for later, first in self.merged], limit)]
        if self.updates:
            lines.append("Updated:" if done else "Updates:")
            lines += ["  " + line for line in _limited(
                [f"{u.where(self.unit)}: {u.label} — {'; '.join(u.changes)}" for u in self.updates],
                limit)]
        lines += _limited(self.warnings + self._owner_warnings(), limit)
        return lines

    def _owner_warnings(self) -> list[str]:
        lines = []
        for (column, name), rows in self.unknown_owners.items():
            where = ", ".join(str(r) for r in rows[:8]) + (", ..." if len(rows) > 8 else "")
            lines.append(f"{column} {name!r} ({self.unit}{'s' if len(rows) > 1 else ''} "
                         f"{where}) is neither on your team nor a contact at the account: "
                         f"kept as yours (or as owned before); add them to your team to "
                         f"hand such actions over.")
        return lines


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote; `backup` is the copy taken first (None: nothing to write)."""

    plan: ImportPlan
    added: int
    updated: int
    unchanged: int
    skipped: int
    backup: Path | None

    def summary(self) -> str:
        """One line after the plan's report was shown: what was written, and where the
        copy from before is."""
        one, many = NOUNS[self.plan.kind]
        skipped = (f" ({self.skipped:,} refused {self.plan.unit}"
                   f"{'s' if self.skipped != 1 else ''} skipped)") if self.skipped else ""
        if not (self.added or self.updated):
            return (f"Nothing written: the store already holds the file's {many} as they "
                    f"are{skipped}.")
        did = (f"Imported: added {self.added:,} {one if self.added == 1 else many}, "
               f"updated {self.updated:,}, left {self.unchanged:,} unchanged{skipped}")
        copy = f"; the store as it was is at {self.backup}" if self.backup else ""
        return f"{did}{copy}."

    def report(self, limit: int = 20) -> list[str]:
        lines = self.plan.report(limit, done=True)
        if self.backup is not None:
            lines.append(f"A copy of the store from before the import is at {self.backup}.")
        return lines


def _limited(lines: list[str], limit: int | None) -> list[str]:
    if limit is None or len(lines) <= limit:
        return list(lines)
    return lines[:limit] + [f"… and {len(lines) - limit} more"]


__all__ = ["DateOrder", "ImportPlan", "ImportResult", "Planned", "Refusal"]
