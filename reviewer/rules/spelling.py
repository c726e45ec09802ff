"""Spelling family (RN6xx): obvious misspellings, each with its correction as an edit.

Only lower-case words that neither spaCy's lookup table nor pyspellchecker's dictionary
know, where exactly one common word is one letter away (or a known run-together such as
"alot"), so names, employers, technical terms and ambiguous typos ("wich": which or with?)
are left alone.

What RN601 needs of pyspellchecker's English dictionary ships as two word lists in
`data/`, read in milliseconds (loading the dictionary took 0.2-0.4 s and 40 MB):
`common-words.txt`, its words of at least MIN_FREQUENCY (the only corrections it can
give), and `rare-words.txt`, its other words that a correction could otherwise reach
(lower case, four letters or more, unknown to spaCy's lookup table, one edit from a common
word). A test rebuilds both from the installed pyspellchecker and compares;
`write_word_lists()` regenerates them.
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
MIN_LENGTH = 4  # shorter words are left alone
COMMON_WORDS_FILE = "common-words.txt"
RARE_WORDS_FILE = "rare-words.txt"


def _word_list(name: str) -> frozenset[str]:
    return frozenset(resources.files("reviewer.rules").joinpath("data", name).read_text("utf-8").split())


@functools.lru_cache(maxsize=1)
def common_words() -> tuple[frozenset[str], str]:
    """RETURNS (tuple): the dictionary's common words (data/common-words.txt) and the letters
    they are spelled with."""
    words = _word_list(COMMON_WORDS_FILE)
    return words, "".join(sorted(set().union(*words)))


@functools.lru_cache(maxsize=1)
def rare_words() -> frozenset[str]:
    """RETURNS (frozenset): the dictionary's rare words a correction could reach (data/rare-words.txt)."""
    return _word_list(RARE_WORDS_FILE)


def common_neighbours(word: str) -> set[str]:
    """RETURNS (set): the common words one edit away, as pyspellchecker counts edits (a
    letter deleted, two swapped, one replaced or one inserted)."""
    words, letters = common_words()
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    found.update(a + c + b[1:] for a, b in splits if b for c in letters)
    found.update(a + c + b for a, b in splits for c in letters)
    return found & words


@functools.lru_cache(maxsize=65536)  # a batch of 1,000 drafts holds about 4,000 distinct words
def correction(word: str) -> str | None:
    """RETURNS (str | None): the obvious correction of a lower-case word, or None."""
    if word in RUN_TOGETHER:
        return RUN_TOGETHER[word]
    if len(word) < MIN_LENGTH or is_known_word(word) or word in common_words()[0]:
        return None
    near = common_neighbours(word)
    if len(near) != 1 or word in rare_words():  # none, ambiguous, or a word the dictionary knows
        return None
    return next(iter(near))


def word_lists_from_pyspellchecker() -> tuple[list[str], list[str]]:
    """RETURNS (tuple): what data/common-words.txt and data/rare-words.txt must hold, sorted,
    from the installed pyspellchecker (imported only here) and spaCy's lookup table."""
    from spellchecker import SpellChecker

    checker = SpellChecker(language="en", distance=1)
    total = checker.word_frequency.total_words
    dictionary = checker.word_frequency.dictionary
    common = {w for w, n in dictionary.items() if n / total >= MIN_FREQUENCY and checker._check_if_should_check(w)}
    # Is a word one edit from a common word? In bulk, through indexes of the common words
    # with a letter deleted or masked, not by generating every edit of every word.
    deleted = {w[:i] + w[i + 1 :] for w in common for i in range(len(w))}
    masked = {w[:i] + "\0" + w[i + 1 :] for w in common for i in range(len(w))}

    def near(w: str) -> bool:
        n = len(w)
        return (w in deleted or any(w[:i] + w[i + 1 :] in common for i in range(n))
                or any(w[:i] + "\0" + w[i + 1 :] in masked for i in range(n))
                or any(w[:i] + w[i + 1] + w[i] + w[i + 2 :] in common for i in range(n - 1)))

    rare = {w for w in dictionary if _WORD.fullmatch(w) and len(w) >= MIN_LENGTH and w not in common
            and w not in RUN_TOGETHER and not is_known_word(w) and near(w)}
    return sorted(common), sorted(rare)


def write_word_lists() -> None:
    """Regenerate data/common-words.txt and data/rare-words.txt from the installed pyspellchecker."""
    for name, words in zip((COMMON_WORDS_FILE, RARE_WORDS_FILE), word_lists_from_pyspellchecker()):
        with resources.as_file(resources.files("reviewer.rules").joinpath("data", name)) as path:
            path.write_text("\n".join(words) + "\n", encoding="utf-8")


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
