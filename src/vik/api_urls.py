from rest_framework.routers import DefaultRouter

from vik.investigations.api import CaseViewSet
from vik.signals.api import SignalViewSet

router = DefaultRouter()
router.register("signals", SignalViewSet, basename="signal")
router.register("cases", CaseViewSet, basename="case")
urlpatterns = router.urls
