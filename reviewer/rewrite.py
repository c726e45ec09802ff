"""The suggested note: the draft with its edits applied, and nothing else changed.

Each sentence of the subject and body is kept, edited (a hedge deleted, a misspelling
corrected, a fact lifted out of an apology) or removed (an apology, plea or excuse, or a
sentence removed to keep the note short), and every edit names its finding. New words
appear only where the edits leave a gap: a thanks line when the note no longer opens with
thanks, a frame that ties a fact to the topic its deleted sentence named, a closing line
when none is left. A note with nothing to fix comes back unchanged.

A pure function of (draft, report, settings): it reads the findings and the note's
anatomy, never the engine or a phrase list.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from reviewer.anatomy import Part, Unit
from reviewer.edits import apply_edits, non_overlapping
from reviewer.findings import Edit, Finding, Scope, Source
from reviewer.rules.families import MISTAKE_FAMILIES
from reviewer.textutil import count_words

THANKS_LINE = "Thank you for taking the time to meet with me{about}."
THANKS_WHEN = "Thank you for meeting with me {when}."  # when the draft says when: "today", "on Tuesday"
_WHEN = re.compile(r"\b(today|yesterday|this morning|this afternoon|this evening|on (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b")
CLOSE_LINE = "I look forward to hearing from you."
CLOSING_WORD = "Best regards,"  # in place of a closing line that apologised ("Sorry again,")
FRAME = "Since we discussed {topic}, I'd like to add that "
SHORT_FRAME = "Since we discussed {topic}, "  # before the draft's own "I wanted to add that ..."
EMPTY_BODY = "nothing of the body was left: a thanks line and a closing line"
REFEREE_ADVICE = ("Left out with the apology or to keep the note short. If any of it matters for the job, ask a "
                  "referee to mention it, or keep it for the next conversation.")

_CLAUSE = re.compile(r",\s+(?:but|and|so|although|though)\s+|;\s+|:\s+|\s+-\s+|,\s+(?=I\b)")
_SUBJECT_START = re.compile(r"(?:I|I've|I'm|I'd|My|At|In|During|As|For|Over|Last|This|Our|We)\b")
_THANKS_START = re.compile(r"(?:thank|thanks|many thanks|I appreciate|I am grateful|I'm grateful)\b", re.IGNORECASE)
_LEAD_IN = re.compile(r"I(?:'d| would)? (?:also )?(?:just )?(?:also )?(?:wanted|want|would like|'d like|like|meant) to (?:add|mention|note|say|share)\b")
_OWN_ADDENDUM = re.compile(r"\bI(?:'d| would) (?:also )?like to (?:add|mention)\b", re.I)
_FRAMEABLE = re.compile(r"(?:I|I've|I'm|I'd|My|At|In|During|Over|Last|Before|While)\b")
_ALREADY_TIED = re.compile(r"(?:since|as we|as you|when you|because|given|regarding|about|on the|following|to follow)\b", re.I)
_PROPER = re.compile(r"(?<![.!?]\s)(?<!^)\b(?!I\b|I'[a-z]+\b)[A-Z][\w&'.-]*")
_TOPIC = (
    re.compile(r"\b(?:asked|talked|spoke|discussed|mentioned|were discussing|went over)\s+(?:me\s+)?about\s+(?P<t>[^,.;:!?]{3,80})", re.I),
    re.compile(r"\bquestions?\s+(?:about|on)\s+(?P<t>[^,.;:!?]{3,60})", re.I),
    re.compile(r"\bthe\s+(?P<t>[a-z][\w -]{2,40}?)\s+(?:question|questions|exercise|case)\b", re.I),
    re.compile(r"\b(?:explain|explained|describe|described|mention|mentioned|bring up|brought up)\s+my\s+(?P<t>[a-z][\w -]{2,40}?)\s+"
               r"(?:experience|background|work|skills|numbers)\b", re.I),
)
_TOPIC_TAIL = re.compile(r"\s+(?:in|during|at)\s+(?:the|our)\s+(?:interview|call|meeting)\b.*$|\s+(?:today|yesterday|earlier|this "
                         r"morning|this afternoon|with me|more clearly|clearly|well)\b.*$", re.I)
_NOT_A_TOPIC = frozenset({"it", "that", "this", "them", "those", "these", "me", "something"})
# A re-answer: "What I meant to say (about X) is that I ..." keeps its answer, in a frame.
_REANSWER = re.compile(r"(?:(?:first|second|also|and),?\s+)?what i (?:meant|wanted|was trying|tried)(?: to (?:say|explain|get at))?"
                       r"(?P<about> about [^,]{3,60}?)? (?:is|was)(?: that)?,?\s+", re.I)
_MAX_REANSWER_WORDS = 45
_ROLE = re.compile(r"\b(?:the|a|an|your)\s+((?:[A-Za-z][\w&/+-]*\s+){0,4}?)(position|role|opening|job)\b", re.I)


@dataclass(frozen=True)
class Change:
    """What the suggestion does with one sentence of the draft, or a line it adds."""

    fate: str  # "kept", "edited", "removed" or "added"
    text: str  # the sentence as the draft has it (for "added": the new text)
    start: int
    end: int
    codes: tuple[str, ...] = ()  # the findings behind it
    reason: str = ""

    def to_dict(self) -> dict:
        return {"fate": self.fate, "text": self.text, "start": self.start, "end": self.end, "codes": list(self.codes),
                "reason": self.reason}


@dataclass(frozen=True)
class Suggestion:
    """A suggested note: the draft with `edits` applied, and an account of every sentence."""

    text: str
    edits: tuple[Edit, ...] = ()
    changes: tuple[Change, ...] = ()
    left_out: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    body_words: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.edits)

    def to_dict(self) -> dict:
        return {"text": self.text, "changed": self.changed, "edits": [e.to_dict() for e in self.edits],
                "changes": [c.to_dict() for c in self.changes], "left_out": list(self.left_out), "notes": list(self.notes),
                "body_words": self.body_words}


@dataclass
class _Plan:
    """What happens to one unit: removed, or kept from `keep[0]` to `keep[1]` with inner edits."""

    unit: Unit
    findings: list[Finding]
    removed: bool = False
    keep: tuple[int, int] | None = None  # a lifted clause (None: the whole unit)
    inner: list[Edit] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    reason: str = ""
    prefix: str = ""  # text added before the kept words (thanks line, frame)
    suffix: str = ""  # text added after them (closing line)
    added: list[tuple[str, str]] = field(default_factory=list)  # (text, why) of what prefix and suffix add
    lower_first: bool = False  # the kept words now follow a frame
    closing: bool = False  # the closing word before the name ("Sorry again," made "Best regards,")
    reanswer: str | None = None  # a kept re-answer, and the topic its lead named ("" if none)

    @property
    def start(self) -> int:
        return self.keep[0] if self.keep else self.unit.start

    @property
    def end(self) -> int:
        return self.keep[1] if self.keep else self.unit.end


def suggest(text: str, report, settings=None, job: str | None = None, add: str | None = None) -> Suggestion:
    """Suggest a better note: the draft with the findings' edits applied.

    text (str): the reviewed draft. report (Report): its review (findings, anatomy, cues).
    settings: the review's options (min_words, max_words); the defaults when None.
    job (str | None): a job posting, to choose what goes when the note is too long.
    add (str | None): a fact the user wants added, in their words.
    RETURNS (Suggestion): the note, its edits, and what happened to each sentence.
    """
    if settings is None:
        from reviewer.config import Config

        settings = Config()
    anatomy, cues = report.anatomy, dict(zip(report.anatomy.units, report.cues))
    span_findings = [f for f in report.findings if f.scope is Scope.SPAN]
    units = [u for u in anatomy.units if u.part in (Part.SUBJECT, Part.BODY)]
    plans = [_Plan(u, found) for u, found in zip(units, _group(units, span_findings, lambda f: (f.start, f.start + 1)))]
    fixable = any(f.family in MISTAKE_FAMILIES or f.family == "hedging" for f in span_findings)
    # The classifier alone, on one sentence of a note where no phrase names a mistake, is not sure
    # enough to delete it: a remark read as an excuse would go from a good note.
    model_units = {f.start for f in span_findings if f.family in MISTAKE_FAMILIES and f.source is Source.MODEL}
    sure = len(model_units) > 1 or any(f.family in MISTAKE_FAMILIES and f.source is not Source.MODEL for f in span_findings)
    too_long = any(f.code == "RN401" for f in report.findings)
    for plan in plans:
        _decide(text, plan, cues.get(plan.unit), fixable, sure)
    body = [p for p in plans if p.unit.part is Part.BODY]
    if fixable:
        _continued_explanations(text, body, cues)
    if too_long:
        _shorten(text, body, cues, settings.max_words, job)
    removed_any = any(p.removed for p in body)
    kept = [p for p in body if not p.removed and not p.closing]
    if removed_any and kept:
        _frame(text, body, cues)
        _dangling_also(text, body, cues)
    if removed_any or add:
        _fill_gaps(text, anatomy, body, kept, cues, add)
    edits = _materialise(text, anatomy, plans)
    if removed_any and not kept:
        closing = next((p.unit for p in body if p.closing), None)
        edits.append(_empty_body_edit(text, anatomy, closing))
    edits = non_overlapping(edits)
    suggestion_text = apply_edits(text, edits)
    return Suggestion(suggestion_text, tuple(edits), *_account(text, plans, edits, settings, anatomy))


def _decide(text: str, plan: _Plan, cue, fixable: bool, sure: bool) -> None:
    """Decide a unit's fate from its findings."""
    findings, unit = plan.findings, plan.unit
    spelling = [e for f in findings if f.family == "spelling" for e in f.edits]
    plan.inner = list(spelling)
    plan.codes = sorted({f.code for f in findings if f.family == "spelling"})
    if not fixable:
        return
    mistakes = [f for f in findings if f.family in MISTAKE_FAMILIES]
    echoes = [f for f in findings if f.code == "RN503"]
    hedges = [f for f in findings if f.family == "hedging"]
    word_edits = [e for f in hedges + echoes for e in f.edits]
    if unit.part is Part.SUBJECT and mistakes:  # "Subject: Sorry about being late" -> "Subject: Thank you"
        head = re.match(r"\s*(?:subject|re|fwd?)\s*:\s*", text[unit.start:unit.end], re.I)
        at = unit.start + (head.end() if head else 0)
        plan.inner = [Edit(at, unit.end, "Thank you", mistakes[0].code, "the subject apologised")]
        plan.codes = sorted({f.code for f in mistakes})
        return
    if unit.part is Part.SUBJECT:  # the subject keeps its thank-you part ("Thank you and some context" -> "Thank you")
        plan.inner += [Edit(len(text[:e.start].rstrip(" ,")), unit.end, "", e.code, e.reason) if e.code == "RN503" else e
                       for e in word_edits]
        plan.codes += sorted({f.code for f in hedges + echoes if f.edits})
        return
    if mistakes and (_stands_on_its_own(text, unit, mistakes, cue) or not sure):
        if not sure:
            plan.reason = "the classifier reads this as about the mistake; check it, or cut it"
        mistakes = []
    if mistakes and _is_closing_word(text, unit):
        plan.inner = [Edit(unit.start, unit.end, CLOSING_WORD, mistakes[0].code, "the closing apologised")]
        plan.codes, plan.closing = sorted({f.code for f in mistakes}), True
        return
    if mistakes and _reanswer(text, plan, mistakes, word_edits):
        return
    if mistakes:
        codes = sorted({f.code for f in mistakes})
        lifted = _lift(text, unit, findings)
        if lifted is None:
            plan.removed, plan.codes, plan.reason = True, codes, _why_removed(mistakes)
            return
        plan.keep = lifted
        plan.inner = [e for e in plan.inner + word_edits if lifted[0] <= e.start and e.end <= lifted[1]]
        plan.codes = sorted(set(codes) | {e.code for e in plan.inner})
        plan.reason = "kept the fact, dropped the apology around it" if not _THANKS_START.match(text[lifted[0]:lifted[1]]) \
            else "kept the thanks, dropped the apology"
        return
    if any(not f.edits for f in echoes):
        plan.removed, plan.codes, plan.reason = True, ["RN503"], "it points back at the mistake"
        return
    if hedges or echoes:
        after = apply_edits(text[unit.start:unit.end], [_shift(e, -unit.start) for e in word_edits])
        if _hedge_only(hedges, after, cue):
            plan.removed, plan.codes = True, sorted({f.code for f in hedges})
            plan.reason = "the sentence only hedges; without its hedges it says nothing"
            return
        unsure = _unsure_claims(text, unit, hedges)
        plan.inner += unsure + [e for e in word_edits if not any(u.start <= e.start < u.end for u in unsure)]
        plan.codes = sorted(set(plan.codes) | {f.code for f in hedges + echoes if f.edits})
        if any(not f.edits for f in hedges):
            plan.reason = "still hedged: reword it as a plain statement"


