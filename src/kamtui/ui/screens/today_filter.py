"""The Today filter as typed after `/`: free text, plus `owner:me|team|customer` and
`account:NAME` (quote a name with spaces: account:"Lumera Foods")."""

import shlex
from dataclasses import dataclass

from textual.content import Content

from kamtui.domain.enums import OwnerKind
from kamtui.errors import NotFound
from kamtui.store import Store
from kamtui.store.today import TodayFilter
from kamtui.ui.text import SEPARATOR, user_text

FILTER_HINT = "filter: words · owner:me|team|customer · account:NAME · escape clears"

OWNER_WORDS = {"me": OwnerKind.me, "mine": OwnerKind.me, "team": OwnerKind.team,
               "customer": OwnerKind.customer, "customers": OwnerKind.customer}


@dataclass(frozen=True)
class ParsedFilter:
    text: str = ""
    owner: OwnerKind | None = None
    account: str = ""

    @property
    def active(self) -> bool:
        return bool(self.text or self.owner or self.account)

    def describe(self) -> Content:
        parts = []
        if self.owner:
            parts.append(Content(f"owner {self.owner}"))
        if self.account:
            parts.append(Content.assemble("account ", user_text(self.account)))
        if self.text:
            parts.append(Content.assemble("“", user_text(self.text), "”"))
        return Content(SEPARATOR).join(parts)


def parse_filter(typed: str) -> ParsedFilter:
    """Split what was typed into owner, account and free words. An `owner:` word that
    is not one of the owner kinds is kept as text (it may be part of a title)."""
    try:
        words = shlex.split(typed)
    except ValueError:  # an unclosed quote while typing: take the words as they are
        words = typed.replace('"', " ").replace("'", " ").split()
    owner: OwnerKind | None = None
    account = ""
    rest: list[str] = []
    for word in words:
        key, _, value = word.partition(":")
        if key.lower() == "owner" and value.lower() in OWNER_WORDS:
            owner = OWNER_WORDS[value.lower()]
        elif key.lower() == "account" and value:
            account = value
        else:
            rest.append(word)
    return ParsedFilter(text=" ".join(rest), owner=owner, account=account)


def resolve(store: Store, parsed: ParsedFilter) -> TodayFilter:
    """The store filter for what was typed; an account name must pick out one account
    (an exact name, or the only one containing the text)."""
    account_id = None
    if parsed.account:
        from kamtui.store.queries import find_accounts  # SQLModel: only when naming one

        wanted = parsed.account.casefold()
        found = [a for a in find_accounts(store, parsed.account, limit=50)
                 if wanted in a.name.casefold()]
        exact = [a for a in found if a.name.casefold() == wanted]
        if exact or len(found) == 1:
            account_id = (exact or found)[0].id
        elif not found:
            raise NotFound(f"No account matches {parsed.account!r}; check the name after "
                           "account:.")
        else:
            names = ", ".join(a.name for a in found[:5])
            raise NotFound(f"account:{parsed.account} matches several accounts ({names}); "
                           "type more of the name, in quotes if it has spaces.")
    return TodayFilter(owner=parsed.owner, account_id=account_id, text=parsed.text)
