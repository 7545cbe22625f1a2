from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from vik import policy

from . import labels
from .models import AuditAction, AuditEvent


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Handeling"), required=False,
                               choices=[("", _("Alle"))] + list(AuditAction.choices))
    object_type = forms.ChoiceField(label=_("Objectsoort"), required=False)
    object_id = forms.CharField(label=_("Object-id"), required=False)
    actor = forms.CharField(label=_("Gebruikersnaam"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("Alle"))] + labels.object_type_choices()


@login_required
def audit_list(request):
    policy.require(request.user, "audit.view", object_type="audit.auditevent", why="browse")
    form = AuditFilterForm(request.GET or None)
    qs = AuditEvent.objects.order_by("-id")
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            qs = qs.filter(action=data["action"])
        if data["object_type"]:
            qs = qs.filter(object_type=data["object_type"].strip())
        if data["object_id"]:
            qs = qs.filter(object_id=data["object_id"].strip())
        if data["actor"]:
            qs = qs.filter(actor_name=data["actor"].strip())
    elif form.is_bound:
        qs = qs.none()  # a filter that cannot apply shows nothing, not the whole trail
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "audit/list.html",
                  {"page": page, "rows": labels.describe(page), "form": form})
