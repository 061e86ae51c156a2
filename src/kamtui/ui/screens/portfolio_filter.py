"""The portfolio filter as typed after `/`: words (in the name, industry or region), plus
`tier:key|major|standard` and `status:active|at_risk|in_crisis|churned`, each repeatable."""

from kamtui.domain.enums import AccountStatus, Tier
from kamtui.store.queries import PortfolioFilter

FILTER_HINT = ("filter: words · tier:key|major|standard · status:at_risk|in_crisis|active|"
               "churned · escape clears")


def _status(word: str) -> AccountStatus | None:
    wanted = word.lower().replace("-", "_").replace(" ", "_")
    return next((s for s in AccountStatus if s.value == wanted or s.value.endswith(wanted)),
                None) if wanted else None


def parse_portfolio_filter(typed: str) -> PortfolioFilter:
    """Split what was typed; a `tier:`/`status:` word naming nothing known stays text."""
    tiers: set[Tier] = set()
    statuses: set[AccountStatus] = set()
    rest: list[str] = []
    for word in typed.split():
        key, _, value = word.partition(":")
        if key.lower() == "tier" and value.lower() in Tier.__members__:
            tiers.add(Tier(value.lower()))
        elif key.lower() == "status" and (status := _status(value)) is not None:
            statuses.add(status)
        else:
            rest.append(word)
    return PortfolioFilter(tiers=frozenset(tiers), statuses=frozenset(statuses),
                           text=" ".join(rest))