def _stands_on_its_own(text: str, unit: Unit, mistakes: list[Finding], cue) -> bool:
    """Whether a sentence only the classifier calls an excuse is kept all the same: a statement
    of the writer's skill with a number in it (the addendum the advice asks for), or the line
    that introduces a list of qualifications."""
    if any(f.source is not Source.MODEL or f.family != "over-explanation" for f in mistakes):
        return False
    words = text[unit.start:unit.end].rstrip()
    if words.endswith(":"):
        return True
    return (cue is not None and cue.skill and bool(re.search(r"\d", words)) and bool(_SUBJECT_START.match(words) or
            words.startswith("During")) and not re.search(r"\b(because|why|reason|but|although|though)\b", words, re.I))


_SUPERLATIVE = re.compile(r"\b(most|best|highest|largest|fastest|top|first|only|better than|more than anyone)\b|#\s?\d", re.I)


def _unsure_claims(text: str, unit: Unit, hedges: list[Finding]) -> list[Edit]:
    """A ranking the writer was unsure of ("..., which I think was the most on my team") is not
    made firm by deleting "I think": the clause goes instead."""
    edits = []
    for f in hedges:
        if f.text.lower().split()[:1] != ["i"]:
            continue
        clause = re.search(r",\s*(?:which|wich|that)\s+$", text[max(unit.start, f.start - 40):f.start], re.I)
        if clause is None:
            continue
        start = max(unit.start, f.start - 40) + clause.start()
        stop = re.search(r"[.!?;]|$", text[f.end:unit.end])
        end = f.end + stop.start()
        if _SUPERLATIVE.search(text[f.end:end]):
            edits.append(Edit(start, end, "", f.code, "dropped a ranking the note was unsure of"))
    return edits


