"""Who owns an action (me, a team member, a customer contact), found by name, and finding
contacts and records by what a person types: a name, an id or the start of an id."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session

from kamtui.domain import Account, ActionItem, Assignment, Contact, Row, TeamMember
from kamtui.domain.enums import OwnerKind
from kamtui.errors import InvalidInput, NotFound
from kamtui.store.engine import Store
from kamtui.store.live_sql import like_escape
from kamtui.store.repos import Services
from kamtui.store.services import noun

_member = TeamMember.__table__
_contact = Contact.__table__
_assignment = Assignment.__table__
_account = Account.__table__
MIN_PREFIX = 4  # shorter id prefixes match too much to be worth the guess
_SHOWN = 8  # names listed in a "did you mean" sentence


@dataclass(frozen=True)
class Owner:
    """Who owns an action item, with the label a person sees."""

    kind: OwnerKind
    team_member_id: str | None = None
    contact_id: str | None = None
    name: str = "me"  # shown label
    detail: str = ""  # team member role / contact title

    def fields(self) -> dict:
        """The owner columns of an ActionItem."""
        return {"owner_kind": self.kind, "owner_team_member_id": self.team_member_id,
                "owner_contact_id": self.contact_id}


ME = Owner(kind=OwnerKind.me)
_ME_WORDS = ("", "me", "mine", "myself")


def _team_owner(row: Any) -> Owner:
    return Owner(kind=OwnerKind.team, team_member_id=row.id, name=row.name, detail=row.role)


def _contact_owner(row: Any) -> Owner:
    return Owner(kind=OwnerKind.customer, contact_id=row.id, name=row.name, detail=row.title)


def owner_choices(services: Services, account_id: str | None, *, limit: int = 200) -> list[Owner]:
    """Me first, then the team members on the account (largest share first), the other
    team members (by name), then the account's live contacts (by name); at most `limit`."""
    share = (select(_assignment.c.team_member_id, func.max(_assignment.c.time_share_pct)
                    .label("share"))
             .where(_assignment.c.account_id == (account_id or ""),
                    _assignment.c.deleted_at.is_(None))
             .group_by(_assignment.c.team_member_id).subquery())
    members = (select(_member.c.id, _member.c.name, _member.c.role)
               .outerjoin(share, share.c.team_member_id == _member.c.id)
               .where(_member.c.deleted_at.is_(None))
               .order_by(share.c.share.is_(None), share.c.share.desc(),
                         func.lower(_member.c.name), _member.c.id)
               .limit(max(0, limit - 1)))
    with services.store.read() as session:
        choices = [ME] + [_team_owner(r) for r in session.execute(members)]
        room = limit - len(choices)
        if account_id is not None and room > 0:
            contacts = (select(_contact.c.id, _contact.c.name, _contact.c.title)
                        .where(_contact.c.account_id == account_id,
                               _contact.c.deleted_at.is_(None))
                        .order_by(func.lower(_contact.c.name), _contact.c.id).limit(room))
            choices += [_contact_owner(r) for r in session.execute(contacts)]
    return choices[:limit]


def _owners_where(session: Session, account_id: str, member_if: ColumnElement[bool],
                  contact_if: ColumnElement[bool]) -> list[Owner]:
    members = (select(_member.c.id, _member.c.name, _member.c.role)
               .where(_member.c.deleted_at.is_(None), member_if)
               .order_by(func.lower(_member.c.name)).limit(_SHOWN + 1))
    contacts = (select(_contact.c.id, _contact.c.name, _contact.c.title)
                .where(_contact.c.account_id == account_id, _contact.c.deleted_at.is_(None),
                       contact_if)
                .order_by(func.lower(_contact.c.name)).limit(_SHOWN + 1))
    return ([_team_owner(r) for r in session.execute(members)]
            + [_contact_owner(r) for r in session.execute(contacts)])


def _names(owners: list[Owner]) -> str:
    shown = [f"{o.name} ({'team' if o.kind == OwnerKind.team else 'contact'})"
             for o in owners[:_SHOWN]]
    return ", ".join(shown) + (", ..." if len(owners) > _SHOWN else "")


