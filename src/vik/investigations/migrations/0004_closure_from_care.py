"""Closure moves from the care app to investigations, which alone creates it. A move of the
model's state only: the table `care_closure` stays (Meta.db_table), so no row is copied and the
data survives. The content type (and so its permissions) is renamed with it. Pairs with
care/0002_closure_to_investigations, which removes the model from care's state afterwards."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _rename_content_type(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label=new, model="closure").exists():
        ContentType.objects.using(db).filter(app_label=old, model="closure").update(app_label=new)


def forwards(apps, schema_editor):
    _rename_content_type(apps, schema_editor, "care", "investigations")


def backwards(apps, schema_editor):
    _rename_content_type(apps, schema_editor, "investigations", "care")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("care", "0001_initial"),
        ("investigations", "0003_commission_date"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Closure",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                                   serialize=False, verbose_name="ID")),
                        ("communicated_on", models.DateField(verbose_name="uitkomst meegedeeld op")),
                        ("communication", models.TextField(verbose_name="mededeling aan betrokkene")),
                        ("team_informed", models.BooleanField(default=False,
                                                              verbose_name="team geïnformeerd")),
                        ("rehabilitation_plan", models.TextField(blank=True,
                                                                 verbose_name="rehabilitatieplan")),
                        ("by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                                 related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("case", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                                      related_name="closure",
                                                      to="investigations.case")),
                    ],
                    options={"db_table": "care_closure"},
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
