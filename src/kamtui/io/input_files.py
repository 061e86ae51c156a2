"""Opening a file the user asked kamtui to read (an import): its bytes, or one sentence
saying why there are none."""

from pathlib import Path

from kamtui.errors import KamError


def read_input(path: Path, what: str) -> bytes:
    """The bytes at `path`; `what` names what the user should give, e.g. "a CSV file"."""
    path = Path(path)
    if path.is_dir():
        raise KamError(f"{path} is a folder, not {what}.")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise KamError(f"There is no file at {path}; give the path of {what}.") from None
    except OSError as err:
        raise KamError(f"Cannot read {path}: {err.strerror or err}.") from None
