from django.urls import path

from . import views

app_name = "triage"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("landelijk/", views.national_queue, name="national"),
    path("landelijk/melding/<int:pk>/besluit/", views.national_decide, name="national_decide"),
    path("overleg/", views.session_start, name="session_start"),
    path("overleg/<int:pk>/", views.session_detail, name="session"),
    path("melding/<int:pk>/besluit/", views.decide, name="decide"),
    path("melding/<int:pk>/terugkoppeling/", views.line_report, name="line_report"),
]
