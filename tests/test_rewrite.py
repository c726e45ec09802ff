"""The suggested rewrite: lints clean, keeps or reports the draft's facts, invents nothing."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer import review, rewrite
from reviewer.cli import main
from reviewer.config import Config
from reviewer.rewrite import suggest

REPO = Path(__file__).resolve().parents[1]
APOLOGETIC = REPO / "samples" / "apologetic-draft.txt"
UNITS = [json.loads(line) for line in (REPO / "corpora" / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
BODY_UNITS = [u["text"] for u in UNITS if "\n" not in u["text"] and not u["text"].lower().startswith(("subject", "dear", "hi "))]
TEMPLATE_WORDS = set(
    re.findall(
        r"[a-z0-9]+",
        " ".join([rewrite.THANKS_TEMPLATE, rewrite.CLOSING_TEMPLATE, rewrite.REMARK_TEMPLATE, rewrite.ADDENDUM_LEAD,
                  rewrite.TOPIC_LEAD, "I'd also like to add two of my qualifications one qualification",
                  "Subject: Thank you Hello, Best regards, about"]).lower(),
    )
)


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def invented(suggestion_text: str, *sources: str) -> set[str]:
    """Words of the suggestion found in no source and no fixed template line."""
    return words(suggestion_text) - set().union(*(words(s) for s in sources)) - TEMPLATE_WORDS


def test_dev_drafts_suggestions_lint_clean_keep_facts_and_invent_nothing(dev_drafts):
    config = Config()
    for draft in dev_drafts:
        result = suggest(draft["text"], review(draft["text"], config), config)
        assert not review(result.text, config).fails(config.fail_on), (draft["id"], result.text)
        missing = [f for f in draft["facts"] if f not in result.text and not any(f in item for item in result.left_out)]
        assert not missing, (draft["id"], missing)
        assert not invented(result.text, draft["text"]), (draft["id"], invented(result.text, draft["text"]))
        assert result.body_words <= config.max_words or any("over the" in n for n in result.notes)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(BODY_UNITS), min_size=1, max_size=9), st.sampled_from(["Hi Sam,", "Dear Dr. Ito,", ""]))
def test_suggestion_never_invents_words_and_passes_its_own_lint(sentences, greeting):
    text = (greeting + "\n\n" if greeting else "") + " ".join(sentences) + "\n\nBest,\nRiley"
    config = Config()
    result = suggest(text, review(text, config), config)
    assert not invented(result.text, text)
    assert not review(result.text, config).fails(config.fail_on), result.text


def test_plain_thank_you_when_nothing_is_worth_adding():
    text = "Dear Ms. Ito,\n\nThank you for the interview today. I'm so sorry I was late.\n\nBest,\nRiley"
    result = suggest(text, review(text))
    assert not result.addendum and any("plain thank-you note" in n for n in result.notes)
    assert "sorry" not in result.text.lower() and "Riley" in result.text and "Dear Ms. Ito," in result.text


def test_skill_inside_an_apology_becomes_the_addendum():
    text = ("Hi Dana,\n\nThanks for meeting me about the analyst role. I'm sorry I froze on the SQL question, "
            "but I have written SQL reports for 3 years at Northwind Traders.\n\nBest,\nRiley")
    result = suggest(text, review(text))
    assert result.addendum and "3 years at Northwind Traders" in result.addendum[0]
    assert "sorry" not in result.text.lower()


def test_add_and_job_relevance(tmp_path):
    text = ("Hi Dana,\n\nThank you for the interview for the designer role. I also wanted to mention that I ran "
            "the Lakeside half marathon in 1:45.\n\nBest,\nRiley")
    job = "Graphic designer: brand identity, typography, Figma, print production and packaging design."
    result = suggest(text, review(text), job=job)
    assert any("nothing to do with the job" in n for n in result.notes)
    added = suggest(text, review(text), job=job, add="I redesigned the packaging for Alder Tea in Figma")
    assert "I redesigned the packaging for Alder Tea in Figma" in added.text
    assert not invented(added.text, text, "I redesigned the packaging for Alder Tea in Figma")


def test_cli_suggest_json_carries_the_suggestion():
    result = CliRunner().invoke(main, ["--suggest", "--format", "json", str(APOLOGETIC)])
    data = json.loads(result.output)
    suggestion = data["files"][0]["suggestion"]
    assert suggestion["text"].startswith("Subject:") and suggestion["addendum"]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_output_never_overwrites_without_force_and_draft_is_untouched(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_bytes(APOLOGETIC.read_bytes())
    before = digest(draft)
    out = tmp_path / "better.txt"
    runner = CliRunner()
    assert runner.invoke(main, ["--suggest", "-o", str(out), str(draft)]).exit_code == 1
    assert out.exists() and digest(draft) == before
    out.write_text("keep me")
    result = runner.invoke(main, ["--suggest", "-o", str(out), str(draft)])
    assert result.exit_code == 2 and "already exists" in result.stderr and out.read_text() == "keep me"
    assert runner.invoke(main, ["--suggest", "-o", str(out), "--force", str(draft)]).exit_code == 1
    assert out.read_text() != "keep me" and digest(draft) == before


def test_in_place_keeps_the_original(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_bytes(APOLOGETIC.read_bytes())
    before = draft.read_bytes()
    result = CliRunner().invoke(main, ["--in-place", str(draft)])
    assert result.exit_code == 1, result.stderr
    assert (tmp_path / "draft.txt.orig").read_bytes() == before
    assert draft.read_bytes() != before and not review(draft.read_text()).fails(Config().fail_on)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt", "draft.txt.orig"]


def test_output_needs_exactly_one_draft(tmp_path):
    result = CliRunner().invoke(main, ["--suggest", "-o", str(tmp_path / "x.txt"), str(APOLOGETIC), str(APOLOGETIC)])
    assert result.exit_code == 2 and "exactly one draft" in result.stderr
