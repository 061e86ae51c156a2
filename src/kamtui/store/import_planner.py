"""Planning an import row by row: each row's cells read (import_rules), its account,
owner and reports-to found, the stored or earlier record it repeats matched, and the
result validated and compared with what is stored (record_import drives it)."""

import os
from collections.abc import Callable
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import SchemaValidator
from sqlmodel import Session

from kamtui.clock import utcnow
from kamtui.domain.enums import ActionStatus
from kamtui.domain.messages import field_title, sentence
from kamtui.errors import NotFound
from kamtui.io.crm_values import DateOrder, date_order
from kamtui.io.rows import SourceRow
from kamtui.store.import_links import describe, link_bosses
from kamtui.store.import_match import KEYS, Group, Matcher
from kamtui.store.import_plan import ImportPlan, Planned, Refusal
from kamtui.store.import_rules import (
    MODELS,
    NOUNS,
    Kind,
    Lookups,
    convert,
    fold,
    load_rows,
    quoted,
    rules,
    title,
)


class Planner(Matcher):
    """Plans one import: reads every row, matches it, then decides (see module doc)."""

    def __init__(self, session: Session, kind: Kind, source: list[SourceRow],
                 lookups: Lookups, options: dict[str, Any],
                 progress: Callable[[int, int], None] | None) -> None:
        self.session, self.kind, self.source = session, kind, source
        self.lookups, self.options, self.progress = lookups, options, progress
        self.model, self.rules = MODELS[kind], rules(kind)
        self.validate = validator(self.model)
        # The function, not a method bound to self: that would make the planner a cycle,
        # freed only by the garbage collector (0.4 s for the objects of 100,000 rows).
        self.match = getattr(Matcher, f"_match_{kind}")
        self.columns: dict[str, str] = options["columns"]
        self.plan = ImportPlan(kind, source=source, options=options, lookups=lookups,
                               unit=options.get("unit") or "row")
        self.groups: list[Group] = []
        self.keys: dict[tuple, Group] = {}
        self.by_email = lookups.contacts_by_email()
        self.by_name = lookups.contacts_by_name()
        self.default_account = self._default_account(options["default_account"])
        self.names: dict[str, str] = {}  # contact id -> name once planned (import_links)
        self.bossed: set[str] = set()  # stored contacts whose reports-to the file sets
        self.read_before: dict[str, dict[str, tuple[Any, str]]] = {}
        self.as_is = {name for name, rule in self.rules.items() if rule.shape == "text"}

    def column(self, name: str) -> str:
        return self.columns.get(name) or (title(self.kind, name) if name in self.rules
                                          else name)

    def _default_account(self, name: str | None) -> str | None:
        if not name or self.kind == "accounts":
            return None
        found = self.lookups.accounts.get(fold(name))
        if found is None:
            raise NotFound(f"There is no account named {name!r}; add it or import "
                           f"accounts first.")
        return found

    # -- reading rows ---------------------------------------------------------------
    def run(self) -> ImportPlan:
        self.orders = self._date_orders()
        total = len(self.source)
        broken = self.options.get("problems") or {}
        for done, row in enumerate(self.source):
            if self.progress is not None and done % 1000 == 0:
                self.progress(done, total)
            if row.number in broken:  # the file's reader could not make a row of it
                self.plan.refused.append(Refusal(row.number, "", broken[row.number]))
                continue
            self._read(row)
        self._finish()
        if self.progress is not None:
            self.progress(total, total)
        return self.plan

    def _date_orders(self) -> dict[str, DateOrder | None]:
        """Each date column's order; None (and the column refused) when it is ambiguous."""
        orders: dict[str, DateOrder | None] = {}
        for name, rule in self.rules.items():
            if rule.shape not in ("date", "moment"):
                continue
            # each text once, in the file's order (a refusal quotes the first of a kind)
            values = dict.fromkeys(row.values[name] for row in self.source
                                   if name in row.values)
            try:
                orders[name] = date_order(values, self.options["date_order"])
            except ValueError as err:
                orders[name] = None
                self.plan.column_problems[self.column(name)] = f"{err}."
        return orders

    def _read(self, row: SourceRow) -> None:
        values: dict[str, Any] = {}
        problems: list[Refusal] = []
        for name, text in row.values.items():
            if name in self.as_is:
                values[name] = text
                continue
            seen = self.read_before.get(name)
            read = seen.get(text) if seen is not None else None
            if read is None:
                read = self._cell(name, text)
            if read[1]:
                problems.append(Refusal(row.number, self.column(name), read[1]))
            else:
                values[name] = read[0]
        group = self.match(self, row.number, values, problems)
        if problems or group is None:
            self.plan.refused += problems
            return
        group.rows.append((row.number, values))

    def _cell(self, name: str, text: str) -> tuple[Any, str]:
        """A cell's value, or why it cannot be read; remembered for the cells below that
        hold the same text (CRM columns repeat a status, a tier, a date; seldom an amount)."""
        rule = self.rules.get(name)
        if rule is None:
            return None, f"kamtui has no {NOUNS[self.kind][0]} field called {name!r}."
        if rule.shape in ("date", "moment") and self.orders[name] is None:
            return None, (f"{quoted(text)}: the column "
                          f"{self.plan.column_problems[self.column(name)]}")
        try:
            read = (convert(rule, text, self.orders.get(name) or DateOrder.iso), "")
        except ValueError as err:
            read = (None, str(err))
        if rule.shape not in ("list", "number"):
            self.read_before.setdefault(name, {})[text] = read
        return read

    def _finish(self) -> None:
        stored_ids = [g.stored for g in self.groups if g.stored]
        given = {k for g in self.groups if g.stored for _n, row in g.rows for k in row}
        stored = load_rows(self.session, self.kind, stored_ids, given)
        decided: list[tuple[Group, Planned, dict[str, Any], str | None]] = []
        fresh = iter(new_ids(sum(1 for group in self.groups if not group.stored)))
        for group in self.groups:
            base = stored.get(group.stored, {}) if group.stored else {}
            merged: dict[str, Any] = {}
            accepted: list[int] = []
            for number, values in group.rows:
                candidate = {**merged, **values} if accepted else values
                for key in KEYS[self.kind] if accepted else ():
                    # a repeat that spells the name in another case keeps the first
                    if key in merged and key in values and fold(merged[key]) == fold(values[key]):
                        candidate[key] = merged[key]
                try:
                    final = self.validate({**base, **candidate} if base else candidate)
                except ValidationError as exc:
                    self._refuse_invalid(number, exc)
                    continue
                merged = candidate
                accepted.append(number)
            if not accepted:
                continue
            if len(accepted) > 1:
                self.plan.merged += [(n, accepted[0]) for n in accepted[1:]]
            values = final
            for key in KEYS[self.kind] if base else ():
                if fold(values[key]) == fold(base.get(key)):  # "BRIX" is the stored "Brix"
                    values[key] = base[key]
            label = values.get("name") or values.get("title")
            if self.kind == "actions":
                label = f"{label} ({self.lookups.account_names[values['account_id']]})"
            planned = Planned(accepted, group.stored or next(fresh), label, values)
            boss = next((group.bosses[n] for n in reversed(accepted) if n in group.bosses),
                        None) if group.bosses else None
            decided.append((group, planned, base, boss))
        if self.kind == "contacts":
            link_bosses(self, decided)
        self.plan.refused.sort(key=lambda refusal: refusal.row)
        for group, planned, base, _boss in decided:
            self._classify(group, planned, base)

    def _refuse_invalid(self, number: int, exc: ValidationError) -> None:
        for error in exc.errors():
            loc = [part for part in error.get("loc", ()) if isinstance(part, str)]
            name = loc[0] if loc else ""
            text = sentence(self.model, error)
            prefix = field_title(self.model, name) + " " if name else ""
            if prefix and text.startswith(prefix):
                text = text[len(prefix):]
            self.plan.refused.append(Refusal(number, self.column(name) if name else "", text))

    def _classify(self, group: Group, planned: Planned, base: dict[str, Any]) -> None:
        values = planned.values
        if not group.stored:
            if self.kind == "actions" and values["status"] == ActionStatus.done:
                values["completed_at"] = values.get("completed_at") or utcnow()
            self.plan.adds.append(planned)
            return
        given = {k for number, row in group.rows if number in planned.rows for k in row}
        if planned.id in self.bossed:
            given.add("reports_to_id")
        changes = {k: v for k, v in values.items() if k in given and v != base.get(k)}
        if self.kind == "actions" and "status" in changes and "completed_at" not in given:
            done = values["status"] == ActionStatus.done
            if done or base.get("status") == ActionStatus.done:
                changes["completed_at"] = utcnow() if done else None
        planned.values = changes
        planned.changes = describe(self, changes, base)
        (self.plan.updates if changes else self.plan.unchanged).append(planned)

    def contact_name(self, id: str | None) -> str | None:
        if id is None:
            return None
        known = self.names.get(id) or self.lookups.contacts.get(id, (None, None))[1]
        return known or id


