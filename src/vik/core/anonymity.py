"""Is a text that the product shares or shows without names free of what leads to a person?

One check for every text written to be read without names: learning points (shared with the
whole force), the "leerpunten" of a decision, the note that closes a repeat signal (a page made
never to show who it is about), a team's anonymous climate comment. Tester findings: an e-mail
address, a mobile number, "Brigadier Jan de Vries" (a name not in the staff list), a case
reference written with a space ("D2026 000151") and a declaration's "MP-00150" all went through.

`identifying_details(text)` returns one Dutch message per kind found, naming what to remove (an
empty list when the text holds none). It finds: full names of employees (first name and surname,
from the staff register), a rank or form of address followed by a capitalised name, e-mail
addresses (also spelled out: "apenstaartje", "[at]"), telephone numbers (also in words), licence
plates (also with spaces or written together), six-character postcodes, references of any
register of the product, personnel numbers, a number written after "personeelsnummer"/"pnr"/"nr",
a number that is an employee's personnel number, and dates finer than the month. `extra_names`
adds names known to the caller (the people of a case, their surnames alone included).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

# Every pattern is linear in the text's length (20,000 characters in a text area): a name part
# starts only where a word starts, and a look-ahead reads no further than the pattern can be long
# (an unanchored "[\w.+-]+@" took 4 s on 20,000 letters without an "@"; benchmarks/anonymity.py).

# References of the product's registers: signals and cases (M2026-000012, D2026-000003, also
# written "D2026 000151", "d2025/000068", "D 2025 - 000068", "2025-000068"), complaints
# (KL2026-0114), reports (VM2026-K7QX2M), repeat signals (ST2026-G9V6QU), declarations (MP-00150).
REFERENCE = re.compile(
    r"\b(?:[A-Z]{1,3}|(?-i:[A-Z]{1,2})\s)\d{4}(?:\s*[-/]\s*[A-Z0-9]{4,}|\s?(?=[A-Z]*\d)[A-Z0-9]{4,})\b"
    r"|\b(?:19|20)\d{2}[-/]\d{5,6}\b"
    r"|\b[A-Z]{1,3}-\d{3,}\b(?!-[A-Z0-9])", re.IGNORECASE)
# Dutch licence plates (sidecodes such as AB-12-34, 12-ABC-3, AB-123-C): six letters and digits in
# three groups, with dashes (with spaces, "000 of 1" in "€ 125.000 of 1.250" would be one); a
# plate leads to its keeper.
PLATE = re.compile(r"\b(?=[A-Z0-9-]{0,8}[A-Z])(?=[A-Z0-9-]{0,8}\d)[A-Z0-9]{1,3}-[A-Z0-9]{1,3}-[A-Z0-9]{1,3}\b",
                   re.IGNORECASE)
# Written with spaces ("AB 12 34", "12 ABC 3"): only with capitals, each group letters or digits,
# so that "A 12 keer" or an amount does not count.
SPACED_PLATE = re.compile(r"(?<![\w-])(?=[A-Z\d ]{0,10}[A-Z])(?=[A-Z\d ]{0,10}\d)"
                          r"(?:[A-Z]{1,3}|\d{1,3})(?: (?:[A-Z]{1,3}|\d{1,3})){2}(?![\w-])")
# In lower case only the commonest sidecodes, three pairs ("ab 12 34", "12 ab 34"; tester t42).
SPACED_PAIRS_PLATE = re.compile(r"(?<![\w-])(?=[a-z\d ]{0,7}[a-z])(?=[a-z\d ]{0,7}\d)"
                                r"(?:[a-z]{2}|\d{2})(?: (?:[a-z]{2}|\d{2})){2}(?![\w-])", re.IGNORECASE)
# Written together ("AB1234", "12ABC3"; tester t42): the sidecodes of the RDW. In capitals all of them
# but four digits and two letters (a postcode's shape, below); in lower case too ("ab1234", tester
# t43) except those with four letters in a row ("test12", "week52", "jaar26" are words).
COMPACT_PLATE = re.compile(
    r"(?<![\w-])(?:(?i:[A-Z]{2}\d{4}|\d{2}[A-Z]{2}\d{2}|[A-Z]{2}\d{2}[A-Z]{2}|\d{2}[A-Z]{3}\d|\d[A-Z]{3}\d{2}"
    r"|[A-Z]{2}\d{3}[A-Z]|[A-Z]\d{3}[A-Z]{2}|[A-Z]{3}\d{2}[A-Z]|[A-Z]\d{2}[A-Z]{3}|\d[A-Z]{2}\d{3}|\d{3}[A-Z]{2}\d)"
    r"|[A-Z]{4}\d{2}|\d{2}[A-Z]{4})(?![\w-])")
# A full postcode ("1234 AB", "1234AB", "1234 ab") is a street of some twenty households: it leads
# to a person as a plate does. The four digits never start with 0 and the letters are never SA, SD
# or SS; in lower case, letters that make a word or a unit ("2026 en", "1000km", "1500 kg") are no
# postcode.
POSTCODE = re.compile(r"(?<![\w-])[1-9]\d{3} ?(?!(?i:sa|sd|ss)\b)[A-Za-z]{2}(?![\w-])")
_NOT_POSTCODE = frozenset({
    "en", "in", "is", "de", "op", "te", "om", "al", "of", "ik", "we", "ze", "je", "na", "nu", "zo", "er",
    "af", "ja", "bv", "ca", "km", "kg", "cm", "mm", "ml", "mg", "gr", "uu", "mb", "gb", "kb", "pk", "kw",
    "ha", "st", "nr", "jr", "mr", "dr", "an", "at", "be", "by", "do", "go", "he", "if", "it", "me", "my",
    "no", "on", "or", "so", "to", "up", "us", "eu", "vs", "pm", "am", "hr", "ct", "pp",
})


def postcodes_in(text: str) -> list[str]:
    """Six-character postcodes in `text` as written (capitals always; lower case unless the letters
    are a word or a unit)."""
    found = []
    for match in POSTCODE.finditer(text):
        letters = match.group(0)[-2:]
        if letters.isupper() or letters.lower() not in _NOT_POSTCODE:
            found.append(match.group(0))
    return found


PERSONNEL_NUMBER = re.compile(r"\b[A-Z]\d{6,}\b", re.IGNORECASE)  # looks like one: refused
NAMED_NUMBER = re.compile(
    r"\b(?:personeelsnummer|personeelsnr|pers\.?\s?nr|pnr|nummer|nr)\.?:?\s*([A-Z]{0,2}\s?\d[\d ]{2,}\d)\b",
    re.IGNORECASE)
# Refused only when it is someone's personnel number: 123456, also written 123 456 or 12 34 56.
BARE_NUMBER = re.compile(r"\b\d{2,3}(?: \d{2,3}){1,2}\b|\b\d{5,}\b")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Spelled out to pass a filter: "jan.devries apenstaartje politie punt nl", "jdv [at] gmail [dot] com".
_AT = r"(?:\s*[\[({]\s*at\s*[\])}]\s*|\s+(?:apenstaartje|at)\s+)"
_DOT = r"(?:\s*\.\s*|\s*[\[({]\s*(?:dot|punt)\s*[\])}]\s*|\s+(?:dot|punt)\s+)"
SPELLED_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+" + _AT + r"[\w-]+(?:" + _DOT + r"[\w-]+)*" + _DOT
                           + r"(?:nl|com|org|net|eu|be|de|nu|info|gov|uk)\b", re.IGNORECASE)
# Dutch numbers as people write them: 06-12345678, 0612345678, 06 1234 5678, 020-1234567,
# +31 6 12345678, 0031 20 123 4567.
PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)31[\s-]?(?:\(0\))?[\s-]?|0)[1-9](?: ?-? ?\d){8}(?!\d)")
# A number spelled out, wholly or in part ("nul zes een twee drie vier vijf zes zeven acht", "nul zes
# twaalf vierendertig zesenvijftig achtenzeventig", "plus drie een zes ..."; testers t42, t43): runs
# of number words and digit groups; it is a telephone number when it holds a word and its digits make
# one (ten starting with 0, or 31 and nine more after "plus" / "00").
_UNIT_WORDS = {"nul": 0, "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
               "acht": 8, "negen": 9}
_TEEN_WORDS = {"tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15, "zestien": 16,
               "zeventien": 17, "achttien": 18, "negentien": 19}
_TEN_WORDS = {"twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70,
              "tachtig": 80, "negentig": 90}
_COMPOUND = re.compile(r"(een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)(?:en|ën)(" + "|".join(_TEN_WORDS) + ")")
_NUMBER_WORD = ("(?:nul|tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien"
                "|(?:(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)(?:en|ën))?"
                "(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)"
                "|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)")
_NUMBER_TOKEN = "(?:" + _NUMBER_WORD + r"|\d{1,10})"
# A run of at least two number tokens, after an optional "plus" or "+"; the separators are no part
# of a token, so the run is found in one pass.
NUMBER_RUN = re.compile(r"(?<![\w+])(?:(?:\+|plus)\s{0,2})?" + _NUMBER_TOKEN + r"(?:[\s,.\-/()]{1,3}" + _NUMBER_TOKEN
                        + r")+(?![\w-])", re.IGNORECASE)
_TOKENS = re.compile(r"\+|[^\W\d_]+|\d+")
_LETTER = re.compile(r"[^\W\d_]")
_WORDS = re.compile(r"[^\W\d_]+")
# A letter beside a digit: without one, no plate is written together (a cheap test first).
_MIXED = re.compile(r"[^\W\d_]\d|\d[^\W\d_]")


def _number_word(word: str) -> str:
    """The digits a Dutch number word up to 99 stands for ("zes" → "6", "vierendertig" → "34")."""
    word = word.lower()
    for table in (_UNIT_WORDS, _TEEN_WORDS, _TEN_WORDS):
        if word in table:
            return str(table[word])
    compound = _COMPOUND.fullmatch(word)
    return str(_UNIT_WORDS[compound.group(1)] + _TEN_WORDS[compound.group(2)]) if compound else ""


def spelled_phone_numbers(text: str) -> list[str]:
    """Telephone numbers written (partly) in words in `text`, as written there."""
    found: list[str] = []
    if not any(_number_word(word) for word in set(_WORDS.findall(text.lower()))):
        return found  # no number word: PHONE reads numbers in digits
    for match in NUMBER_RUN.finditer(text):
        if _LETTER.search(match.group(0)) is None:
            continue  # digits only: PHONE reads those
        tokens = _TOKENS.findall(match.group(0))
        plus = tokens[0] in ("+", "plus", "Plus", "PLUS")
        numbers = tokens[1:] if plus else tokens
        if all(token.isdigit() for token in numbers):
            continue  # PHONE reads numbers in digits
        digits = "".join(token if token.isdigit() else _number_word(token) for token in numbers)
        if ((digits.startswith("0") and not digits.startswith("00") and len(digits) == 10)
                or (plus and digits.startswith("31") and len(digits) == 11)
                or (digits.startswith("0031") and len(digits) == 13)):
            found.append(match.group(0))
    return found


MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
          "jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec")
# Dates finer than the month: 14-03-2026, 2026-03-14, 14 maart, 14 mrt, a day and month with a
# slash (14/3, 01/03; not "1/3 van het team" nor "24/7") or with a two-digit month (14-03); "3-4
# weken" is a range, not a date.
EXACT_DATE = re.compile(
    r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b|\b\d{4}-\d{1,2}-\d{1,2}\b"
    r"|\b(?!24/7\b)(?:1[3-9]|2\d|3[01]|0[1-9])/(?:1[0-2]|0?[1-9])\b(?![/\d])"
    r"|\b(?:[12]\d|3[01]|0?[1-9])-(?:0[1-9]|1[0-2])\b(?![-/\d])"
    r"|\b\d{1,2}(?:e|ste|de)?\s+(?:" + MONTHS + r")\b",
    re.IGNORECASE)
# A rank of the Dutch police or a form of address, then a name with a capital (its first name or
# initials and Dutch surname particles optional): "brigadier Jan de Vries", "mevrouw Bakker",
# "dhr. J. van den Berg". Without a capital after it ("de brigadier zei") it is no name, nor with
# a part of the organisation after it ("de Agent van Dienst", "brigadier van de Noodhulp").
_TITLES = ("aspirant|surveillant|agent|hoofdagent|brigadier|inspecteur|hoofdinspecteur|commissaris|"
           "hoofdcommissaris|adjudant|wachtmeester|rechercheur|collega|meneer|mevrouw|de heer")
_ABBREVIATIONS = "mevr|dhr|mw|mr|dr"
_PARTICLE_WORDS = "van|de|der|den|ter|ten|te|het|in|'t|la|le|du|da|op"
_PARTICLES = r"(?:(?i:" + _PARTICLE_WORDS + r")\s+)*(?!(?i:" + _PARTICLE_WORDS + r")\b)"
TITLED_NAME = re.compile(
    r"\b(?:(?i:" + _TITLES + r")\s+|(?i:" + _ABBREVIATIONS + r")\.?\s*)"
    r"(?:(?:[A-Z]\.\s*)+|[A-Z][a-zà-ÿ]+\s+)?" + _PARTICLES + r"[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?(?![\w-])")
ORGANISATION_WORDS = frozenset({
    "dienst", "noodhulp", "basisteam", "recherche", "meldkamer", "wijk", "wijkteam", "team", "eenheid",
    "district", "politie", "korps", "verkeer", "opsporing", "intake", "nacht", "dag", "week", "zeden",
    "jeugd", "milieu", "hondenbrigade", "arrestatieteam", "service", "staf", "leiding", "piket", "regio",
    "landelijke", "nationale", "koninklijke", "marechaussee", "justitie", "integriteit", "bureau",
})


def employee_names_in(text: str) -> list[str]:
    """Names of any employee that occur in `text`, as written there: the full name, an initial with
    the surname ("V. van de Meerman") and a surname of several words on its own ("Van de
    Meerman"). A surname of one word alone or a first name alone is not refused: "Bakker", "de
    Boer" or "Vera" are as often words or other people. Reads the staff register's names once per
    check: these texts are written rarely."""
    from vik.accounts.models import Employee

    words = re.findall(r"\w+", text.lower())
    windows = {" ".join(words[i:i + n]) for n in (2, 3, 4, 5) for i in range(len(words) - n + 1)}
    if not windows:
        return []
    found = set()
    for first, surname in Employee.objects.values_list("first_name", "surname").iterator(chunk_size=5000):
        last = re.findall(r"\w+", surname.lower())
        given = re.findall(r"\w+", first.lower())
        if " ".join(given + last) in windows:
            found.add(f"{first} {surname}")
        elif given and " ".join([given[0][0], *last]) in windows:
            found.add(f"{first[0]}. {surname}")
        elif len(last) > 1 and " ".join(last) in windows and _written_as_name(surname, text):
            found.add(surname)
    return sorted(found)


def _written_as_name(surname: str, text: str) -> bool:
    """Is a surname of several words written as a name in `text`, its last word with a capital
    ("van de Wal", "Van de Wal"), not as words ("viel van de wal", tester t39)?"""
    *particles, last = surname.split()
    pattern = r"\s+".join("(?i:" + re.escape(p) + ")" for p in particles) + r"\s+" + re.escape(last)
    return re.search(r"(?<!\w)" + pattern + r"(?!\w)", text) is not None


def personnel_numbers_in(numbers: set[str]) -> set[str]:
    """Those of the bare `numbers` (spaces allowed: "123 456") that are an employee's personnel
    number, with or without its letters (an amount such as 125000 euro is no reason to refuse a
    text)."""
    from vik.accounts.models import Employee

    digits = {number: number.replace(" ", "") for number in numbers}
    digits = {number: plain for number, plain in digits.items() if len(plain) >= 5}
    if not digits:
        return set()
    pattern = r"^[A-Za-z-]{0,4}(" + "|".join(sorted(set(digits.values()))) + r")$"
    stored = {re.sub(r"^[A-Za-z-]*", "", number)
              for number in Employee.objects.filter(personnel_number__regex=pattern).values_list(
                  "personnel_number", flat=True)}
    return {number for number, plain in digits.items() if plain in stored}


def as_written(text: str, names: Iterable[str]) -> list[str]:
    """The `names` found in `text` as they are written there, parts of one mention joined: "Van
    Beek, Sander" when "Sander" and "van Beek" were found, not "Sander, van Beek" (tester t49: the
    message read as a name turned around). Mentions in the order of the text; a name that is not
    there word for word (an initial the register spells out) is kept as given."""
    spans: list[tuple[int, int]] = []
    missing = []
    for name in names:
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(word) for word in name.split()) + r"(?!\w)"
        found = [(m.start(), m.end()) for m in re.finditer(pattern, text, re.IGNORECASE)]
        spans += found
        if not found:
            missing.append(name)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or re.fullmatch(r"[\s,]*", text[merged[-1][1]:start])):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return list(dict.fromkeys([text[start:end] for start, end in merged] + missing))


def identifying_details(text: str, *, extra_names: Iterable[str] = (), extra_references: Iterable[str] = (),
                        allowed_names: Iterable[str] = ()) -> list[str]:
    """Dutch messages, one per kind of detail in `text` that leads to a person, each naming what
    was found; `[]` when there is none. `allowed_names`: names the page already shows and the text
    may repeat (the advisors of a repeat signal)."""
    text = text or ""
    allowed = {name.strip().lower() for name in allowed_names if name}
    problems = []
    known = sorted({n.strip() for n in extra_names if n and len(n.strip()) >= 3}, key=len, reverse=True)
    names = [name for name in known if re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text, re.IGNORECASE)]
    names += [name for name in employee_names_in(text) if name not in names]
    for match in TITLED_NAME.finditer(text):
        capitals = re.findall(r"[A-Z][a-zà-ÿ]+", match.group(0))[1:] or re.findall(r"[A-Z][a-zà-ÿ]+", match.group(0))
        if not ORGANISATION_WORDS.intersection(word.lower() for word in capitals):
            names.append(match.group(0).strip())
    names = [name for name in dict.fromkeys(names)
             if not any(name.lower() in a or a in name.lower() for a in allowed)]
    # One mention per person: "Kevin Horstveld" says enough, not also "Horstveld" and "Kevin".
    names = [name for name in names if not any(name != other and name.lower() in other.lower() for other in names)]
    if names:
        problems.append(_("Verwijder namen en personeelsnummers: %(found)s.")
                        % {"found": "; ".join(as_written(text, names))})
    references = sorted({m.group(0) for m in REFERENCE.finditer(text)}
                        | {r for r in extra_references if r and r.lower() in text.lower()})
    if references:
        problems.append(_("Verwijder kenmerken van meldingen en onderzoeken: %(found)s.")
                        % {"found": ", ".join(references)})
    plate_patterns = (PLATE, SPACED_PLATE, SPACED_PAIRS_PLATE) + ((COMPACT_PLATE,) if _MIXED.search(text) else ())
    plates = sorted({m.group(0) for pattern in plate_patterns
                     for m in pattern.finditer(text) if len(re.sub(r"[- ]", "", m.group(0))) == 6})
    if plates:
        problems.append(_("Verwijder kentekens: %(found)s.") % {"found": ", ".join(plates)})
    postcodes = sorted(set(postcodes_in(text)))
    if postcodes:
        problems.append(_("Verwijder postcodes: %(found)s.") % {"found": ", ".join(postcodes)})
    numbers = sorted(({m.group(0) for m in PERSONNEL_NUMBER.finditer(text)}
                      | {m.group(1).strip() for m in NAMED_NUMBER.finditer(text)}
                      | personnel_numbers_in({m.group(0) for m in BARE_NUMBER.finditer(text)}))
                     - set(names) - set(references))
    if numbers:
        problems.append(_("Verwijder nummers die naar een persoon kunnen leiden: %(found)s.")
                        % {"found": ", ".join(numbers)})
    contacts = ([m.group(0) for m in EMAIL.finditer(text)] + [m.group(0) for m in SPELLED_EMAIL.finditer(text)]
                + [m.group(0).strip() for m in PHONE.finditer(text)] + spelled_phone_numbers(text))
    if contacts:
        problems.append(_("Verwijder e-mailadressen en telefoonnummers: %(found)s.")
                        % {"found": ", ".join(dict.fromkeys(contacts))})
    dates = sorted({m.group(0) for m in EXACT_DATE.finditer(text)})
    if dates:
        problems.append(_("Noem geen datums preciezer dan de maand: %(found)s.") % {"found": ", ".join(dates)})
    return problems


def names_of(people: Iterable) -> list[str]:
    """First names, surnames, full names and personnel numbers of `people` (objects with
    `first_name`, `surname`, `personnel_number`), longest first."""
    names = set()
    for person in people:
        for part in (person.first_name, person.surname, f"{person.first_name} {person.surname}",
                     person.personnel_number):
            if part and len(part.strip()) >= 3:
                names.add(part.strip())
    return sorted(names, key=len, reverse=True)


def case_identifying_details(case, text: str) -> list[str]:
    """`identifying_details` of a text written about an investigation `case`: its subject, the
    signal's other subjects and its reporter (an employee) count by first name and surname alone
    too, its references too (tester t59: the reporter's name passed in the anonymised learning points)."""
    people = [case.subject, *case.signal.subjects.all()]
    if case.signal.reporter_id is not None:
        people.append(case.signal.reporter)
    return identifying_details(text, extra_names=names_of(people),
                               extra_references=(case.reference, case.signal.reference))
