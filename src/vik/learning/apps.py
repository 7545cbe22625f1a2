from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "vik.learning"
    label = "learning"
    verbose_name = _("Leren van zaken")

    def ready(self):
        from . import tasks  # noqa: F401  (contributes to "my tasks")
