"""Next time: lessons from the mistakes a draft mentions (reviewer.lessons)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewer.cli import main
from reviewer.config import Config
from reviewer.engine import review
from reviewer.lessons import MAX_LESSONS, Lesson, detect, lessons, lessons_for
from reviewer.lessons_data import KINDS
from reviewer.pipeline import get_pipeline

KINDS_FILE = Path(__file__).resolve().parents[1] / "corpora" / "lessons" / "kinds.jsonl"

BLANKED = """Dear Ms. Ortega,

Thank you for meeting with me on Monday to talk about the data analyst role.

I'm sorry I blanked on window functions when you asked about them.

I look forward to hearing from you.

Best regards,
Sam"""

FORGOT = """Hi Tom,

Thanks again for your time today.

I'm sorry, I forgot to mention my Salesforce work at Brightline.

Best,
Ana"""

LATE_AND_FORGOT = """Dear Mr. Reyes,

Thank you for the interview yesterday.

I apologize for arriving twenty minutes late.

I also regret not mentioning my Tableau dashboards.

Kind regards,
Lee"""

CLEAN = """Dear Dr. Lin,

Thank you for taking the time to meet with me on Thursday. I enjoyed hearing about the new clinic.

Since we discussed scheduling, I'd like to add that I built the rota for a team of 12 nurses at Bayview.

