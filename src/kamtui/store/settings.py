"""The user's settings (how far ahead the checklist looks), kept in the store's
`store_meta` table under "setting.<name>" so they travel with the store file."""

import re

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import text

from kamtui.errors import InvalidInput
from kamtui.store.engine import Store

PREFIX = "setting."


class Settings(BaseModel):
    """Every setting with its default; out-of-range values are refused."""

    renewal_horizon_days: int = Field(default=90, ge=1, le=730,
                                      description="renewals within this many days")
    upcoming_days: int = Field(default=7, ge=1, le=60,
                               description="how many days the 'next days' section covers")
    review_ahead_days: int = Field(default=7, ge=0, le=90,
                                   description="reviews and plan refreshes due within "
                                               "this many days show")
    plan_stale_days: int = Field(default=180, ge=7, le=1000,
                                 description="plan sources older than this are due a refresh")


NAMES: tuple[str, ...] = tuple(Settings.model_fields)


def _bounds(name: str) -> tuple[int, int]:
    low = high = 0
    for rule in Settings.model_fields[name].metadata:
        low = getattr(rule, "ge", low)
        high = getattr(rule, "le", high)
    return low, high


def _names_sentence() -> str:
    return ", ".join(NAMES[:-1]) + f" and {NAMES[-1]}"


def _canonical(name: str) -> str:
    # People type "upcoming-days" on a command line as readily as "upcoming_days".
    return name.strip().lower().replace("-", "_")


def load_settings(store: Store) -> Settings:
    """The store's settings; a missing key, or a stored value no longer valid (edited by
    hand, or from another version), gives that setting's default."""
    with store.read() as session:
        stored = session.execute(
            text("SELECT key, value FROM store_meta WHERE key LIKE :pattern"),
            {"pattern": f"{PREFIX}%"}).all()
    values: dict[str, int] = {}
    for key, raw in stored:
        name = key[len(PREFIX):]
        if name not in NAMES:
            continue
        try:
            values[name] = getattr(Settings.model_validate({name: raw}), name)
        except ValidationError:
            continue
    return Settings(**values)


def save_setting(store: Store, name: str, value: str) -> Settings:
    """Set one setting (its name and the value as typed) and return all settings.
    An unknown name or a bad value raises InvalidInput and changes nothing."""
    wanted = _canonical(name)
    if wanted not in NAMES:
        raise InvalidInput([f"'{name}' is not a setting; the settings are "
                            f"{_names_sentence()}."])
    low, high = _bounds(wanted)
    typed = str(value).strip()
    # Plain digits only: int() would also take "1_000" and other forms nobody means.
    number = int(typed) if re.fullmatch(r"[+-]?[0-9]{1,9}", typed) else None
    if number is None or not low <= number <= high:
        raise InvalidInput([f"{wanted} must be a whole number from {low} to {high}, "
                            f"not '{value}'."])
    with store.transaction() as session:
        session.execute(
            text("INSERT INTO store_meta (key, value) VALUES (:key, :value) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
            {"key": PREFIX + wanted, "value": str(number)})
    return load_settings(store)


__all__ = ["NAMES", "Settings", "load_settings", "save_setting"]
