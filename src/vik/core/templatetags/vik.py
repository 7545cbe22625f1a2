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


@register.filter
def text_limit(field):
    """`{{ field|text_limit }}`: the length limit shown beside a text field (`core.forms.text_limit`)."""
    from vik.core.forms import text_limit as limit_of

    return limit_of(field)


@register.filter
def described_by(field):
    """`{{ field|described_by }}`: the ids of what `core/field.html` shows to describe the field's
    control: Django's (its help text and errors, or the widget's own) and its length limit."""
    from vik.core.forms import text_limit as limit_of

    ids = [field.field.widget.attrs.get("aria-describedby") or field.aria_describedby]
    if field.auto_id and limit_of(field):
        ids.append(f"{field.auto_id}_limit")
    return " ".join(filter(None, ids))


@register.simple_tag
def control(field):
    """`{% control field %}`: the field's control as `{{ field }}` renders it, described by all of
    `described_by` (a radio or checkbox group is described on its fieldset instead)."""
    ids = described_by(field)
    if field.use_fieldset or not ids:
        return str(field)
    return field.as_widget(attrs={"aria-describedby": ids})
