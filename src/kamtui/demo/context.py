"""What every step of the demo build shares: the services, the date, the seeded random
generators, and the accounts as they are filled in."""

import random
import unicodedata
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from kamtui.demo import data
from kamtui.domain import (
    Account,
    AccountPlan,
    Contact,
    EscalationLevel,
    EscalationPlan,
    Objective,
    TeamMember,
)
from kamtui.domain.enums import Tier, WhitespaceState
from kamtui.store.repos import Services

# Fixed seeds: the portfolio must be the same every time for the same date, so
# screenshots and bug reports can be reproduced. Ids come from their own generator so
# that changing the content does not renumber everything.
CONTENT_SEED = 2026
ID_SEED = 4017


class BuildContext:
    """The state of one build. Every row goes through `add`, which gives it the next
    fixed id and the build's timestamp."""

    def __init__(self, services: Services, today: date) -> None:
        self.services = services
        self.today = today
        self.rng = random.Random(CONTENT_SEED)
        self._ids = random.Random(ID_SEED)
        # created_at/updated_at of every row: the morning of `today`, not the clock.
        self.stamp = datetime.combine(today, time(8, 0), tzinfo=UTC)
        self.counts: Counter[str] = Counter()
        self._names: set[str] = set()

    def add(self, repo: str, values: dict[str, Any]) -> Any:  # noqa: ANN401 - row of `repo`
        """Create a row through the named repo of Services (so it is validated)."""
        row = getattr(self.services, repo).create(values, id=self._new_id(), stamp=self.stamp)
        self.counts[repo] += 1
        return row

    def _new_id(self) -> str:
        return str(uuid.UUID(int=self._ids.getrandbits(128), version=4))

    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def at(self, offset: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(self.day(offset), time(hour, minute), tzinfo=UTC)

    def person_name(self) -> str:
        """A full name not used before in this build."""
        while True:
            name = f"{self.rng.choice(data.FIRST_NAMES)} {self.rng.choice(data.LAST_NAMES)}"
            if name not in self._names:
                self._names.add(name)
                return name


@dataclass
class AccountDraft:
    """One account while it is built: its row and what the later steps hang on it."""

    row: Account
    spec: data.AccountSpec
    contacts: list[Contact] = field(default_factory=list)
    members: list[TeamMember] = field(default_factory=list)
    whitespace: dict[str, tuple[WhitespaceState, float | None]] = field(default_factory=dict)
    plan: AccountPlan | None = None
    objectives: list[Objective] = field(default_factory=list)
    escalation_plan: EscalationPlan | None = None
    levels: list[EscalationLevel] = field(default_factory=list)

    @property
    def is_key(self) -> bool:
        return self.spec.tier == Tier.key

    @property
    def name(self) -> str:
        return self.spec.name

    def contact_at(self, position: int) -> Contact:
        """The contact at this org-chart position, or the most senior one we know."""
        return self.contacts[position] if position < len(self.contacts) else self.contacts[0]


def plain_ascii(text: str) -> str:
    """A name as it could appear in an email address: 'Lucía García' -> 'lucia garcia'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum() or c == " ")
