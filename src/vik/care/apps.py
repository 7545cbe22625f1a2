from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "vik.care"
    label = "care"
    verbose_name = _("Zorg")

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the "responsibility" checks)
            panels,  # noqa: F401  (registers its panels of the case page)
            tasks,  # noqa: F401  (contributes the aftercare to "my tasks")
        )
