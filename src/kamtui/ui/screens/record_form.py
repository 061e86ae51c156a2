"""A form for any plain record, built from its pydantic Create model and the fields to
show: text is an Input (long text a TextArea), a vocabulary a Select, numbers and dates
are typed and parsed. It saves through `kamtui.store.records` (one undoable step) and
stays open with the refusal shown until the input is right."""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from types import NoneType, UnionType
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from kamtui.domain.dates import parse_day
from kamtui.domain.enums import label
from kamtui.domain.messages import field_title
from kamtui.errors import Conflict, InvalidInput
from kamtui.store.changes import Change
from kamtui.store.records import create_record, edit_record
from kamtui.store.repos import Services
from kamtui.ui.screens.modal import Dialog, error_line
from kamtui.ui.screens.prompts import DATE_HINT
from kamtui.ui.text import user_text

LONG_TEXT = 1000  # a str field allowed more characters than this gets a TextArea


@dataclass(frozen=True)
class FieldSpec:
    """How one field is edited: its kind (text, long, enum, int, float, date, list, or
    choice: one of the given (label, value) options, e.g. which contact they report to)."""

    name: str
    title: str
    kind: str
    optional: bool
    enum: type[Enum] | None = None
    options: tuple[tuple[str, str], ...] = ()


def field_spec(model: type[BaseModel], name: str) -> FieldSpec:
    info = model.model_fields[name]
    ann = info.annotation
    optional = False
    if get_origin(ann) in (Union, UnionType):
        args = [a for a in get_args(ann) if a is not NoneType]
        optional = len(args) < len(get_args(ann))
        ann = args[0]
    title = field_title(model, name)
    if isinstance(ann, type) and issubclass(ann, Enum):
        return FieldSpec(name, title, "enum", optional, ann)
    if ann is bool:
        raise ValueError(f"{name}: yes/no fields are not supported by RecordForm yet")
    if ann is int or ann is float:
        return FieldSpec(name, title, ann.__name__, optional)
    if ann is date:
        return FieldSpec(name, title, "date", optional)
    if get_origin(ann) is list:
        return FieldSpec(name, title, "list", optional)
    if ann is str:
        longest = max((getattr(m, "max_length", None) or 0 for m in info.metadata),
                      default=0)
        return FieldSpec(name, title, "long" if longest > LONG_TEXT else "text", optional)
    raise ValueError(f"{name}: RecordForm cannot edit a field of type {ann!r}")


def _shown(spec: FieldSpec, value: Any) -> str:
    """A stored value as the text the form shows."""
    if value is None:
        return ""
    if spec.kind == "float":
        return str(int(value)) if float(value).is_integer() else str(value)
    if spec.kind == "date":
        return value.isoformat()
    if spec.kind == "list":
        return ", ".join(value)
    return str(value)


def parse_value(spec: FieldSpec, text: str, today: date) -> Any:
    """The typed text as the field's value; InvalidInput with one sentence if it is not."""
    stripped = text.strip()
    if spec.kind in ("text", "long"):
        return text
    if spec.kind == "list":  # comma-separated; blanks and repeats dropped, order kept
        return list(dict.fromkeys(p.strip() for p in text.split(",") if p.strip()))
    if not stripped:
        if spec.optional:
            return None
        raise InvalidInput([f"{spec.title}: give a value."])
    if spec.kind == "date":
        return parse_day(stripped, today, field=spec.title)
    number = stripped.replace(",", "").replace("_", "").replace(" ", "")
    try:
        value = int(number) if spec.kind == "int" else float(number)
        if not math.isfinite(value):
            raise ValueError(number)
        return value
    except ValueError:
        what = "a whole number" if spec.kind == "int" else "a number"
        raise InvalidInput([f"{spec.title}: {stripped!r} is not {what}."]) from None


def _with_options(spec: FieldSpec,
                  options: Sequence[tuple[str, str]] | None) -> FieldSpec:
    if options is None:
        return spec
    return FieldSpec(spec.name, spec.title, "choice", spec.optional,
                     options=tuple((text, value) for text, value in options))


