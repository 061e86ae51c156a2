"""What an import of accounts, contacts or actions accepts: the fields of each kind, how a
cell's raw text becomes a value (numbers, dates and choices as CRMs write them), and the
store's lookup keys an import matches rows against, read once with a few queries."""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from enum import Enum, StrEnum
from functools import cache
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlmodel import Session

from kamtui.domain import AccountCreate, ActionItem, ActionItemCreate, Contact, ContactCreate
from kamtui.domain.accounts import Account
from kamtui.domain.messages import field_title
from kamtui.domain.team import TeamMember
from kamtui.io.crm_values import DateOrder, parse_choice, parse_date, parse_number

Kind = Literal["accounts", "contacts", "actions"]
MODELS: dict[str, type[BaseModel]] = {
    "accounts": AccountCreate, "contacts": ContactCreate, "actions": ActionItemCreate}
NOUNS = {"accounts": ("account", "accounts"), "contacts": ("contact", "contacts"),
         "actions": ("action", "actions")}
# Fields a file names by a person's words, resolved against the store, not stored as given.
REFERENCES = {
    "accounts": {},
    "contacts": {"account": "Account", "reports_to": "Reports to",
                 "first_name": "First name", "last_name": "Last name"},
    "actions": {"account": "Account", "owner": "Owner"},
}
# Stored fields an import sets itself (from the references above) or never sets.
INTERNAL = {
    "accounts": set(),
    "contacts": {"account_id", "reports_to_id"},
    "actions": {"account_id", "owner_kind", "owner_team_member_id", "owner_contact_id",
                "objective_id"},
}


@dataclass(frozen=True)
class FieldRule:
    name: str
    title: str
    shape: Literal["text", "number", "integer", "date", "moment", "choice", "list"]
    choices: type[StrEnum] | None = None


def _shape(annotation: Any) -> tuple[str, type[StrEnum] | None]:  # noqa: ANN401
    options = [a for a in (get_args(annotation) or (annotation,)) if a is not type(None)]
    if get_origin(annotation) is list:
        return "list", None
    kind = options[0] if options else str
    if isinstance(kind, type) and issubclass(kind, Enum):
        return "choice", kind  # type: ignore[return-value]
    if kind is bool:
        return "text", None
    return {int: "integer", float: "number", date: "date",
            datetime: "moment"}.get(kind, "text"), None


@cache
def rules(kind: Kind) -> dict[str, FieldRule]:
    """The fields a `kind` import takes, by name."""
    model = MODELS[kind]
    found = {name: FieldRule(name, title, "text") for name, title in REFERENCES[kind].items()}
    for name, info in model.model_fields.items():
        if name not in INTERNAL[kind]:
            shape, choices = _shape(info.annotation)
            found[name] = FieldRule(name, field_title(model, name), shape, choices)  # type: ignore[arg-type]
    return found


def title(kind: Kind, name: str) -> str:
    rule = rules(kind).get(name)
    return rule.title if rule else field_title(MODELS[kind], name)


def quoted(text: str) -> str:
    shown = repr(text)
    return shown if len(shown) <= 42 else shown[:38] + "...'"


def convert(rule: FieldRule, text: str, order: DateOrder) -> Any:  # noqa: ANN401
    """The value `text` stands for; ValueError with what to tell the user after the
    column's name, e.g. "'n/a' is not a number."."""
    try:
        if rule.shape == "number":
            return parse_number(text)
        if rule.shape == "integer":
            number = parse_number(text)
            if not number.is_integer():
                raise ValueError("is not a whole number")
            return int(number)
        if rule.shape == "date":
            return parse_date(text, order)
        if rule.shape == "moment":  # kamtui's own "2026-11-20 10:00:00" (UTC), else a day
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                moment = datetime.combine(parse_date(text, order), time())
            return (moment.replace(tzinfo=UTC) if moment.tzinfo is None
                    else moment.astimezone(UTC))
        if rule.shape == "choice":
            return parse_choice(text, rule.choices)  # type: ignore[type-var]
    except ValueError as err:
        raise ValueError(f"{quoted(text)} {err}.") from None
    if rule.shape == "list":
        return [part.strip() for part in re.split(r"[;,]", text) if part.strip()]
    return text


