"""The account review form (step 9): the figures pre-filled from the data (and how they
were found), the relationship rubric 1-5, NPS, the decision with the next review date,
and notes. A decision that moves the account offers to change its tier in the same
step. Refusals stay shown in the form, so nothing typed is lost."""

import re
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from kamtui.domain.dates import parse_day
from kamtui.domain.enums import ReviewDecision, label
from kamtui.errors import InvalidInput
from kamtui.store.changes import Change
from kamtui.store.repos import Services
from kamtui.store.reviews import DECISION_TIER, RUBRIC, ReviewDraft, save_review
from kamtui.ui.screens.modal import Dialog, error_line
from kamtui.ui.screens.prompts import DATE_HINT, preview
from kamtui.ui.text import user_text

# The figures typed as pairs: (row label, (field, word after it), (field, word after it)).
PAIRS = (
    ("Objectives", ("objectives_on_track", "on track"), ("objectives_off_track", "off track")),
    ("Opportunities", ("opportunities_won", "won"), ("opportunities_lost", "lost")),
    ("KPIs", ("kpis_met", "met"), ("kpis_missed", "missed")),
    ("SLAs", ("slas_met", "met"), ("slas_missed", "missed")),
)
COUNTS = tuple(name for _, *pair in PAIRS for name, _ in pair)
SHORT = {"access": "Access to deciders"}  # RUBRIC's titles that do not fit the label column
SCORES = [(str(n), n) for n in range(1, 6)]
_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _amount(value: float | None) -> str:
    """1,025,000 (whole amounts with separators, which the form reads back)."""
    return f"{value:,.0f}" if value is not None and value.is_integer() else _text(value)


