"""What counts as text a person wrote: the measure behind every "at least N characters" rule.

Python's `str.strip` and `str.split` know whitespace only: a field filled with zero-width spaces
(U+200B), word joiners (U+2060), byte-order marks (U+FEFF) or soft hyphens looks empty on the page
but passed every minimum (tester t15 gave grounds for a punishment of twenty invisible
characters). Such characters are Unicode's format (Cf) and control (Cc) categories; they carry no
content a reader can see, so they are not counted, and runs of whitespace count as one space
("x", 25 spaces and "y" are three characters)."""

import unicodedata

_INVISIBLE = {"Cf", "Cc"}


def visible(text: str) -> str:
    """`text` as a reader sees it: without format and control characters (except that line breaks
    and tabs separate words), whitespace runs collapsed to one space, no space at either end."""
    kept = "".join(" " if ch in "\n\r\t" else ch for ch in text
                   if ch in "\n\r\t" or unicodedata.category(ch) not in _INVISIBLE)
    return " ".join(kept.split())


def visible_length(text: str | None) -> int:
    """The number of characters of `text` a reader sees (see `visible`); 0 for None."""
    return len(visible(text or ""))
