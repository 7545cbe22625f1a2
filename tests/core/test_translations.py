"""The English translation: key UI strings are translated by the compiled catalogue, and every
string in the English .po file has a translation.

When a test here fails after you added or changed a Dutch UI string, regenerate and translate the
catalogue:

    cd src/vik && ../../.venv/bin/vik makemessages -l en --ignore "pmengine/*"
    # fill every empty msgstr in src/vik/locale/en/LC_MESSAGES/django.po (see docs/glossary.md)
    make messages   # compiles django.mo (git-ignored)
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

PO_PATH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

HOW_TO_FIX = (
    "Run `cd src/vik && ../../.venv/bin/vik makemessages -l en --ignore \"pmengine/*\"`, "
    "translate the empty msgstr entries in src/vik/locale/en/LC_MESSAGES/django.po "
    "(terms: docs/glossary.md), then compile with `make messages`."
)

KEY_STRINGS = {
    "Mijn taken": "My tasks",
    "Melding registreren": "Register signal",
    "Triagebesluit vastleggen": "Record triage decision",
    "Onderzoek starten": "Start investigation",
    "Triagewachtrij": "Triage queue",
    "Meldingen": "Signals",
    "Onderzoeken": "Investigations",
    "Bevoegd gezag": "Competent authority",
    "Zorgcontactpersoon": "Care contact",
    "Uitloggen": "Log out",
}

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


# --- a tiny .po parser (no dependencies) ------------------------------------------------------


def _unquote(text):
    body = text.strip()
    assert body.startswith('"') and body.endswith('"'), body
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    return re.sub(r'\\(.)', lambda m: escapes.get(m.group(1), m.group(1)), body[1:-1])


def parse_po(path):
    """Return a list of entries: dicts with msgid, msgid_plural, msgstr ({index: text}), flags,
    refs and the line number where the entry starts. The header (empty msgid) is included."""
    entries = []
    entry = None
    field = None

    def start(lineno):
        return {"msgid": None, "msgid_plural": None, "msgctxt": None, "msgstr": {},
                "flags": set(), "refs": [], "line": lineno, "obsolete": False}

    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            if entry is not None and entry["msgid"] is not None:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None or (line.startswith("#") and entry["msgid"] is not None):
            if entry is not None and entry["msgid"] is not None:
                entries.append(entry)
            entry, field = start(lineno), None
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"].update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#:"):
            entry["refs"].extend(line[2:].split())
        elif line.startswith("#"):
            pass
        elif match := re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$",
                               line):
            keyword, index, value = match.groups()
            if keyword.startswith("msgstr"):
                field = ("msgstr", int(index) if index is not None else 0)
                entry["msgstr"][field[1]] = _unquote(value)
            else:
                field = (keyword, None)
                entry[keyword] = _unquote(value)
        elif line.startswith('"') and field is not None:
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += _unquote(line)
            else:
                entry[field[0]] += _unquote(line)
        else:
            raise AssertionError(f"{path}:{lineno}: cannot parse line {line!r}")
    if entry is not None and entry["msgid"] is not None:
        entries.append(entry)
    return [e for e in entries if not e["obsolete"]]


def _messages():
    return [e for e in parse_po(PO_PATH) if e["msgid"]]


def _describe(entry):
    where = entry["refs"][0] if entry["refs"] else f"django.po line {entry['line']}"
    return f"  {entry['msgid']!r}  ({where})"


# --- tests ---------------------------------------------------------------------------------------


def test_po_file_exists_and_is_not_empty():
    assert PO_PATH.exists(), f"{PO_PATH} is missing. {HOW_TO_FIX}"
    assert len(_messages()) > 100


def test_every_message_has_an_english_translation():
    untranslated = []
    for entry in _messages():
        expected = 2 if entry["msgid_plural"] is not None else 1
        forms = [entry["msgstr"].get(i, "") for i in range(expected)]
        if not all(form.strip() for form in forms):
            untranslated.append(entry)
    assert not untranslated, (
        f"{len(untranslated)} string(s) in {PO_PATH.name} have no English translation:\n"
        + "\n".join(_describe(e) for e in untranslated)
        + f"\n{HOW_TO_FIX}"
    )


def test_no_fuzzy_translations_remain():
    fuzzy = [e for e in _messages() if "fuzzy" in e["flags"]]
    assert not fuzzy, (
        f"{len(fuzzy)} translation(s) are marked fuzzy (guessed by makemessages) and are ignored "
        "when compiling; check them and remove the '#, fuzzy' flag:\n"
        + "\n".join(_describe(e) for e in fuzzy)
    )


def test_translations_keep_placeholders():
    broken = []
    for entry in _messages():
        sources = [entry["msgid"]] + ([entry["msgid_plural"]] if entry["msgid_plural"] else [])
        for index, translated in entry["msgstr"].items():
            source = sources[min(index, len(sources) - 1)]
            if translated and sorted(PLACEHOLDER.findall(source)) != sorted(
                PLACEHOLDER.findall(translated)
            ):
                broken.append(f"{_describe(entry)} -> {translated!r}")
    assert not broken, "Placeholders differ between Dutch and English:\n" + "\n".join(broken)


@pytest.fixture
def compiled_catalogue():
    if not MO_PATH.exists():
        pytest.fail(f"{MO_PATH} is missing: compile the catalogue with `make messages`.")
    with translation.override("en"):
        yield


@pytest.mark.parametrize(("dutch", "english"), KEY_STRINGS.items())
def test_compiled_catalogue_translates_key_strings(compiled_catalogue, dutch, english):
    assert translation.gettext(dutch) == english, (
        f"{dutch!r} is not translated to {english!r} by the compiled catalogue; "
        "recompile it with `make messages`."
    )


def test_compiled_catalogue_handles_plurals(compiled_catalogue):
    one = translation.ngettext("%(n)s openstaande taak", "%(n)s openstaande taken", 1)
    many = translation.ngettext("%(n)s openstaande taak", "%(n)s openstaande taken", 3)
    assert one % {"n": 1} == "1 open task"
    assert many % {"n": 3} == "3 open tasks"


def test_dutch_stays_the_default(compiled_catalogue):
    with translation.override("nl"):
        assert translation.gettext("Mijn taken") == "Mijn taken"


def test_home_page_in_english(client, org, compiled_catalogue):
    client.force_login(org.triage)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # chosen in the language menu
    response = client.get("/")
    assert response.status_code == 200
    assert "My tasks" in response.text
    assert "Mijn taken" not in response.text


@pytest.mark.django_db
def test_the_language_menu_names_each_language_in_itself(client, org):
    """t12: in Dutch the menu offered "Engels", which an English reader has to recognise."""
    client.force_login(org.triage)
    for cookie in ("nl", "en"):
        client.cookies["django_language"] = cookie
        page = client.get("/").content.decode()
        assert re.search(r'lang="en"( selected)?>English</option>', page)
        assert re.search(r'lang="nl"( selected)?>Nederlands</option>', page)
        assert "Engels</option>" not in page
