"""Where kamtui keeps its data. Nothing here touches the disk at import time."""

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "kamtui"
ENV_DB = "KAMTUI_DB"
DB_FILENAME = "kamtui.db"


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def demo_db_path() -> Path:
    """The throw-away demo store: never the real one."""
    return cache_dir() / "demo.db"


@dataclass(frozen=True)
class DbChoice:
    path: Path
    is_default: bool  # the default store is created on first use; others only on request


def choose_db(cli_value: str | None) -> DbChoice:
    """--db wins over KAMTUI_DB, which wins over the platform data directory."""
    chosen = cli_value or os.environ.get(ENV_DB, "").strip() or None
    if chosen:
        return DbChoice(Path(chosen).expanduser().absolute(), is_default=False)
    return DbChoice(default_db_path(), is_default=True)
