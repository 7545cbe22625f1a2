from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestigationsConfig(AppConfig):
    name = "vik.investigations"
    label = "investigations"
    verbose_name = _("Onderzoeken")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import (
            checks,  # noqa: F401  (registers the "responsibility" checks)
            panels,  # noqa: F401  (registers its panels of the signal page)
            tasks,  # contributes to "my tasks"
        )
        from .models import StatusType

        for signal in (post_save, post_delete):
            signal.connect(tasks.forget_next_steps, sender=StatusType, dispatch_uid=f"next-steps-{signal}")
