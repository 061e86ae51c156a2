"""The Profile tab of the account workspace: the customer-understanding fields of DOMAIN
step 2, in the order a KAM reads them, and below them the requirements log (what the
customer asked for, who asked, what we proposed and when), newest first.

`e` edits the profile, or the highlighted requirement when the log has the keyboard
(`E` always edits the profile); `a` logs a requirement, `d` deletes the highlighted one;
`f` moves the keyboard between the profile and the log."""

from dataclasses import dataclass
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from kamtui.clock import today
from kamtui.domain import Account, AccountCreate, Contact, RequirementCreate
from kamtui.domain.enums import label
from kamtui.store.changes import Change
from kamtui.store.requirements_view import RequirementRow, account_requirements
from kamtui.ui.screens.record_form import FieldSpec, RecordForm
from kamtui.ui.text import NOTHING, SEPARATOR, cell, day, one_line, user_text
from kamtui.ui.widgets.account_panel import AccountPanel, keep_cursor

# The customer profile of step 2, in the order a KAM reads it.
PROFILE_FIELDS = ("objectives", "needs", "pains", "loves", "pet_peeves", "worries",
                  "decision_process", "why_us", "skills_needed", "handoff_notes", "notes")
# What `a` and `e` ask about an entry of the requirements log.
REQUIREMENT_FIELDS = ("asked_on", "asked", "contact_id", "proposed", "proposed_on", "status")
COLUMNS = ("Asked on", "They asked for", "Asked by", "We proposed", "Proposed on", "Status")
EMPTY = "No requirements are logged for this account yet; a adds one."
PEOPLE_LIMIT = 1000  # the choices of "Asked by"; an account has a few dozen at most


@dataclass(frozen=True)
class _Profile:
    account: Account
    requirements: list[RequirementRow]


class RequirementForm(RecordForm):
    """The record form for the requirements log; a new entry was asked today unless the
    KAM says otherwise."""

    def _initial(self, spec: FieldSpec) -> Any:  # noqa: ANN401
        if self.record is None and spec.name == "asked_on":
            return self.today
        return super()._initial(spec)


