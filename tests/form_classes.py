"""Every form class of the product, for tests that check a kind of field in all forms at once."""

import importlib

from django import forms
from django.apps import apps


def form_classes() -> list[type[forms.BaseForm]]:
    """The form classes the apps define in their forms, views and admin modules, subclasses
    included."""
    for config in apps.get_app_configs():
        if config.name.startswith("vik."):
            for module in ("forms", "views", "admin"):
                try:
                    importlib.import_module(f"{config.name}.{module}")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.{module}":
                        raise
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("vik."):
            found.append(cls)
    return found


def fields_of(kind: type[forms.Field]):
    """(label, field) for every declared field of `kind` in the product's form classes."""
    for form_class in form_classes():
        for name, field in form_class.base_fields.items():
            if isinstance(field, kind):
                yield f"{form_class.__module__}.{form_class.__name__}.{name}", field
