from django.urls import path

from . import views

app_name = "signals"
urlpatterns = [
    path("", views.signal_list, name="list"),
    path("nieuw/", views.signal_create, name="create"),
    path("medewerkers/", views.employee_options, name="employee_options"),
    path("personen/", views.people, name="people"),
    path("mijn/", views.my_signals, name="mine"),
    path("<int:pk>/", views.signal_detail, name="detail"),
    path("<int:pk>/bijlage/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/bijlage/<int:attachment_pk>/", views.attachment_download, name="attachment"),
]
