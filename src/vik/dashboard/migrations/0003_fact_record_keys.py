"""Record keys in the facts (cell-key noise). Facts built before have no keys: mark them as never
built, so pages read the live tables until the scheduler's next rebuild fills `k`."""

from django.db import migrations, models


def unbuilt(apps, schema_editor):
    apps.get_model("dashboard", "FactState").objects.filter(name="facts").update(rebuilt_on=None)


class Migration(migrations.Migration):

    dependencies = [
        ('dashboard', '0002_facts'),
    ]

    operations = [
        migrations.AddField(
            model_name='fact',
            name='k',
            field=models.BigIntegerField(default=0),
        ),
        migrations.RunPython(unbuilt, migrations.RunPython.noop),
    ]
