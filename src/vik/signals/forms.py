import re

from django import forms
from django.db.models.functions import Upper
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy, get_text_list
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from vik.accounts.models import Employee, Role, Unit
from vik.accounts.selectors import find_people  # noqa: F401 (the person pickers' search, also imported from here)
from vik.core.forms import DateInput, MultipleFileField, PersonPickerWidget

from .fields import BoundedDateField
from .models import Channel, Signal, Theme


def parse_personnel_numbers(raw: str, field_label: str) -> list[Employee]:
    numbers = [n.strip().upper() for n in raw.replace(";", ",").split(",") if n.strip()]
    found = {e.personnel_number: e for e in Employee.objects.filter(personnel_number__in=numbers)}
    unknown = [n for n in numbers if n not in found]
    if unknown:
        raise forms.ValidationError(
            _("Onbekend personeelsnummer: %(n)s.") % {"n": ", ".join(unknown)}
        )
    return [found[n] for n in dict.fromkeys(numbers)]


PERSONNEL_NUMBER = re.compile(r"^[A-Za-z]{0,3}\d{3,}$")
# The personnel number as `person_label` shows it: whatever its form (P123456, P-DEMO-TCP, 12-3456).
IN_BRACKETS = re.compile(r"\(([^()\s]{1,20})\)\s*$")


def person_label(employee: Employee) -> str:
    """How a person is shown and typed back: "Jan Jansen (P123456)"."""
    return f"{employee.full_name} ({employee.personnel_number})"


def person_details(employee: Employee) -> str:
    return " · ".join(part for part in (str(employee.unit), employee.rank) if part)


def resolve_people(raw: str, among=None) -> list[Employee]:
    """What was typed in a person picker, as employees: personnel numbers, suggestions chosen
    ("Jan Jansen (P123456)") or plain names. An unknown or ambiguous entry raises a Dutch error
    that names the candidates to choose from."""
    tokens = [t.strip() for t in raw.replace(";", ",").split(",") if t.strip()]
    numbers: list[str] = []
    names: list[str] = []
    for token in tokens:
        bracketed = IN_BRACKETS.search(token)
        if bracketed:
            numbers.append(bracketed.group(1).upper())
        elif PERSONNEL_NUMBER.match(token):
            numbers.append(token.upper())
        else:
            names.append(token)
    pool = Employee.objects.all() if among is None else among
    found = {e.personnel_number.upper(): e
             for e in pool.annotate(number_uc=Upper("personnel_number")).filter(number_uc__in=numbers)}
    errors = []
    unknown = [n for n in numbers if n not in found]
    if unknown:
        errors.append(_("Onbekend personeelsnummer: %(n)s.") % {"n": ", ".join(unknown)})
    people = [found[n] for n in numbers if n in found]
    for name in names:
        matches = list(find_people(name, among)[:11])
        if len(matches) == 1:
            people.append(matches[0])
        elif not matches:
            errors.append(_("Niemand gevonden met de naam ‘%(name)s’; typ een achternaam of "
                            "personeelsnummer.") % {"name": name[:80]})
        else:
            options = "; ".join(f"{person_label(e)}, {person_details(e)}" for e in matches[:10])
            errors.append(_("‘%(name)s’ past bij meer medewerkers; kies er één: %(options)s.")
                          % {"name": name[:80], "options": options})
    if errors:
        raise forms.ValidationError(errors)
    return list(dict.fromkeys(people))


class PersonField(forms.CharField):
    """A person picker: one or (`multiple`) more employees, by name or personnel number."""

    def __init__(self, *args, multiple: bool = False, **kwargs):
        self.multiple = multiple
        kwargs.setdefault("widget", PersonPickerWidget(reverse_lazy("signals:people")))
        kwargs.setdefault("max_length", 2000)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Employee):
            return person_label(value)
        if isinstance(value, list | tuple) and all(isinstance(v, Employee) for v in value):
            return ", ".join(person_label(v) for v in value)
        return value

    def clean(self, value):
        raw = super().clean(value)
        if not raw:
            return [] if self.multiple else None
        people = resolve_people(raw)
        if not self.multiple and len(people) > 1:
            raise forms.ValidationError(_("Kies één persoon."))
        return people if self.multiple else people[0]


def staff_with(*roles: str):
    """Employees with an active account holding one of `roles` (all accounts without roles)."""
    qs = Employee.objects.filter(user__is_active=True)
    if roles:
        qs = qs.filter(user__groups__name__in=roles)
    return qs.distinct()


