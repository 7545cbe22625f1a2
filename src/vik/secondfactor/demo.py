"""The demo's second factors: every demo account whose role needs one gets a confirmed
authenticator device, so a newcomer signs in straight away; the code page of a demo deployment
shows the current code (`VIK_DEMO`, see `services.demo_hint_code`). Idempotent."""

from django.contrib.auth import get_user_model

from vik import policy

from .models import SecondFactorDevice
from .services import DEVICE_NAME


def seed() -> int:
    """Devices for the demo accounts that need one and have none; returns how many were made."""
    User = get_user_model()
    have = set(SecondFactorDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    missing = [user for user in User.objects.filter(is_active=True).exclude(pk__in=have)
               if user.has_usable_password() and policy.needs_second_factor(user)]
    devices = [SecondFactorDevice(user=user, name=DEVICE_NAME, confirmed=True) for user in missing]
    for device in devices:
        device.seal()  # bulk_create does not call save()
    SecondFactorDevice.objects.bulk_create(devices)
    return len(missing)
