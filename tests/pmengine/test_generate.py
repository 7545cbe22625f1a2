"""The generator draws the same world for the same seed, byte for byte.

The digests were recorded on the one-class generator (``generate._World``, before issue 16 split it
into a package by stage); a refactor of the generator must keep them. A change that is meant to
change the worlds (a new scenario, another rate) re-records them and says so in its commit, since
every benchmark figure in ``docs/benchmarks-pmengine.md`` was measured on these worlds. CSV is
digested rather than Parquet: its bytes depend on the data only, not on the Parquet writer.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from pmengine.cli import main
from pmengine.generate import generate, generate_world, write_world

pytestmark = pytest.mark.engine

SEED_7 = {  # generate(40 employees, 1 week, seed 7), CSV
    "bursts.jsonl": "2d4fd0fe2585578f260610bfa398a509445ecb4e1d7a4155e423d22d98911d1b",
    "declared_relations.csv": "99dc564a7305e0ea7a467cac14da0f9055f476287b3caf07ffdf6ef0f69fab1d",
    "employees.csv": "0109313480716f046d2a8b2956836bc4366b66ede58d269d239ea83edf19dffc",
    "query_log.csv": "96825288b7deee2252ddbfcdf3b8eb3129d7c93141931fc3cb496f46beabd045",
    "registration_officers.csv": "b5d4e3de293551856326f3875624729f5805b3cfa595c0c2a2b5b6f1d536ee25",
    "registration_subjects.csv": "2e621530ab4dfef1277578de32fa5efe086d2a39eaa8ba8249e3bf40f1227bed",
    "registrations.csv": "bbceb077ea143e4f1e44fffc551a9868e0dad6187a9e4a2b83e8b7172b58d743",
    "shifts.csv": "78cd50bbc81b78e1cca6cf6dbed25e7e13051ecc677f6e191ee94bad78500a24",
    "subjects.csv": "e9573c202cc3aab6c8c0961252b325a5b176ca6c836354c226b23acc48233536",
    "truth.jsonl": "a870ce478760f1b7784f52080c81c2c5b53695cbbc539a249e60cd98359f82bd",
}
SEED_3_NO_VISITORS = {  # generate_world(60 employees, 2 weeks, seed 3, visitors=0), CSV
    "bursts.jsonl": "542d6a7b562e6df356c84f14513175808817aaa40dcd93e626505c9479b691a9",
    "declared_relations.csv": "d152aa8bf567d42425eae64dee7806e2b44748cbb682f7cd243a7d3d4a85a5bb",
    "employees.csv": "d30f03178e1c3522ae2e4e98cfa2d8cd4dcd73675010ddfc198116adc542af43",
    "query_log.csv": "732b090376bd92e100cb6d33e69b33b009dfed0a13a2804bae035334bc446c99",
    "registration_officers.csv": "cbc9d806a2601e35978f1c17ca5db6d55b3adcdcb424ddf4696f45bd4205a39a",
    "registration_subjects.csv": "181fa81457fea374b94e2ba30af8edbeeb827c71839f048682ea0ac04cfdc348",
    "registrations.csv": "69c97f58b68715ff7c10e2d629cffd59f91614b87eed90720b7c6ff22245e356",
    "shifts.csv": "67b705657cc4674be10cd2a10787e971cd3859caea4e9b4c864b0864de89ec0d",
    "subjects.csv": "c09b194ce99f158c9168bbb76c83e4339c9c5ef5faaa0fae13f1278fc6cb6da2",
    "truth.jsonl": "248e59e28aed7775e6244339c9cf6d1ed4190131e4eef975d2fab07ed1f19c38",
}


def digests(root: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.iterdir())}


def test_seed_7_is_byte_identical(tmp_path: Path) -> None:
    generate(tmp_path, 40, 1, seed=7, fmt="csv")
    assert digests(tmp_path) == SEED_7


def test_worlds_without_visitors_are_byte_identical(tmp_path: Path) -> None:
    """``visitors=0`` draws no random number for visitors: the worlds of session 1."""
    write_world(generate_world(60, 2, seed=3, visitors=0.0), tmp_path, "csv")
    assert digests(tmp_path) == SEED_3_NO_VISITORS


def test_cli_generate_draws_the_same_world(tmp_path: Path) -> None:
    args = ["generate", str(tmp_path), "--employees", "40", "--weeks", "1", "--seed", "7", "--format", "csv"]
    assert main([*args, "--no-progress"]) == 0
    assert digests(tmp_path) == SEED_7


def test_python_m_pmengine_generate_draws_the_same_world(tmp_path: Path) -> None:
    args = ["--employees", "40", "--weeks", "1", "--seed", "7", "--format", "csv", "--no-progress"]
    done = subprocess.run(
        [sys.executable, "-m", "pmengine.generate", str(tmp_path), *args], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert digests(tmp_path) == SEED_7
