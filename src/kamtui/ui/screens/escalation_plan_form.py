"""The forms of an account's escalation plan: the plan itself (which triggers count, their
details, the crisis plan) and one level (who responds, within how long, what to do).
Both save through kamtui.store.escalation_plans and dismiss with the Change."""

from collections.abc import Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea

from kamtui.domain import EscalationPlan
from kamtui.domain.enums import EscalationTrigger, OwnerKind
from kamtui.errors import InvalidInput
from kamtui.store.changes import Change
from kamtui.store.escalation_plans import (
    add_level,
    edit_level,
    parse_within,
    save_plan,
    within_words,
)
from kamtui.store.escalation_view import LevelView
from kamtui.store.escalations import trigger_words
from kamtui.store.people import Owner
from kamtui.store.repos import Services
from kamtui.ui.screens.modal import Dialog, error_line
from kamtui.ui.screens.pickers import owner_line
from kamtui.ui.text import user_text

_BUTTONS = "ctrl+s saves · escape cancels · tab moves"


def _buttons() -> ComposeResult:
    yield error_line()
    yield Static(_BUTTONS, classes="hint")
    with Horizontal(classes="buttons"):
        yield Button("Cancel", id="cancel", compact=True)
        yield Button("Save", variant="primary", id="save", compact=True)


class PlanForm(Dialog[Change]):
    """Which triggers the plan has (space ticks one), their details and the crisis plan."""

    DEFAULT_CSS = """
    PlanForm TextArea { height: 4; }
    PlanForm SelectionList { height: auto; border: none; padding: 0; }
    """
    BINDINGS = [Binding("ctrl+s", "save", "Save", id="escalation.plan.save")]

    def __init__(self, services: Services, account_id: str, account_name: str,
                 plan: EscalationPlan | None) -> None:
        super().__init__()
        self.services = services
        self.account_id = account_id
        self.account_name = account_name
        self.plan = plan

    def compose(self) -> ComposeResult:
        plan = self.plan
        ticked = {EscalationTrigger(t) for t in (plan.triggers if plan else [])}
        with VerticalScroll(classes="dialog"):
            yield Static(Content.assemble("Escalation plan of ", user_text(self.account_name)),
                         classes="dialog-title")
            yield Label("Triggers (space ticks)", classes="field-label")
            yield SelectionList[str](*((trigger_words(t), t.value, t in ticked)
                                       for t in EscalationTrigger), id="triggers", compact=True)
            yield Label("Trigger details", classes="field-label")
            yield TextArea(plan.trigger_notes if plan else "", id="notes", soft_wrap=True,
                           compact=True)
            yield Label("Crisis plan", classes="field-label")
            yield TextArea(plan.crisis_plan if plan else "", id="crisis", soft_wrap=True,
                           compact=True)
            yield from _buttons()

    def on_mount(self) -> None:
        self.query_one("#triggers").focus()

    @on(Button.Pressed, "#save")
    async def action_save(self) -> None:
        values = {"triggers": list(self.query_one("#triggers", SelectionList).selected),
                  "trigger_notes": self.query_one("#notes", TextArea).text,
                  "crisis_plan": self.query_one("#crisis", TextArea).text}
        change = await self.attempt(save_plan, self.services, self.account_id, values)
        if change is not None:
            self.dismiss(change)


def _key(owner: Owner) -> str:
    return {OwnerKind.me: "me", OwnerKind.team: f"team:{owner.team_member_id}",
            OwnerKind.customer: f"customer:{owner.contact_id}"}[owner.kind]


class LevelForm(Dialog[Change]):
    """Add a level at the end of the plan (`level` None) or edit one."""

    DEFAULT_CSS = """
    LevelForm TextArea { height: 4; }
    """
    BINDINGS = [Binding("ctrl+s", "save", "Save", id="escalation.level.save")]

    def __init__(self, services: Services, account_id: str, choices: Sequence[Owner], *,
                 level: LevelView | None = None) -> None:
        super().__init__()
        self.services = services
        self.account_id = account_id
        self.owners = {_key(owner): owner for owner in choices}
        self.level = level

    def _chosen(self) -> str | None:
        level = self.level
        if level is None:
            return None
        key = {OwnerKind.me: "me", OwnerKind.team: f"team:{level.team_member_id}",
               OwnerKind.customer: f"customer:{level.contact_id}"}[level.owner_kind]
        return key if key in self.owners else None

    def compose(self) -> ComposeResult:
        level = self.level
        title = f"Level {level.position} of the escalation plan" if level else "A new level"
        chosen = self._chosen()
        with Vertical(classes="dialog"):
            yield Static(title, classes="dialog-title")
            with Vertical(classes="form"):
                yield Label("Who responds")
                yield Select([(owner_line(o), key) for key, o in self.owners.items()],
                             value=chosen if chosen else Select.NULL, id="who", compact=True,
                             prompt="Choose a person")
                yield Label("Role (as written)")
                yield Input(level.who if level else "", id="role", compact=True,
                            placeholder="e.g. Service lead, with their CFO (optional)")
                yield Label("Respond within")
                yield Input(within_words(level.respond_within_hours) if level else "24 h",
                            id="within", compact=True, placeholder="e.g. 24h, 36, 3d")
            # Below the grid: a grid row is one line high, too short for a TextArea.
            yield Label("What to do", classes="field-label")
            yield TextArea(level.action if level else "", id="action", soft_wrap=True,
                           compact=True)
            yield from _buttons()

    def on_mount(self) -> None:
        self.query_one("#who", Select).focus()

    def values(self) -> dict[str, Any]:
        """The typed fields as a level's values; every problem one sentence."""
        problems: list[str] = []
        who = self.query_one("#who", Select).value
        owner = self.owners.get(str(who)) if who is not Select.NULL else None
        if owner is None:
            problems.append("Who responds: choose a person.")
        hours = None
        try:
            hours = parse_within(self.query_one("#within", Input).value)
        except InvalidInput as err:
            problems.extend(err.messages)
        if problems or owner is None:
            raise InvalidInput(problems)
        return {"owner_kind": owner.kind, "team_member_id": owner.team_member_id,
                "contact_id": owner.contact_id, "who": self.query_one("#role", Input).value,
                "respond_within_hours": hours,
                "action": self.query_one("#action", TextArea).text}

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    async def action_save(self) -> None:
        try:
            values = self.values()
        except InvalidInput as err:
            self.show_error(str(err))
            return
        if self.level is None:
            change = await self.attempt(
                lambda: add_level(self.services, self.account_id, values)[1])
        else:
            change = await self.attempt(edit_level, self.services, self.level.id, values)
        if change is not None:
            self.dismiss(change)


__all__ = ["LevelForm", "PlanForm"]
