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
    """RETURNS (PhraseList): the phrases in `reviewer/phrases/data/<name>.txt`."""
    text = resources.files("reviewer.phrases").joinpath("data", f"{name}.txt").read_text("utf-8")
    return parse_phrase_text(text)


def phrase_list_names() -> tuple[str, ...]:
    """RETURNS (tuple): the names of the built-in phrase lists (the files in phrases/data)."""
    folder = resources.files("reviewer.phrases").joinpath("data")
    return tuple(sorted(f.name[:-4] for f in folder.iterdir() if f.name.endswith(".txt")))
