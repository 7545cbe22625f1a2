"""Demo content for learning from cases: a few published learning points drawn from decided demo
cases (written by the demo login `beleid`), and one learning circle with an open improvement owned
by `leidinggevende` (so it shows among his tasks). Idempotent; call after `vik seed_demo`."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from vik.accounts.models import User
from vik.core.errors import DomainError
from vik.investigations.models import Case

from . import services
from .models import LearningCircle, LearningPoint, Theme

POINTS = [
    (Theme.INFORMATION, "Nieuwsgierigheid in de systemen",
     "Een medewerker zocht buiten zijn werk om gegevens op van iemand uit zijn omgeving. Hij dacht dat "
     "een enkele opvraging geen kwaad kon.",
     "De regel dat je alleen voor je werk opvraagt was in het team niet overal bekend. Bespreek bij de "
     "start van een dienst een voorbeeld en leg uit dat elke opvraging wordt gelogd."),
    (Theme.GIFTS, "Een cadeau van een vaste leverancier",
     "Een leidinggevende nam een duur geschenk aan van een bedrijf waarmee de eenheid zaken doet, zonder "
     "het vooraf te melden.",
     "Vooraf toestemming vragen voelt omslachtig, maar voorkomt de schijn van belangenverstrengeling. "
     "Leidinggevenden geven hierin het voorbeeld."),
    (Theme.SAFE_WORKPLACE, "Grappen die niemand meer grappig vond",
     "In een team werden maandenlang grappen gemaakt over een collega. Niemand greep in tot er een melding kwam.",
     "Omstanders hebben een rol: het gesprek vroeg aangaan helpt meer dan een melding achteraf. "
     "Teamchefs vragen in het werkoverleg actief naar de sfeer."),
]


@transaction.atomic
def seed() -> None:
    if LearningPoint.objects.exists():
        return
    author = User.objects.filter(username="beleid").first()
    manager = User.objects.filter(username="leidinggevende").select_related("employee").first()
    if author is None:
        return
    cases = list(Case.objects.filter(decision__isnull=False).select_related("decision")[:len(POINTS)])
    points = []
    for case, (theme, title, happened, lesson) in zip(cases, POINTS, strict=False):
        try:
            points.append(services.write_point(author, case, services.PointInput(
                theme=theme, title=title, what_happened=happened, lesson=lesson,
                period=case.decision.decided_on, publish=True)))
        except DomainError:
            continue
    if manager is None or manager.employee is None or LearningCircle.objects.exists():
        return
    today = timezone.localdate()
    participants = [e for e in (manager.employee, author.employee) if e is not None]
    services.record_circle(
        author, today - timedelta(days=7), manager.employee.unit, participants, points,
        "De leerpunten besproken met de teamchefs van het district. Afgesproken: meer aandacht voor "
        "het vooraf melden van geschenken.",
        [services.ImprovementInput("Het melden van geschenken vooraf bespreken in het eerstvolgende werkoverleg.",
                                   manager, today + timedelta(days=21))])
