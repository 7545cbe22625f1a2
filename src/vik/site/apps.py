from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "vik.site"
    label = "site"
    verbose_name = "Site"

    def ready(self) -> None:
        from vik import policy
        from vik.core.admin import site as config_site

        from .jobs import register_kinds

        register_kinds()
        # The foundation's configuration site asks the policy who may enter it.
        config_site.permission = lambda user: policy.can(user, "config.manage")
