from django.urls import path

from . import views

app_name = "confidential"
urlpatterns = [path("", views.index, name="index")]
