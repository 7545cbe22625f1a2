"""No input ends in a 500: every URL of the product, for several roles, on the seeded demo.

For each URL pattern the path is filled with ids of the demo (so views reach real objects), with
ids that do not exist and with odd strings; each URL is fetched with fuzzed query parameters (the
names the views read, the fields of the apps' filter forms, and a generic set) and posted with
fuzzed form fields (the fields of the forms of the view's app, once plausible and once hostile).
A Hypothesis test then draws patterns, roles and values freely within a bounded budget.

Any response with status 500, or any exception escaping a view, fails the pattern's test with the
URL, method, role and error. 500s in apps other than those this harness' author owns are marked
xfail (not strict) with the URL in the reason until their owners fix them; see KNOWN_500.
"""

import importlib
import inspect
import random
import re
import time
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django import forms
from django.apps import apps
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import analyze_after_seed
from vik.accounts.models import User
from vik.demo import organisation as demo
from vik.demo.management.commands.seed_demo import EXTRA_SEEDS

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SEED_SCALE = 0.15
ROLES = ["triage", "onderzoeker", "beleid", "soc", "meldpunt", "medewerker", None]  # None: anonymous
# Roles that reach the screens of one app only, added for that app.
APP_ROLES = {"knowledge": ["redacteur"], "prevention": ["redacteur", "teamchef-preventie"],
             "audit": ["auditor"], "investigations": ["beheer", "bevoegdgezag"],
             "confidential": ["vertrouwenspersoon", "klachtencommissie"], "core": ["beheer"],
             "vetting": ["veiligheid", "leidinggevende"], "learning": ["leidinggevende"]}
ADMIN_ROLES = ["beheer", "medewerker", None]
ALL_ROLES = sorted({r for r in ROLES + ADMIN_ROLES + sum(APP_ROLES.values(), []) if r})

# Values that break naive parsing: empty, text for numbers, out-of-range numbers and dates,
# impossible dates, very long and non-ASCII text, markup, NUL and control characters.
# The most telling first: each role of the sweep gets the next one as its uniform query value.
NASTY = ["2027-02-30T10:00", "2027-02-30", "30-02-2027", "99999999999999999999", "\x00", "abc", "-5",
         "0001-01-01T00:00", "9999-12-31T23:59", "0001-01-01", "31-12-9999 23:59", "x" * 5000,
         "ünïcødé ✓ 漢字 🚓", "", "0", "99999", "1.5", "9999-12-31", "<script>alert(1)</script>",
         "' OR 1=1 --", "%00", "\ufeff", "../../etc/passwd", "[]", "{}", "true", "None", " ", "1e309",
         "NaN"]
GENERIC_QUERY = ["page", "q", "status", "export", "jaar", "tabel", "v", "vorige", "sessie", "code",
                 "van", "tot", "format", "kind", "theme", "unit", "type", "next", "sort", "v1", "v2",
                 "v3", "held_at", "scheduled_at", "action", "object_type", "object_id", "actor"]
STRING_PARAMS = {
    "kind": ["sheet", "desk", "initiative", "guide"],
    "action": ["open", "reveal", "end", "close", "point", "done", "verdict", "reveal_request",
               "reveal_decide", "to_signal", "ack", "message", "forward", "consent", "decide",
               "breach", "aanzegging", "hearing", "pause", "resume", "document", "decision",
               "access", "access_decide", "member", "advance", "review", "update", "hearing_move", "scope"],
    "view": ["instroom", "doorlooptijden", "registratiekwaliteit", "rechtsgelijkheid", "zorg",
             "effect"],
    "format": ["json", "api", "xml"],
}
ODD_STRINGS = ["abc", "0", "ü", "x" * 300, "-1", "nieuw"]
ODD_INTS = [0, 99999999, 2**70]
# Logging out and switching language change the client for the rest of the loop, not the server.
NO_POST = {"logout", "set_language"}

# Route -> reason: 500s found by this harness in apps whose owners fix them in parallel (issue 12).
# The lead removes an entry once its fix is merged; strict=False so a fix passes.
KNOWN_500: dict[str, str] = {}


