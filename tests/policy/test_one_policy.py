"""The policy is the only place a permission is decided: no module outside `vik.policy` checks a
role, and views answer a refused object through the policy's one "fetch → can → audit → 404"."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "vik"

# A role check is asking which roles a user holds, or whether he is staff or superuser.
ROLE_CHECK = re.compile(r"\bhas_role\(|\buser\.roles\b|\.is_superuser\b|\.is_staff\b|\.groups\.filter\(")

ALLOWED = {
    # Where roles are defined and held (`User.roles`, `User.has_role`).
    "accounts/models.py",
    # The demo picks synthetic people by role to build its data; every act it performs goes through
    # the services, so through the policy. It decides no permission.
    "demo/organisation.py",
}


def _sources():
    for path in sorted(SRC.rglob("*")):
        if path.suffix not in {".py", ".html", ".txt"} or "migrations" in path.parts:
            continue
        relative = path.relative_to(SRC).as_posix()
        if relative.startswith("policy/") or relative in ALLOWED:
            continue
        yield relative, path.read_text(encoding="utf-8")


def test_no_role_check_outside_the_policy():
    found = [f"{name}:{number}: {line.strip()}"
             for name, text in _sources()
             for number, line in enumerate(text.splitlines(), 1) if ROLE_CHECK.search(line)]
    assert found == [], "ask vik.policy.can(user, action, obj) instead:\n" + "\n".join(found)


def test_one_advisor_roles():
    definitions = [name for name, text in _sources() if re.search(r"^\s*ADVISOR_ROLES\s*=", text, re.M)]
    assert definitions == []
    assert "ADVISOR_ROLES = " in (SRC / "policy" / "confidential.py").read_text()


def test_no_string_hand_off_in_the_policy():
    """Every rule is named in the table; none is looked up by name at run time."""
    for path in (SRC / "policy").glob("*.py"):
        assert "getattr(access" not in path.read_text(), path.name


def test_no_view_repeats_the_fetch_can_audit_404_block():
    """`policy.get_or_404` / `policy.require` are the one place a refusal becomes an audited 404."""
    block = re.compile(r"if not (?:policy\.can|_can)\([^\n]*\n\s+(?:audit|services)\.record_denied\([^\n]*\n"
                       r"(?:[^\n]*\n)?\s+raise Http404")
    found = [name for name, text in _sources() if block.search(text)]
    assert found == []
