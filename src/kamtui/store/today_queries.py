"""The SQL behind the daily checklist, apart from the types it fills (kamtui.store.today) so
those read in one sitting. Each section counts and limits in the database, and the action
sections walk an index in deadline order, so the checklist stays instant with a hundred
thousand open action items. Plain SQL through sqlite3 (Store.rows): `kamtui today` and the
Today screen answer before SQLAlchemy could even load."""

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from kamtui.domain.enums import (
    AccountStatus,
    ActionStatus,
    BuyingRole,
    OwnerKind,
    Priority,
    Tier,
    label,
)
from kamtui.store.live_sql import (
    ACTION_OWNER,
    ACTION_OWNER_JOINS,
    LEVEL_COUNT,
    ME,
    OUTSTANDING,
    RESPONDER,
    RESPONDER_JOINS,
    RESPONDER_KIND,
    like_escape,
    live_account,
)
from kamtui.store.settings import Settings
from kamtui.store.sync_log import COUNT_CONFLICTS, LAST_SYNCED, stored_time
from kamtui.store.today import (
    ChecklistItem,
    ItemKind,
    Section,
    SectionPage,
    SyncState,
    TodayFilter,
)

_RANK = {p.value: n for n, p in enumerate(Priority)}  # high first
_RANKED = ("CASE action_item.priority " + " ".join(
    f"WHEN '{name}' THEN {n}" for name, n in _RANK.items()) + f" ELSE {len(_RANK)} END")
# When a contact's cadence comes round, '' if never contacted (they come first, due
# today); ix_contact_touch_due (schema step 6) holds this very expression.
TOUCH_DUE = "ifnull(date(contact.last_contacted, '+' || contact.cadence_days || ' days'), '')"


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text[:10])


@dataclass(frozen=True)
class _Part:
    """One SELECT feeding a section. `cols` maps id, title, account_id, account, owner,
    owner_kind and due (and what `finish` needs to make the item's other fields) to SQL;
    `key` sorts items as `order` does, to merge the parts of a section."""

    kind: ItemKind
    source: str
    where: list[str]
    cols: dict[str, str]
    order: str
    params: dict[str, Any] = field(default_factory=dict)
    finish: Callable[[sqlite3.Row], dict[str, Any]] = lambda _: {}
    key: Callable[[ChecklistItem], tuple] = lambda i: (i.due, i.account, i.title, i.id)
    fast_count: Callable[[sqlite3.Connection], int] | None = None  # when nothing is filtered


def _named(table: str, **cols: str) -> dict[str, str]:
    account_id = "account.id" if table == "account" else f"{table}.account_id"
    return {"account_id": account_id, "account": "account.name",
            "owner": f"'{ME}'", "owner_kind": f"'{ME}'", **cols}


def _actions(status: str, first: date | None, last: date, where: TodayFilter,
             orphans: list[tuple[str, date]]) -> _Part:
    """Live open (or waiting) action items due from `first` (None: any day) to `last`.
    One status per part, so each walks ix_action_item_live_deadline (status, deadline)
    in deadline order and LIMIT stops it early."""
    # Each walks its index whatever SQLite's statistics say (they count deleted_at IS
    # NULL as one value among thousands, and would read every item): for one account its
    # own index (a few hundred rows), else the live deadlines in order.
    index = ("ix_action_item_account_id" if where.account_id is not None
             else "ix_action_item_live_deadline")
    items = f"action_item INDEXED BY {index}"
    span = ["action_item.deleted_at IS NULL", "action_item.status = :status",
            "action_item.deadline <= :last"]
    params: dict[str, Any] = {"status": status, "last": last.isoformat()}
    if first is not None:
        span.append("action_item.deadline >= :first")
        params["first"] = first.isoformat()

    def fast_count(conn: sqlite3.Connection) -> int:
        # Counting in the index alone skips the account join (an account lookup per row,
        # ~15x slower); live items of deleted accounts (`orphans`) are then taken off.
        counted = conn.execute(f"SELECT count(*) FROM {items} WHERE " + " AND ".join(span),
                               params).fetchone()[0]
        return counted - sum(1 for s, due in orphans
                             if s == status and (first is None or first <= due) and due <= last)
    source = f"{items} {live_account('action_item', join='CROSS JOIN')} {ACTION_OWNER_JOINS}"
    cols = _named("action_item", id="action_item.id", title="action_item.title",
                  owner=ACTION_OWNER, owner_kind="action_item.owner_kind",
                  due="action_item.deadline", priority="action_item.priority",
                  contact_id="action_item.owner_contact_id")
    return _Part(ItemKind.action, source, span, cols,
                 f"action_item.deadline, {_RANKED}, action_item.title, action_item.id", params,
                 lambda r: {"priority": Priority(r["priority"]), "status": ActionStatus(status),
                            "contact_id": r["contact_id"]},
                 lambda i: (i.due, _RANK.get(i.priority, len(_RANK)), i.title, i.id), fast_count)


