from django.http import JsonResponse
from django.urls import re_path
from django.utils.translation import gettext as _
from rest_framework.routers import DefaultRouter

from vik.investigations.api import CaseViewSet
from vik.signals.api import SignalViewSet
from vik.triage.api import TriageDecisionViewSet


def not_found(request, path=""):
    """Any other path under /api/ (an id that is not a number, an unknown endpoint): the JSON answer
    an API client can read, as the endpoints' own 404s, not the HTML page."""
    return JsonResponse({"detail": _("Niet gevonden.")}, status=404)


router = DefaultRouter()
router.register("signals", SignalViewSet, basename="signal")
router.register(r"signals/(?P<id>[0-9]+)/triage-decisions", TriageDecisionViewSet,
                basename="signal-triage-decisions")
router.register("cases", CaseViewSet, basename="case")
urlpatterns = [*router.urls, re_path(r"^(?!schema/|docs/)(?P<path>[\s\S]*)\Z", not_found)]
