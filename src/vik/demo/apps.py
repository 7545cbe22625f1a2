from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "vik.demo"
    label = "demo"
    verbose_name = "Demo"
