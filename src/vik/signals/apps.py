from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "vik.signals"
    label = "signals"
    verbose_name = _("Meldingen")

    def ready(self):
        from . import checks  # noqa: F401  (registers the "responsibility" checks)