def _reanswer(text: str, plan: _Plan, mistakes: list[Finding], word_edits: list[Edit]) -> bool:
    """Keep the answer of "What I meant to say is that I ..." without its lead: a short
    correction is the one or two lines the advice allows; the frame ties it to the question."""
    unit = plan.unit
    lead = _REANSWER.match(text, unit.start)
    if lead is None or any(f.family != "over-explanation" for f in mistakes):
        return False
    answer = text[lead.end():unit.end]
    if not 6 <= count_words(answer) <= _MAX_REANSWER_WORDS or _CAUSAL.search(answer) or not re.match(r"(?:I|we|my|our)\b", answer, re.I):
        return False
    end = unit.end
    while end > lead.end() and text[end - 1] in " .!?":
        end -= 1
    plan.keep = (lead.end(), end)
    plan.inner = [e for e in plan.inner + word_edits if lead.end() <= e.start and e.end <= end]
    plan.codes = sorted({f.code for f in mistakes} | {e.code for e in plan.inner})
    plan.reason = "kept the answer, dropped 'what I meant'"
    plan.reanswer = _topic(text[unit.start:lead.end()]) or ""
    return True


def _is_closing_word(text: str, unit: Unit) -> bool:
    """Whether a unit is the closing word of the sign-off ("Sorry again,"): short, ending in a
    comma, on its own line, with the name on the next."""
    words = text[unit.start:unit.end]
    return words.endswith(",") and len(words.split()) <= 4 and text[unit.end:unit.end + 1] == "\n" \
        and text[max(0, unit.start - 1):unit.start] in ("\n", "")


