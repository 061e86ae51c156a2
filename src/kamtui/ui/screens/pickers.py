"""Choose an owner (me, a team member, a contact at the account) by typing part of the
name: the list narrows as you type, enter takes the highlighted one."""

import asyncio

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from kamtui.domain.enums import OwnerKind
from kamtui.store.people import Owner, owner_choices
from kamtui.store.repos import Services
from kamtui.ui.screens.modal import Dialog, error_line
from kamtui.ui.text import SEPARATOR, user_text

KIND_WORDS = {OwnerKind.me: "me", OwnerKind.team: "our team", OwnerKind.customer: "customer"}


def owner_line(owner: Owner) -> Content:
    """'Anna Berg · customer · CFO': the name as typed by the user, then plain words."""
    if owner.kind == OwnerKind.me:
        return Content("me")
    parts = [user_text(owner.name), Content.styled(KIND_WORDS[owner.kind], "dim")]
    if owner.detail:
        parts.append(user_text(owner.detail, "dim"))
    return Content(SEPARATOR).join(parts)


class OwnerPicker(Dialog[Owner]):
    """Pick who owns an action. `only` narrows the list to one kind (e.g. contacts)."""

    DEFAULT_CSS = """
    OwnerPicker OptionList { height: auto; max-height: 14; margin: 1 0 0 0; border: none; }
    OwnerPicker #filter { background: $boost; }
    """
    BINDINGS = [
        Binding("down", "move(1)", "Next", show=False, id="picker.next"),
        Binding("up", "move(-1)", "Previous", show=False, id="picker.previous"),
    ]

    def __init__(self, services: Services, account_id: str | None, title: Content | str,
                 *, only: OwnerKind | None = None, initial: str = "") -> None:
        super().__init__()
        self.services = services
        self.account_id = account_id
        self.heading = title
        self.only = only
        self.initial = initial
        self.choices: list[Owner] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.heading, classes="dialog-title")
            yield Input(self.initial, placeholder="type part of a name", id="filter",
                        compact=True)
            yield OptionList(id="choices")
            yield error_line()
            yield Static("enter chooses · escape cancels", classes="hint")

    async def on_mount(self) -> None:
        choices = await asyncio.to_thread(owner_choices, self.services, self.account_id)
        self.choices = [c for c in choices if self.only is None or c.kind == self.only]
        self._narrow(self.initial)

    @on(Input.Changed, "#filter")
    def _typed(self, event: Input.Changed) -> None:
        self._narrow(event.value)

    def _narrow(self, text: str) -> None:
        wanted = text.strip().casefold()
        options = self.query_one("#choices", OptionList)
        options.clear_options()
        # Names starting with the text first, then names holding it, then roles.
        ranked = sorted(
            ((rank, index) for index, owner in enumerate(self.choices)
             if (rank := _rank(owner, wanted)) is not None))
        for _, index in ranked:
            options.add_option(Option(owner_line(self.choices[index]), id=str(index)))
        if options.option_count:
            options.highlighted = 0
            self.show_error(None)
        else:
            self.show_error("Nobody matches that; clear some letters or press escape.")

    def action_move(self, step: int) -> None:
        options = self.query_one("#choices", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    @on(Input.Submitted, "#filter")
    def _take_highlighted(self) -> None:
        options = self.query_one("#choices", OptionList)
        if options.highlighted is None or not options.option_count:
            return
        self._take(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self._take(event.option.id)

    def _take(self, option_id: str | None) -> None:
        if option_id is not None:
            self.dismiss(self.choices[int(option_id)])


def _rank(owner: Owner, wanted: str) -> int | None:
    name = owner.name.casefold()
    if name.startswith(wanted):
        return 0
    if wanted in name:
        return 1
    if wanted in owner.detail.casefold():
        return 2
    return None


class Choose(Dialog[str]):
    """Pick one of a few named options (the current one marked); enter takes it."""

    DEFAULT_CSS = """
    Choose OptionList { height: auto; max-height: 16; border: none; }
    """

    def __init__(self, title: Content | str, options: list[tuple[str, str]],
                 current: str | None = None) -> None:
        super().__init__()
        self.heading = title
        self.options = options
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.heading, classes="dialog-title")
            yield OptionList(*(Option(("● " if value == self.current else "  ") + text,
                                      id=value) for value, text in self.options),
                             id="choices")
            yield Static("enter chooses · escape cancels", classes="hint")

    def on_mount(self) -> None:
        options = self.query_one("#choices", OptionList)
        ids = [value for value, _ in self.options]
        options.highlighted = ids.index(self.current) if self.current in ids else 0
        options.focus()

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
