from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("rapportages/", views.reports, name="reports"),
    path("rapportages/<int:pk>/download/", views.report_download, name="report_download"),
    path("registratiekwaliteit/eenheid/<int:unit_id>/", views.quality_unit, name="quality_unit"),
    path("<slug:view>/", views.section, name="section"),
]
