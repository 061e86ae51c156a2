"""The errors kamtui shows a person: each carries one or more plain sentences."""

from datetime import datetime


class KamError(Exception):
    """Something the user can fix; `str(err)` is what they are told."""

    exit_code = 2


class StoreError(KamError):
    """The store cannot be opened or used as asked (missing, foreign, too new)."""


class NotFound(KamError):
    """A record the user named does not exist (or was deleted)."""


class InvalidInput(KamError):
    """Input that failed validation; one sentence per bad field."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = list(messages)
        super().__init__(" ".join(self.messages))


class Conflict(KamError):
    """A record changed elsewhere (another kamtui, the command line) since the form showing
    it was opened; `current` is its updated_at now, to save over it knowingly."""

    def __init__(self, message: str, current: datetime) -> None:
        self.current = current
        super().__init__(message)
