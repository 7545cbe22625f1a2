"""Knowledge fixtures: an editor, a few desks with the finder's questions, and theme sheets, all
created through the services so that versions and search text exist as in real use."""

import pytest

from tests.factories import EmployeeFactory, UserFactory
from tests.knowledge.browser import new_context  # noqa: F401 - fixture of the browser tests
from vik.accounts.models import Role
from vik.knowledge import services
from vik.knowledge.models import Desk, FinderOption, FinderQuestion, ManagerGuideStage, ThemeSheet


@pytest.fixture
def editor(org):
    return UserFactory(username="redacteur", roles=[Role.EDITOR], employee=EmployeeFactory(unit=org.patrol))


@pytest.fixture
def desks(editor):
    def desk(code, name, order, **extra):
        return services.save_content(editor, Desk(
            code=code, name=name, order=order, summary=f"Wat {name} doet.",
            how_to_reach=f"Bel {name}.", **extra))

    return {
        "front": desk("sociaal-loket", "Sociaal loket", 10, is_front_door=True, confidential=True),
        "bmw": desk("bmw", "Bedrijfsmaatschappelijk werk", 20, confidential=True, helps_involved=True),
        "doctor": desk("bedrijfsarts", "Bedrijfsarts", 30, confidential=True, professional_secrecy=True),
        "advisor": desk("vertrouwenspersoon", "Vertrouwenspersoon", 40, confidential=True),
        "hr": desk("hr", "HR-adviseur", 50),
        "vik": desk("vik", "VIK integriteitsadvies", 60),
    }


@pytest.fixture
def finder_questions(desks):
    def option(question, label, order, suggests=(), limits=None, **extra):
        o = FinderOption.objects.create(question=question, label=label, order=order, **extra)
        o.suggests.set([desks[k] for k in suggests])
        if limits is not None:
            o.limits_to.set([desks[k] for k in limits])
        return o

    topic = FinderQuestion.objects.create(text="Waar gaat je vraag over?", order=1)
    secret = FinderQuestion.objects.create(text="Vertrouwelijk?", order=2)
    urgent = FinderQuestion.objects.create(text="Dringend?", order=3)
    return {
        "topic": topic, "secret": secret, "urgent": urgent,
        "health": option(topic, "Gezondheid", 1, ["doctor", "bmw"]),
        "integrity": option(topic, "Integriteit", 2, ["vik", "advisor"]),
        "behaviour": option(topic, "Onveilig gedrag", 3, ["advisor", "bmw"]),
        "investigation": option(topic, "Intern onderzoek", 4, ["bmw"], shows_investigation_guide=True),
        "employment": option(topic, "Arbeidsrelatie", 5, ["hr"]),
        "confidential": option(secret, "Ja", 1, limits=["front", "bmw", "doctor", "advisor"]),
        "whatever": option(secret, "Maakt niet uit", 2),
        "urgent_yes": option(urgent, "Ja", 1, ["bmw"], notice="Acuut gevaar? Bel 112."),
        "urgent_no": option(urgent, "Nee", 2),
    }


@pytest.fixture
def sheets(editor):
    def sheet(slug, title, **text):
        defaults = {"introduction": f"Over {title.lower()}.", "norm": "Ik handel integer."}
        return services.save_content(editor, ThemeSheet(slug=slug, title=title, **{**defaults, **text}))

    return {
        "gifts": sheet("geschenken", "Aannemen van geschenken",
                       introduction="Geschenken van burgers en leveranciers kunnen je onafhankelijkheid raken.",
                       dilemmas="Een winkelier geeft je korting.\n\nEen leverancier stuurt een kerstpakket.",
                       court_cases="ECLI:NL:CRVB:2018:3429\nGunsten van een leverancier\nOntslag was terecht.",
                       law_articles="Art. 76 Barp\nArt. 363 Sr | https://wetten.overheid.nl/BWBR0001854"),
        "info": sheet("informatie", "Omgaan met informatie",
                      norm="Ik raadpleeg politiesystemen alleen voor mijn werk.\nIk deel niets met buitenstaanders."),
        "side": sheet("nevenwerk", "Nevenwerkzaamheden",
                      introduction="Werk naast je baan bij de politie melden wanneer het de politie raakt."),
    }


@pytest.fixture
def guide(editor):
    """The guide for line managers: one row per stage, each text naming its stage."""
    return {stage: services.save_content(editor, ManagerGuideStage(
        stage=stage, introduction=f"Inleiding {stage}.",
        checklist=f"Punt-{stage}-een\nPunt-{stage}-twee",
        may_share=f"Wel-{stage}", may_not_share=f"Niet-{stage}",
        care_duty=f"Zorg-{stage}", conversation=f"Gesprek-{stage}"))
        for stage in ManagerGuideStage.Stage.values}
