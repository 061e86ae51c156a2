"""Hybrid logical clock stamps: ordered the same everywhere, always moving forward, text
that sorts as the stamps compare, and a wrong clock elsewhere refused in one sentence."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamtui.sync.hlc import COUNTER_MAX, MAX_AHEAD_MS, Clock, ClockSkew, Stamp

stamps = st.builds(Stamp, st.integers(0, 10**13 - 1), st.integers(0, COUNTER_MAX),
                   st.sampled_from(["a1", "b2", "laptop-7f3c"]))


class FakeTime:
    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


@settings(deadline=None, database=None, derandomize=True, max_examples=300)
@given(stamps, stamps)
def test_text_sorts_as_stamps_compare_and_reads_back(a: Stamp, b: Stamp) -> None:
    assert Stamp.parse(a.text()) == a
    assert (a.text() < b.text()) == (a < b)


@pytest.mark.parametrize("text", ["", "123.0001.a", "1763800000000.01.a",
                                  "1763800000000.0001.", "x763800000000.0001.a",
                                  "1763800000000.zzzz.a"])
def test_parse_refuses_what_is_not_a_stamp(text: str) -> None:
    with pytest.raises(ValueError, match="not a stamp"):
        Stamp.parse(text)


def test_local_stamps_follow_the_clock_and_never_go_back() -> None:
    now = FakeTime(1_000)
    clock = Clock("a", now=now)
    assert clock.tick() == Stamp(1_000, 0, "a")
    assert clock.tick() == Stamp(1_000, 1, "a")  # same millisecond: the counter
    now.ms = 900  # the machine's clock set back
    assert clock.tick() == Stamp(1_000, 2, "a")
    now.ms = 1_005
    assert clock.tick() == Stamp(1_005, 0, "a")


def test_a_burst_beyond_the_counter_borrows_the_next_millisecond() -> None:
    clock = Clock("a", last=Stamp(7, COUNTER_MAX, "a"), now=FakeTime(7))
    assert clock.tick() == Stamp(8, 0, "a")


@settings(deadline=None, database=None, derandomize=True, max_examples=300)
@given(st.lists(st.tuples(st.booleans(), st.integers(-MAX_AHEAD_MS, MAX_AHEAD_MS),
                          st.integers(0, 3)), max_size=40))
def test_every_stamp_is_later_than_all_before_it_here_and_received(
        steps: list[tuple[bool, int, int]]) -> None:
    now = FakeTime(10**12)
    clock = Clock("a", now=now)
    latest = clock.tick()
    for local, offset, counter in steps:
        now.ms += abs(offset) % 7 - 3  # the clock wanders, back now and then
        if local:
            stamp = clock.tick()
            assert stamp > latest
            latest = stamp
        else:
            remote = Stamp(now.ms + offset, counter, "b")
            clock.receive(remote)
            assert clock.tick() > remote
            latest = max(latest, clock.last)


def test_a_stamp_too_far_ahead_is_refused_and_changes_nothing() -> None:
    clock = Clock("a", now=FakeTime(10**12))
    before = clock.tick()
    with pytest.raises(ClockSkew, match="minutes ahead of this machine's clock"):
        clock.receive(Stamp(10**12 + MAX_AHEAD_MS + 60_000, 0, "b"))
    assert clock.last == before
    clock.receive(Stamp(10**12 + MAX_AHEAD_MS - 1, 0, "b"))  # within reach: taken in


def test_a_replica_id_with_a_dot_would_not_read_back() -> None:
    with pytest.raises(ValueError, match="no dot"):
        Clock("a.b")
