"""Load test: N signed-in users on the demo mix through the production server, on loopback only.

Targets (issue 14, docs/benchmarks.md): 50 users ≥ 100 requests/s with p95 < 300 ms; 200 users
without errors and p99 < 2 s; "my tasks" p99 unchanged (within noise) while a full dashboard
rebuild runs.

What it does, in order:

1. Prepares a fresh database as `make run` does (migrate, collectstatic, seed_demo): PostgreSQL
   `vik_bench_load` (dropped and created) when VIK_DB_ENGINE=postgresql with the usual VIK_DB_*
   variables, else a temporary SQLite file. `--reuse` keeps a database left by `--keep`.
2. Starts VIK as `make run` serves it: `vik serve` (gunicorn, gthread workers, DEBUG off, static
   files by the app) on 127.0.0.1 and a free port, with `--workers`/`--threads` as given (default:
   what `vik serve` uses). The background process is left out (`--no-scheduler`) so that none of its
   periodic jobs falls by chance into a measurement; `--rebuild` runs the heaviest one on purpose.
3. Signs in N sessions, spread round-robin over the demo's users of the roles that use the mix
   (triage, investigators, competent authority, line managers, care, policy): by default a Django
   session is created directly in the database (as the login view would; a password check costs
   ~0.3 s of CPU each and is not what is measured here); `--login form` signs in through the login
   page instead (django-axes counts failures per user name and address; successes reset it).
4. Each user runs the demo mix: my tasks, signal list, a signal page, a case page, the dashboard,
   the triage queue, each only where the user's role has the page (a page answering 403/404 in
   the warm-up round is dropped from that user's mix and listed). Every user sends its next
   request when the previous one is answered (closed loop), after `--think` seconds (default 0:
   the most pressure N users can put on the server). `--rate R` paces the users instead: together
   they start R requests per second (each user one every N/R s, at once if it is late), so the
   latency is measured at that throughput rather than at saturation.
5. Reports requests/s, p50/p95/p99 overall and per page, errors by status (and by exception:
   time-outs, refused connections), and the load average of the machine before and after.

`--rebuild` runs three phases of `--duration` seconds each: without, with and again without a full
dashboard rebuild (`vik dashboard_rebuild`, repeated until the phase ends, in its own process),
and prints "my tasks" side by side.

    .venv/bin/python benchmarks/load.py --users 50 --duration 60
    VIK_DB_ENGINE=postgresql VIK_DB_HOST=127.0.0.1 VIK_DB_PORT=5491 VIK_DB_USER=postgres \\
        .venv/bin/python benchmarks/load.py --users 200 --duration 60 --keep
    ... benchmarks/load.py --reuse --users 50 --rebuild

Bounded: at most 500 users, 600 s per phase, a 30 s time-out per request; only 127.0.0.1 (the
script refuses any other host). Only synthetic data.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

LOOPBACK = "127.0.0.1"
MAX_USERS = 500
MAX_DURATION = 600
REQUEST_TIMEOUT = 30.0
ROLES = ["triage", "investigator_disciplinary", "investigator_criminal", "competent_authority",
         "line_manager", "care_contact", "policy"]
# The demo mix: page kind -> weight (of a user who has every page).
MIX = {"my tasks": 30, "signal list": 15, "signal page": 20, "case page": 15, "dashboard": 10,
       "triage queue": 10}
TARGETS = {50: "≥ 100 requests/s, p95 < 300 ms", 200: "0 errors, p99 < 2 s"}


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per phase")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of load before measuring")
    parser.add_argument("--think", type=float, default=0.0, help="seconds between a user's requests")
    parser.add_argument("--rate", type=float, default=None,
                        help="pace the users: together this many requests per second")
    parser.add_argument("--rebuild", action="store_true",
                        help="phases without / with / without a full dashboard rebuild")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (vik serve's default)")
    parser.add_argument("--threads", type=int, default=None, help="threads per worker (vik serve's default)")
    parser.add_argument("--close", action="store_true",
                        help="a new connection per request (no keep-alive), as behind a proxy that does not pool")
    parser.add_argument("--login", choices=["session", "form"], default="session")
    parser.add_argument("--host", default=LOOPBACK)
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--profile", action="store_true",
                        help="before the load: per page and role the server time and query count of one request")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--reuse", action="store_true", help="use the database kept by --keep")
    parser.add_argument("--db-name", default="vik_bench_load")
    args = parser.parse_args(argv)
    if args.host != LOOPBACK:
        parser.error(f"loopback only: --host must be {LOOPBACK}")
    if not 1 <= args.users <= MAX_USERS:
        parser.error(f"--users must be between 1 and {MAX_USERS}")
    if not 1 <= args.duration <= MAX_DURATION or not 0 <= args.warmup <= 60:
        parser.error(f"--duration must be between 1 and {MAX_DURATION} s, --warmup at most 60 s")
    if args.rate is not None and not 0 < args.rate <= 2000:
        parser.error("--rate must be between 0 and 2000")
    return args


# ------------------------------------------------------------------------------------ database


def prepare_environment(args) -> tuple[str, callable, dict]:
    """The environment of every process (server, rebuild, this one) and the database in it."""
    env = dict(os.environ)
    env.update({"VIK_DEBUG": "0", "VIK_DEMO": "1", "VIK_HTTPS": "0", "VIK_LOG_LEVEL": "WARNING",
                "DJANGO_SETTINGS_MODULE": "vik.settings"})
    if env.get("VIK_DB_ENGINE") == "postgresql":
        import psycopg

        conninfo = dict(host=env.get("VIK_DB_HOST", LOOPBACK), port=env.get("VIK_DB_PORT", "5432"),
                        user=env.get("VIK_DB_USER", "vik"), password=env.get("VIK_DB_PASSWORD", ""),
                        dbname="postgres", autocommit=True)
        if conninfo["host"] not in (LOOPBACK, "localhost"):
            raise SystemExit("loopback only: VIK_DB_HOST must be 127.0.0.1")
        with psycopg.connect(**conninfo) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.db_name]).fetchone()
            args.reuse = bool(args.reuse and exists)
            if not args.reuse:
                conn.execute(f'DROP DATABASE IF EXISTS "{args.db_name}"')
                conn.execute(f'CREATE DATABASE "{args.db_name}"')
            server = conn.execute("SHOW server_version").fetchone()[0]
        env["VIK_DB_NAME"] = args.db_name

        def cleanup():
            if args.keep:
                return
            with psycopg.connect(**conninfo) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{args.db_name}" WITH (FORCE)')

        return f"PostgreSQL {server} (database {args.db_name})", cleanup, env
    keep_dir = Path(tempfile.gettempdir()) / "vik-bench-load"
    if args.reuse and (keep_dir / "load.sqlite3").exists():
        tmpdir = keep_dir
    else:
        args.reuse = False
        tmpdir = keep_dir if args.keep else Path(tempfile.mkdtemp(prefix="vik-bench-load-"))
        tmpdir.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            (tmpdir / f"load.sqlite3{suffix}").unlink(missing_ok=True)
    env["VIK_SQLITE_PATH"] = str(tmpdir / "load.sqlite3")
    env["VIK_MEDIA_ROOT"] = str(tmpdir / "media")

    def cleanup():
        if not args.keep:
            shutil.rmtree(tmpdir, ignore_errors=True)

    import sqlite3

    return f"SQLite {sqlite3.sqlite_version} ({env['VIK_SQLITE_PATH']})", cleanup, env


def vik(env: dict, *command: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vik.cli", *command], env=env, check=True, **kwargs)


def seed(env: dict) -> None:
    """What `make run` does before it serves (see the Makefile)."""
    started = time.monotonic()
    vik(env, "migrate", "--noinput", stdout=subprocess.DEVNULL)
    vik(env, "collectstatic", "--noinput", "--verbosity", "0")
    vik(env, "seed_demo", stdout=subprocess.DEVNULL)
    print(f"  migrate + collectstatic + seed_demo: {time.monotonic() - started:.0f} s", flush=True)


def setup_django(env: dict) -> None:
    os.environ.update(env)
    import django

    django.setup()


def data_size() -> str:
    from vik.accounts.models import Employee, User
    from vik.investigations.models import Case
    from vik.signals.models import Signal

    return (f"demo data: {Signal.objects.count():,} signals, {Case.objects.count():,} cases, "
            f"{Employee.objects.count():,} employees, {User.objects.count():,} users")


def plan_users(args) -> list[dict]:
    """N sessions over the demo users of the mix's roles; per user the candidate pages."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connections
    from django_otp import DEVICE_ID_SESSION_KEY

    from vik.accounts.models import User
    from vik.core.idle import SEEN
    from vik.investigations.selectors import cases_for
    from vik.secondfactor import services as second_factor
    from vik.signals.selectors import signals_for

    rng = random.Random(args.seed)
    people = list(User.objects.filter(is_active=True, groups__name__in=ROLES).distinct().order_by("username"))
    pages_of: dict[int, dict[str, list[str]]] = {}
    for user in people:
        signal_ids = list(signals_for(user).order_by("-id").values_list("id", flat=True)[:25])
        case_ids = list(cases_for(user).order_by("-id").values_list("id", flat=True)[:25])
        pages_of[user.pk] = {
            "my tasks": ["/"],
            "signal list": ["/meldingen/"],
            "signal page": [f"/meldingen/{pk}/" for pk in signal_ids],
            "case page": [f"/onderzoeken/{pk}/" for pk in case_ids],
            "dashboard": ["/dashboard/"],
            "triage queue": ["/triage/"],
        }
    sessions = []
    from vik.accounts.backends import SESSION_BACKEND as backend
    for n in range(args.users):
        user = people[n % len(people)]
        entry = {"username": user.username, "pages": {k: v for k, v in pages_of[user.pk].items() if v},
                 "rng": random.Random(rng.random())}
        if args.login == "session":
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = backend
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store[SEEN] = time.time()
            if second_factor.needs_second_factor(user):
                # As the code page leaves the session (the demo enrols every such user's device).
                device = second_factor.confirmed_device(user)
                if device is None:
                    raise RuntimeError(f"{user.username} needs a second factor and has no device")
                store[DEVICE_ID_SESSION_KEY] = device.persistent_id
            store.create()
            entry["session"] = store.session_key
        sessions.append(entry)
    connections.close_all()
    return sessions


