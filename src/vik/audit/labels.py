"""How the audit trail reads for an auditor: a Dutch name for every object type, a readable
reference of the object (its reference number or title, never a person's name), and a Dutch
reason for every refusal. The events themselves keep the technical codes they were hashed with;
tests/audit/test_labels.py proves every code used in the source has a label here."""

from collections import defaultdict

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

# Object types that are no model (a screen or a whole module), and models whose verbose name is
# still the English default.
OBJECT_TYPES = {
    "auth.login": _("inloggen"),
    "auth.second_factor": _("tweede stap van het inloggen"),
    "monitoring": _("protective monitoring"),
    "monitoring.queue": _("wachtrij protective monitoring"),
    "triage.queue": _("triagewachtrij"),
    "triage.national": _("wachtrij landelijke triage"),
    "vetting": _("veiligheidsonderzoeken en meldplicht"),
    "vetting.declared_relations": _("gemelde relaties voor protective monitoring"),
    "confidential.throttlesalt": _("sleutel van de drempel op het anonieme kanaal"),
    "confidential.anonymoussubmission": _("anonieme inzending (drempel)"),
    "jobs.job": _("achtergrondtaak"),
    "dashboard": _("dashboard integriteit"),
    "knowledge": _("kennisbank"),
    "prevention": _("preventie"),
    "learning": _("leren van zaken"),
    "confidential": _("vertrouwelijk domein"),
    "confidential.annual_report": _("jaarverslag vertrouwenspersonen"),
    "investigations.aanzegging": _("aanzegging"),
    "investigations.statuschange": _("statuswijziging"),
    "investigations.document": _("document"),
    "care.carecontactchange": _("wisseling zorgcontactpersoon"),
    "care.teamcare": _("zorg voor het team"),
    "care.closure": _("afronding zorg"),  # before Closure moved to investigations
    "investigations.closure": _("afronding zorg"),
    "tasks.reminder": _("herinnering"),
    "monitoring.importrun": _("import protective monitoring"),
    "monitoring.alert": _("melding protective monitoring"),
    "monitoring.revealrequest": _("verzoek identiteit onthullen"),
    "monitoring.unitfigures": _("cijfers per team protective monitoring"),
    "dashboard.recurrencefact": _("herhalingsfeit"),
    "dashboard.fact": _("feit dashboard"),
    "dashboard.factstate": _("stand feiten dashboard"),
    "confidential.reportmessage": _("bericht melding meldpunt"),
    "confidential.reportattachment": _("bijlage melding meldpunt"),
    "confidential.receiptfailure": _("mislukte poging ontvangstcode"),
    "knowledge.version": _("versie"),
    "prevention.dilemma": _("dilemma"),
    "prevention.session": _("dilemmasessie"),
    "prevention.participant": _("deelnemer dilemmasessie"),
    "prevention.round": _("ronde dilemmasessie"),
    "prevention.roundparticipation": _("keuze in een ronde"),
    "prevention.climatecheck": _("teamklimaatcheck"),
    "prevention.climatetally": _("telling teamklimaatcheck"),
    "prevention.climateparticipation": _("deelname teamklimaatcheck"),
    "prevention.attentionpoint": _("aandachtspunt"),
    "prevention.agreedaction": _("afspraak"),
    "prevention.activity": _("integriteitsactiviteit"),
    "prevention.coverage": _("overzicht preventie per eenheid"),
    "prevention.evaluationtally": _("telling evaluatie activiteit"),
    "prevention.evaluationcomment": _("opmerking evaluatie activiteit"),
}

