from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "vik.core"
    label = "core"
    verbose_name = _("Kern")

    def ready(self) -> None:
        from . import admin_registry  # noqa: F401  (registers the configuration screens)
