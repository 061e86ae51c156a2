"""Which record a row of an import is: its account (and an action's owner) found by
name, then the stored record or earlier row it repeats (same account name; same contact
email, or name within the account; same action account, title and deadline)."""

from typing import TYPE_CHECKING, Any

from kamtui.domain.enums import OwnerKind
from kamtui.store.import_plan import Refusal
from kamtui.store.import_rules import Kind, Lookups, fold, quoted

if TYPE_CHECKING:
    from collections.abc import Callable

# The fields that identify a record; a difference only in case or spacing is no change.
KEYS = {"accounts": ("name",), "contacts": ("name", "email"), "actions": ("title",)}


class Group:
    """The rows of the file that are one record, and the stored record they match."""

    __slots__ = ("bosses", "email", "rows", "stored")  # one per record of a big file

    def __init__(self, stored: str | None) -> None:
        self.stored = stored
        self.rows: list[tuple[int, dict[str, Any]]] = []
        self.email = ""
        self.bosses: dict[int, str] = {}  # row number -> the reports-to it names


class Matcher:
    """The matching half of the Planner (import_planner)."""

    kind: Kind
    lookups: Lookups
    default_account: str | None
    groups: list[Group]
    keys: dict[tuple, Group]
    by_email: dict[str, str]
    by_name: dict[tuple[str, str], str]
    column: "Callable[[str], str]"

    def _account(self, number: int, values: dict[str, Any], problems: list[Refusal],
                 *, default: bool = True) -> None:
        text = values.pop("account", None)
        if text is None:
            if self.default_account and default:
                values["account_id"] = self.default_account
            return
        found = self.lookups.accounts.get(fold(text))
        if found is None:
            problems.append(Refusal(number, self.column("account"), f"no account named "
                                    f"{quoted(text)} (import accounts first, or add it)."))
        else:
            values["account_id"] = found

    def _join(self, keys: list[tuple], stored: str | None) -> Group:
        group = None
        for key in keys:
            group = self.keys.get(key)
            if group is not None:
                break
        if group is None and stored is not None:
            group = self.keys.get(("id", stored))
        if group is None:
            group = Group(stored)
            self.groups.append(group)
        for key in keys + ([("id", stored)] if stored else []):
            self.keys.setdefault(key, group)
        return group

    def _needs(self, number: int, name: str, text: Any, problems: list[Refusal]) -> bool:  # noqa: ANN401
        if text:
            return True
        what = {"accounts": "an account needs a name", "contacts": "a contact needs a name",
                "actions": "an action needs a title"}[self.kind]
        problems.append(Refusal(number, self.column(name), f"is empty; {what}."))
        return False

    def _match_accounts(self, number: int, values: dict[str, Any],
                        problems: list[Refusal]) -> Group | None:
        if not self._needs(number, "name", values.get("name"), problems) or problems:
            return None
        key = fold(values["name"])
        return self._join([("name", key)], self.lookups.accounts.get(key))

    def _match_contacts(self, number: int, values: dict[str, Any],
                        problems: list[Refusal]) -> Group | None:
        first, last = values.pop("first_name", ""), values.pop("last_name", "")
        if not values.get("name") and (first or last):
            values["name"] = " ".join(part for part in (first, last) if part)
        boss = values.pop("reports_to", None)
        self._account(number, values, problems, default=False)
        if not self._needs(number, "name", values.get("name"), problems) or problems:
            return None
        email, name = fold(values.get("email")), fold(values["name"])
        account = values.get("account_id")
        # Same email anywhere first; else same name at the account, unless both have
        # an email and they differ (two people of one name).
        group = self.keys.get(("email", email)) if email else None
        stored = self.by_email.get(email) if email and group is None else None
        if stored is not None:
            group = self.keys.get(("id", stored))
        elif group is None and account is None and self.default_account:
            # A contact known by email stays where it is; the default places new ones.
            account = values["account_id"] = self.default_account
        if group is None and stored is None and account:
            group = self.keys.get(("name", account, name))
            if group is not None and email and group.email:
                group = None
            elif group is None:
                twin = self.by_name.get((account, name))
                if twin and not (email and self.lookups.contacts[twin][2]):
                    stored, group = twin, self.keys.get(("id", twin))
        if group is None and stored is None and not account:
            problems.append(Refusal(number, self.column("account"),
                                    "is empty, and a contact must belong to an account."))
            return None
        if group is None:
            group = Group(stored)
            self.groups.append(group)
        if account is None and group.stored:
            account = self.lookups.contacts[group.stored][0]
        keys = [("email", email)] if email else []
        keys += [("name", account, name)] + ([("id", group.stored)] if group.stored else [])
        for key in keys:
            self.keys.setdefault(key, group)
        group.email = group.email or email
        if boss:
            group.bosses[number] = boss
        return group

    def _match_actions(self, number: int, values: dict[str, Any],
                       problems: list[Refusal]) -> Group | None:
        self._account(number, values, problems)
        if "account_id" not in values and not any(p.column == self.column("account")
                                                  for p in problems):
            problems.append(Refusal(number, self.column("account"),
                                    "is empty, and an action must belong to an account."))
        if "owner" in values and "account_id" in values:
            self._owner(number, values, problems)
        if not self._needs(number, "title", values.get("title"), problems) or problems:
            return None
        key = (values["account_id"], fold(values["title"]), values.get("deadline"))
        return self._join([("action", *key)], self.lookups.actions.get(key))

    def _owner(self, number: int, values: dict[str, Any], problems: list[Refusal]) -> None:
        """Who owns the action: me, a team member by name, or a contact at its account by
        name or email. A name kamtui does not know leaves the owner as it is."""
        text, account = values.pop("owner"), values["account_id"]
        who = fold(text)
        if who == "me":
            values.update(owner_kind=OwnerKind.me, owner_team_member_id=None,
                          owner_contact_id=None)
        elif who in self.lookups.team:
            values.update(owner_kind=OwnerKind.team, owner_contact_id=None,
                          owner_team_member_id=self.lookups.team[who])
        else:
            contact = self.by_name.get((account, who)) or self.by_email.get(who)
            if contact and self.lookups.contacts[contact][0] == account:
                values.update(owner_kind=OwnerKind.customer, owner_team_member_id=None,
                              owner_contact_id=contact)
            else:  # often the CRM user (the KAM) or a colleague kamtui does not know yet:
                # the action stays the KAM's (or keeps its stored owner), with a warning
                self.plan.unknown_owners.setdefault((self.column("owner"), text),
                                                    []).append(number)

    # -- deciding -----------------------------------------------------------------------