def _why_removed(mistakes: list[Finding]) -> str:
    families = {f.family for f in mistakes}
    if "apology" in families and "over-explanation" in families:
        return "apologises for and explains the mistake"
    return "apologises for the mistake" if "apology" in families else "explains the mistake"


def _lift(text: str, unit: Unit, findings: list[Finding]) -> tuple[int, int] | None:
    """RETURNS (tuple | None): the one clause of an apology sentence worth keeping (a fact in the
    writer's words, or the thanks), as offsets; None when the whole sentence should go.
    Facts inside an excuse only defend the mistake, so nothing is lifted from one."""
    if any(f.family == "over-explanation" for f in findings):
        return None
    pinned = [f for f in findings if f.family in MISTAKE_FAMILIES and f.source is not Source.MODEL]
    clauses = _clauses(text, unit)
    if len(clauses) < 2:
        return None
    keep = []
    for start, end in clauses:
        words = text[start:end]
        if any(start <= f.start < end or f.start <= start < f.end for f in pinned):
            continue
        if _THANKS_START.match(words) or (_SUBJECT_START.match(words) and _is_fact(words) and count_words(words) >= 5):
            keep.append((start, end))
    if len(keep) != 1:
        return None
    start, end = keep[0]
    if not pinned and not _THANKS_START.match(text[start:end]) and (start, end) == clauses[0]:
        return None  # a model-only apology: keep a clause only where the regret came first
    return start, end


def _clauses(text: str, unit: Unit) -> list[tuple[int, int]]:
    """Character ranges of a unit's clauses (split at ', but', ';', ':' and similar), trimmed."""
    ranges, start = [], unit.start
    body = text[unit.start:unit.end]
    for match in _CLAUSE.finditer(body):
        ranges.append((start, unit.start + match.start()))
        start = unit.start + match.end()
    ranges.append((start, unit.end))
    trimmed = []
    for a, b in ranges:
        while b > a and text[b - 1] in " .!?":
            b -= 1
        trimmed.append((a, b))
    return [(a, b) for a, b in trimmed if b > a]


def _is_fact(words: str) -> bool:
    """Whether words state something checkable: a number or a name."""
    return bool(re.search(r"\d", words) or _PROPER.search(words.strip()))


