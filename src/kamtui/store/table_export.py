"""The rows of a spreadsheet export: live accounts, contacts or actions, one flat row each,
with references turned into names (account, reports to, owner), read in chunks in SQL
order so a store of any size streams out."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import aliased

from kamtui.domain import AccountCreate, ActionItemCreate, ContactCreate
from kamtui.domain.accounts import Account
from kamtui.domain.actions import ActionItem
from kamtui.domain.contacts import Contact
from kamtui.store.engine import Store
from kamtui.store.owner_sql import action_owner, on_live_account

KINDS = ("accounts", "contacts", "actions")
CHUNK = 2000

_account = Account.__table__
_contact = Contact.__table__
_action = ActionItem.__table__


@dataclass(frozen=True)
class Column:
    header: str  # what the spreadsheet's first row says; kamtui's CSV import reads it back
    key: str  # the query's column label
    is_text: bool = True  # user text (guarded against formulas) or a figure/date/choice


# Choices, figures and dates are ours; everything else is what a person typed.
_NOT_TEXT = {"tier", "status", "annual_revenue", "margin_pct", "cost_to_serve",
             "strategic_importance", "growth_potential", "renewal_date", "buying_role",
             "attitude", "strength", "cadence_days", "last_contacted", "deadline",
             "priority", "completed_at"}


def _titled(model: type, names: list[str]) -> list[Column]:
    return [Column(model.model_fields[n].title or n, n, n not in _NOT_TEXT) for n in names]


_ACCOUNT_FIELDS = ["tier", "status", "industry", "region", "annual_revenue", "margin_pct",
                   "cost_to_serve", "strategic_importance", "growth_potential",
                   "renewal_date", "skills_needed", "objectives", "needs", "pains", "loves",
                   "pet_peeves", "worries", "decision_process", "why_us", "handoff_notes",
                   "notes"]
_CONTACT_FIELDS = ["title", "email", "phone", "buying_role", "attitude", "strength",
                   "cadence_days", "last_contacted", "notes"]
_ACTION_FIELDS = ["deadline", "status", "priority", "success_measure", "completed_at",
                  "notes"]

COLUMNS: dict[str, list[Column]] = {
    "accounts": [Column("Account Name", "name"), *_titled(AccountCreate, _ACCOUNT_FIELDS)],
    "contacts": [Column("Name", "name"), Column("Account Name", "account"),
                 *_titled(ContactCreate, _CONTACT_FIELDS[:3]),
                 Column("Reports To", "reports_to"),
                 *_titled(ContactCreate, _CONTACT_FIELDS[3:])],
    "actions": [Column("Title", "title"), Column("Account Name", "account"),
                Column("Owner", "owner"), *_titled(ActionItemCreate, _ACTION_FIELDS)],
}
for _kind in KINDS:  # a stable key to find a row again; the import ignores it
    COLUMNS[_kind].append(Column("kamtui id", "id", is_text=False))


def _accounts() -> Select:
    a = _account
    return (select(*[a.c[c.key] for c in COLUMNS["accounts"]])
            .where(a.c.deleted_at.is_(None)).order_by(a.c.name, a.c.id))


def _contacts(account_id: str | None) -> Select:
    c, a, boss = _contact, _account, aliased(_contact)
    fields = [c.c[n] for n in ("name", *_CONTACT_FIELDS, "id")]
    query = (select(*fields, a.c.name.label("account"), boss.c.name.label("reports_to"))
             .select_from(on_live_account(c)
                          .outerjoin(boss, (boss.c.id == c.c.reports_to_id)
                                     & boss.c.deleted_at.is_(None)))
             .where(c.c.deleted_at.is_(None))
             .order_by(a.c.name, c.c.name, c.c.id))
    return query if account_id is None else query.where(c.c.account_id == account_id)


def _actions(account_id: str | None) -> Select:
    t, a = _action, _account
    source, owner = action_owner()
    fields = [t.c[n] for n in ("title", *_ACTION_FIELDS, "id")]
    query = (select(*fields, a.c.name.label("account"), owner.label("owner"))
             .select_from(source)
             .where(t.c.deleted_at.is_(None))
             .order_by(a.c.name, t.c.deadline.is_(None), t.c.deadline, t.c.title, t.c.id))
    return query if account_id is None else query.where(t.c.account_id == account_id)


def export_rows(store: Store, kind: str, account_id: str | None = None
                ) -> Iterator[dict[str, Any]]:
    """The live rows of `kind` (accounts, contacts, actions; of one account or all), as
    dicts keyed by Column.key, in a stable order, read CHUNK rows at a time."""
    if kind == "accounts":
        query = _accounts()
        if account_id is not None:
            query = query.where(_account.c.id == account_id)
    elif kind == "contacts":
        query = _contacts(account_id)
    elif kind == "actions":
        query = _actions(account_id)
    else:
        raise ValueError(f"unknown export kind {kind!r}")
    with store.read() as session:
        result = session.execute(query.execution_options(yield_per=CHUNK))
        for row in result.mappings():
            yield dict(row)
