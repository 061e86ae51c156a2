"""The relationship X-ray of one account (DOMAIN step 3): buying roles covered and missing,
threading, stale contacts, detractors in decision roles, access to the economic buyer, and
the org chart by reports-to. No Textual here.

The rules, all over the account's live contacts and their `last_contacted` day (the same
day the daily checklist's touchpoints count from):
- *real* contact: last contacted within their cadence or within REAL_WITHIN_DAYS days,
  whichever is longer. Staleness and threading are separate questions: someone spoken to
  last month with a 14-day cadence is overdue for a touch, but still a live relationship.
- *single-threaded*: exactly one real contact; *no live relationship*: none at all.
- *stale*: a contact with a cadence whose next touch was due before today (due today is
  not yet stale), or who has a cadence and was never contacted. No cadence, never stale.
- *roles missing*: NEEDED_ROLES nobody holds. Blockers and gatekeepers are recorded when
  known; not having one is no gap.
- *detractor in a decision role*: a decision maker or economic buyer who is a detractor.
- *no access to the economic buyer*: none recorded, or none with strength >= ACCESS_STRENGTH
  who is a real contact.
Sentences hold names as one line of plain text; show them without markup.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from kamtui.domain import Account, Contact
from kamtui.domain.enums import Attitude, BuyingRole, label
from kamtui.domain.words import one_line, plural
from kamtui.errors import NotFound
from kamtui.store.engine import Store
from kamtui.store.owner_sql import plus as _plus

_account, _contact = Account.__table__, Contact.__table__

REAL_WITHIN_DAYS = 90  # a quarter: contacted within it (or their cadence) counts as real
ACCESS_STRENGTH = 3  # of 5: the least strength that counts as access to the economic buyer
NEEDED_ROLES = (BuyingRole.decision_maker, BuyingRole.economic_buyer, BuyingRole.champion,
                BuyingRole.influencer, BuyingRole.user)
DECIDING_ROLES = (BuyingRole.decision_maker, BuyingRole.economic_buyer)


class FindingKind(StrEnum):
    """What an X-ray finding is about, most serious first."""

    no_economic_buyer = "no_economic_buyer"
    economic_buyer_out_of_reach = "economic_buyer_out_of_reach"
    detractor_deciding = "detractor_deciding"
    no_real_contact = "no_real_contact"
    single_threaded = "single_threaded"
    roles_missing = "roles_missing"
    stale_contact = "stale_contact"


@dataclass(frozen=True)
class Finding:
    """One thing the X-ray found, with a sentence saying what and why."""

    kind: FindingKind
    sentence: str
    contact_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class XrayContact:
    """A live contact as the X-ray sees them."""

    id: str
    name: str
    title: str
    buying_role: BuyingRole
    attitude: Attitude
    strength: int
    reports_to_id: str | None
    cadence_days: int | None
    last_contacted: date | None

    def is_real(self, today: date) -> bool:
        if self.last_contacted is None:
            return False
        return (today - self.last_contacted).days <= max(self.cadence_days or 0,
                                                         REAL_WITHIN_DAYS)

    def days_lapsed(self, today: date) -> int | None:
        """Days since the cadence's touch fell due (> 0: stale); None without a cadence
        or a last contact."""
        if self.cadence_days is None or self.last_contacted is None:
            return None
        return (today - self.last_contacted).days - self.cadence_days

    def is_stale(self, today: date) -> bool:
        return self.cadence_days is not None and (self.last_contacted is None
                                                  or self.days_lapsed(today) > 0)


@dataclass(frozen=True)
class Xray:
    """The X-ray of one account on one day; findings are ordered most serious first."""

    account_id: str
    account: str
    today: date
    contacts: list[XrayContact]  # by name
    roles_covered: tuple[BuyingRole, ...]  # every role someone holds, in BuyingRole order
    roles_missing: tuple[BuyingRole, ...]  # NEEDED_ROLES nobody holds
    real_contact_ids: tuple[str, ...]
    findings: list[Finding] = field(default_factory=list)

    def of_kind(self, *kinds: FindingKind) -> list[Finding]:
        return [f for f in self.findings if f.kind in kinds]


_FIELDS = [f.name for f in fields(XrayContact)]


@dataclass
class OrgNode:
    """A contact in the org chart with the people reporting to them, by name."""

    contact: XrayContact
    children: list["OrgNode"] = field(default_factory=list)

    def walk(self, depth: int = 0) -> Iterator[tuple[int, "OrgNode"]]:
        """This node and everyone below it, depth first, with their depth."""
        stack = [(depth, self)]
        while stack:
            level, node = stack.pop()
            yield level, node
            stack.extend((level + 1, child) for child in reversed(node.children))


def load_contacts(session: Session, account_ids: Iterable[str]) -> dict[str, list[XrayContact]]:
    """The live contacts of each account, by name; one query per 900 accounts."""
    found: dict[str, list[XrayContact]] = defaultdict(list)
    ids, c = list(dict.fromkeys(account_ids)), _contact
    for start in range(0, len(ids), 900):
        # `+deleted_at`: walk the account index, not every live contact.
        query = select(c.c.account_id, *(c.c[name] for name in _FIELDS)).where(
            c.c.account_id.in_(ids[start:start + 900]), _plus(c.c.deleted_at).is_(None))
        for r in session.execute(query).mappings():
            found[r["account_id"]].append(XrayContact(**{
                **{name: r[name] for name in _FIELDS}, "buying_role": BuyingRole(r["buying_role"]),
                "attitude": Attitude(r["attitude"])}))
    for contacts in found.values():
        contacts.sort(key=_by_name)
    return found


def account_name(session: Session, account_id: str) -> str:
    """The live account's name; NotFound if it does not exist or was deleted."""
    name = session.execute(select(_account.c.name).where(
        _account.c.id == account_id, _account.c.deleted_at.is_(None))).scalar_one_or_none()
    if name is None:
        raise NotFound(f"There is no account with id {account_id}.")
    return name