def profile(sessions: list[dict]) -> None:
    """One request per page and user role through django.test.Client (in this process): which page
    costs what, and how many queries it makes (an N+1 shows as a count that grows with the data)."""
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp import DEVICE_ID_SESSION_KEY

    from vik.accounts.models import User
    from vik.secondfactor import services as second_factor

    seen_roles = set()
    rows = []
    for session in sessions:
        user = User.objects.get(username=session["username"])
        role = ",".join(sorted(user.groups.values_list("name", flat=True)))
        if role in seen_roles:
            continue
        seen_roles.add(role)
        client = Client()
        client.force_login(user)
        if second_factor.needs_second_factor(user):
            verified = client.session
            verified[DEVICE_ID_SESSION_KEY] = second_factor.confirmed_device(user).persistent_id
            verified.save()
        for kind, urls in session["pages"].items():
            url = urls[0]
            client.get(url)  # warm
            timings, cpu = [], []
            for _ in range(3):
                with CaptureQueriesContext(connection) as queries:
                    started, started_cpu = time.perf_counter(), time.process_time()
                    status = client.get(url).status_code
                    timings.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - started_cpu) * 1000)
            if status == 200:
                rows.append((kind, role, user.username, statistics.median(timings), statistics.median(cpu),
                             len(queries)))
    # CPU time (this process: Django and, on SQLite, the database) is what the two cores run out
    # of; wall time also holds the waits for a shared machine.
    print("\n| page | role | user | server ms (median of 3) | CPU ms | queries |\n|---|---|---|---|---|---|")
    for kind, role, username, ms, cpu_ms, n in sorted(rows, key=lambda r: -r[3]):
        print(f"| {kind} | {role} | {username} | {ms:.0f} | {cpu_ms:.0f} | {n} |")
    connections.close_all()


