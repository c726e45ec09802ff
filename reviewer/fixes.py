"""Local fixes as edits: deleting a hedge with the repair around it (capital letter, commas,
spacing, an honest "about" before a number), and irregular past tenses for "did kind of lead".
Pure functions of the text; the rules that own the findings call them."""

from __future__ import annotations

import functools
import re

from reviewer.findings import Edit
from reviewer.pipeline import lookup_lemma, lemma_forms

_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty "
    "hundred hundreds thousand thousands few couple dozen half several".split()
)
# "a year", "an hour": a quantity only before a unit.
_A_QUANTITY = re.compile(r"an?\s+(year|month|week|day|hour|minute|dozen|hundred|thousand|million|few|couple|half)\b", re.I)
_INTERROGATIVE = re.compile(r"[\s\"'(]*(does|do|did|is|are|was|were|can|could|would|will|should|what|how|why|when|where|who|which|have|has)\b", re.I)
# After "I think that", "that" is a conjunction only when a subject follows it.
_THAT_CONJUNCTION = re.compile(r"\s*that\s+(?=(i|we|you|he|she|they|it|my|our|your|the|this|a|an|there)\b)", re.I)
_ALREADY_APPROXIMATE = frozenset({"about", "around", "roughly", "approximately", "nearly", "almost", "over", "under", "some"})
# Hedges that qualify a quantity: "maybe 30" becomes "about 30", never a flat "30".
_QUANTITY_HEDGES = frozenset({"maybe", "perhaps", "probably", "possibly", "kind of", "sort of", "kinda", "sorta",
                              "somewhat", "more or less", "i think", "i believe", "i guess", "i suppose"})
_WINDOW = 200
_WORD = re.compile(r"[A-Za-z0-9$%'.-]+")


def delete_hedge(text: str, start: int, end: int, unit: tuple[int, int], code: str, reason: str) -> tuple[Edit, ...]:
    """Edits that delete `text[start:end]` (a hedge) from its sentence and repair what is left.

    unit (tuple): the sentence's (start, end) offsets.
    RETURNS (tuple): the edits; empty when the words cannot go without breaking the sentence.
    """
    u_start, u_end = unit
    phrase = " ".join(text[start:end].lower().split())
    # Only the words near the hedge matter: a window keeps a long sentence with many hedges linear.
    before_start = max(u_start, start - _WINDOW)
    after = text[end:min(u_end, end + _WINDOW)]
    before = text[before_start:start]
    at_start = before_start == u_start and not before.strip(" \"'(-*\u2022")
    following = _WORD.match(after.lstrip(" "))
    next_word = following.group(0).lower() if following else ""
    quantity = next_word[:1].isdigit() or next_word in _NUMBER_WORDS or _A_QUANTITY.match(after.lstrip(" "))
    if phrase in _QUANTITY_HEDGES and after.startswith(" ") and quantity and next_word not in _ALREADY_APPROXIMATE:
        return (Edit(start, end, "About" if at_start else "about", code, reason),)
    deleted = _deleted(text, start, end, before_start, at_start, before, after, phrase, following, code, reason)
    return deleted + _no_uptalk(text, unit, code, reason) if deleted else ()


def _no_uptalk(text: str, unit: tuple[int, int], code: str, reason: str) -> tuple[Edit, ...]:
    """A statement that ends in "?" ("which improved conversion by 12%?") ends in "." once its hedge goes."""
    u_start, end = unit
    while end > u_start and text[end - 1].isspace():
        end -= 1
    if end > u_start and text[end - 1] == "?" and not _INTERROGATIVE.match(text, u_start):
        return (Edit(end - 1, end, ".", code, reason),)
    return ()


def _deleted(text, start, end, before_start, at_start, before, after, phrase, following, code, reason) -> tuple[Edit, ...]:
    next_word = following.group(0).lower() if following else ""
    if before.endswith(", ") and re.match(r"\s*,", after):  # parenthetical: "I have, I believe, two years"
        comma = start - 2
        return (Edit(comma, end + after.index(",") + 1, "", code, reason),)
    if before.endswith(", ") and (re.match(r"\s*[.!?]", after) or not after.strip()):  # trailing: "..., I think."
        return (Edit(start - 2, end, "", code, reason),)
    if at_start:  # at the start of the sentence: the next word takes the capital
        gap = re.match(r",?\s*", after).end()
        if phrase.startswith("i ") and _THAT_CONJUNCTION.match(after[gap:]):
            gap += _THAT_CONJUNCTION.match(after[gap:]).end()
        rest = text[end + gap : end + gap + 1]
        if phrase == "hopefully" and re.match(r"i'll\s+", after[gap:], re.IGNORECASE):  # "Hopefully I'll hear" -> "I hope to hear"
            return (Edit(start, end + gap + re.match(r"i'll\s+", after[gap:], re.IGNORECASE).end(), "I hope to ", code, reason),)
        if phrase == "hopefully" and re.match(r"(i|we|you|they)\b", after[gap:], re.IGNORECASE):
            return (Edit(start, end + gap, "I hope ", code, reason),)
        edits = [Edit(start, end + gap, "", code, reason)]
        if rest.islower():
            edits.append(Edit(end + gap, end + gap + 1, rest.upper(), code, reason))
        return tuple(edits)
    if phrase == "hopefully" and re.match(r"\s+(i|we)\b", after, re.IGNORECASE):  # "so hopefully we can" -> "so I hope we can"
        return (Edit(start, end, "I hope", code, reason),)
    did = re.search(r"\bdid\s+$", before, re.IGNORECASE)
    if did and following:  # "I did kind of lead" -> "I led"
        past = past_tense(next_word)
        if past:
            verb_end = end + len(after) - len(after.lstrip(" ")) + len(following.group(0))
            return (Edit(before_start + did.start(), verb_end, past, code, reason),)
    if re.match(r"[.,!?;:]", after) and before.endswith(" "):  # "your time either way." -> "your time."
        return (Edit(start - 1, end, "", code, reason),)
    gap = re.match(r"\s*", after).end()
    if phrase.startswith("i ") and _THAT_CONJUNCTION.match(after):
        gap = _THAT_CONJUNCTION.match(after).end()
    if not after[:gap] and not before.endswith(" "):
        return ()
    return (Edit(start, end + gap, "", code, reason),)


@functools.lru_cache(maxsize=1024)
def past_tense(verb: str) -> str | None:
    """RETURNS (str | None): the simple past of a verb ("lead" -> "led"), when the lookup
    table knows exactly one form that is neither the verb, its -s nor its -ing form."""
    if lookup_lemma(verb) != verb:
        return None
    forms = [f for f in lemma_forms(verb) if f != verb and not f.endswith(("s", "ing")) and "'" not in f]
    regular = [f for f in forms if f.endswith("ed")]
    if len(forms) == 1:
        return forms[0]
    if len(regular) == 1:
        return regular[0]
    return None
