"""Reads of knowledge content. Everything here is public to every logged-in employee except
unpublished sheets, inactive desks and initiatives, which only editors see."""

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from vik import policy

from . import finder
from .models import (
    ECLI_PATTERN,
    Desk,
    FinderOption,
    FinderQuestion,
    Initiative,
    ManagerGuideStage,
    ThemeSheet,
    Version,
)
from .search import SearchSpec, search

SHEET_SEARCH = SearchSpec({"A": ["title"], "B": ["introduction", "norm"],
                           "C": ["dilemmas", "court_cases", "law_articles"]})
INITIATIVE_SEARCH = SearchSpec({"A": ["title"], "B": ["summary", "target_group", "owner"],
                                "C": ["experiences"]})
_URL = re.compile(r"^https?://\S+$")


# --- structured text on theme sheets -----------------------------------------------------------


@dataclass(frozen=True)
class CourtCase:
    eclis: list[str]
    title: str
    summary: str


@dataclass(frozen=True)
class LawArticle:
    text: str
    url: str = ""


def _blocks(text: str) -> list[list[str]]:
    blocks, current = [], []
    for line in (text or "").splitlines():
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def parse_dilemmas(text: str) -> list[str]:
    return [" ".join(block) for block in _blocks(text)]


def parse_norm(text: str) -> list[str]:
    return [line.strip().lstrip("•-* ").strip() for line in (text or "").splitlines() if line.strip()]


def parse_court_cases(text: str) -> list[CourtCase]:
    cases = []
    for block in _blocks(text):
        eclis = ECLI_PATTERN.findall(block[0].replace(" ", "").upper())
        title = block[1] if len(block) > 1 else ""
        cases.append(CourtCase(eclis=eclis, title=title, summary=" ".join(block[2:])))
    return cases


def parse_law_articles(text: str) -> list[LawArticle]:
    articles = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        label, _sep, url = line.partition("|")
        url = url.strip()
        articles.append(LawArticle(label.strip(), url if _URL.match(url) else ""))
    return articles


# --- theme sheets, initiatives ------------------------------------------------------------------


def sheets_for(user) -> QuerySet:
    qs = ThemeSheet.objects.all()
    if not policy.can(user, "knowledge.edit"):
        qs = qs.filter(published=True)
    return qs.order_by("title")


def search_sheets(user, query: str) -> list[ThemeSheet]:
    return search(sheets_for(user), query, SHEET_SEARCH)


def initiatives_for(user) -> QuerySet:
    qs = Initiative.objects.prefetch_related("themes")
    if not policy.can(user, "knowledge.edit"):
        qs = qs.filter(active=True)
    return qs.order_by("title")


def search_initiatives(user, query: str, kind: str = "") -> list[Initiative]:
    qs = initiatives_for(user)
    if kind:
        qs = qs.filter(kind=kind)
    if not (query or "").strip():
        return list(qs)
    return search(qs, query, INITIATIVE_SEARCH)


def versions_of(kind: str, obj) -> QuerySet:
    return Version.objects.filter(kind=kind, object_id=obj.pk).select_related("saved_by")


# --- the guide for line managers -------------------------------------------------------------


@dataclass(frozen=True)
class GuideStage:
    """One stage of the guide, its one-per-line texts split into lists, ready to show."""

    stage: ManagerGuideStage
    checklist: list[str]
    may_share: list[str]
    may_not_share: list[str]
    conversation: list[str]

    @property
    def label(self) -> str:
        return str(self.stage.get_stage_display())


def _guide(stage: ManagerGuideStage) -> GuideStage:
    return GuideStage(stage=stage, checklist=parse_norm(stage.checklist),
                      may_share=parse_norm(stage.may_share),
                      may_not_share=parse_norm(stage.may_not_share),
                      conversation=parse_norm(stage.conversation))


def manager_guide() -> list[GuideStage]:
    """Every stage of the guide, in the order of an investigation."""
    stages = {s.stage: s for s in ManagerGuideStage.objects.all()}
    return [_guide(stages[value]) for value in ManagerGuideStage.Stage.values if value in stages]


def manager_guide_stage(stage: str) -> GuideStage | None:
    """The guide for one stage (a value of `ManagerGuideStage.Stage`), or None when the editors
    have not written it (yet). Other apps (the care view, the line follow-up) read it here."""
    row = ManagerGuideStage.objects.filter(stage=stage).first()
    return _guide(row) if row is not None else None


# --- the finder ---------------------------------------------------------------------------------


@dataclass
class FinderResult:
    desks: list[Desk] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    shows_investigation_guide: bool = False
    fell_back: bool = False


def finder_questions() -> list[FinderQuestion]:
    options = FinderOption.objects.order_by("order", "id").prefetch_related("suggests", "limits_to")
    return list(FinderQuestion.objects.filter(active=True).prefetch_related(
        Prefetch("options", queryset=options)))


def active_desks() -> QuerySet:
    return Desk.objects.filter(active=True).order_by("order", "name")


def desks_for_involved() -> QuerySet:
    return active_desks().filter(helps_involved=True)


def run_finder(questions: list[FinderQuestion], chosen_option_ids: set[int]) -> FinderResult:
    """Apply the chosen answers (ids of options of `questions`) to the active desks."""
    desks = list(active_desks())
    chosen = [o for q in questions for o in q.options.all() if o.pk in chosen_option_ids]
    rules = [
        finder.OptionRule(
            suggests=frozenset(d.pk for d in o.suggests.all()),
            limits_to=frozenset(d.pk for d in o.limits_to.all()) or None,
            notice=o.notice,
            shows_investigation_guide=o.shows_investigation_guide,
        )
        for o in chosen
    ]
    advice = finder.recommend([finder.DeskInfo(d.pk, d.order, d.is_front_door) for d in desks], rules)
    by_id = {d.pk: d for d in desks}
    return FinderResult(desks=[by_id[i] for i in advice.desk_ids], notices=advice.notices,
                        shows_investigation_guide=advice.shows_investigation_guide,
                        fell_back=advice.fell_back)