def _orphans(conn: sqlite3.Connection) -> list[tuple[str, date]]:
    """Status and deadline of live open work on deleted accounts (restoring one action of
    a deleted account leaves such); normally none. Driven from the deleted accounts, then
    their items by ix_action_item_account_id, not a scan of every item."""
    found = conn.execute(
        "SELECT action_item.status, action_item.deadline FROM account "
        "CROSS JOIN action_item ON action_item.account_id = account.id "
        "WHERE account.deleted_at IS NOT NULL AND +action_item.deleted_at IS NULL "
        f"AND +action_item.status IN {OUTSTANDING} AND +action_item.deadline IS NOT NULL")
    return [(status, date.fromisoformat(deadline)) for status, deadline in found]


def _touchpoints(today: date) -> _Part:
    """Contacts whose cadence has come round. Those never contacted come first, due today:
    a first touch is owed now, however long ago they were added. Their detail says "never
    contacted", or that "today" would read as a cadence falling due."""
    where = ["contact.deleted_at IS NULL", "contact.cadence_days IS NOT NULL",
             f"{TOUCH_DUE} <= :today"]
    params = {"today": today.isoformat()}
    cols = _named("contact", id="contact.id", title="contact.name",
                  due=f"coalesce(nullif({TOUCH_DUE}, ''), :today)", contact_id="contact.id",
                  last="contact.last_contacted", job="contact.title", role="contact.buying_role")

    def fast_count(conn: sqlite3.Connection) -> int:
        # As for actions: count in the index alone, then take off contacts of deleted
        # accounts, found from those accounts.
        due = " AND ".join(where)
        counted = conn.execute(f"SELECT count(*) FROM contact INDEXED BY ix_contact_touch_due "
                               f"WHERE {due}", params).fetchone()[0]
        gone = conn.execute("SELECT count(*) FROM account CROSS JOIN contact INDEXED BY "
                            "ix_contact_account_id ON contact.account_id = account.id "
                            f"WHERE account.deleted_at IS NOT NULL AND {due}", params)
        return counted - gone.fetchone()[0]

    def finish(r: sqlite3.Row) -> dict[str, Any]:
        never = "never contacted" if r["last"] is None else ""
        return {"contact_id": r["contact_id"], "detail": " · ".join(
            p for p in (never, r["job"], label(BuyingRole(r["role"]))) if p)}
    return _Part(ItemKind.touchpoint,
                 f"contact INDEXED BY ix_contact_touch_due "
                 f"{live_account('contact', join='CROSS JOIN')}",
                 where, cols, f"{TOUCH_DUE}, contact.name, contact.id", params, finish,
                 fast_count=fast_count)


def _renewals(today: date, settings: Settings) -> _Part:
    ends = today + timedelta(days=settings.renewal_horizon_days)
    where = ["account.deleted_at IS NULL", f"account.status != '{AccountStatus.churned.value}'",
             "account.renewal_date BETWEEN :today AND :ends"]
    cols = _named("account", id="account.id", title="'Renewal'", due="account.renewal_date",
                  tier="account.tier", revenue="account.annual_revenue")
    return _Part(ItemKind.renewal, "account", where, cols,
                 "account.renewal_date, account.name, account.id",
                 {"today": today.isoformat(), "ends": ends.isoformat()},
                 lambda r: {"detail": f"{r['tier']} account, revenue {r['revenue']:,.0f}"})


def _escalations() -> _Part:
    cols = _named("escalation", id="escalation.id",
                  title="'Escalation: ' || replace(escalation.\"trigger\", '_', ' ')",
                  owner=RESPONDER, owner_kind=RESPONDER_KIND, due="escalation.level_due_at",
                  level="escalation.current_level", levels=LEVEL_COUNT)

    def finish(r: sqlite3.Row) -> dict[str, Any]:
        at = (datetime.fromisoformat(r["due"]).replace(tzinfo=UTC)  # stored as UTC
              if r["due"] is not None else None)
        levels, level = r["levels"], r["level"]
        detail = f"level {level} of {levels}" if levels else f"level {level}"
        return {"due": at.date() if at else None, "due_at": at, "detail": detail}
    return _Part(ItemKind.escalation,
                 f"escalation {live_account('escalation')} {RESPONDER_JOINS}",
                 ["escalation.deleted_at IS NULL", "escalation.resolved_at IS NULL"], cols,
                 "escalation.level_due_at IS NULL, escalation.level_due_at, "
                 "escalation.opened_at, escalation.id", finish=finish)


def _latest(table: str, keep: str, newest_first: str) -> str:
    """Columns id, account_id and `keep` of the live rows of `table` that are the newest
    of their account, as a subquery named latest_`table`."""
    return (f"(SELECT * FROM (SELECT id, account_id, {keep}, row_number() OVER "
            f"(PARTITION BY account_id ORDER BY {newest_first}) AS rank FROM {table} "
            f"WHERE deleted_at IS NULL) WHERE rank = 1) AS latest_{table}")


