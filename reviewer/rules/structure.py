"""Structure family (RN5xx): the note should be a thank-you note that leads with thanks."""

from __future__ import annotations

from reviewer.anatomy import Part
from reviewer.findings import Finding, Scope, Severity
from reviewer.rules.base import DocumentRule, Draft, Examples, Hit, PhraseRule, Repair
from reviewer.rules.families import STRUCTURE, MISTAKE_FAMILIES

FAMILY = STRUCTURE.name


def missing_thanks(draft: Draft, earlier: list[Finding]) -> list[Hit]:
    """Flag a note whose subject and body never thank the reader."""
    units = [u for u in draft.anatomy.units if u.part in (Part.SUBJECT, Part.BODY)]
    if not units or any(draft.cues_of(u).thanks for u in units):
        return []
    body = draft.anatomy.body or tuple(units)
    return [Hit(body[0].start, body[0].end)]


def opens_with_mistake(draft: Draft, earlier: list[Finding]) -> list[Hit]:
    """Flag a note whose first body sentence is about the mistake."""
    body = draft.anatomy.body
    if not body:
        return []
    first = body[0]
    if any(f.family in MISTAKE_FAMILIES and first.start <= f.start < first.end for f in earlier):
        return [Hit(first.start, first.end)]
    return []


RULES = (
    DocumentRule(
        code="RN501",
        name="missing-thanks",
        family=FAMILY,
        severity=Severity.WARNING,
        summary="Flags a follow-up that never thanks the interviewer.",
        why="The safest vehicle for a correction is the thank-you note you would send anyway.",
        fix="Open with a line of thanks, e.g. 'Thank you for meeting with me on Tuesday about the role.'",
        message="The note never thanks them (a 'Thanks,' sign-off doesn't count); lead with thanks.",
        function=missing_thanks,
        scope=Scope.DOCUMENT,
        examples=Examples(
            flag=("Hi Priya,\n\nI wanted to follow up on the pricing case from this morning.\n\nOmar",),
            ok=("Hi Priya,\n\nI appreciate you taking the time to meet this morning.\n\nOmar",),
        ),
    ),
    DocumentRule(
        code="RN502",
        name="opens-with-mistake",
        family=FAMILY,
        severity=Severity.WARNING,
        summary="Flags a note whose first sentence is about the mistake.",
        why="The first line sets the tone; opening with the mistake makes it the headline.",
        fix="Start with thanks; if the mistake needs a correction, add it later in a line.",
        message="The note opens with the mistake; open with thanks instead.",
        function=opens_with_mistake,
        after_findings=True,
        scope=Scope.DOCUMENT,
        examples=Examples(
            flag=("Hi Sam,\n\nI know I messed up the coding exercise this morning. Thanks for your time.\n\nJamal",),
            ok=("Hi Priya,\n\nThanks for your time this morning. I priced 30 SKUs a week at Lumen Retail.\n\nOmar",),
        ),
    ),
    PhraseRule(
        code="RN503",
        name="mistake-echo",
        family=FAMILY,
        severity=Severity.WARNING,
        summary="In a note that apologises or explains, flags words that point back at it: 'thank you for your patience', 'and understanding', 'either way', 'for hearing me out'.",
        why="Once the apology goes, thanks for their patience or understanding still remind them of the mistake.",
        fix="Thank them for their time, not for their patience; drop 'either way' and 'anyway'.",
        message="This points back at the mistake; once the apology goes, it goes too.",
        phrase_list="mistake-echo",
        parts=(Part.SUBJECT, Part.BODY),
        needs_mistake=True,
        repair=Repair(unless=r"(?!and\b|&|either\b|anyway)", reason="deleted words that point back at the mistake"),
        examples=Examples(
            flag=(
                "Hi Ann,\n\nI'm so sorry I froze on the SQL question. Thank you again for your time and understanding.\n\nBest,\nLee",
                "Hi Ann,\n\nI know I messed up the case. Thanks for your time either way.\n\nBest,\nLee",
                "Hi Ann,\n\nI apologise for running long. I appreciate you staying on to hear me out.\n\nBest,\nLee",
            ),
            ok=(
                "Hi Ann,\n\nThank you for your time and understanding while we moved the interview.\n\nBest,\nLee",
                "Hi Ann,\n\nThanks for your time today. I look forward to hearing from you either way.\n\nBest,\nLee",
            ),
        ),
    ),
)
