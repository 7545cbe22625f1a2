"""Issue 12: "1 meldingen". Every count with a noun goes through ngettext / blocktranslate count,
in templates and in messages; a guard over the sources keeps the kind from coming back."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

SRC = Path(__file__).resolve().parents[2] / "src" / "vik"
# Dutch plural nouns that follow a number in the interface.
NOUNS = ("meldingen", "deelnemers", "dagen", "werkdagen", "weken", "maanden", "besluiten",
         "onderzoeken", "klachten", "contacten", "taken", "signalen", "teamleden", "gesprekken",
         "routes", "bestanden")
# Fixed thresholds and norms that are never 1 (privacy threshold >= 5, throughput norms in weeks).
NEVER_ONE = ("min_respondents", "min", "norm")
PLACEHOLDER_NOUN = re.compile(r"(\{\{ ?\w+ ?\}\}|%\(\w+\)[sd]) (" + "|".join(NOUNS) + r")\b")


def _blocks_without_count(text: str):
    for match in re.finditer(r"\{% blocktranslate(?P<args>[^%]*)%\}(?P<body>.*?)\{% endblocktranslate %\}",
                             text, re.S):
        if " count " not in f" {match['args']} ":
            yield match["body"]


def test_no_template_puts_a_count_before_a_plural_noun_without_count():
    offenders = []
    for path in SRC.rglob("*.html"):
        for body in _blocks_without_count(path.read_text()):
            for hit in PLACEHOLDER_NOUN.finditer(body):
                if hit.group(1).strip("{} ") in NEVER_ONE:
                    continue
                offenders.append(f"{path.relative_to(SRC)}: {hit.group(0)}")
    assert offenders == []


def test_no_message_uses_a_count_with_en_or_s_in_brackets():
    offenders = [f"{p.relative_to(SRC)}" for p in SRC.rglob("*.py")
                 if re.search(r"%\(\w+\)d [^\"]*\w\((en|s)\)", p.read_text())]
    assert offenders == []


@pytest.mark.parametrize(("total", "expected"), [(1, "1 melding bij"), (2, "2 meldingen bij")])
def test_the_advisors_total_reads_right_for_one(total, expected):
    template = Template('{% include "confidential/_aggregate.html" %}')
    with translation.override("nl"):
        html = template.render(Context({"r": {"total": total, "hours": 1, "year": 2026}}))
    assert expected in html


@pytest.mark.django_db
def test_the_dead_end_check_says_one_signal(org, make_signal):
    org.triage.groups.clear()
    org.triage2.groups.clear()
    make_signal(actor=org.investigator)
    from vik.core.checks import run_responsibility_checks

    with translation.override("nl"):
        texts = [m.msg for m in run_responsibility_checks()]
    assert any(t.startswith("1 open melding van") and "heeft niemand" in t for t in texts), texts
