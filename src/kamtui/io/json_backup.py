"""The lossless JSON backup: every row of every table (soft-deleted ones too), the settings
and the replica id, as SQLite stores them, one row per line with sorted keys so two
exports diff cleanly. `write_json` streams it out; `read_json` checks a document whole,
then restores it into an empty store in one transaction, or refuses and writes nothing."""

import json
import math
import re
import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, TextIO, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, TypeAdapter, ValidationError
from pydantic import create_model as pydantic_model
from pydantic_core import PydanticCustomError

from kamtui.clock import utcnow
from kamtui.domain.messages import sentence
from kamtui.errors import InvalidInput, KamError
from kamtui.io.input_files import read_input
from kamtui.store import snapshot, sync_log
from kamtui.store.engine import Store

FORMAT = "kamtui"
FORMAT_VERSION = 1
MAX_PROBLEMS = 20
_STAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{6})?")
_INT64 = range(-(2**63), 2**63)


def _line(value: Any) -> str:  # noqa: ANN401 - any JSON value
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def write_json(store: Store, out: TextIO) -> dict[str, int]:
    """Write the whole store to `out` as one JSON document, streamed table by table and
    row by row from one read transaction; return how many rows each table gave."""
    counts: dict[str, int] = {}
    with snapshot.reading(store) as conn:
        head = {"format": FORMAT, "format_version": FORMAT_VERSION,
                "schema": snapshot.schema_version(conn), "replica_id": snapshot.replica_id(conn),
                "exported_at": utcnow().isoformat(timespec="seconds").replace("+00:00", "Z"),
                "meta": snapshot.meta(conn)}
        out.write("{\n" + "".join(f" {_line(k)}: {_line(v)},\n" for k, v in head.items()))
        out.write(' "tables": {')
        for number, table in enumerate(snapshot.MODELS):
            columns = snapshot.columns(conn, table)
            names = [c.name for c in columns]
            as_json = [c.name for c in columns if c.kind == "json"]
            out.write(("," if number else "") + f"\n  {_line(table)}: [")
            count = 0
            for values in snapshot.rows(conn, table, names):
                row = dict(zip(names, values, strict=True))
                for name in as_json:
                    row[name] = _parsed(row[name])
                try:
                    text = _line(row)
                except (TypeError, ValueError):
                    raise KamError(f"The {table} row {row['id']} holds a value JSON cannot "
                                   f"carry; nothing was exported.") from None
                out.write(("," if count else "") + "\n   " + text)
                count += 1
            out.write("\n  ]" if count else "]")
            counts[table] = count
        out.write("\n }\n}\n")
    return counts


def _parsed(stored: Any) -> Any:  # noqa: ANN401 - a JSON column's text, parsed
    try:
        return json.loads(stored) if isinstance(stored, str) else stored
    except ValueError:
        return stored  # not JSON after all: carried as the text it is


def read_json(store: Store, path: Path | str) -> dict[str, int]:
    """Restore the document at `path` into `store`, which must hold no rows at all; return
    the rows written per table. Any problem refuses the whole file (KamError, one sentence
    per problem) and nothing is written. The store adopts the document's replica id."""
    path = Path(path).expanduser().absolute()
    with snapshot.reading(store) as conn:
        _refuse_unless_empty(store, snapshot.row_counts(conn))
        schema = snapshot.schema_version(conn)
        layout = {table: snapshot.columns(conn, table) for table in snapshot.MODELS}
    doc = _load(path)
    replica, meta, tables = _check_head(doc, path, schema)
    ready = _check_rows(tables, layout)
    with snapshot.writing(store) as conn:
        _refuse_unless_empty(store, snapshot.row_counts(conn))  # none crept in meanwhile
        snapshot.put_meta(conn, meta, replica)  # first: the rows are logged under its id
        try:
            with snapshot.indexes_set_aside(conn), sync_log.triggers_off(conn):
                counts = {table: snapshot.insert(conn, table, snapshot.parents_first(
                    ready.get(table, []), snapshot.self_references(conn, table)))
                          for table in snapshot.MODELS}
                for table in snapshot.MODELS:  # each row: created by this store, now
                    sync_log.log_table_created(conn, table)
        except sqlite3.IntegrityError as err:
            raise KamError(f"{path} breaks a rule of the store ({err}); nothing was "
                           f"imported.") from None
        broken, total = snapshot.dangling(conn, MAX_PROBLEMS)
        if broken:
            raise InvalidInput(_capped([_dangling(d, ready) for d in broken], total))
    store.replica_id = replica
    return counts


