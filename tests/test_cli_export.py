"""`kamtui export json|ics|vcard` and `import json` end to end: private files, what they
hold, and one sentence when refused (CSV export: tests/io/test_csv_export.py)."""

import json
import stat
from pathlib import Path

import vobject
from helpers import Kam, dump
from icalendar import Calendar

from kamtui.store import open_store
from kamtui.store.repos import Services


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_json_round_trip_through_the_command_line(demo: Services, kam: Kam,
                                                  tmp_path: Path) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    code, out, _err = kam("export", "json", "-o", str(first))
    assert code == 0 and out.startswith("Wrote 1071 records as JSON to ")
    assert mode(first) == 0o600
    fresh = tmp_path / "fresh.db"
    assert kam("init", "--db", str(fresh))[0] == 0
    code, out, _err = kam("import", "json", str(first), "--db", str(fresh))
    assert (code, out) == (0, f"Restored 1071 records in 19 tables into {fresh}.\n")
    assert kam("export", "json", "-o", str(second), "--db", str(fresh))[0] == 0
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    assert a.pop("exported_at") and b.pop("exported_at")
    assert a == b and a["replica_id"] == demo.store.replica_id
    restored = open_store(fresh)
    try:
        assert dump(restored) == dump(demo.store)
    finally:
        restored.close()
    # Into a store that holds data: refused, nothing changed.
    before = dump(demo.store)
    code, out, err = kam("import", "json", str(first))
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert "already holds 40 accounts" in err and dump(demo.store) == before


def test_ics_is_private_parses_and_keeps_its_uids(demo: Services, kam: Kam,
                                                  tmp_path: Path) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    code, out, _err = kam("export", "ics", "-o", str(first))
    assert code == 0 and out.startswith("Wrote 231 calendar events to ")
    assert kam("export", "ics", "-o", str(second))[0] == 0
    assert mode(first) == mode(second) == 0o600
    uids = [[str(e["UID"]) for e in Calendar.from_ical(p.read_bytes()).walk("VEVENT")]
            for p in (first, second)]
    assert len(uids[0]) == 231 and len(set(uids[0])) == 231 and uids[0] == uids[1]
    assert b"ATTENDEE" not in first.read_bytes() and b"ORGANIZER" not in first.read_bytes()
    code, out, _err = kam("export", "ics")  # to standard output
    assert code == 0 and out.startswith("BEGIN:VCALENDAR") and out.count("BEGIN:VEVENT") == 231


def test_vcard_export_of_one_account(demo: Services, kam: Kam, tmp_path: Path) -> None:
    target = tmp_path / "lumera.vcf"
    code, out, _err = kam("export", "vcard", "--account", "lumera foods", "-o", str(target))
    assert code == 0 and out.startswith("Wrote 5 contacts as vCards to ")
    assert mode(target) == 0o600
    cards = list(vobject.readComponents(target.read_text()))
    assert len(cards) == 5 and {c.org.value[0] for c in cards} == {"Lumera Foods"}
    assert all("note" not in c.contents for c in cards)  # our reading of people stays
    code, out, err = kam("export", "vcard", "--account", "Nowhere Ltd")
    assert (code, out) == (2, "") and err.startswith("kamtui: There is no account named")
