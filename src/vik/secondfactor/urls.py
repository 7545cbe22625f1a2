from django.urls import path

from . import views

app_name = "secondfactor"

urlpatterns = [
    path("", views.verify, name="verify"),
    path("instellen/", views.enrol, name="enrol"),
]
