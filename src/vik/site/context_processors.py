"""The main menu, shown according to what the user may do."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from vik import policy


def navigation(request):
    """The menu, computed when a template shows it, once per render: a page composed of panels
    renders each panel with the request's context processors too, and no panel shows the menu
    (each computation asks the policy a dozen questions and the database one)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "vik_second_factor_pending", False):
        return {}  # signed out, or the code after the password not given yet: no menu
    return {"nav_items": SimpleLazyObject(lambda: _items(request, user))}


def _items(request, user) -> list[dict]:
    items = [(reverse("home"), _("Mijn taken"))]
    # For every employee: help, reporting, prevention.
    items.append((reverse("knowledge:index"), _("Hulp en beroepscode")))
    items.append((reverse("confidential:index"), _("Melden")))
    if policy.can(user, "confidential.inbox"):
        items.append((reverse("confidential:inbox"), _("Ontvangen meldingen")))
    if policy.can(user, "confidential.register"):
        items.append((reverse("confidential:register"), _("Register vertrouwenspersonen")))
    if policy.can(user, "confidential.coordinate"):  # the annual report and repeat signals (tester t34)
        items.append((reverse("confidential:coordination"), _("Coördinatie")))
    if policy.can(user, "confidential.complaints") or policy.can(user, "confidential.decisions"):
        items.append((reverse("confidential:complaints"), _("Klachten")))
    items.append((reverse("prevention:index"), _("Preventie")))
    items.append((reverse("learning:library"), _("Leren van zaken")))
    if policy.can(user, "vetting.declare"):
        items.append((reverse("vetting:index"), _("Meldplicht")))
    if policy.can(user, "vetting.inbox"):
        items.append((reverse("vetting:inbox"), _("Te besluiten meldingen")))
    if policy.can(user, "vetting.screenings"):
        items.append((reverse("vetting:screenings"), _("Veiligheidsonderzoeken")))
    if policy.can(user, "vetting.aggregates"):
        items.append((reverse("vetting:overview"), _("Meldplicht in cijfers")))
    if policy.can(user, "triage.queue"):
        items.append((reverse("triage:queue"), _("Triagewachtrij")))
    if policy.can(user, "triage.national"):
        items.append((reverse("triage:national"), _("Landelijke triage")))
    if policy.can(user, "signal.create"):
        items.append((reverse("signals:list"), _("Meldingen")))
        items.append((reverse("signals:mine"), _("Door mij geregistreerd")))
    member = getattr(user, "vik_is_case_member", None)  # read with the session's user (UserBackend)
    if member if member is not None else user.case_memberships.exists():
        items.append((reverse("investigations:list"), _("Onderzoeken")))
    if policy.can(user, "stats.view"):
        items.append((reverse("dashboard:index"), _("Dashboard")))
    if policy.can(user, "monitoring.prevention"):
        items.append((reverse("monitoring:prevention"), _("Protective monitoring")))
    elif policy.can(user, "monitoring.govern"):  # administrators: the decision on detection only
        items.append((reverse("monitoring:governance"), _("Protective monitoring")))
    if policy.can(user, "config.manage"):
        items.append((reverse("config:index"), _("Beheer")))
        items.append((reverse("investigations:retention"), _("Bewaartermijnen")))
        items.append((reverse("jobs:status"), _("Achtergrondtaken")))
    if policy.can(user, "audit.view"):
        items.append((reverse("audit:list"), _("Audittrail")))
    # One active item: the longest menu URL the page lies under ("Door mij geregistreerd" on
    # /meldingen/mijn/, not "Meldingen" as well).
    # A section whose pages lie outside its own URL names them (tester t37: the repeat signals
    # lit up "Melden", the prefix of every confidential page).
    # An address that matches no page ("not found" for a mistyped one) lies in no section.
    path = request.path if getattr(request, "resolver_match", None) is not None else None
    sections = {reverse("confidential:coordination"): ["/vertrouwelijk/stapeling/", "/vertrouwelijk/jaarverslag"],
                reverse("confidential:register"): [reverse("confidential:activities")]}
    matches = [(prefix, url) for url, _label in items for prefix in (url, *sections.get(url, ()))
               if path is not None and (path == prefix if prefix == "/" else path.startswith(prefix))]
    active = max(matches, key=lambda match: len(match[0]), default=(None, None))[1]
    return [{"url": url, "label": label, "active": url == active} for url, label in items]
