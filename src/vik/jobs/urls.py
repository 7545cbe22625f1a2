from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("", views.status, name="status"),
    path("<int:pk>/opnieuw/", views.retry, name="retry"),
    path("dashboard-opbouwen/", views.rebuild_dashboard, name="rebuild_dashboard"),
]
