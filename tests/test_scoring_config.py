"""The scoring file: where it lives, defaults when missing, a broken file refused with one
sentence (never silently replaced by the defaults), and writing it privately."""

import stat
from pathlib import Path

import pytest

from kamtui.errors import InvalidInput, KamError
from kamtui.scoring_config import (
    NAMES,
    Scoring,
    load_scoring,
    render_scoring,
    scoring_path,
    set_scoring_value,
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    # conftest points XDG_CONFIG_HOME here; platformdirs honours it.
    found = scoring_path()
    assert found == tmp_path / "xdg-config" / "kamtui" / "scoring.toml"
    return found


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_no_file_means_the_defaults(path: Path) -> None:
    scoring = load_scoring()
    assert scoring == Scoring()
    weights, rules = scoring.weights, scoring.thresholds
    assert (weights.revenue, weights.profitability, weights.strategic, weights.growth) == (
        40, 20, 20, 20)
    assert (rules.key_min_score, rules.major_min_score, rules.key_max_share_pct,
            rules.hold_margin, rules.full_margin_pct) == (70, 40, 20, 5, 30)
    assert not path.exists()  # reading never writes


def test_a_partial_file_keeps_the_other_defaults(path: Path) -> None:
    write(path, "[weights]\nrevenue = 10\nstrategic = 12.5\n\n[thresholds]\nkey_min_score = 80\n")
    scoring = load_scoring()
    assert (scoring.weights.revenue, scoring.weights.strategic) == (10, 12.5)
    assert scoring.weights.growth == 20 and scoring.thresholds.key_min_score == 80
    assert scoring.thresholds.major_min_score == 40


@pytest.mark.parametrize("text, problem", [
    ("[weights\n", "it is not valid TOML (Expected ']' at the end of a table declaration "
                   "(at line 1, column 9))"),
    ("[weights]\nrevenue = -5\n", "weights.revenue must be at least 0 (got -5)"),
    ("[weights]\nrevenue = 101\n", "weights.revenue must be at most 100 (got 101)"),
    ("[weights]\nrevenue = \"40\"\n", "weights.revenue must be a number (got '40')"),
    ("[weights]\nrevenue = true\n", "weights.revenue must be a number (got True)"),
    ("[weights]\nrevenue = nan\n", "weights.revenue must be a number (got nan)"),
    ("[weights]\nrevenue = 0\nprofitability = 0\nstrategic = 0\ngrowth = 0\n",
     "the weights must not all be zero"),
    ("[weights]\nrevnue = 40\n", "weights.revnue is not a scoring setting (the weights are "
                                 "revenue, profitability, strategic, growth)"),
    ("[colours]\n", "[colours] is not a section of it (they are [weights] and [thresholds])"),
    ("weights = 3\n", "weights must be a [weights] section"),
    ("[thresholds]\nkey_min_score = 70.5\n",
     "thresholds.key_min_score must be a whole number (got 70.5)"),
    ("[thresholds]\nmajor_min_score = 80\n", "major_min_score must not be above key_min_score"),
    ("[thresholds]\nkey_max_share_pct = 0\n", "thresholds.key_max_share_pct must be at least "
                                               "1 (got 0)"),
])
def test_a_broken_file_is_refused_with_one_sentence(path: Path, text: str,
                                                    problem: str) -> None:
    write(path, text)
    with pytest.raises(KamError) as err:
        load_scoring()
    assert str(err.value) == (f"The scoring file {path} is not usable: {problem}; fix it, or "
                              f"delete it to go back to the default weights.")
    assert "\n" not in str(err.value)


def test_several_problems_make_one_sentence(path: Path) -> None:
    write(path, "[weights]\nrevenue = -1\ngrowth = \"x\"\n")
    with pytest.raises(KamError, match=r"revenue must be at least 0 \(got -1\); "
                                       r"weights.growth must be a number"):
        load_scoring()


def test_a_file_that_is_not_text_is_refused(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xfe[weights]")
    with pytest.raises(KamError, match="is not usable: it is not UTF-8 text"):
        load_scoring()


def test_setting_a_value_writes_a_private_file_with_a_header(path: Path) -> None:
    scoring = set_scoring_value("Revenue", "50")
    assert scoring.weights.revenue == 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    text = path.read_text()
    assert text.startswith("# kamtui key-account scoring, written by `kamtui weights")
    assert "revenue = 50  # revenue contribution" in text
    assert load_scoring() == scoring
    # Names as people type them: dashes, case, a section in front.
    assert set_scoring_value("key-min-score", "75").thresholds.key_min_score == 75
    assert set_scoring_value("weights.growth", "2.5").weights.growth == 2.5
    reread = load_scoring()
    assert (reread.weights.revenue, reread.thresholds.key_min_score,
            reread.weights.growth) == (50, 75, 2.5)
    assert render_scoring(reread) == path.read_text()
    assert [p.name for p in path.parent.iterdir()] == ["scoring.toml"]  # no temp file left


@pytest.mark.parametrize("name, value, message", [
    ("colour", "5", "'colour' is not a scoring setting; they are " + ", ".join(NAMES) + "."),
    ("growth", "lots", "growth must be a number, not 'lots'."),
    ("growth", "1e3", "growth must be a number, not '1e3'."),
    ("growth", "-3", "weights.growth must be at least 0 (got -3)."),
    ("hold_margin", "2.5", "thresholds.hold_margin must be a whole number (got 2.5)."),
    ("major_min_score", "90", "major_min_score must not be above key_min_score."),
])
def test_a_bad_setting_changes_nothing(path: Path, name: str, value: str,
                                       message: str) -> None:
    with pytest.raises(InvalidInput) as err:
        set_scoring_value(name, value)
    assert str(err.value) == message
    assert not path.exists()


def test_a_broken_file_is_not_overwritten(path: Path) -> None:
    write(path, "[weights]\nrevenue = oops\n")
    with pytest.raises(KamError, match="not valid TOML"):
        set_scoring_value("revenue", "30")
    assert path.read_text() == "[weights]\nrevenue = oops\n"
