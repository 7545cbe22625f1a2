# ruff: noqa: E501 - demo prose: one sentence per string reads better than wrapped fragments.
"""Demo content for prevention work: dilemma sets per theme, one finished dilemma session, team
climate checks, integrity activities with their evaluations, and the demo login
`teamchef-preventie` (line manager of the demo team, who facilitates sessions, manages his team's
climate check and registers its activities).

Call `seed(today)` after `vik seed_demo` and `vik.knowledge.demo.seed`; it is idempotent. The
climate answers are synthetic counts written straight into the tallies: the demo team members
have no accounts, and the counters are all a real run stores anyway. The evaluations of the
activities go through `services.submit_evaluation`, so they are released in batches as real ones.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from vik.accounts.models import Role, Unit, User
from vik.knowledge.demo import EDITOR_USERNAME, demo_team, ensure_user
from vik.knowledge.models import ThemeSheet

from . import evaluation, services
from .models import (
    Activity,
    AttentionPoint,
    ClimateCheck,
    ClimateTally,
    DilemmaSet,
    Participant,
    Perspective,
    Round,
    Session,
)

FACILITATOR_USERNAME = "teamchef-preventie"

# title, theme slug, description, [(situation, A, B, C, discussion)]
DILEMMA_SETS = [
    ("Omgaan met informatie", "omgaan-met-informatie",
     "Politiesystemen, nieuwsgierigheid en wat je deelt: vier herkenbare situaties.", [
         ("Je bent vrij en ziet een auto met draaiende motor bij de school van je kind. Er zit niemand in. "
          "Je noteert het kenteken. Trek je het maandag na op het werk?",
          "Ja, ik wil weten of er iets aan de hand is.",
          "Nee, ik bel nu 112 of de meldkamer als ik het echt verdacht vind.",
          "Ik vraag een collega in dienst om het na te trekken.",
          "Wanneer is iets werk en wanneer privé? Wat zou je kunnen uitleggen als iemand achteraf vraagt waarom je keek?"),
         ("Bij de buren stopt een politieauto. De volgende dag vraagt je buurvrouw of jij weet wat er aan de hand was.",
          "Ik kijk in het systeem, dan kan ik haar geruststellen.",
          "Ik zeg dat ik daar niets over kan en mag zeggen.",
          "Ik vraag het aan de collega’s die er waren.",
          "Wat betekent je ambtsgeheim hier? Hoe zeg je ‘nee’ zonder je buurvrouw af te wijzen?"),
         ("In de briefing hoor je dat de vriend van je dochter in beeld is bij een vuurwapenonderzoek.",
          "Ik waarschuw mijn dochter dat ze uit zijn buurt moet blijven.",
          "Ik bespreek het meteen met mijn leidinggevende.",
          "Ik zeg niets en houd het in de gaten.",
          "Wat kan het gevolg zijn als je het gezin waarschuwt? Wie kan jou helpen met je zorg als ouder?"),
         ("Een collega stuurt een intern beleidsstuk door naar zijn privémail om thuis verder te lezen.",
          "Prima, er staat geen rubricering op.",
          "Ik spreek hem erop aan.",
          "Ik meld het bij onze leidinggevende.",
          "Is informatie zonder stempel openbaar? Wat zijn veilige manieren om thuis te werken?"),
     ]),
    ("Sociaal veilig werkklimaat", "sociaal-veilig-werkklimaat",
     "Grappen, bijnamen en aanspreken: over de grens in het team.", [
         ("Tijdens de pauze maakt een ervaren collega een grap over de afkomst van een student. Een paar collega’s lachen.",
          "Ik lach niet mee en zeg er meteen iets van.",
          "Ik spreek de collega later onder vier ogen aan.",
          "Ik vraag de student na afloop hoe het voor hem was.",
          "Wat maakt het lastig om er iets van te zeggen? Wat verwacht je hier van de leidinggevende, en van de omstander?"),
         ("Een collega tikt een net gestarte jonge collega op haar billen en knipoogt. Zij schrikt zichtbaar.",
          "Ik ga door met mijn werk; het was vast een grapje.",
          "Ik ga met beide collega’s in gesprek.",
          "Ik meld het bij de leidinggevende; het is niet aan mij om er iets van te zeggen.",
          "Wat zou je willen als jij de jonge collega was? Welke route heeft zij: vertrouwenspersoon, leidinggevende, klacht?"),
         ("Je bent net teamchef. Iedereen in het team heeft een bijnaam die verwijst naar uiterlijk. ‘Dat hoort bij ons’, zegt het team.",
          "Ik laat het zo; het team vindt het gezellig.",
          "Ik bespreek het in het teamoverleg.",
          "Ik vraag eerst individueel hoe mensen het ervaren.",
          "Hoe weet je of iedereen het echt leuk vindt? Welk voorbeeld geef je als teamchef?"),
     ]),
    ("Geschenken en uitnodigingen", "aannemen-van-geschenken",
     "Bedankjes, kortingen en bedrijfsfeesten: waar ligt de grens?", [
         ("Een winkelier bij wie jullie vaak komen, zegt bij het afrekenen: ‘Voor jullie is de koffie gratis.’",
          "Gezellig, ik neem het aan.",
          "Ik bedank vriendelijk en betaal.",
          "Ik neem het aan en bespreek het daarna in het team.",
          "Wat kan er later van je verwacht worden? Maakt het uit of je in uniform bent?"),
         ("Een leverancier met wie een aanbesteding loopt, nodigt je uit voor een productpresentatie met diner.",
          "Ik ga; informatie ophalen hoort bij mijn werk.",
          "Ik sla de uitnodiging af.",
          "Ik overleg met mijn leidinggevende en de inkoopadviseur.",
          "Wat is het verschil tussen nuttige informatie en beïnvloeding? Wie betaalt het diner?"),
         ("Na een zware reanimatie brengt de familie een taart en een cadeaubon voor het hele team.",
          "We nemen allebei aan; ze willen ons bedanken.",
          "We nemen de taart aan en geven de bon vriendelijk terug.",
          "We weigeren allebei.",
          "Waarom is een bon anders dan een taart? Hoe weiger je zonder te kwetsen?"),
     ]),
    ("Vrije tijd en sociale media", "social-media",
     "Wat je buiten het werk doet en post.", [
         ("Na een mooie aanhouding wil je een foto van de inbeslaggenomen spullen op je privé-Instagram zetten.",
          "Kan, er staat geen verdachte op.",
          "Nee, dat doe ik niet.",
          "Ik stuur hem naar de sociale-mediaregisseur voor het politieaccount.",
          "Wat kan een foto onbedoeld verraden? Wat is het verschil tussen jouw account en dat van de politie?"),
         ("In de groepsapp van je team gaan memes rond die je racistisch vindt.",
          "Ik verlaat de groep zonder iets te zeggen.",
          "Ik reageer in de groep dat ik dit niet oké vind.",
          "Ik bespreek het met de teamchef of een vertrouwenspersoon.",
          "Wat houdt je tegen om te reageren? Wie draagt verantwoordelijkheid in een groepsapp?"),
     ]),
]


def _seed_dilemma_sets(editor: User) -> None:
    themes = {s.slug: s for s in ThemeSheet.objects.all()}
    for title, theme, description, dilemmas in DILEMMA_SETS:
        if DilemmaSet.objects.filter(title=title).exists():
            continue
        rows = [{"order": (i + 1) * 10, "situation": s, "option_a": a, "option_b": b, "option_c": c, "discussion": d}
                for i, (s, a, b, c, d) in enumerate(dilemmas)]
        services.save_dilemma_set(editor, DilemmaSet(title=title, theme=themes.get(theme), description=description),
                                  rows)


def _seed_finished_session(facilitator: User, today: date) -> None:
    title = "Teamdag: omgaan met informatie"
    if Session.objects.filter(title=title, facilitator=facilitator).exists():
        return
    dilemma_set = DilemmaSet.objects.filter(title="Omgaan met informatie").first()
    if dilemma_set is None:
        return
    team = demo_team()
    session = services.start_session(facilitator, dilemma_set, title, team)
    counts = [(2, 7, 1), (1, 8, 1), (3, 6, 1)]
    for perspective, (a, b, c) in zip([Perspective.OWN, Perspective.ROTATE, Perspective.MANAGER], counts, strict=True):
        round_ = services.open_round(facilitator, session, perspective)
        Round.objects.filter(pk=round_.pk).update(count_a=a, count_b=b, count_c=c)
        services.reveal(facilitator, session)
    for _i in range(10):
        Participant.objects.create(session=session, number=session.participants.count() + 1)
    services.save_notes(facilitator, session, "Afspraak: twijfel je of je iets mag opzoeken, vraag het aan de "
                                             "collega naast je voordat je zoekt.", {})
    services.end_session(facilitator, session)
    started = timezone.make_aware(datetime.combine(today - timedelta(days=21), time(9, 0)))
    Session.objects.filter(pk=session.pk).update(created_at=started, ended_at=started + timedelta(hours=2))


def _tally(check: ClimateCheck, respondents: int, favourable: dict[str, int]) -> None:
    """Write synthetic counts: `favourable[key]` of `respondents` gave the favourable answer."""
    for question in check.questions:
        good = favourable.get(question["key"], respondents)
        yes, no = (good, respondents - good) if question["favourable"] else (respondents - good, good)
        ClimateTally.objects.filter(check_run=check, key=question["key"]).update(yes=yes, no=no)
    ClimateCheck.objects.filter(pk=check.pk).update(respondents=respondents)


def _seed_climate(facilitator: User, editor: User, today: date) -> None:
    team = demo_team()
    if ClimateCheck.objects.filter(team=team).exists():
        return
    baseline = services.start_climate_check(
        facilitator, team, label="Nulmeting voor de komst van nieuwe studenten",
        opens_on=today - timedelta(days=75), closes_on=today - timedelta(days=61))
    _tally(baseline, 7, {"mistakes": 4, "feedback_give": 3, "informed": 5, "bullying": 7, "conduct": 5})
    services.close_climate_check(facilitator, baseline)
    point = services.add_attention_point(facilitator, baseline, "Fouten durven bespreken zonder afrekencultuur")
    services.add_attention_point(facilitator, baseline, "Ruimte om feedback te geven aan de teamchef")
    services.agree_action(facilitator, baseline, description="Elke maand een ‘leerbriefing’ over een eigen fout of bijna-fout",
                          owner="Teamchef en twee operationeel experts", follow_up_on=today - timedelta(days=10), point=point)
    action = services.agree_action(facilitator, baseline, description="Studenten krijgen een vaste aanspreekpersoon naast de praktijkcoach",
                                   owner="Operationeel expert", follow_up_on=today - timedelta(days=30))
    services.complete_action(facilitator, action, today - timedelta(days=32))
    services.agree_action(facilitator, baseline, description="Anonieme feedbackronde over de teamchef, besproken in het teamoverleg",
                          owner="Teamchef", follow_up_on=today + timedelta(days=20))
    repeat = services.start_climate_check(
        facilitator, team, label="Herhaalmeting na de eerste stageperiode",
        opens_on=today - timedelta(days=3), closes_on=today + timedelta(days=11), previous=baseline)
    _tally(repeat, 2, {"mistakes": 2, "feedback_give": 1})
    # A second team with too few answers: its closed baseline shows no results.
    other = Unit.objects.filter(kind=Unit.Kind.TEAM).exclude(pk=team.pk).order_by("code").first()
    if other is not None and not ClimateCheck.objects.filter(team=other).exists():
        small = services.start_climate_check(
            editor, other, label="Nulmeting voor de komst van nieuwe studenten",
            opens_on=today - timedelta(days=40), closes_on=today - timedelta(days=26))
        _tally(small, 3, {"mistakes": 2})
        services.close_climate_check(editor, small)
    AttentionPoint.objects.filter(check_run=baseline).update(
        created_at=timezone.make_aware(datetime.combine(today - timedelta(days=55), time(10, 0))))


# days ago, title, theme slug, format, facilitator, participants, note, responses (per statement the
# counts of the scores 1-5; the same number of responses for each), comments. Held within the
# evaluation's two weeks, so the demo can still fill them in.
TEAM_ACTIVITIES = [
    (6, "Theatervoorstelling ‘Over de grens’", "sociaal-veilig-werkklimaat", "theatre", "Theatergroep De Spiegel",
     31, "Voorstelling met nagesprek in kleine groepen; de teamchef sloot af met de afspraken uit de klimaatcheck.",
     {"useful": (0, 1, 1, 4, 3), "insight": (0, 2, 2, 4, 1), "safe": (1, 0, 2, 3, 3), "apply": (0, 1, 3, 4, 1),
      "recommend": (0, 0, 1, 3, 5)},
     ["Het nagesprek had langer mogen duren.", "Herkenbare scènes, ook die over de groepsapp.",
      "Goed dat de teamchef er zelf bij was."]),
    (2, "Masterclass omgaan met informatie", "omgaan-met-informatie", "masterclass", "Adviseur VIK preventie",
     14, "Na afloop konden deelnemers de evaluatie invullen; nog niet iedereen heeft dat gedaan.",
     {key: (0, 0, 1, 2, 0) for key in evaluation.KEYS}, []),
]
# Other teams with an activity this year, spread over the list of teams, for the coverage overview.
OTHER_ACTIVITIES = [
    (40, "Dilemmaspel geschenken en uitnodigingen", "aannemen-van-geschenken", "dilemma", "Eigen teamchef", 18),
    (75, "Masterclass sociale media", "social-media", "masterclass", "Adviseur VIK preventie", 25),
    (120, "Theatervoorstelling ‘Over de grens’", "sociaal-veilig-werkklimaat", "theatre", "Theatergroep De Spiegel",
     44),
    (15, "Werkmap integriteit: thema nevenwerkzaamheden", "nevenwerkzaamheden", "other", "Teamchef en OE", 22),
    (60, "Dilemmaspel omgaan met informatie", "omgaan-met-informatie", "dilemma", "Adviseur VIK preventie", 16),
    (90, "Masterclass integer rapporteren", "waarheidsgetrouw-opmaken", "masterclass",
     "Officier van justitie (gastspreker)", 30),
    (30, "Theatervoorstelling ‘Over de grens’", "sociaal-veilig-werkklimaat", "theatre", "Theatergroep De Spiegel",
     38),
    (105, "Dilemmaspel geweld en aanhouden", "gebruik-van-geweld", "dilemma", "Docent IBT", 20),
]


def _evaluations(activity: Activity, counts: dict[str, tuple[int, ...]], comments: list[str], today: date) -> None:
    """Synthetic responses through the service: statement `key` got `counts[key]` (per score 1..5);
    the first responses carry the comments. Only whole batches of five are shown, so the theatre
    show's nine responses show as five, with four waiting for the next batch."""
    columns = {key: [score for score, n in zip(evaluation.SCORES, counts[key], strict=True) for _i in range(n)]
               for key in evaluation.KEYS}
    for i in range(len(columns[evaluation.KEYS[0]])):
        services.submit_evaluation(activity, {key: columns[key][i] for key in evaluation.KEYS},
                                   comments[i] if i < len(comments) else "", today=today)


