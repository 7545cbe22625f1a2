"""The devices are django-otp's TOTP devices; this proxy gives them a Dutch name on the
administrators' configuration screens, where a lost one is reset."""

from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice


class SecondFactorDevice(TOTPDevice):
    class Meta:
        proxy = True
        verbose_name = _("tweede factor (authenticator-app)")
        verbose_name_plural = _("tweede factoren (authenticator-apps)")
