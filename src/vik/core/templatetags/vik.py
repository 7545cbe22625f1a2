from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """`{{ forms|get:"hearing" }}`: look up a key in a dict."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def count_of(value):
    """The number that chooses singular or plural for `blocktranslate count`: a count itself, or
    2 for a suppressed count shown as "<5" ("<5 meldingen")."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 2


@register.filter
def epoch_time(value):
    """`{{ seconds|epoch_time }}`: a moment given as seconds since the epoch (as kept in the
    session), as the local time of day ("14:05"); "" for anything else."""
    from datetime import UTC, datetime

    from django.utils import timezone
    from django.utils.formats import time_format

    if not isinstance(value, int | float) or isinstance(value, bool):
        return ""
    try:
        moment = datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return ""
    return time_format(timezone.localtime(moment))
