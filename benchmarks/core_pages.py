"""Benchmark of the core pages with a production-sized data set.

Target (issue): with 100,000 signals and 30,000 cases loaded, the case list, a case page and
"my tasks" each render in under 150 ms median on a 2-core machine (PostgreSQL).

The script creates its own database, migrates it, loads the synthetic demo organisation (units,
~1,500 employees, the demo users) and bulk-inserts the signals, triage decisions and cases with
their history, then times N requests per page with django.test.Client.

    # SQLite (a temporary file that is removed afterwards)
    .venv/bin/python benchmarks/core_pages.py

    # PostgreSQL: the usual VIK_DB_* variables; a database `vik_bench_core` is created and dropped
    VIK_DB_ENGINE=postgresql VIK_DB_HOST=127.0.0.1 VIK_DB_PORT=54330 VIK_DB_USER=postgres \\
        .venv/bin/python benchmarks/core_pages.py

Options: --signals, --cases, --requests, --keep (do not drop the database), --explain (print
the query plans of the slowest queries per page).

Only synthetic data; bulk_create is used on purpose (the services would take hours for this
volume and the benchmark measures reads, not writes).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

TARGET_MS = 150.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--signals", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=30_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--investigator-cases", type=int, default=50,
                        help="open cases of the representative investigator")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--explain", action="store_true",
                        help="print EXPLAIN for the slowest queries of each page")
    parser.add_argument("--db-name", default="vik_bench_core")
    return parser.parse_args()


def prepare_database(args) -> tuple[str, callable]:
    """Point the settings at a fresh database; return a description and a cleanup function."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vik.settings")
    # Measure like production: no DEBUG (no query log, no debug toolbar-like overhead).
    os.environ["VIK_DEBUG"] = "0"
    os.environ.setdefault("VIK_DEMO", "1")  # synthetic data only: the demo secrets in var/ will do
    os.environ.setdefault("VIK_SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ["VIK_LOG_LEVEL"] = "WARNING"
    if os.environ.get("VIK_DB_ENGINE") == "postgresql":
        import psycopg

        conninfo = dict(
            host=os.environ.get("VIK_DB_HOST", "127.0.0.1"),
            port=os.environ.get("VIK_DB_PORT", "5432"),
            user=os.environ.get("VIK_DB_USER", "vik"),
            password=os.environ.get("VIK_DB_PASSWORD", ""),
            dbname="postgres", autocommit=True,
        )
        with psycopg.connect(**conninfo) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{args.db_name}"')
            conn.execute(f'CREATE DATABASE "{args.db_name}"')
        os.environ["VIK_DB_NAME"] = args.db_name

        def cleanup():
            if args.keep:
                return
            from django.db import connections

            connections.close_all()
            with psycopg.connect(**conninfo) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{args.db_name}"')

        server = "?"
        with psycopg.connect(**conninfo) as conn:
            server = conn.execute("SHOW server_version").fetchone()[0]
        return f"PostgreSQL {server} (database {args.db_name})", cleanup
    tmpdir = Path(tempfile.mkdtemp(prefix="vik-bench-"))
    path = tmpdir / "bench.sqlite3"
    os.environ["VIK_SQLITE_PATH"] = str(path)
    os.environ["VIK_MEDIA_ROOT"] = str(tmpdir / "media")

    def cleanup():
        if args.keep:
            print(f"SQLite database kept at {path}")
            return
        for file in tmpdir.rglob("*"):
            if file.is_file():
                file.unlink()
        for directory in sorted(tmpdir.rglob("*"), reverse=True):
            directory.rmdir()
        tmpdir.rmdir()

    import sqlite3

    return f"SQLite {sqlite3.sqlite_version} (temporary file)", cleanup


# ---------------------------------------------------------------------------------------- data


class Loader:
    ROUTES = [("no_action", 30), ("line", 37), ("orienting", 9), ("disciplinary", 16),
              ("criminal", 5), ("national", 3)]
    CASE_ROUTE_TYPE = {"orienting": "orienting", "disciplinary": "disciplinary",
                       "criminal": "criminal", "national": "disciplinary"}
    REGION_WEIGHTS = [("R1", 38), ("R2", 30), ("R3", 27), ("NAT", 5)]
    BATCH = 2000

    def __init__(self, args):
        self.args = args
        self.rng = random.Random(4242)

    def run(self) -> dict:
        from django.db import transaction
        from django.utils import timezone

        from vik.demo.organisation import DemoSeeder

        self.today = timezone.localdate()
        started = time.monotonic()
        with transaction.atomic():
            self.seeder = DemoSeeder(today=self.today)
            self.seeder.build_organisation()
        print(f"  organisation: {time.monotonic() - started:.1f} s", flush=True)
        self._reference_data()
        self.case_budget = self.args.cases
        self.investigator_budget = self.args.investigator_cases
        self.signal_seq = 0
        self.case_seq = 0
        chunk = 10_000
        for start in range(0, self.args.signals, chunk):
            with transaction.atomic():
                self._chunk(min(chunk, self.args.signals - start))
            print(f"  signals {min(start + chunk, self.args.signals):>7,} loaded, cases {self.case_seq:>6,} "
                  f"({time.monotonic() - started:.0f} s)", flush=True)
        self._analyze()
        return {"load_seconds": time.monotonic() - started}

    def _reference_data(self):
        from vik.investigations.models import CaseType, StatusType
        from vik.signals.models import Theme
        from vik.triage.models import Criterion

        self.themes = list(Theme.objects.order_by("code"))
        self.criteria = list(Criterion.objects.filter(active=True).values_list("code", flat=True))
        self.case_types = {ct.code: ct for ct in CaseType.objects.all()}
        self.steps = {code: list(StatusType.objects.filter(case_type=ct).order_by("order"))
                      for code, ct in self.case_types.items()}
        s = self.seeder
        self.inv_user = s.users["onderzoeker"]
        self.line_managers = {emp_id: user for emp_id, user in s.user_of.items()}

    def _weighted(self, pairs):
        items, weights = zip(*pairs, strict=True)
        return self.rng.choices(items, weights=weights, k=1)[0]

    def _aware(self, day: date, hour: int = 10) -> datetime:
        from django.utils import timezone

        return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))

    def _chunk(self, count: int) -> None:  # noqa: C901 - one pass that builds every table
        from vik.care.models import Closure
        from vik.investigations.models import (
            Aanzegging,
            Case,
            Decision,
            Hearing,
            Member,
            Pause,
            Review,
            StatusChange,
            StatusUpdate,
        )
        from vik.signals.models import Channel, Signal
        from vik.triage.models import TriageDecision
        from vik.triage.services import ROUTE_TO_SIGNAL_STATUS

        rng, s, today = self.rng, self.seeder, self.today
        signals, subjects, routes = [], [], []
        channels = list(Channel.values)
        for _ in range(count):
            self.signal_seq += 1
            org = s.orgs[self._weighted(self.REGION_WEIGHTS)]
            age = int(rng.triangular(0, 6 * 365, 0))
            received = today - timedelta(days=age)
            subject = rng.choice(org.pool)
            route = None if age < 12 and rng.random() < 0.5 else self._weighted(self.ROUTES)
            status = Signal.Status.NEW if route is None else ROUTE_TO_SIGNAL_STATUS[route]
            signals.append(Signal(
                reference=f"M{received.year}-{self.signal_seq:07d}", received_on=received,
                channel=rng.choice(channels), region=org.unit, theme=rng.choice(self.themes),
                description="Synthetische benchmarkmelding over een vermoedelijke "
                            "integriteitsschending.",
                registered_by=org.triage[0], status=status,
            ))
            subjects.append(subject)
            routes.append((org, route, age))
        signals = Signal.objects.bulk_create(signals, batch_size=self.BATCH)
        Through = Signal.subjects.through
        Through.objects.bulk_create(
            [Through(signal_id=sg.pk, employee_id=sub.pk) for sg, sub in zip(signals, subjects,
                                                                             strict=True)],
            batch_size=self.BATCH)

        decisions, cases, case_meta = [], [], []
        status_updates = []
        for signal, subject, (org, route, age) in zip(signals, subjects, routes, strict=True):
            if route is None:
                continue
            decided = signal.received_on + timedelta(days=min(age, rng.randint(3, 10)))
            decision = TriageDecision(
                signal=signal, decided_at=self._aware(decided, 14), decided_by=org.triage[0],
                route=route, rationale="Benchmark: gemotiveerd triagebesluit.",
                scores={c: rng.randint(0, 3) for c in self.criteria}, current=True,
            )
            if route == "line":
                manager = s.employees.get(subject.manager_id)
                if manager is not None:
                    decision.line_manager = manager
                    decision.follow_up_due = decided + timedelta(days=42)
                    if decision.follow_up_due < today - timedelta(days=14) or rng.random() < 0.5:
                        decision.line_report = "Afgehandeld in de lijn."
                        decision.line_reported_at = self._aware(decision.follow_up_due, 11)
                        signal.status = Signal.Status.CLOSED
            if route == "criminal":
                decision.handover_to = "Rijksrecherche"
                decision.handover_on = decided
            decisions.append(decision)
            if route in self.CASE_ROUTE_TYPE and self.case_budget > 0:
                opened = decided + timedelta(days=rng.randint(3, 15))
                if opened > today:
                    continue
                self.case_budget -= 1
                case_meta.append(self._case_plan(signal, subject, org, route, opened))
        TriageDecision.objects.bulk_create(decisions, batch_size=self.BATCH)
        Signal.objects.bulk_update([sg for sg in signals if sg.status == Signal.Status.CLOSED],
                                   ["status"], batch_size=self.BATCH)
        cases = Case.objects.bulk_create([m["case"] for m in case_meta], batch_size=self.BATCH)

        members, changes, aanzeggingen, hearings, reviews, pauses = [], [], [], [], [], []
        decisions_, closures = [], []
        open_signal_ids, closed_signal_ids = set(), set()
        for case, meta in zip(cases, case_meta, strict=True):
            members.append(Member(case=case, user=meta["authority"], kind="authority"))
            members.append(Member(case=case, user=meta["lead"], kind="lead"))
            if meta["care"] is not None:
                members.append(Member(case=case, user=meta["care"], kind="care"))
            for step, on in meta["history"]:
                changes.append(StatusChange(case=case, status=step, on=on, by=meta["lead"]))
            steps_done = {step.step for step, _on in meta["history"]}
            if "aanzegging" in steps_done:
                on = dict((st.step, d) for st, d in meta["history"])["aanzegging"]
                aanzeggingen.append(Aanzegging(case=case, held_at=self._aware(on), by=meta["lead"],
                                               care_offered=True))
                for k in range(rng.randint(1, 4)):
                    given_on = on + timedelta(weeks=4 * (k + 1))
                    if given_on <= (case.closed_on or today):
                        status_updates.append(StatusUpdate(
                            case=case, given_on=given_on, channel="phone",
                            summary="Geen nieuws; onderzoek loopt.", by=meta["lead"]))
            if "hearings" in steps_done:
                on = dict((st.step, d) for st, d in meta["history"])["hearings"]
                hearings.append(Hearing(case=case, kind="hearing", invited_on=on,
                                        scheduled_at=self._aware(on + timedelta(days=10)),
                                        held=True))
            reviews.append(Review(case=case, held_on=case.opened_on + timedelta(days=30),
                                  by=meta["authority"], notes="Voortgang besproken."))
            if rng.random() < 0.15:
                start = case.opened_on + timedelta(days=20)
                pauses.append(Pause(case=case, reason_id=meta["reason"], started_on=start,
                                    ended_on=None if (case.closed_on is None and rng.random() < .3)
                                    else start + timedelta(days=30), by=meta["lead"]))
            if case.closed_on is not None:
                decided_on = case.closed_on - timedelta(days=7)
                outcome = rng.choice(["no_breach", "breach_measure", "corrective"])
                decisions_.append(Decision(
                    case=case, outcome=outcome,
                    measure="reprimand" if outcome == "breach_measure" else "",
                    reasoning="Benchmark: gemotiveerd besluit.", decided_on=decided_on,
                    decided_by=meta["authority"]))
                closures.append(Closure(case=case, communicated_on=case.closed_on,
                                        communication="Persoonlijk meegedeeld.",
                                        rehabilitation_plan="Rehabilitatiegesprek."
                                        if outcome == "no_breach" else "", by=meta["lead"]))
                closed_signal_ids.add(case.signal_id)
            else:
                open_signal_ids.add(case.signal_id)
        for model, rows in ((Member, members), (StatusChange, changes),
                            (Aanzegging, aanzeggingen), (StatusUpdate, status_updates),
                            (Hearing, hearings), (Review, reviews), (Pause, pauses),
                            (Decision, decisions_), (Closure, closures)):
            model.objects.bulk_create(rows, batch_size=self.BATCH)
        Signal.objects.filter(pk__in=closed_signal_ids - open_signal_ids).update(
            status=Signal.Status.CLOSED)
        Signal.objects.filter(pk__in=open_signal_ids).update(
            status=Signal.Status.UNDER_INVESTIGATION)

    def _case_plan(self, signal, subject, org, route, opened) -> dict:
        from vik.core.workdays import add_working_days
        from vik.investigations.models import Case

        rng, s, today = self.rng, self.seeder, self.today
        code = self.CASE_ROUTE_TYPE[route]
        if route == "disciplinary" and rng.random() < 0.3:
            code = "orienting"
        case_type = self.case_types[code]
        steps = self.steps[code]
        team = s.orgs["NAT"] if route == "national" else org
        duration = rng.randint(40, 500)
        closed_on = opened + timedelta(days=duration)
        is_closed = closed_on < today
        lead_pool = team.crim if case_type.track == "criminal" else team.disc
        lead = rng.choice(lead_pool)
        if (org.code == "R1" and case_type.track != "criminal" and route != "national"):
            if (not is_closed and self.investigator_budget > 0) or (is_closed
                                                                    and rng.random() < 0.2):
                lead = self.inv_user
                if not is_closed:
                    self.investigator_budget -= 1
            elif lead == self.inv_user:
                lead = next(u for u in lead_pool if u != self.inv_user)
        if is_closed:
            history_len = len(steps)
        else:
            elapsed = (today - opened).days / duration
            history_len = max(1, min(len(steps) - 1, int(elapsed * (len(steps) - 1)) + 1))
        history = []
        for i in range(history_len):
            on = opened + timedelta(days=int(i * duration / max(1, len(steps) - 1)))
            history.append((steps[i], min(on, today)))
        self.case_seq += 1
        prefix = {"criminal": "S", "disciplinary": "D", "orienting": "O"}[case_type.track]
        case = Case(
            reference=f"{prefix}{opened.year}-{self.case_seq:07d}", signal=signal,
            case_type=case_type, track=case_type.track, subject=subject,
            status=history[-1][0], status_since=history[-1][1], opened_on=opened,
            deadline=add_working_days(opened, case_type.throughput_norm_days),
            suspected_breach="Benchmark: omschrijving vermoedelijk plichtsverzuim.",
            closed_on=closed_on if is_closed else None,
            last_update_on=None, care_contact=self.line_managers.get(subject.manager_id),
        )
        return {"case": case, "lead": lead, "authority": rng.choice(team.authorities),
                "care": case.care_contact, "history": history,
                "reason": rng.choice(list(s.delay_reasons.values())).pk}

    def _analyze(self):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# ---------------------------------------------------------------------------------- measuring


