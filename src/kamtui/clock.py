"""What "today" and "now" are. KAMTUI_TODAY=YYYY-MM-DD pins today everywhere."""

import os
from datetime import UTC, date, datetime

from kamtui.errors import KamError

ENV_TODAY = "KAMTUI_TODAY"


def today() -> date:
    """The KAM's today: KAMTUI_TODAY when set, otherwise the local date."""
    pinned = os.environ.get(ENV_TODAY, "").strip()
    if not pinned:
        return date.today()
    try:
        return date.fromisoformat(pinned)
    except ValueError:
        raise KamError(
            f"{ENV_TODAY} must be a date like 2026-12-01, not {pinned!r}; "
            f"unset it to use the local date."
        ) from None


def utcnow() -> datetime:
    """An aware UTC timestamp; every created_at/updated_at/deleted_at uses it."""
    return datetime.now(UTC)
