"""Closure now lives in investigations (investigations/0004_closure_from_care): care forgets the
model in its state only; the table `care_closure` and its rows stay, owned by investigations."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("care", "0001_initial"),
        ("investigations", "0004_closure_from_care"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Closure")],
            database_operations=[],
        ),
    ]
