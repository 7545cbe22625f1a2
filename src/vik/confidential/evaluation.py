"""The complaint evaluation form (evaluatieformulier klacht): its questions, answers and checks.

The form follows the example of the 2000s handbook of confidential work (a closing conversation
with the complainant after the procedure, also to learn whether the procedure works), with the
extension it proposes: the personal consequences for the complainant (relations with colleagues,
pleasure in the work). Questions 1b, 1c and 5 are answered from the complaint itself (the
committee's advice, the chief's decision, the time from receipt to the end).

Stored on `Complaint`: the closed answers in `evaluation` (JSON, also read by the aggregates), the
free text in `evaluation_texts` (encrypted JSON) and the remaining remarks in `evaluation_note`.
Evaluations recorded before this form (version 1: two scores and two yes/no answers, the same keys)
stay readable: what they did not ask shows as "not asked".

The central advisor's figures over a year's evaluations are released in batches of `BATCH`: they
describe the first 5, 10, 15, ... evaluations in the order they were recorded, never one more, so
comparing the figures before and after one evaluation does not give that complainant's answers.
"""

import json
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

VERSION = 2
SCORES = range(1, 6)
# The figures grow by this many evaluations at a time.
BATCH = 5

CONSEQUENCES = [
    ("none", gettext_lazy("Geen")),
    ("warning", gettext_lazy("Waarschuwing")),
    ("transfer", gettext_lazy("Overplaatsing")),
    ("order_measure", gettext_lazy("Ordemaatregel")),
    ("disciplinary", gettext_lazy("Disciplinaire maatregel")),
]
PROCEDURES = [
    ("mediation", gettext_lazy("Bemiddeling")),
    ("complaint", gettext_lazy("Formele klacht")),
    ("judicial", gettext_lazy("Justitiële procedure (aangifte)")),
    ("none", gettext_lazy("Geen actie")),
    ("other", gettext_lazy("Anders")),
]
FILED = [
    ("submitted", gettext_lazy("Ingediend bij korpschef of klachtencommissie")),
    ("archived", gettext_lazy("Gearchiveerd bij de vertrouwenspersoon")),
]
# The free-text answers, encrypted together in `Complaint.evaluation_texts`.
TEXTS = ("findings", "measures", "complainant_consequence_detail", "accused_consequence_detail",
         "outcome_opinion", "procedure_opinion", "further_action", "earlier_attempt_result", "procedure_other")


@dataclass
class EvaluationInput:
    outcome_score: int
    procedure_score: int
    tried_before: bool
    further_action_needed: bool
    note: str = ""
    findings: str = ""
    measures: str = ""
    complainant_consequences: list[str] = field(default_factory=list)
    complainant_consequence_detail: str = ""
    accused_consequences: list[str] = field(default_factory=list)
    accused_consequence_detail: str = ""
    outcome_opinion: str = ""
    procedure_opinion: str = ""
    further_action: str = ""
    earlier_attempt_result: str = ""
    procedure: str = ""
    procedure_other: str = ""
    filed: str = ""
    filed_on: date | None = None
    colleagues_score: int | None = None
    work_pleasure_score: int | None = None
    agreed_by_complainant: bool = False


def in_complete_batches(evaluated: int) -> int:
    """How many of `evaluated` (in the order they were recorded) the figures describe."""
    return evaluated - evaluated % BATCH


def end_of_procedure(complaint) -> date | None:
    """When the complaint was dealt with: the chief's decision, or the end of a successful mediation."""
    if complaint.decision_on:
        return complaint.decision_on
    return complaint.mediation_ended_on if complaint.mediation_succeeded else None


def default_procedure(complaint) -> str:
    return "mediation" if complaint.mediation_succeeded else "complaint"


def clean(data: EvaluationInput, complaint, on: date) -> tuple[dict, dict]:
    """The closed answers and the free-text answers, or a ValidationError with a Dutch message per
    field. A question that depends on an answer ("if yes, which?") is required only then."""
    errors: dict[str, list[str]] = {}

    def error(name, message):
        errors.setdefault(name, []).append(message)

    if data.outcome_score not in SCORES:
        error("outcome_score", _("Kies een score van 1 tot en met 5."))
    if data.procedure_score not in SCORES:
        error("procedure_score", _("Kies een score van 1 tot en met 5."))
    for name in ("colleagues_score", "work_pleasure_score"):
        if getattr(data, name) is not None and getattr(data, name) not in SCORES:
            error(name, _("Kies een score van 1 tot en met 5, of laat leeg."))
    codes = {code for code, _label in CONSEQUENCES}
    for name, detail in (("complainant_consequences", "complainant_consequence_detail"),
                         ("accused_consequences", "accused_consequence_detail")):
        chosen = getattr(data, name)
        if any(c not in codes for c in chosen):
            error(name, _("Kies uit de genoemde gevolgen."))
        elif "none" in chosen and len(chosen) > 1:
            error(name, _("‘Geen’ gaat niet samen met een gevolg."))
        if "disciplinary" in chosen and len(getattr(data, detail).strip()) < 3:
            error(detail, _("Noem de disciplinaire maatregel."))
    if data.further_action_needed and len(data.further_action.strip()) < 5:
        error("further_action", _("Beschrijf welke actie u voorstelt."))
    procedure = data.procedure or default_procedure(complaint)
    if procedure not in {code for code, _label in PROCEDURES}:
        error("procedure", _("Kies de gevolgde procedure."))
    elif procedure == "other" and len(data.procedure_other.strip()) < 3:
        error("procedure_other", _("Beschrijf welke procedure is gekozen."))
    if data.filed and data.filed not in {code for code, _label in FILED}:
        error("filed", _("Kies wat er met het formulier gebeurt."))
    if data.filed_on is not None:
        if data.filed_on > on:
            error("filed_on", _("Deze datum ligt na de evaluatie."))
        elif data.filed_on < complaint.received_on:
            error("filed_on", _("Deze datum ligt vóór de ontvangst van de klacht."))
    if errors:
        raise ValidationError(errors)
    end = end_of_procedure(complaint)
    answers = {
        "version": VERSION,
        "outcome_score": data.outcome_score, "procedure_score": data.procedure_score,
        "tried_before": data.tried_before, "further_action_needed": data.further_action_needed,
        "complainant_consequences": list(data.complainant_consequences),
        "accused_consequences": list(data.accused_consequences),
        "procedure": procedure, "filed": data.filed or None,
        # filed without a date: on the day of the evaluation
        "filed_on": (data.filed_on or on).isoformat() if data.filed else None,
        "colleagues_score": data.colleagues_score, "work_pleasure_score": data.work_pleasure_score,
        "agreed_by_complainant": data.agreed_by_complainant,
        "duration_days": (end - complaint.received_on).days if end else None,
    }
    texts = {name: getattr(data, name).strip() for name in TEXTS if getattr(data, name).strip()}
    return answers, texts


