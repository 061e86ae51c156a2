"""The merge rule for changes from several replicas, per field of a row:

- The change with the latest stamp wins, whatever order changes arrive in, however often.
- Each change lists the stamps of the values its author saw for that field when making it
  (`seen`): the winner, and any conflict shown to them. Those values it replaces knowingly.
- A losing change that the winner did not replace knowingly, directly or through the
  changes it replaced, is a **conflict**: both sides changed the field without seeing each
  other's change. Its value is kept, to be shown and resolved; the resolution is a new
  change that has seen both, so once it reaches a replica the conflict is gone there too.
  A losing change with the winner's very value is no conflict.
- A delete is the field deleted_at like any other: a delete and an edit of another field
  made apart both apply, so the row stays deleted with the edit in it.

Every replica that has received the same changes holds the same values and the same
conflicts (tests/sync/test_merge.py checks it on random histories)."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kamtui.sync.hlc import Stamp

FieldKey = tuple[str, str, str]  # table, row id, column


@dataclass(frozen=True)
class Change:
    """One field of one row set to `value` (JSON: None, bool, number, text or a list)."""

    table: str
    row: str
    field: str
    value: Any
    stamp: Stamp
    seen: frozenset[Stamp] = frozenset()

    @property
    def key(self) -> FieldKey:
        return (self.table, self.row, self.field)


class Ledger:
    """The changes of every field, as received; the values and conflicts they make."""

    def __init__(self) -> None:
        self._changes: dict[FieldKey, dict[Stamp, Change]] = {}

    def add(self, change: Change) -> bool:
        """Take in `change`; False when it was already here (a bundle seen twice). A
        different change under the same stamp means a forged or broken bundle."""
        known = self._changes.setdefault(change.key, {})
        had = known.get(change.stamp)
        if had is not None:
            if had != change:
                raise ValueError(f"two different changes of {change.key} are stamped "
                                 f"{change.stamp.text()}")
            return False
        known[change.stamp] = change
        return True

    def fields(self) -> Iterator[FieldKey]:
        return iter(self._changes)

    def changes(self) -> Iterator[Change]:
        """Every change held: what a bundle to a replica that has none of them carries."""
        for known in self._changes.values():
            yield from known.values()

    def winner(self, key: FieldKey) -> Change | None:
        known = self._changes.get(key)
        return known[max(known)] if known else None

    def value(self, key: FieldKey) -> Any:  # noqa: ANN401 - a JSON value
        won = self.winner(key)
        return None if won is None else won.value

    def conflicts(self, key: FieldKey) -> list[Change]:
        """The losing changes the winner did not replace knowingly, latest first."""
        won = self.winner(key)
        if won is None:
            return []
        known = self._changes[key]
        replaced = self._replaced(known, won)
        return [change for stamp, change in sorted(known.items(), reverse=True)
                if stamp != won.stamp and stamp not in replaced and change.value != won.value]

    def showing(self, key: FieldKey) -> frozenset[Stamp]:
        """What a change made now replaces knowingly: the winner and its conflicts."""
        won = self.winner(key)
        if won is None:
            return frozenset()
        return frozenset([won.stamp, *(change.stamp for change in self.conflicts(key))])

    def state(self) -> dict[FieldKey, Any]:
        return {key: self.value(key) for key in self._changes}

    @staticmethod
    def _replaced(known: dict[Stamp, Change], won: Change) -> set[Stamp]:
        """Every stamp `won` replaced, directly or through the changes it replaced."""
        replaced: set[Stamp] = set()
        todo = list(won.seen)
        while todo:
            stamp = todo.pop()
            if stamp in replaced:
                continue
            replaced.add(stamp)
            if (change := known.get(stamp)) is not None:
                todo += change.seen
        return replaced


__all__ = ["Change", "FieldKey", "Ledger"]
