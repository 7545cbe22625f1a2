from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "vik.core"
    label = "core"
    verbose_name = _("Kern")

    def ready(self) -> None:
        from django.db.models import fields

        # Django 6.1 shows "- Select an option -" (untranslated in nl) as the empty choice of
        # every dropdown; Django documents overriding it here.
        fields.BLANK_CHOICE_LABEL = _("— kies —")
