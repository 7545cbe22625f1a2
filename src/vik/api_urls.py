from rest_framework.routers import DefaultRouter

from vik.investigations.api import CaseViewSet
from vik.signals.api import SignalViewSet
from vik.triage.api import TriageDecisionViewSet

router = DefaultRouter()
router.register("signals", SignalViewSet, basename="signal")
router.register(r"signals/(?P<id>[^/.]+)/triage-decisions", TriageDecisionViewSet,
                basename="signal-triage-decisions")
router.register("cases", CaseViewSet, basename="case")
urlpatterns = router.urls
