"""Writes on accounts: the sign-in through the force's identity provider.

The provider is the source of truth for who someone is (the personnel number), which VIK roles he
holds and in which unit he works. At every single sign-on the user's VIK roles become exactly the
roles his claims map to, and his unit the unit they name; each change is an audit event, and so is
each refusal.
"""

import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from vik.audit import services as audit
from vik.audit.models import AuditAction

from .models import Employee, Role, Unit, User

logger = logging.getLogger(__name__)


class SignInRefused(Exception):
    """The provider vouched for someone VIK may not let in; `message` is the Dutch explanation.
    The refusal is already in the audit trail when this is raised."""

    def __init__(self, reason: str, message):
        super().__init__(reason)
        self.reason = reason
        self.message = message


REFUSALS = {
    "unknown_personnel_number": _(
        "Uw politie-account noemt geen personeelsnummer dat VIK kent. Daarom kunt u niet "
        "inloggen. Neem contact op met functioneel beheer van VIK als u toegang nodig hebt."
    ),
    "inactive": _("Uw VIK-account is geblokkeerd. Neem contact op met functioneel beheer van VIK."),
    "failed": _(
        "Inloggen met uw politie-account is niet gelukt. Probeer het opnieuw; lukt het dan nog "
        "niet, neem contact op met de servicedesk."
    ),
    "unavailable": _(
        "De inlogdienst van de politie is nu niet bereikbaar. Probeer het later opnieuw of neem "
        "contact op met de servicedesk."
    ),
}


# How a refusal reads in the audit trail (Dutch, as the trail is read).
_AUDIT_REASONS = {
    "unknown_personnel_number": "onbekend personeelsnummer",
    "inactive": "account geblokkeerd",
    "failed": "aanmelding niet geldig",
    "unavailable": "inlogdienst onbereikbaar",
}


def record_refusal(reason: str, detail: dict | None = None) -> None:
    """One audit event for a refused single sign-on (who is not known: nobody is signed in)."""
    audit.record(None, AuditAction.DENIED, object_type="auth.login", object_id="",
                 summary=f"Inloggen met politie-account geweigerd: {_AUDIT_REASONS[reason]}",
                 detail={"method": "sso", "reason": reason, **(detail or {})})


def refuse(reason: str, detail: dict | None = None) -> SignInRefused:
    record_refusal(reason, detail)
    return SignInRefused(reason, REFUSALS[reason])


def claim(claims: dict, name: str):
    """The claim `name`; a dotted name reaches into a nested claim, as providers that group roles
    do (`realm_access.roles`). None when absent."""
    if name in claims:
        return claims[name]
    value = claims
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


@dataclass(frozen=True)
class ClaimMapping:
    """Which claims VIK reads and what their values mean (settings `VIK_OIDC_CLAIM_*`,
    `VIK_OIDC_ROLE_MAP`, `VIK_OIDC_UNIT_MAP`; docs/operations.md)."""

    personnel_number: str
    roles: str
    unit: str
    role_map: dict[str, list[str]]
    unit_map: dict[str, str]

    @classmethod
    def from_settings(cls) -> "ClaimMapping":
        configured = settings.VIK_OIDC_ROLE_MAP
        if configured is None:
            configured = {role: role for role in Role.values}
        role_map = {
            str(name): [str(v) for v in (value if isinstance(value, list) else [value])]
            for name, value in configured.items()
        }
        return cls(
            personnel_number=settings.VIK_OIDC_CLAIM_PERSONNEL_NUMBER,
            roles=settings.VIK_OIDC_CLAIM_ROLES,
            unit=settings.VIK_OIDC_CLAIM_UNIT,
            role_map=role_map,
            unit_map={str(k): str(v) for k, v in (settings.VIK_OIDC_UNIT_MAP or {}).items()},
        )

    def vik_roles(self, claims: dict) -> tuple[set[str], list[str]]:
        """(VIK role codes granted, provider roles that grant nothing)."""
        value = claim(claims, self.roles) or []
        if isinstance(value, str):
            names = re.split(r"[\s,]+", value)
        elif isinstance(value, list):
            names = [str(v) for v in value if isinstance(v, (str, int))]
        else:
            names = []
        granted: set[str] = set()
        unknown: list[str] = []
        for name in filter(None, names):
            mapped = [role for role in self.role_map.get(name, []) if role in Role.values]
            granted.update(mapped)
            if not mapped:
                unknown.append(name)
        return granted, unknown

    def vik_unit_code(self, claims: dict) -> str:
        value = claim(claims, self.unit)
        if value in (None, "") or isinstance(value, (dict, list)):
            return ""
        return self.unit_map.get(str(value), str(value))


def _new_username(employee: Employee) -> str:
    base = employee.personnel_number.lower()
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


def sign_in_with_claims(claims: dict) -> User:
    """The VIK user the provider's claims describe, with his roles and unit brought in line with
    them. Raises SignInRefused (already audited) when the claims name no employee VIK knows, or
    his account is blocked.

    The personnel-number claim finds the employee; his user is found through the link, or created
    (without a password: he signs in through the provider only). The roles claim, through the role
    map, gives the user's VIK roles exactly: roles it no longer names are taken away; provider
    roles the map does not know grant nothing. Groups that are not VIK roles are left alone."""
    mapping = ClaimMapping.from_settings()
    subject = str(claims.get("sub", ""))[:255]
    number = claim(claims, mapping.personnel_number)
    number = str(number).strip() if isinstance(number, (str, int)) else ""
    employee = Employee.objects.filter(personnel_number=number).select_related("unit").first() if number else None
    if employee is None:
        raise refuse("unknown_personnel_number", {"sub": subject, "personnel_number": number[:40]})
    user = User.objects.filter(employee=employee).first()
    if user is not None and not user.is_active:
        raise refuse("inactive", {"sub": subject, "personnel_number": number, "user": user.username})

    wanted, unknown = mapping.vik_roles(claims)
    if unknown:
        logger.info("single sign-on: provider roles without VIK meaning for %s: %s", number, unknown)
    with transaction.atomic():
        if user is None:
            user = User(username=_new_username(employee), employee=employee, email=employee.email,
                        first_name=employee.first_name[:150], last_name=employee.surname[:150])
            user.set_unusable_password()
            try:
                with transaction.atomic():
                    user.save()
            except IntegrityError:
                # The same person's first sign-in in another tab was a moment earlier.
                user = User.objects.get(employee=employee)
            else:
                audit.record(None, AuditAction.CREATE, user, summary="Gebruiker aangemaakt via politie-account",
                             detail={"method": "sso", "sub": subject, "personnel_number": number})

        added, removed = user.set_roles(wanted)
        if added or removed:
            audit.record(None, AuditAction.CHANGE, user, summary="Rollen gewijzigd via politie-account",
                         detail={"method": "sso", "added": added, "removed": removed,
                                 "unknown_provider_roles": unknown})
        user.vik_sso_roles = sorted(wanted)  # for the sign-in's audit event (vik.accounts.signals)

        code = mapping.vik_unit_code(claims)
        unit = Unit.objects.filter(code=code).first() if code else None
        if code and unit is None:
            logger.warning("single sign-on: unit %r of %s is not known in VIK; unit kept", code, number)
        if unit is not None and unit.pk != employee.unit_id:
            previous = employee.unit
            employee.unit = unit
            employee.save(update_fields=["unit"])
            audit.record(None, AuditAction.CHANGE, employee, summary="Eenheid gewijzigd via politie-account",
                         detail={"method": "sso", "from": previous.code, "to": unit.code})
    return user