def _hedge_only(hedges: list[Finding], after: str, cue) -> bool:
    """Whether a hedged sentence says nothing once its hedges go: a disclaimer, a request for
    approval, a question back to them, or a tentative guess without a fact."""
    if _is_fact(after) or (cue is not None and cue.thanks):
        return False
    if count_words(after) < 4 or after.rstrip().endswith("?"):
        return True
    if any(not f.edits for f in hedges):
        return True
    return bool(re.search(r"\b(might|may|maybe|perhaps|could|not sure)\b", after, re.I))


_CAUSAL = re.compile(r"\b(because|which is why|that's why|that is why|due to|the reason)\b", re.I)
# Words that only make sense next to the explanation before them: a defence, or "this" for what it explained.
_DEFENSIVE = re.compile(r"\b(better than (?:most|anyone|any)|ask (?:anybody|anyone)|I do know|I know (?:my|how to)|trust me|"
                        r"(?:done|did|do|handled|handle|used|practised|practiced) (?:this|that|it)\b)", re.I)


def _continued_explanations(text: str, body: list[_Plan], cues: dict) -> None:
    """Remove a sentence that carries on the explanation just removed before it, in the same
    paragraph: one that states no fact, or gives a cause ("... mostly because ...")."""
    for before, plan in zip(body, body[1:]):
        if plan.removed or not before.removed or not any(c.startswith("RN2") for c in before.codes):
            continue
        words = text[plan.unit.start:plan.unit.end]
        if "\n\n" in text[before.unit.end:plan.unit.start] or plan.unit.is_bullet or words.rstrip().endswith(":"):
            continue
        if _keeps_its_place(plan, cues) or plan.keep is not None:
            continue
        if not _is_fact(words) or _CAUSAL.search(words) or _DEFENSIVE.search(words):
            plan.removed, plan.keep, plan.inner = True, None, []
            plan.codes, plan.reason = list(before.codes), "carries on the explanation before it"


_BACK_REFERENCE = re.compile(r"(?:During that time|At that time|Despite (?:that|this)|Even so|Still|Anyway|In any case|Either way|"
                             r"That said|Regardless|Nevertheless|Nonetheless|However|Also|Separately|Second|Secondly|Finally|"
                             r"On top of that|Plus|Besides),?\s+")
_LEFTOVER_LEAD = re.compile(r"(?:(?:I guess )?what I(?:'m| am) (?:trying to say|saying) is(?: that)?|what I mean is(?: that)?|"
                            r"all (?:this|that) to say(?: that)?|in other words|long story short|basically|again),?\s+", re.I)
_ALSO = re.compile(r"\bI(?:'d| would)?( also| still)\b")


def _dangling_also(text: str, body: list[_Plan], cues: dict) -> None:
    """In the first sentence of substance after removed ones, drop the words that pointed back
    at them: "also", "still", a leading "During that time" or "Even so"."""
    for plan in body:  # "What I'm saying is that I would love to..." -> "I would love to..."
        lead = None if plan.removed or plan.prefix else _LEFTOVER_LEAD.match(text, plan.start)
        if lead:
            plan.inner = [e for e in plan.inner if not (plan.start <= e.start and e.end <= lead.end() + 1)]
            rest = text[lead.end():lead.end() + 1]
            plan.inner.append(Edit(plan.start, lead.end(), "", "", "it pointed at what was cut"))
            if rest.islower():
                plan.inner.append(Edit(lead.end(), lead.end() + 1, rest.upper(), "", ""))
    seen_removal = False
    for plan in body:
        if plan.removed:
            seen_removal = True
            continue
        cue = cues.get(plan.unit)
        if cue is not None and cue.thanks:
            continue
        if not seen_removal:
            return
        start, words = plan.start, text[plan.start:plan.end]
        lead = _BACK_REFERENCE.match(words)
        if lead and not plan.prefix:
            rest = words[lead.end():lead.end() + 1]
            plan.inner.append(Edit(start, start + lead.end(), "", "", "it pointed at a sentence that went"))
            if rest.islower():
                plan.inner.append(Edit(start + lead.end(), start + lead.end() + 1, rest.upper(), "", ""))
        also = _ALSO.search(words)
        if also:
            at, end = start + also.start(1), start + also.end(1)
            if not any(e.start < end and at < e.end for e in plan.inner):
                plan.inner.append(Edit(at, end, "", "", f"'{also.group(1).strip()}' pointed at a sentence that went"))
        return


