"""The reviewed table of mistake kinds and preparation steps behind `reviewer.lessons`.

One row a kind: the words that show it in a sentence the mistake findings mark, where its
topic sits, the advice with `{topic}` (the draft's own words), a fallback quoting the
trigger words when no topic is found, and the line of GUIDANCE.md it comes from. Rows are
tried in order; the first whose trigger matches names the sentence's kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

I = re.IGNORECASE
_T = r"(?P<t>[^,.;:!?()\"]{2,60})"  # a topic: up to the next punctuation


@dataclass(frozen=True)
class Kind:
    """One kind of interview mistake and how to prepare so it does not happen again."""

    name: str
    triggers: tuple[re.Pattern, ...]
    topics: tuple[re.Pattern, ...]  # where this kind's topic sits (group "t")
    advice: str  # with {topic}
    fallback: str  # with {topic} = the trigger words, quoted
    guidance: str  # the line of GUIDANCE.md the advice follows
    wants_object: bool = True  # also try the shared topic patterns ("asked about X", "the X question")
    referee: str = ""  # added when the note itself does not make up for it
    chunks: bool = False  # with a parser, the noun chunk right after the trigger is the topic


def _re(*patterns: str) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, I) for p in patterns)


# Where a topic sits in any mistake sentence: the object of "asked about", "the ... question".
TOPIC_PATTERNS = _re(
    rf"\bblank(?:ed)?\s+on\s+{_T}",
    rf"\basked\s+(?:me\s+)?(?:about|to\s+(?:explain|describe|walk\s+(?:you\s+)?through))\s+{_T}",
    rf"\b(?:question|questions)\s+(?:about|on)\s+{_T}",
    r"\bthe\s+(?P<t>[a-z][\w&/+ -]{1,40}?)\s+(?:question|questions|problem|exercise|case|task|roleplay|role-play|test)\b",
    rf"\b(?:my\s+)?answer\s+(?:about|on|to)\s+{_T}",
    rf"\b(?:explain|explained|describe|described|walk(?:ed)?\s+(?:you\s+)?through)\s+{_T}",
)
TOPIC_TAIL = re.compile(
    r"\s+(?:in|during|at|on)\s+(?:the|our|my|your)\s+(?:interview|call|meeting|panel|room|answer|reply|response)\b.*$|\s+(?:today|yesterday|earlier|"
    r"this morning|this afternoon|on (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|with me|with you|(?:very\s+|so\s+|too\s+)?(?:clearly|well|badly|poorly)|more clearly|was|were|is|went|did|made|sounded|came|didn't|"
    r"properly|at all|at\s+my\s+(?:current|last|previous|old)\s+\w+|when|because|since|and|but|so|which|that)\b.*$", I)
QUESTION_WORD = re.compile(r"\s+(?:question|questions)$", I)
NOT_A_TOPIC = frozenset({"it", "that", "this", "them", "those", "these", "me", "something", "one", "i", "you", "anything", "everything", "good", "well", "better", "enough", "right", "clearly", "properly",
                        "steps", "terms", "thing", "things", "stuff", "answer", "answers"})  # too general to practise)
MAX_TOPIC_WORDS = 6

_MENTION = r"(?:mention|mentioning|bring\s+up|bringing\s+up|talk\s+about|talking\s+about|say\s+anything\s+about|cover|share|highlight)"

KINDS: tuple[Kind, ...] = (
    Kind(
        "left-out-skill",
        _re(rf"\bforg[eo]t\s+to\s+{_MENTION}", rf"\b(?:didn'?t|did\s+not|never)\s+(?:get\s+to\s+|got\s+to\s+|manage\s+to\s+|think\s+to\s+)?{_MENTION}",
            rf"\bnot\s+{_MENTION}", r"\bshould\s+have\s+(?:mentioned|brought\s+up|talked\s+about|shared|highlighted)",
            rf"\bneglected\s+to\s+{_MENTION}", r"\bleft\s+out\b"),
        _re(rf"\b{_MENTION}\s+(?:my\s+)?(?:experience\s+(?:with|in)\s+)?{_T}",
            rf"\b(?:mentioned|brought\s+up|talked\s+about|shared|highlighted)\s+{_T}",
            rf"\bleft\s+out\s+{_T}"),
        "Prepare three short stories (situation, action, result) that show your {topic}, matched to the job posting.",
        'Before the next interview, list the skills the posting asks for and a short story for each, so "{topic}" does not happen again.',
        "GUIDANCE 2 and 5: leaving out a skill critical to the role matters; prepare so it comes up.",
        referee="It did not fit in this note: ask your referees to mention your {topic} when they are called.",
        chunks=True,
    ),
    Kind(
        "materials",
        _re(r"\b(?:didn'?t|did\s+not)\s+(?:have|bring)\s+(?:my\s+|the\s+|a\s+)?[\w -]{2,60}?\s+(?:ready|with\s+me)",
            r"\bforgot\s+(?:to\s+bring\s+)?(?:my|the)\s+(?:portfolio|resume|résumé|cv|laptop|notes|samples|references|certificates?)"),
        _re(r"\b(?:have|bring)\s+(?:my\s+|the\s+|a\s+)?(?P<t>[\w -]{2,60}?)\s+(?:ready|with\s+me)",
            r"\bforgot\s+(?:to\s+bring\s+)?(?P<t>(?:my|the)\s+[\w -]{2,40}?)(?=[,.;:!?]|\s+(?:to|for|and|at|in)\b|$)"),
        "Pack your {topic} the night before and keep a copy you can share on screen.",
        'Make a checklist of what to bring and pack it the night before, so "{topic}" does not happen again.',
        "GUIDANCE 5: list what to improve; preparation time is a common cause.",
        wants_object=False,
    ),
    Kind(
        "late",
        _re(r"\b(?:arriv\w*|was|were|being|ran|running|showed\s+up|got\s+there|joined)\s+(?:\w+\s+){0,3}?late\b",
            r"\blate\s+arrival\b", r"\blateness\b", r"\bkept\s+you\s+waiting\b"),
        (),
        'Plan the trip the day before and aim to arrive fifteen minutes early, with a backup route, so "{topic}" does not happen again.',
        'Plan the trip the day before and aim to arrive fifteen minutes early, with a backup route, so "{topic}" does not happen again.',
        "GUIDANCE 5: list what to improve for the next interview.",
        wants_object=False,
    ),
    Kind(
        "technical-trouble",
        _re(r"\b(?:connection|wi-?fi|internet|audio|microphone|mic|camera|webcam|video|zoom|teams|laptop|headset|sound|screen\s*share)"
            r"\b[^.!?]{0,40}?\b(?:dropped|drop|froze|frozen|freez\w*|cut\s+out|failed|died|issues?|problems?|trouble|glitch\w*|lag\w*|"
            r"crashed|didn'?t\s+work|stopped)",
            r"\b(?:technical|tech|connection)\s+(?:issues?|problems?|difficulties|trouble)"),
        _re(r"\b(?:my\s+|the\s+)?(?P<t>(?:internet\s+)?(?:connection|wi-?fi|internet|audio|microphone|mic|camera|webcam|video|zoom|teams|laptop|"
            r"headset|sound|screen\s*share))\b"),
        "Test your {topic}, the call link and a backup (phone or second device) thirty minutes before the next video interview.",
        'Test your set-up and the call link thirty minutes before the next video interview, so "{topic}" does not happen again.',
        "GUIDANCE 5: list what to improve for the next interview.",
        wants_object=False,
    ),
    Kind(
        "salary",
        _re(r"\b(?:salary|compensation|pay\s+range|pay\s+expectations?|expected\s+pay|rate\s+expectations?)\b"),
        _re(r"\b(?P<t>(?:salary|compensation|pay)(?:\s+(?:range|expectations?|question))?)\b"),
        "Look up the going pay range for the role and rehearse a one-sentence answer to the {topic} question.",
        "Look up the going pay range for the role and rehearse a one-sentence answer.",
        "GUIDANCE 5: list what to improve for the next interview.",
        wants_object=False,
    ),
    Kind(
        "blanked",
        _re(r"\bblank(?:ed)?\b", r"\bwent\s+blank\b", r"\bdrew\s+a\s+blank\b", r"\bfroze\b", r"\bstumbled\b", r"\bfumbled\b",
            r"\bmixed\s+up\b", r"\bhad\s+the\s+two\s+mixed\b", r"\bmessed\s+up\b", r"\bbotched\b", r"\bflubbed\b",
            r"\bgot\s+(?:\w+\s+){0,6}?wrong\b", r"\bwrong\s+(?:answer|number|formula|term)\b",
            r"\bcouldn'?t\s+(?:remember|recall|think\s+of|answer)\b", r"\bdidn'?t\s+know\s+(?:the|how|what)\b",
            r"\bthrew\s+me\s+off\b", r"\b(?:uneven|sloppy)\b"),
        _re(rf"\b(?:messed\s+up|botched|flubbed|fumbled|stumbled\s+on|stumbled\s+over|froze\s+on|mixed\s+up)\s+{_T}",
            rf"\b(?:my\s+bad\s+on|wrong\s+on)\s+{_T}", rf"\bcouldn'?t\s+(?:remember|recall)\s+{_T}"),
        "Practise explaining {topic} aloud with two examples from your own work before your next interview.",
        'Write down the question behind "{topic}" and practise answering it aloud, with two examples from your own work.',
        "GUIDANCE 5: learn from it, so the next interview goes better.",
        chunks=True,
    ),
    Kind(
        "rambling",
        _re(r"\brambl\w*", r"\bwent\s+on\s+(?:too\s+long|forever|and\s+on)\b", r"\btalked\s+too\s+much\b", r"\blong-?winded\b", r"\bscattered\b",
            r"\ball\s+over\s+the\s+place\b", r"\b(?:ran|running)\s+over\b(?=\s+(?:our|the|my)\b)", r"\bover-?explain\w*"),
        _re(rf"\b(?:rambl\w*|too\s+long)\s+(?:on|about|through)\s+{_T}"),
        "Practise your answer on {topic} against a two-minute timer: situation, action, result, then stop.",
        'Practise your answers against a two-minute timer (situation, action, result, then stop), so "{topic}" does not happen again.',
        "GUIDANCE 3 and 5: long answers, like long notes, hide the point; practise short ones.",
    ),
    Kind(
        "questions-for-them",
        _re(r"\b(?:didn'?t|did\s+not)\s+(?:have|ask)\s+(?:you\s+)?(?:any\s+|many\s+|good\s+|better\s+)?questions\b",
            r"\bquestions?\s+(?:for\s+you|to\s+ask)\b", r"\bnothing\s+to\s+ask\b"),
        _re(r"(?P<t>\b(?:didn'?t|did\s+not)\s+(?:have|ask)\s+(?:you\s+)?(?:any\s+|many\s+|good\s+|better\s+)?questions(?:\s+(?:for\s+you|to\s+ask))?)",
            r"(?P<t>\bquestions?\s+(?:for\s+you|to\s+ask))", r"(?P<t>\bnothing\s+to\s+ask)"),
        'Write three questions for them before the next interview (the team, the first ninety days, how success is measured), so "{topic}" does not happen again.',
        "Write three questions for them before the next interview (the team, the first ninety days, how success is measured).",
        "GUIDANCE 5: list what to improve for the next interview.",
        wants_object=False,
    ),
    Kind(
        "background",
        _re(r"\bgap\s+(?:in|on)\s+my\b", r"\b(?:employment|resume|résumé|cv)\s+gap\b", r"\bwhy\s+I\s+(?:left|was\s+only)\b",
            r"\bshort\s+(?:stint|tenure|time)\b", r"\bonly\s+(?:at|with)\s+[\w&. ]{2,40}\s+for\s+(?:\w+\s+){1,2}(?:months|weeks)\b"),
        _re(r"\b(?:the|my)\s+(?P<t>gap\s+(?:in|on)\s+my\s+(?:resume|résumé|cv|career))\b",
            r"\b(?P<t>(?:employment|resume|résumé|cv)\s+gap)\b",
            r"\b(?:why\s+I\s+left|only\s+(?:at|with))\s+(?P<t>(?-i:[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,2}))"),
        "Prepare a two-sentence answer about {topic} that ends on what you want next, and rehearse it aloud.",
        'Prepare a two-sentence answer about your background that ends on what you want next, so "{topic}" is easy to answer.',
        "GUIDANCE 2 and 3: a long justification draws attention; a short, rehearsed answer does not.",
        wants_object=False,
    ),
    Kind(
        "nerves",
        _re(r"\bnervous\b", r"\bnerves\b", r"\banxious\b", r"\banxiety\b", r"\bflustered\b", r"\bjittery\b",
            r"\b(?:so|very|really|more)\s+tired\b", r"\bhadn'?t\s+slept\b", r"\bstressed\b"),
        (),
        'Do a mock interview out loud with a friend or mentor before the next one, so it feels familiar and "{topic}" has less room.',
        'Do a mock interview out loud with a friend or mentor before the next one, so it feels familiar and "{topic}" has less room.',
        "GUIDANCE 5: list what to improve; preparation time is a common cause.",
        wants_object=False,
    ),
    Kind(
        "weak-answer",
        _re(r"\b(?:didn'?t|did\s+not|couldn'?t)\s+(?:really\s+)?(?:answer|explain)\b", r"\bmy\s+answer\b", r"\bquestion\b",
            r"\bwhen\s+you\s+asked\b", r"\bwhat\s+I\s+(?:meant|wanted|was\s+trying)\b", r"\bnot\s+(?:very\s+)?clear\b", r"\bwrong\s+impression\b", r"\bexplain\w*\s+[\w ]{0,40}\bmore\s+clearly\b"),
        (),
        "Practise your answer on {topic} aloud, in two or three sentences with one example from your own work.",
        'Write down the questions you found hard and practise short answers aloud before the next interview, so "{topic}" goes better.',
        "GUIDANCE 5: learn from it, so the next interview goes better.",
    ),
)
