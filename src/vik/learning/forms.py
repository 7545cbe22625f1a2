from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vik.accounts.models import Unit
from vik.core.forms import BoundedDateField, DateInput, StateField
from vik.signals.forms import PersonField, UserPersonField

from .models import LearningPoint, Theme


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=200)
    theme = forms.ChoiceField(label=_("Thema"), required=False,
                              choices=[("", _("Alle thema's")), *Theme.choices])


class PointForm(forms.Form):
    theme = forms.ChoiceField(label=_("Thema"), choices=Theme.choices)
    title = forms.CharField(label=_("Titel"), max_length=200)
    what_happened = forms.CharField(label=_("Wat er gebeurde (in algemene termen)"), widget=forms.Textarea,
                                    max_length=5000)
    lesson = forms.CharField(label=_("Wat we ervan leerden"), widget=forms.Textarea, max_length=5000)
    period = BoundedDateField(past=True, label=_("Periode (alleen de maand wordt bewaard)"),
                              widget=DateInput(), initial=timezone.localdate)
    publish = forms.BooleanField(label=_("Direct publiceren in de casusbibliotheek"), required=False)


class PointEditForm(PointForm):
    """A saved point corrected: the same fields; publishing and withdrawing are their own buttons.
    `state` carries the version loaded, so a second tab's save is refused, not mixed in (t38)."""

    state = StateField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["publish"]


def _not_overdue(value):
    """An improvement agreed now is not due in the past (it would be overdue the moment it is made)."""
    if value and value < timezone.localdate():
        raise forms.ValidationError(_("Kies een datum vanaf vandaag: een nieuwe verbetering is niet al te laat."))
    return value


class CircleForm(forms.Form):
    held_on = BoundedDateField(past=True, label=_("Datum"), widget=DateInput(), initial=timezone.localdate)
    unit = forms.ModelChoiceField(label=_("Eenheid"), queryset=Unit.objects.all())
    participants = PersonField(label=_("Deelnemers"), multiple=True)
    points = forms.ModelMultipleChoiceField(
        label=_("Besproken leerpunten"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=LearningPoint.objects.filter(published=True))
    notes = forms.CharField(label=_("Verslag"), required=False, widget=forms.Textarea, max_length=10000)
    improvement = forms.CharField(label=_("Afgesproken verbetering"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    owner = UserPersonField(label=_("Eigenaar van de verbetering"), required=False)
    due_on = BoundedDateField(label=_("Uiterlijk gereed op"), required=False, widget=DateInput())

    def clean_due_on(self):
        return _not_overdue(self.cleaned_data.get("due_on"))

    def clean(self):
        data = super().clean()
        if data.get("improvement") and not (data.get("owner") and data.get("due_on")):
            raise forms.ValidationError(_("Een verbetering heeft een eigenaar en een datum nodig."))
        return data


class ImprovementForm(forms.Form):
    description = forms.CharField(label=_("Afgesproken verbetering"), max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    owner = UserPersonField(label=_("Eigenaar"))
    due_on = BoundedDateField(label=_("Uiterlijk gereed op"), widget=DateInput())

    def clean_due_on(self):
        return _not_overdue(self.cleaned_data.get("due_on"))