# -------------------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def start_server(args, env: dict, log_path: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "vik.cli", "serve", "--host", LOOPBACK, "--port", str(args.port),
               "--no-scheduler"]
    if args.workers:
        command += ["--workers", str(args.workers)]
    if args.threads:
        command += ["--threads", str(args.threads)]
    log = open(log_path, "w")  # noqa: SIM115 - closed with the server
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    server.log = log
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (see {log_path})")
        try:
            if httpx.get(f"http://{LOOPBACK}:{args.port}/inloggen/", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    stop_server(server)
    raise SystemExit(f"the server did not answer within 60 s (see {log_path})")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, 15)  # its own process group (start_new_session): gunicorn and workers
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
            server.wait()
    server.log.close()


# ---------------------------------------------------------------------------------------- load


class Recorder:
    def __init__(self):
        self.measuring = False
        self.samples: list[tuple[str, int | str, float]] = []  # (page kind, status or error, ms)

    def add(self, kind: str, status, ms: float) -> None:
        if self.measuring:
            self.samples.append((kind, status, ms))


async def sign_in_form(client, username: str) -> None:
    import re

    from vik.demo.organisation import DEMO_PASSWORD

    page = await client.get("/inloggen/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = await client.post("/inloggen/", data={
        "csrfmiddlewaretoken": token, "username": username, "password": DEMO_PASSWORD},
        headers={"Referer": f"{client.base_url}inloggen/"})
    if response.status_code != 302:
        raise RuntimeError(f"sign-in of {username} answered {response.status_code}")


