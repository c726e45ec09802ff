"""Hedging family (RN3xx): words that undermine the writer."""

from reviewer.findings import Severity
from reviewer.rules.base import Examples, ModelRule, PhraseRule, Repair
from reviewer.rules.families import HEDGING

FAMILY = HEDGING.name

RULES = (
    PhraseRule(
        code="RN301",
        name="hedge-just",
        family=FAMILY,
        severity=Severity.WARNING,
        summary="Flags 'just' used to shrink what you say ('I just wanted to add'); leaves time uses alone.",
        why="'Just' makes your point sound small and apologetic.",
        fix="Delete 'just': 'I wanted to add that...' or, better, say the thing directly.",
        message="'Just' shrinks your point; say it directly.",
        phrase_list="hedge-just",
        repair=Repair(words=r"\bjust\b", reason="deleted 'just'"),
        examples=Examples(
            flag=(
                "I just wanted to say thanks for the chat this morning!",
                "Just a quick note to follow up on our call.",
                "I'm just checking in about next steps.",
            ),
            ok=(
                "I had just finished a double shift at the restaurant.",
                "I attached the spreadsheet we just went over.",
                "We moved the bakery to just-in-time ordering.",
                "I just passed the CPA exam in May.",
                "I can start just after the holidays.",
            ),
        ),
    ),
    PhraseRule(
        code="RN302",
        name="hedge-qualifier",
        family=FAMILY,
        severity=Severity.WARNING,
        summary="Flags qualifiers that weaken your claims: 'I think', 'I feel like', 'maybe', 'kind of', 'probably', 'hopefully'.",
        why="Hedges make your skills sound uncertain; state facts plainly.",
        fix="Drop the qualifier and state the fact: 'I led the redesign', not 'I kind of led the redesign'.",
        message="This hedge makes you sound unsure of your own experience.",
        phrase_list="hedge-qualifiers",
        repair=Repair(unless=r"i\s+(might|may|would)\b", reason="deleted the qualifier"),
        takes_extra_phrases=True,
        examples=Examples(
            flag=(
                "I think I might suit the coordinator role.",
                "I did kind of run the volunteer program last year.",
                "I feel like I could probably learn the CRM fast.",
                "Hopefully we can talk again next week!",
                "I guess I would call myself a detail person.",
                "I believe my experience would make me a strong fit for the role.",
                "Your team appears to be a great match for my background.",
                "I hope my enthusiasm for the clinic came through.",
                "I am fairly confident the scheduling side would suit me.",
            ),
            ok=(
                "You asked what kind of reports I had automated.",
                "I am confident my experience in logistics is a strong fit.",
                "Thank you for starting with a bit of small talk.",
                "I believe in giving every patient a clear plan.",
                "That is the sort of team I want to join.",
                "I hope to hear from you soon.",
                "I think highly of the mentoring program you described.",
            ),
        ),
    ),
    PhraseRule(
        code="RN303",
        name="self-undermining",
        family=FAMILY,
        severity=Severity.WARNING,
        summary="Flags running down your own ability: 'I'm no expert', 'I'm not sure', 'I could be wrong'.",
        why="The note is your last word before a decision; don't argue against yourself.",
        fix="Leave out the disclaimer and state what you have done.",
        message="This undercuts the skill you are trying to show.",
        phrase_list="self-undermining",
        repair=Repair(through_but=True, reason="deleted the disclaimer"),
        examples=Examples(
            flag=(
                "I'm no expert in Python, but I taught myself.",
                "I'm not sure whether that counts as retail work.",
                "I could be wrong, but the schedule should still hold.",
            ),
            ok=("I am sure the team will do great work this year.", "I'm an expert in Excel macros."),
        ),
    ),
    PhraseRule(
        code="RN304",
        name="reassurance-seeking",
        family=FAMILY,
        severity=Severity.WARNING,
        summary="Flags asking for approval: 'does that make sense?', 'if that makes sense', 'hopefully that's okay'.",
        why="Asking whether your point made sense signals doubt about it.",
        fix="End with the point itself, or a confident closing line.",
        message="Asking whether this makes sense signals doubt.",
        phrase_list="reassurance",
        repair=Repair(trailing_only=True, reason="deleted the request for approval"),
        examples=Examples(
            flag=(
                "Does that make sense for this role?",
                "I could take over the rota quickly, if that makes sense.",
                "Hopefully that's useful!",
            ),
            ok=("It made sense to move the team to weekly releases.",),
        ),
    ),
    ModelRule(
        code="RN305",
        name="hedge-implied",
        family=FAMILY,
        severity=Severity.WARNING,
        summary="The classifier finds a sentence that undercuts itself without the usual hedge words.",
        why="Qualified, uncertain claims make your experience sound smaller than it is.",
        fix="State the fact plainly, without qualifiers.",
        message="The classifier reads this sentence as unsure of itself.",
        label="hedging",
        examples=Examples(
            flag=("I am somewhat familiar with SAP, more or less, if that is any help at all.",),
            ok=("I managed the SAP rollout for 40 users at Kestrel Foods.",),
        ),
    ),
)
