"""Reads on the organisation."""

from django.db.models import QuerySet

from .models import Unit, User


def unit_ids_under(unit: Unit) -> list[int]:
    """The unit and all units below it."""
    ids = [unit.id]
    frontier = [unit.id]
    while frontier:
        frontier = list(Unit.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        ids.extend(frontier)
    return ids


def users_with_role_in(unit: Unit, role: str) -> QuerySet[User]:
    return User.objects.filter(
        groups__name=role, is_active=True, employee__unit_id__in=unit_ids_under(unit)
    ).distinct().select_related("employee")


def regions() -> QuerySet[Unit]:
    return Unit.objects.filter(kind=Unit.Kind.REGION)