class RecordForm(Dialog[Change]):
    """Add a record (`record` None) or edit some fields of one; dismisses with the Change.

    `fixed` holds values the caller sets and the form does not show (e.g. account_id);
    `choices` turns a field into a pick from (label, value) options (e.g. reports_to_id
    from the account's contacts); an optional one can be left blank."""

    BINDINGS = [Binding("ctrl+s", "save", "Save", id="form.save")]

    def __init__(self, services: Services, repo_name: str, model: type[BaseModel],
                 fields: Sequence[str], *, heading: str, today: date,
                 record: BaseModel | None = None,
                 fixed: Mapping[str, Any] | None = None,
                 choices: Mapping[str, Sequence[tuple[str, str]]] | None = None) -> None:
        super().__init__()
        self.services = services
        self.repo_name = repo_name
        self.model = model
        options = dict(choices or {})
        self.specs = [_with_options(field_spec(model, name), options.get(name))
                      for name in fields]
        self.heading = heading
        self.today = today
        self.record = record
        # The record as the form saw it: a save refuses if it was saved elsewhere since;
        # after that warning the next save overwrites (unless it changed yet again).
        self.expected = getattr(record, "updated_at", None)
        self.fixed = dict(fixed or {})

    def _initial(self, spec: FieldSpec) -> Any:
        if self.record is not None:
            return getattr(self.record, spec.name)
        info = self.model.model_fields[spec.name]
        if info.is_required():  # no default: the field starts empty, not "PydanticUndefined"
            return None
        return info.get_default(call_default_factory=True)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(self.heading, classes="dialog-title", markup=False)
            with Vertical(classes="form"):
                for spec in self.specs:
                    yield Label(spec.title, markup=False)
                    yield self._widget(spec)
            yield error_line()
            yield Static("ctrl+s saves · escape cancels · tab moves", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save", variant="primary", id="save", compact=True)

    def _widget(self, spec: FieldSpec) -> Input | Select | TextArea:
        value = self._initial(spec)
        id = f"f-{spec.name}"
        if spec.kind == "enum":
            assert spec.enum is not None
            return Select([(label(m), m) for m in spec.enum], id=id, compact=True,
                          allow_blank=spec.optional,
                          value=spec.enum(value) if value is not None else Select.NULL)
        if spec.kind == "choice":
            known = {v for _, v in spec.options}
            return Select([(user_text(text), v) for text, v in spec.options], id=id,
                          compact=True,
                          allow_blank=spec.optional or value not in known,
                          value=value if value in known else Select.NULL,
                          prompt="(none)" if spec.optional else "Select")
        if spec.kind == "long":
            return TextArea(value or "", id=id, soft_wrap=True, compact=True)
        hint = {"date": DATE_HINT, "int": "a whole number", "float": "a number",
                "list": "comma-separated"}.get(spec.kind, "")
        if spec.optional and hint:
            hint += " (blank: none)"
        return Input(_shown(spec, value), id=id, compact=True, placeholder=hint)

    def on_mount(self) -> None:
        if self.specs:
            self.query_one(f"#f-{self.specs[0].name}").focus()

    def _texts(self) -> dict[str, Any]:
        """What is in each widget now (read on the event loop)."""
        texts: dict[str, Any] = {}
        for spec in self.specs:
            widget = self.query_one(f"#f-{spec.name}")
            if isinstance(widget, TextArea):
                texts[spec.name] = widget.text
            elif isinstance(widget, Select):
                texts[spec.name] = None if widget.value is Select.NULL else widget.value
            else:
                texts[spec.name] = widget.value
        return texts

    @on(Button.Pressed, "#save")
    async def action_save(self) -> None:
        change = await self.attempt(self._save, self._texts())
        if change is not None:
            self.dismiss(change)

    def values(self, texts: Mapping[str, Any]) -> dict[str, Any]:
        """The typed text as field values; every problem one sentence, reported together."""
        problems: list[str] = []
        data: dict[str, Any] = {}
        for spec in self.specs:
            raw = texts[spec.name]
            if spec.kind in ("enum", "choice"):
                if raw is None and not spec.optional:
                    problems.append(f"{spec.title}: choose one.")
                data[spec.name] = raw
                continue
            try:
                data[spec.name] = parse_value(spec, raw, self.today)
            except InvalidInput as err:
                problems.extend(err.messages)
        if problems:
            raise InvalidInput(problems)
        return {**data, **self.fixed}

    def _save(self, texts: Mapping[str, Any]) -> Change:
        """Runs in a thread: parse, then one transaction through the store."""
        data = self.values(texts)
        if self.record is None:
            return create_record(self.services, self.repo_name, data)[1]
        record_id = self.record.id  # type: ignore[attr-defined]
        try:
            return edit_record(self.services, self.repo_name, record_id, data,
                               expected_updated_at=self.expected)
        except Conflict as err:
            self.expected = err.current
            raise


__all__ = ["FieldSpec", "RecordForm", "field_spec", "parse_value"]
