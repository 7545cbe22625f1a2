"""A Dutch stemmer and tokeniser in plain Python, for full-text search without PostgreSQL.

It follows the Snowball algorithm for Dutch, the same one PostgreSQL's 'dutch' text-search
configuration uses, so "geschenken", "geschenk" and "Geschenken" reduce to the same stem on both
databases. No Django here: the functions are pure and cheap to test.
"""

import re
import unicodedata

_VOWELS = frozenset("aeiouyè")
_WORD = re.compile(r"[a-zà-ÿ0-9]+")

# Words too common to narrow a search; the query drops them (a document keeps them, harmlessly).
STOPWORDS = frozenset(
    """aan al alle als bij dan dat de deze die dit door een en er het hij hoe ik in is je jij
    kan met mag maar me mijn moet na naar niet nog of om op over te tot u uit van voor wat
    wel wij worden wordt ze zich zijn zo""".split()
)


def _strip_accents(word: str) -> str:
    # Snowball keeps è as a vowel; every other diacritic is removed (ë -> e, ï -> i, ...).
    out = []
    for char in word:
        if char == "è":
            out.append(char)
            continue
        decomposed = unicodedata.normalize("NFD", char)
        out.append(decomposed[0])
    return "".join(out)


def _is_vowel(char: str) -> bool:
    return char in _VOWELS


def _mark_consonant_i_y(word: str) -> str:
    """Initial y, y after a vowel, and i between vowels act as consonants: mark them upper case."""
    chars = list(word)
    if chars and chars[0] == "y":
        chars[0] = "Y"
    for i in range(1, len(chars)):
        if chars[i] == "y" and _is_vowel(chars[i - 1]):
            chars[i] = "Y"
        elif (chars[i] == "i" and _is_vowel(chars[i - 1]) and i + 1 < len(chars)
              and _is_vowel(chars[i + 1])):
            chars[i] = "I"
    return "".join(chars)


def _region_after(word: str, start: int) -> int:
    """Index after the first non-vowel that follows a vowel, searching from `start`."""
    for i in range(max(start, 1), len(word)):
        if not _is_vowel(word[i]) and _is_vowel(word[i - 1]):
            return i + 1
    return len(word)


def _undouble(word: str) -> str:
    if word.endswith(("kk", "dd", "tt")):
        return word[:-1]
    return word


def _valid_en_ending(word: str) -> bool:
    # `word` is the part before the suffix "en"/"ene".
    return bool(word) and not _is_vowel(word[-1]) and not word.endswith("gem")


def _valid_s_ending(word: str) -> bool:
    return bool(word) and not _is_vowel(word[-1]) and word[-1] != "j"


def stem(word: str) -> str:
    """The Snowball stem of one lower-case Dutch word."""
    word = _strip_accents(word.lower())
    if len(word) <= 2:
        return word
    word = _mark_consonant_i_y(word)
    r1 = max(_region_after(word, 0), 3)
    r2 = _region_after(word, r1)

    # Step 1: plural and inflection endings.
    if word.endswith("heden"):
        if len(word) - 5 >= r1:
            word = word[:-5] + "heid"
    elif word.endswith(("ene", "en")):
        suffix = "ene" if word.endswith("ene") else "en"
        base = word[: -len(suffix)]
        if len(base) >= r1 and _valid_en_ending(base):
            word = _undouble(base)
    elif word.endswith(("se", "s")):
        suffix = "se" if word.endswith("se") else "s"
        base = word[: -len(suffix)]
        if len(base) >= r1 and _valid_s_ending(base):
            word = base

    # Step 2: a final e.
    e_found = False
    if word.endswith("e") and len(word) - 1 >= r1 and len(word) >= 2 and not _is_vowel(word[-2]):
        word = _undouble(word[:-1])
        e_found = True

    # Step 3a: heid.
    if word.endswith("heid") and len(word) - 4 >= r2 and not word[:-4].endswith("c"):
        word = word[:-4]
        if word.endswith("en") and len(word) - 2 >= r1 and _valid_en_ending(word[:-2]):
            word = _undouble(word[:-2])

    # Step 3b: derivational suffixes.
    if word.endswith(("end", "ing")):
        if len(word) - 3 >= r2:
            word = word[:-3]
            if word.endswith("ig") and len(word) - 2 >= r2 and not word[:-2].endswith("e"):
                word = word[:-2]
            else:
                word = _undouble(word)
    elif word.endswith("ig"):
        if len(word) - 2 >= r2 and not word[:-2].endswith("e"):
            word = word[:-2]
    elif word.endswith("lijk"):
        if len(word) - 4 >= r2:
            word = word[:-4]
            if word.endswith("e") and len(word) - 1 >= r1 and len(word) >= 2 and not _is_vowel(word[-2]):
                word = _undouble(word[:-1])
    elif word.endswith("baar"):
        if len(word) - 4 >= r2:
            word = word[:-4]
    elif word.endswith("bar"):
        if len(word) - 3 >= r2 and e_found:
            word = word[:-3]

    # Step 4: undouble a vowel in a final consonant-vowel-vowel-consonant group (maan -> man).
    if len(word) >= 4:
        c, v1, v2, d = word[-4], word[-3], word[-2], word[-1]
        if (not _is_vowel(c) and v1 == v2 and v1 in "aeou" and not _is_vowel(d) and d != "I"):
            word = word[:-2] + d

    return word.replace("I", "i").replace("Y", "y")


def tokens(text: str) -> list[str]:
    """Lower-case words of a text, in order."""
    return _WORD.findall((text or "").lower())


def stems(text: str, *, drop_stopwords: bool = False) -> list[str]:
    words = tokens(text)
    if drop_stopwords:
        words = [w for w in words if w not in STOPWORDS]
    return [stem(w) for w in words]


def index_text(*parts: str) -> str:
    """The stored search text of a document: its distinct stems, space-separated and padded with
    spaces so that a query can match the start of a stem with `contains(" " + stem)`."""
    seen = dict.fromkeys(s for part in parts for s in stems(part))
    return " " + " ".join(seen) + " "