def _dangling(found: snapshot.Dangling, ready: dict[str, list[dict[str, Any]]]) -> str:
    number = next((n for n, row in enumerate(ready.get(found.table, []), 1)
                   if row["id"] == found.id), "?")
    return (f"{found.table} row {number} (id {found.id}): {found.column} refers to "
            f"{found.parent} {found.value}, which is not in the document; nothing was "
            f"imported.")


def _refuse_unless_empty(store: Store, counts: dict[str, int]) -> None:
    held = [(n, _plural(table.replace("_", " "), n)) for table, n in counts.items() if n]
    if not held:
        return
    named = [f"{n} {what}" for n, what in held[:2]]
    others = sum(n for n, _ in held[2:])
    if others:
        named.append(f"{others} other rows")
    holds = ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]
    raise KamError(f"{store.path} already holds {holds}; import json restores into a new, "
                   f"empty store: kamtui init --db NEW.db then import there.")


def _plural(what: str, n: int) -> str:
    if n == 1:
        return what
    return what[:-1] + "ies" if what.endswith("y") else what + "s"


def _load(path: Path) -> Any:  # noqa: ANN401 - the parsed document
    what = "give the path of a kamtui JSON backup"
    raw = read_input(path, "a kamtui JSON backup")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise KamError(f"{path} is not UTF-8 text (byte {err.start + 1} is not), so it is "
                       f"not a kamtui JSON backup.") from None
    if not text.strip():
        raise KamError(f"{path} is empty; {what}.")
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise KamError(f"{path} is not valid JSON ({err.msg} at line {err.lineno}, column "
                       f"{err.colno}); it may be cut short, or not a kamtui backup.") from None
    except RecursionError:
        raise KamError(f"{path} is nested too deeply to be a kamtui JSON backup.") from None


def _check_head(doc: Any, path: Path, schema: int  # noqa: ANN401
                ) -> tuple[str, dict[str, str], dict[str, Any]]:
    """The document's replica id, meta rows and tables, or one sentence on what is wrong
    with its outline (kind, versions)."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise KamError(f'{path} is not a kamtui JSON backup: it lacks "format": "kamtui".')
    version, made = doc.get("format_version"), doc.get("schema")
    if type(version) is not int or type(made) is not int:
        raise KamError(f"{path} does not say which format_version and schema it has, "
                       f"so it cannot be read safely.")
    if version > FORMAT_VERSION:
        raise KamError(f"{path} is in backup format {version}, newer than this kamtui reads "
                       f"(up to {FORMAT_VERSION}); upgrade kamtui to import it.")
    if made > schema:
        raise KamError(f"{path} was exported from schema {made}, newer than this store's "
                       f"{schema}; upgrade kamtui to import it.")
    replica, meta, tables = doc.get("replica_id"), doc.get("meta", {}), doc.get("tables")
    problems = []
    if not isinstance(replica, str) or not replica.strip():
        problems.append(f"{path} has no replica_id text.")
    if not isinstance(meta, dict) or not all(isinstance(v, str) for v in meta.values()):
        problems.append(f'{path} has a "meta" that is not an object of texts.')
    if not isinstance(tables, dict):
        problems.append(f'{path} has no "tables" object.')
    if problems:
        raise InvalidInput(problems)
    return replica, meta, tables


def _check_rows(tables: dict[str, Any], layout: dict[str, list[snapshot.Column]]
                ) -> dict[str, list[dict[str, Any]]]:
    """Every row checked against its table's live columns: unknown tables and columns,
    values of the wrong kind (one sentence each), duplicate ids. Returns the rows as
    SQLite stores them."""
    problems: list[str] = []
    ready: dict[str, list[dict[str, Any]]] = {}
    for table, found in tables.items():
        if table not in layout:
            problems.append(f"The document has a table '{table}' this kamtui does not "
                            f"know; it may come from a newer kamtui.")
            continue
        if not isinstance(found, list) or not all(isinstance(r, dict) for r in found):
            problems.append(f"The {table} table must be a list of rows, each an object.")
            continue
        columns = {c.name: c for c in layout[table]}
        unknown = sorted({name for row in found for name in row} - columns.keys())
        problems += [f"The {table} rows have a column '{name}' this kamtui does not know; "
                     f"it may come from a newer kamtui." for name in unknown]
        if unknown:
            continue
        ready[table] = _table_rows(table, found, columns, problems)
    if problems:
        raise InvalidInput(_capped(problems))
    return ready


def _table_rows(table: str, found: list[dict[str, Any]], columns: dict[str, snapshot.Column],
                problems: list[str]) -> list[dict[str, Any]]:
    model = snapshot.MODELS[table]
    checker = _row_model(table, tuple(columns.values()))
    seen: dict[Any, int] = {}
    ready = []
    for number, row in enumerate(found, start=1):
        key = row.get("id")
        where = f"{table} row {number}" + (f" (id {key})" if isinstance(key, str) else "")
        try:
            checked = checker.model_validate(row)
        except ValidationError as err:
            problems += [f"{where}: {sentence(model, e)}" for e in err.errors()]
            continue
        if key in seen:
            problems.append(f"{table} rows {seen[key]} and {number} have the same id {key}.")
        seen.setdefault(key, number)
        ready.append({name: getattr(checked, name) for name in row})
    return ready


@lru_cache(maxsize=64)  # built once per table layout: building costs more than checking
def _row_model(table: str, columns: tuple[snapshot.Column, ...]) -> type[BaseModel]:
    """A pydantic model that takes a row as stored and gives it back as SQLite stores it,
    strictly: a column's type decides what it takes (no "12" for a number)."""
    fields: dict[str, Any] = {}
    model = snapshot.MODELS[table]
    for column in columns:
        info = model.model_fields.get(column.name)
        check = _checker(column, info.annotation if info else None)
        optional = column.nullable or column.has_default
        fields[column.name] = (Annotated[Any, BeforeValidator(check)],
                               None if optional else ...)
    return pydantic_model(f"{table}_stored", __config__=ConfigDict(extra="forbid"), **fields)


