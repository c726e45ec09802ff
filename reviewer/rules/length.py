"""Length family (RN4xx): body word count, long sentences, long addenda, drafts too long to review."""

from __future__ import annotations

from reviewer.anatomy import Part, Unit
from reviewer.findings import Finding, Scope, Severity
from reviewer.rules.base import DocumentRule, Draft, Examples, Hit
from reviewer.rules.families import LENGTH, MISTAKE_FAMILIES
from reviewer.textutil import REVIEW_LIMIT

FAMILY = LENGTH.name


def note_too_long(draft: Draft, earlier: list[Finding]) -> list[Hit]:
    """Flag a body longer than the configured maximum, saying by how much."""
    body = draft.anatomy.body
    words = sum(u.words for u in body)
    limit = draft.settings.max_words
    if not body or words <= limit:
        return []
    return [Hit(body[0].start, body[-1].end, f"{words} words, {words - limit} over the {limit}-word target")]


def sentence_too_long(draft: Draft, earlier: list[Finding]) -> list[Hit]:
    """Flag body sentences longer than the configured maximum."""
    limit = draft.settings.max_sentence_words
    return [Hit(u.start, u.end, f"{u.words} words") for u in draft.anatomy.body if u.words > limit]


def addendum_units(draft: Draft, earlier: list[Finding]) -> list[Unit]:
    """RETURNS (list): the longest run of body units that state skills (the addendum): by what
    they do (a skill cue, or the classifier's skills_addendum label), or set off as bullets."""
    anatomy = draft.anatomy
    skilled = {anatomy.units[x.unit].start for x in draft.scores.units_with("skills_addendum")} if draft.scores else set()
    about_mistake_units = {
        u.start for f in earlier if f.family in MISTAKE_FAMILIES for u in (anatomy.unit_at(f.start),) if u is not None
    }
    best: list[Unit] = []
    run: list[Unit] = []
    for unit in anatomy.body:
        about_mistake = unit.start in about_mistake_units
        states_skill = draft.cues_of(unit).skill or unit.is_bullet or unit.start in skilled
        if not about_mistake and not draft.cues_of(unit).thanks and states_skill:
            run.append(unit)
        else:
            run = []
        if len(run) > len(best):
            best = list(run)
    return best


def addendum_too_long(draft: Draft, earlier: list[Finding]) -> list[Hit]:
    """Flag an addendum of more sentences or bullets than the configured maximum."""
    units = addendum_units(draft, earlier)
    limit = draft.settings.max_addendum_sentences
    if len(units) <= limit:
        return []
    return [Hit(units[0].start, units[-1].end, f"{len(units)} sentences or bullets")]


def subject_too_long(draft: Draft, earlier: list[Finding]) -> list[Hit]:
    """Flag a subject line longer than the configured number of words."""
    limit = draft.settings.max_subject_words
    for unit in draft.anatomy.units:
        if unit.part is Part.SUBJECT:
            words = unit.words - 1  # "Subject:"
            if words > limit:
                return [Hit(unit.start, unit.end, f"{words} words")]
    return []


def reviewed_in_part(draft: Draft, earlier: list[Finding]) -> list[Hit]:
    """Flag a draft longer than the review limit: say how much of it was reviewed, at the first
    words that were not."""
    rest = draft.unreviewed
    skipped = len(rest) - len(rest.lstrip())
    if skipped == len(rest):
        return []  # nothing but spacing was left out
    reviewed = len(draft.text)
    start = reviewed + skipped
    line_end = rest.find("\n", skipped, skipped + 60)
    end = reviewed + (line_end if line_end >= 0 else min(len(rest), skipped + 60))
    lines = draft.text.count("\n") + (0 if draft.text.endswith("\n") else 1)
    return [Hit(start, end, f"{reviewed:,} of {reviewed + len(rest):,} characters (to line {lines:,})")]


