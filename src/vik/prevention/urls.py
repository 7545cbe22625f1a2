from django.urls import path

from . import views

app_name = "prevention"
urlpatterns = [path("", views.index, name="index")]