# --- the URL patterns -----------------------------------------------------------------------------


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[SimpleNamespace]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            route = _route(pattern.pattern)
            yield from _walk(pattern.url_patterns, prefix + route, ns)
        elif isinstance(pattern, URLPattern):
            name = ":".join(filter(None, [namespace, pattern.name or ""]))
            yield SimpleNamespace(route=prefix + _route(pattern.pattern), name=name or prefix,
                                  callback=pattern.callback)


def _route(pattern) -> str:
    """A route with `{param:kind}` holes, from a path() route or a DRF router regex."""
    if isinstance(pattern, RegexPattern):
        regex = str(pattern).lstrip("^").rstrip("$")
        regex = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: "{" + m.group(1) + ":str}", regex)
        return regex.replace("\\.", ".").replace("/?", "/")
    return re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: "{" + m.group(2) + ":" + (m.group(1) or "str") + "}",
                  str(pattern))


PATTERNS = sorted({p.name + "|" + p.route: p for p in _walk(get_resolver().url_patterns)}.values(),
                  key=lambda p: p.route)


def _app_of(pattern) -> str:
    module = getattr(pattern.callback, "__module__", "") or ""
    view_class = getattr(pattern.callback, "cls", None) or getattr(pattern.callback, "view_class", None)
    if view_class is not None:
        module = view_class.__module__
    parts = module.split(".")
    return parts[1] if parts[0] == "vik" and len(parts) > 1 else ""


# --- values for path parameters, queries and forms --------------------------------------------------


def _demo_values() -> dict:
    """Ids and codes of the seeded demo, per app, to put in paths."""
    ids: dict[str, list[int]] = {}
    strings: dict[str, list[str]] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("vik."):
            continue
        app = model._meta.app_label
        pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:6])
        ids.setdefault(app, []).extend(pk for pk in pks if isinstance(pk, int))
        for field in ("code", "slug", "reference"):
            if field in {f.name for f in model._meta.concrete_fields}:
                strings.setdefault(app, []).extend(
                    str(v) for v in model._default_manager.values_list(field, flat=True)[:2] if v)
    from vik.prevention.models import Session

    strings.setdefault("prevention", []).extend(Session.objects.values_list("code", flat=True)[:2])
    return {"ids": ids, "strings": strings}


def _fills(pattern, values: dict, count: int, rng: random.Random) -> list[dict]:
    params = re.findall(r"\{(\w+):(\w+)\}", pattern.route)
    if not params:
        return [{}]
    app = _app_of(pattern)
    if pattern.route.startswith("beheer/") and pattern.route.count("/") > 2:
        app = pattern.route.split("/")[1]  # the configuration screens: beheer/<app>/<model>/...
    fills = []
    for i in range(count):
        fill = {}
        for name, kind in params:
            real = i == 0  # the first fill uses values of the demo, the others odd ones
            if kind == "int" or name in {"pk", "year", "number"}:
                demo_ids = values["ids"].get(app, []) or [1]
                if name == "year":
                    choice = [2026, 2025, 0, 99999][i % 4]
                else:
                    choice = rng.choice(demo_ids) if real else rng.choice(ODD_INTS + demo_ids)
                fill[name] = str(choice)
            elif name in STRING_PARAMS:
                known = _literals(pattern) if name == "action" else []
                known = known or STRING_PARAMS[name]
                fill[name] = rng.choice(known if real else known + ODD_STRINGS)
            else:
                demo_strings = values["strings"].get(app, []) + values["ids"].get(app, [])
                pool = [str(s) for s in demo_strings] or ODD_STRINGS
                fill[name] = rng.choice(pool) if real else rng.choice(ODD_STRINGS + pool)
            if kind == "slug" and not re.fullmatch(r"[-a-zA-Z0-9_]+", fill[name]):
                fill[name] = "abc"
            if kind == "int" and not fill[name].isdigit():
                fill[name] = "0"
        fills.append(fill)
    return fills


def _literals(pattern) -> list[str]:
    """The acts a view dispatches on (`action == "close"`, or the table of acts of the app)."""
    tables = {"investigations:action": ("vik.investigations.views", "ACTIONS"),
              "care:action": ("vik.care.views", "ACTIONS"),
              "confidential:report_action": ("vik.confidential.views", "REPORT_ACTIONS"),
              "confidential:complaint_action": ("vik.confidential.views", "COMPLAINT_ACTIONS")}
    if pattern.name in tables:
        module, table = tables[pattern.name]
        return sorted(getattr(importlib.import_module(module), table))
    try:
        source = inspect.getsource(pattern.callback)
    except (OSError, TypeError):
        return []
    return sorted(set(re.findall(r"action == \"([a-z_]+)\"", source)))


