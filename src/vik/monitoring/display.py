"""How protective monitoring shows the engine's output to people: one time zone and one format
for every moment, and a Dutch label with a one-line explanation for every code the engine emits.

The engine works in UTC; this module is the one place where its moments become local time."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

DISPLAY_TZ = ZoneInfo("Europe/Amsterdam")
TIME_FORMAT = "%d-%m-%Y %H:%M"  # dd-mm-jjjj HH:MM
EMPTY = "—"

# Every rule code the engine can put on an alert (pmengine.rules.RULES plus PRIOR_MISUSE from
# pmengine.alerts): a short Dutch label and one line on what it means.
RULES: dict[str, tuple[str, str]] = {
    "SAME_ADDRESS": (_("Eigen woonadres"),
                     _("Het opgevraagde hoort bij het woonadres van de medewerker zelf.")),
    "SELF": (_("Eigen gegevens"), _("De medewerker heeft zijn of haar eigen gegevens opgevraagd.")),
    "DECLARED_RELATION": (_("Gemelde relatie"),
                          _("Opgevraagd is iemand die de medewerker zelf als relatie heeft "
                            "gemeld (meldplicht).")),
    "SAME_POSTCODE": (_("Eigen straat"),
                      _("Het opgevraagde ligt in de straat van de medewerker (zelfde postcode).")),
    "NEAR_HOME": (_("Eigen woonwijk"),
                  _("Het opgevraagde ligt in de woonwijk van de medewerker (zelfde "
                    "postcodegebied).")),
    "SAME_SURNAME": (_("Eigen achternaam"),
                     _("Opgevraagd is iemand met dezelfde, weinig voorkomende achternaam als de "
                       "medewerker.")),
    "COLLEAGUE": (_("Collega"), _("Opgevraagd is een collega van de politie.")),
    "COLLEAGUE_HOME": (_("Adres of voertuig van een collega"),
                       _("Opgevraagd is het woonadres of een voertuig van een collega.")),
    "HIGH_PROFILE": (_("Bekend persoon"), _("Opgevraagd is een publiek bekend persoon.")),
    "HIGH_PROFILE_CASE": (_("Bekend persoon in andermans zaak"),
                          _("Een publiek bekend persoon in een lopende zaak van een andere "
                            "eenheid.")),
    "RESTRICTED": (_("Afgeschermd onderzoek"),
                   _("Het opgevraagde hoort bij een afgeschermd onderzoek waar de medewerker "
                     "niet op staat.")),
    "PURPOSE_MISMATCH": (_("Doel past niet"),
                         _("Het opgegeven registratienummer gaat niet over het opgevraagde.")),
    "PLATE_OWNER": (_("Kenteken en eigenaar"),
                    _("Een kenteken en direct daarna de eigenaar van dat voertuig opgevraagd.")),
    "PLATE_AT_HOME": (_("Kenteken en eigenaar bij huis"),
                      _("Zonder verklaring een kenteken en direct daarna de eigenaar opgevraagd, "
                        "geregistreerd in of bij de eigen straat, door een functie die zelden "
                        "verkeerscontroles doet.")),
    "PERSON_VEHICLE": (_("Persoon en zijn voertuig"),
                       _("Een persoon en direct daarna een voertuig op zijn adres opgevraagd.")),
    "PERSON_ADDRESS": (_("Persoon en zijn woonadres"),
                       _("Een persoon en direct daarna het adres waar die persoon woont opgevraagd.")),
    "PERSON_HOUSEMATE": (_("Persoon en zijn huisgenoot"),
                         _("Een persoon die de medewerker op meerdere dagen opvroeg, en direct "
                           "daarna iemand die op zijn adres woont.")),
    "UNKNOWN_PERSON": (_("Persoon zonder registratie"),
                       _("Opgevraagd is een persoon die in geen enkele registratie voorkomt, "
                         "direct op naam en niet via een kenteken.")),
    "NAME_SEARCH": (_("Zelf op naam gezocht"),
                    _("Een persoon geopend vlak nadat de medewerker zelf op die naam zocht, "
                      "zonder registratie waaraan de medewerker werkt die het verklaart.")),
    "CLOSED_RETURN": (_("Terug bij een afgesloten registratie"),
                      _("Een persoon of adres opgevraagd uit een eigen registratie die al dagen "
                        "was afgesloten, zonder opgegeven doel.")),
    "BULK": (_("Reeks opvragingen"), _("Veel verschillende opvragingen binnen een uur.")),
    "FIXATION": (_("Herhaald opgevraagd"),
                 _("Dezelfde persoon of hetzelfde voertuig op meerdere dagen opgevraagd.")),
    "FREE_TEXT": (_("Vrije zoekvragen"), _("Een reeks vrije zoekvragen binnen een uur.")),
    "OFF_DUTY": (_("Buiten dienst"), _("Opgevraagd terwijl de medewerker niet in dienst was.")),
    "OFF_DUTY_RELATION": (_("Buiten dienst met persoonlijke band"),
                          _("Buiten dienst opgevraagd én met een persoonlijke band met het "
                            "opgevraagde.")),
    "OUT_OF_AREA": (_("Buiten het werkgebied"),
                    _("Het opgevraagde ligt buiten het werkgebied van de eenheid.")),
    "AREA_RELATION": (_("Buiten het werkgebied met persoonlijke band"),
                      _("Buiten het werkgebied én met een persoonlijke band met het "
                        "opgevraagde.")),
    "RARE_HOUR": (_("Ongebruikelijk uur"),
                  _("Opgevraagd op een voor deze medewerker ongebruikelijk tijdstip.")),
    # Not "no purpose given" (tester t61 read it beside "Doel past niet" as a contradiction): no
    # registration the employee works on explains the lookup (`pmengine.evidence.no_purpose`).
    "NO_PURPOSE": (_("Zonder verklarende registratie"),
                   _("Geen registratie waaraan de medewerker werkt verklaart deze opvraging.")),
    "PRIOR_MISUSE": (_("Eerder misbruik"),
                     _("Bij deze medewerker is eerder misbruik vastgesteld.")),
}

# The contract's actions (pmengine.contract.ACTIONS) and kinds of record (SUBJECT_TYPES).
ACTIONS: dict[str, tuple[str, str]] = {
    "search": (_("Zoeken"), _("Gezocht in een informatiesysteem.")),
    "view": (_("Inzien"), _("Een record geopend en bekeken.")),
    "print": (_("Afdrukken"), _("Een record afgedrukt.")),
    "export": (_("Exporteren"), _("Gegevens uit het systeem gehaald (export).")),
}
SUBJECT_TYPES: dict[str, str] = {
    "person": _("Persoon"),
    "vehicle": _("Voertuig"),
    "address": _("Adres"),
    "registration": _("Registratie"),
    "free_text": _("Vrije zoekvraag"),
}


def rule_label(code: str) -> str:
    """The Dutch label of a rule; an unknown code is shown as it is rather than hidden."""
    return str(RULES[code][0]) if code in RULES else str(code)


def rule_help(code: str) -> str:
    return str(RULES[code][1]) if code in RULES else ""


def action_label(code: str) -> str:
    return str(ACTIONS[code][0]) if code in ACTIONS else str(code)


def action_help(code: str) -> str:
    return str(ACTIONS[code][1]) if code in ACTIONS else ""


def subject_type_label(code: str) -> str:
    return str(SUBJECT_TYPES[code]) if code in SUBJECT_TYPES else str(code)


def local_time(value) -> datetime | None:
    """A moment from the engine or the database (aware datetime, or an ISO-8601 string as stored in
    a timeline) in Europe/Amsterdam. A naive value is UTC, as everything the engine writes."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(DISPLAY_TZ)


def format_time(value) -> str:
    """dd-mm-jjjj HH:MM in Europe/Amsterdam, '—' when there is no moment."""
    moment = local_time(value)
    return moment.strftime(TIME_FORMAT) if moment is not None else EMPTY


def in_dutch(text) -> str:
    """Audit descriptions are Dutch whatever language the actor uses the interface in."""
    with override("nl"):
        return str(text)
