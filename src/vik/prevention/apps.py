from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "vik.prevention"
    label = "prevention"
    verbose_name = _("Preventie")

    def ready(self):
        from . import tasks  # noqa: F401  (contributes to "my tasks")
