"""Turns pydantic validation errors into one plain sentence per bad field."""

from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError


def field_title(model: type[BaseModel], name: str) -> str:
    info = model.model_fields.get(name)
    if info is not None and info.title:
        return info.title
    return name.replace("_", " ").capitalize()


def _choices(model: type[BaseModel], name: str) -> str | None:
    info = model.model_fields.get(name)
    ann = getattr(info, "annotation", None)
    for candidate in (ann, *getattr(ann, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, Enum):
            return ", ".join(str(m.value).replace("_", " ") for m in candidate)
    return None


def _bound(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}"  # a typed -5 is parsed as -5.0; say what was typed
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "...'"


def sentence(model: type[BaseModel], error: dict[str, Any]) -> str:
    """One sentence for one pydantic error entry."""
    loc = [part for part in error.get("loc", ()) if isinstance(part, str)]
    name = loc[0] if loc else ""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if not name:  # a rule across fields (model_validator)
        message = str(ctx.get("error") or error.get("msg", "is invalid"))
        return message[0].upper() + message[1:].rstrip(".") + "."
    title = field_title(model, name)
    got = error.get("input")
    if kind == "missing":
        return f"{title} is required."
    if kind == "string_too_short":
        return f"{title} must not be empty."
    if kind == "string_too_long":
        return f"{title} is too long: at most {ctx.get('max_length')} characters."
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        return f"{title} must be at least {_bound(bound)} (got {_shown(got)})."
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        return f"{title} must be at most {_bound(bound)} (got {_shown(got)})."
    if kind == "enum":
        return f"{title} must be one of: {_choices(model, name) or ctx.get('expected')} " \
               f"(got {_shown(got)})."
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{title} must be a date like 2026-12-01 (got {_shown(got)})."
    if kind.startswith("int"):
        return f"{title} must be a whole number (got {_shown(got)})."
    if kind.startswith("float") or kind.startswith("decimal"):
        return f"{title} must be a number (got {_shown(got)})."
    if kind.startswith("bool"):
        return f"{title} must be yes or no (got {_shown(got)})."
    if kind == "extra_forbidden":
        return f"{title} is not a field kamtui knows."
    if kind == "value_error":
        return f"{title} {ctx.get('error') or error.get('msg')}."
    return f"{title}: {error.get('msg', 'is invalid')}."


def sentences(model: type[BaseModel], exc: ValidationError) -> list[str]:
    return [sentence(model, err) for err in exc.errors()]
