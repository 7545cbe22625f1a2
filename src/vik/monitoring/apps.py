from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "vik.monitoring"
    label = "monitoring"
    verbose_name = _("Protective monitoring")

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (contributes to "my tasks")
