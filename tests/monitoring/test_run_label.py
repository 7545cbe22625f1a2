"""Tester t13: the analyses were titled by the raw name of their upload directory
("upload-20261130-141503-k2j4h1"); they are titled by the period their audit log covers."""

import datetime as dt

from django.utils import timezone

from vik.monitoring.models import ImportRun


def test_an_analysis_is_named_by_its_period_or_its_upload_time():
    tz = timezone.get_current_timezone()
    run = ImportRun(data_dir="/srv/vik/monitoring/upload-20261130-141503-k2j4h1")
    assert run.label == "de upload van 30-11-2026 14:15"
    run.period_start = dt.datetime(2026, 11, 2, 7, 0, tzinfo=tz)
    run.period_end = dt.datetime(2026, 11, 29, 23, 59, tzinfo=tz)
    assert run.label == "02-11-2026 t/m 29-11-2026"
    assert ImportRun(data_dir="/data/pmworld-6101").label == "pmworld-6101"  # never the server's path
