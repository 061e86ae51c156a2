"""Sync bundles: what is written reads back the same; a bundle cut short, altered, from a
newer kamtui, from the same store or from a clock far ahead is refused whole, in one
sentence saying what to do."""

import io

import pytest

from kamtui.sync.bundle import FORMAT_VERSION, BadBundle, Bundle, read_bundle, write_bundle
from kamtui.sync.hlc import MAX_AHEAD_MS, Stamp
from kamtui.sync.merge import Change

NOW = 1_763_800_000_000
HOSTILE = "[bold]Acme[/] \x1b[31m שלום 😀\n\"quoted\""


def a_bundle(*, sender: str = "laptop", schema: int = 6, count: int = 3) -> Bundle:
    base = Stamp(NOW - 9_000, 0, "server")
    changes = [Change("account", f"id-{n}", "name", f"{HOSTILE} {n}",
                      Stamp(NOW - 1_000 + n, n, sender), frozenset([base]))
               for n in range(count)]
    changes.append(Change("account", "id-0", "deleted_at", None, Stamp(NOW, 0, sender)))
    changes.append(Change("account", "id-0", "skills", ["pricing", 3, 2.5, True], base))
    return Bundle(sender, schema, {sender: Stamp(NOW, 0, sender), "server": base}, changes)


def text_of(bundle: Bundle) -> str:
    out = io.StringIO()
    assert write_bundle(out, bundle) == len(bundle.changes)
    return out.getvalue()


def read(text: str, *, receiver: str = "server", schema: int = 6) -> Bundle:
    return read_bundle(io.StringIO(text), receiver=receiver, schema=schema, now_ms=NOW,
                       where="b.sync")


def test_a_bundle_reads_back_as_written() -> None:
    sent = a_bundle()
    assert read(text_of(sent)) == sent
    empty = a_bundle(count=0)
    empty = Bundle(empty.sender, empty.schema, {}, [])
    assert read(text_of(empty)) == empty


def refused(text: str, **kwargs: object) -> str:
    with pytest.raises(BadBundle) as err:
        read(text, **kwargs)  # type: ignore[arg-type]
    said = str(err.value)
    assert said.startswith("b.sync ") and said.endswith("Nothing was applied.")
    return said


def test_a_bundle_cut_short_is_refused_wherever_it_was_cut() -> None:
    text = text_of(a_bundle())
    lines = text.splitlines(keepends=True)
    assert "cut short" in refused("".join(lines[:-1]))  # the trailer lost
    assert "cut short" in refused("".join(lines[:2]))
    cut = text[: len(text) - len(lines[-1]) - 20]  # mid-line
    assert f"line {len(lines) - 1} stops halfway" in refused(cut)
    assert "is empty" in refused("")


def test_an_altered_bundle_is_refused() -> None:
    text = text_of(a_bundle())
    assert "was altered" in refused(text.replace("Acme", "Acne", 1))
    lines = text.splitlines(keepends=True)
    assert "was altered" in refused("".join([*lines[:2], *lines[3:]]))  # a change taken out
    assert "goes on after its end" in refused(text + text)


def test_newer_kamtui_same_store_and_strangers_are_refused() -> None:
    assert "newer kamtui (schema 7, this one 6)" in refused(text_of(a_bundle(schema=7)))
    assert read(text_of(a_bundle(schema=5))).schema == 5  # an older one is fine
    newer = text_of(a_bundle()).replace(f'"format_version":{FORMAT_VERSION}',
                                        f'"format_version":{FORMAT_VERSION + 1}', 1)
    assert "newer kamtui (bundle format" in refused(newer)
    assert "this one's replica id (laptop)" in refused(text_of(a_bundle()), receiver="laptop")
    assert "not a kamtui sync bundle" in refused("hello\n")
    assert "not a kamtui sync bundle" in refused('{"format": "taskwarrior"}\n')


def test_a_change_from_a_clock_far_ahead_is_refused() -> None:
    late = a_bundle()
    ahead = Change("account", "x", "name", "y", Stamp(NOW + MAX_AHEAD_MS + 120_000, 0, "laptop"))
    said = refused(text_of(Bundle(late.sender, 6, late.seen, [*late.changes, ahead])))
    assert "replica laptop is stamped 7 minutes ahead of this machine's clock" in said