def _reviews(today: date, settings: Settings) -> list[_Part]:
    """The latest review of each account when the next is near, key accounts without a
    plan, and the latest plan of each account when its sources are getting old."""
    horizon = {"horizon": (today + timedelta(days=settings.review_ahead_days)).isoformat()}
    r = "latest_review"
    review = _Part(
        ItemKind.review,
        _latest("review", "held_on, next_review_on", "held_on DESC, created_at DESC, id DESC")
        + f" {live_account(r)}", [f"{r}.next_review_on <= :horizon"],
        _named(r, id=f"{r}.id", title="'Account review'", due=f"{r}.next_review_on",
               held_on=f"{r}.held_on"),
        f"{r}.next_review_on, account.name, {r}.id", horizon,
        lambda row: {"detail": f"last review held {row['held_on'][:10]}"})
    no_plan = ("NOT EXISTS (SELECT 1 FROM account_plan WHERE account_plan.account_id = "
               "account.id AND account_plan.deleted_at IS NULL)")
    write = _Part(ItemKind.plan, "account", ["account.deleted_at IS NULL",
                                             f"account.tier = '{Tier.key.value}'", no_plan],
                  _named("account", id="account.id", title="'Write the account plan'",
                         due=":today"),
                  "account.name, account.id", {"today": today.isoformat()},
                  lambda _: {"detail": "key account with no live plan"})
    p = "latest_account_plan"
    # A plan whose sources were never dated counts from the day it was written.
    due = f"date(coalesce({p}.sources_updated_on, date({p}.created_at)), :stale)"
    refresh = _Part(
        ItemKind.plan,
        _latest("account_plan", "period, sources_updated_on, created_at",
                "created_at DESC, id DESC") + f" {live_account(p)}", [f"{due} <= :horizon"],
        _named(p, id=f"{p}.id", title=f"'Refresh the plan''s sources (' || {p}.period || ')'",
               due=due, since=f"{p}.sources_updated_on"),
        f"{due}, account.name, {p}.id", {**horizon, "stale": f"+{settings.plan_stale_days} days"},
        lambda row: {"detail": f"sources updated {row['since'][:10]}"
                     if row["since"] else "sources never dated"})
    return [review, write, refresh]


def _conditions(part: _Part, where: TodayFilter) -> tuple[list[str], dict[str, Any]]:
    cols, conditions, params = part.cols, list(part.where), dict(part.params)
    if where.owner is not None:
        conditions.append(f"{cols['owner_kind']} = :owner_kind")
        params["owner_kind"] = OwnerKind(where.owner).value
    if where.account_id is not None:
        conditions.append(f"{cols['account_id']} = :account_id")
        params["account_id"] = where.account_id
    text = where.text.strip()
    if text:
        conditions.append("(" + " OR ".join(f"{cols[name]} LIKE :pattern ESCAPE '\\'"
                                            for name in ("title", "account", "owner")) + ")")
        params["pattern"] = f"%{like_escape(text)}%"
    return conditions, params


def _page(conn: sqlite3.Connection, section: Section, title: str, parts: list[_Part],
          where: TodayFilter, limit: int) -> SectionPage:
    """The first `limit` items of a section and a count of all it matches, so a cut-off
    list says so (SectionPage.is_partial)."""
    total, found = 0, []
    for part in parts:
        conditions, params = _conditions(part, where)
        matching = f"FROM {part.source} WHERE {' AND '.join(conditions)}"
        if part.fast_count is not None and where.is_empty:
            total += part.fast_count(conn)
        else:
            total += conn.execute(f"SELECT count(*) {matching}", params).fetchone()[0]
        columns = ", ".join(f"{sql} AS {name}" for name, sql in part.cols.items())
        rows = conn.execute(f"SELECT {columns} {matching} ORDER BY {part.order} LIMIT :limit",
                            {**params, "limit": limit})
        for row in rows:
            fields = {"due": _day(row["due"]), **part.finish(row)}
            found.append(ChecklistItem(
                section=section, kind=part.kind, id=row["id"], title=row["title"],
                account_id=row["account_id"], account=row["account"], owner=row["owner"],
                owner_kind=OwnerKind(row["owner_kind"]), **fields))
    if len(parts) > 1:  # each part came sorted; merge them the same way
        found.sort(key=parts[0].key)
    return SectionPage(section, title, total, found[:limit])


def _sync_state(conn: sqlite3.Connection, settings: Settings) -> SyncState:
    """The conflicts waiting and the last sync, in one small query: Today shows both when
    they need the user."""
    conflicts, at = conn.execute(f"SELECT ({COUNT_CONFLICTS}), ({LAST_SYNCED})").fetchone()
    return SyncState(conflicts, stored_time(at), settings.sync_overdue_days)