def relationship_xray(store: Store, account_id: str, today: date) -> Xray:
    """The X-ray of the live account `account_id` on `today` (NotFound if there is none)."""
    with store.read() as session:
        name = account_name(session, account_id)
        contacts = load_contacts(session, [account_id]).get(account_id, [])
    return xray_of(account_id, name, contacts, today)


def org_chart(store: Store, account_id: str) -> list[OrgNode]:
    """The account's live contacts as a forest by reports-to, roots and children by name.
    A root has no boss, or a boss who was deleted or works elsewhere; a reporting loop
    (which the services refuse, but imported data may hold) is cut at its first name."""
    with store.read() as session:
        account_name(session, account_id)
        contacts = load_contacts(session, [account_id]).get(account_id, [])
    nodes = {c.id: OrgNode(c) for c in contacts}
    boss_of = {c.id: c.reports_to_id for c in contacts
               if c.reports_to_id in nodes and c.reports_to_id != c.id}
    kids: dict[str, list[str]] = defaultdict(list)
    for c in contacts:  # by name already, so each list of children is too
        if c.id in boss_of:
            kids[boss_of[c.id]].append(c.id)
    seen: set[str] = set()
    roots: list[OrgNode] = []
    # Whoever is left after the real roots hangs off a loop: start at the loop's first name.
    for first in [*(c.id for c in contacts if c.id not in boss_of), *nodes]:
        if first in seen:
            continue
        start = first if first not in boss_of else _loop_start(first, boss_of, nodes)
        seen.add(start)
        roots.append(nodes[start])
        stack = [start]
        while stack:
            boss = stack.pop()
            for kid in kids[boss]:
                if kid not in seen:
                    seen.add(kid)
                    nodes[boss].children.append(nodes[kid])
                    stack.append(kid)
    return sorted(roots, key=lambda node: _by_name(node.contact))


def _loop_start(first: str, boss_of: dict[str, str], nodes: dict[str, OrgNode]) -> str:
    """The first by name of the reporting loop above `first`."""
    path: list[str] = []
    at = first
    while at not in path:
        path.append(at)
        at = boss_of[at]
    return min(path[path.index(at):], key=lambda cid: _by_name(nodes[cid].contact))


def _by_name(contact: XrayContact) -> tuple[str, str, str]:
    return contact.name.casefold(), contact.name, contact.id


