"""The Team tab of the account workspace: our people on the account (role, skills, share
of time) and what the team audit found under them (skills the account needs that nobody
covers, people allocated over 100 %). `a` puts a team member on the account, `e` edits
the highlighted assignment, `d` takes the person off; `n` adds a new team member.

Names, skills and findings are user text: cells go through `cell`, the rest `user_text`.
"""

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Static

from kamtui.clock import today
from kamtui.domain import AssignmentCreate, TeamMemberCreate
from kamtui.store.assignments import assign, team_choices, unassign
from kamtui.store.changes import Change
from kamtui.store.repos import Services
from kamtui.store.team_audit import Seat, TeamAudit, team_audit
from kamtui.ui.screens.prompts import Confirm, quoted
from kamtui.ui.screens.record_form import RecordForm
from kamtui.ui.screens.step_form import StepForm
from kamtui.ui.text import NOTHING, SEPARATOR, ThemeStyles, cell, plural, user_text
from kamtui.ui.widgets.account_panel import AccountPanel, keep_cursor

TEAM_COLUMNS = ("Name", "Role", "Skills", "Share here", "Total share")
MEMBER_FIELDS = ("name", "role", "email", "skills")
NOBODY = "Nobody is on the account yet: a puts a team member on it."
NO_TEAM = "There are no team members yet: press n to add one."


def share(pct: float) -> str:
    """A share of one person's time: 40%, 33.3%."""
    return f"{pct:g}%"


class TeamPanel(AccountPanel):
    """Who on our side works on the account, then what the team audit found."""

    CAN: ClassVar[frozenset[str]] = frozenset({"add", "edit", "delete"})
    LABELS: ClassVar[dict[str, str]] = {
        "add": "Assign someone",
        "edit": "Edit seat",
        "delete": "Take off account",
    }
    WHAT = "the team"
    BINDINGS = [Binding("n", "new_member", "New team member", id="account.team.new",
                        tooltip="Add a person to our team (then a puts them on the account)")]

    def __init__(self, services: Services, account_id: str, **kwargs: str) -> None:
        super().__init__(services, account_id, **kwargs)
        self.audit: TeamAudit | None = None  # what the last reload read

    def compose(self) -> ComposeResult:
        yield DataTable(id="team-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="team-findings", classes="panel-note")

    def read(self) -> TeamAudit:
        return team_audit(self.services.store, self.account_id)

    def show(self, data: TeamAudit) -> None:
        self.audit = audit = data
        styles = ThemeStyles.from_theme(self.app.theme_variables)
        table = self.query_one("#team-table", DataTable)
        selected = self.selected(table)
        table.clear(columns=True)
        for heading in TEAM_COLUMNS:
            table.add_column(cell(heading))
        for seat in audit.seats:
            table.add_row(*_seat_cells(seat, styles), key=seat.assignment_id)
        keep_cursor(table, selected)
        self.query_one("#team-findings", Static).update(_findings(audit))

    def _seat(self) -> Seat | None:
        """The highlighted seat; None (saying why) when nobody is on the account."""
        key = self.selected(self.query_one("#team-table", DataTable), empty=NOBODY)
        seats = self.audit.seats if self.audit is not None else []
        return next((s for s in seats if s.assignment_id == key), None)

    # -- the keys ---------------------------------------------------------------------
    async def add(self) -> Change | None:
        services = self.services
        choices = await self.attempt(team_choices, services.store)
        if choices is None:
            return None
        if not choices:
            self.notify(NO_TEAM, severity="warning")
            return None

        def save(values: dict) -> Change:
            return assign(services, values)[1]

        return await self.app.push_screen_wait(StepForm(
            services, "assignments", AssignmentCreate,
            ("team_member_id", "role", "time_share_pct"), save=save,
            heading="Put a team member on the account", today=today(),
            fixed={"account_id": self.account_id}, choices={"team_member_id": choices}))

    async def edit(self) -> Change | None:
        seat = self._seat()
        if seat is None:
            return None
        record = await self.attempt(self.services.assignments.get, seat.assignment_id)
        if record is None:
            return None
        return await self.app.push_screen_wait(RecordForm(
            self.services, "assignments", AssignmentCreate, ("role", "time_share_pct"),
            heading=f"{seat.name} on the account", today=today(), record=record))

    async def delete(self) -> Change | None:
        seat = self._seat()
        if seat is None:
            return None
        question = quoted("Take ", seat.name, " off the account? (u undoes it)")
        if not await self.app.push_screen_wait(Confirm(question, yes="Take off")):
            return None
        return await self.attempt(unassign, self.services, seat.assignment_id)

    @work(group="account-form")
    async def action_new_member(self) -> None:
        change = await self.app.push_screen_wait(RecordForm(
            self.services, "team", TeamMemberCreate, MEMBER_FIELDS,
            heading="New team member", today=today()))
        if change is not None:
            self.screen.changed(change)  # type: ignore[attr-defined]


def _seat_cells(seat: Seat, styles: ThemeStyles) -> list:
    total = share(seat.total_share_pct)
    return [cell(seat.name, max_width=28), cell(seat.role or NOTHING, max_width=34),
            cell(", ".join(seat.skills) or NOTHING, max_width=34),
            cell(share(seat.share_pct), justify="right"),
            cell(f"{total} over 100%" if seat.over_allocated else total, justify="right",
                 style=styles.error if seat.over_allocated else "")]


def _findings(audit: TeamAudit) -> Content:
    """A summary line, the skills the account needs (the uncovered ones marked), then
    each finding as a sentence (they quote names: user text)."""
    if audit.seats:
        summary = Content.assemble(
            ("Team audit  ", "bold $text-accent"),
            f"{plural(len(audit.seats), 'seat')}, {share(audit.share_pct)} of one person's time",
            SEPARATOR, "skills: ", user_text(", ".join(audit.skills_covered) or NOTHING))
    else:
        summary = Content.styled("Team audit", "bold $text-accent")
    lines = [summary]
    if audit.skills_needed:
        lines.append(_needs(audit))
    lines += [Content.assemble(("• ", "$text-warning"), user_text(sentence))
              for sentence in audit.findings]
    if not audit.findings:
        covered = " and every skill it needs is covered" if audit.skills_needed else ""
        lines.append(Content.styled(
            f"No warnings: nobody on the account is over-allocated{covered}.", "dim"))
    return Content("\n").join(lines)


def _needs(audit: TeamAudit) -> Content:
    """'Needs: EDI, GxP validation (not covered)': each needed skill, uncovered ones in
    the warning colour."""
    uncovered = {skill.casefold() for skill in audit.skills_uncovered}
    parts: list[Content | str] = ["Needs: "]
    for i, skill in enumerate(audit.skills_needed):
        missing = skill.casefold() in uncovered
        parts += [", "] if i else []
        parts.append(user_text(skill + (" (not covered)" if missing else ""),
                               "$text-warning" if missing else "$text-success"))
    return Content.assemble(*parts)


__all__ = ["TeamPanel", "share"]
