"""Text fields tell their length limit before sending (tester finding: 5,000 characters typed into a
field of 4,000 were refused only after sending).

Every textarea and one-line text input with a limit, as `core/field.html` renders it, carries
`maxlength` and shows "Maximaal N tekens" tied to the control (aria-describedby), which vik.js
counts down (tests/core/test_text_limits_browser.py); a limit that only a service checked is the
form's too; a refused text comes back. (A line break counts once, as in the browser: test_text.py.)"""

import copy
import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import timezone

from tests.form_classes import fields_of
from vik.core.forms import PersonPickerWidget, text_limit
from vik.investigations import forms as case_forms
from vik.investigations.services import MAX_NOTE_CHARS


def _one_field_form(field: forms.Field, data=None) -> forms.Form:
    return type("OneField", (forms.Form,), {"x": copy.deepcopy(field)})(data)


def _dutch(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _limited_text_fields():
    for label, field in fields_of(forms.CharField):
        widget = field.widget
        if field.max_length and not widget.is_hidden and (
                isinstance(widget, forms.Textarea) or getattr(widget, "input_type", "") in {"text", "email", "url"}):
            yield label, field


def test_every_limited_text_field_shows_its_limit_beside_the_control():
    walked = list(_limited_text_fields())
    assert len(walked) > 50 and sum(isinstance(f.widget, forms.Textarea) for _label, f in walked) > 10
    for label, field in walked:
        html = render_to_string("core/field.html", {"field": _one_field_form(field)["x"]})
        control = re.search(r"<(?:textarea|input)\b[^>]*>", html).group(0)
        assert f'maxlength="{field.max_length}"' in control, label
        if isinstance(field.widget, PersonPickerWidget):
            assert "Maximaal" not in html, label  # a list of names, not a text to write
            continue
        assert "id_x_limit" in re.search(r'aria-describedby="([^"]*)"', control).group(1), label
        hint = re.search(r'<span class="helptext limit" id="id_x_limit"[^>]*>(.*?)</span>', html, re.S)
        assert hint and f"Maximaal {_dutch(field.max_length)} tekens" in hint.group(1), label


def test_the_limit_joins_the_help_text_and_the_errors_that_describe_the_control():
    field = forms.CharField(max_length=4000, widget=forms.Textarea, help_text="Alleen feiten.")
    html = render_to_string("core/field.html", {"field": _one_field_form(field, {"x": "y" * 4001})["x"]})
    described = re.search(r'<textarea[^>]*aria-describedby="([^"]*)"', html).group(1).split()
    assert described == ["id_x_helptext", "id_x_error", "id_x_limit"]
    assert all(f'id="{ref}"' in html for ref in described)
    assert "Maximaal 4.000 tekens" in html and "y" * 4001 in html  # the refused text is kept
    assert 'data-limit="4000"' in html and 'data-limit-for="id_x"' in html  # for the counter


def test_fields_without_a_limit_or_not_typed_show_none():
    unlimited = forms.CharField(widget=forms.Textarea)
    unlimited.max_length = None  # every field is made with one now (below); the template still copes
    assert text_limit(_one_field_form(unlimited)["x"]) is None
    assert text_limit(_one_field_form(forms.CharField(max_length=9, widget=forms.HiddenInput))["x"]) is None
    assert text_limit(_one_field_form(forms.CharField(max_length=9, widget=forms.PasswordInput))["x"]) is None
    assert text_limit(_one_field_form(forms.CharField(max_length=9))["x"]) == 9


def test_the_case_notes_whose_limit_was_the_services_only_carry_it_in_the_form():
    for form_class, name in ((case_forms.StatusUpdateForm, "summary"), (case_forms.ReviewForm, "notes"),
                             (case_forms.ExpectedEndForm, "reason")):
        assert form_class.base_fields[name].max_length == MAX_NOTE_CHARS, (form_class, name)


@pytest.mark.django_db
def test_a_status_update_says_its_limit_and_keeps_a_text_that_is_too_long(client, org, disciplinary_case):
    from tests.case_steps import told

    case = disciplinary_case
    told(org, case)  # status updates to the betrokkene begin at the aanzegging
    client.force_login(org.investigator)
    page = client.get(f"/onderzoeken/{case.pk}/?formulier=update").content.decode()
    form = page.split('id="action-update"', 1)[1].split("</form>", 1)[0]
    assert 'maxlength="4000"' in form and "Maximaal 4.000 tekens" in form
    too_long = "Gebeld over de voortgang. " + "x" * MAX_NOTE_CHARS
    response = client.post(f"/onderzoeken/{case.pk}/actie/update/", {
        "given_on": timezone.localdate().strftime("%d-%m-%Y"), "channel": "phone", "summary": too_long},
        follow=True)
    page = response.content.decode()
    assert too_long in page, "the refused text is not kept"
    assert f"het zijn er nu {_dutch(len(too_long))}." in page
    assert not case.status_updates.exists()


def test_every_text_field_a_user_types_into_has_a_limit():
    """Tester finding (t36): 60,000 characters were saved in a complaint's evaluation form, the
    anonymous report, the register's notes: text areas made from a model's TextField had no limit.
    Every visible text field of every form has one now, its own or the product's default."""
    from vik.core.apps import LINE_TEXT_CHARS, LONG_TEXT_CHARS

    unlimited = [label for label, field in fields_of(forms.CharField)
                 if not field.max_length and not field.widget.is_hidden]
    assert unlimited == []
    defaults = {label: field.max_length for label, field in fields_of(forms.CharField)}
    assert defaults["vik.confidential.forms.EvaluationForm.findings"] == LONG_TEXT_CHARS
    assert defaults["vik.confidential.forms.AnonymousReportForm.description"] == LONG_TEXT_CHARS
    assert defaults["vik.investigations.forms.CaseFilterForm.q"] == LINE_TEXT_CHARS
    assert defaults["vik.investigations.forms.ZienswijzeForm.text"] == 20000  # its own limit stays


def test_a_text_field_with_its_own_limit_or_hidden_keeps_it():
    assert forms.CharField(max_length=12, widget=forms.Textarea).max_length == 12
    assert forms.CharField(widget=forms.HiddenInput).max_length is None
    assert forms.CharField(widget=forms.HiddenInput()).max_length is None


def test_every_api_text_field_has_a_limit():
    """What the forms refuse, the API refuses too (a TextField became an unlimited serializer field)."""
    from rest_framework import serializers

    from tests.form_classes import serializer_classes

    found = serializer_classes()
    assert found
    walked = 0
    for cls in found:
        for name, field in cls().fields.items():
            if isinstance(field, serializers.CharField) and not field.read_only:
                walked += 1
                assert field.max_length, f"{cls.__name__}.{name}"
    assert walked > 3


@pytest.mark.django_db
def test_a_complaint_evaluation_of_60000_characters_is_refused_and_kept(client):
    from vik.confidential.forms import EvaluationForm

    form = EvaluationForm(data={"findings": "x" * 60_000})
    assert not form.is_valid()
    assert "Maximaal 20.000 tekens; het zijn er nu 60.000." in str(form.errors["findings"])
    assert form["findings"].value() == "x" * 60_000  # what was typed comes back