# The reason of a refusal (`record_denied(..., why=...)`): a policy action, a case act or a screen.
REASONS = {
    # screens and acts named in the code
    "jobs": _("achtergrondtaken beheren"),
    "vetting.aggregates": _("meldplicht in cijfers"),
    "vetting.declaration.decide": _("melding (meldplicht) besluiten"),
    "vetting.declaration.view": _("melding (meldplicht) inzien"),
    "vetting.declare": _("melding (meldplicht) doen"),
    "vetting.inbox": _("te besluiten meldingen (meldplicht)"),
    "vetting.relations.export": _("gemelde relaties exporteren"),
    "vetting.screening.manage": _("veiligheidsonderzoek bijwerken"),
    "vetting.screening.view": _("veiligheidsonderzoek inzien"),
    "vetting.screenings": _("register veiligheidsonderzoeken"),
    "api_view": _("inzien via de API"),
    "own_alert": _("een melding over zichzelf"),
    "attachment": _("bijlage toevoegen of openen"),
    "browse": _("audittrail doorzoeken"),
    "care": _("zorg bijwerken"),
    "create": _("melding registreren"),
    "documents": _("documenten inzien"),
    "forward": _("melding doorzetten"),
    "import": _("import protective monitoring"),
    "govern": _("besluit over detectie vastleggen"),
    "line_report": _("terugkoppeling van de lijn"),
    "open_case": _("onderzoek openen"),
    "queue": _("triagewachtrij openen"),
    "national": _("wachtrij landelijke triage openen"),
    "national_decide": _("besluiten als landelijke triage"),
    "register": _("melding registreren"),
    "retention": _("bewaartermijnen beheren"),
    "reveal_decide": _("beslissen over onthullen identiteit"),
    "reveal_request": _("onthullen identiteit vragen"),
    "scope_confirm": _("bereik van een oordeel bevestigen"),
    "to_signal": _("doorzetten naar triage"),
    "triage": _("triëren"),
    "verdict": _("oordeel geven"),
    "view": _("inzien"),
    # acts on a case (investigations.views.ACTIONS and care.views.ACTIONS)
    "breach": _("omschrijving verdenking"),
    "commission": _("opdracht verlenen"),
    "approve_plan": _("onderzoeksplan goedkeuren"),
    "aanzegging": _("aanzegging vastleggen"),
    "advance": _("stap bijwerken"),
    "hearing": _("gesprek plannen"),
    "hearing_held": _("gesprek vastleggen"),
    "hearing_move": _("gesprek verplaatsen"),
    "hearing_waived": _("afzien van het gesprek vastleggen"),
    "hearing_informed": _("vooraf informeren vastleggen"),
    "info_folder": _("informatiemap vastleggen"),
    "rights": _("verzoek van de betrokkene vastleggen"),
    "rights_decide": _("beslissen op verzoek van de betrokkene"),
    "family_care": _("zorg voor het thuisfront"),
    "aftercare_end": _("nazorg afronden"),
    "aftercare": _("nazorg na de afsluiting (alleen de zorgcontactpersoon)"),
    "pause": _("klok pauzeren"),
    "accelerator": _("versneller vastleggen"),
    "expected_end": _("verwachte einddatum vastleggen"),
    "resume": _("klok hervatten"),
    "update": _("statusupdate betrokkene"),
    "review": _("evaluatiemoment"),
    "access": _("inzageverzoek vastleggen"),
    "access_decide": _("beslissen op inzageverzoek"),
    "document": _("document toevoegen"),
    "member": _("teamlid toevoegen"),
    "care_contact": _("zorgcontactpersoon wijzigen"),
    "referral": _("verwijzen naar zorgloket"),
    "team_care": _("zorg voor het team"),
    "decision": _("besluit vastleggen"),
    "close": _("onderzoek afsluiten"),
    # policy actions (vik.policy)
    "signal.create": _("melding registreren"),
    "signal.view": _("melding inzien"),
    "signal.follow": _("status van een melding volgen"),
    "signal.triage": _("melding triëren"),
    "signal.line_report": _("terugkoppeling van de lijn"),
    "people.search": _("personen zoeken"),
    "signal.reporter": _("de melder zien"),
    "triage.queue": _("triagewachtrij openen"),
    "triage.session.open": _("triageoverleg openen"),
    "triage.national": _("wachtrij landelijke triage openen"),
    "signal.national_decide": _("besluiten als landelijke triage"),
    "case.rights.decide": _("beslissen op verzoek van de betrokkene"),
    "case.expected_end": _("verwachte einddatum vastleggen"),
    "case.view": _("onderzoek inzien"),
    "case.own": _("eigen zaak volgen als betrokkene"),
    "voornemen": _("voornemen tot straf vastleggen"),
    "zienswijze": _("zienswijze van de betrokkene vastleggen"),
    "case.file": _("onderzoeksdossier inzien"),
    "case.work": _("werken aan een onderzoek"),
    "case.authority": _("handelen als bevoegd gezag"),
    "case.assign": _("onderzoeksteam samenstellen"),
    "case.manage": _("onderzoek beheren"),
    "case.care": _("zorg in een onderzoek"),
    "case.documents": _("documenten van een onderzoek"),
    "case.serve.authority": _("aangewezen worden als bevoegd gezag"),
    "case.serve.investigator": _("aangewezen worden als onderzoeker"),
    "audit.view": _("audittrail inzien"),
    "stats.view": _("dashboard inzien"),
    "stats.quality": _("registratiekwaliteit inzien"),
    "stats.quality.unit": _("registratiekwaliteit van een eenheid inzien"),
    "config.manage": _("configuratie beheren"),
    "account.second_factor.reset": _("tweede factor van een gebruiker resetten"),
    "monitoring.prevention": _("preventieoverzicht protective monitoring"),
    "monitoring.review": _("meldingen protective monitoring beoordelen"),
    "monitoring.govern": _("besluiten over detectie op individueel niveau"),
    "monitoring.govern.view": _("besluiten over detectie inzien"),
    "confidential.inbox": _("postvak meldpunt"),
    "confidential.report.view": _("melding meldpunt inzien"),
    "confidential.report.handle": _("melding meldpunt behandelen"),
    "confidential.report.forward": _("melding meldpunt doorzetten"),
    "confidential.report.own": _("eigen melding inzien"),
    "confidential.register": _("register vertrouwenspersonen"),
    "confidential.contact": _("contact vertrouwenspersoon"),
    "confidential.coordinate": _("coördinatie vertrouwenspersonen"),
    "confidential.annual_report": _("jaarverslag vertrouwenspersonen"),
    "confidential.repeat": _("stapelingssignalen"),
    "confidential.repeat.view": _("stapelingssignaal inzien"),
    "confidential.evaluations": _("evaluaties van klachten (totalen)"),
    "prevention.activity.manage": _("integriteitsactiviteit beheren"),
    "prevention.activity.register": _("integriteitsactiviteit vastleggen"),
    "prevention.coverage": _("overzicht preventie per eenheid"),
    "confidential.complaints": _("klachten ongewenst gedrag"),
    "confidential.complaint.view": _("klacht inzien"),
    "confidential.complaint.handle": _("klacht behandelen"),
    "confidential.complaint.decide": _("beslissen op een klacht"),
    "confidential.complaint.file": _("klacht indienen"),
    "confidential.decisions": _("besluiten korpschef"),
    "knowledge.edit": _("kennisbank bewerken"),
    "learning.library": _("casusbibliotheek inzien"),
    "learning.point.write": _("leerpunt schrijven"),
    "learning.point.manage": _("leerpunt publiceren of intrekken"),
    "learning.circle.organise": _("lerende cirkel vastleggen"),
    "learning.circle.manage": _("lerende cirkel beheren"),
    "learning.circle.view": _("lerende cirkel inzien"),
    "learning.improvement.done": _("verbeterpunt afronden"),
    "prevention.edit": _("dilemmasets bewerken"),
    "prevention.facilitate": _("dilemmasessie leiden"),
    "prevention.session.team": _("dilemmasessie voor een team houden"),
    "prevention.session.run": _("dilemmasessie leiden"),
    "prevention.climate.start": _("teamklimaatcheck starten"),
    "prevention.climate.manage": _("teamklimaatcheck beheren"),
    "prevention.climate.follow_up": _("afspraken van een teamklimaatcheck opvolgen"),
    "prevention.climate.view": _("teamklimaatcheck inzien"),
    "prevention.climate.answer": _("teamklimaatcheck invullen"),
}

