"""Units, employees and users.

An Employee is a member of the force (possibly under investigation, possibly a reporter); a User is
an account that can log in, usually linked to an Employee. Roles are Django groups named after the
`Role` codes, so an administrator can grant them without code.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TRIAGE = "triage", _("Triagelid")
    INVESTIGATOR_DISCIPLINARY = "investigator_disciplinary", _("Onderzoeker disciplinair")
    INVESTIGATOR_CRIMINAL = "investigator_criminal", _("Onderzoeker strafrechtelijk")
    COMPETENT_AUTHORITY = "competent_authority", _("Bevoegd gezag")
    LINE_MANAGER = "line_manager", _("Leidinggevende")
    CARE_CONTACT = "care_contact", _("Zorgcontactpersoon")
    POLICY = "policy", _("Beleidsmedewerker")
    AUDITOR = "auditor", _("Auditor")
    SOC_ANALYST = "soc_analyst", _("SOC-analist (protective monitoring)")
    CONFIDENTIAL_ADVISOR = "confidential_advisor", _("Vertrouwenspersoon (decentraal)")
    CONFIDENTIAL_ADVISOR_CENTRAL = "confidential_advisor_central", _("Vertrouwenspersoon (centraal)")
    INTEGRITY_OFFICE = "integrity_office", _("Meldpunt integriteit")
    OMBUDSMAN = "ombudsman", _("Ombudsfunctionaris")
    COMPLAINTS_COMMITTEE = "complaints_committee", _("Klachtencommissie")
    CHIEF = "chief", _("Korpschef / gemandateerde")
    EDITOR = "editor", _("Redacteur preventie en kennisbank")
    VETTING = "vetting", _("Medewerker veiligheidsonderzoeken")
    ADMIN = "admin", _("Functioneel beheerder")


class Unit(models.Model):
    class Kind(models.TextChoices):
        NATIONAL = "national", _("Landelijk")
        REGION = "region", _("Regionale eenheid")
        DISTRICT = "district", _("District")
        TEAM = "team", _("Team")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        verbose_name = _("eenheid")
        verbose_name_plural = _("eenheden")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def region(self) -> "Unit":
        unit = self
        while unit.kind not in (self.Kind.REGION, self.Kind.NATIONAL) and unit.parent_id:
            unit = unit.parent
        return unit


class Employee(models.Model):
    personnel_number = models.CharField(_("personeelsnummer"), max_length=20, unique=True)
    first_name = models.CharField(_("voornaam"), max_length=80)
    surname = models.CharField(_("achternaam"), max_length=120)
    rank = models.CharField(_("rang"), max_length=60, blank=True)
    is_manager = models.BooleanField(_("leidinggevende functie"), default=False)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="employees")
    manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports",
        verbose_name=_("leidinggevende"),
    )
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")
        ordering = ["surname", "first_name"]
        indexes = [models.Index(fields=["surname"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.surname} ({self.personnel_number})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.surname}"


class User(AbstractUser):
    employee = models.OneToOneField(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="user",
        verbose_name=_("medewerker"),
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    @property
    def roles(self) -> frozenset[str]:
        cached = getattr(self, "_vik_roles", None)
        if cached is None:
            if not self.is_authenticated or not self.is_active:
                cached = frozenset()
            else:
                cached = frozenset(self.groups.values_list("name", flat=True))
            self._vik_roles = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def set_roles(self, roles: set[str]) -> tuple[list[str], list[str]]:
        """Make `roles` (VIK role codes) exactly the VIK roles this user holds; groups that are not
        VIK roles stay. Returns the roles (added, removed), sorted."""
        from django.contrib.auth.models import Group

        held = set(self.groups.filter(name__in=Role.values).values_list("name", flat=True))
        added, removed = sorted(roles - held), sorted(held - roles)
        if added:
            self.groups.add(*Group.objects.filter(name__in=added))
        if removed:
            self.groups.remove(*Group.objects.filter(name__in=removed))
        self.__dict__.pop("_vik_roles", None)
        return added, removed

    @property
    def display_name(self) -> str:
        if self.employee_id:
            return self.employee.full_name
        return self.get_full_name() or self.username
