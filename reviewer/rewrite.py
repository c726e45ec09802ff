"""The suggested note: thanks, a one- or two-sentence skills addendum built from the draft's
own words, a forward-looking line, and the draft's greeting and sign-off. Nothing is invented:
every sentence is either the draft's (cleaned of hedges) or a fixed template line that holds
no facts, and the result is re-linted until it is clean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reviewer.anatomy import Anatomy, Part, Unit
from reviewer.config import Config
from reviewer.findings import Finding
from reviewer.rules.families import MISTAKE_FAMILIES
from reviewer.textutil import count_words, normalise_quotes

# Hedges that can simply be deleted without breaking the sentence.
_DELETABLE = re.compile(
    r"\b(just|kind of|sort of|kinda|sorta|maybe|perhaps|probably|possibly|hopefully|somewhat|a little bit|"
    r"more or less|to some extent|I think|I believe|I guess|I suppose|I feel like|I feel that)\b,?\s*",
    re.IGNORECASE,
)
_CLAUSE_SPLIT = re.compile(r",\s+(?:but|and|so|although|though)\s+|;\s+|:\s+|\s+-\s+|,\s+(?=I\b)")
_ROLE = re.compile(
    r"\b(?:the|a|an|your)\s+((?:[A-Za-z][\w&/+-]*\s+){0,4}?)(position|role|opening|job|post)\b", re.IGNORECASE
)
_TIE_IN = re.compile(r"^\s*(that|this|these|my|such)\s+(experience|background|work|skills?|role|training|results?)\b", re.I)
_CLOSING_LINE = re.compile(r"\b(look forward|looking forward|hope to hear|hearing from you|next steps|next round)\b", re.I)
THANKS_TEMPLATE = "Thank you for taking the time to speak with me{role}."
CLOSING_TEMPLATE = "I look forward to hearing from you."
# Used only when the draft has no clean remark of its own to fill a very short note; states no fact.
REMARK_TEMPLATE = "I enjoyed learning more about the role and the team."
ADDENDUM_LEAD = "I'd also like to add that "
TOPIC_LEAD = "Since we discussed {topic}, I'd like to add that "


@dataclass
class Suggestion:
    """A suggested note and what the user should know about it."""

    text: str
    addendum: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    body_words: int = 0

    def to_dict(self) -> dict:
        return {"text": self.text, "addendum": self.addendum, "left_out": self.left_out, "notes": self.notes,
                "body_words": self.body_words}


def _findings_in(findings: list[Finding], start: int, end: int, families=None) -> list[Finding]:
    return [f for f in findings if start <= f.start < end and (families is None or f.family in families)]


def _clean_hedges(sentence: str) -> str:
    cleaned = _DELETABLE.sub("", sentence)
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    cleaned = re.sub(r"\s+([,.!?])", r"\1", cleaned)
    cleaned = re.sub(r",+([.!?])", r"\1", cleaned)
    cleaned = re.sub(r"([.!?])\?$", r"\1", cleaned).rstrip("?") 
    if cleaned and not cleaned.endswith((".", "!")):
        cleaned += "."
    return cleaned[:1].upper() + cleaned[1:] if cleaned else cleaned


def find_role(text: str) -> str | None:
    """RETURNS (str | None): the role the draft names ("the Staff Accountant position")."""
    for match in _ROLE.finditer(text):
        words = match.group(1).strip()
        if words and not re.match(r"(?i)^(this|that|new|same|next|other|current|last)\b", words):
            return f"the {words} {match.group(2).lower()}"
    return None


def _topic(text: str) -> str | None:
    """What the interviewer asked about, in the draft's words ("asked about e-filing")."""
    match = re.search(r"\b(?:asked|talked|spoke|discussed|mentioned)\s+(?:me\s+)?about\s+([^,.;:!?]{3,60})", text, re.I)
    if match:
        topic = re.sub(r"\b(in the interview|today|yesterday|earlier)\b.*$", "", match.group(1)).strip()
        return topic if 1 <= len(topic.split()) <= 8 else None
    match = re.search(r"\bthe ([a-z][\w -]{2,40}?) question\b", text, re.I)
    return match.group(1).strip() if match else None


_UNDERMINING = ("RN303",)
_LEAD_IN = re.compile(
    r"^(?:also,?\s+)?(?:one thing i didn't get to mention[^:]*:|forgot to mention:|i (?:also )?(?:just )?"
    r"(?:wanted|want|would like|'d like|meant) to (?:add|mention|note|say|share)(?: that)?,?|also,)\s*",
    re.IGNORECASE,
)


