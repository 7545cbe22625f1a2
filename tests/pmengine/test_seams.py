"""Engine seams: a module of the engine uses only the public names of another.

A name starting with ``_`` is private to its module: its shape may change without notice. What a
second module needs is made public there, with its shapes, units and errors documented (issue 16:
``evidence`` imported two private helpers of ``explain``, ``stream`` three of ``contract``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.engine

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "pmengine"


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(node: ast.ImportFrom, here: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = here.split(".") if is_package else here.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def private_uses(text: str, here: str, is_package: bool = False, label: str = "") -> list[str]:
    """``from pmengine.x import _y``, ``from .x import _y`` and ``x._y`` for an engine module ``x``,
    in the source ``text`` of module ``here`` (dotted name; ``is_package``: it is an ``__init__``)."""
    tree = ast.parse(text)
    modules: set[str] = set()  # local names bound to engine modules
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _resolve(node, here, is_package)
            if source.split(".")[0] != "pmengine" or source == here:
                continue
            for alias in node.names:
                if _private(alias.name):
                    found.append(f"{label}:{node.lineno} from {source} import {alias.name}")
                else:
                    modules.add(alias.asname or alias.name)  # may be a module (from pmengine import contract)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "pmengine":
                    modules.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            base = node.value
            dotted = []
            while isinstance(base, ast.Attribute):
                dotted.append(base.attr)
                base = base.value
            if isinstance(base, ast.Name) and base.id in modules:
                found.append(f"{label}:{node.lineno} {ast.unparse(node)}")
    return found


def test_no_module_uses_private_names_of_another() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 10
    found = [
        use
        for path in files
        for use in private_uses(
            path.read_text(encoding="utf-8"),
            _module_name(path),
            path.name == "__init__.py",
            str(path.relative_to(PACKAGE.parent)),
        )
    ]
    assert not found, "private names used across engine modules:\n" + "\n".join(found)


def test_the_check_finds_what_it_looks_for() -> None:
    sample = (
        "from pmengine import contract\nfrom pmengine.explain import _rows\nfrom .evidence import _flag\n"
        "from ._own import thing\nimport pmengine.contract\nx = contract._LINE\ny = pmengine.contract._typed\n"
        "z = contract.SCHEMAS\nself_ok = _rows\n"
    )
    uses = private_uses(sample, "pmengine.stream")
    assert [u.split(" ", 1)[1] for u in uses] == [
        "from pmengine.explain import _rows",
        "from pmengine.evidence import _flag",
        "contract._LINE",
        "pmengine.contract._typed",
    ]
