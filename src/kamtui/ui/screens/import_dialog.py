"""Import a CRM's CSV export or a vCard file from the TUI: choose the file, see what the
import would add, update and refuse (nothing written), then import it in one transaction
after a backup. The same core steps as `kamtui import csv|vcard`."""

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from kamtui.errors import KamError
from kamtui.io.crm_values import DateOrder
from kamtui.io.import_source import ImportSource, is_vcard, read_csv_source, read_vcard_source
from kamtui.store import Store
from kamtui.store.import_plan import ImportPlan
from kamtui.store.record_import import apply_import, plan_import
from kamtui.ui.screens.modal import Dialog, error_line
from kamtui.ui.text import user_text

VCARD = "vcard"
KINDS = [("Accounts (CSV)", "accounts"), ("Contacts (CSV)", "contacts"),
         ("Actions (CSV)", "actions"), ("Contacts from vCard", VCARD)]
ASK = "ask"
DATE_ORDERS = [("ask me (refuse ambiguous)", ASK), ("day first: 3 April", DateOrder.dayfirst),
               ("month first: March 4", DateOrder.monthfirst)]
REPORT_LIMIT = 50  # lines per section of the preview
START = ("Choose a file and press Preview (or enter): it says what the import would add, "
         "update and refuse. Nothing is written until you press Import.")

Inputs = tuple[str, str, str, str]  # file, what, date order, default account


