"""Form helpers shared by all apps."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from vik.core.text import visible


class DateInput(forms.DateInput):
    """A text field for dd-mm-jjjj. A native date picker shows the browser's locale (11/30/2026 in
    an English browser), so the product's one format is typed; ISO yyyy-mm-dd is accepted too."""

    template_name = "core/widgets/date_input.html"
    hint = _("Datum als dd-mm-jjjj, bijvoorbeeld 30-11-2026.")
    placeholder = _("dd-mm-jjjj")

    # A 5,000-character date once got the web server's English 414 page; room beyond dd-mm-jjjj for
    # spaces or an invisible character pasted along (cut off at 10 they made a wrong date: t18).
    max_length = 20

    def __init__(self, attrs=None, **kwargs):
        attrs = {"placeholder": self.placeholder, "inputmode": "numeric", "autocomplete": "off",
                 "size": 11, "maxlength": self.max_length, **(attrs or {})}
        kwargs.setdefault("format", "%d-%m-%Y")
        super().__init__(attrs=attrs, **kwargs)

    def value_from_datadict(self, data, files, name):
        # A date pasted with an invisible character (a zero-width space after it) is still that
        # date, not "Voer een geldige datum in." beside a date that looks right (tester t16).
        value = super().value_from_datadict(data, files, name)
        return visible(value) if isinstance(value, str) else value

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_id = context["widget"]["attrs"].get("id")
        if widget_id:
            hint_id = f"{widget_id}_hint"
            context["widget"]["attrs"]["aria-describedby"] = " ".join(
                filter(None, [context["widget"]["attrs"].get("aria-describedby"), hint_id]))
            context["widget"]["hint_id"] = hint_id
        context["widget"]["hint"] = self.hint
        return context


class DateTimeInput(DateInput, forms.DateTimeInput):
    """A text field for dd-mm-jjjj HH:MM (ISO yyyy-mm-ddTHH:MM accepted too), see DateInput."""

    hint = _("Datum en tijd als dd-mm-jjjj uu:mm, bijvoorbeeld 30-11-2026 14:30.")
    placeholder = _("dd-mm-jjjj uu:mm")

    max_length = 26

    def __init__(self, attrs=None, **kwargs):
        kwargs.setdefault("format", "%d-%m-%Y %H:%M")
        super().__init__(attrs={"size": 17, **(attrs or {})}, **kwargs)


class PersonPickerWidget(forms.TextInput):
    """Choose people by typing a name or personnel number. With JavaScript the field asks `url`
    (htmx) for suggestions (name, unit, function) shown in a native, keyboard-usable <datalist>;
    without it the form resolves what was typed and asks to choose when a name is ambiguous."""

    # Its length limit guards against a pasted text, it is not a text to write: no "Maximaal 2.000
    # tekens" beside a list of names (`text_limit`).
    shows_limit = False

    def __init__(self, url, attrs=None):
        super().__init__(attrs)
        self.url = url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id') or name}-options"
        context["widget"]["attrs"].update({
            "list": list_id, "autocomplete": "off", "hx-get": str(self.url),
            "hx-trigger": "input changed delay:300ms", "hx-target": f"#{list_id}",
        })
        context["list_id"] = list_id
        return context

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        html = self._render(self.template_name, context, renderer)
        return mark_safe(html + format_html('<datalist id="{}"></datalist>', context["list_id"]))


TEXT_INPUT_TYPES = frozenset({"text", "email", "url", "search", "tel"})


def text_limit(bound_field) -> int | None:
    """The length limit `core/field.html` shows beside a field ("Maximaal 4.000 tekens", counted
    down by vik.js), or None: the `max_length` of a textarea or one-line text input, which Django
    also gives the control as `maxlength`. A user who typed 5,000 characters into a field of 4,000
    learnt it only after sending (tester finding)."""
    field = bound_field.field
    widget = field.widget
    max_length = getattr(field, "max_length", None)
    if not max_length or widget.is_hidden or not getattr(widget, "shows_limit", True):
        return None
    if isinstance(widget, forms.Textarea) or getattr(widget, "input_type", None) in TEXT_INPUT_TYPES:
        return max_length
    return None


