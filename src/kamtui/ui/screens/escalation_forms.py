"""The dialogs of an escalation: activating one (trigger, at risk or in crisis, why) and
the one line a step asks for (a note when advancing, the outcome when resolving). Each
saves through its store step in a thread and dismisses with the Change; a refusal stays
shown in the dialog."""

from collections.abc import Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from kamtui.domain.enums import AccountStatus, EscalationTrigger, label
from kamtui.store.changes import Change
from kamtui.store.escalation_view import EscalationView
from kamtui.store.escalations import activate, advance, escalation_now, resolve
from kamtui.store.repos import Services
from kamtui.ui.screens.modal import Dialog, error_line
from kamtui.ui.text import user_text


class ActivateForm(Dialog[Change]):
    """Open an escalation on an account: what triggered it, how bad it is, and why. The
    plan's own triggers are listed first."""

    DEFAULT_CSS = """
    ActivateForm TextArea { height: 4; }
    """
    BINDINGS = [Binding("ctrl+s", "save", "Escalate", id="escalation.activate.save")]

    def __init__(self, services: Services, account_id: str, account_name: str, *,
                 planned: Sequence[EscalationTrigger] = (), first_level: str = "") -> None:
        super().__init__()
        self.services = services
        self.account_id = account_id
        self.account_name = account_name
        self.planned = [EscalationTrigger(t) for t in planned]
        self.first_level = first_level  # "Level 1: Aiko Tanaka must respond within 3 days."

    def compose(self) -> ComposeResult:
        others = [t for t in EscalationTrigger if t not in self.planned]
        triggers = [(label(t) + (" (in the plan)" if t in self.planned else ""), t)
                    for t in (*self.planned, *others)]
        with Vertical(classes="dialog"):
            yield Static(Content.assemble("Escalate ", user_text(self.account_name)),
                         classes="dialog-title")
            with Vertical(classes="form"):
                yield Label("Trigger")
                yield Select(triggers, id="trigger", compact=True, prompt="Choose a trigger")
                yield Label("The account is")
                yield Select([(label(s), s) for s in (AccountStatus.at_risk,
                                                      AccountStatus.in_crisis)],
                             value=AccountStatus.at_risk, allow_blank=False, id="status",
                             compact=True)
            # Below the grid: a grid row is one line high, too short for a TextArea.
            yield Label("Why", classes="field-label")
            yield TextArea(id="reason", soft_wrap=True, compact=True)
            if self.first_level:
                yield Static(user_text(self.first_level), classes="hint")
            yield error_line()
            yield Static("ctrl+s escalates · escape cancels · tab moves", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Escalate", variant="error", id="save", compact=True)

    def on_mount(self) -> None:
        self.query_one("#trigger", Select).focus()

    @on(Button.Pressed, "#save")
    async def action_save(self) -> None:
        trigger = self.query_one("#trigger", Select).value
        status = self.query_one("#status", Select).value
        reason = self.query_one("#reason", TextArea).text
        change = await self.attempt(self._save, trigger, status, reason)
        if change is not None:
            self.dismiss(change)

    def _save(self, trigger: object, status: object, reason: str) -> Change:
        chosen = "" if trigger is Select.NULL else str(trigger)
        return activate(self.services, self.account_id, chosen, reason, str(status),
                        escalation_now())[1]


class StepPrompt(Dialog[Change]):
    """Ask for one line (`field`) and run `save(text)`: advancing with a note, resolving
    with the outcome."""

    BINDINGS = [Binding("ctrl+s", "save", "Save", id="escalation.step.save")]

    def __init__(self, heading: Content | str, field: str, save: Callable[[str], Change], *,
                 placeholder: str = "", yes: str = "Save", about: Content | str = "") -> None:
        super().__init__()
        self.heading = heading
        self.field = field
        self.save_step = save
        self.placeholder = placeholder
        self.yes = yes
        self.about = about  # a line under the heading: what the step will do

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.heading, classes="dialog-title")
            if self.about:
                yield Static(self.about, classes="hint")
            with Vertical(classes="form"):
                yield Label(self.field, markup=False)
                yield Input(id="text", placeholder=self.placeholder, compact=True)
            yield error_line()
            yield Static("enter saves · escape cancels", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button(self.yes, variant="primary", id="save", compact=True)

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    async def action_save(self) -> None:
        change = await self.attempt(self.save_step, self.query_one("#text", Input).value)
        if change is not None:
            self.dismiss(change)


def advance_prompt(services: Services, view: EscalationView) -> StepPrompt:
    """Advance `view` to its next level, with an optional note for the timeline."""
    return StepPrompt(
        Content.assemble("Advance the escalation of ", user_text(view.account)),
        "Note (optional)", lambda note: advance(services, view.id, note, escalation_now()),
        placeholder="what happened at this level", yes="Advance",
        about=f"Now at {view.level_text}; {view.responder} was to respond.")


def resolve_prompt(services: Services, view: EscalationView) -> StepPrompt:
    """Resolve `view`, asking for the outcome."""
    return StepPrompt(
        Content.assemble("Resolve the escalation of ", user_text(view.account)),
        "Outcome", lambda outcome: resolve(services, view.id, outcome, escalation_now()),
        placeholder="how it was resolved", yes="Resolve",
        about=f"The account gets back its status from before ({label(view.status_before)}) "
              f"unless another escalation on it is open.")


__all__ = ["ActivateForm", "StepPrompt", "advance_prompt", "resolve_prompt"]
