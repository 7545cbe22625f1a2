"""Aftercare after closure (`Closure.aftercare_ended_on`). Closures made before aftercare existed
are marked ended on the day their outcome was told: their care contacts get no task for them."""

from django.db import migrations, models
from django.db.models import F


def end_earlier_aftercare(apps, schema_editor):
    Closure = apps.get_model("investigations", "Closure")
    Closure.objects.filter(aftercare_ended_on__isnull=True).update(
        aftercare_ended_on=F("communicated_on"), aftercare_note="Afgesloten vóór de invoering van nazorg.")


class Migration(migrations.Migration):

    dependencies = [
        ('investigations', '0011_case_care_outside_line'),
    ]

    operations = [
        migrations.AddField(
            model_name='closure',
            name='aftercare_ended_on',
            field=models.DateField(blank=True, null=True, verbose_name='nazorg afgerond op'),
        ),
        migrations.AddField(
            model_name='closure',
            name='aftercare_note',
            field=models.TextField(blank=True, verbose_name='afronding nazorg'),
        ),
        migrations.RunPython(end_earlier_aftercare, migrations.RunPython.noop),
    ]