class UserPersonField(PersonField):
    """A person picker for an account: suggestions only of staff with one of `roles`; cleans to
    the User (the services check the role and conflicts of interest with a Dutch message)."""

    def __init__(self, *args, roles=(), **kwargs):
        self.roles = tuple(roles)
        # {employee pk: why he cannot be chosen here}, set by a form that knows (tester t53: the
        # betrokkene himself was refused for "the wrong role").
        self.refused_people: dict[int, str] = {}
        url = format_lazy("{}?rol={}", reverse_lazy("signals:people"), ",".join(self.roles))
        kwargs.setdefault("widget", PersonPickerWidget(
            url, attrs={"placeholder": _("zoek op naam, personeelsnummer of team")}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        employee = getattr(value, "employee", None)
        return super().prepare_value(employee if isinstance(employee, Employee) else value)

    def clean(self, value):
        raw = forms.CharField.clean(self, value)
        if not raw:
            return None
        among = staff_with(*self.roles)
        try:
            people = resolve_people(raw, among=among)
        except forms.ValidationError as error:
            # A team typed (the suggestions find people by team; tester t54 then sent the team's
            # name): ask to choose among its people with the role.
            in_team = list(among.filter(unit__name__icontains=raw.strip()).select_related("unit")[:11]) \
                if len(raw.strip()) >= 3 and "," not in raw else []
            if in_team:
                raise forms.ValidationError(
                    _("‘%(team)s’ is een team; kies één persoon: %(options)s.")
                    % {"team": raw.strip()[:80],
                       "options": "; ".join(f"{person_label(e)}, {person_details(e)}" for e in in_team[:10])}) from None
            # Someone who exists but cannot be chosen here is told why, not "nobody found" or
            # "unknown personnel number" (tester t50: the betrokkene's own number, shown on the
            # same page, and the lead investigator himself as care contact).
            try:
                anyone = resolve_people(raw)
            except forms.ValidationError:
                raise error from None
            for employee in anyone:  # a person the form names a reason for (the betrokkene himself)
                if employee.pk in self.refused_people:
                    raise forms.ValidationError(self.refused_people[employee.pk]) from None
            roles = get_text_list([str(Role(role).label).lower() for role in self.roles if role in Role.values],
                                  pgettext("between choices", "of"))
            raise forms.ValidationError(
                _("%(who)s kan hier niet worden gekozen: alleen een medewerker met de rol %(roles)s.")
                % {"who": ", ".join(person_label(e) for e in anyone), "roles": roles}) from None
        if len(people) > 1:
            raise forms.ValidationError(_("Kies één persoon."))
        return people[0].user


class SignalForm(forms.Form):
    received_on = BoundedDateField(past=True, label=_("Datum ontvangst"), widget=DateInput(),
                                  initial=timezone.localdate)
    channel = forms.ChoiceField(label=_("Kanaal"), choices=Channel.choices)
    region = forms.ModelChoiceField(
        label=_("Eenheid"), queryset=Unit.objects.filter(kind__in=["region", "national"])
    )
    theme = forms.ModelChoiceField(label=_("Integriteitsthema"),
                                   queryset=Theme.objects.filter(active=True))
    description = forms.CharField(label=_("Omschrijving"), widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text=_("Wat is er gebeurd, wanneer en waar? Alleen feiten."))
    subjects = PersonField(
        label=_("Betrokkene(n)"), multiple=True,
        help_text=_("Typ een naam of personeelsnummer en kies uit de suggesties; meer personen "
                    "gescheiden door komma's."),
    )
    reporter = PersonField(
        label=_("Melder"), required=False,
        help_text=_("Optioneel; typ een naam of personeelsnummer. De melder is nooit zichtbaar "
                    "voor de betrokkene."),
    )
    reporter_description = forms.CharField(
        label=_("Melder (overig)"), required=False, max_length=200,
        help_text=_("Bijvoorbeeld ‘burger’ of ‘Rijksrecherche’."),
    )
    source_reference = forms.CharField(label=_("Kenmerk bron"), required=False, max_length=80)
    attachments = MultipleFileField(label=_("Bijlagen"))

    def clean_subjects(self):
        if not self.cleaned_data["subjects"]:
            raise forms.ValidationError(_("Noem ten minste één betrokkene."))
        return self.cleaned_data["subjects"]


class SignalFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Alle"))] + list(Signal.Status.choices))
    q = forms.CharField(label=_("Kenmerk"), required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Bijlage toevoegen"))