def _give_second_factor(client, user) -> None:
    """The session as the code page leaves it (vik.secondfactor): these roles see names, and the
    pages are timed for a fully signed-in user (the device lookup of each request included)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = (TOTPDevice.objects.filter(user=user, confirmed=True).first()
              or TOTPDevice.objects.create(user=user, name="benchmark", confirmed=True))
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def measure(args) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from vik.accounts.models import User
    from vik.investigations.models import Case, Member

    investigator = User.objects.get(username="onderzoeker")
    triage = User.objects.get(username="triage")
    case = (Case.objects.filter(members__user=investigator, members__kind="lead",
                                closed_on__isnull=True)
            .order_by("opened_on", "id").first())
    if case is None:
        raise SystemExit("no open case for the investigator; load more data")
    pages = [
        ("Case list /onderzoeken/", investigator, "/onderzoeken/"),
        ("Case page /onderzoeken/<pk>/", investigator, f"/onderzoeken/{case.pk}/"),
        ("My tasks / (investigator)", investigator, "/"),
        ("My tasks / (triage)", triage, "/"),
        ("Signal list /meldingen/ (triage)", triage, "/meldingen/"),
        ("Signal list /meldingen/ (investigator)", investigator, "/meldingen/"),
    ]
    results = []
    for label, user, url in pages:
        client = Client()
        client.force_login(user)
        _give_second_factor(client, user)
        for _ in range(3):  # warm caches, templates, connection
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        timings = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        queries = sorted(ctx.captured_queries, key=lambda q: float(q["time"]), reverse=True)
        results.append({
            "label": label, "url": url, "median": statistics.median(timings),
            "p90": statistics.quantiles(timings, n=10)[8], "queries": len(ctx.captured_queries),
            "slowest": queries[:3],
        })
    info = {
        "investigator_open_cases": Member.objects.filter(
            user=investigator, case__closed_on__isnull=True).values("case").distinct().count(),
        "investigator_all_cases": Member.objects.filter(user=investigator)
        .values("case").distinct().count(),
    }
    return results, info


def explain(results) -> None:
    from django.db import connection

    for result in results:
        print(f"\n### {result['label']}")
        for query in result["slowest"]:
            sql = query["sql"]
            print(f"-- {float(query['time']) * 1000:.1f} ms: {sql[:300]}")
            if connection.vendor == "postgresql" and sql.lstrip().upper().startswith("SELECT"):
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN ANALYZE " + sql)
                    for (line,) in cursor.fetchall():
                        print("   ", line)


def main() -> int:
    args = parse_args()
    description, cleanup = prepare_database(args)
    import django

    django.setup()
    from django.core.management import call_command

    # Debug is off, as in production: pages name their static files by the hashed manifest.
    call_command("collectstatic", interactive=False, verbosity=0)

    try:
        print(f"Database: {description}")
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        print(f"  migrate: {time.monotonic() - started:.1f} s", flush=True)
        load = Loader(args).run()
        from vik.investigations.models import Case
        from vik.signals.models import Signal

        print(f"Loaded {Signal.objects.count():,} signals and {Case.objects.count():,} cases "
              f"({Case.objects.filter(closed_on__isnull=True).count():,} open) in "
              f"{load['load_seconds']:.0f} s")
        results, info = measure(args)
        print(f"Investigator 'onderzoeker': member of {info['investigator_open_cases']} open / "
              f"{info['investigator_all_cases']} cases in total. Requests per page: "
              f"{args.requests} (after 3 warm-up requests).\n")
        print(f"| {'page':<40} | {'median ms':>9} | {'p90 ms':>7} | {'queries':>7} | target |")
        print(f"|{'-' * 42}|{'-' * 11}|{'-' * 9}|{'-' * 9}|--------|")
        for r in results:
            verdict = "ok" if r["median"] < TARGET_MS else "SLOW"
            print(f"| {r['label']:<40} | {r['median']:>9.1f} | {r['p90']:>7.1f} | "
                  f"{r['queries']:>7} | {verdict:<6} |")
        if args.explain:
            explain(results)
    finally:
        cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