async def warm_up(client, session: dict, dropped: Counter) -> None:
    """One request per candidate page; a page the role does not have is left out of the mix."""
    for kind, urls in list(session["pages"].items()):
        response = await client.get(urls[0])
        if response.status_code != 200:
            dropped[(session["username"], kind, response.status_code)] += 1
            del session["pages"][kind]


async def user_loop(client, session: dict, args, recorder: Recorder, stop_at: float, interval: float | None):
    import httpx

    pages = session["pages"]
    kinds = list(pages)
    if not kinds:  # every page refused in the warm-up (listed there): this user sends nothing
        return
    weights = [MIX[k] for k in kinds]
    rng = session["rng"]
    next_start = time.monotonic() + (rng.random() * interval if interval else 0.0)
    while True:
        if interval:
            delay = next_start - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            next_start = max(next_start + interval, time.monotonic())
        if time.monotonic() >= stop_at:
            return
        kind = rng.choices(kinds, weights)[0]
        url = rng.choice(pages[kind])
        started = time.perf_counter()
        try:
            response = await client.get(url)
            status = response.status_code
        except httpx.TimeoutException:
            status = "time-out"
        except httpx.HTTPError as error:
            status = type(error).__name__
        recorder.add(kind, status, (time.perf_counter() - started) * 1000)
        if args.think and not interval:
            await asyncio.sleep(args.think)