def _shorten(text: str, body: list[_Plan], cues: dict, limit: int, job: str | None) -> None:
    """Remove whole sentences until the body fits: remarks first (last first), then, with a job
    posting, the facts least related to it."""
    kept = [p for p in body if not p.removed]
    words = sum(count_words(text[p.start:p.end]) for p in kept)  # kept up to date below, not recounted
    remarks = [p for p in kept[1:] if not _keeps_its_place(p, cues) and not _is_fact(text[p.start:p.end])]
    order = list(reversed(remarks))
    if job:
        from reviewer.relevance import rank_by_relevance

        facts = [p for p in kept[1:] if not _keeps_its_place(p, cues) and p not in remarks]
        scores = rank_by_relevance([text[p.start:p.end] for p in facts], job)
        order += [p for _, p in sorted(zip(scores, facts), key=lambda sp: sp[0])]
    for plan in order:
        if words <= limit:
            break
        words -= count_words(text[plan.start:plan.end])
        plan.removed, plan.keep, plan.inner = True, None, []
        plan.codes, plan.reason = ["RN401"], "to keep the note short"


def _keeps_its_place(plan: _Plan, cues: dict) -> bool:
    cue = cues.get(plan.unit)
    return cue is not None and (cue.thanks or cue.close)


_HOW_TO = re.compile(r"\basked (?:me )?how (?:I|you) would (?P<t>[a-z]+ [^,.;:!?]{3,60})", re.I)


def _topic(sentence: str) -> str | None:
    """RETURNS (str | None): what the interviewer asked about, in the draft's words."""
    how = _HOW_TO.search(sentence)
    if how and len(how.group("t").split()) <= 8:  # "asked how I would handle X" -> "how to handle X"
        return "how to " + how.group("t").strip()
    for pattern in _TOPIC:
        for match in pattern.finditer(sentence):
            topic = _TOPIC_TAIL.sub("", match.group("t")).strip()
            topic = re.sub(r"^(?:the|a|an|your)\s+", "", topic, flags=re.I) if pattern is _TOPIC[0] else topic
            words = topic.split()
            if 1 <= len(words) <= 6 and not (set(w.lower() for w in words) & (_NOT_A_TOPIC | {"i", "me"})):
                return topic
    return None


def _frame(text: str, body: list[_Plan], cues: dict) -> None:
    """Tie the first fact after a deleted sentence to the topic that sentence named, once: when
    the deleted sentence stood right before the fact, or the fact shares a word stem with the
    topic (a frame that names the mistake itself, not what the fact answers, reads oddly)."""
    for i, plan in enumerate(body):
        if plan.reanswer is not None and not plan.removed:  # "What I meant was that I ..." -> "Since we discussed X, ..."
            topic = plan.reanswer or next((_topic(text[p.unit.start:p.unit.end]) for p in reversed(body[:i])
                                           if p.removed and _topic(text[p.unit.start:p.unit.end])), None)
            if topic:
                plan.prefix = FRAME.format(topic=topic)
                plan.lower_first = not re.match(r"I\b|I'", text[plan.start:plan.end])
                plan.added.append((plan.prefix.strip(), "ties the answer to the question it answers"))
            return
    # A note that already says "I'd like to add that" elsewhere gets the short frame, not the phrase twice.
    own_addendum = any(not p.removed and _OWN_ADDENDUM.search(text[p.start:p.end]) for p in body)
    for i, plan in enumerate(body):
        if not plan.removed or plan.codes == ["RN401"]:
            continue
        topic = _topic(text[plan.unit.start:plan.unit.end])
        if topic is None:
            continue
        adjacent = True
        for target in body[i + 1 :]:
            if target.removed:
                adjacent = False
                continue
            words = text[target.start:target.end]
            cue = cues.get(target.unit)
            if target.unit.is_bullet or (cue is not None and (cue.thanks or cue.close)) or not _is_fact(words):
                adjacent = False
                continue
            if _FRAMEABLE.match(words) and not _ALREADY_TIED.match(words) and (adjacent or _shares_stem(topic, words)):
                target.prefix = (SHORT_FRAME if _LEAD_IN.match(words) or own_addendum else FRAME).format(topic=topic)
                target.added.append((target.prefix.strip(), "ties the fact to the question it answers"))
                target.lower_first = not re.match(r"I\b|I'", words)
                target.codes = sorted(set(target.codes) | set(plan.codes))
                target.reason = target.reason or f"tied to the topic the deleted sentence named ('{topic}')"
            break
        return


def _shares_stem(topic: str, words: str) -> bool:
    stems = {w[:6] for w in re.findall(r"[a-z]{4,}", topic.lower())}
    return bool(stems & {w[:6] for w in re.findall(r"[a-z]{4,}", words.lower())})


