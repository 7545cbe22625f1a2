"""The reference lists VIK starts with: roles, triage criteria, themes, delaying factors and the
investigation types with their process templates. Loaded by a data migration; afterwards they are
maintained by the functional administrator.

The names are marked with `gettext_noop` so that the English catalogue carries them: a name the
product ships with is shown translated (`vik.core.i18n.data_label`), a name an administrator typed
is shown as typed."""

from django.utils.translation import gettext_noop as N_

CRITERIA = [
    ("severity", "Ernst van de gedraging", "Hoe ernstig is het vermoedelijke plichtsverzuim?"),
    ("impact", "Impact en afbreukrisico", "Schade voor het vertrouwen in de politie."),
    ("recidivism", "Recidive", "Eerdere signalen of maatregelen over deze medewerker."),
    ("criminal", "Strafrechtelijke component", "Is er mogelijk een strafbaar feit?"),
    ("urgency", "Urgentie", "Moet er direct worden ingegrepen (veiligheid, bewijs)?"),
    ("evidence", "Bewijspositie", "Hoe sterk zijn de aanwijzingen nu?"),
    ("circumstances", "Persoonlijke omstandigheden", "Omstandigheden die meewegen."),
]

THEMES = [
    ("gifts", N_("Aannemen van geschenken"), "code"),
    ("private_contacts", N_("Privécontacten"), "code"),
    ("financial_interests", N_("Financiële belangen"), "code"),
    ("use_of_force", N_("Geweldsaanwending"), "code"),
    ("off_duty", N_("Gedrag buiten diensttijd"), "code"),
    ("side_jobs", N_("Nevenwerkzaamheden"), "code"),
    ("information", N_("Omgaan met informatie"), "code"),
    ("invitations", N_("Zakelijke uitnodigingen"), "code"),
    ("social_media", N_("Sociale media"), "code"),
    ("truthful_reporting", N_("Waarheidsgetrouw rapporteren (pv, uren, declaraties)"), "code"),
    ("suppliers", N_("Zakendoen met leveranciers"), "code"),
    ("verbal_aggression", N_("Verbale agressie"), "behaviour"),
    ("physical_aggression", N_("Fysieke agressie"), "behaviour"),
    ("intimidation", N_("Psychische agressie, intimidatie en pesten"), "behaviour"),
    ("sexual_harassment", N_("Seksuele intimidatie"), "behaviour"),
    ("discrimination", N_("Discriminatie"), "behaviour"),
    ("vandalism", N_("Vandalisme"), "behaviour"),
    ("crime", N_("Criminaliteit"), "behaviour"),
    ("corruption", N_("Corruptie"), "corruption"),
    ("leaking", N_("Lekken van informatie"), "leaking"),
    ("system_misuse", N_("Onrechtmatig raadplegen van politiesystemen"), "information"),
]

DELAY_REASONS = [
    ("criminal_first", N_("Strafrechtelijk onderzoek gaat voor")),
    ("illness", N_("Ziekte van de betrokkene")),
    ("representative", N_("Beschikbaarheid raadsman")),
    ("external_info", N_("Wachten op informatie van derden")),
    ("witness", N_("Getuige niet beschikbaar")),
    ("capacity", N_("Onvoldoende onderzoekscapaciteit")),
    ("zienswijze_term", N_("Termijn voor zienswijze loopt")),
    ("legal_advice", N_("Wachten op juridisch advies")),
]

# (step, responsible role, norm in working days, review moment)
_DISCIPLINARY_STEPS = [
    ("commissioned", "competent_authority", 5, False),
    ("plan_approved", "competent_authority", 10, True),
    ("aanzegging", "investigator_disciplinary", 5, False),
    ("intake", "investigator_disciplinary", 10, False),
    ("hearings", "investigator_disciplinary", 25, False),
    ("witnesses", "investigator_disciplinary", 25, True),
    ("report", "investigator_disciplinary", 15, False),
    ("zienswijze", "competent_authority", 10, False),  # the authority sends the voornemen
    ("decision", "competent_authority", 15, True),
    ("closed", "competent_authority", 0, False),
]
_ORIENTING_STEPS = [
    ("commissioned", "competent_authority", 5, False),
    ("plan_approved", "competent_authority", 5, False),
    ("intake", "investigator_disciplinary", 10, False),
    ("report", "investigator_disciplinary", 15, True),
    ("decision", "competent_authority", 10, False),
    ("closed", "competent_authority", 0, False),
]
_CRIMINAL_STEPS = [
    ("commissioned", "competent_authority", 5, False),
    ("plan_approved", "competent_authority", 10, True),
    ("intake", "investigator_criminal", 20, False),
    ("hearings", "investigator_criminal", 60, False),
    ("witnesses", "investigator_criminal", 60, True),
    ("report", "investigator_criminal", 30, False),
    ("decision", "competent_authority", 20, True),
    ("closed", "competent_authority", 0, False),
]

