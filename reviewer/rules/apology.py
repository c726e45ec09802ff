"""Apology family (RN1xx): apologies, self-reproach and pleas about the interview."""

from reviewer.findings import Severity
from reviewer.rules.base import Examples, PhraseRule
from reviewer.rules.patterns import load_phrases

FAMILY = "apology"

RULES = (
    PhraseRule(
        code="RN101",
        name="apology-words",
        family=FAMILY,
        severity=Severity.ERROR,
        summary="Flags apologies: 'sorry', 'I apologize', 'please excuse/forgive', 'my bad'.",
        why="A follow-up that apologises only reminds the interviewer of the mistake.",
        fix="Delete the apology. Thank them, and add the missing point in a line if it matters.",
        message="Apologising reminds the interviewer of the mistake instead of your strengths.",
        phrases=load_phrases("apology-words"),
        skip_negated=True,
        skip_other_subject=True,
        one_per_sentence=True,
        examples=Examples(
            flag=(
                "I'm so sorry that I blanked on the e-filing question.",
                "I APOLOGIZE for running over our time.",
                "Please excuse my nerves during the math questions.",
                "I apologise for the long email.",
                "My bad on the brunoise.",
                "Sorry again, and thank you for your time.",
            ),
            ok=(
                "I was sorry to hear that Mr. Abernathy is retiring.",
                "There was no need to apologize for the Zoom mix-up on your end.",
                "You apologized for the noise, but it was no trouble at all.",
                'The talk was titled "Sorry, Not Sorry" and it was great.',
                "Don't apologise for the late start; I enjoyed the tour.",
                "I'm sorry to hear the office flooded last week.",
            ),
        ),
    ),
    PhraseRule(
        code="RN102",
        name="self-reproach",
        family=FAMILY,
        severity=Severity.ERROR,
        summary="Flags self-blame without the word sorry: 'I messed up', 'I regret', 'I wish I had', 'I was so nervous'.",
        why="Running yourself down about the interview reads as an apology and keeps the mistake in view.",
        fix="Drop the self-criticism; state the skill or fact you want them to remember instead.",
        message="This sentence dwells on what went wrong; the interviewer may not even remember it.",
        phrases=load_phrases("self-reproach"),
        skip_negated=False,
        one_per_sentence=True,
        examples=Examples(
            flag=(
                "I know I messed up the whiteboard problem today.",
                "I regret not bringing up my numbers.",
                "I wish I had explained my scheduling experience more clearly.",
                "I was so nervous during the panel.",
                "I feel terrible that I got such a basic question wrong.",
                "I hope my nerves didn't give you the wrong impression.",
                "I was kicking myself the whole drive home.",
            ),
            ok=(
                "I regret to say the Thursday slot does not work for my reference.",
                "I was nervous because I hadn't slept, and traffic was bad.",
                "I was a little nervous but excited to meet the team.",
                "I hope I left a good impression on the panel.",
                "Thank you for putting me at ease; I arrived nervous and left excited.",
            ),
        ),
    ),
    PhraseRule(
        code="RN103",
        name="plea-for-another-chance",
        family=FAMILY,
        severity=Severity.ERROR,
        summary="Flags begging: 'give me another chance', 'don't hold it against me', 'I won't let you down'.",
        why="Pleading puts the interviewer in an awkward spot and signals you expect to be rejected.",
        fix="Close with a confident, forward-looking line such as 'I look forward to hearing about next steps.'",
        message="Asking them to overlook the interview sounds like you expect a no.",
        phrases=load_phrases("second-chance"),
        one_per_sentence=True,
        examples=Examples(
            flag=(
                "Please give me another chance to show you what I can do.",
                "I hope you won't hold it against me.",
                "Please don't let my rambling answer count against me.",
                "Please let me come back and show you, I won't let you down.",
            ),
            ok=(
                "I look forward to the chance to continue the conversation.",
                "I would welcome a second interview with the wider team.",
            ),
        ),
    ),
)