class ReviewForm(Dialog[Change]):
    """Record a review from its draft (`review_id` None) or edit a saved one."""

    DEFAULT_CSS = """
    ReviewForm .row { height: 1; }
    ReviewForm .row Input { width: 8; }
    ReviewForm .row Label { width: auto; padding: 0 2 0 1; color: $text-muted; }
    ReviewForm .row Select { width: 10; }
    ReviewForm .row Static { width: 1fr; padding: 0 1; color: $text-muted; }
    ReviewForm #decision { width: 1fr; }
    ReviewForm #record-tier { column-span: 2; margin: 0 0 0 20; }
    ReviewForm #record-tier.-hidden { display: none; }
    ReviewForm #basis { color: $text-muted; margin: 0 0 1 0; }
    ReviewForm TextArea { height: 4; }
    """
    BINDINGS = [Binding("ctrl+s", "save", "Save", id="form.save")]

    def __init__(self, services: Services, today: date, draft: ReviewDraft, *,
                 review_id: str | None = None) -> None:
        super().__init__()
        self.services = services
        self.today = today
        self.draft = draft
        self.review_id = review_id

    def compose(self) -> ComposeResult:
        d, last = self.draft, self.draft.last
        verb = "Edit the review of " if self.review_id else "Review of "
        with VerticalScroll(classes="dialog"):
            yield Static(Content.assemble(verb, user_text(d.account_name),
                                          f" · {label(d.tier)} account"),
                         classes="dialog-title")
            yield Static("\n".join(d.basis), id="basis", markup=False)
            with Vertical(classes="form"):
                yield Label("Held on")
                yield Input(d.held_on.isoformat(), id="held_on", compact=True,
                            placeholder=DATE_HINT)
                yield Static("", id="held_on-preview", classes="hint", markup=False)
                yield Label("Period")
                yield Input(d.period, id="period", compact=True, placeholder="e.g. FY2027")
                yield Label("Revenue")
                yield Input(_amount(d.revenue), id="revenue", compact=True,
                            placeholder="annual revenue (blank: unknown)")
                yield Label("Margin (%)")
                yield Input(_text(d.margin_pct), id="margin_pct", compact=True,
                            placeholder="blank: unknown")
                for title, *pair in PAIRS:
                    yield Label(title)
                    with Horizontal(classes="row"):
                        for name, word in pair:
                            yield Input(_text(getattr(d, name)), id=name, compact=True)
                            yield Label(word)
                for name, title in RUBRIC.items():
                    yield Label(SHORT.get(name, title))
                    with Horizontal(classes="row"):
                        yield Select(SCORES, value=getattr(d, name), allow_blank=False,
                                     id=name, compact=True)
                        was = f"was {getattr(last, name)} at the last review" if last else "1-5"
                        yield Static(was, markup=False)
                yield Label("NPS")
                yield Input(_text(d.nps), id="nps", compact=True,
                            placeholder="-100 to 100 (blank: not measured)")
                yield Label("Decision")
                yield Select([(label(v), v) for v in ReviewDecision], value=d.decision,
                             allow_blank=False, id="decision", compact=True)
                yield Checkbox("", True, id="record-tier", compact=True)
                yield Label("Next review")
                yield Input(d.next_review_on.isoformat() if d.next_review_on else "",
                            id="next_review_on", compact=True, placeholder=DATE_HINT)
                yield Static("", id="next_review_on-preview", classes="hint", markup=False)
            yield Label("Notes", classes="field-label")
            yield TextArea(d.notes, id="notes", soft_wrap=True, compact=True)
            yield error_line()
            yield Static("ctrl+s saves · escape cancels · tab moves", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save", variant="primary", id="save", compact=True)

    def on_mount(self) -> None:
        for id in ("held_on", "next_review_on"):
            self._preview(id, self.query_one(f"#{id}", Input).value)
        self._offer_tier(self.draft.decision)
        self.query_one("#trust", Select).focus()

    @on(Input.Changed, "#held_on, #next_review_on")
    def _date_typed(self, event: Input.Changed) -> None:
        self._preview(event.input.id or "", event.value)

    def _preview(self, id: str, text: str) -> None:
        shown = preview(text, self.today) if text.strip() else "none planned"
        self.query_one(f"#{id}-preview", Static).update(shown)

    @on(Select.Changed, "#decision")
    def _decided(self, event: Select.Changed) -> None:
        self._offer_tier(event.value)

    def _offer_tier(self, decision: object) -> None:
        """Show "also move the account" only when the decision moves it somewhere new."""
        to = DECISION_TIER.get(decision) if isinstance(decision, ReviewDecision) else None
        box = self.query_one("#record-tier", Checkbox)
        moves = to is not None and to != self.draft.tier
        box.set_class(not moves, "-hidden")
        if moves:
            box.label = f"also move the account from {self.draft.tier} to {to} now"

    @property
    def record_tier(self) -> bool:
        box = self.query_one("#record-tier", Checkbox)
        return box.value and not box.has_class("-hidden")

    def _values(self) -> dict[str, Any]:
        texts: dict[str, Any] = {
            box.id: box.value for box in self.query(Input) if box.id}
        for name in (*RUBRIC, "decision"):
            texts[name] = self.query_one(f"#{name}", Select).value
        texts["notes"] = self.query_one("#notes", TextArea).text
        return texts

    @on(Button.Pressed, "#save")
    async def action_save(self) -> None:
        texts, record_tier = self._values(), self.record_tier
        change = await self.attempt(self._save, texts, record_tier)
        if change is not None:
            self.dismiss(change)

    def _save(self, texts: dict[str, Any], record_tier: bool) -> Change:
        """Runs in a thread: the typing turned into fields, then one store step."""
        data = review_data(self.draft.account_id, texts, self.today)
        return save_review(self.services, data, review_id=self.review_id,
                           record_tier=record_tier)


def review_data(account_id: str, texts: dict[str, Any], today: date) -> dict[str, Any]:
    """The form's typing as Review fields; one sentence per problem, all together."""
    problems: list[str] = []
    data: dict[str, Any] = {"account_id": account_id, "period": texts["period"],
                            "notes": texts["notes"], "decision": texts["decision"],
                            **{name: texts[name] for name in RUBRIC}}
    for name, field in (("held_on", "Held on"), ("next_review_on", "Next review")):
        typed = texts[name].strip()
        if not typed and name == "next_review_on":
            data[name] = None
            continue
        try:
            data[name] = parse_day(typed, today, field=field)
        except InvalidInput as err:
            problems.extend(err.messages)
    for name, field in (("revenue", "Revenue"), ("margin_pct", "Margin (%)")):
        typed = texts[name].strip().replace(",", "").replace(" ", "")
        if not typed:
            data[name] = None
        elif _NUMBER.fullmatch(typed):
            data[name] = float(typed)
        else:
            problems.append(f"{field}: give a number like 18.5, or leave it blank.")
    for name in COUNTS:
        typed = texts[name].strip()
        if not typed:
            data[name] = 0
        elif typed.isascii() and typed.isdigit() and len(typed) <= 6:
            data[name] = int(typed)
        else:
            title = next(f"{row} {word}" for row, *pair in PAIRS for n, word in pair
                         if n == name)
            problems.append(f"{title}: give a whole number, 0 or more.")
    nps = texts["nps"].strip()
    if not nps:
        data["nps"] = None
    elif re.fullmatch(r"[+-]?[0-9]{1,3}", nps):
        data["nps"] = int(nps)
    else:
        problems.append("NPS: give a whole number from -100 to 100, or leave it blank.")
    if problems:
        raise InvalidInput(problems)
    return data


__all__ = ["ReviewForm", "review_data"]
