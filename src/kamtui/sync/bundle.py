"""Sync bundles: the changes one store sends another, as a file or through ssh's stdin and
stdout. JSON lines: a header (format, schema, the sender's replica id and what it has
seen of each replica), one change a line, then a trailer with the count of changes and a
SHA-256 of every line before it. A bundle cut short has no trailer or the wrong count,
an altered one the wrong digest; either is refused whole, before anything is applied."""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

from kamtui.errors import KamError
from kamtui.sync.hlc import Stamp, too_far_ahead
from kamtui.sync.merge import Change

FORMAT = "kamtui-sync"
FORMAT_VERSION = 1


class BadBundle(KamError):
    """A bundle that cannot be applied; nothing of it was."""


@dataclass(frozen=True)
class Bundle:
    sender: str  # the sending store's replica id
    schema: int  # its schema version
    seen: dict[str, Stamp]  # replica id -> the latest of its changes the sender holds
    changes: list[Change]  # read_bundle gives a list; write_bundle takes any iterable
    # What the bundle was made for: the receiver held each replica's changes up to here,
    # so only those after are in it. A store that holds less would be left with a gap.
    since: dict[str, Stamp] = field(default_factory=dict)


def write_bundle(out: TextIO, bundle: Bundle) -> int:
    """Write `bundle` to `out`; the number of changes written."""
    digest = hashlib.sha256()

    def line(data: dict[str, Any]) -> None:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
        digest.update(text.encode("utf-8"))
        out.write(text)

    line({"format": FORMAT, "format_version": FORMAT_VERSION, "schema": bundle.schema,
          "sender": bundle.sender,
          "seen": {replica: stamp.text() for replica, stamp in sorted(bundle.seen.items())},
          "since": {replica: stamp.text() for replica, stamp in sorted(bundle.since.items())}})
    count = 0
    for change in bundle.changes:  # any iterable: a store's changes are streamed
        line({"t": change.table, "r": change.row, "f": change.field, "v": change.value,
              "s": change.stamp.text(), "k": sorted(stamp.text() for stamp in change.seen)})
        count += 1
    out.write(json.dumps({"end": count, "sha256": digest.hexdigest()}) + "\n")
    return count


def read_bundle(lines: Iterable[str], *, receiver: str, schema: int, now_ms: int,
                where: str = "the bundle") -> Bundle:
    """The bundle in `lines` (as written by write_bundle), checked whole: BadBundle, one
    sentence saying what is wrong and what to do, for anything that must not be applied."""
    digest = hashlib.sha256()
    head: Bundle | None = None
    changes: list[Change] = []
    trailer: dict[str, Any] | None = None
    for number, text in enumerate(lines, 1):
        if trailer is not None:
            raise BadBundle(f"{where} goes on after its end (line {number}); it was altered "
                            f"or two bundles were joined. Nothing was applied.")
        if not text.endswith("\n"):  # every record ends its line: the stream was cut
            raise BadBundle(f"{where} is cut short (its line {number} stops halfway); make "
                            f"it again or sync again. Nothing was applied.")
        data = _json(text, where, number)
        if head is None:
            head = _header(data, where, receiver, schema)
        elif "end" in data and "t" not in data:
            trailer = data
            continue
        else:
            changes.append(_change(data, where, number, now_ms))
        digest.update(text.encode("utf-8"))
    if head is None:
        raise BadBundle(f"{where} is empty: no kamtui sync bundle in it. Nothing was applied.")
    if trailer is None:
        raise BadBundle(f"{where} is cut short (it does not end as a bundle does); make it "
                        f"again or sync again. Nothing was applied.")
    if trailer.get("end") != len(changes) or trailer.get("sha256") != digest.hexdigest():
        raise BadBundle(f"{where} was altered after it was made (its checksum does not "
                        f"match); make it again. Nothing was applied.")
    return Bundle(head.sender, head.schema, head.seen, changes, head.since)


def _json(text: str, where: str, number: int) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise BadBundle(f"{where} is not a kamtui sync bundle (line {number} is not one of "
                        f"its records). Nothing was applied.")
    return data


def _header(data: Mapping[str, Any], where: str, receiver: str, schema: int) -> Bundle:
    """The header checked, as a bundle with no changes yet."""
    if data.get("format") != FORMAT:
        raise BadBundle(f"{where} is not a kamtui sync bundle. Nothing was applied.")
    if not isinstance(data.get("format_version"), int) or data["format_version"] > FORMAT_VERSION:
        raise BadBundle(f"{where} was made by a newer kamtui (bundle format "
                        f"{data.get('format_version')}); update kamtui here, then sync again. "
                        f"Nothing was applied.")
    sender, their_schema, seen = data.get("sender"), data.get("schema"), data.get("seen")
    since = data.get("since", {})
    if not (isinstance(sender, str) and sender and isinstance(their_schema, int)
            and isinstance(seen, dict) and isinstance(since, dict)):
        raise BadBundle(f"{where} has a broken header; make it again. Nothing was applied.")
    if their_schema > schema:
        raise BadBundle(f"{where} comes from a store of a newer kamtui (schema "
                        f"{their_schema}, this one {schema}); update kamtui here, then sync "
                        f"again. Nothing was applied.")
    if sender == receiver:
        raise BadBundle(f"{where} comes from a store with this one's replica id ({sender}):"
                        f" one of the two is a copy of the other's file, and copies cannot "
                        f"sync with each other. Nothing was applied.")
    try:
        seen = {replica: Stamp.parse(text) for replica, text in seen.items()}
        since = {replica: Stamp.parse(text) for replica, text in since.items()}
    except (ValueError, AttributeError):
        raise BadBundle(f"{where} has a broken header; make it again. Nothing was "
                        f"applied.") from None
    return Bundle(sender, their_schema, seen, [], since)


def _change(data: Mapping[str, Any], where: str, number: int, now_ms: int) -> Change:
    try:
        stamp = Stamp.parse(data["s"])
        change = Change(str(data["t"]), str(data["r"]), str(data["f"]), data["v"], stamp,
                        frozenset(Stamp.parse(text) for text in data["k"]))
    except (KeyError, TypeError, ValueError):
        raise BadBundle(f"{where} has a broken change on line {number}; make it again. "
                        f"Nothing was applied.") from None
    if (wrong := too_far_ahead(stamp, now_ms)) is not None:
        raise BadBundle(f"{where} holds a change from the future. {wrong} Nothing was "
                        f"applied.")
    return change


__all__ = ["FORMAT", "FORMAT_VERSION", "BadBundle", "Bundle", "read_bundle", "write_bundle"]
