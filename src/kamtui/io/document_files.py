"""Writing the documents to share to files: private to their owner (0600), never through a
link or over a folder, in the folder the command line names or the exports folder
(KAMTUI_EXPORTS, else ~/kamtui-exports, made 0700)."""

import os
import re
import stat
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TextIO

from kamtui.errors import KamError

ENV_EXPORTS = "KAMTUI_EXPORTS"
EXPORTS_FOLDER = "kamtui-exports"
SLUG_MAX = 60


def export_dir() -> Path:
    """Where the screens write documents: $KAMTUI_EXPORTS, else ~/kamtui-exports."""
    chosen = os.environ.get(ENV_EXPORTS, "").strip()
    return Path(chosen).expanduser() if chosen else Path.home() / EXPORTS_FOLDER


def write_document(path: Path | str, text: str) -> Path:
    """Write `text` (UTF-8) to `path`, readable by its owner only, and return the absolute
    path. An existing regular file is replaced whole; anything else there (a folder, a link,
    a device) is refused in one sentence and left untouched, as is a missing folder."""
    with private_file(path) as handle:
        handle.write(text)
    return Path(path).expanduser().absolute()


@contextmanager
def private_file(path: Path | str, *, encoding: str = "utf-8",
                 newline: str | None = "\n") -> Iterator[TextIO]:
    """A text handle on a new file that replaces `path` (0600) when the block ends well; if
    the block fails, `path` is left as it was. Refusals as for write_document."""
    target = Path(path).expanduser().absolute()
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as err:
        raise KamError(f"Cannot write {target}: {err.strerror}.") from None
    if mode is not None and not stat.S_ISREG(mode):
        kind = ("a folder" if stat.S_ISDIR(mode) else "a link" if stat.S_ISLNK(mode)
                else "not a regular file")
        raise KamError(f"{target} is {kind}; kamtui writes documents only to a new or a "
                       f"regular file, and left it untouched.")
    if not target.parent.is_dir():
        raise KamError(f"Cannot write {target}: the folder {target.parent} does not exist.")
    # Written beside the target and renamed over it: a reader never sees half a document.
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as err:
        raise KamError(f"Cannot write {target}: {err.strerror or err}.") from None
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle:
            yield handle
        os.chmod(temp, 0o600)
        os.replace(temp, target)
    except OSError as err:
        temp.unlink(missing_ok=True)
        raise KamError(f"Cannot write {target}: {err.strerror or err}.") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def slug(text: str) -> str:
    """A file-name-safe form of a name or period: 'Lumera Foods' -> 'lumera-foods'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return words[:SLUG_MAX].rstrip("-") or "account"


def plan_file_name(account: str, period: str, audience: str) -> str:
    return f"{slug(account)}-plan-{slug(period)}-{audience}.md"


def brief_file_name(account: str, day: date) -> str:
    return f"{slug(account)}-brief-{day.isoformat()}.md"


def export_plan(services, account_id: str, audience: str = "internal",  # noqa: ANN001
                folder: Path | None = None, *, period: str | None = None,
                today: date | None = None) -> Path:
    """Write the account's plan (newest, or `period`) for `audience` into `folder` (the
    exports folder by default) and return the file's path. For the screens: run it in a
    thread; refusals are KamError."""
    from kamtui.clock import today as clock_today
    from kamtui.io.plan_markdown import Audience, render_plan
    from kamtui.store.documents import plan_document

    doc = plan_document(services.store, account_id, today or clock_today(), period)
    name = plan_file_name(doc.account.name, doc.period, Audience(audience).value)
    return write_document(_folder(folder) / name, render_plan(doc, audience))


def export_brief(services, account_id: str, folder: Path | None = None, *,  # noqa: ANN001
                 today: date | None = None) -> Path:
    """Write the account's meeting brief into `folder` (the exports folder by default) and
    return the file's path. For the screens: run it in a thread; refusals are KamError."""
    from kamtui.clock import today as clock_today
    from kamtui.io.brief_markdown import render_brief
    from kamtui.store.brief_view import brief_document

    doc = brief_document(services.store, account_id, today or clock_today())
    return write_document(_folder(folder) / brief_file_name(doc.account.name, doc.today),
                          render_brief(doc))


def _folder(folder: Path | None) -> Path:
    from kamtui.store.files import ensure_private_dir

    chosen = Path(folder).expanduser() if folder is not None else export_dir()
    # A folder the user named is theirs: create it private, but never narrow it.
    ensure_private_dir(chosen, tighten=False)
    return chosen


__all__ = ["ENV_EXPORTS", "export_brief", "export_dir", "export_plan", "private_file",
           "write_document"]
