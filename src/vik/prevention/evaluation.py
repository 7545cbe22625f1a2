"""The short evaluation after an integrity activity and the rules for showing it.

Participants score a few fixed statements from 1 (helemaal oneens) to 5 (helemaal eens) and may
add a comment. The evaluation is open from the day of the activity for `OPEN_DAYS` days; it takes
at most as many responses as the activity had participants (a plain bound on one person filling
it in over and over from fresh browsers). Results are aggregates, shown only from `MIN_RESPONSES`
responses on: with fewer, a score or a comment could be traced to the one who gave it.

For the same reason results are released in batches of `MIN_RESPONSES`: what is shown always
describes the first 5, 10, 15, ... responses, never one more. Otherwise whoever read the results
at 5 responses and again at 6 would have the sixth person's scores and comment by subtraction.
Responses after the last complete batch are kept, but wait for the batch to be complete.

Pure functions without Django models, so the rules can be tested over all dates and numbers.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_noop as N_

MIN_RESPONSES = 5
OPEN_DAYS = 14
SCORES = (1, 2, 3, 4, 5)
COMMENT_MAX = 500

# key, statement
QUESTIONS = [
    ("useful", N_("De activiteit was nuttig voor mijn werk.")),
    ("insight", N_("Ik heb nieuwe inzichten gekregen over integriteit.")),
    ("safe", N_("Ik voelde me vrij om mijn mening te geven.")),
    ("apply", N_("Ik weet beter wat ik doe als ik voor een integriteitsdilemma sta.")),
    ("recommend", N_("Ik zou deze activiteit aanraden aan collega’s.")),
]
KEYS = [key for key, _text in QUESTIONS]

SCALE = [
    (1, N_("helemaal oneens")),
    (2, N_("oneens")),
    (3, N_("neutraal")),
    (4, N_("eens")),
    (5, N_("helemaal eens")),
]


def closes_on(held_on: date) -> date:
    """The last day the evaluation can be filled in."""
    return held_on + timedelta(days=OPEN_DAYS)


def is_open(held_on: date, today: date) -> bool:
    return held_on <= today <= closes_on(held_on)


def has_room(responses: int, participants: int) -> bool:
    """Another response fits: never more responses than participants."""
    return responses < participants


def results_visible(published: int) -> bool:
    """`published`: the responses the results describe."""
    return published >= MIN_RESPONSES


def batch_complete(pending: int) -> bool:
    """The responses not yet shown make a whole batch: release them together."""
    return pending >= MIN_RESPONSES


@dataclass(frozen=True)
class QuestionResult:
    key: str
    text: str
    counts: tuple[int, ...]  # per score 1..5

    @property
    def answered(self) -> int:
        return sum(self.counts)

    @property
    def mean(self) -> float | None:
        if not self.answered:
            return None
        return sum(score * n for score, n in zip(SCORES, self.counts, strict=True)) / self.answered

    @property
    def mean_text(self) -> str:
        """The mean with one decimal, Dutch style (3,8)."""
        return "–" if self.mean is None else f"{self.mean:.1f}".replace(".", ",")

    @property
    def agree_share(self) -> int:
        """Percentage that agreed (4 or 5), rounded."""
        if not self.answered:
            return 0
        return round(100 * (self.counts[3] + self.counts[4]) / self.answered)


def build_results(tallies: dict[tuple[str, int], int]) -> list[QuestionResult]:
    """Results per question from the counts per (key, score)."""
    return [QuestionResult(key, text, tuple(tallies.get((key, score), 0) for score in SCORES))
            for key, text in QUESTIONS]
