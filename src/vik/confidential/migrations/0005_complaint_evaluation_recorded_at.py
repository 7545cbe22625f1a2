"""When a complaint's evaluation was recorded: the order in which evaluations join the central
advisor's figures in batches of five. Evaluations recorded before keep no time (null): they come
first and stay published as they were shown (see `selectors.evaluation_figures`)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('confidential', '0004_evaluation_form_and_repeat_signals'),
    ]

    operations = [
        migrations.AddField(
            model_name='complaint',
            name='evaluation_recorded_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
