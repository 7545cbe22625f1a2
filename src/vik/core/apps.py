from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "vik.core"
    label = "core"
    verbose_name = _("Kern")

    def ready(self) -> None:
        from django.db.models import fields

        # Django 6.1 shows "- Select an option -" (untranslated in nl) as the empty choice of
        # every dropdown; Django documents overriding it here.
        fields.BLANK_CHOICE_LABEL = _("— kies —")
        _clean_text_fields()


def _clean_text_fields() -> None:
    """Every text field of every form (and so every model form) cleans what was typed with
    `text.clean_input` where Django's `strip` only removes whitespace: a value of invisible
    characters is empty, direction controls are gone. One place for the whole product: the
    testers found the kind in form after form (grounds, activity titles, comments)."""
    from django import forms

    from vik.core.text import clean_input

    if getattr(forms.CharField.to_python, "vik_clean", False):
        return
    to_python = forms.CharField.to_python

    def cleaned(self, value):
        value = to_python(self, value)
        if self.strip and isinstance(value, str) and value:
            value = clean_input(value)
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