async def run_load(args, sessions: list[dict], phases: list[tuple[str, callable | None]]) -> list[dict]:
    import httpx

    base = f"http://{LOOPBACK}:{args.port}"
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=0 if args.close else 1)
    clients = []
    for session in sessions:
        cookies = {"sessionid": session["session"]} if "session" in session else None
        clients.append(httpx.AsyncClient(base_url=base, cookies=cookies, limits=limits,
                                         timeout=REQUEST_TIMEOUT, follow_redirects=False))
    try:
        if args.login == "form":
            for client, session in zip(clients, sessions, strict=True):
                await sign_in_form(client, session["username"])
        dropped: Counter = Counter()
        await asyncio.gather(*(warm_up(c, s, dropped) for c, s in zip(clients, sessions, strict=True)))
        if dropped:
            by_kind = Counter()
            for (_user, kind, status), n in dropped.items():
                by_kind[(kind, status)] += n
            print("  pages left out of a user's mix (the role does not have them): "
                  + ", ".join(f"{kind} {status} × {n}" for (kind, status), n in sorted(by_kind.items())))
        interval = args.users / args.rate if args.rate else None
        results = []
        for name, during in phases:
            recorder = Recorder()
            total = args.warmup + args.duration
            stop_at = time.monotonic() + total
            load_before = os.getloadavg()
            side = during(args) if during else None
            tasks = [asyncio.create_task(user_loop(c, s, args, recorder, stop_at, interval))
                     for c, s in zip(clients, sessions, strict=True)]
            await asyncio.sleep(args.warmup)
            recorder.measuring, measured_from, cpu_from = True, time.monotonic(), time.process_time()
            await asyncio.sleep(max(0.0, stop_at - time.monotonic()))
            recorder.measuring, measured = False, time.monotonic() - measured_from
            own_cpu = (time.process_time() - cpu_from) / measured
            await asyncio.gather(*tasks)
            extra = side() if side else None
            results.append({"name": name, "samples": recorder.samples, "seconds": measured,
                            "load": (load_before, os.getloadavg()), "extra": extra,
                            "own_cpu": own_cpu})
        return results
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))


