"""The key-score weights and tier thresholds, in scoring.toml in the user config folder.
A missing file means the defaults; a broken one is refused with one sentence, never
silently replaced by the defaults. kamtui writes the file only through `kamtui weights`."""

import math
import os
import re
import tomllib
from pathlib import Path
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kamtui.errors import InvalidInput, KamError

FILENAME = "scoring.toml"
_STRICT = ConfigDict(extra="forbid", strict=True)


def _weight(default: float, description: str) -> Any:  # noqa: ANN401 - a pydantic Field
    return Field(default=default, ge=0, le=100, allow_inf_nan=False, description=description)


class ScoreWeights(BaseModel):
    """How much each factor counts. Relative: they need not add up to 100, the score is
    scaled to 0-100 whatever they add up to."""

    model_config = _STRICT
    revenue: float = _weight(40, "revenue contribution: rank by annual revenue")
    profitability: float = _weight(20, "margin (or revenue minus cost to serve)")
    strategic: float = _weight(20, "strategic importance, 1-5")
    growth: float = _weight(20, "growth potential, 1-5")

    @model_validator(mode="after")
    def _not_all_zero(self) -> Self:
        if self.total <= 0:
            raise ValueError("the weights must not all be zero")
        return self

    @property
    def total(self) -> float:
        return self.revenue + self.profitability + self.strategic + self.growth


class Thresholds(BaseModel):
    """Where the tiers start on the 0-100 key score, and how many accounts may be key."""

    model_config = _STRICT
    key_min_score: int = Field(default=70, ge=0, le=100,
                               description="score from which an account is proposed key")
    major_min_score: int = Field(default=40, ge=0, le=100,
                                 description="score from which an account is proposed major")
    key_max_share_pct: int = Field(default=20, ge=1, le=100,
                                   description="at most this % of the accounts (churned ones "
                                               "aside) are key: the best scores")
    hold_margin: int = Field(default=5, ge=0, le=50,
                             description="a key or major account keeps its tier until its "
                                         "score is this far below the threshold")
    full_margin_pct: int = Field(default=30, ge=1, le=100,
                                 description="margin % that earns full profitability points")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.major_min_score > self.key_min_score:
            raise ValueError("major_min_score must not be above key_min_score")
        return self


class Scoring(BaseModel):
    """The whole scoring file."""

    model_config = _STRICT
    weights: ScoreWeights = Field(default_factory=ScoreWeights)
    thresholds: Thresholds = Field(default_factory=Thresholds)


SECTIONS: dict[str, type[BaseModel]] = {"weights": ScoreWeights, "thresholds": Thresholds}
NAMES: dict[str, str] = {name: section for section, model in SECTIONS.items()
                         for name in model.model_fields}  # field -> its section


def scoring_path() -> Path:
    """Where the file lives: user_config_dir (so $XDG_CONFIG_HOME on Linux)/kamtui."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("kamtui", appauthor=False)) / FILENAME


def _number(value: Any) -> str:  # noqa: ANN401
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, str) else str(value)


def _problem(error: dict[str, Any]) -> str:
    """One pydantic error as words, naming the setting as the file spells it."""
    name = ".".join(str(part) for part in error["loc"])
    kind, ctx, got = error["type"], error.get("ctx") or {}, error.get("input")
    if kind in ("greater_than_equal", "greater_than"):
        return f"{name} must be at least {_number(ctx.get('ge', ctx.get('gt')))} " \
               f"(got {_number(got)})"
    if kind in ("less_than_equal", "less_than"):
        return f"{name} must be at most {_number(ctx.get('le', ctx.get('lt')))} " \
               f"(got {_number(got)})"
    if kind in ("float_type", "finite_number"):
        return f"{name} must be a number (got {_number(got)})"
    if kind == "int_type":
        return f"{name} must be a whole number (got {_number(got)})"
    if kind == "extra_forbidden" and len(error["loc"]) == 1:
        return f"[{name}] is not a section of it (they are [weights] and [thresholds])"
    if kind == "extra_forbidden":
        section = str(error["loc"][0])
        known = ", ".join(SECTIONS[section].model_fields) if section in SECTIONS else ""
        return f"{name} is not a scoring setting (the {section} are {known})"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{name} must be a [{name}] section"
    if kind == "value_error":
        return str(ctx.get("error") or error.get("msg"))
    return f"{name}: {error.get('msg', 'is not valid')}"


def _refuse(path: Path, problem: str) -> KamError:
    return KamError(f"The scoring file {path} is not usable: {problem}; fix it, or delete it "
                    f"to go back to the default weights.")


def load_scoring(path: Path | None = None) -> Scoring:
    """The scoring settings: the defaults when the file does not exist; a KamError naming
    the file and the problem when it cannot be read, is not TOML or holds bad values."""
    path = path or scoring_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Scoring()
    except OSError as exc:
        raise _refuse(path, f"it cannot be read ({exc.strerror or exc})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _refuse(path, "it is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise _refuse(path, f"it is not valid TOML ({exc})") from None
    try:
        return Scoring.model_validate(data)
    except ValidationError as exc:
        raise _refuse(path, "; ".join(_problem(e) for e in exc.errors())) from None


HEADER = ("# kamtui key-account scoring, written by `kamtui weights NAME VALUE`.\n"
          "# Weights are relative (they need not add up to 100); the key score is 0-100.\n"
          "# Delete this file to go back to the defaults.\n")


def render_scoring(scoring: Scoring, *, header: str = HEADER) -> str:
    """The file's text: a comment header, then each setting with what it means."""
    lines = [header.rstrip("\n")]
    for section, model in SECTIONS.items():
        lines += ["", f"[{section}]"]
        values = getattr(scoring, section)
        for name, info in model.model_fields.items():
            lines.append(f"{name} = {_number(getattr(values, name))}  # {info.description}")
    return "\n".join(lines) + "\n"


def _parse(text: str) -> int | float | None:
    typed = text.strip()
    if re.fullmatch(r"[+-]?[0-9]{1,9}", typed):
        return int(typed)
    if re.fullmatch(r"[+-]?[0-9]{0,9}\.[0-9]{1,9}", typed):
        return float(typed)
    return None


def set_scoring_value(name: str, value: str, path: Path | None = None) -> Scoring:
    """Change one setting (weights or thresholds, by its name) and write the whole file,
    private (0600). A bad name or value, or a broken file, changes nothing."""
    path = path or scoring_path()
    wanted = name.strip().lower().replace("-", "_").split(".")[-1]
    if wanted not in NAMES:
        raise InvalidInput([f"'{name}' is not a scoring setting; they are "
                            f"{', '.join(NAMES)}."])
    number = _parse(value)
    if number is None or (isinstance(number, float) and not math.isfinite(number)):
        raise InvalidInput([f"{wanted} must be a number, not '{value}'."])
    current = load_scoring(path).model_dump()
    current[NAMES[wanted]][wanted] = number
    try:
        scoring = Scoring.model_validate(current)
    except ValidationError as exc:
        raise InvalidInput([_problem(e) + "." for e in exc.errors()]) from None
    _write_private(path, render_scoring(scoring))
    return scoring


def _write_private(path: Path, text: str) -> None:
    # A temp file made 0600 from the start, then renamed over: no moment where the file
    # is half written or readable by others.
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


__all__ = ["NAMES", "ScoreWeights", "Scoring", "Thresholds", "load_scoring", "render_scoring",
           "scoring_path", "set_scoring_value"]
