"""factory_boy factories for the core models; reference data comes from the migrations."""

import datetime as dt

import factory
from django.contrib.auth.models import Group

from vik.accounts.models import Employee, Unit, User


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Eenheid {n}")
    kind = Unit.Kind.TEAM


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    personnel_number = factory.Sequence(lambda n: f"P{900000 + n}")
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    surname = factory.Sequence(lambda n: f"Achternaam{n}")
    unit = factory.SubFactory(UnitFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    employee = factory.SubFactory(EmployeeFactory)
    password = factory.PostGenerationMethodCall("set_password", "geheim-wachtwoord-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            self.groups.add(Group.objects.get(name=role))
        self.save()


def days_ago(n: int) -> dt.date:
    from django.utils import timezone

    return timezone.localdate() - dt.timedelta(days=n)
