"""`vik.core.text`: invisible characters are no text (tester t15: grounds of twenty zero-width
spaces passed the minimum of twenty characters; tester t16: braille blanks, Hangul fillers,
lonely combining accents and a row of dots did)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vik.core.text import visible, visible_length

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202e\x00\x07\u2800\u3164\u115f\u034f\ufe0f"


@pytest.mark.parametrize("text, seen, length", [
    ("\u200b" * 20, "", 0),
    ("\u2800" * 25, "", 0),  # braille blank
    ("\u3164\u115f" * 13, "", 0),  # Hangul fillers
    ("\u0301" * 25, "\u0301" * 25, 0),  # combining accents with no letter
    ("." * 25, "." * 25, 0),  # no letter or digit at all
    ("gronden\u200b\u200b", "gronden", 7),
    ("  x \n\n\t y  ", "x y", 3),
    ("e\u0301\u00e9", "e\u0301\u00e9", 2),  # é written two ways: two letters
    ("Art. 76 BARP!", "Art. 76 BARP!", 13),
    (None, "", 0),
])
def test_visible_text(text, seen, length):
    assert visible(text or "") == seen
    assert visible_length(text) == length


@given(st.text(), st.text(alphabet=INVISIBLE + " \n\t"))
def test_invisible_characters_and_spacing_never_add_length(text, padding):
    """Adding invisible characters or whitespace around a text never makes it longer to a reader."""
    assert visible_length(padding) == 0
    assert visible_length(padding + text + padding) == visible_length(text)


@given(st.text(alphabet=st.characters(categories=["Lu", "Ll", "Nd"]), min_size=1))
def test_letters_and_digits_count_one_each(text):
    assert visible_length(text) == len(text)


def test_every_form_text_field_treats_invisible_input_as_empty_and_drops_direction_controls():
    """Tester t17: an activity titled "\\u200b\\u200b \\u00a0" was saved with a blank heading; a
    comment with U+202E showed reversed. One rule for every Django form field."""
    from django import forms

    class AnyForm(forms.Form):
        title = forms.CharField()
        note = forms.CharField(required=False, widget=forms.Textarea)

    form = AnyForm({"title": "\u200b\u200b \u00a0", "note": "x"})
    assert not form.is_valid() and "title" in form.errors
    form = AnyForm({"title": "\u2060Thema\u200b", "note": "Opmerking \u202eomgekeerd\u202c klaar"})
    assert form.is_valid()
    assert form.cleaned_data == {"title": "Thema", "note": "Opmerking omgekeerd klaar"}
    # Inside the text an invisible joiner stays (it belongs to an emoji such as a family).
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    form = AnyForm({"title": family})
    assert form.is_valid() and form.cleaned_data["title"] == family


def test_a_line_break_counts_once_as_in_the_browser():
    """The browser counts a line break as one character against a textarea's maxlength but sends
    it as two (CR LF): a text it let through at the limit was refused as too long."""
    from django import forms

    field = forms.CharField(max_length=10, widget=forms.Textarea)
    assert field.clean("ab\r\ncd\r\nefgh") == "ab\ncd\nefgh"
    assert field.clean("ab\rcd") == "ab\ncd"


def test_every_api_text_field_cleans_as_the_forms_do():
    """The API (DRF serializers) follows the same rule as the forms: invisible input is blank."""
    from rest_framework import serializers

    class AnySerializer(serializers.Serializer):
        title = serializers.CharField()
        note = serializers.CharField(required=False, allow_blank=True)

    data = AnySerializer(data={"title": "\u200b\u200b \u00a0", "note": "\u200b"})
    assert not data.is_valid() and "title" in data.errors
    data = AnySerializer(data={"title": "\u2060Thema\u200b", "note": "Opmerking \u202eomgekeerd\u202c klaar"})
    assert data.is_valid(), data.errors
    assert data.validated_data == {"title": "Thema", "note": "Opmerking omgekeerd klaar"}


@given(st.text())
def test_cleaning_typed_text_is_stable(text):
    from vik.core.text import clean_input

    once = clean_input(text)
    assert clean_input(once) == once
    assert visible_length(once) == visible_length(text.translate(dict.fromkeys(range(0x202A, 0x202F))))
