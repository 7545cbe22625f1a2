"""The configuration screen of triage: the uniform triage criteria."""

from django.contrib import admin

from vik.core.admin import AuditedAdmin, site

from .models import Criterion


@admin.register(Criterion, site=site)
class CriterionAdmin(AuditedAdmin):
    list_display = ["label", "code", "max_score", "order", "active"]