def _clauses(unit: Unit) -> list[tuple[int, int]]:
    """Character ranges of a unit's clauses (split at ', but', ';', ':' and similar)."""
    ranges, start = [], unit.start
    for match in _CLAUSE_SPLIT.finditer(unit.text):
        ranges.append((start, unit.start + match.start()))
        start = unit.start + match.end()
    ranges.append((start, unit.end))
    return ranges


def _skill_clauses(unit: Unit, findings: list[Finding], text: str) -> list[str]:
    """The parts of a unit that state a skill, without the apology, excuse or disclaimer around them."""
    if unit.is_bullet:
        return [re.sub(r"^\s*(?:[-*\u2022]|\d{1,2}[.)])\s+", "", normalise_quotes(unit.text))]
    bad = [f for f in _findings_in(findings, unit.start, unit.end) if f.family in MISTAKE_FAMILIES or f.code in _UNDERMINING]
    if not bad:
        return [normalise_quotes(unit.text)]
    kept = []
    for start, end in _clauses(unit):
        if any(start <= f.start < end for f in bad) or any(f.start <= start and end <= f.end for f in bad):
            continue
        clause = normalise_quotes(text[start:end]).strip()
        if re.match(r"(?i)^(i|i've|i'm|my|at|in|during|as)\b", clause):
            kept.append(clause)
    return kept


def _addendum_sentence(clause: str, topic: str | None) -> str:
    clause = _clean_hedges(_LEAD_IN.sub("", clause.strip()))
    if not clause:
        return clause
    if re.match(r"(?i)^(since|as we|when we|because you)", clause):
        return clause
    first = clause[0].lower() + clause[1:] if not clause.startswith(("I ", "I'")) else clause
    first = re.sub(r"^also\s+", "", first)
    lead = TOPIC_LEAD.format(topic=topic) if topic else ADDENDUM_LEAD
    return lead + first