# Dates bounded to a sensible range, for every form of the product. A date like 0001-01-01 or
# 9999-12-31 is a typing error, not a fact: it is refused with a Dutch message instead of ending in
# an overflow further down (a deadline computed from it, a dashboard refresh).
EARLIEST = date(1990, 1, 1)
YEARS_AHEAD = 5


def latest() -> date:
    today = timezone.localdate()
    return today.replace(year=today.year + YEARS_AHEAD, day=min(today.day, 28))


def check_date_range(value: date, *, past: bool = False, future: bool = False) -> None:
    """`past`: the date of something that has happened (the services refuse a future one), so the
    message names today as the last day instead of a future day that would be refused anyway.
    `future`: a date still to come, such as a deadline (today is allowed): the message names today
    as the first day."""
    if future:
        today = timezone.localdate()
        if value < today or value > latest():
            raise forms.ValidationError(
                _("Kies een datum tussen vandaag (%(first)s) en %(last)s.")
                % {"first": today.strftime("%d-%m-%Y"), "last": latest().strftime("%d-%m-%Y")},
                code="date_range",
            )
        return
    if past:
        today = timezone.localdate()
        if value < EARLIEST or value > today:
            raise forms.ValidationError(
                _("Kies een datum tussen %(first)s en vandaag (%(last)s).")
                % {"first": EARLIEST.strftime("%d-%m-%Y"), "last": today.strftime("%d-%m-%Y")},
                code="date_range",
            )
        return
    if value < EARLIEST or value > latest():
        raise forms.ValidationError(
            _("Kies een datum tussen %(first)s en %(last)s.")
            % {"first": EARLIEST.strftime("%d-%m-%Y"), "last": latest().strftime("%d-%m-%Y")},
            code="date_range",
        )


class _Bounded:
    """An overflowing or impossible value is the field's own "invalid" error, and a value outside
    `EARLIEST` .. `latest()` (.. today with `past=True`, today .. with `future=True`) is refused
    with the range (`check_date_range`)."""

    default_widget: type[forms.Widget]

    def __init__(self, *args, past: bool = False, future: bool = False, **kwargs):
        kwargs.setdefault("widget", self.default_widget())
        self.past, self.future = past, future
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except (OverflowError, ValueError) as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error

    def validate(self, value):
        super().validate(value)
        if value:
            check_date_range(self.day_of(value), past=self.past, future=self.future)

    @staticmethod
    def day_of(value) -> date:
        return value


class BoundedDateField(_Bounded, forms.DateField):
    default_widget = DateInput


class BoundedDateTimeField(_Bounded, forms.DateTimeField):
    """A moment: a date alone is refused with its own message (Django would take it as midnight;
    tester t56 recorded an aanzegging "03-12-2026" that passed without a time)."""

    default_widget = DateTimeInput

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                forms.DateField(input_formats=None).to_python(value.strip())
            except (forms.ValidationError, OverflowError, ValueError):
                pass
            else:
                raise forms.ValidationError(_("Vul ook het tijdstip in, bijvoorbeeld 14:30."), code="no_time")
        return super().to_python(value)

    @staticmethod
    def day_of(value) -> date:
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()

    def validate(self, value):
        """With `past=True` a moment later today is refused too (tester t62 recorded an aanzegging
        at 10:00 at 03:22 the same day, and care for the team opened before the talk)."""
        super().validate(value)
        if value and self.past and value > timezone.now():
            raise forms.ValidationError(
                _("Dit moment ligt nog in de toekomst (het is nu %(now)s): leg vast wat al heeft plaatsgevonden.")
                % {"now": timezone.localtime().strftime("%d-%m-%Y %H:%M")}, code="future_moment")


