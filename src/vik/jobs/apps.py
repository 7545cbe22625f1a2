from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "vik.jobs"
    label = "jobs"
    verbose_name = "Achtergrondtaken"
