"""The merge rule on random histories of two and three replicas: edits of a few fields on
each, delivered duplicated, reordered and late, clocks minutes apart. Once every change
has reached every replica, all hold the same values and the same conflicts, and each
field holds the latest change made anywhere. KAMTUI_SYNC_EXAMPLES sets how many
histories (300 by default; the closing notes run thousands)."""

import os
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamtui.sync.hlc import Clock, Stamp
from kamtui.sync.merge import Change, FieldKey, Ledger

EXAMPLES = int(os.environ.get("KAMTUI_SYNC_EXAMPLES", "300"))
KEYS: list[FieldKey] = [("account", "r1", "name"), ("account", "r1", "deleted_at"),
                        ("contact", "c1", "title")]
START = 1_763_800_000_000  # 2025-11-22, in milliseconds


class Replica:
    def __init__(self, name: str, skew_ms: int) -> None:
        self.now = START + skew_ms
        self.clock = Clock(name, now=lambda: self.now)
        self.ledger = Ledger()
        self.made: list[Change] = []

    def edit(self, key: FieldKey, value: object) -> Change:
        change = Change(*key, value, self.clock.tick(), self.ledger.showing(key))
        self.ledger.add(change)
        self.made.append(change)
        return change

    def receive(self, changes: list[Change]) -> None:
        for change in changes:
            self.clock.receive(change.stamp)
            self.ledger.add(change)

    def everything(self) -> list[Change]:
        return list(self.ledger.changes())


def view(ledger: Ledger) -> dict[FieldKey, tuple[object, list[Stamp]]]:
    return {key: (ledger.value(key), [c.stamp for c in ledger.conflicts(key)])
            for key in ledger.fields()}


steps = st.lists(st.tuples(
    st.sampled_from(["edit", "edit", "deliver", "wait"]),
    st.integers(0, 2), st.integers(0, 2), st.integers(0, len(KEYS) - 1),
    st.sampled_from([None, "a", "b", "c", 1, [1, 2]]), st.integers(0, 2**32)),
    max_size=60)


@pytest.mark.parametrize("replicas", [2, 3])
@settings(deadline=None, database=None, derandomize=True, max_examples=EXAMPLES)
@given(steps=steps, skews=st.lists(st.integers(-120_000, 120_000), min_size=3, max_size=3))
def test_every_replica_ends_the_same_whatever_the_delivery(
        replicas: int, steps: list[tuple], skews: list[int]) -> None:
    nodes = [Replica(f"r{n}", skews[n]) for n in range(replicas)]
    for what, a, b, key, value, seed in steps:
        source, target = nodes[a % replicas], nodes[b % replicas]
        if what == "edit":
            source.edit(KEYS[key], value)
        elif what == "wait":
            for node in nodes:
                node.now += seed % 5_000 - 1_000  # clocks wander, sometimes backwards
        else:  # a late, partial, shuffled and duplicated bundle
            rng = random.Random(seed)
            sent = source.everything()
            sent = rng.sample(sent, rng.randint(0, len(sent))) * rng.randint(1, 2)
            rng.shuffle(sent)
            target.receive(sent)
    made = [change for node in nodes for change in node.made]
    for node in nodes:  # at last everything reaches everyone, each in its own order
        everything = list(made)
        random.Random(node.clock.replica).shuffle(everything)
        node.receive(everything)
    first = view(nodes[0].ledger)
    assert all(view(node.ledger) == first for node in nodes[1:])
    for key in {change.key for change in made}:  # the latest change won, everywhere
        latest = max((c for c in made if c.key == key), key=lambda c: c.stamp)
        assert nodes[0].ledger.winner(key) == latest


def test_concurrent_edits_make_a_conflict_that_a_resolution_clears_everywhere() -> None:
    laptop, server = Replica("laptop", 0), Replica("server", 60_000)  # a minute apart
    key = KEYS[0]
    base = laptop.edit(key, "Acme")
    server.receive([base])
    offline = laptop.edit(key, "Acme GmbH")  # on the plane
    server.now += 1
    online = server.edit(key, "ACME Group")  # meanwhile, on the server
    laptop.receive([online])
    server.receive([offline])
    for side in (laptop, server):
        assert side.ledger.value(key) == "ACME Group"  # the later stamp
        assert side.ledger.conflicts(key) == [offline]  # kept, to be shown
    resolved = laptop.edit(key, "Acme GmbH")  # the person picks the laptop's value
    assert resolved.seen == {online.stamp, offline.stamp}
    assert laptop.ledger.conflicts(key) == []
    server.receive([resolved, resolved])  # twice: nothing more happens
    assert server.ledger.value(key) == "Acme GmbH" and server.ledger.conflicts(key) == []


def test_an_edit_made_knowing_the_other_is_no_conflict_nor_is_the_same_value() -> None:
    a, b = Replica("a", 0), Replica("b", 0)
    key = KEYS[2]
    first = a.edit(key, "CFO")
    b.receive([first])
    b.now += 5
    b.edit(key, "CEO")  # saw "CFO": replaces it knowingly
    a.receive(b.made)
    assert a.ledger.conflicts(key) == [] and a.ledger.value(key) == "CEO"
    a.edit(key, "COO")
    b.edit(key, "COO")  # apart, but the same value
    a.receive(b.made)
    b.receive(a.made)
    assert a.ledger.conflicts(key) == b.ledger.conflicts(key) == []


def test_a_delete_and_an_edit_made_apart_both_apply() -> None:
    a, b = Replica("a", 0), Replica("b", 0)
    name, deleted = KEYS[0], KEYS[1]
    a.edit(name, "Acme")
    b.receive(a.made)
    a.edit(deleted, "2026-11-22T09:00:00")  # deleted on one side
    b.edit(name, "Acme AG")  # renamed on the other
    a.receive(b.made)
    b.receive(a.made)
    for side in (a, b):
        assert side.ledger.value(deleted) == "2026-11-22T09:00:00"  # stays deleted
        assert side.ledger.value(name) == "Acme AG"  # with the edit, if it is restored


def test_the_same_stamp_on_a_different_change_is_refused() -> None:
    ledger = Ledger()
    stamp = Stamp(START, 0, "a")
    ledger.add(Change(*KEYS[0], "x", stamp))
    assert ledger.add(Change(*KEYS[0], "x", stamp)) is False  # a duplicate: nothing new
    with pytest.raises(ValueError, match="two different changes"):
        ledger.add(Change(*KEYS[0], "y", stamp))
