from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "vik.signals"
    label = "signals"
    verbose_name = _("Meldingen")
    # Its "responsibility" check (open signals have a triage team) is registered by triage.
