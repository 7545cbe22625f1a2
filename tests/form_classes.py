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
    return [cls for cls in _subclasses(forms.BaseForm) if cls.__module__.startswith("vik.")]


def fields_of(kind: type[forms.Field]):
    """(label, field) for every declared field of `kind` in the product's form classes."""
    for form_class in form_classes():
        for name, field in form_class.base_fields.items():
            if isinstance(field, kind):
                yield f"{form_class.__module__}.{form_class.__name__}.{name}", field


def serializer_classes():
    """The API serializer classes the apps define in their `api` modules, subclasses included."""
    from rest_framework import serializers

    for config in apps.get_app_configs():
        if config.name.startswith("vik."):
            try:
                importlib.import_module(f"{config.name}.api")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.api":
                    raise
    return [cls for cls in _subclasses(serializers.Serializer) if cls.__module__.startswith("vik.")]


def _subclasses(root):
    found, todo = [], [root]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        found.append(cls)
    return found
