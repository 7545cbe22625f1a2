"""Every date a user types anywhere is bounded to a sensible range (issue 12: a complaint received
on 0001-01-01 was accepted and broke the complaints pages; issue 14: a signal of 0001-01-01 broke
the dashboard)."""

import importlib
import inspect
import pkgutil

from django import forms

import vik
from vik.core.forms import BoundedDateField, BoundedDateTimeField

# Forms with their own, documented bounds (the dashboard's period: 2000-01-01 to a year ahead,
# refused with a Dutch message in dashboard.forms and proven by tests/dashboard/test_fuzz.py).
OWN_BOUNDS = {"vik.dashboard.forms.FilterForm"}


def _form_classes():
    for module_info in pkgutil.iter_modules(vik.__path__):
        try:
            module = importlib.import_module(f"vik.{module_info.name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_every_date_field_of_every_form_is_bounded():
    unbounded = []
    for cls in _form_classes():
        name = f"{cls.__module__}.{cls.__name__}"
        for field_name, field in cls.base_fields.items():
            if isinstance(field, forms.DateTimeField) and not isinstance(field, BoundedDateTimeField):
                unbounded.append(f"{name}.{field_name}")
            elif (isinstance(field, forms.DateField) and not isinstance(field, BoundedDateField)
                  and name not in OWN_BOUNDS):
                unbounded.append(f"{name}.{field_name}")
    assert unbounded == []
