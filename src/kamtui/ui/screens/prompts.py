"""Small dialogs: ask for a date (any form the date parser takes, previewed as it is
typed) and ask to confirm a step."""

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Static

from kamtui.domain.dates import ACCEPTED, parse_day, relative_day
from kamtui.errors import InvalidInput
from kamtui.ui.screens.modal import Dialog, error_line
from kamtui.ui.text import user_text

DATE_HINT = "e.g. fri, +3d, +2w, eom, 2026-12-01"


def preview(text: str, today: date) -> str:
    """'Fri 27 Nov 2026 · in 5 days' for what was typed so far, or '' if not a date yet."""
    try:
        day = parse_day(text, today)
    except InvalidInput:
        return ""
    return f"{day:%a %d %b %Y} · {relative_day(day, today)}"


class DatePrompt(Dialog[date]):
    """Ask for one date; dismisses with it, or None on escape."""

    def __init__(self, title: Content | str, today: date, *, field: str = "Date",
                 initial: str = "") -> None:
        super().__init__()
        self.heading = title
        self.today = today
        self.field = field
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.heading, classes="dialog-title")
            yield Input(self.initial, placeholder=DATE_HINT, id="when", compact=True)
            yield Static("", id="preview", classes="hint", markup=False)
            yield error_line()
            yield Static(f"Accepted: {ACCEPTED}.", classes="hint", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("OK", variant="primary", id="ok", compact=True)

    def on_mount(self) -> None:
        self._preview(self.initial)

    @on(Input.Changed, "#when")
    def _typed(self, event: Input.Changed) -> None:
        self._preview(event.value)
        self.show_error(None)

    def _preview(self, text: str) -> None:
        self.query_one("#preview", Static).update(preview(text, self.today))

    @on(Input.Submitted, "#when")
    @on(Button.Pressed, "#ok")
    def _submit(self) -> None:
        text = self.query_one("#when", Input).value
        try:
            self.dismiss(parse_day(text, self.today, field=self.field))
        except InvalidInput as err:
            self.show_error(str(err))


class Confirm(Dialog[bool]):
    """Ask yes or no; `y` or enter on Yes confirms, `n` or escape declines."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: Content | str, *, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question)
            with Horizontal(classes="buttons"):
                yield Button("No (n)", id="no", compact=True)
                yield Button(f"{self.yes} (y)", variant="error", id="yes", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


def quoted(before: str, value: str, after: str = "") -> Content:
    """A question quoting user text safely: Content.assemble keeps it out of markup."""
    return Content.assemble(before, ("“", ""), user_text(value), ("”", ""), after)
