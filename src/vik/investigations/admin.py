"""The configuration screens of investigations: case types with their steps and norms, and the
listed delaying and accelerating factors (on the functional administrator's site of `vik.core.admin`)."""

from django.contrib import admin

from vik.core.admin import AuditedAdmin, site

from .models import AcceleratingFactor, CaseType, DelayReason, StatusType


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


@admin.register(DelayReason, site=site)
class DelayReasonAdmin(AuditedAdmin):
    list_display = ["name", "code", "active"]


@admin.register(AcceleratingFactor, site=site)
class AcceleratingFactorAdmin(AuditedAdmin):
    list_display = ["name", "code", "active"]
