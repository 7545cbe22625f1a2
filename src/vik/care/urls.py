"""Care's acts keep the address of the case page's acts (/onderzoeken/<id>/actie/<act>/): this
module is included under the same prefix as investigations, before it."""

from django.urls import re_path

from . import views

app_name = "care"
urlpatterns = [
    re_path(r"^(?P<pk>[0-9]+)/actie/(?P<action>" + "|".join(views.ACTIONS) + r")/$",
            views.case_action, name="action"),
]