# Fields that identify an object to an auditor without naming a person, in order of preference.
_REFERENCE_FIELDS = ("reference", "alert_id", "code", "number", "title", "label", "name")


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    """`investigations.case` -> 'Onderzoek'; an unknown code is shown as it is."""
    if object_type in OBJECT_TYPES:
        return capfirst(OBJECT_TYPES[object_type])
    model = _model(object_type)
    return capfirst(model._meta.verbose_name) if model else object_type


def object_type_choices() -> list[tuple[str, str]]:
    """Every object type an event can carry, for the auditor's filter, sorted by its label."""
    codes = set(OBJECT_TYPES)
    codes.update(m._meta.label_lower for m in apps.get_models() if m.__module__.startswith("vik."))
    return sorted(((code, object_type_label(code)) for code in codes), key=lambda c: str(c[1]))


def reason_label(why: str) -> str:
    return capfirst(REASONS[why]) if why in REASONS else why


def _references(events) -> dict[tuple[str, str], str]:
    """The readable reference of each (object type, id) on a page, in one query per type."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.object_id.isdigit():
            wanted[event.object_type].add(event.object_id)
    found: dict[tuple[str, str], str] = {}
    for object_type, ids in wanted.items():
        model = _model(object_type)
        if model is None:
            continue
        names = {f.name for f in model._meta.concrete_fields}
        field = next((f for f in _REFERENCE_FIELDS if f in names), None)
        if field is None:
            continue
        for pk, value in model._default_manager.filter(pk__in=ids).values_list("pk", field):
            if value not in (None, ""):
                found[(object_type, str(pk))] = str(value)
    return found


def describe(events) -> list[dict]:
    """Rows for the audit page: Dutch action, object and summary beside the raw event."""
    events = list(events)
    references = _references(events)
    rows = []
    for event in events:
        reference = references.get((event.object_type, event.object_id))
        if reference is None and event.object_id:
            reference = f"#{event.object_id}"
        summary = event.summary
        if event.action == "denied" and summary in REASONS:
            summary = reason_label(summary)
        rows.append({
            "event": event,
            "action": event.get_action_display(),
            "object": object_type_label(event.object_type) if event.object_type else "",
            "reference": reference or "",
            "summary": summary,
        })
    return rows
