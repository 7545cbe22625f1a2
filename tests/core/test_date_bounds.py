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


def test_a_date_of_the_past_names_today_as_its_last_day():
    """Issue 12: the message said "between 01-01-1990 and <five years ahead>", and a date in that
    future was then refused with "De datum ligt in de toekomst". Message and rule now agree."""
    import datetime as dt

    from django.utils import timezone

    from vik.confidential.forms import ContactForm
    from vik.investigations.forms import DecisionForm, StepForm
    from vik.signals.forms import SignalForm

    today = timezone.localdate()
    field = BoundedDateField(past=True)
    next_year = (today + dt.timedelta(days=400)).strftime("%d-%m-%Y")
    try:
        field.clean(next_year)
    except forms.ValidationError as error:
        message = error.messages[0]
    assert f"vandaag ({today:%d-%m-%Y})" in message
    assert field.clean(today.strftime("%d-%m-%Y")) == today
    # The forms of facts that have happened use it.
    for form_class, name in ((SignalForm, "received_on"), (StepForm, "on"), (DecisionForm, "decided_on")):
        assert form_class.base_fields[name].past, (form_class, name)
    assert ContactForm().fields["contact_on"].past
    # A planned date keeps the wider range.
    assert not BoundedDateField().past