def fold(text: str | None) -> str:
    """How names, titles and emails are compared: case and spacing ignored."""
    return " ".join((text or "").split()).casefold()


@dataclass
class Lookups:
    """The store's keys an import matches rows against; compared again inside the write
    transaction, so a change made meanwhile by another session is seen."""

    accounts: dict[str, str] = field(default_factory=dict)  # folded name -> id
    account_names: dict[str, str] = field(default_factory=dict)  # id -> name
    contacts: dict[str, tuple] = field(default_factory=dict)  # id -> (account, name, email, boss)
    team: dict[str, str] = field(default_factory=dict)  # folded name -> id
    team_names: dict[str, str] = field(default_factory=dict)
    actions: dict[tuple, str] = field(default_factory=dict)  # (account, title, deadline) -> id
    stamps: tuple = ()

    def contacts_by_email(self) -> dict[str, str]:
        return {fold(c[2]): id for id, c in reversed(self.contacts.items()) if c[2]}

    def contacts_by_name(self) -> dict[tuple[str, str], str]:
        return {(c[0], fold(c[1])): id for id, c in reversed(self.contacts.items())}


def load_lookups(session: Session, kind: Kind) -> Lookups:
    """One query per table the import needs (live rows only, oldest first)."""
    found = Lookups()
    tables: list[Any] = [Account]
    for id, name in session.execute(_live(Account, Account.id, Account.name)):
        found.accounts.setdefault(fold(name), id)
        found.account_names[id] = name
    if kind in ("contacts", "actions"):
        tables.append(Contact)
        rows = session.execute(_live(Contact, Contact.id, Contact.account_id, Contact.name,
                                     Contact.email, Contact.reports_to_id))
        found.contacts = {id: (account, name, email, boss)
                          for id, account, name, email, boss in rows}
    if kind == "actions":
        tables += [TeamMember, ActionItem]
        for id, name in session.execute(_live(TeamMember, TeamMember.id, TeamMember.name)):
            found.team.setdefault(fold(name), id)
            found.team_names[id] = name
        rows = session.execute(_live(ActionItem, ActionItem.id, ActionItem.account_id,
                                     ActionItem.title, ActionItem.deadline))
        for id, account, name, deadline in rows:
            found.actions.setdefault((account, fold(name), deadline), id)
    found.stamps = tuple(tuple(session.execute(
        select(func.count(), func.max(t.updated_at)).select_from(t)).one()) for t in tables)
    return found


def _live(table: Any, *columns: Any) -> Any:  # noqa: ANN401
    return (select(*columns).where(table.deleted_at.is_(None))
            .order_by(table.created_at, table.id))


# Stored fields an update always needs besides those the file gives: the keys, and what
# the model's rules across fields look at.
NEEDED = {
    "accounts": {"name"},
    "contacts": {"account_id", "name", "email", "reports_to_id"},
    "actions": {"account_id", "title", "deadline", "status", "owner_kind",
                "owner_team_member_id", "owner_contact_id", "recurrence_every",
                "recurrence_unit"},
}


def load_rows(session: Session, kind: Kind, ids: list[str],
              fields: set[str]) -> dict[str, dict[str, Any]]:
    """The stored values of `fields` (and those NEEDED) of the rows an import would
    update: by id in chunks, or the whole table when most of it is wanted."""
    table = {"accounts": Account, "contacts": Contact, "actions": ActionItem}[kind].__table__
    wanted = fields | NEEDED[kind]
    names = [name for name in MODELS[kind].model_fields if name in table.c and name in wanted]
    columns = [table.c.id, *(table.c[n] for n in names)]
    if len(ids) > 5000:
        queries = [select(*columns).where(table.c.deleted_at.is_(None))]
    else:
        queries = [select(*columns).where(table.c.id.in_(ids[at:at + 500]))
                   for at in range(0, len(ids), 500)]
    keep = set(ids)
    found: dict[str, dict[str, Any]] = {}
    for query in queries:
        for row in session.execute(query):
            if row[0] in keep:
                found[row[0]] = dict(zip(names, row[1:], strict=True))
    return found


def shown(value: Any) -> str:  # noqa: ANN401
    """A stored value as the report shows it."""
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, StrEnum):
        return repr(value.value.replace("_", " "))
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return quoted(", ".join(value))
    if isinstance(value, str):
        return quoted(value)
    return str(value)
