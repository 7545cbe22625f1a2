from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "vik.accounts"
    label = "accounts"
    verbose_name = _("Organisatie")

    def ready(self):
        from . import signals  # noqa: F401  (connects the sign-in audit receivers)