def texts_of(complaint) -> dict:
    try:
        loaded = json.loads(complaint.evaluation_texts or "{}")
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _labels(choices, codes) -> str:
    names = dict(choices)
    return ", ".join(str(names.get(code, code)) for code in codes)


def _yes_no(value) -> str:
    return _("ja") if value else _("nee")


def read(complaint) -> list[tuple[str, str]]:
    """The completed form as (question, answer) in the order of the form, for the complaint page."""
    if not complaint.evaluation_on:
        return []
    a, t = complaint.evaluation or {}, texts_of(complaint)
    asked = a.get("version", 1) >= VERSION
    not_asked = _("niet gevraagd (eerdere versie van het formulier)")

    def text(name):
        return t.get(name) or ("—" if asked else not_asked)

    def score(name):
        value = a.get(name)
        if value is None:
            return "—" if asked else not_asked
        return _("%(n)s van 5") % {"n": value}

    def consequences(name, detail):
        if not asked:
            return not_asked
        chosen = _labels(CONSEQUENCES, a.get(name) or []) or "—"
        return f"{chosen} — {t[detail]}" if t.get(detail) else chosen

    if complaint.advice:
        advice = f"{complaint.get_advice_display()} — {complaint.advice_text}"
    else:
        advice = _("geen advies (de klacht is op een andere manier afgehandeld)")
    if complaint.decision_on:
        decision = (_("conform het advies van de klachtencommissie") if complaint.decision_follows_advice
                    else _("anders dan het advies")) + f" — {complaint.decision_text}"
    else:
        decision = _("geen besluit van de korpschef nodig")
    days = a.get("duration_days")
    procedure = _labels(PROCEDURES, [a["procedure"]]) if a.get("procedure") else not_asked
    if a.get("procedure") == "other" and t.get("procedure_other"):
        procedure = f"{procedure}: {t['procedure_other']}"
    if a.get("filed"):
        filed = _labels(FILED, [a["filed"]])
        if a.get("filed_on"):
            filed += " " + _("op %(day)s") % {"day": date.fromisoformat(a["filed_on"]).strftime("%d-%m-%Y")}
    else:
        filed = "—" if asked else not_asked
    further = _yes_no(a.get("further_action_needed"))
    if a.get("further_action_needed") and t.get("further_action"):
        further = f"{further} — {t['further_action']}"
    return [
        (_("1a. Wat is uit het onderzoek naar voren gekomen?"), text("findings")),
        (_("1b. Advies van de klachtencommissie"), advice),
        (_("1c. Besluit over de maatregelen"), decision),
        (_("2. Genomen maatregelen"), text("measures")),
        (_("3. Gevolgen van het besluit voor de klager"),
         consequences("complainant_consequences", "complainant_consequence_detail")),
        (_("4. Gevolgen van het besluit voor wie de klacht betreft"),
         consequences("accused_consequences", "accused_consequence_detail")),
        (_("5. Tijd van melding tot afhandeling"),
         (_("%(n)d dagen") % {"n": days}) if days is not None else ("—" if asked else not_asked)),
        (_("6. Oordeel van de klager over de oplossing"),
         score("outcome_score") + (f" — {t['outcome_opinion']}" if t.get("outcome_opinion") else "")),
        (_("7. Oordeel van de klager over de procedure"),
         score("procedure_score") + (f" — {t['procedure_opinion']}" if t.get("procedure_opinion") else "")),
        (_("8. Nadere actie nodig?"), further),
        (_("9. Eerst zelf geprobeerd het op te lossen?"), _yes_no(a.get("tried_before"))),
        (_("10. Resultaat van die poging"), text("earlier_attempt_result") if a.get("tried_before") else "—"),
        (_("11. Gekozen procedure"), procedure),
        (_("12. Wat gebeurt er met het formulier"), filed),
        (_("Omgang met collega's sindsdien"), score("colleagues_score")),
        (_("Plezier in het werk sindsdien"), score("work_pleasure_score")),
        (_("Klager heeft het formulier gezien en stemt ermee in"),
         _yes_no(a.get("agreed_by_complainant")) if asked else not_asked),
        (_("Verdere opmerkingen"), complaint.evaluation_note or "—"),
    ]
