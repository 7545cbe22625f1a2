"""django-otp's OTPMiddleware, reading the session's device with one prepared statement.

Every request of a session verified with a code loads that device (is it still there, confirmed,
the user's?). django-otp's own read is an ORM query (about 1 ms of CPU per request, issue 14);
here the same row is read through `vik.core.fastread`. django-otp's checks of the device (its
user, confirmed) and the session handling stay its own (`_finalize_device`).
"""

from django.apps import apps
from django.db import connection
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from vik.core.fastread import fetch_one


class SessionDeviceMiddleware(OTPMiddleware):
    def _device_from_persistent_id(self, persistent_id: str):
        persistent_id = self._normalize_persistent_id(persistent_id)
        try:
            model_label, device_id = persistent_id.rsplit("/", 1)
            device_model = apps.get_model(*model_label.split("."))
            device_id = int(device_id)
        except (ValueError, LookupError):
            return None
        if not issubclass(device_model, Device):
            return None
        column = connection.ops.quote_name(device_model._meta.pk.column)
        return fetch_one(device_model, f"t.{column} = %s", [device_id])
