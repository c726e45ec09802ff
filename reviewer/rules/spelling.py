"""Spelling family (RN6xx): obvious misspellings, each with its correction as an edit.

Only lower-case words that neither spaCy's lookup table nor pyspellchecker's dictionary
know, where exactly one common word is one letter away (or a known run-together such as
"alot"), so names, employers, technical terms and ambiguous typos ("wich": which or with?)
are left alone.
"""

from __future__ import annotations

import functools
import re

from reviewer.anatomy import Part
from reviewer.findings import Edit, Finding, Severity
from reviewer.pipeline import is_known_word
from reviewer.rules.base import DocumentRule, Draft, Examples, Hit
from reviewer.rules.families import SPELLING

FAMILY = SPELLING.name
# Words run together that a one-letter correction cannot fix.
RUN_TOGETHER = {
    "alot": "a lot", "thankyou": "thank you", "incase": "in case", "aswell": "as well", "infact": "in fact",
    "dont": "don't", "didnt": "didn't", "doesnt": "doesn't", "wasnt": "wasn't", "isnt": "isn't",
    "couldnt": "couldn't", "wouldnt": "wouldn't", "shouldnt": "shouldn't", "ive": "I've", "youre": "you're",
}
MIN_FREQUENCY = 1e-6  # the correction must be a common word, and the only common word one letter away


@functools.lru_cache(maxsize=1)
def _checker():
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


@functools.lru_cache(maxsize=4096)
def correction(word: str) -> str | None:
    """RETURNS (str | None): the obvious correction of a lower-case word, or None."""
    if word in RUN_TOGETHER:
        return RUN_TOGETHER[word]
    if len(word) < 4 or is_known_word(word):
        return None
    checker = _checker()
    if checker.known([word]):
        return None
    common = [w for w in checker.known(checker.edit_distance_1(word)) if checker.word_usage_frequency(w) >= MIN_FREQUENCY]
    return common[0] if len(common) == 1 else None


# A lower-case word on its own: not inside a compound ("med-surg"), a path, a contraction or a
# word with accents or capitals.
_WORD = re.compile(r"(?<![\w'\u2019/-])[a-z]+(?![\w'\u2019/-])")


def misspellings(draft: Draft, earlier: list[Finding]) -> list[Hit]:
    """Flag obvious misspellings in the subject and body, each with its correction."""
    hits = []
    for match in _WORD.finditer(draft.text):
        fixed = correction(match.group())
        if not fixed:
            continue
        start, end = match.span()
        unit = draft.anatomy.unit_at(start)
        if unit is None or unit.part not in (Part.SUBJECT, Part.BODY) or draft.anatomy.is_quoted(start, end):
            continue
        hits.append(Hit(start, end, f"'{fixed}'", edits=(Edit(start, end, fixed, reason=f"corrected the spelling: '{fixed}'"),)))
    return hits


RULES = (
    DocumentRule(
        code="RN601",
        name="misspelling",
        family=FAMILY,
        severity=Severity.INFO,
        summary="Flags obvious misspellings ('alot', 'meetin', 'recieve'); names and technical terms are left alone.",
        why="A typo in a short note is noticed; it is the one kind of polish a careful reader expects.",
        fix="Correct the spelling.",
        message="Misspelling; did you mean {detail}?",
        function=misspellings,
        examples=Examples(
            flag=("Thanks for meetin with me today.", "It would help alot at the branch.", "I will definately follow up."),
            ok=("Thanks for the Kubernetes walkthrough and the brunoise demo.", "I ran the roleplay and the onboarding at Zendesk.",
                "I booked 41 meetings, wich was the most on my team."),  # "which" or "with": not obvious
        ),
    ),
)
