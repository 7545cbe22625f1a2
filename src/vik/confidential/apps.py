from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConfidentialConfig(AppConfig):
    name = "vik.confidential"
    label = "confidential"
    verbose_name = _("Vertrouwenswerk en klachten")

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401  (registers the "responsibility" checks)
            tasks,  # noqa: F401  (contributes to "my tasks")
        )
