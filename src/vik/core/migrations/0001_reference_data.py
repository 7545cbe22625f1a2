from django.db import migrations


def load(apps, schema_editor):
    from vik.core.reference_data import load as load_reference

    load_reference(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("signals", "0001_initial"),
        ("triage", "0001_initial"),
        ("investigations", "0001_initial"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
