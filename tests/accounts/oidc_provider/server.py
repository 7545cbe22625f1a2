"""Starts and stops the test provider: a subprocess serving it on a free loopback port."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from .setup import PASSWORD

PROJECT_DIR = Path(__file__).resolve().parents[3]
CLIENT_ID = "vik-test"
CLIENT_SECRET = "vik-test-geheim-" + os.urandom(8).hex()
USERS = ("agent", "agent2", "buitenstaander")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Provider:
    """A running provider: `issuer`, the VIK client's id and secret, its users' `password`;
    `set_claims(username, claims)` says what it vouches for at the next sign-in, `allow(base_url)`
    accepts a VIK served at base_url as the client."""

    password = PASSWORD
    client_id = CLIENT_ID
    client_secret = CLIENT_SECRET

    def __init__(self, directory: Path):
        self.port = _free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        self.issuer = f"{self.origin}/openid"
        self.claims_file = directory / "claims.json"
        self.claims_file.write_text("{}")
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.accounts.oidc_provider.settings",
            "PYTHONPATH": str(PROJECT_DIR),
            "OIDC_TEST_DB": str(directory / "provider.sqlite3"),
            "OIDC_TEST_SITE_URL": self.origin,
            "OIDC_TEST_CLAIMS": str(self.claims_file),
        }
        self.allowed: set[str] = set()
        self.process: subprocess.Popen | None = None

    def _setup(self, *args: str) -> None:
        subprocess.run([sys.executable, "-m", "tests.accounts.oidc_provider.setup", *args],
                       cwd=PROJECT_DIR, env=self.env, check=True, timeout=120)

    def start(self) -> "Provider":
        self._setup("init", CLIENT_ID, CLIENT_SECRET, *USERS)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            cwd=PROJECT_DIR, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=2).ok:
                    return self
            except requests.RequestException:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the test OpenID Connect provider did not start")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def allow(self, base_url: str) -> None:
        if base_url not in self.allowed:
            self._setup("allow", base_url)
            self.allowed.add(base_url)

    def set_claims(self, username: str, claims: dict) -> None:
        current = json.loads(self.claims_file.read_text())
        current[username] = claims
        self.claims_file.write_text(json.dumps(current))
