"""Settings files, their errors, command-line precedence, and inline suppression."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewer import review
from reviewer.cli import main
from reviewer.config import Config, find_config_file, load_config
from reviewer.engine import settings_for
from reviewer.errors import ConfigError
from reviewer.findings import FailOn, Severity

REPO = Path(__file__).resolve().parents[1]
APOLOGETIC = REPO / "samples" / "apologetic-draft.txt"


def test_review_note_toml_and_pyproject(tmp_path):
    (tmp_path / ".review-note.toml").write_text('ignore = ["hedging"]\nmax-words = 90\n[severity]\nRN101 = "info"\n')
    nested = tmp_path / "drafts" / "2026"
    nested.mkdir(parents=True)
    found = find_config_file(nested)
    assert found == tmp_path / ".review-note.toml"
    config = load_config(found)
    assert config.ignore == ("hedging",) and config.max_words == 90
    assert settings_for(config).severity_for("RN101", Severity.ERROR) is Severity.INFO
    other = tmp_path / "proj"
    other.mkdir()
    (other / "pyproject.toml").write_text('[project]\nname="x"\n[tool.review-note]\nfail-on = "error"\n[tool.review-note.thresholds]\napology = 0.7\n')
    config = load_config(find_config_file(other))
    assert config.fail_on is FailOn.ERROR and settings_for(config).threshold_overrides["apology"] == 0.7


@pytest.mark.parametrize(
    "content, message",
    [
        ("max-wrds = 3\n", "unknown setting 'max-wrds'"),
        ('max-words = "many"\n', "setting 'max-words'"),
        ('fail-on = "sometimes"\n', "setting 'fail-on'"),
        ("[thresholds]\napology = 3\n", "setting 'thresholds'"),
        ("select = 3\n", "setting 'select'"),
        ("this is not toml", "not valid TOML"),
    ],
)
def test_bad_settings_name_the_key(tmp_path, content, message):
    path = tmp_path / ".review-note.toml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_cli_reads_the_nearest_config_and_options_override_it(tmp_path):
    shutil.copy(APOLOGETIC, tmp_path / "draft.txt")
    (tmp_path / ".review-note.toml").write_text('select = ["RN302"]\nfail-on = "error"\n')
    runner = CliRunner()
    result = runner.invoke(main, [str(tmp_path / "draft.txt")])
    assert result.exit_code == 0 and "RN302" in result.output and "RN101" not in result.output
    result = runner.invoke(main, ["--fail-on", "warning", str(tmp_path / "draft.txt")])
    assert result.exit_code == 1
    result = runner.invoke(main, ["--select", "RN101", str(tmp_path / "draft.txt")])
    assert "RN101" in result.output and "RN302" not in result.output


def test_cli_bad_config_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("max-words = 0\n")
    result = CliRunner().invoke(main, ["--config", str(bad), str(APOLOGETIC)])
    assert result.exit_code == 2 and "max-words" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    result = CliRunner().invoke(main, ["--config", str(tmp_path / "none.toml"), str(APOLOGETIC)])
    assert result.exit_code == 2 and "not found" in result.stderr


def test_extra_and_allowed_phrases():
    text = "Hi Ann,\n\nThanks for today. For what it's worth, I ran 3 stores.\n\nBest,\nLee"
    assert "RN302" not in {f.code for f in review(text).findings}
    config = Config(extra_phrases=(("hedging", "for what it's worth"),))
    assert "RN302" in {f.code for f in review(text, config).findings}
    text = "Hi Ann,\n\nThanks for today. I think we should meet again.\n\nBest,\nLee"
    assert "RN302" not in {f.code for f in review(text, Config(allow_phrases=("i think we",))).findings}


def test_bad_extra_phrase_is_a_config_error():
    with pytest.raises(ConfigError, match=re.escape("cannot use phrase '_{5,2}'")):
        review("Thanks for today.", Config(extra_phrases=(("hedging", "_{5,2}"),)))
    with pytest.raises(ConfigError, match="open-ended wildcards"):
        settings_for(Config(extra_phrases=(("hedging", "_* _* _* sorry _*"),)))


@pytest.mark.parametrize(
    "config, message",
    [
        (Config(select=("RN9999",)), "'RN9999'"),
        (Config(ignore=("apolgy",)), "did you mean 'apology'"),
        (Config(ignore=("hedge-jsut",)), "did you mean 'hedge-just'"),
        (Config(severity_overrides=(("RN999", Severity.INFO),)), "severity: no rule"),
        (Config(model_thresholds=(("sarcasm", 0.5),)), "unknown label 'sarcasm'"),
        (Config(extra_phrases=(("length", "very long"),)), "unknown family 'length'"),
    ],
)
def test_options_are_checked_against_the_registry(config, message):
    with pytest.raises(ConfigError, match=message):
        settings_for(config)


@pytest.mark.parametrize("selector", ["RN1", "rn101", "apology-words", "apology", "ALL", "RN"])
def test_known_selectors_resolve(selector):
    assert settings_for(Config(select=(selector,))).enabled


def test_unknown_rule_on_the_command_line_or_in_a_file_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["--select", "RN9999", str(APOLOGETIC)])
    assert result.exit_code == 2 and "RN9999" in result.stderr and not result.stdout
    (tmp_path / ".review-note.toml").write_text('ignore = ["apolgy"]\n')
    shutil.copy(APOLOGETIC, tmp_path / "draft.txt")
    result = CliRunner().invoke(main, ["--format", "json", str(tmp_path / "draft.txt")])
    assert result.exit_code == 2 and "did you mean 'apology'" in result.stderr and not result.stdout


def test_inline_suppression():
    text = ("Hi Ann,\n\nThanks for today. I just wanted to add that I think I ran 3 stores.\n"
            "<!-- review-note: ignore RN301 -->\n\nBest,\nLee")
    report = review(text)
    assert {f.code for f in report.findings} == {"RN302"}
    assert all(text[f.start : f.end] == f.text for f in report.findings)
    text = ("Hi Ann,\n\nThanks for today.\n<!-- review-note: off -->\nI am so sorry.\n<!-- review-note: on -->\n"
            "I am so sorry again.\n\nBest,\nLee")
    assert [(f.code, f.line) for f in review(text).findings if f.family == "apology"] == [("RN101", 7)]
    plain = "Hi Ann,\n\nThanks for today. Maybe we can talk again.\nreview-note: ignore hedging\n\nBest,\nLee"
    assert not review(plain).findings
    # The same resolver as --ignore: prefixes and names.
    for key in ("RN3", "hedge-qualifier", "rn302"):
        assert not review(plain.replace("hedging", key)).findings, key
