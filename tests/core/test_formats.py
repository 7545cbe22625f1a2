"""One time zone and one format: every date is shown as dd-mm-jjjj and every moment as
dd-mm-jjjj HH:MM in Amsterdam time, in both languages; date fields take what is shown (and ISO)."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from vik.core.forms import DateInput, DateTimeInput

UTC = dt.UTC
SRC = Path(__file__).resolve().parents[2] / "src" / "vik"


def render(source: str, **context) -> str:
    return Template(source).render(Context(context)).strip()


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(("moment", "shown"), [
    (dt.datetime(2026, 7, 1, 10, 0, tzinfo=UTC), "01-07-2026 12:00"),    # summer: UTC+2
    (dt.datetime(2026, 1, 15, 10, 0, tzinfo=UTC), "15-01-2026 11:00"),   # winter: UTC+1
    (dt.datetime(2026, 3, 29, 23, 30, tzinfo=UTC), "30-03-2026 01:30"),  # after the night of DST
])
def test_a_utc_moment_is_shown_in_amsterdam_time_as_dd_mm_jjjj(language, moment, shown):
    with translation.override(language):
        assert render("{{ m }}", m=moment) == shown
        assert render("{{ m|date }}", m=moment) == shown.split()[0]
        assert render('{{ m|date:"DATETIME_FORMAT" }}', m=moment) == shown
        assert render('{{ m|date:"SHORT_DATETIME_FORMAT" }}', m=moment) == shown


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_date_is_shown_as_dd_mm_jjjj(language):
    with translation.override(language):
        assert render("{{ d }}", d=dt.date(2026, 11, 3)) == "03-11-2026"
        assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=dt.date(2026, 11, 3)) == "03-11-2026"


class DatesForm(forms.Form):
    day = forms.DateField(widget=DateInput())
    moment = forms.DateTimeField(widget=DateTimeInput())


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(("day", "moment"), [
    ("30-11-2026", "30-11-2026 14:30"),
    ("2026-11-30", "2026-11-30T14:30"),
    ("30/11/2026", "2026-11-30 14:30"),
])
def test_date_fields_accept_dd_mm_jjjj_and_iso(language, day, moment):
    with translation.override(language):
        form = DatesForm({"day": day, "moment": moment})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2026, 11, 30)
    assert form.cleaned_data["moment"].astimezone(UTC) == dt.datetime(2026, 11, 30, 13, 30, tzinfo=UTC)


@pytest.mark.parametrize(("day", "moment"), [("30-02-2027", "30-02-2027 10:00"),
                                             ("2027-02-30", "2027-02-30T10:00"),
                                             ("11/30/2026", "31-11-2026 25:00")])
def test_an_impossible_date_gives_a_dutch_error(day, moment):
    with translation.override("nl"):
        form = DatesForm({"day": day, "moment": moment})
        assert not form.is_valid()
        assert form.errors["day"] == ["Voer een geldige datum in."]
        assert form.errors["moment"] == ["Voer een geldige datum/tijd in."]


def test_the_widgets_are_text_fields_in_dd_mm_jjjj_with_a_hint():
    with translation.override("nl"):
        html = str(DatesForm(initial={"day": dt.date(2026, 11, 3),
                                      "moment": dt.datetime(2026, 11, 3, 9, 5)}))
    day = re.search(r"<input[^>]*name=\"day\"[^>]*>", html).group(0)
    moment = re.search(r"<input[^>]*name=\"moment\"[^>]*>", html).group(0)
    for tag in (day, moment):
        assert 'type="text"' in tag
        assert 'inputmode="numeric"' in tag
    assert 'value="03-11-2026"' in day and 'placeholder="dd-mm-jjjj"' in day
    assert 'value="03-11-2026 09:05"' in moment and 'placeholder="dd-mm-jjjj uu:mm"' in moment
    assert 'aria-describedby="id_day_hint"' in day
    assert 'id="id_day_hint"' in html and "30-11-2026" in html


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_what_a_date_widget_shows_is_read_back_as_the_same_date(day):
    shown = DateInput().format_value(day)
    assert re.fullmatch(r"\d\d-\d\d-\d{4}", shown)
    form = DatesForm({"day": shown, "moment": "01-01-2027 10:00"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == day


@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9999, 12, 30)))
def test_what_a_datetime_widget_shows_is_read_back_to_the_minute(moment):
    moment = moment.replace(second=0, microsecond=0)
    shown = DateTimeInput().format_value(moment)
    form = DatesForm({"day": "01-01-2027", "moment": shown})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["moment"].replace(tzinfo=None) == moment


@pytest.mark.django_db
def test_dropdowns_have_a_dutch_empty_choice():
    from vik.signals.forms import SignalForm

    with translation.override("nl"):
        html = str(SignalForm())
    assert "Select an option" not in html
    assert "— kies —" in html
    with translation.override("en"):
        assert "— choose —" in str(SignalForm())


ALLOWED_TEMPLATE_FORMATS = {"d-m-Y", "d-m-Y H:i", "d-m-Y H:i:s", "c", "H:i", "DATE_FORMAT", "DATETIME_FORMAT",
                            "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT", "TIME_FORMAT", "Y",
                            "YEAR_MONTH_FORMAT"}  # a month alone (anonymised learning points)


def test_templates_use_only_the_central_date_formats():
    found = {}
    for path in SRC.rglob("*.html"):
        for fmt in re.findall(r"\|date:\"([^\"]*)\"", path.read_text()):
            if fmt not in ALLOWED_TEMPLATE_FORMATS:
                found.setdefault(str(path.relative_to(SRC)), []).append(fmt)
    assert found == {}


def test_python_formats_dates_for_people_only_as_dd_mm_jjjj():
    found = []
    for path in SRC.rglob("*.py"):
        for fmt in re.findall(r"strftime\(\"([^\"]*)\"\)", path.read_text()):
            if fmt not in {"%d-%m-%Y", "%d-%m-%Y %H:%M"}:
                found.append((str(path.relative_to(SRC)), fmt))
    assert found == []



def test_a_date_with_an_invisible_character_is_that_date_and_the_field_has_a_length():
    """Tester t16: "30-11-2026" followed by a zero-width space was "not a valid date"; a date field
    took 5,000 characters (the web server then answered in English with 414)."""
    form = DatesForm({"day": "30-11-2026\u200b", "moment": "\ufeff30-11-2026 14:30"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2026, 11, 30)
    html = str(form["day"]) + str(form["moment"])
    assert 'maxlength="20"' in html and 'maxlength="26"' in html
