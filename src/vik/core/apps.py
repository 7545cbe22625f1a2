from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "vik.core"
    label = "core"
    verbose_name = _("Kern")

    def __init__(self, app_name, app_module):
        super().__init__(app_name, app_module)
        # Before any app is ready: the admin (first of INSTALLED_APPS) imports the admin modules,
        # and with them form classes, in its ready().
        _choice_errors_without_the_value()
        _text_fields_have_a_limit()

    def ready(self) -> None:
        from django.db.models import fields

        # Django 6.1 shows "- Select an option -" (untranslated in nl) as the empty choice of
        # every dropdown; Django documents overriding it here.
        fields.BLANK_CHOICE_LABEL = _("— kies —")
        _clean_text_fields()


def _choice_errors_without_the_value() -> None:
    """Every choice field refuses a value it did not offer with one Dutch sentence that does not
    repeat the value: Django's "Selecteer een geldige keuze. %(value)s is geen beschikbare keuze."
    put whatever was sent (a forged option, markup) into the page (tester finding). Set on the
    classes, so every field made afterwards has it: when the app registry is being filled, before
    any form class exists (`tests/core/test_choice_errors.py` walks the fields of every form)."""
    from django import forms

    message = _("Kies een van de aangeboden mogelijkheden.")
    for kind, keys in ((forms.ChoiceField, ("invalid_choice",)), (forms.MultipleChoiceField, ("invalid_choice",)),
                       (forms.ModelChoiceField, ("invalid_choice",)),
                       (forms.ModelMultipleChoiceField, ("invalid_choice", "invalid_pk_value"))):
        kind.default_error_messages = {**kind.default_error_messages, **dict.fromkeys(keys, message)}
    # The API's choice and relation fields too (DRF: '"x" is not a valid choice.', 'Invalid pk "x"').
    from rest_framework import fields, relations

    for kind, keys in ((fields.ChoiceField, ("invalid_choice",)), (fields.MultipleChoiceField, ("invalid_choice",)),
                       (relations.PrimaryKeyRelatedField, ("does_not_exist", "incorrect_type")),
                       (relations.SlugRelatedField, ("does_not_exist", "invalid"))):
        kind.default_error_messages = {**kind.default_error_messages, **dict.fromkeys(keys, message)}


#: What a text field without its own limit accepts: a text area (a description, grounds, notes) and
#: a one-line input (a name, a reference, a search). Tester finding: 60,000 characters were saved in
#: an evaluation form; a limit is also what `core/field.html` shows and vik.js counts down.
LONG_TEXT_CHARS = 20_000
LINE_TEXT_CHARS = 1_000


def _text_fields_have_a_limit() -> None:
    """Every text field of every form and every API serializer has a length limit: one it declares
    (a model's `CharField`, a form's `max_length=`) or else `LONG_TEXT_CHARS` for a text area and
    the API, `LINE_TEXT_CHARS` for a one-line input. Hidden inputs keep none (they carry what the
    page put there). Set on the classes before any form class exists, as the choice messages are
    (`tests/core/test_text_limits.py` walks every field of every form)."""
    from django import forms
    from django.core import validators
    from django.utils.formats import number_format
    from rest_framework import serializers

    if getattr(forms.CharField.__init__, "vik_limit", False):
        return

    class _Limit(validators.MaxLengthValidator):
        """The refusal counts as the hint beside the field does ("Maximaal 20.000 tekens"), not
        Django's "niet meer dan 20000 tekens (het zijn er nu 25000)" (tester t38)."""

        message = _("Maximaal %(limit_value)s tekens; het zijn er nu %(show_value)s.")

        def __call__(self, value):
            cleaned = self.clean(value)
            limit = self.limit_value() if callable(self.limit_value) else self.limit_value
            if self.compare(cleaned, limit):
                raise validators.ValidationError(self.message, code=self.code, params={
                    "limit_value": number_format(limit, force_grouping=True),
                    "show_value": number_format(cleaned, force_grouping=True), "value": value})

    form_init = forms.CharField.__init__

    def form_field(self, *, max_length=None, **kwargs):
        if max_length is None:
            widget = kwargs.get("widget") or self.widget
            kind = widget if isinstance(widget, type) else type(widget)
            if getattr(kind, "input_type", "") != "hidden":
                max_length = LONG_TEXT_CHARS if issubclass(kind, forms.Textarea) else LINE_TEXT_CHARS
        form_init(self, max_length=max_length, **kwargs)
        self.validators = [_Limit(v.limit_value) if type(v) is validators.MaxLengthValidator else v
                           for v in self.validators]

    form_field.vik_limit = True
    forms.CharField.__init__ = form_field
    api_init = serializers.CharField.__init__

    def api_field(self, **kwargs):
        if kwargs.get("max_length") is None:
            kwargs["max_length"] = LONG_TEXT_CHARS
        api_init(self, **kwargs)

    serializers.CharField.__init__ = api_field


def _clean_text_fields() -> None:
    """Every text field of every form (and so every model form) cleans what was typed with
    `text.clean_input` where Django's `strip` only removes whitespace: a value of invisible
    characters is empty, direction controls are gone. One place for the whole product: the
    testers found the kind in form after form (grounds, activity titles, comments).

    A line break is kept as one character (LF): the browser counts it as one against a textarea's
    `maxlength` but sends it as two (CR LF), so a text it let through at the limit was refused
    as too long."""
    from django import forms

    from vik.core.text import clean_input

    if getattr(forms.CharField.to_python, "vik_clean", False):
        return
    to_python = forms.CharField.to_python

    def cleaned(self, value):
        value = to_python(self, value)
        if self.strip and isinstance(value, str) and value:
            value = clean_input(value.replace("\r\n", "\n").replace("\r", "\n"))
            if value in self.empty_values:
                return self.empty_value
        return value

    cleaned.vik_clean = True
    forms.CharField.to_python = cleaned
    _clean_api_text_fields(clean_input)


def _clean_api_text_fields(clean_input) -> None:
    """The same for every text field of the API (Django REST framework serializers): what the
    forms clean, the API cleans too; a required value of invisible characters is blank."""
    from rest_framework import serializers

    to_internal_value = serializers.CharField.to_internal_value

    def cleaned(self, data):
        value = to_internal_value(self, data)
        if self.trim_whitespace and isinstance(value, str) and value:
            value = clean_input(value)
            if not value and not self.allow_blank:
                self.fail("blank")
        return value

    serializers.CharField.to_internal_value = cleaned