def _got(value: Any) -> str:  # noqa: ANN401
    text = "null" if value is None else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _fail(kind: str, message: str = "") -> PydanticCustomError:
    return PydanticCustomError(kind, message or "is invalid", {"error": message})


def _checker(column: snapshot.Column, annotation: Any) -> Callable[[Any], Any]:  # noqa: ANN401
    kind, choices = column.kind, column.choices
    listed = TypeAdapter(annotation or list[str]) if kind == "json" else None

    def check(value: Any) -> Any:  # noqa: ANN401
        if value is None:
            if column.nullable:
                return None
            raise _fail("missing", "Field required")
        if kind == "int" and (type(value) is not int or value not in _INT64):
            raise _fail("int_type")
        if kind == "float":
            try:
                number = float(value) if type(value) in (int, float) else math.nan
            except OverflowError:  # a whole number too big for any float
                number = math.nan
            if math.isnan(number):  # SQLite would keep NaN as null
                raise _fail("float_type")
            return number
        if kind == "bool":
            if value not in (0, 1) or type(value) not in (int, bool):
                raise _fail("value_error", f"must be 0 or 1 (got {_got(value)})")
            return int(value)
        if kind == "json":
            try:
                listed.validate_python(value)  # type: ignore[union-attr]
            except ValidationError:
                raise _fail("value_error", f"must be {_list_of(annotation)} "
                                           f"(got {_got(value)})") from None
            return json.dumps(value)  # as SQLAlchemy's JSON type writes it
        if kind not in ("int", "float", "bool", "json") and not isinstance(value, str):
            raise _fail("value_error", f"must be text (got {_got(value)})")
        if kind == "enum" and value not in choices:
            raise _fail("enum")
        if kind == "date" and not _is_day(value):
            raise _fail("date_type")
        if kind == "datetime" and not _is_stamp(value):
            raise _fail("value_error", "must be a date and time like 2026-11-22 "
                                       f"08:00:00.000000 (got {_got(value)})")
        return value
    return check


def _is_day(text: str) -> bool:
    try:  # only the form SQLite holds and sorts by: 2026-12-01
        return date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def _is_stamp(text: str) -> bool:
    try:  # only the form SQLAlchemy writes: 2026-11-22 08:00:00.000000
        return bool(_STAMP.fullmatch(text) and datetime.fromisoformat(text))
    except ValueError:
        return False


def _list_of(annotation: Any) -> str:  # noqa: ANN401
    inner = get_args(annotation)[0] if get_args(annotation) else str
    if isinstance(inner, type) and issubclass(inner, Enum):
        return "a list of: " + ", ".join(str(m.value) for m in inner)
    return "a list of texts"


def _capped(problems: list[str], total: int | None = None) -> list[str]:
    """The first MAX_PROBLEMS sentences, and how many more there are (of `total`)."""
    more = (len(problems) if total is None else total) - MAX_PROBLEMS
    if more <= 0:
        return problems
    return [*problems[:MAX_PROBLEMS], f"... and {more} more problem{'s' * (more != 1)}."]


__all__ = ["FORMAT", "FORMAT_VERSION", "read_json", "write_json"]
