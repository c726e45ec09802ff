"""The suggested note as minimal edits: clean notes unchanged, edits that apply exactly, a diff
that `patch` applies, nothing invented, every sentence accounted for."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer import review, rewrite
from reviewer.cli import main
from reviewer.config import Config
from reviewer.edits import apply_edits, unified_diff
from reviewer.findings import Edit
from reviewer.rewrite import suggest

REPO = Path(__file__).resolve().parents[1]
APOLOGETIC = REPO / "samples" / "apologetic-draft.txt"
CLEAN = REPO / "samples" / "clean-draft.txt"
UNITS = [json.loads(line) for line in (REPO / "corpora" / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
BODY_UNITS = [u["text"] for u in UNITS if "\n" not in u["text"] and not u["text"].lower().startswith(("subject", "dear", "hi "))]
CLEAN_UNITS = [u["text"] for u in UNITS if "\n" not in u["text"] and set(u["labels"]) <= {"thanks", "skills_addendum", "other"}
               and not u["text"].lower().startswith(("subject", "dear", "hi "))]
# Fixed lines, and the words of local repairs: "maybe 30" -> "about 30", "Hopefully we" -> "I hope we".
FIXED_WORDS = " ".join([rewrite.THANKS_LINE, rewrite.THANKS_WHEN, rewrite.CLOSE_LINE, rewrite.FRAME, rewrite.CLOSING_WORD,
                        "about the position role opening job",
                        "I hope to", "As for"])


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def kept(fact: str, text: str) -> bool:
    """Whether a fact is in the text, allowing an inflection ("did kind of lead" -> "led")."""
    from reviewer.pipeline import lookup_lemma

    return fact in text or {lookup_lemma(w) for w in words(fact)} <= {lookup_lemma(w) for w in words(text)}


def invented(result, *sources: str) -> set[str]:
    """Words of the suggestion found in no source, no fixed line and no spelling correction."""
    from reviewer.pipeline import lookup_lemma

    corrections = " ".join(e.replacement for e in result.edits if e.code == "RN601")
    new = words(result.text) - set().union(*(words(s) for s in sources)) - words(FIXED_WORDS) - words(corrections)
    source_lemmas = {lookup_lemma(w) for s in sources for w in words(s)}
    return {w for w in new if lookup_lemma(w) not in source_lemmas}  # an inflection ("lead" -> "led") is no new word


def test_clean_dev_notes_are_left_byte_for_byte(dev_drafts):
    for draft in dev_drafts:
        if not draft["notes"].startswith("Type: clean"):
            continue
        result = suggest(draft["text"], review(draft["text"]), Config())
        assert result.text == draft["text"] and not result.edits, draft["id"]
        assert result.notes == ("Nothing to change.",)


def test_dev_suggestions_keep_facts_invent_nothing_and_drop_every_apology(dev_drafts):
    config = Config()
    for draft in dev_drafts:
        result = suggest(draft["text"], review(draft["text"], config), config)
        assert apply_edits(draft["text"], result.edits) == result.text
        missing = [f for f in draft["facts"] if not kept(f, result.text) and not any(f in item for item in result.left_out)]
        assert not missing, (draft["id"], missing)
        assert not invented(result, draft["text"]), (draft["id"], invented(result, draft["text"]))
        after = review(result.text, config)
        phrases = [f for f in after.findings if f.family in ("apology", "over-explanation") and str(f.source) != "model"]
        assert not phrases, (draft["id"], [(f.code, f.text) for f in phrases])
        # greeting and sign-off stay byte for byte
        for unit in review(draft["text"]).anatomy.units:
            if unit.part.value in ("greeting", "signoff"):
                assert unit.text in result.text, (draft["id"], unit.text)


def test_every_sentence_is_accounted_for_and_left_out_agrees_with_the_text(dev_drafts):
    for draft in dev_drafts:
        report = review(draft["text"])
        result = suggest(draft["text"], report, Config())
        units = [u for u in report.anatomy.units if u.part.value in ("subject", "body")]
        accounted = [c for c in result.changes if c.fate != "added"]
        assert [(c.start, c.end) for c in accounted] == [(u.start, u.end) for u in units], draft["id"]
        for change in accounted:
            if change.fate == "kept":
                assert change.text in result.text, (draft["id"], change.text)
            if change.fate == "removed":
                assert change.text not in result.text and change.codes and change.reason, (draft["id"], change.text)
        for item in result.left_out:
            assert item not in result.text
        for change in result.changes:
            if change.fate == "added":
                assert change.text in result.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(BODY_UNITS), min_size=1, max_size=9), st.sampled_from(["Hi Sam,", "Dear Dr. Ito,", ""]))
def test_edits_apply_exactly_and_invent_nothing(sentences, greeting):
    text = (greeting + "\n\n" if greeting else "") + " ".join(sentences) + "\n\nBest,\nRiley"
    result = suggest(text, review(text), Config())
    assert apply_edits(text, result.edits) == result.text
    assert not invented(result, text), result.text
    assert "Best,\nRiley" in result.text and (not greeting or result.text.startswith(greeting))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(CLEAN_UNITS), min_size=1, max_size=5))
def test_a_note_without_apology_excuse_or_hedge_is_unchanged(sentences):
    text = "Hi Sam,\n\n" + " ".join(sentences) + "\n\nBest,\nRiley\n"
    report = review(text)
    fixable = [f for f in report.findings if f.family in ("apology", "over-explanation", "hedging", "spelling")
               or f.code == "RN401"]
    result = suggest(text, report, Config())
    if not fixable:
        assert result.text == text and not result.edits


@pytest.mark.skipif(shutil.which("patch") is None, reason="no patch program")
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(BODY_UNITS), min_size=1, max_size=6), st.booleans())
def test_diff_round_trips_through_patch(tmp_path, sentences, trailing_newline):
    text = "Hi Sam,\n\n" + "\n".join(sentences) + "\n\nBest,\nRiley" + ("\n" if trailing_newline else "")
    result = suggest(text, review(text), Config())
    draft = tmp_path / "draft.txt"
    draft.write_text(text, encoding="utf-8")
    diff = unified_diff(text, result.text, "draft.txt")
    if not diff:
        assert result.text == text
        return
    subprocess.run(["patch", "-s", "-p1", "-d", str(tmp_path)], input=diff, text=True, check=True, timeout=30)
    assert draft.read_text(encoding="utf-8") == result.text


def test_a_fact_inside_an_apology_is_lifted_in_the_writers_words():
    text = ("Hi Dana,\n\nThanks for meeting me about the analyst role. I'm sorry I froze on the SQL question, "
            "but I have written SQL reports for 3 years at Northwind Traders.\n\nI look forward to hearing from you.\n\nBest,\nRiley")
    result = suggest(text, review(text), Config())
    assert "I have written SQL reports for 3 years at Northwind Traders." in result.text
    assert "sorry" not in result.text.lower() and "froze" not in result.text


def test_a_topic_from_the_deleted_sentence_frames_the_fact():
    text = ("Dear Ms. Lee,\n\nThank you for the interview on Monday. I'm so sorry that I blanked when you asked about "
            "payroll audits. At Kestrel Foods I ran the quarterly payroll audit for 400 staff.\n\nBest regards,\nSam")
    result = suggest(text, review(text), Config())
    assert "Since we discussed payroll audits, I'd like to add that at Kestrel Foods I ran the quarterly payroll audit" in result.text
    assert "I look forward to hearing from you." in result.text  # no close was left


def test_thanks_line_when_the_note_no_longer_opens_with_thanks():
    text = "Hi Sam,\n\nI know I messed up the whiteboard problem. I shipped 3 apps at Brightpath.\n\nSee you soon,\nJo"
    result = suggest(text, review(text), Config())
    body = result.text.split("\n\n")[1]
    assert body.startswith(rewrite.THANKS_LINE.format(about="")) and "messed up" not in result.text


@pytest.mark.parametrize("draft, expected", [
    ("Hi Sam,\n\nThanks for today. I have managed maybe 30 people at Acme.\n\nBest,\nJo", "I have managed about 30 people"),
    ("Hi Sam,\n\nThanks for today. I have, I believe, two years of SAP at Acme.\n\nBest,\nJo", "I have two years of SAP"),
    ("Hi Sam,\n\nThanks for today. Maybe we can talk again next week.\n\nBest,\nJo", "We can talk again next week."),
    ("Hi Sam,\n\nThanks for today. I did kind of lead the Acme redesign.\n\nBest,\nJo", "I led the Acme redesign."),
    ("Hi Sam,\n\nThanks for today. I just wanted to add that I ran 3 stores.\n\nBest,\nJo", "I wanted to add that I ran 3 stores."),
    ("Hi Sam,\n\nThanks for today. I'm no expert in SQL, but I taught myself at Acme.\n\nBest,\nJo", "As for SQL, I taught myself at Acme."),
])
def test_hedges_are_deleted_with_local_repair(draft, expected):
    result = suggest(draft, review(draft), Config())
    assert expected in result.text, result.text


@pytest.mark.parametrize("text", [
    "Hi Sam,\n\nThanks for today. We moved the bakery to just-in-time ordering at Acme.\n\nBest,\nJo",
    "Hi Sam,\n\nThanks for today. I ran delivery partnerships with Just Eat for 2 years.\n\nBest,\nJo",
    "Hi Sam,\n\nThanks for today. You asked what kind of dashboards I built at Acme.\n\nBest,\nJo",
])
def test_compounds_and_names_are_not_hedges(text):
    result = suggest(text, review(text), Config())
    assert result.text == text


def test_what_pointed_at_a_removed_explanation_goes_with_it():
    text = ("Hi Ann,\n\nThank you for the interview today. The reason I stumbled is that I was tired from the drive. "
            "The answer would still have worked the same way. I also ran the Acme warehouse for 4 years.\n\nBest,\nLee")
    result = suggest(text, review(text), Config())
    assert "would still have worked" not in result.text and "I ran the Acme warehouse for 4 years." in result.text
    fates = {c.text: (c.fate, c.codes) for c in result.changes}
    assert fates["The answer would still have worked the same way."] == ("removed", ("RN201",))


def test_subject_sign_off_and_leftovers_after_an_apology():
    text = ("Subject: Sorry about being late today\n\nHi Mr. Kay,\n\nI'm really sorry I showed up late. Thank you for the "
            "interview about the lead role. I guess what I'm saying is that I would love to join the team.\n\nSorry again,\nDee")
    result = suggest(text, review(text), Config())
    assert result.text.startswith("Subject: Thank you\n\nHi Mr. Kay,\n\n")
    assert "I would love to join the team." in result.text and "saying" not in result.text
    assert result.text.endswith("\n\nBest regards,\nDee") and "Sorry" not in result.text


def test_an_unsure_ranking_is_dropped_not_made_firm():
    text = ("Hi Ann,\n\nThanks for today! I'm sorry I rambled. I booked 41 meetings last quarter at Cloudrise, which I think "
            "was the most on my team.\n\nBest,\nLee")
    result = suggest(text, review(text), Config())
    assert "I booked 41 meetings last quarter at Cloudrise." in result.text and "most on my team" not in result.text


def test_one_classifier_finding_in_a_note_without_mistake_words_is_kept_with_a_note(monkeypatch):
    import reviewer.engine as engine
    from reviewer.model.scoring import Labelled, UnitScores

    def reads_the_remark_as_an_excuse(doc, anatomy, thresholds, **_):
        units = tuple(Labelled(i, 0.99, ()) for i, u in enumerate(anatomy.units) if u.text.startswith("The student-made map"))
        probabilities = tuple({"over_explanation": 0.99 if any(x.unit == i for x in units) else 0.0, "skills_addendum": 0.0}
                              for i in range(len(anatomy.units)))
        return UnitScores(probabilities, {"over_explanation": units})

    monkeypatch.setattr(engine, "score_units", reads_the_remark_as_an_excuse)
    text = ("Dear Ms. Bell,\n\nThank you for the visit to Lincoln Elementary. The student-made map of the hallway was a "
            "wonderful touch.\n\nI look forward to hearing from you.\n\nWarmly,\nHannah")
    report = review(text)
    assert [f.code for f in report.findings] == ["RN203"]
    result = suggest(text, report, Config())
    assert result.text == text and not result.edits
    assert [n for n in result.notes if n.startswith("Kept, but check it")]


def test_too_long_removes_whole_sentences_only():
    remark = "The tour of the plant and the talk with the shift leads were a real highlight of the day for me. "
    text = ("Hi Ann,\n\nThank you for the interview today. I'm sorry I was late. " + remark * 8
            + "I ran the night shift at Acme for 4 years.\n\nI look forward to hearing from you.\n\nBest,\nLee")
    report = review(text)
    result = suggest(text, report, Config())
    assert result.body_words <= Config().max_words
    assert "I ran the night shift at Acme for 4 years." in result.text
    assert all(c.codes == ("RN401",) for c in result.changes if c.fate == "removed" and "tour" in c.text)


def test_add_puts_the_users_fact_in_and_nothing_else():
    text = "Hi Dana,\n\nThank you for the interview for the designer role.\n\nI look forward to hearing from you.\n\nBest,\nRiley"
    fact = "I redesigned the packaging for Alder Tea in Figma"
    result = suggest(text, review(text), Config(), add=fact)
    assert fact + "." in result.text and not invented(result, text, fact)


def test_cli_suggest_json_carries_edits_and_changes():
    result = CliRunner().invoke(main, ["--suggest", "--format", "json", str(APOLOGETIC)])
    suggestion = json.loads(result.output)["files"][0]["suggestion"]
    original = APOLOGETIC.read_text(encoding="utf-8")
    edits = [Edit(e["start"], e["end"], e["replacement"], e["code"]) for e in suggestion["edits"]]
    assert apply_edits(original, edits) == suggestion["text"] and suggestion["changed"]
    assert {c["fate"] for c in suggestion["changes"]} >= {"removed", "added"}


def test_cli_diff_prints_only_the_diff_and_exits_1_when_there_is_a_change(tmp_path):
    runner = CliRunner()
    changed = runner.invoke(main, ["--diff", str(APOLOGETIC)])
    assert changed.exit_code == 1 and changed.stdout.startswith("--- a/") and "Checked" not in changed.stdout
    unchanged = runner.invoke(main, ["--diff", str(CLEAN)])
    assert unchanged.exit_code == 0 and unchanged.stdout == ""
    if shutil.which("patch"):
        draft = tmp_path / "draft.txt"
        shutil.copy(APOLOGETIC, draft)
        proc = subprocess.run([*_cli(), "--diff", "draft.txt"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
        subprocess.run(["patch", "-s", "-p1"], cwd=tmp_path, input=proc.stdout, text=True, check=True, timeout=30)
        expected = suggest(APOLOGETIC.read_text(), review(APOLOGETIC.read_text()), Config()).text
        assert draft.read_text() == expected


def test_cli_diff_on_an_email_says_why_it_prints_no_diff():
    result = CliRunner().invoke(main, ["--diff", str(REPO / "samples" / "follow-up.eml")])
    assert result.stdout == "" and "plain-text draft" in result.stderr
    assert result.exit_code == 1  # the note would still change


def _cli() -> list[str]:
    import sys

    return [sys.executable, "-m", "reviewer"]


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


def test_in_place_keeps_the_original_and_writes_exactly_the_suggestion(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_bytes(APOLOGETIC.read_bytes())
    before = draft.read_bytes()
    result = CliRunner().invoke(main, ["--in-place", str(draft)])
    assert result.exit_code == 1, result.stderr
    assert (tmp_path / "draft.txt.orig").read_bytes() == before
    text = before.decode("utf-8")
    assert draft.read_text(encoding="utf-8") == suggest(text, review(text), Config()).text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt", "draft.txt.orig"]


def test_output_needs_exactly_one_draft(tmp_path):
    result = CliRunner().invoke(main, ["--suggest", "-o", str(tmp_path / "x.txt"), str(APOLOGETIC), str(APOLOGETIC)])
    assert result.exit_code == 2 and "exactly one draft" in result.stderr
