"""Date fields of the case work: the bounded fields now live in `vik.core.forms` (every form of
the product uses them); re-exported here for the signals, triage and investigations forms."""

from datetime import datetime

from django import forms

from vik.core.forms import EARLIEST, BoundedDateField, BoundedDateTimeField, check_date_range, latest


def parse_moment(raw: str) -> datetime | None:
    """A date-and-time value from a query string, or None when it is not a valid moment in the
    sensible range (for live checks that must never fail on what is being typed)."""
    field = BoundedDateTimeField(required=False)
    try:
        value = field.clean(raw)
    except forms.ValidationError:
        return None
    return value if isinstance(value, datetime) else None


__all__ = ["EARLIEST", "BoundedDateField", "BoundedDateTimeField", "check_date_range",
           "latest", "parse_moment"]