class ProfilePanel(AccountPanel):
    CAN: ClassVar[frozenset[str]] = frozenset({"add", "edit", "delete"})
    LABELS: ClassVar[dict[str, str]] = {"add": "Add requirement"}
    WHAT = "the profile"
    BINDINGS: ClassVar = [
        Binding("f", "switch_pane", "Profile/log", id="account.profile.switch",
                tooltip="Move the keyboard between the profile and the requirements log"),
        Binding("E", "edit_profile", "Edit profile", show=False,
                id="account.profile.edit"),
    ]

    DEFAULT_CSS = """
    ProfilePanel #profile { padding: 0 1; height: 1fr; min-height: 3; }
    ProfilePanel #requirements-title {
        height: 2; padding: 0 1; border-top: solid $primary; color: $text-accent;
    }
    ProfilePanel #requirements { height: 40%; min-height: 4; max-height: 14; }
    """

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.requirements: list[RequirementRow] = []
        self._log_width = 0

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="profile"):
            yield Static(id="profile-text")
        yield Static("Requirements log", id="requirements-title")
        yield DataTable(id="requirements", cursor_type="row", zebra_stripes=True)

    def read(self) -> _Profile:
        return _Profile(self.services.accounts.get(self.account_id),
                        account_requirements(self.services.store, self.account_id))

    def show(self, data: _Profile) -> None:
        self.query_one("#profile-text", Static).update(_profile(data.account))
        self.requirements = data.requirements
        self._show_log()

    def on_resize(self) -> None:
        if self.size.width != self._log_width:
            self._show_log()

    def _show_log(self) -> None:
        """The requirements log, its two texts as wide as the panel allows."""
        self._log_width = self.size.width
        # The dates, the status, the padding and a scroll bar take 46 cells.
        free = self.size.width - 46
        text = max(10, free * 2 // 5)
        who = max(8, free - 2 * text)
        table = self.query_one("#requirements", DataTable)
        selected = self.selected(table)
        table.clear(columns=True)
        for heading in COLUMNS:
            table.add_column(cell(heading))
        for entry in self.requirements:
            table.add_row(cell(day(entry.asked_on)), cell(entry.asked, max_width=text),
                          cell(entry.asked_by or NOTHING, max_width=who),
                          cell(entry.proposed or NOTHING, max_width=text),
                          cell(day(entry.proposed_on)), cell(label(entry.status)),
                          key=entry.id)
        keep_cursor(table, selected)
        shown = len(self.requirements)
        count = f"{shown} logged, newest first" if shown else "none yet: a adds one"
        self.query_one("#requirements-title", Static).update(Content.assemble(
            ("Requirements log", "bold"),
            (f"  {count}{SEPARATOR}f switches to it and back", "dim")))

    # -- focus ------------------------------------------------------------------------
    def _log_has_focus(self) -> bool:
        return self.screen.focused is self.query_one("#requirements", DataTable)

    def action_switch_pane(self) -> None:
        if self._log_has_focus():
            self.query_one("#profile", VerticalScroll).focus()
        else:
            self.query_one("#requirements", DataTable).focus()

    @work(group="account-form")
    async def action_edit_profile(self) -> None:
        self.screen.changed(await self.edit_profile())  # type: ignore[attr-defined]

    # -- the keys -------------------------------------------------------------------
    async def edit(self) -> Change | None:
        if self._log_has_focus():
            return await self.edit_requirement()
        return await self.edit_profile()

    async def edit_profile(self) -> Change | None:
        account = await self.attempt(self.services.accounts.get, self.account_id)
        if account is None:
            return None
        return await self.app.push_screen_wait(RecordForm(
            self.services, "accounts", AccountCreate, PROFILE_FIELDS,
            heading=f"Profile of {one_line(account.name)}", today=today(), record=account))

    def _people(self) -> list[Contact]:
        """The account's live contacts by name (runs in a thread)."""
        return self.services.contacts.list(Contact.account_id == self.account_id,
                                           order_by=[Contact.name], limit=PEOPLE_LIMIT)

    async def add(self) -> Change | None:
        people = await self.attempt(self._people)
        if people is None:
            return None
        return await self.app.push_screen_wait(RequirementForm(
            self.services, "requirements", RequirementCreate, REQUIREMENT_FIELDS,
            heading="Log a requirement", today=today(),
            fixed={"account_id": self.account_id}, choices={"contact_id": _askers(people)}))

    async def edit_requirement(self) -> Change | None:
        table = self.query_one("#requirements", DataTable)
        requirement_id = self.selected(table, empty=EMPTY)
        if requirement_id is None:
            return None
        entry = await self.attempt(self.services.requirements.get, requirement_id)
        people = await self.attempt(self._people) if entry is not None else None
        if entry is None or people is None:
            return None
        heading = "Edit the requirement"
        if entry.contact_id and entry.contact_id not in {p.id for p in people}:
            shown = self._shown(requirement_id)
            gone = one_line(shown.asked_by) if shown and shown.asked_by else "who asked"
            heading += f" ({gone} is no longer a contact; saving leaves Asked by blank)"
        return await self.app.push_screen_wait(RequirementForm(
            self.services, "requirements", RequirementCreate, REQUIREMENT_FIELDS,
            heading=heading, today=today(), record=entry,
            choices={"contact_id": _askers(people)}))

    def _shown(self, requirement_id: str) -> RequirementRow | None:
        return next((r for r in self.requirements if r.id == requirement_id), None)

    async def delete(self) -> Change | None:
        requirement_id = self.selected(self.query_one("#requirements", DataTable),
                                       empty=EMPTY)
        if requirement_id is None:
            return None
        entry = self._shown(requirement_id)
        asked = one_line(entry.asked) if entry else "this requirement"
        return await self.delete_record("requirements", requirement_id,
                                        asked if len(asked) <= 60 else asked[:59] + "…")


def _askers(people: list[Contact]) -> list[tuple[str, str]]:
    return [(f"{p.name} · {p.title}" if p.title else p.name, p.id) for p in people]


def _profile(account: Account) -> Content:
    """Each field's title over its text, a blank line above: one Static updated in place,
    not two widgets a field mounted anew each time the account is opened or changed."""
    lines: list[Content] = []
    for name in PROFILE_FIELDS:
        title = Account.model_fields[name].title or name
        value = getattr(account, name)
        if isinstance(value, list):
            value = ", ".join(value)
        lines += [Content(""), Content.styled(title, "bold $text-accent"),
                  user_text(value) if value else Content.styled(NOTHING, "dim")]
    return Content("\n").join(lines)


__all__ = ["PROFILE_FIELDS", "REQUIREMENT_FIELDS", "ProfilePanel", "RequirementForm"]