def rebuild_loop(env: dict):
    """Start full dashboard rebuilds, one after the other, until the returned stop is called."""

    def start(_args):
        import threading

        stop = threading.Event()
        runs: list[float] = []

        def loop():
            while not stop.is_set():
                started = time.monotonic()
                subprocess.run([sys.executable, "-m", "vik.cli", "dashboard_rebuild"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                runs.append(time.monotonic() - started)

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()

        def finish():
            stop.set()
            thread.join()
            return runs

        return finish

    return start


# ------------------------------------------------------------------------------------- report


def pct(values: list[float], p: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def summarize(result: dict) -> dict:
    samples = result["samples"]
    ok = [ms for _kind, status, ms in samples if status == 200]
    errors = Counter(status for _kind, status, _ms in samples if status != 200)
    per_kind = defaultdict(list)
    for kind, status, ms in samples:
        if status == 200:
            per_kind[kind].append(ms)
    return {"requests": len(samples), "rps": len(samples) / result["seconds"], "errors": errors,
            "p50": pct(ok, 50), "p95": pct(ok, 95), "p99": pct(ok, 99), "max": max(ok, default=0),
            "per_kind": {k: (len(v), pct(v, 50), pct(v, 95), pct(v, 99)) for k, v in per_kind.items()}}


def print_phase(args, result: dict, summary: dict) -> None:
    (before, after) = result["load"]
    print(f"\n### {result['name']}: {args.users} users, {result['seconds']:.0f} s measured "
          f"(after {args.warmup:.0f} s warm-up); load average {before[0]:.2f} → {after[0]:.2f}; "
          f"this load generator used {result['own_cpu']:.0%} of one core")
    errors = ", ".join(f"{status}: {n}" for status, n in sorted(summary["errors"].items(), key=str)) or "none"
    print(f"{summary['requests']:,} requests, {summary['rps']:.1f} requests/s; "
          f"p50 {summary['p50']:.0f} ms, p95 {summary['p95']:.0f} ms, p99 {summary['p99']:.0f} ms, "
          f"max {summary['max']:.0f} ms; errors: {errors}")
    if result["extra"] is not None:
        runs = result["extra"]
        print(f"dashboard rebuilds during the phase: {len(runs)} completed"
              + (f" ({', '.join(f'{s:.1f}' for s in runs)} s each, incl. process start)" if runs else ""))
    print(f"\n| {'page':<13} | {'requests':>8} | {'p50 ms':>7} | {'p95 ms':>7} | {'p99 ms':>7} |")
    print(f"|{'-' * 15}|{'-' * 10}|{'-' * 9}|{'-' * 9}|{'-' * 9}|")
    for kind in MIX:
        if kind in summary["per_kind"]:
            n, p50, p95, p99 = summary["per_kind"][kind]
            print(f"| {kind:<13} | {n:>8,} | {p50:>7.0f} | {p95:>7.0f} | {p99:>7.0f} |")


def verdict(args, summary: dict) -> str | None:
    errors = sum(summary["errors"].values())
    if args.users == 50:
        met = summary["rps"] >= 100 and summary["p95"] < 300
        return (f"target at 50 users ({TARGETS[50]}): {'met' if met else 'NOT met'} "
                f"({summary['rps']:.0f} requests/s, p95 {summary['p95']:.0f} ms)")
    if args.users == 200:
        met = errors == 0 and summary["p99"] < 2000
        return (f"target at 200 users ({TARGETS[200]}): {'met' if met else 'NOT met'} "
                f"({errors} errors, p99 {summary['p99']:.0f} ms)")
    return None


def main(argv=None) -> int:
    args = parse_args(argv)
    if not args.port:
        args.port = free_port()
    description, cleanup, env = prepare_environment(args)
    log_dir = Path(tempfile.mkdtemp(prefix="vik-load-log-"))
    server = None
    try:
        print(f"Database: {description}", flush=True)
        if args.reuse:
            if not (ROOT / "var" / "static" / "staticfiles.json").exists():
                vik(env, "collectstatic", "--noinput", "--verbosity", "0")
        else:
            seed(env)
        setup_django(env)
        size = data_size()
        sessions = plan_users(args)
        if args.profile:
            profile(sessions)
        server = start_server(args, env, log_dir / "server.log")
        workers = args.workers or "default"
        threads = args.threads or "default"
        pacing = (f"paced: together {args.rate:g} requests/s" if args.rate
                  else f"closed loop, think time {args.think:g} s")
        print(f"{size}\nServer: vik serve (gunicorn gthread, workers {workers}, threads {threads}, "
              f"DEBUG off) on {LOOPBACK}:{args.port}; {args.users} users ({args.login} sign-in), {pacing}; "
              f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}", flush=True)
        phases = [("load", None)]
        if args.rebuild:
            phases = [("without rebuild", None), ("during full dashboard rebuilds", rebuild_loop(env)),
                      ("without rebuild, again", None)]
        results = asyncio.run(run_load(args, sessions, phases))
        summaries = [summarize(r) for r in results]
        for result, summary in zip(results, summaries, strict=True):
            print_phase(args, result, summary)
        if args.rebuild:
            print("\n### my tasks side by side (ms)\n")
            print("| phase | requests | p50 | p95 | p99 | errors (all pages) |")
            print("|---|---|---|---|---|---|")
            for result, summary in zip(results, summaries, strict=True):
                n, p50, p95, p99 = summary["per_kind"].get("my tasks", (0, 0, 0, 0))
                print(f"| {result['name']} | {n:,} | {p50:.0f} | {p95:.0f} | {p99:.0f} | "
                      f"{sum(summary['errors'].values())} |")
        else:
            line = verdict(args, summaries[0])
            if line:
                print(f"\n{line}")
        server_errors = [line for line in (log_dir / "server.log").read_text().splitlines()
                         if "Traceback" in line or "[ERROR]" in line or "[CRITICAL]" in line]
        if server_errors:
            print(f"\nServer log: {len(server_errors)} error lines, e.g. {server_errors[0]} ({log_dir / 'server.log'})")
    finally:
        if server is not None:
            stop_server(server)
        from django.apps import apps

        if apps.ready:
            from django.db import connections

            connections.close_all()
        cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