class ImportDialog(Dialog[str]):
    """File, kind and options; Preview plans the import, Import writes it. Dismisses with
    the one-line summary of what was written (None: nothing was)."""

    DEFAULT_CSS = """
    ImportDialog > .dialog { width: 100; }
    ImportDialog #report {
        height: auto; min-height: 3; max-height: 40vh; margin: 1 0 0 0;
        border-left: wide $primary-muted;
    }
    ImportDialog #report:focus { border-left: wide $primary; background: $boost; }
    ImportDialog #report-text { width: 1fr; padding: 0 1; }
    ImportDialog #status { color: $text-muted; height: auto; }
    ImportDialog .form > Checkbox { background: transparent; }
    """

    BINDINGS = [Binding("ctrl+s", "import", "Import", id="import.run")]

    def __init__(self, store: Store, path: str = "") -> None:
        super().__init__()
        self.store = store
        self.path = path
        self.source: ImportSource | None = None
        self.plan: ImportPlan | None = None
        self.previewed: Inputs | None = None  # the inputs the plan was made from
        self.busy = False
        self.writing = False  # an import under way: it finishes before the dialog closes
        self.auto_vcard = False  # What was set to vCard by the file's name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Import from a file", classes="dialog-title")
            with Vertical(classes="form"):
                yield Label("File")
                yield Input(self.path, id="file", compact=True,
                            placeholder="path of a .csv or .vcf file (~ is your home)")
                yield Label("What")
                yield Select(KINDS, value="accounts", allow_blank=False, id="what",
                             compact=True)
                yield Label("Dates like 03/04")
                yield Select(DATE_ORDERS, value=ASK, allow_blank=False, id="dates",
                             compact=True)
                yield Label("Default account")
                yield Input("", id="account", compact=True, disabled=True,
                            placeholder="for cards with no organisation kamtui knows")
                yield Label("Refused rows")
                yield Checkbox("skip them and import the rest", id="skip", compact=True)
            with VerticalScroll(id="report"):
                yield Static(START, id="report-text", markup=False)
            yield Static("", id="status", markup=False)
            yield error_line()
            yield Static("enter previews · ctrl+s imports after a preview · escape cancels",
                         classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Preview", id="preview", compact=True)
                yield Button("Import", variant="primary", id="import", compact=True,
                             disabled=True)

    def on_mount(self) -> None:
        self.query_one("#file", Input).focus()

    def inputs(self) -> Inputs:
        return (self.query_one("#file", Input).value.strip(),
                str(self.query_one("#what", Select).value),
                str(self.query_one("#dates", Select).value),
                self.query_one("#account", Input).value.strip())

    @property
    def ready(self) -> bool:
        """A preview of the fields as they are, which writes something, and no refused
        rows unless they are to be skipped."""
        plan = self.plan
        return (not self.busy and plan is not None and self.previewed == self.inputs()
                and plan.writes and (not plan.refused or self.query_one("#skip", Checkbox).value))

    def _update(self) -> None:
        """Enable Import only when it may run, and say why not."""
        self.query_one("#import", Button).disabled = not self.ready
        plan, status = self.plan, ""
        if self.busy or plan is None:
            pass  # nothing previewed, or a preview or import under way says its own status
        elif self.previewed != self.inputs():
            status = "The fields changed since the preview: Preview again to import."
        elif not plan.writes:
            status = "Nothing to import: the store already holds all of it as it is."
        elif plan.refused and not self.query_one("#skip", Checkbox).value:
            status = (f"Some {plan.unit}s are refused: fix the file, or tick 'skip them' "
                      f"to import the others.")
        self.query_one("#status", Static).update(status)

    @on(Input.Changed, "#file")
    def _file_typed(self, event: Input.Changed) -> None:
        what = self.query_one("#what", Select)
        if is_vcard(Path(event.value.strip())):
            if what.value != VCARD:
                self.auto_vcard = True
                what.value = VCARD
        elif self.auto_vcard and what.value == VCARD:
            self.auto_vcard = False
            what.value = "accounts"
        self._update()

    @on(Select.Changed, "#what")
    def _kind_chosen(self, event: Select.Changed) -> None:
        vcard = event.value == VCARD
        self.query_one("#account", Input).disabled = not vcard
        self.query_one("#dates", Select).disabled = vcard
        self._update()

    @on(Select.Changed, "#dates")
    @on(Input.Changed, "#account")
    @on(Checkbox.Changed, "#skip")
    def _option_changed(self) -> None:
        self._update()

    # -- preview and import, each in a worker thread ------------------------------------
    @on(Input.Submitted)
    @on(Button.Pressed, "#preview")
    def action_preview(self) -> None:
        if not self.busy:
            self._preview(self.inputs())

    def _busy(self, busy: bool, status: str = "", *, writing: bool = False) -> None:
        self.busy, self.writing = busy, writing
        self.query_one("#preview", Button).disabled = busy
        self.query_one("#cancel", Button).disabled = writing
        self._update()
        if status:
            self.query_one("#status", Static).update(status)

    @work(exclusive=True, group="import-preview")
    async def _preview(self, inputs: Inputs) -> None:
        self._busy(True, "Reading and checking the file…")
        try:
            found = await self.attempt(self._read_and_plan, inputs)
        finally:
            self._busy(False)
        if found is None:  # refused: the sentence is shown; nothing stands previewed
            self.source, self.plan, self.previewed = None, None, None
            self.query_one("#report-text", Static).update(START)
        else:
            self.source, self.plan = found
            self.previewed = inputs
            lines = [*self.source.lines, *self.plan.report(limit=REPORT_LIMIT)]
            self.query_one("#report-text", Static).update(user_text("\n".join(lines)))
            self.query_one("#report", VerticalScroll).scroll_home(animate=False)
        self._update()

    def _read_and_plan(self, inputs: Inputs) -> tuple[ImportSource, ImportPlan]:
        """Runs in a thread: read the file, then plan against the store (no writes)."""
        path, what, dates, account = inputs
        if not path:
            raise KamError("Name the file to import.")
        if what == VCARD:
            source = read_vcard_source(Path(path), default_account=account or None)
        else:
            order = None if dates == ASK else DateOrder(dates)
            source = read_csv_source(Path(path), what, date_order=order)
        plan = plan_import(self.store, source.kind, source.rows, progress=self._progress,
                           **source.options)
        return source, plan

    def _progress(self, done: int, total: int) -> None:
        if total >= 10_000 and done % 10_000 == 0:
            self.app.call_from_thread(self._say, f"Checking: {done:,} of {total:,} rows…")

    def _say(self, status: str) -> None:
        for line in self.query("#status").results(Static):  # none once the dialog closed
            line.update(status)

    @on(Button.Pressed, "#import")
    def action_import(self) -> None:
        if self.ready:
            self._import()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "import":
            return self.ready
        return True

    @work(exclusive=True, group="import-write")
    async def _import(self) -> None:
        plan, skip = self.plan, self.query_one("#skip", Checkbox).value
        if plan is None:
            return
        self._busy(True, "Importing: a backup of the store first, then one transaction…",
                   writing=True)
        try:
            result = await self.attempt(apply_import, self.store, plan, skip_bad_rows=skip)
        finally:
            self._busy(False)
        if result is not None:
            self.dismiss(result.summary())

    def action_cancel(self) -> None:
        if not self.writing:  # an import under way finishes first: its summary is told
            self.dismiss(None)