Best regards,
Kim"""


def _lessons(text: str, pipeline: str = "blank", job: str | None = None) -> tuple[Lesson, ...]:
    config = Config(pipeline=pipeline)
    return lessons_for(text, review(text, config), config, job)


def test_blanked_on_a_technical_question_names_the_topic(pipeline_name):
    found = _lessons(BLANKED, pipeline_name)
    assert [x.kind for x in found] == ["blanked"]
    lesson = found[0]
    assert lesson.topic == "window functions" == BLANKED[lesson.start:lesson.end]
    assert lesson.advice == ("Practise explaining window functions aloud with two examples from your own work "
                             "before your next interview.")


def test_left_out_skill_gets_stories_and_the_referee_advice(pipeline_name):
    (lesson,) = _lessons(FORGOT, pipeline_name)
    assert lesson.kind == "left-out-skill"
    assert lesson.topic == "Salesforce work at Brightline"
    assert "Prepare three short stories (situation, action, result) that show your Salesforce work at Brightline" in lesson.advice
    assert "ask your referees to mention" in lesson.advice


def test_no_referee_advice_when_the_note_adds_the_skill():
    text = FORGOT.replace("Brightline.", "Brightline.\n\nAt Brightline, my Salesforce work cut lead response time by 30%.")
    (lesson,) = _lessons(text)
    assert lesson.kind == "left-out-skill" and "referees" not in lesson.advice


@pytest.mark.parametrize("text", [CLEAN, "Thank you for your time today. I enjoyed learning about the team."])
def test_a_clean_note_gets_no_lessons(text, pipeline_name):
    assert _lessons(text, pipeline_name) == ()


def test_hedging_alone_is_not_a_mistake_to_learn_from():
    text = "Dear Jo,\n\nThank you for the interview. I think I just might be a good fit, maybe.\n\nBest,\nAl"
    report = review(text)
    assert report.findings and _lessons(text) == ()


def test_a_job_posting_ranks_the_left_out_skill_it_asks_for_first():
    without = _lessons(LATE_AND_FORGOT)
    assert [x.kind for x in without] == ["late", "left-out-skill"]
    with_job = _lessons(LATE_AND_FORGOT, job="We need an analyst who builds Tableau dashboards for the sales team.")
    assert [x.kind for x in with_job] == ["left-out-skill", "late"]
    assert with_job[0].topic == "Tableau dashboards"


def test_at_most_three_lessons_each_a_span_of_the_draft():
    text = ("Hi Sue,\n\nThank you for the interview. I'm sorry I arrived late. I was so nervous. "
            "I blanked on the pricing question. I rambled about my thesis. My camera froze twice. "
            "I forgot to mention my Excel macros.\n\nBest,\nMo")
    found = _lessons(text)
    assert len(found) == MAX_LESSONS
    assert all(text[x.start:x.end] == x.topic for x in found)
    assert len({x.kind for x in found}) == len(found)


def test_noun_chunks_find_the_topic_only_with_a_parser(pipeline_name):
    sentence = "Sorry, I forgot to mention the audit I ran for Delcorp last spring."
    nlp = get_pipeline(pipeline_name)
    hit = detect(sentence, nlp)
    assert hit.kind.name == "left-out-skill"
    if "parser" in nlp.pipe_names:
        assert (sentence[hit.start:hit.end], hit.has_topic) == ("audit", True)
    else:  # no parser: the trigger words, quoted in the fallback advice
        assert (sentence[hit.start:hit.end], hit.has_topic) == ("forgot to mention", False)


def test_every_kind_has_advice_with_its_topic_and_a_guidance_line():
    names = [k.name for k in KINDS]
    assert len(names) == len(set(names))
    for kind in KINDS:
        assert "{topic}" in kind.advice and kind.guidance.startswith("GUIDANCE")
        assert kind.fallback.format(topic="x")  # no other placeholders


def test_kind_accuracy_on_the_labelled_sentences(pipeline_name):
    rows = [json.loads(line) for line in KINDS_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 40
    assert {r["kind"] for r in rows} == {k.name for k in KINDS}
    nlp = get_pipeline(pipeline_name)
    kinds = topics = 0
    for row in rows:
        assert row["text"][row["topic"]["start"]:row["topic"]["end"]] == row["topic"]["text"]
        hit = detect(row["text"], nlp)
        kinds += hit is not None and hit.kind.name == row["kind"]
        topics += hit is not None and (hit.start, hit.end) == (row["topic"]["start"], row["topic"]["end"])
    assert kinds / len(rows) >= 0.9
    assert topics / len(rows) >= 0.85


def test_development_drafts_coverage(dev_drafts):
    mistake = [d for d in dev_drafts
               if any({"apology", "over_explanation"} & set(s["labels"]) for s in d["sentences"])]
    clean = [d for d in dev_drafts if str(d.get("notes", "")).startswith("Type: clean")]
    covered = [d["id"] for d in mistake if _lessons(d["text"])]
    assert len(covered) / len(mistake) >= 0.85
    assert sum(bool(_lessons(d["text"])) for d in clean) / len(clean) <= 0.05
    for d in mistake:
        assert all(d["text"][x.start:x.end] == x.topic for x in _lessons(d["text"]))


def test_lessons_is_pure_and_one_layer_above_the_engine():
    report = review(BLANKED)
    assert lessons(BLANKED, report) == lessons(BLANKED, report)
    source = (Path(__file__).resolve().parents[1] / "reviewer" / "lessons.py").read_text()
    imported = set(re.findall(r"^\s*from (reviewer[\w.]*) import", source, re.M))
    assert imported <= {"reviewer.findings", "reviewer.lessons_data", "reviewer.rules.families", "reviewer.engine", "reviewer.pipeline"}
    for path in (Path(__file__).resolve().parents[1] / "reviewer").rglob("*.py"):
        if path.name not in {"lessons.py", "app.py", "glue.py"}:  # the app and the web page's glue use it
            assert not re.search(r"(?:from|import)\s+reviewer\.lessons\b", path.read_text()), path


def _cli(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_text_report_shows_next_time_and_no_lessons_hides_it():
    shown = _cli("-", input=BLANKED)
    assert "Next time:" in shown.output and "Practise explaining window functions aloud" in shown.output
    hidden = _cli("--no-lessons", "-", input=BLANKED)
    assert "Next time:" not in hidden.output and hidden.exit_code == shown.exit_code


def test_json_carries_lessons_with_offsets():
    data = json.loads(_cli("--format", "json", "-", input=BLANKED).output)
    (lesson,) = data["files"][0]["lessons"]
    assert set(lesson) == {"kind", "topic", "start", "end", "advice"}
    assert BLANKED[lesson["start"]:lesson["end"]] == lesson["topic"] == "window functions"
    clean = json.loads(_cli("--format", "json", "-", input=CLEAN).output)
    assert clean["files"][0]["lessons"] == []
    assert "lessons" not in json.loads(_cli("--no-lessons", "--format", "json", "-", input=BLANKED).output)["files"][0]


def test_html_report_shows_lessons():
    page = _cli("--format", "html", "-", input=BLANKED).output
    assert '<h4>Next time</h4><ul class="lessons"><li data-kind="blanked">Practise explaining window functions' in page
    assert "Next time" not in _cli("--format", "html", "--no-lessons", "-", input=BLANKED).output