def _url(pattern, fill: dict) -> str:
    url = pattern.route
    for name, value in fill.items():
        url = re.sub(r"\{" + name + r":\w+\}", value.replace("/", "-"), url)
    return "/" + url


def _form_classes(app: str) -> list[type[forms.BaseForm]]:
    classes = []
    for module_name in (f"vik.{app}.forms", f"vik.{app}.views"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        classes += [c for c in vars(module).values()
                    if inspect.isclass(c) and issubclass(c, forms.BaseForm) and c.__module__ == module_name]
    return classes


def _plausible(field: forms.Field):
    if isinstance(field, forms.ModelChoiceField):
        # Forms that set their queryset per user leave None on the class: any demo id will do.
        queryset = field.queryset
        pk = queryset.values_list("pk", flat=True).first() if queryset is not None else 1
        if isinstance(field, forms.ModelMultipleChoiceField):
            return [str(pk)] if pk is not None else []
        return str(pk) if pk is not None else ""
    if isinstance(field, forms.MultipleChoiceField):
        return [str(v) for v, _label in list(field.choices)[:1]]
    if isinstance(field, forms.ChoiceField):
        values = [v for v, _label in field.choices if v not in ("", None) and not isinstance(_label, list | tuple)]
        return str(values[0]) if values else ""
    if isinstance(field, forms.DateTimeField):
        return "01-12-2026 10:00"
    if isinstance(field, forms.DateField):
        return "01-12-2026"
    if isinstance(field, forms.BooleanField):
        return "on"
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return "3"
    if isinstance(field, forms.EmailField):
        return "fuzz@example.invalid"
    return "Fuzz tekst met een datum 30-11-2026."


def _post_fields(app: str) -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for form_class in _form_classes(app):
        for name, field in form_class.base_fields.items():
            if not isinstance(field, forms.FileField):
                fields.setdefault(name, field)
    return fields


def _post_data(app: str, fields: dict, hostile: bool, rng: random.Random) -> dict:
    data = {}
    for name, field in fields.items():
        data[name] = rng.choice(NASTY) if hostile else _plausible(field)
    for prefix in ("opties", "dilemmas"):
        data.update({f"{prefix}-TOTAL_FORMS": rng.choice(["1", "abc", "-1", "99999"]) if hostile else "1",
                     f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-0-label": "x", f"{prefix}-0-text": "x"})
    data.update({"choice": rng.choice(NASTY), "item": rng.choice(NASTY), "language": "nl"})
    return data


def _query(names: list[str], rng: random.Random) -> dict:
    return {name: rng.choice(NASTY) for name in rng.sample(names, min(len(names), 8))}


# --- the demo database and the requests -------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The demo, seeded once for this module and rolled back afterwards."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS, DEBUG=False):
        with transaction.atomic():
            demo.seed(scale=SEED_SCALE)
            analyze_after_seed()  # each seed's queries planned with the rows of the seeds before it
            with override_settings(MAILERS={"default": {
                    "BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
                for _label, module in EXTRA_SEEDS:
                    started = time.monotonic()
                    importlib.import_module(module).seed()
                    analyze_after_seed()
                    print(module, round(time.monotonic() - started, 1), "s")
            users = {u.username: u for u in User.objects.filter(username__in=ALL_ROLES)}
            missing = set(ALL_ROLES) - set(users)
            assert not missing, missing
            get_names = sorted(set(GENERIC_QUERY) | {
                name for app in {p_app for p_app in map(_app_of, PATTERNS) if p_app}
                for form in _form_classes(app) for name in form.base_fields})
            yield SimpleNamespace(users=users, values=_demo_values(), get_names=get_names)
            transaction.set_rollback(True)


def _request(client: Client, method: str, url: str, data: dict) -> str | None:
    """None when the response is fine, else what went wrong."""
    try:
        if method == "GET":
            response = client.get(url, data)
        else:
            response = client.post(url, data)
    except Exception as error:  # noqa: BLE001 - the harness reports any escaping exception
        return f"{type(error).__name__}: {str(error)[:200]}"
    if response.status_code >= 500:
        return f"status {response.status_code}"
    return None


def _client(world, role: str | None) -> Client:
    client = Client()
    if role:
        client.force_login(world.users[role])
    return client


def _params():
    for pattern in PATTERNS:
        marks = []
        if pattern.route in KNOWN_500:
            marks.append(pytest.mark.xfail(reason=KNOWN_500[pattern.route], strict=False))
        yield pytest.param(pattern, id=pattern.name or pattern.route, marks=marks)


@pytest.mark.parametrize("pattern", list(_params()))
def test_no_input_gives_a_500(demo_world, pattern):
    rng = random.Random(pattern.route)
    app = _app_of(pattern)
    fields = _post_fields(app) if app else {}
    admin = pattern.route.startswith("beheer/")
    roles = ADMIN_ROLES if admin else APP_ROLES.get(app, []) + ROLES
    short = pattern.name.rsplit(":", 1)[-1]
    failures = []
    for index, role in enumerate(roles):
        client = _client(demo_world, role)
        # Every role on the demo's own ids; two roles also on ids and strings that do not exist.
        fills = _fills(pattern, demo_world.values, 2 if index < 2 and not admin else 1,
                       random.Random(f"{pattern.route}{index}"))
        for fill_no, fill in enumerate(fills):
            url = _url(pattern, fill)
            # Plain; every parameter the same odd value (views that read "the first value" get it
            # too), a different value for each role; and a random mix.
            uniform = NASTY[(index + fill_no * len(roles)) % len(NASTY)]
            attempts = [("GET", {}), ("GET", dict.fromkeys(demo_world.get_names, uniform)),
                        ("GET", _query(demo_world.get_names, rng))]
            if short not in NO_POST:
                attempts += [("POST", _post_data(app, fields, False, rng)),
                             ("POST", _post_data(app, fields, True, rng))]
            for method, data in attempts:
                problem = _request(client, method, url, data)
                if problem:
                    shown = {k: (v[:40] if isinstance(v, str) else v) for k, v in data.items()}
                    failures.append(f"{method} {url} as {role or 'anonymous'}: {problem} (data {shown})")
    assert failures == [], "\n".join(failures[:10])


# --- free exploration -------------------------------------------------------------------------------

TEXT = st.one_of(st.sampled_from(NASTY), st.text(max_size=40),
                 st.integers(min_value=-10**6, max_value=10**20).map(str),
                 st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
                 st.datetimes().map(lambda d: d.isoformat(timespec="minutes")))
FREE_PATTERNS = [p for p in PATTERNS if p.route not in KNOWN_500 and not p.route.startswith("beheer/")]


@settings(max_examples=100, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_free_fuzzing_finds_no_500(demo_world, data):
    pattern = data.draw(st.sampled_from(FREE_PATTERNS), label="pattern")
    role = data.draw(st.sampled_from(ROLES + ALL_ROLES), label="role")
    fill = data.draw(st.sampled_from(_fills(pattern, demo_world.values, 3, random.Random(0))), label="fill")
    url = _url(pattern, fill)
    method = data.draw(st.sampled_from(["GET", "POST"]), label="method")
    app = _app_of(pattern)
    if method == "GET":
        names = st.sampled_from(demo_world.get_names)
    else:
        names = st.sampled_from(sorted(_post_fields(app)) or ["x"])
    payload = data.draw(st.dictionaries(names, TEXT, max_size=8), label="data")
    if method == "POST" and pattern.name.rsplit(":", 1)[-1] in NO_POST:
        method = "GET"
    problem = _request(_client(demo_world, role), method, url, payload)
    assert problem is None, f"{method} {url} as {role or 'anonymous'}: {problem}"


def test_the_harness_sees_every_app_and_fills_demo_ids(demo_world):
    apps_seen = {_app_of(p) for p in PATTERNS}
    assert {"signals", "triage", "investigations", "audit", "monitoring", "dashboard",
            "confidential", "knowledge", "prevention", "core", "vetting"} <= apps_seen
    assert len(PATTERNS) > 100
    fill = _fills(next(p for p in PATTERNS if p.name == "investigations:detail"),
                  demo_world.values, 1, random.Random(0))[0]
    assert int(fill["pk"]) in demo_world.values["ids"]["investigations"]
