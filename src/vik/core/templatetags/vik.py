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
def form_errors_id(form):
    """`{{ form|form_errors_id }}`: the id of the list of errors about the whole form
    (`core/form_errors.html`), named like a field's ("id_note_error") after Django's key for them,
    `__all__`: "id___all___error", "id_act-__all___error" with a prefix; "" without ids."""
    from django.forms.forms import NON_FIELD_ERRORS

    auto_id, name = form.auto_id, form.add_prefix(NON_FIELD_ERRORS)
    if not auto_id:
        return ""
    return f"{auto_id % name if '%s' in str(auto_id) else name}_error"


@register.filter
def described_by(field):
    """`{{ field|described_by }}`: the ids of what describes the field's control: Django's (its help
    text and errors, or the widget's own), its length limit (`core/field.html`), and for the first
    field of a form refused as a whole, that refusal (`core/form_errors.html`; tester finding: an
    alert above the fields was not tied to the form)."""
    from vik.core.forms import text_limit as limit_of

    ids = [field.field.widget.attrs.get("aria-describedby") or field.aria_describedby]
    if field.auto_id and limit_of(field):
        ids.append(f"{field.auto_id}_limit")
    form = field.form
    if form.non_field_errors():
        first = next(iter(form.visible_fields()), None)
        if first is not None and first.name == field.name:
            ids.append(form_errors_id(form))
    return " ".join(filter(None, ids))


@register.simple_tag
def control(field):
    """`{% control field %}`: the field's control as `{{ field }}` renders it, described by all of
    `described_by` (a radio or checkbox group is described on its fieldset instead)."""
    ids = described_by(field)
    if field.use_fieldset or not ids:
        return str(field)
    return field.as_widget(attrs={"aria-describedby": ids})


@register.simple_tag
def due(on, done=None):
    """A term's date (dd-mm-jjjj) that says "verlopen" in words when it has passed and is not done,
    not by its colour alone (tester t37: an overdue acknowledgement was only red, WCAG 1.4.1).
    `on`: a date or None ("—"); `done`: anything true when the term was met."""
    from django.utils import timezone
    from django.utils.html import format_html
    from django.utils.translation import gettext

    if not on:
        return "—"
    text = on.strftime("%d-%m-%Y")
    if not done and on < timezone.localdate():
        return format_html('<span class="overdue">{} ({})</span>', text, gettext("verlopen"))
    return text


@register.filter
def conflict(field):
    """What is stored now for `field` when someone else saved first (`keep_input_after_conflict`),
    else None."""
    return getattr(field.form, "vik_conflicts", {}).get(field.name)
