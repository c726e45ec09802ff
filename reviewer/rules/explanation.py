"""Over-explanation family (RN2xx): excuses, re-argued answers, notes about the mistake."""

from __future__ import annotations

from reviewer.findings import Finding, Scope, Severity
from reviewer.rules.base import DocumentRule, Draft, Examples, Hit, ModelRule, PhraseRule
from reviewer.rules.families import OVER_EXPLANATION, MISTAKE_FAMILIES

FAMILY = OVER_EXPLANATION.name


def mistake_dwelling(draft: Draft, earlier: list[Finding]) -> list[Hit]:
    """Flag a note that spends more of its words on the mistake than on anything else."""
    body = draft.anatomy.body
    total = sum(u.words for u in body)
    flagged_units = {
        u.start for f in earlier if f.family in MISTAKE_FAMILIES for u in (draft.anatomy.unit_at(f.start),) if u is not None
    }
    mistake_units = [u for u in body if u.start in flagged_units]
    mistake_words = sum(u.words for u in mistake_units)
    if len(mistake_units) < 2 or total == 0 or mistake_words * 2 <= total:
        return []
    share = round(100 * mistake_words / total)
    return [Hit(mistake_units[0].start, mistake_units[-1].end, f"{share}% of the note ({mistake_words} of {total} words)")]


RULES = (
    PhraseRule(
        code="RN201",
        name="excuse",
        family=FAMILY,
        severity=Severity.ERROR,
        summary="Flags excuses and re-argued answers: 'the reason I stumbled', 'what I meant to say was', 'I was nervous because'.",
        why="Elaborating on a wrong answer draws more attention to it; the longer the explanation, the less it helps.",
        fix="Cut the explanation. If a fact matters for the job, state it in one line without referring to the mistake.",
        message="Explaining the mistake draws more attention to it.",
        phrase_list="excuse-phrases",
        one_per_sentence=True,
        takes_extra_phrases=True,
        examples=Examples(
            flag=(
                "The reason I stumbled is that payroll runs through a vendor at my firm.",
                "What I meant to say about the indexing question was a composite index.",
                "I was nervous because my flight landed at 2 a.m.",
                "I want to let you know why I logged in late on Monday.",
                "I got mixed up between gross margin and markup.",
                "The case started from the cash-flow side, which threw me off.",
            ),
            ok=(
                "Since we discussed audits, I'd like to add that I led our SOC 2 readiness work.",
                "I enjoyed hearing the reason the team moved to services.",
                "I look forward to hearing about next steps.",
            ),
        ),
    ),
    DocumentRule(
        code="RN202",
        name="mistake-dwelling",
        family=FAMILY,
        severity=Severity.WARNING,
        summary="Flags a note that spends more than half of its words on the mistake.",
        why="A thank-you note that is mostly about what went wrong reads as an apology letter.",
        fix="Keep the thanks and one or two lines of substance; delete the sentences about the mistake.",
        message="{detail} is about the mistake; the note should be about thanks and what you offer.",
        function=mistake_dwelling,
        after_findings=True,
        scope=Scope.DOCUMENT,
        examples=Examples(
            flag=(
                "Hi Ann,\n\nThanks for today. I'm sorry I blanked on the SQL question. "
                "The reason I stumbled is that my train was late, and the question threw me off. "
                "I wish I had prepared more for the technical part of the interview.\n\nBest,\nLee",
            ),
            ok=(
                "Hi Ann,\n\nThank you for the interview today and for the tour of the lab. "
                "Since we discussed reporting, I'd like to add that I built the weekly SQL dashboards at Nimbus. "
                "I look forward to hearing from you.\n\nBest,\nLee",
            ),
        ),
    ),
    ModelRule(
        code="RN203",
        name="explanation-implied",
        family=FAMILY,
        severity=Severity.WARNING,
        summary="The classifier finds a sentence that explains or excuses the mistake without the usual phrases "
                "(in a note that mentions no mistake otherwise, only when it is at least 90% sure).",
        why="Back-stories and justifications draw attention to what went wrong.",
        fix="Cut the back-story; keep only a fact that matters for the job, stated on its own.",
        message="The classifier reads this sentence as explaining the mistake.",
        label="over_explanation",
        skills_need_a_mistake=True,
        examples=Examples(
            flag=("Thanks for today. I'm sorry I was so scattered. My train sat outside the station for forty minutes, "
                  "so I ran in out of breath and never really settled.",),
            ok=("Thank you for walking me through the new packaging line.",
                "Thanks for today. I liked seeing how calm the line stays during a rush; that's the kind of kitchen I want."),
        ),
    ),
)