RULES = (
    DocumentRule(
        code="RN401",
        name="note-too-long",
        family=FAMILY,
        severity=Severity.WARNING,
        summary="Flags a body over the word target (default 125; emails of 50-125 words get the most replies).",
        why="The interviewer has no time for a long note, and the longer the explanation, the less likely it helps.",
        fix="Keep the thanks, one or two lines of substance and a closing line; cut the rest.",
        message="The note is too long: {detail}.",
        function=note_too_long,
        scope=Scope.DOCUMENT,
        examples=Examples(
            flag=("Hi Ann,\n\n" + "Thank you for the interview and the tour of the new plant today. " * 12 + "\n\nBest,\nLee",),
            ok=("Hi Ann,\n\nThank you for the interview today. I enjoyed the tour of the plant.\n\nBest,\nLee",),
        ),
    ),
    DocumentRule(
        code="RN402",
        name="sentence-too-long",
        family=FAMILY,
        severity=Severity.INFO,
        summary="Flags sentences over the configured length (default 40 words).",
        why="Plain, short sentences get more replies than long, complex ones.",
        fix="Split the sentence, or cut the clauses that explain rather than inform.",
        message="Long sentence ({detail}); shorter sentences are easier to read.",
        function=sentence_too_long,
        examples=Examples(
            flag=(
                "Thank you for the interview, and I wanted to say that the tour of the plant, the talk with the "
                "shift leads, the lunch with the team and the walk through the new packaging line all made me more "
                "excited about the role than I was before.",
            ),
            ok=("Thank you for the interview today.",),
        ),
    ),
    DocumentRule(
        code="RN403",
        name="addendum-too-long",
        family=FAMILY,
        severity=Severity.WARNING,
        summary="Flags an addendum of more than two sentences or bullets.",
        why="A correction works when it is short: about two lines of an email. A long list reads as a second interview.",
        fix="Keep the one or two points that matter most for the job; ask a referee to mention the rest.",
        message="The added skills run to {detail}; keep the one or two that matter most.",
        function=addendum_too_long,
        after_findings=True,
        scope=Scope.DOCUMENT,
        examples=Examples(
            flag=(
                "Hi Ms. Ruiz,\n\nThank you for the kitchen tour. Here is what I forgot to list:\n"
                "- ServSafe Manager certification\n- 4 years running the grill line at Harbor Grille\n"
                "- Trained 9 new line cooks\n- Fluent in Spanish\n\nThanks,\nAndre",
            ),
            ok=(
                "Hi Ms. Ruiz,\n\nThanks for the kitchen tour today. I also ran the grill line at Harbor "
                "Grille for 4 years. That experience fits the brunch service you described.\n\nThanks,\nAndre",
            ),
        ),
    ),
    DocumentRule(
        code="RN404",
        name="subject-too-long",
        family=FAMILY,
        severity=Severity.INFO,
        summary="Flags a subject line of more than 6 words (3-4 words get the most replies).",
        why="Short subject lines of 3 to 4 words got the most replies in a study of millions of emails.",
        fix="Shorten it, e.g. 'Thank you - Program Coordinator'.",
        message="The subject line has {detail}; 3-4 words work best.",
        function=subject_too_long,
        examples=Examples(
            flag=("Subject: Thank you so much for the interview and a few more thoughts\n\nHi Ann,\n\nThanks.\n\nLee",),
            ok=("Subject: Thank you - Program Coordinator\n\nHi Ann,\n\nThanks.\n\nLee",),
        ),
    ),
    DocumentRule(
        code="RN405",
        name="too-long-to-review",
        family=FAMILY,
        severity=Severity.WARNING,
        summary=f"Flags a draft over {REVIEW_LIMIT:,} characters: only its start is reviewed, so a run stays fast whatever the file.",
        why="A thank-you note is under 5,000 characters: a text this long is most likely the wrong file, and advice on "
            "thousands of its sentences would help nobody. Reviewing only the start keeps every run fast and small.",
        fix=f"Check that this is the right file. To review a long text anyway, split it into parts of up to {REVIEW_LIMIT:,} characters.",
        message="Only the first {detail} were reviewed; a thank-you note is under 5,000 characters.",
        function=reviewed_in_part,
        scope=Scope.DOCUMENT,
        examples=Examples(
            flag=("Hi Ann,\n\n" + "Thank you for the interview.\n" * (REVIEW_LIMIT // 29 + 1) + "\nBest,\nLee",),
            ok=("Hi Ann,\n\nThank you for the interview today.\n\nBest,\nLee",),
        ),
    ),
)
