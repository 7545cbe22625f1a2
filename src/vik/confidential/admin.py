"""The complaints committees and the terms of the complaints regulation on the configuration site
(Beheer). Never the advisors' register, nor reports or complaints. A change that would leave a
unit's complaints without a committee, or without a chair from another unit, is refused."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from vik.accounts.models import Role, User
from vik.core.admin import AuditedAdmin, site
from vik.policy import routing as access

from .models import Committee, ComplaintTerms


class CommitteeForm(forms.ModelForm):
    class Meta:
        model = Committee
        fields = ["name", "regions", "members"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = User.objects.filter(
            groups__name=Role.COMPLAINTS_COMMITTEE, is_active=True).distinct().select_related("employee__unit")
        self.fields["regions"].queryset = self.fields["regions"].queryset.filter(kind__in=["region", "national"])

    def clean(self):
        data = super().clean()
        regions, members = data.get("regions"), data.get("members")
        if regions is None or members is None:
            return data
        for unit in regions:
            if not any((r := access.region_of(m)) is not None and r.pk != unit.pk for m in members):
                self.add_error("members", _("Voor klachten uit %(unit)s is geen voorzitter uit een andere eenheid: "
                                            "voeg een lid uit een andere eenheid toe.") % {"unit": unit.name})
        if self.instance.pk:
            kept = {u.pk for u in regions}
            for unit in self.instance.regions.all():
                if unit.pk in kept:
                    continue
                others = Committee.objects.filter(regions=unit).exclude(pk=self.instance.pk)
                if not any(c.members.filter(is_active=True).exists() for c in others):
                    self.add_error("regions", _("%(unit)s zou zonder klachtencommissie komen te staan: laat eerst "
                                                "een andere commissie deze eenheid bedienen.") % {"unit": unit.name})
        return data


@admin.register(Committee, site=site)
class CommitteeAdmin(AuditedAdmin):
    form = CommitteeForm
    list_display = ["name"]
    filter_horizontal = ["regions", "members"]


@admin.register(ComplaintTerms, site=site)
class ComplaintTermsAdmin(AuditedAdmin):
    list_display = ["region", "admissibility_days", "advice_weeks", "decision_weeks", "working_days"]
