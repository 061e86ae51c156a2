"""The Reviews tab of the account workspace (step 9): the account's reviews newest first,
each score and the revenue with an arrow for how it moved since the review before, and
the highlighted review in full below. `a` starts a review pre-filled from the data,
`e` edits one, `d` deletes one."""

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from kamtui.clock import today
from kamtui.domain.dates import relative_day
from kamtui.domain.enums import ReviewDecision, label
from kamtui.store.changes import Change
from kamtui.store.reviews import (
    RUBRIC,
    ReviewEntry,
    Trend,
    draft_of,
    prefill,
    review_history,
)
from kamtui.ui.screens.review_form import ReviewForm
from kamtui.ui.text import NOTHING, SEPARATOR, cell, day, money, percent, user_text
from kamtui.ui.widgets.account_panel import AccountPanel, keep_cursor

EMPTY = "No reviews of this account yet; a starts one, pre-filled from the data."
ARROWS = {Trend.up: "▲", Trend.down: "▼", Trend.flat: "="}
COLUMNS = ("Held", "Period", "Revenue", "Margin", "Trust", "Access", "Resp.", "Align.",
           "Satisf.", "NPS", "Decision", "Next review")


def arrow(entry: ReviewEntry, name: str) -> str:
    """'▲' up, '▼' down, '=' flat since the review before; '' for the first review."""
    trend = entry.trends.get(name)
    return ARROWS[trend] if trend is not None else ""


def _with_arrow(shown: str, entry: ReviewEntry, name: str) -> str:
    mark = arrow(entry, name)
    return f"{shown} {mark}" if mark else shown


class ReviewsPanel(AccountPanel):
    CAN: ClassVar[frozenset[str]] = frozenset({"add", "edit", "delete"})
    LABELS: ClassVar[dict[str, str]] = {
        "add": "New review",
        "edit": "Edit review",
        "delete": "Delete review",
    }
    WHAT = "the reviews"

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.entries: dict[str, ReviewEntry] = {}
        self.wanted: str | None = None  # a review just added: the cursor goes to it

    def compose(self) -> ComposeResult:
        yield DataTable(id="reviews", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="review-note-scroll", classes="panel-note"):
            yield Static(EMPTY, id="review-note", markup=False)

    def read(self) -> list[ReviewEntry]:
        return review_history(self.services.store, self.account_id)

    def show(self, data: list[ReviewEntry]) -> None:
        self.entries = {entry.review.id: entry for entry in data}
        table = self.query_one(DataTable)
        selected, self.wanted = self.wanted or self.selected(table), None
        table.clear(columns=True)
        for heading in COLUMNS:
            table.add_column(cell(heading))
        for entry in data:
            r = entry.review
            scores = [cell(_with_arrow(str(getattr(r, name)), entry, name)) for name in RUBRIC]
            table.add_row(
                cell(day(r.held_on)), cell(r.period, max_width=12),
                cell(_with_arrow(money(r.revenue), entry, "revenue")),
                cell(percent(r.margin_pct)), *scores,
                cell(_with_arrow(NOTHING if r.nps is None else str(r.nps), entry, "nps")),
                cell(label(ReviewDecision(r.decision))), cell(day(r.next_review_on)),
                key=r.id)
        keep_cursor(table, selected)
        self._note(self.selected(table))

    @on(DataTable.RowHighlighted, "#reviews")
    def _highlighted(self) -> None:
        self._note(self.selected())

    def _note(self, key: str | None) -> None:
        entry = self.entries.get(key or "")
        self.query_one("#review-note", Static).update(
            note_text(entry) if entry else Content(EMPTY))

    # -- the keys -------------------------------------------------------------------
    async def add(self) -> Change | None:
        on = today()
        draft = await self.attempt(prefill, self.services.store, self.account_id, on)
        if draft is None:
            return None
        change = await self.app.push_screen_wait(ReviewForm(self.services, on, draft))
        if change is not None:
            self.wanted = next((row.id for row in change.rows
                                if row.table == "review" and row.before is None), None)
        return change

    async def edit(self) -> Change | None:
        if (chosen := self.selected(empty=EMPTY)) is None:
            return None
        draft = await self.attempt(draft_of, self.services.store, chosen)
        if draft is None:
            return None
        return await self.app.push_screen_wait(
            ReviewForm(self.services, today(), draft, review_id=chosen))

    async def delete(self) -> Change | None:
        if (chosen := self.selected(empty=EMPTY)) is None:
            return None
        entry = self.entries.get(chosen)
        what = f"review held {day(entry.review.held_on)}" if entry else "this review"
        return await self.delete_record("reviews", chosen, what)


def note_text(entry: ReviewEntry) -> Content:
    """One review in full: when, the decision and next review, the figures, the rubric
    with how each score moved, and the notes (user text)."""
    r, now = entry.review, today()
    nxt = (f"next review {day(r.next_review_on)} ({relative_day(r.next_review_on, now)})"
           if r.next_review_on else "no next review planned")
    head = Content.assemble((f"Held {day(r.held_on)}", "bold $text-accent"), SEPARATOR,
                            user_text(r.period), SEPARATOR,
                            (label(ReviewDecision(r.decision)), "bold"), SEPARATOR, nxt)
    figures = SEPARATOR.join([
        f"revenue {_with_arrow(money(r.revenue), entry, 'revenue')}",
        f"margin {percent(r.margin_pct)}",
        f"objectives {r.objectives_on_track} on / {r.objectives_off_track} off track",
        f"opportunities {r.opportunities_won} won / {r.opportunities_lost} lost",
        f"KPIs {r.kpis_met} met / {r.kpis_missed} missed",
        f"SLAs {r.slas_met} met / {r.slas_missed} missed"])
    rubric = SEPARATOR.join(
        [f"{title} {_with_arrow(f'{getattr(r, name)}/5', entry, name)}"
         for name, title in RUBRIC.items()]
        + [f"NPS {_with_arrow(NOTHING if r.nps is None else str(r.nps), entry, 'nps')}"])
    lines = [head, Content(figures), Content(rubric)]
    if r.notes.strip():
        lines.append(user_text(r.notes))
    return Content("\n").join(lines)


__all__ = ["ReviewsPanel", "arrow", "note_text"]
