"""The configuration screen of signals: the themes a signal is registered under."""

from django.contrib import admin

from vik.core.admin import AuditedAdmin, site

from .models import Theme


@admin.register(Theme, site=site)
class ThemeAdmin(AuditedAdmin):
    list_display = ["name", "category", "active"]
    list_filter = ["category", "active"]
