"""The administrators' screen of second factors: who has enrolled an authenticator app, and the
reset of a lost one (after a confirmation; audited by `services.reset`). The key is never shown."""

from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vik.core.admin import site

from . import services
from .models import SecondFactorDevice


@admin.register(SecondFactorDevice, site=site)
class SecondFactorDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "confirmed", "created_at", "last_used_at", "reset_link"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "user__employee__surname"]
    list_display_links = None
    fields = ["user", "confirmed", "created_at", "last_used_at"]  # never the key

    def has_module_permission(self, request):
        return site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return site.has_permission(request)

    def has_add_permission(self, request):
        return False  # every user enrols his own app at sign-in

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a reset, with its confirmation and audit event, not a bare delete

    @admin.display(description=gettext_lazy("resetten"))
    def reset_link(self, device):
        url = reverse(f"{self.admin_site.name}:secondfactor_secondfactordevice_reset", args=[device.pk])
        return format_html('<a href="{}">{}</a>', url, _("Tweede factor resetten"))

    def get_urls(self):
        return [path("<int:pk>/resetten/", self.admin_site.admin_view(self.reset_view),
                     name="secondfactor_secondfactordevice_reset"), *super().get_urls()]

    def reset_view(self, request, pk):
        device = get_object_or_404(SecondFactorDevice, pk=pk)
        user = device.user
        if request.method == "POST":
            outcome = services.reset(request.user, user)
            messages.success(request, _("De tweede factor van %(user)s is gereset (%(n)d apparaat/apparaten "
                                        "verwijderd). Bij de volgende keer inloggen stelt hij een nieuwe "
                                        "authenticator-app in.") % {"user": user.get_username(),
                                                                   "n": outcome.devices})
            return redirect(f"{self.admin_site.name}:secondfactor_secondfactordevice_changelist")
        context = {**self.admin_site.each_context(request), "title": _("Tweede factor resetten"),
                   "subject": user, "opts": self.model._meta}
        return TemplateResponse(request, "secondfactor/admin/reset_confirm.html", context)
