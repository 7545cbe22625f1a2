"""Record keys of the recurrence figures (cell-key noise). The figures are derived data: the old
rows (without keys) are dropped and recomputed by the scheduler or on first use."""

from django.db import migrations, models


def drop(apps, schema_editor):
    apps.get_model("dashboard", "RecurrenceFact").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('dashboard', '0003_fact_record_keys'),
    ]

    operations = [
        migrations.AddField(
            model_name='recurrencefact',
            name='k_events',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='recurrencefact',
            name='k_followed_1y',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='recurrencefact',
            name='k_followed_2y',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='recurrencefact',
            name='k_recurred_1y',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='recurrencefact',
            name='k_recurred_2y',
            field=models.BigIntegerField(default=0),
        ),
        migrations.RunPython(drop, migrations.RunPython.noop),
    ]