class VersionForm(forms.Form):
    """Carries the version of the record the user saw, for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


MISSING_STATE = "-"  # a sent form without the token: never equal to a record's token


class StateField(forms.CharField):
    """Carries `core.concurrency.state_token` of the record the user loaded (hidden). A sent form
    whose token is empty (removed or tampered with) is treated as loaded from an unknown version:
    saving it over an existing record is refused as a conflict, like a second tab (tester t20
    emptied the field and overwrote silently). Forms that create a record ignore it."""

    def __init__(self, **kwargs):
        super().__init__(widget=forms.HiddenInput, required=False, max_length=64, **kwargs)

    def clean(self, value):
        return super().clean(value) or MISSING_STATE


def keep_input_after_conflict(form: forms.Form, message: str, token: str, current=None) -> None:
    """Someone else saved first: show why, keep what the user typed, and carry the newest token
    so that saving again replaces the other version knowingly.

    With `current` (the record as stored now, read again from the database) every field whose
    stored value differs from what the user sent shows that value beside it (`form.vik_conflicts`,
    rendered by core/field.html): the other's changes and the user's own, as the version the user
    started from is not kept. So the other's change can be taken over instead of being overwritten
    unseen (tester t35-10: a re-save dropped a colleague's change nobody had seen)."""
    data = form.data.copy()
    data[form.add_prefix("state")] = token
    conflicts = _conflicts(form, current) if current is not None else {}
    form.vik_conflicts = conflicts
    if conflicts:
        message = _("Dit is intussen gewijzigd en opgeslagen, door iemand anders of in een ander tabblad; uw "
                    "wijziging is niet opgeslagen. Bij elk veld waar de opgeslagen versie afwijkt van uw invoer, "
                    "staat hieronder wat nu is opgeslagen: neem over wat u wilt houden. Slaat u opnieuw op, dan "
                    "vervangt uw invoer die versie.")
    form.add_error(None, message)
    form.data = data


def _conflicts(form: forms.Form, current) -> dict[str, str]:
    """{field name: the stored value as shown} for each field of `form` whose stored value in
    `current` differs from what the user sent."""
    from django.core.exceptions import FieldDoesNotExist

    found = {}
    cleaned = getattr(form, "cleaned_data", {})
    for name, field in form.fields.items():
        try:
            model_field = current._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if model_field.many_to_many or field.widget.is_hidden:
            continue
        stored = getattr(current, name)
        sent = cleaned[name] if name in cleaned else field.to_python(form.data.get(form.add_prefix(name)))
        if _comparable(stored) == _comparable(sent):
            continue
        if model_field.choices:
            shown = str(getattr(current, f"get_{name}_display")())
        elif hasattr(stored, "strftime"):
            shown = stored.strftime("%d-%m-%Y")
        elif isinstance(stored, bool):
            shown = _("ja") if stored else _("nee")
        else:
            shown = "" if stored is None else str(stored)
        found[name] = shown or "—"
    return found


def _comparable(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "pk"):
        return str(value.pk)
    return str(value).replace("\r\n", "\n").strip()


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields (or on the form as a whole)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def formset_rows(formset) -> list[dict]:
    """The cleaned rows of an inline formset for a service: each row's data plus `instance` (the
    existing object, or None for a new row) and `delete`."""
    rows = []
    for row_form in formset.forms:
        data = dict(row_form.cleaned_data)
        data["instance"] = row_form.instance if row_form.instance.pk else None
        data["delete"] = data.get("DELETE", False)
        rows.append(data)
    return rows


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


__all__ = ["DateInput", "DateTimeInput", "MultipleFileField", "VersionForm", "apply_errors", "formset_rows", "_",
           "PersonPickerWidget"]


def not_saved_message(form: forms.Form, default: str) -> str:
    """The banner after a refused form: `default` ("... zie de meldingen bij de velden") when a
    field has an error, else the form's own reason (a change in another tab, a rule across
    fields): "see the fields" with no field marked sent the user looking (tester t30)."""
    from django.forms.forms import NON_FIELD_ERRORS
    from django.utils.translation import gettext

    if any(name != NON_FIELD_ERRORS for name in form.errors):
        return default
    reasons = form.non_field_errors()
    if not reasons:
        return default
    return gettext("Niet opgeslagen: %(reason)s") % {"reason": reasons[0]}
