"""A forged value for a choice is refused without repeating it (tester finding: "Selecteer een geldige
keuze. <forged> is geen van de beschikbare keuzen." put what an attacker sent into the page).

Every kind of choice field of the product answers "Kies een van de aangeboden mogelijkheden."
(set once in `core.apps`): the fields of every form class of the apps are walked, and a forged value
with markup is posted to a real view."""

import pytest
from django import forms

from tests.form_classes import fields_of
from vik.signals.models import Theme

MESSAGE = "Kies een van de aangeboden mogelijkheden."
FORGED = '<b id="vals">vervalst"</b>'
CHOICE_KINDS = [forms.ChoiceField, forms.TypedChoiceField, forms.MultipleChoiceField,
                forms.TypedMultipleChoiceField, forms.ModelChoiceField, forms.ModelMultipleChoiceField]


def test_the_walk_sees_the_forms_of_several_apps():
    seen = {label.split(".")[1] for label, _field in fields_of(forms.ChoiceField)}
    assert {"signals", "triage", "investigations", "confidential", "vetting", "prevention"} <= seen
    assert len(list(fields_of(forms.ChoiceField))) > 40


@pytest.mark.parametrize("kind", CHOICE_KINDS, ids=lambda kind: kind.__name__)
def test_every_kind_of_choice_field_refuses_without_the_value(kind):
    field = kind(queryset=Theme.objects.none()) if issubclass(kind, forms.ModelChoiceField) else kind(
        choices=[("a", "A")])
    for key in ("invalid_choice", "invalid_pk_value"):
        if key in field.error_messages:
            assert str(field.error_messages[key]) == MESSAGE, (kind, key)


def test_no_choice_field_of_the_product_repeats_what_was_sent():
    for label, field in fields_of(forms.ChoiceField):
        for key, message in field.error_messages.items():
            assert "%(value)s" not in str(message) and "%(pk)s" not in str(message), (label, key)
        if isinstance(field, forms.ModelChoiceField):
            continue  # their querysets are set per request; the messages above are what they say
        forged = [FORGED] if isinstance(field, forms.MultipleChoiceField) else FORGED
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(forged)
        assert "vervalst" not in " ".join(refused.value.messages), label


@pytest.mark.django_db
def test_a_forged_model_choice_is_refused_without_the_value():
    Theme.objects.create(code="forged-test", name="Thema")
    field = forms.ModelMultipleChoiceField(queryset=Theme.objects.all())
    for forged in ([FORGED], ["999999"]):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(forged)
        assert refused.value.messages == [MESSAGE]
    with pytest.raises(forms.ValidationError) as refused:
        forms.ModelChoiceField(queryset=Theme.objects.all()).clean(FORGED)
    assert refused.value.messages == [MESSAGE]


@pytest.mark.django_db
def test_a_forged_choice_posted_to_a_real_form_is_not_in_the_page(client, org):
    """The signal form: a ChoiceField (channel) and two ModelChoiceFields (region, theme)."""
    client.force_login(org.triage)
    response = client.post("/meldingen/nieuw/", {
        "received_on": "01-11-2026", "channel": FORGED, "region": FORGED + "1", "theme": "99999999",
        "description": "Een omschrijving van wat er gebeurde.", "subjects": "",
    })
    page = response.content.decode()
    assert page.count(MESSAGE) == 3, page
    assert "vervalst" not in page and "99999999" not in page
