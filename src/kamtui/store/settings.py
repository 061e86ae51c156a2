"""The user's settings (how far ahead the checklist looks), kept in the store's
`store_meta` table under "setting.<name>" so they travel with the store file."""

import re
from dataclasses import dataclass, fields

from kamtui.errors import InvalidInput
from kamtui.store.engine import Store

PREFIX = "setting."
# Each setting's lowest and highest value (whole days). Plain data, not a pydantic
# model: `kamtui today` reads the settings and must not wait for pydantic to load.
BOUNDS: dict[str, tuple[int, int]] = {
    "renewal_horizon_days": (1, 730),  # renewals within this many days
    "upcoming_days": (1, 60),  # how many days the 'next days' section covers
    "review_ahead_days": (0, 90),  # reviews and plan refreshes due within this many days
    "plan_stale_days": (7, 1000),  # plan sources older than this are due a refresh
    "sync_overdue_days": (1, 365),  # Today says so when the last sync is older than this
}


@dataclass(frozen=True)
class Settings:
    """Every setting with its default; out-of-range values are refused."""

    renewal_horizon_days: int = 90
    upcoming_days: int = 7
    review_ahead_days: int = 7
    plan_stale_days: int = 180
    sync_overdue_days: int = 7

    def __post_init__(self) -> None:
        for name, (low, high) in BOUNDS.items():
            value = getattr(self, name)
            if type(value) is not int or not within(name, value):
                raise ValueError(f"{name} must be a whole number from {low} to {high}")


NAMES: tuple[str, ...] = tuple(field.name for field in fields(Settings))


def _names_sentence() -> str:
    return ", ".join(NAMES[:-1]) + f" and {NAMES[-1]}"


def _canonical(name: str) -> str:
    # People type "upcoming-days" on a command line as readily as "upcoming_days".
    return name.strip().lower().replace("-", "_")


def load_settings(store: Store) -> Settings:
    """The store's settings; a missing key, or a stored value no longer valid (edited by
    hand, or from another version), gives that setting's default."""
    with store.rows() as conn:
        stored = conn.execute("SELECT key, value FROM store_meta WHERE key LIKE ?",
                              (f"{PREFIX}%",)).fetchall()
    values: dict[str, int] = {}
    for key, raw in stored:
        name = key[len(PREFIX):]
        number = _whole(raw)
        if name in NAMES and number is not None and within(name, number):
            values[name] = number
    return Settings(**values)


def _whole(typed: object) -> int | None:
    # Plain digits only: int() would also take "1_000" and other forms nobody means.
    text = str(typed).strip()
    return int(text) if re.fullmatch(r"[+-]?[0-9]{1,9}", text) else None


def within(name: str, number: int) -> bool:
    low, high = BOUNDS[name]
    return low <= number <= high


def save_setting(store: Store, name: str, value: str) -> Settings:
    """Set one setting (its name and the value as typed) and return all settings.
    An unknown name or a bad value raises InvalidInput and changes nothing."""
    wanted = _canonical(name)
    if wanted not in NAMES:
        raise InvalidInput([f"'{name}' is not a setting; the settings are "
                            f"{_names_sentence()}."])
    low, high = BOUNDS[wanted]
    number = _whole(value)
    if number is None or not within(wanted, number):
        raise InvalidInput([f"{wanted} must be a whole number from {low} to {high}, "
                            f"not '{value}'."])
    from sqlalchemy import text

    with store.transaction() as session:
        session.execute(
            text("INSERT INTO store_meta (key, value) VALUES (:key, :value) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
            {"key": PREFIX + wanted, "value": str(number)})
    return load_settings(store)


__all__ = ["NAMES", "Settings", "load_settings", "save_setting"]
