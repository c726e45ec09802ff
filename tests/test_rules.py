"""Every rule's own examples (flag / ok), the registry, and the tricky negatives."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import reviewer.rules
from reviewer import review
from reviewer.config import Config
from reviewer.model import LABELS
from reviewer.rules import ALL_RULES, BY_CODE, FAMILIES, FAMILY_MODULES

REPO = Path(__file__).resolve().parents[1]
CASES = [(rule.code, text, True) for rule in ALL_RULES for text in rule.examples.flag] + [
    (rule.code, text, False) for rule in ALL_RULES for text in rule.examples.ok
]


@pytest.mark.parametrize("code, text, flagged", CASES, ids=[f"{c}-{'flag' if f else 'ok'}-{i}" for i, (c, _, f) in enumerate(CASES)])
def test_rule_examples(code, text, flagged, pipeline_name):
    rule = BY_CODE[code]
    # A rule is tested alone, unless it builds on the other rules' findings.
    select = () if rule.after_findings else (code,)
    codes = {f.code for f in review(text, Config(pipeline=pipeline_name, select=select)).findings}
    assert (code in codes) == flagged, f"{code} {'missed' if flagged else 'wrongly flagged'}: {text!r} -> {sorted(codes)}"


def test_registry_is_complete_and_documented():
    modules = {m.name for m in pkgutil.iter_modules(reviewer.rules.__path__)} - {"base", "families"}
    registered = {m.__name__.rsplit(".", 1)[1] for m in FAMILY_MODULES}
    assert modules == registered, "every family module must be registered"
    assert [m.FAMILY for m in FAMILY_MODULES] == [f.name for f in FAMILIES], "one module per family, in order"
    assert all(f.label is None or f.label in LABELS for f in FAMILIES), "a family's label is a classifier label"
    codes = [r.code for r in ALL_RULES]
    assert len(codes) == len(set(codes)) and len({r.name for r in ALL_RULES}) == len(codes)
    for rule in ALL_RULES:
        assert rule.examples.flag and rule.examples.ok, f"{rule.code} needs examples both ways"
        assert rule.summary and rule.why and rule.fix and rule.message
    for family, module in zip(FAMILIES, FAMILY_MODULES):
        assert all(rule.code.startswith(family.prefix) and rule.family == family.name for rule in module.RULES)
    prefixes = [f.prefix for f in FAMILIES]
    assert not any(a != b and b.startswith(a) for a in prefixes for b in prefixes), "one code range per family"


def families(text: str, pipeline: str = "blank") -> set[str]:
    return {f.family for f in review(text, Config(pipeline=pipeline)).findings}


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for the interview. I was sorry to hear about the flooding at your office.",
        "Thank you for the interview. There was no need to apologise for the delay on your end.",
        "Thank you for the interview. No apology needed for the late start!",
        'Thank you for the interview. You asked what I meant by "sorry, not sorry" marketing.',
    ],
)
def test_sympathy_negation_and_quotes_are_not_apologies(text, pipeline_name):
    assert "apology" not in families(text, pipeline_name)


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for the interview; I got home just now and wanted to send this.",
        "Thank you again. I attached the spreadsheet we just went over.",
        "Thank you again. I set up just-in-time ordering at Copper Lane Foods.",
        "Thank you again. I just passed the CPA exam in May.",
        "Thank you again. You asked what kind of reports I had automated.",
    ],
)
def test_time_and_noun_uses_are_not_hedges(text, pipeline_name):
    assert "hedging" not in families(text, pipeline_name)


def test_curly_apostrophes_match_like_straight_ones():
    straight = review("Thanks for today. I'm so sorry I blanked.").findings
    curly = review("Thanks for today. I\u2019m so sorry I blanked.").findings
    assert [(f.code, f.start, f.end) for f in straight] == [(f.code, f.start, f.end) for f in curly]
    assert curly and curly[0].text.startswith("sorry")


@pytest.mark.parametrize("word", ["apologized", "apologising", "APOLOGIES", "Apologise"])
def test_inflections_and_case_match(word):
    assert "RN101" in {f.code for f in review(f"Thanks for today. {word} for my late arrival.").findings}


def test_offsets_point_at_the_quoted_span():
    text = "Hi Ann,\n\nThanks for today.\nI\u2019m sorry I was late, I kind of panicked.\n\nBest,\nLee"
    report = review(text)
    assert report.findings
    lines = text.splitlines()
    for f in report.findings:
        assert text[f.start : f.end] == f.text
        assert lines[f.line - 1][f.column - 1 :].startswith(f.text.splitlines()[0])


def test_select_and_ignore():
    text = "Thanks for today. I'm sorry, I think I kind of blanked."
    assert {f.family for f in review(text, Config(ignore=("hedging",))).findings} >= {"apology"}
    assert "hedging" not in {f.family for f in review(text, Config(ignore=("hedging",))).findings}
    assert {f.code[:3] for f in review(text, Config(select=("RN3",))).findings} == {"RN3"}
    assert {f.code for f in review(text, Config(select=("RN3",), ignore=("RN302",))).findings} <= {"RN301", "RN303", "RN304", "RN305"}


def test_clean_note_has_no_findings():
    text = (
        "Dear Ms. Patel,\n\nThank you for meeting with me on Tuesday about the charge nurse role. "
        "Since we discussed staffing, I'd like to add that I built the self-scheduling system at Lakeview Clinic "
        "for 40 nurses.\n\nI look forward to hearing about next steps.\n\nKind regards,\nDana"
    )
    assert review(text).findings == ()


def test_length_message_says_by_how_much():
    text = "Hi Ann,\n\n" + "Thank you for the interview and the tour today. " * 20 + "\n\nBest,\nLee"
    finding = next(f for f in review(text).findings if f.code == "RN401")
    assert "180 words, 55 over the 125-word target" in finding.message


def test_readme_rule_table_is_generated_from_the_rules():
    from pathlib import Path

    from reviewer.ruledocs import rule_table

    from reviewer.ruledocs import with_rule_table

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert rule_table(markdown=True) in readme
    assert with_rule_table(readme) == readme, "the README's rules table is stale: run python -m reviewer.ruledocs"


def test_sentence_bounds_equal_spacy_sents(pipeline_name):
    from reviewer.pipeline import get_pipeline, sentence_bounds

    nlp = get_pipeline(pipeline_name)
    texts = ["", " ", "\n\nHi Ann,\n\n", "One. Two! Three?", "Dear Ms. Park,\nThank you.\n- led a team\n- ran ops\n\nBest,\nLee",
             "Subject: Thanks\n\nI'm sorry, I blanked.  Really sorry!!\n\n\nThanks,\nJo"]
    for text in texts:
        doc = nlp(text)
        assert sentence_bounds(doc) == [(s.start, s.end) for s in doc.sents], text


def test_anchored_matching_equals_spacys_matcher(pipeline_name):
    # The phrase lists are matched from their anchor words, not by spaCy's Matcher; both must
    # give every (list, start, end), per sentence. Texts: the rules' examples and word salad
    # from the lists' own words, where optional words and gaps combine in every way.
    import random

    from spacy.matcher import Matcher

    from reviewer.phrases import load_phrases, match, phrase_list_names, phrase_pattern
    from reviewer.pipeline import get_pipeline, sentence_bounds

    nlp = get_pipeline(pipeline_name)
    matcher = Matcher(nlp.vocab)
    words = set()
    for name in phrase_list_names():
        phrases = load_phrases(name)
        for key, texts in ((name, phrases.flag), ("!" + name, phrases.allow)):
            if texts:
                matcher.add(key, [phrase_pattern(t) for t in texts])
            words.update(o for t in texts for w in t.split() if not w.startswith("_") for o in w.strip("~?").split("|"))
    vocabulary = sorted(words) + ["really", "the", ",", "."]
    rng = random.Random(14)
    texts = [t for rule in ALL_RULES for t in (*rule.examples.flag, *rule.examples.ok)]
    texts += [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(2, 14))) for _ in range(1500)]
    spans = 0
    for doc in nlp.pipe(texts):
        sentences = sentence_bounds(doc)
        expected: dict[str, set] = {}
        for a, b in sentences:
            for key, start, end in matcher(doc[a:b]):
                expected.setdefault(nlp.vocab.strings[key], set()).add((a + start, a + end))
        got = match(doc, sentences).spans
        assert {k: tuple(sorted(v)) for k, v in expected.items()} == got, doc.text
        spans += sum(map(len, got.values()))
    assert spans > 2000  # the salad exercises the lists


def test_array_sentencizer_equals_spacys():
    import spacy

    from reviewer.pipeline import get_pipeline

    ours = get_pipeline("blank")
    theirs = spacy.blank("en")
    theirs.add_pipe("review_note_line_breaks")
    theirs.add_pipe("sentencizer")
    texts = [t for rule in ALL_RULES for t in (*rule.examples.flag, *rule.examples.ok)]
    texts += ["", ".", "Hi!! Really?! Yes... no.", "A. B", "Dr. Ng said so. (Twice.) Then \"ok.\" Done", "x\n\ny. z ; w!"]
    assert "sentencizer" in ours.pipe_names
    for a, b in zip(ours.pipe(texts), theirs.pipe(texts)):
        assert [t.is_sent_start for t in a] == [t.is_sent_start for t in b], a.text


def test_a_report_is_plain_data_and_the_doc_keeps_no_state(pipeline_name):
    # A Report that held Spans kept its Doc alive (and could not cross processes); per-draft
    # state left in doc.user_data made batches grow in memory.
    import pickle

    from spacy.tokens import Doc, Span, Token

    from reviewer.config import Config
    from reviewer.engine import review_doc
    from reviewer.pipeline import get_pipeline
    from reviewer.rewrite import suggest

    text = "Subject: Thanks\n\nHi Ann,\n\nThank you. I'm so sorry I just blanked because I was nervous.\n\nBest,\nLee"
    doc = get_pipeline(pipeline_name)(text)
    report = review_doc(text, doc, Config(pipeline=pipeline_name))
    suggest(text, report, Config(pipeline=pipeline_name))

    def walk(value):
        assert not isinstance(value, (Doc, Span, Token)), value
        if isinstance(value, dict):
            for k, v in value.items():
                walk(k)
                walk(v)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for v in value:
                walk(v)
        elif hasattr(value, "__dict__"):
            walk(vars(value))

    walk(report)
    assert report.findings and pickle.loads(pickle.dumps(report)) == report
    assert not doc.user_data


@pytest.mark.parametrize("draft, skill, kept", [
    ("Hi Ann,\n\nThank you for the tour.\n\n- I manage travel for four executives across nine time zones.\n\nBest,\nLee", 0.9, False),
    ("Hi Ann,\n\nThank you for the tour. I'm sorry I froze.\n\n- I manage travel for four executives across nine time zones.\n\nBest,\nLee", 0.9, True),
    ("Hi Ann,\n\nThank you for the tour. I'm sorry I froze.\n\n- I manage travel for four executives across nine time zones.\n\nBest,\nLee", 0.995, False),
])
def test_a_skill_statement_is_an_excuse_only_where_it_defends_a_mistake(monkeypatch, draft, skill, kept):
    # Whatever the classifier says, a skill stated in a note that mentions no mistake is an
    # addendum; beside a mistake, it is an excuse only where it reads more as one than as a skill.
    import reviewer.engine as engine
    from reviewer.engine import review
    from reviewer.model.scoring import Labelled, UnitScores
    from reviewer.rules import BY_CODE

    def says_every_skill_excuses(doc, anatomy, thresholds, **_):
        bullets = [i for i, u in enumerate(anatomy.units) if u.text.startswith("- ")]
        probabilities = tuple({"over_explanation": 0.99, "skills_addendum": skill} if i in bullets else {}
                              for i in range(len(anatomy.units)))
        units = tuple(Labelled(i, 0.99, ("'manage'",)) for i in bullets)
        skills = tuple(Labelled(i, skill, ("'manage'",)) for i in bullets)
        return UnitScores(probabilities, {"over_explanation": units, "skills_addendum": skills})

    monkeypatch.setattr(engine, "score_units", says_every_skill_excuses)
    assert BY_CODE["RN203"].skills_need_a_mistake
    codes = [f.code for f in review(draft).findings]
    assert ("RN203" in codes) is kept, codes
    # the same whichever rules are selected
    codes = [f.code for f in review(draft, Config(select=("RN203",))).findings]
    assert ("RN203" in codes) is kept, codes


def test_spelling_word_lists_match_pyspellchecker():
    # RN601 reads pyspellchecker's dictionary through these two lists (loading it took 0.2-0.4 s
    # and 40 MB); lists that drifted from the installed dictionary would change its findings.
    from reviewer.rules.spelling import common_words, rare_words, word_lists_from_pyspellchecker

    common, rare = word_lists_from_pyspellchecker()
    assert sorted(common_words()[0]) == common, "run reviewer.rules.spelling.write_word_lists()"
    assert sorted(rare_words()) == rare, "run reviewer.rules.spelling.write_word_lists()"


def test_a_review_never_loads_the_spelling_dictionary():
    code = ("import sys; from reviewer import review; "
            "codes = [f.code for f in review('Thanks for meetin with me about the retro and the admin work.').findings]; "
            "print('RN601' in codes, 'spellchecker' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.stdout.split() == ["True", "False"], proc.stderr[-2000:]