def _fact_weight(text: str) -> int:
    numbers = len(re.findall(r"\d", text)) > 0
    names = len(re.findall(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-zA-Z]+", text))
    return 2 * numbers + min(names, 3)


def suggest(text: str, report, config: Config = Config(), job: str | None = None, add: str | None = None) -> Suggestion:
    """Build a suggested note from a reviewed draft.

    text (str): the draft. report (Report): its review.
    job (str | None): a job description to rank the draft's skills against.
    add (str | None): a skill the user wants added, in their words.
    RETURNS (Suggestion): the note, the addendum sentences, what was left out and notes.
    """
    from reviewer.engine import review

    anatomy: Anatomy = report.anatomy
    cue_of = dict(zip(anatomy.units, report.cues))

    def thanks(unit: Unit) -> bool:
        return cue_of[unit].thanks

    def states_skill(unit: Unit, bullet: bool = False) -> bool:
        return bullet or cue_of[unit].skill
    findings = list(report.findings)
    body = list(anatomy.body)
    notes: list[str] = []

    def clean(unit: Unit) -> bool:
        return not _findings_in(findings, unit.start, unit.end, MISTAKE_FAMILIES)

    greeting = next((u.text for u in anatomy.units if u.part is Part.GREETING), "Hello,")
    signoff = "\n".join(u.text for u in anatomy.units if u.part is Part.SIGNOFF) or "Best regards,"
    subject = next((u for u in anatomy.units if u.part is Part.SUBJECT), None)
    subject_line = subject.text if subject is not None and clean(subject) else ("Subject: Thank you" if subject else None)

    role = find_role(text)
    thanks_units = [u for u in body if thanks(u) and clean(u) and not states_skill(u)]
    thanks = _clean_hedges(normalise_quotes(thanks_units[0].text)) if thanks_units else ""
    if not thanks:
        thanks = THANKS_TEMPLATE.format(role=f" about {role}" if role else "")

    topic = _topic(normalise_quotes(text))
    candidates: list[tuple[int, str, Unit | None]] = []
    if add:
        candidates.append((100, add.strip(), None))
    for index, unit in enumerate(body):
        if unit in thanks_units[:1]:
            continue
        if not (states_skill(unit, unit.is_bullet) or _findings_in(findings, unit.start, unit.end, MISTAKE_FAMILIES)):
            continue
        for clause in _skill_clauses(unit, findings, text):
            if unit.is_bullet:
                candidates.append((5 - index * 0.01, clause, unit))  # a list is usually in order of importance
            elif re.search(r"\d|[A-Z][a-z]+", clause[1:]):
                candidates.append((_fact_weight(clause) - index * 0.01, clause, unit))
    if job and candidates:
        from reviewer.relevance import rank_by_relevance

        scored = rank_by_relevance([c for _, c, _ in candidates], job)
        candidates = [(score * 10 + (100 if c[2] is None else 0), c[1], c[2]) for c, score in zip(candidates, scored)]
        best_relevance = max(scored)
        if best_relevance < 0.05 and not add:
            notes.append("The skill in your addendum doesn't seem related to this job; if it has nothing "
                         "to do with the job, there is no point bringing it up.")
    candidates.sort(key=lambda c: -c[0])

    addendum: list[str] = []
    sources: dict[str, Unit | None] = {}
    bullets = [(c, u) for _, c, u in candidates if u is not None and u.is_bullet][:2]
    if bullets and not add and (not candidates or candidates[0][2] in [u for _, u in bullets]):
        items = "; ".join(_clean_hedges(c).rstrip(".") for c, _ in bullets)
        sentence = f"I'd also like to add {'two of my qualifications' if len(bullets) > 1 else 'one qualification'}: {items}."
        addendum.append(sentence)
        sources[sentence] = bullets[0][1]
        for _, u in bullets[1:]:
            sources[f"{sentence}#{u.start}"] = u
    else:
        for _, clause, unit in candidates:
            if len(addendum) >= 2:
                break
            lead_topic = topic if unit is not None else None
            sentence = _addendum_sentence(clause, lead_topic) if not addendum else _clean_hedges(_LEAD_IN.sub("", clause))
            if sentence and count_words(sentence) <= 60 and sentence not in addendum:
                addendum.append(sentence)
                sources[sentence] = unit

    if 0 < len(addendum) < 2 and sources.get(addendum[0]) is not None:
        after = [u for u in body if u.start > sources[addendum[0]].start][:1]
        if after and _TIE_IN.match(after[0].text) and not _findings_in(findings, after[0].start, after[0].end):
            tie_in = _clean_hedges(normalise_quotes(after[0].text))
            addendum.append(tie_in)
            sources[tie_in] = after[0]

    closing_units = [u for u in body if _CLOSING_LINE.search(u.text) and clean(u)
                     and not _findings_in(findings, u.start, u.end)]
    closing = _clean_hedges(normalise_quotes(closing_units[-1].text)) if closing_units else CLOSING_TEMPLATE

    def compose(lines: list[str]) -> str:
        parts = ([subject_line, ""] if subject_line else []) + [greeting, "", " ".join(lines), "", signoff]
        return "\n".join(parts)

    remarks = [
        _clean_hedges(normalise_quotes(u.text)) for u in body
        if not _findings_in(findings, u.start, u.end) and u not in thanks_units[:1] and u not in closing_units
        and not states_skill(u, u.is_bullet) and not u.is_bullet and "?" not in u.text
        and not _TIE_IN.match(u.text)
        and u.start not in {x.start for x in sources.values() if x is not None}
    ]
    body_lines = [thanks, *addendum, closing]
    for remark in [*remarks, REMARK_TEMPLATE]:
        if sum(count_words(line) for line in body_lines) >= config.min_words:
            break
        body_lines.insert(1, remark)
    draft = compose(body_lines)
    # Re-lint and drop what still fails, so the suggestion passes review-note itself.
    for _ in range(6):
        result = review(draft, config)
        failing = [f for f in result.findings if f.severity >= config.fail_on]
        if not failing:
            break
        bad = {line for line in body_lines[1:-1] for f in failing if f.text and f.text in line}
        if not bad:
            if any(f.text in thanks for f in failing):
                body_lines[0] = THANKS_TEMPLATE.format(role=f" about {role}" if role else "")
            else:
                break
        body_lines = [line for line in body_lines if line not in bad]
        addendum = [a for a in addendum if a not in bad]
        draft = compose(body_lines)

    used_units = {u.start for key, u in sources.items() if u is not None and key.split("#")[0] in addendum}
    left_out = [normalise_quotes(u.text) for u in body
                if u.start not in used_units and (u not in thanks_units[:1])
                and (re.search(r"\d", u.text) or states_skill(u, u.is_bullet)
                     or re.search(r"(?<!^)\b[A-Z][a-z]+", u.text[1:]))
                and not _CLOSING_LINE.search(u.text)]
    if not addendum:
        notes.append("Nothing in the draft seems worth adding after the thanks; a plain thank-you note is best "
                     "(an unimportant omission is not worth raising).")
    if left_out:
        notes.append("Left out to keep the note short; if any of it matters for the job, ask a referee to "
                     "mention it, or keep it for the next conversation.")
    words = sum(count_words(line) for line in body_lines)
    if words < config.min_words:
        notes.append(f"The suggestion is {words} words, under the {config.min_words}-word ideal, because the draft "
                     "holds little beyond thanks; a line about something you enjoyed in the interview would help.")
    if words > config.max_words:
        notes.append(f"The suggestion is {words} words, over the {config.max_words}-word target: "
                     "your addendum is long; consider keeping only its first sentence.")
    return Suggestion(draft, addendum, left_out, notes, words)
