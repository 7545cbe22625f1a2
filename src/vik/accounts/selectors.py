"""Reads on the organisation."""

from django.db.models import Q, QuerySet

from .models import Employee, Unit, User


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


def find_people(text: str, among=None, *, numbers: bool = True):
    """Employees (of `among`, default everyone) whose name matches every word typed (first name
    or surname), or whose personnel number starts with it: "Jan de Vries", "de vries", "P1000".
    The one search of every person picker and suggestion list (tester t34-11: the reporting form's
    own search found nobody for a full name). `numbers=False`: by name only, where personnel
    numbers are never shown (a number typed must not give its name)."""
    words = text.split()
    if not words:
        return Employee.objects.none()
    qs = Employee.objects.all() if among is None else among
    if len(words) == 1:
        word = words[0]
        by_number = Q(personnel_number__istartswith=word) if numbers else Q(pk__in=[])
        return qs.filter(Q(surname__icontains=word) | Q(first_name__istartswith=word) | by_number
                         ).select_related("unit")
    for word in words:
        qs = qs.filter(Q(surname__icontains=word) | Q(first_name__istartswith=word))
    return qs.select_related("unit")
