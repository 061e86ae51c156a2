"""The conflicts a sync kept (issue 9): a field both stores changed apart holds the later
value, and the other is kept here until the user settles it. `list_conflicts` shows them,
one line a field, limited in SQL; `resolve` keeps the value shown or takes the other, as
a change of its own that syncs, so the conflict clears on every store. No Textual."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kamtui.domain.words import clip, one_line, record_label
from kamtui.errors import KamError, NotFound
from kamtui.store.engine import Store, driver
from kamtui.store.sync_log import COUNT_CONFLICTS, replica_id, row_values, stored_now
from kamtui.sync.hlc import Stamp


@dataclass(frozen=True)
class Conflict:
    ref: str  # what `kamtui sync resolve` takes: the row id's start and the field
    table: str
    row: str
    field: str  # the column
    what: str  # "The account 'Acme Corp'"
    label: str  # the field in words: "annual revenue"
    here: str  # the value the store holds, shown
    other: str  # the value kept beside it, shown
    source: str  # the store the other value came from
    when: str  # when the other value was made, local time


def _what(conn: Any, values: dict[str, Any] | None, table: str, id: str) -> str:  # noqa: ANN401
    """The record in words, with the account it belongs to: "The action item 'Send the
    deck' at Nordwind Logistics" (titles repeat from account to account)."""
    label = record_label(table, values or {"id": id})
    account = (values or {}).get("account_id")
    if table != "account" and account:
        found = conn.execute("SELECT name FROM account WHERE id = ?", (account,)).fetchone()
        if found and one_line(found[0]).strip():
            label += f" at {clip(one_line(found[0]).strip(), 40)}"
    return label


def describe(store: Store, table: str, row: str) -> str:
    """The record in words, for a report line."""
    with store.rows() as conn:
        return _what(conn, row_values(conn, table, row), table, row)


def shown(field: str, value: Any) -> str:  # noqa: ANN401 - a stored value
    """A stored value as one short line of plain text."""
    if field == "deleted_at":
        return "not deleted" if value is None else f"deleted {str(value)[:16]}"
    if value is None or value == "":
        return "(empty)"
    text = one_line(value).strip()
    if len(text) > 19 and text[10:11] == " " and text[:4].isdigit():  # a stored datetime
        text = text[:16]
    return clip(text, 60)


def count_conflicts(store: Store) -> int:
    """How many fields hold a conflict."""
    with store.rows() as conn:
        return conn.execute(COUNT_CONFLICTS).fetchone()[0]


def list_conflicts(store: Store, *, limit: int = 100,
                   offset: int = 0) -> tuple[list[Conflict], int]:
    """A page of conflicts (one a field, the latest other value), newest first, and how
    many there are."""
    with store.rows() as conn:
        total = conn.execute(COUNT_CONFLICTS).fetchone()[0]
        found = conn.execute(
            "SELECT tbl, row_id, field, max(stamp), value FROM sync_conflict "
            "GROUP BY tbl, row_id, field ORDER BY max(stamp) DESC LIMIT ? OFFSET ?",
            (limit, offset)).fetchall()
        names = dict(conn.execute("SELECT replica, name FROM sync_peer"))
        me = replica_id(conn)
        page = [_conflict(conn, names, me, *item) for item in found]
    return page, total


def _conflict(conn: Any, names: dict[str, str], me: str, table: str, row: str,  # noqa: ANN401
              field: str, stamp: str, value: Any) -> Conflict:  # noqa: ANN401
    values = row_values(conn, table, row)
    made = Stamp.parse(stamp)
    source = "this store" if made.replica == me else names.get(made.replica,
                                                               made.replica[:8])
    when = datetime.fromtimestamp(made.wall / 1000, UTC).astimezone()
    return Conflict(f"{row[:8]}.{field}", table, row, field, _what(conn, values, table, row),
                    field.replace("_", " "), shown(field, (values or {}).get(field)),
                    shown(field, value), source, when.strftime("%Y-%m-%d %H:%M"))


def resolve(store: Store, ref: str, *, take: bool) -> str:
    """Settle the conflict `ref`: keep the value the store holds, or `take` the other
    (the latest, if several). Either is a change that has seen both, so the conflict
    clears on each store it reaches. Returns what to tell the user."""
    start, _, field = ref.strip().partition(".")
    if len(start) < 4 or not field:
        raise KamError(f"'{ref}' is not a conflict's reference; kamtui sync conflicts "
                       f"lists them (like 3f2a1b9c.name).")
    with store.transaction() as session:
        conn = driver(session)
        keys = conn.execute(
            "SELECT DISTINCT tbl, row_id FROM sync_conflict WHERE row_id LIKE ? AND field = ?",
            (start.replace("%", "").replace("_", "") + "%", field)).fetchall()
        if not keys:
            raise NotFound(f"There is no conflict {ref}; kamtui sync conflicts lists them.")
        if len(keys) > 1:
            raise KamError(f"{ref} matches {len(keys)} conflicts; give more of the id.")
        table, row = keys[0]
        values = row_values(conn, table, row) or {}
        other = conn.execute(
            "SELECT value FROM sync_conflict WHERE tbl = ? AND row_id = ? AND field = ? "
            "ORDER BY stamp DESC LIMIT 1", (table, row, field)).fetchone()[0]
        what = _what(conn, values, table, row)
        if take:
            conn.execute(f'UPDATE "{table}" SET "{field}" = ?, updated_at = ? WHERE id = ?',
                         (other, stored_now(), row))
            chosen, dropped = other, values.get(field)
        else:  # the value stays; the choice is logged, to clear the conflict everywhere
            conn.execute("INSERT INTO change_log (tbl, row_id, field, value) "
                         "VALUES (?, ?, ?, ?)", (table, row, field, values.get(field)))
            chosen, dropped = values.get(field), other
    return (f"{what}: {field.replace('_', ' ')} is now {shown(field, chosen)}; the other "
            f"value ({shown(field, dropped)}) is dropped here and, at the next sync, on "
            f"the other stores.")


__all__ = ["Conflict", "count_conflicts", "describe", "list_conflicts", "resolve", "shown"]
