"""The devices are django-otp's TOTP devices, through this proxy: a Dutch name on the
administrators' configuration screens (where a lost one is reset), and the key sealed at rest
(`sealing`): it is sealed when the device is first saved and opened only to compute a code."""

from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import sealing


class SecondFactorDevice(TOTPDevice):
    class Meta:
        proxy = True
        verbose_name = _("tweede factor (authenticator-app)")
        verbose_name_plural = _("tweede factoren (authenticator-apps)")

    def seal(self) -> None:
        if not sealing.is_sealed(self.key):
            self.key = sealing.seal(self.key, self.user_id)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "key" in update_fields:
            self.seal()
        super().save(*args, **kwargs)

    @property
    def bin_key(self) -> bytes:
        """The key for django-otp's code computation (raises sealing.UnsealedKey for a key that
        is not sealed: it is never used)."""
        return sealing.unseal(self.key, self.user_id)

