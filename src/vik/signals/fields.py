"""Date fields bounded to a sensible range, for every form of the case work (signals, triage,
investigations, care). A date like 0001-01-01 or 9999-12-31 is a typing error, not a fact: it is
refused with a Dutch message instead of ending in an overflow further down."""

from datetime import date, datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vik.core.forms import DateInput, DateTimeInput

EARLIEST = date(1990, 1, 1)
YEARS_AHEAD = 5


def latest() -> date:
    today = timezone.localdate()
    return today.replace(year=today.year + YEARS_AHEAD, day=min(today.day, 28))


def check_date_range(value: date) -> None:
    if value < EARLIEST or value > latest():
        raise forms.ValidationError(
            _("Kies een datum tussen %(first)s en %(last)s.")
            % {"first": EARLIEST.strftime("%d-%m-%Y"), "last": latest().strftime("%d-%m-%Y")},
            code="date_range",
        )


class BoundedDateField(forms.DateField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DateInput())
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except (OverflowError, ValueError) as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error

    def validate(self, value):
        super().validate(value)
        if value:
            check_date_range(value)


class BoundedDateTimeField(forms.DateTimeField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DateTimeInput())
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except (OverflowError, ValueError) as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error

    def validate(self, value):
        super().validate(value)
        if value:
            check_date_range(timezone.localtime(value).date() if timezone.is_aware(value)
                             else value.date())


def parse_moment(raw: str) -> datetime | None:
    """A `datetime-local` value from a query string, or None when it is not a valid moment in the
    sensible range (for live checks that must never fail on what is being typed)."""
    field = BoundedDateTimeField(required=False)
    try:
        value = field.clean(raw)
    except forms.ValidationError:
        return None
    return value if isinstance(value, datetime) else None


__all__ = ["EARLIEST", "BoundedDateField", "BoundedDateTimeField", "check_date_range",
           "latest", "parse_moment"]
