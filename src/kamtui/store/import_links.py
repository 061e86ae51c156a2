"""Names in an import. Who a contact reports to: named in the file by the boss's name or
email at the same account, found among the stored contacts and those the same file adds;
a name that matches nobody (or would make a loop) is a warning, never a refused row. And
how an update's changes read in the report (names for ids)."""

from typing import TYPE_CHECKING, Any

from kamtui.domain.enums import OwnerKind
from kamtui.store.import_plan import Planned
from kamtui.store.import_rules import fold, quoted, shown, title

if TYPE_CHECKING:
    from kamtui.store.import_match import Group
    from kamtui.store.import_planner import Planner


def link_bosses(planner: "Planner",
                decided: list[tuple["Group", Planned, dict[str, Any], str | None]]) -> None:
    """Set `reports_to_id` on planned updates and `plan.links` (written once every
    contact exists) for planned adds; note why a reports-to was left out."""
    state = {id: list(contact) for id, contact in planner.lookups.contacts.items()}
    for _group, planned, _base, _boss in decided:
        values = planned.values
        boss = state[planned.id][3] if planned.id in state else None
        state[planned.id] = [values["account_id"], values["name"], values["email"], boss]
    planner.names = {id: contact[1] for id, contact in state.items()}
    by_email: dict[str, str] = {}
    by_name: dict[tuple[str, str], str] = {}
    for id, (account, name, email, _boss) in state.items():
        if email:
            by_email.setdefault(fold(email), id)
        by_name.setdefault((account, fold(name)), id)
    warnings = planner.plan.warnings
    for group, planned, base, text in decided:
        me = planned.id
        account = state[me][0]
        where = planner.lookups.account_names.get(account, "its account")
        keep = "reports to left as it was" if group.stored else "reports to left empty"
        said = f"{planned.where(planner.plan.unit)}: {planned.label}"
        old = base.get("reports_to_id")
        if not text:
            if old and state[old][0] != account:  # moved to another account
                warnings.append(f"{said} moved to {where}; reports to "
                                f"{planner.contact_name(old)!r} at the old account cleared.")
                _set(planner, group, planned, state, None)
            continue
        boss = by_email.get(fold(text))
        if boss is None or state[boss][0] != account:
            boss = by_name.get((account, fold(text)))
        if boss is None:
            warnings.append(f"{said} reports to {quoted(text)}, who is not a contact at "
                            f"{where}; {keep}.")
        elif boss == me:
            warnings.append(f"{said} cannot report to themselves; {keep}.")
        elif _loops(state, me, boss):
            warnings.append(f"{said} reporting to {state[boss][1]!r} would make a loop in "
                            f"the org chart; {keep}.")
        else:
            _set(planner, group, planned, state, boss)


def _set(planner: "Planner", group: "Group", planned: Planned,
         state: dict[str, list], boss: str | None) -> None:
    state[planned.id][3] = boss
    if group.stored:
        planned.values["reports_to_id"] = boss
        planner.bossed.add(planned.id)
    elif boss is not None:
        planner.plan.links[planned.id] = boss


def _loops(state: dict[str, list], me: str, boss: str) -> bool:
    seen = {me}
    at: str | None = boss
    while at is not None and at in state:
        if at in seen:
            return True
        seen.add(at)
        at = state[at][3]
    return False


OWNER = ("owner_kind", "owner_team_member_id", "owner_contact_id")


def describe(planner: "Planner", changes: dict[str, Any], base: dict[str, Any]) -> list[str]:
    """"industry 'Food' → 'Food & Beverage'" for each changed field, ids as names."""
    lines = []
    owner_done = False
    for name, new in changes.items():
        old = base.get(name)
        if name in OWNER:
            if owner_done:
                continue
            owner_done = True
            name, old, new = "owner", _owner(planner, base), _owner(planner,
                                                                     {**base, **changes})
        elif name == "completed_at":
            continue
        elif name == "account_id":
            old, new = (planner.lookups.account_names.get(x) for x in (old, new))
        elif name == "reports_to_id":
            old, new = (planner.contact_name(x) for x in (old, new))
        lines.append(f"{title(planner.kind, name).lower()} {shown(old)} → {shown(new)}")
    return lines


def _owner(planner: "Planner", values: dict[str, Any]) -> str:
    if values.get("owner_kind") == OwnerKind.team:
        return planner.lookups.team_names.get(values["owner_team_member_id"], "")
    if values.get("owner_kind") == OwnerKind.customer:
        return planner.contact_name(values["owner_contact_id"]) or ""
    return "me"
