from django import forms
from django.utils.translation import gettext_lazy as _

from vik.core.forms import StateField

from .models import Desk, FinderOption, FinderQuestion, Initiative, ManagerGuideStage, ThemeSheet


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search",
                                                      "placeholder": _("bijvoorbeeld: geschenk")}))


class InitiativeSearchForm(SearchForm):
    kind = forms.ChoiceField(label=_("Soort"), required=False,
                             choices=[("", _("Alle soorten")), *Initiative.Kind.choices])


class DeskForm(forms.ModelForm):
    state = StateField()
    class Meta:
        model = Desk
        fields = ["name", "code", "summary", "professional_secrecy", "confidential", "secrecy_note",
                  "how_to_reach", "phone", "url", "is_front_door", "helps_involved", "order", "active"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}),
                   "how_to_reach": forms.Textarea(attrs={"rows": 3})}


class ThemeSheetForm(forms.ModelForm):
    state = StateField()
    note = forms.CharField(label=_("Wat is er gewijzigd?"), required=False, max_length=255)

    class Meta:
        model = ThemeSheet
        fields = ["title", "slug", "number", "introduction", "norm", "dilemmas", "court_cases",
                  "law_articles", "related", "published"]
        widgets = {"related": forms.CheckboxSelectMultiple,
                   "norm": forms.Textarea(attrs={"rows": 8}),
                   "dilemmas": forms.Textarea(attrs={"rows": 8}),
                   "court_cases": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        qs = ThemeSheet.objects.order_by("title")
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        self.fields["related"].queryset = qs


class InitiativeForm(forms.ModelForm):
    state = StateField()
    note = forms.CharField(label=_("Wat is er gewijzigd?"), required=False, max_length=255)

    class Meta:
        model = Initiative
        fields = ["title", "kind", "summary", "owner", "contact", "themes", "target_group",
                  "experiences", "url", "active"]
        widgets = {"themes": forms.CheckboxSelectMultiple}


class ManagerGuideStageForm(forms.ModelForm):
    state = StateField()
    note = forms.CharField(label=_("Wat is er gewijzigd?"), required=False, max_length=255)

    class Meta:
        model = ManagerGuideStage
        fields = ["stage", "introduction", "checklist", "may_share", "may_not_share", "care_duty",
                  "conversation"]
        widgets = {name: forms.Textarea(attrs={"rows": 6})
                   for name in ("checklist", "may_share", "may_not_share", "conversation")}


class QuestionForm(forms.ModelForm):
    state = StateField()
    class Meta:
        model = FinderQuestion
        fields = ["text", "help_text", "order", "active"]


class OptionForm(forms.ModelForm):
    class Meta:
        model = FinderOption
        fields = ["label", "order", "suggests", "limits_to", "notice", "shows_investigation_guide"]
        widgets = {"suggests": forms.CheckboxSelectMultiple, "limits_to": forms.CheckboxSelectMultiple,
                   "notice": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].required = False
        desks = Desk.objects.order_by("order", "name")
        self.fields["suggests"].queryset = desks
        self.fields["limits_to"].queryset = desks


OptionFormSet = forms.inlineformset_factory(
    FinderQuestion, FinderOption, form=OptionForm, extra=2, can_delete=True,
    # A forged TOTAL_FORMS may not make the server build thousands of forms.
    max_num=50, absolute_max=50)
