"""`kamtui plan` and `kamtui brief` end to end on the sample portfolio: what they print,
the files they write (0600, only over a regular file), one sentence when refused, and the
exports the screens call."""

import os
import stat
from datetime import date
from pathlib import Path

import pytest
from helpers import Kam
from markdown_check import headings

from kamtui.errors import KamError
from kamtui.io.document_files import (
    ENV_EXPORTS,
    export_brief,
    export_plan,
    write_document,
)
from kamtui.store.repos import Services

TODAY = date(2026, 11, 22)


def refused(result: tuple[int, str, str], *phrases: str) -> str:
    """Exit 2, nothing on stdout, one line on stderr holding each phrase."""
    code, out, err = result
    assert (code, out) == (2, ""), err
    assert err.startswith("kamtui: ") and err.count("\n") == 1, err
    for phrase in phrases:
        assert phrase in err, err
    return err


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_plan_prints_each_audience(demo: Services, kam: Kam) -> None:
    code, internal, err = kam("plan", "Lumera Foods")
    assert (code, err) == (0, "")
    assert headings(internal)[0] == (1, "Key account plan: Lumera Foods, FY2027")
    assert "## Risks" in internal and "## Competitors" in internal
    code, customer, err = kam("plan", "lumera foods", "--audience", "customer",
                              "--period", "fy2027")
    assert (code, err) == (0, "")
    assert headings(customer)[0] == headings(internal)[0]
    assert "## Risks" not in customer and "margin" not in customer.lower()
    code, _out, err = kam("plan", "Lumera Foods", "--audience", "partner")
    assert code == 2 and "invalid choice: 'partner'" in err


def test_brief_prints(demo: Services, kam: Kam) -> None:
    code, out, err = kam("brief", "Meridian Freight Partners")
    assert (code, err) == (0, "")
    assert headings(out)[0] == (1, "Meeting brief: Meridian Freight Partners")
    assert "## Open escalations" in out and "SLA breach" in out


def test_plan_and_brief_write_private_files_and_say_where(demo: Services, kam: Kam,
                                                          tmp_path: Path) -> None:
    target = tmp_path / "lumera-customer.md"
    code, out, err = kam("plan", "Lumera Foods", "--audience", "customer", "-o", str(target))
    assert (code, err) == (0, "")
    assert out == (f"Wrote the customer plan of Lumera Foods (FY2027) to {target} "
                   f"(readable by you only).\n")
    assert mode(target) == 0o600
    assert target.read_text(encoding="utf-8") == kam("plan", "Lumera Foods", "--audience",
                                                     "customer")[1]
    brief = tmp_path / "brief.md"
    brief.write_text("old and public")
    brief.chmod(0o644)
    code, out, err = kam("brief", "Lumera Foods", "--output", str(brief))
    assert (code, err) == (0, "")
    assert out == f"Wrote the meeting brief for Lumera Foods to {brief} (readable by you only).\n"
    assert mode(brief) == 0o600 and brief.read_text().startswith("# Meeting brief: Lumera")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md", "lumera-customer.md",
                                                          "store"]  # no temp file left


def test_only_a_regular_file_is_overwritten(demo: Services, kam: Kam, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    refused(kam("plan", "Lumera Foods", "-o", str(folder)), f"{folder} is a folder",
            "left it untouched")
    assert list(folder.iterdir()) == []
    real = tmp_path / "real.md"
    real.write_text("keep me")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    refused(kam("brief", "Lumera Foods", "-o", str(link)), f"{link} is a link")
    assert real.read_text() == "keep me" and link.is_symlink()
    missing = tmp_path / "nowhere" / "plan.md"
    refused(kam("plan", "Lumera Foods", "-o", str(missing)),
            f"the folder {missing.parent} does not exist")
    assert not missing.parent.exists()


def test_unknown_account_and_period_get_one_sentence(demo: Services, kam: Kam) -> None:
    refused(kam("plan", "Lumera Fodos"),
            "There is no account named 'Lumera Fodos'. Did you mean: Lumera Foods?")
    refused(kam("brief", "Nobody Inc"), "There is no account named 'Nobody Inc'.")
    err = refused(kam("plan", "Lumera Foods", "--period", "FY2030"))
    assert err == ("kamtui: Lumera Foods has no plan for 'FY2030'; its plans are for "
                   "FY2027.\n")
    standard = demo.accounts.list(demo.accounts.table.tier == "standard", limit=1)[0]
    refused(kam("plan", standard.name), f"{standard.name} has no key account plan yet.")


def test_write_document_refuses_what_it_cannot_write(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if os.geteuid() != 0:  # root writes anywhere
        with pytest.raises(KamError, match="Cannot write .*: Permission denied."):
            write_document(locked / "x.md", "text")
    path = write_document(str(tmp_path / "fine.md"), "café\n")
    assert path == tmp_path / "fine.md" and path.read_bytes() == "café\n".encode()


def test_exports_for_the_screens_go_to_a_private_folder(demo: Services, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    exports = tmp_path / "exports"
    monkeypatch.setenv(ENV_EXPORTS, str(exports))
    account = demo.accounts.by_name("Lumera Foods")
    brief = export_brief(demo, account.id)
    assert brief == exports / "lumera-foods-brief-2026-11-22.md"
    assert mode(exports) == 0o700 and mode(brief) == 0o600
    plan = export_plan(demo, account.id, "customer")
    assert plan.name == "lumera-foods-plan-fy2027-customer.md" and mode(plan) == 0o600
    assert "## Risks" not in plan.read_text()
    own = tmp_path / "mine"
    own.mkdir()
    own.chmod(0o755)
    inside = export_plan(demo, account.id, "internal", own)
    assert inside == own / "lumera-foods-plan-fy2027-internal.md" and "## Risks" in \
        inside.read_text()
    assert mode(own) == 0o755  # a folder the user chose is never narrowed
    with pytest.raises(KamError, match="has no plan for 'FY1999'"):
        export_plan(demo, account.id, "internal", own, period="FY1999")
