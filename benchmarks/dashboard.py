"""Benchmark of the Dashboard Integriteit on a production-sized, fully synthetic data set.

Target (issue): with 1,000,000 signals and 300,000 cases on PostgreSQL, every dashboard view answers
in at most 500 ms median server time on a 2-core machine, and the half-year PDF report builds in at
most 20 s.

The script creates its own database (PostgreSQL only: the volume is loaded with COPY), migrates it,
generates an organisation (10 regions, 60,000 employees) and six years of signals, triage decisions,
cases with their status history, pauses, aanzeggingen, hearings, decisions and referrals with NumPy,
and loads them with COPY. It then times each view with django.test.Client as a policy user.

    VIK_DB_ENGINE=postgresql VIK_DB_HOST=127.0.0.1 VIK_DB_PORT=54331 VIK_DB_USER=postgres \\
        .venv/bin/python benchmarks/dashboard.py [--signals 1000000] [--cases 300000] [--requests 15]

Options: --keep (keep the database `vik_bench_dashboard` for inspection), --reuse (use the kept
database instead of loading again), --reference (also time the reference selectors on the live
tables, side by side with the pre-aggregated facts, in the same run), --explain.
The facts are built with `facts.rebuild()` after loading (timed), then one incremental refresh
(timed) as the scheduler would run it. Only synthetic data.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

TARGET_MS = 500.0
TARGET_PDF_S = 20.0
SEED = 20261126


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--signals", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=300_000)
    parser.add_argument("--employees", type=int, default=60_000)
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--reference", action="store_true")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--db-name", default="vik_bench_dashboard")
    return parser.parse_args()


def prepare_database(args):
    if os.environ.get("VIK_DB_ENGINE") != "postgresql":
        raise SystemExit("This benchmark loads with COPY and needs VIK_DB_ENGINE=postgresql (see the docstring).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vik.settings")
    os.environ["VIK_DEBUG"] = "0"
    os.environ.setdefault("VIK_DEMO", "1")  # synthetic data only: the demo secrets in var/ will do
    os.environ.setdefault("VIK_SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ["VIK_LOG_LEVEL"] = "WARNING"
    import tempfile

    os.environ.setdefault("VIK_MEDIA_ROOT", tempfile.mkdtemp(prefix="vik-bench-media-"))
    import psycopg

    conninfo = dict(host=os.environ.get("VIK_DB_HOST", "127.0.0.1"), port=os.environ.get("VIK_DB_PORT", "5432"),
                    user=os.environ.get("VIK_DB_USER", "postgres"), password=os.environ.get("VIK_DB_PASSWORD", ""),
                    dbname="postgres", autocommit=True)
    with psycopg.connect(**conninfo) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.db_name]).fetchone()
        args.reuse = bool(args.reuse and exists)
        if not args.reuse:
            conn.execute(f'DROP DATABASE IF EXISTS "{args.db_name}"')
            conn.execute(f'CREATE DATABASE "{args.db_name}"')
        server = conn.execute("SHOW server_version").fetchone()[0]
    os.environ["VIK_DB_NAME"] = args.db_name

    def cleanup():
        if args.keep:
            return
        from django.db import connections

        connections.close_all()
        with psycopg.connect(**conninfo) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{args.db_name}"')

    return f"PostgreSQL {server}", cleanup


# ------------------------------------------------------------------------------------- loading


def copy(model, frame: dict[str, np.ndarray | list]) -> int:
    """COPY the columns of `frame` (keys are column names) into the model's table."""
    import polars as pl
    from django.db import connection

    table = model._meta.db_table
    df = pl.DataFrame(frame)
    buffer = io.BytesIO()
    df.write_csv(buffer, include_header=False, null_value="\\N", date_format="%Y-%m-%d")
    columns = ", ".join(connection.ops.quote_name(c) for c in df.columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')") as cp:
            cp.write(buffer.getvalue())
    return df.height


def reset_sequences(models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def days(arr) -> np.ndarray:
    return np.asarray(arr, dtype="datetime64[D]")


def load(args) -> dict:
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from vik.accounts.models import Employee, Role, Unit, User
    from vik.care.models import Referral
    from vik.core.workdays import aanzegging_warnings
    from vik.investigations.models import (
        Aanzegging,
        Case,
        CaseType,
        Decision,
        DelayReason,
        Hearing,
        Pause,
        StatusChange,
        StatusType,
    )
    from vik.signals.models import Channel, Signal, Theme
    from vik.triage.models import Criterion, TriageDecision

    rng = np.random.default_rng(SEED)
    today = timezone.localdate()
    t0 = time.monotonic()

    # Organisation: national unit, 10 regions, 20 teams per region; employees with managers.
    national = Unit.objects.create(code="NAT", name="Landelijke eenheid", kind=Unit.Kind.NATIONAL)
    regions = [Unit.objects.create(code=f"R{i:02d}", name=f"Eenheid {name}", kind=Unit.Kind.REGION, parent=national)
               for i, name in enumerate(["Noord", "Oost", "Midden", "West", "Zuid", "Kust", "Rivier", "Haven",
                                         "Stad", "Land"])]
    teams = Unit.objects.bulk_create([Unit(code=f"T{r.code}{j:02d}", name=f"Team {r.name} {j}", kind=Unit.Kind.TEAM,
                                           parent=r) for r in regions for j in range(20)])
    team_ids = np.array([t.pk for t in teams])
    team_region = np.array([t.parent_id for t in teams])
    n_emp = args.employees
    emp_team = rng.integers(0, len(team_ids), n_emp)
    is_manager = rng.random(n_emp) < 0.1
    first_id = 1
    copy(Employee, {"id": np.arange(first_id, first_id + n_emp),
                    "personnel_number": [f"B{i:07d}" for i in range(n_emp)],
                    "first_name": ["Synthetisch"] * n_emp, "surname": [f"Persoon{i}" for i in range(n_emp)],
                    "rank": ["hoofdagent"] * n_emp, "is_manager": is_manager, "unit_id": team_ids[emp_team],
                    "manager_id": [None] * n_emp, "email": [""] * n_emp})
    reset_sequences([Employee])
    emp_ids = np.arange(first_id, first_id + n_emp)
    emp_region = team_region[emp_team]
    policy_emp = Employee.objects.create(personnel_number="BPOL", first_name="Beleid", surname="Medewerker",
                                         unit=national)
    policy_user = User.objects.create_user("beleid", email="beleid@example.invalid", password="x",
                                           employee=policy_emp)
    policy_user.groups.add(Group.objects.get(name=Role.POLICY))
    worker = User.objects.create_user("vik", password="x")
    print(f"  organisation: {n_emp:,} employees ({time.monotonic() - t0:.1f} s)", flush=True)

    # Signals over six years, growing slightly; each about one employee of its region.
    n = args.signals
    span = 6 * 365
    age = (span * (1 - np.sqrt(rng.random(n)))).astype(int)  # more recent signals than old ones
    received = days(today) - age.astype("timedelta64[D]")
    subject_idx = rng.integers(0, n_emp, n)
    # A few employees collect several signals: recurrence.
    repeaters = rng.random(n) < 0.25
    subject_idx[repeaters] = rng.integers(0, n_emp // 20, repeaters.sum())
    region = emp_region[subject_idx]
    national_share = rng.random(n) < 0.03
    region[national_share] = national.pk
    themes = np.array(list(Theme.objects.values_list("pk", flat=True)))
    theme = themes[rng.integers(0, len(themes), n)]
    channels = np.array(Channel.values)
    channel = channels[rng.choice(len(channels), n, p=[.35, .15, .05, .15, .12, .05, .1, .03])]
    reg_delay = rng.choice([0, 0, 0, 1, 1, 2, 3, 5, 8, 15], n)
    registered = received + reg_delay.astype("timedelta64[D]")
    registered = np.minimum(registered, days(today))
    reporter_desc = np.where((channel != "anonymous") & (rng.random(n) < 0.93), "Melder (synthetisch)", "")
    source_ref = np.where((channel == "protective_monitoring") & (rng.random(n) < 0.9), "PM-0000", "")
    routes = np.array(["no_action", "line", "orienting", "disciplinary", "criminal", "national"])
    route = routes[rng.choice(6, n, p=[.28, .36, .10, .17, .06, .03])]
    triage_delay = rng.integers(1, 25, n)
    decided = received + triage_delay.astype("timedelta64[D]")
    triaged = decided <= days(today)
    status = np.where(~triaged, "new", np.where(route == "no_action", "closed", np.where(
        route == "line", "in_line", np.where(np.isin(route, ["criminal", "national"]), "handed_over", "triaged"))))
    sig_ids = np.arange(1, n + 1)
    years = received.astype("datetime64[Y]").astype(int) + 1970
    copy(Signal, {
        "id": sig_ids, "reference": [f"M{y}-{i:07d}" for y, i in zip(years, sig_ids, strict=True)],
        "received_on": received, "channel": channel, "region_id": region, "theme_id": theme,
        "description": ["Synthetische melding voor de benchmark."] * n, "reporter_id": [None] * n,
        "reporter_description": reporter_desc, "status": status,
        "registered_at": [f"{d}T10:00:00+00:00" for d in registered.astype(str)],
        "registered_by_id": np.full(n, worker.pk), "source_reference": source_ref, "version": np.ones(n, int),
    })
    copy(Signal.subjects.through, {"id": sig_ids, "signal_id": sig_ids, "employee_id": emp_ids[subject_idx]})
    print(f"  signals: {n:,} ({time.monotonic() - t0:.1f} s)", flush=True)

    criteria = list(Criterion.objects.filter(active=True).values_list("code", flat=True))
    tri_idx = np.nonzero(triaged)[0]
    severity = rng.integers(0, 4, n)
    scores = [json.dumps({c: (int(severity[i]) if c == "severity" else 1) for c in criteria}) for i in tri_idx]
    m = len(tri_idx)
    rationale = np.where(rng.random(m) < 0.97, "Gemotiveerd triagebesluit (synthetisch).", "Kort.")
    copy(TriageDecision, {
        "id": np.arange(1, m + 1), "signal_id": sig_ids[tri_idx], "session_id": [None] * m,
        "decided_at": [f"{d}T13:00:00+00:00" for d in decided[tri_idx].astype(str)],
        "decided_by_id": np.full(m, worker.pk), "route": route[tri_idx], "rationale": rationale, "scores": scores,
        "current": np.ones(m, bool), "supersedes_id": [None] * m, "retriage_reason": [""] * m,
        "line_manager_id": [None] * m, "follow_up_due": [None] * m, "line_report": [""] * m,
        "line_reported_at": [None] * m, "handover_to": [""] * m, "handover_on": [None] * m,
        "handover_reference": [""] * m,
    })
    print(f"  triage decisions: {m:,} ({time.monotonic() - t0:.1f} s)", flush=True)

    # Cases: the first `--cases` signals with an investigation route, opened 3-15 days after triage.
    types = {ct.code: ct for ct in CaseType.objects.all()}
    steps = {code: list(StatusType.objects.filter(case_type=ct).order_by("order")) for code, ct in types.items()}
    candidates = tri_idx[np.isin(route[tri_idx], ["orienting", "disciplinary", "criminal", "national"])]
    opened = decided[candidates] + rng.integers(3, 15, len(candidates)).astype("timedelta64[D]")
    candidates = candidates[opened <= days(today)][: args.cases]
    c = len(candidates)
    opened = decided[candidates] + rng.integers(3, 15, c).astype("timedelta64[D]")
    opened = np.minimum(opened, days(today))
    type_code = np.where(route[candidates] == "criminal", "criminal",
                         np.where(route[candidates] == "orienting", "orienting", "disciplinary"))
    type_code[(type_code == "disciplinary") & (rng.random(c) < 0.25)] = "orienting"
    norm = np.array([types[t].throughput_norm_days for t in type_code])
    duration = (rng.gamma(4.0, 1.0, c) * norm * 1.4 / 4 * 1.4).astype(int) + 20
    closed_on = opened + duration.astype("timedelta64[D]")
    is_closed = closed_on < days(today)
    case_ids = np.arange(1, c + 1)
    status_rows, status_of_case, status_since = [], np.zeros(c, int), opened.copy()
    sc_case, sc_status, sc_on = [], [], []
    reached = np.zeros(c, int)
    for code in types:
        sel = np.nonzero(type_code == code)[0]
        k = len(steps[code])
        elapsed = np.clip((days(today) - opened[sel]).astype(int) / duration[sel], 0, 1)
        count = np.where(is_closed[sel], k, np.clip((elapsed * (k - 1)).astype(int) + 1, 1, k - 1))
        reached[sel] = count
        for j in range(k):
            has = sel[count > j]
            sc_case.append(case_ids[has])
            sc_status.append(np.full(len(has), steps[code][j].pk))
            sc_on.append(np.minimum(opened[has] + (j * duration[has] // (k - 1)).astype("timedelta64[D]"),
                                    days(today)))
        last = count - 1
        status_of_case[sel] = np.array([steps[code][i].pk for i in range(k)])[last]
        status_since[sel] = np.minimum(opened[sel] + (last * duration[sel] // (k - 1)).astype("timedelta64[D]"),
                                       days(today))
    del status_rows
    subject = emp_ids[subject_idx[candidates]]
    copy(Case, {
        "id": case_ids, "reference": [f"C{i:07d}" for i in case_ids], "signal_id": sig_ids[candidates],
        "case_type_id": np.array([types[t].pk for t in type_code]),
        "track": np.array([types[t].track for t in type_code]),
        "subject_id": subject, "status_id": status_of_case, "status_since": status_since, "opened_on": opened,
        "deadline": opened + (norm * 7 // 5).astype("timedelta64[D]"),
        "suspected_breach": np.where(rng.random(c) < 0.96, "Omschrijving vermoedelijk plichtsverzuim.", ""),
        "closed_on": [d if cl else None for d, cl in zip(closed_on.astype(object), is_closed, strict=True)],
        "last_update_on": np.minimum(opened + rng.integers(10, 200, c).astype("timedelta64[D]"), days(today)),
        "last_review_on": [None] * c,
        "care_contact_id": [worker.pk if x < 0.85 else None for x in rng.random(c)],
        "care_contact_reason": np.where(rng.random(c) < 0.1, "Leidinggevende is melder.", ""),
        "destruction_due": [None] * c, "legal_hold": np.zeros(c, bool), "legal_hold_reason": [""] * c,
        "version": np.ones(c, int),
    })
    sc_case, sc_status, sc_on = np.concatenate(sc_case), np.concatenate(sc_status), np.concatenate(sc_on)
    s = len(sc_case)
    copy(StatusChange, {"id": np.arange(1, s + 1), "case_id": sc_case, "status_id": sc_status, "on": sc_on,
                        "by_id": np.full(s, worker.pk), "note": [""] * s})
    print(f"  cases: {c:,}, status changes: {s:,} ({time.monotonic() - t0:.1f} s)", flush=True)

    reasons = np.array(list(DelayReason.objects.values_list("pk", flat=True)))
    paused = np.nonzero(rng.random(c) < 0.15)[0]
    p = len(paused)
    p_start = opened[paused] + (duration[paused] // 4).astype("timedelta64[D]")
    p_end = p_start + rng.integers(10, 90, p).astype("timedelta64[D]")
    keep = p_start <= days(today)
    paused, p_start, p_end = paused[keep], p_start[keep], p_end[keep]
    p = len(paused)
    copy(Pause, {"id": np.arange(1, p + 1), "case_id": case_ids[paused],
                 "reason_id": reasons[rng.integers(0, len(reasons), p)],
                 "started_on": p_start, "ended_on": [d if d <= today else None for d in p_end.astype(object)],
                 "note": [""] * p, "by_id": np.full(p, worker.pk)})

    # Aanzegging for disciplinary cases that reached it (step 3), hearings for step 5.
    disc = np.nonzero((type_code == "disciplinary") & (reached >= 3))[0]
    a_day = opened[disc] + (2 * duration[disc] // 9).astype("timedelta64[D]")
    hour = rng.choice([9, 10, 11, 14, 15, 16], len(disc))
    warn = []
    for d, h in zip(a_day.astype(object), hour, strict=True):
        warn.append(json.dumps(aanzegging_warnings(datetime(d.year, d.month, d.day, int(h)))))
    a = len(disc)
    copy(Aanzegging, {"id": np.arange(1, a + 1), "case_id": case_ids[disc],
                      "held_at": [f"{d}T{h:02d}:00:00+01:00" for d, h in zip(a_day.astype(str), hour, strict=True)],
                      "by_id": np.full(a, worker.pk), "care_offered": rng.random(a) < 0.8, "warnings": warn,
                      "note": [""] * a})
    heard = np.nonzero((type_code != "orienting") & (reached >= 5))[0]
    h = len(heard)
    invited = opened[heard] + (4 * duration[heard] // 9).astype("timedelta64[D]")
    scheduled = invited + rng.integers(3, 20, h).astype("timedelta64[D]")
    copy(Hearing, {"id": np.arange(1, h + 1), "case_id": case_ids[heard], "kind": ["hearing"] * h,
                   "invited_on": invited, "scheduled_at": [f"{d}T10:00:00+01:00" for d in scheduled.astype(str)],
                   "person": [""] * h, "representative": [""] * h, "preparation_waived": rng.random(h) < 0.05,
                   "held": np.ones(h, bool), "note": [""] * h})

    # Decisions: equal treatment by construction (outcome independent of rank and unit).
    done = np.nonzero(is_closed)[0]
    d = len(done)
    outcome = np.array(["no_breach", "corrective", "breach_measure"])[rng.choice(3, d, p=[.4, .3, .3])]
    measures = np.array(["reprimand", "fine", "extra_duty", "salary_reduction", "dismissal"])
    measure = np.where(outcome == "breach_measure", measures[rng.choice(5, d, p=[.5, .2, .15, .1, .05])], "")
    copy(Decision, {"id": np.arange(1, d + 1), "case_id": case_ids[done], "outcome": outcome, "measure": measure,
                    "conditional": np.zeros(d, bool), "reasoning": ["Gemotiveerd besluit (synthetisch)."] * d,
                    "personal_circumstances": np.where(rng.random(d) < 0.4, "Meegewogen.", ""),
                    "learning_points": [""] * d, "decided_on": closed_on[done] - np.timedelta64(7, "D"),
                    "decided_by_id": np.full(d, worker.pk)})
    referred = np.nonzero(rng.random(c) < 0.3)[0]
    r = len(referred)
    desks = np.array(["bmw", "chaplain", "confidential_advisor", "psychologist", "company_doctor", "social_desk"])
    copy(Referral, {"id": np.arange(1, r + 1), "case_id": case_ids[referred], "desk": desks[rng.integers(0, 6, r)],
                    "for_team": rng.random(r) < 0.1,
                    "referred_on": np.minimum(opened[referred] + np.timedelta64(20, "D"), days(today)),
                    "note": [""] * r, "by_id": np.full(r, worker.pk)})
    reset_sequences([Signal, Signal.subjects.through, TriageDecision, Case, StatusChange, Pause, Aanzegging,
                     Hearing, Decision, Referral])
    print(f"  pauses {p:,}, aanzeggingen {a:,}, hearings {h:,}, decisions {d:,}, referrals {r:,} "
          f"({time.monotonic() - t0:.1f} s)", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # index-only scans need the visibility map
    return {"seconds": time.monotonic() - t0, "policy": policy_user, "signals": n, "cases": c,
            "status_changes": s, "decisions": d, "regions": regions}


# ----------------------------------------------------------------------------------- measuring


def reuse(args) -> dict:
    """The figures of a kept database (--keep, then --reuse)."""
    from vik.accounts.models import Unit, User
    from vik.investigations.models import Case, Decision, StatusChange
    from vik.signals.models import Signal

    return {"seconds": 0.0, "policy": User.objects.get(username="beleid"), "signals": Signal.objects.count(),
            "cases": Case.objects.count(), "status_changes": StatusChange.objects.count(),
            "decisions": Decision.objects.count(),
            "regions": list(Unit.objects.filter(kind=Unit.Kind.REGION).order_by("code"))}


def time_url(client, url: str, requests: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return statistics.median(timings), max(timings), len(ctx.captured_queries)


def main() -> int:
    args = parse_args()
    description, cleanup = prepare_database(args)
    import django

    django.setup()
    from django.core.management import call_command

    # Debug is off, as in production: pages name their static files by the hashed manifest.
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.test import Client
    from django.utils import timezone

    try:
        print(f"Database: {description}")
        call_command("migrate", verbosity=0)
        data = reuse(args) if args.reuse else load(args)
        print(f"Loaded {data['signals']:,} signals, {data['cases']:,} cases, {data['status_changes']:,} status "
              f"changes, {data['decisions']:,} decisions in {data['seconds']:.0f} s", flush=True)
        from vik.dashboard import calendar, facts, services
        from vik.dashboard.models import Fact

        calendar.ensure_table()
        started = time.monotonic()
        services.refresh_recurrence()
        recurrence_s = time.monotonic() - started
        started = time.monotonic()
        facts.rebuild()
        rebuild_s = time.monotonic() - started
        fact_rows = Fact.objects.count()
        started = time.monotonic()
        facts.refresh()
        facts.refresh_snapshot()
        refresh_s = time.monotonic() - started
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE dashboard_fact")
        print(f"  facts: full rebuild {rebuild_s:.1f} s ({fact_rows:,} rows), incremental refresh + snapshot "
              f"{refresh_s:.1f} s", flush=True)
        client = Client()
        client.force_login(data["policy"])
        today = timezone.localdate()
        region = data["regions"][0].pk
        pages = [
            ("Overzicht /dashboard/", "/dashboard/"),
            ("Instroom en triage (12 mnd)", "/dashboard/instroom/"),
            ("Doorlooptijden (12 mnd)", "/dashboard/doorlooptijden/"),
            ("Registratiekwaliteit (12 mnd)", "/dashboard/registratiekwaliteit/"),
            ("Rechtsgelijkheid (12 mnd)", "/dashboard/rechtsgelijkheid/"),
            ("Zorg en rechten (12 mnd)", "/dashboard/zorg/"),
            ("Effect (36 mnd)", "/dashboard/effect/"),
            ("Instroom, 1 eenheid + thema", f"/dashboard/instroom/?eenheid={region}&thema=1"),
            ("Doorlooptijden, 1 eenheid", f"/dashboard/doorlooptijden/?eenheid={region}"),
            ("Drill-down registratiekwaliteit", f"/dashboard/registratiekwaliteit/eenheid/{region}/"),
        ]
        start = date(today.year, 1, 1) if today.month > 6 else date(today.year - 1, 7, 1)
        end = date(start.year, 6, 30) if start.month == 1 else date(start.year, 12, 31)
        results, pdf = {}, {}
        for reference in ([True, False] if args.reference else [False]):
            services.REFERENCE = reference
            label_source = "reference" if reference else "facts"
            for label, url in pages:
                median, worst, queries = time_url(client, url, args.requests)
                results.setdefault(label, {})[label_source] = (median, worst, queries)
                print(f"  [{label_source}] {label}: {median:.0f} ms ({os.getloadavg()[0]:.1f} load)", flush=True)
            started = time.monotonic()
            report = services.build_report(data["policy"], start, end, kind="ad_hoc")
            pdf[label_source] = (time.monotonic() - started, report.file.size)
            print(f"  [{label_source}] PDF {pdf[label_source][0]:.1f} s", flush=True)
        services.REFERENCE = False
        sources = ["reference", "facts"] if args.reference else ["facts"]
        head = " | ".join(f"{s} median ms | {s} max ms | {s} queries" for s in sources)
        print(f"\n| view | {head} | target ≤ {TARGET_MS:.0f} ms |")
        print("|---|" + "---:|" * (3 * len(sources)) + "---|")
        for label, by_source in results.items():
            cells = " | ".join(f"{by_source[s][0]:.0f} | {by_source[s][1]:.0f} | {by_source[s][2]}" for s in sources)
            print(f"| {label} | {cells} | {'ok' if by_source['facts'][0] <= TARGET_MS else 'SLOW'} |")
        for s in sources:
            pdf_s, size = pdf[s]
            print(f"\nHalf-year PDF report {start:%d-%m-%Y}–{end:%d-%m-%Y} [{s}]: {pdf_s:.1f} s ({size / 1024:.0f} KiB)"
                  f" — {'ok' if pdf_s <= TARGET_PDF_S else 'SLOW'} (target ≤ {TARGET_PDF_S:.0f} s)")
        print(f"Facts: full rebuild {rebuild_s:.1f} s ({fact_rows:,} rows); incremental refresh + snapshot "
              f"{refresh_s:.1f} s. Load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        print(f"Recurrence refresh (nightly, not part of a request): {recurrence_s:.1f} s")
        print(f"Requests per view: {args.requests} after 2 warm-up requests; server time measured with "
              f"django.test.Client, DEBUG off.")
    finally:
        cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
