"""The README's tour, run against the real server on the demo data.

One server for the whole session, started the way `make run` starts it: production settings
(VIK_DEBUG=0, VIK_DEMO=1, VIK_HTTPS=0, SQLite) in a temporary VIK_VAR_DIR, then `vik migrate`,
`vik collectstatic`, `vik seed_demo` and `vik serve` (gunicorn) as a subprocess in its own process
group, stopped at the end. Nothing here touches the test database of pytest-django: the journeys
only talk HTTP to that server, through Debian's Chromium (the `browser` fixture of tests/conftest).

For a developer iterating on a journey, VIK_TOUR_BASE_URL=http://127.0.0.1:PORT uses a demo server
that is already running (started as above) instead of seeding a new one; VIK_TOUR_SCREENSHOTS=DIR
keeps the screenshots (one per journey) in DIR instead of pytest's temporary directory.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, Response, expect

PROJECT_DIR = Path(__file__).resolve().parents[2]
VIK = Path(sys.executable).with_name("vik")
DEMO_PASSWORD = "demo-vik-2026"
# Generous for a 2-core machine shared with other work; a broken page still fails in seconds.
TIMEOUT_MS = 15_000
SERVER_START_SECONDS = 120
SETUP_SECONDS = 900

# What Django shows instead of the application's own Dutch pages.
DEBUG_PAGE_MARKERS = (
    "Traceback (most recent call last)", "DEBUG = True", "Server Error (500)", "Page not found",
    "Using the URLconf", "Request Method:", "Exception Value:", "Forbidden (403)",
    "CSRF verification failed", "Bad Request (400)",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _stop(process: subprocess.Popen) -> None:
    """Stop the server's whole process group (gunicorn's arbiter and its workers); SIGINT is
    gunicorn's quick shutdown (SIGTERM would wait for its graceful timeout)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory) -> Iterator[str]:
    """Base URL of a freshly seeded demo served by `vik serve` (gunicorn), as `make run` does."""
    if existing := os.environ.get("VIK_TOUR_BASE_URL"):
        yield existing.rstrip("/")
        return
    var_dir = tmp_path_factory.mktemp("tour-var")
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("VIK_") and key not in {"DJANGO_SETTINGS_MODULE",
                                                          "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(VIK_VAR_DIR=str(var_dir), VIK_DEBUG="0", VIK_DEMO="1", VIK_HTTPS="0",
               VIK_DB_ENGINE="sqlite")
    log_path = var_dir / "server.log"
    with log_path.open("ab") as log:
        def vik(*args: str) -> subprocess.Popen:
            return subprocess.Popen([str(VIK), *args], cwd=PROJECT_DIR, env=env, stdout=log,
                                    stderr=subprocess.STDOUT)

        def finish(process: subprocess.Popen, what: str) -> None:
            if process.wait(timeout=SETUP_SECONDS):
                pytest.fail(f"`vik {what}` failed ({process.returncode}); see {log_path}")

        # collectstatic (compressing every file, half a minute) does not need the database, so it
        # runs beside migrate and seed_demo, which `make run` runs one after the other.
        static = vik("collectstatic", "--noinput", "--verbosity", "0")
        try:
            finish(vik("migrate", "--noinput"), "migrate")
            finish(vik("seed_demo"), "seed_demo")
            finish(static, "collectstatic")
        finally:
            if static.poll() is None:
                static.kill()
        port = _free_port()
        process = subprocess.Popen(
            [str(VIK), "serve", "--host", "127.0.0.1", "--port", str(port), "--no-scheduler"],
            cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        # The job runner that `vik serve` starts beside gunicorn, without the periodic jobs (their
        # facts refresh would race the journeys): reports and imports requested in a journey run.
        worker = subprocess.Popen(
            [str(VIK), "db_worker", "--queue-name", "*", "--interval", "1", "--no-startup-delay"],
            cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not _answers(f"{base_url}/inloggen/"):
            if process.poll() is not None:
                pytest.fail(f"`vik serve` exited with {process.returncode}; see {log_path}")
            if time.monotonic() > deadline:
                pytest.fail(f"`vik serve` did not answer within {SERVER_START_SECONDS} s")
            time.sleep(0.5)
        yield base_url
    finally:
        _stop(worker)
        _stop(process)


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    if chosen := os.environ.get("VIK_TOUR_SCREENSHOTS"):
        path = Path(chosen)
        path.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path_factory.mktemp("tour-screenshots")


@dataclass
class Tour:
    """One journey: browser contexts per user, and the checks every page must pass."""

    browser: object
    base_url: str
    screenshot_dir: Path
    name: str
    contexts: list[BrowserContext] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)

    def _context(self) -> Page:
        context = self.browser.new_context(base_url=self.base_url, locale="nl-NL",
                                           timezone_id="Europe/Amsterdam",
                                           viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)

        def record(response: Response) -> None:
            # Only pages and the requests a page makes to its own server; no calls back into
            # Playwright here (this runs inside the event loop).
            own = response.url.startswith(self.base_url)
            if own and (response.status >= 500 or (
                    response.request.resource_type == "document" and response.status == 404)):
                self.bad_responses.append(f"{response.status} {response.url}")

        context.on("response", record)
        return context.new_page()

    def login(self, username: str, *, home: str = "Mijn taken") -> Page:
        """Log in through the login page (the only URL typed), landing on the start page."""
        page = self._context()
        page.goto("/inloggen/")
        self.check(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        heading = page.get_by_role("heading", level=1)
        expect(heading).not_to_have_text("Inloggen")
        if heading.inner_text() == "Inlogcode":
            # Roles that see names give a code after the password; the demo shows the current one.
            self.check(page)
            for _attempt in range(20):  # a code is used once: after two sign-ins, the next half minute
                hint = page.locator(".demo-hint").inner_text()
                if code := re.search(r"\d{3} \d{3}", hint):
                    break
                page.wait_for_timeout(2000)
                page.reload()
            assert code, hint
            page.get_by_label("Code uit uw authenticator-app").fill(code.group())
            page.get_by_role("button", name="Controleren").click()
        expect(page.get_by_role("heading", name=home, level=1)).to_be_visible()
        expect(page.locator("header").get_by_role("button", name="Uitloggen")).to_be_visible()
        self.check(page)
        return page

    def anonymous(self) -> Page:
        """A visitor without an account, starting at the login page like everyone else."""
        page = self._context()
        page.goto("/inloggen/")
        self.check(page)
        return page

    def check(self, page: Page) -> None:
        """The page is one of the application's own Dutch pages: no server error, no 404 on the
        way, no Django debug or stock error page."""
        page.wait_for_load_state()
        assert not self.bad_responses, f"{self.name}: error responses {self.bad_responses}"
        assert (page.locator("html").get_attribute("lang") or "").startswith("nl"), page.url
        text = page.locator("body").inner_text()
        for marker in DEBUG_PAGE_MARKERS:
            assert marker not in text, f"{self.name}: {marker!r} on {page.url}"

    def menu(self, page: Page, name: str) -> None:
        """Follow an item of the main menu (the header's navigation)."""
        page.locator("header nav").get_by_role("link", name=name, exact=True).click()
        self.check(page)

    def follow(self, page: Page, name: str | re.Pattern, *, within=None) -> None:
        """Follow a link in the page's content."""
        (within or page.locator("main")).get_by_role("link", name=name).first.click()
        self.check(page)

    def screenshot(self, page: Page) -> Path:
        path = self.screenshot_dir / f"{self.name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def tour(browser, demo_server, screenshot_dir, request) -> Iterator[Tour]:
    journey = Tour(browser=browser, base_url=demo_server, screenshot_dir=screenshot_dir,
                   name=re.sub(r"\W+", "-", request.node.name).strip("-"))
    yield journey
    journey.close()


@pytest.fixture(autouse=True)
def _expect_timeout() -> None:
    expect.set_options(timeout=TIMEOUT_MS)

