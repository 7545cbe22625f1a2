"""Registers the configurable reference data on the configuration site."""

from django.contrib import admin

from vik.investigations.models import CaseType, DelayReason, StatusType
from vik.signals.models import Theme
from vik.triage.models import Criterion

from .admin import AuditedAdmin, site


class StatusTypeInline(admin.TabularInline):
    model = StatusType
    extra = 0
    fields = ["order", "step", "responsible_role", "norm_days", "is_review_moment"]

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return site.has_permission(request)

    def has_change_permission(self, request, obj=None):
        return site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return site.has_permission(request)


@admin.register(CaseType, site=site)
class CaseTypeAdmin(AuditedAdmin):
    list_display = ["name", "track", "throughput_norm_days", "service_norm_days",
                    "retention_years", "archival_category", "active"]
    inlines = [StatusTypeInline]


@admin.register(Criterion, site=site)
class CriterionAdmin(AuditedAdmin):
    list_display = ["label", "code", "max_score", "order", "active"]


@admin.register(Theme, site=site)
class ThemeAdmin(AuditedAdmin):
    list_display = ["name", "category", "active"]
    list_filter = ["category", "active"]


@admin.register(DelayReason, site=site)
class DelayReasonAdmin(AuditedAdmin):
    list_display = ["name", "code", "active"]