def _fill_gaps(text: str, anatomy, body: list[_Plan], kept: list[_Plan], cues: dict, add: str | None) -> None:
    """A thanks line when the note no longer opens with thanks; the user's fact; a closing line."""
    if not kept:
        return
    first, last = kept[0], kept[-1]
    removed_any = any(p.removed for p in body)
    opens_with_thanks = _THANKS_START.match(text[first.start:first.end]) or (cues.get(first.unit) and cues[first.unit].thanks
                                                                              and first.keep is None)
    if removed_any and not opens_with_thanks:
        when = _WHEN.search(text)
        role = _ROLE.search(text)
        about = f" about the {' '.join(role.group(1).split() + [role.group(2).lower()])}" if role and role.group(1).strip() else ""
        line = THANKS_WHEN.format(when=when.group(1)) if when else THANKS_LINE.format(about=about)
        first.prefix = line + " " + first.prefix
        first.added.insert(0, (line, "the note should open by thanking them"))
    if add and add.strip():
        fact = add.strip()
        fact = fact[0].upper() + fact[1:]
        if fact[-1] not in ".!?":
            fact += "."
        anchor = next((p for p in kept if _THANKS_START.match(text[p.start:p.end])), first)
        anchor.suffix += " " + fact
        anchor.added.append((fact, "your fact (--add)"))
    has_close = any(cues.get(p.unit) is not None and cues[p.unit].close for p in kept)
    if removed_any and not has_close:
        last.suffix += ("\n\n" if last.unit.is_bullet else " ") + CLOSE_LINE
        last.added.append((CLOSE_LINE, "no forward-looking line was left before the sign-off"))


def _group(units: list[Unit], items: list, span) -> list[list]:
    """RETURNS (list): for each unit (in text order), the items whose span (start, end) overlaps it."""
    starts = [u.start for u in units]
    groups: list[list] = [[] for _ in units]
    for item in items:
        start, end = span(item)
        i = max(bisect.bisect_right(starts, start) - 1, 0)
        while i < len(units) and units[i].start < end:
            if start < units[i].end and units[i].start < end:
                groups[i].append(item)
            i += 1
    return groups


def _shift(edit: Edit, by: int) -> Edit:
    return replace(edit, start=edit.start + by, end=edit.end + by)


def _materialise(text: str, anatomy, plans: list[_Plan]) -> list[Edit]:
    """The edits that carry out the plans: removals by runs of units (with their spacing),
    lifted clauses, inner word edits, and the added text."""
    edits: list[Edit] = []
    order = list(anatomy.units)
    position = {u: i for i, u in enumerate(order)}
    removed = {p.unit for p in plans if p.removed}
    plan_of = {p.unit: p for p in plans}
    run: list[Unit] = []
    for unit in order + [None]:
        if unit is not None and unit in removed:
            if run and "\n" in text[run[-1].end:unit.start]:  # one run per line: each keeps its own line break
                edits.append(_removal(text, order, position, run, plan_of))
                run = []
            run.append(unit)
            continue
        if run:
            edits.append(_removal(text, order, position, run, plan_of))
            run = []
    for plan in plans:
        if plan.removed:
            continue
        start, end = plan.start, plan.end
        lead = ""
        if plan.keep:  # drop the words around the lifted clause; it starts with a capital and ends the sentence
            tail = text[plan.unit.start:plan.unit.end].rstrip()
            stop = tail[-1] if tail and tail[-1] in ".!?" else "."
            edits.append(Edit(plan.unit.start, start, "", plan.codes[0], plan.reason))
            edits.append(Edit(end, plan.unit.end, stop if stop != "?" else ".", plan.codes[0], plan.reason))
        first_char = text[start:start + 1]
        new_first = first_char
        if plan.keep and not plan.lower_first:
            new_first = first_char.upper()
        if plan.lower_first:
            new_first = first_char.lower()
        if plan.prefix or new_first != first_char:
            lead = plan.prefix + new_first
            inner_first = [e for e in plan.inner if e.start == start and e.end > start]
            if inner_first:  # a word edit at the first letter (a hedge at the start) takes the prefix with it
                e = inner_first[0]
                replacement = e.replacement
                if plan.lower_first and replacement[:1].isupper() and not re.match(r"I\b|I'", replacement):
                    replacement = replacement[:1].lower() + replacement[1:]
                plan.inner.remove(e)
                plan.inner = [x for x in plan.inner if not (x.start == e.end and x.end == e.end + 1 and x.code == e.code)]
                edits.append(Edit(e.start, e.end, plan.prefix + replacement, e.code, e.reason))
                if not replacement:
                    nxt = e.end
                    ch = text[nxt:nxt + 1]
                    fixed = ch.lower() if plan.lower_first and not re.match(r"I\b|I'", text[nxt:nxt + 2]) else ch.upper()
                    if fixed != ch:
                        edits.append(Edit(nxt, nxt + 1, fixed, e.code, e.reason))
            else:
                edits.append(Edit(start, start + 1, lead, "", "; ".join(why for added, why in plan.added if added in plan.prefix)
                                  or plan.reason))
        edits.extend(plan.inner)
        if plan.suffix:
            edits.append(Edit(end if not plan.keep else plan.unit.end, end if not plan.keep else plan.unit.end,
                              plan.suffix, "", "; ".join(why for _, why in plan.added if _ in plan.suffix)))
    return edits


