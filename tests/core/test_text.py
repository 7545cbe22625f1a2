"""`vik.core.text`: invisible characters are no text (tester t15: grounds of twenty zero-width
spaces passed the minimum of twenty characters)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vik.core.text import visible, visible_length

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202e\x00\x07"


@pytest.mark.parametrize("text, seen", [
    ("\u200b" * 20, ""),
    ("gronden\u200b\u200b", "gronden"),
    ("  x \n\n\t y  ", "x y"),
    ("e\u0301\u00e9", "e\u0301\u00e9"),  # a combining accent is visible text (category Mn)
    (None, ""),
])
def test_visible_text(text, seen):
    assert visible(text or "") == seen
    assert visible_length(text) == len(seen)


@given(st.text(), st.text(alphabet=INVISIBLE + " \n\t"))
def test_invisible_characters_and_spacing_never_add_length(text, padding):
    """Adding invisible characters or whitespace anywhere never makes a text longer to a reader."""
    assert visible_length(padding) == 0
    assert visible_length(padding + text + padding) == visible_length(text)
