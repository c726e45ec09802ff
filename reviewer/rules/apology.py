"""Apology family (RN1xx): apologies, self-reproach and pleas about the interview."""

from reviewer.findings import Severity
from reviewer.rules.base import Examples, ModelRule, PhraseRule
from reviewer.rules.families import APOLOGY

FAMILY = APOLOGY.name

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
        phrase_list="apology-words",
        skip_negated=True,
        skip_other_subject=True,
        skip_sympathy=True,
        one_per_sentence=True,
        takes_extra_phrases=True,
        examples=Examples(
            flag=(
                "I'm so sorry that I froze on the budgeting question.",
                "I APOLOGIZE for taking more of your afternoon than planned.",
                "Please excuse my shaky start on the pricing exercise.",
                "I apologise for the long email.",
                "My bad on the knife-skills test.",
                "Sorry once more, and thanks for having me in.",
                "I'm sorry you had to wait for me in the lobby.",
                "Sorry the answer on pricing ran so long.",
            ),
            ok=(
                "I was sorry to hear that your head chef is leaving in June.",
                "There was no need to apologize for the room change on your side.",
                "You apologized for the noise, but it was no trouble at all.",
                'The talk was titled "Sorry, Not Sorry" and it was great.',
                "Don't apologise for the late start; I enjoyed the tour.",
                "I'm sorry to hear the office flooded last week.",
                "Sorry the night shift has been so short-handed lately; it sounds exhausting.",
                "I'm sorry you had to fight with the projector before the panel.",
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
        phrase_list="self-reproach",
        skip_negated=False,
        one_per_sentence=True,
        examples=Examples(
            flag=(
                "I know I messed up the coding exercise this morning.",
                "I regret not mentioning my retention figures.",
                "I wish I had described my grant-writing work in more detail.",
                "I was so nervous during the panel.",
                "I feel terrible about fumbling the first question.",
                "I hope my nerves didn't leave a wrong impression of my skills.",
                "I was kicking myself on the train back.",
            ),
            ok=(
                "I regret to say the Thursday slot does not work for my reference.",
                "I was nervous because my train was late, and the lobby was packed.",
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
        phrase_list="second-chance",
        one_per_sentence=True,
        examples=Examples(
            flag=(
                "Please give me another chance to prove what I can do.",
                "I hope you won't hold that slip against me.",
                "Please don't let my long-winded answer count against me.",
                "Please let me come back for a trial shift; I won't let you down.",
            ),
            ok=(
                "I look forward to the chance to continue the conversation.",
                "I would welcome a second interview with the wider team.",
            ),
        ),
    ),
    ModelRule(
        code="RN104",
        name="apology-implied",
        family=FAMILY,
        severity=Severity.WARNING,
        summary="The classifier finds a sentence that reads as an apology or self-reproach without the usual words.",
        why="An apology in other words still reminds the interviewer of the mistake.",
        fix="Delete the sentence, or replace it with the fact you want them to remember.",
        message="The classifier reads this sentence as an apology about the interview.",
        label="apology",
        examples=Examples(
            flag=("Thanks for today. That answer was not my finest moment, and I hope it didn't sink my chances.",),
            ok=("Thank you for the tour of the lab on Tuesday.",),
        ),
    ),
)
