"""The functional administrator's configuration screens (Django admin, restricted to the admin
role). Only reference data is here — never signals or cases — and every change is written to the
VIK audit trail as well."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from vik.audit import services as audit
from vik.audit.models import AuditAction


class ConfigAdminSite(admin.AdminSite):
    site_header = _("VIK — functioneel beheer")
    site_title = _("VIK beheer")
    index_title = _("Referentielijsten en processen")

    # Who may enter is the policy's decision (`config.manage`); the foundation cannot import the
    # policy, so `vik.site` sets this when the apps are ready. Until then nobody may enter.
    permission = staticmethod(lambda user: False)

    def has_permission(self, request):
        user = request.user
        return bool(user.is_active and user.is_authenticated and self.permission(user))

    index_template = "core/config_index.html"

    def index(self, request, extra_context=None):
        """The index, with the dead ends of `vik check_responsibility` on top."""
        from .checks import run_responsibility_checks

        extra_context = {**(extra_context or {}), "responsibility": run_responsibility_checks()}
        return super().index(request, extra_context)


site = ConfigAdminSite(name="config")


class AuditedAdmin(admin.ModelAdmin):
    """Administrators may manage every registered list; each change is audited."""

    def has_module_permission(self, request):
        return site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return site.has_permission(request)

    has_add_permission = has_view_permission

    def has_change_permission(self, request, obj=None):
        return site.has_permission(request)

    def has_delete_permission(self, request, obj=None):
        # Reference data is deactivated, not deleted: history must stay readable.
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(request.user, AuditAction.CHANGE if change else AuditAction.CREATE, obj,
                     summary=str(_("Configuratie gewijzigd")),
                     detail={"fields": sorted(form.changed_data)})

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            audit.record(request.user, AuditAction.CHANGE, form.instance,
                         summary=str(_("Configuratie gewijzigd (onderdelen)")))
