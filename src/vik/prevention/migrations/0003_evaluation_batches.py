"""Evaluation results released in batches of five (see `prevention.evaluation`).

Existing evaluations: the tallies are aggregates, so which of, say, 7 responses were the last 2
cannot be told any more. An evaluation whose results were already shown (5 or more responses)
stays shown as it was: everything counted so far is published, and the next batch is released
after 5 more. One with fewer responses was never shown: its counts and comments become pending
and are released when the fifth response arrives. Nothing shown before is hidden, and nothing
hidden before becomes visible through this migration.
"""

from django.db import migrations, models
from django.db.models import F

MIN_RESPONSES = 5  # evaluation.MIN_RESPONSES when this migration was written


def split_published_and_pending(apps, schema_editor):
    Activity = apps.get_model("prevention", "Activity")
    EvaluationTally = apps.get_model("prevention", "EvaluationTally")
    EvaluationComment = apps.get_model("prevention", "EvaluationComment")
    shown = Activity.objects.filter(responses__gte=MIN_RESPONSES)
    shown.update(published_responses=F("responses"))
    EvaluationComment.objects.filter(activity__in=shown).update(released=True)
    EvaluationTally.objects.exclude(activity__in=shown).update(pending=F("count"), count=0)


def merge_published_and_pending(apps, schema_editor):
    EvaluationTally = apps.get_model("prevention", "EvaluationTally")
    EvaluationTally.objects.update(count=F("count") + F("pending"), pending=0)


class Migration(migrations.Migration):

    dependencies = [
        ('prevention', '0002_activities_and_full_checklist'),
    ]

    operations = [
        migrations.AddField(
            model_name='activity',
            name='published_responses',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='evaluationcomment',
            name='released',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='evaluationtally',
            name='pending',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(split_published_and_pending, merge_published_and_pending),
    ]
