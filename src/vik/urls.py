from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from vik.accounts import views as accounts_views
from vik.core import confirm, idle
from vik.core.admin import site as config_site

urlpatterns = [
    path("", include("vik.site.urls")),
    path("inloggen/", accounts_views.SignInView.as_view(), name="login"),
    path("inloggen/politie-account/", include("vik.accounts.urls")),
    path("uitloggen/", accounts_views.SignOutView.as_view(), name="logout"),
    path("sessie/actief/", idle.keep_alive, name="keep_alive"),
    path("bevestigen/<str:token>/", confirm.confirmation, name="confirm"),
    path("beheer/", config_site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("meldingen/", include("vik.signals.urls")),
    path("triage/", include("vik.triage.urls")),
    path("onderzoeken/", include("vik.care.urls")),  # care's acts on the case page, first
    path("onderzoeken/", include("vik.investigations.urls")),
    path("audit/", include("vik.audit.urls")),
    path("monitoring/", include("vik.monitoring.urls")),
    path("dashboard/", include("vik.dashboard.urls")),
    path("vertrouwelijk/", include("vik.confidential.urls")),
    path("kennis/", include("vik.knowledge.urls")),
    path("preventie/", include("vik.prevention.urls")),
    path("taken/achtergrond/", include("vik.jobs.urls")),
    path("veiligheid/", include("vik.vetting.urls")),
    path("leren/", include("vik.learning.urls")),
    path("inloggen/code/", include("vik.secondfactor.urls")),
    path("api/", include("vik.api_urls")),
    # The description of the API is for signed-in users only (it maps what the system holds). The
    # split view serves Swagger UI's start script as a file, as the content security policy needs.
    path("api/schema/", login_required(SpectacularAPIView.as_view()), name="api-schema"),
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
         name="api-docs"),
]
