from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("invoer-wissen/", views.discard_input, name="discard_input"),
]
