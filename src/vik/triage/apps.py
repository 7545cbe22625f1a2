from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "vik.triage"
    label = "triage"
    verbose_name = _("Triage")

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the "responsibility" checks)
            panels,  # noqa: F401  (registers its panels of the signal page)
            tasks,  # noqa: F401  (contributes to "my tasks")
        )