def _seed_activities(facilitator: User, editor: User, today: date) -> None:
    team = demo_team()
    if team is None or Activity.objects.filter(team=team).exists():
        return
    themes = {s.slug: s for s in ThemeSheet.objects.all()}
    for days, title, theme, fmt, by, participants, note, counts, comments in TEAM_ACTIVITIES:
        activity = services.register_activity(
            facilitator, team, held_on=today - timedelta(days=days), title=title, theme=themes.get(theme),
            format=fmt, facilitator=by, participants=participants, note=note, today=today)
        _evaluations(activity, counts, comments, today)
    teams = list(Unit.objects.filter(kind=Unit.Kind.TEAM).exclude(pk=team.pk).order_by("code"))
    step = max(1, len(teams) // len(OTHER_ACTIVITIES))
    for other, (days, title, theme, fmt, by, participants) in zip(teams[::step], OTHER_ACTIVITIES, strict=False):
        held_on = today - timedelta(days=days)
        if held_on.year == today.year:  # early in January the demo's year has just begun
            services.register_activity(editor, other, held_on=held_on, title=title,
                                       theme=themes.get(theme), format=fmt, facilitator=by,
                                       participants=participants, today=today)


@transaction.atomic
def seed(today: date | None = None) -> User:
    """Load the demo prevention content and the facilitator login; returns the facilitator."""
    today = today or timezone.localdate()
    editor = User.objects.filter(username=EDITOR_USERNAME).first()
    if editor is None:
        from vik.knowledge import demo as knowledge_demo

        editor = knowledge_demo.seed(today)
    facilitator = ensure_user(FACILITATOR_USERNAME, Role.LINE_MANAGER, personnel_number="P-DEMO-TCP",
                              first_name="Tom", surname="Prins", is_manager=True)
    _seed_dilemma_sets(editor)
    _seed_finished_session(facilitator, today)
    _seed_climate(facilitator, editor, today)
    _seed_activities(facilitator, editor, today)
    return facilitator
