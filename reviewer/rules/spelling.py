"""Spelling family (RN6xx): obvious misspellings, each with its correction as an edit.

Only lower-case words that neither spaCy's lookup table nor pyspellchecker's dictionary
know, where exactly one common word is one letter away (or a known run-together such as
"alot"), so names, employers, technical terms and ambiguous typos ("wich": which or with?)
are left alone.

pyspellchecker's dictionary takes 0.2-0.4 s to load, so it is consulted only for a word
that is not one of its common words itself and has a common word one letter away:
`data/common-words.txt` lists its words of at least MIN_FREQUENCY, the only corrections
it may give. Most drafts never load it. A test checks the list against the installed
pyspellchecker; `write_common_words()` regenerates it.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

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


COMMON_WORDS_FILE = "common-words.txt"


@functools.lru_cache(maxsize=1)
def _checker():
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


@functools.lru_cache(maxsize=1)
def common_words() -> tuple[frozenset[str], str]:
    """RETURNS (tuple): pyspellchecker's common words (the only corrections it can give) as
    shipped in data/common-words.txt, and the letters they are spelled with."""
    text = resources.files("reviewer.rules").joinpath("data", COMMON_WORDS_FILE).read_text("utf-8")
    words = frozenset(text.split())
    return words, "".join(sorted(set().union(*words)))


def checker_common_words() -> list[str]:
    """RETURNS (list): the words of the installed pyspellchecker dictionary that can be a
    correction (at least MIN_FREQUENCY, and words it checks at all), sorted: what
    data/common-words.txt must hold."""
    checker = _checker()
    total = checker.word_frequency.total_words
    return sorted(w for w, n in checker.word_frequency.dictionary.items()
                  if n / total >= MIN_FREQUENCY and checker._check_if_should_check(w))


def _near_a_common_word(word: str) -> bool:
    """Whether a common word is one edit (pyspellchecker's: delete, swap, replace, insert) away."""
    words, letters = common_words()
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        any(a + b[1:] in words for a, b in splits if b)
        or any(a + b[1] + b[0] + b[2:] in words for a, b in splits if len(b) > 1)
        or any(a + c + b[1:] in words for a, b in splits if b for c in letters)
        or any(a + c + b in words for a, b in splits for c in letters)
    )


@functools.lru_cache(maxsize=65536)  # a batch of 1,000 drafts holds about 4,000 distinct words
def correction(word: str) -> str | None:
    """RETURNS (str | None): the obvious correction of a lower-case word, or None."""
    if word in RUN_TOGETHER:
        return RUN_TOGETHER[word]
    if len(word) < 4 or is_known_word(word):
        return None
    if word in common_words()[0] or not _near_a_common_word(word):
        return None  # in the dictionary; or no correction can be common: no need to load it
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
    if not any(map(correction, set(_WORD.findall(draft.text)))):
        return []  # the usual case, decided once per distinct word
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



def write_common_words() -> None:
    """Regenerate data/common-words.txt from the installed pyspellchecker."""
    with resources.as_file(resources.files("reviewer.rules").joinpath("data", COMMON_WORDS_FILE)) as path:
        path.write_text("\n".join(checker_common_words()) + "\n", encoding="utf-8")
