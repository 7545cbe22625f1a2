from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VettingConfig(AppConfig):
    name = "vik.vetting"
    label = "vetting"
    verbose_name = _("Veiligheidsonderzoeken en meldplicht")

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the "responsibility" checks)
            tasks,  # noqa: F401  (contributes to "my tasks")
        )
