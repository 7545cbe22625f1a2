from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecondFactorConfig(AppConfig):
    name = "vik.secondfactor"
    label = "secondfactor"
    verbose_name = _("Tweede factor")

    def ready(self):
        from . import signals  # noqa: F401  (the provider's sign-in marks the session verified)
