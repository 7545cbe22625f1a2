"""The team climate questionnaire and how its results may be shown.

The questions cover the twenty topics of a safe learning and working climate: being heard, support
from the manager, being informed, atmosphere, colleagues to rely on, not being watched too closely,
the work meeting, discrimination, undesirable conduct, appreciation, bullying, room for mistakes,
gossip, room for initiative and its result, feedback both ways, attention for each other, the
manager's example and a safe climate for students. For some questions "no" is the
good answer (bullying, discrimination, gossip); `favourable` says which answer is good, so results can be
shown uniformly as "share of favourable answers".

Every run copies the questionnaire (`questions_snapshot`), so changing this list later never
changes what earlier runs meant.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_noop as N_

# Results are shown only when at least this many team members answered, and only once the run is
# closed: with fewer answers, or with results growing answer by answer, individual answers could
# be deduced.
MIN_RESPONDENTS = 5

# The full list of topics of the checklist for a safe learning and working climate in the report on
# confidential work (fourth seed), in its order; the texts are our own. Version 2 added the topics
# the first list of 14 lacked (being watched too closely, the work meeting, gossip, room for
# initiative and its result, attention for each other). Keys never change meaning: a repeat run
# compares its answers with an earlier run's by key, also across versions.
QUESTIONNAIRE_VERSION = 2

# key, question, favourable answer (True = yes)
QUESTIONS = [
    ("heard", N_("Houdt je leidinggevende voldoende rekening met jouw mening?"), True),
    ("support", N_("Krijg je van je leidinggevende voldoende steun in je werk?"), True),
    ("informed", N_("Word je goed op de hoogte gehouden van wat er in het team speelt?"), True),
    ("atmosphere", N_("Is de sfeer in het team meestal goed?"), True),
    ("rely", N_("Kun je op collega’s terugvallen als dat nodig is?"), True),
    ("watched", N_("Heb je het gevoel dat er te veel over je schouder wordt meegekeken?"), False),
    ("meeting", N_("Werkt het teamoverleg goed?"), True),
    ("discrimination", N_("Maak je mee dat collega’s of burgers in het team worden gediscrimineerd?"), False),
    ("conduct", N_("Komen er in het team omgangsvormen voor die over de grens gaan?"), False),
    ("appreciation", N_("Is er waardering voor het werk dat je doet?"), True),
    ("bullying", N_("Word je door collega’s gepest of buitengesloten?"), False),
    ("mistakes", N_("Mag je in dit team fouten maken en ervan leren?"), True),
    ("gossip", N_("Wordt er in het team over collega’s geroddeld?"), False),
    ("initiative", N_("Krijg je de ruimte om zelf initiatief te nemen?"), True),
    ("initiative_result", N_("Leveren jouw initiatieven ook iets op?"), True),
    ("feedback_get", N_("Krijg je van collega’s op een opbouwende manier feedback?"), True),
    ("feedback_give", N_("Is er ruimte om zelf feedback te geven, ook aan je leidinggevende?"), True),
    ("attention", N_("Hebben teamleden oog voor elkaar?"), True),
    ("example", N_("Geeft je leidinggevende het goede voorbeeld?"), True),
    ("learning", N_("Is dit team een veilige plek om te leren, ook voor studenten?"), True),
]


def questions_snapshot() -> list[dict]:
    return [{"key": key, "text": text, "favourable": favourable} for key, text, favourable in QUESTIONS]


@dataclass(frozen=True)
class QuestionResult:
    key: str
    text: str
    favourable_answer: bool
    yes: int
    no: int

    @property
    def answered(self) -> int:
        return self.yes + self.no

    @property
    def favourable_share(self) -> int:
        """Percentage of favourable answers, rounded."""
        if not self.answered:
            return 0
        good = self.yes if self.favourable_answer else self.no
        return round(100 * good / self.answered)

    @property
    def needs_attention(self) -> bool:
        # A point of attention when fewer than three in four answered favourably.
        return self.favourable_share < 75


def results_visible(respondents: int, closed: bool) -> bool:
    return closed and respondents >= MIN_RESPONDENTS


def build_results(questions: list[dict], tallies: dict[str, tuple[int, int]]) -> list[QuestionResult]:
    return [
        QuestionResult(q["key"], q["text"], q["favourable"], *tallies.get(q["key"], (0, 0)))
        for q in questions
    ]
