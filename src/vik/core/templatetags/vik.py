from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """`{{ forms|get:"hearing" }}`: look up a key in a dict."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def moment(value):
    """`{{ event.ts|moment }}`: a moment kept as ISO text (JSON evidence, timelines) shown like every
    other moment, dd-mm-jjjj HH:MM in Amsterdam time. Text that is no moment is shown as it is."""
    import datetime as dt

    from django.utils import formats, timezone

    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, dt.datetime):
        return value
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATETIME_FORMAT")