def _removal(text: str, order: list[Unit], position: dict, run: list[Unit], plan_of: dict) -> Edit:
    """One edit that removes a run of consecutive units and the spacing that belonged to them."""
    first, last = run[0], run[-1]
    i, j = position[first], position[last]
    before = order[i - 1] if i > 0 else None
    after = order[j + 1] if j + 1 < len(order) else None
    codes = sorted({c for u in run for c in plan_of[u].codes})
    reason = plan_of[first].reason
    if after is not None and "\n" not in text[last.end:after.start]:
        return Edit(first.start, after.start, "", codes[0] if codes else "", reason)
    if before is not None and "\n" not in text[before.end:first.start]:
        return Edit(before.end, last.end, "", codes[0] if codes else "", reason)
    if after is not None:
        return Edit(first.start, after.start, "", codes[0] if codes else "", reason)
    return Edit(before.end if before is not None else first.start, last.end, "", codes[0] if codes else "", reason)


def _empty_body_edit(text: str, anatomy, closing: Unit | None = None) -> Edit:
    """When every body sentence went: a thanks line and a closing line before the sign-off."""
    when = _WHEN.search(text)
    line = (THANKS_WHEN.format(when=when.group(1)) if when else THANKS_LINE.format(about="")) + " " + CLOSE_LINE
    signoff = closing or next((u for u in anatomy.units if u.part is Part.SIGNOFF), None)
    if signoff is not None:
        return Edit(signoff.start, signoff.start, line + "\n\n", "", EMPTY_BODY)
    return Edit(len(text.rstrip()), len(text.rstrip()), "\n\n" + line, "", EMPTY_BODY)


def _account(text: str, plans: list[_Plan], edits: list[Edit], settings, anatomy):
    """Every sentence's fate, what was left out, and the notes, all derived from the plans and edits."""
    changes: list[Change] = []
    left_out: list[str] = []
    nearby = _group([p.unit for p in plans], edits, lambda e: (e.start, max(e.end, e.start + 1)))
    for plan, around in zip(plans, nearby):
        unit = plan.unit
        before = [(added, why) for added, why in plan.added if added in plan.prefix]
        changes.extend(Change("added", added, plan.start, plan.start, (), why) for added, why in before)
        touched = [e for e in around if not (not e.code and e.replacement.endswith(text[e.start:e.end]))]  # added text alone is no edit
        if plan.removed:
            changes.append(Change("removed", unit.text, unit.start, unit.end, tuple(plan.codes), plan.reason))
            if _is_fact(unit.text):
                left_out.append(unit.text)
        elif touched:
            codes = tuple(sorted({e.code for e in touched if e.code} | set(plan.codes)))
            reason = plan.reason or "; ".join(dict.fromkeys(e.reason for e in touched if e.reason))
            changes.append(Change("edited", unit.text, unit.start, unit.end, codes, reason))
        else:
            changes.append(Change("kept", unit.text, unit.start, unit.end))
        changes.extend(Change("added", added, plan.end, plan.end, (), why) for added, why in plan.added if (added, why) not in before)
    changes.extend(Change("added", e.replacement.strip(), e.start, e.end, (), e.reason) for e in edits if e.reason == EMPTY_BODY)
    notes: list[str] = [
        f"Kept, but check it: the classifier reads it as about the mistake: \"{' '.join(plan.unit.text.split())}\""
        for plan in plans if not plan.removed and plan.reason.startswith("the classifier")
    ]
    if not edits and not notes:
        notes.append("Nothing to change.")
    if left_out:
        notes.append(REFEREE_ADVICE)
    for change in changes:
        if change.fate == "edited" and change.reason.startswith("still hedged"):
            notes.append(f"Still hedged, reword it as a plain statement: \"{' '.join(change.text.split())}\"")
    body_words = _body_words(text, anatomy, edits)
    if edits and body_words < settings.min_words:
        notes.append(f"The suggestion is {body_words} words, under the {settings.min_words}-word ideal; a line about "
                     "something you enjoyed in the interview would help.")
    if body_words > settings.max_words:
        notes.append(f"The suggestion is {body_words} words, over the {settings.max_words}-word target.")
    return tuple(changes), tuple(left_out), tuple(notes), body_words


def _body_words(text: str, anatomy, edits: list[Edit]) -> int:
    """Body words of the suggestion: the body's span in the draft, with the edits inside it applied."""
    body = anatomy.body
    if not body:
        return 0
    start, end = body[0].start, body[-1].end
    inside = [_shift(e, -start) for e in edits if start <= e.start and e.end <= end]
    return count_words(apply_edits(text[start:end], inside))
