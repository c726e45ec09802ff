"""A tiny phrase language for spaCy Matcher patterns, so rule data stays readable.

One phrase per line; tokens separated by spaces:
  word        the token's lower-case form is `word`
  ~word       the token's lower-case lemma is `word` ("~apologize" matches "APOLOGIZED")
  a|b|c       any of the lower-case forms; "~a|b" any of the lemmas
  token?      the token is optional
  _           any one token; "_{0,3}" up to three tokens of anything
Lines starting with "!" are exceptions: a match of the rule that overlaps an exception
match is dropped. "#" starts a comment.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

_WILDCARD = re.compile(r"^_(\{\d*,\d*\}|[?*+])?$")


@dataclass(frozen=True)
class PhraseList:
    """Phrases that flag, and phrases that excuse an overlapping flag."""

    flag: tuple[str, ...]
    allow: tuple[str, ...] = ()


def token_pattern(item: str) -> dict:
    """RETURNS (dict): the Matcher token pattern for one item of the phrase language."""
    wildcard = _WILDCARD.match(item)
    if wildcard:
        op = wildcard.group(1)
        return {"OP": op} if op else {}
    optional = item.endswith("?") and len(item) > 1
    if optional:
        item = item[:-1]
    attr = "LOWER"
    if item.startswith("~") and len(item) > 1:
        attr, item = "LEMMA", item[1:]
    options = [part.lower() for part in item.split("|") if part]
    pattern: dict = {attr: options[0] if len(options) == 1 else {"IN": options}}
    if optional:
        pattern["OP"] = "?"
    return pattern


def phrase_pattern(phrase: str) -> list[dict]:
    """RETURNS (list): the Matcher pattern for a phrase; apostrophe clitics split off."""
    items: list[str] = []
    for raw in phrase.split():
        items.extend(_split_clitics(raw))
    return [token_pattern(item) for item in items]


def _split_clitics(item: str) -> list[str]:
    # "i'm" -> "i", "'m"; "didn't" -> "did", "n't", as spaCy's tokenizer does.
    if "|" in item or item.startswith("~") or "'" not in item or item.startswith("'"):
        return [item]
    lowered = item.lower()
    if lowered.endswith("n't") and len(item) > 3:
        stem = item[:-3]
        return [{"ca": "ca", "wo": "wo"}.get(stem, stem), "n't"]
    head, _, tail = item.partition("'")
    return [head, "'" + tail] if head else [item]


def parse_phrase_text(text: str) -> PhraseList:
    """RETURNS (PhraseList): the phrases in a data file's text."""
    flag, allow = [], []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("!"):
            allow.append(line[1:].strip())
        else:
            flag.append(line)
    return PhraseList(tuple(flag), tuple(allow))


@functools.lru_cache(maxsize=None)
def load_phrases(name: str) -> PhraseList:
    """RETURNS (PhraseList): the phrases in `reviewer/rules/data/<name>.txt`."""
    text = resources.files("reviewer.rules").joinpath("data", f"{name}.txt").read_text("utf-8")
    return parse_phrase_text(text)


def phrase_list_names() -> tuple[str, ...]:
    """RETURNS (tuple): the names of the built-in phrase lists (the files in rules/data)."""
    folder = resources.files("reviewer.rules").joinpath("data")
    return tuple(sorted(f.name[:-4] for f in folder.iterdir() if f.name.endswith(".txt")))


# Words too common to index a phrase by, most frequent first (roughly, as in English text):
# a phrase is indexed by its least common required word.
_COMMON_WORDS = (
    "the be 's 'm is am are was were to of and a an in that have has had i it for not n't on with as you do "
    "did at this but by from we say or will my one all would there what so up out if about get which go me "
    "when make can like time no just him know take people into year your good some could them see other"
).split()
_COMMONNESS = {word: len(_COMMON_WORDS) - rank for rank, word in enumerate(_COMMON_WORDS)}


def _anchor(pattern: list[dict]) -> tuple[str, ...]:
    """RETURNS (tuple): the values (lower-case form or lemma) of the pattern's least common
    required token: a sentence without any of them cannot match the pattern."""
    best: tuple[int, tuple[str, ...]] | None = None
    for token in pattern:
        if len(token) != 1 or "OP" in token:
            continue
        (value,) = token.values()
        options = tuple(value["IN"]) if isinstance(value, dict) else (value,)
        cost = sum(1 + 1000 * _COMMONNESS.get(o, 0) for o in options)
        if best is None or cost < best[0]:
            best = (cost, options)
    if best is None:
        raise ValueError(f"phrase pattern has no required word: {pattern}")
    return best[1]


@dataclass(frozen=True)
class _PhraseIndex:
    """The built-in phrase lists compiled for one vocab: a Matcher per list (its flag phrases
    under the list's name, its exceptions under "!name"), and which lists each word can start."""

    matchers: dict
    lists_by_word: dict  # string hash of an anchor word -> names of the lists that need it


@functools.lru_cache(maxsize=4)
def _phrase_index(vocab) -> _PhraseIndex:
    from spacy.matcher import Matcher

    matchers, lists_by_word = {}, {}
    for name in phrase_list_names():
        phrases = load_phrases(name)
        matcher = Matcher(vocab)
        for key, texts in ((name, phrases.flag), ("!" + name, phrases.allow)):
            patterns = [phrase_pattern(p) for p in texts]
            if patterns:
                matcher.add(key, patterns)
            for pattern in patterns:
                for word in _anchor(pattern):
                    lists_by_word.setdefault(vocab.strings.add(word), set()).add(name)
        matchers[name] = matcher
    return _PhraseIndex(matchers, {k: tuple(sorted(v)) for k, v in lists_by_word.items()})


def builtin_matches(doc) -> dict[str, list[tuple[int, int]]]:
    """RETURNS (dict): token spans (start, end) matched by every built-in phrase list, by list
    name ("!name" holds that list's exceptions), sorted; cached on the doc.

    Phrases match within a sentence. A list's Matcher runs only on the sentences that hold
    one of its phrases' anchor words: the Matcher tries every pattern at every token, which,
    run over whole drafts, cost more than the rest of a review together."""
    found = doc.user_data.get("review_note_matches")
    if found is None:
        from spacy.attrs import LEMMA, LOWER

        from reviewer.anatomy import sentences

        index = _phrase_index(doc.vocab)
        strings = doc.vocab.strings
        words = doc.to_array([LOWER, LEMMA]).tolist()
        found = {}
        for sent in sentences(doc):
            present = {h for pair in words[sent.start : sent.end] for h in pair}
            names = {name for h in present.intersection(index.lists_by_word) for name in index.lists_by_word[h]}
            for name in sorted(names):
                for key, start, end in index.matchers[name](sent):
                    found.setdefault(strings[key], []).append((sent.start + start, sent.start + end))
        for spans in found.values():
            spans.sort()
        doc.user_data["review_note_matches"] = found
    return found
