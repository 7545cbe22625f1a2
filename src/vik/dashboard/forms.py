"""The filters every dashboard view shares: period, unit (region), investigation type and theme."""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vik.accounts.models import Unit
from vik.core.forms import DateInput
from vik.investigations.models import CaseType
from vik.signals.models import Theme


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    region_id: int | None = None
    case_type_id: int | None = None
    theme_id: int | None = None

    def as_query(self) -> dict:
        query = {"van": self.start.isoformat(), "tot": self.end.isoformat()}
        for key, value in (("eenheid", self.region_id), ("type", self.case_type_id),
                           ("thema", self.theme_id)):
            if value:
                query[key] = value
        return query

    def previous(self) -> "Filters":
        """The period a report compares with (tester t24 found "04-01 – 31-01" for February hard
        to read): for whole calendar months the same number of months just before (February:
        January; a quarter: the quarter before); for a period from 1 January (the year so far) the
        same dates a year earlier; otherwise the period of the same length just before."""
        def month_start(day: date, back: int) -> date:
            months = day.year * 12 + day.month - 1 - back
            return date(months // 12, months % 12 + 1, 1)

        whole_months = self.start.day == 1 and (self.end + date.resolution).day == 1
        if whole_months:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            return self._with(month_start(self.start, months), self.start - date.resolution)
        if (self.start.month, self.start.day) == (1, 1) and self.end.year == self.start.year:
            end = self.end.replace(year=self.end.year - 1, day=min(self.end.day, 28 if self.end.month == 2 else 31))
            return self._with(self.start.replace(year=self.start.year - 1), end)
        length = self.end - self.start
        end = self.start - date.resolution
        return self._with(end - length, end)

    def _with(self, start: date, end: date) -> "Filters":
        return Filters(start, end, self.region_id, self.case_type_id, self.theme_id)


EARLIEST = date(2000, 1, 1)  # no integrity registration is older


def latest(today: date | None = None) -> date:
    """The last day a period may reach: a year ahead (plans and norms, never far-future typos)."""
    today = today or timezone.localdate()
    return today.replace(year=today.year + 1, day=28 if (today.month, today.day) == (2, 29) else today.day)


def months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def default_period(today: date | None = None, months: int = 12) -> tuple[date, date]:
    today = today or timezone.localdate()
    return months_back(today, months - 1), today


class FilterForm(forms.Form):
    van = forms.DateField(label=_("Periode vanaf"), required=False,
                          widget=DateInput())
    tot = forms.DateField(label=_("tot en met"), required=False,
                          widget=DateInput())
    eenheid = forms.ModelChoiceField(
        label=_("Eenheid"), required=False, empty_label=_("Alle eenheden"),
        queryset=Unit.objects.filter(kind__in=[Unit.Kind.REGION, Unit.Kind.NATIONAL]),
    )
    type = forms.ModelChoiceField(label=_("Onderzoekstype"), required=False,
                                  empty_label=_("Alle typen"), queryset=CaseType.objects.all())
    thema = forms.ModelChoiceField(label=_("Thema"), required=False, empty_label=_("Alle thema's"),
                                   queryset=Theme.objects.all())

    def __init__(self, data=None, *, default_months: int = 12, unit_only: bool = False, **kwargs):
        start, end = default_period(months=default_months)
        # The empty form shows the period it stands for (tester t14 could not tell which it was),
        # also beside another filter (tester t22: "?eenheid=3" showed empty dates).
        kwargs["initial"] = {"van": start, "tot": end, **(kwargs.get("initial") or {})}
        if data is not None and not any(data.get(k) for k in ("van", "tot")):
            data = data.copy()
            data["van"], data["tot"] = start.strftime("%d-%m-%Y"), end.strftime("%d-%m-%Y")
        super().__init__(data, **kwargs)
        self.default_months = default_months
        if unit_only:  # a view the investigation type and theme do not apply to
            del self.fields["type"]
            del self.fields["thema"]

    def _in_range(self, name: str):
        day = self.cleaned_data.get(name)
        if day and not EARLIEST <= day <= latest():
            raise forms.ValidationError(
                _("Kies een datum van %(a)s tot en met %(b)s.")
                % {"a": EARLIEST.strftime("%d-%m-%Y"), "b": latest().strftime("%d-%m-%Y")})
        return day

    def clean_van(self):
        return self._in_range("van")

    def clean_tot(self):
        return self._in_range("tot")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("van"), cleaned.get("tot")
        if start and end and start > end:
            raise forms.ValidationError(_("De begindatum ligt na de einddatum."))
        return cleaned

    def filters(self) -> Filters:
        """The chosen filters; the default period when the form is empty or invalid (the form then
        carries the Dutch message of what was wrong, and what the user typed)."""
        default_start, default_end = default_period(months=self.default_months)
        data = {}
        if self.is_bound:
            self.is_valid()
            data = dict(self.cleaned_data)  # the fields that are valid
            if self.non_field_errors():  # a reversed period: both dates fall back
                data.pop("van", None)
                data.pop("tot", None)
        start, end = data.get("van") or default_start, data.get("tot") or default_end
        if start > end:  # only a start after today's default end was given
            end = start
        return Filters(
            start=start,
            end=end,
            region_id=data["eenheid"].pk if data.get("eenheid") else None,
            case_type_id=data["type"].pk if data.get("type") else None,
            theme_id=data["thema"].pk if data.get("thema") else None,
        )


class AnnualForm(forms.Form):
    """The year of an annual report (jaarbeeld): from 2000 to the running year."""

    jaar = forms.IntegerField(label=_("Jaar"), min_value=EARLIEST.year,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 6}),
                              error_messages={"invalid": _("Vul een jaar in, bijvoorbeeld 2025."),
                                              "required": _("Vul een jaar in, bijvoorbeeld 2025.")})

    def __init__(self, *args, first_year: int = EARLIEST.year, **kwargs):
        """`first_year`: the first year with registrations (services.first_year); the field, the
        browser's limits and the message all name the same range (tester t24)."""
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        first_year = max(EARLIEST.year, min(first_year, this_year))
        field = self.fields["jaar"]
        earlier = _("Kies een jaar van %(a)d tot en met %(b)d: van eerdere jaren zijn er geen gegevens.") % {
            "a": first_year, "b": this_year}
        later = _("Kies een jaar van %(a)d tot en met %(b)d: latere jaren zijn nog niet begonnen.") % {
            "a": first_year, "b": this_year}
        field.min_value, field.max_value = first_year, this_year
        field.validators = [v for v in field.validators if not isinstance(v, MinValueValidator | MaxValueValidator)]
        field.validators += [MinValueValidator(first_year, message=earlier),
                             MaxValueValidator(this_year, message=later)]
        field.widget.attrs.update({"min": first_year, "max": this_year})
        field.initial = max(first_year, this_year - 1)
