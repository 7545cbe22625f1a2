"""Seal the authenticator keys stored in plaintext by django-otp (vik.secondfactor.sealing)."""

from django.db import migrations


def seal_keys(apps, schema_editor):
    from vik.secondfactor import sealing

    Device = apps.get_model("otp_totp", "TOTPDevice")
    for device in Device.objects.all().only("pk", "key", "user_id"):
        if not sealing.is_sealed(device.key):
            Device.objects.filter(pk=device.pk).update(key=sealing.seal(device.key, device.user_id))


def open_keys(apps, schema_editor):
    from vik.secondfactor import sealing

    Device = apps.get_model("otp_totp", "TOTPDevice")
    for device in Device.objects.all().only("pk", "key", "user_id"):
        if sealing.is_sealed(device.key):
            Device.objects.filter(pk=device.pk).update(key=sealing.unseal(device.key, device.user_id).hex())


class Migration(migrations.Migration):
    dependencies = [
        ("secondfactor", "0001_second_factor_device"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(seal_keys, open_keys)]
