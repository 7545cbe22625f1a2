from django.urls import path, register_converter

from . import views


class IdConverter:
    """A database id: at most 18 digits, so an absurd number in a URL is a 404, not an integer
    overflow in the database driver (a 500)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "dbid")

app_name = "confidential"
urlpatterns = [
    path("", views.index, name="index"),
    path("routekaart/", views.routes, name="routes"),
    path("privacyreglement/", views.privacy, name="privacy"),
    path("melden/", views.report_new, name="report_new"),
    path("melden/personen/", views.employee_options, name="employee_options"),
    path("anoniem/", views.anonymous_new, name="anonymous_new"),
    path("anoniem/inzien/", views.anonymous_open, name="anonymous_open"),
    path("anoniem/reageren/", views.anonymous_reply, name="anonymous_reply"),
    path("anoniem/verstuurd/", views.anonymous_done, name="anonymous_done"),
    path("anoniem/bericht-verstuurd/", views.anonymous_sent, name="anonymous_sent"),
    path("mijn-meldingen/<dbid:pk>/", views.my_report, name="my_report"),
    path("meldpunt/", views.inbox, name="inbox"),
    path("meldpunt/<dbid:pk>/", views.report_detail, name="report"),
    path("meldpunt/<dbid:pk>/<slug:action>/", views.report_detail, name="report_action"),
    path("meldpunt/<dbid:pk>/bijlage/<dbid:attachment_pk>/", views.report_attachment, name="report_attachment"),
    path("register/", views.register, name="register"),
    path("register/nieuw/", views.contact_edit, name="contact_new"),
    path("register/<dbid:pk>/", views.contact_edit, name="contact"),
    path("activiteiten/", views.activities, name="activities"),
    path("coordinatie/", views.coordination, name="coordination"),
    path("stapeling/", views.repeat_signals, name="repeat_signals"),
    # By its random reference, not its row number: a gap in the numbers would tell the central advisor
    # that a signal about himself exists (tester t36).
    path("stapeling/<str:ref>/", views.repeat_signal, name="repeat_signal"),
    path("jaarverslag/<dbid:year>/", views.annual_report, name="annual_report"),
    path("jaarverslagen/", views.annual_reports, name="annual_reports"),
    path("jaarverslagen/<dbid:pk>/pdf/", views.annual_report_download, name="annual_report_download"),
    path("klachten/", views.complaints, name="complaints"),
    path("klachten/nieuw/", views.complaint_new, name="complaint_new"),
    path("klacht-indienen/", views.complaint_file, name="complaint_file"),
    path("klachten/<dbid:pk>/", views.complaint_detail, name="complaint"),
    path("klachten/<dbid:pk>/<slug:action>/", views.complaint_detail, name="complaint_action"),
]