def resolve_owner(services: Services, account_id: str, text: str) -> Owner:
    """The owner a person means by `text`: me, or a team member or one of the account's
    contacts by exact name, else by a unique start or part of the name (any case).
    Never guesses between several."""
    wanted = text.strip()
    if wanted.lower() in _ME_WORDS:
        return ME
    account = services.accounts.get(account_id)
    low = wanted.lower()
    prefix = f"{like_escape(low)}%"
    part = f"%{like_escape(low)}%"

    def by(pattern: str, exact: bool = False) -> list[Owner]:
        def test(column: Any) -> ColumnElement[bool]:
            name = func.lower(column)
            return name == low if exact else name.like(pattern, escape="\\")
        return _owners_where(session, account_id, test(_member.c.name), test(_contact.c.name))

    with services.store.read() as session:
        for found in (by("", exact=True), by(prefix), by(part)):
            if len(found) == 1:
                return found[0]
            if found:
                raise NotFound(f"'{wanted}' could be several owners at {account.name}: "
                               f"{_names(found)}; give more of the name.")
        near = by(f"%{like_escape(low[:3])}%")
    hint = f" Did you mean: {_names(near)}?" if near else (
        " Owners are me, your team members and the account's contacts.")
    raise NotFound(f"No owner named '{wanted}' at {account.name}.{hint}")


def owner_of(services: Services, action: ActionItem) -> Owner:
    """The owner of `action`, named (even if that person was deleted since)."""
    with services.store.read() as session:
        if action.owner_kind == OwnerKind.team and action.owner_team_member_id:
            member = session.get(TeamMember, action.owner_team_member_id)
            if member is not None:
                return _team_owner(member)
        if action.owner_kind == OwnerKind.customer and action.owner_contact_id:
            contact = session.get(Contact, action.owner_contact_id)
            if contact is not None:
                return _contact_owner(contact)
    return ME


def _id_matches(session: Session, table: type[Row], text: str,
                *where: ColumnElement[bool]) -> tuple[int, str | None]:
    """How many live rows have an id starting with `text`, and one of them."""
    t = table.__table__
    chosen = (t.c.deleted_at.is_(None), func.substr(t.c.id, 1, len(text)) == text, *where)
    count = session.execute(select(func.count()).select_from(t).where(*chosen)).scalar_one()
    first = session.execute(select(t.c.id).where(*chosen).limit(1)).scalar_one_or_none()
    return count, first


def resolve_id(store: Store, table: type[Row], text: str) -> str:
    """The id of the live row whose id is `text` or starts with it (at least 4 characters)."""
    wanted = text.strip().lower()
    word = noun(table)
    if len(wanted) < MIN_PREFIX:
        raise InvalidInput([f"Give at least {MIN_PREFIX} characters of the {word}'s id "
                            f"(got '{text.strip()}')."])
    with store.read() as session:
        count, first = _id_matches(session, table, wanted)
    if count == 0:
        raise NotFound(f"No {word} with an id starting '{wanted}'.")
    if count > 1:
        raise NotFound(f"'{wanted}' matches {count} {word}s; give more characters.")
    return first


def find_contact(services: Services, text: str, *, account_id: str | None = None) -> Contact:
    """A live contact by id or unique id start, else by name (exact, any case; then a unique
    part of the name), within the account when one is given."""
    wanted = text.strip()
    if not wanted:
        raise InvalidInput(["Contact: give a name or an id."])
    low = wanted.lower()
    where = f" at {services.accounts.get(account_id).name}" if account_id else ""
    scope = [_contact.c.account_id == account_id] if account_id is not None else []
    live = [_contact.c.deleted_at.is_(None), *scope]
    name = func.lower(_contact.c.name)
    with services.store.read() as session:
        ids = (0, None)
        if len(low) >= MIN_PREFIX:
            ids = _id_matches(session, Contact, low, *scope)
            if ids[0] == 1:
                return session.get(Contact, ids[1])
        found: list[Contact] = []
        for test in (name == low, name.like(f"%{like_escape(low)}%", escape="\\")):
            found = list(session.scalars(
                select(Contact).join(_account, _account.c.id == _contact.c.account_id)
                .where(*live, test)
                .order_by(name, func.lower(_account.c.name), _contact.c.id).limit(_SHOWN + 1)))
            if found:
                break
        if len(found) == 1:
            return found[0]
        if not found:
            if ids[0] > 1:
                raise NotFound(f"'{wanted}' matches {ids[0]} contacts' ids; give more "
                               f"characters.")
            raise NotFound(f"No contact named '{wanted}'{where}.")
        accounts = {c.account_id: session.get(Account, c.account_id).name for c in found}
    seen = [(c.name.lower(), c.account_id) for c in found]
    # Two people of one name at one account differ only by id: show its start then.
    labels = [f"{c.name} ({accounts[c.account_id]}"
              + (f", id {c.id[:8]})" if seen.count(seen[i]) > 1 else ")")
              for i, c in enumerate(found[:_SHOWN])]
    more = ", ..." if len(found) > _SHOWN else ""
    ask = "give more of the name" if account_id else "give more of the name or an --account"
    raise NotFound(f"'{wanted}' could be several contacts{where}: {', '.join(labels)}{more}; "
                   f"{ask}.")


__all__ = ["ME", "Owner", "find_contact", "owner_choices", "owner_of", "resolve_id",
           "resolve_owner"]
