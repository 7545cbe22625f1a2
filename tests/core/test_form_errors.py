"""A refusal about the whole form (a non-field error, shown as an alert above the fields) is tied to
the form for assistive technology (tester finding): the error list has an id and the form's first
control names it in aria-describedby, so a screen reader reads the reason when the cursor is put
there (vik.js focuses the first field of a form with errors)."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import timezone

from vik.core.errors import DomainError
from vik.prevention import services as prevention

REFUSAL = "Dit dossier is intussen gewijzigd"


class _Form(forms.Form):
    kind = forms.ChoiceField(label="Soort", choices=[("a", "A")], widget=forms.RadioSelect)
    note = forms.CharField(label="Toelichting", help_text="Kort.")
    state = forms.CharField(widget=forms.HiddenInput, required=False)


def _control(html: str, name: str) -> str:
    return re.search(rf'<(?:input|textarea|select)\b[^>]*name="{name}"[^>]*>', html).group(0)


def _described(tag: str) -> list[str]:
    found = re.search(r'aria-describedby="([^"]*)"', tag)
    return found.group(1).split() if found else []


def _errors_id(html: str) -> str:
    errors = re.search(r'<ul class="errorlist" role="alert" id="([^"]+)">\s*<li>', html)
    assert errors, "the refusal about the whole form has no id"
    return errors.group(1)


def _assert_all_references_exist(html: str) -> None:
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    refs = {ref for refs in re.findall(r'aria-describedby="([^"]+)"', html) for ref in refs.split()}
    assert refs <= ids, refs - ids


def test_the_first_control_names_the_refusal_about_the_whole_form():
    for prefix in (None, "act"):
        form = _Form({f"{prefix}-{name}" if prefix else name: value for name, value in (("note", "x"), ("kind", "a"))},
                     prefix=prefix)
        assert form.is_valid()
        form.add_error(None, REFUSAL)
        html = render_to_string("core/form_fields.html", {"form": form})
        errors_id = _errors_id(html)
        first = re.search(r'<fieldset class="field"[^>]*>', html).group(0)  # the radio group
        assert errors_id in _described(first)
        assert errors_id not in _described(_control(html, form.add_prefix("note")))
        assert _described(_control(html, form.add_prefix("note"))) == [
            f"id_{form.add_prefix('note')}_helptext", f"id_{form.add_prefix('note')}_limit"]
        _assert_all_references_exist(html)
    assert _errors_id(render_to_string("core/form_fields.html", {"form": form})) == "id_act-__all___error"


def test_no_reference_without_a_refusal():
    html = render_to_string("core/form_fields.html", {"form": _Form({"note": "x", "kind": "a"})})
    assert 'role="alert"' not in html and "__all__" not in html


@pytest.mark.django_db
def test_a_case_act_refused_as_a_whole_names_the_refusal_in_its_first_control(client, org, disciplinary_case):
    case = disciplinary_case
    client.force_login(org.investigator)
    page = client.get(f"/onderzoeken/{case.pk}/?formulier=expected_end").content.decode()
    state = re.search(r'name="state" value="([^"]*)"', page.split('id="action-expected_end"', 1)[1]).group(1)
    ok = {"end_on": (timezone.localdate() + timezone.timedelta(days=60)).isoformat(),
          "reason": "Extra getuigen gehoord", "state": state}
    client.post(f"/onderzoeken/{case.pk}/actie/expected_end/", ok)
    client.post(f"/onderzoeken/{case.pk}/actie/expected_end/", {**ok, "reason": "Ander tabblad"})  # stale
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    form = page.split('id="action-expected_end"', 1)[1].split("</form>", 1)[0]
    assert REFUSAL in form
    assert _errors_id(form) in _described(_control(form, "end_on"))
    _assert_all_references_exist(page)


@pytest.mark.django_db
def test_the_dashboards_filters_name_their_refusal(client, org):
    client.force_login(org.policy)
    page = client.get("/dashboard/instroom/", {"van": "01-03-2026", "tot": "01-02-2026"}).content.decode()
    form = page.split('<form method="get" class="filters card"', 1)[1].split("</form>", 1)[0]
    assert "De begindatum ligt na de einddatum." in form
    assert _errors_id(form) in _described(_control(form, "van"))
    _assert_all_references_exist(page)
    page = client.get("/dashboard/instroom/", {"van": "01-01-1800"}).content.decode()  # a field's error
    assert "Kies een datum" in page
    _assert_all_references_exist(page)


@pytest.mark.django_db
def test_an_evaluation_refused_as_a_whole_names_the_refusal(client, org, monkeypatch):
    activity = prevention.register_activity(org.manager, org.patrol, held_on=timezone.localdate(), title="Training",
                                            format="masterclass", facilitator="VIK preventie", participants=8)

    def refuse(*args, **kwargs):
        raise DomainError("Het aantal deelnemers is bereikt.")

    monkeypatch.setattr(prevention, "submit_evaluation", refuse)
    data = {key: "4" for key in __import__("vik.prevention.evaluation", fromlist=["KEYS"]).KEYS}
    page = client.post(f"/preventie/evaluatie/{activity.code}/", data).content.decode()
    assert "Het aantal deelnemers is bereikt." in page
    first = re.search(r'<fieldset class="yn scale"[^>]*>', page).group(0)
    assert _errors_id(page) in _described(first)
    _assert_all_references_exist(page)


@pytest.mark.django_db
def test_the_triage_decision_names_its_refusal_in_the_first_score_it_shows():
    """The triage form shows the criteria's scores first (triage/_signal_actions.html)."""
    from vik.core.templatetags.vik import described_by, form_errors_id
    from vik.triage.forms import DecisionForm

    form = DecisionForm({})
    form.is_valid()
    form.add_error(None, "Een regel over het hele besluit.")
    first_score = form.score_fields()[0]
    assert form.visible_fields()[0].name == first_score.name
    assert form_errors_id(form) in described_by(first_score).split()
    assert form_errors_id(form) not in described_by(form["route"]).split()
