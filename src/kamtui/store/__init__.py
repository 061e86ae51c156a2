"""The store: one private SQLite file, its migrations, and the services that read and
write it. Nothing here imports Textual."""

from kamtui.store.engine import Store, open_store

__all__ = ["Store", "open_store"]
