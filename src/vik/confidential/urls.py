from django.urls import path

from . import views

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
    path("mijn-meldingen/<int:pk>/", views.my_report, name="my_report"),
    path("meldpunt/", views.inbox, name="inbox"),
    path("meldpunt/<int:pk>/", views.report_detail, name="report"),
    path("meldpunt/<int:pk>/<slug:action>/", views.report_detail, name="report_action"),
    path("meldpunt/<int:pk>/bijlage/<int:attachment_pk>/", views.report_attachment, name="report_attachment"),
    path("register/", views.register, name="register"),
    path("register/nieuw/", views.contact_edit, name="contact_new"),
    path("register/<int:pk>/", views.contact_edit, name="contact"),
    path("activiteiten/", views.activities, name="activities"),
    path("coordinatie/", views.coordination, name="coordination"),
    path("jaarverslag/<int:year>/", views.annual_report, name="annual_report"),
    path("klachten/", views.complaints, name="complaints"),
    path("klachten/nieuw/", views.complaint_new, name="complaint_new"),
    path("klachten/<int:pk>/", views.complaint_detail, name="complaint"),
    path("klachten/<int:pk>/<slug:action>/", views.complaint_detail, name="complaint_action"),
]
