"""Hybrid logical clock stamps: wall time in milliseconds, a counter and the replica id.
Every change a store makes gets one. Stamps order the same way on every replica, follow
each replica's own clock closely, and still move forward when a clock is set back or a
bundle arrives from a replica whose clock runs ahead (Kulkarni et al., 2014).

As text a stamp sorts as it compares, so SQL can order and take the max of stamps."""

import time
from collections.abc import Callable
from dataclasses import dataclass

from kamtui.errors import KamError

COUNTER_MAX = 0xFFFF  # changes in one millisecond before the clock borrows the next one
MAX_AHEAD_MS = 5 * 60 * 1000  # a stamp further ahead of this machine's clock is refused
_WALL_DIGITS = 13  # milliseconds since 1970 until the year 2286


class ClockSkew(KamError):
    """A stamp from another replica that lies too far in this machine's future."""


@dataclass(frozen=True, order=True)
class Stamp:
    wall: int  # milliseconds since 1970-01-01 UTC
    counter: int
    replica: str

    def text(self) -> str:
        return f"{self.wall:0{_WALL_DIGITS}d}.{self.counter:04x}.{self.replica}"

    @classmethod
    def parse(cls, text: str) -> "Stamp":
        """The stamp written by `text()`; ValueError for anything else."""
        parts = text.split(".", 2)
        if (len(parts) != 3 or len(parts[0]) != _WALL_DIGITS or not parts[0].isdigit()
                or len(parts[1]) != 4 or not parts[2]):
            raise ValueError(f"not a stamp: {text!r}")
        try:
            return cls(int(parts[0]), int(parts[1], 16), parts[2])
        except ValueError:  # a counter that is not hexadecimal
            raise ValueError(f"not a stamp: {text!r}") from None


def too_far_ahead(stamp: Stamp, now_ms: int) -> str | None:
    """What to tell the user when `stamp` lies more than MAX_AHEAD_MS beyond `now_ms`, else
    None: a wrong clock elsewhere would otherwise drag this replica's clock along."""
    ahead = stamp.wall - now_ms
    if ahead <= MAX_AHEAD_MS:
        return None
    return (f"A change from replica {stamp.replica} is stamped {ahead // 60000} minutes "
            f"ahead of this machine's clock; set the right time on the machine that is "
            f"wrong, then sync again.")


def wall_ms() -> int:
    return time.time_ns() // 1_000_000


class Clock:
    """One replica's clock. `tick()` stamps a change made here; `receive()` takes in a
    stamp from another replica, so every later local stamp sorts after it."""

    def __init__(self, replica: str, last: Stamp | None = None,
                 now: Callable[[], int] = wall_ms) -> None:
        if "." in replica or not replica:
            raise ValueError(f"a replica id holds no dot and is not empty: {replica!r}")
        self.replica = replica
        self.last = last or Stamp(0, 0, replica)
        self._now = now

    def tick(self) -> Stamp:
        return self._advance(self.last.wall)

    def receive(self, remote: Stamp) -> Stamp:
        """Take in `remote` (ClockSkew if it is too_far_ahead)."""
        if (wrong := too_far_ahead(remote, self._now())) is not None:
            raise ClockSkew(wrong)
        if (remote.wall, remote.counter) > (self.last.wall, self.last.counter):
            self.last = Stamp(remote.wall, remote.counter, self.replica)
        return self.last

    def _advance(self, wall: int) -> Stamp:
        now = self._now()
        if now > wall:
            self.last = Stamp(now, 0, self.replica)
        elif self.last.counter < COUNTER_MAX:
            self.last = Stamp(wall, self.last.counter + 1, self.replica)
        else:  # a burst beyond the counter: borrow the next millisecond
            self.last = Stamp(wall + 1, 0, self.replica)
        return self.last


__all__ = ["COUNTER_MAX", "MAX_AHEAD_MS", "Clock", "ClockSkew", "Stamp", "too_far_ahead",
           "wall_ms"]