@cache
def validator(model: type[BaseModel]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A row's values checked by `model`'s rules, as a dict of every field. A model with
    only field rules is checked by its fields' validator alone (the same checks and
    errors): making a SQLModel instance per row cost three times the checking itself."""
    schema: Any = model.__pydantic_core_schema__
    if schema["type"] == "model" and schema["schema"]["type"] == "model-fields":
        fields = SchemaValidator(schema["schema"], schema.get("config"))
        return lambda data: fields.validate_python(data)[0]
    whole = model.__pydantic_validator__.validate_python  # rules across fields need it
    return lambda data: dict(whole(data).__dict__)


# A version 4 UUID's hex digits are random but for the version ("4") and the top two bits
# of the variant digit ("10", RFC 4122): 0-f becomes 8, 9, a or b.
_VARIANT = dict(zip("0123456789abcdef", "89ab" * 4, strict=True))


def new_ids(count: int) -> list[str]:
    """`count` new record ids, each as kamtui.domain.new_id makes them (str(uuid4())),
    from one read of the OS's random source: uuid4() one by one took 0.3 s per 100,000."""
    digits = os.urandom(16 * count).hex()
    ids = []
    for at in range(0, 32 * count, 32):
        h = digits[at:at + 32]
        ids.append(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}")
    return ids
