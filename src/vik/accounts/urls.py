"""Single sign-on with the force's identity provider (404 while it is not configured)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.SingleSignOnStartView.as_view(), name="sso_start"),
    path("terug/", views.SingleSignOnCallbackView.as_view(), name="sso_callback"),
]