def xray_of(account_id: str, account: str, contacts: list[XrayContact], today: date) -> Xray:
    """The X-ray of already loaded contacts: the rules, without the store."""
    at = one_line(account)
    held = {c.buying_role for c in contacts}
    real = [c for c in contacts if c.is_real(today)]
    findings = _economic_buyer(at, contacts, today)
    for c in contacts:
        if c.buying_role in DECIDING_ROLES and c.attitude == Attitude.detractor:
            findings.append(Finding(
                FindingKind.detractor_deciding,
                f"Detractor in a decision role: {one_line(c.name)} "
                f"({label(c.buying_role)}) is against us and can stop a purchase or renewal.",
                (c.id,)))
    if not contacts:
        findings.append(Finding(FindingKind.no_real_contact,
                                f"No contacts: nobody at {at} is recorded."))
    elif not real:
        findings.append(Finding(
            FindingKind.no_real_contact,
            f"No live relationship: nobody at {at} was contacted within their cadence or "
            f"the last {REAL_WITHIN_DAYS} days."))
    elif len(real) == 1:
        findings.append(Finding(
            FindingKind.single_threaded,
            f"Single-threaded: {one_line(real[0].name)} is the only person at {at} "
            f"contacted within their cadence or the last {REAL_WITHIN_DAYS} days; if they "
            f"leave, our access goes with them.", (real[0].id,)))
    missing = tuple(r for r in NEEDED_ROLES if r not in held)
    others = [label(r) for r in missing if r != BuyingRole.economic_buyer]
    if others:
        findings.append(Finding(FindingKind.roles_missing,
                                f"Roles not covered: nobody at {at} is recorded as "
                                f"{_either(others)}."))
    stale = sorted((c for c in contacts if c.is_stale(today)),
                   key=lambda c: (c.last_contacted is not None, -(c.days_lapsed(today) or 0)))
    findings.extend(Finding(FindingKind.stale_contact, _stale(c, today), (c.id,))
                    for c in stale)
    return Xray(account_id=account_id, account=account, today=today, contacts=contacts,
                roles_covered=tuple(r for r in BuyingRole if r in held), roles_missing=missing,
                real_contact_ids=tuple(c.id for c in real), findings=findings)


def _economic_buyer(at: str, contacts: list[XrayContact], today: date) -> list[Finding]:
    buyers = [c for c in contacts if c.buying_role == BuyingRole.economic_buyer]
    if not buyers:
        return [Finding(FindingKind.no_economic_buyer,
                        f"No economic buyer: nobody at {at} is recorded as economic buyer.")]
    if any(c.strength >= ACCESS_STRENGTH and c.is_real(today) for c in buyers):
        return []
    whys = []
    for c in buyers:
        if c.strength < ACCESS_STRENGTH:
            why = f"relationship strength {c.strength} of 5 ({ACCESS_STRENGTH} needed)"
        elif c.last_contacted is None:
            why = "never contacted"
        else:
            why = (f"last contacted {c.last_contacted.isoformat()}, "
                   f"{plural((today - c.last_contacted).days, 'day')} ago")
        whys.append(f"{one_line(c.name)}: {why}")
    return [Finding(FindingKind.economic_buyer_out_of_reach,
                    f"No access to the economic buyer: {'; '.join(whys)}.",
                    tuple(c.id for c in buyers))]


def _stale(c: XrayContact, today: date) -> str:
    name = one_line(c.name)
    if c.last_contacted is None:
        return f"Stale contact: {name} has a {c.cadence_days}-day cadence and was never " \
               f"contacted."
    return (f"Stale contact: {name}'s {c.cadence_days}-day cadence lapsed "
            f"{plural(c.days_lapsed(today), 'day')} ago (last contacted "
            f"{c.last_contacted.isoformat()}).")


def _either(words: list[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


__all__ = [
    "ACCESS_STRENGTH", "DECIDING_ROLES", "NEEDED_ROLES", "REAL_WITHIN_DAYS", "Finding",
    "FindingKind", "OrgNode", "Xray", "XrayContact", "account_name", "load_contacts",
    "org_chart", "relationship_xray", "xray_of",
]
