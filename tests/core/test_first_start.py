"""A fresh clone has no `var/`: the first command a newcomer runs (`make run` starts with `vik
migrate`) must create what it needs, and production must refuse to start without its secrets."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _vik(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items()
            if not k.startswith("VIK_") and k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run([sys.executable, "-m", "vik.cli", *args], env={**base, **env},
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("served", [
    {},  # the defaults (debug on)
    {"VIK_DEBUG": "0", "VIK_DEMO": "1", "VIK_HTTPS": "0"},  # what `make run` sets
], ids=["defaults", "make-run"])
def test_migrate_on_a_fresh_clone_creates_the_data_directory_and_demo_secrets(tmp_path: Path, served):
    var = tmp_path / "clone" / "var"  # does not exist, like var/ in a fresh clone
    result = _vik(["migrate", "--noinput", "-v", "0"],
                  {"VIK_VAR_DIR": str(var), "VIK_DB_ENGINE": "sqlite", **served})
    assert result.returncode == 0, result.stderr
    assert (var / "vik.sqlite3").exists()
    secret_key = (var / "secret_key").read_text()
    pseudonym_key = (var / "pseudonym_key").read_text()
    assert len(secret_key) >= 50 and secret_key != pseudonym_key
    for name in ("secret_key", "pseudonym_key", "audit_key", "otp_key"):
        assert stat.S_IMODE((var / name).stat().st_mode) == 0o600


@pytest.mark.parametrize("missing", ["VIK_SECRET_KEY", "VIK_PSEUDONYM_KEY", "VIK_AUDIT_KEY", "VIK_OTP_KEY"])
def test_production_refuses_to_start_without_a_secret(tmp_path: Path, missing: str):
    env = {"VIK_VAR_DIR": str(tmp_path / "var"), "VIK_DEBUG": "0", "VIK_DEMO": "0",
           "VIK_SECRET_KEY": "x" * 60, "VIK_PSEUDONYM_KEY": "y" * 60, "VIK_AUDIT_KEY": "z" * 60,
           "VIK_OTP_KEY": "o" * 60}
    del env[missing]
    result = _vik(["check"], env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr
    assert not (tmp_path / "var" / "secret_key").exists()