# code, name, track, throughput norm, service norm, review interval, update weeks,
# preparation days, retention years, archival category, steps
# The accelerating factors (versnellers) VIK starts with (also loaded by investigations 0008).
ACCELERATING_FACTORS = [
    ("confession", N_("Betrokkene bekent")),
    ("no_witnesses", N_("Geen getuigen nodig")),
    ("documents_fast", N_("Snelle aanlevering stukken")),
    ("hearing_soon", N_("Hoorgesprek snel ingepland")),
    ("clear_evidence", N_("Eenduidig bewijs")),
]

CASE_TYPES = [
    ("orienting", N_("Oriënterend onderzoek"), "orienting", 40, 30, 20, 4, 5, 5, "destroy",
     _ORIENTING_STEPS),
    ("disciplinary", N_("Disciplinair onderzoek"), "disciplinary", 120, 90, 40, 4, 5, 10, "destroy",
     _DISCIPLINARY_STEPS),
    ("criminal", N_("Strafrechtelijk onderzoek (ondersteuning OM/RR)"), "criminal", 250, 200, 40, 4,
     5, 20, "keep", _CRIMINAL_STEPS),
]

ROLES = [
    "triage", "investigator_disciplinary", "investigator_criminal", "competent_authority",
    "line_manager", "care_contact", "policy", "auditor", "admin", "soc_analyst",
    "confidential_advisor", "confidential_advisor_central", "integrity_office", "ombudsman",
    "complaints_committee", "chief", "editor", "vetting",
]


def load(get_model) -> None:
    """Create whatever is missing; never overwrite what an administrator changed."""
    Group = get_model("auth", "Group")
    for role in ROLES:
        Group.objects.get_or_create(name=role)
    Criterion = get_model("triage", "Criterion")
    for order, (code, label, help_text) in enumerate(CRITERIA):
        Criterion.objects.get_or_create(
            code=code, defaults={"label": label, "help_text": help_text, "order": order}
        )
    Theme = get_model("signals", "Theme")
    for code, name, category in THEMES:
        Theme.objects.get_or_create(code=code, defaults={"name": name, "category": category})
    DelayReason = get_model("investigations", "DelayReason")
    for code, name in DELAY_REASONS:
        DelayReason.objects.get_or_create(code=code, defaults={"name": name})
    try:  # the accelerating factors' model came later than the first migration that loads this
        AcceleratingFactor = get_model("investigations", "AcceleratingFactor")
    except LookupError:
        AcceleratingFactor = None
    if AcceleratingFactor is not None:
        for code, name in ACCELERATING_FACTORS:
            AcceleratingFactor.objects.get_or_create(code=code, defaults={"name": name})
    CaseType = get_model("investigations", "CaseType")
    StatusType = get_model("investigations", "StatusType")
    for (code, name, track, norm, service, review, weeks, prep, years, category,
         steps) in CASE_TYPES:
        case_type, created = CaseType.objects.get_or_create(
            code=code,
            defaults=dict(name=name, track=track, throughput_norm_days=norm,
                          service_norm_days=service, review_interval_days=review,
                          update_interval_weeks=weeks, hearing_preparation_days=prep,
                          retention_years=years, archival_category=category),
        )
        if created:
            for order, (step, role, days, review_moment) in enumerate(steps, start=1):
                StatusType.objects.create(case_type=case_type, order=order, step=step,
                                          responsible_role=role, norm_days=days,
                                          is_review_moment=review_moment)
